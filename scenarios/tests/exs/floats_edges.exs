# name: FloatsEdges
# description: what the VM does at the edges floats and the new functions reach: Map.merge/3 of structs, a receive whose after time is no integer but whose message is there, :math with a non-number, elem/put_elem with a float index, floats as struct defaults and map-pattern keys

defmodule P do
  defstruct a: 1, b: 2
  def new, do: %P{}
end
t = fn label, f -> try do IO.inspect(f.(), label: label) rescue e -> IO.puts("#{label}: #{Exception.message(e)}") end end
t.("merge struct", fn -> Map.merge(P.new(), %{a: 5}, fn _k, x, y -> x + y end) end)
t.("merge struct right", fn -> Map.merge(%{a: 5, c: 1, d: 2}, P.new(), fn _k, x, y -> x + y end) end)
send(self(), :hello)
t.("receive bad after", fn -> receive do _ -> :x after 10.0 -> :timeout end end)
t.("receive bad after empty", fn -> receive do _ -> :x after 10.0 -> :timeout end end)
t.("pow atom", fn -> :math.pow(:a, 2) end)
t.("pow 2 atom", fn -> :math.pow(2, :a) end)
t.("pow both", fn -> :math.pow(:b, :a) end)
t.("sqrt str", fn -> :math.sqrt("4") end)
t.("sqrt neg", fn -> :math.sqrt(-1) end)
i = 1.0
t.("elem float", fn -> elem({1, 2}, i) end)
t.("put_elem float", fn -> put_elem({1, 2}, i, 0) end)
t.("elem float no tuple", fn -> elem(:x, i) end)
defmodule D do
  defstruct balance: 0.0, rate: 1.5
  def new, do: %D{}
  def f(%{1.5 => v}), do: v
end
t.("float default", fn -> D.new() end)
t.("float key pattern", fn -> D.f(%{1.5 => :yes}) end)

# expect:
#   0ms main log merge struct: %P{a: 6, b: 2}
#   0ms main log merge struct right: %{__struct__: P, a: 6, b: 2, c: 1, d: 2}
#   0ms main log receive bad after: :x
#   0ms main rescue %ErlangError{original: :timeout_value, reason: nil}
#   0ms main log receive bad after empty: Erlang error: :timeout_value
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a number\n"}
#   0ms main log pow atom: errors were found at the given arguments:\n\n  * 1st argument: not a number\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 2nd argument: not a number\n"}
#   0ms main log pow 2 atom: errors were found at the given arguments:\n\n  * 2nd argument: not a number\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a number\n  * 2nd argument: not a number\n"}
#   0ms main log pow both: errors were found at the given arguments:\n\n  * 1st argument: not a number\n  * 2nd argument: not a number\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a number\n"}
#   0ms main log sqrt str: errors were found at the given arguments:\n\n  * 1st argument: not a number\n
#   0ms main rescue %ArithmeticError{message: "bad argument in arithmetic expression"}
#   0ms main log sqrt neg: bad argument in arithmetic expression
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not an integer\n"}
#   0ms main log elem float: errors were found at the given arguments:\n\n  * 1st argument: not an integer\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not an integer\n"}
#   0ms main log put_elem float: errors were found at the given arguments:\n\n  * 1st argument: not an integer\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not an integer\n  * 2nd argument: not a tuple\n"}
#   0ms main log elem float no tuple: errors were found at the given arguments:\n\n  * 1st argument: not an integer\n  * 2nd argument: not a tuple\n
#   0ms main log float default: %D{balance: 0.0, rate: 1.5}
#   0ms main log float key pattern: :yes
#   0ms main exit :normal
