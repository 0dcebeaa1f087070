# name: StartsAndStops
# description: init returning :ignore or {:stop, _}; a call to nobody; max_children; a brutal shutdown; a task that exits; nested supervisors

defmodule Ig do
  use GenServer
  def init(:ignore), do: :ignore
  def init(:stop), do: {:stop, :no_way}
  def init(x), do: {:ok, x}
end

IO.inspect(GenServer.start(Ig, :ignore), label: "ignore")
IO.inspect(GenServer.start(Ig, :stop), label: "stop")
Process.flag(:trap_exit, true)
IO.inspect(GenServer.start_link(Ig, :stop), label: "stop linked")
receive do
  m -> IO.inspect(m, label: "after stop linked")
after
  50 -> IO.puts("no exit message")
end

try do
  GenServer.call(:nobody, :hi)
catch
  :exit, r -> IO.inspect(r, label: "call nobody")
end

{:ok, ts} = Task.Supervisor.start_link(max_children: 1)
t1 = Task.Supervisor.async_nolink(ts, fn -> Process.sleep(300) end)
IO.inspect(Task.Supervisor.start_child(ts, fn -> :ok end), label: "second child")
IO.inspect(Task.shutdown(t1, :brutal_kill), label: "brutal")

t2 = Task.async(fn -> Process.sleep(100); exit(:task_quit) end)
IO.inspect(Task.yield(t2, 500), label: "yield exit")

{:ok, outer} = Supervisor.start_link([
  %{id: :inner, start: {Supervisor, :start_link, [[%{id: :leaf, start: {Task, :start_link, [fn -> Process.sleep(:infinity) end]}}], [strategy: :one_for_all]]}, type: :supervisor}
], strategy: :one_for_one)
IO.inspect(Supervisor.which_children(outer), label: "outer children")
Supervisor.stop(outer)
