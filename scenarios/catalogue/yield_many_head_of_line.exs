# name: YieldManyHeadOfLine
# description: Elixir 1.14's Task.yield_many blocks on the first task: the fast task's reply (t=10) is collected only at the timeout (t=100)
#
# SEMANTICS.md §2.5: 1.14 walks the tasks in order, waiting for the slow first one until
# the overall timer fires; only then does it collect the second task's reply, which has
# been waiting since 10 ms. (1.15 removed the head-of-line blocking; nothing printed here
# depends on it, but the time the line appears does.)

slow =
  Task.async(fn ->
    Process.sleep(300)
    :slow
  end)

fast =
  Task.async(fn ->
    Process.sleep(10)
    :fast
  end)

IO.inspect(Task.yield_many([slow, fast], 100) |> Enum.map(fn {_task, result} -> result end))

# expect:
#   10ms main.fast exit :normal
#   100ms main log [nil, {:ok, :fast}]
#   100ms main exit :normal
#   100ms main.slow cut off (the script ended)
