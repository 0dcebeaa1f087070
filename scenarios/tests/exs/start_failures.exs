# name: StartFailures
# description: children that cannot start: an init that stops, a start that raises; the supervisor reports and goes on

defmodule Refuser do
  use GenServer

  def start_link(why), do: GenServer.start_link(__MODULE__, why)
  def init(why), do: {:stop, why}
end

defmodule Ok do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, :ok)
  def init(:ok), do: {:ok, :ok}
end

Process.flag(:trap_exit, true)
{:ok, sup} = Supervisor.start_link([{Ok, []}], strategy: :one_for_one)
IO.inspect(Supervisor.start_child(sup, %{id: :refuser, start: {Refuser, :start_link, [:not_today]}}), label: "refuser")
IO.inspect(Supervisor.count_children(sup), label: "count")
IO.inspect(Supervisor.which_children(sup), label: "children")
