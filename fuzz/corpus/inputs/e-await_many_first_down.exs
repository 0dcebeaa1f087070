e# name: AwaitManyFirstDown
# description: Task.await_many exits at the first task's DOWN (t=50) with {:boom, {Task, :await_many, [tasks, 1000]}}; it does not wait for the others
#
# SEMANTICS.md §2.6. The owner traps exits, or the link would kill it before await_many
# sees the DOWN; even so, await_many exits rather than returning an error.

Process.flag(:trap_exit, true)

slow =
  Task.async(fn ->
    Process.sleep(100)
    1
  end)

failing =
  Task.async(fn ->
    Process.sleep(50)
    exit(:boom)
  end)

try do
  Task.await_many([slow, failing], 1000)
catch
  :exit, {reason, {Task, :await_many, [_tasks, timeout]}} ->
    IO.puts("await_many exited with #{inspect(reason)} (timeout #{timeout})")
end

# expect:
#   50ms main catch_exit {:boom, {Task, :await_many, [[%Task{mfa: {:erlang, :apply, 2}, owner: #PID<main>, pid: #PID<main.slow>, ref: #Reference<main.slow>}, %Task{mfa: {:erlang, :apply, 2}, owner: #PID<main>, pid: #PID<main.failing>, ref: #Reference<main.failing>}], 1000]}}
#   50ms main log await_many exited with :boom (timeout 1000)
#   50ms main exit :normal
#   50ms main.failing exit :boom
#   50ms main.slow cut off (the script ended)
