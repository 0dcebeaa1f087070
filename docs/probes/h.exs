defmodule H do
  def flush(acc \\ []) do
    receive do
      m -> flush([m | acc])
    after 50 -> Enum.reverse(acc)
    end
  end
  def run(label, fun) do
    parent = self()
    {_pid, ref} = spawn_monitor(fn -> send(parent, {:result, fun.()}) end)
    {res, down} = receive do
      {:result, r} -> {{:returned, r}, receive do {:DOWN, ^ref, _, _, reason} -> reason after 8000 -> :still_alive end}
      {:DOWN, ^ref, _, _, reason} -> {:no_result, reason}
    after 10000 -> {:timeout, :still_alive}
    end
    IO.puts("#{label}:\n   #{inspect(res, limit: 12, printable_limit: 60)}\n   runner exit: #{inspect(shape(down), limit: 10)}")
  end
  def shape(x) do
    case x do
      {%{__exception__: true} = e, st} when is_list(st) -> {e, :stacktrace}
      {a, st} when is_list(st) and st != [] and is_tuple(hd(st)) and tuple_size(hd(st)) == 4 -> {shape(a), :stacktrace}
      {a, b} -> {shape(a), shape(b)}
      {a, b, c} -> {shape(a), shape(b), shape(c)}
      %Task{} -> :task
      l when is_list(l) -> Enum.map(l, &shape/1)
      o -> o
    end
  end
end
