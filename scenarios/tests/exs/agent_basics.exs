# name: AgentBasics
# description: Agent.start_link/get/update/get_and_update/cast/stop, a registered agent, and how a call fails: a function that raises, one too slow for the timeout, a bad get_and_update return, an agent that is gone, a bad argument

defmodule Probe do
  def exit_of(f) do
    {pid, ref} = spawn_monitor(f)
    receive do
      {:DOWN, ^ref, :process, ^pid, reason} -> reason
    end
  end
end

{:ok, counter} = Agent.start_link(fn -> 0 end)
:ok = Agent.update(counter, fn n -> n + 1 end)
:ok = Agent.cast(counter, fn n -> n * 10 end)
IO.inspect(Agent.get(counter, fn n -> n end), label: "count")
IO.inspect(Agent.get_and_update(counter, fn n -> {n, n + 5} end), label: "get_and_update")
IO.inspect(Agent.get(counter, & &1), label: "after")

{:ok, _} = Agent.start_link(fn -> %{} end, name: Cache)
Agent.update(Cache, &Map.put(&1, :a, 1))
IO.inspect(Agent.get(Cache, &Map.get(&1, :a)), label: "cache")

# Three tasks update the same agent: the agent runs their functions one at a time.
tasks = for i <- 1..3, do: Task.async(fn -> Agent.update(counter, fn n -> n + i end) end)
Enum.each(tasks, &Task.await/1)
IO.inspect(Agent.get(counter, & &1), label: "serialised")

{:ok, slow} = Agent.start(fn -> :state end)
IO.inspect(Probe.exit_of(fn -> Agent.get(slow, fn s -> Process.sleep(100); s end, 50) end) |> elem(0), label: "timeout")
IO.inspect(Process.alive?(slow), label: "slow alive")

{:ok, fragile} = Agent.start(fn -> 1 end)
IO.inspect(Probe.exit_of(fn -> Agent.update(fragile, fn _ -> raise "boom" end) end) |> elem(0), label: "raised")
IO.inspect(Process.alive?(fragile), label: "fragile alive")

{:ok, odd} = Agent.start(fn -> 1 end)
IO.inspect(Probe.exit_of(fn -> Agent.get_and_update(odd, fn s -> s end) end) |> elem(0), label: "bad return")

IO.inspect(Probe.exit_of(fn -> Agent.get(fragile, & &1) end) |> elem(0), label: "gone")
IO.inspect(Probe.exit_of(fn -> Agent.get(counter, :nofun) end), label: "not a fun")
IO.inspect(Probe.exit_of(fn -> Agent.start_link(fn x -> x end) end), label: "start arity")
IO.inspect(Agent.start(fn -> exit(:nope) end), label: "init exits")
# gen_server takes a value thrown in a callback as its return.
IO.inspect(Agent.get(counter, fn s -> throw({:reply, {:thrown, s}, s}) end), label: "thrown")
IO.inspect(Agent.stop(Cache), label: "stop")
IO.inspect(Process.whereis(Cache), label: "whereis after stop")


# Agent.Server has no clause for other requests; name: nil is no name.
{:ok, plain} = Agent.start(fn -> 0 end)
IO.inspect(Probe.exit_of(fn -> GenServer.call(plain, :other) end) |> elem(0), label: "other call")
{:ok, unnamed} = Agent.start(fn -> :u end, name: nil)
IO.inspect({is_pid(unnamed), Process.whereis(nil)}, label: "name nil")
IO.inspect(Probe.exit_of(fn -> Agent.start(fn -> 1 end, :bad) end), label: "options not a list")

# expect:
#   0ms main log count: 10
#   0ms main log get_and_update: 10
#   0ms main log after: 15
#   0ms main log cache: 1
#   0ms main log serialised: 21
#   0ms main.async exit :normal
#   0ms main.async#2 exit :normal
#   0ms main.async#3 exit :normal
#   50ms main log timeout: :timeout
#   50ms main log slow alive: true
#   50ms main log raised: {%RuntimeError{message: "boom"}, []}
#   50ms main log fragile alive: false
#   50ms main log bad return: {:bad_return_value, 1}
#   50ms main log gone: :noproc
#   50ms main log not a fun: {:function_clause, []}
#   50ms main log start arity: {:function_clause, []}
#   50ms main log init exits: {:error, :nope}
#   50ms main log thrown: {:thrown, 21}
#   50ms main log stop: :ok
#   50ms main log whereis after stop: nil
#   50ms main log other call: {:function_clause, []}
#   50ms main log name nil: {true, nil}
#   50ms main log options not a list: {:function_clause, []}
#   50ms main exit :normal
#   50ms main.Cache exit :normal
#   50ms main.counter cut off (the script ended)
#   50ms main.fragile exit {%RuntimeError{message: "boom"}, []}
#   50ms main.odd exit {:bad_return_value, 1}
#   50ms main.plain exit {:function_clause, []}
#   50ms main.slow cut off (the script ended)
#   50ms main.spawn_monitor exit {:timeout, {GenServer, :call, [#PID<main.slow>, {:get, #Opaque<Function>}, 50]}}
#   50ms main.spawn_monitor#2 exit {{%RuntimeError{message: "boom"}, []}, {GenServer, :call, [#PID<main.fragile>, {:update, #Opaque<Function>}, 5000]}}
#   50ms main.spawn_monitor#3 exit {{:bad_return_value, 1}, {GenServer, :call, [#PID<main.odd>, {:get_and_update, #Opaque<Function>}, 5000]}}
#   50ms main.spawn_monitor#4 exit {:noproc, {GenServer, :call, [#PID<main.fragile>, {:get, #Opaque<Function>}, 5000]}}
#   50ms main.spawn_monitor#5 exit {:function_clause, []}
#   50ms main.spawn_monitor#6 exit {:function_clause, []}
#   50ms main.spawn_monitor#7 exit {{:function_clause, []}, {GenServer, :call, [#PID<main.plain>, :other, 5000]}}
#   50ms main.spawn_monitor#8 exit {:function_clause, []}
#   50ms main.start exit :nope
#   50ms main.unnamed cut off (the script ended)
