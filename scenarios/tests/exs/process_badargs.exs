# name: ProcessBadargs
# description: what rescue binds when Process.send_after/3, Process.cancel_timer/1 and Process.monitor/1, link/1, unlink/1, exit/2, alive?/1, demonitor/2, flag/2 and String.split/1 are given what their BIFs refuse: OTP 25's error info, argument by argument; List.delete_at/2 with an index that is no integer fails in its own clause

t = fn label, f -> try do IO.inspect(f.(), label: label) rescue e -> IO.puts("#{label}: #{Exception.message(e)}") end end
t.("send_after float", fn -> Process.send_after(self(), :x, 10.5) end)
t.("send_after neg", fn -> Process.send_after(self(), :x, -1) end)
t.("send_after dest", fn -> Process.send_after(1.5, :x, 10) end)
t.("send_after both", fn -> Process.send_after(1.5, :x, :a) end)
t.("cancel float", fn -> Process.cancel_timer(1.5) end)
t.("monitor float", fn -> Process.monitor(1.5) end)
t.("monitor tuple", fn -> Process.monitor({1, 2}) end)
t.("delete_at float", fn -> List.delete_at([1], 1.0) end)
t.("delete_at atom", fn -> List.delete_at(:x, 1) end)
t.("link atom", fn -> Process.link(:nope) end)
t.("unlink atom", fn -> Process.unlink(:nope) end)
t.("exit atom", fn -> Process.exit(:nope, :x) end)
t.("alive? atom", fn -> Process.alive?(:x) end)
t.("demonitor atom", fn -> Process.demonitor(:x) end)
t.("demonitor option", fn -> Process.demonitor(make_ref(), [:bogus]) end)
t.("trap_exit 1", fn -> Process.flag(:trap_exit, 1) end)
t.("split integer", fn -> String.split(5) end)

# expect:
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not an integer\n"}
#   0ms main log send_after float: errors were found at the given arguments:\n\n  * 1st argument: not an integer\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: out of range\n"}
#   0ms main log send_after neg: errors were found at the given arguments:\n\n  * 1st argument: out of range\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 2nd argument: not a pid or an atom\n"}
#   0ms main log send_after dest: errors were found at the given arguments:\n\n  * 2nd argument: not a pid or an atom\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not an integer\n  * 2nd argument: not a pid or an atom\n"}
#   0ms main log send_after both: errors were found at the given arguments:\n\n  * 1st argument: not an integer\n  * 2nd argument: not a pid or an atom\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a reference\n"}
#   0ms main log cancel float: errors were found at the given arguments:\n\n  * 1st argument: not a reference\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 2nd argument: not a pid\n"}
#   0ms main log monitor float: errors were found at the given arguments:\n\n  * 2nd argument: not a pid\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 2nd argument: not a pid\n"}
#   0ms main log monitor tuple: errors were found at the given arguments:\n\n  * 2nd argument: not a pid\n
#   0ms main rescue %FunctionClauseError{module: List, function: :delete_at, arity: 2, kind: nil, args: nil, clauses: nil}
#   0ms main log delete_at float: no function clause matching in List.delete_at/2
#   0ms main rescue %FunctionClauseError{module: List, function: :do_pop_at, arity: 4, kind: nil, args: nil, clauses: nil}
#   0ms main log delete_at atom: no function clause matching in List.do_pop_at/4
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a pid\n"}
#   0ms main log link atom: errors were found at the given arguments:\n\n  * 1st argument: not a pid\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a pid\n"}
#   0ms main log unlink atom: errors were found at the given arguments:\n\n  * 1st argument: not a pid\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a pid\n"}
#   0ms main log exit atom: errors were found at the given arguments:\n\n  * 1st argument: not a pid\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a pid\n"}
#   0ms main log alive? atom: errors were found at the given arguments:\n\n  * 1st argument: not a pid\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a reference\n"}
#   0ms main log demonitor atom: errors were found at the given arguments:\n\n  * 1st argument: not a reference\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 2nd argument: invalid option in list\n"}
#   0ms main log demonitor option: errors were found at the given arguments:\n\n  * 2nd argument: invalid option in list\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 2nd argument: invalid value for this process flag\n"}
#   0ms main log trap_exit 1: errors were found at the given arguments:\n\n  * 2nd argument: invalid value for this process flag\n
#   0ms main rescue %ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a binary\n"}
#   0ms main log split integer: errors were found at the given arguments:\n\n  * 1st argument: not a binary\n
#   0ms main exit :normal
