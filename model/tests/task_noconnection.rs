//! SEMANTICS §2.2–§2.8, the `:noconnection` rows: a `{:DOWN, ref, :process, proc,
//! :noconnection}` (here one the owner sends itself, the only way to get one on a single
//! node) makes every query function exit with `{{:nodedown, node}, {Task, fun, args}}`,
//! where `node` is `node(pid)` for a pid and the node of a `{name, node}`. Expected terms
//! from the VM probe `docs/probes/e21_noconnection_flush.exs`.

use model::task::{self, Shutdown};
use model::{Task, TaskResult};
use sim::runner::{each_seed, sim_for};
use sim::{Class, Outcome, Proc, Term, Timeout};
use std::future::Future;

const SEEDS: u64 = 100;

fn atom(s: &'static str) -> Term {
    Term::atom(s)
}

fn tup(items: Vec<Term>) -> Term {
    Term::tuple(items)
}

fn nodedown(node: &'static str) -> Term {
    tup(vec![atom("nodedown"), atom(node)])
}

fn call(fun: &'static str, args: Vec<Term>) -> Term {
    tup(vec![Term::module("Task"), atom(fun), Term::list(args)])
}

/// A task that stays busy for a second: its real reply or DOWN never interferes.
async fn slow(p: &Proc) -> Task {
    Task::spawn_async(p, |t| async move {
        t.sleep(1000).await;
        atom("late")
    })
    .await
}

/// The owner sends itself `{:DOWN, task.ref, :process, who, :noconnection}`.
async fn fake_down(p: &Proc, t: &Task, who: Term) {
    let m = tup(vec![
        atom("DOWN"),
        Term::Ref(t.r#ref),
        atom("process"),
        who,
        atom("noconnection"),
    ]);
    p.send(p.pid(), m).await;
}

fn run_ok<F, Fut>(body: F)
where
    F: Fn(Proc) -> Fut,
    Fut: Future<Output = ()> + 'static,
{
    each_seed(SEEDS, |seed| {
        let mut sim = sim_for(seed);
        let root = sim.spawn(&body);
        let r = sim.run();
        assert_eq!(
            r.exit_reason(root),
            Some(&atom("normal")),
            "seed {seed}\n{}",
            r.trace.render()
        );
        assert_eq!(r.outcome, Outcome::Completed, "seed {seed}");
    });
}

#[test]
fn s2_2_await_noconnection_exits_nodedown_of_the_pid_or_of_the_name() {
    run_ok(|p| async move {
        let t = slow(&p).await;
        fake_down(&p, &t, Term::Pid(t.pid.unwrap())).await;
        let got = p.catch_exit(t.await_for(&p, Timeout::Ms(5000))).await;
        let want = tup(vec![
            nodedown("nonode@nohost"),
            call("await", vec![t.to_term(), Term::Int(5000)]),
        ]);
        assert_eq!(got, Err(want));
        let t = slow(&p).await;
        fake_down(&p, &t, tup(vec![atom("srv"), atom("other@host")])).await;
        let got = p.catch_exit(t.await_for(&p, Timeout::Ms(5000))).await;
        let want = tup(vec![
            nodedown("other@host"),
            call("await", vec![t.to_term(), Term::Int(5000)]),
        ]);
        assert_eq!(got, Err(want));
    });
}

/// Neither a pid nor a 2-tuple: `monitor_node/1` has no clause for it.
#[test]
fn s2_2_await_noconnection_from_an_atom_is_a_function_clause_error() {
    run_ok(|p| async move {
        let t = slow(&p).await;
        fake_down(&p, &t, atom("who")).await;
        let got = p.catch_all(t.await_for(&p, Timeout::Ms(5000))).await;
        let e = got.expect_err("await raised");
        assert_eq!((e.class, e.value), (Class::Error, atom("function_clause")));
    });
}

#[test]
fn s2_6_await_many_noconnection_exits_nodedown() {
    run_ok(|p| async move {
        let tasks = vec![slow(&p).await, slow(&p).await];
        fake_down(&p, &tasks[1], Term::Pid(tasks[1].pid.unwrap())).await;
        let got = p
            .catch_exit(task::await_many(&p, &tasks, Timeout::Ms(500)))
            .await;
        let all = Term::list(tasks.iter().map(Task::to_term).collect::<Vec<_>>());
        let want = tup(vec![
            nodedown("nonode@nohost"),
            call("await_many", vec![all, Term::Int(500)]),
        ]);
        assert_eq!(got, Err(want));
        assert_eq!(
            p.messages(),
            vec![],
            "pending tasks demonitored, timer flushed"
        );
    });
}

/// Only `:noconnection` exits; any other reason is still `{:exit, reason}`.
#[test]
fn s2_4_yield_noconnection_exits_other_reasons_return() {
    run_ok(|p| async move {
        let t = slow(&p).await;
        fake_down(&p, &t, Term::Pid(t.pid.unwrap())).await;
        let got = p.catch_exit(t.yield_for(&p, Timeout::Ms(100))).await;
        let want = tup(vec![
            nodedown("nonode@nohost"),
            call("yield", vec![t.to_term(), Term::Int(100)]),
        ]);
        assert_eq!(got, Err(want));
        let t = slow(&p).await;
        let other = tup(vec![
            atom("DOWN"),
            Term::Ref(t.r#ref),
            atom("process"),
            Term::Pid(t.pid.unwrap()),
            atom("other"),
        ]);
        p.send(p.pid(), other).await;
        let got = t.yield_for(&p, Timeout::Ms(100)).await;
        assert_eq!(got, Some(TaskResult::Exit(atom("other"))));
    });
}

/// The exit names the whole call; the results gathered before it are lost and the
/// overall timer is cancelled and flushed.
#[test]
fn s2_5_yield_many_noconnection_exits_with_the_whole_call() {
    run_ok(|p| async move {
        let tasks = vec![slow(&p).await, slow(&p).await];
        fake_down(&p, &tasks[1], tup(vec![atom("srv"), atom("n@h")])).await;
        let got = p
            .catch_exit(task::yield_many(&p, &tasks, Timeout::Ms(100)))
            .await;
        let all = Term::list(tasks.iter().map(Task::to_term).collect::<Vec<_>>());
        let want = tup(vec![
            nodedown("n@h"),
            call("yield_many", vec![all, Term::Int(100)]),
        ]);
        assert_eq!(got, Err(want));
        p.sleep(150).await;
        assert_eq!(p.messages(), vec![], "the timer was cancelled");
    });
}

#[test]
fn s2_8_ignore_noconnection_exits_nodedown() {
    run_ok(|p| async move {
        let t = slow(&p).await;
        fake_down(&p, &t, Term::Pid(t.pid.unwrap())).await;
        let got = p.catch_exit(t.ignore(&p)).await;
        let want = tup(vec![
            nodedown("nonode@nohost"),
            call("ignore", vec![t.to_term()]),
        ]);
        assert_eq!(got, Err(want));
    });
}

/// `shutdown` sees a DOWN on `task.ref` only when its own monitor reports `:noproc`; the
/// node is then that of the task's pid, whatever the lookalike carries.
#[test]
fn s2_7_shutdown_of_a_dead_task_with_a_noconnection_down_exits_nodedown() {
    for (mode, mode_term) in [
        (Shutdown::Timeout(Timeout::Ms(5000)), Term::Int(5000)),
        (Shutdown::BrutalKill, atom("brutal_kill")),
    ] {
        run_ok(move |p| {
            let mode_term = mode_term.clone();
            async move {
                let dead = p.spawn(|_| async {}).await;
                p.sleep(20).await;
                let t = Task {
                    pid: Some(dead),
                    r#ref: p.make_ref(),
                    owner: p.pid(),
                    mfa: tup(vec![atom("m"), atom("f"), Term::Int(0)]),
                };
                fake_down(&p, &t, tup(vec![atom("x"), atom("n@h")])).await;
                let got = p.catch_exit(t.shutdown(&p, mode)).await;
                let want = tup(vec![
                    nodedown("nonode@nohost"),
                    call("shutdown", vec![t.to_term(), mode_term]),
                ]);
                assert_eq!(got, Err(want));
            }
        });
    }
}

/// A live task: its own monitor reports `:shutdown`, and `demonitor(task.ref, [:flush])`
/// finds the task's monitor already fired, so it flushes the oldest `{_, ref, _, _, _}`
/// — the lookalike — and the task's real DOWN stays (SEMANTICS §1.6).
#[test]
fn s2_7_shutdown_of_a_live_task_flushes_the_lookalike_and_keeps_the_real_down() {
    run_ok(|p| async move {
        let t = slow(&p).await;
        let pid = t.pid.unwrap();
        fake_down(&p, &t, Term::Pid(pid)).await;
        let got = t.shutdown(&p, Shutdown::Timeout(Timeout::Ms(5000))).await;
        assert_eq!(got, None);
        let real = tup(vec![
            atom("DOWN"),
            Term::Ref(t.r#ref),
            atom("process"),
            Term::Pid(pid),
            atom("shutdown"),
        ]);
        assert_eq!(p.messages(), vec![real]);
    });
}
