e# name: AsyncNolinkCrash
# description: a crashing Task.Supervisor.async_nolink task leaves the caller alive: Task.yield returns {:exit, {%RuntimeError{}, stacktrace}}
#
# With async_nolink there is no link, so the task's crash cannot kill the caller; the
# monitor turns it into a result of Task.yield (SEMANTICS.md §3.3, §8). Task.await would
# still exit. The caller lingers 10 ms before its last line.

{:ok, tasks} = Task.Supervisor.start_link()

t =
  Task.Supervisor.async_nolink(tasks, fn ->
    Process.sleep(100)
    raise "boom"
  end)

case Task.yield(t, 1000) do
  {:ok, value} -> IO.puts("task returned #{inspect(value)}")
  {:exit, {%RuntimeError{message: message}, _stacktrace}} -> IO.puts("task crashed: #{message}")
  nil -> IO.puts("task still running")
end

Process.sleep(10)
IO.puts("still alive")

# expect:
#   0ms main.tasks started #PID<main.tasks.t>
#   100ms main log task crashed: boom
#   100ms main.tasks.t exit {%RuntimeError{message: "boom"}, []}
#   110ms main log still alive
#   110ms main exit :normal
#   110ms main.tasks exit :normal
