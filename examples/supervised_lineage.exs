# name: SupervisedLineage
# description: the :"$callers" and :"$ancestors" of Task.Supervisor tasks (start_child, async, async_nolink) and of Supervisor and DynamicSupervisor children, named or not; :proc_lib.initial_call/1 of tasks, servers and supervisors
#
# A request handler (a task of main) hands work to a task supervisor: each task's
# $callers starts with the handler, and its $ancestors with the supervisor. The children
# of a supervisor list the supervisor (its name, if it has one) in front of the
# supervisor's own ancestors; only a task among them gets $callers, the supervisor.

defmodule Show do
  def lineage(label) do
    IO.puts("#{label} callers: #{inspect(Process.get(:"$callers"))}")
    IO.puts("#{label} ancestors: #{inspect(Process.get(:"$ancestors"))}")
  end

  def start_task(label) do
    Task.start_link(fn ->
      lineage(label)
      receive do
        :stop -> :ok
      end
    end)
  end

  def wait(x) do
    receive do
      :go -> x
    end
  end
end

defmodule Worker do
  use GenServer
  def start_link(label), do: GenServer.start_link(__MODULE__, label)

  def init(label) do
    Show.lineage(label)
    {:ok, label}
  end
end

{:ok, tsup} = Task.Supervisor.start_link(name: :jobs)

handler =
  Task.async(fn ->
    {:ok, _} = Task.Supervisor.start_child(:jobs, fn -> Show.lineage("child") end)
    Process.sleep(50)
    Task.Supervisor.async(:jobs, fn -> Show.lineage("async") end) |> Task.await()
    Task.Supervisor.async_nolink(tsup, fn -> Show.lineage("nolink") end) |> Task.await()
  end)

Task.await(handler)
Process.sleep(50)

{:ok, sup} =
  Supervisor.start_link(
    [
      %{id: :worker, start: {Worker, :start_link, ["sup worker"]}},
      %{id: :task, start: {Show, :start_task, ["sup task"]}}
    ],
    strategy: :one_for_one
  )

Process.sleep(50)
{:ok, dsup} = DynamicSupervisor.start_link(strategy: :one_for_one, name: :dyn)
{:ok, w} = DynamicSupervisor.start_child(:dyn, {Worker, "dyn worker"})
Process.sleep(50)

blocker = Task.Supervisor.async(:jobs, Show, :wait, [1])
Process.sleep(50)
IO.inspect(:proc_lib.initial_call(blocker.pid), label: "supervised task")
IO.inspect(:proc_lib.initial_call(w), label: "worker")
IO.inspect(:proc_lib.initial_call(sup), label: "supervisor")
IO.inspect(:proc_lib.initial_call(dsup), label: "dynamic supervisor")
IO.inspect(:proc_lib.initial_call(tsup), label: "task supervisor")
IO.inspect(:proc_lib.initial_call(spawn(fn -> :ok end)), label: "spawned")
send(blocker.pid, :go)
IO.inspect(Task.await(blocker), label: "blocker")
Process.sleep(50)
IO.inspect(:proc_lib.initial_call(blocker.pid), label: "after it ended")

# expect:
#   0ms main.tsup started #PID<main.tsup.task>
#   0ms main.tsup.task log child callers: [#PID<main.handler>, #PID<main>]
#   0ms main.tsup.task log child ancestors: [:jobs, #PID<main>]
#   0ms main.tsup.task exit :normal
#   50ms main.handler exit :normal
#   50ms main.tsup started #PID<main.tsup.async>
#   50ms main.tsup started #PID<main.tsup.async_nolink>
#   50ms main.tsup.async log async callers: [#PID<main.handler>, #PID<main>]
#   50ms main.tsup.async log async ancestors: [:jobs, #PID<main>]
#   50ms main.tsup.async exit :normal
#   50ms main.tsup.async_nolink log nolink callers: [#PID<main.handler>, #PID<main>]
#   50ms main.tsup.async_nolink log nolink ancestors: [:jobs, #PID<main>]
#   50ms main.tsup.async_nolink exit :normal
#   100ms main.sup started :worker #PID<main.sup.worker>
#   100ms main.sup started :task #PID<main.sup.task>
#   100ms main.sup.task log sup task callers: [#PID<main.sup>]
#   100ms main.sup.task log sup task ancestors: [#PID<main.sup>, #PID<main>]
#   100ms main.sup.worker log sup worker callers: nil
#   100ms main.sup.worker log sup worker ancestors: [#PID<main.sup>, #PID<main>]
#   150ms main.dsup started #PID<main.dsup.w>
#   150ms main.dsup.w log dyn worker callers: nil
#   150ms main.dsup.w log dyn worker ancestors: [:dyn, #PID<main>]
#   200ms main.tsup started #PID<main.tsup.blocker>
#   250ms main log supervised task: {Show, :wait, [:Argument__1]}
#   250ms main log worker: {Worker, :init, [:Argument__1]}
#   250ms main log supervisor: {:supervisor, Supervisor.Default, [:Argument__1]}
#   250ms main log dynamic supervisor: {:supervisor, Supervisor.Default, [:Argument__1]}
#   250ms main log task supervisor: {:supervisor, Task.Supervisor, [:Argument__1]}
#   250ms main log spawned: false
#   250ms main log blocker: 1
#   250ms main.spawn exit :normal
#   250ms main.tsup.blocker exit :normal
#   300ms main log after it ended: false
#   300ms main exit :normal
#   300ms main.dsup terminating #PID<main.dsup.w> with :shutdown (shutdown: 5000)
#   300ms main.dsup exit :normal
#   300ms main.dsup.w exit :shutdown
#   300ms main.sup terminating :task with :shutdown (shutdown: 5000)
#   300ms main.sup terminating :worker with :shutdown (shutdown: 5000)
#   300ms main.sup exit :normal
#   300ms main.sup.task exit :shutdown
#   300ms main.sup.worker exit :shutdown
#   300ms main.tsup exit :normal
