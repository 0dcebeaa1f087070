# W1 and W2 on the real VM, for BENCHMARKS.md: wall time, since the VM's clock is real.
#
#   elixir --erl "+P 2000000" model/benches/vm_tasks.exs [N ...]
#
# W1: N times `Task.async(fn -> 1 end) |> Task.await()`, one after the other.
# W2: N tasks each sleeping a pseudo-random 1..10,000 ms, spawned at once, awaited in
#     spawn order with a 20 s timeout. Its wall time is dominated by the 10 s of real
#     sleeping, so what it prints is the time beyond the longest sleep, per task.

defmodule VmTasks do
  def w1(n) do
    {us, :ok} =
      :timer.tc(fn ->
        Enum.each(1..n, fn _ -> Task.async(fn -> 1 end) |> Task.await() end)
        :ok
      end)

    us * 1000 / n
  end

  def w2(n) do
    :rand.seed(:exsss, {1, 2, 3})
    deadlines = for _ <- 1..n, do: :rand.uniform(10_000)
    longest = Enum.max(deadlines)

    {us, :ok} =
      :timer.tc(fn ->
        tasks = for ms <- deadlines, do: Task.async(fn -> Process.sleep(ms) end)
        Enum.each(tasks, &Task.await(&1, 20_000))
        :ok
      end)

    (us - longest * 1000) * 1000 / n
  end
end

sizes =
  case System.argv() do
    [] -> [10_000, 100_000]
    args -> Enum.map(args, &String.to_integer/1)
  end

for n <- sizes do
  IO.puts("w1_serial/#{n}: #{Float.round(VmTasks.w1(n), 1)} ns per task")
  IO.puts("w2_sleepers/#{n}: #{Float.round(VmTasks.w2(n), 1)} ns per task beyond the longest sleep")
end
