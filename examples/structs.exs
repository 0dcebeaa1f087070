# name: Structs
# description: structs with defstruct: defaults, pattern matching on the struct name, update syntax, and a struct as a GenServer's state
#
# An order moves through states inside a GenServer; each transition pattern-matches on the
# %Order{} it is allowed from, so an illegal one is refused.

defmodule Order do
  defstruct id: nil, items: [], status: :new

  def new, do: %Order{}

  def total(%Order{items: items}), do: Enum.reduce(items, 0, fn {_name, price}, acc -> acc + price end)
end

defmodule OrderServer do
  use GenServer

  def start_link(id), do: GenServer.start_link(__MODULE__, %Order{id: id})
  def add(pid, item), do: GenServer.call(pid, {:add, item})
  def pay(pid), do: GenServer.call(pid, :pay)
  def ship(pid), do: GenServer.call(pid, :ship)
  def get(pid), do: GenServer.call(pid, :get)

  @impl true
  def init(order), do: {:ok, order}

  @impl true
  def handle_call({:add, item}, _from, %Order{status: :new} = order) do
    order = %Order{order | items: [item | order.items]}
    {:reply, :ok, order}
  end

  def handle_call(:pay, _from, %Order{status: :new, items: [_ | _]} = order) do
    {:reply, {:ok, Order.total(order)}, %{order | status: :paid}}
  end

  def handle_call(:ship, _from, %Order{status: :paid} = order) do
    {:reply, :ok, %{order | status: :shipped}}
  end

  def handle_call(:get, _from, order), do: {:reply, order, order}

  def handle_call(request, _from, %Order{status: status} = order) do
    {:reply, {:error, {request, :not_allowed_when, status}}, order}
  end
end

# (A script cannot write %Order{} at its top level: the struct is not defined yet when
# the file is compiled. Functions of later modules can.)
IO.inspect(Order.new(), label: "defaults")

{:ok, pid} = OrderServer.start_link(7)
IO.inspect(OrderServer.ship(pid), label: "ship before paying")
OrderServer.add(pid, {"book", 12})
OrderServer.add(pid, {"pen", 3})
IO.inspect(OrderServer.pay(pid), label: "pay")
IO.inspect(OrderServer.add(pid, {"late", 1}), label: "add after paying")
IO.inspect(OrderServer.ship(pid), label: "ship")
IO.inspect(OrderServer.get(pid), label: "state")

# expect:
#   0ms main log defaults: %Order{id: nil, items: [], status: :new}
#   0ms main log ship before paying: {:error, {:ship, :not_allowed_when, :new}}
#   0ms main log pay: {:ok, 15}
#   0ms main log add after paying: {:error, {{:add, {"late", 1}}, :not_allowed_when, :paid}}
#   0ms main log ship: :ok
#   0ms main log state: %Order{id: 7, items: [{"pen", 3}, {"book", 12}], status: :shipped}
#   0ms main exit :normal
#   0ms main.pid cut off (the script ended)
