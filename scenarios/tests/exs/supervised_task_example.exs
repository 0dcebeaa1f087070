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
