# name: TaskCallersLinks
# description: a task finds who started it in :"$callers" (and :"$ancestors"), the starter in front of its own; Process.info(pid, :links) of another process lists its links, and is nil once it is dead
#
# A request handler starts a task that starts another: each can tell, from its process
# dictionary, the chain of processes it works for (what Logger metadata and test
# sandboxes use). A plain spawn has no such entries.

defmodule Lineage do
  def show(label) do
    IO.puts("#{label} callers: #{inspect(Process.get(:"$callers"))}")
    IO.puts("#{label} ancestors: #{inspect(Process.get(:"$ancestors"))}")
  end
end

outer =
  Task.async(fn ->
    Lineage.show("outer")
    inner = Task.async(fn -> Lineage.show("inner") end)
    Task.await(inner)
  end)

Task.await(outer)

{:ok, _} = Task.start(fn -> Lineage.show("started") end)
Process.sleep(50)
spawn(fn -> Lineage.show("spawned") end)
Process.sleep(50)

holder = spawn(fn -> receive do :stop -> :ok end end)
linked = spawn_link(fn -> Process.link(holder); receive do :stop -> :ok end end)
Process.sleep(50)
IO.inspect(Process.info(holder, :links), label: "holder links")
send(holder, :stop)
Process.sleep(50)
IO.inspect(Process.info(holder, :links), label: "holder links after")
send(linked, :stop)

# expect:
#   0ms main.outer log outer callers: [#PID<main>]
#   0ms main.outer log outer ancestors: [#PID<main>]
#   0ms main.outer exit :normal
#   0ms main.outer.inner log inner callers: [#PID<main.outer>, #PID<main>]
#   0ms main.outer.inner log inner ancestors: [#PID<main.outer>, #PID<main>]
#   0ms main.outer.inner exit :normal
#   0ms main.start log started callers: [#PID<main>]
#   0ms main.start log started ancestors: [#PID<main>]
#   0ms main.start exit :normal
#   50ms main.spawn log spawned callers: nil
#   50ms main.spawn log spawned ancestors: nil
#   50ms main.spawn exit :normal
#   150ms main log holder links: {:links, [#PID<main.linked>]}
#   150ms main.holder exit :normal
#   200ms main log holder links after: nil
#   200ms main exit :normal
#   200ms main.linked exit :normal
