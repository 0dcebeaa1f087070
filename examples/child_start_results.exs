# name: StartResults
# description: what a child's start function may return — {:ok, pid, info}, :ignore, {:error, reason}, a raise or an exit — and a restart that fails: each failed attempt is retried and counts against the intensity until the supervisor gives up
#
# Children that connect to outside services start in every way a real start function
# can end. The flaky one starts once, crashes, and then fails to start on every retry:
# with max_restarts: 2 the supervisor tries twice more and gives up with :shutdown.

defmodule Starter do
  def ok_info(tag) do
    pid = spawn_link(fn -> Process.sleep(:infinity) end)
    {:ok, pid, {:info, tag}}
  end

  def ignore, do: :ignore
  def error, do: {:error, :no_db}
  def raising, do: raise("cannot start")
  def exiting, do: exit(:gone)

  # Starts the first time, fails on every restart.
  # Runs in the supervisor: its dictionary counts the attempts.
  def flaky do
    n = Process.get(:attempts, 0)
    Process.put(:attempts, n + 1)

    if n == 0 do
      pid = spawn_link(fn -> receive do :crash -> exit(:crashed) end end)
      {:ok, pid}
    else
      {:error, {:attempt, n}}
    end
  end
end

Process.flag(:trap_exit, true)
spec = fn id, f, a -> %{id: id, start: {Starter, f, a}} end
{:ok, sup} = Supervisor.start_link([spec.(:info, :ok_info, [:a]), spec.(:ign, :ignore, [])], strategy: :one_for_one)
IO.inspect(Supervisor.which_children(sup) |> Enum.map(fn {id, p, _, _} -> {id, is_pid(p) || p} end), label: "children")
IO.inspect(Supervisor.start_child(sup, spec.(:info2, :ok_info, [:b])) |> elem(2), label: "start_child info")
IO.inspect(Supervisor.start_child(sup, spec.(:err, :error, [])), label: "error")
IO.inspect(Supervisor.start_child(sup, spec.(:raise, :raising, [])) |> elem(0), label: "raise")
IO.inspect(Supervisor.start_child(sup, spec.(:exit, :exiting, [])), label: "exit")
IO.inspect(Supervisor.start_link([spec.(:err, :error, [])], strategy: :one_for_one), label: "start_link error")
receive do {:EXIT, _, r} -> IO.inspect(r, label: "EXIT") after 1000 -> :ok end

{:ok, sup2} = Supervisor.start_link([spec.(:flaky, :flaky, [])], strategy: :one_for_one, max_restarts: 2)
[{:flaky, pid, _, _}] = Supervisor.which_children(sup2)
Process.sleep(50)
send(pid, :crash)
receive do {:EXIT, ^sup2, r} -> IO.inspect(r, label: "sup2 EXIT") after 1000 -> IO.puts("sup2 alive") end

# expect:
#   0ms main log children: [ign: :undefined, info: true]
#   0ms main log start_child info: {:info, :b}
#   0ms main log error: {:error,\n {:no_db,\n  {:child, :undefined, :err, {Starter, :error, []}, :permanent, false, 5000,\n   :worker, [Starter]}}}
#   0ms main log raise: :error
#   0ms main log exit: {:error,\n {{:EXIT, :gone},\n  {:child, :undefined, :exit, {Starter, :exiting, []}, :permanent, false, 5000,\n   :worker, [Starter]}}}
#   0ms main log start_link error: {:error, {:shutdown, {:failed_to_start_child, :err, :no_db}}}
#   0ms main log EXIT: {:shutdown, {:failed_to_start_child, :err, :no_db}}
#   0ms main.start_link failed to start :err: :no_db
#   0ms main.start_link exit {:shutdown, {:failed_to_start_child, :err, :no_db}}
#   0ms main.sup started :info #PID<main.sup.info>
#   0ms main.sup started :info2 #PID<main.sup.info2>
#   0ms main.sup2 started :flaky #PID<main.sup2.flaky>
#   50ms main log sup2 EXIT: :shutdown
#   50ms main exit :normal
#   50ms main.sup terminating :info2 with :shutdown (shutdown: 5000)
#   50ms main.sup terminating :info with :shutdown (shutdown: 5000)
#   50ms main.sup exit :normal
#   50ms main.sup.info exit :shutdown
#   50ms main.sup.info2 exit :shutdown
#   50ms main.sup2 restarting :flaky (restart 1 in the window)
#   50ms main.sup2 failed to start :flaky: {:attempt, 1}
#   50ms main.sup2 restarting :flaky (restart 2 in the window)
#   50ms main.sup2 failed to start :flaky: {:attempt, 2}
#   50ms main.sup2 gave up on :flaky: reached_max_restart_intensity
#   50ms main.sup2 exit :shutdown
#   50ms main.sup2.flaky exit :crashed
