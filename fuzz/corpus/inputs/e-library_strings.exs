# name: LibraryStrings
# description: String.replace, slice, reverse, pad, graphemes and first/last/at, List.insert_at/delete_at/replace_at/zip, Enum.split and product, Integer.parse, Map.put_new and Keyword.take/drop, in tasks that format a report; their errors as exit reasons

defmodule Report do
  def line({name, score}) do
    String.pad_trailing(name, 8, ".") <> String.pad_leading(Integer.to_string(score), 4)
  end

  def exit_of(f) do
    {pid, ref} = spawn_monitor(f)
    receive do
      {:DOWN, ^ref, :process, ^pid, reason} -> reason
    end
  end
end

scores = [{"ann", 12}, {"bob", 7}, {"cyd", 130}]
tasks = for s <- scores, do: Task.async(fn -> Report.line(s) end)
Enum.each(Task.await_many(tasks), &IO.puts/1)

IO.inspect(String.replace("a-b-c", "-", "+"), label: "replace")
IO.inspect(String.replace("a-b-c", "-", "+", global: false), label: "replace once")
IO.inspect(String.slice("concurrency", 3..6), label: "slice range")
IO.inspect(String.slice("concurrency", -4, 2), label: "slice")
IO.inspect(String.reverse("héllo"), label: "reverse")
IO.inspect(String.graphemes("añb"), label: "graphemes")
IO.inspect({String.first("xyz"), String.last("xyz"), String.at("xyz", -2)}, label: "first last at")
IO.inspect(String.ends_with?("report.txt", [".md", ".txt"]), label: "ends_with?")
IO.inspect(String.to_charlist("ok"), label: "to_charlist")
IO.inspect(List.insert_at([1, 2, 3], -2, :x), label: "insert_at")
IO.inspect(List.delete_at([1, 2, 3], 1), label: "delete_at")
IO.inspect(List.replace_at([1, 2, 3], 5, :x), label: "replace_at")
IO.inspect(List.zip([[1, 2], [:a, :b, :c]]), label: "zip")
IO.inspect(Enum.split(1..6, -2), label: "split")
IO.inspect(Enum.product([2, 3, 7]), label: "product")
IO.inspect(Enum.map(["42", "7x", "x7", "-3"], &Integer.parse/1), label: "parse")
IO.inspect(Map.put_new(%{a: 1}, :a, 9) |> Map.put_new(:b, 2), label: "put_new")
IO.inspect({Keyword.take([a: 1, b: 2, a: 3], [:a]), Keyword.drop([a: 1, b: 2], [:a])}, label: "take drop")
IO.inspect(Report.exit_of(fn -> String.pad_leading("abc", 5, [1]) end), label: "pad exit")
IO.inspect(Report.exit_of(fn -> String.slice("abc", :nope) end), label: "slice exit")
IO.inspect(Report.exit_of(fn -> List.insert_at(:no, 0, 1) end), label: "insert_at exit")
IO.inspect(Report.exit_of(fn -> String.replace("abc", :a, "x") end), label: "replace exit")
try do
  String.pad_trailing("a", 3, [:x])
rescue
  e -> IO.inspect(Exception.message(e), label: "rescued")
end

# expect:
#   0ms main log ann.....  12
#   0ms main log bob.....   7
#   0ms main log cyd..... 130
#   0ms main log replace: "a+b+c"
#   0ms main log replace once: "a+b-c"
#   0ms main log slice range: "curr"
#   0ms main log slice: "en"
#   0ms main log reverse: "olléh"
#   0ms main log graphemes: ["a", "ñ", "b"]
#   0ms main log first last at: {"x", "z", "y"}
#   0ms main log ends_with?: true
#   0ms main log to_charlist: 'ok'
#   0ms main log insert_at: [1, 2, :x, 3]
#   0ms main log delete_at: [1, 3]
#   0ms main log replace_at: [1, 2, 3]
#   0ms main log zip: [{1, :a}, {2, :b}]
#   0ms main log split: {[1, 2, 3, 4], [5, 6]}
#   0ms main log product: 42
#   0ms main log parse: [{42, ""}, {7, "x"}, :error, {-3, ""}]
#   0ms main log put_new: %{a: 1, b: 2}
#   0ms main log take drop: {[a: 1, a: 3], [b: 2]}
#   0ms main log pad exit: {%ArgumentError{message: "expected a string padding element, got: 1"}, []}
#   0ms main log slice exit: {:function_clause, []}
#   0ms main log insert_at exit: {:function_clause, []}
#   0ms main log replace exit: {:badarg, []}
#   0ms main rescue %ArgumentError{message: "expected a string padding element, got: :x"}
#   0ms main log rescued: "expected a string padding element, got: :x"
#   0ms main exit :normal
#   0ms main.async exit :normal
#   0ms main.async#2 exit :normal
#   0ms main.async#3 exit :normal
#   0ms main.spawn_monitor exit {%ArgumentError{message: "expected a string padding element, got: 1"}, []}
#   0ms main.spawn_monitor#2 exit {:function_clause, []}
#   0ms main.spawn_monitor#3 exit {:function_clause, []}
#   0ms main.spawn_monitor#4 exit {:badarg, []}
