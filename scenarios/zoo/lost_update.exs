# name: ZooLostUpdate
# description: two tasks increment a counter by get-then-set through a GenServer: an update can be lost
#
# Each call is atomic, the pair is not: when both tasks read before either writes, one
# increment overwrites the other.

defmodule Counter do
  use GenServer

  def start_link(n), do: GenServer.start_link(__MODULE__, n)

  @impl true
  def init(n), do: {:ok, n}

  @impl true
  def handle_call(:get, _from, n), do: {:reply, n, n}
  def handle_call({:set, v}, _from, _n), do: {:reply, :ok, v}
end

{:ok, c} = Counter.start_link(0)

bump = fn ->
  v = GenServer.call(c, :get)
  GenServer.call(c, {:set, v + 1})
end

a = Task.async(bump)
b = Task.async(bump)
Task.await(a)
Task.await(b)
IO.puts("count #{GenServer.call(c, :get)}")

# expect:
#   0ms main log count 2
#   0ms main exit :normal
#   0ms main.a exit :normal
#   0ms main.b exit :normal
#   0ms main.c cut off (the script ended)
