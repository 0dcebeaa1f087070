# name: SpawnRefused
# description: what `spawn`, `Task` and `Task.Supervisor` refuse in the caller: the spawning BIFs raise ArgumentError with OTP 25's error info for arguments of the wrong type (`spawn_monitor/1` also for a fun of arity other than 0), `Task.async/start/start_link` a FunctionClauseError for anything but a fun of arity 0 or an MFA of the right types, `Task.Supervisor.start_child/5` one for a name or arguments of the wrong type, and `Task.Supervisor`'s options that are no keyword list one of `Access.get/3`; `Task.Supervisor.async_nolink/4` with arguments that are no list starts the task, then raises `length/1`'s ArgumentError

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

end

# The first error of each kind loads code on the VM (several ms); starting at 40 ms keeps
# the VM's times in the simulator's 50 ms quantum.
Process.sleep(40)
{:ok, sup} = Task.Supervisor.start_link()

# Refused in the caller.
Probe.try_start("spawn(:foo)", fn -> spawn(:foo) end)
Probe.try_start("spawn(1, :go, [])", fn -> spawn(1, :go, []) end)
Probe.try_start("spawn(Nope, 1, 2)", fn -> spawn(Nope, 1, 2) end)
Probe.try_start("spawn(1, 2, 3)", fn -> spawn(1, 2, 3) end)
Probe.try_start("spawn_link(1)", fn -> spawn_link(1) end)
Probe.try_start("spawn_monitor(fn x -> x end)", fn -> spawn_monitor(fn x -> x end) end)
Probe.try_start("spawn_monitor(Nope, 1, [])", fn -> spawn_monitor(Nope, 1, []) end)
Probe.try_start("Task.async(:foo)", fn -> Task.async(:foo) end)
Probe.try_start("Task.async(fn x -> x end)", fn -> Task.async(fn x -> x end) end)
Probe.try_start("Task.async(1, :go, [])", fn -> Task.async(1, :go, []) end)
Probe.try_start("Task.async(Nope, :go, 1)", fn -> Task.async(Nope, :go, 1) end)
Probe.try_start("Task.start(:foo)", fn -> Task.start(:foo) end)
Probe.try_start("Task.start_link(1, :go, [])", fn -> Task.start_link(1, :go, []) end)
Probe.try_start("Task.Supervisor.start_child(sup, Nope, 1, [])", fn ->
  Task.Supervisor.start_child(sup, Nope, 1, [])
end)
Probe.try_start("Task.Supervisor.start_child(sup, fn -> 1 end, :bad)", fn ->
  Task.Supervisor.start_child(sup, fn -> 1 end, :bad)
end)
# The task starts (and fails); then `length(args)` raises in the caller.
Probe.try_start("Task.Supervisor.async_nolink(sup, Probe, :go, :notlist)", fn ->
  Task.Supervisor.async_nolink(sup, Probe, :go, :notlist)
end)
# (The task's failure, before the script ends.)
Process.sleep(10)
