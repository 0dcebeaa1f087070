# name: TaskIgnore
# description: Task.ignore lets an async task run to the end without the caller waiting for it: no reply, no link, no DOWN, and its crash no longer reaches the caller
#
# Two tasks are started for a fire-and-forget audit write; the caller decides it does not
# need their results. The failing one crashes at 100 ms without taking the caller down,
# because ignore removed the link.

audit =
  Task.async(fn ->
    Process.sleep(50)
    IO.puts("audit record written")
    :written
  end)

failing =
  Task.async(fn ->
    Process.sleep(100)
    raise "audit backend down"
  end)

IO.inspect(Task.ignore(audit), label: "ignore audit")
IO.inspect(Task.ignore(failing), label: "ignore failing")
IO.puts("caller carries on")
Process.sleep(200)

receive do
  message -> IO.puts("unexpected: #{inspect(message)}")
after
  0 -> IO.puts("nothing arrived from either task")
end

# expect:
#   0ms main log ignore audit: nil
#   0ms main log ignore failing: nil
#   0ms main log caller carries on
#   50ms main.audit log audit record written
#   50ms main.audit exit :normal
#   100ms main.failing exit {%RuntimeError{message: "audit backend down"}, []}
#   200ms main log nothing arrived from either task
#   200ms main exit :normal
