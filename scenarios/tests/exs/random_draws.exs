# name: RandomDraws
# description: :rand.uniform/1, Enum.random/1, Enum.shuffle/1 and Enum.take_random/2 (draws the simulator takes as decisions): what a draw may give, what answers without drawing, and the errors each raises, in a task and rescued

defmodule Draws do
  def exit_of(f) do
    {pid, ref} = spawn_monitor(f)
    receive do
      {:DOWN, ^ref, :process, ^pid, reason} -> reason
    end
  end

  def rescued(f) do
    try do
      f.()
    rescue
      e -> e
    end
  end
end

n = :rand.uniform(6)
IO.inspect(n in 1..6, label: "uniform(6) in 1..6")
IO.inspect(:rand.uniform(1), label: "uniform(1)")
big = :rand.uniform(1_000_000_000_000)
IO.inspect(big >= 1 and big <= 1_000_000_000_000, label: "uniform of a wide range")
IO.inspect(Enum.random([:only]), label: "random of one")
IO.inspect(Enum.random([:a, :b, :c]) in [:a, :b, :c], label: "random member")
IO.inspect(Enum.random(%{a: 1}), label: "random of a map")
IO.inspect(Enum.random(5..5), label: "random of 5..5")
x = Enum.random(1..1_000_000_000_000)
IO.inspect(x >= 1 and x <= 1_000_000_000_000, label: "random of a long range")
IO.inspect(Enum.shuffle([3, 1, 2]) |> Enum.sort(), label: "shuffle, sorted")
IO.inspect(Enum.shuffle([]), label: "shuffle []")
IO.inspect(Enum.shuffle(%{b: 2}), label: "shuffle a map")
IO.inspect(Enum.take_random(1..10, 3) |> length(), label: "take_random 3 of 10")
IO.inspect(Enum.take_random([1, 2, 3], 5) |> Enum.sort(), label: "take_random 5 of 3")
IO.inspect(Enum.take_random(%{k: :v}, 1), label: "take_random of a map")
IO.inspect(Enum.take_random(:x, 0), label: "take_random(:x, 0)")
IO.inspect(Enum.take_random([], -1), label: "take_random([], -1)")
IO.inspect(Enum.take_random([], :a), label: "take_random([], :a)")
IO.inspect(Enum.take_random(%Range{first: 1, last: 3, step: 0}, 2), label: "take_random of a step-0 range")

# A stream is run to its end first, except where a count of 0 answers without it.
s = Stream.map([1, 2], fn x -> IO.puts("pulled #{x}"); x end)
IO.inspect(Enum.take_random(s, 0), label: "take_random of a stream, 0")
IO.inspect(Enum.random(Stream.map([5], & &1)), label: "random of a stream")
IO.inspect(Enum.shuffle(s) |> Enum.sort(), label: "shuffle of a stream")
# take_random's clauses come first: [] and a bad count answer without running a stream.
IO.inspect(Enum.take_random([], s), label: "take_random([], stream)")
IO.inspect(Draws.rescued(fn -> Enum.take_random([1], s) end), label: "take_random count a stream")
IO.inspect(Draws.rescued(fn -> Enum.take_random(s, -1) end), label: "take_random(stream, -1)")

# What each raises: as a task's exit reason (no stacktrace in the simulator's), and rescued.
IO.inspect(Draws.exit_of(fn -> :rand.uniform(0) end), label: "uniform(0) exit")
IO.inspect(Draws.rescued(fn -> :rand.uniform(-2) end), label: "uniform(-2)")
IO.inspect(Draws.rescued(fn -> :rand.uniform(:a) end), label: "uniform(:a)")
IO.inspect(Draws.exit_of(fn -> Enum.random([]) end), label: "random([]) exit")
IO.inspect(Draws.rescued(fn -> Enum.random(:x) end), label: "random(:x)")
IO.inspect(Draws.rescued(fn -> Enum.shuffle(:x) end), label: "shuffle(:x)")
IO.inspect(Draws.rescued(fn -> Enum.take_random([1], -1) end), label: "take_random([1], -1)")
IO.inspect(Draws.rescued(fn -> Enum.take_random(:x, -1) end), label: "take_random(:x, -1)")
IO.inspect(Draws.rescued(fn -> Enum.take_random(:x, 1) end), label: "take_random(:x, 1)")
IO.inspect(Draws.exit_of(fn -> Enum.take_random([1, 2], :a) end), label: "take_random count :a exit")

# Tasks draw too (each draw is the run's decision, whichever process takes it); what they
# return does not depend on the draws.
results =
  1..4
  |> Enum.map(fn i ->
    Task.async(fn ->
      Process.sleep(10 * i)
      sum = Enum.shuffle(Enum.to_list(1..i)) |> Enum.sort() |> Enum.sum()
      sum + :rand.uniform(1)
    end)
  end)
  |> Enum.map(&Task.await/1)
IO.inspect(results, label: "results")

# expect:
#   0ms main log uniform(6) in 1..6: true
#   0ms main log uniform(1): 1
#   0ms main log uniform of a wide range: true
#   0ms main log random of one: :only
#   0ms main log random member: true
#   0ms main log random of a map: {:a, 1}
#   0ms main log random of 5..5: 5
#   0ms main log random of a long range: true
#   0ms main log shuffle, sorted: [1, 2, 3]
#   0ms main log shuffle []: []
#   0ms main log shuffle a map: [b: 2]
#   0ms main log take_random 3 of 10: 3
#   0ms main log take_random 5 of 3: [1, 2, 3]
#   0ms main log take_random of a map: [k: :v]
#   0ms main log take_random(:x, 0): []
#   0ms main log take_random([], -1): []
#   0ms main log take_random([], :a): []
#   0ms main log take_random of a step-0 range: []
#   0ms main log take_random of a stream, 0: []
#   0ms main log random of a stream: 5
#   0ms main log pulled 1
#   0ms main log pulled 2
#   0ms main log shuffle of a stream: [1, 2]
#   0ms main log take_random([], stream): []
#   0ms main rescue %FunctionClauseError{module: Enum, function: :take_random, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log take_random count a stream: %FunctionClauseError{\n  module: Enum,\n  function: :take_random,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: Enum, function: :take_random, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log take_random(stream, -1): %FunctionClauseError{\n  module: Enum,\n  function: :take_random,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log uniform(0) exit: {:function_clause, []}
#   0ms main rescue %FunctionClauseError{module: :rand, function: :uniform_s, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log uniform(-2): %FunctionClauseError{\n  module: :rand,\n  function: :uniform_s,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: :rand, function: :uniform_s, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log uniform(:a): %FunctionClauseError{\n  module: :rand,\n  function: :uniform_s,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main log random([]) exit: {%Enum.EmptyError{message: "empty error"}, []}
#   0ms main rescue %Protocol.UndefinedError{protocol: Enumerable, value: :x, description: ""}
#   0ms main log random(:x): %Protocol.UndefinedError{protocol: Enumerable, value: :x, description: ""}
#   0ms main rescue %Protocol.UndefinedError{protocol: Enumerable, value: :x, description: ""}
#   0ms main log shuffle(:x): %Protocol.UndefinedError{protocol: Enumerable, value: :x, description: ""}
#   0ms main rescue %FunctionClauseError{module: Enum, function: :take_random, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log take_random([1], -1): %FunctionClauseError{\n  module: Enum,\n  function: :take_random,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %FunctionClauseError{module: Enum, function: :take_random, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log take_random(:x, -1): %FunctionClauseError{\n  module: Enum,\n  function: :take_random,\n  arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %Protocol.UndefinedError{protocol: Enumerable, value: :x, description: ""}
#   0ms main log take_random(:x, 1): %Protocol.UndefinedError{protocol: Enumerable, value: :x, description: ""}
#   0ms main log take_random count :a exit: {:function_clause, []}
#   0ms main.spawn_monitor exit {:function_clause, []}
#   0ms main.spawn_monitor#2 exit {%Enum.EmptyError{message: "empty error"}, []}
#   0ms main.spawn_monitor#3 exit {:function_clause, []}
#   10ms main.async exit :normal
#   20ms main.async#2 exit :normal
#   30ms main.async#3 exit :normal
#   40ms main log results: [2, 4, 7, 11]
#   40ms main exit :normal
#   40ms main.async#4 exit :normal
