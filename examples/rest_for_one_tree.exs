# name: RestForOneTree
# description: a :rest_for_one pipeline of workers: a crash restarts the crashed child and those started after it, never the ones before
#
# The children are started in order Config, Queue, Worker: the Worker depends on the
# Queue, the Queue on nothing but Config. A Queue crash restarts Queue and Worker; Config
# keeps its pid.

defmodule Step do
  # One GenServer module, three children: the id is the name.
  use GenServer

  def start_link(name), do: GenServer.start_link(__MODULE__, name, name: name)

  def child_spec(name), do: %{id: name, start: {__MODULE__, :start_link, [name]}}

  @impl true
  def init(name) do
    IO.puts("#{inspect(name)} started")
    {:ok, name}
  end
end

children = [{Step, Config}, {Step, Queue}, {Step, Worker}]
{:ok, _sup} = Supervisor.start_link(children, strategy: :rest_for_one)
config = Process.whereis(Config)

Process.sleep(100)
IO.puts("crashing Queue")
Process.exit(Process.whereis(Queue), :boom)
Process.sleep(100)

IO.puts("Config kept its pid: #{Process.whereis(Config) == config}")

# expect:
#   0ms main.sup started Config #PID<main.sup.Config>
#   0ms main.sup started Queue #PID<main.sup.Queue>
#   0ms main.sup started Worker #PID<main.sup.Worker>
#   0ms main.sup.Config log Config started
#   0ms main.sup.Queue log Queue started
#   0ms main.sup.Worker log Worker started
#   100ms main log crashing Queue
#   100ms main.sup restarting Queue (restart 1 in the window)
#   100ms main.sup terminating Worker with :shutdown (shutdown: 5000)
#   100ms main.sup started Queue #PID<main.sup.Queue#2>
#   100ms main.sup started Worker #PID<main.sup.Worker#2>
#   100ms main.sup.Queue exit :boom
#   100ms main.sup.Queue#2 log Queue started
#   100ms main.sup.Worker exit :shutdown
#   100ms main.sup.Worker#2 log Worker started
#   200ms main log Config kept its pid: true
#   200ms main exit :normal
#   200ms main.sup terminating Worker with :shutdown (shutdown: 5000)
#   200ms main.sup terminating Queue with :shutdown (shutdown: 5000)
#   200ms main.sup terminating Config with :shutdown (shutdown: 5000)
#   200ms main.sup exit :normal
#   200ms main.sup.Config exit :shutdown
#   200ms main.sup.Queue#2 exit :shutdown
#   200ms main.sup.Worker#2 exit :shutdown
