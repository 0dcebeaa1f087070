# name: LibraryCharlistsKeysStructs
# description: to_charlist/1 of each kind of term, Map.from_struct/1 of a struct value and of a module, and List.keystore/4, List.keydelete/3 and List.keymember?/3 as a registry of workers kept as tuples uses them, with what each raises when misused

defmodule Job do
  defstruct [:id, state: :queued]
end

defmodule Registry2 do
  use GenServer

  def init(_), do: {:ok, []}

  def handle_call({:put, id, pid}, _from, list) do
    {:reply, :ok, List.keystore(list, id, 0, {id, pid})}
  end

  def handle_call({:drop, id}, _from, list) do
    {:reply, List.keymember?(list, id, 0), List.keydelete(list, id, 0)}
  end

  def handle_call(:list, _from, list), do: {:reply, list, list}
end

defmodule Jobs do
  def describe(%Job{} = job), do: Map.from_struct(job)
  def defaults, do: Map.from_struct(Job)
  def fresh, do: %Job{id: 7}
end

{:ok, reg} = GenServer.start_link(Registry2, nil)
:ok = GenServer.call(reg, {:put, :a, 1})
:ok = GenServer.call(reg, {:put, :b, 2})
:ok = GenServer.call(reg, {:put, :a, 3})
IO.inspect(GenServer.call(reg, :list))
IO.inspect(GenServer.call(reg, {:drop, :a}))
IO.inspect(GenServer.call(reg, {:drop, :zz}))
IO.inspect(GenServer.call(reg, :list))

IO.inspect(Jobs.describe(Jobs.fresh()))
IO.inspect(Jobs.defaults())
IO.inspect(Map.from_struct(1..3))
IO.inspect({to_charlist("héllo"), to_charlist(:abc), to_charlist(nil), to_charlist(-12)})
IO.inspect({to_charlist(1.5), to_charlist(1.0e20), to_charlist('abc'), to_charlist(["a", 'b', ?c])})
IO.inspect(List.keystore([{1, :x}, 5], :x, 1, {2, :x}))
IO.inspect(List.keystore([5], :b, 0, {:b, 1}))
IO.inspect(List.keydelete([5, {:a, 1}, {:a, 2}], :a, 0))
IO.inspect({List.keymember?([a: 1], 1, 1), List.keymember?([a: 1], 1, 2)})

for f <- [
      fn -> to_charlist(%{}) end,
      fn -> to_charlist({1}) end,
      fn -> Map.from_struct(%{a: 1}) end,
      fn -> Map.from_struct(5) end,
      fn -> List.keystore([a: 1], :b, -1, {:b, 2}) end,
      fn -> List.keystore([a: 1], :b, 0, :notuple) end,
      fn -> List.keystore([a: 1], :b, 0.5, {:b, 2}) end,
      fn -> List.keystore(5, :b, 0, {:b, 1}) end,
      fn -> List.keydelete([a: 1], :a, -1) end,
      fn -> List.keydelete(5, :a, 0) end,
      fn -> List.keymember?(5, :a, 0) end,
      fn -> List.keymember?([a: 1], :a, -1) end
    ] do
  try do
    IO.puts("ok: #{inspect(f.())}")
  rescue
    e -> IO.puts("#{inspect(e.__struct__)}: #{Exception.message(e)}")
  end
end

# expect:
#   0ms main log [a: 3, b: 2]
#   0ms main log true
#   0ms main log false
#   0ms main log [b: 2]
#   0ms main log %{id: 7, state: :queued}
#   0ms main log %{id: nil, state: :queued}
#   0ms main log %{first: 1, last: 3, step: 1}
#   0ms main log {[104, 233, 108, 108, 111], 'abc', [], '-12'}
#   0ms main log {'1.5', '1.0e20', 'abc', ["a", 'b', 99]}
#   0ms main log [{2, :x}, 5]
#   0ms main log [5, {:b, 1}]
#   0ms main log [5, {:a, 2}]
#   0ms main log {true, false}
#   0ms main rescue %Protocol.UndefinedError{protocol: List.Chars, value: %{}, description: ""}
#   0ms main log Protocol.UndefinedError: protocol List.Chars not implemented for %{} of type Map
#   0ms main rescue %Protocol.UndefinedError{protocol: List.Chars, value: {1}, description: ""}
#   0ms main log Protocol.UndefinedError: protocol List.Chars not implemented for {1} of type Tuple
#   0ms main rescue %FunctionClauseError{module: Map, function: :from_struct, arity: 1, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in Map.from_struct/1
#   0ms main rescue %FunctionClauseError{module: Map, function: :from_struct, arity: 1, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in Map.from_struct/1
#   0ms main rescue %FunctionClauseError{module: :lists, function: :keystore, arity: 4, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in :lists.keystore/4
#   0ms main rescue %FunctionClauseError{module: :lists, function: :keystore, arity: 4, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in :lists.keystore/4
#   0ms main rescue %FunctionClauseError{module: List, function: :keystore, arity: 4, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in List.keystore/4
#   0ms main rescue %FunctionClauseError{module: :lists, function: :keystore2, arity: 4, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in :lists.keystore2/4
#   0ms main rescue %FunctionClauseError{module: :lists, function: :keydelete, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in :lists.keydelete/3
#   0ms main rescue %FunctionClauseError{module: :lists, function: :keydelete3, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in :lists.keydelete3/3
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 3rd argument: not a list\n"}
#   0ms main log ArgumentError: errors were found at the given arguments:\n\n  * 3rd argument: not a list\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 2nd argument: out of range\n"}
#   0ms main log ArgumentError: errors were found at the given arguments:\n\n  * 2nd argument: out of range\n
#   0ms main exit :normal
#   0ms main.reg cut off (the script ended)
