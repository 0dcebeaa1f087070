e# name: ErrorHandlingExample
# description: the seed tutorial's try/rescue around Task.await never runs: the link kills the caller with the task's exception

defmodule ErrorHandlingExample do
  def risky_operation do
    raise "Something went wrong"
  end

  def run do
    task = Task.async(fn -> risky_operation() end)

    try do
      Task.await(task, 5000)
    rescue
      e -> IO.puts("Caught exception: #{e}")
    end
  end
end

ErrorHandlingExample.run()

# expect:
#   0ms main exit {%RuntimeError{message: "Something went wrong"}, []}
#   0ms main.task exit {%RuntimeError{message: "Something went wrong"}, []}
