# name: LibraryNumbers
# description: ** and Integer.pow, Float.floor/ceil with and without a precision (on the exact value), Float.parse and String.to_float, and Enum.find_value/2,3, with what each raises when misused

t = fn label, f -> try do IO.inspect(f.(), label: label) rescue e -> IO.puts("#{label}: #{Exception.message(e)}") end end
t.("pow", fn -> {2 ** 10, 2 ** 0, 2.0 ** 3, 2 ** 0.5, 4 ** -1, (-2) ** 3, 0 ** 0, 10 ** 18} end)
t.("pow neg float", fn -> (-8.0) ** (1/3) end)
t.("pow zero neg", fn -> 0 ** -1 end)
t.("pow atom", fn -> 2 ** :a end)
t.("Integer.pow", fn -> {Integer.pow(2, 10), Integer.pow(-3, 3)} end)
t.("Integer.pow neg", fn -> Integer.pow(2, -1) end)
t.("floor/ceil", fn -> {Float.floor(2.7), Float.ceil(2.1), Float.floor(-2.1), Float.ceil(-2.7), Float.floor(12.345, 2), Float.ceil(12.341, 2), Float.floor(-0.5), Float.ceil(-0.5)} end)
t.("floor int", fn -> Float.floor(1) end)
t.("parse", fn -> {Float.parse("1.5"), Float.parse("1.5abc"), Float.parse("-2"), Float.parse("1e3"), Float.parse("1.0e-2x"), Float.parse(".5"), Float.parse("abc"), Float.parse("1."), Float.parse("  1.5"), Float.parse("+1.5"), Float.parse("1_000.5"), Float.parse("1.5E2")} end)
t.("to_float", fn -> {String.to_float("1.5"), String.to_float("-0.25e1")} end)
t.("to_float int", fn -> String.to_float("1") end)
t.("to_float junk", fn -> String.to_float("1.5x") end)
t.("find_value", fn -> {Enum.find_value([1, 2, 3], fn x -> x > 1 && x * 10 end), Enum.find_value([1], fn _ -> nil end), Enum.find_value([1], :none, fn _ -> false end), Enum.find_value(%{a: 1}, fn {k, v} -> v == 1 && k end)} end)
t.("find_value not a fun", fn -> Enum.find_value([1], :nope) end)
t.("find_value empty not a fun", fn -> Enum.find_value([], :nope) end)
IO.inspect({Float.ceil(-0.001, 2), Float.floor(0.001, 2), Float.ceil(1.0e-20, 2), Float.floor(-1.0e-20, 2), Float.ceil(-1.0e-20, 2), Float.floor(1.0e-20, 2)})
IO.inspect({Float.floor(2.675, 2), Float.ceil(2.675, 2), Float.floor(-2.675, 2), Float.ceil(-2.675, 2), Float.ceil(0.1, 1), Float.floor(0.3, 1)})
IO.inspect({Float.round(-0.0), Float.floor(-0.0), Float.round(1.0e-20, 2), Float.round(-1.0e-20, 2), Float.round(0.5), Float.round(-0.4)})
IO.inspect({Float.parse("1.5e"), Float.parse("1.5e+3"), Float.parse("-.5"), Float.parse("1.5e400"), Float.parse("0x10"), Float.parse("12")})
try do String.to_float("1e5") rescue e -> IO.puts(Exception.message(e)) end
try do String.to_float(".5") rescue e -> IO.puts(Exception.message(e)) end
IO.inspect(String.to_float("1.0E5"))
try do Float.parse(1.5) rescue e -> IO.inspect(e) end
try do Float.floor(1.5, 16) rescue e -> IO.puts(Exception.message(e)) end

# expect:
#   0ms main log pow: {1024, 1, 8.0, 1.4142135623730951, 0.25, -8, 1, 1000000000000000000}
#   0ms main rescue %ArithmeticError{message: "bad argument in arithmetic expression"}
#   0ms main log pow neg float: bad argument in arithmetic expression
#   0ms main rescue %ArithmeticError{message: "bad argument in arithmetic expression"}
#   0ms main log pow zero neg: bad argument in arithmetic expression
#   0ms main rescue %FunctionClauseError{module: Kernel, function: :**, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log pow atom: no function clause matching in Kernel.**/2
#   0ms main log Integer.pow: {1024, -27}
#   0ms main rescue %ArithmeticError{message: "bad argument in arithmetic expression"}
#   0ms main log Integer.pow neg: bad argument in arithmetic expression
#   0ms main log floor/ceil: {2.0, 3.0, -3.0, -2.0, 12.34, 12.35, -1.0, -0.0}
#   0ms main rescue %FunctionClauseError{module: Float, function: :floor, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log floor int: no function clause matching in Float.floor/2
#   0ms main log parse: {{1.5, ""}, {1.5, "abc"}, {-2.0, ""}, {1000.0, ""}, {0.01, "x"}, :error, :error,\n {1.0, "."}, :error, {1.5, ""}, {1.0, "_000.5"}, {150.0, ""}}
#   0ms main log to_float: {1.5, -2.5}
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of a float\n"}
#   0ms main log to_float int: errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of a float\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of a float\n"}
#   0ms main log to_float junk: errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of a float\n
#   0ms main log find_value: {20, nil, :none, :a}
#   0ms main rescue %BadFunctionError{term: :nope}
#   0ms main log find_value not a fun: expected a function, got: :nope
#   0ms main log find_value empty not a fun: nil
#   0ms main log {0.0, 0.0, 0.01, -0.01, 0.0, 0.0}
#   0ms main log {2.67, 2.68, -2.68, -2.67, 0.2, 0.2}
#   0ms main log {0.0, -0.0, 0.0, 0.0, 1.0, 0.0}
#   0ms main log {{1.5, "e"}, {1500.0, ""}, :error, :error, {0.0, "x10"}, {12.0, ""}}
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of a float\n"}
#   0ms main log errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of a float\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of a float\n"}
#   0ms main log errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of a float\n
#   0ms main log 100000.0
#   0ms main rescue %FunctionClauseError{module: Float, function: :parse_unsigned, arity: 1, kind: nil, args: nil, clauses: nil}
#   0ms main log %FunctionClauseError{\n  module: Float,\n  function: :parse_unsigned,\n  arity: 1,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}
#   0ms main rescue %ArgumentError{message: "precision 16 is out of valid range of 0..15"}
#   0ms main log precision 16 is out of valid range of 0..15
#   0ms main exit :normal
