//! Semantic trace events that the model emits, for invariant monitors to consume.
//!
//! Each is a `sim::EventKind::User { tag, data }`. A wait (await, yield, ...) is a pair of
//! events: [`WAIT_BEGIN`] when the caller starts waiting and [`WAIT_END`] when the wait
//! returns or exits; both carry the same `id`, so a monitor can check that the end is never
//! after `begin + timeout` and that a timeout is never earlier.

use sim::{Proc, Term, Timeout};

/// `{op, id, timeout}`: a wait began (`op` is `:await`, `:yield`, `:await_many`,
/// `:yield_many`, `:shutdown` or `:call`; `timeout` an integer or `:infinity`).
pub const WAIT_BEGIN: &str = "wait.begin";
/// `{op, id, result}`: the wait ended. `result` is `{:ok, value}` (a reply), `{:exit, reason}`
/// (the awaited process went down), `:timeout` (the deadline passed) or `nil` (a yield
/// that timed out).
pub const WAIT_END: &str = "wait.end";
/// `{pid, ref, owner}`: a task process was started by `Task.async`-like functions.
pub const TASK_SPAWN: &str = "task.spawn";

/// How a wait ended.
#[derive(Clone, Debug, PartialEq)]
pub enum WaitResult {
    /// A reply arrived.
    Ok(Term),
    /// The awaited process went down with this reason.
    Exit(Term),
    /// The deadline passed (`await` exits, `yield` returns `nil`).
    Timeout,
}

impl WaitResult {
    fn to_term(&self) -> Term {
        match self {
            WaitResult::Ok(v) => Term::tuple(vec![Term::atom("ok"), v.clone()]),
            WaitResult::Exit(r) => Term::tuple(vec![Term::atom("exit"), r.clone()]),
            WaitResult::Timeout => Term::atom("timeout"),
        }
    }
}

/// Emits [`WAIT_BEGIN`].
pub fn wait_begin(p: &Proc, op: &'static str, id: &Term, timeout: Timeout) {
    p.emit(WAIT_BEGIN, || {
        Term::tuple(vec![Term::atom(op), id.clone(), timeout.to_term()])
    });
}

/// Emits [`WAIT_END`].
pub fn wait_end(p: &Proc, op: &'static str, id: &Term, result: &WaitResult) {
    p.emit(WAIT_END, || {
        Term::tuple(vec![Term::atom(op), id.clone(), result.to_term()])
    });
}

/// `{id, pid}`: a supervisor started a child (the event's process is the supervisor).
pub const SUP_START: &str = "sup.start";
/// `{id, reason}`: a child's start function failed.
pub const SUP_START_ERROR: &str = "sup.start_error";
/// `{kind, strategy, max_restarts, max_seconds}`: a supervisor initialised (`kind` is
/// `:static` for `Supervisor`, `:dynamic` for `DynamicSupervisor`/`Task.Supervisor`).
pub const SUP_INIT: &str = "sup.init";
/// `{id, pid, reason, restart}`: a supervisor received a child's EXIT.
pub const SUP_EXIT: &str = "sup.exit";
/// `{id, restarts_in_window}`: a restart attempt passed the intensity check.
pub const SUP_RESTART: &str = "sup.restart";
/// `id`: a restart attempt tripped the intensity limit; the supervisor gives up.
pub const SUP_GIVE_UP: &str = "sup.give_up";
/// `{id, pid, signal, shutdown}`: the supervisor sent `:shutdown` or `:kill` to a child it stops.
pub const SUP_TERMINATE: &str = "sup.terminate";
/// `{id, pid}`: the shutdown timeout passed; the child is killed.
pub const SUP_KILL: &str = "sup.kill";
/// `{id, reason}`: a child stopped with an unexpected reason (a `shutdown_error` report).
pub const SUP_SHUTDOWN_ERROR: &str = "sup.shutdown_error";

/// Emits [`SUP_INIT`].
pub fn sup_init(p: &Proc, kind: &'static str, strategy: Term, max_restarts: u32, max_seconds: u64) {
    p.emit(SUP_INIT, || {
        Term::tuple(vec![
            Term::atom(kind),
            strategy,
            Term::Int(i64::from(max_restarts)),
            Term::Int(max_seconds as i64),
        ])
    });
}
