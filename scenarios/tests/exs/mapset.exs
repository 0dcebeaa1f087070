# name: MapSetFunctions
# description: MapSet: every function of 1.14's, a set as an enumerable and a collectable, how it inspects and compares, and the errors each function raises; tasks' results gathered into a set

defmodule Sets do
  def rescued(f) do
    try do
      f.()
    rescue
      e -> e
    end
  end

  def exit_of(f) do
    {pid, ref} = spawn_monitor(f)
    receive do
      {:DOWN, ^ref, :process, ^pid, reason} -> reason
    end
  end
end

s = MapSet.new([3, 1, 2])
t = MapSet.new([2, 3, 4])
IO.inspect(s, label: "new")
IO.inspect(MapSet.new(), label: "new/0")
IO.inspect(MapSet.new(%{a: 1}), label: "new of a map")
IO.inspect(MapSet.new(s) == s, label: "new of a set")
IO.inspect(MapSet.new(3..1), label: "new of a range")
IO.inspect(MapSet.new([1, 2, 1], fn x -> rem(x, 2) end), label: "new/2")
IO.inspect(MapSet.new(Stream.map([2, 1], & &1)), label: "new of a stream")
IO.inspect(MapSet.put(s, 0), label: "put")
IO.inspect(MapSet.put(s, 1) == s, label: "put again")
IO.inspect({MapSet.delete(s, 2), MapSet.delete(s, 9)}, label: "delete")
IO.inspect({MapSet.member?(s, 2), MapSet.member?(s, 9), MapSet.member?(s, [1])}, label: "member?")
IO.inspect(MapSet.size(s), label: "size")
IO.inspect(MapSet.to_list(MapSet.new([:b, :a, 3, "s", {1}])), label: "to_list")
IO.inspect(MapSet.union(s, t), label: "union")
IO.inspect(MapSet.intersection(s, t), label: "intersection")
IO.inspect(MapSet.difference(s, t), label: "difference")
IO.inspect(MapSet.symmetric_difference(s, t), label: "symmetric_difference")
IO.inspect({MapSet.subset?(MapSet.new([1]), s), MapSet.subset?(t, s)}, label: "subset?")
IO.inspect({MapSet.disjoint?(s, t), MapSet.disjoint?(s, MapSet.new([9]))}, label: "disjoint?")
IO.inspect({MapSet.equal?(s, MapSet.new([1, 2, 3])), MapSet.equal?(s, t)}, label: "equal?")
IO.inspect(MapSet.filter(s, fn x -> x > 1 end), label: "filter")
IO.inspect(MapSet.reject(s, fn x -> x > 1 end), label: "reject")

# A set is an enumerable and a collectable.
IO.inspect({Enum.count(s), 3 in s, Enum.to_list(s), Enum.at(s, 1)}, label: "Enum")
IO.inspect({Enum.sum(s), Enum.sort(s, :desc), Enum.filter(s, &(&1 > 1))}, label: "Enum more")
IO.inspect(Enum.reduce(s, 0, fn x, acc -> x + acc end), label: "reduce")
IO.inspect(Enum.into([5, 5, 4], MapSet.new([1])), label: "into")
IO.inspect(Enum.into([1, 2], MapSet.new([7]), &(&1 * 2)), label: "into/3")
IO.inspect(Enum.into(MapSet.new([{:a, 1}]), %{}), label: "into a map")
IO.inspect(for(x <- [1, 2, 2], into: MapSet.new(), do: x * 3), label: "for into")
IO.inspect(for(x <- s, do: x * 10), label: "for over")
IO.inspect(Enum.random(MapSet.new([4])), label: "random")

# How it looks and compares.
IO.inspect(%{set: s, in_list: [s]}, label: "nested")
IO.puts("interpolated: #{inspect(MapSet.new([a: 1, b: 2]))}")
IO.inspect(MapSet.new([MapSet.new([1])]), label: "set of sets")
IO.inspect(%{MapSet.new([1]) => 1}, label: "as a key")
IO.inspect({MapSet.new([1]) < MapSet.new([2]), Enum.sort([MapSet.new([2]), MapSet.new([1])])}, label: "order")
IO.inspect(Enum.uniq([MapSet.new([1]), MapSet.new([1])]), label: "uniq")
IO.inspect({is_map(s), is_struct(s, MapSet), %MapSet{} == MapSet.new()}, label: "a struct")
%MapSet{map: m} = s
IO.inspect(m, label: "its map")
# Inside a set, lists of small integers show as lists (Inspect.MapSet's charlists: :as_lists).
IO.inspect({MapSet.new([97, 98]), MapSet.new([[104, 105], %{a: [120]}]), [104, 105]}, label: "charlists")
# A set's other fields stay as they were; sets of one version compare their maps.
IO.inspect(MapSet.put(%{MapSet.new([1]) | version: 9}, 3).version, label: "put keeps the version")
IO.inspect(MapSet.equal?(%MapSet{map: %{1 => 2}}, MapSet.new([1])), label: "equal? compares maps")
IO.inspect(MapSet.new(%MapSet{map: :x}) == %MapSet{map: :x}, label: "new of a broken set")
IO.inspect(MapSet.difference(MapSet.new(1..6), MapSet.new([2, 9])), label: "difference, large first")

# Errors: each function's own FunctionClauseError for what is no set; a set whose map is
# no map fails as :maps does.
IO.inspect(Sets.rescued(fn -> MapSet.new(:x) end), label: "new(:x)")
IO.inspect(Sets.rescued(fn -> MapSet.new([1], :x) end), label: "new/2 no fun")
IO.inspect(Sets.rescued(fn -> MapSet.put(%{}, 1) end), label: "put(%{})")
IO.inspect(Sets.rescued(fn -> MapSet.delete(:x, 9) end), label: "delete(:x)")
IO.inspect(Sets.rescued(fn -> MapSet.member?(:x, 9) end), label: "member?(:x)")
IO.inspect(Sets.rescued(fn -> MapSet.size(%{}) end), label: "size(%{})")
IO.inspect(Sets.rescued(fn -> MapSet.to_list(:x) end), label: "to_list(:x)")
IO.inspect(Sets.rescued(fn -> MapSet.union(:x, s) end), label: "union(:x, s)")
IO.inspect(Sets.rescued(fn -> MapSet.intersection(s, :x) end), label: "intersection(s, :x)")
IO.inspect(Sets.rescued(fn -> MapSet.difference(s, [1]) end), label: "difference(s, list)")
IO.inspect(Sets.rescued(fn -> MapSet.subset?(s, :x) end), label: "subset?(s, :x)")
IO.inspect(Sets.rescued(fn -> MapSet.equal?(s, [1, 2, 3]) end), label: "equal?(s, list)")
IO.inspect(Sets.rescued(fn -> MapSet.disjoint?(s, :x) end), label: "disjoint?(s, :x)")
IO.inspect(Sets.rescued(fn -> MapSet.filter(:x, fn x -> x end) end), label: "filter(:x)")
IO.inspect(Sets.rescued(fn -> MapSet.filter(MapSet.new(), :x) end), label: "filter no fun")
IO.inspect(Sets.rescued(fn -> MapSet.filter(%MapSet{map: :x}, & &1) end), label: "filter, broken")
IO.inspect(Sets.rescued(fn -> MapSet.put(%MapSet{map: :x}, 1) end), label: "put, broken")
IO.inspect(Sets.rescued(fn -> Enum.count(%MapSet{map: :x}) end), label: "count, broken")
IO.inspect(Sets.rescued(fn -> Enum.into([1], %MapSet{map: :x}) end), label: "into, broken")
IO.inspect(Sets.exit_of(fn -> MapSet.size(:x) end), label: "size(:x) exit")
IO.inspect(Sets.exit_of(fn -> MapSet.reject(s, fn _a, _b -> true end) end) |> elem(0), label: "reject arity 2 exit")

# Tasks' results gathered into a set: duplicates once, whatever order they finish in.
seen =
  [30, 10, 20, 10]
  |> Enum.map(fn ms -> Task.async(fn -> Process.sleep(ms); rem(ms, 20) end) end)
  |> Enum.map(&Task.await/1)
  |> MapSet.new()
IO.inspect(seen, label: "results")

# expect:
#   0ms main log new: MapSet.new([1, 2, 3])
#   0ms main log new/0: MapSet.new([])
#   0ms main log new of a map: MapSet.new([a: 1])
#   0ms main log new of a set: true
#   0ms main log new of a range: MapSet.new([1, 2, 3])
#   0ms main log new/2: MapSet.new([0, 1])
#   0ms main log new of a stream: MapSet.new([1, 2])
#   0ms main log put: MapSet.new([0, 1, 2, 3])
#   0ms main log put again: true
#   0ms main log delete: {MapSet.new([1, 3]), MapSet.new([1, 2, 3])}
#   0ms main log member?: {true, false, false}
#   0ms main log size: 3
#   0ms main log to_list: [3, :a, :b, {1}, "s"]
#   0ms main log union: MapSet.new([1, 2, 3, 4])
#   0ms main log intersection: MapSet.new([2, 3])
#   0ms main log difference: MapSet.new([1])
#   0ms main log symmetric_difference: MapSet.new([1, 4])
#   0ms main log subset?: {true, false}
#   0ms main log disjoint?: {false, true}
#   0ms main log equal?: {true, false}
#   0ms main log filter: MapSet.new([2, 3])
#   0ms main log reject: MapSet.new([1])
#   0ms main log Enum: {3, true, [1, 2, 3], 2}
#   0ms main log Enum more: {6, [3, 2, 1], [2, 3]}
#   0ms main log reduce: 6
#   0ms main log into: MapSet.new([1, 4, 5])
#   0ms main log into/3: MapSet.new([2, 4, 7])
#   0ms main log into a map: %{a: 1}
#   0ms main log for into: MapSet.new([3, 6])
#   0ms main log for over: [10, 20, 30]
#   0ms main log random: 4
#   0ms main log nested: %{in_list: [MapSet.new([1, 2, 3])], set: MapSet.new([1, 2, 3])}
#   0ms main log interpolated: MapSet.new([a: 1, b: 2])
#   0ms main log set of sets: MapSet.new([MapSet.new([1])])
#   0ms main log as a key: %{MapSet.new([1]) => 1}
#   0ms main log order: {true, [MapSet.new([1]), MapSet.new([2])]}
#   0ms main log uniq: [MapSet.new([1])]
#   0ms main log a struct: {true, true, true}
#   0ms main log its map: %{1 => [], 2 => [], 3 => []}
#   0ms main log charlists: {MapSet.new([97, 98]), MapSet.new([%{a: [120]}, [104, 105]]), 'hi'}
#   0ms main log put keeps the version: 9
#   0ms main log equal? compares maps: false
#   0ms main log new of a broken set: true
#   0ms main log difference, large first: MapSet.new([1, 3, 4, 5, 6])
#   0ms main rescue %Protocol.UndefinedError{protocol: Enumerable, value: :x, description: ""}
#   0ms main log new(:x): %Protocol.UndefinedError{protocol: Enumerable, value: :x, description: ""}
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :new, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log new/2 no fun: %FunctionClauseError{\n  module: MapSet,\n  function: :new,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :put, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log put(%{}): %FunctionClauseError{\n  module: MapSet,\n  function: :put,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :delete, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log delete(:x): %FunctionClauseError{\n  module: MapSet,\n  function: :delete,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :member?, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log member?(:x): %FunctionClauseError{\n  module: MapSet,\n  function: :member?,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :size, arity: 1, kind: nil, args: nil, clauses: nil}
#   0ms main log size(%{}): %FunctionClauseError{\n  module: MapSet,\n  function: :size,\n  arity: 1,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :to_list, arity: 1, kind: nil, args: nil, clauses: nil}
#   0ms main log to_list(:x): %FunctionClauseError{\n  module: MapSet,\n  function: :to_list,\n  arity: 1,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :union, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log union(:x, s): %FunctionClauseError{\n  module: MapSet,\n  function: :union,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :intersection, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log intersection(s, :x): %FunctionClauseError{\n  module: MapSet,\n  function: :intersection,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :difference, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log difference(s, list): %FunctionClauseError{\n  module: MapSet,\n  function: :difference,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :subset?, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log subset?(s, :x): %FunctionClauseError{\n  module: MapSet,\n  function: :subset?,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :equal?, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log equal?(s, list): %FunctionClauseError{\n  module: MapSet,\n  function: :equal?,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :disjoint?, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log disjoint?(s, :x): %FunctionClauseError{\n  module: MapSet,\n  function: :disjoint?,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :filter, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log filter(:x): %FunctionClauseError{\n  module: MapSet,\n  function: :filter,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :filter, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log filter no fun: %FunctionClauseError{\n  module: MapSet,\n  function: :filter,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: MapSet, function: :filter, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log filter, broken: %FunctionClauseError{\n  module: MapSet,\n  function: :filter,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %BadMapError{term: :x}
#   0ms main log put, broken: %BadMapError{term: :x}
#   0ms main rescue %BadMapError{term: :x}
#   0ms main log count, broken: %BadMapError{term: :x}
#   0ms main rescue %BadMapError{term: :x}
#   0ms main log into, broken: %BadMapError{term: :x}
#   0ms main log size(:x) exit: {:function_clause, []}
#   0ms main log reject arity 2 exit: {:badarity, {#Opaque<Function>, [1]}}
#   0ms main.spawn_monitor exit {:function_clause, []}
#   0ms main.spawn_monitor#2 exit {{:badarity, {#Opaque<Function>, [1]}}, []}
#   10ms main.async#2 exit :normal
#   10ms main.async#4 exit :normal
#   20ms main.async#3 exit :normal
#   30ms main log results: MapSet.new([0, 10])
#   30ms main exit :normal
#   30ms main.async exit :normal
