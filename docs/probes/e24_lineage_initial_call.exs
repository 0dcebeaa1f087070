# §2.9, §3, §4.9: the :"$callers" / :"$ancestors" entries of Task.Supervisor tasks and of
# supervisor children (static and dynamic, named and not), and :proc_lib.initial_call/1 of
# tasks and servers. Every pid is printed as a role name, so the output is stable.
Code.require_file("h.exs")

defmodule L do
  # Replace every pid (and registered atom) in a term by its role.
  def roles(t, names) do
    case t do
      p when is_pid(p) -> Map.get(names, p, :other_pid)
      l when is_list(l) -> Enum.map(l, &roles(&1, names))
      {a, b} -> {roles(a, names), roles(b, names)}
      {a, b, c} -> {roles(a, names), roles(b, names), roles(c, names)}
      o -> o
    end
  end
  def me, do: {Process.get(:"$callers"), Process.get(:"$ancestors")}
  def report(to), do: send(to, {:lineage, self(), me()})
  def get(), do: receive(do: ({:lineage, p, l} -> {p, l}))
  def start_link(to) do
    Task.start_link(fn -> report(to) end)
  end
end

defmodule G do
  use GenServer
  def start_link(to), do: GenServer.start_link(__MODULE__, to)
  def init(to), do: (L.report(to); {:ok, to})
end

H.run("Task.Supervisor start_child / async / async_nolink from a task of the owner", fn ->
  me = self()
  {:ok, sup} = Task.Supervisor.start_link()
  Task.async(fn ->
    owner = self()
    names = %{me => :me, owner => :owner, sup => :sup}
    {:ok, _} = Task.Supervisor.start_child(sup, fn -> L.report(owner) end)
    {_, a} = L.get()
    t = Task.Supervisor.async(sup, fn -> L.me() end)
    b = Task.await(t)
    u = Task.Supervisor.async_nolink(sup, fn -> L.me() end)
    c = Task.await(u)
    L.roles([a, b, c], names)
  end) |> Task.await()
end)

H.run("named Task.Supervisor, caller registered", fn ->
  me = self()
  Process.register(me, :the_caller)
  {:ok, sup} = Task.Supervisor.start_link(name: :tsup)
  {:ok, _} = Task.Supervisor.start_child(:tsup, fn -> L.report(me) end)
  {_, a} = L.get()
  Process.unregister(:the_caller)
  L.roles(a, %{me => :me, sup => :sup}) end)

H.run("registered caller: Task.async ancestors use the name, callers the pid", fn ->
  me = self()
  Process.register(me, :the_caller)
  r = Task.async(fn -> L.me() end) |> Task.await()
  Process.unregister(:the_caller)
  L.roles(r, %{me => :me}) end)

H.run("Supervisor (started by a task) children: GenServer and Task; the supervisor's own", fn ->
  me = self()
  Task.async(fn ->
    owner = self()
    {:ok, sup} = Supervisor.start_link([{G, owner}, %{id: :t, start: {L, :start_link, [owner]}}], strategy: :one_for_one)
    names = %{me => :me, owner => :owner, sup => :sup}
    x = L.get(); y = L.get()
    sup_dict = Process.info(sup, :dictionary) |> elem(1) |> Keyword.take([:"$callers", :"$ancestors"])
    L.roles([x, y, sup_dict], Map.merge(names, %{elem(x, 0) => :child1, elem(y, 0) => :child2}))
  end) |> Task.await()
end)

H.run("DynamicSupervisor named: children GenServer and Task, started by another process", fn ->
  me = self()
  {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one, name: :dsup)
  Task.async(fn ->
    owner = self()
    {:ok, _} = DynamicSupervisor.start_child(:dsup, {G, owner})
    {:ok, _} = DynamicSupervisor.start_child(:dsup, %{id: :t, start: {L, :start_link, [owner]}})
    x = L.get(); y = L.get()
    L.roles([elem(x, 1), elem(y, 1)], %{me => :me, owner => :owner, sup => :sup})
  end) |> Task.await()
end)

H.run("Supervisor restart: the restarted child's lineage", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([%{id: :g, start: {G, :start_link, [me]}}], strategy: :one_for_one)
  {p1, _} = L.get()
  Process.exit(p1, :kill)
  {_, l} = L.get()
  L.roles(l, %{me => :me, sup => :sup}) end)

H.run(":proc_lib.initial_call of tasks", fn ->
  me = self()
  {:ok, sup} = Task.Supervisor.start_link()
  block = fn -> receive do :go -> :ok end end
  t1 = Task.async(block)
  t2 = Task.async(Enum, :reverse, [[1]])
  {:ok, s1} = Task.start(block)
  {:ok, s2} = Task.start_link(block)
  {:ok, c1} = Task.Supervisor.start_child(sup, block)
  t3 = Task.Supervisor.async(sup, block)
  t4 = Task.Supervisor.async_nolink(sup, block)
  t5 = Task.Supervisor.async(sup, L, :me, [])
  {:ok, g} = G.start_link(me); L.get()
  sp = spawn(block)
  r = for p <- [t1.pid, t2.pid, s1, s2, c1, t3.pid, t4.pid, t5.pid, g, sp, sup], do: :proc_lib.initial_call(p)
  for p <- [t1.pid, s1, s2, c1, t3.pid, t4.pid, sp], do: send(p, :go)
  Process.sleep(20)
  {r, :proc_lib.initial_call(s1), :proc_lib.translate_initial_call(t1.pid)} end)
