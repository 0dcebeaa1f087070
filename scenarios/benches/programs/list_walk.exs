# name: ListWalk
# description: the list idioms of recursion over 10,000 elements: a walk with [h | t], an accumulator built with [x | acc], a body-recursive map (what a list costs the interpreter: each is linear on the VM)

defmodule ListWalk do
  def sum([], acc), do: acc
  def sum([h | t], acc), do: sum(t, acc + h)

  def rev([], acc), do: acc
  def rev([h | t], acc), do: rev(t, [h | acc])

  def double([]), do: []
  def double([h | t]), do: [h * 2 | double(t)]
end

xs = Enum.to_list(1..10000)
IO.puts(ListWalk.sum(ListWalk.double(ListWalk.rev(xs, [])), 0))
