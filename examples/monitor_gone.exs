# name: MonitorGone
# description: a monitor on a process that is already gone, or on a name nobody has, answers with a :noproc DOWN; a demonitor before it arrives returns true and no DOWN comes
#
# The DOWN for a dead pid arrives when the caller next waits (an `after 0` straight after
# the monitor misses it); the one for an unregistered name is there for the next look at
# the mailbox. Either way, a demonitor first finds the monitor still active.

defmodule Main do
  def main do
    dead = spawn(fn -> :ok end)
    Process.sleep(50)
    Process.register(spawn(fn -> Process.sleep(10) end), :gone)
    Process.sleep(50)

    for {label, target} <- [pid: dead, name: :gone, name_node: {:gone, node()}] do
      ref = Process.monitor(target)
      dropped = Process.demonitor(ref, [:info])
      Process.sleep(10)
      left = receive do m -> m after 0 -> :none end
      ref2 = Process.monitor(target)
      flushed = Process.demonitor(ref2, [:flush, :info])
      ref3 = Process.monitor(target)
      Process.sleep(10)
      after_wait = Process.demonitor(ref3, [:info])
      reason = receive do {:DOWN, ^ref3, :process, _, why} -> why after 0 -> :none end
      IO.inspect({label, dropped, left, flushed, after_wait, reason})
    end

    ref = Process.monitor(dead)
    at_once = receive do
      m -> m
    after
      0 -> :missed
    end
    IO.inspect(at_once, label: "pid, after 0")
    ref_name = Process.monitor(:nobody)
    name_at_once = receive do
      {:DOWN, ^ref_name, :process, who, why} -> {who, why}
    after
      0 -> :missed
    end
    IO.inspect(name_at_once, label: "name, after 0")
    receive do
      {:DOWN, ^ref, :process, ^dead, why} -> IO.inspect(why, label: "pid, waited")
    end
  end
end

Main.main()

# expect:
#   0ms main.dead exit :normal
#   60ms main.spawn exit :normal
#   120ms main log {:pid, true, :none, true, false, :noproc}
#   140ms main log {:name, true, :none, true, false, :noproc}
#   160ms main log {:name_node, true, :none, true, false, :noproc}
#   160ms main log pid, after 0: :missed
#   160ms main log name, after 0: {{:nobody, :nonode@nohost}, :noproc}
#   160ms main log pid, waited: :noproc
#   160ms main exit :normal
