# name: AwaitTimeoutReason
# description: an uncaught Task.await timeout exits the caller with {:timeout, {Task, :await, [task, 100]}}, not :timeout; the link then kills the task with the same reason
#
# SEMANTICS.md §2.2: the timeout is an exit of the caller; the task itself is never told.
# It dies only because it is linked to the caller, and with the caller's reason.

t =
  Task.async(fn ->
    Process.sleep(200)
    :late
  end)

Task.await(t, 100)
IO.puts("never printed")

# expect:
#   100ms main exit {:timeout, {Task, :await, [%Task{mfa: {:erlang, :apply, 2}, owner: #PID<main>, pid: #PID<main.t>, ref: #Reference<main.t>}, 100]}}
#   100ms main.t cut off (the script ended)
