# name: SupervisionTree
# description: a supervision tree from callback modules: a `use Supervisor` module with init/1 starts two `use GenServer` children; one crashes and is restarted with fresh state
#
# The restarted Cache starts again from init/1, so the entry put before the crash is gone,
# and the Stats server next to it is not touched (:one_for_one).

defmodule Cache do
  use GenServer

  def start_link(_arg), do: GenServer.start_link(__MODULE__, %{}, name: __MODULE__)
  def put(key, value), do: GenServer.cast(__MODULE__, {:put, key, value})
  def get(key), do: GenServer.call(__MODULE__, {:get, key})

  @impl true
  def init(state) do
    IO.puts("Cache starting")
    {:ok, state}
  end

  @impl true
  def handle_cast({:put, key, value}, state), do: {:noreply, Map.put(state, key, value)}

  @impl true
  def handle_call({:get, :boom}, _from, _state), do: raise("cache corrupted")
  def handle_call({:get, key}, _from, state), do: {:reply, Map.get(state, key), state}
end

defmodule Stats do
  use GenServer

  def start_link(_arg), do: GenServer.start_link(__MODULE__, 0, name: __MODULE__)
  def hit, do: GenServer.call(__MODULE__, :hit)

  @impl true
  def init(count) do
    IO.puts("Stats starting")
    {:ok, count}
  end

  @impl true
  def handle_call(:hit, _from, count), do: {:reply, count + 1, count + 1}
end

defmodule App.Supervisor do
  use Supervisor

  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)

  @impl true
  def init(_arg) do
    Supervisor.init([Cache, Stats], strategy: :one_for_one)
  end
end

{:ok, _sup} = App.Supervisor.start_link([])
Cache.put(:user, "ada")
IO.puts("cached: #{inspect(Cache.get(:user))}")
Stats.hit()

# The call crashes the Cache; the caller sees an exit, the supervisor restarts it.
try do
  Cache.get(:boom)
catch
  :exit, {{%RuntimeError{message: message}, _stack}, _call} -> IO.puts("call failed: #{message}")
end

Process.sleep(50)
IO.puts("cached after restart: #{inspect(Cache.get(:user))}")
IO.puts("stats kept their count: #{Stats.hit()}")

# expect:
#   0ms main log cached: "ada"
#   0ms main catch_exit {{%RuntimeError{message: "cache corrupted"}, []}, {GenServer, :call, [Cache, {:get, :boom}, 5000]}}
#   0ms main log call failed: cache corrupted
#   0ms main.sup started Cache #PID<main.sup.Cache>
#   0ms main.sup started Stats #PID<main.sup.Stats>
#   0ms main.sup restarting Cache (restart 1 in the window)
#   0ms main.sup started Cache #PID<main.sup.Cache#2>
#   0ms main.sup.Cache log Cache starting
#   0ms main.sup.Cache exit {%RuntimeError{message: "cache corrupted"}, []}
#   0ms main.sup.Cache#2 log Cache starting
#   0ms main.sup.Stats log Stats starting
#   50ms main log cached after restart: nil
#   50ms main log stats kept their count: 2
#   50ms main exit :normal
#   50ms main.sup terminating Stats with :shutdown (shutdown: 5000)
#   50ms main.sup terminating Cache with :shutdown (shutdown: 5000)
#   50ms main.sup exit :normal
#   50ms main.sup.Cache#2 exit :shutdown
#   50ms main.sup.Stats exit :shutdown
