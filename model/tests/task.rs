//! SEMANTICS.md §2 (`Task`, Elixir 1.14.0 on OTP 25): one test per row of every table in
//! §2.1–§2.9, named after its section. The expected terms come from the real VM (the
//! probes of `shared/semantics-probes/e2_task.exs` and the ones quoted in the comments),
//! with stacktraces rendered as `[]` as the simulator does.
//!
//! Not covered here, on purpose:
//! * §2.10 `Task.async_stream` (its own test file).
//! * The `:noconnection` / `{:nodedown, node}` rows (`task_noconnection.rs`).
//! * Negative timeouts (`FunctionClauseError`) and the keyword form of `yield_many`: the
//!   Rust API cannot express them (`Timeout` is a `u64` or `Infinity`).
//! * The crash log line of §2.1 step 5 (logging is not modelled).

use model::child_spec::{ChildSpec, ChildType, Restart, ShutdownSpec};
use model::events::{ModelEvent, ModelEventKind};
use model::task::{self, Shutdown};
use model::{Task, TaskResult};
use sim::runner::each_seed;
use sim::{DropReason, EventKind, Outcome, Pid, Proc, Ref, Report, Term, Time, Timeout};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

/// Seeds per test where the interleaving could matter.
const SEEDS: u64 = 100;

// ----- terms -------------------------------------------------------------------------

fn atom(s: &'static str) -> Term {
    Term::atom(s)
}

fn tup(items: Vec<Term>) -> Term {
    Term::tuple(items)
}

/// `{ref, value}`
fn reply_msg(r: Ref, v: Term) -> Term {
    tup(vec![Term::Ref(r), v])
}

/// `{:DOWN, ref, :process, pid, reason}`
fn down_msg(r: Ref, pid: Pid, reason: Term) -> Term {
    tup(vec![
        atom("DOWN"),
        Term::Ref(r),
        atom("process"),
        Term::Pid(pid),
        reason,
    ])
}

/// `{:EXIT, pid, reason}`
fn exit_msg(pid: Pid, reason: Term) -> Term {
    tup(vec![atom("EXIT"), Term::Pid(pid), reason])
}

/// The exit reason of a process that did `raise msg` (stacktrace `[]` in the simulator).
fn raised(msg: &str) -> Term {
    tup(vec![Term::runtime_error(msg), Term::empty_list()])
}

fn boom() -> Term {
    raised("boom")
}

fn ok(v: Term) -> Option<TaskResult> {
    Some(TaskResult::Ok(v))
}

fn exited(r: Term) -> Option<TaskResult> {
    Some(TaskResult::Exit(r))
}

/// `{reason, {Task, fun, [task, timeout]}}` (§2.2).
fn task_exit(reason: Term, fun: &'static str, task: &Task, timeout: Term) -> Term {
    tup(vec![
        reason,
        tup(vec![
            Term::module("Task"),
            atom(fun),
            Term::list([task.to_term(), timeout]),
        ]),
    ])
}

/// `{reason, {Task, :await_many, [tasks, timeout]}}` (§2.6).
fn await_many_exit(reason: Term, tasks: &[Task], timeout: Term) -> Term {
    let tasks = Term::list(tasks.iter().map(Task::to_term).collect::<Vec<_>>());
    tup(vec![
        reason,
        tup(vec![
            Term::module("Task"),
            atom("await_many"),
            Term::list([tasks, timeout]),
        ]),
    ])
}

/// What the real VM prints for `inspect(task)` (fields sorted, as for any struct).
fn inspect_task(t: &Task) -> String {
    format!(
        "%Task{{mfa: {{:erlang, :apply, 2}}, owner: {}, pid: {}, ref: {}}}",
        t.owner,
        t.pid.expect("an async task"),
        t.r#ref
    )
}

/// The exit reason of a non-owner querying `task`, as rendered by the real VM (probe:
/// `{%ArgumentError{message: "task %Task{mfa: {:erlang, :apply, 2}, owner: #PID<0.103.0>,
/// pid: #PID<0.104.0>, ref: #Reference<...>} must be queried from the owner but was
/// queried from #PID<0.105.0>"}, [stacktrace]}`).
fn not_owner_rendered(task: &Task, caller: Pid) -> String {
    format!(
        "{{%ArgumentError{{message: \"task {} must be queried from the owner but was queried from {}\"}}, []}}",
        inspect_task(task),
        caller
    )
}

// ----- running -----------------------------------------------------------------------

/// A value a process hands back to the test (or to another process) outside messages.
type Slot<T> = Rc<RefCell<Option<T>>>;

fn slot<T>() -> Slot<T> {
    Rc::new(RefCell::new(None))
}

fn get<T: Clone>(s: &Slot<T>) -> T {
    s.borrow().clone().expect("slot filled")
}

fn run<F, Fut>(seed: u64, body: F) -> (Report, Pid)
where
    F: FnOnce(Proc) -> Fut,
    Fut: Future<Output = ()> + 'static,
{
    let mut sim = sim::runner::sim_for(seed);
    let root = sim.spawn(body);
    (sim.run(), root)
}

fn show(t: Option<&Term>) -> String {
    t.map_or_else(|| "<alive>".to_string(), Term::to_string)
}

/// Runs `body` as the root process and checks it ended `:normal` and that the run
/// completed. A failed assertion inside a process is a panic, which the kernel turns into
/// that process's exit reason, so it shows up here with the seed and the trace.
fn run_ok<F, Fut>(seed: u64, body: F) -> Report
where
    F: FnOnce(Proc) -> Fut,
    Fut: Future<Output = ()> + 'static,
{
    let (r, root) = run(seed, body);
    assert_eq!(
        r.exit_reason(root),
        Some(&atom("normal")),
        "seed {seed}: root exited {}\n{}",
        show(r.exit_reason(root)),
        r.trace.render()
    );
    assert_eq!(r.outcome, Outcome::Completed, "seed {seed}");
    r
}

/// Runs `body` as the root process and returns its exit reason and the time it exited.
fn run_exit<F, Fut>(seed: u64, body: F) -> (Report, Term, Time)
where
    F: FnOnce(Proc) -> Fut,
    Fut: Future<Output = ()> + 'static,
{
    let (r, root) = run(seed, body);
    let reason = r.exit_reason(root).cloned().unwrap_or_else(|| {
        panic!("seed {seed}: root still alive\n{}", r.trace.render());
    });
    let at = exit_time(&r, root);
    (r, reason, at)
}

fn exit_time(r: &Report, pid: Pid) -> Time {
    r.trace
        .events()
        .iter()
        .find(|e| e.pid == Some(pid) && matches!(e.kind, EventKind::Exit { .. }))
        .map(|e| e.time)
        .expect("exit event")
}

fn ms(t: u64) -> Time {
    Time::from_ms(t)
}

/// A wait of the model (`wait.begin` .. `wait.end`, model/src/events.rs).
#[derive(Debug)]
struct Wait {
    begin: Time,
    end: Time,
    timeout: Term,
    result: Term,
}

/// The waits of kind `op` in the trace, in the order they began. A wait that never ended
/// (its process was killed) is left out.
fn waits(r: &Report, op: &'static str) -> Vec<Wait> {
    let mut begun: Vec<(Term, Time, Term)> = Vec::new();
    let mut out = Vec::new();
    for e in r.trace.events() {
        let Some(m) = ModelEvent::of(&e.kind) else {
            continue;
        };
        let (tag, data) = (m.kind(), m.data());
        let Some([o, id, x]) = data.as_tuple() else {
            continue;
        };
        if !o.is_atom(op) {
            continue;
        }
        if tag == ModelEventKind::WaitBegin {
            begun.push((id.clone(), e.time, x.clone()));
        } else if tag == ModelEventKind::WaitEnd {
            let i = begun
                .iter()
                .position(|(b, _, _)| b == id)
                .expect("wait.end after its wait.begin");
            let (_, begin, timeout) = begun.remove(i);
            out.push(Wait {
                begin,
                end: e.time,
                timeout,
                result: x.clone(),
            });
        }
    }
    out
}

fn only_wait(r: &Report, op: &'static str) -> Wait {
    let mut w = waits(r, op);
    assert_eq!(w.len(), 1, "{w:?}");
    w.pop().expect("one wait")
}

/// Messages dropped at delivery because the alias they were sent to was inactive.
fn alias_drops(r: &Report, from: Pid) -> usize {
    r.trace
        .events()
        .iter()
        .filter(|e| {
            matches!(e.kind, EventKind::Dropped { from: f, why: DropReason::InactiveAlias, .. } if f == from)
        })
        .count()
}

/// Spawns a non-owner that calls `op` on a copy of `task`, and returns its exit reason
/// and pid.
async fn as_non_owner<F, Fut>(p: &Proc, task: &Task, op: F) -> (Term, Pid)
where
    F: FnOnce(Proc, Task) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let t = task.clone();
    let (q, mref) = p.spawn_monitor(move |q| op(q, t)).await;
    let m = p
        .receive(Timeout::Infinity, move |m| {
            matches!(m.as_tuple(), Some([d, Term::Ref(r), ..]) if d.is_atom("DOWN") && *r == mref)
        })
        .await
        .expect("DOWN");
    (m.as_tuple().expect("DOWN")[4].clone(), q)
}

/// A task owned by another (still running) process, for the owner checks of the
/// `*_many` functions. Returns once that task has replied to its owner.
async fn foreign_task(p: &Proc) -> Task {
    let out: Slot<Task> = slot();
    let o = out.clone();
    let me = p.pid();
    p.spawn(move |h| async move {
        let t = Task::spawn_async(&h, |_| async { Term::Int(2) }).await;
        *o.borrow_mut() = Some(t);
        h.send(me, atom("foreign_ready")).await;
        h.sleep(1000).await;
    })
    .await;
    p.receive(Timeout::Infinity, |m| m.is_atom("foreign_ready"))
        .await;
    get(&out)
}

// ----- §2.1 the struct and the process layout ----------------------------------------

/// §2.1: `%Task{pid, ref, owner, mfa: {:erlang, :apply, 2}}`; the task is linked, `ref` is
/// a monitor that is also an alias, and the start message is
/// `{owner, ref, ref, callers, mfa}` — in that order.
#[test]
fn s2_1_async_struct_link_monitor_alias_and_start_message() {
    each_seed(SEEDS, |seed| {
        let out: Slot<Task> = slot();
        let o = out.clone();
        let r = run_ok(seed, move |p| async move {
            let t = Task::spawn_async(&p, |t| async move {
                t.sleep(10).await;
                Term::Int(42)
            })
            .await;
            assert_eq!(t.owner, p.pid());
            assert!(p.links().contains(&t.pid.expect("pid")), "linked");
            assert_eq!(t.to_term().to_string(), inspect_task(&t));
            *o.borrow_mut() = Some(t.clone());
            assert_eq!(t.await_for(&p, Timeout::Ms(5000)).await, Term::Int(42));
        });
        let t = get(&out);
        let pid = t.pid.expect("pid");
        let owner_events: Vec<&EventKind> = r
            .trace
            .events()
            .iter()
            .filter(|e| e.pid == Some(t.owner))
            .map(|e| &e.kind)
            .collect();
        let spawn = owner_events
            .iter()
            .position(|k| matches!(k, EventKind::Spawn { child, link: true, monitor: None } if *child == pid))
            .expect("spawn_link");
        let monitor = owner_events
            .iter()
            .position(|k| matches!(k, EventKind::Monitor { target, r#ref, alias: true, .. } if *target == pid && *r#ref == t.r#ref))
            .expect("monitor with alias: :demonitor");
        let start = owner_events
            .iter()
            .position(|k| match k {
                EventKind::Send { to: sim::Dest::Pid(to), msg } if *to == pid => {
                    let Some([o, r1, r2, callers, mfa]) = msg.as_tuple() else {
                        return false;
                    };
                    *o == Term::Pid(t.owner)
                        && *r1 == Term::Ref(t.r#ref)
                        && *r2 == Term::Ref(t.r#ref)
                        && *callers == Term::list([Term::Pid(t.owner)])
                        && matches!(mfa.as_tuple(), Some([m, f, _]) if m.is_atom("erlang") && f.is_atom("apply"))
                }
                _ => false,
            })
            .expect("start message");
        assert!(spawn < monitor && monitor < start, "seed {seed}");
    });
}

/// §2.1 table, owner not trapping: the mailbox holds `{ref, result}`, then
/// `{:DOWN, ref, :process, pid, :normal}`.
#[test]
fn s2_1_mailbox_after_async_non_trapping_owner() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let t = Task::spawn_async(&p, |_| async { Term::Int(42) }).await;
            let pid = t.pid.expect("pid");
            p.sleep(10).await;
            assert_eq!(
                p.messages(),
                vec![
                    reply_msg(t.r#ref, Term::Int(42)),
                    down_msg(t.r#ref, pid, atom("normal")),
                ]
            );
            assert_eq!(t.await_for(&p, Timeout::Ms(5000)).await, Term::Int(42));
            assert_eq!(
                p.messages(),
                vec![],
                "await took the reply, flushed the DOWN"
            );
        });
    });
}

/// §2.1 table, owner trapping: `{ref, result}`, `{:EXIT, pid, :normal}`, then the DOWN.
#[test]
fn s2_1_mailbox_after_async_trapping_owner() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            p.trap_exit(true);
            let t = Task::spawn_async(&p, |_| async { Term::Int(42) }).await;
            let pid = t.pid.expect("pid");
            p.sleep(10).await;
            assert_eq!(
                p.messages(),
                vec![
                    reply_msg(t.r#ref, Term::Int(42)),
                    exit_msg(pid, atom("normal")),
                    down_msg(t.r#ref, pid, atom("normal")),
                ]
            );
            assert_eq!(t.await_for(&p, Timeout::Ms(5000)).await, Term::Int(42));
            assert_eq!(p.messages(), vec![exit_msg(pid, atom("normal"))]);
        });
    });
}

/// §2.1: `await`/`yield` take the reply and flush the DOWN but never the
/// `{:EXIT, pid, :normal}` of a trapping owner, whenever it arrives.
#[test]
fn s2_1_await_and_yield_leave_the_exit_normal_of_a_trapping_owner() {
    each_seed(SEEDS, |seed| {
        for use_yield in [false, true] {
            run_ok(seed, move |p| async move {
                p.trap_exit(true);
                let t = Task::spawn_async(&p, |t| async move {
                    t.sleep(5).await;
                    atom("v")
                })
                .await;
                if use_yield {
                    assert_eq!(t.yield_for(&p, Timeout::Ms(5000)).await, ok(atom("v")));
                } else {
                    assert_eq!(t.await_for(&p, Timeout::Ms(5000)).await, atom("v"));
                }
                p.sleep(10).await;
                assert_eq!(
                    p.messages(),
                    vec![exit_msg(t.pid.expect("pid"), atom("normal"))]
                );
            });
        }
    });
}

// ----- §2.2 await ----------------------------------------------------------------------

/// §2.2 row "`self() != task.owner`": `ArgumentError`, uncaught ⇒ the caller exits
/// `{%ArgumentError{message: "task %Task{...} must be queried from the owner but was
/// queried from #PID<...>"}, st}`. The owner can still await.
#[test]
fn s2_2_await_from_non_owner_raises_argument_error() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let t = Task::spawn_async(&p, |t| async move {
                t.sleep(10).await;
                Term::Int(1)
            })
            .await;
            let (reason, q) = as_non_owner(&p, &t, |q, t| async move {
                t.await_for(&q, Timeout::Ms(5000)).await;
            })
            .await;
            assert_eq!(reason.to_string(), not_owner_rendered(&t, q));
            assert_eq!(t.await_for(&p, Timeout::Ms(5000)).await, Term::Int(1));
        });
    });
}

/// §2.2 row "reply arrives": returns it at once, `demonitor(ref, [:flush])` (the task's
/// DOWN never reaches the mailbox).
#[test]
fn s2_2_await_returns_the_reply_and_flushes_the_monitor() {
    each_seed(SEEDS, |seed| {
        let r = run_ok(seed, |p| async move {
            let t = Task::spawn_async(&p, |t| async move {
                t.sleep(10).await;
                atom("v")
            })
            .await;
            assert_eq!(t.await_for(&p, Timeout::Ms(5000)).await, atom("v"));
            assert_eq!(p.now(), ms(10));
            p.sleep(10).await;
            assert_eq!(p.messages(), vec![]);
        });
        let w = only_wait(&r, "await");
        assert_eq!((w.begin, w.end), (ms(0), ms(10)));
        assert_eq!(w.result, tup(vec![atom("ok"), atom("v")]));
        assert_eq!(w.timeout, Term::Int(5000));
    });
}

/// §2.2 row "DOWN arrives first": `exit({reason, {Task, :await, [task, timeout]}})`, the
/// full struct and the timeout as given (`:infinity` here).
#[test]
fn s2_2_await_down_first_exits_with_reason_and_call() {
    each_seed(SEEDS, |seed| {
        let r = run_ok(seed, |p| async move {
            p.trap_exit(true);
            let t = Task::spawn_async(&p, |t| async move {
                t.sleep(10).await;
                t.exit(tup(vec![atom("shutdown"), atom("x")])).await
            })
            .await;
            let got = p.catch_exit(t.await_for(&p, Timeout::Infinity)).await;
            let reason = tup(vec![atom("shutdown"), atom("x")]);
            assert_eq!(got, Err(task_exit(reason, "await", &t, atom("infinity"))));
            assert_eq!(
                got.unwrap_err().to_string(),
                format!(
                    "{{{{:shutdown, :x}}, {{Task, :await, [{}, :infinity]}}}}",
                    inspect_task(&t)
                )
            );
            assert_eq!(p.now(), ms(10));
        });
        let w = only_wait(&r, "await");
        assert_eq!((w.begin, w.end), (ms(0), ms(10)));
        assert_eq!(w.timeout, atom("infinity"));
    });
}

/// §2.2 row "nothing within timeout": `demonitor(ref, [:flush])`, then
/// `exit({:timeout, {Task, :await, [task, timeout]}})` at exactly start + timeout.
#[test]
fn s2_2_await_timeout_exits_at_deadline() {
    each_seed(SEEDS, |seed| {
        let r = run_ok(seed, |p| async move {
            let t = Task::spawn_async(&p, |t| async move {
                t.sleep(500).await;
                atom("late")
            })
            .await;
            p.sleep(7).await;
            let got = p.catch_exit(t.await_for(&p, Timeout::Ms(100))).await;
            assert_eq!(p.now(), ms(107));
            assert_eq!(
                got,
                Err(task_exit(atom("timeout"), "await", &t, Term::Int(100)))
            );
            assert_eq!(
                got.unwrap_err().to_string(),
                format!(
                    "{{:timeout, {{Task, :await, [{}, 100]}}}}",
                    inspect_task(&t)
                )
            );
        });
        let w = only_wait(&r, "await");
        assert_eq!((w.begin, w.end), (ms(7), ms(107)));
        assert_eq!(w.result, atom("timeout"));
    });
}

/// §2.2: an uncaught timeout exit kills the owner with `{:timeout, {Task, :await, ...}}`,
/// and the link then kills the task with that same reason.
#[test]
fn s2_2_await_timeout_uncaught_kills_owner_then_task_with_same_reason() {
    each_seed(SEEDS, |seed| {
        let out: Slot<Task> = slot();
        let o = out.clone();
        let (r, reason, at) = run_exit(seed, move |p| async move {
            let t = Task::spawn_async(&p, |t| async move {
                t.sleep(1000).await;
                atom("late")
            })
            .await;
            *o.borrow_mut() = Some(t.clone());
            t.await_for(&p, Timeout::Ms(50)).await;
            p.log("after await");
        });
        let t = get(&out);
        let expected = task_exit(atom("timeout"), "await", &t, Term::Int(50));
        assert_eq!(reason, expected, "seed {seed}");
        assert_eq!(at, ms(50));
        let pid = t.pid.expect("pid");
        assert_eq!(r.exit_reason(pid), Some(&expected), "seed {seed}");
        assert_eq!(exit_time(&r, pid), ms(50));
    });
}

/// §2.2 row "called a 2nd time on the same task": waits the full timeout, then exits with
/// the `:timeout` reason.
#[test]
fn s2_2_second_await_waits_full_timeout() {
    each_seed(SEEDS, |seed| {
        let r = run_ok(seed, |p| async move {
            let t = Task::spawn_async(&p, |_| async { Term::Int(1) }).await;
            assert_eq!(t.await_for(&p, Timeout::Ms(5000)).await, Term::Int(1));
            let start = p.now();
            let got = p.catch_exit(t.await_for(&p, Timeout::Ms(100))).await;
            assert_eq!(p.now(), start.plus_ms(100));
            assert_eq!(
                got,
                Err(task_exit(atom("timeout"), "await", &t, Term::Int(100)))
            );
        });
        let w = waits(&r, "await");
        assert_eq!(w.len(), 2);
        assert_eq!(w[1].end, w[1].begin.plus_ms(100));
        assert_eq!(w[1].result, atom("timeout"));
    });
}

/// §2.2: a caught timeout leaves the task running (await sends it nothing); its late
/// reply is dropped because the demonitor deactivated the alias (§5.4).
#[test]
fn s2_2_caught_timeout_leaves_task_running_and_drops_late_reply() {
    each_seed(SEEDS, |seed| {
        let out: Slot<Task> = slot();
        let o = out.clone();
        let r = run_ok(seed, move |p| async move {
            let t = Task::spawn_async(&p, |t| async move {
                t.sleep(200).await;
                atom("late")
            })
            .await;
            *o.borrow_mut() = Some(t.clone());
            let got = p.catch_exit(t.await_for(&p, Timeout::Ms(100))).await;
            assert!(got.is_err());
            let pid = t.pid.expect("pid");
            assert!(p.is_alive(pid), "await does not kill the task");
            assert!(p.links().contains(&pid), "nor unlink it");
            p.sleep(300).await;
            assert_eq!(p.messages(), vec![], "late reply and DOWN dropped");
            assert_eq!(t.yield_for(&p, Timeout::Ms(0)).await, None);
        });
        let t = get(&out);
        let pid = t.pid.expect("pid");
        assert_eq!(r.exit_reason(pid), Some(&atom("normal")));
        assert_eq!(exit_time(&r, pid), ms(200));
        assert_eq!(alias_drops(&r, pid), 1, "seed {seed}");
    });
}

/// §2.2: a task that exits `:normal` without replying ⇒ the owner (not killed: the link
/// signal is `:normal`) exits `{:normal, {Task, :await, [task, 5000]}}`.
#[test]
fn s2_2_task_exiting_normal_without_reply() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let t = Task::spawn_async(&p, |t| async move { t.exit(atom("normal")).await }).await;
            let got = p.catch_exit(t.await_for(&p, Timeout::Ms(5000))).await;
            assert_eq!(
                got,
                Err(task_exit(atom("normal"), "await", &t, Term::Int(5000)))
            );
        });
    });
}

// ----- §2.3 crashes --------------------------------------------------------------------

/// §2.3 row "owner not trapping": killed by the link at once, with the task's raw reason
/// `{%RuntimeError{message: "boom"}, st}`, even before it calls `await`.
#[test]
fn s2_3_crash_kills_non_trapping_owner_at_once_before_await() {
    each_seed(SEEDS, |seed| {
        let (r, reason, at) = run_exit(seed, |p| async move {
            let t = Task::spawn_async(
                &p,
                |t| async move { t.raise(Term::runtime_error("boom")).await },
            )
            .await;
            p.sleep(1000).await;
            p.log("survived");
            t.await_for(&p, Timeout::Ms(5000)).await;
        });
        assert_eq!(reason, boom(), "seed {seed}");
        assert_eq!(reason.to_string(), "{%RuntimeError{message: \"boom\"}, []}");
        assert_eq!(at, ms(0));
        assert!(!r.trace.render().contains("survived"));
    });
}

/// §2.3: `catch :exit` (or `rescue`) around `await` never runs: the link kills the owner
/// while it waits.
#[test]
fn s2_3_catch_around_await_never_runs_for_non_trapping_owner() {
    each_seed(SEEDS, |seed| {
        for rescue in [false, true] {
            let (r, reason, at) = run_exit(seed, move |p| async move {
                let t = Task::spawn_async(&p, |t| async move {
                    t.sleep(10).await;
                    t.raise(Term::runtime_error("boom")).await
                })
                .await;
                if rescue {
                    let got = p.rescue(t.await_for(&p, Timeout::Ms(5000))).await;
                    p.log(format!("rescued {got:?}"));
                } else {
                    let got = p.catch_exit(t.await_for(&p, Timeout::Ms(5000))).await;
                    p.log(format!("caught {got:?}"));
                }
            });
            assert_eq!(reason, boom(), "seed {seed}");
            assert_eq!(at, ms(10));
            let text = r.trace.render();
            assert!(!text.contains("caught") && !text.contains("rescued"));
        }
    });
}

/// §2.3: `{:shutdown, x}` and `:shutdown` are not special for links: they kill a
/// non-trapping owner too.
#[test]
fn s2_3_shutdown_reasons_also_kill_non_trapping_owner() {
    each_seed(SEEDS, |seed| {
        for reason in [tup(vec![atom("shutdown"), atom("x")]), atom("shutdown")] {
            let r2 = reason.clone();
            let (_, got, at) = run_exit(seed, move |p| async move {
                let t = Task::spawn_async(&p, move |t| async move { t.exit(r2).await }).await;
                let _ = p.catch_exit(t.await_for(&p, Timeout::Ms(5000))).await;
                p.log("caught");
            });
            assert_eq!(got, reason, "seed {seed}");
            assert_eq!(at, ms(0));
        }
    });
}

/// §2.3 row "owner trapping": `{:EXIT, pid, reason}` then `{:DOWN, ...}` arrive; `await`
/// exits `{reason, {Task, :await, [task, timeout]}}`, catchable with `catch :exit`; the
/// EXIT stays in the mailbox.
#[test]
fn s2_3_trapping_owner_gets_exit_then_down_and_await_exits() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            p.trap_exit(true);
            let t = Task::spawn_async(
                &p,
                |t| async move { t.raise(Term::runtime_error("boom")).await },
            )
            .await;
            let pid = t.pid.expect("pid");
            p.sleep(10).await;
            assert_eq!(
                p.messages(),
                vec![exit_msg(pid, boom()), down_msg(t.r#ref, pid, boom())]
            );
            let got = p.catch_exit(t.await_for(&p, Timeout::Ms(5000))).await;
            assert_eq!(got, Err(task_exit(boom(), "await", &t, Term::Int(5000))));
            assert_eq!(p.messages(), vec![exit_msg(pid, boom())]);
        });
    });
}

/// §2.3 / §8: `rescue` does not see the await exit of a trapping owner (it is an exit,
/// not an error): the owner dies with `{reason, {Task, :await, ...}}`.
#[test]
fn s2_3_trapping_owner_rescue_does_not_catch_await_exit() {
    each_seed(SEEDS, |seed| {
        let out: Slot<Task> = slot();
        let o = out.clone();
        let (_, reason, _) = run_exit(seed, move |p| async move {
            p.trap_exit(true);
            let t = Task::spawn_async(
                &p,
                |t| async move { t.raise(Term::runtime_error("boom")).await },
            )
            .await;
            *o.borrow_mut() = Some(t.clone());
            let got = p.rescue(t.await_for(&p, Timeout::Ms(5000))).await;
            p.log(format!("rescued {got:?}"));
        });
        let t = get(&out);
        assert_eq!(reason, task_exit(boom(), "await", &t, Term::Int(5000)));
    });
}

/// §2.3 row "owner trapping": `yield` returns `{:exit, reason}`.
#[test]
fn s2_3_trapping_owner_yield_returns_exit_reason() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            p.trap_exit(true);
            let t = Task::spawn_async(
                &p,
                |t| async move { t.raise(Term::runtime_error("boom")).await },
            )
            .await;
            assert_eq!(t.yield_for(&p, Timeout::Ms(500)).await, exited(boom()));
            p.sleep(10).await;
            assert_eq!(p.messages(), vec![exit_msg(t.pid.expect("pid"), boom())]);
        });
    });
}

/// §2.3, reverse direction: the owner dies with a non-`:normal` reason ⇒ the linked task
/// dies with the same reason, at once.
#[test]
fn s2_3_owner_crash_kills_task_with_same_reason() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let me = p.pid();
            let out: Slot<Pid> = slot();
            let o = out.clone();
            p.spawn(move |owner| async move {
                let t = Task::spawn_async(&owner, |t| async move {
                    t.sleep(1000).await;
                    atom("r")
                })
                .await;
                *o.borrow_mut() = Some(t.pid.expect("pid"));
                owner.send(me, atom("started")).await;
                owner.sleep(10).await;
                owner.exit(atom("oops")).await
            })
            .await;
            p.receive(Timeout::Infinity, |m| m.is_atom("started")).await;
            let pid = get(&out);
            let mref = p.monitor(pid).await;
            let m = p.receive(Timeout::Infinity, |_| true).await;
            assert_eq!(m, Some(down_msg(mref, pid, atom("oops"))));
            assert_eq!(p.now(), ms(10));
        });
    });
}

/// §2.3, reverse direction: the owner ends `:normal` ⇒ the task runs to completion; its
/// reply goes nowhere.
#[test]
fn s2_3_owner_normal_exit_leaves_task_running() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let me = p.pid();
            let out: Slot<Pid> = slot();
            let o = out.clone();
            p.spawn(move |owner| async move {
                let t = Task::spawn_async(&owner, move |t| async move {
                    t.sleep(100).await;
                    t.send(me, atom("task_done")).await;
                    atom("r")
                })
                .await;
                *o.borrow_mut() = Some(t.pid.expect("pid"));
                owner.send(me, atom("started")).await;
            })
            .await;
            p.receive(Timeout::Infinity, |m| m.is_atom("started")).await;
            let pid = get(&out);
            let mref = p.monitor(pid).await;
            let m = p.receive(Timeout::Infinity, |_| true).await;
            assert_eq!(m, Some(atom("task_done")));
            let m = p.receive(Timeout::Infinity, |_| true).await;
            assert_eq!(m, Some(down_msg(mref, pid, atom("normal"))));
            assert_eq!(p.now(), ms(100));
        });
    });
}

// ----- §2.4 yield ----------------------------------------------------------------------

/// §2.4 row "non-owner": `ArgumentError`.
#[test]
fn s2_4_yield_from_non_owner_raises_argument_error() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let t = Task::spawn_async(&p, |_| async { Term::Int(1) }).await;
            let (reason, q) = as_non_owner(&p, &t, |q, t| async move {
                t.yield_for(&q, Timeout::Ms(5000)).await;
            })
            .await;
            assert_eq!(reason.to_string(), not_owner_rendered(&t, q));
        });
    });
}

/// §2.4 row "reply arrives": `{:ok, v}` and the monitor is flushed (no DOWN afterwards, a
/// second yield finds nothing).
#[test]
fn s2_4_yield_returns_ok_and_flushes_monitor() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let t = Task::spawn_async(&p, |t| async move {
                t.sleep(10).await;
                atom("v")
            })
            .await;
            assert_eq!(t.yield_for(&p, Timeout::Ms(5000)).await, ok(atom("v")));
            assert_eq!(p.now(), ms(10));
            p.sleep(10).await;
            assert_eq!(p.messages(), vec![]);
            assert_eq!(t.yield_for(&p, Timeout::Ms(0)).await, None);
        });
    });
}

/// §2.4 row "DOWN with r": `{:exit, r}`, `r` may be `:normal`.
#[test]
fn s2_4_yield_down_returns_exit_even_normal() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let t = Task::spawn_async(&p, |t| async move { t.exit(atom("normal")).await }).await;
            assert_eq!(
                t.yield_for(&p, Timeout::Ms(500)).await,
                exited(atom("normal"))
            );
        });
    });
}

/// §2.4 row "timeout": `nil` at the deadline; the monitor and alias stay, so a later
/// yield gets the late reply.
#[test]
fn s2_4_yield_nil_keeps_alias_so_later_yield_gets_late_reply() {
    each_seed(SEEDS, |seed| {
        let r = run_ok(seed, |p| async move {
            let t = Task::spawn_async(&p, |t| async move {
                t.sleep(150).await;
                atom("v")
            })
            .await;
            assert_eq!(t.yield_for(&p, Timeout::Ms(50)).await, None);
            assert_eq!(p.now(), ms(50));
            assert_eq!(t.yield_for(&p, Timeout::Ms(500)).await, ok(atom("v")));
            assert_eq!(p.now(), ms(150));
        });
        let w = waits(&r, "yield");
        assert_eq!((w[0].begin, w[0].end), (ms(0), ms(50)));
        assert_eq!(w[0].result, atom("timeout"));
        assert_eq!((w[1].begin, w[1].end), (ms(50), ms(150)));
    });
}

/// §2.4 / §5.4: after a yield timeout the late reply (and the DOWN) do reach the mailbox.
#[test]
fn s2_4_yield_nil_late_reply_is_delivered() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let t = Task::spawn_async(&p, |t| async move {
                t.sleep(100).await;
                atom("late")
            })
            .await;
            assert_eq!(t.yield_for(&p, Timeout::Ms(10)).await, None);
            p.sleep(200).await;
            let pid = t.pid.expect("pid");
            assert_eq!(
                p.messages(),
                vec![
                    reply_msg(t.r#ref, atom("late")),
                    down_msg(t.r#ref, pid, atom("normal")),
                ]
            );
            assert_eq!(t.yield_for(&p, Timeout::Ms(0)).await, ok(atom("late")));
            assert_eq!(p.messages(), vec![]);
        });
    });
}

// ----- §2.5 yield_many (1.14) ----------------------------------------------------------

fn sleeper(
    ms: u64,
    v: &'static str,
) -> impl FnOnce(Proc) -> std::pin::Pin<Box<dyn Future<Output = Term>>> {
    move |t| {
        Box::pin(async move {
            t.sleep(ms).await;
            atom(v)
        })
    }
}

/// §2.5: results `{task, {:ok, v} | {:exit, r} | nil}` in input order.
#[test]
fn s2_5_yield_many_results_in_input_order() {
    each_seed(SEEDS, |seed| {
        for timeout in [Timeout::Ms(1000), Timeout::Infinity] {
            run_ok(seed, move |p| async move {
                p.trap_exit(true);
                let a = Task::spawn_async(&p, sleeper(50, "a")).await;
                let b = Task::spawn_async(&p, |t| async move { t.exit(atom("boom")).await }).await;
                let c =
                    Task::spawn_async(&p, |t| async move { t.exit(atom("normal")).await }).await;
                let tasks = vec![a.clone(), b.clone(), c.clone()];
                let res = task::yield_many(&p, &tasks, timeout).await;
                assert_eq!(
                    res,
                    vec![
                        (a, ok(atom("a"))),
                        (b, exited(atom("boom"))),
                        (c, exited(atom("normal"))),
                    ]
                );
                assert_eq!(p.now(), ms(50));
            });
        }
    });
}

/// §2.5 (1.14): head-of-line blocking: the fast task after a slow one is only collected
/// once the slow one answered (probe: `[ok: :slow, ok: :fast]` after ~300 ms).
#[test]
fn s2_5_yield_many_head_of_line_blocking() {
    each_seed(SEEDS, |seed| {
        let r = run_ok(seed, |p| async move {
            let slow = Task::spawn_async(&p, sleeper(300, "slow")).await;
            let fast = Task::spawn_async(&p, sleeper(10, "fast")).await;
            let tasks = vec![slow.clone(), fast.clone()];
            let res = task::yield_many(&p, &tasks, Timeout::Ms(1000)).await;
            assert_eq!(
                res,
                vec![(slow, ok(atom("slow"))), (fast, ok(atom("fast")))]
            );
            assert_eq!(p.now(), ms(300));
        });
        let w = only_wait(&r, "yield_many");
        assert_eq!((w.begin, w.end), (ms(0), ms(300)));
    });
}

/// §2.5 (1.14): once the overall timer fired, every remaining task is only polled
/// (`after 0`): a fast task behind a slow one is collected, one still running is `nil`;
/// the `nil` tasks keep their monitor (probe: `[nil, {:ok, :fast}, nil]` at 100 ms, then
/// `Task.yield(slow)` ⇒ `{:ok, :slow}`).
#[test]
fn s2_5_yield_many_after_timer_remaining_are_only_polled() {
    each_seed(SEEDS, |seed| {
        let r = run_ok(seed, |p| async move {
            let slow = Task::spawn_async(&p, sleeper(300, "slow")).await;
            let fast = Task::spawn_async(&p, sleeper(10, "fast")).await;
            let mid = Task::spawn_async(&p, sleeper(150, "mid")).await;
            let tasks = vec![slow.clone(), fast.clone(), mid.clone()];
            let res = task::yield_many(&p, &tasks, Timeout::Ms(100)).await;
            assert_eq!(
                res,
                vec![
                    (slow.clone(), None),
                    (fast, ok(atom("fast"))),
                    (mid.clone(), None)
                ]
            );
            assert_eq!(p.now(), ms(100));
            assert_eq!(mid.yield_for(&p, Timeout::Ms(1000)).await, ok(atom("mid")));
            assert_eq!(
                slow.yield_for(&p, Timeout::Ms(1000)).await,
                ok(atom("slow"))
            );
            assert_eq!(p.now(), ms(300));
        });
        let w = only_wait(&r, "yield_many");
        assert_eq!((w.begin, w.end), (ms(0), ms(100)));
        assert_eq!(w.timeout, Term::Int(100));
    });
}

/// §2.5: the overall timer is cancelled and its message flushed on return, whether it
/// fired or not.
#[test]
fn s2_5_yield_many_timer_cancelled_and_flushed() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let fast = Task::spawn_async(&p, sleeper(10, "fast")).await;
            let res = task::yield_many(&p, std::slice::from_ref(&fast), Timeout::Ms(100)).await;
            assert_eq!(res, vec![(fast, ok(atom("fast")))]);
            p.sleep(200).await;
            assert_eq!(p.messages(), vec![], "no timer message left");

            let slow = Task::spawn_async(&p, sleeper(100, "slow")).await;
            let res = task::yield_many(&p, std::slice::from_ref(&slow), Timeout::Ms(0)).await;
            assert_eq!(res, vec![(slow.clone(), None)]);
            p.sleep(200).await;
            let pid = slow.pid.expect("pid");
            assert_eq!(
                p.messages(),
                vec![
                    reply_msg(slow.r#ref, atom("slow")),
                    down_msg(slow.r#ref, pid, atom("normal")),
                ],
                "only the late reply and DOWN: the timer message was taken"
            );
        });
    });
}

/// §2.5: the owner check happens per task as it is reached: the tasks before a foreign
/// one are already collected (reply taken, monitor flushed) when the `ArgumentError` is
/// raised, and the `after` block still cancels and flushes the timer (real VM: the
/// mailbox is empty 200 ms later).
#[test]
fn s2_5_yield_many_owner_checked_per_task_as_reached() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let mine = Task::spawn_async(&p, |_| async { Term::Int(1) }).await;
            let foreign = foreign_task(&p).await;
            let tasks = vec![mine, foreign.clone()];
            let got = p
                .rescue(task::yield_many(&p, &tasks, Timeout::Ms(100)))
                .await;
            let Err(e) = got else {
                panic!("expected ArgumentError, got {got:?}")
            };
            let expected = not_owner_rendered(&foreign, p.pid());
            assert_eq!(tup(vec![e, Term::empty_list()]).to_string(), expected);
            p.sleep(200).await;
            assert_eq!(p.messages(), vec![]);
        });
    });
}

// ----- §2.6 await_many -----------------------------------------------------------------

/// §2.6: the ownership of all tasks is checked first: nothing is received and no timer
/// is set before the `ArgumentError` (probe: the own task's reply and DOWN stay).
#[test]
fn s2_6_await_many_checks_all_owners_first() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let mine = Task::spawn_async(&p, |_| async { Term::Int(1) }).await;
            let foreign = foreign_task(&p).await;
            p.sleep(10).await;
            let tasks = vec![mine.clone(), foreign.clone()];
            let got = p
                .rescue(task::await_many(&p, &tasks, Timeout::Ms(100)))
                .await;
            let Err(e) = got else {
                panic!("expected ArgumentError, got {got:?}")
            };
            assert_eq!(
                tup(vec![e, Term::empty_list()]).to_string(),
                not_owner_rendered(&foreign, p.pid())
            );
            p.sleep(200).await;
            assert_eq!(
                p.messages(),
                vec![
                    reply_msg(mine.r#ref, Term::Int(1)),
                    down_msg(mine.r#ref, mine.pid.expect("pid"), atom("normal")),
                ]
            );
        });
    });
}

/// §2.6: one overall deadline, not one per task: tasks answering at 40, 80 and 120 ms with
/// a 100 ms timeout time out at exactly 100 ms with
/// `{:timeout, {Task, :await_many, [tasks, 100]}}`.
#[test]
fn s2_6_await_many_one_overall_deadline() {
    each_seed(SEEDS, |seed| {
        let r = run_ok(seed, |p| async move {
            let tasks = vec![
                Task::spawn_async(&p, sleeper(40, "a")).await,
                Task::spawn_async(&p, sleeper(80, "b")).await,
                Task::spawn_async(&p, sleeper(120, "c")).await,
            ];
            let got = p
                .catch_exit(task::await_many(&p, &tasks, Timeout::Ms(100)))
                .await;
            assert_eq!(p.now(), ms(100));
            assert_eq!(
                got,
                Err(await_many_exit(atom("timeout"), &tasks, Term::Int(100)))
            );
        });
        let w = only_wait(&r, "await_many");
        assert_eq!((w.begin, w.end), (ms(0), ms(100)));
        assert_eq!(w.result, atom("timeout"));
    });
}

/// §2.6: replies accepted in any arrival order; results in input order; timer and DOWNs
/// flushed.
#[test]
fn s2_6_await_many_any_arrival_order_results_in_input_order() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let tasks = vec![
                Task::spawn_async(&p, sleeper(100, "a")).await,
                Task::spawn_async(&p, sleeper(10, "b")).await,
            ];
            let got = task::await_many(&p, &tasks, Timeout::Ms(5000)).await;
            assert_eq!(got, vec![atom("a"), atom("b")]);
            assert_eq!(p.now(), ms(100));
            p.sleep(10).await;
            assert_eq!(p.messages(), vec![]);
            assert_eq!(
                task::await_many(&p, &[], Timeout::Infinity).await,
                Vec::<Term>::new()
            );
        });
    });
}

/// §2.6: the first DOWN of any awaited task: pending tasks are demonitored (their late
/// replies dropped), then `exit({reason, {Task, :await_many, [tasks, timeout]}})`; the
/// tasks are never killed (probe: after 100 ms only `[EXIT a :boom, EXIT b :normal]`).
#[test]
fn s2_6_await_many_first_down_exits_and_demonitors_pending() {
    each_seed(SEEDS, |seed| {
        let out: Slot<Vec<Task>> = slot();
        let o = out.clone();
        let r = run_ok(seed, move |p| async move {
            p.trap_exit(true);
            let b = Task::spawn_async(&p, sleeper(50, "b")).await;
            let a = Task::spawn_async(&p, |t| async move {
                t.sleep(10).await;
                t.exit(atom("boom")).await
            })
            .await;
            let tasks = vec![b.clone(), a.clone()];
            *o.borrow_mut() = Some(tasks.clone());
            let got = p
                .catch_exit(task::await_many(&p, &tasks, Timeout::Ms(1000)))
                .await;
            assert_eq!(
                got,
                Err(await_many_exit(atom("boom"), &tasks, Term::Int(1000)))
            );
            assert_eq!(p.now(), ms(10));
            assert!(p.is_alive(b.pid.expect("pid")), "await_many kills nothing");
            p.sleep(100).await;
            assert_eq!(
                p.messages(),
                vec![
                    exit_msg(a.pid.expect("pid"), atom("boom")),
                    exit_msg(b.pid.expect("pid"), atom("normal")),
                ]
            );
        });
        let b = &get(&out)[0];
        assert_eq!(alias_drops(&r, b.pid.expect("pid")), 1, "seed {seed}");
    });
}

/// §2.6 first-DOWN row with a non-trapping owner: a task exiting `:normal` without a reply
/// does not kill the owner; await_many exits `{:normal, {Task, :await_many, ...}}`.
#[test]
fn s2_6_await_many_task_exiting_normal_without_reply() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let tasks = vec![
                Task::spawn_async(&p, |_| async { atom("a") }).await,
                Task::spawn_async(&p, |t| async move { t.exit(atom("normal")).await }).await,
            ];
            let got = p
                .catch_exit(task::await_many(&p, &tasks, Timeout::Infinity))
                .await;
            assert_eq!(
                got,
                Err(await_many_exit(atom("normal"), &tasks, atom("infinity")))
            );
        });
    });
}

/// §2.6 deadline row: pending tasks are demonitored and keep running; their late replies
/// are dropped (probe: task alive after the exit, mailbox empty later).
#[test]
fn s2_6_await_many_timeout_keeps_tasks_running_and_drops_late_replies() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let tasks = vec![
                Task::spawn_async(&p, |_| async { atom("a") }).await,
                Task::spawn_async(&p, sleeper(200, "b")).await,
            ];
            let got = p
                .catch_exit(task::await_many(&p, &tasks, Timeout::Ms(100)))
                .await;
            assert_eq!(
                got,
                Err(await_many_exit(atom("timeout"), &tasks, Term::Int(100)))
            );
            assert_eq!(p.now(), ms(100));
            let b = tasks[1].pid.expect("pid");
            assert!(p.is_alive(b));
            p.sleep(200).await;
            assert!(!p.is_alive(b));
            assert_eq!(p.messages(), vec![]);
        });
    });
}

// ----- §2.7 shutdown -------------------------------------------------------------------

/// A task that traps exits and then runs `after_trap`.
fn trapping<F, Fut>(
    after_trap: F,
) -> impl FnOnce(Proc) -> std::pin::Pin<Box<dyn Future<Output = Term>>>
where
    F: FnOnce(Proc) -> Fut + 'static,
    Fut: Future<Output = Term> + 'static,
{
    move |t| {
        Box::pin(async move {
            t.trap_exit(true);
            after_trap(t).await
        })
    }
}

/// `receive {:EXIT, _, r} -> r`
async fn receive_exit(t: &Proc) -> Term {
    let m = t
        .receive(Timeout::Infinity, |m| m.is_tagged("EXIT", 3))
        .await
        .expect("EXIT");
    m.as_tuple().expect("tuple")[2].clone()
}

/// §2.7 Observed "running non-trapping task → nil" (row `:shutdown`, timeout mode, no
/// reply). The task is unlinked before the signal, so a trapping owner gets no EXIT.
#[test]
fn s2_7_shutdown_running_task_returns_nil() {
    each_seed(SEEDS, |seed| {
        for trap in [false, true] {
            let out: Slot<Pid> = slot();
            let o = out.clone();
            let r = run_ok(seed, move |p| async move {
                p.trap_exit(trap);
                let t = Task::spawn_async(&p, sleeper(1000, "never")).await;
                *o.borrow_mut() = t.pid;
                assert_eq!(
                    t.shutdown(&p, Shutdown::Timeout(Timeout::Ms(5000))).await,
                    None
                );
                assert_eq!(p.now(), ms(0));
                p.sleep(10).await;
                assert_eq!(p.messages(), vec![]);
            });
            assert_eq!(r.exit_reason(get(&out)), Some(&atom("shutdown")));
            let w = only_wait(&r, "shutdown");
            assert_eq!((w.begin, w.end), (ms(0), ms(0)));
        }
    });
}

/// §2.7 Observed "`:brutal_kill` → nil" (row `:killed` in brutal_kill mode).
#[test]
fn s2_7_shutdown_brutal_kill_returns_nil() {
    each_seed(SEEDS, |seed| {
        let out: Slot<Pid> = slot();
        let o = out.clone();
        let r = run_ok(seed, move |p| async move {
            let t = Task::spawn_async(&p, sleeper(1000, "never")).await;
            *o.borrow_mut() = t.pid;
            assert_eq!(t.shutdown(&p, Shutdown::BrutalKill).await, None);
            p.sleep(10).await;
            assert_eq!(p.messages(), vec![]);
        });
        assert_eq!(r.exit_reason(get(&out)), Some(&atom("killed")));
    });
}

/// §2.7 Observed "trapping task that ignores the signal (timeout 100) → `{:exit, :killed}`",
/// at exactly start + 100 (step 6: kill, then `:killed` is not the expected reason).
#[test]
fn s2_7_shutdown_trapping_task_ignoring_signal_is_killed_at_timeout() {
    each_seed(SEEDS, |seed| {
        let r = run_ok(seed, |p| async move {
            let t = Task::spawn_async(
                &p,
                trapping(|t| async move {
                    t.sleep(1000).await;
                    atom("done")
                }),
            )
            .await;
            p.sleep(20).await;
            let got = t.shutdown(&p, Shutdown::Timeout(Timeout::Ms(100))).await;
            assert_eq!(got, exited(atom("killed")));
            assert_eq!(p.now(), ms(120));
        });
        let w = only_wait(&r, "shutdown");
        assert_eq!((w.begin, w.end), (ms(20), ms(120)));
        assert_eq!(w.timeout, Term::Int(100));
    });
}

/// §2.7 Observed "trapping task that exits `:normal` on the EXIT → `{:exit, :normal}`"
/// (row "anything else r", no reply).
#[test]
fn s2_7_shutdown_trapping_task_exiting_normal_returns_exit_normal() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let t = Task::spawn_async(
                &p,
                trapping(|t| async move {
                    receive_exit(&t).await;
                    t.exit(atom("normal")).await
                }),
            )
            .await;
            p.sleep(20).await;
            let got = t.shutdown(&p, Shutdown::Timeout(Timeout::Ms(100))).await;
            assert_eq!(got, exited(atom("normal")));
            assert_eq!(p.now(), ms(20));
        });
    });
}

/// §2.7 row "anything else r" with a reply present: a trapping task that returns a value
/// when it gets the EXIT ⇒ `{:ok, reply}` (probe: `{:ok, {:got, :shutdown}}`).
#[test]
fn s2_7_shutdown_trapping_task_replying_on_exit_returns_ok() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let t = Task::spawn_async(
                &p,
                trapping(|t| async move {
                    let r = receive_exit(&t).await;
                    tup(vec![atom("got"), r])
                }),
            )
            .await;
            p.sleep(20).await;
            let got = t.shutdown(&p, Shutdown::Timeout(Timeout::Ms(100))).await;
            assert_eq!(got, ok(tup(vec![atom("got"), atom("shutdown")])));
            p.sleep(10).await;
            assert_eq!(p.messages(), vec![]);
        });
    });
}

/// §2.7: `:brutal_kill` is untrappable: a trapping task ⇒ `nil` (probe).
#[test]
fn s2_7_shutdown_brutal_kill_trapping_task_returns_nil() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let t = Task::spawn_async(
                &p,
                trapping(|t| async move {
                    let r = receive_exit(&t).await;
                    tup(vec![atom("got"), r])
                }),
            )
            .await;
            p.sleep(20).await;
            assert_eq!(t.shutdown(&p, Shutdown::BrutalKill).await, None);
        });
    });
}

/// §2.7 row `:shutdown` with `:infinity`: waits as long as the trapping task takes to exit
/// `:shutdown` (probe: `nil` after ~300 ms).
#[test]
fn s2_7_shutdown_infinity_waits_for_trapping_task() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let t = Task::spawn_async(
                &p,
                trapping(|t| async move {
                    let r = receive_exit(&t).await;
                    t.sleep(300).await;
                    t.exit(r).await
                }),
            )
            .await;
            p.sleep(20).await;
            let got = t.shutdown(&p, Shutdown::Timeout(Timeout::Infinity)).await;
            assert_eq!(got, None);
            assert_eq!(p.now(), ms(320));
        });
    });
}

/// §2.7 rows `:shutdown` / `:killed` with the reply in the mailbox: a task that replies
/// just as the signal arrives. Every interleaving gives `nil` (killed before replying) or
/// `{:ok, v}` — and the case "replied, then killed by the signal" (DOWN `:shutdown` /
/// `:killed` + reply ⇒ `{:ok, v}`) must occur across seeds.
#[test]
fn s2_7_shutdown_reply_race_returns_ok_or_nil() {
    for mode in [Shutdown::Timeout(Timeout::Ms(5000)), Shutdown::BrutalKill] {
        let signal = match mode {
            Shutdown::BrutalKill => atom("killed"),
            Shutdown::Timeout(_) => atom("shutdown"),
        };
        let mut seen_killed_after_reply = false;
        let mut seen_nil = false;
        each_seed(SEEDS * 3, |seed| {
            let got: Slot<Option<TaskResult>> = slot();
            let tpid: Slot<Pid> = slot();
            let (g, tp) = (got.clone(), tpid.clone());
            let r = run_ok(seed, move |p| async move {
                let t = Task::spawn_async(&p, sleeper(10, "v")).await;
                *tp.borrow_mut() = t.pid;
                p.sleep(10).await;
                let res = t.shutdown(&p, mode).await;
                *g.borrow_mut() = Some(res);
                p.sleep(10).await;
                assert_eq!(p.messages(), vec![]);
            });
            let res = get(&got);
            let reason = r.exit_reason(get(&tpid)).cloned().expect("task dead");
            match &res {
                None => {
                    assert_eq!(reason, signal, "seed {seed}");
                    seen_nil = true;
                }
                Some(TaskResult::Ok(v)) => {
                    assert_eq!(*v, atom("v"));
                    if reason == signal {
                        seen_killed_after_reply = true;
                    } else {
                        assert_eq!(reason, atom("normal"), "seed {seed}");
                    }
                }
                other => panic!("seed {seed}: {other:?}"),
            }
        });
        assert!(seen_nil, "{mode:?}: killed before replying never happened");
        assert!(
            seen_killed_after_reply,
            "{mode:?}: replied then killed never happened"
        );
    }
}

/// §2.7 Observed "reply already in mailbox → `{:ok, v}`" (row `:noproc`: the reply
/// overrides all).
#[test]
fn s2_7_shutdown_reply_already_in_mailbox_returns_ok() {
    each_seed(SEEDS, |seed| {
        for mode in [Shutdown::Timeout(Timeout::Ms(5000)), Shutdown::BrutalKill] {
            run_ok(seed, move |p| async move {
                let t = Task::spawn_async(&p, |_| async { atom("done") }).await;
                p.sleep(50).await;
                assert_eq!(t.shutdown(&p, mode).await, ok(atom("done")));
                assert_eq!(p.messages(), vec![], "reply taken, DOWN flushed");
            });
        }
    });
}

/// §2.7 Observed "task that had already crashed (caller trapping) → `{:exit, :boom}`" (row
/// `:noproc`, original DOWN with another reason); the stale `{:EXIT, pid, :boom}` stays.
#[test]
fn s2_7_shutdown_already_crashed_task_returns_exit_reason_and_keeps_stale_exit() {
    each_seed(SEEDS, |seed| {
        for mode in [Shutdown::Timeout(Timeout::Ms(5000)), Shutdown::BrutalKill] {
            run_ok(seed, move |p| async move {
                p.trap_exit(true);
                let t = Task::spawn_async(&p, |t| async move { t.exit(atom("boom")).await }).await;
                p.sleep(50).await;
                assert_eq!(t.shutdown(&p, mode).await, exited(atom("boom")));
                assert_eq!(
                    p.messages(),
                    vec![exit_msg(t.pid.expect("pid"), atom("boom"))]
                );
            });
        }
    });
}

/// §2.7 row `:noproc`, original DOWN with the reason the mode expects ⇒ `nil`: a task that
/// already exited `:shutdown` (probe: `nil`), or was already killed, for `:brutal_kill`.
/// The other mode's reason is not "expected": `{:exit, r}`.
#[test]
fn s2_7_shutdown_already_dead_with_expected_reason_returns_nil() {
    each_seed(SEEDS, |seed| {
        for (kill, mode, expected) in [
            (false, Shutdown::Timeout(Timeout::Ms(5000)), None),
            (true, Shutdown::BrutalKill, None),
            (false, Shutdown::BrutalKill, exited(atom("shutdown"))),
            (
                true,
                Shutdown::Timeout(Timeout::Ms(5000)),
                exited(atom("killed")),
            ),
        ] {
            run_ok(seed, move |p| async move {
                p.trap_exit(true);
                let t = Task::spawn_async(&p, move |t| async move {
                    if kill {
                        t.sleep(1000).await;
                        atom("never")
                    } else {
                        t.exit(atom("shutdown")).await
                    }
                })
                .await;
                let pid = t.pid.expect("pid");
                if kill {
                    p.exit_signal(pid, atom("kill")).await;
                }
                p.sleep(50).await;
                assert_eq!(t.shutdown(&p, mode).await, expected);
            });
        }
    });
}

/// §2.7 row `:noproc`, no original DOWN in the mailbox (a yield took it) ⇒
/// `{:exit, :noproc}` (probe: `{:exit, :noproc}` after `yield` ⇒ `{:exit, :boom}`).
#[test]
fn s2_7_shutdown_after_down_consumed_returns_exit_noproc() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            p.trap_exit(true);
            let t = Task::spawn_async(&p, |t| async move { t.exit(atom("boom")).await }).await;
            assert_eq!(
                t.yield_for(&p, Timeout::Ms(500)).await,
                exited(atom("boom"))
            );
            p.sleep(50).await;
            assert_eq!(
                t.shutdown(&p, Shutdown::Timeout(Timeout::Ms(5000))).await,
                exited(atom("noproc"))
            );
            assert_eq!(
                p.messages(),
                vec![exit_msg(t.pid.expect("pid"), atom("boom"))]
            );
        });
    });
}

/// §2.7 step 1 (1.14): a `Task.completed/1` task (`pid: nil`) ⇒ `ArgumentError` "task ...
/// does not have an associated task process" — checked before the owner (probe:
/// uncaught, `{%ArgumentError{message: "task %Task{mfa: {Task, :completed, 1}, owner: ...,
/// pid: nil, ref: ...} does not have an associated task process"}, st}`).
#[test]
fn s2_7_shutdown_completed_task_raises_argument_error() {
    each_seed(SEEDS, |seed| {
        let out: Slot<Task> = slot();
        let o = out.clone();
        let (_, reason, _) = run_exit(seed, move |p| async move {
            let t = Task::completed(&p, atom("x")).await;
            *o.borrow_mut() = Some(t.clone());
            t.shutdown(&p, Shutdown::Timeout(Timeout::Ms(5000))).await;
        });
        let t = get(&out);
        assert_eq!(
            reason.to_string(),
            format!(
                "{{%ArgumentError{{message: \"task %Task{{mfa: {{Task, :completed, 1}}, owner: {}, pid: nil, ref: {}}} does not have an associated task process\"}}, []}}",
                t.owner, t.r#ref
            )
        );
        // Checked before the owner (probe: a non-owner gets the same message).
        run_ok(seed, |p| async move {
            let t = Task::completed(&p, atom("x")).await;
            let (reason, _) = as_non_owner(&p, &t, |q, t| async move {
                t.shutdown(&q, Shutdown::BrutalKill).await;
            })
            .await;
            assert_eq!(
                reason,
                tup(vec![
                    Term::struct_(
                        "ArgumentError",
                        vec![(
                            "message",
                            Term::str(&format!(
                                "task {} does not have an associated task process",
                                t.to_term()
                            ))
                        )]
                    ),
                    Term::empty_list()
                ])
            );
        });
    });
}

/// §2.7 step 2: non-owner ⇒ `ArgumentError`; the task is untouched.
#[test]
fn s2_7_shutdown_from_non_owner_raises_argument_error() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let t = Task::spawn_async(&p, sleeper(10, "v")).await;
            let (reason, q) = as_non_owner(&p, &t, |q, t| async move {
                t.shutdown(&q, Shutdown::BrutalKill).await;
            })
            .await;
            assert_eq!(reason.to_string(), not_owner_rendered(&t, q));
            assert_eq!(t.await_for(&p, Timeout::Ms(5000)).await, atom("v"));
        });
    });
}

/// §2.7 step 4: the helper that monitors the caller makes sure the task gets its signal
/// even if the caller is killed in the middle of `shutdown` (after the unlink, before the
/// exit signal). Whatever the interleaving, the task never outlives the caller's death.
#[test]
fn s2_7_shutdown_caller_killed_midway_task_still_stopped() {
    let mut by_enforcer = 0;
    each_seed(SEEDS * 5, |seed| {
        let tpid: Slot<Pid> = slot();
        let cpid: Slot<Pid> = slot();
        let (tp, cp) = (tpid.clone(), cpid.clone());
        let r = run_ok(seed, move |p| async move {
            let me = p.pid();
            let caller = p
                .spawn(move |c| async move {
                    let t = Task::spawn_async(&c, sleeper(10_000, "never")).await;
                    *tp.borrow_mut() = t.pid;
                    c.send(me, atom("started")).await;
                    c.sleep(10).await;
                    t.shutdown(&c, Shutdown::Timeout(Timeout::Ms(5000))).await;
                    c.sleep(10_000).await;
                })
                .await;
            *cp.borrow_mut() = Some(caller);
            p.receive(Timeout::Infinity, |m| m.is_atom("started")).await;
            p.sleep(10).await;
            p.exit_signal(caller, atom("kill")).await;
        });
        let (t, c) = (get(&tpid), get(&cpid));
        let reason = r.exit_reason(t).cloned().expect("task dead");
        assert!(
            reason == atom("killed") || reason == atom("shutdown"),
            "seed {seed}: {reason}"
        );
        assert_eq!(exit_time(&r, t), ms(10), "seed {seed}");
        let enforced = r.trace.events().iter().any(|e| {
            matches!(&e.kind, EventKind::ExitSignal { to, .. } if *to == t) && e.pid != Some(c)
        });
        if enforced {
            by_enforcer += 1;
        }
    });
    assert!(
        by_enforcer > 0,
        "the helper never had to send the signal: the window was not exercised"
    );
}

// ----- §2.8 ignore ---------------------------------------------------------------------

/// §2.8: reply present ⇒ unlink, flush the monitor, `{:ok, v}`.
#[test]
fn s2_8_ignore_with_reply_returns_ok() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let t = Task::spawn_async(&p, |_| async { atom("v") }).await;
            p.sleep(50).await;
            assert_eq!(t.ignore(&p).await, ok(atom("v")));
            assert_eq!(p.messages(), vec![]);
            assert!(p.links().is_empty());
        });
    });
}

/// §2.8: DOWN `r` ⇒ `{:exit, r}` (probe, trapping owner: `{:exit, :boom}`, EXIT kept).
#[test]
fn s2_8_ignore_with_down_returns_exit() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            p.trap_exit(true);
            let t = Task::spawn_async(&p, |t| async move { t.exit(atom("boom")).await }).await;
            p.sleep(50).await;
            assert_eq!(t.ignore(&p).await, exited(atom("boom")));
            assert_eq!(
                p.messages(),
                vec![exit_msg(t.pid.expect("pid"), atom("boom"))]
            );
        });
    });
}

/// §2.8: nothing yet ⇒ unlink, demonitor, `nil`; the task runs on alone: its reply is
/// dropped, and its crash no longer reaches the owner (probe: `{nil, false, []}`).
#[test]
fn s2_8_ignore_running_task_returns_nil_and_task_runs_on_unlinked() {
    each_seed(SEEDS, |seed| {
        for crash in [false, true] {
            let tpid: Slot<Pid> = slot();
            let tp = tpid.clone();
            let r = run_ok(seed, move |p| async move {
                let t = Task::spawn_async(&p, move |t| async move {
                    t.sleep(50).await;
                    if crash {
                        t.exit(atom("boom")).await
                    } else {
                        atom("v")
                    }
                })
                .await;
                *tp.borrow_mut() = t.pid;
                assert_eq!(t.ignore(&p).await, None);
                assert!(p.links().is_empty(), "unlinked");
                p.sleep(100).await;
                assert_eq!(p.messages(), vec![]);
            });
            let t = get(&tpid);
            let expected = if crash { atom("boom") } else { atom("normal") };
            assert_eq!(r.exit_reason(t), Some(&expected));
            assert_eq!(exit_time(&r, t), ms(50));
            assert_eq!(alias_drops(&r, t), usize::from(!crash), "seed {seed}");
        }
    });
}

/// §2.8 (1.14): on a `Task.completed/1` task `ignore` calls `unlink(nil)`: a raw `:badarg`
/// error (real VM, uncaught: `{:badarg, [{:erlang, :unlink, [nil], ...} | _]}`).
#[test]
fn s2_8_ignore_completed_task_raises_badarg_in_1_14() {
    each_seed(SEEDS, |seed| {
        let (_, reason, _) = run_exit(seed, |p| async move {
            let t = Task::completed(&p, atom("x")).await;
            t.ignore(&p).await;
        });
        assert_eq!(reason, tup(vec![atom("badarg"), Term::empty_list()]));
    });
}

/// §2.8: non-owner ⇒ `ArgumentError`.
#[test]
fn s2_8_ignore_from_non_owner_raises_argument_error() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let t = Task::spawn_async(&p, sleeper(10, "v")).await;
            let (reason, q) = as_non_owner(&p, &t, |q, t| async move {
                t.ignore(&q).await;
            })
            .await;
            assert_eq!(reason.to_string(), not_owner_rendered(&t, q));
            assert!(p.links().contains(&t.pid.expect("pid")), "still linked");
            assert_eq!(t.await_for(&p, Timeout::Ms(5000)).await, atom("v"));
        });
    });
}

// ----- §2.9 other functions ------------------------------------------------------------

/// §2.9 `Task.completed(v)`: `{ref, v}` sent to self with a plain ref; `%Task{pid: nil,
/// mfa: {Task, :completed, 1}}`; `await` ⇒ `v`, `yield` ⇒ `{:ok, v}` (probe).
#[test]
fn s2_9_completed_sends_reply_to_self() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            let t = Task::completed(&p, atom("x")).await;
            assert_eq!(t.pid, None);
            assert_eq!(t.owner, p.pid());
            assert_eq!(
                t.mfa,
                tup(vec![Term::module("Task"), atom("completed"), Term::Int(1)])
            );
            assert_eq!(p.messages(), vec![reply_msg(t.r#ref, atom("x"))]);
            let t2 = Task::completed(&p, atom("y")).await;
            assert_eq!(t.await_for(&p, Timeout::Ms(5000)).await, atom("x"));
            assert_eq!(t2.yield_for(&p, Timeout::Ms(5000)).await, ok(atom("y")));
            assert_eq!(p.messages(), vec![]);
            assert_eq!(p.now(), ms(0));
        });
    });
}

/// §2.9 `Task.start(fun)`: unlinked, unmonitored, no reply; its crash does not touch the
/// caller (probe: `{true, [], {:links, []}}`).
#[test]
fn s2_9_start_is_unlinked_and_unmonitored() {
    each_seed(SEEDS, |seed| {
        let tpid: Slot<Pid> = slot();
        let tp = tpid.clone();
        let r = run_ok(seed, move |p| async move {
            let pid = task::start(&p, |t| async move { t.exit(atom("boom")).await }).await;
            *tp.borrow_mut() = Some(pid);
            p.sleep(50).await;
            assert_eq!(p.messages(), vec![]);
            assert!(p.links().is_empty());
        });
        assert_eq!(r.exit_reason(get(&tpid)), Some(&atom("boom")));
    });
}

/// §2.9 `Task.start_link(fun)`: linked; a crash kills a non-trapping caller with the raw
/// reason.
#[test]
fn s2_9_start_link_crash_kills_non_trapping_caller() {
    each_seed(SEEDS, |seed| {
        let (_, reason, at) = run_exit(seed, |p| async move {
            let pid = task::start_link(&p, |t| async move {
                t.sleep(10).await;
                t.raise(Term::runtime_error("x")).await
            })
            .await;
            assert!(p.links().contains(&pid));
            p.sleep(100).await;
            p.log("alive");
        });
        assert_eq!(reason, raised("x"));
        assert_eq!(at, ms(10));
    });
}

/// §2.9 `Task.start_link(fun)`: no reply is sent; a trapping caller only gets the
/// `{:EXIT, pid, :normal}`.
#[test]
fn s2_9_start_link_sends_no_reply() {
    each_seed(SEEDS, |seed| {
        run_ok(seed, |p| async move {
            p.trap_exit(true);
            let pid = task::start_link(&p, |_| async { atom("ignored") }).await;
            p.sleep(10).await;
            assert_eq!(p.messages(), vec![exit_msg(pid, atom("normal"))]);
        });
    });
}

/// §2.9 `Task.child_spec(arg)`: `%{id: Task, start: {Task, :start_link, [arg]}, restart:
/// :temporary}`, shutdown 5000 and `:worker` from the supervisor defaults.
#[test]
fn s2_9_child_spec_is_a_temporary_worker() {
    let spec = ChildSpec::task(Term::module("Task"), |_| async { atom("ok") });
    assert_eq!(spec.id, Term::module("Task"));
    assert_eq!(spec.restart, Restart::Temporary);
    assert_eq!(spec.shutdown, ShutdownSpec::Ms(5000));
    assert_eq!(spec.kind, ChildType::Worker);
    assert_eq!(
        spec.mfa.to_string(),
        "{Task, :start_link, [:fun]}",
        "start: {{Task, :start_link, [arg]}}"
    );
}

/// A `%Task{}` reads back as the task it shows, whatever the order of its fields (a
/// hand-built struct works as one `async` returned), and anything else is no task.
#[test]
fn a_task_term_reads_back_as_its_task_in_any_field_order() {
    let out = Rc::new(RefCell::new(None));
    let o = out.clone();
    let mut sim = sim::Sim::fifo();
    sim.spawn(move |p| async move {
        let t = Task::spawn_async(&p, |_t| async { Term::Int(1) }).await;
        let term = t.to_term();
        let _ = t.await_for(&p, Timeout::Infinity).await;
        *o.borrow_mut() = Some((t, term));
    });
    sim.run();
    let (t, term) = out.borrow_mut().take().expect("the task ran");
    assert_eq!(Task::from_term(&term), Some(t.clone()));
    let Term::Struct(s) = &term else {
        panic!("a %Task{{}} is a struct: {term}")
    };
    let with = |fields: Vec<(sim::Atom, Term)>| Term::new_struct(s.name.clone(), fields);
    let field = |name: &'static str| (sim::Atom::Static(name), term.field(name).unwrap().clone());
    let reversed = with(vec![
        field("ref"),
        field("pid"),
        field("owner"),
        field("mfa"),
    ]);
    assert_eq!(Task::from_term(&reversed), Some(t.clone()));
    let nil_pid = with(vec![
        field("mfa"),
        field("owner"),
        (sim::Atom::Static("pid"), atom("nil")),
        field("ref"),
    ]);
    assert_eq!(Task::from_term(&nil_pid).map(|t| t.pid), Some(None));
    let no_ref = with(vec![field("mfa"), field("owner"), field("pid")]);
    assert_eq!(Task::from_term(&no_ref), None);
    let bad_pid = with(vec![
        field("mfa"),
        field("owner"),
        (sim::Atom::Static("pid"), Term::Int(3)),
        field("ref"),
    ]);
    assert_eq!(Task::from_term(&bad_pid), None);
    // A field named twice: the first counts (as `Term::field` finds it).
    let pid_twice = |first: Term, second: Term| {
        with(vec![
            field("mfa"),
            field("owner"),
            (sim::Atom::Static("pid"), first),
            (sim::Atom::Static("pid"), second),
            field("ref"),
        ])
    };
    let real_pid = term.field("pid").unwrap().clone();
    let first_good = pid_twice(real_pid.clone(), Term::Int(3));
    assert_eq!(Task::from_term(&first_good), Some(t.clone()));
    assert_eq!(Task::from_term(&pid_twice(Term::Int(3), real_pid)), None);
    let other = Term::new_struct(sim::Atom::Static("Elixir.Other"), s.fields.clone());
    assert_eq!(Task::from_term(&other), None);
    assert_eq!(Task::from_term(&tup(vec![atom("ok")])), None);
}
