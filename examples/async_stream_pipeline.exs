# name: AsyncStreamPipeline
# description: a Task.async_stream composed with Stream.map and Stream.reject and consumed by Enum.find: each stage runs per element as it arrives, and the search stops the stream at the first hit
#
# Four caches are asked in order, two at a time; the first one that has the key wins.
# l1 misses at 50 ms, l2 hits at 100 ms: Enum.find stops there, l3 (started at 50 ms)
# is killed and the database is never asked.

lookup = fn {cache, ms, value} ->
  Process.sleep(ms)
  {cache, value}
end

caches = [{"l1", 50, nil}, {"l2", 100, "page v2"}, {"l3", 300, "page v1"}, {"db", 400, "page v3"}]

hit =
  caches
  |> Task.async_stream(lookup, max_concurrency: 2)
  |> Stream.map(fn {:ok, {cache, value}} ->
    IO.puts("#{cache} answered")
    {cache, value}
  end)
  |> Stream.reject(fn {_cache, value} -> is_nil(value) end)
  |> Enum.find(fn {_cache, value} -> String.starts_with?(value, "page") end)

IO.puts("found #{inspect(hit)}")

# expect:
#   50ms main log l1 answered
#   50ms main.async_stream.task exit :normal
#   100ms main log l2 answered
#   100ms main log found {"l2", "page v2"}
#   100ms main exit :normal
#   100ms main.async_stream exit :normal
#   100ms main.async_stream.task#2 exit :normal
#   100ms main.async_stream.task#3 exit :killed
