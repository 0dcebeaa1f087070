e# name: CastAndInfo
# description: GenServer.cast for fire-and-forget requests and handle_info for plain messages: a batching logger that flushes on a timer it sets with Process.send_after
#
# Casts return :ok at once, whatever the server does. The server collects lines and
# flushes them 100 ms after the first one of a batch, when its own :flush message (a plain
# message, so handle_info) arrives.

defmodule BatchLogger do
  use GenServer

  def start_link, do: GenServer.start_link(__MODULE__, [], name: __MODULE__)
  def log(line), do: GenServer.cast(__MODULE__, {:log, line})

  @impl true
  def init(lines), do: {:ok, lines}

  @impl true
  def handle_cast({:log, line}, []) do
    Process.send_after(self(), :flush, 100)
    {:noreply, [line]}
  end

  def handle_cast({:log, line}, lines), do: {:noreply, [line | lines]}

  @impl true
  def handle_info(:flush, lines) do
    IO.puts("flush: #{Enum.join(Enum.reverse(lines), ", ")}")
    {:noreply, []}
  end

  def handle_info(other, lines) do
    IO.puts("ignoring #{inspect(other)}")
    {:noreply, lines}
  end
end

{:ok, logger} = BatchLogger.start_link()
IO.inspect(BatchLogger.log("one"), label: "cast returns")
BatchLogger.log("two")
send(logger, :hello)
Process.sleep(50)
BatchLogger.log("three")
Process.sleep(150)
BatchLogger.log("four")
Process.sleep(150)

# expect:
#   0ms main log cast returns: :ok
#   0ms main.logger log ignoring :hello
#   100ms main.logger log flush: one, two, three
#   300ms main.logger log flush: four
#   350ms main exit :normal
#   350ms main.logger cut off (the script ended)
