# name: GenServerStopTimeout
# description: GenServer.stop/3's timeout: a terminate/2 slower than it makes the caller exit {:timeout, {GenServer, :stop, [server, reason, timeout]}} while the server goes on terminating; the server as written (a name) and the timeout in every reason; an invalid timeout fails before anything is sent

defmodule Slow do
  use GenServer

  def init(label) do
    Process.flag(:trap_exit, true)
    {:ok, label}
  end

  def terminate(reason, label) do
    Process.sleep(300)
    IO.puts("#{label} done terminating: #{inspect(reason)}")
  end
end

{:ok, _} = GenServer.start(Slow, "named", name: :slow)
r = try do
  GenServer.stop(:slow, :normal, 100)
catch
  :exit, reason -> reason
end
IO.inspect(r, label: "stop")
IO.inspect(Process.whereis(:slow) != nil, label: "still terminating")
Process.sleep(400)
IO.inspect(Process.whereis(:slow), label: "after")

receive do
  m -> IO.inspect(m, label: "left in the mailbox")
after
  0 -> IO.puts("nothing left in the mailbox")
end

{:ok, quick} = GenServer.start(Slow, "quick")
IO.inspect(GenServer.stop(quick, :shutdown, 1000), label: "in time")
IO.inspect(try do GenServer.stop(quick, :normal, 50) catch :exit, r -> r end, label: "dead")

{:ok, other} = GenServer.start(Slow, "other")
bad = try do GenServer.stop(other, :normal, :soon) catch :exit, r -> r end
IO.inspect(elem(bad, 1), label: "bad timeout")
IO.inspect(Process.alive?(other), label: "untouched")

# A server busy in a callback when the stop times out takes the request later: its answer
# must not be left in the caller's mailbox.
defmodule Busy do
  use GenServer
  def init(x), do: {:ok, x}

  def handle_cast(:busy, s) do
    Process.sleep(200)
    {:noreply, s}
  end
end

{:ok, busy} = GenServer.start(Busy, 0)
GenServer.cast(busy, :busy)
IO.inspect(try do GenServer.stop(busy, :normal, 50) catch :exit, e -> elem(e, 0) end, label: "busy")
Process.sleep(300)
IO.inspect(Process.info(self(), :message_queue_len), label: "mailbox after busy")
IO.inspect(Process.alive?(busy), label: "busy server alive")
