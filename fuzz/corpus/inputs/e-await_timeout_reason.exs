e# name: AwaitTimeoutReason
# description: an uncaught Task.await timeout exits the caller with {:timeout, {Task, :await, [task, 100]}}, not :timeout; the link then kills the task with the same reason
#
# SEMANTICS.md §2.2: the timeout is an exit of the caller; the task itself is never told.
# It dies only because it is linked to the caller, and with the caller's reason. The
# caller is a process of its own: had the script's main process exited, the script would
# have ended there, and the task with it, before any link could act (§1.4).

parent = self()

_caller =
  spawn(fn ->
    t =
      Task.async(fn ->
        Process.sleep(200)
        :late
      end)

    send(parent, {:task, t.pid})
    Task.await(t, 100)
    IO.puts("never printed")
  end)

task = receive do: ({:task, pid} -> pid)
ref = Process.monitor(task)

receive do
  {:DOWN, ^ref, :process, _, {:timeout, {Task, :await, [%Task{}, 100]}}} ->
    IO.puts("the task died with its caller's timeout")
end

# expect:
#   100ms main log the task died with its caller's timeout
#   100ms main exit :normal
#   100ms main.caller exit {:timeout, {Task, :await, [%Task{mfa: {:erlang, :apply, 2}, owner: #PID<main.caller>, pid: #PID<main.caller.t>, ref: #Reference<main.caller.t>}, 100]}}
#   100ms main.caller.t exit {:timeout, {Task, :await, [%Task{mfa: {:erlang, :apply, 2}, owner: #PID<main.caller>, pid: #PID<main.caller.t>, ref: #Reference<main.caller.t>}, 100]}}
