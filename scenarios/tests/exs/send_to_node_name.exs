# name: SendToNodeName
# description: `send({name, node}, msg)` is never an error for atoms: on this node the process with the name gets it, a free name drops it, another node (not connected) drops it; a destination that is not a pid, a name or such a pair raises ArgumentError

Process.register(self(), :me)
send({:me, node()}, :hello)

receive do
  m -> IO.inspect(m, label: "got")
end

try_send = fn dest ->
  try do
    send(dest, :m)
    :no_error
  rescue
    e -> {:raised, e.__struct__}
  end
end

IO.inspect(try_send.({:nobody, node()}), label: "a free name on this node")
IO.inspect(try_send.({:x, :other@host}), label: "another node")
IO.inspect(try_send.({:x, 5}), label: "not a node")
IO.inspect(try_send.(:nobody), label: "a free name")

receive do
  m -> IO.inspect(m, label: "unexpected")
after
  50 -> IO.puts("nothing else arrived")
end
