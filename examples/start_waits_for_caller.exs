# name: StartWaitsForCaller
# description: a child whose init calls the process blocked in start_link / start_child — the call times out, the start fails with that exit, and the call request is left in the caller's mailbox
#
# A worker's init asks the process that started it for its configuration. That process
# is still inside start_link (or a supervisor's start_child), waiting for init to
# finish, so it cannot answer: the init's call times out after 100 ms and the start
# fails. The unanswered request stays behind in the starter's mailbox.

defmodule Worker do
  use GenServer
  def init(starter), do: {:ok, GenServer.call(starter, :config, 100)}
end

Process.flag(:trap_exit, true)
me = self()
{:error, {reason, _}} = GenServer.start_link(Worker, me)
IO.inspect(reason, label: "start_link")

receive do
  {:"$gen_call", _from, req} -> IO.inspect(req, label: "left behind")
end

receive do
  {:EXIT, _, {r, _}} -> IO.inspect(r, label: "exit")
end

{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
spec = %{id: :w, start: {GenServer, :start_link, [Worker, me]}}
{:error, {r2, _}} = DynamicSupervisor.start_child(sup, spec)
IO.inspect(r2, label: "start_child")

receive do
  {:"$gen_call", _from, req} -> IO.inspect(req, label: "left behind")
end

# expect:
#   100ms main log start_link: :timeout
#   100ms main log left behind: :config
#   100ms main log exit: :timeout
#   100ms main.reason exit {:timeout, {GenServer, :call, [#PID<main>, :config, 100]}}
#   200ms main log start_child: :timeout
#   200ms main log left behind: :config
#   200ms main exit :normal
#   200ms main.sup exit :normal
#   200ms main.sup.w exit {:timeout, {GenServer, :call, [#PID<main>, :config, 100]}}
