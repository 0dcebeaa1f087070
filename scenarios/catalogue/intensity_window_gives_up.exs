# name: IntensityWindowGivesUp
# description: max_restarts: 1, max_seconds: 1: two crashes 1005 ms apart fall in one whole-second window and the supervisor gives up
#
# SEMANTICS.md §4.6, §8: restarts are stamped with the monotonic clock in whole seconds, and
# a stamp t still counts while now - t <= max_seconds. Crashes at 500 ms and 1505 ms
# (stamps 0 and 1) are "within 1 second" for max_restarts: 1, so the second one trips the
# limit. (On a real VM the stamps differ by 1 for all but 0.5% of clock phases: `otpsim
# conform` starts such a program at a whole second of the VM's monotonic clock, as the
# simulator's starts at 0.)

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
children = [Supervisor.child_spec({Task, &Crasher.run/0}, id: :b, restart: :permanent)]
{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one, max_restarts: 1, max_seconds: 1)

Process.sleep(500)
send(:b, :crash)
Process.sleep(1005)
send(:b, :crash)

receive do
  {:EXIT, ^sup, reason} -> IO.puts("supervisor exited: #{inspect(reason)}")
end

# expect:
#   0ms main.sup started :b #PID<main.sup.b>
#   500ms main.sup restarting :b (restart 1 in the window)
#   500ms main.sup started :b #PID<main.sup.b#2>
#   500ms main.sup.b exit {%RuntimeError{message: "boom"}, []}
#   1505ms main log supervisor exited: :shutdown
#   1505ms main exit :normal
#   1505ms main.sup gave up on :b: reached_max_restart_intensity
#   1505ms main.sup exit :shutdown
#   1505ms main.sup.b#2 exit {%RuntimeError{message: "boom"}, []}
