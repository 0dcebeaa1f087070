# name: IoChardata
# description: IO.puts of character data built the way output is built by hand: charlists, code points beside strings, nested lists (iodata), from a process and from the script

report = fn name, n -> ["worker ", name, ?:, ?\s, Integer.to_string(n), [" job", (if n == 1, do: [], else: ?s)]] end

pid = spawn(fn ->
  receive do
    {:report, from, n} ->
      IO.puts(report.("a", n))
      send(from, :done)
  end
end)

send(pid, {:report, self(), 3})
receive do: (:done -> :ok)
IO.puts(report.("b", 1))
IO.puts('charlist')
IO.puts([?o, ?k, "!"])
IO.puts([])
