# §1.3, §2.1, §4.9: Process.info(pid, :links) of another process (alive, dead), and the
# :"$callers" / :"$ancestors" dictionary entries of tasks and supervised children.
Code.require_file("h.exs")

H.run("Process.info(other, :links): alive, then dead", fn ->
  me = self()
  p = spawn_link(fn -> receive do :stop -> :ok end end)
  q = spawn(fn -> Process.link(p); receive do :stop -> :ok end end)
  Process.sleep(20)
  {:links, l} = Process.info(p, :links)
  send(p, :stop); send(q, :stop)
  Process.sleep(20)
  {Enum.sort(l) == Enum.sort([me, q]), Process.info(p, :links)} end)

H.run("Task.async: $callers, $ancestors", fn ->
  me = self()
  t = Task.async(fn -> {Process.get(:"$callers"), Process.get(:"$ancestors")} end)
  {c, a} = Task.await(t)
  {c == [me], a == [me], a} end)

H.run("Task.async inside Task.async: $callers, $ancestors", fn ->
  me = self()
  t = Task.async(fn ->
    inner = self()
    u = Task.async(fn -> {Process.get(:"$callers"), Process.get(:"$ancestors")} end)
    {inner, Task.await(u)}
  end)
  {inner, {c, a}} = Task.await(t)
  {c == [inner, me], a == [inner, me]} end)

H.run("Task.start / start_link: $callers, $ancestors", fn ->
  me = self()
  Task.start(fn -> send(me, {:s, Process.get(:"$callers"), Process.get(:"$ancestors")}) end)
  Task.start_link(fn -> send(me, {:l, Process.get(:"$callers"), Process.get(:"$ancestors")}) end)
  Process.sleep(20)
  H.flush() |> Enum.map(fn {k, c, a} -> {k, c == [me], a == [me]} end) end)

H.run("spawn: $callers, $ancestors", fn ->
  me = self()
  spawn(fn -> send(me, {Process.get(:"$callers"), Process.get(:"$ancestors")}) end)
  receive do m -> m end end)

H.run("Task.Supervisor.async: $callers, $ancestors", fn ->
  me = self()
  {:ok, sup} = Task.Supervisor.start_link()
  t = Task.Supervisor.async(sup, fn -> {Process.get(:"$callers"), Process.get(:"$ancestors")} end)
  {c, a} = Task.await(t)
  {c == [me], a == [sup, me]} end)

H.run("Supervisor child (GenServer): $callers, $ancestors", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([%{id: :a, start: {Agent, :start_link, [fn -> {Process.get(:"$callers"), Process.get(:"$ancestors")} end]}}], strategy: :one_for_one)
  [{:a, pid, _, _}] = Supervisor.which_children(sup)
  {c, a} = Agent.get(pid, & &1)
  {c, a == [sup, me]} end)

H.run("named supervisor: ancestors use the name", fn ->
  me = self()
  {:ok, _sup} = Supervisor.start_link([%{id: :a, start: {Agent, :start_link, [fn -> Process.get(:"$ancestors") end]}}], strategy: :one_for_one, name: :named_sup)
  [{:a, pid, _, _}] = Supervisor.which_children(:named_sup)
  a = Agent.get(pid, & &1)
  {a, tl(a) == [me]} end)
