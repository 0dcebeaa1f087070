# name: GenServerCounter
# description: a GenServer callback module: call, cast, info, then a call that crashes it

defmodule Counter do
  use GenServer

  def start_link(n), do: GenServer.start_link(__MODULE__, n)

  def init(n), do: {:ok, n}

  def handle_call(:get, _from, n), do: {:reply, n, n}
  def handle_call(:crash, _from, _n), do: raise("counter crashed")

  def handle_cast({:add, k}, n), do: {:noreply, n + k}

  def handle_info(:tick, n) do
    IO.puts("tick at #{n}")
    {:noreply, n + 1}
  end
end

{:ok, pid} = Counter.start_link(10)
GenServer.cast(pid, {:add, 5})
send(pid, :tick)
IO.puts("count: #{GenServer.call(pid, :get)}")
Process.flag(:trap_exit, true)

try do
  GenServer.call(pid, :crash)
catch
  :exit, reason -> IO.inspect(reason, label: "call failed")
end

receive do
  {:EXIT, ^pid, reason} -> IO.inspect(reason, label: "server exited")
end
