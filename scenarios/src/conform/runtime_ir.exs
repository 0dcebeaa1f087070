# The runtime of `otpsim conform` (Elixir 1.14 / OTP 25), first half: what the code emitted
# from the IR (`emit_ir/`) calls. The second half, `runner_ir.exs`, is the runner of each
# program and the driver that compiles the programs of a batch and runs them all at once in
# this one VM. Every program runs here, whatever it was written in: a step program is printed
# as Elixir and lowered to the IR like an Elixir file.
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
# Output, one line each, fields separated by tabs (`what` escapes \\, \n, \t and \r):
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

  def reg({:global, n}) when is_atom(n), do: {:global, reg(n)}
  def reg({:via, :global, n}) when is_atom(n), do: {:via, :global, reg(n)}
  # (before the next clause: `{:global, n}` is also a `{name, node}` shape)
  # `{name, node}`: the name on a node, this one's included.
  def reg({x, node}) when is_atom(x) and is_atom(node) and x not in [nil, true, false, :undefined],
    do: {reg(x), node}

  def reg(x), do: x

  # `name:` of start options.
  defp opts(o) when is_list(o) do
    case List.keyfind(o, :name, 0) do
      {:name, n} -> List.keyreplace(o, :name, 0, {:name, reg(n)})
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

  def b_gen_start_link(l, [m, a, o]),
    do: spawning(named(l, o, "start_link"), GenServer, :start_link, [m, a, opts(o)])

  def b_gen_start(l, [m, a]), do: b_gen_start(l, [m, a, []])
  def b_gen_start(l, [m, a, o]), do: spawning(named(l, o, "start"), GenServer, :start, [m, a, opts(o)])

  def b_agent_start_link(l, [f]), do: b_agent_start_link(l, [f, []])
  def b_agent_start_link(l, [f, o]), do: spawning(named(l, o, "start_link"), Agent, :start_link, [f, opts(o)])
  def b_agent_start(l, [f]), do: b_agent_start(l, [f, []])
  def b_agent_start(l, [f, o]), do: spawning(named(l, o, "start"), Agent, :start, [f, opts(o)])

  def b_sup_start_link(l, [children, o]) when is_list(children) do
    children = specs(children, :static)
    spawning(named(l, o, "start_link"), Supervisor, :start_link, [children, opts(o)])
  end

  def b_sup_start_link(l, [m, a]), do: b_sup_start_link(l, [m, a, []])

  def b_sup_start_link(l, [m, a, o]),
    do: spawning(named(l, o, "start_link"), Supervisor, :start_link, [OtpsimIr.SupWrap, {m, a}, opts(o)])

  def b_dyn_start_link(l, []), do: b_dyn_start_link(l, [[]])

  def b_dyn_start_link(l, [o]),
    do: spawning(named(l, o, "start_link"), DynamicSupervisor, :start_link, [opts(o)])

  def b_dyn_start_link(l, [m, a]), do: b_dyn_start_link(l, [m, a, []])

  def b_dyn_start_link(l, [m, a, o]),
    do: spawning(named(l, o, "start_link"), DynamicSupervisor, :start_link, [m, a, opts(o)])

  def b_tsup_start_link(l, []), do: b_tsup_start_link(l, [[]])

  def b_tsup_start_link(l, [o]),
    do: spawning(named(l, o, "start_link"), Task.Supervisor, :start_link, [opts(o)])

  # What a start_link's process is called: the variable its value is bound to (`l`), else
  # the name it registers (`name: MySup`), else the function's name (as the simulator).
  defp named(l, _o, _default) when is_binary(l), do: l

  defp named(nil, o, default) do
    case is_list(o) && Keyword.get(o, :name) do
      n when is_atom(n) and n not in [nil, false] -> label_of(n)
      _ -> default
    end
  end

  def b_sup_start_child(_l, [sup, spec]),
    do: Supervisor.start_child(reg(sup), spec(spec, :static))

  def b_dyn_start_child(l, [sup, spec]),
    do: DynamicSupervisor.start_child(reg(sup), spec(spec, :dynamic, l))

  # A `Task.Supervisor.start_child` task runs `run_task/3`: the supervisor's call of
  # `Task.Supervised.start_link/3` (traced) carries its label, at every (re)start.
  def b_tsup_start_child(l, [sup, fun]), do: tsup_start_child(l, sup, {:erlang, :apply, [fun, []]}, [])
  def b_tsup_start_child(l, [sup, fun, o]), do: tsup_start_child(l, sup, {:erlang, :apply, [fun, []]}, o)
  # Arguments 1.14's guards refuse (`start_child/5`: `is_atom(fun) and is_list(args)`) go
  # to the real function, which raises.
  def b_tsup_start_child(l, [sup, m, f, a]) when is_atom(f) and is_list(a),
    do: tsup_start_child(l, sup, {m, f, a}, [])

  def b_tsup_start_child(l, [sup, m, f, a, o]) when is_atom(f) and is_list(a),
    do: tsup_start_child(l, sup, {m, f, a}, o)

  def b_tsup_start_child(_l, [sup | rest]), do: apply(Task.Supervisor, :start_child, [reg(sup) | rest])

  defp tsup_start_child(label, sup, mfa, o) do
    # (`o[:shutdown]`, as 1.14 reads it: options that are no keyword list raise
    # `Access.get/3`'s FunctionClauseError, as they do there.)
    shutdown = o[:shutdown] || 5000
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

  # ---- streams

  # `Task.async_stream` and `Task.Supervisor.async_stream(_nolink)`: 1.14's `build_stream`
  # (`Task.build_stream/3`, `Task.Supervisor.build_stream/5`) with markers, so that the
  # processes are named as the simulator names them: the process that enumerates the stream
  # starts its intermediate process first (`Task.Supervised.stream/7`), `<it>.<label>`; a
  # task of `Task.async_stream` is `<intermediate>.task`, one of a Task.Supervisor
  # `<supervisor>.<label>`. Arguments 1.14's guards refuse go to the real function.
  def b_task_async_stream(l, args) do
    case stream_args(args) do
      {enum, mfa, o} ->
        fn acc, acc_fun ->
          owner = get_owner(self())
          stream_named(l, o)

          Task.Supervised.stream(enum, acc, acc_fun, get_callers(self()), mfa, o, fn ->
            Mark.next("task")
            {:ok, pid} = Task.Supervised.start_link(owner, :nomonitor)
            {:ok, :link, pid}
          end)
        end

      :error ->
        apply(Task, :async_stream, args)
    end
  end

  def b_tsup_async_stream(l, args), do: tsup_stream(:link, :async_stream, l, args)
  def b_tsup_async_stream_nolink(l, args), do: tsup_stream(:nolink, :async_stream_nolink, l, args)

  defp tsup_stream(type, fun, label, [sup | rest] = args) do
    case stream_args(rest) do
      {enum, mfa, o} ->
        sup = reg(sup)

        fn acc, acc_fun ->
          shutdown = Access.get(o, :shutdown)
          owner = get_owner(self())
          stream_named(label, o)

          Task.Supervised.stream(enum, acc, acc_fun, get_callers(self()), mfa, o, fn ->
            case GenServer.call(sup, {:start_task, [owner, :monitor], :temporary, shutdown}, :infinity) do
              {:ok, pid} ->
                if type == :link, do: Process.link(pid)
                Mark.rename(pid, if(is_pid(sup), do: sup, else: Process.whereis(sup)), label)
                Mark.meta(pid, :undefined, shutdown || 5000)
                {:ok, type, pid}

              {:error, :max_children} ->
                {:error, :max_children}
            end
          end)
        end

      :error ->
        apply(Task.Supervisor, fun, [reg(sup) | tl(args)])
    end
  end

  defp stream_args([enum, fun]) when is_function(fun, 1), do: {enum, fun, []}
  defp stream_args([enum, fun, o]) when is_function(fun, 1) and is_list(o), do: {enum, fun, o}

  defp stream_args([enum, m, f, a]) when is_atom(m) and is_atom(f) and is_list(a),
    do: {enum, {m, f, a}, []}

  defp stream_args([enum, m, f, a, o]) when is_atom(m) and is_atom(f) and is_list(a) and is_list(o),
    do: {enum, {m, f, a}, o}

  defp stream_args(_), do: :error

  # The intermediate process is the next process this one starts, unless `stream/7` raises
  # first (a bad `:max_concurrency`).
  defp stream_named(label, o) do
    max = Keyword.get(o, :max_concurrency, System.schedulers_online())
    if is_integer(max) and max > 0, do: name_next(label)
  end

  # Task's own `get_owner/1` and `get_callers/1` (private in 1.14).
  defp get_owner(pid) do
    self_or_name =
      case Process.info(pid, :registered_name) do
        {:registered_name, name} when is_atom(name) -> name
        _ -> pid
      end

    {node(), self_or_name, pid}
  end

  defp get_callers(owner) do
    case :erlang.get(:"$callers") do
      [_ | _] = list -> [owner | list]
      _ -> [owner]
    end
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

  # Bad options raise here, in the program's process, where `inspect/2` raises them; good
  # ones cost nothing here (an inspect of its own would load code in real time).
  defp check_inspect_opts(v, opts) do
    count? = fn c -> c == :infinity or (is_integer(c) and c >= 0) end

    bad =
      not is_list(opts) or
        Enum.any?(opts, fn
          {k, c} when k in [:limit, :printable_limit] -> not count?.(c)
          {k, _} when is_atom(k) -> false
          _ -> true
        end)

    if bad, do: _ = inspect(v, opts)
    :ok
  end

  # A `:width` that is no count fails in `Inspect.Algebra.format/2`'s guard, here, in the
  # program's process, as it does where the text is laid out.
  defp check_width(opts) do
    case Keyword.fetch(opts, :width) do
      {:ok, w} when w != :infinity and not (is_integer(w) and w >= 0) ->
        Inspect.Algebra.format(Inspect.Algebra.empty(), w)

      _ ->
        :ok
    end
  end

  defp io_inspect(v, o) do
    check_inspect_opts(v, o)
    check_width(o)
    label =
      case Keyword.get(o, :label) do
        nil -> nil
        l -> to_string(show(l))
      end

    Mark.obs({:inspect, label, v, o})
    v
  end

  def b_inspect(_l, [v]), do: b_inspect(nil, [v, []])

  def b_inspect(_l, [v, opts]) do
    check_inspect_opts(v, opts)
    if is_list(opts) and opts[:pretty] == true, do: check_width(opts)
    {runner, _, _} = ctx()
    t = System.monotonic_time()
    ref = :erlang.trace_delivered(:all)

    receive do
      {:trace_delivered, :all, ^ref} -> :ok
    end

    tag = make_ref()
    send(runner, {:otpsim_render, self(), tag, v, opts, t})

    receive do
      {:otpsim_rendered, ^tag, s} -> s
    end
  end

  def b_to_string(_l, [x]), do: to_string(show(x))
  def b_atom_to_string(_l, [x]), do: strip(Atom.to_string(x))

  # ---- supervisors' children

  @doc "Child specs whose start functions name what they start (`<supervisor>.<id>`)."
  def specs(children, kind) when is_list(children), do: Enum.map(children, &spec(&1, kind))

  def spec(child, kind, label \\ nil) do
    s = Supervisor.child_spec(child, [])

    # A spec the supervisor will refuse (no :id, no :start, a start that is no MFA) is
    # left as it is, so that the supervisor reports it as it would.
    case {Map.has_key?(s, :id), Map.get(s, :start)} do
      {_, {OtpsimIr, :start_child, _}} ->
        s

      {false, _} ->
        s

      {true, {m, f, a}} when is_atom(m) and is_atom(f) and is_list(a) ->
        type = Map.get(s, :type, :worker)
        shutdown = Map.get(s, :shutdown, if(type == :supervisor, do: :infinity, else: 5000))
        shown = if kind == :dynamic, do: :undefined, else: s.id
        info = {child_label(s.id, label), shown, shutdown}

        s
        |> Map.put_new(:modules, [m])
        |> Map.put(:start, {OtpsimIr, :start_child, [info, m, f, a]})

      _ ->
        s
    end
  end

  # A child is called by the variable its start_child's value is bound to, unless its id
  # is a plain atom someone chose (`:a`), which names it better; a module id (what `use
  # GenServer` gives every child) does not (as the simulator).
  defp child_label(id, label) do
    chosen = is_atom(id) and id != :undefined and not String.starts_with?(strip(Atom.to_string(id)), "Elixir.")
    if is_binary(label) and not chosen, do: label, else: label_of(id)
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
end
