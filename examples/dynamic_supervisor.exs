# name: DynamicSupervisorSessions
# description: DynamicSupervisor.start_child with {Module, arg} starts one GenServer per session on demand; a crashed session is restarted, a stopped one is gone
#
# Session uses `use GenServer`, which gives it a child_spec/1, so `{Session, "alice"}` is
# a complete child spec: restart :permanent by default.

defmodule Session do
  use GenServer

  def start_link(user), do: GenServer.start_link(__MODULE__, user)

  @impl true
  def init(user) do
    IO.puts("session for #{user} started")
    {:ok, user}
  end

  @impl true
  def handle_call(:whoami, _from, user), do: {:reply, user, user}

  @impl true
  def handle_cast(:crash, user), do: raise("session for #{user} crashed")
end

{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
{:ok, alice} = DynamicSupervisor.start_child(sup, {Session, "alice"})
{:ok, bob} = DynamicSupervisor.start_child(sup, {Session, "bob"})
IO.puts("alice's session says #{GenServer.call(alice, :whoami)}")
IO.inspect(DynamicSupervisor.count_children(sup), label: "children")

Process.sleep(50)
GenServer.cast(alice, :crash)
Process.sleep(50)
IO.inspect(DynamicSupervisor.count_children(sup), label: "after alice's crash")

:ok = DynamicSupervisor.terminate_child(sup, bob)
IO.inspect(DynamicSupervisor.count_children(sup), label: "after bob logged out")

# expect:
#   0ms main log alice's session says alice
#   0ms main log children: %{active: 2, specs: 2, supervisors: 0, workers: 2}
#   0ms main.sup started #PID<main.sup.alice>
#   0ms main.sup started #PID<main.sup.bob>
#   0ms main.sup.alice log session for alice started
#   0ms main.sup.bob log session for bob started
#   50ms main.sup restarting #PID<main.sup.alice> (restart 1 in the window)
#   50ms main.sup started #PID<main.sup.alice#2>
#   50ms main.sup.alice exit {%RuntimeError{message: "session for alice crashed"}, []}
#   50ms main.sup.alice#2 log session for alice started
#   100ms main log after alice's crash: %{active: 2, specs: 2, supervisors: 0, workers: 2}
#   100ms main log after bob logged out: %{active: 1, specs: 1, supervisors: 0, workers: 1}
#   100ms main exit :normal
#   100ms main.sup terminating #PID<main.sup.bob> with :shutdown (shutdown: 5000)
#   100ms main.sup terminating #PID<main.sup.alice#2> with :shutdown (shutdown: 5000)
#   100ms main.sup exit :normal
#   100ms main.sup.alice#2 exit :shutdown
#   100ms main.sup.bob exit :shutdown
