# name: MapGrow
# description: a map grown to 10,000 keys one put at a time, then every key updated with `Map.update!` and `%{m | k => v}`, kept in a tuple as a process's state would be (a copy of every entry at each put was quadratic: 12 s for 20,000 puts)

defmodule MapGrow do
  def grow(0, state), do: state
  def grow(n, {count, m}), do: grow(n - 1, {count + 1, Map.put(m, n, n)})

  def bump(0, m), do: m
  def bump(n, m), do: bump(n - 1, %{Map.update!(m, n, &(&1 + 1)) | 1 => n})
end

{count, m} = MapGrow.grow(10_000, {0, %{}})
m = MapGrow.bump(10_000, m)
IO.puts("#{count} #{map_size(m)} #{Map.get(m, 2)} #{Map.get(m, 1)}")
