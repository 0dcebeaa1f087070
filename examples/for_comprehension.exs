# name: ForComprehension
# description: `for` comprehensions: generators, filters, pattern-matching generators, several generators, and `into:` a map
#
# The comprehensions build a small shipping schedule; one process per region then
# reports its deliveries, and the script collects the reports.

orders = [{:north, "lamp", 2}, {:south, "desk", 1}, {:north, "chair", 4}, {:east, "rug", 0}]

# A filter: skip empty orders.
for {region, item, qty} <- orders, qty > 0 do
  IO.puts("#{region}: #{qty} x #{item}")
end

# A pattern in the generator: only the :north orders match.
north_items = for {:north, item, _qty} <- orders, do: item
IO.inspect(north_items, label: "north")

# Two generators: every pair.
slots = for day <- [:mon, :tue], van <- [1, 2], do: {day, van}
IO.inspect(slots, label: "slots")

# into: a map of totals per region.
totals = for {region, _item, qty} <- orders, into: %{}, do: {region, qty}
IO.inspect(totals, label: "last quantity per region")

# One reporter process per region; the replies come back in start order.
tasks =
  for region <- [:north, :south, :east] do
    Task.async(fn ->
      count = length(for {^region, _, qty} <- orders, qty > 0, do: qty)
      {region, count}
    end)
  end

IO.inspect(Task.await_many(tasks), label: "deliveries")

# expect:
#   0ms main log north: 2 x lamp
#   0ms main log south: 1 x desk
#   0ms main log north: 4 x chair
#   0ms main log north: ["lamp", "chair"]
#   0ms main log slots: [mon: 1, mon: 2, tue: 1, tue: 2]
#   0ms main log last quantity per region: %{east: 0, north: 4, south: 1}
#   0ms main log deliveries: [north: 2, south: 1, east: 0]
#   0ms main exit :normal
#   0ms main.async exit :normal
#   0ms main.async#2 exit :normal
#   0ms main.async#3 exit :normal
