# name: IntensityPastLimit
# description: the 4th crash within 5 s is one past max_restarts: 3: the supervisor gives up, and its trapping parent gets {:EXIT, sup, :shutdown}
#
# SEMANTICS.md §4.6, §4.7: the crashed child is not restarted a 4th time; the supervisor
# terminates the other children (in reverse start order) and exits with :shutdown.

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

# Crash :b at 100, 200, 300 and 400 ms: the 4th would be a 4th restart.
Process.sleep(100)
send(:b, :crash)
Process.sleep(100)
send(:b, :crash)
Process.sleep(100)
send(:b, :crash)
Process.sleep(100)
send(:b, :crash)

receive do
  {:EXIT, ^sup, reason} -> IO.puts("supervisor exited: #{inspect(reason)}")
end

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
#   400ms main log supervisor exited: :shutdown
#   400ms main exit :normal
#   400ms main.sup gave up on :b: reached_max_restart_intensity
#   400ms main.sup terminating :a with :shutdown (shutdown: 5000)
#   400ms main.sup exit :shutdown
#   400ms main.sup.a exit :shutdown
#   400ms main.sup.b#4 exit {%RuntimeError{message: "boom"}, []}
