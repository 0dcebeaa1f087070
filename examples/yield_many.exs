# name: YieldMany
# description: Task.yield_many waits a fixed time for a batch of tasks and says, for each, whether it replied, crashed or is still running; the slow ones are then shut down
#
# The caller traps exits so that a crashing task (linked through Task.async) comes back
# as {:exit, reason} instead of killing it. In Elixir 1.14 yield_many takes a plain
# timeout (the keyword form came in 1.15).

Process.flag(:trap_exit, true)

jobs = [fast: 50, crash: 100, slow: 1000]

tasks =
  for {name, ms} <- jobs do
    Task.async(fn ->
      Process.sleep(ms)
      if name == :crash, do: exit(:disk_full), else: name
    end)
  end

results = Task.yield_many(tasks, 200)

for {{name, _ms}, {task, result}} <- Enum.zip(jobs, results) do
  case result do
    {:ok, value} ->
      IO.puts("#{name}: ok #{inspect(value)}")

    {:exit, reason} ->
      IO.puts("#{name}: exited #{inspect(reason)}")

    nil ->
      Task.shutdown(task, :brutal_kill)
      IO.puts("#{name}: still running at 200 ms, killed")
  end
end

# expect:
#   50ms main.async exit :normal
#   100ms main.async#2 exit :disk_full
#   200ms main log fast: ok :fast
#   200ms main log crash: exited :disk_full
#   200ms main log slow: still running at 200 ms, killed
#   200ms main exit :normal
#   200ms main.async#3 exit :killed
