# name: GlobalNames
# description: {:global, name} and {:via, :global, name} names for a GenServer and a supervisor — start, call, cast, whereis, a taken name, a missing one — and Process.unregister
#
# A cache registered under a global name, reached by that name and through :via; a
# second start under the same name is refused; calling a name nobody holds exits
# :noproc. A worker gives up its local name with Process.unregister.

defmodule Cache do
  use GenServer
  def start_link(x), do: GenServer.start_link(__MODULE__, x)
  def init(x), do: {:ok, x}
  def handle_call(:get, _from, x), do: {:reply, x, x}
  def handle_cast({:put, y}, _x), do: {:noreply, y}
end

{:ok, cache} = GenServer.start_link(Cache, 1, name: {:global, :cache})
IO.inspect(GenServer.call({:global, :cache}, :get), label: "global call")
GenServer.cast({:via, :global, :cache}, {:put, 2})
IO.inspect(GenServer.call({:via, :global, :cache}, :get), label: "via call")
IO.inspect(GenServer.whereis({:global, :cache}) == cache, label: "whereis")
IO.inspect(:global.whereis_name(:cache) == cache, label: "global whereis_name")
IO.inspect(GenServer.whereis(:cache), label: "no local name")
{:error, {:already_started, other}} = GenServer.start_link(Cache, 1, name: {:via, :global, :cache})
IO.inspect(other == cache, label: "taken")

reason =
  try do
    GenServer.call({:global, :nobody}, :get, 100)
  catch
    :exit, r -> r
  end

IO.inspect(reason, label: "missing")
IO.inspect(:global.whereis_name(:nobody), label: "missing whereis_name")

{:ok, _sup} = DynamicSupervisor.start_link(strategy: :one_for_one, name: {:global, :pool})
{:ok, _} = DynamicSupervisor.start_child({:global, :pool}, {Cache, 7})
IO.inspect(DynamicSupervisor.count_children({:global, :pool}), label: "pool")

Process.register(self(), :main_proc)
IO.inspect(Process.unregister(:main_proc), label: "unregister")
IO.inspect(Process.whereis(:main_proc), label: "after unregister")

again =
  try do
    Process.unregister(:main_proc)
  rescue
    e -> e.__struct__
  end

IO.inspect(again, label: "unregister again")
GenServer.stop(cache)
IO.inspect(:global.whereis_name(:cache), label: "after stop")

# expect:
#   0ms main log global call: 1
#   0ms main log via call: 2
#   0ms main log whereis: true
#   0ms main log global whereis_name: true
#   0ms main log no local name: nil
#   0ms main log taken: true
#   0ms main catch_exit {:noproc, {GenServer, :call, [{:global, :nobody}, :get, 100]}}
#   0ms main log missing: {:noproc, {GenServer, :call, [{:global, :nobody}, :get, 100]}}
#   0ms main log missing whereis_name: :undefined
#   0ms main log pool: %{active: 1, specs: 1, supervisors: 0, workers: 1}
#   0ms main log unregister: true
#   0ms main log after unregister: nil
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a pid\n"}
#   0ms main log unregister again: ArgumentError
#   0ms main log after stop: :undefined
#   0ms main exit :normal
#   0ms main.cache exit :normal
#   0ms main.sup started #PID<main.sup.Cache>
#   0ms main.sup terminating #PID<main.sup.Cache> with :shutdown (shutdown: 5000)
#   0ms main.sup exit :normal
#   0ms main.sup.Cache exit :shutdown
