# name: StaticShutdownSequential
# description: Supervisor.stop with three trapping children (shutdown: 100) takes 300 ms: one after the other, c, b, a
#
# SEMANTICS.md §4.5, §8: a static Supervisor stops its children one at a time, in reverse
# start order, and gives each its full shutdown time before killing it and asking the next.
# (The children get 10 ms to trap exits: a :shutdown arriving before that would kill them at
# once, §5.7.)

defmodule Stubborn do
  # Traps exits and so ignores the :shutdown signal: it has to be killed.
  def start_link do
    pid =
      spawn_link(fn ->
        Process.flag(:trap_exit, true)
        Process.sleep(10_000)
      end)

    {:ok, pid}
  end

  def child_spec(id) do
    %{id: id, start: {__MODULE__, :start_link, []}, shutdown: 100}
  end
end

{:ok, sup} = Supervisor.start_link([{Stubborn, :a}, {Stubborn, :b}, {Stubborn, :c}], strategy: :one_for_one)
Process.sleep(10)
:ok = Supervisor.stop(sup)
IO.puts("stopped")

# expect:
#   0ms main.sup started :a #PID<main.sup.a>
#   0ms main.sup started :b #PID<main.sup.b>
#   0ms main.sup started :c #PID<main.sup.c>
#   10ms main.sup terminating :c with :shutdown (shutdown: 100)
#   110ms main.sup killing :c: its shutdown time is up
#   110ms main.sup shutdown error for :c: :killed
#   110ms main.sup terminating :b with :shutdown (shutdown: 100)
#   110ms main.sup.c exit :killed
#   210ms main.sup killing :b: its shutdown time is up
#   210ms main.sup shutdown error for :b: :killed
#   210ms main.sup terminating :a with :shutdown (shutdown: 100)
#   210ms main.sup.b exit :killed
#   310ms main log stopped
#   310ms main exit :normal
#   310ms main.sup killing :a: its shutdown time is up
#   310ms main.sup shutdown error for :a: :killed
#   310ms main.sup exit :normal
#   310ms main.sup.a exit :killed
