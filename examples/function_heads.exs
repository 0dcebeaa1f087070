# name: FunctionHeads
# description: pattern-matching function heads with guards: a message router whose clauses match on shape and guard on values, tried top to bottom
#
# A router process forwards each message to the handler its head selects; a default
# clause at the end catches the rest.

defmodule Router do
  def route({:order, id, amount}) when is_integer(amount) and amount > 1000, do: {:review, id}
  def route({:order, id, amount}) when is_integer(amount) and amount > 0, do: {:accept, id}
  def route({:order, id, _amount}), do: {:reject, id}
  def route({:refund, id}) when is_binary(id), do: {:refund, id}
  def route(%{type: :ping}), do: :pong
  def route([]), do: :empty_batch
  def route([first | _rest] = batch), do: {:batch, length(batch), route(first)}
  def route(_other), do: :unknown

  def loop do
    receive do
      {message, from} ->
        send(from, {:routed, route(message)})
        loop()
    end
  end
end

router = spawn(&Router.loop/0)

messages = [
  {:order, 1, 5000},
  {:order, 2, 20},
  {:order, 3, -1},
  {:refund, "r-9"},
  %{type: :ping},
  [],
  [{:order, 4, 10}, {:order, 5, 2000}],
  :noise
]

for message <- messages do
  send(router, {message, self()})

  receive do
    {:routed, result} -> IO.puts("#{inspect(message)} -> #{inspect(result)}")
  end
end

# expect:
#   0ms main log {:order, 1, 5000} -> {:review, 1}
#   0ms main log {:order, 2, 20} -> {:accept, 2}
#   0ms main log {:order, 3, -1} -> {:reject, 3}
#   0ms main log {:refund, "r-9"} -> {:refund, "r-9"}
#   0ms main log %{type: :ping} -> :pong
#   0ms main log [] -> :empty_batch
#   0ms main log [{:order, 4, 10}, {:order, 5, 2000}] -> {:batch, 2, {:accept, 4}}
#   0ms main log :noise -> :unknown
#   0ms main exit :normal
#   0ms main.router cut off (the script ended)
