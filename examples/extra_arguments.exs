# name: ExtraArguments
# description: DynamicSupervisor's :extra_arguments are prepended to each child's start arguments; Elixir 1.14's Task.Supervisor ignores the option (its tasks run with their own arguments only)
#
# A connection pool hands every worker the pool's settings through :extra_arguments, so
# each child spec names only what differs between workers.

defmodule Conn do
  use GenServer

  def start_link(host, port, name), do: GenServer.start_link(__MODULE__, {host, port, name})

  def init(args), do: {:ok, args}

  def handle_call(:info, _from, args), do: {:reply, args, args}
end

defmodule Job do
  def run(x), do: {:ran, x}
end

{:ok, pool} =
  DynamicSupervisor.start_link(strategy: :one_for_one, extra_arguments: ["db.local", 5432])

for name <- [:a, :b] do
  {:ok, conn} =
    DynamicSupervisor.start_child(pool, %{id: name, start: {Conn, :start_link, [name]}})

  IO.inspect(GenServer.call(conn, :info), label: "conn #{name}")
end

{:ok, tasks} = Task.Supervisor.start_link(extra_arguments: [:ignored])
IO.inspect(Task.await(Task.Supervisor.async(tasks, Job, :run, [1])), label: "task mfa")
IO.inspect(Task.await(Task.Supervisor.async(tasks, fn -> :fun end)), label: "task fun")

Task.Supervisor.async_stream(tasks, [2, 3], Job, :run, [])
|> Enum.each(&IO.inspect(&1, label: "stream"))

# expect:
#   0ms main log conn a: {"db.local", 5432, :a}
#   0ms main log conn b: {"db.local", 5432, :b}
#   0ms main log task mfa: {:ran, 1}
#   0ms main log task fun: :fun
#   0ms main log stream: {:ok, {:ran, 2}}
#   0ms main log stream: {:ok, {:ran, 3}}
#   0ms main exit :normal
#   0ms main.async_stream exit :normal
#   0ms main.pool started #PID<main.pool.a>
#   0ms main.pool started #PID<main.pool.b>
#   0ms main.pool terminating #PID<main.pool.a> with :shutdown (shutdown: 5000)
#   0ms main.pool terminating #PID<main.pool.b> with :shutdown (shutdown: 5000)
#   0ms main.pool exit :normal
#   0ms main.pool.a exit :shutdown
#   0ms main.pool.b exit :shutdown
#   0ms main.tasks started #PID<main.tasks.async>
#   0ms main.tasks started #PID<main.tasks.async#2>
#   0ms main.tasks started #PID<main.tasks.async_stream>
#   0ms main.tasks started #PID<main.tasks.async_stream#2>
#   0ms main.tasks exit :normal
#   0ms main.tasks.async exit :normal
#   0ms main.tasks.async#2 exit :normal
#   0ms main.tasks.async_stream exit :normal
#   0ms main.tasks.async_stream#2 exit :normal
