# name: RestForOneRestart
# description: :rest_for_one: the children started after b are terminated (c), then b and c are started again; a is untouched
#
# SEMANTICS.md §4.3: children a, b, c are started in that order and b crashes at 100 ms.
# The supervisor's own lines show what it terminates and starts, in order; which_children
# lists the children newest first.

defmodule Crasher do
  # Registers as :b, so the script can find it, and raises on :crash.
  def run do
    Process.register(self(), :b)

    receive do
      :crash -> raise "boom"
    end
  end
end

children = [
  Supervisor.child_spec({Task, fn -> Process.sleep(100_000) end}, id: :a, restart: :permanent),
  Supervisor.child_spec({Task, &Crasher.run/0}, id: :b, restart: :permanent),
  Supervisor.child_spec({Task, fn -> Process.sleep(100_000) end}, id: :c, restart: :permanent)
]

{:ok, sup} = Supervisor.start_link(children, strategy: :rest_for_one)

Process.sleep(100)
send(:b, :crash)
Process.sleep(100)

for {id, pid, :worker, [Task]} <- Supervisor.which_children(sup) do
  IO.puts("#{id}: #{inspect(pid)}")
end

# expect:
#   0ms main.sup started :a #PID<main.sup.a>
#   0ms main.sup started :b #PID<main.sup.b>
#   0ms main.sup started :c #PID<main.sup.c>
#   100ms main.sup restarting :b (restart 1 in the window)
#   100ms main.sup terminating :c with :shutdown (shutdown: 5000)
#   100ms main.sup started :b #PID<main.sup.b#2>
#   100ms main.sup started :c #PID<main.sup.c#2>
#   100ms main.sup.b exit {%RuntimeError{message: "boom"}, []}
#   100ms main.sup.c exit :shutdown
#   200ms main log c: #PID<main.sup.c#2>
#   200ms main log b: #PID<main.sup.b#2>
#   200ms main log a: #PID<main.sup.a>
#   200ms main exit :normal
#   200ms main.sup terminating :c with :shutdown (shutdown: 5000)
#   200ms main.sup terminating :b with :shutdown (shutdown: 5000)
#   200ms main.sup terminating :a with :shutdown (shutdown: 5000)
#   200ms main.sup exit :normal
#   200ms main.sup.a exit :shutdown
#   200ms main.sup.b#2 exit :shutdown
#   200ms main.sup.c#2 exit :shutdown
