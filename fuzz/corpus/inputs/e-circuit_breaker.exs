e# name: CircuitBreaker
# description: a circuit breaker GenServer: after 2 failures it opens and fails fast; after a 250 ms cool-down it lets a trial call through (half-open) and closes again when it succeeds
#
# The backend is down until 250 ms. Calls go out every 100 ms: two fail (0, 100 ms), the
# breaker opens, the next two fail fast without touching the backend (200, 300 ms); at
# 350 ms it turns half-open and the call at 400 ms gets through.

defmodule Backend do
  def start, do: spawn(fn -> loop(:down) end)

  def ping(backend) do
    send(backend, {:ping, self()})

    receive do
      {:backend, reply} -> reply
    end
  end

  defp loop(status) do
    receive do
      :recover ->
        loop(:up)

      {:ping, from} ->
        reply = if status == :up, do: {:ok, :pong}, else: {:error, :unavailable}
        send(from, {:backend, reply})
        loop(status)
    end
  end
end

defmodule Breaker do
  use GenServer

  @threshold 2
  @cooldown 250

  def start_link(backend), do: GenServer.start_link(__MODULE__, backend, name: __MODULE__)
  def call, do: GenServer.call(__MODULE__, :call)

  @impl true
  def init(backend), do: {:ok, %{backend: backend, state: :closed, failures: 0}}

  @impl true
  def handle_call(:call, _from, %{state: :open} = s), do: {:reply, {:error, :circuit_open}, s}

  def handle_call(:call, _from, s) do
    case Backend.ping(s.backend) do
      {:ok, value} ->
        {:reply, {:ok, value}, %{s | state: :closed, failures: 0}}

      {:error, reason} when s.failures + 1 >= @threshold ->
        IO.puts("breaker: open")
        Process.send_after(self(), :half_open, @cooldown)
        {:reply, {:error, reason}, %{s | state: :open, failures: s.failures + 1}}

      {:error, reason} ->
        {:reply, {:error, reason}, %{s | failures: s.failures + 1}}
    end
  end

  @impl true
  def handle_info(:half_open, s) do
    IO.puts("breaker: half-open")
    {:noreply, %{s | state: :half_open}}
  end
end

backend = Backend.start()
{:ok, _} = Breaker.start_link(backend)

spawn(fn ->
  Process.sleep(250)
  send(backend, :recover)
end)

for at <- [0, 100, 200, 300, 400, 500] do
  IO.puts("#{at} ms: #{inspect(Breaker.call())}")
  Process.sleep(100)
end

# expect:
#   0ms main log 0 ms: {:error, :unavailable}
#   100ms main log 100 ms: {:error, :unavailable}
#   100ms main.Breaker log breaker: open
#   200ms main log 200 ms: {:error, :circuit_open}
#   250ms main.spawn exit :normal
#   300ms main log 300 ms: {:error, :circuit_open}
#   350ms main.Breaker log breaker: half-open
#   400ms main log 400 ms: {:ok, :pong}
#   500ms main log 500 ms: {:ok, :pong}
#   600ms main exit :normal
#   600ms main.Breaker cut off (the script ended)
#   600ms main.backend cut off (the script ended)
