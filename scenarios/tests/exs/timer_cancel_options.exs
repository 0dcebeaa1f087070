# name: TimerCancelOptions
# description: Process.cancel_timer/2's options (info: false answers :ok; async: true answers :ok and sends {:cancel_timer, ref, result}), and what apply/3 and a call through a module variable reach: a def, never a defp (UndefinedFunctionError naming the function)

defmodule Vault do
  defp secret, do: :leaked
  def open, do: secret()
end

t1 = Process.send_after(self(), :one, 300)
IO.inspect(Process.cancel_timer(t1, info: false), label: "info: false")
t2 = Process.send_after(self(), :two, 300)
Process.sleep(100)
IO.inspect(Process.cancel_timer(t2, async: true), label: "async")
t3 = Process.send_after(self(), :three, 300)
IO.inspect(Process.cancel_timer(t3, async: true, info: false), label: "async, info: false")
IO.inspect(Process.cancel_timer(t3), label: "again")

receive do
  {:cancel_timer, ^t2, left} -> IO.inspect(left in 150..200, label: "cancel_timer message, ms left about 200")
after
  0 -> IO.puts("no message")
end

receive do
  m -> IO.inspect(m, label: "unexpected")
after
  400 -> IO.puts("no timer fired")
end

IO.inspect(Vault.open(), label: "from inside")

for call <- [fn -> apply(Vault, :secret, []) end, fn -> mod = Vault; mod.secret() end, fn -> apply(Vault, :shut, [1]) end] do
  try do
    call.()
  rescue
    e in UndefinedFunctionError -> IO.inspect({e.module, e.function, e.arity}, label: "undefined")
  end
end
