# name: CallbacksIntoProtocol
# description: Enum.into/3 with a transform that is no function, into what is no Collectable: 1.14 asks the target's Collectable first (Protocol.UndefinedError), before it calls the transform. Apart from callbacks_not_functions.exs, whose 46 crashing processes made the VM's protocol lookups land a 50 ms quantum late under load

defmodule FF do
  def down(name, f) do
    {pid, ref} = spawn_monitor(f)
    receive do
      {:DOWN, ^ref, :process, ^pid, reason} -> IO.puts("#{name}: #{inspect(reason)}")
    end
  end
end
for {name, f} <- [
      {"into no collectable", fn -> Enum.into([1], :foo, :x) end},
      {"into no collectable, a fun", fn -> Enum.into([1], :foo, fn x -> IO.puts("called"); x end) end},
      {"into a range", fn -> Enum.into("abc", 1..2, :x) end}
    ] do
  FF.down(name, f)
end

# expect:
#   0ms main log into no collectable: {%Protocol.UndefinedError{protocol: Collectable, value: :foo, description: ""}, []}
#   0ms main log into no collectable, a fun: {%Protocol.UndefinedError{protocol: Collectable, value: :foo, description: ""}, []}
#   0ms main log into a range: {%Protocol.UndefinedError{protocol: Collectable, value: 1..2, description: ""}, []}
#   0ms main exit :normal
#   0ms main.spawn_monitor exit {%Protocol.UndefinedError{protocol: Collectable, value: :foo, description: ""}, []}
#   0ms main.spawn_monitor#2 exit {%Protocol.UndefinedError{protocol: Collectable, value: :foo, description: ""}, []}
#   0ms main.spawn_monitor#3 exit {%Protocol.UndefinedError{protocol: Collectable, value: 1..2, description: ""}, []}
