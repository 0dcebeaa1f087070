# name: AgentSupervised
# description: agents as supervisor children, by a map and by {Agent, fun}; a crashed agent is restarted with its first state
children = [
  %{id: :counter, start: {Agent, :start_link, [fn -> 0 end, [name: Counter]]}},
  {Agent, fn -> :plain end}
]
{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
Agent.update(Counter, &(&1 + 1))
IO.inspect(Agent.get(Counter, & &1), label: "counter")
IO.inspect(Supervisor.count_children(sup), label: "children")
IO.inspect(Enum.map(Supervisor.which_children(sup), fn {id, _, type, mods} -> {id, type, mods} end), label: "which")
try do
  Agent.update(Counter, fn _ -> raise "lost" end)
catch
  :exit, {reason, _} -> IO.inspect(reason, label: "update failed")
end
Process.sleep(10)
IO.inspect(Agent.get(Counter, & &1), label: "counter after restart")

# expect:
#   0ms main log counter: 1
#   0ms main log children: %{active: 2, specs: 2, supervisors: 0, workers: 2}
#   0ms main log which: [{Agent, :worker, [Agent]}, {:counter, :worker, [Agent]}]
#   0ms main catch_exit {{%RuntimeError{message: "lost"}, []}, {GenServer, :call, [Counter, {:update, #Opaque<Function>}, 5000]}}
#   0ms main log update failed: {%RuntimeError{message: "lost"}, []}
#   0ms main.sup started :counter #PID<main.sup.counter>
#   0ms main.sup started Agent #PID<main.sup.Agent>
#   0ms main.sup restarting :counter (restart 1 in the window)
#   0ms main.sup started :counter #PID<main.sup.counter#2>
#   0ms main.sup.counter exit {%RuntimeError{message: "lost"}, []}
#   10ms main log counter after restart: 0
#   10ms main exit :normal
#   10ms main.sup terminating Agent with :shutdown (shutdown: 5000)
#   10ms main.sup terminating :counter with :shutdown (shutdown: 5000)
#   10ms main.sup exit :normal
#   10ms main.sup.Agent exit :shutdown
#   10ms main.sup.counter#2 exit :shutdown
