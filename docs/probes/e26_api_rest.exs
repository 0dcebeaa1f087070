# §2.1, §2.9, §3.1, §4.1, §4.9: :extra_arguments of DynamicSupervisor and Task.Supervisor,
# Supervisor.child_spec/2 overrides, `use Task` child specs, Task.completed/1, hand-built
# %Task{} structs against self-sent lookalike replies and DOWNs, significant: true and
# auto_shutdown in specs and flags.
Code.require_file("h.exs")

defmodule W do
  use GenServer
  def start_link(a), do: GenServer.start_link(__MODULE__, [a])
  def start_link(a, b), do: GenServer.start_link(__MODULE__, [a, b])
  def start_link(a, b, c), do: GenServer.start_link(__MODULE__, [a, b, c])
  def init(args), do: {:ok, args}
  def handle_call(:args, _f, s), do: {:reply, s, s}
end

defmodule T1 do
  use Task
  def start_link(arg), do: Task.start_link(fn -> Process.sleep(arg) end)
end

defmodule T2 do
  use Task, restart: :permanent, shutdown: 1000
  def start_link(arg), do: Task.start_link(fn -> Process.sleep(arg) end)
end

defmodule Sig do
  use Supervisor
  def init(flags), do: {:ok, {flags, [%{id: :a, start: {W, :start_link, [1]}, significant: true, restart: :transient}]}}
end

defmodule SigPerm do
  use Supervisor
  def init(flags), do: {:ok, {flags, [%{id: :a, start: {W, :start_link, [1]}, significant: true}]}}
end

defmodule Job do
  def run(a), do: {:job, a}
  def run(a, b), do: {:job, a, b}
  def run(a, b, c), do: {:job, a, b, c}
end

H.run("DynamicSupervisor extra_arguments", fn ->
  {:ok, d} = DynamicSupervisor.start_link(strategy: :one_for_one, extra_arguments: [:x, :y])
  {:ok, p} = DynamicSupervisor.start_child(d, {W, :z})
  GenServer.call(p, :args) end)

H.run("Task.Supervisor extra_arguments: async fun", fn ->
  {:ok, s} = Task.Supervisor.start_link(extra_arguments: [:e])
  try do Task.await(Task.Supervisor.async(s, fn -> :f end)) catch k, r -> {k, H.shape(r)} end end)
H.run("Task.Supervisor extra_arguments: async mfa", fn ->
  {:ok, s} = Task.Supervisor.start_link(extra_arguments: [:e])
  Task.await(Task.Supervisor.async(s, Job, :run, [:a])) end)
H.run("Task.Supervisor extra_arguments: start_child mfa + task.mfa", fn ->
  {:ok, s} = Task.Supervisor.start_link(extra_arguments: [:e1, :e2])
  me = self()
  {:ok, _} = Task.Supervisor.start_child(s, fn -> send(me, {:got, :fun}) end)
  t = Task.Supervisor.async_nolink(s, Job, :run, [:a])
  {Task.await(t), t.mfa, receive do m -> m after 100 -> :none end} end)
H.run("Task.Supervisor extra_arguments: async_stream", fn ->
  {:ok, s} = Task.Supervisor.start_link(extra_arguments: [:e])
  Task.Supervisor.async_stream(s, [1, 2], fn x -> x end) |> Enum.to_list() end)
H.run("Task.Supervisor extra_arguments: async_stream mfa", fn ->
  {:ok, s} = Task.Supervisor.start_link(extra_arguments: [:e])
  Task.Supervisor.async_stream(s, [1, 2], Job, :run, [:b]) |> Enum.to_list() end)

H.run("child_spec/2 overrides", fn ->
  s1 = Supervisor.child_spec({W, 1}, id: :w1, restart: :temporary, shutdown: 10)
  s2 = Supervisor.child_spec(W, id: :w2)
  s3 = Supervisor.child_spec(%{id: :x, start: {W, :start_link, [3]}}, restart: :transient, type: :worker)
  {:ok, sup} = Supervisor.start_link([s1, s2, s3], strategy: :one_for_one)
  {s1, s2, s3, Supervisor.which_children(sup) |> Enum.map(fn {id, _, t, m} -> {id, t, m} end)} end)
H.run("child_spec/2 unknown key", fn ->
  try do Supervisor.child_spec(W, foo: 1) catch k, r -> {k, r} end end)
H.run("child_spec/2 temporary killed not restarted", fn ->
  {:ok, sup} = Supervisor.start_link([Supervisor.child_spec({W, 1}, id: :t, restart: :temporary)], strategy: :one_for_one)
  [{:t, p, _, _}] = Supervisor.which_children(sup)
  Process.exit(p, :kill); Process.sleep(50)
  Supervisor.which_children(sup) end)

H.run("use Task child_spec", fn -> {T1.child_spec(5), T2.child_spec(5)} end)
H.run("use Task under Supervisor: T2 permanent restarted", fn ->
  {:ok, sup} = Supervisor.start_link([{T1, 100}, {T2, 100}], strategy: :one_for_one)
  [{T2, p0, _, _}, _] = Supervisor.which_children(sup)
  Process.sleep(150)
  [{T2, p1, _, _}] = Supervisor.which_children(sup)
  {p0 != p1,
   Supervisor.which_children(sup) |> Enum.map(fn {id, p, t, m} -> {id, is_pid(p), t, m} end),
   Supervisor.count_children(sup)} end)

H.run("Task.completed struct, mailbox", fn -> t = Task.completed(:v); {t, H.flush()} end)
H.run("Task.completed await then yield 0", fn -> t = Task.completed(:v); {Task.await(t), Task.yield(t, 0)} end)
H.run("Task.completed yield, ignore, shutdown", fn ->
  {Task.yield(Task.completed(1)), Task.ignore(Task.completed(2)),
   try do Task.shutdown(Task.completed(3)) catch k, e -> {k, e} end, H.flush()} end)
H.run("Task.completed await_many / yield_many", fn ->
  t = Task.completed(:v)
  u = Task.async(fn -> :w end)
  {Task.await_many([t, u]), Task.yield_many([Task.completed(1), Task.completed(2)])} end)

# %Task{} with a key missing does not compile: "the following keys must also be given when
# building struct Task: [:mfa, :owner, :pid, :ref]".
H.run("%Task{} fields", fn -> {Task.__info__(:struct), Map.keys(Task.completed(1)) |> Enum.sort()} end)
H.run("hand-built: reply in mailbox", fn ->
  r = make_ref()
  t = %Task{ref: r, owner: self(), pid: nil, mfa: {M, :f, 0}}
  send(self(), {r, 42})
  a = Task.await(t)
  send(self(), {r, 43}); b = Task.yield(t, 0)
  send(self(), {r, 44}); c = try do Task.shutdown(t) catch k, e -> {k, e} end
  d = Task.ignore(t)
  {a, b, c, d, H.flush()} end)
H.run("hand-built: ignore with a reply queued", fn ->
  r = make_ref()
  t = %Task{ref: r, owner: self(), pid: nil, mfa: {M, :f, 0}}
  send(self(), {r, 45})
  {try do Task.ignore(t) catch k, e -> {k, e} end, H.flush()} end)
H.run("hand-built: DOWN in mailbox, await", fn ->
  r = make_ref()
  t = %Task{ref: r, owner: self(), pid: nil, mfa: {M, :f, 0}}
  send(self(), {:DOWN, r, :process, self(), :boom})
  try do Task.await(t) catch k, e -> {k, e} end end)
H.run("hand-built: DOWN, yield/shutdown/ignore", fn ->
  r = make_ref()
  t = %Task{ref: r, owner: self(), pid: nil, mfa: {M, :f, 0}}
  send(self(), {:DOWN, r, :process, :x, :boom}); a = Task.yield(t, 0)
  send(self(), {:DOWN, r, :process, :x, :boom})
  b = try do Task.shutdown(t) catch k, e -> {k, e} end
  c = try do Task.ignore(t) catch k, e -> {k, e} end
  {a, b, c, H.flush()} end)
H.run("hand-built: empty mailbox yield 0 / await 50", fn ->
  r = make_ref()
  t = %Task{ref: r, owner: self(), pid: nil, mfa: {M, :f, 0}}
  a = Task.yield(t, 0)
  b = try do Task.await(t, 50) catch k, e -> {k, e} end
  {a, b} end)
H.run("hand-built: empty mailbox shutdown / ignore", fn ->
  r = make_ref()
  t = %Task{ref: r, owner: self(), pid: nil, mfa: {M, :f, 0}}
  a = try do Task.shutdown(t) catch k, e -> {k, e} end
  b = try do Task.shutdown(t, :brutal_kill) catch k, e -> {k, e} end
  c = try do Task.ignore(t) catch k, e -> {k, e} end
  {a, b, c} end)
H.run("hand-built: owner not self", fn ->
  r = make_ref()
  t = %Task{ref: r, owner: spawn(fn -> :ok end), pid: nil, mfa: {M, :f, 0}}
  send(self(), {r, 1})
  a = try do Task.await(t, 0) catch k, e -> {k, H.shape(e)} end
  b = try do Task.yield(t, 0) catch k, e -> {k, H.shape(e)} end
  {a, b} end)
H.run("hand-built: await_many / yield_many", fn ->
  r1 = make_ref(); r2 = make_ref()
  t1 = %Task{ref: r1, owner: self(), pid: nil, mfa: {M, :f, 0}}
  t2 = %Task{ref: r2, owner: self(), pid: nil, mfa: {M, :g, 0}}
  send(self(), {r2, :two}); send(self(), {r1, :one})
  a = Task.await_many([t1, t2], 0)
  send(self(), {r1, :one}); send(self(), {:DOWN, r2, :process, nil, :bad})
  b = Task.yield_many([t1, t2], 0)
  {a, b, H.flush()} end)
H.run("hand-built: with a real pid", fn ->
  p = spawn(fn -> Process.sleep(200) end)
  r = make_ref()
  t = %Task{ref: r, owner: self(), pid: p, mfa: {M, :f, 0}}
  a = Task.yield(t, 0)
  b = Task.shutdown(t, 50)
  {a, b, Process.alive?(p)} end)

H.run("significant: Supervisor.start_link", fn ->
  Process.flag(:trap_exit, true)
  r = Supervisor.start_link([%{id: :a, start: {W, :start_link, [1]}, significant: true}], strategy: :one_for_one)
  {r, H.flush()} end)
H.run("significant false ok", fn ->
  r = Supervisor.start_link([%{id: :a, start: {W, :start_link, [1]}, significant: false}], strategy: :one_for_one)
  elem(r, 0) end)
H.run("significant: permanent", fn ->
  Process.flag(:trap_exit, true)
  r = Supervisor.start_link([%{id: :a, start: {W, :start_link, [1]}, significant: true, restart: :permanent}], strategy: :one_for_one)
  {r, H.flush()} end)
H.run("significant: start_child", fn ->
  {:ok, s} = Supervisor.start_link([], strategy: :one_for_one)
  Supervisor.start_child(s, %{id: :a, start: {W, :start_link, [1]}, significant: true}) end)
H.run("significant: DynamicSupervisor.start_child", fn ->
  {:ok, d} = DynamicSupervisor.start_link(strategy: :one_for_one)
  r = try do DynamicSupervisor.start_child(d, %{id: :a, start: {W, :start_link, [1]}, significant: true}) catch k, e -> {k, e} end
  {r, DynamicSupervisor.count_children(d)} end)
H.run("significant: invalid value and invalid type: which first", fn ->
  Supervisor.start_link([%{id: :a, start: {W, :start_link, [1]}, significant: :yes, type: :daemon}], strategy: :one_for_one) end)
H.run("significant true and invalid shutdown: which first", fn ->
  Supervisor.start_link([%{id: :a, start: {W, :start_link, [1]}, significant: true, shutdown: -1}], strategy: :one_for_one) end)
H.run("significant true and invalid restart: which first", fn ->
  Supervisor.start_link([%{id: :a, start: {W, :start_link, [1]}, significant: true, restart: :sometimes}], strategy: :one_for_one) end)
H.run("significant: invalid value", fn ->
  Supervisor.start_link([%{id: :a, start: {W, :start_link, [1]}, significant: :yes}], strategy: :one_for_one) end)
H.run("auto_shutdown opt to start_link", fn ->
  r = Supervisor.start_link([], strategy: :one_for_one, auto_shutdown: :any_significant)
  elem(r, 0) end)
H.run("auto_shutdown opt + significant child", fn ->
  Process.flag(:trap_exit, true)
  r = Supervisor.start_link([%{id: :a, start: {W, :start_link, [1]}, significant: true, restart: :transient}], strategy: :one_for_one, auto_shutdown: :any_significant)
  {r, H.flush()} end)
H.run("module init flags auto_shutdown any_significant", fn ->
  Process.flag(:trap_exit, true)
  r = Supervisor.start_link(Sig, %{strategy: :one_for_one, auto_shutdown: :any_significant})
  {elem(r, 0), H.flush()} end)
H.run("module init flags auto_shutdown never", fn ->
  Process.flag(:trap_exit, true)
  r = Supervisor.start_link(Sig, %{strategy: :one_for_one, auto_shutdown: :never})
  {r, H.flush()} end)
H.run("module init flags auto_shutdown bad", fn ->
  Process.flag(:trap_exit, true)
  r = Supervisor.start_link(Sig, %{strategy: :one_for_one, auto_shutdown: :sometimes})
  {r, H.flush()} end)
H.run("module init flags tuple form", fn ->
  Process.flag(:trap_exit, true)
  r = Supervisor.start_link(Sig, {:one_for_one, 3, 5})
  {r, H.flush()} end)
H.run("module init flags any_significant + significant permanent", fn ->
  Process.flag(:trap_exit, true)
  r = Supervisor.start_link(SigPerm, %{strategy: :one_for_one, auto_shutdown: :any_significant})
  {elem(r, 0), H.flush()} end)
H.run("DynamicSupervisor significant bad value", fn ->
  {:ok, d} = DynamicSupervisor.start_link(strategy: :one_for_one)
  try do DynamicSupervisor.start_child(d, %{id: :a, start: {W, :start_link, [1]}, significant: :yes}) catch k, e -> {k, e} end end)
H.run("DynamicSupervisor auto_shutdown opt", fn ->
  r = DynamicSupervisor.start_link(strategy: :one_for_one, auto_shutdown: :any_significant)
  elem(r, 0) end)
