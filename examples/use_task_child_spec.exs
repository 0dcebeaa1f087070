# name: UseTaskChildSpec
# description: `use Task` generates child_spec/1 with restart: :temporary, so a task that finishes is dropped from the supervisor; `use Task, restart: :permanent` overrides it and the supervisor restarts the task each time it ends
#
# A one-shot warm-up job and a periodic flusher, both written as Task modules and
# started under the same supervisor.

defmodule Warmup do
  use Task

  def start_link(ms), do: Task.start_link(fn -> Process.sleep(ms) end)
end

defmodule Flusher do
  use Task, restart: :permanent, shutdown: 1000

  def start_link(ms) do
    Task.start_link(fn ->
      Process.sleep(ms)
      IO.puts("flushed")
    end)
  end
end

IO.inspect(Warmup.child_spec(150), label: "Warmup")
IO.inspect(Flusher.child_spec(300), label: "Flusher")

{:ok, sup} =
  Supervisor.start_link([{Warmup, 150}, {Flusher, 300}], strategy: :one_for_one, max_restarts: 10)

IO.inspect(Supervisor.count_children(sup), label: "at start")
Process.sleep(200)
IO.inspect(Enum.map(Supervisor.which_children(sup), &elem(&1, 0)), label: "after the warm-up")
Process.sleep(500)
IO.inspect(Supervisor.count_children(sup), label: "later")

# expect:
#   0ms main log Warmup: %{id: Warmup, restart: :temporary, start: {Warmup, :start_link, [150]}}
#   0ms main log Flusher: %{\n  id: Flusher,\n  restart: :permanent,\n  shutdown: 1000,\n  start: {Flusher, :start_link, [300]}\n}
#   0ms main log at start: %{active: 2, specs: 2, supervisors: 0, workers: 2}
#   0ms main.sup started Warmup #PID<main.sup.Warmup>
#   0ms main.sup started Flusher #PID<main.sup.Flusher>
#   150ms main.sup.Warmup exit :normal
#   200ms main log after the warm-up: [Flusher]
#   300ms main.sup restarting Flusher (restart 1 in the window)
#   300ms main.sup started Flusher #PID<main.sup.Flusher#2>
#   300ms main.sup.Flusher log flushed
#   300ms main.sup.Flusher exit :normal
#   600ms main.sup restarting Flusher (restart 2 in the window)
#   600ms main.sup started Flusher #PID<main.sup.Flusher#3>
#   600ms main.sup.Flusher#2 log flushed
#   600ms main.sup.Flusher#2 exit :normal
#   700ms main log later: %{active: 1, specs: 1, supervisors: 0, workers: 1}
#   700ms main exit :normal
#   700ms main.sup terminating Flusher with :shutdown (shutdown: 1000)
#   700ms main.sup exit :normal
#   700ms main.sup.Flusher#3 exit :shutdown
