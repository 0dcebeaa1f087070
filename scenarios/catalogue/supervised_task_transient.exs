# name: SupervisedTaskTransient
# description: the tutorial's SupervisedTaskExample with restart: :transient: the task runs 4 times, and the 4th crash at 4000 ms shuts the Task.Supervisor down
#
# What the tutorial meant (SEMANTICS.md §3.2, §4.6, §4.7): the whole function runs again in
# a new process after each crash; the 4th crash within 5 s trips the default intensity (3
# restarts in 5 s), so the supervisor gives up and exits :shutdown, and that kills the
# linked script (which does not trap exits) with :shutdown.

{:ok, _} = Task.Supervisor.start_link(name: MyTaskSupervisor)

Task.Supervisor.start_child(
  MyTaskSupervisor,
  fn ->
    :timer.sleep(1000)
    raise "Task failed"
  end,
  restart: :transient
)

Process.sleep(10_000)
IO.puts("never printed: the supervisor's :shutdown kills the script at 4000 ms")

# expect:
#   0ms main.MyTaskSupervisor started #PID<main.MyTaskSupervisor.task>
#   1000ms main.MyTaskSupervisor restarting #PID<main.MyTaskSupervisor.task> (restart 1 in the window)
#   1000ms main.MyTaskSupervisor started #PID<main.MyTaskSupervisor.task#2>
#   1000ms main.MyTaskSupervisor.task exit {%RuntimeError{message: "Task failed"}, []}
#   2000ms main.MyTaskSupervisor restarting #PID<main.MyTaskSupervisor.task#2> (restart 2 in the window)
#   2000ms main.MyTaskSupervisor started #PID<main.MyTaskSupervisor.task#3>
#   2000ms main.MyTaskSupervisor.task#2 exit {%RuntimeError{message: "Task failed"}, []}
#   3000ms main.MyTaskSupervisor restarting #PID<main.MyTaskSupervisor.task#3> (restart 3 in the window)
#   3000ms main.MyTaskSupervisor started #PID<main.MyTaskSupervisor.task#4>
#   3000ms main.MyTaskSupervisor.task#3 exit {%RuntimeError{message: "Task failed"}, []}
#   4000ms main exit :shutdown
#   4000ms main.MyTaskSupervisor gave up on #PID<main.MyTaskSupervisor.task#4>: reached_max_restart_intensity
#   4000ms main.MyTaskSupervisor exit :shutdown
#   4000ms main.MyTaskSupervisor.task#4 exit {%RuntimeError{message: "Task failed"}, []}
