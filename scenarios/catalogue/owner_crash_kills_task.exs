# name: OwnerCrashKillsTask
# description: an owner that raises kills its running task through the link, with the owner's reason
#
# SEMANTICS.md §2.3, the other direction: the link between a Task.async task and its owner
# works both ways. The owner is a process of its own: had the script's main process raised,
# the script would have ended there and then, and the task with it (§1.4).

parent = self()

_owner =
  spawn(fn ->
    t =
      Task.async(fn ->
        Process.sleep(1000)
        IO.puts("never printed")
      end)

    send(parent, {:task, t.pid})
    Process.sleep(10)
    raise "owner failed"
  end)

task = receive do: ({:task, pid} -> pid)
ref = Process.monitor(task)

receive do
  {:DOWN, ^ref, :process, _, {%RuntimeError{message: m}, _stack}} ->
    IO.puts("the task died of its owner's error: #{m}")
end

# expect:
#   10ms main log the task died of its owner's error: owner failed
#   10ms main exit :normal
#   10ms main.owner exit {%RuntimeError{message: "owner failed"}, []}
#   10ms main.owner.t exit {%RuntimeError{message: "owner failed"}, []}
