# name: ShutdownRunningTask
# description: Task.shutdown of a running task that does not trap exits returns nil, with the default :shutdown and with :brutal_kill alike
#
# SEMANTICS.md §2.7: the task dies at once (:shutdown, or :killed for :brutal_kill), and
# shutdown returns nil because there was no reply.

a = Task.async(fn -> Process.sleep(1000) end)
b = Task.async(fn -> Process.sleep(1000) end)
Process.sleep(10)
IO.inspect(Task.shutdown(a, 5000), label: "shutdown a")
IO.inspect(Task.shutdown(b, :brutal_kill), label: "shutdown b")

# expect:
#   10ms main log shutdown a: nil
#   10ms main log shutdown b: nil
#   10ms main exit :normal
#   10ms main.a exit :shutdown
#   10ms main.b exit :killed
