# name: ListBind
# description: a loop that binds two 200-element lists 200 times (what a statement's binding costs the interpreter)

defmodule ListBind do
  def loop(0, acc), do: acc

  def loop(n, acc) do
    xs = Enum.to_list(1..200)
    ys = Enum.reverse(xs)
    loop(n - 1, acc + length(ys))
  end
end

IO.puts(ListBind.loop(200, 0))
