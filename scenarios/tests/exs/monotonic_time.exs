# name: MonotonicTime
# description: `System.monotonic_time/0,1` and `:erlang.monotonic_time/0,1` read the clock in the unit asked for (the simulator's is virtual, from the run's start): a difference across `Process.sleep` is what was slept; a unit neither knows raises ArgumentError, with `System`'s own message or `:erlang`'s error info

defmodule T do
  def try_unit(f) do
    try do
      f.()
      :ok
    rescue
      e -> e
    end
  end
end
a = System.monotonic_time(:millisecond)
Process.sleep(100)
IO.inspect(System.monotonic_time(:millisecond) - a >= 100, label: "100 ms later")
b = :erlang.monotonic_time()
Process.sleep(250)
IO.inspect(div(:erlang.monotonic_time() - b, 1_000_000_000), label: "seconds, native")
c = System.monotonic_time(:second)
Process.sleep(1000)
IO.inspect(System.monotonic_time(:second) - c, label: "seconds")
IO.inspect(is_integer(System.monotonic_time(1000)), label: "parts per second")
IO.inspect(T.try_unit(fn -> System.monotonic_time(:foo) end), label: "System, bad unit")
IO.inspect(T.try_unit(fn -> System.monotonic_time(0) end), label: "System, 0")
IO.inspect(T.try_unit(fn -> :erlang.monotonic_time(:foo) end), label: ":erlang, bad unit")

# Which units each takes: both the singular ones and OTP's old `:seconds`, `:milli_seconds`,
# ...; only `System` the plural `:milliseconds`, ...; only `:erlang` `:perf_counter`.
units = [:native, :perf_counter, :second, :millisecond, :microsecond, :nanosecond, :seconds,
  :milliseconds, :microseconds, :nanoseconds, :milli_seconds, :micro_seconds, :nano_seconds]
for u <- units do
  s = if T.try_unit(fn -> System.monotonic_time(u) end) == :ok, do: :ok, else: :raises
  e = if T.try_unit(fn -> :erlang.monotonic_time(u) end) == :ok, do: :ok, else: :raises
  IO.puts("#{u}: System #{s}, :erlang #{e}")
end
