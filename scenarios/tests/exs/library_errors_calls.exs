# name: LibraryErrorsCalls
# description: FunctionClauseError sites of GenServer.call/3 with a bad timeout, Map.filter/2 and Map.reject/2 given no map or no function, and Task.shutdown/2 with a bad timeout

defmodule Srv do
  use GenServer
  def init(x), do: {:ok, x}
  def handle_call(:get, _, s), do: {:reply, s, s}
end

defmodule R do
  def r(label, f) do
    try do
      f.()
      IO.puts(label <> ": no error")
    rescue
      e ->
        IO.inspect(e, label: label)
        IO.puts(label <> ": " <> Exception.message(e))
    end
  end
end

{:ok, pid} = GenServer.start_link(Srv, 1)
R.r("call timeout", fn -> GenServer.call(pid, :get, :bad) end)
R.r("Map.filter", fn -> Map.filter(1, fn _ -> true end) end)
R.r("Map.reject", fn -> Map.reject(%{a: 1}, :nofun) end)
t = Task.async(fn -> :ok end)
R.r("shutdown", fn -> Task.shutdown(t, :bad) end)
Task.await(t)

# expect:
#   0ms main rescue %FunctionClauseError{module: GenServer, function: :call, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log call timeout: %FunctionClauseError{\n  module: GenServer,\n  function: :call,\n  arity: 3,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log call timeout: no function clause matching in GenServer.call/3
#   0ms main rescue %FunctionClauseError{module: Map, function: :filter, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log Map.filter: %FunctionClauseError{\n  module: Map,\n  function: :filter,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log Map.filter: no function clause matching in Map.filter/2
#   0ms main rescue %FunctionClauseError{module: Map, function: :reject, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log Map.reject: %FunctionClauseError{\n  module: Map,\n  function: :reject,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log Map.reject: no function clause matching in Map.reject/2
#   0ms main rescue %FunctionClauseError{module: Task, function: :shutdown, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log shutdown: %FunctionClauseError{\n  module: Task,\n  function: :shutdown,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log shutdown: no function clause matching in Task.shutdown/2
#   0ms main exit :normal
#   0ms main.pid cut off (the script ended)
#   0ms main.t exit :normal
