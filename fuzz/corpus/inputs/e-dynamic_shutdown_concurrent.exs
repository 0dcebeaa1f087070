e# name: DynamicShutdownConcurrent
# description: DynamicSupervisor.stop with three trapping children (shutdown: 100) takes 100 ms, not 300: they are stopped all at once
#
# SEMANTICS.md §4.5: a DynamicSupervisor sends :shutdown to all its children at once, with
# one timer per shutdown value, then :kill to whoever is left. The children trap exits and
# ignore the :shutdown message, so all three are killed 100 ms after the stop (at 10 ms,
# once they trap exits). Elixir does not define the order in which the children are
# signalled and killed at that instant, so only order-free facts are expected.

defmodule Stubborn do
  # Traps exits and so ignores the :shutdown signal: it has to be killed.
  def start_link do
    pid =
      spawn_link(fn ->
        Process.flag(:trap_exit, true)
        Process.sleep(10_000)
      end)

    {:ok, pid}
  end

  def child_spec(id) do
    %{id: id, start: {__MODULE__, :start_link, []}, shutdown: 100}
  end
end

{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)

for id <- [:a, :b, :c] do
  {:ok, pid} = DynamicSupervisor.start_child(sup, {Stubborn, id})
  IO.puts("started #{inspect(id)}: #{inspect(pid)}")
end

Process.sleep(10)
:ok = DynamicSupervisor.stop(sup)
IO.puts("stopped")

# expect in order:
#   0ms main log started :a: #PID<main.sup.a>
#   0ms main log started :b: #PID<main.sup.b>
#   0ms main log started :c: #PID<main.sup.c>
#   110ms main log stopped
#   110ms main exit :normal
#   110ms main.sup exit :normal
#   110ms main.sup.a exit :killed
#   110ms main.sup.b exit :killed
#   110ms main.sup.c exit :killed
