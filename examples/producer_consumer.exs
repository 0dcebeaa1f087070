# name: ProducerConsumer
# description: a producer/consumer pipeline with back-pressure: the consumer asks for one item at a time, so a fast producer never floods a slow consumer
#
# Three stages: a producer that makes numbers on demand, a doubler in the middle, and a
# consumer that takes 100 ms per item and asks for the next one when it is ready.

defmodule Producer do
  def start(items), do: spawn(fn -> loop(items) end)

  defp loop(items) do
    receive do
      {:demand, from} ->
        case items do
          [item | rest] ->
            send(from, {:item, item})
            loop(rest)

          [] ->
            send(from, :done)
        end
    end
  end
end

defmodule Stage do
  # Pulls from upstream, applies fun, hands the result to whoever asked.
  def start(upstream, fun), do: spawn(fn -> loop(upstream, fun) end)

  defp loop(upstream, fun) do
    receive do
      {:demand, from} ->
        send(upstream, {:demand, self()})

        receive do
          {:item, item} ->
            send(from, {:item, fun.(item)})
            loop(upstream, fun)

          :done ->
            send(from, :done)
        end
    end
  end
end

defmodule Consumer do
  def run(upstream, acc \\ []) do
    send(upstream, {:demand, self()})

    receive do
      {:item, item} ->
        IO.puts("consumed #{item}")
        Process.sleep(100)
        run(upstream, [item | acc])

      :done ->
        Enum.reverse(acc)
    end
  end
end

producer = Producer.start([1, 2, 3, 4])
doubler = Stage.start(producer, fn x -> x * 2 end)
IO.inspect(Consumer.run(doubler), label: "all consumed")

# expect:
#   0ms main log consumed 2
#   100ms main log consumed 4
#   200ms main log consumed 6
#   300ms main log consumed 8
#   400ms main log all consumed: [2, 4, 6, 8]
#   400ms main exit :normal
#   400ms main.doubler exit :normal
#   400ms main.producer exit :normal
