# name: DynamicGivesUp
# description: a DynamicSupervisor whose permanent child keeps crashing gives up after max_restarts

defmodule Flaky do
  use GenServer

  def start_link(ms), do: GenServer.start_link(__MODULE__, ms)

  def init(ms) do
    Process.send_after(self(), :crash, ms)
    {:ok, ms}
  end

  def handle_info(:crash, ms), do: {:stop, :flaky, ms}
end

Process.flag(:trap_exit, true)
{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one, max_restarts: 1, max_seconds: 5)
{:ok, _} = DynamicSupervisor.start_child(sup, {Flaky, 100})

receive do
  {:EXIT, ^sup, reason} -> IO.inspect(reason, label: "dynamic supervisor exited")
end
