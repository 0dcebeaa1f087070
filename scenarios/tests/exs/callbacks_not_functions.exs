# name: CallbacksNotFunctions
# description: Enum functions given a callback that is no function (or of another arity), on empty and non-empty enumerables: 1.14 finds out only where it calls it, except where a guard looks first (the [] clauses of the inlined :lists.map/foreach/foldl, sort_by)

defmodule FF do
  def down(name, f) do
    {pid, ref} = spawn_monitor(f)
    receive do
      {:DOWN, ^ref, :process, ^pid, reason} -> IO.puts("#{name}: #{inspect(reason)}")
    end
  end
end
for {name, f} <- [
      {"map emptymap", fn -> Enum.map(%{}, :x) end},
      {"each emptymap", fn -> Enum.each(%{}, :x) end},
      {"reduce emptymap", fn -> Enum.reduce(%{}, 0, :x) end},
      {"filter emptymap", fn -> Enum.filter(%{}, :x) end},
      {"flat_map", fn -> Enum.flat_map([1], :x) end},
      {"find", fn -> Enum.find([1], :x) end},
      {"reject", fn -> Enum.reject([1], :x) end},
      {"sort_by", fn -> Enum.sort_by([1], :x) end},
      {"map arity2", fn -> Enum.map([1], fn _, _ -> 1 end) end},
      {"map arity2 empty", fn -> Enum.map([], fn _, _ -> 1 end) end},
      {"filter arity2 empty", fn -> Enum.filter([], fn _, _ -> 1 end) end}
    ] do
  FF.down(name, f)
end
for {name, f} <- [
      {"reduce2 one", fn -> Enum.reduce([1], :x) end},
      {"reduce2 two", fn -> Enum.reduce([1, 2], :x) end},
      {"reduce2 empty", fn -> Enum.reduce([], :x) end},
      {"reduce3 arity1", fn -> Enum.reduce([1], 0, fn x -> x end) end},
      {"each arity2 empty", fn -> Enum.each([], fn _, _ -> 1 end) end},
      {"flat_map empty", fn -> Enum.flat_map([], :x) end},
      {"find empty", fn -> Enum.find([], :x) end},
      {"sort_by empty", fn -> Enum.sort_by([], :x) end}
    ] do
  FF.down(name, f)
end

for {name, f} <- [
      {"map", fn -> Enum.map([1], :x) end},
      {"map empty", fn -> Enum.map([], :x) end},
      {"each", fn -> Enum.each([1], :x) end},
      {"each empty", fn -> Enum.each([], :x) end},
      {"filter", fn -> Enum.filter([1], :x) end},
      {"filter empty", fn -> Enum.filter([], :x) end},
      {"find empty", fn -> Enum.find([], :x) end},
      {"reduce empty", fn -> Enum.reduce([], 0, :x) end},
      {"reduce", fn -> Enum.reduce([1], 0, :x) end},
      {"any empty", fn -> Enum.any?([], :x) end},
      {"all empty", fn -> Enum.all?([], :x) end},
      {"count empty", fn -> Enum.count([], :x) end},
      {"flat_map empty", fn -> Enum.flat_map([], :x) end},
      {"reject empty", fn -> Enum.reject([], :x) end},
      {"sort_by empty", fn -> Enum.sort_by([], :x) end},
      {"map map", fn -> Enum.map(%{a: 1}, :x) end},
      {"with_index empty", fn -> Enum.with_index([], fn _, _ -> 1 end) end}
    ] do
  FF.down(name, f)
end

# Enum.into/3 and Map.new/2: into calls its transform as it goes (a list into a list or an
# empty map goes through :lists.map, whose [] clause checks it first); Map.new checks it.
for {name, f} <- [
      {"into set", fn -> Enum.into([5], MapSet.new(), :x) end},
      {"into map", fn -> Enum.into([5], %{}, :x) end},
      {"into list", fn -> Enum.into([5], [], :x) end},
      {"into empty map", fn -> Enum.into([], %{}, :x) end},
      {"into empty list", fn -> Enum.into([], [], :x) end},
      {"into a list of one", fn -> Enum.into([], [1], :x) end},
      {"into range", fn -> Enum.into(1..2, %{}, :x) end},
      {"into arity2", fn -> Enum.into([1], [], fn _, _ -> 1 end) end},
      {"Map.new", fn -> Map.new([1], :x) end},
      {"Map.new empty", fn -> Map.new([], :x) end},
      {"Map.new arity2", fn -> Map.new([1], fn _, _ -> 1 end) end},
      {"Map.new of a map", fn -> Map.new(%{a: 1}, :x) end}
    ] do
  FF.down(name, f)
end
IO.inspect(Enum.into([], MapSet.new([1]), :x), label: "into an empty list of nothing")

# expect:
#   0ms main log map emptymap: :normal
#   0ms main log each emptymap: :normal
#   0ms main log reduce emptymap: :normal
#   0ms main log filter emptymap: :normal
#   0ms main log flat_map: {{:badfun, :x}, []}
#   0ms main log find: {{:badfun, :x}, []}
#   0ms main log reject: {{:badfun, :x}, []}
#   0ms main log sort_by: {:function_clause, []}
#   0ms main log map arity2: {{:badarity, {#Opaque<Function>, [1]}}, []}
#   0ms main log map arity2 empty: {:function_clause, []}
#   0ms main log filter arity2 empty: :normal
#   0ms main log reduce2 one: {:function_clause, []}
#   0ms main log reduce2 two: {{:badfun, :x}, []}
#   0ms main log reduce2 empty: {%Enum.EmptyError{message: "empty error"}, []}
#   0ms main log reduce3 arity1: {{:badarity, {#Opaque<Function>, [1, 0]}}, []}
#   0ms main log each arity2 empty: {:function_clause, []}
#   0ms main log flat_map empty: :normal
#   0ms main log find empty: :normal
#   0ms main log sort_by empty: {:function_clause, []}
#   0ms main log map: {{:badfun, :x}, []}
#   0ms main log map empty: {:function_clause, []}
#   0ms main log each: {{:badfun, :x}, []}
#   0ms main log each empty: {:function_clause, []}
#   0ms main log filter: {{:badfun, :x}, []}
#   0ms main log filter empty: :normal
#   0ms main log find empty: :normal
#   0ms main log reduce empty: {:function_clause, []}
#   0ms main log reduce: {{:badfun, :x}, []}
#   0ms main log any empty: :normal
#   0ms main log all empty: :normal
#   0ms main log count empty: :normal
#   0ms main log flat_map empty: :normal
#   0ms main log reject empty: :normal
#   0ms main log sort_by empty: {:function_clause, []}
#   0ms main log map map: {{:badfun, :x}, []}
#   0ms main log with_index empty: :normal
#   0ms main log into set: {{:badfun, :x}, []}
#   0ms main log into map: {{:badfun, :x}, []}
#   0ms main log into list: {{:badfun, :x}, []}
#   0ms main log into empty map: {:function_clause, []}
#   0ms main log into empty list: {:function_clause, []}
#   0ms main log into a list of one: :normal
#   0ms main log into range: {{:badfun, :x}, []}
#   0ms main log into arity2: {{:badarity, {#Opaque<Function>, [1]}}, []}
#   0ms main log Map.new: {:function_clause, []}
#   0ms main log Map.new empty: {:function_clause, []}
#   0ms main log Map.new arity2: {:function_clause, []}
#   0ms main log Map.new of a map: {:function_clause, []}
#   0ms main log into an empty list of nothing: MapSet.new([1])
#   0ms main exit :normal
#   0ms main.spawn_monitor exit :normal
#   0ms main.spawn_monitor#10 exit {:function_clause, []}
#   0ms main.spawn_monitor#11 exit :normal
#   0ms main.spawn_monitor#12 exit {:function_clause, []}
#   0ms main.spawn_monitor#13 exit {{:badfun, :x}, []}
#   0ms main.spawn_monitor#14 exit {%Enum.EmptyError{message: "empty error"}, []}
#   0ms main.spawn_monitor#15 exit {{:badarity, {#Opaque<Function>, [1, 0]}}, []}
#   0ms main.spawn_monitor#16 exit {:function_clause, []}
#   0ms main.spawn_monitor#17 exit :normal
#   0ms main.spawn_monitor#18 exit :normal
#   0ms main.spawn_monitor#19 exit {:function_clause, []}
#   0ms main.spawn_monitor#2 exit :normal
#   0ms main.spawn_monitor#20 exit {{:badfun, :x}, []}
#   0ms main.spawn_monitor#21 exit {:function_clause, []}
#   0ms main.spawn_monitor#22 exit {{:badfun, :x}, []}
#   0ms main.spawn_monitor#23 exit {:function_clause, []}
#   0ms main.spawn_monitor#24 exit {{:badfun, :x}, []}
#   0ms main.spawn_monitor#25 exit :normal
#   0ms main.spawn_monitor#26 exit :normal
#   0ms main.spawn_monitor#27 exit {:function_clause, []}
#   0ms main.spawn_monitor#28 exit {{:badfun, :x}, []}
#   0ms main.spawn_monitor#29 exit :normal
#   0ms main.spawn_monitor#3 exit :normal
#   0ms main.spawn_monitor#30 exit :normal
#   0ms main.spawn_monitor#31 exit :normal
#   0ms main.spawn_monitor#32 exit :normal
#   0ms main.spawn_monitor#33 exit :normal
#   0ms main.spawn_monitor#34 exit {:function_clause, []}
#   0ms main.spawn_monitor#35 exit {{:badfun, :x}, []}
#   0ms main.spawn_monitor#36 exit :normal
#   0ms main.spawn_monitor#37 exit {{:badfun, :x}, []}
#   0ms main.spawn_monitor#38 exit {{:badfun, :x}, []}
#   0ms main.spawn_monitor#39 exit {{:badfun, :x}, []}
#   0ms main.spawn_monitor#4 exit :normal
#   0ms main.spawn_monitor#40 exit {:function_clause, []}
#   0ms main.spawn_monitor#41 exit {:function_clause, []}
#   0ms main.spawn_monitor#42 exit :normal
#   0ms main.spawn_monitor#43 exit {{:badfun, :x}, []}
#   0ms main.spawn_monitor#44 exit {{:badarity, {#Opaque<Function>, [1]}}, []}
#   0ms main.spawn_monitor#45 exit {:function_clause, []}
#   0ms main.spawn_monitor#46 exit {:function_clause, []}
#   0ms main.spawn_monitor#47 exit {:function_clause, []}
#   0ms main.spawn_monitor#48 exit {:function_clause, []}
#   0ms main.spawn_monitor#5 exit {{:badfun, :x}, []}
#   0ms main.spawn_monitor#6 exit {{:badfun, :x}, []}
#   0ms main.spawn_monitor#7 exit {{:badfun, :x}, []}
#   0ms main.spawn_monitor#8 exit {:function_clause, []}
#   0ms main.spawn_monitor#9 exit {{:badarity, {#Opaque<Function>, [1]}}, []}
