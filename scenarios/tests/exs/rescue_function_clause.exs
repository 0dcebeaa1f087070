# name: RescueFunctionClause
# description: what `rescue` binds when no clause of a function of the program takes the arguments: the function's module, name and arity (default arguments, private functions, captures, an `after` that rescues its own, `catch` of the raw reason)

defmodule Clauses do
  def f(a, b \\ 1) when is_integer(a), do: a + b
  defp p(:x), do: :x
  def callp(v), do: p(v)

  def nested(v) do
    try do
      f(v)
    after
      try do
        p(:y)
      rescue
        e -> IO.inspect({e.function, e.arity}, label: "after rescued")
      end
    end
  end
end

cases = [
  default: fn -> Clauses.f(:a) end,
  private: fn -> Clauses.callp(:y) end,
  capture: fn -> Enum.map([:a], &Clauses.callp/1) end,
  nested: fn -> Clauses.nested(:a) end
]

for {label, fun} <- cases do
  try do
    fun.()
  rescue
    e -> IO.inspect(e, label: Atom.to_string(label))
  end
end

try do
  Clauses.callp(:z)
catch
  :error, v -> IO.inspect(v, label: "caught")
end

try do
  Clauses.f(:b)
rescue
  e in FunctionClauseError -> IO.inspect({e.module, e.function, e.arity}, label: "in")
end

# Not rescued: the raw reason is what the process exits with.
Process.flag(:trap_exit, true)
pid = spawn_link(fn -> Clauses.callp(:w) end)

receive do
  {:EXIT, ^pid, {reason, _stack}} -> IO.inspect(reason, label: "exit")
end
