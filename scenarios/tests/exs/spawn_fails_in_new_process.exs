# name: SpawnFailsInNewProcess
# description: what fails in the new process rather than in the caller: an MFA naming no function (no module, a `defp`, the wrong arity) exits with `:undef`, a fun of the wrong arity given to `spawn/1` or `spawn_link/1` with `:badarity`; `Task.Supervisor` checks nothing, so a task of a term that is no fun exits with `{:badfun, term}` and one of a module that is no atom with `:badarg`; `Task.Supervisor.async`'s `mfa` is `{module, fun, length(args)}`

defmodule Probe do
  def hidden, do: secret()
  defp secret, do: :secret

  def try_start(name, f) do
    try do
      case f.() do
        pid when is_pid(pid) -> IO.puts("#{name}: started")
        {pid, ref} when is_pid(pid) and is_reference(ref) -> IO.puts("#{name}: started, monitored")
        {:ok, pid} when is_pid(pid) -> IO.puts("#{name}: {:ok, pid}")
        %Task{mfa: mfa} -> IO.puts("#{name}: a task of #{inspect(mfa)}")
      end
    rescue
      e -> IO.puts("#{name}: raised #{inspect(e)}")
    end
  end

  def exit_of(name) do
    receive do
      {:EXIT, _pid, reason} -> IO.puts("#{name}: EXIT #{inspect(error(reason))}")
      {:DOWN, _ref, :process, _pid, reason} -> IO.puts("#{name}: DOWN #{inspect(error(reason))}")
    end
  end

  # The error of an exit reason, without its stacktrace (and without the fun of a
  # `:badarity`, which prints differently on each run).
  defp error({{:badarity, {f, args}}, st}) when is_function(f) and is_list(st),
    do: {:badarity, args}

  defp error({reason, st}) when is_list(st), do: reason
  defp error(reason), do: reason
end

Process.flag(:trap_exit, true)
# The first error of each kind loads code on the VM (several ms); starting at 40 ms keeps
# the VM's times in the simulator's 50 ms quantum.
Process.sleep(40)
{:ok, sup} = Task.Supervisor.start_link()

Probe.try_start("spawn_link(fn x -> x end)", fn -> spawn_link(fn x -> x end) end)
Probe.exit_of("spawn_link(fn x -> x end)")
Probe.try_start("spawn_link(Nope, :go, [1])", fn -> spawn_link(Nope, :go, [1]) end)
Probe.exit_of("spawn_link(Nope, :go, [1])")
Probe.try_start("spawn_monitor(Probe, :secret, [])", fn -> spawn_monitor(Probe, :secret, []) end)
Probe.exit_of("spawn_monitor(Probe, :secret, [])")
Probe.try_start("spawn_monitor(Probe, :hidden, [1])", fn -> spawn_monitor(Probe, :hidden, [1]) end)
Probe.exit_of("spawn_monitor(Probe, :hidden, [1])")
Probe.try_start("Task.start_link(Nope, :go, [])", fn -> Task.start_link(Nope, :go, []) end)
Probe.exit_of("Task.start_link(Nope, :go, [])")

task = Task.async(Probe, :missing, [2])
{:exit, {reason, _stacktrace}} = Task.yield(task, 1000)
IO.inspect(reason, label: "Task.async(Probe, :missing, [2]) yields an exit")
Probe.exit_of("Task.async(Probe, :missing, [2])")

Probe.try_start("Task.Supervisor.async_nolink(sup, :foo)", fn ->
  Task.Supervisor.async_nolink(sup, :foo)
end)
Probe.exit_of("Task.Supervisor.async_nolink(sup, :foo)")
Probe.try_start("Task.Supervisor.async_nolink(sup, :foo, [])", fn ->
  Task.Supervisor.async_nolink(sup, :foo, [])
end)
Probe.exit_of("Task.Supervisor.async_nolink(sup, :foo, [])")
Probe.try_start("Task.Supervisor.async_nolink(sup, 1, :go, [])", fn ->
  Task.Supervisor.async_nolink(sup, 1, :go, [])
end)
Probe.exit_of("Task.Supervisor.async_nolink(sup, 1, :go, [])")
# Each ends (whether it is gone before the monitor is taken, `:noproc`, or after).
for {name, f} <- [
      {"Task.Supervisor.start_child(sup, fn -> :ok end)", fn ->
        Task.Supervisor.start_child(sup, fn -> :ok end)
      end},
      {"Task.Supervisor.start_child(sup, Nope, :go, [])", fn ->
        Task.Supervisor.start_child(sup, Nope, :go, [])
      end}
    ] do
  {:ok, pid} = f.()
  ref = Process.monitor(pid)
  receive do
    {:DOWN, ^ref, :process, ^pid, _} -> IO.puts("#{name}: ended")
  end
end

task = Task.Supervisor.async_nolink(sup, Kernel, :max, [1, 2])
IO.inspect(task.mfa, label: "Task.Supervisor.async_nolink(sup, Kernel, :max, [1, 2])'s mfa")
ref = Process.monitor(task.pid)
IO.inspect(Task.await(task), label: "Task.Supervisor.async_nolink(sup, Kernel, :max, [1, 2]) awaits")
# The task has ended before the script does (else the supervisor would shut it down).
receive do
  {:DOWN, ^ref, :process, _, _} -> :ok
end
