# name: AwaitMany
# description: Task.await_many over tasks made by Enum.map; each sleeps its own time

tasks =
  Enum.map([300, 100, 200], fn ms ->
    Task.async(fn ->
      Process.sleep(ms)
      ms * 2
    end)
  end)

results = Task.await_many(tasks, 1000)
IO.inspect(results, label: "results")
