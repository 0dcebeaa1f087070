# name: MonitorDown
# description: Process.monitor gives a {:DOWN, ref, :process, pid, reason} message when the watched process dies; a monitor is one-way and does not kill the watcher
#
# Three workers end in three ways: normally, with an exception, and killed. The watcher
# gets one :DOWN for each, with the reason. Monitoring a process that is already dead
# gives an immediate :DOWN with :noproc.

defmodule Watch do
  def wait_down(ref) do
    receive do
      {:DOWN, ^ref, :process, _pid, reason} -> reason
    after
      1000 -> :no_down
    end
  end
end

normal = spawn(fn -> Process.sleep(100) end)
crasher = spawn(fn -> Process.sleep(200); exit(:oops) end)
victim = spawn(fn -> Process.sleep(10_000) end)
ref1 = Process.monitor(normal)
ref2 = Process.monitor(crasher)
ref3 = Process.monitor(victim)

IO.puts("first: #{inspect(Watch.wait_down(ref1))}")
IO.puts("second: #{inspect(Watch.wait_down(ref2))}")
Process.exit(victim, :kill)
IO.puts("third: #{inspect(Watch.wait_down(ref3))}")

# The victim is dead by now: a new monitor reports :noproc at once.
ref4 = Process.monitor(victim)
IO.puts("late monitor: #{inspect(Watch.wait_down(ref4))}")

# expect:
#   100ms main log first: :normal
#   100ms main.normal exit :normal
#   200ms main log second: :oops
#   200ms main log third: :killed
#   200ms main log late monitor: :noproc
#   200ms main exit :normal
#   200ms main.crasher exit :oops
#   200ms main.victim exit :killed
