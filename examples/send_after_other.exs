# name: SendAfterOther
# description: Process.send_after aimed at another process — the timer delivers it when due, a cancelled one never arrives, and the setter's own messages to that process are not held up by it
#
# A scheduler arms reminders for a worker: one fires after 100 ms, one is cancelled
# before it is due. A message the scheduler sends directly at once arrives first.

worker =
  spawn(fn ->
    for _ <- 1..2 do
      receive do
        m -> IO.inspect(m, label: "worker got")
      end
    end
  end)

Process.send_after(worker, :remind, 100)
t = Process.send_after(worker, :never, 50)
send(worker, :now)
IO.inspect(Process.cancel_timer(t) > 0, label: "cancelled in time")
Process.sleep(200)

# expect:
#   0ms main log cancelled in time: true
#   0ms main.worker log worker got: :now
#   100ms main.worker log worker got: :remind
#   100ms main.worker exit :normal
#   200ms main exit :normal
