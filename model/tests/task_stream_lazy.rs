//! `task_stream::stream_reduce` (SEMANTICS.md §2.10, §3.4): the stream enumerated lazily, the
//! way `Enum.each`, `Enum.take`, `Enum.find` enumerate it on the VM. The consumer's reducer
//! runs in the caller with each element *as it is delivered*, between the stream's receives;
//! halting it kills the running tasks; an exception in it (or in the input) closes the stream
//! first. `Task.Supervisor.async_stream(_nolink)` through `task_supervisor::async_stream`.

use model::TaskResult;
use model::dynamic_supervisor::Options;
use model::gen_server::{ServerRef, StartResult};
use model::task_stream::{
    LinkType, SpawnFn, Step, StreamInput, StreamOpts, spawn_task, stream_halted, stream_reduce,
};
use model::task_supervisor;
use sim::{EventKind, Outcome, Pid, Proc, Report, Sim, Term};
use std::cell::RefCell;
use std::rc::Rc;

const SEEDS: u64 = 30;

fn a(s: &'static str) -> Term {
    Term::atom(s)
}

fn ok(v: i64) -> Term {
    Term::tuple([a("ok"), Term::Int(v)])
}

/// What one run saw: the reducer's calls `(ms, element)`, the input's pulls and halts
/// `(ms, what)`, the tasks `(input, pid)`, the intermediate process.
#[derive(Debug, Default)]
struct Seen {
    steps: Vec<(u64, Term)>,
    input: Vec<(u64, &'static str)>,
    tasks: Vec<(i64, Pid)>,
    inter: Option<Pid>,
    caught: Option<sim::Exception>,
    end: Option<u64>,
}

type Shared = Rc<RefCell<Seen>>;

/// An input that records when it is pulled and halted.
struct Recorded {
    p: Proc,
    items: std::vec::IntoIter<Term>,
    seen: Shared,
    /// Raise when pulled for the n-th element (0-based).
    raise_at: Option<usize>,
    pulled: usize,
}

impl StreamInput for Recorded {
    async fn pull(&mut self) -> Option<Term> {
        self.seen.borrow_mut().input.push((self.p.now_ms(), "next"));
        if self.raise_at == Some(self.pulled) {
            return self.p.raise(Term::runtime_error("bad input")).await;
        }
        self.pulled += 1;
        self.items.next()
    }

    /// Recorded as `halt` once the stream is closed (its intermediate process gone), as
    /// `halt-open` before.
    async fn halt(&mut self) {
        let inter = self.seen.borrow().inter;
        let open = inter.is_some_and(|i| self.p.is_alive(i));
        let what = if open { "halt-open" } else { "halt" };
        self.seen.borrow_mut().input.push((self.p.now_ms(), what));
    }
}

/// `Task.async_stream`'s spawn step; each task sleeps `x * 100` ms and returns `x`.
fn sleepy_spawn(owner: Pid, seen: Shared) -> SpawnFn {
    Rc::new(move |inter: Proc| {
        let seen = seen.clone();
        Box::pin(async move {
            seen.borrow_mut().inter = Some(inter.pid());
            let s2 = seen.clone();
            let f = move |t: Proc, x: Term| {
                let s = s2.clone();
                async move {
                    let n = x.as_int().expect("int input");
                    s.borrow_mut().tasks.push((n, t.pid()));
                    t.sleep(n as u64 * 100).await;
                    x
                }
            };
            spawn_task(&inter, owner, f).await
        })
    })
}

/// Runs `stream_reduce` over `inputs` in a root process (trapping exits iff `trap`), with a
/// reducer that records each element and answers `step(index, element)`; the whole reduce is
/// under `catch_all`.
fn run(
    seed: u64,
    trap: bool,
    inputs: Vec<i64>,
    raise_at: Option<usize>,
    opts: StreamOpts,
    step: impl Fn(usize, &Term) -> Option<Step> + 'static,
) -> (Report, Pid, Seen) {
    let seen: Shared = Rc::default();
    let mut sim = Sim::seeded(seed);
    let s = seen.clone();
    let root = sim.spawn(move |p| async move {
        p.trap_exit(trap);
        let input = Recorded {
            p: p.clone(),
            items: inputs
                .into_iter()
                .map(Term::Int)
                .collect::<Vec<_>>()
                .into_iter(),
            seen: s.clone(),
            raise_at,
            pulled: 0,
        };
        let spawn = sleepy_spawn(p.pid(), s.clone());
        let s2 = s.clone();
        let pc = p.clone();
        let r = p
            .catch_all(stream_reduce(
                &p,
                input,
                &opts,
                spawn,
                async |r: TaskResult| {
                    let t = r.to_term();
                    let i = s2.borrow().steps.len();
                    s2.borrow_mut().steps.push((pc.now_ms(), t.clone()));
                    match step(i, &t) {
                        Some(step) => step,
                        None => pc.raise(Term::runtime_error("consumer failed")).await,
                    }
                },
            ))
            .await;
        let mut s = s.borrow_mut();
        s.end = Some(p.now_ms());
        if let Err(e) = r {
            s.caught = Some(e);
        }
    });
    let report = sim.run();
    let seen = seen.take();
    (report, root, seen)
}

fn exit_of(report: &Report, pid: Pid) -> Term {
    report.exit_reason(pid).cloned().expect("exited")
}

fn task(seen: &Seen, input: i64) -> Pid {
    seen.tasks
        .iter()
        .find(|(x, _)| *x == input)
        .map(|(_, p)| *p)
        .unwrap_or_else(|| panic!("no task for {input}: {seen:?}"))
}

fn opts(max: usize) -> StreamOpts {
    StreamOpts {
        max_concurrency: max,
        ..StreamOpts::default()
    }
}

/// The reducer runs as each element is delivered, not once all are in: ordered, the 1st at
/// 100 ms, the others when the slow 2nd one is done (the `examples/async_stream.exs` run).
#[test]
fn reducer_runs_as_elements_are_delivered() {
    for seed in 0..SEEDS {
        let (report, root, seen) = run(seed, false, vec![1, 3, 1, 1], None, opts(2), |_, _| {
            Some(Step::Cont)
        });
        assert_eq!(report.outcome, Outcome::Completed);
        assert_eq!(exit_of(&report, root), a("normal"));
        let want = vec![(100, ok(1)), (300, ok(3)), (300, ok(1)), (300, ok(1))];
        assert_eq!(seen.steps, want, "seed {seed}");
        assert_eq!(seen.end, Some(300));
    }
}

/// `ordered: false`: each element as its task ends.
#[test]
fn unordered_reducer_runs_in_completion_order() {
    for seed in 0..SEEDS {
        let o = StreamOpts {
            ordered: false,
            ..opts(3)
        };
        let (_, _, seen) = run(seed, false, vec![3, 1, 2], None, o, |_, _| Some(Step::Cont));
        let want = vec![(100, ok(1)), (200, ok(2)), (300, ok(3))];
        assert_eq!(seen.steps, want, "seed {seed}");
    }
}

/// The input is pulled only when a slot is free, once per element, and once more to learn it
/// is done; never halted when it ran out.
#[test]
fn input_is_pulled_when_a_slot_frees_up() {
    for seed in 0..SEEDS {
        let (_, _, seen) = run(seed, false, vec![1, 2, 1], None, opts(2), |_, _| {
            Some(Step::Cont)
        });
        let want = vec![(0, "next"), (0, "next"), (100, "next"), (200, "next")];
        assert_eq!(seen.input, want, "seed {seed}");
    }
}

/// `Step::Halt` (`Enum.take`, `Enum.find`): the stream stops right there — the running tasks
/// are killed, the intermediate exits `:normal`, the input is halted after the stream is
/// closed, inputs not pulled never start — and the caller goes on at once.
#[test]
fn halt_kills_running_tasks_and_halts_the_input() {
    for seed in 0..SEEDS {
        for trap in [false, true] {
            let (report, root, seen) = run(seed, trap, vec![1, 5, 6, 7], None, opts(3), |_, _| {
                Some(Step::Halt)
            });
            assert_eq!(exit_of(&report, root), a("normal"));
            assert_eq!(seen.steps, vec![(100, ok(1))]);
            assert_eq!(seen.end, Some(100));
            assert_eq!(exit_of(&report, task(&seen, 5)), a("killed"));
            assert_eq!(exit_of(&report, task(&seen, 6)), a("killed"));
            assert_eq!(seen.tasks.len(), 3, "7 never starts");
            assert_eq!(exit_of(&report, seen.inter.expect("spawned")), a("normal"));
            let want = vec![(0, "next"), (0, "next"), (0, "next"), (100, "halt")];
            assert_eq!(seen.input, want, "seed {seed}");
        }
    }
}

/// An exception in the reducer (1.14's `try` in `stream_deliver`): the input is halted, the
/// stream closed (tasks killed, intermediate `:normal`), then the exception goes on to the
/// caller's own `try`.
#[test]
fn reducer_exception_closes_the_stream_then_goes_on() {
    for seed in 0..SEEDS {
        let (report, root, seen) = run(seed, false, vec![1, 5, 6], None, opts(2), |_, _| None);
        assert_eq!(exit_of(&report, root), a("normal"), "the root caught it");
        let caught = seen.caught.as_ref().expect("caught");
        assert_eq!(caught.class, sim::Class::Error);
        assert_eq!(caught.value, Term::runtime_error("consumer failed"));
        assert_eq!(seen.end, Some(100));
        assert_eq!(exit_of(&report, task(&seen, 5)), a("killed"));
        assert_eq!(
            seen.tasks.len(),
            2,
            "the element is delivered before 6 is pulled"
        );
        assert_eq!(exit_of(&report, seen.inter.expect("spawned")), a("normal"));
        // Halted first, then the stream is closed.
        assert_eq!(seen.input.last(), Some(&(100, "halt-open")), "{seen:?}");
    }
}

/// An input that raises when pulled (1.14's `try` around `next.({:cont, []})`): the stream is
/// closed, the input is not halted, the exception goes on.
#[test]
fn input_exception_closes_the_stream() {
    for seed in 0..SEEDS {
        let (report, _, seen) = run(seed, false, vec![1, 5, 6], Some(2), opts(2), |_, _| {
            Some(Step::Cont)
        });
        let caught = seen.caught.as_ref().expect("caught");
        assert_eq!(caught.value, Term::runtime_error("bad input"));
        assert_eq!(seen.steps, vec![(100, ok(1))]);
        assert_eq!(seen.end, Some(100));
        assert_eq!(exit_of(&report, task(&seen, 5)), a("killed"));
        assert!(
            !seen.input.iter().any(|(_, w)| w.starts_with("halt")),
            "{seen:?}"
        );
    }
}

/// `Enumerable.reduce(stream, {:halt, acc}, _)` (what `Enum.zip` does to a stream it never
/// pulled): the intermediate process is started and stopped, the input halted, no task runs.
#[test]
fn halted_before_the_first_element() {
    for seed in 0..SEEDS {
        let seen: Shared = Rc::default();
        let mut sim = Sim::seeded(seed);
        let s = seen.clone();
        let root = sim.spawn(move |p| async move {
            let input = Recorded {
                p: p.clone(),
                items: vec![Term::Int(1)].into_iter(),
                seen: s.clone(),
                raise_at: None,
                pulled: 0,
            };
            let spawn = sleepy_spawn(p.pid(), s.clone());
            stream_halted(&p, input, &opts(2), spawn).await;
            let spawned: Vec<Pid> = p.links();
            assert!(spawned.is_empty(), "the intermediate is gone");
        });
        let report = sim.run();
        assert_eq!(exit_of(&report, root), a("normal"));
        let seen = seen.borrow();
        assert!(seen.tasks.is_empty());
        assert_eq!(seen.input, vec![(0, "halt")]);
        let spawns = report
            .trace
            .events()
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Spawn { .. }))
            .count();
        assert_eq!(spawns, 2, "the root and the intermediate");
    }
}

/// `Task.Supervisor.async_stream(sup, ..)` / `async_stream_nolink` (§3.4): the tasks are
/// children of the supervisor; with `_nolink` a crash is an `{:exit, reason}` element and the
/// non-trapping caller lives; with the linked form it kills the caller.
#[test]
fn task_supervisor_streams() {
    for seed in 0..SEEDS {
        for link in [LinkType::Link, LinkType::NoLink] {
            let got: Rc<RefCell<Option<Vec<Term>>>> = Rc::default();
            let parents: Rc<RefCell<Vec<Pid>>> = Rc::default();
            let mut sim = Sim::seeded(seed);
            let (g, par) = (got.clone(), parents.clone());
            let root = sim.spawn(move |p| async move {
                let StartResult::Ok(sup) =
                    task_supervisor::start_link(&p, Options::default(), None).await
                else {
                    panic!("the supervisor starts")
                };
                let f = move |t: Proc, x: Term| {
                    let par = par.clone();
                    async move {
                        par.borrow_mut().push(t.links()[0]);
                        t.sleep(100).await;
                        if x == Term::Int(2) {
                            return t.raise(Term::runtime_error("boom")).await;
                        }
                        x
                    }
                };
                let inputs = vec![Term::Int(1), Term::Int(2), Term::Int(3)];
                let sup_ref = ServerRef::Pid(sup);
                let r = task_supervisor::async_stream(&p, &sup_ref, inputs, f, opts(3), link, None)
                    .await;
                *g.borrow_mut() = Some(r.iter().map(TaskResult::to_term).collect());
                assert_eq!(p.links(), vec![sup]);
            });
            let report = sim.run();
            let sup = parents.borrow()[0];
            assert!(
                parents.borrow().iter().all(|x| *x == sup),
                "children of sup"
            );
            match link {
                LinkType::NoLink => {
                    assert_eq!(exit_of(&report, root), a("normal"));
                    let got = got.borrow().clone().expect("returned");
                    assert_eq!(got.len(), 3);
                    assert_eq!(got[0], ok(1));
                    assert!(got[1].is_tagged("exit", 2), "{got:?}");
                    assert_eq!(got[2], ok(3));
                }
                LinkType::Link => {
                    assert!(got.borrow().is_none());
                    let reason = exit_of(&report, root);
                    assert!(reason.to_string().contains("boom"), "{reason}");
                }
            }
        }
    }
}
