# name: AwaitTimeoutCatch
# description: try/catch :exit around a Task.await that times out; the task is still linked

Process.flag(:trap_exit, true)
task = Task.async(fn -> Process.sleep(500); :late end)

result =
  try do
    Task.await(task, 100)
  catch
    :exit, {:timeout, _} = reason -> {:gave_up, reason}
  end

IO.inspect(result, label: "result")

receive do
  msg -> IO.inspect(msg, label: "then")
after
  1000 -> IO.puts("nothing")
end
