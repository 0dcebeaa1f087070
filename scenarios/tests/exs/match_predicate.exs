# name: MatchPredicate
# description: `match?/2` sorting the results of tasks (yield_many's {task, result} pairs): patterns with `_`, pins and guards; what a pattern binds stays inside

defmodule Fetch do
  def run(:slow), do: Process.sleep(500)
  def run(:crash), do: exit(:boom)
  def run(n), do: {:ok, n * 10}
end

Process.flag(:trap_exit, true)
tasks = Enum.map([1, :crash, 2, :slow], fn x -> Task.async(fn -> Fetch.run(x) end) end)
results = Task.yield_many(tasks, 200)

ok = Enum.filter(results, &match?({_, {:ok, {:ok, _}}}, &1))
IO.inspect(length(ok), label: "ok")
IO.inspect(Enum.count(results, &match?({_, {:exit, _}}, &1)), label: "crashed")
IO.inspect(Enum.count(results, &match?({_, nil}, &1)), label: "still running")

limit = 15
IO.inspect(Enum.map(ok, fn {_, {:ok, r}} -> match?({:ok, v} when v > limit, r) end), label: "above")
wanted = {:ok, 20}
IO.inspect(Enum.any?(ok, fn {_, {:ok, r}} -> match?(^wanted, r) end), label: "pinned")

Enum.each(tasks, &Task.shutdown(&1, :brutal_kill))
