# name: WorkerPool
# description: a GenServer hands out a fixed set of workers; callers check one out, use it, check it in, and wait in line when none is free
#
# Two workers, three jobs of 200 ms each, submitted 50 ms apart: jobs 1 and 2 get a worker
# at once, job 3 (at 100 ms) waits in line until job 1 checks its worker in at 200 ms.

defmodule Pool do
  use GenServer

  def start_link(workers), do: GenServer.start_link(__MODULE__, workers, name: __MODULE__)
  def checkout, do: GenServer.call(__MODULE__, :checkout)
  def checkin(worker), do: GenServer.cast(__MODULE__, {:checkin, worker})

  @impl true
  def init(workers), do: {:ok, %{free: workers, waiting: []}}

  @impl true
  def handle_call(:checkout, _from, %{free: [worker | rest]} = state) do
    {:reply, worker, %{state | free: rest}}
  end

  # No worker free: park the caller; it gets a reply when one comes back.
  def handle_call(:checkout, from, %{free: []} = state) do
    {:noreply, %{state | waiting: state.waiting ++ [from]}}
  end

  @impl true
  def handle_cast({:checkin, worker}, %{waiting: [next | rest]} = state) do
    GenServer.reply(next, worker)
    {:noreply, %{state | waiting: rest}}
  end

  def handle_cast({:checkin, worker}, state) do
    {:noreply, %{state | free: [worker | state.free]}}
  end
end

defmodule Job do
  def run(n) do
    Process.sleep(50 * (n - 1))
    worker = Pool.checkout()
    IO.puts("job #{n} runs on #{worker}")
    Process.sleep(200)
    Pool.checkin(worker)
    "job #{n} done"
  end
end

{:ok, _pool} = Pool.start_link([:w1, :w2])

[1, 2, 3]
|> Enum.map(fn n -> Task.async(fn -> Job.run(n) end) end)
|> Task.await_many()
|> Enum.each(&IO.puts/1)

# expect:
#   0ms main.async log job 1 runs on w1
#   50ms main.async#2 log job 2 runs on w2
#   200ms main.async exit :normal
#   200ms main.async#3 log job 3 runs on w1
#   250ms main.async#2 exit :normal
#   400ms main log job 1 done
#   400ms main log job 2 done
#   400ms main log job 3 done
#   400ms main exit :normal
#   400ms main.async#3 exit :normal
#   400ms main.pool cut off (the script ended)
