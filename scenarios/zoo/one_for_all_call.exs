# name: ZooOneForAllCall
# description: a GenServer.call racing the :one_for_all restart its sibling's crash sets off
#
# Killing Conn makes the supervisor restart Store too. A call to Store made at that moment
# can reach the old Store as it is shut down, or find no Store registered at all: the call
# exits, and the uncaught exit takes the script down.

defmodule Conn do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)

  @impl true
  def init(nil), do: {:ok, nil}
end

defmodule Store do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, 42, name: __MODULE__)

  @impl true
  def init(v), do: {:ok, v}

  @impl true
  def handle_call(:get, _from, v), do: {:reply, v, v}
end

{:ok, _sup} = Supervisor.start_link([Conn, Store], strategy: :one_for_all)
Process.sleep(100)
Process.exit(Process.whereis(Conn), :kill)
IO.puts("store says #{GenServer.call(Store, :get)}")

# expect one of:
#   0ms main.sup started Conn #PID<main.sup.Conn>
#   0ms main.sup started Store #PID<main.sup.Store>
#   100ms main log store says 42
#   100ms main exit :normal
#   100ms main.sup restarting Conn (restart 1 in the window)
#   100ms main.sup terminating Store with :shutdown (shutdown: 5000)
#   100ms main.sup started Conn #PID<main.sup.Conn#2>
#   100ms main.sup started Store #PID<main.sup.Store#2>
#   100ms main.sup terminating Store with :shutdown (shutdown: 5000)
#   100ms main.sup terminating Conn with :shutdown (shutdown: 5000)
#   100ms main.sup exit :normal
#   100ms main.sup.Conn exit :killed
#   100ms main.sup.Conn#2 exit :shutdown
#   100ms main.sup.Store exit :shutdown
#   100ms main.sup.Store#2 exit :shutdown
#   --
#   0ms main.sup started Conn #PID<main.sup.Conn>
#   0ms main.sup started Store #PID<main.sup.Store>
#   100ms main log store says 42
#   100ms main exit :normal
#   100ms main.sup terminating Store with :shutdown (shutdown: 5000)
#   100ms main.sup terminating Conn with :shutdown (shutdown: 5000)
#   100ms main.sup shutdown error for Conn: :killed
#   100ms main.sup exit :normal
#   100ms main.sup.Conn exit :killed
#   100ms main.sup.Store exit :shutdown
