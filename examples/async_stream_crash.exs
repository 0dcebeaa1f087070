# name: AsyncStreamCrash
# description: a Task.async_stream task raises: a caller that traps exits gets {:exit, reason} for that element and goes on; one that does not dies with the task's reason
#
# Both callers parse the same three lines; "oops" raises after 150 ms. The tasks are
# linked to the stream's intermediate process, which traps exits only if its caller does.

parse = fn
  {"oops", ms} ->
    Process.sleep(ms)
    raise ArgumentError, "cannot parse oops"

  {text, ms} ->
    Process.sleep(ms)
    String.to_integer(text)
end

lines = [{"1", 50}, {"oops", 150}, {"3", 50}]

careful =
  spawn(fn ->
    Process.flag(:trap_exit, true)

    lines
    |> Task.async_stream(parse)
    |> Enum.each(fn
      {:ok, n} -> IO.puts("careful got #{n}")
      {:exit, {%ArgumentError{message: message}, _stacktrace}} -> IO.puts("careful skipped: #{message}")
    end)
  end)

careless =
  spawn(fn ->
    lines
    |> Task.async_stream(parse)
    |> Enum.each(fn {:ok, n} -> IO.puts("careless got #{n}") end)
  end)

refs = Enum.map([careful, careless], &Process.monitor/1)

for ref <- refs do
  receive do
    {:DOWN, ^ref, :process, _pid, reason} -> IO.puts("caller down: #{inspect(reason)}")
  end
end

# expect:
#   50ms main.careful log careful got 1
#   50ms main.careful.async_stream.task exit :normal
#   50ms main.careless log careless got 1
#   50ms main.careless.async_stream.task exit :normal
#   100ms main.careful.async_stream.task#3 exit :normal
#   100ms main.careless.async_stream.task#3 exit :normal
#   150ms main log caller down: :normal
#   150ms main log caller down: {%ArgumentError{message: "cannot parse oops"}, []}
#   150ms main exit :normal
#   150ms main.careful log careful skipped: cannot parse oops
#   150ms main.careful log careful got 3
#   150ms main.careful exit :normal
#   150ms main.careful.async_stream exit :normal
#   150ms main.careful.async_stream.task#2 exit {%ArgumentError{message: "cannot parse oops"}, []}
#   150ms main.careless exit {%ArgumentError{message: "cannot parse oops"}, []}
#   150ms main.careless.async_stream exit {%ArgumentError{message: "cannot parse oops"}, []}
#   150ms main.careless.async_stream.task#2 exit {%ArgumentError{message: "cannot parse oops"}, []}
