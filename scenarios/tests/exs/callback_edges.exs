# name: CallbackEdges
# description: a value thrown from terminate/2 is its return (the server exits with its stop reason); an init with a bad return answers {:error, {:bad_return_value, ret}}; a module attribute holding a map, used as a pattern, matches any map with its keys

defmodule Edge do
  use GenServer
  @empty %{}
  @ready %{status: :ready}

  def init(:oops), do: :oops
  def init(x), do: {:ok, x}

  def handle_call(@ready, _from, s), do: {:reply, :ready, s}
  def handle_call(@empty, _from, s), do: {:reply, :some_map, s}
  def handle_call(_, _from, s), do: {:reply, :other, s}
  def handle_cast(:stop, s), do: {:stop, :bye, s}
  def terminate(_reason, _s), do: throw(:from_terminate)
end

Process.flag(:trap_exit, true)
IO.inspect(GenServer.start_link(Edge, :oops), label: "bad return")
{:ok, e} = GenServer.start(Edge, 1)
IO.inspect(GenServer.call(e, %{status: :ready, at: 1}), label: "ready")
IO.inspect(GenServer.call(e, %{any: :map}), label: "map")
IO.inspect(GenServer.call(e, :atom), label: "atom")
ref = Process.monitor(e)
GenServer.cast(e, :stop)

receive do
  {:DOWN, ^ref, _, _, reason} -> IO.inspect(reason, label: "down")
end
