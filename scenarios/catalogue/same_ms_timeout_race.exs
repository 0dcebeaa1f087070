# name: SameMsTimeoutRace
# description: a reply and an await timeout due in the same millisecond: either may win
#
# SEMANTICS.md §5.4: the task replies at exactly 100 ms and the await gives up at exactly
# 100 ms; which comes first is up to the scheduler (on the VM, up to chance), so both
# outcomes are expected.

t =
  Task.async(fn ->
    Process.sleep(100)
    :reply
  end)

try do
  IO.puts("got #{inspect(Task.await(t, 100))}")
catch
  :exit, {:timeout, {Task, :await, _}} -> IO.puts("timed out")
end

# Give the task time to end, so that only the race itself is left to chance.
Process.sleep(50)

# expect one of:
#   100ms main log got :reply
#   100ms main.t exit :normal
#   150ms main exit :normal
#   --
#   100ms main catch_exit {:timeout, {Task, :await, [%Task{mfa: {:erlang, :apply, 2}, owner: #PID<main>, pid: #PID<main.t>, ref: #Reference<main.t>}, 100]}}
#   100ms main log timed out
#   100ms main.t exit :normal
#   150ms main exit :normal
