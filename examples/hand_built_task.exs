# name: HandBuiltTask
# description: Task's query functions act on the mailbox alone — a %Task{} built by hand (pid: nil) is answered by a message the program sends itself that looks like a reply {ref, value} or a DOWN {:DOWN, ref, :process, pid, reason}; with nothing queued await times out; ignore with no DOWN queued and shutdown of a task with no process raise (:badarg, ArgumentError)
#
# A request/response protocol over plain messages reuses Task.await's timeout handling:
# the request carries a fresh ref, and the answer (here sent by the program to itself,
# as a loopback transport would) is shaped like a task reply.

defmodule Loopback do
  def request(mfa) do
    %Task{ref: make_ref(), owner: self(), pid: nil, mfa: mfa}
  end

  def answer(task, value), do: send(self(), {task.ref, value})
  def fail(task, reason), do: send(self(), {:DOWN, task.ref, :process, self(), reason})
end

t = Loopback.request({Store, :get, 1})
Loopback.answer(t, 42)
IO.inspect(Task.await(t), label: "await")

Loopback.answer(t, 43)
IO.inspect(Task.yield(t, 0), label: "yield")
IO.inspect(Task.yield(t, 0), label: "yield again")

Loopback.fail(t, :closed)
IO.inspect(Task.yield(t, 0), label: "yield on a DOWN")

Loopback.fail(t, :closed)

try do
  Task.await(t)
catch
  :exit, {reason, {Task, :await, _}} -> IO.inspect(reason, label: "await on a DOWN exited")
end

try do
  Task.await(t, 100)
catch
  :exit, {reason, {Task, :await, _}} -> IO.inspect(reason, label: "await on nothing exited")
end

t1 = Loopback.request({Store, :get, 1})
t2 = Loopback.request({Store, :put, 2})
Loopback.answer(t2, :two)
Loopback.answer(t1, :one)
IO.inspect(Task.await_many([t1, t2], 0), label: "await_many")

Loopback.answer(t1, :one)
Loopback.fail(t2, :bad)
IO.inspect(Enum.map(Task.yield_many([t1, t2], 0), &elem(&1, 1)), label: "yield_many")

Loopback.fail(t, :closed)
IO.inspect(Task.ignore(t), label: "ignore on a DOWN")

# ignore unlinks task.pid when no DOWN is queued: with pid: nil that is a badarg.
Loopback.answer(t, 44)

try do
  Task.ignore(t)
catch
  :error, reason -> IO.inspect(reason, label: "ignore on a reply raised")
end

IO.inspect(Task.yield(t, 0), label: "the reply was taken")

try do
  Task.shutdown(t)
rescue
  e in ArgumentError -> IO.puts(e.message)
end

# expect:
#   0ms main log await: 42
#   0ms main log yield: {:ok, 43}
#   0ms main log yield again: nil
#   0ms main log yield on a DOWN: {:exit, :closed}
#   0ms main catch_exit {:closed, {Task, :await, [%Task{mfa: {Store, :get, 1}, owner: #PID<main>, pid: nil, ref: #Reference<0.0.0.1>}, 5000]}}
#   0ms main log await on a DOWN exited: :closed
#   100ms main catch_exit {:timeout, {Task, :await, [%Task{mfa: {Store, :get, 1}, owner: #PID<main>, pid: nil, ref: #Reference<0.0.0.1>}, 100]}}
#   100ms main log await on nothing exited: :timeout
#   100ms main log await_many: [:one, :two]
#   100ms main log yield_many: [ok: :one, exit: :bad]
#   100ms main log ignore on a DOWN: {:exit, :closed}
#   100ms main catch_error :badarg
#   100ms main log ignore on a reply raised: :badarg
#   100ms main log the reply was taken: nil
#   100ms main rescue %ArgumentError{message: "task %Task{mfa: {Store, :get, 1}, owner: #PID<main>, pid: nil, ref: #Reference<0.0.0.1>} does not have an associated task process"}
#   100ms main log task %Task{mfa: {Store, :get, 1}, owner: #PID<main>, pid: nil, ref: #Reference<0.0.0.1>} does not have an associated task process
#   100ms main exit :normal
