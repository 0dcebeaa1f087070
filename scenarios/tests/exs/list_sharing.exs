# name: ListSharing
# description: lists that share their ends: two prepends to one tail, a tail taken apart and prepended to again, `++` keeping its right side, an accumulator prepended to twice, and recursion over 20,000 elements (each idiom is linear on the VM, and must be here)

t = [3, 4]
a = [1 | t]
b = [2 | t]
IO.inspect({a, b, t}, label: "two heads, one tail")

c = [0 | a]
d = [9 | a]
[_ | rest] = c
e = [7 | rest]
IO.inspect({c, d, e, a}, label: "a tail prepended to again")

x = [1, 2] ++ t
y = [5] ++ t
z = [[6]] ++ x
IO.inspect({x, y, z, t}, label: "++")

acc = Enum.reduce(1..5, [], fn i, acc -> [i | acc] end)
acc2 = [0 | acc]
acc3 = [100, 101 | acc]
IO.inspect({acc, acc2, acc3}, label: "accumulator")

defmodule Lists do
  def build(0, acc), do: acc
  def build(n, acc), do: build(n - 1, [n | acc])

  def sum([], s), do: s
  def sum([h | t], s), do: sum(t, s + h)

  def map([], _f), do: []
  def map([h | t], f), do: [f.(h) | map(t, f)]

  def pairs([a, b | rest], out), do: pairs(rest, [{a, b} | out])
  def pairs(_, out), do: Enum.reverse(out)

  def keep(0, {n, items}), do: {n, length(items), hd(items)}
  def keep(k, {n, items}), do: keep(k - 1, {n + 1, [k | items]})
end

big = Lists.build(20_000, [])
IO.inspect(Lists.sum(Lists.map(big, &(&1 * 2)), 0), label: "sum of doubles")
IO.inspect(length(big), label: "length")
IO.inspect(Enum.take(Lists.pairs(big, []), 2), label: "pairs")
IO.inspect(Lists.keep(20_000, {0, []}), label: "state")
[h1, h2 | _] = big
IO.inspect({h1, h2, hd(tl(tl(big)))}, label: "heads")
