# name: LibraryAccessMore
# description: the second hunt's cases: update_in on a path of fields passes the function to Map.update!/3 as it is (checked there, evaluated before the last field is looked up), ** of a negative exponent is :math.pow, the sign of a zero Float.round/floor/ceil keeps, the precision interpolated in the message, Float.parse of digits too large, and a struct whose module implements Access.fetch/2

defmodule Bag do
  @behaviour Access
  defstruct items: %{}
  def new, do: %Bag{items: %{a: 1}}
  def fetch(%Bag{items: i}, k), do: Map.fetch(i, k)
  def get_and_update(%Bag{items: i} = b, k, f) do
    case f.(Map.get(i, k)) do {g, v} -> {g, %Bag{b | items: Map.put(i, k, v)}} end
  end
  def pop(b, _k), do: {nil, b}
end
t = fn label, f -> try do IO.inspect(f.(), label: label) rescue e -> IO.puts("#{label}: #{Exception.message(e)}") end end
s = %{a: 1, b: %{c: 2}}
t.("u1", fn -> update_in(s.a, 5) end)
t.("u2", fn -> update_in(s.b.c, 5) end)
t.("u3", fn -> update_in(s.a, fn x, y -> {x, y} end) end)
t.("u4", fn -> update_in(s.zz, (IO.puts("evaluated fun"); &(&1))) end)
t.("u5", fn -> update_in(s.b.zz, (IO.puts("evaluated fun2"); &(&1))) end)
t.("u6", fn -> update_in(s.b.c, &(&1 * 7)) end)
t.("pow", fn -> {7 ** -19, 17 ** -13, 10 ** -19, 2 ** -70, 10 ** -400, 2 ** -1074, 4 ** -1} end)
t.("pow0", fn -> 0 ** -1 end)
t.("zeros", fn -> {Float.ceil(-0.3, 0), Float.floor(-0.0, 2), Float.ceil(-0.0, 2), Float.round(-0.0, 2), Float.ceil(-0.0, 0), Float.floor(-0.0, 0), Float.round(-0.0, 0), Float.round(-0.0)} end)
t.("prec nil", fn -> Float.floor(1.5, nil) end)
t.("prec atom", fn -> Float.round(1.5, :two) end)
t.("prec str", fn -> Float.ceil(1.5, "2") end)
t.("prec tuple", fn -> Float.round(1.5, {1}) end)
z = String.duplicate("0", 400)
t.("parse big", fn -> Float.parse("1" <> z) end)
t.("parse big exp", fn -> Float.parse("1" <> z <> ".5e0") end)
t.("parse 1e309", fn -> Float.parse("1e309") end)
t.("update nofun", fn -> Map.update(%{a: 1}, :a, 0, 5) end)
t.("update! nofun", fn -> Map.update!(%{a: 1}, :b, 5) end)
b = Bag.new()
IO.inspect({b[:a], b[:zz], get_in(%{b: b}, [:b, :a])}, label: "fetch")

# expect:
#   0ms main rescue %FunctionClauseError{module: Map, function: :update!, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log u1: no function clause matching in Map.update!/3
#   0ms main rescue %FunctionClauseError{module: Map, function: :update!, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log u2: no function clause matching in Map.update!/3
#   0ms main rescue %FunctionClauseError{module: Map, function: :update!, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log u3: no function clause matching in Map.update!/3
#   0ms main log evaluated fun
#   0ms main rescue %KeyError{key: :zz, term: %{a: 1, b: %{c: 2}}, message: nil}
#   0ms main log u4: key :zz not found in: %{a: 1, b: %{c: 2}}
#   0ms main log evaluated fun2
#   0ms main rescue %KeyError{key: :zz, term: %{c: 2}, message: nil}
#   0ms main log u5: key :zz not found in: %{c: 2}
#   0ms main log u6: %{a: 1, b: %{c: 14}}
#   0ms main log pow: {8.772780025937795e-17, 1.0096341274486448e-16, 1.0e-19, 8.470329472543003e-22,\n 0.0, 5.0e-324, 0.25}
#   0ms main rescue %ArithmeticError{message: "bad argument in arithmetic expression"}
#   0ms main log pow0: bad argument in arithmetic expression
#   0ms main log zeros: {-0.0, -0.0, -0.0, -0.0, -0.0, -0.0, 0.0, 0.0}
#   0ms main rescue %ArgumentError{message: "precision  is out of valid range of 0..15"}
#   0ms main log prec nil: precision  is out of valid range of 0..15
#   0ms main rescue %ArgumentError{message: "precision two is out of valid range of 0..15"}
#   0ms main log prec atom: precision two is out of valid range of 0..15
#   0ms main rescue %ArgumentError{message: "precision 2 is out of valid range of 0..15"}
#   0ms main log prec str: precision 2 is out of valid range of 0..15
#   0ms main rescue %Protocol.UndefinedError{protocol: String.Chars, value: {1}, description: ""}
#   0ms main log prec tuple: protocol String.Chars not implemented for {1} of type Tuple
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of a float\n"}
#   0ms main log parse big: errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of a float\n
#   0ms main log parse big exp: :error
#   0ms main log parse 1e309: :error
#   0ms main rescue %FunctionClauseError{module: Map, function: :update, arity: 4, kind: nil, args: nil, clauses: nil}
#   0ms main log update nofun: no function clause matching in Map.update/4
#   0ms main rescue %FunctionClauseError{module: Map, function: :update!, arity: 3, kind: nil, args: nil, clauses: nil}
#   0ms main log update! nofun: no function clause matching in Map.update!/3
#   0ms main log fetch: {1, nil, 1}
#   0ms main exit :normal
