# name: CallTimeout
# description: GenServer.call with a timeout shorter than the server takes; the late reply never arrives

defmodule Slow do
  use GenServer

  def init(:ok), do: {:ok, 0}

  def handle_call(:work, _from, n) do
    Process.sleep(300)
    {:reply, :done, n + 1}
  end

  def handle_call(:count, _from, n), do: {:reply, n, n}
end

{:ok, srv} = GenServer.start_link(Slow, :ok)

answer =
  try do
    GenServer.call(srv, :work, 100)
  catch
    :exit, {:timeout, {GenServer, :call, [_, :work, 100]}} -> :timed_out
  end

IO.inspect(answer, label: "answer")
IO.inspect(GenServer.call(srv, :count), label: "count")

receive do
  msg -> IO.inspect(msg, label: "late")
after
  500 -> IO.puts("no late reply")
end
