use super::*;
use crate::lower;

fn emit(src: &str) -> String {
    let (p, _) = lower::load(src, "t.exs", "t").unwrap_or_else(|e| panic!("{e}"));
    emit_program(&p, 3).unwrap_or_else(|e| panic!("{}", e.message))
}

#[test]
fn modules_get_the_entry_prefix_and_main_is_a_function() {
    let src = emit(
        "defmodule AsyncExample do\n  def run do\n    task = Task.async(fn -> :timer.sleep(10); \"x\" end)\n    r = Task.await(task, 5000)\n    IO.puts(\"Result: #{r}\")\n  end\nend\nAsyncExample.run()\n",
    );
    assert!(
        src.contains("defmodule OtpsimP00003.AsyncExample do"),
        "{src}"
    );
    assert!(src.contains("OtpsimIr.b_task_async(\"task\", [fn"), "{src}");
    assert!(src.contains("Task.await(v0, 5000)"), "{src}");
    assert!(
        src.contains("OtpsimIr.b_puts(nil, [\"Result: #{OtpsimIr.show(v1)}\"])"),
        "{src}"
    );
    assert!(src.contains("defmodule OtpsimP00003 do"), "{src}");
    assert!(src.contains("def ending, do: :halt"), "{src}");
    assert!(src.contains("OtpsimP00003.AsyncExample.run()"), "{src}");
}

#[test]
fn an_fn_uses_the_outer_variables_it_captured_in_heads_guards_and_bodies() {
    let src = emit("x = 1\ny = 2\nf = fn\n  ^x -> y\n  z when z > y -> z\nend\nf.(3)\n");
    // `x` and `y` are slots 0 and 1 of the top level; inside the fn they stay `v0`, `v1`.
    assert!(src.contains("^v0 ->"), "{src}");
    assert!(src.contains("when (v"), "{src}");
    assert!(src.contains("> (v1)"), "{src}");
    assert!(!src.contains("= v0\n"), "no copies: {src}");
}

#[test]
fn a_repeated_variable_repeats_and_a_pinned_one_pins() {
    let src = emit("a = 1\ncase {1, 1} do\n  {b, b} -> b\n  {^a, _} -> a\nend\n");
    assert!(src.contains("{v1, v1} ->"), "{src}");
    assert!(src.contains("{^v0, _} ->"), "{src}");
}

#[test]
fn a_labelled_call_of_a_program_function_names_what_it_starts() {
    let src = emit(
        "defmodule W do\n  def start_link, do: GenServer.start_link(__MODULE__, :ok, name: :w)\n  def init(s), do: {:ok, s}\nend\n{:ok, pid} = W.start_link()\nGenServer.call(:w, :x)\n",
    );
    assert!(
        src.contains("OtpsimIr.labelled(\"pid\", &OtpsimP00003.W.start_link/0, [])"),
        "{src}"
    );
    assert!(
        // No binding inside `start_link`: `nil`, the runtime names it by its registered name.
        src.contains("OtpsimIr.b_gen_start_link(nil, [OtpsimP00003.W, :ok,"),
        "{src}"
    );
    assert!(
        src.contains("GenServer.call(OtpsimIr.reg(:w), :x)"),
        "{src}"
    );
}

#[test]
fn structs_of_the_program_are_matched_as_maps_and_built_with_their_prefix() {
    let src = emit(
        "defmodule P do\n  defstruct x: 0\n  def x(%P{x: x}), do: x\n  def new, do: %P{x: 1}\nend\nP.x(P.new())\n",
    );
    assert!(src.contains("defstruct [{:x, 0}]"), "{src}");
    assert!(
        src.contains("def x(%{:__struct__ => OtpsimP00003.P, :x => v0})"),
        "{src}"
    );
    assert!(src.contains("%OtpsimP00003.P{x: 1}"), "{src}");
}

#[test]
fn an_observing_try_reports_what_it_caught() {
    let src =
        emit("try do\n  exit(:x)\nrescue\n  ArgumentError -> 1\ncatch\n  :exit, r -> r\nend\n");
    assert!(src.contains("otpsim_e1 in [ArgumentError] ->"), "{src}");
    assert!(
        src.contains("OtpsimIr.caught(\"rescue\", otpsim_e1)"),
        "{src}"
    );
    assert!(
        src.contains("(:exit = otpsim_kind2), (v0 = otpsim_value3) ->"),
        "{src}"
    );
    assert!(
        src.contains("OtpsimIr.caught_kind(otpsim_kind2, otpsim_value3)"),
        "{src}"
    );
}

#[test]
fn a_stream_goes_through_the_runtime_with_its_label_and_stream_functions_are_plain() {
    let src = emit("s = Task.async_stream([1], fn x -> x end)\nEnum.to_list(s)\n");
    assert!(
        src.contains("OtpsimIr.b_task_async_stream(\"s\", [[1], fn"),
        "{src}"
    );
    let src = emit(
        "{:ok, sup} = Task.Supervisor.start_link()\nTask.Supervisor.async_stream_nolink(sup, [1], fn x -> x end) |> Stream.map(fn x -> x end) |> Stream.run()\n",
    );
    assert!(
        src.contains("OtpsimIr.b_tsup_async_stream_nolink(\"async_stream_nolink\", [v0, [1], fn"),
        "{src}"
    );
    assert!(src.contains("Stream.run(Stream.map("), "{src}");
}

#[test]
fn the_dispatcher_runs_every_builtin_the_runtime_must_see_and_applies_the_rest() {
    let d = dispatcher();
    assert!(d.starts_with("defmodule OtpsimIr.Lib do"), "{d}");
    assert!(
        d.contains("def call(Task, :async, [a0], label) do\n    OtpsimIr.b_task_async(label || \"async\", [a0])"),
        "{d}"
    );
    assert!(
        d.contains("def call(GenServer, :call, [a0, a1], _label) do\n    GenServer.call(OtpsimIr.reg(a0), a1)"),
        "{d}"
    );
    assert!(
        !d.contains("def call(Enum, :map"),
        "plain builtins go to apply/3: {d}"
    );
    assert!(d.contains("def call(m, f, args, _label), do: apply(m, f, args)"));
}
