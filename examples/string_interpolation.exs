# name: StringInterpolation
# description: building text: #{} interpolation of strings, integers, atoms and expressions, inspect/1 for other terms, <> concatenation, Enum.join and Enum.map_join
#
# Three worker tasks report their progress; the script turns the reports into text.

defmodule Report do
  def line(%{name: name, done: done, total: total}) do
    percent = div(done * 100, total)
    status = if done == total, do: :complete, else: :in_progress
    "#{name}: #{done}/#{total} (#{percent}%) #{status}"
  end

  def summary(reports) do
    names = Enum.map_join(reports, ", ", fn r -> r.name end)
    "workers: " <> names <> " (#{length(reports)} in all)"
  end
end

reports =
  [{"alpha", 4, 4, 50}, {"beta", 1, 3, 100}, {"gamma", 0, 2, 150}]
  |> Enum.map(fn {name, done, total, ms} ->
    Task.async(fn ->
      Process.sleep(ms)
      %{name: name, done: done, total: total}
    end)
  end)
  |> Task.await_many()

Enum.each(reports, fn r -> IO.puts(Report.line(r)) end)
IO.puts(Report.summary(reports))
IO.puts("raw: #{inspect(hd(reports))}")
IO.puts(Enum.join(["a", "b", "c"], "-") <> " / " <> Enum.join([1, 2, 3]))
IO.puts("nested: #{"inner #{1 + 1}"}")

# expect:
#   50ms main.async exit :normal
#   100ms main.async#2 exit :normal
#   150ms main log alpha: 4/4 (100%) complete
#   150ms main log beta: 1/3 (33%) in_progress
#   150ms main log gamma: 0/2 (0%) in_progress
#   150ms main log workers: alpha, beta, gamma (3 in all)
#   150ms main log raw: %{done: 4, name: "alpha", total: 4}
#   150ms main log a-b-c / 123
#   150ms main log nested: inner 2
#   150ms main exit :normal
#   150ms main.async#3 exit :normal
