# name: OperatorCaptures
# description: operators captured as functions (&+/2, &>=/2, &++/2, &and/2, &<>/2, &||/2) in reductions and sorts of task results; String.split/3 with trim: and parts:, Integer.to_string/2 in other bases

IO.inspect(Enum.reduce([1, 2, 3], 0, &+/2), label: "sum")
IO.inspect(Enum.sort([3, 1, 2], &>=/2), label: "sort desc")
IO.inspect(Enum.reduce([[1], [2]], [], &++/2), label: "concat")
IO.inspect(Enum.map([1, 2], &Integer.to_string(&1, 2)), label: "base 2")
IO.inspect(String.split("a,b,,c", ",", trim: true), label: "split trim")
IO.inspect(String.split("k=v=w", "=", parts: 2), label: "split parts")
f = &-/2
IO.inspect(f.(10, 3), label: "minus")
IO.inspect(Enum.reduce([true, false], true, &and/2), label: "and")
IO.inspect(Enum.reduce(["a", "b"], "", &<>/2), label: "concat strings")
IO.inspect(Enum.map([1, 5], &(&1 in [1, 2])), label: "in")
g = &||/2
IO.inspect(g.(nil, 3), label: "or else")
tasks = for i <- 1..4, do: Task.async(fn -> i * i end)
IO.inspect(tasks |> Task.await_many() |> Enum.reduce(&+/2), label: "sum of squares")
IO.inspect(String.split("", ",", trim: true), label: "split empty")
IO.inspect(Integer.to_string(-255, 16), label: "hex")

# expect:
#   0ms main log sum: 6
#   0ms main log sort desc: [3, 2, 1]
#   0ms main log concat: [2, 1]
#   0ms main log base 2: ["1", "10"]
#   0ms main log split trim: ["a", "b", "c"]
#   0ms main log split parts: ["k", "v=w"]
#   0ms main log minus: 7
#   0ms main log and: false
#   0ms main log concat strings: "ba"
#   0ms main log in: [true, false]
#   0ms main log or else: 3
#   0ms main log sum of squares: 30
#   0ms main log split empty: []
#   0ms main log hex: "-FF"
#   0ms main exit :normal
#   0ms main.async exit :normal
#   0ms main.async#2 exit :normal
#   0ms main.async#3 exit :normal
#   0ms main.async#4 exit :normal
