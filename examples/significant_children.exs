# name: SignificantChildren
# description: significant: true needs a supervisor with auto_shutdown other than :never, and Elixir 1.14's Supervisor has no such option — start_link returns {:error, {:start_spec, {:bad_combination, [auto_shutdown: :never, significant: true]}}} (a trapping caller also gets the :EXIT), start_child {:error, {:bad_combination, ...}}; a flags map with an unknown auto_shutdown is {:invalid_auto_shutdown, v}; DynamicSupervisor ignores the key
#
# A job runner marks its one job as significant, hoping the supervisor stops when the
# job is done.

defmodule Job do
  use GenServer

  def start_link(n), do: GenServer.start_link(__MODULE__, n)

  def init(n), do: {:ok, n}
end

defmodule Runner do
  use Supervisor

  def init(auto_shutdown) do
    {:ok, {%{strategy: :one_for_one, auto_shutdown: auto_shutdown}, []}}
  end

  def job(extra), do: Map.merge(%{id: :job, start: {Job, :start_link, [1]}}, extra)

  def report(label, result) do
    IO.puts("#{label}: #{inspect(result)}")

    receive do
      {:EXIT, _pid, reason} -> IO.puts("  EXIT #{inspect(reason)}")
    after
      100 -> IO.puts("  no EXIT")
    end
  end
end

Process.flag(:trap_exit, true)

Runner.report(
  "significant",
  Supervisor.start_link([Runner.job(%{significant: true, restart: :transient})],
    strategy: :one_for_one,
    auto_shutdown: :any_significant
  )
)

Runner.report(
  "significant and a bad shutdown",
  Supervisor.start_link([Runner.job(%{significant: true, shutdown: -1})], strategy: :one_for_one)
)

Runner.report(
  "not a boolean",
  Supervisor.start_link([Runner.job(%{significant: :yes, type: :daemon})], strategy: :one_for_one)
)

Runner.report("auto_shutdown :sometimes", Supervisor.start_link(Runner, :sometimes))

{:ok, sup} = Supervisor.start_link(Runner, :never)
IO.inspect(Supervisor.start_child(sup, Runner.job(%{significant: true})), label: "start_child")
IO.inspect(Supervisor.start_child(sup, Runner.job(%{significant: false})) |> elem(0), label: "significant: false")

{:ok, dyn} = DynamicSupervisor.start_link(strategy: :one_for_one)
{:ok, _} = DynamicSupervisor.start_child(dyn, Runner.job(%{significant: true}))
IO.inspect(DynamicSupervisor.count_children(dyn).active, label: "dynamic children")

# expect:
#   0ms main log significant: {:error, {:start_spec, {:bad_combination, [auto_shutdown: :never, significant: true]}}}
#   0ms main log   EXIT {:start_spec, {:bad_combination, [auto_shutdown: :never, significant: true]}}
#   0ms main log significant and a bad shutdown: {:error, {:start_spec, {:bad_combination, [auto_shutdown: :never, significant: true]}}}
#   0ms main log   EXIT {:start_spec, {:bad_combination, [auto_shutdown: :never, significant: true]}}
#   0ms main log not a boolean: {:error, {:start_spec, {:invalid_significant, :yes}}}
#   0ms main log   EXIT {:start_spec, {:invalid_significant, :yes}}
#   0ms main log auto_shutdown :sometimes: {:error, {:supervisor_data, {:invalid_auto_shutdown, :sometimes}}}
#   0ms main log   EXIT {:supervisor_data, {:invalid_auto_shutdown, :sometimes}}
#   0ms main log start_child: {:error, {:bad_combination, [auto_shutdown: :never, significant: true]}}
#   0ms main log significant: false: :ok
#   0ms main log dynamic children: 1
#   0ms main exit :normal
#   0ms main.dyn started #PID<main.dyn.job>
#   0ms main.dyn terminating #PID<main.dyn.job> with :shutdown (shutdown: 5000)
#   0ms main.dyn exit :normal
#   0ms main.dyn.job exit :shutdown
#   0ms main.start_link exit {:start_spec, {:bad_combination, [auto_shutdown: :never, significant: true]}}
#   0ms main.start_link#2 exit {:start_spec, {:bad_combination, [auto_shutdown: :never, significant: true]}}
#   0ms main.start_link#3 exit {:start_spec, {:invalid_significant, :yes}}
#   0ms main.start_link#4 exit {:supervisor_data, {:invalid_auto_shutdown, :sometimes}}
#   0ms main.sup started :job #PID<main.sup.job>
#   0ms main.sup terminating :job with :shutdown (shutdown: 5000)
#   0ms main.sup exit :normal
#   0ms main.sup.job exit :shutdown
