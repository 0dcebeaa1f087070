# name: AsyncStreamTake
# description: Enum.take stops a Task.async_stream early: the tasks still running are killed and the inputs not yet taken never start
#
# Four mirrors are tried, three at a time, and the first to answer wins
# (ordered: false + Enum.take(1)). At 100 ms eu answers: us and asia are killed, au is
# never asked.

ping = fn {mirror, ms} ->
  Process.sleep(ms)
  IO.puts("#{mirror} answered")
  mirror
end

[{:ok, fastest}] =
  [{"eu", 100}, {"us", 300}, {"asia", 400}, {"au", 50}]
  |> Task.async_stream(ping, max_concurrency: 3, ordered: false)
  |> Enum.take(1)

IO.puts("using #{fastest}")
Process.sleep(500)
IO.puts("done")

# expect:
#   100ms main log using eu
#   100ms main.async_stream exit :normal
#   100ms main.async_stream.task log eu answered
#   100ms main.async_stream.task exit :normal
#   100ms main.async_stream.task#2 exit :killed
#   100ms main.async_stream.task#3 exit :killed
#   600ms main log done
#   600ms main exit :normal
