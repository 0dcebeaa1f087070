# name: TaskSupervisorRestart
# description: a transient Task.Supervisor child crashes once and is restarted; the second run ends normally

defmodule Tally do
  def loop(n) do
    receive do
      {:next, from} ->
        send(from, {:count, n})
        loop(n + 1)
    end
  end
end

tally = spawn(fn -> Tally.loop(1) end)
Process.register(tally, :tally)
{:ok, sup} = Task.Supervisor.start_link()

{:ok, worker} =
  Task.Supervisor.start_child(
    sup,
    fn ->
      send(:tally, {:next, self()})

      receive do
        {:count, 1} -> raise "first run fails"
        {:count, n} -> IO.puts("run #{n} ok")
      end
    end,
    restart: :transient
  )

IO.inspect(worker, label: "started")
Process.sleep(200)
IO.inspect(Task.Supervisor.children(sup), label: "children left")
