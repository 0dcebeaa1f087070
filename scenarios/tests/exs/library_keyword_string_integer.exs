# name: LibraryKeywordStringInteger
# description: Keyword.get_values/2, Keyword.pop/2,3, Map.replace!/3, Tuple.append/2, Enum.intersperse/2, String.split_at/2, String.capitalize/1, Integer.digits/1,2, Integer.mod/2 and Integer.floor_div/2, as a config server uses them, with what each raises when misused

defmodule Settings do
  use GenServer

  def init(opts), do: {:ok, %{opts: opts, seen: 0}}

  def handle_call({:take, key}, _from, state) do
    {value, rest} = Keyword.pop(state.opts, key, :none)
    state = Map.replace!(state, :opts, rest)
    {:reply, value, Map.replace!(state, :seen, state.seen + 1)}
  end

  def handle_call({:all, key}, _from, state) do
    {:reply, Keyword.get_values(state.opts, key), state}
  end

  def handle_call(:state, _from, state), do: {:reply, state, state}
end

{:ok, pid} = GenServer.start_link(Settings, host: "a", port: 1, host: "b")
IO.inspect(GenServer.call(pid, {:all, :host}))
IO.inspect(GenServer.call(pid, {:take, :host}))
IO.inspect(GenServer.call(pid, {:take, :host}))
IO.inspect(GenServer.call(pid, :state))

IO.inspect(Keyword.pop([a: 1], :b))
IO.inspect(Tuple.append({:ok, 1}, 2))
IO.inspect(Enum.intersperse([1, 2, 3], :sep))
IO.inspect(Enum.intersperse(1..3, 0))
IO.inspect(Enum.intersperse([], 0))
IO.inspect(Enum.intersperse(%{a: 1}, 0))
IO.inspect(String.split_at("héllo", 2))
IO.inspect(String.split_at("hello", -2))
IO.inspect({String.split_at("hi", 9), String.split_at("hi", -9)})
IO.inspect(String.capitalize("hELLO wORLD"))
IO.inspect(String.capitalize("élan ÉLAN"))
IO.inspect(Enum.map(["ßa", "ǆx", "ﬁx", "ᾳ", "აბ", "ΣΑΣ", ""], &String.capitalize/1))
IO.inspect({Integer.digits(1230), Integer.digits(-123), Integer.digits(0)})
IO.inspect(Integer.digits(255, 16))
IO.inspect(Enum.map([{-7, 3}, {7, -3}, {6, 3}, {7, 3}], fn {a, b} -> Integer.mod(a, b) end))
IO.inspect(Enum.map([{-7, 2}, {7, -2}, {6, 3}, {7, 2}], fn {a, b} -> Integer.floor_div(a, b) end))

for f <- [
      fn -> Keyword.get_values(5, :a) end,
      fn -> Keyword.get_values([a: 1], "a") end,
      fn -> Keyword.get_values([{:a, 1}, 5], :a) end,
      fn -> Keyword.pop(5, :a) end,
      fn -> Keyword.pop([{:a, 1}, 5], :a) end,
      fn -> Keyword.pop([{:b, 1}, 5], :a) end,
      fn -> Map.replace!(%{a: 1}, :b, 2) end,
      fn -> Map.replace!(5, :b, 2) end,
      fn -> Tuple.append([1], 2) end,
      fn -> Enum.intersperse(5, 0) end,
      fn -> String.split_at("hello", 1.5) end,
      fn -> String.capitalize(5) end,
      fn -> Integer.digits(1.5) end,
      fn -> Integer.digits(10, 1) end,
      fn -> Integer.mod(7, 0) end,
      fn -> Integer.mod(7.0, 2) end,
      fn -> Integer.floor_div(7, 0) end,
      fn -> Integer.floor_div(7, 2.0) end
    ] do
  try do
    IO.puts("ok: #{inspect(f.())}")
  rescue
    e -> IO.puts("#{inspect(e.__struct__)}: #{Exception.message(e)}")
  end
end

# expect:
#   0ms main log ["a", "b"]
#   0ms main log "a"
#   0ms main log :none
#   0ms main log %{opts: [port: 1], seen: 2}
#   0ms main log {nil, [a: 1]}
#   0ms main log {:ok, 1, 2}
#   0ms main log [1, :sep, 2, :sep, 3]
#   0ms main log [1, 0, 2, 0, 3]
#   0ms main log []
#   0ms main log [a: 1]
#   0ms main log {"hé", "llo"}
#   0ms main log {"hel", "lo"}
#   0ms main log {{"hi", ""}, {"", "hi"}}
#   0ms main log "Hello world"
#   0ms main log "Élan élan"
#   0ms main log ["Ssa", "ǅx", "Fix", "ᾼ", "აბ", "Σασ", ""]
#   0ms main log {[1, 2, 3, 0], [-1, -2, -3], [0]}
#   0ms main log [15, 15]
#   0ms main log [2, -2, 0, 1]
#   0ms main log [-4, -4, 2, 3]
#   0ms main rescue %FunctionClauseError{module: Keyword, function: :get_values, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in Keyword.get_values/2
#   0ms main rescue %FunctionClauseError{module: Keyword, function: :get_values, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in Keyword.get_values/2
#   0ms main rescue %FunctionClauseError{module: Keyword, function: :get_values, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in Keyword.get_values/3
#   0ms main rescue %FunctionClauseError{module: Keyword, function: :pop, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in Keyword.pop/3
#   0ms main rescue %FunctionClauseError{module: Keyword, function: :delete_key, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in Keyword.delete_key/2
#   0ms main log ok: {nil, [{:b, 1}, 5]}
#   0ms main rescue %KeyError{key: :b, term: %{a: 1}, message: nil}
#   0ms main log KeyError: key :b not found in: %{a: 1}
#   0ms main rescue %BadMapError{term: 5}
#   0ms main log BadMapError: expected a map, got: 5
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a tuple\n"}
#   0ms main log ArgumentError: errors were found at the given arguments:\n\n  * 1st argument: not a tuple\n
#   0ms main rescue %Protocol.UndefinedError{protocol: Enumerable, value: 5, description: ""}
#   0ms main log Protocol.UndefinedError: protocol Enumerable not implemented for 5 of type Integer
#   0ms main rescue %FunctionClauseError{module: String, function: :split_at, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in String.split_at/2
#   0ms main rescue %FunctionClauseError{module: String, function: :capitalize, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in String.capitalize/2
#   0ms main rescue %FunctionClauseError{module: Integer, function: :digits, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in Integer.digits/2
#   0ms main rescue %FunctionClauseError{module: Integer, function: :digits, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in Integer.digits/2
#   0ms main rescue %ArithmeticError{message: "bad argument in arithmetic expression"}
#   0ms main log ArithmeticError: bad argument in arithmetic expression
#   0ms main rescue %ArithmeticError{message: "bad argument in arithmetic expression"}
#   0ms main log ArithmeticError: bad argument in arithmetic expression
#   0ms main rescue %ArithmeticError{message: "bad argument in arithmetic expression"}
#   0ms main log ArithmeticError: bad argument in arithmetic expression
#   0ms main rescue %ArithmeticError{message: "bad argument in arithmetic expression"}
#   0ms main log ArithmeticError: bad argument in arithmetic expression
#   0ms main exit :normal
#   0ms main.pid cut off (the script ended)
