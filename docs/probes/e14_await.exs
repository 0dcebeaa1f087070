# §2.1–§2.6 facts not covered by e2/e9: what await/yield leave in the mailbox,
# the %Task{} fields, crash shapes through a task, the link after an uncaught
# await timeout, the owner check of yield/await_many, yield_many/await_many
# bookkeeping.
Code.require_file("h.exs")

defmodule K do
  def id(x), do: x
  def slow(ms, v), do: (Process.sleep(ms); v)
end

H.run("%Task{} of async/1, async/3 and completed/1", fn ->
  a = Task.async(fn -> 1 end)
  b = Task.async(K, :id, [2])
  c = Task.completed(3)
  Task.await_many([a, b, c])
  {a.mfa, b.mfa, c.mfa, c.pid, a.owner == self(), is_reference(a.ref)} end)

H.run("non-trapping owner: await leaves an empty mailbox (reply taken, DOWN flushed)", fn ->
  t = Task.async(fn -> :v end)
  Process.sleep(50)
  {Task.await(t), H.flush()} end)

H.run("trapping owner: await/yield leave exactly the {:EXIT, pid, :normal}", fn ->
  Process.flag(:trap_exit, true)
  t1 = Task.async(fn -> :v1 end)
  t2 = Task.async(fn -> :v2 end)
  Process.sleep(50)
  a = Task.await(t1)
  b = Task.yield(t2)
  {a, b, H.flush() |> Enum.map(fn {:EXIT, p, r} -> {:EXIT, (p == t1.pid && :t1) || (p == t2.pid && :t2), r}; o -> o end)} end)

H.run("await with :infinity and with 0 when the reply is already there", fn ->
  t1 = Task.async(fn -> :a end)
  t2 = Task.async(fn -> :b end)
  Process.sleep(50)
  {Task.await(t1, :infinity), Task.await(t2, 0)} end)

H.run("await 0 on a task that has not replied yet", fn ->
  t = Task.async(fn -> Process.sleep(100); :late end)
  try do Task.await(t, 0) catch :exit, r -> {:exit, H.shape(r)} end end)

H.run("task throws; trapping owner: reason {{:nocatch, v}, st}", fn ->
  Process.flag(:trap_exit, true)
  t = Task.async(fn -> throw(:ball) end)
  H.shape(Task.yield(t, 500)) end)

H.run("task hits an Erlang error; trapping owner: raw {:badarg, st}", fn ->
  Process.flag(:trap_exit, true)
  t = Task.async(fn -> :erlang.binary_to_atom(Process.get(:unset_key, :nope)) end)
  H.shape(Task.yield(t, 500)) end)

H.run("uncaught await timeout: owner exits, linked task dies with the SAME reason", fn ->
  me = self()
  owner = spawn(fn ->
    t = Task.async(fn -> Process.sleep(5000) end)
    send(me, {:task, t.pid})
    receive do :go -> Task.await(t, 50) end
  end)
  tpid = receive do {:task, p} -> p end
  tref = Process.monitor(tpid)
  oref = Process.monitor(owner)
  send(owner, :go)
  od = receive do {:DOWN, r, _, _, x} when r == oref -> H.shape(x) end
  td = receive do {:DOWN, r, _, _, x} when r == tref -> H.shape(x) after 500 -> :task_alive end
  [owner: od, task: td] end)

H.run("linked task killed by someone else; NON-trapping owner is killed with :killed", fn ->
  t = Task.async(fn -> Process.sleep(1000) end)
  Process.exit(t.pid, :kill)
  Process.sleep(50)
  :survived end)

H.run("yield from a non-owner", fn ->
  t = Task.async(fn -> 1 end)
  me = self()
  spawn(fn -> send(me, {:res, try do Task.yield(t, 10) rescue e -> e.__struct__ end}) end)
  receive do {:res, x} -> x end end)

H.run("await_many from a non-owner (checked before waiting)", fn ->
  t = Task.async(fn -> Process.sleep(1000) end)
  me = self()
  spawn(fn -> send(me, {:res, try do Task.await_many([t], 10) rescue e -> e.__struct__ end}) end)
  receive do {:res, x} -> x end end)

H.run("await_many: a crash demonitors the pending tasks (their later reply/DOWN never arrive)", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  slow = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(100); :slow end)
  bad = Task.Supervisor.async_nolink(sup, fn -> exit(:boom) end)
  r = try do Task.await_many([slow, bad]) catch :exit, r -> {:exit, H.shape(r)} end
  Process.sleep(200)
  {r, H.flush()} end)

H.run("await_many: timeout exit, then nothing left in the mailbox (timer flushed, pending demonitored)", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  ts = for ms <- [10, 300], do: Task.Supervisor.async_nolink(sup, fn -> Process.sleep(ms); ms end)
  r = try do Task.await_many(ts, 100) catch :exit, r -> {:exit, H.shape(r)} end
  Process.sleep(300)
  {r, H.flush()} end)

H.run("yield_many: results in input order, mixing ok/exit/nil; no stray timer message", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  ts = [
    Task.Supervisor.async_nolink(sup, fn -> Process.sleep(60); :slow end),
    Task.Supervisor.async_nolink(sup, fn -> :fast end),
    Task.Supervisor.async_nolink(sup, fn -> exit(:boom) end),
    Task.Supervisor.async_nolink(sup, fn -> Process.sleep(1000) end)
  ]
  r = Task.yield_many(ts, 150) |> Enum.map(fn {_t, res} -> res end)
  {r, H.flush()} end)

H.run("yield_many: a task still running after the deadline keeps its monitor (later yield gets it)", fn ->
  t = Task.async(fn -> Process.sleep(100); :late end)
  [{_, nil}] = Task.yield_many([t], 20)
  Task.yield(t, 500) end)

H.run("await after yield got the reply: waits the full timeout", fn ->
  t = Task.async(fn -> :v end)
  {:ok, :v} = Task.yield(t)
  t0 = System.monotonic_time(:millisecond)
  r = try do Task.await(t, 100) catch :exit, r -> {:exit, H.shape(r)} end
  {r, System.monotonic_time(:millisecond) - t0 >= 100} end)

defmodule LogFwd do
  def log(%{msg: msg}, %{config: %{pid: pid}}), do: send(pid, {:logged, msg})
end

H.run("which task exit reasons are logged (report labels seen by a :logger handler)", fn ->
  :logger.add_handler(:probe_fwd, LogFwd, %{config: %{pid: self()}})
  Process.flag(:trap_exit, true)
  r = for reason <- [:normal, :shutdown, {:shutdown, :x}, :boom] do
    t = Task.async(fn -> exit(reason) end)
    Task.yield(t, 500)
    Process.sleep(50)
    {reason, for({:logged, {:report, %{label: l}}} <- H.flush(), do: l)}
  end
  :logger.remove_handler(:probe_fwd)
  r end)

defmodule StopGS do
  use GenServer
  def init(x), do: {:ok, x}
  def handle_cast({:stop, r}, s), do: {:stop, r, s}
end

H.run("which GenServer stop reasons are logged (same handler)", fn ->
  :logger.add_handler(:probe_fwd, LogFwd, %{config: %{pid: self()}})
  Process.flag(:trap_exit, true)
  r = for reason <- [:normal, :shutdown, {:shutdown, :x}, :boom] do
    {:ok, gs} = GenServer.start_link(StopGS, nil)
    GenServer.cast(gs, {:stop, reason})
    Process.sleep(50)
    {reason, for({:logged, {:report, %{label: l}}} <- H.flush(), do: l)}
  end
  :logger.remove_handler(:probe_fwd)
  r end)
