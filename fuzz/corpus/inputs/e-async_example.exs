e# name: AsyncExample
# description: Task.async + Task.await (the seed tutorial's first example): "Result: Data fetched" at 2000 ms

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

# (The task replies, then exits; the script ends as soon as it has the reply, and its
# halt lets the task's exit happen: the instant ends first, docs/semantics.md §5.15.)
# expect:
#   2000ms main log Result: Data fetched
#   2000ms main exit :normal
#   2000ms main.task exit :normal
