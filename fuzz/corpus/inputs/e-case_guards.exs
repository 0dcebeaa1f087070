e# name: CaseGuards
# description: `case` with guards sorts the messages a process receives: integers by sign, strings by length, tuples by tag, anything else
#
# A sorter process classifies each message it gets and reports back; `case` tries the
# clauses in order and the guards refine the patterns.

defmodule Sorter do
  def classify(value) do
    case value do
      n when is_integer(n) and n < 0 -> "negative integer"
      0 -> "zero"
      n when is_integer(n) -> "positive integer"
      "" -> "empty string"
      s when is_binary(s) -> "string of #{String.length(s)}"
      {:ok, _} -> "success tuple"
      {:error, reason} when is_atom(reason) -> "error: #{reason}"
      other -> "something else: #{inspect(other)}"
    end
  end

  def loop do
    receive do
      {:classify, value, from} ->
        send(from, {:class, classify(value)})
        loop()
    end
  end
end

sorter = spawn(&Sorter.loop/0)

for value <- [-3, 0, 42, "", "hello", {:ok, 1}, {:error, :enoent}, [1, 2]] do
  send(sorter, {:classify, value, self()})

  receive do
    {:class, class} -> IO.puts("#{inspect(value)}: #{class}")
  end
end

# expect:
#   0ms main log -3: negative integer
#   0ms main log 0: zero
#   0ms main log 42: positive integer
#   0ms main log "": empty string
#   0ms main log "hello": string of 5
#   0ms main log {:ok, 1}: success tuple
#   0ms main log {:error, :enoent}: error: enoent
#   0ms main log [1, 2]: something else: [1, 2]
#   0ms main exit :normal
#   0ms main.sorter cut off (the script ended)
