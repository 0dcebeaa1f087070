# name: TrappingOwnerAwaitExits
# description: a trapping owner's await on a crashed task exits with {reason, {Task, :await, ...}}; the EXIT message stays queued
#
# SEMANTICS.md §2.1, §2.3: trapping exits keeps the owner alive, but Task.await does not
# return an error: it exits, which `catch :exit` catches (never `rescue`). The EXIT message
# from the link is still in the mailbox afterwards.

Process.flag(:trap_exit, true)

t =
  Task.async(fn ->
    Process.sleep(10)
    raise "boom"
  end)

try do
  Task.await(t, 1000)
rescue
  e -> IO.puts("never printed: rescued #{inspect(e)}")
catch
  :exit, {{%RuntimeError{message: message}, _stacktrace}, {Task, :await, _}} ->
    IO.puts("await exited: the task raised #{inspect(message)}")
end

receive do
  {:EXIT, pid, {%RuntimeError{}, _stacktrace}} when pid == t.pid -> IO.puts("EXIT message still queued")
after
  0 -> IO.puts("no EXIT message")
end

# expect:
#   10ms main catch_exit {{%RuntimeError{message: "boom"}, []}, {Task, :await, [%Task{mfa: {:erlang, :apply, 2}, owner: #PID<main>, pid: #PID<main.t>, ref: #Reference<main.t>}, 1000]}}
#   10ms main log await exited: the task raised "boom"
#   10ms main log EXIT message still queued
#   10ms main exit :normal
#   10ms main.t exit {%RuntimeError{message: "boom"}, []}
