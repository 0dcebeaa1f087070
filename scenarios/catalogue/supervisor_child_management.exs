# name: SupervisorChildManagement
# description: terminate_child keeps the spec (:undefined), restart_child restarts it, delete_child removes it; running or unknown ids get {:error, _}
#
# SEMANTICS.md §4.8 b, §4.9: restart_child does not count toward the restart intensity
# (max_restarts: 0 here), and each call refuses what does not fit: a running child, an
# unknown id, an id already started.

sleeper = fn id, restart ->
  Supervisor.child_spec({Task, fn -> Process.sleep(100_000) end}, id: id, restart: restart)
end

{:ok, sup} =
  Supervisor.start_link([sleeper.(:a, :permanent), sleeper.(:b, :permanent)],
    strategy: :one_for_one,
    max_restarts: 0
  )

IO.inspect(Supervisor.terminate_child(sup, :a), label: "terminate_child :a")
IO.inspect(Supervisor.which_children(sup), label: "which_children")
IO.inspect(Supervisor.restart_child(sup, :a), label: "restart_child :a")
IO.inspect(Supervisor.restart_child(sup, :b), label: "restart_child :b (running)")
IO.inspect(Supervisor.delete_child(sup, :b), label: "delete_child :b (running)")
IO.inspect(Supervisor.terminate_child(sup, :a), label: "terminate_child :a")
IO.inspect(Supervisor.delete_child(sup, :a), label: "delete_child :a")
IO.inspect(Supervisor.delete_child(sup, :a), label: "delete_child :a (gone)")
IO.inspect(Supervisor.terminate_child(sup, :nope), label: "terminate_child :nope")
IO.inspect(Supervisor.start_child(sup, sleeper.(:b, :temporary)), label: "start_child :b (taken)")
IO.inspect(Supervisor.start_child(sup, sleeper.(:c, :permanent)), label: "start_child :c")
IO.inspect(Supervisor.count_children(sup), label: "count_children")
IO.inspect(Supervisor.which_children(sup), label: "which_children")

# expect:
#   0ms main log terminate_child :a: :ok
#   0ms main log which_children: [{:b, #PID<main.sup.b>, :worker, [Task]}, {:a, :undefined, :worker, [Task]}]
#   0ms main log restart_child :a: {:ok, #PID<main.sup.a#2>}
#   0ms main log restart_child :b (running): {:error, :running}
#   0ms main log delete_child :b (running): {:error, :running}
#   0ms main log terminate_child :a: :ok
#   0ms main log delete_child :a: :ok
#   0ms main log delete_child :a (gone): {:error, :not_found}
#   0ms main log terminate_child :nope: {:error, :not_found}
#   0ms main log start_child :b (taken): {:error, {:already_started, #PID<main.sup.b>}}
#   0ms main log start_child :c: {:ok, #PID<main.sup.c>}
#   0ms main log count_children: %{active: 2, specs: 2, supervisors: 0, workers: 2}
#   0ms main log which_children: [\n  {:c, #PID<main.sup.c>, :worker, [Task]},\n  {:b, #PID<main.sup.b>, :worker, [Task]}\n]
#   0ms main exit :normal
#   0ms main.sup started :a #PID<main.sup.a>
#   0ms main.sup started :b #PID<main.sup.b>
#   0ms main.sup terminating :a with :shutdown (shutdown: 5000)
#   0ms main.sup started :a #PID<main.sup.a#2>
#   0ms main.sup terminating :a with :shutdown (shutdown: 5000)
#   0ms main.sup started :c #PID<main.sup.c>
#   0ms main.sup terminating :c with :shutdown (shutdown: 5000)
#   0ms main.sup terminating :b with :shutdown (shutdown: 5000)
#   0ms main.sup exit :normal
#   0ms main.sup.a exit :shutdown
#   0ms main.sup.a#2 exit :shutdown
#   0ms main.sup.b exit :shutdown
#   0ms main.sup.c exit :shutdown
