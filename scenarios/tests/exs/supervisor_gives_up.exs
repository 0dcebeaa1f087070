# name: SupervisorGivesUp
# description: a supervisor of children given as a list: a permanent child that keeps crashing exhausts max_restarts; the supervisor gives up

Process.flag(:trap_exit, true)

crasher =
  Supervisor.child_spec(
    {Task, fn -> Process.sleep(100); exit(:crashed) end},
    id: :crasher,
    restart: :permanent
  )

steady = %{id: :steady, start: {Task, :start_link, [fn -> Process.sleep(10_000) end]}}

{:ok, sup} = Supervisor.start_link([steady, crasher], strategy: :one_for_one, max_restarts: 2, max_seconds: 5)

receive do
  {:EXIT, ^sup, reason} -> IO.inspect(reason, label: "supervisor exited")
end
