# name: ExitNormalIgnored
# description: Process.exit(pid, :normal) is ignored by a non-trapping process, a message to a trapping one, and fatal only to self()
#
# SEMANTICS.md §1.4. The script waits until 150 ms so that every process has had its say.

plain =
  spawn(fn ->
    Process.sleep(100)
    IO.puts("plain: still alive")
  end)

trapper =
  spawn(fn ->
    Process.flag(:trap_exit, true)

    receive do
      {:EXIT, _from, :normal} -> IO.puts("trapper: got the EXIT message")
    end
  end)

spawn(fn ->
  Process.sleep(50)
  Process.exit(self(), :normal)
  IO.puts("never printed")
end)

Process.sleep(10)
Process.exit(plain, :normal)
Process.exit(trapper, :normal)
Process.sleep(140)

# expect:
#   10ms main.trapper log trapper: got the EXIT message
#   10ms main.trapper exit :normal
#   50ms main.spawn exit :normal
#   100ms main.plain log plain: still alive
#   100ms main.plain exit :normal
#   150ms main exit :normal
