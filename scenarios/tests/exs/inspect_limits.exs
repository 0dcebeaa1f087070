# name: InspectLimits
# description: inspect/2 and IO.inspect/2 as 1.14 shows terms: 50 elements of a container and then `...` (nested containers get what is left), 4096 characters of a string or charlist, the :limit, :printable_limit and :charlists options, atoms quoted only where the tokenizer needs it, keyword keys quoted, exception messages cut as inspect cuts them, and pids of tasks in keyword positions

defmodule Show do
  def rescued(f) do
    try do
      f.()
    rescue
      e -> Exception.message(e)
    end
  end
end

long = Enum.to_list(1..60)
IO.inspect(long, label: "IO.inspect of 60")
IO.puts("inspect of 60: " <> inspect(long))
IO.puts("exactly 50: " <> inspect(Enum.to_list(1..50)))
IO.puts("51: " <> inspect(Enum.to_list(1..51)))
IO.puts("nested: " <> inspect([Enum.to_list(1..60)]))
IO.puts("nested late: " <> inspect(Enum.to_list(1..48) ++ [Enum.to_list(1..5), [1, 2], {3, 4}]))
IO.puts("limit 0 inside: " <> inspect(Enum.to_list(1..49) ++ [[1], {2}, %{a: 1}]))
IO.puts("tuple: " <> inspect(List.to_tuple(Enum.to_list(1..55))))
IO.puts("map: " <> inspect(Map.new(1..30, fn i -> {i, i} end), limit: 20))
IO.puts("keyword: " <> inspect(Enum.map(1..52, fn i -> {:k, i} end)))
IO.puts("limit 3: " <> inspect(long, limit: 3))
IO.puts("limit 0: " <> inspect(long, limit: 0))
IO.puts("limit infinity: " <> inspect(long, limit: :infinity))
IO.inspect(long, label: "IO limit 5", limit: 5)
IO.puts("charlist as list: " <> inspect('abc', charlists: :as_lists))
IO.puts("map in limit: " <> inspect(%{a: long, b: [1, 2]}, limit: 4))
IO.puts("set: " <> inspect(MapSet.new(1..30), limit: 7))
IO.puts("range: " <> inspect(1..1000))
IO.puts("binary: " <> inspect(String.duplicate("\x01", 60)))
s = String.duplicate("ab", 2100)
IO.puts("long string: " <> inspect(s))
IO.puts("printable_limit 5: " <> inspect("hello world", printable_limit: 5))
IO.puts("charlist long: " <> inspect(List.duplicate(?a, 5000)))
IO.puts("charlist printable_limit 3: " <> inspect('abcdef', printable_limit: 3))
IO.puts("string in list: " <> inspect(["hello", "world"], printable_limit: 2))

atoms = [:+, :-, :when, :and, :in, :not, :"::", :"^^^", :%, :%{}, :{}, :<<>>, :..., :.., :.,
  :"..//", :->, :"//", :"\\\\", :|>, :=, :|, :@, :&, :!, :^, :**, :<>, :++, :"a b", :é,
  :"Elixir.foo", Elixir, Foo, :Foo, :"Foo.Bar", :foo@bar, :foo@, :"@foo", :foo?, :"foo?!",
  :"foo!x", :_, :_1, :"1a", :"", :日本, :"a-b", :"ok\n", :"foo.bar", :"Elixir.Foo.bar",
  :"aΩ", :ω1, :"a\u0300", :"\u0001x"]
for a <- atoms, do: IO.puts("atom: " <> inspect(a))
IO.inspect(atoms, label: "atoms")
IO.puts("keys: " <> inspect([{:"a b", 1}, {nil, 2}, {true, 3}, {:+, 4}, {:"::", 6}, {:é, 7}, {:Foo, 8}, {Elixir, 9}]))
IO.puts("not keyword: " <> inspect([{:a, 1}, {Foo, 5}]))
IO.puts("map keys: " <> inspect(%{:"a b" => 1, nil => 2, :é => 3}))
IO.puts("map module key: " <> inspect(%{Foo => 1, :a => 2}))

IO.puts("match: " <> Show.rescued(fn -> {:x} = List.to_tuple(long) end))
IO.puts("key: " <> Show.rescued(fn -> Map.fetch!(%{list: long}, :nope) end))
IO.puts("case: " <> Show.rescued(fn -> case long do [] -> :empty end end))

task = Task.async(fn -> :done end)
Task.await(task)
IO.inspect([{task.pid, 1}], label: "pid key")
IO.inspect(%{task.pid => 1}, label: "pid map key")
IO.inspect([{task.ref, :r}], label: "ref key")


IO.puts("as_charlists: " <> inspect([104, 105, 1000], charlists: :as_charlists))
IO.puts("range without step: " <> inspect(Map.delete(1..3, :step)))
IO.puts("set as a map: " <> inspect(Map.put(MapSet.new([1, 2]), :extra, 1)))
IO.puts("atoms: " <> inspect([:"Ⅻ", :"ſ", :"a℮", :"a·b", :"ab\u200d", :"Elixir.#foo"]))

defmodule Bad do
  def exit_of(f) do
    {pid, ref} = spawn_monitor(f)
    receive do
      {:DOWN, ^ref, :process, ^pid, reason} -> reason
    end
  end
end

IO.inspect(Bad.exit_of(fn -> inspect(1, limit: -1) end), label: "limit -1")
IO.inspect(Bad.exit_of(fn -> inspect(1, [:foo]) end), label: "not a keyword list")
IO.inspect(Bad.exit_of(fn -> IO.inspect(1, printable_limit: "x") end), label: "IO.inspect bad option")

# expect:
#   0ms main log IO.inspect of 60: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,\n 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42,\n 43, 44, 45, 46, 47, 48, 49, 50, ...]
#   0ms main log inspect of 60: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, ...]
#   0ms main log exactly 50: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50]
#   0ms main log 51: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, ...]
#   0ms main log nested: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, ...]]
#   0ms main log nested late: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, [1, ...], [...], ...]
#   0ms main log limit 0 inside: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, [...], ...]
#   0ms main log tuple: {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, ...}
#   0ms main log map: %{1 => 1, 2 => 2, 3 => 3, 4 => 4, 5 => 5, 6 => 6, 7 => 7, 8 => 8, 9 => 9, 10 => 10, 11 => 11, 12 => 12, 13 => 13, 14 => 14, 15 => 15, 16 => 16, 17 => 17, 18 => 18, 19 => 19, 20 => 20, ...}
#   0ms main log keyword: [k: 1, k: 2, k: 3, k: 4, k: 5, k: 6, k: 7, k: 8, k: 9, k: 10, k: 11, k: 12, k: 13, k: 14, k: 15, k: 16, k: 17, k: 18, k: 19, k: 20, k: 21, k: 22, k: 23, k: 24, k: 25, k: 26, k: 27, k: 28, k: 29, k: 30, k: 31, k: 32, k: 33, k: 34, k: 35, k: 36, k: 37, k: 38, k: 39, k: 40, k: 41, k: 42, k: 43, k: 44, k: 45, k: 46, k: 47, k: 48, k: 49, k: 50, ...]
#   0ms main log limit 3: [1, 2, 3, ...]
#   0ms main log limit 0: [...]
#   0ms main log limit infinity: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60]
#   0ms main log IO limit 5: [1, 2, 3, 4, 5, ...]
#   0ms main log charlist as list: [97, 98, 99]
#   0ms main log map in limit: %{a: [1, 2, 3, ...], b: [1, 2]}
#   0ms main log set: MapSet.new([1, 2, 3, 4, 5, 6, 7, ...])
#   0ms main log range: 1..1000
#   0ms main log binary: <<1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, ...>>
#   0ms main log long string: "abababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababab" <> ...
#   0ms main log printable_limit 5: "hello" <> ...
#   0ms main log charlist long: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' ++ ...
#   0ms main log charlist printable_limit 3: 'abc' ++ ...
#   0ms main log string in list: ["he" <> ..., "wo" <> ...]
#   0ms main log atom: :+
#   0ms main log atom: :-
#   0ms main log atom: :when
#   0ms main log atom: :and
#   0ms main log atom: :in
#   0ms main log atom: :not
#   0ms main log atom: :"::"
#   0ms main log atom: :"^^^"
#   0ms main log atom: :%
#   0ms main log atom: :%{}
#   0ms main log atom: :{}
#   0ms main log atom: :<<>>
#   0ms main log atom: :...
#   0ms main log atom: :..
#   0ms main log atom: :.
#   0ms main log atom: :..//
#   0ms main log atom: :->
#   0ms main log atom: :"//"
#   0ms main log atom: :\\
#   0ms main log atom: :|>
#   0ms main log atom: :=
#   0ms main log atom: :|
#   0ms main log atom: :@
#   0ms main log atom: :&
#   0ms main log atom: :!
#   0ms main log atom: :^
#   0ms main log atom: :**
#   0ms main log atom: :<>
#   0ms main log atom: :++
#   0ms main log atom: :"a b"
#   0ms main log atom: :é
#   0ms main log atom: :"Elixir.foo"
#   0ms main log atom: Elixir
#   0ms main log atom: Foo
#   0ms main log atom: :Foo
#   0ms main log atom: :"Foo.Bar"
#   0ms main log atom: :foo@bar
#   0ms main log atom: :foo@
#   0ms main log atom: :"@foo"
#   0ms main log atom: :foo?
#   0ms main log atom: :"foo?!"
#   0ms main log atom: :"foo!x"
#   0ms main log atom: :_
#   0ms main log atom: :_1
#   0ms main log atom: :"1a"
#   0ms main log atom: :""
#   0ms main log atom: :日本
#   0ms main log atom: :"a-b"
#   0ms main log atom: :"ok\n"
#   0ms main log atom: :"foo.bar"
#   0ms main log atom: :"Elixir.Foo.bar"
#   0ms main log atom: :"aΩ"
#   0ms main log atom: :ω1
#   0ms main log atom: :"à"
#   0ms main log atom: :"\x01x"
#   0ms main log atoms: [:+, :-, :when, :and, :in, :not, :"::", :"^^^", :%, :%{}, :{}, :<<>>, :..., :..,\n :., :..//, :->, :"//", :\\, :|>, :=, :|, :@, :&, :!, :^, :**, :<>, :++, :"a b",\n :é, :"Elixir.foo", Elixir, Foo, :Foo, :"Foo.Bar", :foo@bar, :foo@, :"@foo",\n :foo?, :"foo?!", :"foo!x", :_, :_1, :"1a", :"", :日本, :"a-b", :"ok\n",\n :"foo.bar", ...]
#   0ms main log keys: ["a b": 1, nil: 2, true: 3, +: 4, "::": 6, é: 7, Foo: 8, "Elixir": 9]
#   0ms main log not keyword: [{:a, 1}, {Foo, 5}]
#   0ms main log map keys: %{"a b": 1, nil: 2, é: 3}
#   0ms main log map module key: %{Foo => 1, :a => 2}
#   0ms main rescue %MatchError{term: {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60}}
#   0ms main log match: no match of right hand side value: {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, ...}
#   0ms main rescue %KeyError{key: :nope, term: %{list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60]}, message: nil}
#   0ms main log key: key :nope not found in: %{list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, ...]}
#   0ms main rescue %CaseClauseError{term: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60]}
#   0ms main log case: no case clause matching: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, ...]
#   0ms main log pid key: [{#PID<main.task>, 1}]
#   0ms main log pid map key: %{#PID<main.task> => 1}
#   0ms main log ref key: [{#Reference<main.task>, :r}]
#   0ms main log as_charlists: 'hiϨ'
#   0ms main log range without step: 1..3
#   0ms main log set as a map: MapSet.new([1, 2])
#   0ms main log atoms: [:"Ⅻ", :"ſ", :"a℮", :a·b, :"ab‍", :"Elixir.#foo"]
#   0ms main log limit -1: :normal
#   0ms main log not a keyword list: {:function_clause, []}
#   0ms main log IO.inspect bad option: :normal
#   0ms main exit :normal
#   0ms main.spawn_monitor exit :normal
#   0ms main.spawn_monitor#2 exit {:function_clause, []}
#   0ms main.spawn_monitor#3 log 1
#   0ms main.spawn_monitor#3 exit :normal
#   0ms main.task exit :normal
