//! The cargo-test runner: run a program under many seeded schedules with the invariant
//! monitors attached, and on failure print a one-line reproducer *before* unwinding.
//!
//! ```no_run
//! use scenarios::runner;
//! #[test]
//! fn my_property() {
//!     runner::check_random(200, |sim| {
//!         sim.spawn(|p| async move { p.sleep(1).await });
//!     });
//! }
//! ```
//!
//! The environment (`OTPSIM_SEED`, `OTPSIM_SEEDS`, `OTPSIM_SCHEDULE`) is read by
//! [`sim::runner`], the runner at the bottom that the `sim` and `model` tests use too; this
//! module attaches the invariant monitors to it. A failing seed prints its replay command,
//! then its schedule is shrunk (to one that breaks the same check) and written to
//! `otpsim-failures/` with the command that replays it.

use crate::checks::{Monitors, Violation, panic_violation};
use sim::runner::{Failure as Failed, Replay};
use sim::{Config, EventKind, Pid, Report, Schedule, Sim, Term, TraceMode};
use std::cell::RefCell;
use std::rc::Rc;

pub use sim::runner::{ENV_SCHEDULE, ENV_SEED, ENV_SEEDS, reproducer, seeds};

/// Parses a seed: decimal or `0x`-prefixed hex.
pub fn parse_seed(s: &str) -> Result<u64, String> {
    sim::parse_seed(s)
}

/// What one run found.
#[derive(Debug)]
pub struct Failure {
    /// The seed.
    pub seed: u64,
    /// The broken invariant, or the bad outcome as a violation named `outcome`.
    pub violation: Violation,
}

/// A line a process logged ([`sim::Proc::log`], what `IO.puts` prints).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// Virtual time, in milliseconds.
    pub time_ms: u64,
    /// Who logged it.
    pub pid: Pid,
    /// The text.
    pub text: String,
}

/// What a test sees of one run, to assert on ([`check_random_with`]).
#[derive(Debug)]
pub struct Run<T> {
    /// The seed it ran under.
    pub seed: u64,
    /// What the program's setup returned (the root's pid, say).
    pub value: T,
    /// The kernel's report: outcome, exit reasons, schedule, trace (when recorded).
    pub report: Report,
    /// Every line logged, in order.
    pub logs: Vec<LogLine>,
}

impl<T> Run<T> {
    /// The exit reason of `pid`, or `None` if it was still alive at the end.
    pub fn exit_reason(&self, pid: Pid) -> Option<&Term> {
        self.report.exit_reason(pid)
    }
    /// The texts logged, in order.
    pub fn log_texts(&self) -> Vec<&str> {
        self.logs.iter().map(|l| l.text.as_str()).collect()
    }
}

/// Runs `program` once under `seed` with the standard monitors. A Rust panic in process
/// code, a deadlock or an exhausted budget also counts as a failure (in that order of
/// precedence after the panic: the monitors, then the outcome).
pub fn run_one(
    seed: u64,
    trace: TraceMode,
    program: &dyn Fn(&mut Sim),
) -> (Report, Option<Violation>) {
    let run = run_with(seed, Sim::seeded_with(seed, config(trace)), &|sim| {
        program(sim)
    });
    (run.0.report, run.1)
}

fn config(trace: TraceMode) -> Config {
    Config {
        trace,
        ..Config::default()
    }
}

fn run_with<T>(
    seed: u64,
    mut sim: Sim,
    program: &dyn Fn(&mut Sim) -> T,
) -> (Run<T>, Option<Violation>) {
    let value = program(&mut sim);
    let logs = Rc::new(RefCell::new(Vec::new()));
    let sink = logs.clone();
    sim.observe(move |ev| {
        if let (EventKind::Log { text }, Some(pid)) = (&ev.kind, ev.pid) {
            sink.borrow_mut().push(LogLine {
                time_ms: ev.time.as_ms(),
                pid,
                text: text.clone(),
            });
        }
    });
    let monitors = Monitors::standard().attach(&mut sim);
    let report = sim.run();
    let mut verdict = panic_violation(&report).or_else(|| monitors.borrow_mut().finish());
    if verdict.is_none() && !report.outcome.ended_well() {
        verdict = Some(Violation {
            check: "outcome",
            step: report.steps,
            time: report.time,
            message: format!("{:?}", report.outcome),
        });
    }
    let logs = logs.take();
    (
        Run {
            seed,
            value,
            report,
            logs,
        },
        verdict,
    )
}

/// Runs `program` under `n` seeds (or `OTPSIM_SEEDS`), or only `OTPSIM_SEED`, and panics
/// with a reproducer at the first violation.
pub fn check_random(n: u64, program: impl Fn(&mut Sim)) {
    check_random_with(n, program, |_| {});
}

/// Like [`check_random`], and also calls `assert` on every run that kept the invariants:
/// the run's seed, what `program` returned, its report and its log lines. `assert` fails
/// by panicking (`assert!`, `assert_eq!`); the reproducer is printed first.
///
/// ```no_run
/// use scenarios::runner;
/// use sim::{Term, Timeout};
/// runner::check_random_with(
///     100,
///     |sim| sim.spawn(|p| async move { p.log("hello") }),
///     |run| {
///         assert_eq!(run.exit_reason(run.value), Some(&Term::atom("normal")));
///         assert_eq!(run.log_texts(), ["hello"]);
///     },
/// );
/// ```
pub fn check_random_with<T>(n: u64, program: impl Fn(&mut Sim) -> T, assert: impl Fn(&Run<T>)) {
    // One run, judged: the monitors' violation, else the bad outcome, else the assertion.
    let judged = |seed: u64, sim: Sim| -> (Run<T>, Result<(), Failed>) {
        let (run, verdict) = run_with(seed, sim, &program);
        if let Some(v) = verdict {
            let failed = Failed::new(v.check, v.to_string());
            return (run, Err(failed));
        }
        let asserted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| assert(&run)));
        match asserted {
            Ok(()) => (run, Ok(())),
            Err(payload) => {
                let msg = payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("the assertion panicked");
                (
                    run,
                    Err(Failed::new("assertion", format!("assertion: {msg}"))),
                )
            }
        }
    };
    let env = sim::runner::Env::get();
    let trace = if env.replaying() {
        TraceMode::Full
    } else {
        TraceMode::Off
    };
    for seed in seeds(n) {
        let (run, verdict) = judged(seed, sim::runner::sim_with(seed, config(trace)));
        if let Some(d) = &run.report.divergence {
            eprintln!("{}", run.report.trace.render());
            panic!("the schedule of {ENV_SCHEDULE} does not fit this test any more: {d}");
        }
        let Err(failed) = verdict else { continue };
        if env.replaying() {
            eprintln!("{}", run.report.trace.render());
            eprintln!("otpsim: {} failed: {failed}", what(seed));
            panic!("{}: {}", what(seed), failed.message);
        }
        let rerun = |s: &Schedule, how: Replay| {
            let sim = match how {
                Replay::Exact => Sim::replay(s, config(TraceMode::Full)),
                Replay::Prefix => Sim::replay_prefix(s, config(TraceMode::Off)),
            };
            let (run, verdict) = judged(seed, sim);
            if how == Replay::Exact {
                eprintln!("{}", run.report.trace.render());
            }
            (run.report.schedule, verdict)
        };
        let message = failed.message.clone();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let inject = config(TraceMode::Off).inject;
            sim::runner::fail(seed, run.report.schedule, failed, true, inject, &rerun)
        }));
        // `fail` panics with the shrunk run's failure; the test's message is the found one.
        let _ = r;
        panic!("seed {seed:#x}: {message}");
    }
}

/// "seed 0x.." or "the schedule FILE".
fn what(seed: u64) -> String {
    match &sim::runner::Env::get().schedule {
        Some((path, _)) => format!("the schedule {}", path.display()),
        None => format!("seed {seed:#x}"),
    }
}

/// Runs `program` once under `seed` with the full trace and the monitors; panics with the
/// violation (after printing the trace) if there is one.
pub fn replay(seed: u64, program: &dyn Fn(&mut Sim)) -> Report {
    let (report, verdict) = run_one(seed, TraceMode::Full, program);
    if let Some(v) = verdict {
        eprintln!("{}", report.trace.render());
        eprintln!("otpsim: seed {seed:#x} failed: {v}");
        panic!("seed {seed:#x}: {v}");
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_parse_in_decimal_and_hex() {
        assert_eq!(parse_seed("42"), Ok(42));
        assert_eq!(parse_seed("0x2a"), Ok(42));
        assert!(parse_seed("x2a").unwrap_err().contains("is not a seed"));
    }

    #[test]
    fn a_deadlock_is_reported_with_its_seed() {
        let r = std::panic::catch_unwind(|| {
            check_random(3, |sim| {
                sim.spawn(|p| async move {
                    p.receive(sim::Timeout::Infinity, |_| false).await;
                });
            })
        });
        let msg = *r.unwrap_err().downcast::<String>().unwrap();
        assert!(msg.starts_with("seed 0x0: outcome violated"), "{msg}");
    }

    /// A Rust panic inside a simulated process is a bug of the test, not an Elixir crash:
    /// the run fails, naming the seed, the process and where it panicked.
    #[test]
    fn a_panic_inside_a_process_fails_the_run_with_its_seed() {
        let r = std::panic::catch_unwind(|| {
            check_random(10, |sim| {
                sim.spawn(|p| async move {
                    let answer = p.now_ms() + 41;
                    assert_eq!(answer, 42, "the property broke");
                });
            })
        });
        let msg = *r.unwrap_err().downcast::<String>().unwrap();
        assert!(
            msg.starts_with("seed 0x0: rust-panic violated at step"),
            "{msg}"
        );
        assert!(msg.contains("the property broke"), "{msg}");
        assert!(msg.contains("runner.rs:"), "the panic's location: {msg}");
    }

    /// The same through `check_random_with`, and a later panic (a seed other than 0).
    #[test]
    fn a_panic_on_one_seed_only_is_found_and_reported_with_that_seed() {
        let r = std::panic::catch_unwind(|| {
            check_random(50, |sim| {
                sim.spawn(|p| async move {
                    let a = p.spawn(|c| async move { c.log("a") }).await;
                    let b = p.spawn(|c| async move { c.log("b") }).await;
                    let _ = (a, b);
                    // Whether a's log comes first depends on the schedule.
                    p.sleep(1).await;
                });
            })
        });
        assert!(r.is_ok(), "no panic, no failure");
        let r = std::panic::catch_unwind(|| {
            check_random_with(
                50,
                |sim| {
                    sim.spawn(|p| async move {
                        p.spawn(|c| async move { c.log("a") }).await;
                        p.spawn(|c| async move { c.log("b") }).await;
                        p.sleep(1).await;
                    })
                },
                |run| assert_eq!(run.log_texts(), ["a", "b"], "logs in spawn order"),
            )
        });
        let msg = *r.unwrap_err().downcast::<String>().unwrap();
        assert!(
            msg.contains("assertion: assertion `left == right` failed: logs in spawn order"),
            "{msg}"
        );
        assert!(
            !msg.starts_with("seed 0x0:"),
            "seed 0 keeps the FIFO order: {msg}"
        );
    }

    #[test]
    fn the_assertion_sees_the_value_the_report_and_the_logs() {
        check_random_with(
            20,
            |sim| {
                sim.spawn(|p| async move {
                    p.sleep(5).await;
                    p.log("done");
                })
            },
            |run| {
                assert_eq!(run.exit_reason(run.value), Some(&Term::atom("normal")));
                assert_eq!(run.log_texts(), ["done"]);
                assert_eq!(run.logs[0].time_ms, 5);
                assert_eq!(run.logs[0].pid, run.value);
            },
        );
    }
}
