# name: EnumMap
# description: Enum.map and Enum.reduce with closures over 1,000 elements, 50 times (what a callback costs the interpreter)

defmodule EnumMap do
  def loop(0, acc), do: acc

  def loop(n, acc) do
    doubled = Enum.map(1..1000, fn x -> x * 2 end)
    sum = Enum.reduce(doubled, 0, fn x, s -> x + s end)
    loop(n - 1, acc + sum)
  end
end

IO.puts(EnumMap.loop(50, 0))
