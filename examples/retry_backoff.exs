# name: RetryBackoff
# description: retry with exponential backoff by recursion: an operation that fails twice succeeds on the third try, after waits of 100 and 200 ms
#
# The flaky service is a process that counts the calls it gets and fails the first two.
# Retry.run/3 doubles its delay after each failure and gives up after max_attempts.

defmodule FlakyService do
  def start(failures), do: spawn(fn -> loop(failures) end)

  def call(pid) do
    send(pid, {:call, self()})

    receive do
      {:service, reply} -> reply
    end
  end

  defp loop(failures) do
    receive do
      {:call, from} when failures > 0 ->
        send(from, {:service, {:error, :unavailable}})
        loop(failures - 1)

      {:call, from} ->
        send(from, {:service, {:ok, "payload"}})
        loop(0)
    end
  end
end

defmodule Retry do
  def run(fun, max_attempts, delay), do: attempt(fun, 1, max_attempts, delay)

  defp attempt(fun, n, max_attempts, delay) do
    case fun.() do
      {:ok, value} ->
        IO.puts("attempt #{n} succeeded")
        {:ok, value}

      {:error, reason} when n < max_attempts ->
        IO.puts("attempt #{n} failed (#{reason}), retrying in #{delay} ms")
        Process.sleep(delay)
        attempt(fun, n + 1, max_attempts, delay * 2)

      {:error, reason} ->
        IO.puts("attempt #{n} failed (#{reason}), giving up")
        {:error, reason}
    end
  end
end

service = FlakyService.start(2)
IO.inspect(Retry.run(fn -> FlakyService.call(service) end, 5, 100), label: "result")

service = FlakyService.start(10)
IO.inspect(Retry.run(fn -> FlakyService.call(service) end, 2, 100), label: "result")

# expect:
#   0ms main log attempt 1 failed (unavailable), retrying in 100 ms
#   100ms main log attempt 2 failed (unavailable), retrying in 200 ms
#   300ms main log attempt 3 succeeded
#   300ms main log result: {:ok, "payload"}
#   300ms main log attempt 1 failed (unavailable), retrying in 100 ms
#   400ms main log attempt 2 failed (unavailable), giving up
#   400ms main log result: {:error, :unavailable}
#   400ms main exit :normal
#   400ms main.service cut off (the script ended)
#   400ms main.service#2 cut off (the script ended)
