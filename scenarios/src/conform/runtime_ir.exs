# The runtime of `otpsim conform FILE.exs` (Elixir 1.14 / OTP 25): what the code emitted from
# the IR (`emit_ir/`) calls, the runner of each program, and the driver that compiles the
# programs of a batch and runs them all at once in this one VM. (The step language's
# programs have their own runtime, `runtime.exs`.)
#
# Each program runs under its own *runner*, which traces every process of the program:
# `main` is started with the trace flags `[:procs, :call, :set_on_spawn, :monotonic_timestamp]`
# and the runner as tracer and group leader, so every process the program starts, directly or
# through a supervisor, inherits both. The runner learns everything from the trace:
#
# * **spawns and exits** (`:procs`), with exact reasons and timestamps, nothing missed;
# * **markers**: calls of `OtpsimIr.Mark` functions (call-traced, they do nothing) by which a
#   process says, in order with its spawns, what the next process it starts is called
#   (`next/1`), that a task started elsewhere is `<supervisor>.<label>` (`rename/3`), that a
#   reference is a task's (`task_ref/2`), what a supervised child is to its supervisor
#   (`meta/3`), or what it observed (`obs/1`: a log line, a caught exception, ...);
# * **supervisors** (processes whose spawn says `:supervisor` or `DynamicSupervisor`): whom
#   they terminate or kill (their `:erlang.exit/2` calls), which tasks a `Task.Supervisor`
#   starts (its `Task.Supervised.start_link/3` calls carry the label of a
#   `Task.Supervisor.start_child` task, `run_task/3`), and their `:supervisor` reports (a
#   logger handler, run in the supervisor, turns them into markers).
#
# Trace messages from one process reach the tracer in order, but not in order with messages
# that process sends normally, nor with other processes' trace messages. So the runner
# records what it receives, with the trace's timestamps, and works out names when the run is
# over by replaying the events in time order, as the simulator named processes as they were
# made: `main`; `<parent>.<label>` for a process started while its parent had a label
# pending; `<parent>.sys` (a helper, not observed) otherwise; `#2`, `#3` for repeats.
# `inspect/1` in the program needs names mid-run: the caller waits for every trace message so
# far to be delivered (`:erlang.trace_delivered(:all)`), then the runner replays up to then.
#
# Registered names: programs share the VM's, so wherever a name goes in (`name:`,
# `Process.register`, `send(name, ..)`, `GenServer.call(name, ..)`, ...) it is suffixed
# (`:"srv@otpsim7"`, `reg/1`) and printed back without. Program modules are
# `OtpsimP00007.Worker` and print as `Worker`.
#
# Ending: as `elixir file.exs`, a run halts when `main` ends. The VM takes a fraction of a
# millisecond to halt, and meanwhile the processes that can run do; so, as in the simulator,
# the halt ends the instant: the runner waits until every process of the program waits (none
# can run; no timer has fired since, for an instant is far below a millisecond), then every
# program process still alive is `cut off (the script ended)` (at `main`'s exit) and killed.
# A program that says `run: until quiet` runs until all its processes ended (or the deadline).
#
# Output, one line each, fields separated by tabs (`what` escapes \\, \n, \t and \r), as
# `runtime.exs` prints it:
#   OTPSIM  O  <program>  <elapsed ms>  <process>  <what>     an observation
#   OTPSIM  A  <program>  <process>                           still alive at the deadline (killed)
#   OTPSIM  P  <program>  done|deadline                       the program is over
#   OTPSIM  C  <program>  <message>                           the program's module did not compile
#   OTPSIM  X  <program>  <message>                           the runner itself failed (a bug here)
#   OTPSIM  END  <count>                                      the batch is over

defmodule OtpsimIr.Mark do
  @moduledoc false
  # Call-traced; each does nothing. The runner reads the calls from the trace.
  def next(_label), do: :ok
  def rename(_pid, _sup, _label), do: :ok
  def task_ref(_ref, _pid), do: :ok
  def meta(_pid, _shown, _shutdown), do: :ok
  def obs(_what), do: :ok
end

defmodule OtpsimIr do
  @moduledoc false
  alias OtpsimIr.Mark

  # ---- inside a program's processes ---------------------------------------------------------

  # {runner, module prefix, name suffix} of the program this process belongs to (its group
  # leader is its runner).
  defp ctx do
    [{runner, prefix, suffix}] = :ets.lookup(:otpsim_ir, Process.group_leader())
    {runner, prefix, suffix}
  end

  @doc "A registered name as this program's own in the shared VM (`:srv` is `:\"srv@otpsim7\"`)."
  def reg(x) when is_atom(x) and x not in [nil, true, false, :undefined] do
    {_, _, suffix} = ctx()
    String.to_atom(Atom.to_string(x) <> suffix)
  end

  def reg(x), do: x

  # `name:` of start options.
  defp opts(o) when is_list(o) do
    case List.keyfind(o, :name, 0) do
      {:name, n} when is_atom(n) -> List.keyreplace(o, :name, 0, {:name, reg(n)})
      _ -> o
    end
  end

  defp opts(o), do: o

  # An atom's text as the program wrote it: no module prefix, no name suffix.
  defp strip(s) do
    {_, prefix, suffix} = ctx()
    s = if String.starts_with?(s, prefix), do: "Elixir." <> String.replace_prefix(s, prefix, ""), else: s
    if suffix != "" and String.ends_with?(s, suffix), do: String.replace_suffix(s, suffix, ""), else: s
  end

  @doc "`x` for `\"\#{x}\"`: an atom's text as the program wrote it."
  def show(nil), do: ""
  def show(x) when is_atom(x), do: strip(Atom.to_string(x))
  def show(x), do: x

  defp program_module?(m) when is_atom(m) do
    {_, prefix, _} = ctx()
    String.starts_with?(Atom.to_string(m), prefix)
  end

  defp program_module?(_), do: false

  # ---- observations

  def caught(how, v), do: Mark.obs({:caught, how, v})
  def caught_kind(kind, v), do: Mark.obs({:caught, "catch_" <> Atom.to_string(kind), v})

  def result(label, v) do
    Mark.obs({:result, label, v})
    v
  end

  def got(msg), do: Mark.obs({:got, msg})
  def timed_out(t), do: Mark.obs({:after, t})

  # ---- names

  # The next process this one starts is `<me>.<label>` (a label set by `labelled/3` wins).
  defp name_next(label) do
    case Process.delete(:otpsim_label) do
      nil -> Mark.next(label)
      forced -> Mark.next(forced)
    end
  end

  @doc "A labelled call of a program function: the first process started inside takes the label."
  def labelled(label, fun, args) do
    Process.put(:otpsim_label, label)
    v = apply(fun, args)
    Process.delete(:otpsim_label)
    v
  end

  defp labelled(label, m, f, args) do
    Process.put(:otpsim_label, label)
    v = apply(m, f, args)
    Process.delete(:otpsim_label)
    v
  end

  @doc "`mod.fun(args)` with `mod` known at run time: the program's, or the library's."
  def remote(m, f, args, label) do
    cond do
      program_module?(m) and label != nil -> labelled(label, m, f, args)
      program_module?(m) or not is_atom(m) -> apply(m, f, args)
      true -> OtpsimIr.Lib.call(m, f, args, label)
    end
  end

  # ---- the library, where the VM must name, keep apart or observe

  def b_spawn(l, args), do: spawning(l, Kernel, :spawn, args)
  def b_spawn_link(l, args), do: spawning(l, Kernel, :spawn_link, args)
  def b_spawn_monitor(l, args), do: spawning(l, Kernel, :spawn_monitor, args)
  def b_task_start(l, args), do: spawning(l, Task, :start, args)
  def b_task_start_link(l, args), do: spawning(l, Task, :start_link, args)

  defp spawning(label, m, f, args) do
    name_next(label)
    apply(m, f, args)
  end

  def b_task_async(l, args) do
    t = spawning(l, Task, :async, args)
    Mark.task_ref(t.ref, t.pid)
    t
  end

  def b_gen_start_link(l, [m, a]), do: b_gen_start_link(l, [m, a, []])
  def b_gen_start_link(l, [m, a, o]), do: spawning(l, GenServer, :start_link, [m, a, opts(o)])
  def b_gen_start(l, [m, a]), do: b_gen_start(l, [m, a, []])
  def b_gen_start(l, [m, a, o]), do: spawning(l, GenServer, :start, [m, a, opts(o)])

  def b_sup_start_link(l, [children, o]) when is_list(children) do
    children = specs(children, :static)
    spawning(l, Supervisor, :start_link, [children, opts(o)])
  end

  def b_sup_start_link(l, [m, a]), do: b_sup_start_link(l, [m, a, []])

  def b_sup_start_link(l, [m, a, o]),
    do: spawning(l, Supervisor, :start_link, [OtpsimIr.SupWrap, {m, a}, opts(o)])

  def b_dyn_start_link(l, []), do: b_dyn_start_link(l, [[]])
  def b_dyn_start_link(l, [o]), do: spawning(l, DynamicSupervisor, :start_link, [opts(o)])
  def b_dyn_start_link(l, [m, a]), do: b_dyn_start_link(l, [m, a, []])

  def b_dyn_start_link(l, [m, a, o]),
    do: spawning(l, DynamicSupervisor, :start_link, [m, a, opts(o)])

  def b_tsup_start_link(l, []), do: b_tsup_start_link(l, [[]])
  def b_tsup_start_link(l, [o]), do: spawning(l, Task.Supervisor, :start_link, [opts(o)])

  def b_sup_start_child(_l, [sup, spec]),
    do: Supervisor.start_child(reg(sup), spec(spec, :static))

  def b_dyn_start_child(_l, [sup, spec]),
    do: DynamicSupervisor.start_child(reg(sup), spec(spec, :dynamic))

  # A `Task.Supervisor.start_child` task runs `run_task/3`: the supervisor's call of
  # `Task.Supervised.start_link/3` (traced) carries its label, at every (re)start.
  def b_tsup_start_child(l, [sup, fun]), do: tsup_start_child(l, sup, {:erlang, :apply, [fun, []]}, [])
  def b_tsup_start_child(l, [sup, fun, o]), do: tsup_start_child(l, sup, {:erlang, :apply, [fun, []]}, o)
  def b_tsup_start_child(l, [sup, m, f, a]), do: tsup_start_child(l, sup, {m, f, a}, [])
  def b_tsup_start_child(l, [sup, m, f, a, o]), do: tsup_start_child(l, sup, {m, f, a}, o)

  defp tsup_start_child(label, sup, mfa, o) do
    shutdown = Keyword.get(o, :shutdown, 5000)
    Task.Supervisor.start_child(reg(sup), OtpsimIr, :run_task, [label, shutdown, mfa], o)
  end

  def run_task(_label, _shutdown, {m, f, a}), do: apply(m, f, a)

  def b_tsup_async(l, args), do: tsup_async(:async, l, args)
  def b_tsup_async_nolink(l, args), do: tsup_async(:async_nolink, l, args)

  # The task starts inside the supervisor (a helper at first); then it is renamed, as the
  # simulator does.
  defp tsup_async(kind, label, [sup | rest]) do
    o =
      case rest do
        [_fun, o] -> o
        [_m, _f, _a, o] -> o
        _ -> []
      end

    t = apply(Task.Supervisor, kind, [reg(sup) | rest])
    sup_pid = if is_pid(sup), do: sup, else: Process.whereis(reg(sup))
    Mark.rename(t.pid, sup_pid, label)
    Mark.meta(t.pid, :undefined, Keyword.get(o, :shutdown, 5000))
    Mark.task_ref(t.ref, t.pid)
    t
  end

  def b_apply(_l, [f, args]), do: apply(f, args)
  def b_apply(_l, [m, f, args]), do: remote(m, f, args, nil)

  def b_puts(_l, args) do
    x = List.last(args)
    text = if is_list(x), do: IO.chardata_to_string(x), else: to_string(show(x))
    Mark.obs({:log, text})
    :ok
  end

  # `IO.inspect(v, opts)`: rendered by the runner with the names of this moment.
  def b_io_inspect(_l, [v]), do: io_inspect(v, [])
  def b_io_inspect(_l, [v, o]) when is_list(o), do: io_inspect(v, o)
  def b_io_inspect(_l, [_device, v, o]), do: io_inspect(v, o)

  defp io_inspect(v, o) do
    label =
      case Keyword.get(o, :label) do
        nil -> nil
        l -> to_string(show(l))
      end

    Mark.obs({:inspect, label, v})
    v
  end

  def b_inspect(_l, [v | _opts]) do
    {runner, _, _} = ctx()
    t = System.monotonic_time()
    ref = :erlang.trace_delivered(:all)

    receive do
      {:trace_delivered, :all, ^ref} -> :ok
    end

    tag = make_ref()
    send(runner, {:otpsim_render, self(), tag, v, t})

    receive do
      {:otpsim_rendered, ^tag, s} -> s
    end
  end

  def b_to_string(_l, [x]), do: to_string(show(x))
  def b_atom_to_string(_l, [x]), do: strip(Atom.to_string(x))

  # ---- supervisors' children

  @doc "Child specs whose start functions name what they start (`<supervisor>.<id>`)."
  def specs(children, kind) when is_list(children), do: Enum.map(children, &spec(&1, kind))

  def spec(child, kind) do
    s = Supervisor.child_spec(child, [])

    case s.start do
      {OtpsimIr, :start_child, _} ->
        s

      {m, f, a} ->
        type = Map.get(s, :type, :worker)
        shutdown = Map.get(s, :shutdown, if(type == :supervisor, do: :infinity, else: 5000))
        shown = if kind == :dynamic, do: :undefined, else: s.id
        info = {label_of(s.id), shown, shutdown}

        s
        |> Map.put_new(:modules, [m])
        |> Map.put(:start, {OtpsimIr, :start_child, [info, m, f, a]})
    end
  end

  defp label_of(id) when is_atom(id), do: String.replace_prefix(strip(Atom.to_string(id)), "Elixir.", "")
  defp label_of(id), do: inspect(id)

  # A child's start function, run in its supervisor (`extra_arguments` of a
  # DynamicSupervisor come first).
  def start_child(info, m, f, a), do: start_child_with([], info, m, f, a)
  def start_child(e1, info, m, f, a), do: start_child_with([e1], info, m, f, a)
  def start_child(e1, e2, info, m, f, a), do: start_child_with([e1, e2], info, m, f, a)
  def start_child(e1, e2, e3, info, m, f, a), do: start_child_with([e1, e2, e3], info, m, f, a)

  defp start_child_with(extra, {label, shown, shutdown}, m, f, a) do
    args = extra ++ a

    r =
      if program_module?(m),
        do: labelled(label, m, f, args),
        else: OtpsimIr.Lib.call(m, f, args, label)

    case r do
      {:ok, pid} when is_pid(pid) -> started(pid, shown, shutdown)
      {:ok, pid, _} when is_pid(pid) -> started(pid, shown, shutdown)
      _ -> :ok
    end

    r
  end

  defp started(pid, shown, shutdown) do
    Mark.meta(pid, shown, shutdown)
    Mark.obs({:sup_started, shown, pid})
  end

  defmodule SupWrap do
    @moduledoc false
    # A supervisor callback module's `init/1`, with its children's start functions wrapped.
    @behaviour :supervisor

    @impl true
    def init({m, a}) do
      case m.init(a) do
        {:ok, {flags, children}} -> {:ok, {flags, OtpsimIr.specs(children, :static)}}
        other -> other
      end
    end
  end

  defmodule Log do
    @moduledoc false
    # A logger handler: the `:supervisor` reports of the programs' supervisors, run in the
    # supervisor (so the report is a marker in its trace).
    @contexts [:shutdown, :start_error, :shutdown_error]

    def log(%{msg: {:report, %{label: {:supervisor, context}, report: report}}}, _config)
        when context in @contexts do
      if :ets.lookup(:otpsim_ir, Process.group_leader()) != [] do
        offender = Keyword.get(report, :offender, [])
        id = Keyword.get(offender, :id)
        pid = Keyword.get(offender, :pid)
        OtpsimIr.Mark.obs({:sup_report, context, id, pid, Keyword.get(report, :reason)})
      end

      :ok
    end

    def log(_event, _config), do: :ok
  end

  # ---- the runner of one program -----------------------------------------------------------

  @doc """
  Runs program `idx` (module `mod`) until `main` ends (or, `run: until quiet`, every process
  did) or `deadline_ms` passed, tells `driver`, and prints what it observed when the driver
  says so (after the whole batch). With `align`, the program starts just after a whole second
  of the monotonic clock, as the simulator's supervisors count restarts in whole seconds.
  """
  def run(driver, idx, mod, deadline_ms, suffix, align) do
    prefix = Atom.to_string(mod) <> "."
    :ets.insert(:otpsim_ir, {self(), prefix, suffix})
    ms = System.convert_time_unit(1, :millisecond, :native)

    if align do
      now = System.monotonic_time(:millisecond)
      Process.sleep((div(now, 1000) + 1) * 1000 - now)
    end

    main =
      spawn(fn ->
        receive do
          :otpsim_go -> :ok
        end

        mod.main()
      end)

    Process.group_leader(main, self())
    flags = [:procs, :call, :set_on_spawn, :monotonic_timestamp, {:tracer, self()}]
    1 = :erlang.trace(main, true, flags)
    t0 = System.monotonic_time()
    send(main, :otpsim_go)

    st = %{
      t0: t0,
      ms: ms,
      prefix: prefix,
      suffix: suffix,
      main: main,
      halt: mod.ending() == :halt,
      events: [{t0, 0, {:root, main}}],
      seq: 1,
      live: MapSet.new([main]),
      dead: MapSet.new(),
      cut: nil,
      kill_at: nil
    }

    {status, st} = loop(st, t0 + deadline_ms * ms)
    send(driver, {:otpsim_over, self()})

    receive do
      :otpsim_render -> out(idx, status, st)
    end
  end

  defp loop(st, until) do
    cond do
      st.cut != nil and st.kill_at == nil ->
        loop(drain_instant(st), until)

      MapSet.size(st.live) == 0 ->
        # Every process known so far has ended: wait for every trace message in flight.
        st = settle(st)
        if MapSet.size(st.live) == 0, do: {"done", st}, else: loop(st, until)

      true ->
        wait = max(System.convert_time_unit(until - System.monotonic_time(), :native, :millisecond), 0)

        receive do
          msg -> loop(handle(msg, st), until)
        after
          wait ->
            for p <- st.live, do: Process.exit(p, :kill)
            {"deadline", st}
        end
    end
  end

  # `main` ended: as the VM halting, the instant ends — every process that can run runs
  # until it blocks, no timer of a later instant fires — then whatever is alive is cut off
  # (killed; what it does from then on is not observed). The instant is over when every
  # live process waits, twice in a row, the trace settled in between (or after 200 ms of a
  # process that never blocks).
  defp drain_instant(st) do
    st = settle(st)
    give_up = st.cut + System.convert_time_unit(200, :millisecond, :native)

    {over, st} =
      cond do
        System.monotonic_time() > give_up -> {true, st}
        not waiting?(st.live) -> {false, st}
        true -> settle(st) |> then(&{waiting?(&1.live), &1})
      end

    if over do
      kill_at = System.monotonic_time()
      for p <- st.live, do: Process.exit(p, :kill)
      %{st | kill_at: kill_at}
    else
      receive do
        msg -> handle(msg, st)
      after
        1 -> st
      end
    end
  end

  defp waiting?(pids) do
    Enum.all?(pids, fn p ->
      case Process.info(p, :status) do
        nil -> true
        {:status, s} -> s in [:waiting, :exiting]
      end
    end)
  end

  defp settle(st) do
    ref = :erlang.trace_delivered(:all)
    drain(st, ref)
  end

  defp drain(st, ref) do
    receive do
      {:trace_delivered, :all, ^ref} -> st
      msg -> drain(handle(msg, st), ref)
    end
  end

  defp event(st, ts, ev), do: %{st | events: [{ts, st.seq, ev} | st.events], seq: st.seq + 1}

  defp handle({:trace_ts, p, :spawn, c, mfa, ts}, st) do
    st = event(st, ts, {:spawn, p, c, sup_kind(mfa)})
    # Once the cut-off processes are being killed, whatever still starts is killed at once.
    if st.kill_at != nil, do: Process.exit(c, :kill)
    if MapSet.member?(st.dead, c), do: st, else: %{st | live: MapSet.put(st.live, c)}
  end

  defp handle({:trace_ts, p, :exit, reason, ts}, st) do
    st = event(st, ts, {:exit, p, reason})
    st = %{st | live: MapSet.delete(st.live, p), dead: MapSet.put(st.dead, p)}

    # The script ended: the VM halts (`drain_instant/1`).
    if p == st.main and st.halt and st.cut == nil, do: %{st | cut: ts}, else: st
  end

  defp handle({:trace_ts, p, :call, {OtpsimIr.Mark, f, args}, ts}, st),
    do: event(st, ts, {:mark, p, f, args})

  defp handle({:trace_ts, p, :call, {:erlang, :exit, [target, signal]}, ts}, st),
    do: event(st, ts, {:exit_call, p, target, signal})

  defp handle(
         {:trace_ts, p, :call, {Task.Supervised, :start_link, [_, _, {OtpsimIr, :run_task, [l, sd, _]}]}, ts},
         st
       ),
       do: event(st, ts, {:tsup_start, p, l, sd})

  defp handle({:otpsim_render, from, tag, v, t}, st) do
    evs = st.events |> Enum.filter(fn {ts, _, _} -> ts <= t end) |> Enum.sort()
    send(from, {:otpsim_rendered, tag, render(v, replay(evs, st))})
    st
  end

  defp handle({:io_request, from, reply_as, _request}, st) do
    send(from, {:io_reply, reply_as, :ok})
    st
  end

  defp handle(_other, st), do: st

  # What a spawn says about the process: a supervisor (`:sup`), a Task.Supervisor
  # (`:task_sup`), or neither (`nil`).
  defp sup_kind({:proc_lib, :init_p, [_, _, :gen, :init_it, args]}) do
    case args do
      [_gen, _starter, _parent, _name, mod, arg, _opts] -> kind(mod, arg)
      [_gen, _starter, _parent, mod, arg, _opts] -> kind(mod, arg)
      _ -> nil
    end
  end

  defp sup_kind(_), do: nil

  defp kind(:supervisor, _), do: :sup
  defp kind(DynamicSupervisor, {Task.Supervisor, _, _}), do: :task_sup
  defp kind(DynamicSupervisor, _), do: :sup
  defp kind(_, _), do: nil

  # ---- replaying the events: names, and what was observed

  defp replay(events, st) do
    r = %{
      names: %{},
      used: MapSet.new(),
      pending: %{},
      refs: %{},
      meta: %{},
      sups: %{},
      order: [],
      exited: MapSet.new(),
      obs: [],
      prefix: st.prefix,
      suffix: st.suffix
    }

    Enum.reduce(events, r, &step/2)
  end

  defp unique(r, base, n \\ 1) do
    name = if n == 1, do: base, else: base <> "#" <> Integer.to_string(n)
    if MapSet.member?(r.used, name), do: unique(r, base, n + 1), else: name
  end

  defp name_of(r, pid) do
    case Map.get(r.names, pid) do
      {name, _program} -> name
      nil -> inspect(pid)
    end
  end

  defp set_name(r, pid, name, program) do
    %{r | names: Map.put(r.names, pid, {name, program}), used: MapSet.put(r.used, name)}
  end

  defp obs(r, ts, pid, what), do: %{r | obs: [{ts, pid, what} | r.obs]}

  defp step({_ts, _, {:root, main}}, r), do: %{set_name(r, main, "main", true) | order: [main]}

  defp step({ts, _, {:spawn, p, c, kind}}, r) do
    r =
      case Map.pop(r.pending, p) do
        {nil, _} ->
          set_name(r, c, unique(r, name_of(r, p) <> ".sys"), false)

        {{name, meta}, pending} ->
          r = set_name(%{r | pending: pending}, c, name, true)
          if meta, do: %{r | meta: Map.put(r.meta, c, meta)}, else: r
      end

    r = %{r | order: [c | r.order]}
    r = if kind, do: %{r | sups: Map.put(r.sups, c, kind)}, else: r
    # A Task.Supervisor starts only tasks.
    if Map.get(r.sups, p) == :task_sup, do: obs(r, ts, p, {:sup_started, :undefined, c}), else: r
  end

  defp step({_ts, _, {:mark, p, :next, [label]}}, r) do
    name = unique(r, name_of(r, p) <> "." <> label)
    %{r | pending: Map.put(r.pending, p, {name, nil}), used: MapSet.put(r.used, name)}
  end

  defp step({_ts, _, {:tsup_start, p, label, shutdown}}, r) do
    name = unique(r, name_of(r, p) <> "." <> label)
    meta = {:undefined, shutdown}
    %{r | pending: Map.put(r.pending, p, {name, meta}), used: MapSet.put(r.used, name)}
  end

  defp step({_ts, _, {:mark, _p, :rename, [pid, sup, label]}}, r) do
    base = if sup == nil, do: "sys", else: name_of(r, sup)
    set_name(r, pid, unique(r, base <> "." <> label), true)
  end

  defp step({_ts, _, {:mark, _p, :task_ref, [ref, pid]}}, r),
    do: %{r | refs: Map.put(r.refs, ref, name_of(r, pid))}

  defp step({_ts, _, {:mark, _p, :meta, [pid, shown, shutdown]}}, r),
    do: %{r | meta: Map.put(r.meta, pid, {shown, shutdown})}

  defp step({ts, _, {:mark, p, :obs, [{:inspect, label, v}]}}, r) do
    text = if label == nil, do: render(v, r), else: label <> ": " <> render(v, r)
    obs(r, ts, p, {:log, text})
  end

  defp step({ts, _, {:mark, p, :obs, [what]}}, r), do: obs(r, ts, p, what)

  defp step({ts, _, {:exit, p, reason}}, r),
    do: %{obs(r, ts, p, {:exit, reason}) | exited: MapSet.put(r.exited, p)}

  defp step({ts, _, {:exit_call, p, target, signal}}, r) do
    if Map.has_key?(r.sups, p), do: obs(r, ts, p, {:sup_exit, target, signal}), else: r
  end

  defp step(_other, r), do: r

  # ---- rendering

  @doc """
  `inspect/1`, with every pid and task reference the program named printed as
  `#PID<main.t>` / `#Reference<main.t>`, every stacktrace as `[]`, atoms as the program wrote
  them (no module prefix, no name suffix), and a child's start as the program gave it.
  """
  def render(term, r) do
    text = inspect(named(term, r), limit: :infinity, printable_limit: :infinity)
    Regex.replace(~r/:"otpsim:(PID|Reference):([^"]*)"/, text, "#\\1<\\2>")
  end

  defp named(t, r) when is_pid(t) do
    case Map.get(r.names, t) do
      {name, _} -> String.to_atom("otpsim:PID:" <> name)
      nil -> t
    end
  end

  defp named(t, r) when is_reference(t) do
    case Map.get(r.refs, t) do
      nil -> t
      name -> String.to_atom("otpsim:Reference:" <> name)
    end
  end

  defp named(t, r) when is_list(t) do
    if stacktrace?(t), do: [], else: Enum.map(t, &named(&1, r))
  end

  defp named({OtpsimIr, :start_child, [_info, m, f, a]}, r), do: named({m, f, a}, r)

  defp named(t, r) when is_tuple(t) do
    t |> Tuple.to_list() |> Enum.map(&named(&1, r)) |> List.to_tuple()
  end

  defp named(t, r) when is_map(t) do
    # Structs too (they are not Enumerable): every key and value, `__struct__` included.
    :maps.fold(fn k, v, acc -> Map.put(acc, named(k, r), named(v, r)) end, %{}, t)
  end

  defp named(t, r) when is_atom(t) do
    s = Atom.to_string(t)

    s =
      if String.starts_with?(s, r.prefix),
        do: "Elixir." <> String.replace_prefix(s, r.prefix, ""),
        else: s

    s =
      if r.suffix != "" and String.ends_with?(s, r.suffix),
        do: String.replace_suffix(s, r.suffix, ""),
        else: s

    if s == Atom.to_string(t), do: t, else: String.to_atom(s)
  end

  defp named(t, _r), do: t

  defp stacktrace?([_ | _] = l), do: Enum.all?(l, &frame?/1)
  defp stacktrace?(_), do: false

  defp frame?({m, f, a, loc})
       when is_atom(m) and is_atom(f) and (is_integer(a) or is_list(a)) and is_list(loc),
       do: true

  defp frame?(_), do: false

  defp program?(r, pid), do: match?({_, true}, Map.get(r.names, pid))

  # What a supervisor did, in the simulator's words.
  defp who(shown, pid, r) when shown in [nil, :undefined], do: render(pid, r)
  defp who(id, _pid, r), do: render(id, r)

  defp text({:log, text}, _r), do: "log " <> text
  defp text({:caught, how, v}, r), do: how <> " " <> render(v, r)
  defp text({:result, label, v}, r), do: label <> " -> " <> render(v, r)
  defp text({:got, msg}, r), do: "receive " <> render(msg, r)
  defp text({:after, t}, r), do: "receive after " <> render(t, r)
  defp text({:exit, reason}, r), do: "exit " <> render(reason, r)
  defp text(:cut_off, _r), do: "cut off (the script ended)"

  defp text({:sup_started, shown, pid}, r) when shown in [nil, :undefined],
    do: "started " <> render(pid, r)

  defp text({:sup_started, id, pid}, r), do: "started #{render(id, r)} #{render(pid, r)}"

  defp text({:sup_exit, target, signal}, r) do
    case Map.get(r.meta, target) do
      nil ->
        nil

      {shown, shutdown} when signal == :kill and shutdown != :brutal_kill ->
        "killing #{who(shown, target, r)}: its shutdown time is up"

      {shown, shutdown} ->
        "terminating #{who(shown, target, r)} with #{render(signal, r)} (shutdown: #{render(shutdown, r)})"
    end
  end

  defp text({:sup_report, :shutdown, id, pid, :reached_max_restart_intensity}, r),
    do: "gave up on #{who(id, pid, r)}: reached_max_restart_intensity"

  defp text({:sup_report, :start_error, id, pid, reason}, r),
    do: "failed to start #{who(id, pid, r)}: #{render(reason, r)}"

  defp text({:sup_report, :shutdown_error, id, pid, reason}, r),
    do: "shutdown error for #{who(id, pid, r)}: #{render(reason, r)}"

  defp text({:sup_report, context, id, pid, reason}, r),
    do: "supervisor report #{context} #{who(id, pid, r)}: #{render(reason, r)}"

  defp text(other, r), do: "unknown observation " <> render(other, r)

  # Only program processes' exits and reports are shown (as in the simulator).
  defp shown?({_ts, pid, what}, r) do
    case what do
      {:exit, _} -> program?(r, pid)
      {:sup_started, _, _} -> program?(r, pid)
      {:sup_exit, _, _} -> program?(r, pid)
      {:sup_report, _, _, _, _} -> program?(r, pid)
      _ -> true
    end
  end

  defp out(idx, status, st) do
    evs = Enum.sort(st.events)
    # What the processes cut off did once they were killed is not observed.
    evs = if st.kill_at == nil, do: evs, else: Enum.filter(evs, fn {ts, _, _} -> ts < st.kill_at end)
    r = replay(evs, st)

    cut_off =
      if st.cut == nil,
        do: [],
        else:
          for(
            p <- Enum.reverse(r.order),
            program?(r, p) and not MapSet.member?(r.exited, p),
            do: {st.cut, p, :cut_off}
          )

    i = Integer.to_string(idx)
    text = texts(r, st)

    lines =
      Enum.flat_map(Enum.reverse(r.obs) ++ cut_off, fn {ts, pid, what} = o ->
        line = if shown?(o, r), do: text(what, r), else: nil
        line = line && text.(line)

        if line == nil do
          []
        else
          ms = max(System.convert_time_unit(ts - st.t0, :native, :millisecond), 0)
          [["OTPSIM\tO\t", i, "\t", Integer.to_string(ms), "\t", name_of(r, pid), "\t", esc(line), "\n"]]
        end
      end)

    alive =
      if status == "deadline",
        do: for(p <- st.live, do: ["OTPSIM\tA\t", i, "\t", name_of(r, p), "\n"]),
        else: []

    IO.binwrite(:stdio, [lines, alive, "OTPSIM\tP\t", i, "\t", status, "\n"])
  end

  # Text the program or the library made mid-run (an exception's message, a log line) may
  # show a pid raw, a registered name with its suffix, a module with its prefix: as the
  # program would have seen them alone in a VM, `#PID<main.t>`, `:srv`, `Worker`.
  defp texts(r, st) do
    pids = Map.new(r.names, fn {pid, {name, _}} -> {inspect(pid), "#PID<" <> name <> ">"} end)
    suffix = Regex.compile!(Regex.escape(st.suffix) <> "(?![0-9])")
    prefix = String.replace_prefix(st.prefix, "Elixir.", "")

    fn line ->
      line = Regex.replace(~r/#PID<[0-9]+\.[0-9]+\.[0-9]+>/, line, &Map.get(pids, &1, &1))
      line = if st.suffix == "", do: line, else: Regex.replace(suffix, line, "")
      String.replace(line, prefix, "")
    end
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
    :ok = :logger.add_handler(:otpsim_ir, Log, %{level: :error})
    :logger.set_primary_config(:level, :error)
  end

  @doc "Compiles every program's module (in parallel), then runs them all, `stagger_ms` apart."
  def main(dir, programs, stagger_ms) do
    quiet_logger()
    :ets.new(:otpsim_ir, [:set, :public, :named_table, read_concurrency: true])

    compiled =
      programs
      |> Task.async_stream(&compile(dir, &1),
        max_concurrency: System.schedulers_online(),
        timeout: :infinity,
        ordered: true
      )
      |> Enum.map(fn {:ok, r} -> r end)

    preload()
    # Patterns are set only on loaded modules: after `preload/0`.
    1 = :erlang.trace_pattern({:erlang, :exit, 2}, true, [:global])
    1 = :erlang.trace_pattern({Task.Supervised, :start_link, 3}, true, [:global])
    true = :erlang.trace_pattern({OtpsimIr.Mark, :_, :_}, true, [:global]) >= 5

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
