# What a DynamicSupervisor's `start_error` report names when a restart fails (semantics §4.8 (c)):
# the offender's id is `:undefined` (DynamicSupervisor children have none) and its pid is
# `{:restarting, old_pid}`. Printed from a logger handler that sees the raw report.

defmodule Probe.Handler do
  def log(%{msg: {:report, %{label: {:supervisor, ctx}, report: report}}}, %{config: %{to: to}}) do
    offender = Keyword.get(report, :offender, [])
    send(to, {:report, ctx, Keyword.get(offender, :id), Keyword.get(offender, :pid), Keyword.get(report, :reason)})
  end

  def log(_, _), do: :ok
end

defmodule Probe.Flaky do
  # Starts the first time, fails on every retry (the count lives in the supervisor).
  def start do
    n = Process.get(:attempts, 0)
    Process.put(:attempts, n + 1)
    if n == 0, do: {:ok, spawn_link(fn -> receive do :crash -> exit(:boom) end end)}, else: {:error, {:attempt, n}}
  end
end

:logger.add_handler(:probe, Probe.Handler, %{config: %{to: self()}})
Process.flag(:trap_exit, true)
{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one, max_restarts: 2)
{:ok, pid} = DynamicSupervisor.start_child(sup, %{id: :ignored, start: {Probe.Flaky, :start, []}})
send(pid, :crash)
receive do {:EXIT, ^sup, r} -> IO.inspect(r, label: "sup exit") after 1000 -> IO.puts("sup alive") end
Process.sleep(100)

report = fn
  {:report, ctx, id, {:restarting, p}, reason} when p == pid -> {ctx, id, {:restarting, :the_old_pid}, reason}
  {:report, ctx, id, p, reason} when p == pid -> {ctx, id, :the_old_pid, reason}
  {:report, ctx, id, other, reason} -> {ctx, id, other, reason}
end

for _ <- 1..4 do
  receive do
    {:report, _, _, _, _} = m -> IO.inspect(report.(m), label: "report")
  after
    0 -> :ok
  end
end
