# name: RegisteredName
# description: processes found by a registered name instead of a pid: Process.register, send to an atom, and a GenServer started with name:
#
# A name outlives nothing: when the process dies its name is free again, and
# Process.whereis returns nil.

defmodule Greeter do
  use GenServer

  def start_link(greeting), do: GenServer.start_link(__MODULE__, greeting, name: __MODULE__)
  def greet(name), do: GenServer.call(__MODULE__, {:greet, name})

  @impl true
  def init(greeting), do: {:ok, greeting}

  @impl true
  def handle_call({:greet, name}, _from, greeting) do
    {:reply, "#{greeting}, #{name}!", greeting}
  end
end

echo =
  spawn(fn ->
    receive do
      {:ping, from} -> send(from, :pong)
    end
  end)

Process.register(echo, :echo)
send(:echo, {:ping, self()})

receive do
  :pong -> IO.puts("pong from :echo")
end

Process.sleep(50)
IO.puts("whereis :echo after it ended: #{inspect(Process.whereis(:echo))}")

{:ok, _} = Greeter.start_link("Hello")
IO.puts(Greeter.greet("Ada"))
IO.puts("Greeter is registered: #{is_pid(Process.whereis(Greeter))}")

# expect:
#   0ms main log pong from :echo
#   0ms main.echo exit :normal
#   50ms main log whereis :echo after it ended: nil
#   50ms main log Hello, Ada!
#   50ms main log Greeter is registered: true
#   50ms main exit :normal
#   50ms main.Greeter cut off (the script ended)
