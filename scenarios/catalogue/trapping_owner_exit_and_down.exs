# name: TrappingOwnerExitAndDown
# description: a trapping owner of a crashed task receives {:EXIT, pid, reason} and then {:DOWN, ref, :process, pid, reason}; nothing kills it
#
# SEMANTICS.md §1.8, §2.3: the link gives the EXIT, the monitor Task.async set up gives the
# DOWN, in that order on OTP 25.

Process.flag(:trap_exit, true)

t =
  Task.async(fn ->
    Process.sleep(10)
    raise "boom"
  end)

receive do
  {:EXIT, pid, {%RuntimeError{message: message}, _}} when pid == t.pid ->
    IO.puts("EXIT: #{message}")
end

receive do
  {:DOWN, ref, :process, _pid, {%RuntimeError{message: message}, _}} when ref == t.ref ->
    IO.puts("DOWN: #{message}")
end

# expect:
#   10ms main log EXIT: boom
#   10ms main log DOWN: boom
#   10ms main exit :normal
#   10ms main.t exit {%RuntimeError{message: "boom"}, []}
