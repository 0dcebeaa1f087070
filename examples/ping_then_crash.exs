# name: PingThenCrash
# description: a linked worker answers one ping, then crashes; the caller traps exits, so the crash arrives as a message instead of killing it

Process.flag(:trap_exit, true)

worker =
  spawn_link(fn ->
    receive do
      {:ping, from} -> send(from, :pong)
    end

    Process.sleep(100)
    raise "worker crashed"
  end)

send(worker, {:ping, self()})

receive do
  :pong -> IO.puts("got pong")
after
  1000 -> IO.puts("no pong")
end

receive do
  {:EXIT, ^worker, {%RuntimeError{message: message}, _stacktrace}} ->
    IO.puts("worker exited: #{message}")
end

# expect:
#   0ms main log got pong
#   100ms main log worker exited: worker crashed
#   100ms main exit :normal
#   100ms main.worker exit {%RuntimeError{message: "worker crashed"}, []}
