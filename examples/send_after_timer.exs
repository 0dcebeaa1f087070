# name: SendAfterTimers
# description: Process.send_after schedules messages on the clock: a ticker that reschedules itself, a reminder cancelled before it fires, and Process.cancel_timer's return value
#
# The ticker sends itself :tick every 100 ms and stops after three ticks. The reminder is
# due at 500 ms but cancelled at 150 ms; cancel_timer returns the milliseconds it had left
# (an integer; false if the timer had already fired).

defmodule Ticker do
  def start(parent), do: spawn(fn -> tick(parent, 1) end)

  defp tick(parent, n) when n > 3, do: send(parent, :ticker_done)

  defp tick(parent, n) do
    Process.send_after(self(), :tick, 100)

    receive do
      :tick ->
        IO.puts("tick #{n}")
        tick(parent, n + 1)
    end
  end
end

Ticker.start(self())
reminder = Process.send_after(self(), :reminder, 500)
Process.sleep(150)
left = Process.cancel_timer(reminder)
IO.puts("cancelled the reminder, which was still pending: #{is_integer(left)}")

receive do
  :ticker_done -> IO.puts("ticker finished")
end

receive do
  :reminder -> IO.puts("reminder fired after all")
after
  500 -> IO.puts("no reminder")
end

# expect:
#   100ms main.spawn log tick 1
#   150ms main log cancelled the reminder, which was still pending: true
#   200ms main.spawn log tick 2
#   300ms main log ticker finished
#   300ms main.spawn log tick 3
#   300ms main.spawn exit :normal
#   800ms main log no reminder
#   800ms main exit :normal
