//! Streams in the interpreter: every `Enum` function gives over a stream what it gives over
//! the list of its elements; the consumer runs as elements arrive and halts the stream where
//! Elixir does; the stream's processes are named as the VM runner names them.

use crate::Decisions;
use crate::interp::run_ir;
use crate::lower::load;
use std::rc::Rc;

/// The observations of one run of `src` (seed 0), as `<ms>ms <process> <what>` lines.
fn lines(src: &str) -> Vec<String> {
    let (p, _) = load(src, "t.exs", "t").unwrap_or_else(|e| panic!("{e}"));
    let r = run_ir(
        &Rc::new(p),
        &Decisions::Seed(0),
        sim::TraceMode::Off,
        Default::default(),
    );
    assert!(r.violation.is_none(), "{:?}", r.violation);
    r.lines()
}

/// The log lines of `main`, without their times.
fn logs(src: &str) -> Vec<String> {
    lines(src)
        .iter()
        .filter_map(|l| l.split_once(" main log ").map(|(_, t)| t.to_string()))
        .collect()
}

/// Each expression of `E` (with `X` for the enumerable) is evaluated over a stream of
/// `[30, 10, 20, 30]` (tasks of 0 to 30 ms, two at a time) and over the list itself: the
/// same value, every time.
#[test]
fn every_enum_function_gives_over_a_stream_what_it_gives_over_its_list() {
    const E: &[&str] = &[
        "Enum.map(X, fn x -> x + 1 end)",
        "Enum.each(X, fn x -> x end)",
        "Enum.flat_map(X, fn x -> [x, x] end)",
        "Enum.filter(X, fn x -> x > 10 end)",
        "Enum.reject(X, fn x -> x > 10 end)",
        "Enum.reduce(X, fn x, acc -> x + acc end)",
        "Enum.reduce(X, 1, fn x, acc -> x + acc end)",
        "Enum.reduce_while(X, 0, fn x, acc -> if acc > 20, do: {:halt, acc}, else: {:cont, acc + x} end)",
        "Enum.find(X, fn x -> x < 30 end)",
        "Enum.find(X, :none, fn x -> x > 30 end)",
        "Enum.count(X)",
        "Enum.count(X, fn x -> x == 30 end)",
        "Enum.any?(X, fn x -> x == 20 end)",
        "Enum.all?(X, fn x -> x > 10 end)",
        "Enum.any?(Enum.map(X, fn x -> x > 20 end))",
        "Enum.all?(X)",
        "Enum.take(X, 2)",
        "Enum.take(X, 0)",
        "Enum.take(X, -1)",
        "Enum.to_list(X)",
        "Enum.into(X, %{}, fn x -> {x, 1} end)",
        "Enum.into(Stream.map(X, fn x -> {x, 2} end), %{})",
        "Enum.map_join(X, \"-\", fn x -> x end)",
        "Enum.join(X, \",\")",
        "Enum.with_index(X)",
        "Enum.with_index(X, fn x, i -> x * i end)",
        "Enum.sort_by(X, fn x -> -x end)",
        "Enum.sort(X)",
        "Enum.sort(X, :desc)",
        "Enum.sort(X, fn a, b -> a >= b end)",
        "Enum.group_by(X, fn x -> rem(x, 20) end)",
        "Enum.split_with(X, fn x -> x > 10 end)",
        "Enum.zip(X, [:a, :b])",
        "Enum.zip([:a, :b, :c, :d, :e], X)",
        "Enum.zip([X, [1, 2, 3]])",
        "Enum.sum(X)",
        "Enum.max(X)",
        "Enum.min(X)",
        "Enum.member?(X, 20)",
        "Enum.member?(X, 25)",
        "Enum.at(X, 2)",
        "Enum.at(X, 9, :none)",
        "Enum.at(X, -1)",
        "Enum.empty?(X)",
        "Enum.uniq(X)",
        "Enum.reverse(X)",
        "Enum.drop(X, 1)",
        "Enum.concat(X, [1])",
        "Enum.concat([[1], X])",
        "Map.new(Stream.map(X, fn x -> {x, x} end))",
        "Map.new(X, fn x -> {x, 0} end)",
        "Stream.run(X)",
        "Enum.to_list(Stream.map(X, fn x -> x * 2 end))",
        "Enum.to_list(Stream.filter(X, fn x -> x > 10 end))",
        "Enum.to_list(Stream.reject(X, fn x -> x > 10 end))",
        "Enum.to_list(Stream.take(X, 3))",
        "Enum.to_list(Stream.take(X, 0))",
        "for x <- X, x > 10, do: x * 2",
        "Enum.to_list(Stream.take(Stream.filter(X, fn x -> x > 10 end), 1))",
    ];
    let mut src = String::from(
        "list = [30, 10, 20, 30]\n\
         stream = fn ->\n  list\n  |> Task.async_stream(fn x -> Process.sleep(x); x end)\n  |> Stream.map(fn {:ok, x} -> x end)\nend\n",
    );
    for e in E {
        let over_stream = e.replace('X', "stream.()");
        let over_list = e.replace('X', "list");
        src.push_str(&format!(
            "IO.puts(inspect({over_stream}) <> \" | \" <> inspect({over_list}))\n"
        ));
    }
    let logs = logs(&src);
    assert_eq!(logs.len(), E.len(), "{logs:#?}");
    for (e, l) in E.iter().zip(&logs) {
        let (s, l2) = l.split_once(" | ").expect("two halves");
        assert_eq!(s, l2, "{e}");
    }
}

/// `Enum.each`'s function runs with each element as it is delivered, in the caller; the
/// stream's processes are `<caller>.async_stream` and its tasks `<that>.task`, `#2`, ...
#[test]
fn the_consumer_runs_per_element_and_the_processes_are_named_after_the_stream() {
    let src = "[100, 300, 100]\n\
               |> Task.async_stream(fn ms -> Process.sleep(ms); ms end)\n\
               |> Enum.each(fn {:ok, ms} -> IO.puts(\"got #{ms}\") end)\n";
    assert_eq!(
        lines(src),
        [
            "100ms main log got 100",
            "100ms main.async_stream.task exit :normal",
            "200ms main.async_stream.task#3 exit :normal",
            "300ms main log got 300",
            "300ms main log got 100",
            "300ms main exit :normal",
            "300ms main.async_stream exit :normal",
            "300ms main.async_stream.task#2 exit :normal",
        ]
    );
    // Bound to a variable, the stream is called by it; enumerated twice, `#2`.
    let src = "s = Task.async_stream([1], fn x -> x end)\nEnum.to_list(s)\nEnum.to_list(s)\n";
    let l = lines(src);
    assert!(
        l.contains(&"0ms main.s.task exit :normal".to_string()),
        "{l:#?}"
    );
    assert!(
        l.contains(&"0ms main.s#2.task exit :normal".to_string()),
        "{l:#?}"
    );
}

/// `Enum.take`, `Enum.find`, `Stream.take` halt the stream right after the element that
/// decides: the running tasks are killed at that moment; inputs not taken never start.
#[test]
fn consumers_that_stop_early_kill_the_running_tasks() {
    for consumer in [
        "Enum.take(1)",
        "Enum.find(fn _ -> true end)",
        "Stream.take(1) |> Enum.to_list()",
        "Enum.at(0)",
        "Enum.empty?()",
        "Enum.reduce_while(0, fn _, _ -> {:halt, 1} end)",
        "Enum.any?(fn _ -> true end)",
    ] {
        let src = format!(
            "[100, 300, 300, 300]\n|> Task.async_stream(fn ms -> Process.sleep(ms); ms end, max_concurrency: 3)\n|> {consumer}\nProcess.sleep(1000)\n"
        );
        assert_eq!(
            lines(&src),
            [
                "100ms main.async_stream exit :normal",
                "100ms main.async_stream.task exit :normal",
                "100ms main.async_stream.task#2 exit :killed",
                "100ms main.async_stream.task#3 exit :killed",
                "1100ms main exit :normal",
            ],
            "{consumer}"
        );
    }
}

/// An exception in the consumer's function closes the stream (running tasks killed) before
/// the caller's `rescue` sees it.
#[test]
fn an_exception_in_the_consumer_closes_the_stream_first() {
    let src = "try do\n\
               [100, 300] |> Task.async_stream(fn ms -> Process.sleep(ms) end) |> Enum.each(fn _ -> raise \"no\" end)\n\
               rescue\n  e -> IO.puts(\"rescued #{e.message}\")\nend\n";
    assert_eq!(
        lines(src),
        [
            "100ms main rescue %RuntimeError{message: \"no\"}",
            "100ms main log rescued no",
            "100ms main exit :normal",
            "100ms main.async_stream exit :normal",
            "100ms main.async_stream.task exit :normal",
            "100ms main.async_stream.task#2 exit :killed",
        ]
    );
}

/// A bad `max_concurrency:` raises `ArgumentError` when the stream is enumerated, not when
/// it is made, and before any process starts.
#[test]
fn a_bad_max_concurrency_raises_when_enumerated() {
    let src = "s = Task.async_stream([1], fn x -> x end, max_concurrency: 0)\n\
               IO.puts(\"made\")\n\
               try do\n  Enum.to_list(s)\nrescue\n  e -> IO.puts(e.message)\nend\n";
    assert_eq!(
        lines(src),
        [
            "0ms main log made",
            "0ms main rescue %ArgumentError{message: \":max_concurrency must be an integer greater than zero\"}",
            "0ms main log :max_concurrency must be an integer greater than zero",
            "0ms main exit :normal",
        ]
    );
}

/// `Enum.zip` pulls one element of each in turn; when one is done the others are halted.
/// One never pulled from (`Enum.zip([], s)`) still starts and stops its intermediate
/// process, as 1.14 does. Two streams zip together; a stream can be another's input.
#[test]
fn zip_and_nested_streams() {
    let src = "s = Task.async_stream([100, 200, 300], fn ms -> Process.sleep(ms); ms end, max_concurrency: 3)\n\
               IO.inspect(Enum.zip([:a, :b], s))\n";
    assert_eq!(
        lines(src),
        [
            "100ms main.s.task exit :normal",
            "200ms main log [a: {:ok, 100}, b: {:ok, 200}]",
            "200ms main exit :normal",
            "200ms main.s exit :normal",
            "200ms main.s.task#2 exit :normal",
            "200ms main.s.task#3 exit :killed",
        ]
    );
    // The other way round, the stream is pulled once more (its 3rd element, at 300 ms)
    // before the list says it is done.
    let src = "s = Task.async_stream([100, 200, 300], fn ms -> Process.sleep(ms); ms end, max_concurrency: 3)\n\
               IO.inspect(Enum.zip(s, [:a, :b]))\n";
    assert!(
        lines(src).contains(&"300ms main log [{{:ok, 100}, :a}, {{:ok, 200}, :b}]".to_string()),
        "{:#?}",
        lines(src)
    );
    let src = "s = Task.async_stream([1], fn x -> x end)\nIO.inspect(Enum.zip([], s))\n";
    assert_eq!(
        lines(src),
        [
            "0ms main log []",
            "0ms main exit :normal",
            "0ms main.s exit :normal"
        ]
    );
    let src = "a = Task.async_stream([1, 2], fn x -> x end)\n\
               b = Task.async_stream([3, 4, 5], fn x -> x end)\n\
               IO.inspect(Enum.zip(a, b))\n\
               inner = Task.async_stream([1, 2, 3], fn x -> Process.sleep(100 * x); x end)\n\
               outer = Task.async_stream(inner, fn {:ok, x} -> x * 10 end)\n\
               IO.inspect(Enum.take(outer, 2))\n";
    let l = logs(src);
    assert_eq!(
        l,
        [
            "[{{:ok, 1}, {:ok, 3}}, {{:ok, 2}, {:ok, 4}}]",
            "[ok: 10, ok: 20]"
        ]
    );
}

/// `Task.Supervisor.async_stream(_nolink)`: the tasks are the supervisor's children,
/// `<supervisor>.<label>`; with `_nolink` a crash is an element.
#[test]
fn task_supervisor_streams_are_named_under_the_supervisor() {
    let src = "{:ok, sup} = Task.Supervisor.start_link()\n\
               r = Task.Supervisor.async_stream_nolink(sup, [1, 2], fn 1 -> exit(:no); x -> x end) |> Enum.to_list()\n\
               IO.inspect(r)\n";
    let l = lines(src);
    assert!(
        l.contains(&"0ms main log [exit: :no, ok: 2]".to_string()),
        "{l:#?}"
    );
    assert!(
        l.contains(&"0ms main.sup.async_stream_nolink exit :no".to_string()),
        "{l:#?}"
    );
    assert!(
        l.contains(&"0ms main.async_stream_nolink exit :normal".to_string()),
        "{l:#?}"
    );
}
