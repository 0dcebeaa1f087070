# name: ZooBurstStarvesHeartbeat
# description: a watchdog that expects a heartbeat among the first messages, while a producer sends a burst
#
# The producer and the heartbeat run in parallel, so the heartbeat usually lands somewhere
# in the burst. When the producer runs its whole burst first, the heartbeat is the last
# message, and the watchdog, which reads only the first six, declares the heartbeat lost.
# Uniform random choices rarely run twelve sends in a row; a scheduler that favours one
# process (PCT), or the FIFO order itself, does at once.

me = self()

spawn(fn ->
  for i <- 1..12 do
    send(me, {:data, i})
  end
end)

spawn(fn -> send(me, :heartbeat) end)

seen =
  Enum.map(1..6, fn _ ->
    receive do
      m -> m
    end
  end)

if :heartbeat in seen do
  IO.puts("heartbeat ok")
else
  IO.puts("heartbeat lost")
end

# expect:
#   0ms main log heartbeat ok
#   0ms main exit :normal
#   0ms main.spawn exit :normal
#   0ms main.spawn#2 exit :normal
