# name: OwnerCrashKillsTask
# description: an owner that raises kills its running task through the link, with the owner's reason
#
# SEMANTICS.md §2.3, the other direction: the link between a Task.async task and its owner
# works both ways.

t =
  Task.async(fn ->
    Process.sleep(1000)
    IO.puts("never printed")
  end)

Process.sleep(10)
raise "owner failed"
Task.await(t)  # never reached

# expect:
#   10ms main exit {%RuntimeError{message: "owner failed"}, []}
#   10ms main.t cut off (the script ended)
