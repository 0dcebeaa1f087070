# name: TrappingChildKilled
# description: a trapping child that ignores :shutdown is killed at exactly +shutdown (100 ms) with reason :killed
#
# SEMANTICS.md §4.4: terminate_child sends :shutdown and waits at most the spec's shutdown
# time. The child traps exits, so :shutdown is only a message to it and it sleeps on; at
# +100 ms the supervisor kills it (a "shutdown error" :killed). The spec stays, with pid
# :undefined.

defmodule Worker do
  # A plain linked process, not a GenServer or Task.
  def start_link(fun), do: {:ok, spawn_link(fun)}
end

slow = fn ->
  Process.flag(:trap_exit, true)
  Process.sleep(10_000)
end

{:ok, sup} =
  Supervisor.start_link([%{id: :slow, start: {Worker, :start_link, [slow]}, shutdown: 100}],
    strategy: :one_for_one
  )

Process.sleep(50)
IO.inspect(Supervisor.terminate_child(sup, :slow), label: "terminate_child")
IO.inspect(Supervisor.which_children(sup), label: "which_children")

# expect:
#   0ms main.sup started :slow #PID<main.sup.slow>
#   50ms main.sup terminating :slow with :shutdown (shutdown: 100)
#   150ms main log terminate_child: :ok
#   150ms main log which_children: [{:slow, :undefined, :worker, [Worker]}]
#   150ms main exit :normal
#   150ms main.sup killing :slow: its shutdown time is up
#   150ms main.sup shutdown error for :slow: :killed
#   150ms main.sup exit :normal
#   150ms main.sup.slow exit :killed
