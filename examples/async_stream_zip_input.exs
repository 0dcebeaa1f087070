# name: AsyncStreamZipInput
# description: Task.async_stream with zip_input_on_exit: true says which input failed: {:exit, {input, reason}} for a crash (caller trapping exits) or a timeout (on_timeout: :kill_task)
#
# Four files are checked, two at a time, with 200 ms each. "huge.bin" takes too long,
# "missing.txt" exits with :enoent; the report names them.

Process.flag(:trap_exit, true)

check = fn
  "missing.txt" ->
    Process.sleep(50)
    exit(:enoent)

  "huge.bin" ->
    Process.sleep(1_000)
    :ok

  _file ->
    Process.sleep(100)
    :ok
end

["a.txt", "missing.txt", "huge.bin", "b.txt"]
|> Task.async_stream(check, timeout: 200, on_timeout: :kill_task, zip_input_on_exit: true)
|> Enum.each(fn
  {:ok, :ok} -> IO.puts("ok")
  {:exit, {file, reason}} -> IO.puts("#{file} failed: #{inspect(reason)}")
end)

# expect:
#   50ms main.async_stream.task#2 exit :enoent
#   100ms main log ok
#   100ms main log missing.txt failed: :enoent
#   100ms main.async_stream.task exit :normal
#   200ms main.async_stream.task#4 exit :normal
#   250ms main log huge.bin failed: :timeout
#   250ms main log ok
#   250ms main exit :normal
#   250ms main.async_stream exit :normal
#   250ms main.async_stream.task#3 exit :killed
