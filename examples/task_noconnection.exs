# name: TaskNoconnection
# description: a DOWN with reason :noconnection (a lost node) makes Task.await exit with {{:nodedown, node}, {Task, :await, [task, timeout]}}, and yield, which returns {:exit, reason} for any other DOWN, exits the same way, as do await_many, yield_many and ignore
#
# A single node never loses a connection, so the program forges the DOWN it would get:
# the Task functions look only at the mailbox. The node is node(pid) for a pid and the
# node named in {name, node}.

defmodule Remote do
  def job, do: Task.async(fn -> Process.sleep(500); :done end)

  def lose_node(task, who), do: send(self(), {:DOWN, task.ref, :process, who, :noconnection})

  def show({{:nodedown, node}, {Task, fun, _args}}), do: "#{fun} exited: node #{node} down"
end

t1 = Remote.job()
Remote.lose_node(t1, t1.pid)

try do
  Task.await(t1)
catch
  :exit, reason -> IO.puts(Remote.show(reason))
end

t2 = Remote.job()
Remote.lose_node(t2, {:worker, :remote@host})

try do
  Task.yield(t2, 100)
catch
  :exit, reason -> IO.puts(Remote.show(reason))
end

t3 = Remote.job()
send(self(), {:DOWN, t3.ref, :process, t3.pid, :other})
IO.inspect(Task.yield(t3, 100), label: "other reason")

t4 = Remote.job()
t5 = Remote.job()
Remote.lose_node(t5, t5.pid)

try do
  Task.await_many([t4, t5], 1000)
catch
  :exit, reason -> IO.puts(Remote.show(reason))
end

# await_many demonitored t4, but yield_many too acts on the mailbox alone.
Remote.lose_node(t4, {:worker, :remote@host})

try do
  Task.yield_many([t4, t5], 100)
catch
  :exit, reason -> IO.puts(Remote.show(reason))
end

t6 = Remote.job()
Remote.lose_node(t6, t6.pid)

try do
  Task.ignore(t6)
catch
  :exit, reason -> IO.puts(Remote.show(reason))
end

# expect:
#   0ms main catch_exit {{:nodedown, :nonode@nohost}, {Task, :await, [%Task{mfa: {:erlang, :apply, 2}, owner: #PID<main>, pid: #PID<main.t1>, ref: #Reference<main.t1>}, 5000]}}
#   0ms main log await exited: node nonode@nohost down
#   0ms main catch_exit {{:nodedown, :remote@host}, {Task, :yield, [%Task{mfa: {:erlang, :apply, 2}, owner: #PID<main>, pid: #PID<main.t2>, ref: #Reference<main.t2>}, 100]}}
#   0ms main log yield exited: node remote@host down
#   0ms main log other reason: {:exit, :other}
#   0ms main catch_exit {{:nodedown, :nonode@nohost}, {Task, :await_many, [[%Task{mfa: {:erlang, :apply, 2}, owner: #PID<main>, pid: #PID<main.t4>, ref: #Reference<main.t4>}, %Task{mfa: {:erlang, :apply, 2}, owner: #PID<main>, pid: #PID<main.t5>, ref: #Reference<main.t5>}], 1000]}}
#   0ms main log await_many exited: node nonode@nohost down
#   0ms main catch_exit {{:nodedown, :remote@host}, {Task, :yield_many, [[%Task{mfa: {:erlang, :apply, 2}, owner: #PID<main>, pid: #PID<main.t4>, ref: #Reference<main.t4>}, %Task{mfa: {:erlang, :apply, 2}, owner: #PID<main>, pid: #PID<main.t5>, ref: #Reference<main.t5>}], 100]}}
#   0ms main log yield_many exited: node remote@host down
#   0ms main catch_exit {{:nodedown, :nonode@nohost}, {Task, :ignore, [%Task{mfa: {:erlang, :apply, 2}, owner: #PID<main>, pid: #PID<main.t6>, ref: #Reference<main.t6>}]}}
#   0ms main log ignore exited: node nonode@nohost down
#   0ms main exit :normal
#   0ms main.t1 cut off (the script ended)
#   0ms main.t2 cut off (the script ended)
#   0ms main.t3 cut off (the script ended)
#   0ms main.t4 cut off (the script ended)
#   0ms main.t5 cut off (the script ended)
#   0ms main.t6 cut off (the script ended)
