# name: IgnoreKeepsRunning
# description: Task.ignore returns nil; the task runs on unlinked, its reply is dropped, and no EXIT or DOWN reaches the owner
#
# SEMANTICS.md §2.8. The owner traps exits, so an EXIT message would show up if the link
# were still there.

Process.flag(:trap_exit, true)

t =
  Task.async(fn ->
    Process.sleep(100)
    IO.puts("task still ran")
    :ignored
  end)

IO.inspect(Task.ignore(t), label: "Task.ignore")
Process.sleep(200)

receive do
  message -> IO.puts("got #{inspect(message)}")
after
  0 -> IO.puts("mailbox empty")
end

# expect:
#   0ms main log Task.ignore: nil
#   100ms main.t log task still ran
#   100ms main.t exit :normal
#   200ms main log mailbox empty
#   200ms main exit :normal
