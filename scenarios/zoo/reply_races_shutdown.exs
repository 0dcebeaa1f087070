# name: ZooReplyRacesShutdown
# description: Task.shutdown at the moment the task replies: the result is sometimes lost
#
# The caller waits exactly as long as the task works, then shuts it down expecting the
# result to be in. When the shutdown wins the race, Task.shutdown returns nil.

t =
  Task.async(fn ->
    Process.sleep(50)
    :result
  end)

Process.sleep(50)

case Task.shutdown(t) do
  {:ok, r} -> IO.puts("got #{r}")
  nil -> IO.puts("lost the result")
end

# expect one of:
#   50ms main log got result
#   50ms main exit :normal
#   50ms main.t exit :normal
#   --
#   50ms main log got result
#   50ms main exit :normal
#   50ms main.t exit :shutdown
