# name: FanOutFanIn
# description: Enum.map over Task.async fans the work out, Task.await_many gathers the results in order; the whole takes as long as the slowest task
#
# The three lookups take 300, 100 and 200 ms; they run at the same time, so the results
# are all in at 300 ms, and await_many returns them in the order of the tasks, not the
# order they finished in.

defmodule Prices do
  @delays %{"apple" => 300, "banana" => 100, "cherry" => 200}
  @prices %{"apple" => 3, "banana" => 1, "cherry" => 7}

  def fetch(item) do
    Process.sleep(@delays[item])
    IO.puts("fetched #{item}")
    {item, @prices[item]}
  end
end

results =
  ["apple", "banana", "cherry"]
  |> Enum.map(fn item -> Task.async(fn -> Prices.fetch(item) end) end)
  |> Task.await_many(1000)

IO.inspect(results, label: "results")
total = Enum.reduce(results, 0, fn {_item, price}, acc -> acc + price end)
IO.puts("total: #{total}")

# expect:
#   100ms main.async#2 log fetched banana
#   100ms main.async#2 exit :normal
#   200ms main.async#3 log fetched cherry
#   200ms main.async#3 exit :normal
#   300ms main log results: [{"apple", 3}, {"banana", 1}, {"cherry", 7}]
#   300ms main log total: 11
#   300ms main exit :normal
#   300ms main.async log fetched apple
#   300ms main.async exit :normal
