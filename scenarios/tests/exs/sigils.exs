# name: Sigils
# description: the string, charlist and word sigils (~s ~S ~c ~C ~w ~W) with their escapes, interpolation, delimiters, heredoc form and the a/c/s modifiers of ~w, as a GenServer's commands and replies use them

defmodule Shell do
  use GenServer

  @commands ~w(get put del)a

  def init(_), do: {:ok, %{}}

  def handle_call({cmd, key, value}, _from, state) when cmd in @commands do
    case cmd do
      :put -> {:reply, ~s(stored "#{key}"), Map.put(state, key, value)}
      :get -> {:reply, Map.get(state, key, ~S(none\n)), state}
      :del -> {:reply, :ok, Map.delete(state, key)}
    end
  end

  def handle_call({cmd, _, _}, _from, state), do: {:reply, {:unknown, cmd}, state}
end

{:ok, pid} = GenServer.start_link(Shell, nil)

for [cmd, key, value] <- [~w(put a 1), ~w[get a x], ~w<del a x>, ~w{get a x}, ~w|nop b c|] do
  reply = GenServer.call(pid, {String.to_atom(cmd), key, value})
  IO.puts("#{cmd} #{key} -> #{inspect(reply)}")
end

IO.inspect(~w(foo  bar\tbaz\ qux))
IO.inspect(~w(one two)c)
IO.inspect(~w(one two)s)
IO.inspect(~W(a\nb c\)d))
IO.inspect(~w())
IO.inspect(~c(chars))
IO.inspect(~C(raw\n))
IO.inspect(~s|a\|b| <> ~S|c\|d|)
IO.inspect(~s"""
  heredoc
    indented #{1 + 1}
  """)

case "ok" do
  ~s(ok) -> IO.puts("matched a sigil pattern")
end

# expect:
#   0ms main log put a -> "stored \"a\""
#   0ms main log get a -> "1"
#   0ms main log del a -> :ok
#   0ms main log get a -> "none\\n"
#   0ms main log nop b -> {:unknown, :nop}
#   0ms main log ["foo", "bar", "baz", "qux"]
#   0ms main log ['one', 'two']
#   0ms main log ["one", "two"]
#   0ms main log ["a\\nb", "c)d"]
#   0ms main log []
#   0ms main log 'chars'
#   0ms main log 'raw\\n'
#   0ms main log "a|bc|d"
#   0ms main log "heredoc\n  indented 2\n"
#   0ms main log matched a sigil pattern
#   0ms main exit :normal
#   0ms main.pid cut off (the script ended)
