# name: MonitorDown
# description: Process.monitor on a process that exits with a reason; the DOWN message carries it

pid =
  spawn(fn ->
    receive do
      :go -> exit(:finished)
    end
  end)

ref = Process.monitor(pid)
Process.sleep(100)
send(pid, :go)

receive do
  {:DOWN, ^ref, :process, ^pid, reason} -> IO.puts("down: #{inspect(reason)}")
end

ref2 = Process.monitor(pid)

receive do
  {:DOWN, ^ref2, :process, _, reason} -> IO.puts("late monitor: #{inspect(reason)}")
end
