e# name: CondClassify
# description: `cond` picks the first true condition: a health checker classifies response times collected from probe processes
#
# Each probe answers after its own delay; the checker measures nothing itself, it is told
# the latency, and cond turns the number into a status.

defmodule Health do
  def status(latency_ms) do
    cond do
      latency_ms < 100 -> :healthy
      latency_ms < 250 -> :degraded
      true -> :down
    end
  end

  def probe(name, latency) do
    Task.async(fn ->
      Process.sleep(latency)
      {name, latency}
    end)
  end
end

probes = [Health.probe(:db, 50), Health.probe(:cache, 150), Health.probe(:search, 300)]

for {name, latency} <- Task.await_many(probes) do
  IO.puts("#{name}: #{latency} ms -> #{Health.status(latency)}")
end

# expect:
#   50ms main.async exit :normal
#   150ms main.async#2 exit :normal
#   300ms main log db: 50 ms -> healthy
#   300ms main log cache: 150 ms -> degraded
#   300ms main log search: 300 ms -> down
#   300ms main exit :normal
#   300ms main.async#3 exit :normal
