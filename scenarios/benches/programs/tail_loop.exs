# name: TailLoop
# description: a tail-recursive loop of 10,000 steps, two clauses, arithmetic on its arguments (what one step of a loop costs the interpreter)

defmodule TailLoop do
  def loop(0, acc), do: acc

  def loop(n, acc) do
    loop(n - 1, acc + 1)
  end
end

IO.puts(TailLoop.loop(10000, 0))
