# name: RateLimiter
# description: a token-bucket rate limiter GenServer: 2 requests per window, the bucket refilled by a Process.send_after timer every 300 ms
#
# A client makes a request every 100 ms, starting at 50 ms. The first two in each 300 ms
# window are allowed and the third is refused, until the :refill message arrives.

defmodule RateLimiter do
  use GenServer

  @capacity 2
  @window 300

  def start_link, do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def request, do: GenServer.call(__MODULE__, :request)

  @impl true
  def init(nil) do
    schedule_refill()
    {:ok, @capacity}
  end

  @impl true
  def handle_call(:request, _from, 0), do: {:reply, :rate_limited, 0}
  def handle_call(:request, _from, tokens), do: {:reply, :ok, tokens - 1}

  @impl true
  def handle_info(:refill, _tokens) do
    IO.puts("refill")
    schedule_refill()
    {:noreply, @capacity}
  end

  defp schedule_refill, do: Process.send_after(self(), :refill, @window)
end

defmodule Client do
  # Requests at 50, 150, 250, ... ms: never at the same moment as a refill.
  def run(count, delay \\ 50)
  def run(0, _delay), do: :done

  def run(count, delay) do
    Process.sleep(delay)
    IO.puts("request: #{RateLimiter.request()}")
    run(count - 1, 100)
  end
end

{:ok, _} = RateLimiter.start_link()
Client.run(7)

# expect:
#   50ms main log request: ok
#   150ms main log request: ok
#   250ms main log request: rate_limited
#   300ms main.RateLimiter log refill
#   350ms main log request: ok
#   450ms main log request: ok
#   550ms main log request: rate_limited
#   600ms main.RateLimiter log refill
#   650ms main log request: ok
#   650ms main exit :normal
#   650ms main.RateLimiter cut off (the script ended)
