# §2.10 and §3.4: how a Task.async_stream is enumerated — the consumer's function runs per
# element as it is delivered, consumers that stop early halt the stream (running tasks
# killed), exceptions in the consumer or in the input close it first, the input is pulled
# lazily, Enum.zip pulls in turn and halts the others, Stream.take, and the processes of a
# Task.Supervisor stream. Times are rounded to 50 ms.
Code.require_file("h.exs")

defmodule P do
  def t0, do: Process.put(:t0, System.monotonic_time(:millisecond))
  def ms, do: div(System.monotonic_time(:millisecond) - Process.get(:t0) + 25, 50) * 50

  # A task body: tells `caller` its pid and input, sleeps `ms`, returns the input.
  def sleeper(caller) do
    fn {x, ms} ->
      send(caller, {:task, x, self()})
      Process.sleep(ms)
      x
    end
  end

  # The tasks that told `self()` they started, and whether each is still alive.
  def tasks do
    receive do
      {:task, x, pid} -> [{x, Process.alive?(pid)} | tasks()]
    after
      0 -> []
    end
  end

  # Traces the spawns of `self()` (a process does not get its own trace messages: a
  # tracer counts them); `spawned/0` says how many so far.
  def trace_spawns do
    tracer = spawn(fn -> count(0) end)
    :erlang.trace(self(), true, [:procs, {:tracer, tracer}])
    Process.put(:tracer, tracer)
  end

  def spawned do
    Process.sleep(50)
    send(Process.get(:tracer), {:count, self()})
    receive do
      {:count, n} -> n
    end
  end

  defp count(n) do
    receive do
      {:trace, _, :spawn, _, _} -> count(n + 1)
      {:count, from} -> send(from, {:count, n})
    end
  end

  # A warm-up, so that the first case does not pay for loading the modules.
  def warm_up, do: [1] |> Stream.map(& &1) |> Task.async_stream(& &1) |> Enum.zip([1]) |> Stream.take(1) |> Enum.to_list()
end

P.warm_up()

H.run("Enum.each's function runs as each element is delivered ([100, 350, 100, 100] ms, max 2)", fn ->
  P.t0()
  [a: 100, b: 350, c: 100, d: 100]
  |> Task.async_stream(P.sleeper(self()), max_concurrency: 2)
  |> Enum.map(fn {:ok, x} -> {x, P.ms()} end) end)

H.run("ordered: false: each element when its task ends ([300, 100, 200] ms)", fn ->
  P.t0()
  [a: 300, b: 100, c: 200]
  |> Task.async_stream(P.sleeper(self()), max_concurrency: 3, ordered: false)
  |> Enum.map(fn {:ok, x} -> {x, P.ms()} end) end)

H.run("Enum.find stops at the first match: running tasks dead when it returns, later inputs never start", fn ->
  P.t0()
  found =
    [a: 100, b: 300, c: 400, d: 50]
    |> Task.async_stream(P.sleeper(self()), max_concurrency: 3)
    |> Enum.find(fn {:ok, x} -> x == :a end)
  {found, P.ms(), P.tasks() |> Enum.sort(), Process.info(self(), :links)} end)

H.run("Enum.reduce_while halting: same", fn ->
  r =
    [a: 100, b: 300]
    |> Task.async_stream(P.sleeper(self()))
    |> Enum.reduce_while(0, fn {:ok, _}, n -> {:halt, n + 1} end)
  {r, P.tasks() |> Enum.sort()} end)

H.run("an exception in the consumer's function: stream closed (tasks dead, no link left) before the rescue sees it", fn ->
  try do
    [a: 100, b: 300]
    |> Task.async_stream(P.sleeper(self()))
    |> Enum.each(fn {:ok, _} -> raise "consumer failed" end)
  rescue
    e -> {e, P.tasks() |> Enum.sort(), Process.info(self(), :links)}
  end end)

H.run("the input is pulled in the caller, one element when a slot is free (Stream.map input, max 2)", fn ->
  P.t0()
  me = self()
  [a: 100, b: 200, c: 100]
  |> Stream.map(fn x -> send(me, {:pulled, elem(x, 0), P.ms(), self() == me}); x end)
  |> Task.async_stream(P.sleeper(self()), max_concurrency: 2)
  |> Stream.run()
  H.flush() |> Enum.filter(&match?({:pulled, _, _, _}, &1)) end)

H.run("an input that raises when pulled: stream closed, running task dead, exception goes on", fn ->
  try do
    [a: 300, b: 0]
    |> Stream.map(fn {:b, _} -> raise "bad input"; x -> x end)
    |> Task.async_stream(P.sleeper(self()))
    |> Stream.run()
  rescue
    e -> {e, P.tasks(), Process.info(self(), :links)}
  end end)

H.run("Enum.zip(list, stream): when the list is done the stream is halted without pulling more", fn ->
  P.t0()
  s = Task.async_stream([a: 100, b: 200, c: 300], P.sleeper(self()), max_concurrency: 3)
  z = Enum.zip([1, 2], s)
  {z, P.ms(), P.tasks() |> Enum.sort()} end)

H.run("Enum.zip(stream, list): the stream is pulled once more (its 3rd element) before the list says it is done", fn ->
  P.t0()
  s = Task.async_stream([a: 100, b: 200, c: 300], P.sleeper(self()), max_concurrency: 3)
  z = Enum.zip(s, [1, 2])
  {z, P.ms(), P.tasks() |> Enum.sort()} end)

H.run("Enum.zip([], stream): the stream is halted before its first element: its intermediate process starts and stops, no task", fn ->
  P.trace_spawns()
  s = Task.async_stream([a: 100], P.sleeper(self()))
  z = Enum.zip([], s)
  {z, P.spawned(), P.tasks(), Process.info(self(), :links)} end)

H.run("Enum.zip([], stream) with max_concurrency: 0 raises: the halt still runs Task.Supervised.stream/7", fn ->
  s = Task.async_stream([a: 100], P.sleeper(self()), max_concurrency: 0)
  try do Enum.zip([], s) rescue e -> e end end)

H.run("Stream.take(stream, 2): halted after the 2nd element, the 3rd task killed", fn ->
  P.t0()
  r =
    [a: 100, b: 100, c: 500]
    |> Task.async_stream(P.sleeper(self()), max_concurrency: 3)
    |> Stream.take(2)
    |> Enum.to_list()
  {r, P.ms(), P.tasks() |> Enum.sort()} end)

H.run("Task.Supervisor.async_stream_nolink: tasks are children of the supervisor, not linked to the intermediate", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  me = self()
  r =
    Task.Supervisor.async_stream_nolink(sup, [1, 2], fn x ->
      {:links, links} = Process.info(self(), :links)
      send(me, {:links, x, links == [sup]})
      x
    end)
    |> Enum.to_list()
  {r, H.flush()} end)

H.run("Task.Supervisor.async_stream (linked): tasks linked to the supervisor and to the intermediate", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  me = self()
  r =
    Task.Supervisor.async_stream(sup, [1], fn x ->
      {:links, links} = Process.info(self(), :links)
      send(me, {:links, x, length(links), sup in links})
      x
    end)
    |> Enum.to_list()
  {r, H.flush()} end)
