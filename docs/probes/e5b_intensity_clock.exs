# §4.6: the restart-intensity window is counted in whole seconds of the monotonic
# clock with an inclusive boundary (moved out of e5_sup2.exs: these cases sleep ~4 s).
Code.require_file("h.exs")
Code.require_file("w.exs")
H.run("boundary: max_restarts 1, max_seconds 1, crashes 1005ms apart", fn ->
  Process.flag(:trap_exit, true)
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, log: me)], strategy: :one_for_one, max_restarts: 1, max_seconds: 1)
  s0 = System.monotonic_time(:second); C.crash(sup, :a); Process.sleep(1005)
  s1 = System.monotonic_time(:second); C.crash(sup, :a); Process.sleep(50)
  {s1 - s0, Process.alive?(sup), C.ids(H.flush()) |> Enum.filter(&match?({:EXIT, _}, &1))} end)
H.run("boundary: max_restarts 1, max_seconds 1, crashes 2100ms apart", fn ->
  Process.flag(:trap_exit, true)
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, log: me)], strategy: :one_for_one, max_restarts: 1, max_seconds: 1)
  s0 = System.monotonic_time(:second); C.crash(sup, :a); Process.sleep(2100)
  s1 = System.monotonic_time(:second); C.crash(sup, :a); Process.sleep(50)
  {s1 - s0, Process.alive?(sup)} end)
H.run("DynamicSupervisor boundary 1005ms", fn ->
  Process.flag(:trap_exit, true)
  {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one, max_restarts: 1, max_seconds: 1)
  {:ok, _} = DynamicSupervisor.start_child(sup, C.spec(:a, []))
  [{_, p, _, _}] = DynamicSupervisor.which_children(sup)
  s0 = System.monotonic_time(:second); GenServer.cast(p, {:exit, :boom}); Process.sleep(1005)
  [{_, p, _, _}] = DynamicSupervisor.which_children(sup)
  s1 = System.monotonic_time(:second); GenServer.cast(p, {:exit, :boom}); Process.sleep(50)
  {s1 - s0, Process.alive?(sup), H.flush() |> Enum.map(fn {:EXIT, _, r} -> r end)} end)
