# name: GenServerCallTimeout
# description: GenServer.call timing out exits with {:timeout, {GenServer, :call, [srv, :slow, 100]}}; caught, the server runs on and its late reply is dropped
#
# SEMANTICS.md §8: the exit reason is not :timeout. The server replies at 1000 ms to the
# call's alias, which was deactivated at the timeout (OTP 25), so the reply never reaches
# the caller's mailbox.

defmodule SlowServer do
  use GenServer

  @impl true
  def init(state), do: {:ok, state}

  @impl true
  def handle_call(:slow, _from, state) do
    Process.sleep(1000)
    {:reply, :done, state}
  end
end

{:ok, srv} = GenServer.start_link(SlowServer, nil)

try do
  GenServer.call(srv, :slow, 100)
catch
  :exit, reason -> IO.puts("call exited: #{inspect(reason)}")
end

receive do
  message -> IO.puts("late reply: #{inspect(message)}")
after
  1500 -> IO.puts("no late reply")
end

# expect:
#   100ms main catch_exit {:timeout, {GenServer, :call, [#PID<main.srv>, :slow, 100]}}
#   100ms main log call exited: {:timeout, {GenServer, :call, [#PID<main.srv>, :slow, 100]}}
#   1600ms main log no late reply
#   1600ms main exit :normal
#   1600ms main.srv cut off (the script ended)
