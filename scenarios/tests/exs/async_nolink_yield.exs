# name: AsyncNolinkYield
# description: Task.Supervisor.async_nolink, then Task.yield: one in time, one crashing, one too slow

{:ok, sup} = Task.Supervisor.start_link()

fast = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(100); :fast end)
crash = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(100); raise "boom" end)
slow = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(2000); :slow end)

IO.inspect(Task.yield(fast, 500), label: "fast")
IO.inspect(Task.yield(crash, 500), label: "crash")
IO.inspect(Task.yield(slow, 500), label: "slow")
IO.inspect(Task.shutdown(slow), label: "shutdown")
