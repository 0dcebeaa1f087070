e# name: CounterLoop
# description: a counter server without GenServer: a tail-recursive receive loop that carries its state as an argument
#
# The loop is the whole server: each message is handled by one clause, and the next state
# is passed to the recursive call. Replies carry a reference so that a caller can tell
# its reply from any other message.

defmodule Counter do
  def start(initial), do: spawn(fn -> loop(initial) end)

  def increment(pid, by \\ 1), do: send(pid, {:increment, by})

  def get(pid) do
    ref = make_ref()
    send(pid, {:get, self(), ref})

    receive do
      {^ref, value} -> value
    after
      1000 -> exit(:counter_not_responding)
    end
  end

  def stop(pid), do: send(pid, :stop)

  defp loop(count) do
    receive do
      {:increment, by} ->
        loop(count + by)

      {:get, from, ref} ->
        send(from, {ref, count})
        loop(count)

      :stop ->
        IO.puts("counter stopping at #{count}")
    end
  end
end

counter = Counter.start(10)
Counter.increment(counter)
Counter.increment(counter, 5)
IO.puts("count: #{Counter.get(counter)}")
Process.sleep(50)
Counter.increment(counter, -6)
IO.puts("count: #{Counter.get(counter)}")
Counter.stop(counter)
Process.sleep(50)

# expect:
#   0ms main log count: 16
#   50ms main log count: 10
#   50ms main.counter log counter stopping at 10
#   50ms main.counter exit :normal
#   100ms main exit :normal
