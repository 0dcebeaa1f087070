# §3.2–§3.4 and §2.10: Task.Supervisor.async (linked) outcome columns, max_children,
# start_child not linked to the caller, supervised streams, early halt of a stream.
Code.require_file("h.exs")

H.run("Task.Supervisor.async, owner NOT trapping, task returns: await gives v, mailbox left empty", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  t = Task.Supervisor.async(sup, fn -> :v end)
  r = Task.await(t)
  Process.sleep(20)
  {r, H.flush()} end)

H.run("Task.Supervisor.async, owner trapping, task exit(:normal): await exits {:normal, ...}; EXIT :normal left", fn ->
  Process.flag(:trap_exit, true)
  {:ok, sup} = Task.Supervisor.start_link()
  t = Task.Supervisor.async(sup, fn -> exit(:normal) end)
  r = try do Task.await(t) catch :exit, r -> {:exit, H.shape(r)} end
  Process.sleep(20)
  {r, H.flush() |> Enum.map(fn {:EXIT, p, x} when p == t.pid -> {:EXIT, :task, x}; o -> o end)} end)

H.run("Task.Supervisor.async, owner trapping, task returns: v, {:EXIT, pid, :normal} left", fn ->
  Process.flag(:trap_exit, true)
  {:ok, sup} = Task.Supervisor.start_link()
  t = Task.Supervisor.async(sup, fn -> :v end)
  r = Task.await(t)
  Process.sleep(20)
  {r, H.flush() |> Enum.map(fn {:EXIT, p, x} when p == t.pid -> {:EXIT, :task, x}; {:EXIT, p, x} when p == sup -> {:EXIT, :sup, x}; o -> o end)} end)

H.run("Task.Supervisor.async, owner trapping, task raises: await exits; yield gives {:exit, ...}", fn ->
  Process.flag(:trap_exit, true)
  {:ok, sup} = Task.Supervisor.start_link()
  t1 = Task.Supervisor.async(sup, fn -> raise "boom" end)
  t2 = Task.Supervisor.async(sup, fn -> raise "boom" end)
  a = try do Task.await(t1) catch :exit, r -> {:exit, H.shape(r)} end
  b = Task.yield(t2, 500) |> H.shape()
  {a, b} end)

H.run("Task.Supervisor.async, owner NOT trapping, task raises: owner killed with raw reason", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  Process.unlink(sup)
  t = Task.Supervisor.async(sup, fn -> raise "boom" end)
  try do Task.await(t) catch :exit, r -> {:caught, H.shape(r)} end end)

H.run("Task.Supervisor.async, task exit(:normal) without reply: await exits {:normal, ...}", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  t = Task.Supervisor.async(sup, fn -> exit(:normal) end)
  try do Task.await(t) catch :exit, r -> {:exit, H.shape(r)} end end)

H.run("Task.Supervisor.async, supervisor shut down, owner NOT trapping: owner killed :shutdown", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  Process.unlink(sup)
  _t = Task.Supervisor.async(sup, fn -> Process.sleep(1000) end)
  Process.sleep(20)
  Process.exit(sup, :shutdown)
  Process.sleep(100)
  :survived end)

H.run("Task.Supervisor.async, supervisor shut down, owner trapping: yield {:exit, :shutdown} + EXIT", fn ->
  Process.flag(:trap_exit, true)
  {:ok, sup} = Task.Supervisor.start_link()
  Process.unlink(sup)
  t = Task.Supervisor.async(sup, fn -> Process.sleep(1000) end)
  Process.sleep(20)
  Process.exit(sup, :shutdown)
  r = Task.yield(t, 500)
  {r, H.flush() |> Enum.map(fn {:EXIT, p, x} when p == t.pid -> {:EXIT, :task, x}; o -> o end)} end)

H.run("start_child: {:ok, pid}; task linked to the supervisor only", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  {:ok, pid} = Task.Supervisor.start_child(sup, fn -> Process.sleep(200) end)
  {:links, mine} = Process.info(self(), :links)
  {:links, its} = Process.info(pid, :links)
  {pid in mine, its == [sup]} end)

H.run("max_children: start_child -> {:error, :max_children}; async raises", fn ->
  {:ok, sup} = Task.Supervisor.start_link(max_children: 1)
  {:ok, _} = Task.Supervisor.start_child(sup, fn -> Process.sleep(500) end)
  a = Task.Supervisor.start_child(sup, fn -> :ok end)
  b = try do Task.Supervisor.async_nolink(sup, fn -> :ok end) rescue e -> {:raised, e.__struct__} end
  {a, b} end)

H.run("async_stream_nolink: crash is an {:exit, r} element, caller (not trapping) unaffected", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  Task.Supervisor.async_stream_nolink(sup, [1, 2, 3], fn 2 -> exit(:boom); i -> i end) |> Enum.to_list() end)

H.run("Task.Supervisor.async_stream (linked): crash kills the non-trapping caller", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  Process.unlink(sup)
  Task.Supervisor.async_stream(sup, [1, 2], fn 2 -> exit(:boom); i -> i end) |> Enum.to_list() end)

H.run("async_stream halted early (Enum.take): running tasks are killed", fn ->
  me = self()
  r = Task.async_stream(1..3, fn i -> send(me, {:pid, i, self()}); if i == 1, do: i, else: Process.sleep(1000) end, max_concurrency: 3)
      |> Enum.take(1)
  Process.sleep(50)
  pids = for {:pid, i, p} <- H.flush(), i > 1, do: Process.alive?(p)
  {r, pids} end)

H.run("async_stream: at most max_concurrency tasks in flight", fn ->
  {:ok, agent} = Agent.start_link(fn -> {0, 0} end)
  1..6
  |> Task.async_stream(fn _ ->
    Agent.update(agent, fn {cur, mx} -> {cur + 1, max(mx, cur + 1)} end)
    Process.sleep(30)
    Agent.update(agent, fn {cur, mx} -> {cur - 1, mx} end)
  end, max_concurrency: 2)
  |> Stream.run()
  Agent.get(agent, fn {_, mx} -> mx end) end)

H.run("async_stream with MFA: the element is prepended to the args", fn ->
  Task.async_stream([1, 2], Kernel, :+, [10]) |> Enum.to_list() end)

H.run("async_stream on_timeout: :kill_task keeps the caller alive even when not trapping", fn ->
  [1, 2] |> Task.async_stream(fn i -> Process.sleep(i * 100); i end, timeout: 150, on_timeout: :kill_task) |> Enum.to_list() end)

H.run("Task.Supervisor.children/1 and DynamicSupervisor.which_children ids", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  {:ok, p} = Task.Supervisor.start_child(sup, fn -> Process.sleep(200) end)
  {Task.Supervisor.children(sup) == [p], DynamicSupervisor.which_children(sup) |> Enum.map(fn {id, _, type, mods} -> {id, type, mods} end)} end)

H.run("[impl] supervised-async task whose owner dies before the start message exits {:shutdown, reason}", fn ->
  # Task.Supervised.start_link/2 is what Task.Supervisor.async* starts under the supervisor;
  # called directly here so that the owner can die inside the handshake window.
  Process.flag(:trap_exit, true)
  owner = spawn(fn -> receive do :go -> exit(:bye) end end)
  {:ok, task} = Task.Supervised.start_link({node(), owner, owner}, :monitor)
  Process.sleep(20)   # let the task set up its monitor on the owner first
  send(owner, :go)
  receive do {:EXIT, p, r} when p == task -> r after 500 -> :none end end)
