e# name: AsyncNolinkYield
# description: Task.Supervisor.async_nolink for work that may fail or hang: Task.yield collects a crash as {:exit, reason}, and Task.shutdown stops a task that took too long
#
# The pattern from the Task docs: yield for a while, then shut down what has not replied
# (`Task.yield(task, t) || Task.shutdown(task)`). Neither failure reaches the caller.

{:ok, tasks} = Task.Supervisor.start_link()

crashing =
  Task.Supervisor.async_nolink(tasks, fn ->
    Process.sleep(50)
    raise "lookup failed"
  end)

hanging =
  Task.Supervisor.async_nolink(tasks, fn ->
    Process.sleep(5000)
    :too_late
  end)

quick =
  Task.Supervisor.async_nolink(tasks, fn ->
    Process.sleep(100)
    :quick
  end)

for {name, task} <- [crashing: crashing, hanging: hanging, quick: quick] do
  case Task.yield(task, 200) || Task.shutdown(task) do
    {:ok, value} -> IO.puts("#{name}: returned #{inspect(value)}")
    {:exit, {%RuntimeError{message: message}, _}} -> IO.puts("#{name}: crashed: #{message}")
    {:exit, reason} -> IO.puts("#{name}: exited: #{inspect(reason)}")
    nil -> IO.puts("#{name}: no reply, shut down")
  end
end

# expect:
#   0ms main.tasks started #PID<main.tasks.crashing>
#   0ms main.tasks started #PID<main.tasks.hanging>
#   0ms main.tasks started #PID<main.tasks.quick>
#   50ms main log crashing: crashed: lookup failed
#   50ms main.tasks.crashing exit {%RuntimeError{message: "lookup failed"}, []}
#   100ms main.tasks.quick exit :normal
#   250ms main log hanging: no reply, shut down
#   250ms main log quick: returned :quick
#   250ms main exit :normal
#   250ms main.tasks exit :normal
#   250ms main.tasks.hanging exit :shutdown
