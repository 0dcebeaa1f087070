# name: LibraryMore
# description: Enum.take_while/drop_while/find_index/max_by/min_by/min_max/dedup/frequencies/slice/chunk_every, Map.pop/take/drop/filter/reject and Keyword.fetch!/keys/values, each called back by a task where it takes a function, with the errors they raise

defmodule Lib do
  def slow_key(x) do
    Process.sleep(10)
    rem(x, 3)
  end

  def exit_of(f) do
    {pid, ref} = spawn_monitor(f)
    receive do
      {:DOWN, ^ref, :process, ^pid, reason} -> reason
    end
  end
end

xs = [5, 3, 8, 1, 8, 2]
IO.inspect(Enum.take_while(xs, &(&1 > 2)), label: "take_while")
IO.inspect(Enum.drop_while(xs, fn x -> x > 2 end), label: "drop_while")
IO.inspect(Enum.find_index(xs, &(&1 == 8)), label: "find_index")
IO.inspect(Enum.find_index(xs, &(&1 == 9)), label: "find_index none")
IO.inspect(Enum.max_by(xs, &Lib.slow_key/1), label: "max_by")
IO.inspect(Enum.min_by(xs, fn x -> -x end), label: "min_by")
IO.inspect(Enum.min_max(xs), label: "min_max")
IO.inspect(Enum.dedup([1, 1, 2, 2, 1]), label: "dedup")
IO.inspect(Enum.frequencies(["a", "b", "a"]), label: "frequencies")
IO.inspect(Enum.slice(xs, 1, 3), label: "slice")
IO.inspect(Enum.slice(xs, -2..-1), label: "slice range")
IO.inspect(Enum.chunk_every(xs, 4, 2, [:pad]), label: "chunk_every")

m = %{a: 1, b: 2, c: 3}
IO.inspect(Map.pop(m, :b), label: "pop")
IO.inspect(Map.take(m, [:a, :z]), label: "take")
IO.inspect(Map.drop(m, [:a]), label: "drop")
IO.inspect(Map.filter(m, fn {_k, v} -> v > 1 end), label: "filter")
IO.inspect(Map.reject(m, fn {k, _v} -> k == :a end), label: "reject")

kw = [x: 1, y: 2, x: 3]
IO.inspect(Keyword.fetch!(kw, :x), label: "fetch!")
IO.inspect(Keyword.keys(kw), label: "keys")
IO.inspect(Keyword.values(kw), label: "values")

# The function argument is called back in the caller: here a task awaited inside it.
t = Task.async(fn -> Enum.max_by([1, 2, 3], fn x -> Task.await(Task.async(fn -> x * x end)) end) end)
IO.inspect(Task.await(t), label: "max_by with tasks")

IO.inspect(Lib.exit_of(fn -> Enum.max_by([], & &1) end), label: "max_by empty")
IO.inspect(Lib.exit_of(fn -> Enum.min_by([1], :nofun) end), label: "min_by no fun")
IO.inspect(Lib.exit_of(fn -> Enum.take_while([1], :nofun) end), label: "take_while no fun")
IO.inspect(Lib.exit_of(fn -> Map.filter([a: 1], fn _ -> true end) end), label: "filter a list")
IO.inspect(Lib.exit_of(fn -> Map.reject(%{a: 1}, fn _, _ -> true end) end), label: "reject arity 2")
IO.inspect(Lib.exit_of(fn -> Keyword.fetch!(kw, :z) end), label: "fetch! missing")

try do
  Keyword.fetch!([a: 1], :b)
rescue
  e in KeyError -> IO.puts("rescued: " <> Exception.message(e))
end


# Over a stream, slice and take_while stop where 1.14 does; a bad chunk size fails
# before the stream runs.
s = Stream.map(1..6, fn x -> IO.puts("pulled #{x}"); x end)
IO.inspect(Enum.slice(s, 1..2), label: "slice range of a stream")
IO.inspect(Enum.take_while(s, &(&1 < 2)), label: "take_while of a stream")
IO.inspect(Lib.exit_of(fn -> Enum.chunk_every(s, 0) end), label: "chunk_every 0 of a stream")
IO.inspect(Enum.take_while([], :nofun), label: "take_while of nothing")
IO.inspect(Enum.find_index([], :nofun), label: "find_index of nothing")
IO.inspect(Map.filter(1..3, fn _ -> true end) |> Enum.to_list(), label: "filter keeps a struct")
IO.inspect(Enum.frequencies([:b, :a, :b]), label: "frequencies")
IO.inspect(Lib.exit_of(fn -> Enum.slice([1, 2], %Range{first: 1, last: 2, step: 0}) end), label: "slice step 0")

# expect:
#   0ms main log take_while: [5, 3, 8]
#   0ms main log drop_while: [1, 8, 2]
#   0ms main log find_index: 2
#   0ms main log find_index none: nil
#   60ms main log max_by: 5
#   60ms main log min_by: 8
#   60ms main log min_max: {1, 8}
#   60ms main log dedup: [1, 2, 1]
#   60ms main log frequencies: %{"a" => 2, "b" => 1}
#   60ms main log slice: [3, 8, 1]
#   60ms main log slice range: [8, 2]
#   60ms main log chunk_every: [[5, 3, 8, 1], [8, 1, 8, 2], [8, 2, :pad]]
#   60ms main log pop: {2, %{a: 1, c: 3}}
#   60ms main log take: %{a: 1}
#   60ms main log drop: %{b: 2, c: 3}
#   60ms main log filter: %{b: 2, c: 3}
#   60ms main log reject: %{b: 2, c: 3}
#   60ms main log fetch!: 1
#   60ms main log keys: [:x, :y, :x]
#   60ms main log values: [1, 2, 3]
#   60ms main log max_by with tasks: 3
#   60ms main log max_by empty: {%Enum.EmptyError{message: "empty error"}, []}
#   60ms main log min_by no fun: {:function_clause, []}
#   60ms main log take_while no fun: {{:badfun, :nofun}, []}
#   60ms main log filter a list: {:function_clause, []}
#   60ms main log reject arity 2: {:function_clause, []}
#   60ms main log fetch! missing: {%KeyError{key: :z, term: [x: 1, y: 2, x: 3], message: nil}, []}
#   60ms main rescue %KeyError{key: :b, term: [a: 1], message: nil}
#   60ms main log rescued: key :b not found in: [a: 1]
#   60ms main log pulled 1
#   60ms main log pulled 2
#   60ms main log pulled 3
#   60ms main log slice range of a stream: [2, 3]
#   60ms main log pulled 1
#   60ms main log pulled 2
#   60ms main log take_while of a stream: [1]
#   60ms main log chunk_every 0 of a stream: {:function_clause, []}
#   60ms main log take_while of nothing: []
#   60ms main log find_index of nothing: nil
#   60ms main log filter keeps a struct: [1, 2, 3]
#   60ms main log frequencies: %{a: 1, b: 2}
#   60ms main log slice step 0: {%ArgumentError{\n   message: "Enum.slice/2 does not accept ranges with negative steps, got: 1..2//0"\n }, []}
#   60ms main exit :normal
#   60ms main.spawn_monitor exit {%Enum.EmptyError{message: "empty error"}, []}
#   60ms main.spawn_monitor#2 exit {:function_clause, []}
#   60ms main.spawn_monitor#3 exit {{:badfun, :nofun}, []}
#   60ms main.spawn_monitor#4 exit {:function_clause, []}
#   60ms main.spawn_monitor#5 exit {:function_clause, []}
#   60ms main.spawn_monitor#6 exit {%KeyError{key: :z, term: [x: 1, y: 2, x: 3], message: nil}, []}
#   60ms main.spawn_monitor#7 exit {:function_clause, []}
#   60ms main.spawn_monitor#8 exit {%ArgumentError{message: "Enum.slice/2 does not accept ranges with negative steps, got: 1..2//0"}, []}
#   60ms main.t exit :normal
#   60ms main.t.async exit :normal
#   60ms main.t.async#2 exit :normal
#   60ms main.t.async#3 exit :normal
