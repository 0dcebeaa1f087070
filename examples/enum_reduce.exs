# name: EnumReduce
# description: Enum.reduce folds a list into one value: a bank account process replays its transactions with reduce, and reduce_while stops at the first overdraft
#
# The account is a process whose state is its list of transactions; the balance is never
# stored, only computed by folding over the list.

defmodule Account do
  def start(transactions), do: spawn(fn -> loop(transactions) end)

  def balance(account), do: ask(account, :balance)
  def first_overdraft(account), do: ask(account, :first_overdraft)

  defp ask(account, question) do
    send(account, {question, self()})

    receive do
      {:account, answer} -> answer
    end
  end

  defp loop(transactions) do
    receive do
      {:balance, from} ->
        total =
          Enum.reduce(transactions, 0, fn
            {:deposit, amount}, acc -> acc + amount
            {:withdraw, amount}, acc -> acc - amount
          end)

        send(from, {:account, total})
        loop(transactions)

      {:first_overdraft, from} ->
        result =
          transactions
          |> Enum.with_index(1)
          |> Enum.reduce_while(0, fn {{kind, amount}, n}, acc ->
            acc = if kind == :deposit, do: acc + amount, else: acc - amount
            if acc < 0, do: {:halt, {:overdrawn_at, n, acc}}, else: {:cont, acc}
          end)

        send(from, {:account, result})
        loop(transactions)
    end
  end
end

account = Account.start([{:deposit, 100}, {:withdraw, 30}, {:withdraw, 90}, {:deposit, 50}])
IO.puts("balance: #{Account.balance(account)}")
IO.inspect(Account.first_overdraft(account), label: "first overdraft")

# reduce without an initial value starts from the first element.
IO.puts("largest deposit: #{Enum.reduce([100, 50, 75], fn x, acc -> max(x, acc) end)}")

# expect:
#   0ms main log balance: 30
#   0ms main log first overdraft: {:overdrawn_at, 3, -20}
#   0ms main log largest deposit: 100
#   0ms main exit :normal
#   0ms main.account cut off (the script ended)
