# name: TryAfterCleanup
# description: try/after releases a resource whether the body returns, raises or throws; but a process killed by a signal runs no after block at all
#
# A lock process hands out a lock; every user releases it in `after`. The last user is
# killed by an exit signal while holding the lock: its `after` never runs, so the lock
# process must notice the death itself (it monitors the holder).

defmodule Lock do
  def start, do: spawn(fn -> free() end)

  defp free do
    receive do
      {:acquire, pid} ->
        ref = Process.monitor(pid)
        send(pid, :locked)
        held(pid, ref)
    end
  end

  defp held(pid, ref) do
    receive do
      {:release, ^pid} ->
        Process.demonitor(ref)
        IO.puts("lock released")
        free()

      {:DOWN, ^ref, :process, ^pid, reason} ->
        IO.puts("holder died (#{inspect(reason)}): lock freed")
        free()
    end
  end

  def with_lock(lock, fun) do
    send(lock, {:acquire, self()})

    receive do
      :locked -> :ok
    end

    try do
      fun.()
    after
      send(lock, {:release, self()})
    end
  end
end

lock = Lock.start()

IO.inspect(Lock.with_lock(lock, fn -> :result end), label: "returned")

try do
  Lock.with_lock(lock, fn -> raise "failed inside" end)
rescue
  e in RuntimeError -> IO.puts("rescued: #{e.message}")
end

try do
  Lock.with_lock(lock, fn -> throw(:thrown) end)
catch
  value -> IO.puts("caught throw: #{inspect(value)}")
end

Process.sleep(50)

victim = spawn(fn -> Lock.with_lock(lock, fn -> Process.sleep(1000) end) end)
Process.sleep(50)
Process.exit(victim, :kill)
Process.sleep(50)

# expect:
#   0ms main log returned: :result
#   0ms main rescue %RuntimeError{message: "failed inside"}
#   0ms main log rescued: failed inside
#   0ms main catch_throw :thrown
#   0ms main log caught throw: :thrown
#   0ms main.lock log lock released
#   0ms main.lock log lock released
#   0ms main.lock log lock released
#   100ms main.lock log holder died (:killed): lock freed
#   100ms main.victim exit :killed
#   150ms main exit :normal
#   150ms main.lock cut off (the script ended)
