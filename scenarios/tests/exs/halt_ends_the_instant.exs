# name: HaltEndsTheInstant
# description: when the script ends the VM halts, but what can still run at that instant runs: a fresh process, one woken by the script's last message, a trapping linked process told of the script's exit; a sleeper is cut off

parent = self()

spawn_link(fn ->
  Process.flag(:trap_exit, true)
  send(parent, :ready)

  receive do
    {:EXIT, _, reason} -> IO.puts("told the script ended: #{inspect(reason)}")
  end
end)

receive do
  :ready -> :ok
end

waiter =
  spawn(fn ->
    receive do
      m -> IO.puts("woken by #{m}")
    end
  end)

spawn(fn -> IO.puts("a fresh process ran") end)
spawn(fn -> Process.sleep(100); IO.puts("never") end)
send(waiter, :last_message)
