# name: ExceptionMessage
# description: `Exception.message/1` of what `rescue` binds: raised strings and library exceptions, errors of the runtime normalised to exceptions (`Map.fetch!`'s KeyError names the map), a function clause of the program; and the FunctionClauseError it raises itself for what is no exception

defmodule Shapes do
  defstruct [:side]

  def area(%Shapes{side: s}) when is_integer(s), do: s * s

  def attempt(label, fun) do
    try do
      fun.()
    rescue
      e -> IO.puts("#{label}: " <> Exception.message(e))
    end
  end
end

Shapes.attempt("string", fn -> raise "disk full" end)
Shapes.attempt("argument", fn -> raise ArgumentError, "expected a positive count" end)
Shapes.attempt("default", fn -> raise RuntimeError end)
Shapes.attempt("arithmetic", fn -> 10 + String.to_atom("x") end)
Shapes.attempt("field", fn -> Map.new(a: 1).b end)
Shapes.attempt("match", fn -> {:ok, _} = Enum.at([{:error, :enoent}], 0) end)
Shapes.attempt("case", fn -> case Enum.count([1, 2, 3]) do 0 -> :none end end)
Shapes.attempt("key", fn -> raise KeyError, key: :port end)
Shapes.attempt("fetch", fn -> Map.fetch!(%{host: "db"}, :port) end)
Shapes.attempt("fetch range", fn -> Map.fetch!(1..3, :first_item) end)
Shapes.attempt("empty", fn -> Enum.max([]) end)

defmodule Checks do
  def run do
    Shapes.attempt("clause", fn -> Shapes.area(%Shapes{side: "2"}) end)

    # `Exception.message/1` takes exceptions only.
    for x <- [%Shapes{side: 1}, :oops, %{message: "a map"}] do
      try do
        Exception.message(x)
      rescue
        e in FunctionClauseError ->
          IO.inspect({e.module, e.function, e.arity}, label: "not an exception")
      end
    end
  end
end

Checks.run()

# In a crashed task, as a supervisor-less caller sees it.
Process.flag(:trap_exit, true)
task = Task.async(fn -> raise ArgumentError, "bad input" end)

receive do
  {:EXIT, _, {e, _stack}} -> IO.puts("task: " <> Exception.message(e))
end

Task.shutdown(task)
