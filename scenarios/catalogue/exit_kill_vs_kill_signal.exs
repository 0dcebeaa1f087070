# name: ExitKillVsKillSignal
# description: a process calling exit(:kill) dies with :kill; one hit by Process.exit(pid, :kill) dies with :killed
#
# SEMANTICS.md §1.1, §1.4: only the exit *signal* :kill is untrappable and turns into
# :killed; a process that exits with reason :kill passes :kill on to its links like any
# other reason (and a trapping process receives it as a message).

Process.flag(:trap_exit, true)

a =
  spawn_link(fn ->
    Process.sleep(10)
    exit(:kill)
  end)

b = spawn_link(fn -> Process.sleep(1000) end)

Process.sleep(20)
Process.exit(b, :kill)

receive do
  {:EXIT, ^a, reason} -> IO.puts("a exited with #{inspect(reason)}")
end

receive do
  {:EXIT, ^b, reason} -> IO.puts("b exited with #{inspect(reason)}")
end

# expect:
#   10ms main.a exit :kill
#   20ms main log a exited with :kill
#   20ms main log b exited with :killed
#   20ms main exit :normal
#   20ms main.b exit :killed
