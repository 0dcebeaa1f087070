# unalias/1 on a monitor's alias (OTP 24+): the alias ends, the monitor stays.
# Cited by docs/semantics.md §1.7; checked by sim/tests/primitives.rs
# (s1_7_unalias_ends_a_monitor_alias_but_not_the_monitor).
# Elixir 1.14 on OTP 25 printed:
#   unalias monitor alias: true
#   unalias again: false
#   messages: {:messages, []}
#   demonitor info: true
#   unalias plain monitor: false
#   got: {:DOWN, #Reference<...>, :process, #PID<...>, :normal}
t = spawn(fn -> receive do :stop -> :ok end end)
r = :erlang.monitor(:process, t, [alias: :demonitor])
IO.inspect(:erlang.unalias(r), label: "unalias monitor alias")
IO.inspect(:erlang.unalias(r), label: "unalias again")
send(r, :via_alias)
Process.sleep(10)
IO.inspect(Process.info(self(), :messages), label: "messages")
IO.inspect(Process.demonitor(r, [:info]), label: "demonitor info")
r2 = Process.monitor(t)
IO.inspect(:erlang.unalias(r2), label: "unalias plain monitor")
send(t, :stop)
receive do m -> IO.inspect(m, label: "got") after 100 -> IO.puts("no DOWN") end
