# name: TransientChild
# description: restart: :transient restarts a child only after an abnormal exit: a job that crashes is run again, a job that finishes normally is left alone
#
# Each job is a Task under a supervisor with restart: :transient. The flaky job fails on
# its first run (it checks a counter kept by an Agent-like process) and succeeds on the
# second; the steady job succeeds at once and is never restarted.

defmodule Attempts do
  # Counts runs per job, so a restarted job knows it is not the first.
  def start, do: spawn(fn -> loop(%{}) end)

  def next(job) do
    send(:attempts, {:next, job, self()})

    receive do
      {:attempt, n} -> n
    end
  end

  defp loop(counts) do
    receive do
      {:next, job, from} ->
        n = Map.get(counts, job, 0) + 1
        send(from, {:attempt, n})
        loop(Map.put(counts, job, n))
    end
  end
end

defmodule Job do
  def run(name, fail_times) do
    n = Attempts.next(name)
    Process.sleep(100)

    if n <= fail_times do
      raise "#{name} failed on attempt #{n}"
    else
      IO.puts("#{name} finished on attempt #{n}")
    end
  end
end

Process.register(Attempts.start(), :attempts)

children = [
  Supervisor.child_spec({Task, fn -> Job.run("flaky", 1) end}, id: :flaky, restart: :transient),
  Supervisor.child_spec({Task, fn -> Job.run("steady", 0) end}, id: :steady, restart: :transient)
]

{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
Process.sleep(300)
IO.inspect(Supervisor.which_children(sup), label: "children")

# expect:
#   0ms main.sup started :flaky #PID<main.sup.flaky>
#   0ms main.sup started :steady #PID<main.sup.steady>
#   100ms main.sup restarting :flaky (restart 1 in the window)
#   100ms main.sup started :flaky #PID<main.sup.flaky#2>
#   100ms main.sup.flaky exit {%RuntimeError{message: "flaky failed on attempt 1"}, []}
#   100ms main.sup.steady log steady finished on attempt 1
#   100ms main.sup.steady exit :normal
#   200ms main.sup.flaky#2 log flaky finished on attempt 2
#   200ms main.sup.flaky#2 exit :normal
#   300ms main log children: [{:steady, :undefined, :worker, [Task]}, {:flaky, :undefined, :worker, [Task]}]
#   300ms main exit :normal
#   300ms main.spawn cut off (the script ended)
#   300ms main.sup exit :normal
