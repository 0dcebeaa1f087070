Code.require_file("h.exs")

# 1. linked child exits normal; non-trapping parent survives
H.run("spawn_link child exit :normal, parent not trapping", fn ->
  spawn_link(fn -> exit(:normal) end); Process.sleep(50); :alive end)

H.run("spawn_link child exit :boom, parent not trapping", fn ->
  spawn_link(fn -> exit(:boom) end); Process.sleep(50); :alive end)

H.run("spawn_link child exit :normal, parent trapping", fn ->
  Process.flag(:trap_exit, true)
  pid = spawn_link(fn -> exit(:normal) end); Process.sleep(50); {pid, H.flush()} end)

H.run("Process.exit(other, :normal) non-trapping target", fn ->
  pid = spawn(fn -> Process.sleep(200) end)
  ref = Process.monitor(pid)
  Process.exit(pid, :normal); Process.sleep(20); {Process.alive?(pid), H.flush() |> length(), ref != nil} end)

H.run("Process.exit(other, :normal) trapping target", fn ->
  me = self()
  pid = spawn(fn -> Process.flag(:trap_exit, true); send(me, :ready); receive do m -> send(me, {:got, m}) end end)
  receive do :ready -> :ok end
  Process.exit(pid, :normal); H.flush() end)

H.run("Process.exit(self(), :normal) non-trapping", fn ->
  Process.exit(self(), :normal); Process.sleep(50); :survived end)

H.run("Process.exit(self(), :normal) trapping", fn ->
  Process.flag(:trap_exit, true)
  Process.exit(self(), :normal); Process.sleep(50); {:survived, H.flush()} end)

H.run("Process.exit(pid, :kill) -> monitor/link reasons", fn ->
  Process.flag(:trap_exit, true)
  pid = spawn_link(fn -> Process.flag(:trap_exit, true); Process.sleep(:infinity) end)
  Process.monitor(pid)
  Process.exit(pid, :kill); H.flush() end)

H.run("child calls exit(:kill) itself; linked trapping parent sees", fn ->
  Process.flag(:trap_exit, true)
  pid = spawn_link(fn -> exit(:kill) end)
  Process.monitor(pid); Process.sleep(20); H.flush() end)

H.run("child exit(:kill); linked NON-trapping middle proc's reason", fn ->
  me = self()
  {mid, ref} = spawn_monitor(fn -> spawn_link(fn -> exit(:kill) end); Process.sleep(500); send(me, :mid_alive) end)
  _ = mid
  H.flush() |> Enum.map(fn {:DOWN, ^ref, _, _, r} -> {:mid_down, r}; o -> o end) end)

H.run("Process.exit(pid, :boom) to trapping target", fn ->
  me = self()
  pid = spawn(fn -> Process.flag(:trap_exit, true); send(me, :ready); receive do m -> send(me, {:got, m}) end end)
  receive do :ready -> :ok end
  Process.exit(pid, :boom); H.flush() end)

H.run("monitor dead pid", fn ->
  pid = spawn(fn -> :ok end); Process.sleep(20)
  ref = Process.monitor(pid); H.flush() |> Enum.map(fn {:DOWN, ^ref, :process, ^pid, r} -> {:DOWN, :ref, :process, :pid, r} end) end)

H.run("link dead pid, not trapping", fn ->
  pid = spawn(fn -> :ok end); Process.sleep(20)
  try do
    Process.link(pid); {:link_returned, H.flush()}
  rescue e -> {:raised, e}
  catch k, r -> {:caught, k, r}
  end end)

H.run("link dead pid, trapping", fn ->
  Process.flag(:trap_exit, true)
  pid = spawn(fn -> :ok end); Process.sleep(20)
  r = Process.link(pid); {r, H.flush() |> Enum.map(fn {:EXIT, ^pid, x} -> {:EXIT, :pid, x}; o -> o end)} end)

H.run("unlink dead pid", fn -> pid = spawn(fn -> :ok end); Process.sleep(20); Process.unlink(pid) end)

H.run("demonitor flush removes DOWN", fn ->
  pid = spawn(fn -> :ok end)
  ref = Process.monitor(pid); Process.sleep(20)
  r = Process.demonitor(ref, [:flush]); {r, H.flush()} end)

H.run("demonitor info after down", fn ->
  pid = spawn(fn -> :ok end)
  ref = Process.monitor(pid); Process.sleep(20)
  r = Process.demonitor(ref, [:flush, :info]); {r, H.flush()} end)

H.run("EXIT vs DOWN order (monitor then link via spawn_link+monitor)", fn ->
  Process.flag(:trap_exit, true)
  pid = spawn_link(fn -> receive do :go -> exit(:boom) end end)
  Process.monitor(pid); send(pid, :go); Process.sleep(20)
  H.flush() |> Enum.map(&elem(&1, 0)) end)

H.run("EXIT vs DOWN order (monitor created BEFORE link)", fn ->
  Process.flag(:trap_exit, true)
  pid = spawn(fn -> receive do :go -> exit(:boom) end end)
  Process.monitor(pid); Process.link(pid); send(pid, :go); Process.sleep(20)
  H.flush() |> Enum.map(&elem(&1, 0)) end)

H.run("spawn_monitor order of msg vs DOWN", fn ->
  me = self()
  {_pid, _ref} = spawn_monitor(fn -> send(me, :hello); exit(:bye) end); Process.sleep(20)
  H.flush() |> Enum.map(fn t when is_tuple(t) -> elem(t, 0); a -> a end) end)

H.run("receive after 0 with msg present", fn ->
  send(self(), :x); receive do :x -> :got after 0 -> :timeout end end)

H.run("selective receive skips non-matching", fn ->
  send(self(), :a); send(self(), :b); send(self(), :c)
  r = receive do :b -> :b end
  {r, H.flush()} end)

H.run("exit/1 with {:shutdown, x} from linked child; non-trapping parent", fn ->
  spawn_link(fn -> exit({:shutdown, :x}) end); Process.sleep(50); :alive end)

H.run("exit/1 with :shutdown from linked child; non-trapping parent", fn ->
  spawn_link(fn -> exit(:shutdown) end); Process.sleep(50); :alive end)

H.run("raise in spawn_link child -> reason", fn ->
  Process.flag(:trap_exit, true)
  spawn_link(fn -> raise "boom" end); Process.sleep(50)
  for {:EXIT, _, {e, st}} <- H.flush(), do: {:EXIT, e, is_list(st)} end)

H.run("throw in spawn_link child -> reason", fn ->
  Process.flag(:trap_exit, true)
  spawn_link(fn -> throw(:ball) end); Process.sleep(50)
  for {:EXIT, _, {e, st}} <- H.flush(), do: {:EXIT, e, is_list(st)} end)

H.run("erlang error in spawn_link child -> reason", fn ->
  Process.flag(:trap_exit, true)
  spawn_link(fn -> :erlang.error(:badarg) end); Process.sleep(50)
  for {:EXIT, _, {e, st}} <- H.flush(), do: {:EXIT, e, is_list(st)} end)

H.run("Process.exit(trapping_pid, :kill): untrappable, the target never gets a message", fn ->
  me = self()
  pid = spawn(fn -> Process.flag(:trap_exit, true); send(me, :ready); receive do m -> send(me, {:got, m}) end end)
  receive do :ready -> :ok end
  Process.exit(pid, :kill); H.flush() end)

H.run("alias: send to deactivated alias dropped", fn ->
  a = :erlang.alias([:explicit_unalias])
  send(a, :one); :erlang.unalias(a); send(a, :two); H.flush() end)

H.run("monitor alias (alias: :demonitor): after demonitor, a late reply to the alias is dropped", fn ->
  me = self()
  pid = spawn(fn -> receive do {:reply_to, a} -> Process.sleep(50); send(a, :late) end end)
  ref = :erlang.monitor(:process, pid, alias: :demonitor)
  send(pid, {:reply_to, ref})
  Process.demonitor(ref, [:flush])
  Process.sleep(100); {me == self(), H.flush()} end)
