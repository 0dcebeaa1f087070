# name: DynamicSupervisorChildren
# description: DynamicSupervisor.start_child twice; a temporary child crashes and is not restarted

defmodule Job do
  use GenServer, restart: :temporary

  def start_link(n), do: GenServer.start_link(__MODULE__, n)

  def init(n) do
    Process.send_after(self(), :work, n * 100)
    {:ok, n}
  end

  def handle_info(:work, 2), do: raise("job 2 failed")

  def handle_info(:work, n) do
    IO.puts("job #{n} done")
    {:noreply, n}
  end
end

{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
{:ok, j1} = DynamicSupervisor.start_child(sup, {Job, 1})
{:ok, _j2} = DynamicSupervisor.start_child(sup, {Job, 2})
Process.sleep(300)
IO.inspect(DynamicSupervisor.count_children(sup), label: "children")
IO.inspect(Process.alive?(j1), label: "job 1 alive")
