# name: ZooLateReplyAfterYield
# description: Task.yield returns nil, and the late reply then surprises a catch-all receive
#
# After a yield that times out, the task's monitor and reply stay: its reply (and later its
# DOWN) arrive in the caller's mailbox. The caller moves on to its next job and takes the
# first message that comes as the job's answer: the stale reply, when it lands first.

worker =
  spawn(fn ->
    receive do
      {:job, from} -> send(from, :job_done)
    end
  end)

t =
  Task.async(fn ->
    Process.sleep(100)
    :late
  end)

case Task.yield(t, 100) do
  {:ok, r} -> IO.puts("in time: #{r}")
  nil -> IO.puts("too slow, moving on")
end

send(worker, {:job, self()})

receive do
  :job_done -> IO.puts("job done")
  other -> IO.puts("unexpected #{inspect(other)}")
end

# expect one of:
#   100ms main log in time: late
#   100ms main log job done
#   100ms main exit :normal
#   100ms main.t exit :normal
#   100ms main.worker exit :normal
#   --
#   100ms main log too slow, moving on
#   100ms main log job done
#   100ms main exit :normal
#   100ms main.t exit :normal
#   100ms main.worker exit :normal
