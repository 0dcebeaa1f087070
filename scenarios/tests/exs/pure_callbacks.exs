# name: PureCallbacks
# description: closures and captured functions whose bodies are plain values, called back by Enum: results, guards, captures, and the errors they raise

defmodule Pure do
  def double(x), do: x * 2
  def sign(x) when x < 0, do: :neg
  def sign(0), do: :zero
  def sign(x) when is_integer(x), do: :pos
end

base = 10
IO.inspect(Enum.map([1, 2, 3], fn x -> x * 2 + base end), label: "captured")
IO.inspect(Enum.map([-4, 0, 5], &Pure.sign/1), label: "guards")
IO.inspect(Enum.map([1, 2], &Pure.double/1), label: "capture")
IO.inspect(Enum.reduce([1, 2, 3], 0, fn x, acc -> {x, acc} end), label: "tuple")
IO.inspect(Enum.map(["a", "b"], fn s -> "<#{s}>" end), label: "interpolation")

try do
  Enum.map([1, :two, 3], fn x -> x + 1 end)
rescue
  e in ArithmeticError -> IO.inspect(e.message, label: "rescued")
end

try do
  Enum.map([1, "two"], &Pure.sign/1)
catch
  :error, reason -> IO.inspect(reason, label: "no clause")
end

{pid, ref} = spawn_monitor(fn -> Enum.each([1, :x], fn x -> x * 3 end) end)

receive do
  {:DOWN, ^ref, :process, ^pid, {reason, _stack}} -> IO.inspect(reason, label: "task died")
end
