# name: SupervisorOperations
# description: a reply deferred with GenServer.reply; rest_for_one restarts; terminate/restart/delete a child
# run: until quiet

defmodule Deferred do
  use GenServer

  def init(_), do: {:ok, nil}

  def handle_call(:ask, from, nil) do
    Process.send_after(self(), :answer, 100)
    {:noreply, from}
  end

  def handle_info(:answer, from) do
    GenServer.reply(from, 42)
    {:noreply, nil}
  end

  def terminate(reason, _), do: IO.puts("deferred stops: #{inspect(reason)}")
end

defmodule W do
  def start_link(id) do
    pid = spawn_link(fn -> receive do :never -> :ok end end)
    {:ok, pid}
  end
end

{:ok, d} = GenServer.start(Deferred, [], name: :deferred)
IO.inspect(GenServer.call(:deferred, :ask), label: "asked")
GenServer.stop(d, :done)

children = [
  %{id: :a, start: {W, :start_link, [:a]}},
  %{id: :b, start: {W, :start_link, [:b]}},
  %{id: :c, start: {W, :start_link, [:c]}}
]

{:ok, sup} = Supervisor.start_link(children, strategy: :rest_for_one, name: :rfo)
[{_, b, _, _}] = Enum.filter(Supervisor.which_children(:rfo), fn {id, _, _, _} -> id == :b end)
Process.exit(b, :kill)
Process.sleep(100)
IO.inspect(Supervisor.which_children(sup), label: "after b killed")
IO.inspect(Supervisor.terminate_child(sup, :c), label: "terminate c")
IO.inspect(Supervisor.restart_child(sup, :c), label: "restart c")
IO.inspect(Supervisor.terminate_child(sup, :c), label: "terminate c again")
IO.inspect(Supervisor.delete_child(sup, :c), label: "delete c")
IO.inspect(Supervisor.count_children(sup), label: "count")
Supervisor.stop(sup)
