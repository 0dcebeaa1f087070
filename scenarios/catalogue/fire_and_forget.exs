# name: FireAndForget
# description: Task.start (the seed tutorial): "Task started" at 0 ms; the script ends there, so the background line never prints

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

# expect:
#   0ms main log Task started
#   0ms main exit :normal
#   0ms main.start cut off (the script ended)
