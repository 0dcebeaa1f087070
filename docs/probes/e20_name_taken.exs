defmodule S do
  use GenServer
  def init(x) do
    IO.puts("init #{x}")
    {:ok, x}
  end
end
{:ok, a} = GenServer.start_link(S, 1, name: :beta)
r = GenServer.start_link(S, 2, name: :beta)
IO.inspect(r == {:error, {:already_started, a}}, label: "already_started")
Process.register(self(), :taken)
r2 = Supervisor.start_link([], strategy: :one_for_one, name: :taken)
IO.inspect(r2, label: "sup")
r3 = Task.Supervisor.start_link(name: :beta)
IO.inspect(r3 == {:error, {:already_started, a}}, label: "tsup")
{:ok, d} = DynamicSupervisor.start_link(strategy: :one_for_one, name: :dyn)
IO.inspect(DynamicSupervisor.start_link(strategy: :one_for_one, name: :dyn) == {:error, {:already_started, d}}, label: "dyn")
