e# name: CaughtAwaitTimeout
# description: a caught Task.await timeout leaves the task running; its late reply is silently dropped
#
# SEMANTICS.md §2.2, §5.4: await sends nothing to the task when it gives up, so the task
# runs on; but it deactivates the reply alias, so the reply at 200 ms never reaches the
# caller's mailbox.

t =
  Task.async(fn ->
    Process.sleep(200)
    IO.puts("task finished")
    :late
  end)

try do
  Task.await(t, 100)
catch
  :exit, {:timeout, {Task, :await, _}} -> IO.puts("await gave up after 100 ms")
end

Process.sleep(500)

receive do
  message -> IO.puts("got #{inspect(message)}")
after
  0 -> IO.puts("mailbox empty: the late reply was dropped")
end

# expect:
#   100ms main catch_exit {:timeout, {Task, :await, [%Task{mfa: {:erlang, :apply, 2}, owner: #PID<main>, pid: #PID<main.t>, ref: #Reference<main.t>}, 100]}}
#   100ms main log await gave up after 100 ms
#   200ms main.t log task finished
#   200ms main.t exit :normal
#   600ms main log mailbox empty: the late reply was dropped
#   600ms main exit :normal
