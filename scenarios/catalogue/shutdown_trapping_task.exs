# name: ShutdownTrappingTask
# description: Task.shutdown of a trapping task that ignores :shutdown returns {:exit, :killed} after the 100 ms grace period, not nil
#
# SEMANTICS.md §2.7: a task that traps exits receives the :shutdown as a message and goes
# on sleeping; when the grace period is up, shutdown kills it.

t =
  Task.async(fn ->
    Process.flag(:trap_exit, true)
    Process.sleep(1000)
    :never
  end)

Process.sleep(10)
IO.inspect(Task.shutdown(t, 100), label: "shutdown")

# expect:
#   110ms main log shutdown: {:exit, :killed}
#   110ms main exit :normal
#   110ms main.t exit :killed
