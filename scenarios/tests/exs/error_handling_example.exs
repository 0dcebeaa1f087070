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
