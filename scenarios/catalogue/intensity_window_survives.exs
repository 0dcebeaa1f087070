# name: IntensityWindowSurvives
# description: max_restarts: 1, max_seconds: 1: two crashes 2100 ms apart are in different windows and the supervisor survives
#
# SEMANTICS.md §4.6: crashes at 500 ms and 2600 ms (whole-second stamps 0 and 2) are never
# within max_seconds: 1 of each other, whatever the clock phase, so each is the only
# restart in its window.

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
Process.sleep(2100)
send(:b, :crash)
Process.sleep(100)

[{id, pid, _type, _modules}] = Supervisor.which_children(sup)
IO.puts("still supervising #{inspect(id)}, alive: #{Process.alive?(pid)}")

# expect:
#   0ms main.sup started :b #PID<main.sup.b>
#   500ms main.sup restarting :b (restart 1 in the window)
#   500ms main.sup started :b #PID<main.sup.b#2>
#   500ms main.sup.b exit {%RuntimeError{message: "boom"}, []}
#   2600ms main.sup restarting :b (restart 1 in the window)
#   2600ms main.sup started :b #PID<main.sup.b#3>
#   2600ms main.sup.b#2 exit {%RuntimeError{message: "boom"}, []}
#   2700ms main log still supervising :b, alive: true
#   2700ms main exit :normal
#   2700ms main.sup terminating :b with :shutdown (shutdown: 5000)
#   2700ms main.sup exit :normal
#   2700ms main.sup.b#3 exit :shutdown
