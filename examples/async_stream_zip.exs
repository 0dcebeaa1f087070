# name: AsyncStreamZip
# description: Enum.zip pulls one element at a time from a list and a Task.async_stream; when the list runs out, the stream is halted and its running task killed
#
# Three workers are paired with the results of four jobs (Task.Supervisor.async_stream,
# linked, two at a time; job n takes n * 100 ms). Job 3 ends at 400 ms and makes the
# third pair; then the list of workers is done: job 4, running since 200 ms, is killed.

{:ok, sup} = Task.Supervisor.start_link()

jobs =
  Task.Supervisor.async_stream(sup, 1..4, fn n ->
    Process.sleep(100 * n)
    n * n
  end)

workers = [:ann, :bob, :cid]

for {worker, {:ok, result}} <- Enum.zip(workers, jobs) do
  IO.puts("#{worker} gets #{result}")
end

IO.puts("done")

# expect:
#   0ms main.sup started #PID<main.sup.jobs>
#   0ms main.sup started #PID<main.sup.jobs#2>
#   100ms main.sup started #PID<main.sup.jobs#3>
#   100ms main.sup.jobs exit :normal
#   200ms main.sup started #PID<main.sup.jobs#4>
#   200ms main.sup.jobs#2 exit :normal
#   400ms main log ann gets 1
#   400ms main log bob gets 4
#   400ms main log cid gets 9
#   400ms main log done
#   400ms main exit :normal
#   400ms main.jobs exit :normal
#   400ms main.sup exit :normal
#   400ms main.sup.jobs#3 exit :normal
#   400ms main.sup.jobs#4 exit :killed
