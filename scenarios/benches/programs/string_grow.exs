# name: StringGrow
# description: a string grown to 100,000 bytes by `acc <> "x"`, another by `"#{acc}y"`, then read once (each append copied the whole string: 20 s for 200,000 appends)

defmodule StringGrow do
  def append(0, acc), do: acc
  def append(n, acc), do: append(n - 1, acc <> "x")

  def interpolate(0, acc), do: acc
  def interpolate(n, acc), do: interpolate(n - 1, "#{acc}y")
end

a = StringGrow.append(100_000, "")
b = StringGrow.interpolate(100_000, "")
same = a <> b == String.duplicate("x", 100_000) <> String.duplicate("y", 100_000)
IO.puts("#{byte_size(a)} #{byte_size(b)} #{same}")
