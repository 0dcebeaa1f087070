# name: PubSub
# description: a pub-sub registry GenServer: subscribers register for topics, publishers broadcast, and a subscriber that dies is dropped via its :DOWN message
#
# The registry monitors every subscriber, so it never sends to a dead process and needs no
# unsubscribe call when one crashes.

defmodule PubSub do
  use GenServer

  def start_link, do: GenServer.start_link(__MODULE__, %{}, name: __MODULE__)
  def subscribe(topic), do: GenServer.call(__MODULE__, {:subscribe, topic, self()})
  def publish(topic, message), do: GenServer.cast(__MODULE__, {:publish, topic, message})
  def subscribers(topic), do: GenServer.call(__MODULE__, {:subscribers, topic})

  @impl true
  def init(topics), do: {:ok, topics}

  @impl true
  def handle_call({:subscribe, topic, pid}, _from, topics) do
    Process.monitor(pid)
    {:reply, :ok, Map.update(topics, topic, [pid], fn pids -> [pid | pids] end)}
  end

  def handle_call({:subscribers, topic}, _from, topics) do
    {:reply, length(Map.get(topics, topic, [])), topics}
  end

  @impl true
  def handle_cast({:publish, topic, message}, topics) do
    for pid <- Map.get(topics, topic, []), do: send(pid, {:pubsub, topic, message})
    {:noreply, topics}
  end

  @impl true
  def handle_info({:DOWN, _ref, :process, pid, _reason}, topics) do
    {:noreply, Map.new(topics, fn {topic, pids} -> {topic, List.delete(pids, pid)} end)}
  end
end

defmodule Subscriber do
  def start(name, topic, count) do
    spawn(fn ->
      PubSub.subscribe(topic)
      listen(name, count)
    end)
  end

  defp listen(name, 0), do: IO.puts("#{name} leaves")

  defp listen(name, count) do
    receive do
      {:pubsub, topic, message} ->
        IO.puts("#{name} got #{message} on #{topic}")
        listen(name, count - 1)
    end
  end
end

{:ok, _} = PubSub.start_link()
Subscriber.start("ann", :news, 1)
Subscriber.start("ben", :news, 2)
Subscriber.start("cid", :sports, 1)
Process.sleep(50)
IO.puts("news subscribers: #{PubSub.subscribers(:news)}")

PubSub.publish(:news, "rain tomorrow")
PubSub.publish(:sports, "home team wins")
Process.sleep(100)
IO.puts("news subscribers: #{PubSub.subscribers(:news)}")

PubSub.publish(:news, "sun after all")
Process.sleep(100)
IO.puts("news subscribers: #{PubSub.subscribers(:news)}")

# expect:
#   50ms main log news subscribers: 2
#   50ms main.spawn log ann got rain tomorrow on news
#   50ms main.spawn log ann leaves
#   50ms main.spawn exit :normal
#   50ms main.spawn#2 log ben got rain tomorrow on news
#   50ms main.spawn#3 log cid got home team wins on sports
#   50ms main.spawn#3 log cid leaves
#   50ms main.spawn#3 exit :normal
#   150ms main log news subscribers: 1
#   150ms main.spawn#2 log ben got sun after all on news
#   150ms main.spawn#2 log ben leaves
#   150ms main.spawn#2 exit :normal
#   250ms main log news subscribers: 0
#   250ms main exit :normal
#   250ms main.PubSub cut off (the script ended)
