# The runtime of `otpsim conform`, second half (the first, `runtime_ir.exs`, says how
# it works): the runner of one program — it traces the program's processes, records the
# events, and after the run replays them into names and observations — and the driver of a
# batch.

defmodule OtpsimIr.Runner do
  @moduledoc false
  alias OtpsimIr.Log

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
      kill_at: nil,
      quiet_since: nil
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
  # live process has waited for 2 ms of real time, the trace settled at each look (or after
  # 200 ms of a process that never blocks). A single look is not enough: a process that has
  # exited may not yet have sent its exit signals and DOWN messages (its exit is traced
  # first), and in a batch the programs share two cores. (The price: a timer of 1 ms set
  # just before the end may fire on the VM and not on the simulator.)
  defp drain_instant(st) do
    st = settle(st)
    now = System.monotonic_time()
    give_up = st.cut + 200 * st.ms

    {over, st} =
      cond do
        now > give_up -> {true, st}
        not waiting?(st.live) -> {false, %{st | quiet_since: nil}}
        st.quiet_since == nil -> {false, %{st | quiet_since: now}}
        true -> {now - st.quiet_since >= 2 * st.ms, st}
      end

    if over do
      kill_at = System.monotonic_time()
      for p <- st.live, do: Process.exit(p, :kill)
      %{st | kill_at: kill_at}
    else
      receive do
        msg -> handle(msg, %{st | quiet_since: nil})
      after
        1 -> st
      end
    end
  end

  defp waiting?(pids) do
    Enum.all?(pids, fn p ->
      case Process.info(p, [:status, :message_queue_len]) do
        nil -> true
        [status: :waiting, message_queue_len: 0] -> true
        _ -> false
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

  defp handle({:otpsim_render, from, tag, v, opts, t}, st) do
    evs = st.events |> Enum.filter(fn {ts, _, _} -> ts <= t end) |> Enum.sort()
    r = replay(evs, st)
    # `inspect/2` lays out its text in lines only with `pretty: true`.
    text = if opts[:pretty] == true, do: render_lines(v, r, opts), else: render(v, r, opts)
    send(from, {:otpsim_rendered, tag, text})
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

  defp step({ts, _, {:mark, p, :obs, [{:inspect, label, v, opts}]}}, r) do
    text = render_lines(v, r, opts)
    text = if label == nil, do: text, else: label <> ": " <> text
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
  `inspect/2`, with every pid and task reference the program named printed as
  `#PID<main.t>` / `#Reference<main.t>`, every stacktrace as `[]`, atoms as the program wrote
  them (no module prefix, no name suffix), and a child's start as the program gave it.
  Observations show terms whole; a program's `inspect/2` and `IO.inspect/2` pass their
  options (`limit: 50` and the other defaults unless they say otherwise), on one line.
  """
  def render(term, r, opts \\ [limit: :infinity, printable_limit: :infinity]) do
    text = inspect(named(term, r), Keyword.put(opts, :pretty, false))
    # Module atoms (`:"Elixir.otpsim:PID:main.t"`), so that no list of them is a keyword list.
    text = Regex.replace(~r/:"Elixir\.otpsim:(PID|Reference|Opaque):([^"]*)"/, text, "#\\1<\\2>")
    # The program's structs keep their module (so they print as structs): drop its prefix.
    String.replace(text, "%" <> String.replace_prefix(r.prefix, "Elixir.", ""), "%")
  end

  @doc """
  `IO.inspect/2`'s text: `render/3`'s, laid out in lines of the call's `:width` (80 unless
  given) as `IO.inspect/3` formats it, each name measured as it prints (`#PID<main.t>`,
  a program's struct without its prefix).
  """
  def render_lines(term, r, opts) do
    prefix = String.replace_prefix(r.prefix, "Elixir.", "")

    fun = fn
      a, o when is_atom(a) ->
        case Regex.run(~r/^Elixir\.otpsim:(PID|Reference|Opaque):(.*)$/s, Atom.to_string(a)) do
          [_, kind, name] -> "#" <> kind <> "<" <> name <> ">"
          nil -> Inspect.inspect(a, o)
        end

      %{__struct__: m} = s, o when is_atom(m) ->
        name = inspect(m)

        # As `Inspect.Any`: field by field only if it has the struct's keys, no more.
        if String.starts_with?(name, prefix) and Map.keys(m.__struct__()) == Map.keys(s) do
          infos =
            for %{field: f} = info <- m.__info__(:struct),
                f not in [:__struct__, :__exception__],
                do: info

          Inspect.Map.inspect(s, String.replace_prefix(name, prefix, ""), infos, o)
        else
          Inspect.inspect(s, o)
        end

      t, o ->
        Inspect.inspect(t, o)
    end

    width = Keyword.get(opts, :width, 80)
    opts = Inspect.Opts.new(Keyword.merge(opts, pretty: false, inspect_fun: fun))
    doc = Inspect.Algebra.group(Inspect.Algebra.to_doc(named(term, r), opts))
    IO.iodata_to_binary(Inspect.Algebra.format(doc, width))
  end

  defp named(t, r) when is_pid(t) do
    case Map.get(r.names, t) do
      {name, _} -> String.to_atom("Elixir.otpsim:PID:" <> name)
      nil -> t
    end
  end

  defp named(t, r) when is_reference(t) do
    case Map.get(r.refs, t) do
      nil -> t
      name -> String.to_atom("Elixir.otpsim:Reference:" <> name)
    end
  end

  # A fun prints as the simulator prints it: its VM text holds an index and a hash of the
  # compiled module, which no simulator reproduces.
  defp named(t, _r) when is_function(t), do: :"Elixir.otpsim:Opaque:Function"

  defp named(t, r) when is_list(t) do
    if stacktrace?(t), do: [], else: Enum.map(t, &named(&1, r))
  end

  # A child spec on its way to a supervisor (the request of `Supervisor.start_child/2` in
  # the reason of a call to a supervisor that is gone; `DynamicSupervisor` sends it as a
  # tuple) holds the runtime's start function and a fun: it prints as the simulator prints
  # its own, `#Opaque<child_spec>`.
  defp named(%{id: _, start: {OtpsimIr, :start_child, _}}, _r), do: :"Elixir.otpsim:Opaque:child_spec"
  defp named({{OtpsimIr, :start_child, _}, _, _, _, _}, _r), do: :"Elixir.otpsim:Opaque:child_spec"
  defp named({OtpsimIr, :start_child, [_info, m, f, a]}, r), do: named({m, f, a}, r)

  defp named(t, r) when is_tuple(t) do
    t |> Tuple.to_list() |> Enum.map(&named(&1, r)) |> List.to_tuple()
  end

  # A struct of the program: its module stays (Inspect needs the struct's module loaded),
  # `render/2` drops the prefix from the text.
  defp named(%{__struct__: m} = t, r) when is_atom(m) and is_map_key(t, :__struct__) do
    if String.starts_with?(Atom.to_string(m), r.prefix) do
      t |> Map.delete(:__struct__) |> named(r) |> Map.put(:__struct__, m)
    else
      named_map(t, r)
    end
  end

  defp named(t, r) when is_map(t), do: named_map(t, r)

  defp named_map(t, r) do
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

  # Text in a term (an exception's message) made mid-run, as `texts/2` mends a log line.
  defp named(t, r) when is_binary(t) and r.suffix != "" do
    if String.contains?(t, r.suffix), do: unsuffixed(t, r.suffix), else: t
  end

  defp named(t, _r), do: t

  # `text` without the name suffix: `:srv@otpsim7` is `:srv`, and a module name, which
  # the suffix had quoted (`:"Elixir.Cache@otpsim7"`), is the alias `Cache` again.
  defp unsuffixed(text, suffix) do
    text = Regex.replace(Regex.compile!(Regex.escape(suffix) <> "(?![0-9])"), text, "")
    Regex.replace(~r/:"Elixir\.([A-Z][A-Za-z0-9_]*(?:\.[A-Z][A-Za-z0-9_]*)*)"/, text, "\\1")
  end

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
    prefix = String.replace_prefix(st.prefix, "Elixir.", "")

    fn line ->
      line = Regex.replace(~r/#PID<[0-9]+\.[0-9]+\.[0-9]+>/, line, &Map.get(pids, &1, &1))
      line = if st.suffix == "", do: line, else: unsuffixed(line, st.suffix)
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
    # The protocol is written with `IO.binwrite/2`, bytes as they are: a device in unicode
    # mode would take them for latin-1 and encode `é` twice.
    :ok = :io.setopts(:standard_io, encoding: :latin1)
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
