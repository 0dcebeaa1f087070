# name: MultiClauseFn
# description: multi-clause anonymous functions: one fn with several heads (and guards) handles every reply shape a set of tasks can give
#
# Four tasks answer in different ways; a single `fn` with four clauses turns each answer
# into a line, and is passed around like any value.

describe = fn
  {:ok, value} when is_integer(value) -> "number #{value}"
  {:ok, value} -> "value #{inspect(value)}"
  {:error, reason} -> "error #{reason}"
  nil -> "no answer"
end

answers = [
  fn -> {:ok, 42} end,
  fn -> {:ok, "text"} end,
  fn -> {:error, :enoent} end,
  fn -> nil end
]

tasks =
  answers
  |> Enum.with_index()
  |> Enum.map(fn {fun, i} ->
    Task.async(fn ->
      Process.sleep(50 * (i + 1))
      fun.()
    end)
  end)

tasks
|> Task.await_many()
|> Enum.map(describe)
|> Enum.each(&IO.puts/1)

# A multi-clause fn with two arguments, used with Enum.reduce.
tally = fn
  {:ok, _}, {ok, err} -> {ok + 1, err}
  _other, {ok, err} -> {ok, err + 1}
end

IO.inspect(Enum.reduce([{:ok, 1}, {:error, :x}, {:ok, 2}], {0, 0}, tally), label: "ok/error")

# expect:
#   50ms main.async exit :normal
#   100ms main.async#2 exit :normal
#   150ms main.async#3 exit :normal
#   200ms main log number 42
#   200ms main log value "text"
#   200ms main log error enoent
#   200ms main log no answer
#   200ms main log ok/error: {2, 1}
#   200ms main exit :normal
#   200ms main.async#4 exit :normal
