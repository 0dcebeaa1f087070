# name: LargeMaps
# description: maps of more than 32 keys (a tree in the simulator, a hash map on the VM) behave as maps: lookups, puts over and beside keys, updates, deletes, merges either way round, matching, equality whatever the order they were built in, maps as keys and in messages; the order a large map walks in is large_map_order.exs's subject

defmodule Big do
  def build(range), do: Enum.reduce(range, %{}, fn i, m -> Map.put(m, i, i * i) end)

  def summary(m) do
    {map_size(m), Enum.sum(Map.values(m)), Enum.sort(Map.keys(m)) |> Enum.take(3)}
  end
end

m = Big.build(1..100)
IO.inspect(Big.summary(m), label: "built")
IO.inspect({Map.get(m, 50), Map.fetch(m, 101), Map.has_key?(m, 99), m[7]}, label: "lookups")

%{50 => fifty, 99 => ninety_nine} = m
IO.inspect({fifty, ninety_nine}, label: "matched")

m2 = %{m | 7 => :seven}
IO.inspect({m2[7], m[7], map_size(m2)}, label: "updated one key")

try do
  %{m | 1000 => 1}
rescue
  e in KeyError -> IO.inspect(e.key, label: "update of a missing key")
end

IO.inspect(Big.summary(Map.delete(m, 1)), label: "deleted 1")
IO.inspect(Big.summary(Map.delete(m, :absent)), label: "deleted nothing")
IO.inspect(Big.summary(Map.update(m, 2, 0, &(&1 + 1000))), label: "update")
IO.inspect(Big.summary(Map.update(m, 500, 0, &(&1 + 1000))), label: "update with default")

IO.inspect(Map.update!(m, 3, &(&1 * 2))[3], label: "update!")

small = %{1 => :one, 1000 => :thousand}
IO.inspect({Map.merge(m, small)[1], Map.merge(small, m)[1], map_size(Map.merge(m, small))},
  label: "merges: the right side wins"
)

# Equal however built: the same keys put in another order, and a map shrunk to a few keys.
backwards = Big.build(Enum.reverse(1..100))
IO.inspect(m == backwards, label: "built backwards, equal")
shrunk = Enum.reduce(4..100, m, fn i, acc -> Map.delete(acc, i) end)
IO.inspect({shrunk == %{1 => 1, 2 => 4, 3 => 9}, shrunk}, label: "shrunk to three keys")
IO.inspect({m < Map.put(m, 0, 0), Map.put(m, 1, 2) > m}, label: "compared")

IO.inspect(Enum.member?(m, {5, 25}), label: "member")
IO.inspect(Enum.count(m), label: "count")
IO.inspect(Enum.sort(Enum.filter(m, fn {k, _} -> k > 97 end)), label: "filtered and sorted")

# Other kinds of keys, and a large map as a key.
mixed = Enum.reduce(1..40, %{}, fn i, acc -> Map.put(acc, {:k, i}, "v#{i}") end)
mixed = Map.put(mixed, "text", 1) |> Map.put(:atom, 2) |> Map.put(m, :a_map_key)
IO.inspect({mixed[{:k, 33}], mixed["text"], mixed[:atom], mixed[backwards]}, label: "mixed keys")

# Sent to another process and back.
me = self()
pid = spawn(fn ->
  receive do
    big -> send(me, {:back, Map.put(big, :seen, true)})
  end
end)
send(pid, m)
receive do
  {:back, got} -> IO.inspect({map_size(got), got[:seen], Map.delete(got, :seen) == m}, label: "round trip")
end
