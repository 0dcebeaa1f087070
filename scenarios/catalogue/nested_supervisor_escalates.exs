# name: NestedSupervisorEscalates
# description: a child supervisor that gives up is restarted by its parent, and counts toward the parent's intensity: the 2nd escalation stops both
#
# SEMANTICS.md §4.7: the inner supervisor allows no restarts, so its worker's crash makes
# it give up and exit :shutdown. To the outer supervisor that is the exit of a :permanent
# child: it restarts it, and the restart counts toward its own max_restarts: 1. The second
# escalation, 100 ms later, trips the outer one too.

defmodule Inner do
  use Supervisor

  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg)

  @impl true
  def init(_arg) do
    children = [
      Supervisor.child_spec(
        {Task,
         fn ->
           Process.sleep(100)
           raise "boom"
         end},
        id: :w,
        restart: :permanent
      )
    ]

    Supervisor.init(children, strategy: :one_for_one, max_restarts: 0)
  end
end

Process.flag(:trap_exit, true)

children = [Supervisor.child_spec({Inner, []}, id: :inner)]
{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one, max_restarts: 1, max_seconds: 5)

receive do
  {:EXIT, ^sup, reason} -> IO.puts("supervisor exited: #{inspect(reason)}")
end

# expect:
#   0ms main.sup started :inner #PID<main.sup.inner>
#   0ms main.sup.inner started :w #PID<main.sup.inner.w>
#   100ms main.sup restarting :inner (restart 1 in the window)
#   100ms main.sup started :inner #PID<main.sup.inner#2>
#   100ms main.sup.inner gave up on :w: reached_max_restart_intensity
#   100ms main.sup.inner exit :shutdown
#   100ms main.sup.inner#2 started :w #PID<main.sup.inner#2.w>
#   100ms main.sup.inner.w exit {%RuntimeError{message: "boom"}, []}
#   200ms main log supervisor exited: :shutdown
#   200ms main exit :normal
#   200ms main.sup gave up on :inner: reached_max_restart_intensity
#   200ms main.sup exit :shutdown
#   200ms main.sup.inner#2 gave up on :w: reached_max_restart_intensity
#   200ms main.sup.inner#2 exit :shutdown
#   200ms main.sup.inner#2.w exit {%RuntimeError{message: "boom"}, []}
