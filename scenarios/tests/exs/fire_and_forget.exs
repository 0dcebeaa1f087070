defmodule FireAndForget do
  def perform_background_work do
    # Simulate background work
    :timer.sleep(1000)
    IO.puts("Background work completed")
  end

  def run do
    Task.start(fn -> perform_background_work() end)
    IO.puts("Task started")
  end
end

FireAndForget.run()
