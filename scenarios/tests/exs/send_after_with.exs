# name: SendAfterWith
# description: Process.send_after, a struct, a map update, with/else and guards

defmodule Order do
  defstruct id: nil, items: [], status: :new

  def check(%Order{items: []}), do: {:error, :empty}
  def check(%Order{items: [_, _, _ | _]}), do: {:error, :too_big}
  def check(%Order{} = o), do: {:ok, %{o | status: :checked}}

  # The script's top level cannot build %Order{}: the VM expands the whole file before
  # it defines the module (a CompileError).
  def new(id, items \\ []), do: %Order{id: id, items: items}
end

Process.send_after(self(), {:order, Order.new(1, [:a])}, 200)
Process.send_after(self(), {:order, Order.new(2)}, 100)
Process.send_after(self(), {:order, Order.new(3, [:a, :b, :c])}, 300)

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
