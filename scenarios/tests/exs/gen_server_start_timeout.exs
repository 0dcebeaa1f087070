# name: GenServerStartTimeout
# description: the timeout: start option of GenServer.start_link / GenServer.start: an init slower than it gives {:error, :timeout}, the server is killed before it acknowledges, and the starter, unlinked first, gets no EXIT (trapping or not)

defmodule SlowInit do
  use GenServer

  def init(ms) do
    Process.sleep(ms)
    IO.puts("init done after #{ms} ms")
    {:ok, ms}
  end
end

IO.inspect(GenServer.start_link(SlowInit, 500, timeout: 100), label: "not trapping")
IO.inspect(GenServer.start(SlowInit, 500, timeout: 100, name: :slow), label: "unlinked")
Process.sleep(10)
IO.inspect(Process.whereis(:slow), label: "no :slow")
{:ok, pid} = GenServer.start_link(SlowInit, 50, timeout: 200)
IO.inspect(is_pid(pid), label: "in time")

Process.flag(:trap_exit, true)
IO.inspect(GenServer.start_link(SlowInit, 500, timeout: 100), label: "trapping")
Process.sleep(600)

receive do
  m -> IO.inspect(m, label: "left in the mailbox")
after
  0 -> IO.puts("nothing left in the mailbox")
end
