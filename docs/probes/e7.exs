Code.require_file("h.exs")
Code.require_file("w.exs")
H.run("parent exits :normal -> linked supervisor exits :normal", fn ->
  me = self()
  spawn(fn ->
    {:ok, sup} = Supervisor.start_link([C.spec(:a, log: me, trap: true)], strategy: :one_for_one)
    {:ok, dsup} = DynamicSupervisor.start_link(strategy: :one_for_one)
    send(me, {:sups, sup, dsup})
  end)
  {sup, dsup} = receive do {:sups, s, d} -> {s, d} end
  r1 = Process.monitor(sup); r2 = Process.monitor(dsup)
  Process.sleep(100)
  rs = %{r1 => :sup_down, r2 => :dsup_down}
  H.flush() |> Enum.map(fn {:DOWN, r, _, _, x} -> {Map.get(rs, r), x}; {:terminate, id, x} -> {:child_term, id, x}; o -> o end) end)

H.run("random linked (non-child) process dies -> supervisor ignores", fn ->
  {:ok, sup} = Supervisor.start_link([], strategy: :one_for_one)
  Process.unlink(sup)
  spawn(fn -> Process.link(sup); exit(:boom) end)
  Process.sleep(100)
  Process.alive?(sup) end)

H.run("await_many with crashing task, caller trapping", fn ->
  Process.flag(:trap_exit, true)
  ts = [Task.async(fn -> Process.sleep(100); :a end), Task.async(fn -> exit(:boom) end)]
  try do Task.await_many(ts) catch :exit, r -> {:exit, H.shape(r)} end end)

H.run("async_nolink: owner dies, task keeps running, reply dropped", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  me = self()
  owner = spawn(fn ->
    t = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(100); send(me, :task_finished); :v end)
    send(me, {:task, t.pid})
  end)
  _tpid = receive do {:task, p} -> p end
  _ = owner
  Process.sleep(200)
  H.flush() end)

H.run("Task.async: owner dies (non-normal) -> task dies with same reason", fn ->
  me = self()
  owner = spawn(fn ->
    t = Task.async(fn -> Process.sleep(1000) end)
    send(me, {:task, t.pid})
    receive do :go -> exit(:owner_boom) end
  end)
  tpid = receive do {:task, p} -> p end
  ref = Process.monitor(tpid)
  send(owner, :go)
  receive do {:DOWN, ^ref, _, _, r} -> r after 500 -> :alive end end)

H.run("Task.async: owner exits :normal -> task keeps running", fn ->
  me = self()
  spawn(fn ->
    t = Task.async(fn -> Process.sleep(100); send(me, :task_done) end)
    send(me, {:task, t.pid})
  end)
  _tpid = receive do {:task, p} -> p end
  receive do :task_done -> :task_completed after 500 -> :task_gone end end)

H.run("Task.Supervisor shutdown of non-trapping task is immediate", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  {:ok, pid} = Task.Supervisor.start_child(sup, fn -> Process.sleep(:infinity) end, shutdown: 10_000)
  t0 = System.monotonic_time(:millisecond)
  :ok = Task.Supervisor.terminate_child(sup, pid)
  System.monotonic_time(:millisecond) - t0 end)

H.run("Task under Supervisor: child_spec temporary, crash not restarted", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([{Task, fn -> send(me, :ran); exit(:boom) end}], strategy: :one_for_one, max_restarts: 0)
  Process.sleep(100)
  {H.flush(), Supervisor.which_children(sup), Process.alive?(sup)} end)

H.run("Task.start_link inside supervisor: finishes normally -> removed (temporary)", fn ->
  {:ok, sup} = Supervisor.start_link([{Task, fn -> :ok end}], strategy: :one_for_one)
  Process.sleep(50)
  Supervisor.which_children(sup) end)

H.run("Supervisor.init invalid max_restarts", fn ->
  Process.flag(:trap_exit, true)
  Supervisor.start_link([], strategy: :one_for_one, max_restarts: -1) end)

H.run("Supervisor missing strategy", fn ->
  try do Supervisor.start_link([], []) rescue e -> {:raised, e.__struct__} end end)

H.run("spawn_monitor: DOWN for a normal return", fn ->
  {pid, ref} = spawn_monitor(fn -> :ok end)
  receive do {:DOWN, r2, :process, p2, r} when r2 == ref and p2 == pid -> r end end)

H.run("exit/1 inside try: catch :exit", fn ->
  try do exit(:x) catch :exit, r -> {:caught, r} end end)

H.run("Task.await of task that sent reply then crashed? (reply first wins)", fn ->
  Process.flag(:trap_exit, true)
  t = Task.async(fn -> :v end)
  Process.sleep(50)
  Task.await(t) end)
