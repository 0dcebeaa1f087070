# name: LargeMapOrder
# description: a map of more than 32 keys walks in the VM's hash order: Map.keys, Map.values, Map.to_list, inspect, Enum.to_list, Enum.take, Enum.find, Enum.at, streams and MapSet.to_list in the order :maps.to_list gives, and the Enum functions 1.14 builds on Enum.reduce/3 (map, each, for, filter, reduce, flat_map, sort_by ties, group_by, max_by ties, uniq, with_index, join) in the reverse, for integer, string, tuple and list keys; maps of up to 32 keys in key order; tasks' results gathered into a large map

m = Map.new(1..40, &{&1, rem(&1, 3)})
IO.inspect(Map.keys(m), label: "keys", limit: :infinity)
IO.inspect(Map.values(m), label: "values", limit: :infinity)
IO.inspect(Map.to_list(m) |> Enum.take(5), label: "to_list")
IO.inspect(m, label: "inspect", limit: 8)
IO.inspect(Enum.to_list(m) |> Enum.take(4), label: "Enum.to_list")
IO.inspect(Enum.take(m, 3), label: "take")
IO.inspect(Enum.find(m, fn {_, v} -> v == 2 end), label: "find")
IO.inspect(Enum.at(m, 7), label: "at")
IO.inspect(Enum.map(m, fn {k, _} -> k end), label: "map", limit: :infinity)
IO.inspect(for({k, 0} <- m, do: k), label: "for", limit: :infinity)
IO.inspect(Enum.filter(m, fn {_, v} -> v == 1 end) |> Enum.map(&elem(&1, 0)), label: "filter", limit: :infinity)
IO.inspect(Enum.reduce(m, [], fn {k, _}, acc -> [k | acc] end), label: "reduce/3", limit: :infinity)
IO.inspect(Enum.reduce(m, fn x, _ -> x end), label: "reduce/2")
Enum.each(Enum.take(Enum.sort(Map.keys(m)), 0), &IO.inspect/1)
IO.inspect(Enum.sort_by(m, fn {_, v} -> v end) |> Enum.take(6), label: "sort_by ties")
IO.inspect(Enum.group_by(m, fn {_, v} -> v end, fn {k, _} -> k end), label: "group_by", limit: :infinity)
IO.inspect(Enum.max_by(m, fn {_, v} -> v end), label: "max_by tie")
IO.inspect(Enum.min_by(m, fn {_, v} -> v end), label: "min_by tie")
IO.inspect(Enum.uniq(Enum.map(m, fn {_, v} -> v end)), label: "uniq")
IO.inspect(Enum.with_index(m) |> Enum.take(3), label: "with_index")
IO.inspect(Enum.map_join(Enum.take(Enum.reverse(m), 5), ",", fn {k, _} -> k end), label: "reverse")
IO.inspect(Enum.join(Map.keys(Map.new(1..35, &{&1, &1})), " "), label: "join keys")
IO.inspect(Stream.map(m, fn {k, _} -> k end) |> Enum.take(5), label: "stream")
IO.inspect(Enum.take_while(m, fn {k, _} -> k > 3 end) |> length(), label: "take_while")
IO.inspect(Map.filter(m, fn {k, _} -> rem(k, 7) == 0 end), label: "Map.filter")
Map.filter(m, fn {k, _} -> if rem(k, 13) == 0, do: IO.puts("filter saw #{k}"); true end)

set = MapSet.new(1..36)
IO.inspect(MapSet.to_list(set), label: "set", limit: :infinity)
IO.inspect(Enum.map(set, & &1) |> Enum.take(5), label: "Enum.map of a set")

s = Map.new(1..34, &{"key#{&1}", &1})
IO.inspect(Map.keys(s), label: "string keys", limit: :infinity)
IO.inspect(Enum.map(s, &elem(&1, 1)), label: "string keys mapped", limit: :infinity)
t = Map.new(1..33, &{{&1, "x"}, &1})
IO.inspect(Map.values(t), label: "tuple keys", limit: :infinity)
l = Map.new(1..33, &{[&1, 300, [&1]], &1})
IO.inspect(Map.values(l), label: "list keys", limit: :infinity)
n = Map.new(-20..20, &{&1 * 1_000_000_007, &1})
IO.inspect(Map.values(n), label: "negative and large keys", limit: :infinity)
small = Map.new(32..1, &{&1, &1})
IO.inspect(Map.keys(small) == Enum.to_list(1..32), label: "32 keys sorted")

tasks = for i <- 1..40, do: Task.async(fn -> Process.sleep(rem(i * 7, 11)); {i, i * i} end)
results = Map.new(Task.await_many(tasks))
IO.inspect(Map.keys(results) |> Enum.take(10), label: "results")
IO.inspect(Enum.map(results, fn {k, _} -> k end) |> Enum.take(10), label: "results walked")


shrunk = Map.delete(Map.new(1..33, &{&1, &1}), 1)
IO.inspect(Map.keys(shrunk) |> Enum.take(5), label: "shrunk to 32 keys")
built = Map.new(2..33, &{&1, &1})
IO.inspect(match?(^built, shrunk), label: "pinned match of the shrunk map")
IO.inspect(Enum.into(m, [], fn {k, _} -> k end) |> Enum.take(5), label: "into list")
IO.inspect(Enum.into(m, %{}, fn {k, v} -> {v, k} end), label: "into map, last wins")
IO.inspect(Map.new(m, fn {k, v} -> {v, k} end), label: "Map.new/2, last wins")
IO.inspect(Enum.sort(m, fn {_, a}, {_, b} -> a <= b end) |> Enum.take(4), label: "sort/2 ties")
IO.inspect(Enum.concat(m, [:end]) |> Enum.take(3), label: "concat")
IO.inspect(Enum.drop(m, 0) |> Enum.take(3), label: "drop 0")
IO.inspect(Enum.count(m, fn {k, _} -> if k < 3, do: IO.puts("count saw #{k}"); true end), label: "count/2")
IO.inspect(Enum.into(m, MapSet.new(), fn {k, _} -> k end) |> MapSet.size(), label: "into a set")

# expect:
#   0ms main log keys: [33, 12, 23, 29, 30, 39, 26, 31, 11, 37, 9, 32, 34, 25, 28, 6, 38, 13, 40, 20,\n 15, 14, 2, 7, 1, 8, 3, 17, 22, 21, 4, 36, 24, 10, 35, 27, 19, 5, 18, 16]
#   0ms main log values: [0, 0, 2, 2, 0, 0, 2, 1, 2, 1, 0, 2, 1, 1, 1, 0, 2, 1, 1, 2, 0, 2, 2, 1, 1, 2,\n 0, 2, 1, 0, 1, 0, 0, 1, 2, 0, 1, 2, 0, 1]
#   0ms main log to_list: [{33, 0}, {12, 0}, {23, 2}, {29, 2}, {30, 0}]
#   0ms main log inspect: %{33 => 0, 12 => 0, 23 => 2, 29 => 2, 30 => 0, 39 => 0, 26 => 2, 31 => 1, ...}
#   0ms main log Enum.to_list: [{33, 0}, {12, 0}, {23, 2}, {29, 2}]
#   0ms main log take: [{33, 0}, {12, 0}, {23, 2}]
#   0ms main log find: {23, 2}
#   0ms main log at: {31, 1}
#   0ms main log map: [16, 18, 5, 19, 27, 35, 10, 24, 36, 4, 21, 22, 17, 3, 8, 1, 7, 2, 14, 15, 20,\n 40, 13, 38, 6, 28, 25, 34, 32, 9, 37, 11, 31, 26, 39, 30, 29, 23, 12, 33]
#   0ms main log for: [18, 27, 24, 36, 21, 3, 15, 6, 9, 39, 30, 12, 33]
#   0ms main log filter: [16, 19, 10, 4, 22, 1, 7, 40, 13, 28, 25, 34, 37, 31]
#   0ms main log reduce/3: [33, 12, 23, 29, 30, 39, 26, 31, 11, 37, 9, 32, 34, 25, 28, 6, 38, 13, 40, 20,\n 15, 14, 2, 7, 1, 8, 3, 17, 22, 21, 4, 36, 24, 10, 35, 27, 19, 5, 18, 16]
#   0ms main log reduce/2: {16, 1}
#   0ms main log sort_by ties: [{18, 0}, {27, 0}, {24, 0}, {36, 0}, {21, 0}, {3, 0}]
#   0ms main log group_by: %{\n  0 => [18, 27, 24, 36, 21, 3, 15, 6, 9, 39, 30, 12, 33],\n  1 => [16, 19, 10, 4, 22, 1, 7, 40, 13, 28, 25, 34, 37, 31],\n  2 => [5, 35, 17, 8, 2, 14, 20, 38, 32, 11, 26, 29, 23]\n}
#   0ms main log max_by tie: {5, 2}
#   0ms main log min_by tie: {18, 0}
#   0ms main log uniq: [1, 0, 2]
#   0ms main log with_index: [{{16, 1}, 0}, {{18, 0}, 1}, {{5, 2}, 2}]
#   0ms main log reverse: "33,12,23,29,30"
#   0ms main log join keys: "33 12 23 29 30 26 31 11 9 32 34 25 28 6 13 20 15 14 2 7 1 8 3 17 22 21 4 24 10 35 27 19 5 18 16"
#   0ms main log stream: [33, 12, 23, 29, 30]
#   0ms main log take_while: 22
#   0ms main log Map.filter: %{7 => 1, 14 => 2, 21 => 0, 28 => 1, 35 => 2}
#   0ms main log filter saw 13
#   0ms main log filter saw 26
#   0ms main log filter saw 39
#   0ms main log set: [33, 12, 23, 29, 30, 26, 31, 11, 9, 32, 34, 25, 28, 6, 13, 20, 15, 14, 2, 7, 1,\n 8, 3, 17, 22, 21, 4, 36, 24, 10, 35, 27, 19, 5, 18, 16]
#   0ms main log Enum.map of a set: [33, 12, 23, 29, 30]
#   0ms main log string keys: ["key19", "key13", "key5", "key7", "key8", "key27", "key18", "key17", "key14",\n "key28", "key25", "key21", "key2", "key24", "key22", "key4", "key6", "key31",\n "key30", "key26", "key32", "key15", "key23", "key11", "key9", "key1", "key29",\n "key16", "key10", "key34", "key20", "key33", "key12", "key3"]
#   0ms main log string keys mapped: [3, 12, 33, 20, 34, 10, 16, 29, 1, 9, 11, 23, 15, 32, 26, 30, 31, 6, 4, 22, 24,\n 2, 21, 25, 28, 14, 17, 18, 27, 8, 7, 5, 13, 19]
#   0ms main log tuple keys: [31, 33, 10, 8, 21, 30, 25, 32, 18, 14, 20, 23, 22, 1, 5, 3, 28, 4, 15, 16, 7,\n 26, 9, 6, 11, 13, 12, 2, 19, 27, 29, 24, 17]
#   0ms main log list keys: [4, 8, 15, 11, 19, 33, 5, 13, 16, 30, 17, 27, 29, 32, 28, 18, 14, 24, 26, 25, 7,\n 23, 22, 2, 10, 6, 1, 31, 3, 21, 12, 9, 20]
#   0ms main log negative and large keys: [20, 4, 11, -1, 2, 12, 16, 15, 8, 18, -2, 6, 14, -3, 0, 3, -8, 10, -4, -7, -16,\n 5, -17, 19, 17, -5, -20, 13, -14, 1, -12, 9, 7, -18, -10, -15, -9, -19, -11,\n -13, -6]
#   0ms main log 32 keys sorted: true
#   0ms main.async#11 exit :normal
#   0ms main.async#22 exit :normal
#   0ms main.async#33 exit :normal
#   1ms main.async#19 exit :normal
#   1ms main.async#30 exit :normal
#   1ms main.async#8 exit :normal
#   2ms main.async#16 exit :normal
#   2ms main.async#27 exit :normal
#   2ms main.async#38 exit :normal
#   2ms main.async#5 exit :normal
#   3ms main.async#13 exit :normal
#   3ms main.async#2 exit :normal
#   3ms main.async#24 exit :normal
#   3ms main.async#35 exit :normal
#   4ms main.async#10 exit :normal
#   4ms main.async#21 exit :normal
#   4ms main.async#32 exit :normal
#   5ms main.async#18 exit :normal
#   5ms main.async#29 exit :normal
#   5ms main.async#40 exit :normal
#   5ms main.async#7 exit :normal
#   6ms main.async#15 exit :normal
#   6ms main.async#26 exit :normal
#   6ms main.async#37 exit :normal
#   6ms main.async#4 exit :normal
#   7ms main.async exit :normal
#   7ms main.async#12 exit :normal
#   7ms main.async#23 exit :normal
#   7ms main.async#34 exit :normal
#   8ms main.async#20 exit :normal
#   8ms main.async#31 exit :normal
#   8ms main.async#9 exit :normal
#   9ms main.async#17 exit :normal
#   9ms main.async#28 exit :normal
#   9ms main.async#39 exit :normal
#   9ms main.async#6 exit :normal
#   10ms main log results: [33, 12, 23, 29, 30, 39, 26, 31, 11, 37]
#   10ms main log results walked: [16, 18, 5, 19, 27, 35, 10, 24, 36, 4]
#   10ms main log shrunk to 32 keys: [2, 3, 4, 5, 6]
#   10ms main log pinned match of the shrunk map: true
#   10ms main log into list: [16, 18, 5, 19, 27]
#   10ms main log into map, last wins: %{0 => 33, 1 => 31, 2 => 23}
#   10ms main log Map.new/2, last wins: %{0 => 33, 1 => 31, 2 => 23}
#   10ms main log sort/2 ties: [{18, 0}, {27, 0}, {24, 0}, {36, 0}]
#   10ms main log concat: [{16, 1}, {18, 0}, {5, 2}]
#   10ms main log drop 0: [{33, 0}, {12, 0}, {23, 2}]
#   10ms main log count saw 1
#   10ms main log count saw 2
#   10ms main log count/2: 40
#   10ms main log into a set: 40
#   10ms main exit :normal
#   10ms main.async#14 exit :normal
#   10ms main.async#25 exit :normal
#   10ms main.async#3 exit :normal
#   10ms main.async#36 exit :normal
