# name: AsyncStream
# description: Task.async_stream runs a function over a list with bounded concurrency (max_concurrency: 2) and yields the results in input order
#
# Four downloads of 100, 350, 100 and 100 ms, two at a time: the 3rd starts when the 1st
# finishes (100 ms), the 4th when the 3rd does (200 ms); the slow 2nd one ends at 350 ms,
# and the results of c and d, though ready, wait for it.

download = fn {name, ms} ->
  Process.sleep(ms)
  IO.puts("downloaded #{name}")
  {name, ms}
end

[{"a", 100}, {"b", 350}, {"c", 100}, {"d", 100}]
|> Task.async_stream(download, max_concurrency: 2)
|> Enum.each(fn {:ok, {name, ms}} -> IO.puts("result #{name} (#{ms} ms)") end)

# expect:
#   100ms main log result a (100 ms)
#   100ms main.async_stream.task log downloaded a
#   100ms main.async_stream.task exit :normal
#   200ms main.async_stream.task#3 log downloaded c
#   200ms main.async_stream.task#3 exit :normal
#   300ms main.async_stream.task#4 log downloaded d
#   300ms main.async_stream.task#4 exit :normal
#   350ms main log result b (350 ms)
#   350ms main log result c (100 ms)
#   350ms main log result d (100 ms)
#   350ms main exit :normal
#   350ms main.async_stream exit :normal
#   350ms main.async_stream.task#2 log downloaded b
#   350ms main.async_stream.task#2 exit :normal
