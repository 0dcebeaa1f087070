# name: TaskCompleted
# description: Task.completed/1 makes a task with no process (pid: nil, mfa: {Task, :completed, 1}) whose reply is already in the caller's mailbox — await, yield, await_many and yield_many take it like any reply; once taken, yield finds nothing
#
# A cache lookup returns a task either way: a hit is answered at once with
# Task.completed/1, a miss starts a real task, and the caller awaits both alike.

defmodule Lookup do
  def fetch(cache, key) do
    case Map.fetch(cache, key) do
      {:ok, v} -> Task.completed(v)
      :error -> Task.async(fn -> Process.sleep(100); "loaded #{key}" end)
    end
  end
end

cache = %{a: "cached a"}
hit = Lookup.fetch(cache, :a)
IO.inspect({hit.pid, hit.mfa, hit.owner == self()}, label: "hit")
IO.inspect(Task.await(hit), label: "await")
IO.inspect(Task.yield(hit, 0), label: "yield after await")

IO.inspect(Task.yield(Lookup.fetch(cache, :a), 0), label: "yield")
IO.inspect(Task.await_many([Lookup.fetch(cache, :a), Lookup.fetch(cache, :b)]), label: "await_many")

[{_, r1}, {_, r2}] = Task.yield_many([Task.completed(1), Task.completed(2)], 0)
IO.inspect([r1, r2], label: "yield_many")

# expect:
#   0ms main log hit: {nil, {Task, :completed, 1}, true}
#   0ms main log await: "cached a"
#   0ms main log yield after await: nil
#   0ms main log yield: {:ok, "cached a"}
#   100ms main log await_many: ["cached a", "loaded b"]
#   100ms main log yield_many: [ok: 1, ok: 2]
#   100ms main exit :normal
#   100ms main.async exit :normal
