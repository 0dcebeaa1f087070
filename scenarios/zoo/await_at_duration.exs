# name: ZooAwaitAtDuration
# description: an await timeout 1 ms above the task's duration: safe on an idle machine, a timeout under timer jitter
#
# The task takes 100 ms and the caller gives it 101: on virtual time the reply always wins.
# On a loaded VM timers fire late (and the await's may fire first): with `--jitter 1` the
# await can time out, and the uncaught exit takes the script down.

t =
  Task.async(fn ->
    Process.sleep(100)
    :report
  end)

IO.inspect(Task.await(t, 101), label: "got")

# expect one of:
#   100ms main log got: :report
#   100ms main exit :normal
#   100ms main.t exit :normal
#   --
#   101ms main log got: :report
#   101ms main exit :normal
#   101ms main.t exit :normal
#   --
#   99ms main log got: :report
#   99ms main exit :normal
#   99ms main.t exit :normal
