# What a monitor on a process that is already gone, or on a name nobody has, answers,
# and when: after 0 straight after the monitor, a demonitor before the DOWN arrives.
# Run: elixir docs/probes/e28_monitor_gone.exs (semantics §1.6)

dead = spawn(fn -> :ok end)
Process.sleep(50)
Process.register(spawn(fn -> Process.sleep(10) end), :gone)
Process.sleep(50)
for {label, target} <- [pid: dead, name: :gone, name_node: {:gone, node()}] do
  ref = Process.monitor(target)
  r1 = Process.demonitor(ref, [:info])
  Process.sleep(10)
  left = receive do m -> m after 0 -> :none end
  ref2 = Process.monitor(target)
  r2 = Process.demonitor(ref2, [:flush, :info])
  ref3 = Process.monitor(target)
  Process.sleep(10)
  r3 = Process.demonitor(ref3, [:info])
  left3 = receive do m -> elem(m, 4) after 0 -> :none end
  IO.inspect({label, r1, left, r2, r3, left3})
end

ref = Process.monitor(:nobody)
r = receive do m -> m after 0 -> :missed end
IO.inspect(r, label: "name after 0")
ref = Process.monitor({:nobody, node()})
r = receive do m -> m after 0 -> :missed end
IO.inspect(r, label: "name_node after 0")
dead = spawn(fn -> :ok end)
Process.sleep(10)
for _ <- 1..5 do
ref = Process.monitor(dead)
r = receive do m -> elem(m, 4) after 0 -> :missed end
IO.inspect(r, label: "pid after 0")
end
ref = Process.monitor(:nobody)
IO.inspect(Process.demonitor(ref, [:info]), label: "name demonitor")
r = receive do m -> m after 10 -> :none end
IO.inspect(r, label: "then")
