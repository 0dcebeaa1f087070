# §4.1 child-spec validation, §4.8 start results (start_link/init, start_child,
# DynamicSupervisor.start_child), GenServer init failure on OTP 25, §4.5/§4.9 listing.
Code.require_file("h.exs")
Code.require_file("w.exs")

defmodule S do
  # start functions with every kind of result
  def ok_info, do: (pid = spawn_link(fn -> Process.sleep(:infinity) end); {:ok, pid, :extra})
  def garbage, do: :garbage
  def ignore, do: :ignore
end

H.run("duplicate child ids in Supervisor.start_link", fn ->
  Process.flag(:trap_exit, true)
  Supervisor.start_link([C.spec(:a, []), C.spec(:a, [])], strategy: :one_for_one) end)

H.run("Supervisor.child_spec defaults for a worker and a supervisor", fn ->
  w = Supervisor.child_spec({W, {:a, []}}, [])
  s = Supervisor.child_spec({Task.Supervisor, []}, [])
  {w, s} end)

H.run("defaults filled in by the supervisor (:supervisor.get_childspec)", fn ->
  {:ok, sup} = Supervisor.start_link([C.spec(:w, []), %{id: :s, start: {Supervisor, :start_link, [[], [strategy: :one_for_one]]}, type: :supervisor}], strategy: :one_for_one)
  for id <- [:w, :s] do
    {:ok, spec} = :supervisor.get_childspec(sup, id)
    Map.take(spec, [:id, :restart, :shutdown, :type, :modules, :significant])
  end end)

H.run("static Supervisor accepts shutdown: 0 (child killed at once on terminate)", fn ->
  {:ok, sup} = Supervisor.start_link([C.spec(:a, [trap: true], shutdown: 0)], strategy: :one_for_one)
  pid = C.pid_of(sup, :a)
  ref = Process.monitor(pid)
  :ok = Supervisor.terminate_child(sup, :a)
  receive do {:DOWN, r, _, _, x} when r == ref -> x end end)

H.run("DynamicSupervisor (1.14) rejects shutdown: 0", fn ->
  {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
  DynamicSupervisor.start_child(sup, C.spec(:a, [], shutdown: 0)) end)

H.run("Supervisor.start_child with an invalid spec", fn ->
  {:ok, sup} = Supervisor.start_link([], strategy: :one_for_one)
  a = Supervisor.start_child(sup, %{id: :x, start: {W, :start_link, [{:x, []}]}, restart: :sometimes})
  b = Supervisor.start_child(sup, %{id: :y, start: {W, :start_link, [{:y, []}]}, shutdown: -1})
  {a, b} end)

H.run("Supervisor.start_child: {:ok, pid, info}; :ignore -> {:ok, :undefined}, spec kept", fn ->
  {:ok, sup} = Supervisor.start_link([], strategy: :one_for_one)
  a = Supervisor.start_child(sup, %{id: :info, start: {S, :ok_info, []}})
  b = Supervisor.start_child(sup, %{id: :ig, start: {S, :ignore, []}})
  c = Supervisor.start_child(sup, %{id: :igt, start: {S, :ignore, []}, restart: :temporary})
  {H.shape(a) |> then(fn {:ok, p, x} -> {:ok, is_pid(p), x} end), b, c,
   Supervisor.which_children(sup) |> Enum.map(fn {id, p, _, _} -> {id, if(is_pid(p), do: :pid, else: p)} end)} end)

H.run("Supervisor.start_child returning garbage", fn ->
  {:ok, sup} = Supervisor.start_link([], strategy: :one_for_one)
  Supervisor.start_child(sup, %{id: :g, start: {S, :garbage, []}}) end)

H.run("DynamicSupervisor.start_child: {:ok, pid, info}, garbage, invalid spec", fn ->
  {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
  a = DynamicSupervisor.start_child(sup, %{id: :info, start: {S, :ok_info, []}})
  b = DynamicSupervisor.start_child(sup, %{id: :g, start: {S, :garbage, []}})
  c = DynamicSupervisor.start_child(sup, %{id: :x, start: {W, :start_link, [{:x, []}]}, restart: :sometimes})
  {elem(a, 0), elem(a, 2), b, c} end)

H.run("DynamicSupervisor max_children: 1, its child crashed and was restarted -> still full", fn ->
  {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one, max_children: 1)
  {:ok, p} = DynamicSupervisor.start_child(sup, C.spec(:a, []))
  GenServer.cast(p, {:exit, :boom}); Process.sleep(30)
  {DynamicSupervisor.start_child(sup, C.spec(:b, [])), DynamicSupervisor.count_children(sup)} end)

H.run("GenServer.start_link, init returns {:stop, r}, caller NOT trapping (OTP 25: killed after return)", fn ->
  r = GenServer.start_link(W, {:x, [init: {:stop, :nope}]})
  send(self(), {:returned, r})
  Process.sleep(50)
  :survived end)

H.run("GenServer.start_link, init {:stop, r}, caller trapping: {:error, r} then EXIT r", fn ->
  Process.flag(:trap_exit, true)
  r = GenServer.start_link(W, {:x, [init: {:stop, :nope}]})
  Process.sleep(50)
  {r, H.flush() |> Enum.map(fn {:EXIT, _, x} -> {:EXIT, x} end)} end)

H.run("GenServer.start_link with init :ignore; Supervisor init returning :ignore", fn ->
  defmodule IgSup do
    use Supervisor
    def init(_), do: :ignore
  end
  {GenServer.start_link(W, {:x, [init: :ignore]}), Supervisor.start_link(IgSup, [])} end)

H.run("Supervisor.start_link: init failure stops later children; earlier ones terminated", fn ->
  Process.flag(:trap_exit, true)
  me = self()
  r = Supervisor.start_link([C.spec(:a, log: me, trap: true), C.spec(:b, log: me, trap: true), C.spec(:c, log: me, init: {:stop, :nope}), C.spec(:d, log: me)], strategy: :one_for_one)
  Process.sleep(50)
  {r, C.ids(H.flush())} end)

H.run("terminate_child keeps the spec (pid :undefined); count_children", fn ->
  {:ok, sup} = Supervisor.start_link([C.spec(:a, []), C.spec(:b, []), %{id: :s, start: {Supervisor, :start_link, [[], [strategy: :one_for_one]]}, type: :supervisor}], strategy: :one_for_one)
  :ok = Supervisor.terminate_child(sup, :a)
  {Supervisor.which_children(sup) |> Enum.map(fn {id, p, t, _} -> {id, if(is_pid(p), do: :pid, else: p), t} end),
   Supervisor.count_children(sup), Supervisor.delete_child(sup, :a), Supervisor.delete_child(sup, :a)} end)

H.run("DynamicSupervisor extra_arguments are prepended to the start args", fn ->
  defmodule XA do
    def start_link(a, b), do: Agent.start_link(fn -> {a, b} end)
  end
  {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one, extra_arguments: [:extra])
  {:ok, p} = DynamicSupervisor.start_child(sup, %{id: :x, start: {XA, :start_link, [:own]}})
  Agent.get(p, & &1) end)
