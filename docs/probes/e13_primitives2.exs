# §1.1–§1.9 facts not covered by e1/e11: spawn family return shapes, link to self,
# an EXIT already queued survives unlink, trap_exit returns the previous value,
# monitors are not affected by trapping, registered-name monitors, send to a plain
# reference, exit/1 is not seen by rescue, `after 0` with an empty mailbox.
Code.require_file("h.exs")

H.run("spawn_monitor / Process.spawn([:link, :monitor]) return shapes", fn ->
  {p1, r1} = spawn_monitor(fn -> :ok end)
  {p2, r2} = Process.spawn(fn -> :ok end, [:link, :monitor])
  p3 = Process.spawn(fn -> :ok end, [:link])
  {is_pid(p1) and is_reference(r1), is_pid(p2) and is_reference(r2), is_pid(p3)} end)

H.run("Process.link(self()) -> no link created", fn ->
  r = Process.link(self())
  {r, Process.info(self(), :links)} end)

H.run("EXIT delivered before unlink stays in the mailbox", fn ->
  Process.flag(:trap_exit, true)
  pid = spawn_link(fn -> exit(:boom) end)
  Process.sleep(50)
  true = Process.unlink(pid)
  H.flush() |> Enum.map(fn {:EXIT, p, r} when p == pid -> {:EXIT, :pid, r}; o -> o end) end)

H.run("unlink of a non-linked live pid", fn ->
  p = spawn(fn -> Process.sleep(100) end)
  Process.unlink(p) end)

H.run("Process.flag(:trap_exit, _) returns the previous value", fn ->
  a = Process.flag(:trap_exit, true)
  b = Process.flag(:trap_exit, true)
  c = Process.flag(:trap_exit, false)
  {a, b, c} end)

H.run("trapping process monitoring (not linked) a crashing process gets only DOWN", fn ->
  Process.flag(:trap_exit, true)
  {_pid, _ref} = spawn_monitor(fn -> exit(:boom) end)
  Process.sleep(50)
  H.flush() |> Enum.map(&elem(&1, 0)) end)

H.run("monitor by registered name: 4th element of DOWN is {name, node}", fn ->
  p = spawn(fn -> receive do :go -> :ok end end)
  Process.register(p, :probe_named)
  ref = Process.monitor(:probe_named)
  send(p, :go)
  receive do {:DOWN, r, :process, who, reason} when r == ref -> {who == {:probe_named, node()}, reason} end end)

H.run("monitor of an unregistered name: immediate DOWN :noproc", fn ->
  ref = Process.monitor(:no_such_name_here)
  receive do {:DOWN, r, :process, who, reason} when r == ref -> {who, reason} after 100 -> :none end end)

H.run("Process.demonitor(ref) on a live monitor returns true; no DOWN afterwards", fn ->
  p = spawn(fn -> receive do :go -> :ok end end)
  ref = Process.monitor(p)
  r = Process.demonitor(ref)
  send(p, :go); Process.sleep(20)
  {r, H.flush()} end)

H.run("send/2 to a plain (non-alias) reference: legal, dropped", fn ->
  ref = make_ref()
  r = send(ref, :hello)
  {r == :hello, H.flush()} end)

H.run("exit/1 inside try/rescue is not rescued (process exits)", fn ->
  try do exit(:x) rescue e -> {:rescued, e} end end)

H.run("receive ... after 0 with an empty mailbox", fn ->
  t0 = System.monotonic_time(:millisecond)
  r = receive do :x -> :got after 0 -> :timeout end
  {r, System.monotonic_time(:millisecond) - t0} end)

H.run("a message arriving during the wait beats the `after`", fn ->
  me = self()
  spawn(fn -> Process.sleep(20); send(me, :x) end)
  receive do :x -> :got after 200 -> :timeout end end)

H.run("message-major receive: first mailbox message matching ANY clause wins", fn ->
  send(self(), :b); send(self(), :a)
  r = receive do
    :a -> :a
    :b -> :b
  end
  {r, H.flush()} end)

H.run("runtime error exit reason through a monitor: raw Erlang term, not exception struct", fn ->
  {_p, ref} = spawn_monitor(fn -> :erlang.binary_to_atom(Process.get(:unset_key, :not_a_binary)) end)
  receive do {:DOWN, r, _, _, reason} when r == ref -> H.shape(reason) end end)

H.run("raise of an Elixir exception: {struct, stacktrace}", fn ->
  {_p, ref} = spawn_monitor(fn -> raise ArgumentError, "bad" end)
  receive do {:DOWN, r, _, _, reason} when r == ref -> H.shape(reason) end end)

H.run("monitor alias (alias: :demonitor): once the DOWN is delivered, sends to the alias are dropped", fn ->
  p = spawn(fn -> :ok end)
  ref = :erlang.monitor(:process, p, alias: :demonitor)
  receive do {:DOWN, r, _, _, _} when r == ref -> :ok end
  send(ref, :after_down)
  H.flush() end)

H.run("monitor alias: while the monitor is active, a send to the alias arrives", fn ->
  p = spawn(fn -> Process.sleep(100) end)
  ref = :erlang.monitor(:process, p, alias: :demonitor)
  send(ref, :while_active)
  H.flush() end)
