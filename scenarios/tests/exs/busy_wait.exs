# name: BusyWait
# description: a process polling its mailbox with `receive ... after 0` in a loop until another process's message comes; on the VM the poller is preempted at the end of its reductions and the sender runs, so the wait ends under every schedule

defmodule Poll do
  def until(msg, n) do
    receive do
      ^msg -> n
    after
      0 -> until(msg, n + 1)
    end
  end

  def spin(0), do: :done
  def spin(n), do: spin(n - 1)
end

parent = self()
spawn(fn -> send(parent, :go) end)
n = Poll.until(:go, 0)
IO.puts("got :go after polling #{if n >= 0, do: "some", else: "no"} times")

task = Task.async(fn -> Poll.spin(200_000) end)
spawn(fn -> send(parent, :second) end)
Poll.until(:second, 0)
IO.puts("got :second while a task computes")
IO.inspect(Task.await(task), label: "task")
