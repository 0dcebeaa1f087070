# name: Defexception
# description: exceptions of the program's own (defexception with defaults, with its own message/1 or exception/1) raised as raise Mod, raise Mod, attrs, raise Mod, "msg" and raise %Mod{}, rescued by name inside a GenServer and across a call, as a server's and a task's exit reasons, and Exception.message/1 of each; the defaults exception/1 and message/1 defexception defines, called directly
defmodule Bank.InsufficientFunds do
  defexception [:balance, :amount, message: "insufficient funds"]
end

defmodule Bank.NotFound do
  defexception [:id]

  @impl true
  def message(%{id: id}), do: "account #{inspect(id)} not found"
end

defmodule Bank.Frozen do
  defexception message: "account frozen", reason: nil

  @impl true
  def exception(reason) do
    %Bank.Frozen{message: "account frozen: #{reason}", reason: reason}
  end
end

defmodule Bank do
  use GenServer

  def init(accounts), do: {:ok, accounts}

  def handle_call({:withdraw, id, amount}, _from, accounts) do
    withdraw!(accounts, id, amount)
  rescue
    e in [Bank.NotFound, Bank.InsufficientFunds] ->
      {:reply, {:error, Exception.message(e)}, accounts}
  end

  defp withdraw!(accounts, id, amount) do
    case Map.fetch(accounts, id) do
      :error -> raise Bank.NotFound, id: id
      {:ok, :frozen} -> raise Bank.Frozen, :court_order
      {:ok, balance} when balance < amount ->
        raise Bank.InsufficientFunds, balance: balance, amount: amount
      {:ok, balance} -> {:reply, balance - amount, Map.put(accounts, id, balance - amount)}
    end
  end

  def withdraw(pid, id, amount), do: GenServer.call(pid, {:withdraw, id, amount})

  def check(amount) do
    if amount < 0, do: raise(Bank.InsufficientFunds, "negative: #{amount}")
    if amount == 0, do: raise(Bank.InsufficientFunds)
    if amount > 1000, do: raise(%Bank.NotFound{id: amount})
    :ok
  end
end

defmodule NoMsg do
  defexception [:x]
end

defmodule BadMsg do
  defexception [:x]
  def message(e), do: {:oops, e.x}
end

defmodule Plain do
  defstruct [:a]
end

defmodule Kw do
  defexception message: "kw default", extra: 1
end

defmodule Use do
  def go do
    IO.inspect(Kw.exception(extra: 5))
    IO.inspect(Kw.message(Kw.exception("hi")))
    IO.inspect(NoMsg.exception(x: 1))

    for f <- [
          fn -> raise Plain end,
          fn -> raise BadMsg, x: 2 end,
          fn -> raise NoMsg, 5 end,
          fn -> raise %Kw{extra: 3} end
        ] do
      try do
        f.()
      rescue
        e in Kw -> IO.puts("Kw #{e.extra}: #{Exception.message(e)}")
        e -> IO.puts("#{inspect(e.__struct__)}: #{Exception.message(e)}")
      end
    end
  end
end

for amount <- [5, -1, 0, 2000] do
  try do
    IO.inspect(Bank.check(amount))
  rescue
    e in Bank.InsufficientFunds -> IO.puts("insufficient: #{Exception.message(e)} #{inspect(e)}")
    e -> IO.puts("other: #{Exception.message(e)} #{inspect(e)}")
  end
end

try do
  raise Bank.NotFound, [id: 1, extra: 2]
rescue
  e -> IO.puts(inspect(e))
end

try do
  raise Bank.NotFound, "a message"
rescue
  e -> IO.puts(inspect(e))
end

try do
  raise Bank.Frozen, "why"
rescue
  e -> IO.puts(inspect({e, Exception.message(e)}))
end

Process.flag(:trap_exit, true)
{:ok, pid} = GenServer.start_link(Bank, %{a: 10, f: :frozen})
IO.inspect(Bank.withdraw(pid, :a, 4))
IO.inspect(Bank.withdraw(pid, :a, 40))
IO.inspect(Bank.withdraw(pid, :b, 1))
IO.inspect(Bank.withdraw(pid, :a, 1))
{:ok, pid2} = GenServer.start_link(Bank, %{f: :frozen})
try do
  Bank.withdraw(pid2, :f, 1)
catch
  :exit, {{e, _stack}, _call} -> IO.inspect(e, label: "call exited")
end
receive do
  {:EXIT, ^pid2, {e, _}} -> IO.puts("server died: " <> Exception.message(e))
end

task = Task.async(fn -> raise Bank.InsufficientFunds, amount: 3 end)
receive do
  {:EXIT, _, {e, _}} -> IO.puts("task crashed, amount #{e.amount}: #{Exception.message(e)}")
end
Process.demonitor(task.ref, [:flush])

Use.go()

# expect:
#   0ms main log :ok
#   0ms main rescue %Bank.InsufficientFunds{balance: nil, amount: nil, message: "negative: -1"}
#   0ms main log insufficient: negative: -1 %Bank.InsufficientFunds{balance: nil, amount: nil, message: "negative: -1"}
#   0ms main rescue %Bank.InsufficientFunds{balance: nil, amount: nil, message: "insufficient funds"}
#   0ms main log insufficient: insufficient funds %Bank.InsufficientFunds{balance: nil, amount: nil, message: "insufficient funds"}
#   0ms main rescue %Bank.NotFound{id: 2000}
#   0ms main log other: account 2000 not found %Bank.NotFound{id: 2000}
#   0ms main rescue %Bank.NotFound{id: 1}
#   0ms main log %Bank.NotFound{id: 1}
#   0ms main rescue %FunctionClauseError{module: Bank.NotFound, function: :exception, arity: 1, kind: nil, args: nil, clauses: nil}
#   0ms main log %FunctionClauseError{module: Bank.NotFound, function: :exception, arity: 1, kind: nil, args: nil, clauses: nil}
#   0ms main rescue %Bank.Frozen{message: "account frozen: why", reason: "why"}
#   0ms main log {%Bank.Frozen{message: "account frozen: why", reason: "why"}, "account frozen: why"}
#   0ms main log 6
#   0ms main log {:error, "insufficient funds"}
#   0ms main log {:error, "account :b not found"}
#   0ms main log 5
#   0ms main catch_exit {{%Bank.Frozen{message: "account frozen: court_order", reason: :court_order}, []}, {GenServer, :call, [#PID<main.pid2>, {:withdraw, :f, 1}, 5000]}}
#   0ms main log call exited: %Bank.Frozen{message: "account frozen: court_order", reason: :court_order}
#   0ms main log server died: account frozen: court_order
#   0ms main log task crashed, amount 3: insufficient funds
#   0ms main log %Kw{message: "kw default", extra: 5}
#   0ms main log "hi"
#   0ms main log %NoMsg{x: 1}
#   0ms main rescue %UndefinedFunctionError{module: Plain, function: :exception, arity: 1, reason: nil, message: nil}
#   0ms main log UndefinedFunctionError: function Plain.exception/1 is undefined or private
#   0ms main rescue %BadMsg{x: 2}
#   0ms main log BadMsg: got {:oops, 2} while retrieving Exception.message/1 for %BadMsg{x: 2} (expected a string)
#   0ms main rescue %FunctionClauseError{module: NoMsg, function: :exception, arity: 1, kind: nil, args: nil, clauses: nil}
#   0ms main log FunctionClauseError: no function clause matching in NoMsg.exception/1
#   0ms main rescue %Kw{message: "kw default", extra: 3}
#   0ms main log Kw 3: kw default
#   0ms main exit :normal
#   0ms main.pid rescue %Bank.InsufficientFunds{balance: 6, amount: 40, message: "insufficient funds"}
#   0ms main.pid rescue %Bank.NotFound{id: :b}
#   0ms main.pid cut off (the script ended)
#   0ms main.pid2 exit {%Bank.Frozen{message: "account frozen: court_order", reason: :court_order}, []}
#   0ms main.task exit {%Bank.InsufficientFunds{balance: nil, amount: 3, message: "insufficient funds"}, []}
