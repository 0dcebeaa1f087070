e# name: AsyncStream
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

# (What the real VM prints. The simulator does not run Task.async_stream yet.)
# expect in order:
#   100ms main log result a (100 ms)
#   350ms main log result b (350 ms)
#   350ms main log result c (100 ms)
#   350ms main log result d (100 ms)
#   350ms main exit :normal
