defmodule AsyncExample do
  def fetch_data do
    # Simulate a long-running operation
    :timer.sleep(2000)
    "Data fetched"
  end

  def run do
    task = Task.async(fn -> fetch_data() end)
    result = Task.await(task, 5000) # Wait up to 5000ms for the result
    IO.puts("Result: #{result}")
  end
end

AsyncExample.run()
