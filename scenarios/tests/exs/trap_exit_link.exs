# name: TrapExitLink
# description: spawn_link + trap_exit: the crash of a linked process arrives as an {:EXIT, ..} message

Process.flag(:trap_exit, true)

worker =
  spawn_link(fn ->
    Process.sleep(100)
    exit(:worker_failed)
  end)

other = spawn_link(fn -> Process.sleep(200) end)

receive do
  {:EXIT, ^worker, reason} -> IO.puts("worker exited: #{inspect(reason)}")
end

receive do
  {:EXIT, ^other, reason} -> IO.puts("other exited: #{inspect(reason)}")
end
