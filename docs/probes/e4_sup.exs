Code.require_file("h.exs")
defmodule W do
  use GenServer
  def start_link({id, opts}), do: GenServer.start_link(__MODULE__, {id, opts})
  def init({id, opts}) do
    if opts[:trap], do: Process.flag(:trap_exit, true)
    if opts[:log], do: send(opts[:log], {:start, id, self()})
    case opts[:init] do
      nil -> {:ok, {id, opts}}
      other -> other
    end
  end
  def handle_cast({:exit, r}, s), do: {:stop, r, s}
  def handle_info({:EXIT, _, r}, {id, opts} = s) do
    if opts[:log], do: send(opts[:log], {:got_exit, id, r})
    if opts[:ignore_exit], do: {:noreply, s}, else: {:stop, r, s}
  end
  def terminate(r, {id, opts}) do
    if opts[:log], do: send(opts[:log], {:terminate, id, r})
    if opts[:slow_terminate], do: Process.sleep(opts[:slow_terminate])
    :ok
  end
end
defmodule C do
  def spec(id, opts, extra \\ []), do: Supervisor.child_spec({W, {id, opts}}, [id: id] ++ extra)
  def pid_of(sup, id), do: Enum.find_value(Supervisor.which_children(sup), fn {^id, p, _, _} -> p; _ -> nil end)
  def crash(sup, id, r \\ :boom), do: GenServer.cast(pid_of(sup, id), {:exit, r})
  def ids(msgs), do: Enum.map(msgs, fn {:start, id, _} -> {:start, id}; {:terminate, id, r} -> {:term, id, r}; {:EXIT, _, r} -> {:EXIT, r}; {:got_exit, id, r} -> {:got_exit, id, r}; o -> o end)
end

H.run("start order / stop order (Supervisor.stop)", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, log: me, trap: true), C.spec(:b, log: me, trap: true), C.spec(:c, log: me, trap: true)], strategy: :one_for_one)
  Supervisor.stop(sup)
  C.ids(H.flush()) end)

H.run("one_for_one restart", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, log: me, trap: true), C.spec(:b, log: me, trap: true), C.spec(:c, log: me, trap: true)], strategy: :one_for_one)
  H.flush(); C.crash(sup, :b); Process.sleep(50)
  C.ids(H.flush()) end)

H.run("one_for_all restart", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, log: me, trap: true), C.spec(:b, log: me, trap: true), C.spec(:c, log: me, trap: true)], strategy: :one_for_all)
  H.flush(); C.crash(sup, :b); Process.sleep(50)
  C.ids(H.flush()) end)

H.run("rest_for_one restart", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, log: me, trap: true), C.spec(:b, log: me, trap: true), C.spec(:c, log: me, trap: true)], strategy: :rest_for_one)
  H.flush(); C.crash(sup, :b); Process.sleep(50)
  C.ids(H.flush()) end)

H.run("one_for_all with temporary sibling", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, [log: me, trap: true], restart: :temporary), C.spec(:b, log: me, trap: true), C.spec(:c, log: me, trap: true)], strategy: :one_for_all)
  H.flush(); C.crash(sup, :b); Process.sleep(50)
  {C.ids(H.flush()), Supervisor.which_children(sup) |> Enum.map(&elem(&1, 0))} end)

H.run("intensity: max_restarts 3 -> 4th crash shuts down; parent trapping", fn ->
  Process.flag(:trap_exit, true)
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, log: me, trap: true), C.spec(:b, log: me, trap: true)], strategy: :one_for_one)
  H.flush()
  for i <- 1..4 do
    C.crash(sup, :b, {:crash, i}); Process.sleep(30)
  end
  Process.sleep(100)
  C.ids(H.flush()) end)

H.run("max_restarts 0 -> first crash shuts down", fn ->
  Process.flag(:trap_exit, true)
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, log: me, trap: true), C.spec(:b, log: me, trap: true)], strategy: :one_for_one, max_restarts: 0)
  H.flush(); C.crash(sup, :a); Process.sleep(100)
  C.ids(H.flush()) end)

H.run("supervisor gives up; NON-trapping linked parent dies with", fn ->
  {:ok, sup} = Supervisor.start_link([C.spec(:a, [])], strategy: :one_for_one, max_restarts: 0)
  C.crash(sup, :a); Process.sleep(100); :alive end)

H.run("transient child exits :normal/:shutdown/{:shutdown,_}: not restarted, no intensity", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, [log: me], restart: :transient), C.spec(:b, [log: me], restart: :transient), C.spec(:c, [log: me], restart: :transient)], strategy: :one_for_one, max_restarts: 0)
  H.flush(); C.crash(sup, :a, :normal); C.crash(sup, :b, :shutdown); C.crash(sup, :c, {:shutdown, :x}); Process.sleep(100)
  {C.ids(H.flush()), Supervisor.which_children(sup), Process.alive?(sup)} end)

H.run("temporary child crash: removed from specs", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, [log: me], restart: :temporary)], strategy: :one_for_one, max_restarts: 0)
  H.flush(); C.crash(sup, :a); Process.sleep(100)
  {C.ids(H.flush()), Supervisor.which_children(sup), Supervisor.count_children(sup), Process.alive?(sup)} end)

H.run("init child start fails {:stop,:nope}: start_link result (trapping caller)", fn ->
  Process.flag(:trap_exit, true)
  me = self()
  r = Supervisor.start_link([C.spec(:a, log: me, trap: true), C.spec(:b, log: me, init: {:stop, :nope}), C.spec(:c, log: me)], strategy: :one_for_one)
  Process.sleep(50)
  {r, C.ids(H.flush())} end)

H.run("init child start fails: NON-trapping caller", fn ->
  r = Supervisor.start_link([C.spec(:b, init: {:stop, :nope})], strategy: :one_for_one)
  send(self(), {:got, r})
  Process.sleep(100)
  {:survived, r} end)

H.run("init child start calls an undefined function (Kernel.raise/1 is a macro) -> {:EXIT, {:undef, st}}", fn ->
  Process.flag(:trap_exit, true)
  bad = %{id: :bad, start: {Kernel, :raise, ["boom"]}}
  r = Supervisor.start_link([bad], strategy: :one_for_one)
  H.shape(r) end)

H.run("init child start returns garbage", fn ->
  Process.flag(:trap_exit, true)
  bad = %{id: :bad, start: {Function, :identity, [:garbage]}}
  Supervisor.start_link([bad], strategy: :one_for_one) end)

H.run("init child start returns :ignore", fn ->
  ig = %{id: :ig, start: {Function, :identity, [:ignore]}}
  ig2 = %{id: :ig2, start: {Function, :identity, [:ignore]}, restart: :temporary}
  {:ok, sup} = Supervisor.start_link([ig, ig2], strategy: :one_for_one)
  Supervisor.which_children(sup) end)

H.run("Supervisor.start_child failing / duplicate", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, [])], strategy: :one_for_one)
  r1 = Supervisor.start_child(sup, C.spec(:x, init: {:stop, :nope}))
  r2 = Supervisor.start_child(sup, C.spec(:a, []))
  :ok = Supervisor.terminate_child(sup, :a)
  r3 = Supervisor.start_child(sup, C.spec(:a, []))
  r4 = Supervisor.restart_child(sup, :a)
  r5 = Supervisor.restart_child(sup, :a)
  r6 = Supervisor.delete_child(sup, :a)
  r7 = Supervisor.terminate_child(sup, :zzz)
  _ = me
  {H.shape(r1) |> inspect(limit: 6), elem(r2, 0), elem(r2, 1) |> elem(0), r3, elem(r4, 0), r5 |> elem(1) , r6, r7} end)

H.run("DynamicSupervisor.start_child failing", fn ->
  {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
  r1 = DynamicSupervisor.start_child(sup, C.spec(:x, init: {:stop, :nope}))
  r2 = DynamicSupervisor.start_child(sup, %{id: :bad, start: {Kernel, :raise, ["boom"]}})
  r3 = DynamicSupervisor.start_child(sup, %{id: :bad, start: {Function, :identity, [:ignore]}})
  {r1, H.shape(r2), r3} end)

H.run("trapping GenServer child, terminate_child (shutdown: 100): parent EXIT goes to terminate/2, not handle_info; exits at once", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, [log: me, trap: true, ignore_exit: true], shutdown: 100)], strategy: :one_for_one)
  pid = C.pid_of(sup, :a); _ref = Process.monitor(pid)
  t0 = System.monotonic_time(:millisecond)
  :ok = Supervisor.terminate_child(sup, :a)
  t1 = System.monotonic_time(:millisecond)
  {C.ids(H.flush()) |> Enum.map(fn {:DOWN, _, _, _, r} -> {:DOWN, r}; o -> o end), took_100ms_or_more: (t1 - t0) >= 100} end)

H.run("shutdown :brutal_kill on trapping child", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, [log: me, trap: true], shutdown: :brutal_kill)], strategy: :one_for_one)
  pid = C.pid_of(sup, :a); Process.monitor(pid)
  :ok = Supervisor.terminate_child(sup, :a)
  C.ids(H.flush()) |> Enum.map(fn {:DOWN, _, _, _, r} -> {:DOWN, r}; o -> o end) end)

H.run("non-trapping child on supervisor shutdown", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([C.spec(:a, [log: me])], strategy: :one_for_one)
  pid = C.pid_of(sup, :a); Process.monitor(pid)
  :ok = Supervisor.terminate_child(sup, :a)
  C.ids(H.flush()) |> Enum.map(fn {:DOWN, _, _, _, r} -> {:DOWN, r}; o -> o end) end)

H.run("restart fails -> try_again loop -> supervisor dies (intensity 3)", fn ->
  Process.flag(:trap_exit, true)
  me = self()
  :persistent_term.put(:fail_restart, false)
  defmodule Flaky do
    def start_link(me) do
      send(me, :start_attempt)
      if :persistent_term.get(:fail_restart), do: {:error, :nope}, else: GenServer.start_link(W, {:flaky, []})
    end
  end
  {:ok, sup} = Supervisor.start_link([%{id: :f, start: {Flaky, :start_link, [me]}}], strategy: :one_for_one)
  :persistent_term.put(:fail_restart, true)
  H.flush()
  C.crash(sup, :f); Process.sleep(200)
  C.ids(H.flush()) end)
