# name: IntensityAtLimit
# description: max_restarts: 3 means three restarts are performed: three crashes in 300 ms leave the supervisor running
#
# SEMANTICS.md §4.6: the intensity check happens before each restart, and only a 4th
# restart inside the 5 s window would trip it.

defmodule Crasher do
  # Registers as :b, so the script can find the current incarnation, and raises on :crash.
  def run do
    Process.register(self(), :b)

    receive do
      :crash -> raise "boom"
    end
  end
end

Process.flag(:trap_exit, true)

children = [
  Supervisor.child_spec({Task, fn -> Process.sleep(100_000) end}, id: :a, restart: :permanent),
  Supervisor.child_spec({Task, &Crasher.run/0}, id: :b, restart: :permanent)
]

{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one, max_restarts: 3, max_seconds: 5)

# Crash :b at 100, 200 and 300 ms: three restarts.
Process.sleep(100)
send(:b, :crash)
Process.sleep(100)
send(:b, :crash)
Process.sleep(100)
send(:b, :crash)

Process.sleep(100)
IO.inspect(Supervisor.count_children(sup), label: "after three crashes")

# expect:
#   0ms main.sup started :a #PID<main.sup.a>
#   0ms main.sup started :b #PID<main.sup.b>
#   100ms main.sup restarting :b (restart 1 in the window)
#   100ms main.sup started :b #PID<main.sup.b#2>
#   100ms main.sup.b exit {%RuntimeError{message: "boom"}, []}
#   200ms main.sup restarting :b (restart 2 in the window)
#   200ms main.sup started :b #PID<main.sup.b#3>
#   200ms main.sup.b#2 exit {%RuntimeError{message: "boom"}, []}
#   300ms main.sup restarting :b (restart 3 in the window)
#   300ms main.sup started :b #PID<main.sup.b#4>
#   300ms main.sup.b#3 exit {%RuntimeError{message: "boom"}, []}
#   400ms main log after three crashes: %{active: 2, specs: 2, supervisors: 0, workers: 2}
#   400ms main exit :normal
#   400ms main.sup terminating :b with :shutdown (shutdown: 5000)
#   400ms main.sup terminating :a with :shutdown (shutdown: 5000)
#   400ms main.sup exit :normal
#   400ms main.sup.a exit :shutdown
#   400ms main.sup.b#4 exit :shutdown
