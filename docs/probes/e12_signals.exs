# §1.4: every row of the exit-signal table, for a receiver that traps exits and one
# that does not. Each case starts a fresh target process that (optionally) traps
# exits and forwards every message it gets to the observer; the observer monitors
# it, applies the action, waits 50 ms and prints:
#   alive? / DOWN reason (nil if still alive) / messages the target received.
# In the messages, the `from` of {:EXIT, from, r} is shown as :self (the target
# itself), :observer (the process that called Process.exit/2) or :peer (a linked
# process started by the target).

defmodule Sig do
  def target(obs, trap) do
    Process.flag(:trap_exit, trap)
    send(obs, {:ready, self()})
    loop(obs, nil)
  end

  defp loop(obs, peer) do
    receive do
      {:do, f} -> loop(obs, f.() || peer)
      m -> send(obs, {:got, m, peer}); loop(obs, peer)
    end
  end

  def run(label, trap, action) do
    obs = self()
    pid = spawn(fn -> target(obs, trap) end)
    receive do {:ready, p} when p == pid -> :ok end
    ref = Process.monitor(pid)
    action.(pid)
    Process.sleep(50)
    {down, msgs} = collect(ref, nil, [])
    msgs =
      Enum.map(msgs, fn
        {{:EXIT, from, r}, peer} ->
          who = cond do
            from == pid -> :self
            from == obs -> :observer
            from == peer -> :peer
            true -> :other
          end
          {:EXIT, who, r}
        {m, _} -> m
      end)
    IO.puts("#{label} | trapping=#{trap} | alive=#{Process.alive?(pid)} down=#{inspect(down)} msgs=#{inspect(msgs)}")
  end

  defp collect(ref, down, acc) do
    receive do
      {:DOWN, r, _, _, reason} when r == ref -> collect(ref, reason, acc)
      {:got, m, peer} -> collect(ref, down, [{m, peer} | acc])
    after 0 -> {down, Enum.reverse(acc)}
    end
  end
end

# the target runs f inside itself; f returns the peer pid (or nil)
inside = fn f -> fn pid -> send(pid, {:do, f}) end end

for trap <- [false, true] do
  Sig.run(":normal via link (peer returns)", trap, inside.(fn -> spawn_link(fn -> :ok end) end))
  Sig.run(":normal via Process.exit(target, :normal) from another process", trap, fn pid -> Process.exit(pid, :normal) end)
  Sig.run(":normal via Process.exit(self(), :normal)", trap, inside.(fn -> Process.exit(self(), :normal); nil end))
  Sig.run(":kill via Process.exit(target, :kill) from another process", trap, fn pid -> Process.exit(pid, :kill) end)
  Sig.run(":kill via Process.exit(self(), :kill)", trap, inside.(fn -> Process.exit(self(), :kill); nil end))
  Sig.run(":kill via link (peer calls exit(:kill))", trap, inside.(fn -> spawn_link(fn -> receive do after 10 -> exit(:kill) end end) end))
  Sig.run(":boom via link (peer calls exit(:boom))", trap, inside.(fn -> spawn_link(fn -> receive do after 10 -> exit(:boom) end end) end))
  Sig.run(":boom via Process.exit(target, :boom)", trap, fn pid -> Process.exit(pid, :boom) end)
  Sig.run(":boom via Process.exit(self(), :boom)", trap, inside.(fn -> Process.exit(self(), :boom); nil end))
  Sig.run(":shutdown via link", trap, inside.(fn -> spawn_link(fn -> receive do after 10 -> exit(:shutdown) end end) end))
  Sig.run("{:shutdown, :x} via Process.exit(target, {:shutdown, :x})", trap, fn pid -> Process.exit(pid, {:shutdown, :x}) end)
end

# A process killed by exit/2 :kill: what its linked processes see (:killed, trappable).
me = self()
victim = spawn(fn -> receive do after :infinity -> :ok end end)
watcher = spawn(fn ->
  Process.flag(:trap_exit, true)
  Process.link(victim)
  send(me, :linked)
  receive do m -> send(me, {:watcher_got, m}) end
end)
receive do :linked -> :ok end
Process.exit(victim, :kill)
receive do
  {:watcher_got, {:EXIT, from, r}} -> IO.puts("linked (trapping) process of a victim of exit/2 :kill gets {:EXIT, #{if from == victim, do: "victim", else: "?"}, #{inspect(r)}}")
after 500 -> IO.puts("watcher got nothing")
end
_ = watcher

# Process.exit/2 returns true, also on a dead pid, and a non-trapping target keeps
# running while blocked in receive until the fatal signal lands (then it is gone at once).
dead = spawn(fn -> :ok end)
Process.sleep(10)
IO.puts("Process.exit(dead_pid, :boom) returns #{inspect(Process.exit(dead, :boom))}")
sleeper = spawn(fn -> Process.sleep(10_000) end)
t0 = System.monotonic_time(:millisecond)
ref = Process.monitor(sleeper)
Process.exit(sleeper, :boom)
receive do
  {:DOWN, r, _, _, reason} when r == ref ->
    IO.puts("sleeping non-trapping process hit by exit/2 :boom: DOWN #{inspect(reason)} after #{System.monotonic_time(:millisecond) - t0} ms")
end
