Code.require_file("h.exs")
Code.require_file("w.exs")
defmodule Bad do
  def raise_it, do: raise "boom"
  def exit_it, do: exit(:bye)
  def throw_it, do: throw(:ball)
end
H.run("init child start raises (error)", fn ->
  Process.flag(:trap_exit, true)
  Supervisor.start_link([%{id: :bad, start: {Bad, :raise_it, []}}], strategy: :one_for_one) |> H.shape() end)
H.run("init child start exits", fn ->
  Process.flag(:trap_exit, true)
  Supervisor.start_link([%{id: :bad, start: {Bad, :exit_it, []}}], strategy: :one_for_one) |> H.shape() end)
H.run("init child start throws", fn ->
  Process.flag(:trap_exit, true)
  Supervisor.start_link([%{id: :bad, start: {Bad, :throw_it, []}}], strategy: :one_for_one) |> H.shape() end)
H.run("DynamicSupervisor start_child raises/exits/throws", fn ->
  {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
  for f <- [:raise_it, :exit_it, :throw_it], do: DynamicSupervisor.start_child(sup, %{id: :bad, start: {Bad, f, []}}) |> H.shape() end)
H.run("Supervisor.start_child failing full", fn ->
  {:ok, sup} = Supervisor.start_link([], strategy: :one_for_one)
  Supervisor.start_child(sup, C.spec(:x, init: {:stop, :nope})) end)
H.run("intensity full", fn ->
  Process.flag(:trap_exit, true)
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, log: me, trap: true), C.spec(:b, log: me, trap: true), C.spec(:c, log: me, trap: true)], strategy: :one_for_one)
  H.flush()
  for i <- 1..4 do
    C.crash(sup, :b, {:crash, i}); Process.sleep(30)
  end
  Process.sleep(100)
  C.ids(H.flush()) |> Enum.map(&inspect/1) |> Enum.join(" ") end)
H.run("shutdown timeout: slow terminate gets killed (shutdown: 100)", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, [log: me, trap: true, slow_terminate: 1000], shutdown: 100)], strategy: :one_for_one)
  pid = C.pid_of(sup, :a); Process.monitor(pid)
  t0 = System.monotonic_time(:millisecond)
  :ok = Supervisor.terminate_child(sup, :a)
  t1 = System.monotonic_time(:millisecond)
  {C.ids(H.flush()) |> Enum.map(fn {:DOWN, _, _, _, r} -> {:DOWN, r}; o -> o end), t1 - t0} end)
H.run("DynamicSupervisor terminate on shutdown: concurrent, children order", fn ->
  Process.flag(:trap_exit, true)
  me = self()
  {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
  for id <- [:a, :b, :c], do: {:ok, _} = DynamicSupervisor.start_child(sup, C.spec(id, log: me, trap: true, slow_terminate: 100))
  H.flush()
  t0 = System.monotonic_time(:millisecond)
  DynamicSupervisor.stop(sup)
  t1 = System.monotonic_time(:millisecond)
  {C.ids(H.flush()), t1 - t0} end)
H.run("Supervisor stop: sequential", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link(for(id <- [:a, :b, :c], do: C.spec(id, log: me, trap: true, slow_terminate: 100)), strategy: :one_for_one)
  H.flush()
  t0 = System.monotonic_time(:millisecond)
  Supervisor.stop(sup)
  t1 = System.monotonic_time(:millisecond)
  {C.ids(H.flush()), t1 - t0} end)
H.run("DynamicSupervisor max_children", fn ->
  {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one, max_children: 1)
  a = DynamicSupervisor.start_child(sup, C.spec(:a, [])) |> elem(0)
  b = DynamicSupervisor.start_child(sup, C.spec(:b, []))
  {a, b} end)
H.run("Supervisor.stop with reason returns and parent?", fn ->
  Process.flag(:trap_exit, true)
  {:ok, sup} = Supervisor.start_link([], strategy: :one_for_one)
  r = Supervisor.stop(sup, :normal)
  {r, H.flush() |> Enum.map(fn {:EXIT, _, x} -> {:EXIT, x} end)} end)
H.run("nested: child sup gives up -> parent restarts it", fn ->
  me = self()
  inner = %{id: :inner, start: {Supervisor, :start_link, [[C.spec(:w, log: me)], [strategy: :one_for_one, max_restarts: 0]]}, type: :supervisor}
  {:ok, top} = Supervisor.start_link([inner], strategy: :one_for_one)
  H.flush()
  [{:inner, ipid, :supervisor, _}] = Supervisor.which_children(top)
  C.crash(ipid, :w); Process.sleep(100)
  [{:inner, ipid2, :supervisor, _}] = Supervisor.which_children(top)
  {ipid != ipid2, C.ids(H.flush())} end)
