# name: OneForAllTree
# description: a :one_for_all supervisor for children that only make sense together: when the connection dies, the session using it is restarted too
#
# Conn and Session are GenServers under one supervisor. Session holds the pid of the Conn
# it was started with; after a crash of Conn, :one_for_all restarts both, so the new
# Session sees the new Conn.

defmodule Conn do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)

  @impl true
  def init(nil) do
    IO.puts("conn up")
    {:ok, nil}
  end
end

defmodule Session do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def conn_alive?, do: GenServer.call(__MODULE__, :conn_alive?)

  @impl true
  def init(nil) do
    IO.puts("session up")
    {:ok, Process.whereis(Conn)}
  end

  @impl true
  def handle_call(:conn_alive?, _from, conn), do: {:reply, Process.alive?(conn), conn}
end

{:ok, sup} = Supervisor.start_link([Conn, Session], strategy: :one_for_all)
IO.puts("session's conn alive: #{Session.conn_alive?()}")

Process.sleep(100)
IO.puts("killing the connection")
Process.exit(Process.whereis(Conn), :kill)
Process.sleep(100)

IO.puts("session's conn alive: #{Session.conn_alive?()}")
IO.inspect(Supervisor.count_children(sup), label: "children")

# expect:
#   0ms main log session's conn alive: true
#   0ms main.sup started Conn #PID<main.sup.Conn>
#   0ms main.sup started Session #PID<main.sup.Session>
#   0ms main.sup.Conn log conn up
#   0ms main.sup.Session log session up
#   100ms main log killing the connection
#   100ms main.sup restarting Conn (restart 1 in the window)
#   100ms main.sup terminating Session with :shutdown (shutdown: 5000)
#   100ms main.sup started Conn #PID<main.sup.Conn#2>
#   100ms main.sup started Session #PID<main.sup.Session#2>
#   100ms main.sup.Conn exit :killed
#   100ms main.sup.Conn#2 log conn up
#   100ms main.sup.Session exit :shutdown
#   100ms main.sup.Session#2 log session up
#   200ms main log session's conn alive: true
#   200ms main log children: %{active: 2, specs: 2, supervisors: 0, workers: 2}
#   200ms main exit :normal
#   200ms main.sup terminating Session with :shutdown (shutdown: 5000)
#   200ms main.sup terminating Conn with :shutdown (shutdown: 5000)
#   200ms main.sup exit :normal
#   200ms main.sup.Conn#2 exit :shutdown
#   200ms main.sup.Session#2 exit :shutdown
