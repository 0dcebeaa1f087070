# §1.10, §4.8, §4.9: {:global, name} and {:via, :global, name} names for GenServer and
# Supervisor (start, call, cast, whereis, a taken name, a missing name); Process.unregister;
# a child start that waits for the process that called start_link / start_child.
Code.require_file("h.exs")

defmodule S do
  use GenServer
  def init(x), do: {:ok, x}
  def handle_call(:get, _from, x), do: {:reply, x, x}
  def handle_cast({:set, y}, _x), do: {:noreply, y}
end

defmodule Waits do
  use GenServer
  # init asks the process that called start_link, which is blocked in start_link.
  def init({:call, caller, t}), do: {:ok, GenServer.call(caller, :hello, t)}
  def init({:recv, caller, t}) do
    send(caller, {:hello, self()})
    receive do
      :answer -> {:ok, :answered}
    after t -> {:stop, :no_answer}
    end
  end
end

H.run("global: start, call, cast, whereis, taken, :global.whereis_name", fn ->
  {:ok, p} = GenServer.start_link(S, 1, name: {:global, :g1})
  a = GenServer.call({:global, :g1}, :get)
  GenServer.cast({:global, :g1}, {:set, 2})
  b = GenServer.call({:global, :g1}, :get)
  {a, b, GenServer.whereis({:global, :g1}) == p, :global.whereis_name(:g1) == p,
   GenServer.start_link(S, 1, name: {:global, :g1}) == {:error, {:already_started, p}},
   GenServer.whereis(:g1)} end)

H.run("via :global: start, call, whereis; a tuple as the name", fn ->
  {:ok, p} = GenServer.start_link(S, 1, name: {:via, :global, {:svc, 7}})
  {GenServer.call({:via, :global, {:svc, 7}}, :get), GenServer.whereis({:via, :global, {:svc, 7}}) == p,
   :global.whereis_name({:svc, 7}) == p, GenServer.whereis({:global, {:svc, 7}}) == p} end)

H.run("call to a missing global name", fn ->
  try do GenServer.call({:global, :nobody}, :get) catch :exit, r -> r end end)
H.run("call to a missing via name", fn ->
  try do GenServer.call({:via, :global, :nobody}, :get) catch :exit, r -> r end end)
H.run("cast to a missing global name", fn -> GenServer.cast({:global, :nobody}, :x) end)
H.run("whereis missing global", fn -> {GenServer.whereis({:global, :nobody}), :global.whereis_name(:nobody)} end)

H.run("global name freed at death", fn ->
  {:ok, p} = GenServer.start(S, 1, name: {:global, :g2})
  GenServer.stop(p)
  r1 = :global.whereis_name(:g2)
  {:ok, q} = GenServer.start(S, 1, name: {:global, :g2})
  {r1, :global.whereis_name(:g2) == q} end)

H.run("Supervisor and DynamicSupervisor with global names", fn ->
  {:ok, s} = Supervisor.start_link([], strategy: :one_for_one, name: {:global, :sup})
  {:ok, d} = DynamicSupervisor.start_link(strategy: :one_for_one, name: {:via, :global, :dsup})
  {:ok, c} = DynamicSupervisor.start_child({:via, :global, :dsup}, {Agent, fn -> Process.get(:"$ancestors") end})
  {:ok, t} = Task.Supervisor.start_link(name: {:global, :tsup})
  ts = Task.Supervisor.async({:global, :tsup}, fn -> Process.get(:"$ancestors") end) |> Task.await()
  {Supervisor.count_children({:global, :sup}), Supervisor.which_children({:global, :sup}),
   Agent.get(c, & &1) |> Enum.map(&(&1 == d)), Enum.map(ts, &(&1 == t)), s != nil} end)

H.run("register / unregister", fn ->
  true = Process.register(self(), :me1)
  a = Process.whereis(:me1) == self()
  b = Process.unregister(:me1)
  c = Process.whereis(:me1)
  d = try do Process.unregister(:me1) rescue e -> e end
  e = try do Process.register(self(), :me2); Process.register(self(), :me3) rescue e -> e end
  {a, b, c, d, e, Process.info(self(), :registered_name)} end)

H.run("unregister then a name-monitor DOWN; send to the old name", fn ->
  p = spawn(fn -> receive do :stop -> :ok end end)
  Process.register(p, :old)
  Process.unregister(:old)
  r = try do send(:old, :x) rescue e -> e end
  send(p, :stop)
  r end)

H.run("GenServer init calls its caller (call timeout 100)", fn ->
  me = self()
  r = GenServer.start_link(Waits, {:call, me, 100})
  {r, H.flush()} end)

H.run("GenServer init calls its caller, trapping caller", fn ->
  Process.flag(:trap_exit, true)
  me = self()
  r = GenServer.start_link(Waits, {:call, me, 100})
  {r, H.flush()} end)

H.run("GenServer init waits for an answer from its caller (after 100)", fn ->
  Process.flag(:trap_exit, true)
  me = self()
  r = GenServer.start_link(Waits, {:recv, me, 100})
  {r, H.flush()} end)

H.run("Supervisor.start_link with a child whose init calls the start_link caller", fn ->
  Process.flag(:trap_exit, true)
  me = self()
  r = Supervisor.start_link([%{id: :w, start: {GenServer, :start_link, [Waits, {:call, me, 100}]}}], strategy: :one_for_one)
  {r, H.flush()} end)

H.run("start_child of a child whose init calls the start_child caller", fn ->
  me = self()
  {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
  r = DynamicSupervisor.start_child(sup, %{id: :w, start: {GenServer, :start_link, [Waits, {:call, me, 100}]}})
  {r, H.flush()} end)

H.run("Supervisor.start_child waiting for an answer, sent by a helper", fn ->
  me = self()
  {:ok, sup} = Supervisor.start_link([], strategy: :one_for_one)
  helper = spawn(fn -> receive do {:hello, p} -> send(p, :answer) end end)
  r = Supervisor.start_child(sup, %{id: :w, start: {GenServer, :start_link, [Waits, {:recv, helper, 100}]}})
  {H.shape(r), H.flush(), me != nil} end)

H.run("GenServer.start_link with timeout: 50, init waits for the caller", fn ->
  Process.flag(:trap_exit, true)
  me = self()
  r = GenServer.start_link(Waits, {:recv, me, 1000}, timeout: 50)
  {r, H.flush()} end)
