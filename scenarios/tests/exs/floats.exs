# name: Floats
# description: floats as the VM has them: / and mixed arithmetic, == against ===, term order and map keys (integers before floats), inspect against to_string, round/trunc/ceil/floor, Float.round on the exact value, :math.pow for a retry's backoff, averages of task results, and the ArithmeticError a task dies of when it divides by zero

defmodule Backoff do
  def delay(attempt), do: round(100 * :math.pow(2, attempt))

  def retry(attempt, max) when attempt >= max, do: {:gave_up, attempt}

  def retry(attempt, max) do
    Process.sleep(delay(attempt))
    if attempt < 2, do: retry(attempt + 1, max), else: {:ok, attempt}
  end

  def kind(x) when is_float(x), do: :float
  def kind(x) when is_integer(x), do: :integer
end

t = fn label, f ->
  try do
    IO.inspect(f.(), label: label)
  rescue
    e -> IO.puts("#{label}: #{Exception.message(e)}")
  end
end

IO.inspect(Task.async(fn -> Backoff.retry(0, 5) end) |> Task.await(), label: "retry")
IO.inspect(Enum.map(0..4, &Backoff.delay/1), label: "delays")
times = Enum.map(1..4, fn i -> Task.async(fn -> Process.sleep(i * 50); i * 1.5 end) end) |> Task.await_many()
IO.inspect(times, label: "task results")
IO.inspect(Enum.sum(times) / length(times), label: "average")
IO.puts("average #{Float.round(Enum.sum(times) / length(times), 2)} ms")
IO.inspect({7 / 2, 4 / 2, 1 + 0.5, 3 - 1.0, 2 * 1.5, -1.5, 0.1 + 0.2}, label: "arithmetic")
IO.inspect({1 == 1.0, 1 === 1.0, 1 != 1.0, 1 !== 1.0, 1 < 1.5, 2.0 > 1, max(1, 1.0), min(1.0, 1)}, label: "comparisons")
IO.inspect(%{1 => :int, 1.0 => :float, 0.5 => :half, 2 => :two}, label: "keys")
IO.inspect(Enum.sort([2.5, 1, 0.5, 3]), label: "sorted")
IO.inspect(Enum.sort_by([{:b, 2.5}, {:a, 0.5}], &elem(&1, 1), :desc), label: "sort_by desc")
IO.inspect({Enum.uniq([1, 1.0, 1]), [1, 1.0, 2] -- [1.0], 1.0 in [1], Enum.max([1, 1.0])}, label: "exact")
IO.inspect({1.0e15, 1.0e16, 123.456, 1.0e-5, 0.0001, 1200.0, 9007199254740992.0}, label: "inspect")
IO.puts("to_string #{1.0e15} #{1200.0} #{0.0001} #{9007199254740992.0} #{Float.to_string(2.5)}")
IO.inspect({round(2.5), round(-2.5), trunc(-2.7), ceil(2.1), floor(-2.1), abs(-1.5), round(5)}, label: "to integers")
IO.inspect({Float.round(2.675, 2), Float.round(0.125, 2), Float.round(-0.001, 2), Float.round(-2.5)}, label: "Float.round")
IO.inspect({:math.sqrt(16), :math.pow(2, 0.5)}, label: "math")
IO.inspect(Enum.map([1.5, 2], &Backoff.kind/1), label: "kinds")
case 2.0 do
  2 -> IO.puts("matched 2")
  2.0 -> IO.puts("matched 2.0")
end
big = Map.new(1..40, fn i -> {i / 4, i} end)
IO.inspect(Map.keys(big) |> Enum.take(6), label: "large map of float keys")
t.("divide by zero", fn -> 1 / 0 end)
t.("float overflow", fn -> 1.0e308 * 10 end)
t.("round an atom", fn -> round(:a) end)
t.("Float.round an integer", fn -> Float.round(1) end)
t.("precision", fn -> Float.round(1.5, 16) end)
t.("div of a float", fn -> div(5.0, 2) end)
t.("sleep a float", fn -> Process.sleep(1.5) end)
{_pid, ref} = spawn_monitor(fn -> 10 / (length(times) - 4) end)
receive do
  {:DOWN, ^ref, :process, _, reason} -> IO.inspect(elem(reason, 0), label: "process exit")
end

# expect:
#   700ms main log retry: {:ok, 2}
#   700ms main log delays: [100, 200, 400, 800, 1600]
#   700ms main.async exit :normal
#   750ms main.async#2 exit :normal
#   800ms main.async#3 exit :normal
#   850ms main.async#4 exit :normal
#   900ms main log task results: [1.5, 3.0, 4.5, 6.0]
#   900ms main log average: 3.75
#   900ms main log average 3.75 ms
#   900ms main log arithmetic: {3.5, 2.0, 1.5, 2.0, 3.0, -1.5, 0.30000000000000004}
#   900ms main log comparisons: {true, false, false, true, true, true, 1, 1.0}
#   900ms main log keys: %{1 => :int, 2 => :two, 0.5 => :half, 1.0 => :float}
#   900ms main log sorted: [0.5, 1, 2.5, 3]
#   900ms main log sort_by desc: [b: 2.5, a: 0.5]
#   900ms main log exact: {[1, 1.0], [1, 2], false, 1}
#   900ms main log inspect: {1000000000000000.0, 1.0e16, 123.456, 1.0e-5, 0.0001, 1200.0,\n 9007199254740992.0}
#   900ms main log to_string 1.0e15 1.2e3 0.0001 9.007199254740992e15 2.5
#   900ms main log to integers: {3, -3, -2, 3, -3, 1.5, 5}
#   900ms main log Float.round: {2.67, 0.13, 0.0, -3.0}
#   900ms main log math: {4.0, 1.4142135623730951}
#   900ms main log kinds: [:float, :integer]
#   900ms main log matched 2.0
#   900ms main log large map of float keys: [1.25, 7.75, 5.0, 7.25, 6.5, 8.25]
#   900ms main rescue %ArithmeticError{message: "bad argument in arithmetic expression"}
#   900ms main log divide by zero: bad argument in arithmetic expression
#   900ms main rescue %ArithmeticError{message: "bad argument in arithmetic expression"}
#   900ms main log float overflow: bad argument in arithmetic expression
#   900ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a number\n"}
#   900ms main log round an atom: errors were found at the given arguments:\n\n  * 1st argument: not a number\n
#   900ms main rescue %FunctionClauseError{module: Float, function: :round, arity: 2, kind: nil, args: nil, clauses: nil}
#   900ms main log Float.round an integer: no function clause matching in Float.round/2
#   900ms main rescue %ArgumentError{message: "precision 16 is out of valid range of 0..15"}
#   900ms main log precision: precision 16 is out of valid range of 0..15
#   900ms main rescue %ArithmeticError{message: "bad argument in arithmetic expression"}
#   900ms main log div of a float: bad argument in arithmetic expression
#   900ms main rescue %FunctionClauseError{module: Process, function: :sleep, arity: 1, kind: nil, args: nil, clauses: nil}
#   900ms main log sleep a float: no function clause matching in Process.sleep/1
#   900ms main log process exit: :badarith
#   900ms main exit :normal
#   900ms main.async#5 exit :normal
#   900ms main.spawn_monitor exit {:badarith, []}
