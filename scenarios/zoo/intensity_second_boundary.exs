# name: ZooIntensitySecondBoundary
# description: two crashes 1.001 s apart trip max_restarts: 1 in max_seconds: 1, or not, depending on where the second boundaries fall
#
# Restart intensity counts restarts stamped in whole seconds (docs/semantics.md §4.6):
# crashes at 999 ms and 2000 ms fall in seconds 0 and 2, one restart in the window. Let a
# timer fire 1 ms late (`--jitter 1`) and they fall in seconds 1 and 2: two restarts, the
# supervisor gives up, and its exit takes the linked script down.

defmodule Worker do
  use GenServer

  def start_link(name), do: GenServer.start_link(__MODULE__, nil, name: name)

  def child_spec(name), do: %{id: name, start: {__MODULE__, :start_link, [name]}}

  @impl true
  def init(nil), do: {:ok, nil}
end

{:ok, sup} =
  Supervisor.start_link([Worker.child_spec(:a), Worker.child_spec(:b)],
    strategy: :one_for_one,
    max_restarts: 1,
    max_seconds: 1
  )

Process.sleep(999)
Process.exit(Process.whereis(:a), :kill)
Process.sleep(1001)
Process.exit(Process.whereis(:b), :kill)
Process.sleep(100)
IO.puts("supervisor alive: #{Process.alive?(sup)}")

# expect one of:
#   0ms main.sup started :a #PID<main.sup.a>
#   0ms main.sup started :b #PID<main.sup.b>
#   998ms main.sup restarting :a (restart 1 in the window)
#   998ms main.sup started :a #PID<main.sup.a#2>
#   998ms main.sup.a exit :killed
#   2000ms main.sup restarting :b (restart 1 in the window)
#   2000ms main.sup started :b #PID<main.sup.b#2>
#   2000ms main.sup.b exit :killed
#   2099ms main log supervisor alive: true
#   2099ms main exit :normal
#   2099ms main.sup terminating :b with :shutdown (shutdown: 5000)
#   2099ms main.sup terminating :a with :shutdown (shutdown: 5000)
#   2099ms main.sup exit :normal
#   2099ms main.sup.a#2 exit :shutdown
#   2099ms main.sup.b#2 exit :shutdown
#   --
#   0ms main.sup started :a #PID<main.sup.a>
#   0ms main.sup started :b #PID<main.sup.b>
#   998ms main.sup restarting :a (restart 1 in the window)
#   998ms main.sup started :a #PID<main.sup.a#2>
#   998ms main.sup.a exit :killed
#   2000ms main.sup restarting :b (restart 1 in the window)
#   2000ms main.sup started :b #PID<main.sup.b#2>
#   2000ms main.sup.b exit :killed
#   2100ms main log supervisor alive: true
#   2100ms main exit :normal
#   2100ms main.sup terminating :b with :shutdown (shutdown: 5000)
#   2100ms main.sup terminating :a with :shutdown (shutdown: 5000)
#   2100ms main.sup exit :normal
#   2100ms main.sup.a#2 exit :shutdown
#   2100ms main.sup.b#2 exit :shutdown
#   --
#   0ms main.sup started :a #PID<main.sup.a>
#   0ms main.sup started :b #PID<main.sup.b>
#   998ms main.sup restarting :a (restart 1 in the window)
#   998ms main.sup started :a #PID<main.sup.a#2>
#   998ms main.sup.a exit :killed
#   2000ms main.sup restarting :b (restart 1 in the window)
#   2000ms main.sup started :b #PID<main.sup.b#2>
#   2000ms main.sup.b exit :killed
#   2101ms main log supervisor alive: true
#   2101ms main exit :normal
#   2101ms main.sup terminating :b with :shutdown (shutdown: 5000)
#   2101ms main.sup terminating :a with :shutdown (shutdown: 5000)
#   2101ms main.sup exit :normal
#   2101ms main.sup.a#2 exit :shutdown
#   2101ms main.sup.b#2 exit :shutdown
#   --
#   0ms main.sup started :a #PID<main.sup.a>
#   0ms main.sup started :b #PID<main.sup.b>
#   999ms main.sup restarting :a (restart 1 in the window)
#   999ms main.sup started :a #PID<main.sup.a#2>
#   999ms main.sup.a exit :killed
#   2000ms main.sup restarting :b (restart 1 in the window)
#   2000ms main.sup started :b #PID<main.sup.b#2>
#   2000ms main.sup.b exit :killed
#   2099ms main log supervisor alive: true
#   2099ms main exit :normal
#   2099ms main.sup terminating :b with :shutdown (shutdown: 5000)
#   2099ms main.sup terminating :a with :shutdown (shutdown: 5000)
#   2099ms main.sup exit :normal
#   2099ms main.sup.a#2 exit :shutdown
#   2099ms main.sup.b#2 exit :shutdown
#   --
#   0ms main.sup started :a #PID<main.sup.a>
#   0ms main.sup started :b #PID<main.sup.b>
#   999ms main.sup restarting :a (restart 1 in the window)
#   999ms main.sup started :a #PID<main.sup.a#2>
#   999ms main.sup.a exit :killed
#   2000ms main.sup restarting :b (restart 1 in the window)
#   2000ms main.sup started :b #PID<main.sup.b#2>
#   2000ms main.sup.b exit :killed
#   2100ms main log supervisor alive: true
#   2100ms main exit :normal
#   2100ms main.sup terminating :b with :shutdown (shutdown: 5000)
#   2100ms main.sup terminating :a with :shutdown (shutdown: 5000)
#   2100ms main.sup exit :normal
#   2100ms main.sup.a#2 exit :shutdown
#   2100ms main.sup.b#2 exit :shutdown
#   --
#   0ms main.sup started :a #PID<main.sup.a>
#   0ms main.sup started :b #PID<main.sup.b>
#   999ms main.sup restarting :a (restart 1 in the window)
#   999ms main.sup started :a #PID<main.sup.a#2>
#   999ms main.sup.a exit :killed
#   2000ms main.sup restarting :b (restart 1 in the window)
#   2000ms main.sup started :b #PID<main.sup.b#2>
#   2000ms main.sup.b exit :killed
#   2101ms main log supervisor alive: true
#   2101ms main exit :normal
#   2101ms main.sup terminating :b with :shutdown (shutdown: 5000)
#   2101ms main.sup terminating :a with :shutdown (shutdown: 5000)
#   2101ms main.sup exit :normal
#   2101ms main.sup.a#2 exit :shutdown
#   2101ms main.sup.b#2 exit :shutdown
#   --
#   0ms main.sup started :a #PID<main.sup.a>
#   0ms main.sup started :b #PID<main.sup.b>
#   999ms main.sup restarting :a (restart 1 in the window)
#   999ms main.sup started :a #PID<main.sup.a#2>
#   999ms main.sup.a exit :killed
#   2001ms main.sup restarting :b (restart 1 in the window)
#   2001ms main.sup started :b #PID<main.sup.b#2>
#   2001ms main.sup.b exit :killed
#   2100ms main log supervisor alive: true
#   2100ms main exit :normal
#   2100ms main.sup terminating :b with :shutdown (shutdown: 5000)
#   2100ms main.sup terminating :a with :shutdown (shutdown: 5000)
#   2100ms main.sup exit :normal
#   2100ms main.sup.a#2 exit :shutdown
#   2100ms main.sup.b#2 exit :shutdown
#   --
#   0ms main.sup started :a #PID<main.sup.a>
#   0ms main.sup started :b #PID<main.sup.b>
#   999ms main.sup restarting :a (restart 1 in the window)
#   999ms main.sup started :a #PID<main.sup.a#2>
#   999ms main.sup.a exit :killed
#   2001ms main.sup restarting :b (restart 1 in the window)
#   2001ms main.sup started :b #PID<main.sup.b#2>
#   2001ms main.sup.b exit :killed
#   2101ms main log supervisor alive: true
#   2101ms main exit :normal
#   2101ms main.sup terminating :b with :shutdown (shutdown: 5000)
#   2101ms main.sup terminating :a with :shutdown (shutdown: 5000)
#   2101ms main.sup exit :normal
#   2101ms main.sup.a#2 exit :shutdown
#   2101ms main.sup.b#2 exit :shutdown
#   --
#   0ms main.sup started :a #PID<main.sup.a>
#   0ms main.sup started :b #PID<main.sup.b>
#   999ms main.sup restarting :a (restart 1 in the window)
#   999ms main.sup started :a #PID<main.sup.a#2>
#   999ms main.sup.a exit :killed
#   2001ms main.sup restarting :b (restart 1 in the window)
#   2001ms main.sup started :b #PID<main.sup.b#2>
#   2001ms main.sup.b exit :killed
#   2102ms main log supervisor alive: true
#   2102ms main exit :normal
#   2102ms main.sup terminating :b with :shutdown (shutdown: 5000)
#   2102ms main.sup terminating :a with :shutdown (shutdown: 5000)
#   2102ms main.sup exit :normal
#   2102ms main.sup.a#2 exit :shutdown
#   2102ms main.sup.b#2 exit :shutdown
