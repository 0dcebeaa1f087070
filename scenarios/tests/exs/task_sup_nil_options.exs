# name: TaskSupNilOptions
# description: Task.Supervisor.start_child reads :restart and :shutdown with `||`: nil or false is the supervisor's default

{:ok, sup} = Task.Supervisor.start_link()
{:ok, a} = Task.Supervisor.start_child(sup, fn -> Process.sleep(10); exit(:boom) end, restart: nil)
{:ok, b} = Task.Supervisor.start_child(sup, fn -> Process.sleep(20) end, shutdown: nil, restart: false)
{:ok, c} = Task.Supervisor.start_child(sup, fn -> Process.sleep(1000) end, shutdown: false)
ref = Process.monitor(a)
receive do
  {:DOWN, ^ref, :process, _, reason} -> IO.inspect(reason, label: "a")
end
Process.sleep(50)
IO.inspect(Task.Supervisor.children(sup) == [c], label: "only c left")
IO.inspect(Process.alive?(b), label: "b alive")
t = Task.Supervisor.async_nolink(sup, fn -> :done end, shutdown: nil)
IO.inspect(Task.await(t), label: "async_nolink")
s = Task.Supervisor.async_stream(sup, [1, 2], fn x -> x * 10 end, shutdown: nil)
IO.inspect(Enum.to_list(s), label: "async_stream")

# expect:
#   0ms main.sup started #PID<main.sup.a>
#   0ms main.sup started #PID<main.sup.b>
#   0ms main.sup started #PID<main.sup.c>
#   10ms main log a: :boom
#   10ms main.sup.a exit :boom
#   20ms main.sup.b exit :normal
#   60ms main log only c left: true
#   60ms main log b alive: false
#   60ms main log async_nolink: :done
#   60ms main log async_stream: [ok: 10, ok: 20]
#   60ms main exit :normal
#   60ms main.s exit :normal
#   60ms main.sup started #PID<main.sup.t>
#   60ms main.sup started #PID<main.sup.s>
#   60ms main.sup started #PID<main.sup.s#2>
#   60ms main.sup terminating #PID<main.sup.c> with :shutdown (shutdown: 5000)
#   60ms main.sup exit :normal
#   60ms main.sup.c exit :shutdown
#   60ms main.sup.s exit :normal
#   60ms main.sup.s#2 exit :normal
#   60ms main.sup.t exit :normal
