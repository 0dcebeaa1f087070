# The runtime of `otpsim conform` (Elixir 1.14 / OTP 25): what the emitted program modules
# call, and the driver that compiles them and runs them all at once in this one VM.
#
# Each program runs under its own *runner* process, in isolation: the runner spawns the
# program's `main`, names and monitors every process the program starts, collects the
# observations the processes send it, and prints them when the whole batch is over.
#
# * A process the program starts directly (`spawn`, `Task.async`, ...) waits in `born/1`
#   until its parent has had the runner monitor it (`started/4`): even an instant death is
#   seen with its real reason.
# * A process started by someone else on the program's behalf (a supervisor's child, a
#   server, a Task.Supervisor task) registers itself (`adopt/2`) before running its steps.
# * Names are given out by the runner (`alloc/1`): `<parent>.<binding>`, `#2`, `#3` for
#   repeats, as the simulator names them.
# * Supervisors are traced (`erlang:exit/2` calls: whom they terminate or kill; a
#   Task.Supervisor's `Task.Supervised.start_link` calls: which tasks it starts) and their
#   `:supervisor` error reports reach a logger handler (giving up, start and shutdown
#   errors); the start functions of Supervisor and DynamicSupervisor children report each
#   start.
#
# Output, one line each, fields separated by tabs (`what` escapes \\, \n, \t and \r):
#   OTPSIM  O  <program>  <elapsed ms>  <process>  <what>     an observation
#   OTPSIM  A  <program>  <process>                           still alive at the deadline (killed)
#   OTPSIM  P  <program>  done|deadline                       the program is over
#   OTPSIM  C  <program>  <message>                           the program's module did not compile
#   OTPSIM  X  <program>  <message>                           the runner itself failed (a bug here)
#   OTPSIM  END  <count>                                      the batch is over

defmodule OtpsimRt do
  @moduledoc false

  # ---- inside a program's processes --------------------------------------------------------
  # The process dictionary key :otpsim holds {runner, names_table, t0, my_name, atom_suffix};
  # a child context (`child/1`) adds the ref its `born/1` waits for.

  defp ctx, do: Process.get(:otpsim)

  defp call_runner(runner, msg) do
    tag = make_ref()
    send(runner, {:otpsim_call, self(), tag, msg})

    receive do
      {:otpsim_reply, ^tag, reply} -> reply
    end
  end

  @doc "A unique process name made of `base` (`base`, `base#2`, ...), from the runner."
  def alloc(runner, base), do: call_runner(runner, {:alloc, base})

  @doc "The context of the next process this one starts, named `<me>.<binding>`."
  def child(binding) do
    {runner, tab, t0, name, suffix} = ctx()
    cname = alloc(runner, name <> "." <> binding)
    {runner, tab, t0, cname, suffix, make_ref()}
  end

  @doc "First thing a process started directly does: wait until the runner watches it."
  def born({runner, tab, t0, name, suffix, go}) do
    receive do
      {:otpsim_go, ^go} -> :ok
    end

    Process.put(:otpsim, {runner, tab, t0, name, suffix})
    :ok
  end

  @doc "Has the runner monitor (and name) `pid`, then lets it run. Returns `pid`."
  def started(pid, {runner, _tab, _t0, cname, _suffix, go}, ref \\ nil, meta \\ nil) do
    :ok = call_runner(runner, {:watch, pid, cname, ref, go, meta})
    pid
  end

  @doc "`started/4` for a `%Task{}`: its reference is named after it too."
  def task(%Task{pid: pid, ref: ref} = t, ctx) do
    started(pid, ctx, ref)
    t
  end

  @doc "The calling process registers itself under the name in `ctx`."
  def adopt({runner, tab, t0, name, suffix, _go}, meta \\ nil) do
    :ok = call_runner(runner, {:watch, self(), name, nil, nil, meta})
    Process.put(:otpsim, {runner, tab, t0, name, suffix})
    :ok
  end

  defp obs(what) do
    {runner, _tab, t0, name, _suffix} = ctx()
    send(runner, {:otpsim_obs, now() - t0, name, what})
    :ok
  end

  @doc """
  A log line: a list of strings and `{:otpsim_inspect, value}` parts. The `inspect` parts are
  rendered by the runner after the batch, so that no program spends time on it mid-run.
  """
  def log(parts), do: obs({:log, parts})

  def result(label, value) do
    obs({:term, label <> " -> ", value})
    value
  end

  def got(msg), do: obs({:term, "receive ", msg})
  def timed_out(timeout), do: obs({:term, "receive after ", timeout})
  def caught(how, value), do: obs({:term, how <> " ", value})

  @doc "`inspect/1` with the program's names for pids and task references (now)."
  def insp(value) do
    {_runner, tab, _t0, _name, suffix} = ctx()
    render(value, tab, suffix)
  end

  @doc """
  `x` for `"\#{x}"`: a registered name's atom as the program wrote it, without the suffix
  that keeps programs apart in this VM (`:srv`, not `:"srv@otpsim7"`).
  """
  def show(x) when is_atom(x) do
    {_runner, _tab, _t0, _name, suffix} = ctx()
    s = Atom.to_string(x)

    if suffix != "" and String.ends_with?(s, suffix),
      do: String.replace_suffix(s, suffix, ""),
      else: x
  end

  def show(x), do: x

  @doc "`t`'s reference prints with its task's name (however the task got it)."
  def name_ref(%Task{pid: pid, ref: ref} = t) do
    {runner, _tab, _t0, _name, _suffix} = ctx()
    send(runner, {:otpsim_ref, ref, pid})
    t
  end

  defp now, do: System.monotonic_time(:millisecond)

  # ---- supervisors -------------------------------------------------------------------------

  defmodule Sup do
    @moduledoc false
    use Supervisor

    def init({ctx, meta, children, flags}) do
      OtpsimRt.adopt(ctx, Map.put(meta, :sup, true))
      Supervisor.init(children, flags)
    end
  end

  defmodule DynSup do
    @moduledoc false
    use DynamicSupervisor

    def init({ctx, meta, opts}) do
      OtpsimRt.adopt(ctx, Map.put(meta, :sup, true))
      DynamicSupervisor.init(opts)
    end
  end

  @doc """
  Starts a supervisor named by `ctx`: `{:static, children, flags}`, `{:dynamic, opts}` or
  `{:task, opts}` (`opts` with `name:` when it has one). `meta` is what its own supervisor, if
  any, calls it (`shown`: the id to print; `shutdown`).
  """
  def start_sup(ctx, meta, {:static, children, flags, opts}),
    do: Supervisor.start_link(Sup, {ctx, meta, children, flags}, opts)

  def start_sup(ctx, meta, {:dynamic, init, opts}),
    do: DynamicSupervisor.start_link(DynSup, {ctx, meta, init}, opts)

  def start_sup(ctx, meta, {:task, opts}) do
    # Task.Supervisor has no init of ours: it has no children yet, so it is registered
    # right after it started.
    case Task.Supervisor.start_link(opts) do
      {:ok, pid} = ok ->
        {runner, _tab, _t0, cname, _suffix, _go} = ctx
        meta = meta |> Map.put(:sup, true) |> Map.put(:task_sup, true)
        :ok = call_runner(runner, {:watch, pid, cname, nil, nil, meta})
        ok

      other ->
        other
    end
  end

  defp sup_child(label, shown, shutdown) do
    {child(label), %{shown: shown, shutdown: shutdown}}
  end

  @doc "A worker child's start function (runs in the supervisor): `{:ok, spawn_link(fun)}`."
  def start_worker(label, shown, shutdown, fun) do
    {c, meta} = sup_child(label, shown, shutdown)

    pid =
      spawn_link(fn ->
        born(c)
        fun.()
      end)

    started(pid, c, nil, meta)
    obs({:sup_started, shown, pid})
    {:ok, pid}
  end

  @doc "A `{Task, fun}` child's start function (runs in the supervisor): `Task.start_link`."
  def start_task(label, shown, shutdown, fun) do
    {c, meta} = sup_child(label, shown, shutdown)

    {:ok, pid} =
      Task.start_link(fn ->
        born(c)
        fun.()
      end)

    started(pid, c, nil, meta)
    obs({:sup_started, shown, pid})
    {:ok, pid}
  end

  @doc "A supervisor child's start function (runs in its supervisor)."
  def start_sup_child(label, shown, shutdown, how) do
    {c, meta} = sup_child(label, shown, shutdown)

    case start_sup(c, meta, how) do
      {:ok, pid} = ok ->
        obs({:sup_started, shown, pid})
        ok

      other ->
        other
    end
  end

  @doc """
  First thing a `Task.Supervisor` task does: register itself as `<supervisor>.<label>`. (Its
  start is reported from the supervisor: the runner traces its `Task.Supervised.start_link`
  calls.)
  """
  def adopt_task(label, shutdown) do
    sup =
      case hd(Process.get(:"$ancestors")) do
        name when is_atom(name) -> Process.whereis(name)
        pid -> pid
      end

    [{_, {runner, tab, t0, sup_name, suffix}}] = :ets.lookup(:otpsim_procs, sup)
    name = alloc(runner, sup_name <> "." <> label)
    adopt({runner, tab, t0, name, suffix, nil}, %{shown: nil, shutdown: shutdown})
  end

  defmodule Log do
    @moduledoc false
    # A logger handler: the `:supervisor` error reports of the programs' supervisors.
    @contexts [:shutdown, :start_error, :shutdown_error]

    def log(%{msg: {:report, %{label: {:supervisor, context}, report: report}}}, _config)
        when context in @contexts do
      case :ets.lookup(:otpsim_procs, self()) do
        [{_, {runner, _tab, t0, name, _suffix}}] ->
          offender = Keyword.get(report, :offender, [])
          reason = Keyword.get(report, :reason)
          what = {:sup_report, context, Keyword.get(offender, :id), Keyword.get(offender, :pid), reason}
          send(runner, {:otpsim_obs, System.monotonic_time(:millisecond) - t0, name, what})

        [] ->
          :ok
      end
    end

    def log(_event, _config), do: :ok
  end

  # ---- rendering ---------------------------------------------------------------------------

  @doc """
  `inspect/1`, with every pid and reference the program named printed as `#PID<main.t>` /
  `#Reference<main.t>`, every stacktrace as `[]`, and registered-name atoms without the
  per-program suffix that keeps programs apart in this VM.
  """
  def render(term, tab, suffix) do
    named = name(term, tab, suffix)
    text = inspect(named, limit: :infinity, printable_limit: :infinity)
    Regex.replace(~r/:"otpsim:(PID|Reference|Opaque):([^"]*)"/, text, "#\\1<\\2>")
  end

  defp name(t, tab, _suffix) when is_pid(t) or is_reference(t) do
    kind = if is_pid(t), do: "PID", else: "Reference"

    case :ets.lookup(tab, t) do
      # A task reference recorded with its task's pid (`name_ref/1`).
      [{_, pid}] when is_pid(pid) ->
        case :ets.lookup(tab, pid) do
          [{_, n}] -> String.to_atom("otpsim:" <> kind <> ":" <> n)
          [] -> t
        end

      [{_, n}] ->
        String.to_atom("otpsim:" <> kind <> ":" <> n)

      [] ->
        t
    end
  end

  defp name(t, tab, suffix) when is_list(t) do
    if stacktrace?(t), do: [], else: Enum.map(t, &name(&1, tab, suffix))
  end

  defp name(t, tab, suffix) when is_tuple(t) do
    t |> Tuple.to_list() |> Enum.map(&name(&1, tab, suffix)) |> List.to_tuple()
  end

  # A child spec (as `Supervisor.start_child/2` sends it, or as `DynamicSupervisor` keeps
  # it) holds our start function: it prints as the simulator prints its own,
  # `#Opaque<child_spec>`.
  defp name(%{id: _, start: _}, _tab, _suffix), do: :"otpsim:Opaque:child_spec"
  defp name({{OtpsimRt, _, _}, _, _, _, _}, _tab, _suffix), do: :"otpsim:Opaque:child_spec"

  defp name(t, tab, suffix) when is_map(t) do
    # Structs too (they are not Enumerable): every key and value, `__struct__` included.
    :maps.fold(fn k, v, acc -> Map.put(acc, name(k, tab, suffix), name(v, tab, suffix)) end, %{}, t)
  end

  defp name(t, _tab, suffix) when is_atom(t) and suffix != "" do
    s = Atom.to_string(t)

    if String.ends_with?(s, suffix),
      do: String.to_atom(String.replace_suffix(s, suffix, "")),
      else: t
  end

  defp name(t, _tab, _suffix), do: t

  defp stacktrace?([_ | _] = l), do: Enum.all?(l, &frame?/1)
  defp stacktrace?(_), do: false

  defp frame?({m, f, a, loc})
       when is_atom(m) and is_atom(f) and (is_integer(a) or is_list(a)) and is_list(loc),
       do: true

  defp frame?(_), do: false

  # ---- the runner of one program -----------------------------------------------------------

  @doc """
  Runs program `idx` (module `mod`): watches every process it starts until all are dead or
  `deadline_ms` passed, tells `driver` it is over, and prints its observations when the
  driver says so (after the whole batch: rendering never competes with running programs).
  With `align`, the program starts just after a whole second of the monotonic clock, as
  the simulator's does: its supervisors' restart stamps (whole seconds) are then the
  simulator's.
  """
  def run(driver, idx, mod, deadline_ms, suffix, align) do
    tab = :ets.new(:otpsim_names, [:set, :public, read_concurrency: true])
    if align, do: Process.sleep((System.monotonic_time(:second) + 1) * 1000 - now())
    t0 = now()
    go = make_ref()
    ctx = {self(), tab, t0, "main", suffix, go}

    {pid, mref} =
      spawn_monitor(fn ->
        born(ctx)
        mod.main()
      end)

    :ets.insert(tab, {pid, "main"})
    send(pid, {:otpsim_go, go})

    st = %{
      tab: tab,
      t0: t0,
      suffix: suffix,
      live: %{mref => {pid, "main"}},
      obs: [],
      used: MapSet.new(["main"]),
      meta: %{}
    }

    {status, st} = loop(st, t0 + deadline_ms)
    send(driver, {:otpsim_over, self()})

    receive do
      :otpsim_render -> out(idx, status, st)
    end
  end

  defp unique(used, base, n \\ 1) do
    name = if n == 1, do: base, else: base <> "#" <> Integer.to_string(n)
    if MapSet.member?(used, name), do: unique(used, base, n + 1), else: name
  end

  defp loop(%{live: live} = st, _until) when map_size(live) == 0, do: {"done", st}

  defp loop(st, until) do
    receive do
      {:otpsim_obs, ms, name, what} ->
        loop(%{st | obs: [{ms, name, what} | st.obs]}, until)

      {:otpsim_call, from, tag, {:alloc, base}} ->
        name = unique(st.used, base)
        send(from, {:otpsim_reply, tag, name})
        loop(%{st | used: MapSet.put(st.used, name)}, until)

      {:otpsim_call, from, tag, {:watch, pid, name, ref, go, meta}} ->
        mref = Process.monitor(pid)
        :ets.insert(st.tab, {pid, name})
        if ref != nil, do: :ets.insert(st.tab, {ref, name})
        meta = meta || %{}

        if Map.get(meta, :sup) do
          :ets.insert(:otpsim_procs, {pid, {self(), st.tab, st.t0, name, st.suffix}})
          :erlang.trace(pid, true, [:call, {:tracer, self()}])
        end

        if go != nil, do: send(pid, {:otpsim_go, go})
        send(from, {:otpsim_reply, tag, :ok})
        st = %{st | live: Map.put(st.live, mref, {pid, name}), meta: Map.put(st.meta, pid, meta)}
        loop(st, until)

      {:otpsim_ref, ref, pid} ->
        :ets.insert(st.tab, {ref, pid})
        loop(st, until)

      {:trace, sup, :call, {:erlang, :exit, [target, signal]}} ->
        case {Map.get(st.meta, target), :ets.lookup(st.tab, sup)} do
          {%{shutdown: shutdown} = meta, [{_, sup_name}]} ->
            what = {:sup_exit, Map.get(meta, :shown), target, signal, shutdown}
            loop(%{st | obs: [{now() - st.t0, sup_name, what} | st.obs]}, until)

          _ ->
            loop(st, until)
        end

      # A Task.Supervisor started a task (a first start or a restart). (Other supervisors
      # call it too, inside `Task.start_link/1`: their start functions report those.)
      {:trace, sup, :return_from, {Task.Supervised, :start_link, _}, {:ok, pid}} ->
        case {:ets.lookup(st.tab, sup), Map.get(st.meta, sup, %{})} do
          {[{_, sup_name}], %{task_sup: true}} ->
            o = {now() - st.t0, sup_name, {:sup_started, nil, pid}}
            loop(%{st | obs: [o | st.obs]}, until)

          _ ->
            loop(st, until)
        end

      {:DOWN, mref, :process, _pid, reason} ->
        case Map.pop(st.live, mref) do
          {nil, _} ->
            loop(st, until)

          {{_pid, name}, live} ->
            o = {now() - st.t0, name, {:term, "exit ", reason}}
            loop(%{st | live: live, obs: [o | st.obs]}, until)
        end

      _other ->
        loop(st, until)
    after
      max(until - now(), 0) ->
        for {_mref, {pid, _}} <- st.live, do: Process.exit(pid, :kill)
        {"deadline", st}
    end
  end

  # What a supervisor did, in the simulator's words.
  defp who(nil, pid, r), do: r.(pid)
  defp who(:undefined, pid, r), do: r.(pid)
  defp who(id, _pid, r), do: r.(id)

  defp text({:log, parts}, r) do
    "log " <>
      Enum.map_join(parts, fn
        {:otpsim_inspect, v} -> r.(v)
        text -> text
      end)
  end

  defp text({:term, prefix, t}, r), do: prefix <> r.(t)
  defp text({:sup_started, nil, pid}, r), do: "started " <> r.(pid)
  defp text({:sup_started, id, pid}, r), do: "started #{r.(id)} #{r.(pid)}"

  defp text({:sup_exit, shown, pid, :kill, shutdown}, r) when shutdown != :brutal_kill,
    do: "killing #{who(shown, pid, r)}: its shutdown time is up"

  defp text({:sup_exit, shown, pid, signal, shutdown}, r),
    do: "terminating #{who(shown, pid, r)} with #{r.(signal)} (shutdown: #{r.(shutdown)})"

  defp text({:sup_report, :shutdown, id, pid, :reached_max_restart_intensity}, r),
    do: "gave up on #{who(id, pid, r)}: reached_max_restart_intensity"

  defp text({:sup_report, :start_error, id, pid, reason}, r),
    do: "failed to start #{who(id, pid, r)}: #{r.(reason)}"

  defp text({:sup_report, :shutdown_error, id, pid, reason}, r),
    do: "shutdown error for #{who(id, pid, r)}: #{r.(reason)}"

  defp text({:sup_report, context, id, pid, reason}, r),
    do: "supervisor report #{context} #{who(id, pid, r)}: #{r.(reason)}"

  defp out(idx, status, st) do
    i = Integer.to_string(idx)
    r = fn t -> render(t, st.tab, st.suffix) end

    lines =
      for {ms, name, what} <- Enum.reverse(st.obs) do
        ["OTPSIM\tO\t", i, "\t", Integer.to_string(ms), "\t", name, "\t", esc(text(what, r)), "\n"]
      end

    alive = for {_, {_, name}} <- st.live, do: ["OTPSIM\tA\t", i, "\t", name, "\n"]
    IO.binwrite(:stdio, [lines, alive, "OTPSIM\tP\t", i, "\t", status, "\n"])
  end

  def esc(s) do
    s
    |> String.replace("\\", "\\\\")
    |> String.replace("\n", "\\n")
    |> String.replace("\t", "\\t")
    |> String.replace("\r", "\\r")
  end

  # ---- the driver --------------------------------------------------------------------------

  defp quiet_logger do
    # Crash reports of tasks and proc_lib processes would only be noise here; the
    # supervisors' reports go to our handler.
    for id <- :logger.get_handler_ids(), do: :logger.set_handler_config(id, :level, :none)
    :ok = :logger.add_handler(:otpsim, Log, %{level: :error})
    :logger.set_primary_config(:level, :error)
  end

  @doc "Compiles every program's module (in parallel), then runs them all, `stagger_ms` apart."
  def main(dir, programs, stagger_ms) do
    quiet_logger()
    :ets.new(:otpsim_procs, [:set, :public, :named_table, read_concurrency: true])

    compiled =
      programs
      |> Task.async_stream(&compile(dir, &1),
        max_concurrency: System.schedulers_online(),
        timeout: :infinity,
        ordered: true
      )
      |> Enum.map(fn {:ok, r} -> r end)

    preload()
    # Whom supervisors terminate and kill, and which tasks a Task.Supervisor starts: only
    # supervisors carry the :call trace flag. (After `preload/0`: a pattern is set only on
    # modules that are loaded.)
    1 = :erlang.trace_pattern({:erlang, :exit, 2}, true, [:global])
    ts = {Task.Supervised, :start_link, :_}
    true = :erlang.trace_pattern(ts, [{:_, [], [{:return_trace}]}], [:global]) > 0

    # Starts are spread out a little, so that programs do not all set up at the same
    # instant, nor all have their events in the same milliseconds.
    driver = self()

    runners =
      for {:ok, {idx, mod, deadline, suffix, align}} <- compiled do
        {pid, ref} = spawn_monitor(fn -> run(driver, idx, mod, deadline, suffix, align) end)
        Process.sleep(stagger_ms)
        {pid, ref, idx}
      end

    for {:error, idx, msg} <- compiled do
      IO.binwrite(:stdio, ["OTPSIM\tC\t", Integer.to_string(idx), "\t", esc(msg), "\n"])
    end

    # Every program is over: now print them, one by one.
    over =
      for {pid, ref, idx} <- runners do
        receive do
          {:otpsim_over, ^pid} -> {pid, ref, idx}
          {:DOWN, ^ref, :process, _, reason} -> {nil, reason, idx}
        end
      end

    for {pid, ref, idx} <- over do
      if pid == nil do
        runner_failed(idx, ref)
      else
        send(pid, :otpsim_render)

        receive do
          {:DOWN, ^ref, :process, _, :normal} -> :ok
          {:DOWN, ^ref, :process, _, reason} -> runner_failed(idx, reason)
        end
      end
    end

    IO.binwrite(:stdio, ["OTPSIM\tEND\t", Integer.to_string(length(programs)), "\n"])
  end

  # Modules load on first use, through the one code server: without this, the first
  # programs of a batch wait for `Task.Supervised`, `:supervisor`, ... and run late.
  defp preload do
    mods =
      for app <- [:kernel, :stdlib, :elixir, :logger],
          {:ok, mods} = :application.get_key(app, :modules),
          mod <- mods,
          do: mod

    :code.ensure_modules_loaded(mods)
  end

  defp runner_failed(idx, reason) do
    msg = esc(inspect(reason, limit: :infinity))
    IO.binwrite(:stdio, ["OTPSIM\tX\t", Integer.to_string(idx), "\t", msg, "\n"])
  end

  defp compile(dir, {idx, file, mod, deadline, suffix, align}) do
    try do
      Code.compile_file(Path.join(dir, file))
      {:ok, {idx, mod, deadline, suffix, align}}
    rescue
      e -> {:error, idx, Exception.message(e)}
    catch
      kind, r -> {:error, idx, inspect({kind, r})}
    end
  end
end
