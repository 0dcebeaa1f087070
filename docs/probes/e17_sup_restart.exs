# §4.2 (restart decision table), §4.6 (what counts toward intensity), §4.7 (what the
# parent sees when a child supervisor gives up), raw :supervisor flag defaults.
Code.require_file("h.exs")
Code.require_file("w.exs")

# One child of the given restart type exits with `reason`; report whether it was
# restarted and whether the supervisor (max_restarts given) survived.
defmodule R do
  def case(restart, reason, max_restarts) do
    Process.flag(:trap_exit, true)
    me = self()
    {:ok, sup} = Supervisor.start_link([C.spec(:a, [log: me], restart: restart)], strategy: :one_for_one, max_restarts: max_restarts)
    H.flush()
    C.crash(sup, :a, reason)
    Process.sleep(50)
    msgs = C.ids(H.flush())
    alive = Process.alive?(sup)
    children = if alive, do: Supervisor.which_children(sup) |> Enum.map(fn {id, p, _, _} -> {id, if(is_pid(p), do: :pid, else: p)} end), else: :sup_dead
    [restarted: {:start, :a} in msgs, sup_alive: alive, children: children, parent_got: for({:EXIT, r} <- msgs, do: r)]
  end
end

for restart <- [:permanent, :transient, :temporary], reason <- [:normal, :shutdown, {:shutdown, :x}, :boom] do
  H.run("#{restart} child exits #{inspect(reason)} (max_restarts: 5)", fn -> R.case(restart, reason, 5) end)
end
H.run("permanent child exits :normal with max_restarts: 0 (the restart attempt trips intensity)", fn -> R.case(:permanent, :normal, 0) end)
H.run("transient child exits :boom with max_restarts: 0", fn -> R.case(:transient, :boom, 0) end)
H.run("temporary child exits :boom with max_restarts: 0 (no intensity use)", fn -> R.case(:temporary, :boom, 0) end)

H.run("manual terminate_child + restart_child x3 with max_restarts: 0: no intensity use", fn ->
  {:ok, sup} = Supervisor.start_link([C.spec(:a, [])], strategy: :one_for_one, max_restarts: 0)
  rs = for _ <- 1..3 do
    :ok = Supervisor.terminate_child(sup, :a)
    Supervisor.restart_child(sup, :a) |> elem(0)
  end
  {rs, Process.alive?(sup)} end)

H.run("one_for_all, max_restarts: 1: one crash cycling 3 children = 1 restart; 2nd crash trips", fn ->
  Process.flag(:trap_exit, true)
  me = self()
  {:ok, sup} = Supervisor.start_link(for(id <- [:a, :b, :c], do: C.spec(id, log: me)), strategy: :one_for_all, max_restarts: 1)
  H.flush()
  C.crash(sup, :b); Process.sleep(50)
  first = Process.alive?(sup)
  C.crash(sup, :b); Process.sleep(50)
  {first, Process.alive?(sup), C.ids(H.flush()) |> Enum.filter(&match?({:EXIT, _}, &1))} end)

H.run("DynamicSupervisor: permanent child exits :normal -> restarted; transient :shutdown -> removed", fn ->
  {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
  {:ok, p1} = DynamicSupervisor.start_child(sup, C.spec(:a, []))
  {:ok, p2} = DynamicSupervisor.start_child(sup, C.spec(:b, [], restart: :transient))
  GenServer.cast(p1, {:exit, :normal}); GenServer.cast(p2, {:exit, :shutdown})
  Process.sleep(50)
  DynamicSupervisor.count_children(sup) end)

defmodule RawSup do
  use Supervisor
  def init(children), do: {:ok, {%{strategy: :one_for_one}, children}}
end

defmodule RawDyn do
  use DynamicSupervisor
  def init(_), do: {:ok, %{strategy: :one_for_one}}
end

H.run("raw :supervisor flags map without intensity/period -> intensity 1, period 5", fn ->
  Process.flag(:trap_exit, true)
  {:ok, sup} = Supervisor.start_link(RawSup, [C.spec(:a, [])])
  st = :sys.get_state(sup)
  flags = {elem(st, 5), elem(st, 6)}
  C.crash(sup, :a); Process.sleep(30)
  after1 = Process.alive?(sup)
  C.crash(sup, :a); Process.sleep(30)
  {flags, after1, Process.alive?(sup)} end)

H.run("module DynamicSupervisor whose flags lack :intensity -> 1 restart allowed", fn ->
  Process.flag(:trap_exit, true)
  {:ok, sup} = DynamicSupervisor.start_link(RawDyn, [])
  {:ok, p} = DynamicSupervisor.start_child(sup, C.spec(:a, []))
  GenServer.cast(p, {:exit, :boom}); Process.sleep(30)
  after1 = Process.alive?(sup)
  [{_, p2, _, _}] = DynamicSupervisor.which_children(sup)
  GenServer.cast(p2, {:exit, :boom}); Process.sleep(30)
  {after1, Process.alive?(sup)} end)

# §4.7: a child supervisor that gives up exits :shutdown; how the parent treats it
for restart <- [:permanent, :transient, :temporary] do
  H.run("child supervisor (#{restart}) gives up -> parent supervisor", fn ->
    inner = %{id: :inner, start: {Supervisor, :start_link, [[C.spec(:w, [])], [strategy: :one_for_one, max_restarts: 0]]}, type: :supervisor, restart: restart}
    {:ok, top} = Supervisor.start_link([inner], strategy: :one_for_one)
    [{:inner, ipid, :supervisor, _}] = Supervisor.which_children(top)
    ref = Process.monitor(ipid)
    C.crash(ipid, :w)
    down = receive do {:DOWN, r, _, _, x} when r == ref -> x end
    Process.sleep(50)
    {down, Supervisor.which_children(top) |> Enum.map(fn {id, p, _, _} -> {id, if(is_pid(p), do: (p == ipid && :same_pid) || :new_pid, else: p)} end)} end)
end

H.run("Supervisor.stop(sup, :custom): returns :ok, parent sees EXIT :custom", fn ->
  Process.flag(:trap_exit, true)
  {:ok, sup} = Supervisor.start_link([], strategy: :one_for_one)
  r = Supervisor.stop(sup, :custom)
  {r, H.flush() |> Enum.map(fn {:EXIT, _, x} -> {:EXIT, x} end)} end)

H.run("DynamicSupervisor gives up: remaining children stopped, sup exits :shutdown", fn ->
  Process.flag(:trap_exit, true)
  me = self()
  {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one, max_restarts: 0)
  {:ok, a} = DynamicSupervisor.start_child(sup, C.spec(:a, log: me, trap: true))
  {:ok, _b} = DynamicSupervisor.start_child(sup, C.spec(:b, log: me, trap: true))
  H.flush()
  GenServer.cast(a, {:exit, :boom}); Process.sleep(50)
  C.ids(H.flush()) |> Enum.sort() end)

# §4.8 (c): a failing restart is retried through the supervisor's own mailbox; calls that
# arrive meanwhile are served and see the child as :restarting. (Logging is switched off
# here: every failed attempt logs a start_error report.)
defmodule Flaky do
  def start_link(n) do
    if :persistent_term.get(:fail_restart), do: {:error, :nope}, else: GenServer.start_link(W, {n, []})
  end
end

:logger.set_primary_config(:level, :none)

H.run("Supervisor: restart keeps failing -> which_children (served between retries) shows :restarting", fn ->
  Process.flag(:trap_exit, true)
  :persistent_term.put(:fail_restart, false)
  {:ok, sup} = Supervisor.start_link([%{id: :f, start: {Flaky, :start_link, [:f]}}], strategy: :one_for_one, max_restarts: 100_000, max_seconds: 1)
  :persistent_term.put(:fail_restart, true)
  C.crash(sup, :f); Process.sleep(20)
  wc = Supervisor.which_children(sup)
  :persistent_term.put(:fail_restart, false)
  Process.sleep(20)
  {wc, Supervisor.which_children(sup) |> Enum.map(fn {id, p, _, _} -> {id, is_pid(p)} end)} end)

H.run("DynamicSupervisor: same, child listed as :restarting", fn ->
  Process.flag(:trap_exit, true)
  :persistent_term.put(:fail_restart, false)
  {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one, max_restarts: 100_000, max_seconds: 1)
  {:ok, p} = DynamicSupervisor.start_child(sup, %{id: :f, start: {Flaky, :start_link, [:f]}})
  :persistent_term.put(:fail_restart, true)
  GenServer.cast(p, {:exit, :boom}); Process.sleep(20)
  wc = DynamicSupervisor.which_children(sup)
  :persistent_term.put(:fail_restart, false)
  Process.sleep(20)
  {wc, DynamicSupervisor.which_children(sup) |> Enum.map(fn {id, p, _, _} -> {id, is_pid(p)} end)} end)

:logger.set_primary_config(:level, :notice)

defmodule IgnoreOnRestart do
  def start_link(n) do
    if :persistent_term.get(:ignore_restart), do: :ignore, else: GenServer.start_link(W, {n, []})
  end
end

H.run("DynamicSupervisor: child whose restart returns :ignore is removed", fn ->
  :persistent_term.put(:ignore_restart, false)
  {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
  {:ok, p} = DynamicSupervisor.start_child(sup, %{id: :i, start: {IgnoreOnRestart, :start_link, [:i]}})
  :persistent_term.put(:ignore_restart, true)
  GenServer.cast(p, {:exit, :boom}); Process.sleep(30)
  DynamicSupervisor.count_children(sup) end)

H.run("Supervisor: child whose restart returns :ignore keeps its spec with pid :undefined", fn ->
  :persistent_term.put(:ignore_restart, false)
  {:ok, sup} = Supervisor.start_link([%{id: :i, start: {IgnoreOnRestart, :start_link, [:i]}}], strategy: :one_for_one)
  :persistent_term.put(:ignore_restart, true)
  C.crash(sup, :i); Process.sleep(30)
  Supervisor.which_children(sup) end)
