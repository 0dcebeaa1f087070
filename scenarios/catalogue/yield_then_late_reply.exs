# name: YieldThenLateReply
# description: Task.yield returns nil at t=100; a second yield gets {:ok, :done} when the task replies at t=200
#
# SEMANTICS.md §2.4: unlike await, a yield that times out keeps the monitor and the reply
# alias, so the task can still be waited for.

t =
  Task.async(fn ->
    Process.sleep(200)
    :done
  end)

IO.inspect(Task.yield(t, 100), label: "first yield")
IO.inspect(Task.yield(t, 500), label: "second yield")

# (The task replies, then exits; the script ends as soon as it has the reply, and its
# halt lets the task's exit happen: the instant ends first, docs/semantics.md §5.15.)
# expect:
#   100ms main log first yield: nil
#   200ms main log second yield: {:ok, :done}
#   200ms main exit :normal
#   200ms main.t exit :normal
