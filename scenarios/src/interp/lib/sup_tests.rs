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
