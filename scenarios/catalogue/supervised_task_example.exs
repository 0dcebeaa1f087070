# name: SupervisedTaskExample
# description: the seed tutorial's Task.Supervisor.start_child: the task is :temporary and never restarted (and, run as a script, the script ends before it fails)

defmodule SupervisedTaskExample do
  def start_link do
    Task.Supervisor.start_link(name: MyTaskSupervisor)
  end

  def run do
    Task.Supervisor.start_child(MyTaskSupervisor, fn ->
      # Simulate a task that might fail
      :timer.sleep(1000)
      raise "Task failed"
    end)
  end
end

{:ok, _} = SupervisedTaskExample.start_link()
SupervisedTaskExample.run()

# expect:
#   0ms main exit :normal
#   0ms main.MyTaskSupervisor started #PID<main.MyTaskSupervisor.task>
#   0ms main.MyTaskSupervisor terminating #PID<main.MyTaskSupervisor.task> with :shutdown (shutdown: 5000)
#   0ms main.MyTaskSupervisor exit :normal
#   0ms main.MyTaskSupervisor.task exit :shutdown
