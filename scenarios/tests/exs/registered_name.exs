# name: RegisteredName
# description: a process registered under a name: messages by name, whereis, a second register fails

defmodule Echo do
  def loop do
    receive do
      {from, msg} ->
        send(from, {:echo, msg})
        loop()
    end
  end
end

pid = spawn(fn -> Echo.loop() end)
Process.register(pid, :echo)
send(:echo, {self(), :hello})

receive do
  {:echo, m} -> IO.puts("echoed #{m}")
end

IO.puts("whereis is pid: #{Process.whereis(:echo) == pid}")

try do
  Process.register(self(), :echo)
rescue
  e -> IO.puts("second register: #{inspect(e)}")
end

Process.exit(pid, :kill)
Process.sleep(10)
IO.inspect(Process.whereis(:echo), label: "after kill")
