# name: ZooTwoSendersOrder
# description: assuming that messages from two processes arrive in the order they were spawned
#
# Order is only guaranteed between one sender and one receiver. The second worker can
# run first, and its message overtakes the first worker's.

me = self()
spawn(fn -> send(me, {:from, :a}) end)
spawn(fn -> send(me, {:from, :b}) end)

receive do
  {:from, x} -> IO.puts("first #{x}")
end

receive do
  {:from, y} -> IO.puts("second #{y}")
end

# expect:
#   0ms main log first a
#   0ms main log second b
#   0ms main exit :normal
#   0ms main.spawn exit :normal
#   0ms main.spawn#2 exit :normal
