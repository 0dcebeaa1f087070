# name: LibraryErrors
# description: what rescue binds when a library function fails: FunctionClauseError at the function and arity the clause was defined with (default arguments included, :lists for the delegated ones), ArgumentError with OTP 25's error info for a BIF's :badarg, and UndefinedFunctionError messages for a module that does not exist

defmodule R do
  def r(label, f) do
    try do
      f.()
      IO.puts("#{label}: no error")
    rescue
      e ->
        IO.inspect(e, label: label)
        IO.puts(label <> ": " <> Exception.message(e))
    end
  end
end

R.r("upcase", fn -> String.upcase(:a) end)
R.r("downcase", fn -> String.downcase(1) end)
R.r("length", fn -> String.length(:a) end)
R.r("List.first", fn -> List.first(:a) end)
R.r("List.last", fn -> List.last(:a) end)
R.r("Keyword.get", fn -> Keyword.get(:a, :b) end)
R.r("Keyword.put", fn -> Keyword.put(:a, :b, 1) end)
R.r("Map.get", fn -> Map.get(:a, :b) end)
R.r("Map.put", fn -> Map.put(:a, :b, 1) end)
R.r("Map.keys", fn -> Map.keys(:a) end)
R.r("Integer.to_string", fn -> Integer.to_string(:a) end)
R.r("Atom.to_string", fn -> Atom.to_string("s") end)
R.r("String.to_integer", fn -> String.to_integer("12a") end)
R.r("String.to_integer empty", fn -> String.to_integer("") end)
R.r("String.to_integer atom", fn -> String.to_integer(:a) end)
R.r("String.to_atom", fn -> String.to_atom(1) end)
R.r("hd", fn -> hd([]) end)
R.r("tl", fn -> tl([]) end)
R.r("elem range", fn -> elem({1}, 3) end)
R.r("elem tuple", fn -> elem(:a, 0) end)
R.r("tuple_size", fn -> tuple_size(1) end)
R.r("Tuple.to_list", fn -> Tuple.to_list(:a) end)
R.r("List.to_tuple", fn -> List.to_tuple(:a) end)
R.r("String.duplicate", fn -> String.duplicate("a", -1) end)
R.r("String.split", fn -> String.split(:a, ",") end)
R.r("String.trim", fn -> String.trim(:a) end)
R.r("String.contains", fn -> String.contains?(:a, "b") end)
R.r("String.starts_with", fn -> String.starts_with?(:a, "b") end)
R.r("Enum.take", fn -> Enum.take([1], :a) end)
R.r("Enum.at", fn -> Enum.at([1], :a) end)
R.r("Enum.join", fn -> Enum.join([1], :a) end)
R.r("List.flatten", fn -> List.flatten(:a) end)
R.r("List.duplicate", fn -> List.duplicate(:a, :b) end)
R.r("List.wrap", fn -> List.delete(:a, 1) end)
R.r("Process.sleep", fn -> Process.sleep(:a) end)
R.r("Task.await", fn -> Task.await(:a) end)
R.r("abs", fn -> abs(:a) end)
R.r("div", fn -> div(1, 0) end)
R.r("rem", fn -> rem(:a, 2) end)
R.r("max", fn -> Enum.max([]) end)
R.r("Map.fetch!", fn -> Map.fetch!(:a, :b) end)
R.r("Keyword.fetch!", fn -> Keyword.fetch!([a: 1], :b) end)
R.r("String.pad", fn -> String.pad_leading(:a, 3) end)
R.r("Integer.parse", fn -> Integer.parse(:a) end)
R.r("String.replace", fn -> String.replace(:a, "b", "c") end)
R.r("List.insert_at", fn -> List.insert_at(:a, 0, 1) end)
R.r("apply missing", fn -> apply(Foo, :bar, []) end)
R.r("apply enum", fn -> apply(Enum, :nope, []) end)
R.r("MapSet.put", fn -> MapSet.put(:a, 1) end)
R.r("Enum.sum", fn -> Enum.sum([:a]) end)
R.r("Map.update!", fn -> Map.update!(%{}, :a, & &1) end)
R.r("to_string", fn -> to_string({1}) end)

# expect:
#   0ms main rescue %FunctionClauseError{module: String, function: :upcase, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log upcase: %FunctionClauseError{\n  module: String,\n  function: :upcase,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log upcase: no function clause matching in String.upcase/2
#   0ms main rescue %FunctionClauseError{module: String, function: :downcase, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log downcase: %FunctionClauseError{\n  module: String,\n  function: :downcase,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log downcase: no function clause matching in String.downcase/2
#   0ms main rescue %FunctionClauseError{module: String, function: :length, arity: 1, kind: nil, args: nil, clauses: nil}
#   0ms main log length: %FunctionClauseError{\n  module: String,\n  function: :length,\n  arity: 1,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log length: no function clause matching in String.length/1
#   0ms main rescue %FunctionClauseError{module: List, function: :first, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log List.first: %FunctionClauseError{\n  module: List,\n  function: :first,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log List.first: no function clause matching in List.first/2
#   0ms main rescue %CaseClauseError{term: {:a, nil}}
#   0ms main log List.last: %CaseClauseError{term: {:a, nil}}
#   0ms main log List.last: no case clause matching: {:a, nil}
#   0ms main rescue %FunctionClauseError{module: Keyword, function: :get, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log Keyword.get: %FunctionClauseError{\n  module: Keyword,\n  function: :get,\n  arity: 3,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log Keyword.get: no function clause matching in Keyword.get/3
#   0ms main rescue %FunctionClauseError{module: Keyword, function: :put, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log Keyword.put: %FunctionClauseError{\n  module: Keyword,\n  function: :put,\n  arity: 3,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log Keyword.put: no function clause matching in Keyword.put/3
#   0ms main rescue %BadMapError{term: :a}
#   0ms main log Map.get: %BadMapError{term: :a}
#   0ms main log Map.get: expected a map, got: :a
#   0ms main rescue %BadMapError{term: :a}
#   0ms main log Map.put: %BadMapError{term: :a}
#   0ms main log Map.put: expected a map, got: :a
#   0ms main rescue %BadMapError{term: :a}
#   0ms main log Map.keys: %BadMapError{term: :a}
#   0ms main log Map.keys: expected a map, got: :a
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not an integer\n"}
#   0ms main log Integer.to_string: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 1st argument: not an integer\n"\n}
#   0ms main log Integer.to_string: errors were found at the given arguments:\n\n  * 1st argument: not an integer\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not an atom\n"}
#   0ms main log Atom.to_string: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 1st argument: not an atom\n"\n}
#   0ms main log Atom.to_string: errors were found at the given arguments:\n\n  * 1st argument: not an atom\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of an integer\n"}
#   0ms main log String.to_integer: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of an integer\n"\n}
#   0ms main log String.to_integer: errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of an integer\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of an integer\n"}
#   0ms main log String.to_integer empty: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of an integer\n"\n}
#   0ms main log String.to_integer empty: errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of an integer\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a binary\n"}
#   0ms main log String.to_integer atom: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 1st argument: not a binary\n"\n}
#   0ms main log String.to_integer atom: errors were found at the given arguments:\n\n  * 1st argument: not a binary\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a binary\n"}
#   0ms main log String.to_atom: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 1st argument: not a binary\n"\n}
#   0ms main log String.to_atom: errors were found at the given arguments:\n\n  * 1st argument: not a binary\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a nonempty list\n"}
#   0ms main log hd: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 1st argument: not a nonempty list\n"\n}
#   0ms main log hd: errors were found at the given arguments:\n\n  * 1st argument: not a nonempty list\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a nonempty list\n"}
#   0ms main log tl: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 1st argument: not a nonempty list\n"\n}
#   0ms main log tl: errors were found at the given arguments:\n\n  * 1st argument: not a nonempty list\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: out of range\n"}
#   0ms main log elem range: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 1st argument: out of range\n"\n}
#   0ms main log elem range: errors were found at the given arguments:\n\n  * 1st argument: out of range\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 2nd argument: not a tuple\n"}
#   0ms main log elem tuple: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 2nd argument: not a tuple\n"\n}
#   0ms main log elem tuple: errors were found at the given arguments:\n\n  * 2nd argument: not a tuple\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a tuple\n"}
#   0ms main log tuple_size: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 1st argument: not a tuple\n"\n}
#   0ms main log tuple_size: errors were found at the given arguments:\n\n  * 1st argument: not a tuple\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a tuple\n"}
#   0ms main log Tuple.to_list: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 1st argument: not a tuple\n"\n}
#   0ms main log Tuple.to_list: errors were found at the given arguments:\n\n  * 1st argument: not a tuple\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a list\n"}
#   0ms main log List.to_tuple: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 1st argument: not a list\n"\n}
#   0ms main log List.to_tuple: errors were found at the given arguments:\n\n  * 1st argument: not a list\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 2nd argument: out of range\n"}
#   0ms main log String.duplicate: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 2nd argument: out of range\n"\n}
#   0ms main log String.duplicate: errors were found at the given arguments:\n\n  * 2nd argument: out of range\n
#   0ms main rescue %FunctionClauseError{module: String, function: :split, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log String.split: %FunctionClauseError{\n  module: String,\n  function: :split,\n  arity: 3,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log String.split: no function clause matching in String.split/3
#   0ms main rescue %FunctionClauseError{module: String, function: :trim, arity: 1, kind: nil, args: nil, clauses: nil}
#   0ms main log String.trim: %FunctionClauseError{\n  module: String,\n  function: :trim,\n  arity: 1,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log String.trim: no function clause matching in String.trim/1
#   0ms main rescue %FunctionClauseError{module: String, function: :contains?, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log String.contains: %FunctionClauseError{\n  module: String,\n  function: :contains?,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log String.contains: no function clause matching in String.contains?/2
#   0ms main rescue %FunctionClauseError{module: String, function: :starts_with?, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log String.starts_with: %FunctionClauseError{\n  module: String,\n  function: :starts_with?,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log String.starts_with: no function clause matching in String.starts_with?/2
#   0ms main rescue %FunctionClauseError{module: Enum, function: :take, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log Enum.take: %FunctionClauseError{\n  module: Enum,\n  function: :take,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log Enum.take: no function clause matching in Enum.take/2
#   0ms main rescue %FunctionClauseError{module: Enum, function: :at, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log Enum.at: %FunctionClauseError{\n  module: Enum,\n  function: :at,\n  arity: 3,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log Enum.at: no function clause matching in Enum.at/3
#   0ms main rescue %FunctionClauseError{module: Enum, function: :join, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log Enum.join: %FunctionClauseError{\n  module: Enum,\n  function: :join,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log Enum.join: no function clause matching in Enum.join/2
#   0ms main rescue %FunctionClauseError{module: :lists, function: :flatten, arity: 1, kind: nil, args: nil, clauses: nil}
#   0ms main log List.flatten: %FunctionClauseError{\n  module: :lists,\n  function: :flatten,\n  arity: 1,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log List.flatten: no function clause matching in :lists.flatten/1
#   0ms main rescue %FunctionClauseError{module: :lists, function: :duplicate, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log List.duplicate: %FunctionClauseError{\n  module: :lists,\n  function: :duplicate,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log List.duplicate: no function clause matching in :lists.duplicate/2
#   0ms main rescue %FunctionClauseError{module: List, function: :delete, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log List.wrap: %FunctionClauseError{\n  module: List,\n  function: :delete,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log List.wrap: no function clause matching in List.delete/2
#   0ms main rescue %FunctionClauseError{module: Process, function: :sleep, arity: 1, kind: nil, args: nil, clauses: nil}
#   0ms main log Process.sleep: %FunctionClauseError{\n  module: Process,\n  function: :sleep,\n  arity: 1,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log Process.sleep: no function clause matching in Process.sleep/1
#   0ms main rescue %FunctionClauseError{module: Task, function: :await, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log Task.await: %FunctionClauseError{\n  module: Task,\n  function: :await,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log Task.await: no function clause matching in Task.await/2
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a number\n"}
#   0ms main log abs: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 1st argument: not a number\n"\n}
#   0ms main log abs: errors were found at the given arguments:\n\n  * 1st argument: not a number\n
#   0ms main rescue %ArithmeticError{message: "bad argument in arithmetic expression"}
#   0ms main log div: %ArithmeticError{message: "bad argument in arithmetic expression"}
#   0ms main log div: bad argument in arithmetic expression
#   0ms main rescue %ArithmeticError{message: "bad argument in arithmetic expression"}
#   0ms main log rem: %ArithmeticError{message: "bad argument in arithmetic expression"}
#   0ms main log rem: bad argument in arithmetic expression
#   0ms main rescue %Enum.EmptyError{message: "empty error"}
#   0ms main log max: %Enum.EmptyError{message: "empty error"}
#   0ms main log max: empty error
#   0ms main rescue %BadMapError{term: :a}
#   0ms main log Map.fetch!: %BadMapError{term: :a}
#   0ms main log Map.fetch!: expected a map, got: :a
#   0ms main rescue %KeyError{key: :b, term: [a: 1], message: nil}
#   0ms main log Keyword.fetch!: %KeyError{key: :b, term: [a: 1], message: nil}
#   0ms main log Keyword.fetch!: key :b not found in: [a: 1]
#   0ms main rescue %FunctionClauseError{module: String, function: :pad_leading, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log String.pad: %FunctionClauseError{\n  module: String,\n  function: :pad_leading,\n  arity: 3,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log String.pad: no function clause matching in String.pad_leading/3
#   0ms main rescue %FunctionClauseError{module: Integer, function: :parse, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log Integer.parse: %FunctionClauseError{\n  module: Integer,\n  function: :parse,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log Integer.parse: no function clause matching in Integer.parse/2
#   0ms main rescue %FunctionClauseError{module: String, function: :replace, arity: 4, kind: nil, args: nil, clauses: nil}
#   0ms main log String.replace: %FunctionClauseError{\n  module: String,\n  function: :replace,\n  arity: 4,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log String.replace: no function clause matching in String.replace/4
#   0ms main rescue %FunctionClauseError{module: List, function: :insert_at, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log List.insert_at: %FunctionClauseError{\n  module: List,\n  function: :insert_at,\n  arity: 3,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log List.insert_at: no function clause matching in List.insert_at/3
#   0ms main rescue %UndefinedFunctionError{module: Foo, function: :bar, arity: 0, reason: nil, message: nil}
#   0ms main log apply missing: %UndefinedFunctionError{\n  module: Foo,\n  function: :bar,\n  arity: 0,\n  reason: nil,\n  message: nil\n}
#   0ms main log apply missing: function Foo.bar/0 is undefined (module Foo is not available)
#   0ms main rescue %UndefinedFunctionError{module: Enum, function: :nope, arity: 0, reason: nil, message: nil}
#   0ms main log apply enum: %UndefinedFunctionError{\n  module: Enum,\n  function: :nope,\n  arity: 0,\n  reason: nil,\n  message: nil\n}
#   0ms main log apply enum: function Enum.nope/0 is undefined or private
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :put, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log MapSet.put: %FunctionClauseError{\n  module: MapSet,\n  function: :put,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log MapSet.put: no function clause matching in MapSet.put/2
#   0ms main rescue %ArithmeticError{message: "bad argument in arithmetic expression"}
#   0ms main log Enum.sum: %ArithmeticError{message: "bad argument in arithmetic expression"}
#   0ms main log Enum.sum: bad argument in arithmetic expression
#   0ms main rescue %KeyError{key: :a, term: %{}, message: nil}
#   0ms main log Map.update!: %KeyError{key: :a, term: %{}, message: nil}
#   0ms main log Map.update!: key :a not found in: %{}
#   0ms main rescue %Protocol.UndefinedError{protocol: String.Chars, value: {1}, description: ""}
#   0ms main log to_string: %Protocol.UndefinedError{protocol: String.Chars, value: {1}, description: ""}
#   0ms main log to_string: protocol String.Chars not implemented for {1} of type Tuple
#   0ms main exit :normal
