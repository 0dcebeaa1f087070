# name: AsyncStreamKillTask
# description: Task.async_stream with timeout: and on_timeout: :kill_task: a task over its time is killed, its element is {:exit, :timeout}, and the stream goes on
#
# Each page gets 250 ms, counted from its own start. The slow page is killed at 250 ms;
# the third page, which waited for a free slot (max_concurrency: 2), starts at 100 ms
# and has its own 250 ms.

fetch = fn {page, ms} ->
  Process.sleep(ms)
  "#{page}: #{ms} ms"
end

[{"home", 100}, {"search", 1000}, {"about", 200}]
|> Task.async_stream(fetch, max_concurrency: 2, timeout: 250, on_timeout: :kill_task)
|> Enum.each(fn
  {:ok, text} -> IO.puts("fetched #{text}")
  {:exit, :timeout} -> IO.puts("gave up on a page")
end)

# expect:
#   100ms main log fetched home: 100 ms
#   100ms main.async_stream.task exit :normal
#   250ms main log gave up on a page
#   250ms main.async_stream.task#2 exit :killed
#   300ms main log fetched about: 200 ms
#   300ms main exit :normal
#   300ms main.async_stream exit :normal
#   300ms main.async_stream.task#3 exit :normal
