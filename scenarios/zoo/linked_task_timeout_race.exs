# name: ZooLinkedTaskTimeoutRace
# description: catching an await timeout does not protect the caller from the linked task that crashes at that moment
#
# The task crashes just as the caller's await gives up. Catching the :exit handles the
# timeout, but the task is linked: its crash kills the caller too, unless the script has
# already finished.

t =
  Task.async(fn ->
    Process.sleep(100)
    raise "boom"
  end)

try do
  Task.await(t, 100)
catch
  :exit, _ -> IO.puts("gave up waiting")
end

IO.puts("carrying on")

# expect:
#   100ms main catch_exit {:timeout, {Task, :await, [%Task{mfa: {:erlang, :apply, 2}, owner: #PID<main>, pid: #PID<main.t>, ref: #Reference<main.t>}, 100]}}
#   100ms main log gave up waiting
#   100ms main log carrying on
#   100ms main exit :normal
#   100ms main.t exit {%RuntimeError{message: "boom"}, []}
