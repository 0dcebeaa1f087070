# name: DictLoop
# description: a loop that counts in the process dictionary and prints every 100th count, 2,000 times (what a call of a process builtin that never waits costs the interpreter)

defmodule DictLoop do
  def loop(0), do: Process.get(:count)
  def loop(n) do
    count = Process.get(:count, 0) + 1
    Process.put(:count, count)
    if rem(count, 100) == 0, do: IO.puts("count #{count}")
    loop(n - 1)
  end
end

IO.puts(DictLoop.loop(2000))
