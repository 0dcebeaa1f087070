# name: TrapExitLink
# description: spawn_link + Process.flag(:trap_exit, true): a linked process's death arrives as an {:EXIT, pid, reason} message instead of killing the caller
#
# Without trapping, the crash of `risky` at 100 ms would kill the script. With trapping,
# the script gets a message for each linked process, including a normal exit.

Process.flag(:trap_exit, true)

fine = spawn_link(fn -> Process.sleep(50) end)

risky =
  spawn_link(fn ->
    Process.sleep(100)
    raise ArgumentError, "bad input"
  end)

for _ <- [fine, risky] do
  receive do
    {:EXIT, ^fine, reason} ->
      IO.puts("fine exited: #{inspect(reason)}")

    {:EXIT, ^risky, {%ArgumentError{message: message}, _stacktrace}} ->
      IO.puts("risky crashed: #{message}")
  end
end

IO.puts("the script is still running")

# expect:
#   50ms main log fine exited: :normal
#   50ms main.fine exit :normal
#   100ms main log risky crashed: bad input
#   100ms main log the script is still running
#   100ms main exit :normal
#   100ms main.risky exit {%ArgumentError{message: "bad input"}, []}
