Code.require_file("h.exs")

H.run("async reply raw message", fn ->
  t = Task.async(fn -> 42 end)
  Process.sleep(50)
  msgs = H.flush()
  {t.ref |> is_reference(), Enum.map(msgs, fn {r, v} when r == t.ref -> {:task_ref, v}; o -> o end)} end)

H.run("async raw messages when caller traps exits", fn ->
  Process.flag(:trap_exit, true)
  t = Task.async(fn -> 42 end)
  Process.sleep(50)
  Enum.map(H.flush(), fn {r, v} when r == t.ref -> {:task_ref, v}; {:EXIT, p, r} when p == t.pid -> {:EXIT, :task_pid, r}; o -> o end) end)

H.run("await ok", fn -> Task.await(Task.async(fn -> :v end)) end)

H.run("await timeout caught via catch :exit", fn ->
  t = Task.async(fn -> Process.sleep(300); :late end)
  r = try do Task.await(t, 100) catch :exit, r -> {:exit, H.shape(r)} end
  Process.sleep(400)
  {r, H.flush(), Process.alive?(t.pid)} end)

H.run("await timeout NOT caught: runner exit reason", fn ->
  t = Task.async(fn -> Process.sleep(300); :late end)
  Task.await(t, 100) end)

H.run("task raises; rescue around await", fn ->
  t = Task.async(fn -> Process.sleep(50); raise "boom" end)
  try do Task.await(t) rescue e -> {:rescued, e} catch k, r -> {:caught, k, r} end end)

H.run("task raises; caller traps exits; await", fn ->
  Process.flag(:trap_exit, true)
  t = Task.async(fn -> raise "boom" end)
  r = try do Task.await(t) catch :exit, r -> {:exit, H.shape(r)} end
  {r, H.flush() |> H.shape()} end)

H.run("task exits :normal w/o reply? (exit(:normal) inside)", fn ->
  t = Task.async(fn -> exit(:normal) end)
  try do Task.await(t) catch :exit, r -> {:exit, H.shape(r)} end end)

H.run("task exits {:shutdown,:x}; caller not trapping", fn ->
  t = Task.async(fn -> exit({:shutdown, :x}) end)
  try do Task.await(t) catch :exit, r -> {:exit, H.shape(r)} end end)

H.run("await from non-owner", fn ->
  t = Task.async(fn -> 1 end)
  me = self()
  spawn(fn -> send(me, {:res, try do Task.await(t) rescue e -> e end}) end)
  receive do {:res, x} -> x end end)

H.run("yield timeout then yield again", fn ->
  t = Task.async(fn -> Process.sleep(150); :v end)
  a = Task.yield(t, 50)
  b = Task.yield(t, 500)
  {a, b} end)

H.run("yield on crashed task (trapping)", fn ->
  Process.flag(:trap_exit, true)
  t = Task.async(fn -> exit(:boom) end)
  {Task.yield(t, 500), H.flush() |> H.shape()} end)

H.run("yield on task exiting normal w/o reply", fn ->
  t = Task.async(fn -> exit(:normal) end)
  Task.yield(t, 500) end)

H.run("yield_many integer timeout", fn ->
  ts = [Task.async(fn -> 1 end), Task.async(fn -> Process.sleep(300); 2 end)]
  Task.yield_many(ts, 100) |> Enum.map(fn {_, r} -> r end) end)

H.run("yield_many keyword opts (1.16+ only)", fn ->
  ts = [Task.async(fn -> 1 end)]
  try do Task.yield_many(ts, timeout: 100) rescue e -> {:raised, e.__struct__} end end)

H.run("await_many ok order", fn ->
  ts = [Task.async(fn -> Process.sleep(100); :a end), Task.async(fn -> :b end)]
  Task.await_many(ts) end)

H.run("await_many timeout", fn ->
  ts = [Task.async(fn -> :a end), Task.async(fn -> Process.sleep(500); :b end)]
  try do Task.await_many(ts, 100) catch :exit, r -> {:exit, H.shape(r)} end end)

H.run("shutdown running task (default 5000)", fn ->
  t = Task.async(fn -> Process.sleep(1000) end)
  {Task.shutdown(t), H.flush()} end)

H.run("shutdown brutal_kill running task", fn ->
  t = Task.async(fn -> Process.sleep(1000) end)
  Task.shutdown(t, :brutal_kill) end)

H.run("shutdown after reply arrived", fn ->
  t = Task.async(fn -> :done end)
  Process.sleep(50)
  Task.shutdown(t) end)

H.run("shutdown trapping task that ignores shutdown, timeout 100", fn ->
  t = Task.async(fn -> Process.flag(:trap_exit, true); Process.sleep(1000) end)
  Process.sleep(20)
  Task.shutdown(t, 100) end)

H.run("shutdown trapping task that exits :normal after EXIT", fn ->
  t = Task.async(fn -> Process.flag(:trap_exit, true); receive do {:EXIT, _, _} -> exit(:normal) end end)
  Process.sleep(20)
  Task.shutdown(t, 100) end)

H.run("shutdown task that crashed (caller trapping)", fn ->
  Process.flag(:trap_exit, true)
  t = Task.async(fn -> exit(:boom) end)
  Process.sleep(50)
  {Task.shutdown(t), H.flush() |> H.shape()} end)

H.run("shutdown on Task.completed", fn ->
  t = Task.completed(:x)
  try do Task.shutdown(t) rescue e -> {:raised, e.__struct__} end end)

H.run("ignore running task", fn ->
  t = Task.async(fn -> Process.sleep(100); :v end)
  r = Task.ignore(t)
  Process.sleep(200)
  {r, H.flush()} end)

H.run("start/1 and start_link/1", fn ->
  {:ok, p1} = Task.start(fn -> :ok end)
  {:ok, p2} = Task.start_link(fn -> :ok end)
  {is_pid(p1), is_pid(p2)} end)

H.run("start_link task raising kills caller", fn ->
  {:ok, _} = Task.start_link(fn -> raise "x" end)
  Process.sleep(100); :alive end)

H.run("await twice", fn ->
  t = Task.async(fn -> 1 end)
  a = Task.await(t)
  b = try do Task.await(t, 100) catch :exit, r -> {:exit, H.shape(r)} end
  {a, b} end)

H.run("yield timeout leaves reply arriving later (monitor active)", fn ->
  t = Task.async(fn -> Process.sleep(100); :late end)
  nil = Task.yield(t, 10)
  Process.sleep(200)
  H.flush() |> Enum.map(fn {r, v} when r == t.ref -> {:task_ref, v}; {:DOWN, r, _, _, x} when r == t.ref -> {:DOWN, :task_ref, x}; o -> o end) end)
