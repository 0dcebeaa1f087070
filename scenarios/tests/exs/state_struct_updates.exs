# name: StateStructUpdates
# description: a GenServer keeping a struct as its state, updated with Map.update!/3 and Map.update/4 (a struct is a map: it stays the struct), Map.update! of a missing key (the raw {:badkey, k} as exit reason, a KeyError naming the map when rescued), and Enum.group_by/3 (key and value functions, called on the elements in reverse)

defmodule Stats do
  defstruct hits: 0, misses: 0, by_kind: %{}
end

defmodule Counter do
  use GenServer

  def init(_), do: {:ok, %Stats{}}

  def handle_cast({:hit, kind}, s) do
    s = Map.update!(s, :hits, &(&1 + 1))
    {:noreply, %{s | by_kind: Map.update(s.by_kind, kind, 1, &(&1 + 1))}}
  end

  def handle_cast(:miss, s), do: {:noreply, Map.update(s, :misses, 0, &(&1 + 1))}
  def handle_cast({:bump, field}, s), do: {:noreply, Map.update!(s, field, &(&1 + 1))}
  def handle_call(:get, _from, s), do: {:reply, s, s}
end

Process.flag(:trap_exit, true)
{:ok, c} = GenServer.start_link(Counter, nil)
for k <- [:a, :b, :a], do: GenServer.cast(c, {:hit, k})
GenServer.cast(c, :miss)
IO.inspect(GenServer.call(c, :get), label: "stats")
GenServer.cast(c, {:bump, :nope})

receive do
  {:EXIT, ^c, {reason, _}} -> IO.inspect(reason, label: "server died")
end

try do
  Map.update!(%{a: 1}, :x, &(&1 + 1))
rescue
  e -> IO.puts("rescued: " <> Exception.message(e))
end

events = [{:ok, 1}, {:error, :timeout}, {:ok, 2}, {:error, :closed}]
IO.inspect(Enum.group_by(events, &elem(&1, 0), &elem(&1, 1)), label: "grouped")

order =
  Enum.group_by([1, 2, 3], fn x -> send(self(), {:key, x}); rem(x, 2) end, fn x -> send(self(), {:value, x}); x * 10 end)

IO.inspect(order, label: "with values")
calls = for _ <- 1..6, do: (receive do m -> m end)
IO.inspect(calls, label: "calls")
