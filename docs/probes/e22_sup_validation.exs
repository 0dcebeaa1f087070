# §4.1, §4.9: what the VM answers to invalid supervisor flags, child specs and options,
# and what a trapping caller receives with it.
Code.require_file("h.exs")

defmodule V do
  def try_start(f) do
    Process.flag(:trap_exit, true)
    r = try do f.() catch k, e -> {:caught, k, H.shape(e)} end
    msgs = H.flush() |> Enum.map(fn {:EXIT, p, r} when is_pid(p) -> {:EXIT, :pid, H.shape(r)}; o -> o end)
    {H.shape(r), msgs}
  end
  def child(extra), do: Map.merge(%{id: :c, start: {Agent, :start_link, [fn -> 0 end]}}, extra)
  def sup(children, opts), do: try_start(fn -> Supervisor.start_link(children, opts) end)
end

defmodule ModSup do
  use Supervisor
  def init(flags), do: {:ok, {flags, []}}
end

for opts <- [
      [strategy: :one_for_one, max_seconds: 0],
      [strategy: :one_for_one, max_seconds: -1],
      [strategy: :one_for_one, max_seconds: :x],
      [strategy: :one_for_one, max_seconds: 1.5],
      [strategy: :one_for_one, max_restarts: -1],
      [strategy: :one_for_one, max_restarts: :x],
      [strategy: :one_for_one, max_restarts: 0, max_seconds: 1],
      [strategy: :bogus],
      [strategy: :simple_one_for_one],
      [strategy: :one_for_one, max_restarts: -1, max_seconds: 0],
      [strategy: :bogus, max_restarts: -1],
      [strategy: :one_for_one, bogus_opt: 1]
    ] do
  H.run("Supervisor.start_link([], #{inspect(opts)})", fn -> V.sup([], opts) end)
end

H.run("Supervisor.start_link without strategy", fn -> V.sup([], []) end)

for flags <- [
      %{strategy: :one_for_one, period: 0},
      %{strategy: :one_for_one, intensity: -1},
      %{strategy: :bogus},
      %{},
      %{strategy: :one_for_one, bogus: 1}
    ] do
  H.run("module init flags #{inspect(flags)}", fn ->
    V.try_start(fn -> Supervisor.start_link(ModSup, flags) end) end)
end

H.run("module init flags as tuple {:one_for_one, 0, 5}", fn ->
  V.try_start(fn -> Supervisor.start_link(ModSup, {:one_for_one, 3, 0}) end) end)

for extra <- [
      %{restart: :sometimes},
      %{shutdown: -1},
      %{shutdown: :x},
      %{shutdown: 1.5},
      %{shutdown: 0},
      %{type: :x},
      %{start: :notmfa},
      %{start: {Agent, :start_link}},
      %{modules: :x},
      %{modules: :dynamic},
      %{significant: :x},
      %{id: nil}
    ] do
  H.run("child spec #{inspect(extra)}", fn ->
    V.sup([V.child(extra)], strategy: :one_for_one) end)
end

H.run("child spec without :start", fn ->
  V.sup([%{id: :c}], strategy: :one_for_one) end)
H.run("child spec without :id", fn ->
  V.sup([%{start: {Agent, :start_link, [fn -> 0 end]}}], strategy: :one_for_one) end)
H.run("child spec with an unknown key", fn ->
  V.sup([V.child(%{bogus: 1})], strategy: :one_for_one) end)
H.run("child spec: a bare atom that is no module", fn ->
  V.sup([:not_a_module], strategy: :one_for_one) end)
H.run("child spec: an integer", fn -> V.sup([42], strategy: :one_for_one) end)
H.run("two invalid children: which is reported", fn ->
  V.sup([V.child(%{restart: :x}), V.child(%{id: :d, shutdown: -1})], strategy: :one_for_one) end)
H.run("invalid flags and invalid child: which is reported", fn ->
  V.sup([V.child(%{restart: :x})], strategy: :one_for_one, max_seconds: 0) end)

H.run("start_child with invalid spec", fn ->
  {:ok, s} = Supervisor.start_link([], strategy: :one_for_one)
  {Supervisor.start_child(s, V.child(%{shutdown: -1})),
   Supervisor.start_child(s, V.child(%{restart: :x})),
   Supervisor.start_child(s, %{id: :c})} end)

for opts <- [
      [strategy: :one_for_one, max_seconds: 0],
      [strategy: :one_for_one, max_restarts: -1],
      [strategy: :one_for_one, max_restarts: :x],
      [strategy: :one_for_all],
      [strategy: :one_for_one, max_children: -1],
      [strategy: :one_for_one, max_children: :x],
      [strategy: :one_for_one, extra_arguments: :x],
      [max_seconds: 0]
    ] do
  H.run("DynamicSupervisor.start_link(#{inspect(opts)})", fn ->
    V.try_start(fn -> DynamicSupervisor.start_link(opts) end) end)
end

for extra <- [%{restart: :x}, %{shutdown: -1}, %{shutdown: 0}, %{shutdown: :x}, %{type: :x},
      %{start: :x}, %{modules: :x}, %{significant: true}] do
  H.run("DynamicSupervisor.start_child #{inspect(extra)}", fn ->
    {:ok, s} = DynamicSupervisor.start_link(strategy: :one_for_one)
    try do DynamicSupervisor.start_child(s, V.child(extra)) catch k, e -> {:caught, k, H.shape(e)} end end)
end

for opts <- [[max_seconds: 0], [max_restarts: -1], [max_children: -1]] do
  H.run("Task.Supervisor.start_link(#{inspect(opts)})", fn ->
    V.try_start(fn -> Task.Supervisor.start_link(opts) end) end)
end
