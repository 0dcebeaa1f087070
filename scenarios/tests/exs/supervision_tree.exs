# name: SupervisionTree
# description: a supervisor and a worker from callback modules; the worker crashes once and is restarted
# run: until quiet

defmodule Worker do
  use GenServer

  def start_link(arg), do: GenServer.start_link(__MODULE__, arg, name: __MODULE__)

  def init(arg) do
    IO.puts("worker up with #{arg}")
    {:ok, arg}
  end

  def handle_cast(:crash, state), do: {:stop, :crashed, state}
  def handle_call(:ping, _from, state), do: {:reply, {:pong, state}, state}
end

defmodule MySup do
  use Supervisor

  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)

  def init(arg) do
    children = [{Worker, arg}]
    Supervisor.init(children, strategy: :one_for_one)
  end
end

{:ok, _sup} = MySup.start_link(:first)
IO.inspect(GenServer.call(Worker, :ping), label: "ping")
GenServer.cast(Worker, :crash)
Process.sleep(100)
IO.inspect(GenServer.call(Worker, :ping), label: "ping again")
Supervisor.stop(MySup)
