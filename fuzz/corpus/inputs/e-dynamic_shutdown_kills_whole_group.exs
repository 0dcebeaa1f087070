e# name: DynShutdownKillsWholeGroup
# description: a DynamicSupervisor stops two children with one shutdown time: one dies at once, one traps exits; when the time is up both are sent :kill
#
# SEMANTICS.md §4.5: Elixir 1.14 keeps one pid list per shutdown time and, when that time is
# up, sends :kill to every pid on it — also to :a, which already died of the :shutdown.
# That kill changes nothing (exit/2 to a dead pid is a no-op), but the supervisor does send
# it: the real VM's trace shows it at 200 ms. Found by `otpsim conform`'s generator.

defmodule Sleeper do
  def start_link(trap_exits?) do
    pid =
      spawn_link(fn ->
        Process.flag(:trap_exit, trap_exits?)
        Process.sleep(5000)
      end)

    {:ok, pid}
  end
end

{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
DynamicSupervisor.start_child(sup, %{id: :a, start: {Sleeper, :start_link, [false]}, shutdown: 100})
DynamicSupervisor.start_child(sup, %{id: :b, start: {Sleeper, :start_link, [true]}, shutdown: 100})
Process.sleep(100)
:ok = DynamicSupervisor.stop(sup)
IO.puts("stopped")

# expect in order:
#   100ms main.sup.a exit :shutdown
#   200ms main log stopped
#   200ms main.sup killing #PID<main.sup.b>: its shutdown time is up
#   200ms main.sup killing #PID<main.sup.a>: its shutdown time is up
#   200ms main.sup.b exit :killed
