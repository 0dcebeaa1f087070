defmodule W do
  use GenServer
  def start_link({id, opts}), do: GenServer.start_link(__MODULE__, {id, opts})
  def init({id, opts}) do
    if opts[:trap], do: Process.flag(:trap_exit, true)
    if opts[:log], do: send(opts[:log], {:start, id, self()})
    case opts[:init] do
      nil -> {:ok, {id, opts}}
      other -> other
    end
  end
  def handle_cast({:exit, r}, s), do: {:stop, r, s}
  def handle_info({:EXIT, _, r}, {id, opts} = s) do
    if opts[:log], do: send(opts[:log], {:got_exit, id, r})
    if opts[:ignore_exit], do: {:noreply, s}, else: {:stop, r, s}
  end
  def terminate(r, {id, opts}) do
    if opts[:log], do: send(opts[:log], {:terminate, id, r})
    if opts[:slow_terminate], do: Process.sleep(opts[:slow_terminate])
    :ok
  end
end
defmodule C do
  def spec(id, opts, extra \\ []), do: Supervisor.child_spec({W, {id, opts}}, [id: id] ++ extra)
  def pid_of(sup, id), do: Enum.find_value(Supervisor.which_children(sup), fn {^id, p, _, _} -> p; _ -> nil end)
  def crash(sup, id, r \\ :boom), do: GenServer.cast(pid_of(sup, id), {:exit, r})
  def ids(msgs), do: Enum.map(msgs, fn {:start, id, _} -> {:start, id}; {:terminate, id, r} -> {:term, id, r}; {:EXIT, _, r} -> {:EXIT, r}; {:got_exit, id, r} -> {:got_exit, id, r}; o -> o end)
end

