# name: RangeLaziness
# description: Enum functions that stop early walk a range one element at a time, never listing it: find_value, find and reduce_while over ten billion elements, as on the VM

IO.inspect(Enum.find_value(1..10_000_000_000, fn x -> x > 5 && x end), label: "find_value")
IO.inspect(Enum.find(1..2_000_000, &(&1 > 3)), label: "find")
IO.inspect(Enum.reduce_while(1..10_000_000_000, 0, fn x, acc -> if x > 3, do: {:halt, acc}, else: {:cont, acc + x} end), label: "reduce_while")
IO.inspect(Enum.any?(1..10_000_000_000, &(&1 == 7)), label: "any")
IO.inspect(Enum.map(5..1, &(&1 * 2)), label: "down")
IO.inspect(Enum.each(1..3, &IO.puts/1), label: "each")

# expect:
#   0ms main log find_value: 6
#   0ms main log find: 4
#   0ms main log reduce_while: 6
#   0ms main log any: true
#   0ms main log down: [10, 8, 6, 4, 2]
#   0ms main log 1
#   0ms main log 2
#   0ms main log 3
#   0ms main log each: :ok
#   0ms main exit :normal
