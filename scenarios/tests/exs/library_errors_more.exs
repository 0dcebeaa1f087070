# name: LibraryErrorsMore
# description: more of what rescue binds and inspect takes: slice/2 fails at arity 2, a bad :limit is harmless for a charlist or an empty set, options with string keys are ignored, an unknown :charlists means as lists, String.duplicate with a count that is no integer, an exception module exists, List.delete_at fails in do_pop_at/4; a tab in a line of output

defmodule R do
  def r(label, f) do
    try do
      IO.puts(label <> ": " <> f.())
    rescue
      e ->
        IO.inspect(e, label: label)
        IO.puts(label <> ": " <> Exception.message(e))
    end
  end
end

R.r("slice", fn -> String.slice(:a, 1..2) end)
R.r("enum slice", fn -> inspect(Enum.slice([1, 2], :a)) end)
R.r("empty set", fn -> inspect(MapSet.new(), limit: :x) end)
R.r("charlist", fn -> inspect('abc', limit: :x) end)
R.r("string key", fn -> inspect(1, [{"limit", 1}]) end)
R.r("bogus", fn -> inspect('ab', charlists: :bogus) end)
R.r("dup", fn -> String.duplicate("a", :a) end)
R.r("KeyError", fn -> apply(KeyError, Enum.random([:nope]), []) end)
R.r("delete_at", fn -> inspect(List.delete_at(:a, 0)) end)
IO.puts("a\tb")

# expect:
#   0ms main rescue %FunctionClauseError{module: String, function: :slice, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log slice: %FunctionClauseError{\n  module: String,\n  function: :slice,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log slice: no function clause matching in String.slice/2
#   0ms main rescue %FunctionClauseError{module: Enum, function: :slice, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log enum slice: %FunctionClauseError{\n  module: Enum,\n  function: :slice,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log enum slice: no function clause matching in Enum.slice/2
#   0ms main log empty set: MapSet.new([])
#   0ms main log charlist: 'abc'
#   0ms main log string key: 1
#   0ms main log bogus: [97, 98]
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 2nd argument: not an integer\n"}
#   0ms main log dup: %ArgumentError{\n  message: "errors were found at the given arguments:\n\n  * 2nd argument: not an integer\n"\n}
#   0ms main log dup: errors were found at the given arguments:\n\n  * 2nd argument: not an integer\n
#   0ms main rescue %UndefinedFunctionError{module: KeyError, function: :nope, arity: 0, reason: nil, message: nil}
#   0ms main log KeyError: %UndefinedFunctionError{\n  module: KeyError,\n  function: :nope,\n  arity: 0,\n  reason: nil,\n  message: nil\n}
#   0ms main log KeyError: function KeyError.nope/0 is undefined or private
#   0ms main rescue %FunctionClauseError{module: List, function: :do_pop_at, arity: 4, kind: nil, args: nil, clauses: nil}
#   0ms main log delete_at: %FunctionClauseError{\n  module: List,\n  function: :do_pop_at,\n  arity: 4,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log delete_at: no function clause matching in List.do_pop_at/4
#   0ms main log a\tb
#   0ms main exit :normal
