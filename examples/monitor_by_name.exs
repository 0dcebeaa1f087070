# name: MonitorByName
# description: a monitor taken on a registered name gives a DOWN whose fourth element is {name, node} instead of the pid; a name nobody has gives that DOWN with :noproc at once
#
# A client watches a cache server through its name: the DOWN says which name went away,
# and monitoring the name again once it is free reports :noproc straight away.

cache =
  spawn(fn ->
    Process.sleep(100)
    exit(:maintenance)
  end)

Process.register(cache, :cache)
ref = Process.monitor(:cache)

receive do
  {:DOWN, ^ref, :process, who, reason} -> IO.puts("down: #{inspect(who)} #{inspect(reason)}")
end

ref2 = Process.monitor({:cache, node()})

receive do
  {:DOWN, ^ref2, :process, who, reason} -> IO.puts("again: #{inspect(who)} #{inspect(reason)}")
end

# expect:
#   100ms main log down: {:cache, :nonode@nohost} :maintenance
#   100ms main log again: {:cache, :nonode@nohost} :noproc
#   100ms main exit :normal
#   100ms main.cache exit :maintenance
