# name: ReceiveLoop
# description: a tail-recursive receive loop keeps a total until told to stop; idles after 1 s of silence

defmodule Summer do
  def loop(total) do
    receive do
      {:add, n} ->
        loop(total + n)

      {:stop, from} ->
        send(from, {:total, total})
        loop(total)
    after
      1000 -> IO.puts("idle with #{total}")
    end
  end
end

summer = spawn(fn -> Summer.loop(0) end)
Enum.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], fn i -> send(summer, {:add, i}) end)
send(summer, {:stop, self()})

receive do
  {:total, t} -> IO.puts("total: #{t}")
end

ref = Process.monitor(summer)

receive do
  {:DOWN, ^ref, :process, _, reason} -> IO.inspect(reason, label: "summer ended")
end
