# name: ShutdownKill
# description: Supervisor.stop: a child that traps exits and takes too long is killed when its shutdown time is up

defmodule Stubborn do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, :ok)

  def init(:ok) do
    Process.flag(:trap_exit, true)
    {:ok, :ok}
  end

  def terminate(reason, _state) do
    IO.puts("terminating with #{inspect(reason)}")
    Process.sleep(1000)
  end
end

children = [
  Supervisor.child_spec({Stubborn, []}, id: :stubborn, shutdown: 200),
  %{id: :quick, start: {Task, :start_link, [fn -> Process.sleep(:infinity) end]}}
]

{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
Process.sleep(100)
Supervisor.stop(sup)
IO.puts("stopped")
