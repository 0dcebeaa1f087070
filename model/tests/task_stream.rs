//! `Task.async_stream` (SEMANTICS.md §2.10): one test per row of the options table and of the
//! results/failure table (both columns: caller not trapping / trapping exits), with exact
//! terms and virtual times, over many seeds. Expected values were checked against Elixir
//! 1.14.0 / OTP 25 (probes kept outside the repository); the few extra tests (caller killed,
//! stray messages after a caught timeout, ...) pin 1.14 details those probes showed.

use model::TaskResult;
use model::task_stream::{OnTimeout, SCHEDULERS_ONLINE, StreamOpts, async_stream};
use sim::runner::{each_seed, sim_for};
use sim::{Outcome, Pid, Proc, Report, Sim, Term, Timeout};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

const SEEDS: u64 = 50;

/// One task as it saw itself: input, pid, the intermediate process it is linked to, start time.
#[derive(Clone, Debug)]
struct TaskRec {
    input: Term,
    pid: Pid,
    inter: Pid,
    start: u64,
}

/// What the caller observed.
#[derive(Debug, Default)]
struct Seen {
    /// The stream's elements, if it returned.
    results: Option<Vec<Term>>,
    /// The exit the caller caught (`catch :exit`), if any.
    caught: Option<Term>,
    /// Virtual time when the stream returned or exited into the catch.
    end: Option<u64>,
    /// Mailbox right after the stream returned / exited.
    mailbox: Vec<Term>,
    /// Mailbox after everything settled (1000 ms later).
    mailbox_later: Vec<Term>,
    tasks: Vec<TaskRec>,
}

struct Run {
    root: Pid,
    report: Report,
    seen: Seen,
}

impl Run {
    fn root_exit(&self) -> &Term {
        self.report.exit_reason(self.root).expect("root ended")
    }
    fn exit_of(&self, pid: Pid) -> Option<&Term> {
        self.report.exit_reason(pid)
    }
    /// Virtual time of `pid`'s exit.
    fn exit_time(&self, pid: Pid) -> u64 {
        exit_time(&self.report, pid)
    }
    fn task(&self, input: i64) -> &TaskRec {
        self.seen
            .tasks
            .iter()
            .find(|t| t.input == Term::Int(input))
            .unwrap_or_else(|| panic!("no task for input {input}"))
    }
    fn inter(&self) -> Pid {
        self.seen.tasks[0].inter
    }
    fn started(&self) -> Vec<(i64, u64)> {
        let mut v: Vec<(i64, u64)> = self
            .seen
            .tasks
            .iter()
            .map(|t| (t.input.as_int().expect("int input"), t.start))
            .collect();
        v.sort();
        v
    }
    fn ctx(&self) -> String {
        format!("seen: {:?}\n{}", self.seen, self.report.trace.render())
    }
}

/// Runs `async_stream(inputs, f, opts)` in a root process that traps exits iff `trap` and,
/// iff `catch`, wraps the call in `catch :exit`.
fn run<F, Fut>(seed: u64, trap: bool, catch: bool, inputs: Vec<i64>, opts: StreamOpts, f: F) -> Run
where
    F: Fn(Proc, i64) -> Fut + Clone + 'static,
    Fut: Future<Output = Term> + 'static,
{
    let seen = Rc::new(RefCell::new(Seen::default()));
    let mut sim = sim::runner::sim_for(seed);
    let s = seen.clone();
    let root = sim.spawn(move |p| async move {
        p.trap_exit(trap);
        let log = s.clone();
        let g = move |t: Proc, x: Term| {
            let log = log.clone();
            let f = f.clone();
            async move {
                log.borrow_mut().tasks.push(TaskRec {
                    input: x.clone(),
                    pid: t.pid(),
                    inter: t.links()[0],
                    start: t.now_ms(),
                });
                f(t, x.as_int().expect("int input")).await
            }
        };
        let inputs: Vec<Term> = inputs.into_iter().map(Term::Int).collect();
        let res = if catch {
            p.catch_exit(async_stream(&p, inputs, g, opts)).await
        } else {
            Ok(async_stream(&p, inputs, g, opts).await)
        };
        {
            let mut s = s.borrow_mut();
            match res {
                Ok(v) => s.results = Some(v.iter().map(TaskResult::to_term).collect()),
                Err(r) => s.caught = Some(r),
            }
            s.end = Some(p.now_ms());
            s.mailbox = p.messages();
        }
        p.sleep(1000).await;
        s.borrow_mut().mailbox_later = p.messages();
    });
    let report = sim.run();
    let seen = seen.take();
    Run { root, report, seen }
}

fn ok(v: i64) -> Term {
    Term::tuple([Term::atom("ok"), Term::Int(v)])
}

fn exit(r: Term) -> Term {
    Term::tuple([Term::atom("exit"), r])
}

fn a(s: &'static str) -> Term {
    Term::atom(s)
}

fn zipped(input: i64, r: Term) -> Term {
    exit(Term::tuple([Term::Int(input), r]))
}

/// `{reason, {Task.Supervised, :stream, [timeout]}}`
fn stream_exit(reason: Term, timeout: Term) -> Term {
    Term::tuple([
        reason,
        Term::tuple([
            Term::module("Task.Supervised"),
            Term::atom("stream"),
            Term::list([timeout]),
        ]),
    ])
}

/// A task that sleeps `x * 100` ms and returns `x`.
async fn sleepy(t: Proc, x: i64) -> Term {
    t.sleep(x as u64 * 100).await;
    Term::Int(x)
}

/// Virtual time of `pid`'s exit (`Report::time` is later: a `send_after` timer of a dead
/// process still moves the clock when it comes due).
fn exit_time(report: &Report, pid: Pid) -> u64 {
    report
        .trace
        .events()
        .iter()
        .find(|e| e.pid == Some(pid) && matches!(e.kind, sim::EventKind::Exit { .. }))
        .map(|e| e.time.as_ms())
        .expect("the process exited")
}

/// Checks that the run ended with every process gone and the root exited `:normal`.
fn assert_clean(r: &Run) {
    assert_eq!(r.report.outcome, Outcome::Completed, "{}", r.ctx());
    assert_eq!(r.root_exit(), &a("normal"), "{}", r.ctx());
}

// ----- §2.10, options table ---------------------------------------------------------------

/// §2.10 options, `:max_concurrency` default `System.schedulers_online()` = 2 (modelled VM):
/// the third input starts only when a slot frees up.
#[test]
fn s2_10_opt_max_concurrency_default_is_schedulers_online() {
    assert_eq!(SCHEDULERS_ONLINE, 2);
    assert_eq!(StreamOpts::default().max_concurrency, 2);
    each_seed(SEEDS, |seed| {
        let r = run(
            seed,
            false,
            false,
            vec![1, 1, 1],
            StreamOpts::default(),
            sleepy,
        );
        assert_clean(&r);
        assert_eq!(
            r.seen.results,
            Some(vec![ok(1), ok(1), ok(1)]),
            "{}",
            r.ctx()
        );
        let mut starts: Vec<u64> = r.seen.tasks.iter().map(|t| t.start).collect();
        starts.sort();
        assert_eq!(starts, vec![0, 0, 100], "{}", r.ctx());
        assert_eq!(r.seen.end, Some(200));
    });
}

/// §2.10 options, `:max_concurrency` n: at most n tasks in flight; the next input is taken
/// only when a slot is free (probe: `[1, 2, 3]`, max 2 ⇒ ok at 100, 200, 400 ms).
#[test]
fn s2_10_opt_max_concurrency_limits_tasks_in_flight() {
    each_seed(SEEDS, |seed| {
        let opts = StreamOpts {
            max_concurrency: 2,
            ..StreamOpts::default()
        };
        let r = run(seed, false, false, vec![1, 2, 3], opts, sleepy);
        assert_clean(&r);
        assert_eq!(r.seen.results, Some(vec![ok(1), ok(2), ok(3)]));
        assert_eq!(r.started(), vec![(1, 0), (2, 0), (3, 100)], "{}", r.ctx());
        assert_eq!(r.seen.end, Some(400));

        let opts = StreamOpts {
            max_concurrency: 3,
            ..StreamOpts::default()
        };
        let r = run(seed, false, false, vec![1, 1, 1, 1, 1], opts, sleepy);
        assert_clean(&r);
        let mut starts: Vec<u64> = r.seen.tasks.iter().map(|t| t.start).collect();
        starts.sort();
        assert_eq!(starts, vec![0, 0, 0, 100, 100], "{}", r.ctx());
        assert_eq!(r.seen.end, Some(200));
    });
}

/// §2.10 options, `max_concurrency: 0`: `ArgumentError` raised when the stream is enumerated
/// (1.14), before any process is spawned — also for an empty input; `Enum.take(_, 0)` does
/// not enumerate, so it does not raise.
#[test]
fn s2_10_opt_max_concurrency_zero_raises_when_enumerated() {
    let err = Term::struct_(
        "ArgumentError",
        vec![(
            "message",
            Term::str(":max_concurrency must be an integer greater than zero"),
        )],
    );
    for inputs in [vec![Term::Int(1)], vec![]] {
        let mut sim = Sim::seeded(1);
        let got = Rc::new(RefCell::new(None));
        let g = got.clone();
        let root = sim.spawn(move |p| async move {
            let opts = StreamOpts {
                max_concurrency: 0,
                ..StreamOpts::default()
            };
            let r = p
                .rescue(async_stream(&p, inputs, |_t, x| async move { x }, opts))
                .await;
            *g.borrow_mut() = Some(r);
        });
        let report = sim.run();
        assert_eq!(report.exit_reason(root), Some(&a("normal")));
        assert_eq!(*got.borrow(), Some(Err(err.clone())));
        assert_eq!(report.process_count(), 1, "no process spawned");
    }
    // Uncaught: the caller exits `{%ArgumentError{}, stacktrace}`.
    let mut sim = Sim::seeded(2);
    let root = sim.spawn(|p| async move {
        let opts = StreamOpts {
            max_concurrency: 0,
            ..StreamOpts::default()
        };
        async_stream(&p, vec![Term::Int(1)], |_t, x| async move { x }, opts).await;
    });
    let report = sim.run();
    assert_eq!(
        report.exit_reason(root),
        Some(&Term::tuple([err, Term::empty_list()]))
    );
    // `Enum.take(stream, 0)`: `[]`, nothing spawned.
    let r = run(
        3,
        false,
        false,
        vec![1],
        StreamOpts {
            max_concurrency: 0,
            take: Some(0),
            ..StreamOpts::default()
        },
        sleepy,
    );
    assert_clean(&r);
    assert_eq!(r.seen.results, Some(vec![]));
    assert_eq!(r.report.process_count(), 1);
}

/// §2.10 options, `ordered: true` (default): input order, whatever the completion order.
#[test]
fn s2_10_opt_ordered_true_emits_in_input_order() {
    each_seed(SEEDS, |seed| {
        for trap in [false, true] {
            let opts = StreamOpts {
                max_concurrency: 3,
                ..StreamOpts::default()
            };
            let r = run(seed, trap, false, vec![3, 1, 2], opts, sleepy);
            assert_clean(&r);
            assert_eq!(
                r.seen.results,
                Some(vec![ok(3), ok(1), ok(2)]),
                "{}",
                r.ctx()
            );
            assert_eq!(r.seen.end, Some(300));
            assert_eq!(r.seen.mailbox, vec![]);
        }
    });
}

/// §2.10 options, `ordered: false`: completion order (probe: `[300, 100, 200]` ⇒ 100, 200,
/// 300).
#[test]
fn s2_10_opt_ordered_false_emits_in_completion_order() {
    each_seed(SEEDS, |seed| {
        let opts = StreamOpts {
            max_concurrency: 3,
            ordered: false,
            ..StreamOpts::default()
        };
        let r = run(seed, false, false, vec![3, 1, 2], opts, sleepy);
        assert_clean(&r);
        assert_eq!(
            r.seen.results,
            Some(vec![ok(1), ok(2), ok(3)]),
            "{}",
            r.ctx()
        );
        assert_eq!(r.seen.end, Some(300));
    });
}

/// §2.10 options, `:timeout` (default 5000) is per task, measured from that task's spawn:
/// with one slot, two 100 ms tasks fit a 150 ms timeout (200 ms in all, probe); a 200 ms
/// second task times out at 100 + 150 = 250 ms, not at 150.
#[test]
fn s2_10_opt_timeout_is_per_task_from_its_spawn() {
    assert_eq!(StreamOpts::default().timeout, Timeout::Ms(5000));
    each_seed(SEEDS, |seed| {
        let opts = StreamOpts {
            max_concurrency: 1,
            timeout: Timeout::Ms(150),
            ..StreamOpts::default()
        };
        let r = run(seed, false, false, vec![1, 1], opts.clone(), sleepy);
        assert_clean(&r);
        assert_eq!(r.seen.results, Some(vec![ok(1), ok(1)]));
        assert_eq!(r.seen.end, Some(200));

        let r = run(seed, false, true, vec![1, 2], opts, sleepy);
        assert_eq!(
            r.seen.caught,
            Some(stream_exit(a("timeout"), Term::Int(150))),
            "{}",
            r.ctx()
        );
        assert_eq!(r.seen.end, Some(250));
        assert_eq!(r.task(2).start, 100);
        assert_eq!(r.exit_of(r.task(2).pid), Some(&a("killed")));
    });
}

/// §2.10 options, `timeout: :infinity`: no timer, a long task just finishes.
#[test]
fn s2_10_opt_timeout_infinity() {
    each_seed(SEEDS, |seed| {
        let opts = StreamOpts {
            timeout: Timeout::Infinity,
            ..StreamOpts::default()
        };
        let r = run(seed, false, false, vec![100, 1], opts, sleepy);
        assert_clean(&r);
        assert_eq!(r.seen.results, Some(vec![ok(100), ok(1)]));
        assert_eq!(r.seen.end, Some(10_000));
    });
}

/// §2.10 options, `:on_timeout` default `:exit`: the caller exits
/// `{:timeout, {Task.Supervised, :stream, [timeout]}}` (rows of the results table below).
#[test]
fn s2_10_opt_on_timeout_default_is_exit() {
    assert_eq!(StreamOpts::default().on_timeout, OnTimeout::Exit);
    each_seed(SEEDS, |seed| {
        let opts = StreamOpts {
            timeout: Timeout::Ms(200),
            ..StreamOpts::default()
        };
        let r = run(seed, false, false, vec![1, 3], opts, sleepy);
        assert_eq!(
            r.root_exit(),
            &stream_exit(a("timeout"), Term::Int(200)),
            "{}",
            r.ctx()
        );
        assert_eq!(r.exit_time(r.root), 200);
    });
}

/// §2.10 options, `on_timeout: :kill_task` (probe: `[1, 2]`, timeout 150 ⇒
/// `[ok: 1, exit: :timeout]`).
#[test]
fn s2_10_opt_on_timeout_kill_task() {
    each_seed(SEEDS, |seed| {
        let opts = StreamOpts {
            timeout: Timeout::Ms(150),
            on_timeout: OnTimeout::KillTask,
            ..StreamOpts::default()
        };
        let r = run(seed, false, false, vec![1, 2], opts, sleepy);
        assert_clean(&r);
        assert_eq!(r.seen.results, Some(vec![ok(1), exit(a("timeout"))]));
        assert_eq!(r.seen.end, Some(150));
    });
}

/// §2.10 options, `zip_input_on_exit: true` (since 1.14): `{:exit, {input, reason}}`, for a
/// timeout with `:kill_task` (probe: `[1, 3, 1]`, timeout 200, max 2 ⇒ ok 1 at 100,
/// `{:exit, {3, :timeout}}` at 200, ok 1 at 200) and for a crash seen by a trapping caller.
#[test]
fn s2_10_opt_zip_input_on_exit() {
    assert!(!StreamOpts::default().zip_input_on_exit);
    each_seed(SEEDS, |seed| {
        let opts = StreamOpts {
            timeout: Timeout::Ms(200),
            on_timeout: OnTimeout::KillTask,
            zip_input_on_exit: true,
            ..StreamOpts::default()
        };
        let r = run(seed, false, false, vec![1, 3, 1], opts, sleepy);
        assert_clean(&r);
        assert_eq!(
            r.seen.results,
            Some(vec![ok(1), zipped(3, a("timeout")), ok(1)]),
            "{}",
            r.ctx()
        );
        assert_eq!(r.seen.end, Some(200));

        let opts = StreamOpts {
            zip_input_on_exit: true,
            ..StreamOpts::default()
        };
        let r = run(
            seed,
            true,
            false,
            vec![1, 2, 3],
            opts,
            |t: Proc, x| async move {
                if x == 2 {
                    t.exit(a("boom")).await
                } else {
                    Term::Int(x)
                }
            },
        );
        assert_clean(&r);
        assert_eq!(
            r.seen.results,
            Some(vec![ok(1), zipped(2, a("boom")), ok(3)]),
            "{}",
            r.ctx()
        );
        assert_eq!(r.seen.mailbox, vec![]);
    });
}

// ----- §2.10, results and failure modes ----------------------------------------------------

/// §2.10 results, "task returns v", both columns: `{:ok, v}`; the intermediate process and
/// the tasks end `:normal`; a trapping caller is left no `{:EXIT, intermediate, :normal}`.
#[test]
fn s2_10_task_returns_v() {
    each_seed(SEEDS, |seed| {
        for trap in [false, true] {
            let r = run(
                seed,
                trap,
                false,
                vec![1, 2, 3],
                StreamOpts::default(),
                sleepy,
            );
            assert_clean(&r);
            assert_eq!(
                r.seen.results,
                Some(vec![ok(1), ok(2), ok(3)]),
                "{}",
                r.ctx()
            );
            assert_eq!(r.seen.end, Some(400));
            assert_eq!(r.seen.mailbox, vec![], "{}", r.ctx());
            assert_eq!(r.seen.mailbox_later, vec![]);
            assert_eq!(r.exit_of(r.inter()), Some(&a("normal")));
            for t in &r.seen.tasks {
                assert_eq!(r.exit_of(t.pid), Some(&a("normal")));
                assert_eq!(
                    t.inter,
                    r.inter(),
                    "every task is linked to the intermediate"
                );
                assert_ne!(t.inter, r.root, "not to the caller");
            }
        }
    });
}

/// §2.10 results, empty input: `[]`; the intermediate is still spawned and stopped.
#[test]
fn s2_10_empty_input() {
    each_seed(SEEDS, |seed| {
        for trap in [false, true] {
            let r = run(seed, trap, false, vec![], StreamOpts::default(), sleepy);
            assert_clean(&r);
            assert_eq!(r.seen.results, Some(vec![]));
            assert_eq!(r.seen.mailbox, vec![]);
            assert_eq!(r.report.process_count(), 2);
        }
    });
}

/// §2.10 results, "task dies with r", caller not trapping: the intermediate dies with `r`,
/// then the caller dies with the raw `r` (`exit(:boom)` ⇒ `:boom`; `raise` ⇒
/// `{%RuntimeError{}, st}`), at the time of the crash.
#[test]
fn s2_10_task_dies_caller_not_trapping() {
    each_seed(SEEDS, |seed| {
        let r = run(
            seed,
            false,
            false,
            vec![1, 2],
            StreamOpts::default(),
            |t: Proc, x| async move {
                t.sleep(10).await;
                if x == 1 {
                    t.exit(a("boom")).await
                } else {
                    t.sleep(1000).await;
                    Term::Int(x)
                }
            },
        );
        assert_eq!(r.root_exit(), &a("boom"), "{}", r.ctx());
        assert_eq!(r.exit_of(r.inter()), Some(&a("boom")));
        assert_eq!(r.exit_of(r.task(2).pid), Some(&a("boom")));
        assert_eq!(r.seen.results, None);
        assert_eq!(r.exit_time(r.root), 10);

        let r = run(
            seed,
            false,
            false,
            vec![1, 2],
            StreamOpts::default(),
            |t: Proc, x| async move {
                if x == 1 {
                    t.raise(Term::runtime_error("boom")).await
                } else {
                    Term::Int(x)
                }
            },
        );
        let raised = Term::tuple([Term::runtime_error("boom"), Term::empty_list()]);
        assert_eq!(r.root_exit(), &raised, "{}", r.ctx());
    });
}

/// §2.10 results, a task that exits `:normal` without a reply does not kill anybody: the
/// element is `{:exit, :normal}` even for a caller that does not trap (probe).
#[test]
fn s2_10_task_exits_normal_without_reply() {
    each_seed(SEEDS, |seed| {
        let r = run(
            seed,
            false,
            false,
            vec![1, 2],
            StreamOpts::default(),
            |t: Proc, x| async move {
                if x == 1 {
                    t.exit(a("normal")).await
                } else {
                    Term::Int(x)
                }
            },
        );
        assert_clean(&r);
        assert_eq!(r.seen.results, Some(vec![exit(a("normal")), ok(2)]));
        assert_eq!(r.seen.mailbox_later, vec![]);
    });
}

/// §2.10 results, "task dies with r", caller trapping: the element is `{:exit, r}`, the
/// stream goes on, and no EXIT (of the task or the intermediate) is left in the mailbox.
#[test]
fn s2_10_task_dies_caller_trapping() {
    each_seed(SEEDS, |seed| {
        let r = run(
            seed,
            true,
            false,
            vec![1, 2, 3],
            StreamOpts::default(),
            |t: Proc, x| async move {
                t.sleep(x as u64 * 10).await;
                match x {
                    1 => t.exit(a("boom")).await,
                    2 => t.raise(Term::runtime_error("boom")).await,
                    _ => Term::Int(x),
                }
            },
        );
        assert_clean(&r);
        let raised = Term::tuple([Term::runtime_error("boom"), Term::empty_list()]);
        assert_eq!(
            r.seen.results,
            Some(vec![exit(a("boom")), exit(raised), ok(3)]),
            "{}",
            r.ctx()
        );
        assert_eq!(r.started(), vec![(1, 0), (2, 0), (3, 10)]);
        assert_eq!(r.seen.end, Some(40));
        assert_eq!(r.seen.mailbox, vec![], "{}", r.ctx());
        assert_eq!(r.seen.mailbox_later, vec![]);
        assert_eq!(r.exit_of(r.inter()), Some(&a("normal")));
        assert_eq!(r.exit_of(r.task(1).pid), Some(&a("boom")));
    });
}

/// §2.10 results, "task exceeds timeout, `on_timeout: :exit`", caller not trapping: the
/// intermediate unlinks and kills the task (`:killed`), the caller exits
/// `{:timeout, {Task.Supervised, :stream, [timeout]}}` at spawn + timeout; the link then
/// takes the intermediate down with the same reason.
#[test]
fn s2_10_timeout_exit_caller_not_trapping() {
    each_seed(SEEDS, |seed| {
        let opts = StreamOpts {
            timeout: Timeout::Ms(200),
            ..StreamOpts::default()
        };
        let r = run(seed, false, false, vec![1, 3], opts, sleepy);
        let reason = stream_exit(a("timeout"), Term::Int(200));
        assert_eq!(r.root_exit(), &reason, "{}", r.ctx());
        assert_eq!(r.exit_time(r.root), 200);
        assert_eq!(r.exit_of(r.task(1).pid), Some(&a("normal")));
        assert_eq!(r.exit_of(r.task(3).pid), Some(&a("killed")));
        assert_eq!(r.exit_of(r.inter()), Some(&reason));
        assert_eq!(r.report.outcome, Outcome::Completed);
    });
}

/// §2.10 results, "task exceeds timeout, `on_timeout: :exit`", caller trapping: the same
/// exit; caught, it leaves an empty mailbox and the intermediate process alive (it ends when
/// the caller does).
#[test]
fn s2_10_timeout_exit_caller_trapping() {
    each_seed(SEEDS, |seed| {
        let opts = StreamOpts {
            timeout: Timeout::Ms(200),
            ..StreamOpts::default()
        };
        let r = run(seed, true, true, vec![1, 3], opts.clone(), sleepy);
        assert_clean(&r);
        let reason = stream_exit(a("timeout"), Term::Int(200));
        assert_eq!(r.seen.caught, Some(reason.clone()), "{}", r.ctx());
        assert_eq!(r.seen.end, Some(200));
        assert_eq!(r.seen.mailbox, vec![]);
        assert_eq!(r.seen.mailbox_later, vec![]);
        assert_eq!(r.exit_of(r.task(3).pid), Some(&a("killed")));
        // The intermediate outlives the stream; it follows the caller's (normal) end.
        assert_eq!(r.exit_of(r.inter()), Some(&a("normal")));

        // Uncaught, a trapping caller exits the same way.
        let r = run(seed, true, false, vec![1, 3], opts, sleepy);
        assert_eq!(r.root_exit(), &reason, "{}", r.ctx());
        assert_eq!(r.exit_time(r.root), 200);
    });
}

/// 1.14 detail behind the "timeout, `:exit`" row (probe, both columns): after a caught
/// timeout exit the intermediate process keeps running the other tasks, whose reply and
/// forwarded DOWN later land in the caller's mailbox.
#[test]
fn s2_10_timeout_exit_caught_leaves_later_messages() {
    each_seed(SEEDS, |seed| {
        for trap in [false, true] {
            let opts = StreamOpts {
                timeout: Timeout::Ms(250),
                ..StreamOpts::default()
            };
            let r = run(seed, trap, true, vec![1, 3, 2], opts, sleepy);
            assert_clean(&r);
            assert_eq!(
                r.seen.caught,
                Some(stream_exit(a("timeout"), Term::Int(250)))
            );
            assert_eq!(r.seen.end, Some(250));
            assert_eq!(r.seen.mailbox, vec![]);
            assert_eq!(r.task(2).start, 100);
            let later = &r.seen.mailbox_later;
            assert_eq!(later.len(), 2, "{}", r.ctx());
            let Some([k, reply]) = later[0].as_tuple() else {
                panic!("{}", r.ctx())
            };
            assert_eq!(k.as_tuple().map(|k| k[1].clone()), Some(Term::Int(2)));
            assert_eq!(reply, &Term::Int(2));
            assert!(later[1].is_tagged("down", 3), "{}", r.ctx());
            assert_eq!(later[1].as_tuple().map(|m| m[2].clone()), Some(a("normal")));
        }
    });
}

/// §2.10 results, "task exceeds timeout, `:kill_task`", both columns: the task is killed,
/// its element is `{:exit, :timeout}` (zip: `{:exit, {input, :timeout}}`) at spawn +
/// timeout, and the stream goes on.
#[test]
fn s2_10_timeout_kill_task_both_columns() {
    each_seed(SEEDS, |seed| {
        for trap in [false, true] {
            for zip in [false, true] {
                let opts = StreamOpts {
                    timeout: Timeout::Ms(200),
                    on_timeout: OnTimeout::KillTask,
                    zip_input_on_exit: zip,
                    ..StreamOpts::default()
                };
                let r = run(seed, trap, false, vec![3, 1, 1], opts, sleepy);
                assert_clean(&r);
                let timed_out = if zip {
                    zipped(3, a("timeout"))
                } else {
                    exit(a("timeout"))
                };
                assert_eq!(
                    r.seen.results,
                    Some(vec![timed_out, ok(1), ok(1)]),
                    "{}",
                    r.ctx()
                );
                assert_eq!(r.seen.end, Some(200));
                assert_eq!(r.started(), vec![(1, 0), (1, 100), (3, 0)]);
                assert_eq!(r.exit_of(r.task(3).pid), Some(&a("killed")));
                assert_eq!(r.seen.mailbox, vec![], "{}", r.ctx());
                assert_eq!(r.seen.mailbox_later, vec![]);
            }
        }
    });
}

/// A task that, after 10 ms, has a helper send `signal` to the intermediate process it is
/// linked to; every task then sleeps 300 ms.
fn hits_intermediate(
    signal: &'static str,
) -> impl Fn(Proc, i64) -> std::pin::Pin<Box<dyn Future<Output = Term>>> + Clone {
    move |t: Proc, x| {
        Box::pin(async move {
            if x == 1 {
                t.sleep(10).await;
                let inter = t.links()[0];
                t.spawn(move |h| async move {
                    h.exit_signal(inter, Term::atom(signal)).await;
                })
                .await;
            }
            t.sleep(300).await;
            Term::Int(x)
        })
    }
}

/// §2.10 results, "intermediate process dies otherwise", caller trapping: the caller exits
/// `{reason, {Task.Supervised, :stream, [timeout]}}` (probe: killed ⇒
/// `{:killed, {Task.Supervised, :stream, [5000]}}`), its EXIT flushed.
#[test]
fn s2_10_intermediate_dies_caller_trapping() {
    each_seed(SEEDS, |seed| {
        let r = run(
            seed,
            true,
            true,
            vec![1, 2],
            StreamOpts::default(),
            hits_intermediate("kill"),
        );
        assert_clean(&r);
        assert_eq!(
            r.seen.caught,
            Some(stream_exit(a("killed"), Term::Int(5000))),
            "{}",
            r.ctx()
        );
        assert_eq!(r.seen.end, Some(10));
        assert_eq!(r.seen.mailbox, vec![], "{}", r.ctx());
        assert_eq!(r.exit_of(r.inter()), Some(&a("killed")));
        assert_eq!(r.exit_of(r.task(2).pid), Some(&a("killed")));
    });
}

/// §2.10 results, "intermediate process dies otherwise", caller NOT trapping: the link kills
/// the caller first, with the raw reason (probe: `:killed`; `:shutdown` ⇒ `:shutdown`) — the
/// `{reason, {Task.Supervised, :stream, ...}}` exit of the table needs a trapping caller.
/// A trapping intermediate ignores a non-kill exit signal (probe: `:shutdown` ⇒ stream
/// completes).
#[test]
fn s2_10_intermediate_dies_caller_not_trapping() {
    each_seed(SEEDS, |seed| {
        for signal in ["kill", "shutdown"] {
            let r = run(
                seed,
                false,
                false,
                vec![1, 2],
                StreamOpts::default(),
                hits_intermediate(signal),
            );
            let reason = if signal == "kill" {
                "killed"
            } else {
                "shutdown"
            };
            assert_eq!(r.root_exit(), &a(reason), "{}", r.ctx());
            assert_eq!(r.exit_time(r.root), 10);
        }
        let r = run(
            seed,
            true,
            false,
            vec![1, 2],
            StreamOpts::default(),
            hits_intermediate("shutdown"),
        );
        assert_clean(&r);
        assert_eq!(r.seen.results, Some(vec![ok(1), ok(2)]), "{}", r.ctx());
        assert_eq!(r.seen.end, Some(310));
    });
}

/// §2.10 results, "consumer halts early (`Enum.take`)", both columns: after n elements the
/// intermediate kills every running task with `:kill` and exits `:normal`; inputs not yet
/// taken never start; nothing is left in the caller's mailbox (probe: `[1, 5, 6, 7]`, max 3,
/// take 1 ⇒ `[ok: 1]` at 100 ms, 5 and 6 dead; take 2 ⇒ `[ok: 1, ok: 5]`).
#[test]
fn s2_10_early_halt_kills_running_tasks() {
    each_seed(SEEDS, |seed| {
        for trap in [false, true] {
            let opts = StreamOpts {
                max_concurrency: 3,
                take: Some(1),
                ..StreamOpts::default()
            };
            let r = run(seed, trap, false, vec![1, 5, 6, 7], opts, sleepy);
            assert_clean(&r);
            assert_eq!(r.seen.results, Some(vec![ok(1)]), "{}", r.ctx());
            assert_eq!(r.seen.end, Some(100));
            assert_eq!(r.started(), vec![(1, 0), (5, 0), (6, 0)], "7 never starts");
            assert_eq!(r.exit_of(r.task(5).pid), Some(&a("killed")));
            assert_eq!(r.exit_of(r.task(6).pid), Some(&a("killed")));
            assert_eq!(r.exit_of(r.inter()), Some(&a("normal")));
            assert_eq!(r.seen.mailbox, vec![], "{}", r.ctx());
            assert_eq!(r.seen.mailbox_later, vec![]);

            let opts = StreamOpts {
                max_concurrency: 3,
                take: Some(2),
                ..StreamOpts::default()
            };
            let r = run(seed, trap, false, vec![1, 5, 6, 7], opts, sleepy);
            assert_clean(&r);
            assert_eq!(r.seen.results, Some(vec![ok(1), ok(5)]), "{}", r.ctx());
            assert_eq!(r.seen.end, Some(500));
            assert_eq!(r.started(), vec![(1, 0), (5, 0), (6, 0), (7, 100)]);
            assert_eq!(r.exit_of(r.task(6).pid), Some(&a("killed")));
            assert_eq!(r.exit_of(r.task(7).pid), Some(&a("killed")));
            assert_eq!(r.seen.mailbox, vec![]);
        }
    });
}

/// §2.10 "A reply is emitted only once that task's DOWN is seen": in every run the caller
/// takes each task's DOWN (forwarded by the intermediate) after that task's reply, and
/// returns only after the last one.
#[test]
fn s2_10_reply_emitted_only_after_down() {
    each_seed(SEEDS, |seed| {
        let r = run(
            seed,
            false,
            false,
            vec![2, 1, 3],
            StreamOpts::default(),
            sleepy,
        );
        assert_clean(&r);
        let mut replied = Vec::new();
        let mut downs = Vec::new();
        for ev in r.report.trace.events() {
            if ev.pid != Some(r.root) {
                continue;
            }
            if let sim::EventKind::Receive { msg } = &ev.kind {
                match msg.as_tuple() {
                    Some([k, _]) if k.as_tuple().is_some() => replied.push(k.clone()),
                    Some([tag, k, _]) if tag.is_atom("down") => {
                        assert!(replied.contains(k), "DOWN before reply: {}", r.ctx());
                        downs.push(k.clone());
                    }
                    _ => {}
                }
            }
        }
        assert_eq!(downs.len(), 3);
    });
}

/// Not in the table (1.14 `handle_stop_or_parent_down`, probe): when the caller is killed
/// mid-stream the intermediate process sends the caller's reason to its linked tasks and
/// exits with it — whether or not it traps exits.
#[test]
fn s2_10_caller_killed_mid_stream() {
    each_seed(SEEDS, |seed| {
        for trap in [false, true] {
            let tasks = Rc::new(RefCell::new(Vec::new()));
            let mut sim = sim_for(seed);
            let tk = tasks.clone();
            sim.spawn(move |p| async move {
                let tk2 = tk.clone();
                let caller = p
                    .spawn(move |c| async move {
                        c.trap_exit(trap);
                        let f = move |t: Proc, x: Term| {
                            let tk = tk2.clone();
                            async move {
                                tk.borrow_mut().push((t.pid(), t.links()[0]));
                                t.sleep(1000).await;
                                x
                            }
                        };
                        async_stream(
                            &c,
                            vec![Term::Int(1), Term::Int(2)],
                            f,
                            StreamOpts::default(),
                        )
                        .await;
                    })
                    .await;
                p.sleep(10).await;
                p.exit_signal(caller, Term::atom("kill")).await;
            });
            let report = sim.run();
            assert_eq!(report.outcome, Outcome::Completed);
            let tasks = tasks.borrow();
            assert_eq!(tasks.len(), 2);
            assert_eq!(report.exit_reason(tasks[0].1), Some(&a("killed")));
            for (t, _) in tasks.iter() {
                assert_eq!(report.exit_reason(*t), Some(&a("killed")));
                assert_eq!(exit_time(&report, *t), 10);
            }
        }
    });
}
