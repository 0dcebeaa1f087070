# name: TransientShutdownNotRestarted
# description: :transient children exiting :shutdown or {:shutdown, _} are not restarted (max_restarts: 0, and the supervisor survives)
#
# SEMANTICS.md §4.2, §8: :transient restarts only abnormal exits, and :shutdown and
# {:shutdown, _} count as normal. With max_restarts: 0 any restart attempt would make the
# supervisor give up; it lives on, and keeps both specs with pid :undefined.

children = [
  Supervisor.child_spec(
    {Task,
     fn ->
       Process.sleep(100)
       exit(:shutdown)
     end},
    id: :a,
    restart: :transient
  ),
  Supervisor.child_spec(
    {Task,
     fn ->
       Process.sleep(200)
       exit({:shutdown, :done})
     end},
    id: :b,
    restart: :transient
  )
]

{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one, max_restarts: 0)
Process.sleep(300)
IO.inspect(Supervisor.which_children(sup), label: "which_children")

# expect:
#   0ms main.sup started :a #PID<main.sup.a>
#   0ms main.sup started :b #PID<main.sup.b>
#   100ms main.sup.a exit :shutdown
#   200ms main.sup.b exit {:shutdown, :done}
#   300ms main log which_children: [{:b, :undefined, :worker, [Task]}, {:a, :undefined, :worker, [Task]}]
#   300ms main exit :normal
#   300ms main.sup exit :normal
