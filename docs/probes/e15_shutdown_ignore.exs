# §2.7 / §2.8: the Task.shutdown result table (rows not covered by e2) and Task.ignore.
Code.require_file("h.exs")

H.run("shutdown from a non-owner", fn ->
  t = Task.async(fn -> Process.sleep(1000) end)
  me = self()
  spawn(fn -> send(me, {:res, try do Task.shutdown(t) rescue e -> e.__struct__ end}) end)
  receive do {:res, x} -> x end end)

H.run("task already exited :shutdown (DOWN in mailbox): shutdown(t) -> nil (expected reason)", fn ->
  Process.flag(:trap_exit, true)
  t = Task.async(fn -> exit(:shutdown) end)
  Process.sleep(50)
  {Task.shutdown(t), H.flush() |> Enum.map(fn {:EXIT, _, r} -> {:EXIT, r}; o -> o end)} end)

H.run("same, but shutdown(t, :brutal_kill): :shutdown is not the expected :killed", fn ->
  Process.flag(:trap_exit, true)
  t = Task.async(fn -> exit(:shutdown) end)
  Process.sleep(50)
  Task.shutdown(t, :brutal_kill) end)

H.run("task dead and its DOWN already consumed by yield: shutdown -> {:exit, :noproc}", fn ->
  Process.flag(:trap_exit, true)
  t = Task.async(fn -> exit(:boom) end)
  {:exit, :boom} = Task.yield(t, 500)
  Task.shutdown(t) end)

H.run("async_nolink task crashed before shutdown (owner not trapping): {:exit, :boom}", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  t = Task.Supervisor.async_nolink(sup, fn -> exit(:boom) end)
  Process.sleep(50)
  {Task.shutdown(t), H.flush()} end)

H.run("shutdown(t, :infinity) of a trapping task that exits with the EXIT's reason", fn ->
  t = Task.async(fn -> Process.flag(:trap_exit, true); receive do {:EXIT, _, r} -> exit(r) end end)
  Process.sleep(20)
  Task.shutdown(t, :infinity) end)

H.run("trapping task returns a value when the EXIT arrives (replies, exits :normal): {:ok, reply}", fn ->
  t = Task.async(fn -> Process.flag(:trap_exit, true); receive do {:EXIT, _, _} -> :cleaned_up end end)
  Process.sleep(20)
  Task.shutdown(t) end)

H.run("after shutdown: task unlinked, caller mailbox empty, later yield waits in vain", fn ->
  t = Task.async(fn -> Process.sleep(1000) end)
  nil = Task.shutdown(t)
  {:links, links} = Process.info(self(), :links)
  {t.pid in links, H.flush(), Task.yield(t, 50)} end)

H.run("ignore with the reply already in the mailbox: {:ok, v}, unlinked", fn ->
  t = Task.async(fn -> :v end)
  Process.sleep(50)
  r = Task.ignore(t)
  {:links, links} = Process.info(self(), :links)
  {r, t.pid in links, H.flush()} end)

H.run("ignore on a crashed async_nolink task: {:exit, reason}", fn ->
  {:ok, sup} = Task.Supervisor.start_link()
  t = Task.Supervisor.async_nolink(sup, fn -> exit(:boom) end)
  Process.sleep(50)
  Task.ignore(t) end)

H.run("ignore on a running task: nil; task unlinked and survives the owner's crash", fn ->
  me = self()
  owner = spawn(fn ->
    t = Task.async(fn -> Process.sleep(100); send(me, :task_done); :v end)
    send(me, {:task, t.pid, Task.ignore(t)})
    {:links, links} = Process.info(self(), :links)
    send(me, {:linked?, t.pid in links})
    exit(:owner_crash)
  end)
  _ = owner
  Process.sleep(200)
  H.flush() |> Enum.map(fn {:task, _, r} -> {:ignore, r}; o -> o end) end)

H.run("ignore from a non-owner", fn ->
  t = Task.async(fn -> Process.sleep(1000) end)
  me = self()
  spawn(fn -> send(me, {:res, try do Task.ignore(t) rescue e -> e.__struct__ end}) end)
  receive do {:res, x} -> x end end)
