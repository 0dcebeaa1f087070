//! Supervisor and Task library functions in the interpreter, each against what the VM did
//! in a probe (`docs/probes/e26_api_rest.exs`).

use crate::Decisions;
use crate::interp::run_ir;
use crate::lower::load;
use std::rc::Rc;

/// The log lines of `main` in one run of `src` (seed 0), without their times.
fn logs(src: &str) -> Vec<String> {
    let (p, _) = load(src, "t.exs", "t").unwrap_or_else(|e| panic!("{e}"));
    let r = run_ir(
        &Rc::new(p),
        &Decisions::Seed(0),
        sim::TraceMode::Off,
        Default::default(),
    );
    assert!(r.violation.is_none(), "{:?}", r.violation);
    r.lines()
        .iter()
        .filter_map(|l| l.split_once(" main log ").map(|(_, t)| t.to_string()))
        .collect()
}

/// `Supervisor.child_spec/2` takes `:id`, `:start`, `:restart`, `:shutdown`, `:type` and
/// `:modules`; any other key, `:significant` too in 1.14, raises `ArgumentError`.
#[test]
fn child_spec_overrides_refuse_unknown_keys() {
    let src = "base = %{id: :a, start: {M, :f, []}}\n\
               IO.inspect(Supervisor.child_spec(base, id: :b, restart: :temporary, shutdown: 5))\n\
               for k <- [:timeout, :significant] do\n\
                 try do\n    Supervisor.child_spec(base, [{:id, :c}, {k, true}])\n  \
                 rescue\n    e in ArgumentError -> IO.puts(e.message)\n  end\n\
               end\n";
    assert_eq!(
        logs(src),
        [
            "%{id: :b, restart: :temporary, shutdown: 5, start: {M, :f, []}}",
            "unknown key :timeout in child specification override",
            "unknown key :significant in child specification override",
        ]
    );
}

/// A hand-built task (`pid: nil`) is answered by what the mailbox holds: a self-sent reply
/// or DOWN; `Task.shutdown` of it raises `ArgumentError` whose message names the owner as
/// the VM runner prints it (`#PID<main>`, not a raw pid).
#[test]
fn hand_built_tasks_act_on_the_mailbox_alone() {
    let src = "r = make_ref()\n\
               t = %Task{ref: r, owner: self(), pid: nil, mfa: {M, :f, 0}}\n\
               send(self(), {r, 42})\n\
               IO.inspect(Task.await(t))\n\
               send(self(), {:DOWN, r, :process, self(), :boom})\n\
               IO.inspect(Task.yield(t, 0))\n\
               IO.inspect(Task.yield(t, 0))\n\
               try do\n  Task.shutdown(t)\nrescue\n  e -> IO.puts(e.message)\nend\n";
    let logs = logs(src);
    assert_eq!(logs[..3], ["42", "{:exit, :boom}", "nil"]);
    assert!(
        logs[3].starts_with("task %Task{mfa: {M, :f, 0}, owner: #PID<main>, pid: nil,")
            && logs[3].ends_with("does not have an associated task process"),
        "{}",
        logs[3]
    );
}
