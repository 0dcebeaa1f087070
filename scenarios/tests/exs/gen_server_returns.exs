# name: GenServerReturns
# description: the optional last element of a GenServer callback's return (a timeout that ends in handle_info(:timeout), :hibernate, {:continue, x} that runs handle_continue before the next message), a value thrown from a callback taken as its return, and the default callbacks' errors naming a registered server

defmodule Loader do
  use GenServer

  def init(source), do: {:ok, {:loading, source}, {:continue, :load}}

  def handle_continue(:load, {:loading, source}) do
    IO.puts("loading #{source}")
    {:noreply, {:ready, source}}
  end

  def handle_continue(:again, state), do: {:noreply, state, 150}

  def handle_call(:get, _from, state), do: {:reply, state, state, :hibernate}
  def handle_call(:idle, _from, state), do: {:reply, :ok, state, 100}
  def handle_call(:check, _from, {:ready, _} = state), do: throw({:reply, :early, state})
  def handle_call(:check, _from, state), do: {:reply, :late, state}

  def handle_cast(:reload, state), do: {:noreply, state, {:continue, :again}}
  def handle_cast({:set, v}, _state), do: throw({:noreply, v})

  def handle_info(:timeout, state) do
    IO.puts("idle timeout with #{inspect(state)}")
    {:noreply, state}
  end
end

defmodule Waiter do
  use GenServer
  def init(n), do: {:ok, n, 200}

  def handle_info(:timeout, n) do
    IO.puts("no message in 200 ms")
    {:noreply, n + 1}
  end

  def handle_call(:get, _from, n), do: {:reply, n, n}
end

defmodule Thrower do
  use GenServer
  def init(x), do: throw({:ok, {:thrown, x}})
  def handle_call(:get, _from, s), do: {:reply, s, s}
end

{:ok, loader} = GenServer.start_link(Loader, "db")
IO.inspect(GenServer.call(loader, :get), label: "after continue")
IO.inspect(GenServer.call(loader, :check), label: "thrown reply")
IO.inspect(GenServer.call(loader, :idle), label: "idle")
Process.sleep(300)
GenServer.cast(loader, :reload)
Process.sleep(300)
GenServer.cast(loader, {:set, :replaced})
IO.inspect(GenServer.call(loader, :get), label: "thrown noreply")

{:ok, waiter} = GenServer.start_link(Waiter, 0)
Process.sleep(100)
IO.inspect(GenServer.call(waiter, :get), label: "before the timeout")
Process.sleep(400)
IO.inspect(GenServer.call(waiter, :get), label: "a call cancelled it")

{:ok, thrower} = GenServer.start_link(Thrower, :x)
IO.inspect(GenServer.call(thrower, :get), label: "thrown init")

# `use GenServer`'s default handle_call/handle_cast name a registered server by its name.
defmodule Bare do
  use GenServer
  def init(_), do: {:ok, nil}
end

{:ok, _} = GenServer.start(Bare, nil, name: :bare)

try do
  GenServer.call(:bare, :hello)
catch
  :exit, {{%RuntimeError{message: m}, _}, _} -> IO.puts(m)
end

{:ok, bare} = GenServer.start(Bare, nil, name: Bare)
ref = Process.monitor(bare)
GenServer.cast(Bare, :hello)

receive do
  {:DOWN, ^ref, _, _, {%RuntimeError{message: m}, _}} -> IO.puts(m)
end
