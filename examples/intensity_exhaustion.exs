# name: IntensityExhaustion
# description: a child that keeps crashing exhausts its supervisor's restart intensity (max_restarts: 2 in 5 s): the supervisor gives up and exits :shutdown, which a trapping parent sees as an EXIT
#
# The child crashes 100 ms after each start. Restarts at 100 and 200 ms are within the
# limit; the crash at 300 ms would be a 3rd restart, so the supervisor stops instead.

defmodule Unstable do
  def start_link do
    Task.start_link(fn ->
      Process.sleep(100)
      raise "unstable"
    end)
  end

  def child_spec(_), do: %{id: __MODULE__, start: {__MODULE__, :start_link, []}}
end

Process.flag(:trap_exit, true)
{:ok, sup} = Supervisor.start_link([Unstable], strategy: :one_for_one, max_restarts: 2, max_seconds: 5)

receive do
  {:EXIT, ^sup, reason} -> IO.puts("supervisor gave up: #{inspect(reason)}")
end

# expect:
#   0ms main.sup started Unstable #PID<main.sup.Unstable>
#   100ms main.sup restarting Unstable (restart 1 in the window)
#   100ms main.sup started Unstable #PID<main.sup.Unstable#2>
#   100ms main.sup.Unstable exit {%RuntimeError{message: "unstable"}, []}
#   200ms main.sup restarting Unstable (restart 2 in the window)
#   200ms main.sup started Unstable #PID<main.sup.Unstable#3>
#   200ms main.sup.Unstable#2 exit {%RuntimeError{message: "unstable"}, []}
#   300ms main log supervisor gave up: :shutdown
#   300ms main exit :normal
#   300ms main.sup gave up on Unstable: reached_max_restart_intensity
#   300ms main.sup exit :shutdown
#   300ms main.sup.Unstable#3 exit {%RuntimeError{message: "unstable"}, []}
