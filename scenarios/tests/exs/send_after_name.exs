# name: SendAfterName
# description: `Process.send_after/3` to a registered name looks the name up when the timer fires: a name nobody has yet is no error, the process that takes it meanwhile gets the message, a name freed meanwhile drops it, and a timer to a name survives the death of whoever had it when it was set

parent = self()

# Nobody has the name when the timer is set: no error; the late registrant gets it.
r = Process.send_after(:later, {:hello, 1}, 100)
IO.inspect(is_reference(r), label: "a reference for a free name")
spawn(fn ->
  Process.register(self(), :later)
  receive do
    m -> send(parent, {:later_got, m})
  end
end)

# The holder at set time dies; another process takes the name before the timer fires.
first = spawn(fn ->
  Process.register(self(), :swap)
  receive do
    :stop -> :ok
  end
end)
Process.sleep(1)
Process.send_after(:swap, {:hello, 2}, 200)
send(first, :stop)
Process.sleep(10)
spawn(fn ->
  Process.register(self(), :swap)
  receive do
    m -> send(parent, {:swap_got, m})
  end
end)

# Freed before it fires: dropped, silently.
gone = spawn(fn ->
  Process.register(self(), :gone)
  receive do
    :stop -> :ok
  end
end)
Process.sleep(1)
Process.send_after(:gone, {:hello, 3}, 150)
send(gone, :stop)

# To the script's own name.
Process.register(self(), :me)
Process.send_after(:me, {:hello, 4}, 290)

for _ <- 1..3 do
  receive do
    m -> IO.inspect(m, label: "main got")
  end
end

receive do
  m -> IO.inspect(m, label: "unexpected")
after
  200 -> IO.puts("nothing else")
end
