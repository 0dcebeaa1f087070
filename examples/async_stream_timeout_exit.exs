# name: AsyncStreamTimeoutExit
# description: with the default on_timeout: :exit, a Task.async_stream task over its timeout makes the process enumerating the stream exit with {:timeout, {Task.Supervised, :stream, [timeout]}}
#
# The report builder runs in its own process, watched by main. Its second part takes
# 500 ms against a 300 ms timeout: at 300 ms the part is killed and the builder exits
# (after having handled the first part); so does the stream's intermediate process,
# which is linked to it.

build_report = fn ->
  [100, 500, 100]
  |> Task.async_stream(fn ms -> Process.sleep(ms); ms end, timeout: 300)
  |> Enum.each(fn {:ok, ms} -> IO.puts("report part done in #{ms} ms") end)

  IO.puts("report complete")
end

builder = spawn(build_report)
ref = Process.monitor(builder)

receive do
  {:DOWN, ^ref, :process, ^builder, reason} -> IO.puts("report failed: #{inspect(reason)}")
end

# expect:
#   100ms main.builder log report part done in 100 ms
#   100ms main.builder.async_stream.task exit :normal
#   200ms main.builder.async_stream.task#3 exit :normal
#   300ms main log report failed: {:timeout, {Task.Supervised, :stream, [300]}}
#   300ms main exit :normal
#   300ms main.builder exit {:timeout, {Task.Supervised, :stream, [300]}}
#   300ms main.builder.async_stream exit {:timeout, {Task.Supervised, :stream, [300]}}
#   300ms main.builder.async_stream.task#2 exit :killed
