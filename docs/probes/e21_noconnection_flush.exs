# §2.2–§2.8 and §1.6: a DOWN with :noconnection (here a message the program sends
# itself) as each Task query function sees it; `demonitor(ref, [:flush])` on an active
# and on an inactive monitor next to self-sent messages shaped like its DOWN; the
# DOWN of a monitor taken on a registered name.
Code.require_file("h.exs")

fake_down = fn t, who -> send(self(), {:DOWN, t.ref, :process, who, :noconnection}) end
slow = fn -> Task.async(fn -> Process.sleep(1000) end) end

H.run("await: DOWN :noconnection with a pid", fn ->
  t = slow.(); fake_down.(t, t.pid)
  try do Task.await(t) catch :exit, r -> H.shape(r) end end)

H.run("await: DOWN :noconnection with {name, node}", fn ->
  t = slow.(); fake_down.(t, {:srv, :other@host})
  try do Task.await(t) catch :exit, r -> H.shape(r) end end)

H.run("await: DOWN :noconnection with an atom", fn ->
  t = slow.(); fake_down.(t, :who)
  try do Task.await(t) catch :exit, r -> H.shape(r); :error, e -> {:error, e} end end)

H.run("await_many: DOWN :noconnection", fn ->
  t = slow.(); u = slow.(); fake_down.(u, u.pid)
  try do Task.await_many([t, u], 500) catch :exit, r -> H.shape(r) end end)

H.run("yield: DOWN :noconnection", fn ->
  t = slow.(); fake_down.(t, t.pid)
  try do Task.yield(t, 100) catch :exit, r -> H.shape(r) end end)

H.run("yield: DOWN :other reason", fn ->
  t = slow.(); send(self(), {:DOWN, t.ref, :process, t.pid, :other})
  Task.yield(t, 100) end)

H.run("yield_many: DOWN :noconnection on the second task", fn ->
  t = slow.(); u = slow.(); fake_down.(u, {:srv, :n@h})
  r = try do Task.yield_many([t, u], 100) catch :exit, r -> H.shape(r) end
  {r, H.flush()} end)

H.run("ignore: DOWN :noconnection", fn ->
  t = slow.(); fake_down.(t, t.pid)
  try do Task.ignore(t) catch :exit, r -> H.shape(r) end end)

H.run("shutdown: live task, DOWN :noconnection on task.ref", fn ->
  t = slow.(); fake_down.(t, t.pid)
  r = try do Task.shutdown(t) catch :exit, r -> H.shape(r) end
  {r, H.flush() |> H.shape()} end)

H.run("shutdown: dead task (hand-built), DOWN :noconnection on task.ref", fn ->
  dead = spawn(fn -> :ok end); Process.sleep(20)
  t = %Task{ref: make_ref(), pid: dead, owner: self(), mfa: {:m, :f, 0}}
  send(self(), {:DOWN, t.ref, :process, {:x, :n@h}, :noconnection})
  try do Task.shutdown(t) catch :exit, r -> H.shape(r) end end)

H.run("shutdown brutal_kill: dead task (hand-built), DOWN :noconnection", fn ->
  dead = spawn(fn -> :ok end); Process.sleep(20)
  t = %Task{ref: make_ref(), pid: dead, owner: self(), mfa: {:m, :f, 0}}
  send(self(), {:DOWN, t.ref, :process, dead, :noconnection})
  try do Task.shutdown(t, :brutal_kill) catch :exit, r -> H.shape(r) end end)

H.run("demonitor flush, active monitor: self-sent lookalikes stay", fn ->
  p = spawn(fn -> Process.sleep(1000) end)
  ref = Process.monitor(p)
  send(self(), {:DOWN, ref, :process, p, :fake})
  send(self(), {:other, ref, 1, 2, 3})
  r = Process.demonitor(ref, [:flush])
  {r, H.flush() |> Enum.map(&elem(&1, 0))} end)

H.run("demonitor flush+info, active monitor: lookalike stays", fn ->
  p = spawn(fn -> Process.sleep(1000) end)
  ref = Process.monitor(p)
  send(self(), {:DOWN, ref, :process, p, :fake})
  r = Process.demonitor(ref, [:flush, :info])
  {r, H.flush() |> Enum.map(&elem(&1, 4))} end)

H.run("demonitor flush, monitor already fired: how many 5-tuples go", fn ->
  p = spawn(fn -> :ok end)
  ref = Process.monitor(p)
  Process.sleep(50)
  send(self(), {:a, ref, 1, 2, 3})
  send(self(), {:b, ref, 1, 2, 3})
  r = Process.demonitor(ref, [:flush])
  {r, H.flush() |> Enum.map(&elem(&1, 0))} end)

H.run("demonitor flush, monitor removed before: how many lookalikes go", fn ->
  p = spawn(fn -> Process.sleep(1000) end)
  ref = Process.monitor(p)
  Process.demonitor(ref)
  send(self(), {:a, ref, 1, 2, 3})
  send(self(), {:b, ref, 1, 2, 3})
  r = Process.demonitor(ref, [:flush, :info])
  {r, H.flush() |> Enum.map(&elem(&1, 0))} end)

H.run("demonitor flush, unknown ref: lookalikes", fn ->
  ref = make_ref()
  send(self(), {:a, ref, 1, 2, 3})
  send(self(), {:b, ref, 1, 2, 3})
  r = Process.demonitor(ref, [:flush])
  {r, H.flush() |> Enum.map(&elem(&1, 0))} end)

H.run("monitor by registered name: DOWN field, exit and kill", fn ->
  p = spawn(fn -> receive do :go -> exit(:bye) end end)
  Process.register(p, :probe_named)
  ref = Process.monitor(:probe_named)
  send(p, :go)
  receive do {:DOWN, ^ref, :process, who, r} -> {who, r} after 500 -> :none end end)

H.run("monitor by unregistered name: immediate DOWN", fn ->
  ref = Process.monitor(:nobody_here)
  receive do {:DOWN, ^ref, :process, who, r} -> {who, r} after 500 -> :none end end)

H.run("monitor by {name, node()} tuple", fn ->
  p = spawn(fn -> receive do :go -> :ok end end)
  Process.register(p, :probe_named2)
  ref = Process.monitor({:probe_named2, node()})
  send(p, :go)
  receive do {:DOWN, ^ref, :process, who, r} -> {who, r} after 500 -> :none end end)

H.run("monitor by name, then demonitor, then process dies", fn ->
  p = spawn(fn -> receive do :go -> :ok end end)
  Process.register(p, :probe_named3)
  ref = Process.monitor(:probe_named3)
  r = Process.demonitor(ref, [:info])
  send(p, :go)
  Process.sleep(50)
  {r, H.flush()} end)
