# name: DemonitorFlush
# description: Process.demonitor(ref, [:flush]) flushes only when the monitor is no longer active, and then only the oldest {_, ref, _, _, _} message; a message the process sent itself that merely looks like the DOWN of an active monitor stays
#
# A watcher forwards a fake DOWN to itself (as a relay might), then drops the monitor with
# :flush while the watched process still runs: nothing real was in flight, so the fake
# stays. For a monitor that already fired, flush takes the real DOWN (the oldest) and
# leaves the lookalike sent after it.

defmodule Mailbox do
  def tags(acc \\ []) do
    receive do
      {tag, _ref, _, _, reason} -> tags([{tag, reason} | acc])
    after
      0 -> Enum.reverse(acc)
    end
  end
end

worker = spawn(fn -> Process.sleep(100) end)
ref = Process.monitor(worker)
send(self(), {:DOWN, ref, :process, worker, :relayed})
IO.inspect(Process.demonitor(ref, [:flush]), label: "demonitor active")
IO.inspect(Mailbox.tags(), label: "left after active")

quick = spawn(fn -> :ok end)
ref2 = Process.monitor(quick)
Process.sleep(50)
send(self(), {:DOWN, ref2, :process, quick, :relayed})
IO.inspect(Process.demonitor(ref2, [:flush, :info]), label: "demonitor fired")
IO.inspect(Mailbox.tags(), label: "left after fired")

# expect:
#   0ms main log demonitor active: true
#   0ms main log left after active: [DOWN: :relayed]
#   0ms main.quick exit :normal
#   50ms main log demonitor fired: false
#   50ms main log left after fired: [DOWN: :relayed]
#   50ms main exit :normal
#   50ms main.worker cut off (the script ended)
