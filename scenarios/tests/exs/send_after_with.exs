# name: SendAfterWith
# description: Process.send_after, a struct, a map update, with/else and guards

defmodule Order do
  defstruct id: nil, items: [], status: :new

  def check(%Order{items: []}), do: {:error, :empty}
  def check(%Order{items: [_, _, _ | _]}), do: {:error, :too_big}
  def check(%Order{} = o), do: {:ok, %{o | status: :checked}}
end

Process.send_after(self(), {:order, %Order{id: 1, items: [:a]}}, 200)
Process.send_after(self(), {:order, %Order{id: 2}}, 100)
Process.send_after(self(), {:order, %Order{id: 3, items: [:a, :b, :c]}}, 300)

handle = fn ->
  receive do
    {:order, order} ->
      with {:ok, checked} <- Order.check(order),
           :checked <- checked.status do
        IO.puts("order #{checked.id} ok")
      else
        {:error, why} -> IO.puts("order #{order.id} refused: #{why}")
      end
  end
end

handle.()
handle.()
handle.()
