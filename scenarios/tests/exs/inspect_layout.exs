# name: InspectLayout
# description: IO.inspect lays its text out in lines of 80 (or :width) as Inspect.Algebra does: flex tuples and lists of text, strict maps, structs and keyword lists, labels outside the layout, inspect/2 on one line unless pretty: true (checked against elixir itself)

defmodule S do
  defstruct [:id, :name, :tags, :meta, count: 0]
  def show do
    IO.inspect(%S{id: 1, name: "a fairly long name for a struct field", tags: [:a, :b, :c], meta: %{x: 1}})
    IO.inspect(%S{id: 1})
  end
end
S.show()
IO.inspect({:child, :undefined, :err, {Starter, :error, []}, :permanent, false, 5000, :worker, [Starter]})
IO.inspect(%{id: :users, restart: :temporary, shutdown: 100, start: {Cache, :start_link, [:users]}})
IO.inspect(Enum.to_list(1..40))
IO.inspect(Enum.map(1..30, &{&1, &1 * 2}))
IO.inspect([a: 1, b: "two", c: [3, 4, 5], d: %{e: 6, f: {7, 8}}, g: "a long string value that takes room"])
IO.inspect(Map.new(1..12, fn i -> {"key#{i}", [i, i * i, i * i * i]} end))
IO.inspect(MapSet.new(1..40))
IO.inspect({{:error, {:badmatch, [1, 2, 3]}}, [{Mod, :fun, 2, [file: 'x.ex', line: 10]}, {Mod, :other, 1, [file: 'y.ex', line: 20]}, :not_a_frame]})
IO.inspect(String.duplicate("abc", 40))
IO.inspect([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12], [13, 14, 15], [16, 17, 18], [19, 20]])
IO.inspect(%{"a" => %{"b" => %{"c" => %{"d" => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]}}}})
IO.inspect({:ok, %{users: [%{name: "alice", age: 30}, %{name: "bob", age: 25}], total: 2, page: 1}})
IO.inspect(Enum.to_list(1..100))
IO.inspect(Enum.to_list(1..30), label: "thirty with a label that is long")
IO.inspect(Enum.to_list(1..30), width: 20)
IO.inspect(Enum.to_list(1..30), width: 0)
IO.inspect(%{a: 1, b: 2}, width: 0)
IO.inspect({1, 2}, width: 0)
IO.inspect(Enum.to_list(1..30), width: :infinity)
IO.inspect(1..10)
IO.inspect(['abc', 'def', :x, "y", 1.5, nil, true])
IO.inspect(%{1 => :a, :b => 2, "c" => [1, 2], {1, 2} => %{}})
IO.inspect(List.duplicate(%{a: 1}, 10))
IO.inspect({[], %{}, {}, "", ''})
IO.inspect(Enum.map(1..8, fn i -> String.duplicate("x", i * 3) end))
IO.inspect(Enum.to_list(1..60), limit: 10)
IO.inspect(%{z: 1, y: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]})
try do
  raise "something went terribly wrong in the middle of the night"
rescue
  e -> IO.inspect(e)
end
IO.inspect([1 | [2, 3]])
IO.inspect({:a, [b: 1, c: 2, d: 3, e: 4, f: 5, g: 6, h: 7, i: 8, j: 9, k: 10, l: 11, m: 12, n: 13]})

defmodule Inner do
  defstruct a: 1, b: [1, 2, 3], c: "inner"
end
defmodule Outer do
  defstruct [:inner, :list, :name]
  def show do
    o = %Outer{inner: %Inner{}, list: Enum.to_list(1..25), name: "outer ünïcödé ñame with accents"}
    IO.inspect(o)
    IO.inspect([o, o])
    IO.puts(inspect(o, pretty: true))
    IO.puts(inspect(o, pretty: true, width: 40))
    IO.puts(inspect(o))
    IO.puts(inspect(Enum.to_list(1..40), pretty: true))
  end
end
Outer.show()
pid = spawn(fn -> :ok end)
IO.inspect(%{pid: pid, pids: List.duplicate(pid, 6), ref: make_ref(), me: self()})
IO.inspect("ünïcödé strings count bytes ünïcödé strings count bytes ünïcödé strings count")
IO.inspect(["ünïcödé", "ünïcödé", "ünïcödé", "ünïcödé", "ünïcödé", "ünïcödé", "ünïcödé", "ü"])
IO.inspect({:ok, {:nested, {:deeper, {:deepest, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]}}}})
IO.inspect(%{"a long key that goes on and on" => "a long value that goes on and on as well", b: 2})
IO.inspect([{:a, 1}, {"b", 2}, {:c, 3}, {:d, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]}])
IO.inspect(Enum.to_list(1..20), width: 10, label: "w10")
IO.inspect(%{a: [1, 2, 3]}, width: 5)
IO.inspect({:a, :b}, width: 3)
IO.inspect(Enum.to_list(1..60), limit: :infinity)
IO.inspect([1, 2, 3], charlists: :as_lists, width: 4)
IO.inspect('hello world this is a long charlist that exceeds the width of eighty chars')
IO.inspect(Enum.map(1..5, fn i -> {i, Enum.to_list(1..i)} end))
IO.inspect(Enum.map(1..12, fn i -> {i, Enum.to_list(1..i)} end))
IO.inspect({1, [2, 3], %{4 => 5}, "six", :seven, 8.0, nil, [nine: 9], {10}, MapSet.new([11]), 12..13, 'fourteen'})
IO.inspect(Enum.map(1..10, fn i -> {String.to_atom("key_#{i}"), i} end))
IO.inspect(%{list: [], map: %{}, tuple: {}, string: "", nested: %{a: %{b: %{c: %{}}}}, x: 11111111111111})

# A width that is no count fails in Inspect.Algebra.format/2's guard; inspect/2 reads it
# only with pretty: true.
try do
  IO.inspect([1, 2], width: -1)
rescue
  e -> IO.puts("io: " <> Exception.message(e))
end
try do
  IO.puts(inspect([1, 2], pretty: true, width: :wide))
rescue
  e -> IO.puts("inspect: " <> Exception.message(e))
end
IO.puts(inspect([1, 2], pretty: false, width: :wide))
IO.puts(inspect(Enum.to_list(1..30), width: 10))

# expect:
#   0ms main log %S{\n  id: 1,\n  name: "a fairly long name for a struct field",\n  tags: [:a, :b, :c],\n  meta: %{x: 1},\n  count: 0\n}
#   0ms main log %S{id: 1, name: nil, tags: nil, meta: nil, count: 0}
#   0ms main log {:child, :undefined, :err, {Starter, :error, []}, :permanent, false, 5000,\n :worker, [Starter]}
#   0ms main log %{\n  id: :users,\n  restart: :temporary,\n  shutdown: 100,\n  start: {Cache, :start_link, [:users]}\n}
#   0ms main log [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,\n 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40]
#   0ms main log [\n  {1, 2},\n  {2, 4},\n  {3, 6},\n  {4, 8},\n  {5, 10},\n  {6, 12},\n  {7, 14},\n  {8, 16},\n  {9, 18},\n  {10, 20},\n  {11, 22},\n  {12, 24},\n  {13, 26},\n  {14, 28},\n  {15, 30},\n  {16, 32},\n  {17, 34},\n  {18, 36},\n  {19, 38},\n  {20, 40},\n  {21, 42},\n  {22, 44},\n  {23, 46},\n  {24, 48},\n  {25, 50},\n  {26, 52},\n  {27, 54},\n  {28, 56},\n  {29, 58},\n  {30, 60}\n]
#   0ms main log [\n  a: 1,\n  b: "two",\n  c: [3, 4, 5],\n  d: %{e: 6, f: {7, 8}},\n  g: "a long string value that takes room"\n]
#   0ms main log %{\n  "key1" => [1, 1, 1],\n  "key10" => [10, 100, 1000],\n  "key11" => [11, 121, 1331],\n  "key12" => [12, 144, 1728],\n  "key2" => [2, 4, 8],\n  "key3" => [3, 9, 27],\n  "key4" => [4, 16, 64],\n  "key5" => [5, 25, 125],\n  "key6" => [6, 36, 216],\n  "key7" => [7, 49, 343],\n  "key8" => [8, 64, 512],\n  "key9" => [9, 81, 729]\n}
#   0ms main log MapSet.new([33, 12, 23, 29, 30, 39, 26, 31, 11, 37, 9, 32, 34, 25, 28, 6, 38,\n 13, 40, 20, 15, 14, 2, 7, 1, 8, 3, 17, 22, 21, 4, 36, 24, 10, 35, 27, 19, 5,\n 18, 16])
#   0ms main log {{:error, {:badmatch, [1, 2, 3]}},\n [\n   {Mod, :fun, 2, [file: 'x.ex', line: 10]},\n   {Mod, :other, 1, [file: 'y.ex', line: 20]},\n   :not_a_frame\n ]}
#   0ms main log "abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc"
#   0ms main log [[1, 2, 3], [4, 5, 6], '\a\b\t', '\n\v\f', [13, 14, 15], [16, 17, 18], [19, 20]]
#   0ms main log %{\n  "a" => %{\n    "b" => %{\n      "c" => %{"d" => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]}\n    }\n  }\n}
#   0ms main log {:ok,\n %{\n   page: 1,\n   total: 2,\n   users: [%{age: 30, name: "alice"}, %{age: 25, name: "bob"}]\n }}
#   0ms main log [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,\n 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42,\n 43, 44, 45, 46, 47, 48, 49, 50, ...]
#   0ms main log thirty with a label that is long: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,\n 23, 24, 25, 26, 27, 28, 29, 30]
#   0ms main log [1, 2, 3, 4, 5, 6,\n 7, 8, 9, 10, 11,\n 12, 13, 14, 15, 16,\n 17, 18, 19, 20, 21,\n 22, 23, 24, 25, 26,\n 27, 28, 29, 30]
#   0ms main log [1,\n 2,\n 3,\n 4,\n 5,\n 6,\n 7,\n 8,\n 9,\n 10,\n 11,\n 12,\n 13,\n 14,\n 15,\n 16,\n 17,\n 18,\n 19,\n 20,\n 21,\n 22,\n 23,\n 24,\n 25,\n 26,\n 27,\n 28,\n 29,\n 30]
#   0ms main log %{\n  a: 1,\n  b: 2\n}
#   0ms main log {1,\n 2}
#   0ms main log [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]
#   0ms main log 1..10
#   0ms main log ['abc', 'def', :x, "y", 1.5, nil, true]
#   0ms main log %{1 => :a, :b => 2, {1, 2} => %{}, "c" => [1, 2]}
#   0ms main log [\n  %{a: 1},\n  %{a: 1},\n  %{a: 1},\n  %{a: 1},\n  %{a: 1},\n  %{a: 1},\n  %{a: 1},\n  %{a: 1},\n  %{a: 1},\n  %{a: 1}\n]
#   0ms main log {[], %{}, {}, "", []}
#   0ms main log ["xxx", "xxxxxx", "xxxxxxxxx", "xxxxxxxxxxxx", "xxxxxxxxxxxxxxx",\n "xxxxxxxxxxxxxxxxxx", "xxxxxxxxxxxxxxxxxxxxx", "xxxxxxxxxxxxxxxxxxxxxxxx"]
#   0ms main log [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...]
#   0ms main log %{\n  y: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,\n   22, 23, 24, 25],\n  z: 1\n}
#   0ms main rescue %RuntimeError{message: "something went terribly wrong in the middle of the night"}
#   0ms main log %RuntimeError{\n  message: "something went terribly wrong in the middle of the night"\n}
#   0ms main log [1, 2, 3]
#   0ms main log {:a,\n [\n   b: 1,\n   c: 2,\n   d: 3,\n   e: 4,\n   f: 5,\n   g: 6,\n   h: 7,\n   i: 8,\n   j: 9,\n   k: 10,\n   l: 11,\n   m: 12,\n   n: 13\n ]}
#   0ms main log %Outer{\n  inner: %Inner{a: 1, b: [1, 2, 3], c: "inner"},\n  list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,\n   21, 22, 23, 24, 25],\n  name: "outer ünïcödé ñame with accents"\n}
#   0ms main log [\n  %Outer{\n    inner: %Inner{a: 1, b: [1, 2, 3], c: "inner"},\n    list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,\n     20, 21, 22, 23, 24, 25],\n    name: "outer ünïcödé ñame with accents"\n  },\n  %Outer{\n    inner: %Inner{a: 1, b: [1, 2, 3], c: "inner"},\n    list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,\n     20, 21, 22, 23, 24, 25],\n    name: "outer ünïcödé ñame with accents"\n  }\n]
#   0ms main log %Outer{\n  inner: %Inner{a: 1, b: [1, 2, 3], c: "inner"},\n  list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,\n   21, 22, 23, 24, 25],\n  name: "outer ünïcödé ñame with accents"\n}
#   0ms main log %Outer{\n  inner: %Inner{\n    a: 1,\n    b: [1, 2, 3],\n    c: "inner"\n  },\n  list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10,\n   11, 12, 13, 14, 15, 16, 17, 18, 19,\n   20, 21, 22, 23, 24, 25],\n  name: "outer ünïcödé ñame with accents"\n}
#   0ms main log %Outer{inner: %Inner{a: 1, b: [1, 2, 3], c: "inner"}, list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25], name: "outer ünïcödé ñame with accents"}
#   0ms main log [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,\n 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40]
#   0ms main log %{\n  me: #PID<main>,\n  pid: #PID<main.pid>,\n  pids: [#PID<main.pid>, #PID<main.pid>, #PID<main.pid>, #PID<main.pid>,\n   #PID<main.pid>, #PID<main.pid>],\n  ref: #Reference<0.0.0.1>\n}
#   0ms main log "ünïcödé strings count bytes ünïcödé strings count bytes ünïcödé strings count"
#   0ms main log ["ünïcödé", "ünïcödé", "ünïcödé", "ünïcödé", "ünïcödé",\n "ünïcödé", "ünïcödé", "ü"]
#   0ms main log {:ok,\n {:nested,\n  {:deeper, {:deepest, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]}}}}
#   0ms main log %{\n  :b => 2,\n  "a long key that goes on and on" => "a long value that goes on and on as well"\n}
#   0ms main log [\n  {:a, 1},\n  {"b", 2},\n  {:c, 3},\n  {:d, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]}\n]
#   0ms main log w10: [1, 2, 3,\n 4, 5, 6,\n 7, 8, 9,\n 10, 11,\n 12, 13,\n 14, 15,\n 16, 17,\n 18, 19,\n 20]
#   0ms main log %{\n  a: [1,\n   2,\n   3]\n}
#   0ms main log {:a,\n :b}
#   0ms main log [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,\n 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42,\n 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60]
#   0ms main log [1,\n 2,\n 3]
#   0ms main log 'hello world this is a long charlist that exceeds the width of eighty chars'
#   0ms main log [{1, [1]}, {2, [1, 2]}, {3, [1, 2, 3]}, {4, [1, 2, 3, 4]}, {5, [1, 2, 3, 4, 5]}]
#   0ms main log [\n  {1, [1]},\n  {2, [1, 2]},\n  {3, [1, 2, 3]},\n  {4, [1, 2, 3, 4]},\n  {5, [1, 2, 3, 4, 5]},\n  {6, [1, 2, 3, 4, 5, 6]},\n  {7, [1, 2, 3, 4, 5, 6, 7]},\n  {8, [1, 2, 3, 4, 5, 6, 7, 8]},\n  {9, [1, 2, 3, 4, 5, 6, 7, 8, 9]},\n  {10, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]},\n  {11, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]},\n  {12, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}\n]
#   0ms main log {1, [2, 3], %{4 => 5}, "six", :seven, 8.0, nil, [nine: 9], {10},\n MapSet.new([11]), 12..13, 'fourteen'}
#   0ms main log [\n  key_1: 1,\n  key_2: 2,\n  key_3: 3,\n  key_4: 4,\n  key_5: 5,\n  key_6: 6,\n  key_7: 7,\n  key_8: 8,\n  key_9: 9,\n  key_10: 10\n]
#   0ms main log %{\n  list: [],\n  map: %{},\n  nested: %{a: %{b: %{c: %{}}}},\n  string: "",\n  tuple: {},\n  x: 11111111111111\n}
#   0ms main rescue %FunctionClauseError{module: Inspect.Algebra, function: :format, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log io: no function clause matching in Inspect.Algebra.format/2
#   0ms main rescue %FunctionClauseError{module: Inspect.Algebra, function: :format, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log inspect: no function clause matching in Inspect.Algebra.format/2
#   0ms main log [1, 2]
#   0ms main log [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]
#   0ms main exit :normal
#   0ms main.pid exit :normal
