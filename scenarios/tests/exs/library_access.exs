# name: LibraryAccess
# description: get_in/2, put_in/3, update_in/3 and the put_in/update_in macros over maps, keyword lists, nil and structs (which do not implement Access), as a GenServer's state is updated; m[:key] through Access.get, and what each raises when misused

defmodule Counter do
  use GenServer
  defstruct users: %{}, total: 0

  def init(_), do: {:ok, %Counter{}}

  def handle_call({:hit, who}, _from, state) do
    state = update_in(state.total, &(&1 + 1))
    state = update_in(state.users[who], fn nil -> 1; n -> n + 1 end)
    {:reply, state.users[who], state}
  end

  def handle_call(:state, _from, state), do: {:reply, state, state}
end

defmodule S do
  defstruct [:a, b: %{}]
  def new, do: %S{}
  def new(a, b), do: %S{a: a, b: b}
end

t = fn label, f -> try do IO.inspect(f.(), label: label) rescue e -> IO.puts("#{label}: #{Exception.message(e)}"); IO.inspect(e, label: label) end end
m = %{a: %{b: 1}, l: [x: 1, y: 2, x: 3]}
t.("get_in", fn -> {get_in(m, [:a, :b]), get_in(m, [:z, :b]), get_in(m, [:l, :x]), get_in(nil, [:a])} end)
t.("get_in empty", fn -> get_in(m, []) end)
t.("get_in list key", fn -> get_in(m, [:l, "x"]) end)
t.("get_in int", fn -> get_in(5, [:a]) end)
t.("get_in struct", fn -> get_in(S.new(), [:a]) end)
t.("put_in", fn -> put_in(m, [:a, :b], 2) end)
t.("put_in new", fn -> put_in(m, [:a, :c], 3) end)
t.("put_in kw", fn -> put_in(m, [:l, :x], 9) end)
t.("put_in kw new", fn -> put_in(m, [:l, :z], 9) end)
t.("put_in nil", fn -> put_in(m, [:z, :b], 1) end)
t.("put_in struct", fn -> put_in(S.new(), [:a], 1) end)
t.("put_in empty", fn -> put_in(m, [], 1) end)
t.("put_in int", fn -> put_in(5, [:a], 1) end)
t.("put_in kw str key", fn -> put_in([a: 1], ["a"], 1) end)
t.("update_in", fn -> update_in(m, [:a, :b], &(&1 + 1)) end)
t.("update_in missing", fn -> update_in(m, [:a, :c], fn x -> {x} end) end)
t.("update_in notfun", fn -> update_in(m, [:a, :b], 5) end)
s = S.new(1, %{c: 2})
t.("macro put dot", fn -> put_in(s.b.c, 5) end)
t.("macro put dot missing", fn -> put_in(s.b.d, 5) end)
t.("macro update dot", fn -> update_in(s.a, &(&1 * 10)) end)
t.("macro put mixed", fn -> put_in(s.b[:d], 7) end)
t.("macro update access", fn -> update_in(m[:a][:b], &(&1 - 1)) end)
t.("macro put access nil", fn -> put_in(m[:z][:b], 1) end)
t.("macro put dot on nil", fn -> put_in(m.z.b, 1) end)
t.("macro put struct access", fn -> put_in(s[:a], 1) end)
{:ok, pid} = GenServer.start_link(Counter, nil)
for who <- [:ann, :bob, :ann], do: GenServer.call(pid, {:hit, who})
IO.inspect(GenServer.call(pid, :state), label: "state")

# expect:
#   0ms main log get_in: {1, nil, 1, nil}
#   0ms main rescue %FunctionClauseError{module: Kernel, function: :get_in, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log get_in empty: no function clause matching in Kernel.get_in/2
#   0ms main log get_in empty: %FunctionClauseError{\n  module: Kernel,\n  function: :get_in,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %ArgumentError{message: "the Access calls for keywords expect the key to be an atom, got: \"x\""}
#   0ms main log get_in list key: the Access calls for keywords expect the key to be an atom, got: "x"
#   0ms main log get_in list key: %ArgumentError{\n  message: "the Access calls for keywords expect the key to be an atom, got: \"x\""\n}
#   0ms main rescue %FunctionClauseError{module: Access, function: :get, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log get_in int: no function clause matching in Access.get/3
#   0ms main log get_in int: %FunctionClauseError{\n  module: Access,\n  function: :get,\n  arity: 3,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %UndefinedFunctionError{module: S, function: :fetch, arity: 2, reason: "S does not implement the Access behaviour. If you are using get_in/put_in/update_in, you can specify the field to be accessed using Access.key!/1", message: nil}
#   0ms main log get_in struct: function S.fetch/2 is undefined (S does not implement the Access behaviour. If you are using get_in/put_in/update_in, you can specify the field to be accessed using Access.key!/1)
#   0ms main log get_in struct: %UndefinedFunctionError{\n  module: S,\n  function: :fetch,\n  arity: 2,\n  reason: "S does not implement the Access behaviour. If you are using get_in/put_in/update_in, you can specify the field to be accessed using Access.key!/1",\n  message: nil\n}
#   0ms main log put_in: %{a: %{b: 2}, l: [x: 1, y: 2, x: 3]}
#   0ms main log put_in new: %{a: %{b: 1, c: 3}, l: [x: 1, y: 2, x: 3]}
#   0ms main log put_in kw: %{a: %{b: 1}, l: [x: 9, y: 2, x: 3]}
#   0ms main log put_in kw new: %{a: %{b: 1}, l: [z: 9, x: 1, y: 2, x: 3]}
#   0ms main rescue %ArgumentError{message: "could not put/update key :b on a nil value"}
#   0ms main log put_in nil: could not put/update key :b on a nil value
#   0ms main log put_in nil: %ArgumentError{message: "could not put/update key :b on a nil value"}
#   0ms main rescue %UndefinedFunctionError{module: S, function: :get_and_update, arity: 3, reason: "S does not implement the Access behaviour. If you are using get_in/put_in/update_in, you can specify the field to be accessed using Access.key!/1", message: nil}
#   0ms main log put_in struct: function S.get_and_update/3 is undefined (S does not implement the Access behaviour. If you are using get_in/put_in/update_in, you can specify the field to be accessed using Access.key!/1)
#   0ms main log put_in struct: %UndefinedFunctionError{\n  module: S,\n  function: :get_and_update,\n  arity: 3,\n  reason: "S does not implement the Access behaviour. If you are using get_in/put_in/update_in, you can specify the field to be accessed using Access.key!/1",\n  message: nil\n}
#   0ms main rescue %FunctionClauseError{module: Kernel, function: :put_in, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log put_in empty: no function clause matching in Kernel.put_in/3
#   0ms main log put_in empty: %FunctionClauseError{\n  module: Kernel,\n  function: :put_in,\n  arity: 3,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: Access, function: :get_and_update, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log put_in int: no function clause matching in Access.get_and_update/3
#   0ms main log put_in int: %FunctionClauseError{\n  module: Access,\n  function: :get_and_update,\n  arity: 3,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: Keyword, function: :get_and_update, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log put_in kw str key: no function clause matching in Keyword.get_and_update/3
#   0ms main log put_in kw str key: %FunctionClauseError{\n  module: Keyword,\n  function: :get_and_update,\n  arity: 3,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log update_in: %{a: %{b: 2}, l: [x: 1, y: 2, x: 3]}
#   0ms main log update_in missing: %{a: %{b: 1, c: {nil}}, l: [x: 1, y: 2, x: 3]}
#   0ms main rescue %FunctionClauseError{module: Kernel, function: :update_in, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log update_in notfun: no function clause matching in Kernel.update_in/3
#   0ms main log update_in notfun: %FunctionClauseError{\n  module: Kernel,\n  function: :update_in,\n  arity: 3,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log macro put dot: %S{a: 1, b: %{c: 5}}
#   0ms main rescue %KeyError{key: :d, term: %{c: 2}, message: nil}
#   0ms main log macro put dot missing: key :d not found in: %{c: 2}
#   0ms main log macro put dot missing: %KeyError{key: :d, term: %{c: 2}, message: nil}
#   0ms main log macro update dot: %S{a: 10, b: %{c: 2}}
#   0ms main log macro put mixed: %S{a: 1, b: %{c: 2, d: 7}}
#   0ms main log macro update access: %{a: %{b: 0}, l: [x: 1, y: 2, x: 3]}
#   0ms main rescue %ArgumentError{message: "could not put/update key :b on a nil value"}
#   0ms main log macro put access nil: could not put/update key :b on a nil value
#   0ms main log macro put access nil: %ArgumentError{message: "could not put/update key :b on a nil value"}
#   0ms main rescue %KeyError{key: :z, term: %{a: %{b: 1}, l: [x: 1, y: 2, x: 3]}, message: nil}
#   0ms main log macro put dot on nil: key :z not found in: %{a: %{b: 1}, l: [x: 1, y: 2, x: 3]}
#   0ms main log macro put dot on nil: %KeyError{key: :z, term: %{a: %{b: 1}, l: [x: 1, y: 2, x: 3]}, message: nil}
#   0ms main rescue %UndefinedFunctionError{module: S, function: :get_and_update, arity: 3, reason: "S does not implement the Access behaviour. If you are using get_in/put_in/update_in, you can specify the field to be accessed using Access.key!/1", message: nil}
#   0ms main log macro put struct access: function S.get_and_update/3 is undefined (S does not implement the Access behaviour. If you are using get_in/put_in/update_in, you can specify the field to be accessed using Access.key!/1)
#   0ms main log macro put struct access: %UndefinedFunctionError{\n  module: S,\n  function: :get_and_update,\n  arity: 3,\n  reason: "S does not implement the Access behaviour. If you are using get_in/put_in/update_in, you can specify the field to be accessed using Access.key!/1",\n  message: nil\n}
#   0ms main log state: %Counter{users: %{ann: 2, bob: 1}, total: 3}
#   0ms main exit :normal
#   0ms main.pid cut off (the script ended)
