# name: GenServerStartParent
# description: a GenServer started with GenServer.start (no link) has no parent but itself: a trapped EXIT from its starter, :normal or linked later, is an ordinary message to handle_info, where one from start_link's caller would end it

defmodule Keeper do
  use GenServer

  def init(label) do
    Process.flag(:trap_exit, true)
    {:ok, label}
  end

  def handle_info({:EXIT, _from, reason}, label) do
    IO.puts("#{label} got EXIT #{inspect(reason)}")
    {:noreply, label}
  end

  def terminate(reason, label), do: IO.puts("#{label} terminates: #{inspect(reason)}")
end

{:ok, unlinked} = GenServer.start(Keeper, "unlinked")
Process.exit(unlinked, :normal)
Process.sleep(100)
IO.inspect(Process.alive?(unlinked), label: "unlinked alive")

spawn(fn ->
  {:ok, p} = GenServer.start(Keeper, "linked later", name: :later)
  Process.link(p)
  Process.sleep(100)
  exit(:starter_quit)
end)

Process.sleep(300)
IO.inspect(Process.whereis(:later) != nil, label: "linked later alive")

spawn(fn ->
  {:ok, _} = GenServer.start_link(Keeper, "start_link", name: :child)
  Process.sleep(100)
  exit(:parent_quit)
end)

Process.sleep(300)
IO.inspect(Process.whereis(:child), label: "start_link child")
