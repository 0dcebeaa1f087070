# name: SupervisorValidation
# description: a supervisor checks its flags and child specs in its own init, as OTP does — start_link returns {:error, {:supervisor_data, ...}} or {:error, {:start_spec, ...}} and a trapping caller also gets the :EXIT; start_child answers {:error, reason}
#
# A configuration loader tries supervisor settings read from a file. Nothing is refused
# before the supervisor process runs: the strategy must be given, but its value, the
# restart limits and each child spec are checked by the supervisor itself, flags first.

defmodule Loader do
  def try_start(label, start) do
    result = start.()
    IO.puts("#{label}: #{inspect(result)}")

    receive do
      {:EXIT, _pid, reason} -> IO.puts("  EXIT #{inspect(reason)}")
    after
      1000 -> IO.puts("  no EXIT")
    end
  end

  def child(extra) do
    Map.merge(%{id: :cache, start: {Agent, :start_link, [fn -> %{} end]}}, extra)
  end
end

defmodule Periodic do
  use Supervisor

  def init(period), do: {:ok, {%{strategy: :one_for_one, period: period}, []}}
end

Process.flag(:trap_exit, true)

Loader.try_start("max_seconds 0", fn ->
  Supervisor.start_link([], strategy: :one_for_one, max_seconds: 0)
end)

Loader.try_start("max_restarts -1", fn ->
  Supervisor.start_link([], strategy: :one_for_one, max_restarts: -1, max_seconds: 0)
end)

Loader.try_start("strategy", fn -> Supervisor.start_link([], strategy: :one_for_none) end)

Loader.try_start("restart", fn ->
  Supervisor.start_link([Loader.child(%{restart: :sometimes})], strategy: :one_for_one)
end)

Loader.try_start("shutdown", fn ->
  Supervisor.start_link([Loader.child(%{shutdown: -1})], strategy: :one_for_one)
end)

Loader.try_start("no start", fn -> Supervisor.start_link([%{id: :x}], strategy: :one_for_one) end)
Loader.try_start("module init", fn -> Supervisor.start_link(Periodic, 0) end)

Loader.try_start("dynamic max_children", fn ->
  DynamicSupervisor.start_link(strategy: :one_for_one, max_children: -1)
end)

Loader.try_start("task supervisor", fn -> Task.Supervisor.start_link(max_restarts: :many) end)

{:ok, sup} = Supervisor.start_link([], strategy: :one_for_one)
IO.inspect(Supervisor.start_child(sup, Loader.child(%{type: :daemon})), label: "start_child")

{:ok, dyn} = DynamicSupervisor.start_link(strategy: :one_for_one)
IO.inspect(DynamicSupervisor.start_child(dyn, Loader.child(%{shutdown: 0})), label: "dynamic start_child")

try do
  DynamicSupervisor.start_child(dyn, Loader.child(%{type: :daemon}))
catch
  :error, e -> IO.inspect(e, label: "dynamic start_child raised")
end

# expect:
#   0ms main log max_seconds 0: {:error, {:supervisor_data, {:invalid_period, 0}}}
#   0ms main log   EXIT {:supervisor_data, {:invalid_period, 0}}
#   0ms main log max_restarts -1: {:error, {:supervisor_data, {:invalid_intensity, -1}}}
#   0ms main log   EXIT {:supervisor_data, {:invalid_intensity, -1}}
#   0ms main log strategy: {:error, {:supervisor_data, {:invalid_strategy, :one_for_none}}}
#   0ms main log   EXIT {:supervisor_data, {:invalid_strategy, :one_for_none}}
#   0ms main log restart: {:error, {:start_spec, {:invalid_restart_type, :sometimes}}}
#   0ms main log   EXIT {:start_spec, {:invalid_restart_type, :sometimes}}
#   0ms main log shutdown: {:error, {:start_spec, {:invalid_shutdown, -1}}}
#   0ms main log   EXIT {:start_spec, {:invalid_shutdown, -1}}
#   0ms main log no start: {:error, {:start_spec, :missing_start}}
#   0ms main log   EXIT {:start_spec, :missing_start}
#   0ms main log module init: {:error, {:supervisor_data, {:invalid_period, 0}}}
#   0ms main log   EXIT {:supervisor_data, {:invalid_period, 0}}
#   0ms main log dynamic max_children: {:error, {:supervisor_data, {:invalid_max_children, -1}}}
#   0ms main log   EXIT {:supervisor_data, {:invalid_max_children, -1}}
#   0ms main log task supervisor: {:error, {:supervisor_data, {:invalid_intensity, :many}}}
#   0ms main log   EXIT {:supervisor_data, {:invalid_intensity, :many}}
#   0ms main log start_child: {:error, {:invalid_child_type, :daemon}}
#   0ms main log dynamic start_child: {:error, {:invalid_shutdown, 0}}
#   0ms main catch_error {:case_clause, :daemon}
#   0ms main log dynamic start_child raised: {:case_clause, :daemon}
#   0ms main exit :normal
#   0ms main.dyn exit :normal
#   0ms main.result exit {:supervisor_data, {:invalid_period, 0}}
#   0ms main.result#2 exit {:supervisor_data, {:invalid_intensity, -1}}
#   0ms main.result#3 exit {:supervisor_data, {:invalid_strategy, :one_for_none}}
#   0ms main.result#4 exit {:start_spec, {:invalid_restart_type, :sometimes}}
#   0ms main.result#5 exit {:start_spec, {:invalid_shutdown, -1}}
#   0ms main.result#6 exit {:start_spec, :missing_start}
#   0ms main.result#7 exit {:supervisor_data, {:invalid_period, 0}}
#   0ms main.result#8 exit {:supervisor_data, {:invalid_max_children, -1}}
#   0ms main.result#9 exit {:supervisor_data, {:invalid_intensity, :many}}
#   0ms main.sup exit :normal
