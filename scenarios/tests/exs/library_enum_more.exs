# name: LibraryEnumMore
# description: for with reduce: (filters, patterns, nested generators, no clause matching), Enum.map_reduce/3 with callbacks that await tasks, uniq_by, chunk_by, dedup_by, zip_with, frequencies_by and Map.merge/3, over lists, ranges and maps of more than 32 keys (the VM's fold order), and what each raises when misused

t = fn label, f ->
  try do
    IO.inspect(f.(), label: label)
  rescue
    e -> IO.puts("#{label}: #{Exception.message(e)}")
  end
end

tasks = for i <- 1..4, do: Task.async(fn -> Process.sleep(50 * i); i * i end)
sum = for t <- tasks, reduce: 0 do acc -> acc + Task.await(t) end
IO.inspect(sum, label: "sum of squares")
nested = for x <- [1, 2, 3], y <- [10, 20], x != 2, reduce: [] do acc -> [{x, y} | acc] end
IO.inspect(nested, label: "nested")
IO.inspect(for({:ok, x} <- [{:ok, 1}, :error, {:ok, 3}], reduce: 0, do: (acc -> acc + x)), label: "pattern")
t.("no clause", fn -> for x <- [1, 2], reduce: 0 do 5 -> x end end)
big = Map.new(1..40, fn i -> {i, i} end)
keys = for {k, _} <- big, reduce: [] do acc -> [k | acc] end
IO.inspect(Enum.take(keys, 8), label: "for over a large map")

{doubled, total} =
  Enum.map_reduce([3, 1, 2], 0, fn x, acc ->
    task = Task.async(fn -> x * 2 end)
    {Task.await(task), acc + x}
  end)
IO.inspect({doubled, total}, label: "map_reduce")
t.("map_reduce range", fn -> Enum.map_reduce(1..3, 10, fn x, a -> {x, a - x} end) end)
t.("map_reduce no tuple", fn -> Enum.map_reduce([1, 2], 0, fn x, a -> x + a end) end)
t.("map_reduce empty", fn -> Enum.map_reduce([], 0, :nope) end)
t.("map_reduce not a fun", fn -> Enum.map_reduce([1], 0, :nope) end)
t.("map_reduce large map", fn -> Enum.map_reduce(big, 0, fn {k, _}, a -> {k, a + 1} end) |> elem(0) |> Enum.take(8) end)

t.("uniq_by", fn -> Enum.uniq_by([1, 2, 3, 4, 5], fn x -> IO.puts("key #{x}"); rem(x, 3) end) end)
t.("uniq_by map", fn -> Enum.uniq_by(%{a: 1, b: 2, c: 1}, fn {_, v} -> v end) end)
t.("uniq_by large map", fn -> Enum.uniq_by(big, fn {k, _} -> rem(k, 7) end) end)
t.("uniq_by not a fun", fn -> Enum.uniq_by([1], :nope) end)
t.("uniq_by empty", fn -> Enum.uniq_by([], :nope) end)
t.("chunk_by", fn -> Enum.chunk_by([1, 1, 2, 3, 3, 1], & &1) end)
t.("chunk_by range", fn -> Enum.chunk_by(1..7, &div(&1, 3)) end)
t.("chunk_by large map", fn -> Enum.chunk_by(big, fn {k, _} -> k > 100 end) |> hd() |> Enum.take(5) end)
t.("chunk_by not a fun", fn -> Enum.chunk_by([1], :nope) end)
t.("dedup_by", fn -> Enum.dedup_by([1, 2, 4, 3, 5, 7], &rem(&1, 2)) end)
t.("dedup_by large map", fn -> Enum.dedup_by(big, fn {k, _} -> rem(k, 2) end) |> Enum.take(6) end)
t.("zip_with", fn -> Enum.zip_with([1, 2, 3], [4, 5], fn a, b -> IO.puts("zip #{a}"); a + b end) end)
t.("zip_with range", fn -> Enum.zip_with(1..3, [4, 5, 6, 7], &{&1, &2}) end)
t.("zip_with not a fun", fn -> Enum.zip_with([1], [2], :nope) end)
t.("zip_with arity", fn -> Enum.zip_with([1], [2], fn a -> a end) end)
t.("frequencies_by", fn -> Enum.frequencies_by(["a", "bb", "c", "dd", "e"], &String.length/1) end)
t.("frequencies_by not a fun", fn -> Enum.frequencies_by([1], :nope) end)

t.("merge/3", fn -> Map.merge(%{a: 1, b: 2}, %{b: 3, c: 4}, fn k, v1, v2 -> IO.puts("conflict #{k}"); v1 * 10 + v2 end) end)
t.("merge/3 larger first", fn -> Map.merge(%{a: 1, b: 2, c: 3}, %{b: 3, c: 4}, fn _, v1, v2 -> {v1, v2} end) end)
t.("merge/3 large", fn -> Map.merge(Map.new(1..3, &{&1, 0}), big, fn k, v1, v2 -> IO.puts("conflict #{k}"); {v1, v2} end) |> Map.take([1, 2, 3]) end)
t.("merge/3 not a fun", fn -> Map.merge(%{}, %{}, :nope) end)
t.("merge/3 not a map", fn -> Map.merge(%{}, 5, fn _, a, _ -> a end) end)

# expect:
#   50ms main.async exit :normal
#   100ms main.async#2 exit :normal
#   150ms main.async#3 exit :normal
#   200ms main log sum of squares: 30
#   200ms main log nested: [{3, 20}, {3, 10}, {1, 20}, {1, 10}]
#   200ms main log pattern: 4
#   200ms main rescue %CaseClauseError{term: 0}
#   200ms main log no clause: no case clause matching: 0
#   200ms main log for over a large map: [33, 12, 23, 29, 30, 39, 26, 31]
#   200ms main log map_reduce: {[6, 2, 4], 6}
#   200ms main log map_reduce range: {[1, 2, 3], 4}
#   200ms main rescue %MatchError{term: 1}
#   200ms main log map_reduce no tuple: no match of right hand side value: 1
#   200ms main rescue %FunctionClauseError{module: Enum, function: :"-map_reduce/3-lists^mapfoldl/2-0-", arity: 3, kind: nil, args: nil, clauses: nil}
#   200ms main log map_reduce empty: no function clause matching in Enum."-map_reduce/3-lists^mapfoldl/2-0-"/3
#   200ms main rescue %BadFunctionError{term: :nope}
#   200ms main log map_reduce not a fun: expected a function, got: :nope
#   200ms main log map_reduce large map: [16, 18, 5, 19, 27, 35, 10, 24]
#   200ms main log key 1
#   200ms main log key 2
#   200ms main log key 3
#   200ms main log key 4
#   200ms main log key 5
#   200ms main log uniq_by: [1, 2, 3]
#   200ms main log uniq_by map: [a: 1, b: 2]
#   200ms main log uniq_by large map: [{16, 16}, {18, 18}, {5, 5}, {27, 27}, {35, 35}, {10, 10}, {36, 36}]
#   200ms main rescue %BadFunctionError{term: :nope}
#   200ms main log uniq_by not a fun: expected a function, got: :nope
#   200ms main log uniq_by empty: []
#   200ms main log chunk_by: [[1, 1], [2], [3, 3], [1]]
#   200ms main log chunk_by range: [[1, 2], [3, 4, 5], [6, 7]]
#   200ms main log chunk_by large map: [{33, 33}, {12, 12}, {23, 23}, {29, 29}, {30, 30}]
#   200ms main rescue %BadFunctionError{term: :nope}
#   200ms main log chunk_by not a fun: expected a function, got: :nope
#   200ms main log dedup_by: [1, 2, 3]
#   200ms main log dedup_by large map: [{16, 16}, {5, 5}, {10, 10}, {21, 21}, {22, 22}, {17, 17}]
#   200ms main log zip 1
#   200ms main log zip 2
#   200ms main log zip_with: [5, 7]
#   200ms main log zip_with range: [{1, 4}, {2, 5}, {3, 6}]
#   200ms main rescue %FunctionClauseError{module: Enum, function: :zip_with, arity: 3, kind: nil, args: nil, clauses: nil}
#   200ms main log zip_with not a fun: no function clause matching in Enum.zip_with/3
#   200ms main rescue %FunctionClauseError{module: Enum, function: :zip_with, arity: 3, kind: nil, args: nil, clauses: nil}
#   200ms main log zip_with arity: no function clause matching in Enum.zip_with/3
#   200ms main log frequencies_by: %{1 => 3, 2 => 2}
#   200ms main rescue %FunctionClauseError{module: Enum, function: :frequencies_by, arity: 2, kind: nil, args: nil, clauses: nil}
#   200ms main log frequencies_by not a fun: no function clause matching in Enum.frequencies_by/2
#   200ms main log conflict b
#   200ms main log merge/3: %{a: 1, b: 23, c: 4}
#   200ms main log merge/3 larger first: %{a: 1, b: {2, 3}, c: {3, 4}}
#   200ms main log conflict 1
#   200ms main log conflict 2
#   200ms main log conflict 3
#   200ms main log merge/3 large: %{1 => {0, 1}, 2 => {0, 2}, 3 => {0, 3}}
#   200ms main rescue %FunctionClauseError{module: Map, function: :merge, arity: 3, kind: nil, args: nil, clauses: nil}
#   200ms main log merge/3 not a fun: no function clause matching in Map.merge/3
#   200ms main rescue %BadMapError{term: 5}
#   200ms main log merge/3 not a map: expected a map, got: 5
#   200ms main exit :normal
#   200ms main.async#4 exit :normal
#   200ms main.task exit :normal
#   200ms main.task#2 exit :normal
#   200ms main.task#3 exit :normal
