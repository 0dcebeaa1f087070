# name: MapPut
# description: a loop that puts into a 50-key map 2,000 times, a call among the arguments (what a call's arguments cost the interpreter)

defmodule MapPut do
  def f(x), do: x * 2
  def loop(0, m), do: map_size(m)
  def loop(n, m), do: loop(n - 1, Map.put(m, rem(n, 50), f(n)))
end

IO.puts(MapPut.loop(2000, %{}))
