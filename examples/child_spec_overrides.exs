# name: ChildSpecOverrides
# description: Supervisor.child_spec/2 overrides :id, :restart and :shutdown of a module's child spec — two children of one module under different ids, a :temporary one not restarted after a kill, a :transient one restarted only after a crash; an unknown key raises ArgumentError
#
# Two caches of the same module run side by side under one supervisor: child_spec/2
# gives each its own id and restart policy.

defmodule Cache do
  use GenServer

  def start_link(name), do: GenServer.start_link(__MODULE__, name)

  def init(name), do: {:ok, name}

  def handle_call(:crash, _from, name), do: {:stop, :boom, name}
end

defmodule Tree do
  def ids(sup), do: Enum.map(Supervisor.which_children(sup), &elem(&1, 0))

  def pid(sup, id) do
    {^id, pid, :worker, [Cache]} = List.keyfind(Supervisor.which_children(sup), id, 0)
    pid
  end
end

children = [
  Supervisor.child_spec({Cache, :users}, id: :users, restart: :temporary, shutdown: 100),
  Supervisor.child_spec({Cache, :orders}, id: :orders, restart: :transient),
  Supervisor.child_spec(Cache, id: :plain, shutdown: :brutal_kill)
]

IO.inspect(Enum.at(children, 0), label: "spec")
{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
IO.inspect(Tree.ids(sup), label: "ids")

Process.exit(Tree.pid(sup, :users), :kill)
Process.sleep(100)
IO.inspect(Tree.ids(sup), label: "after killing the temporary one")

orders = Tree.pid(sup, :orders)
try do
  GenServer.call(orders, :crash)
catch
  :exit, {reason, _} -> IO.inspect(reason, label: "call exited")
end
Process.sleep(100)
IO.inspect(Tree.pid(sup, :orders) != orders, label: "transient restarted after a crash")

GenServer.stop(Tree.pid(sup, :orders), :normal)
Process.sleep(100)
IO.inspect(Tree.pid(sup, :orders), label: "transient after a normal stop")

try do
  Supervisor.child_spec(Cache, timeout: 5)
rescue
  e in ArgumentError -> IO.puts(e.message)
end

# expect:
#   0ms main log spec: %{\n  id: :users,\n  restart: :temporary,\n  shutdown: 100,\n  start: {Cache, :start_link, [:users]}\n}
#   0ms main log ids: [:plain, :orders, :users]
#   0ms main.sup started :users #PID<main.sup.users>
#   0ms main.sup started :orders #PID<main.sup.orders>
#   0ms main.sup started :plain #PID<main.sup.plain>
#   0ms main.sup.users exit :killed
#   100ms main log after killing the temporary one: [:plain, :orders]
#   100ms main catch_exit {:boom, {GenServer, :call, [#PID<main.sup.orders>, :crash, 5000]}}
#   100ms main log call exited: :boom
#   100ms main.sup restarting :orders (restart 1 in the window)
#   100ms main.sup started :orders #PID<main.sup.orders#2>
#   100ms main.sup.orders exit :boom
#   200ms main log transient restarted after a crash: true
#   200ms main.sup.orders#2 exit :normal
#   300ms main log transient after a normal stop: :undefined
#   300ms main rescue %ArgumentError{message: "unknown key :timeout in child specification override"}
#   300ms main log unknown key :timeout in child specification override
#   300ms main exit :normal
#   300ms main.sup terminating :plain with :kill (shutdown: :brutal_kill)
#   300ms main.sup exit :normal
#   300ms main.sup.plain exit :killed
