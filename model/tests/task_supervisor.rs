//! `Task.Supervisor` (Elixir 1.14), SEMANTICS §3, ported from
//! `shared/semantics-probes/e3_stream_tsup.exs`, `e7.exs`, `e10.exs` and the probes run for
//! this file (`/tmp/probes/p3.exs`, results quoted in comments). Test names start with the
//! section they check.

mod common;

use common::*;
use model::child_spec::{Restart, ShutdownSpec};
use model::dynamic_supervisor::{self as dynsup, Options};
use model::events::ModelEventKind;
use model::gen_server::{ServerRef, StartResult};
use model::supervisor::{self, Flags, Strategy};
use model::task_supervisor::{self as tsup, ChildOpts};
use model::{Task, TaskResult};
use sim::{Pid, Proc, Term, Timeout};

fn sref(p: Pid) -> ServerRef {
    ServerRef::Pid(p)
}

async fn start_ts(p: &Proc, opts: Options) -> Pid {
    match tsup::start_link(p, opts, None).await {
        StartResult::Ok(pid) => pid,
        other => panic!("Task.Supervisor.start_link: {other:?}"),
    }
}

fn restart(r: Restart) -> ChildOpts {
    ChildOpts {
        restart: Some(r),
        shutdown: None,
    }
}

fn ok_pid(t: &Term) -> Pid {
    match t.as_tuple() {
        Some([ok, Term::Pid(c)]) if ok.is_atom("ok") => *c,
        _ => panic!("expected {{:ok, pid}}: {t}"),
    }
}

fn counts(active: i64, specs: i64, supervisors: i64, workers: i64) -> Term {
    Term::map(vec![
        (a("active"), int(active)),
        (a("specs"), int(specs)),
        (a("supervisors"), int(supervisors)),
        (a("workers"), int(workers)),
    ])
}

/// `{reason, {Task, :await, [task, 5000]}}`
fn await_exit(reason: Term, t: &Task) -> Term {
    tup([
        reason,
        tup([module("Task"), a("await"), list([t.to_term(), int(5000)])]),
    ])
}

/// `{:started, self()}` to `to`.
async fn started(t: &Proc, to: Pid) {
    t.send(to, tup([a("started"), pid(t.pid())])).await;
}

fn count_started(msgs: &[Term]) -> usize {
    msgs.iter().filter(|m| m.is_tagged("started", 2)).count()
}

// ----- §3.1 ---------------------------------------------------------------------------------

/// "`Task.Supervisor.child_spec(opts)` ⇒ `%{id: ..., start: {Task.Supervisor, :start_link,
/// [opts]}, type: :supervisor}`" — under a parent it is `:permanent` with shutdown
/// `:infinity`; `start_link` takes `:name`, and its tasks are listed as workers of
/// `[Task.Supervised]`.
#[test]
fn s3_1_child_spec_name_and_listing() {
    let cs = tsup::child_spec(module("Task.Supervisor"), Options::default());
    assert_eq!(cs.restart, Restart::Permanent);
    assert_eq!(cs.shutdown, ShutdownSpec::Infinity);
    assert_eq!(cs.kind, model::child_spec::ChildType::Supervisor);
    assert_eq!(cs.modules, list([module("Task.Supervisor")]));
    seeds(SEEDS, |p| async move {
        let top = start_sup(
            &p,
            vec![tsup::child_spec(
                module("Task.Supervisor"),
                Options::default(),
            )],
            Flags::new(Strategy::OneForOne),
        )
        .await;
        let ts = pid_of(&p, top, "Elixir.Task.Supervisor").await;
        let r = tsup::start_child(
            &p,
            &sref(ts),
            |t| async move {
                t.sleep(100).await;
                a("ok")
            },
            ChildOpts::default(),
        )
        .await;
        let c = ok_pid(&r);
        assert_eq!(
            dynsup::which_children(&p, &sref(ts)).await,
            list([tup([
                a("undefined"),
                pid(c),
                a("worker"),
                list([module("Task.Supervised")]),
            ])])
        );
        // By name.
        let StartResult::Ok(named) =
            tsup::start_link(&p, Options::default(), Some(&"MyTS".into())).await
        else {
            panic!()
        };
        let name = ServerRef::Name("MyTS".into());
        let r = tsup::start_child(&p, &name, |_| async { a("ok") }, ChildOpts::default()).await;
        ok_pid(&r);
        assert_eq!(p.whereis("MyTS"), Some(named));
        let _ = supervisor::which_children(&p, &sref(top)).await;
        Term::nil()
    });
}

// ----- §3.2 ---------------------------------------------------------------------------------

/// Probe e3 "Task.Supervisor start_child temporary crash not restarted" ⇒ `{[], [],
/// %{active: 0, specs: 0, supervisors: 0, workers: 0}}`: `:temporary` by default, crash
/// logged, removed, not restarted; `{:ok, pid}` is the task's pid.
#[test]
fn s3_2_start_child_default_temporary_not_restarted() {
    let rs = seeds(SEEDS, |p| async move {
        let me = p.pid();
        let sup = start_ts(&p, Options::default()).await;
        let r = tsup::start_child(
            &p,
            &sref(sup),
            move |t| async move {
                started(&t, me).await;
                t.receive(Timeout::Infinity, |m| m.is_atom("crash")).await;
                t.exit(a("boom")).await
            },
            ChildOpts::default(),
        )
        .await;
        let c = ok_pid(&r);
        let m = recv(&p, 100, |m| m.is_tagged("started", 2)).await;
        assert_eq!(m, Some(tup([a("started"), pid(c)])));
        p.send(c, a("crash")).await;
        p.sleep(50).await;
        assert_eq!(tsup::children(&p, &sref(sup)).await, list([]));
        assert!(flush(&p).await.is_empty());
        assert_eq!(
            dynsup::count_children(&p, &sref(sup)).await,
            counts(0, 0, 0, 0)
        );
        assert!(p.is_alive(sup));
        Term::nil()
    });
    for r in rs {
        assert!(r.model_events(ModelEventKind::SupRestart).is_empty());
    }
}

/// "The process is linked only to the supervisor; no reply, no link/monitor to the caller."
#[test]
fn s3_2_start_child_task_linked_only_to_the_supervisor() {
    seeds(SEEDS, |p| async move {
        let me = p.pid();
        let sup = start_ts(&p, Options::default()).await;
        let r = tsup::start_child(
            &p,
            &sref(sup),
            move |t| async move {
                let links = t.links().into_iter().map(pid).collect::<Vec<_>>();
                t.send(me, tup([a("links"), list(links)])).await;
                a("ok")
            },
            ChildOpts::default(),
        )
        .await;
        ok_pid(&r);
        let m = recv(&p, 100, |m| m.is_tagged("links", 2)).await;
        assert_eq!(m, Some(tup([a("links"), list([pid(sup)])])));
        assert_eq!(p.links(), vec![sup]);
        p.sleep(10).await;
        assert!(flush(&p).await.is_empty(), "no reply, no DOWN");
        Term::nil()
    });
}

/// Probe e3 "Task.Supervisor start_child transient restarts; intensity" ⇒ `{4, [{:EXIT,
/// :sup, :shutdown}]}`: the whole function re-runs in a new process, every restart counts;
/// with the defaults (3 in 5 s) it runs 4 times, then the supervisor exits `:shutdown`.
#[test]
fn s3_2_transient_always_crashing_runs_four_times_then_shutdown() {
    let rs = seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let me = p.pid();
        let sup = start_ts(&p, Options::default()).await;
        let r = tsup::start_child(
            &p,
            &sref(sup),
            move |t| async move {
                started(&t, me).await;
                t.sleep(20).await;
                t.exit(a("boom")).await
            },
            restart(Restart::Transient),
        )
        .await;
        ok_pid(&r);
        let m = recv(&p, 500, |m| m.is_tagged("EXIT", 3)).await;
        assert_eq!(m, Some(exit_msg(sup, a("shutdown"))));
        assert_eq!(p.now_ms(), 80, "4 runs of 20 ms");
        let msgs = flush(&p).await;
        assert_eq!(count_started(&msgs), 4);
        let mut pids: Vec<Term> = msgs
            .iter()
            .map(|m| m.as_tuple().unwrap()[1].clone())
            .collect();
        pids.dedup();
        assert_eq!(pids.len(), 4, "a new process each time");
        Term::nil()
    });
    for r in rs {
        assert_eq!(r.model_events(ModelEventKind::SupRestart).len(), 3);
    }
}

/// `:transient` "restarts unless exit is `:normal`/`:shutdown`/`{:shutdown,_}`": probe e3
/// "Task.Supervisor transient normal exit not restarted" ⇒ `{[:started], []}`.
#[test]
fn s3_2_transient_normalish_exit_not_restarted() {
    for reason in [a("normal"), a("shutdown"), shutdown_tuple(a("x"))] {
        seeds(SEEDS, move |p| {
            let reason = reason.clone();
            async move {
                let me = p.pid();
                let sup = start_ts(
                    &p,
                    Options {
                        max_restarts: 0,
                        ..Default::default()
                    },
                )
                .await;
                let r = tsup::start_child(
                    &p,
                    &sref(sup),
                    move |t| {
                        let reason = reason.clone();
                        async move {
                            t.send(me, a("started")).await;
                            if reason.is_atom("normal") {
                                return a("done");
                            }
                            t.exit(reason).await
                        }
                    },
                    restart(Restart::Transient),
                )
                .await;
                ok_pid(&r);
                p.sleep(200).await;
                assert_eq!(flush(&p).await, vec![a("started")]);
                assert_eq!(tsup::children(&p, &sref(sup)).await, list([]));
                assert!(p.is_alive(sup));
                Term::nil()
            }
        });
    }
}

/// `:permanent` "also restarts after a normal return": probe e3 "Task.Supervisor permanent
/// normal exit restarted" (`max_restarts: 2`) ⇒ `[:started, :started, :started, {:EXIT, :sup,
/// :shutdown}]`.
#[test]
fn s3_2_permanent_restarted_after_normal_return() {
    seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let me = p.pid();
        let sup = start_ts(
            &p,
            Options {
                max_restarts: 2,
                ..Default::default()
            },
        )
        .await;
        let r = tsup::start_child(
            &p,
            &sref(sup),
            move |t| async move {
                t.send(me, a("started")).await;
                t.sleep(10).await;
                a("ok")
            },
            restart(Restart::Permanent),
        )
        .await;
        ok_pid(&r);
        p.sleep(300).await;
        // All from the supervisor's children, then the supervisor: the EXIT is last only
        // per sender; compare as a multiset plus the count.
        let got = flush(&p).await;
        assert_eq!(
            sorted(got),
            sorted(vec![
                a("started"),
                a("started"),
                a("started"),
                exit_msg(sup, a("shutdown")),
            ])
        );
        Term::nil()
    });
}

/// "Returns `{:ok, pid}` | `{:error, :max_children}`".
#[test]
fn s3_2_start_child_max_children() {
    seeds(SEEDS, |p| async move {
        let sup = start_ts(
            &p,
            Options {
                max_children: Some(1),
                ..Default::default()
            },
        )
        .await;
        let long = |t: Proc| async move {
            t.sleep(1000).await;
            a("ok")
        };
        ok_pid(&tsup::start_child(&p, &sref(sup), long, ChildOpts::default()).await);
        assert_eq!(
            tsup::start_child(&p, &sref(sup), long, ChildOpts::default()).await,
            error(a("max_children"))
        );
        Term::nil()
    });
}

// ----- §3.3 outcome table -------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    Returns,
    Raises,
    ExitNormal,
    SupShutDown,
}

#[derive(Clone, Copy, PartialEq)]
enum Column {
    LinkedNotTrapping,
    LinkedTrapping,
    NoLink,
}

async fn task_body(t: Proc, outcome: Outcome) -> Term {
    match outcome {
        Outcome::Returns => a("v"),
        Outcome::Raises => t.raise(Term::runtime_error("boom")).await,
        Outcome::ExitNormal => t.exit(a("normal")).await,
        Outcome::SupShutDown => {
            t.sleep(1000).await;
            a("late")
        }
    }
}

async fn start_task(p: &Proc, sup: Pid, col: Column, outcome: Outcome) -> Task {
    let f = move |t: Proc| task_body(t, outcome);
    match col {
        Column::NoLink => tsup::async_nolink(p, &sref(sup), f, None).await,
        _ => tsup::async_linked(p, &sref(sup), f, None).await,
    }
}

/// Sets up one cell: the owner is the test process (trapping for `LinkedTrapping`), except
/// for cells where the owner is killed; for the "supervisor shut down" row the test process
/// (the supervisor's parent, unlinked first as in probe p3) sends it `:shutdown` after 20 ms.
async fn cell(p: &Proc, col: Column, outcome: Outcome) -> (Pid, Task) {
    if col == Column::LinkedTrapping {
        p.trap_exit(true);
    }
    let sup = start_ts(p, Options::default()).await;
    p.unlink(sup).await;
    let t = start_task(p, sup, col, outcome).await;
    if outcome == Outcome::SupShutDown {
        p.sleep(20).await;
        p.exit_signal(sup, a("shutdown")).await;
    }
    (sup, t)
}

/// Row "returns v": `async` not trapping ⇒ `v`; `async` trapping ⇒ `v` + `{:EXIT, pid,
/// :normal}` (probe p3 ⇒ `{:v, [{:EXIT, :task, :normal}]}`); `async_nolink` ⇒ `v`, the
/// mailbox had `{ref, v}`, `{:DOWN, ref, :process, pid, :normal}` (probe e3 "async_nolink raw
/// msgs" ⇒ `[{:task_ref, :v}, {:DOWN, :task_ref, :task_pid, :normal}]`).
#[test]
fn s3_3_task_returns() {
    for col in [
        Column::LinkedNotTrapping,
        Column::LinkedTrapping,
        Column::NoLink,
    ] {
        seeds(SEEDS, move |p| async move {
            let (_, t) = cell(&p, col, Outcome::Returns).await;
            let tp = t.pid.unwrap();
            p.sleep(50).await;
            let mut expect = vec![
                tup([Term::Ref(t.r#ref), a("v")]),
                tup([
                    a("DOWN"),
                    Term::Ref(t.r#ref),
                    a("process"),
                    pid(tp),
                    a("normal"),
                ]),
            ];
            if col == Column::LinkedTrapping {
                expect.push(exit_msg(tp, a("normal")));
            }
            let mbox = p.messages();
            if col == Column::LinkedTrapping {
                // The EXIT precedes the DOWN (same sender, §5.3); reply first (§5.2).
                assert_eq!(
                    mbox,
                    vec![expect[0].clone(), expect[2].clone(), expect[1].clone()]
                );
            } else {
                assert_eq!(mbox, expect);
            }
            assert_eq!(t.await_for(&p, Timeout::Ms(5000)).await, a("v"));
            let left = flush(&p).await;
            if col == Column::LinkedTrapping {
                assert_eq!(left, vec![exit_msg(tp, a("normal"))]);
            } else {
                assert!(left.is_empty(), "{left:?}");
            }
            Term::nil()
        });
    }
}

/// Row "raises", `async`, owner not trapping: the owner is killed with `{%RuntimeError{},
/// st}` (probe e3 "Task.Supervisor.async crash kills caller" ⇒ runner exit `:boom` for
/// `exit(:boom)`).
#[test]
fn s3_3_task_raises_linked_owner_not_trapping_is_killed() {
    seeds(SEEDS, |p| async move {
        let sup = start_ts(&p, Options::default()).await;
        let (owner, _) = p
            .spawn_monitor(move |o| async move {
                let t = tsup::async_linked(&o, &sref(sup), |t| task_body(t, Outcome::Raises), None)
                    .await;
                o.sleep(100).await;
                let _ = t;
            })
            .await;
        let d = recv(&p, 1000, |m| down_of(m).is_some()).await.unwrap();
        assert_eq!(down_of(&d), Some((owner, raised("boom"))));
        assert!(p.is_alive(sup));
        Term::nil()
    });
}

/// Row "raises", `async` trapping and `async_nolink`: `await` exits `{{exc, st}, {Task,
/// :await, [t, 5000]}}` (probe p3 ⇒ `{{:exit, {{%RuntimeError{message: "boom"}, :stacktrace},
/// {Task, :await, [:task, 5000]}}}, [{:EXIT, :task, {%RuntimeError{...}, :stacktrace}}]}`);
/// `yield` ⇒ `{:exit, {exc, st}}` (probe p3, probe e3 "async_nolink crash: yield").
#[test]
fn s3_3_task_raises_trapping_or_nolink() {
    for col in [Column::LinkedTrapping, Column::NoLink] {
        for use_await in [true, false] {
            seeds(SEEDS, move |p| async move {
                let (_, t) = cell(&p, col, Outcome::Raises).await;
                let tp = t.pid.unwrap();
                if use_await {
                    let r = p.catch_exit(t.await_for(&p, Timeout::Ms(5000))).await;
                    assert_eq!(r, Err(await_exit(raised("boom"), &t)));
                } else {
                    let r = t.yield_for(&p, Timeout::Ms(500)).await;
                    assert_eq!(r, Some(TaskResult::Exit(raised("boom"))));
                }
                p.sleep(1).await;
                let left = flush(&p).await;
                if col == Column::LinkedTrapping {
                    assert_eq!(left, vec![exit_msg(tp, raised("boom"))]);
                } else {
                    assert!(left.is_empty(), "{left:?}");
                }
                Term::nil()
            });
        }
    }
}

/// Row "`exit(:normal)`": in all three columns `await` exits `{:normal, {Task, :await, …}}`
/// (probe p3 "tsup async linked exit normal, not trapping" ⇒ `{:exit, {:normal, {Task,
/// :await, [%Task{...}, 5000]}}}`); a normal exit does not kill a linked owner.
#[test]
fn s3_3_task_exits_normal() {
    for col in [
        Column::LinkedNotTrapping,
        Column::LinkedTrapping,
        Column::NoLink,
    ] {
        seeds(SEEDS, move |p| async move {
            let (_, t) = cell(&p, col, Outcome::ExitNormal).await;
            let r = p.catch_exit(t.await_for(&p, Timeout::Ms(5000))).await;
            assert_eq!(r, Err(await_exit(a("normal"), &t)));
            Term::nil()
        });
    }
}

/// Row "supervisor shut down", `async`, owner not trapping: killed through the link with
/// `:shutdown` (probe p3 ⇒ runner exit `:shutdown`).
#[test]
fn s3_3_sup_shut_down_linked_owner_not_trapping_is_killed() {
    seeds(SEEDS, |p| async move {
        let sup = start_ts(&p, Options::default()).await;
        p.unlink(sup).await;
        let (owner, _) = p
            .spawn_monitor(move |o| async move {
                let t = tsup::async_linked(
                    &o,
                    &sref(sup),
                    |t| task_body(t, Outcome::SupShutDown),
                    None,
                )
                .await;
                o.sleep(500).await;
                let _ = t;
            })
            .await;
        p.sleep(20).await;
        p.exit_signal(sup, a("shutdown")).await;
        let d = recv(&p, 1000, move |m| {
            down_of(m).is_some_and(|(x, _)| x == owner)
        })
        .await
        .unwrap();
        assert_eq!(down_of(&d), Some((owner, a("shutdown"))));
        assert_eq!(p.now_ms(), 20, "at once");
        Term::nil()
    });
}

/// Row "supervisor shut down", `async` trapping ⇒ `yield` `{:exit, :shutdown}` + `{:EXIT,
/// pid, :shutdown}` (probe p3 ⇒ `{{:exit, :shutdown}, [{:EXIT, :task, :shutdown}]}`);
/// `async_nolink` ⇒ `{:exit, :shutdown}` [V].
#[test]
fn s3_3_sup_shut_down_trapping_or_nolink() {
    for col in [Column::LinkedTrapping, Column::NoLink] {
        seeds(SEEDS, move |p| async move {
            let (_, t) = cell(&p, col, Outcome::SupShutDown).await;
            let tp = t.pid.unwrap();
            let r = t.yield_for(&p, Timeout::Ms(500)).await;
            assert_eq!(r, Some(TaskResult::Exit(a("shutdown"))));
            assert_eq!(p.now_ms(), 20, "the task died at once (not trapping)");
            p.sleep(20).await;
            let left = flush(&p).await;
            if col == Column::LinkedTrapping {
                assert_eq!(left, vec![exit_msg(tp, a("shutdown"))]);
            } else {
                assert!(left.is_empty(), "{left:?}");
            }
            Term::nil()
        });
    }
}

/// "`async_nolink` task whose owner dies keeps running; reply dropped": probe p3 ⇒ `{true,
/// :done, []}`.
#[test]
fn s3_3_async_nolink_task_survives_owner_death() {
    seeds(SEEDS, |p| async move {
        let me = p.pid();
        let sup = start_ts(&p, Options::default()).await;
        let (owner, _) = p
            .spawn_monitor(move |o| async move {
                let t = tsup::async_nolink(
                    &o,
                    &sref(sup),
                    move |t| async move {
                        t.sleep(100).await;
                        t.send(me, a("done")).await;
                        a("v")
                    },
                    None,
                )
                .await;
                o.send(me, tup([a("t"), pid(t.pid.unwrap())])).await;
            })
            .await;
        let m = recv(&p, 100, |m| m.is_tagged("t", 2)).await.unwrap();
        let tp = m.as_tuple().unwrap()[1].as_pid().unwrap();
        let d = recv(&p, 100, |m| down_of(m).is_some()).await.unwrap();
        assert_eq!(down_of(&d), Some((owner, a("normal"))));
        p.sleep(20).await;
        assert!(p.is_alive(tp));
        assert_eq!(recv(&p, 500, |m| m.is_atom("done")).await, Some(a("done")));
        p.sleep(1).await;
        assert_eq!(tsup::children(&p, &sref(sup)).await, list([]));
        Term::nil()
    });
}

/// "`{:error, :max_children}` ⇒ raises `RuntimeError`": probe p3 "tsup max_children async" ⇒
/// `{{:error, :max_children}, %RuntimeError{message: "reached the maximum number of tasks for
/// this task supervisor" <> ...}}` (full text from 1.14's `Task.Supervisor.async/6`).
#[test]
fn s3_3_async_over_max_children_raises() {
    seeds(SEEDS, |p| async move {
        let sup = start_ts(
            &p,
            Options {
                max_children: Some(1),
                ..Default::default()
            },
        )
        .await;
        let long = |t: Proc| async move {
            t.sleep(1000).await;
            a("ok")
        };
        let _t = tsup::async_nolink(&p, &sref(sup), long, None).await;
        assert_eq!(
            tsup::start_child(&p, &sref(sup), long, ChildOpts::default()).await,
            error(a("max_children"))
        );
        for linked in [false, true] {
            let r = if linked {
                p.rescue(tsup::async_linked(&p, &sref(sup), long, None))
                    .await
            } else {
                p.rescue(tsup::async_nolink(&p, &sref(sup), long, None))
                    .await
            };
            assert_eq!(
                r.err(),
                Some(Term::runtime_error(
                    "reached the maximum number of tasks for this task supervisor. The maximum \
                     number of tasks that are allowed to run at the same time under this \
                     supervisor can be configured with the :max_children option passed to \
                     Task.Supervisor.start_link/1"
                ))
            );
        }
        Term::nil()
    });
}

// ----- §3.4 ---------------------------------------------------------------------------------

/// "`terminate_child(sup, pid)` ⇒ `:ok` | `{:error, :not_found}`": probe e3 "terminate_child"
/// ⇒ `{:ok, :shutdown, {:error, :not_found}}`.
#[test]
fn s3_4_terminate_child() {
    seeds(SEEDS, |p| async move {
        let sup = start_ts(&p, Options::default()).await;
        let c = ok_pid(
            &tsup::start_child(
                &p,
                &sref(sup),
                |t| async move {
                    t.receive(Timeout::Infinity, |_| false).await;
                    a("ok")
                },
                ChildOpts::default(),
            )
            .await,
        );
        let m = p.monitor(c).await;
        assert_eq!(tsup::terminate_child(&p, &sref(sup), c).await, a("ok"));
        let d = recv(&p, 100, move |x| {
            x.as_tuple()
                .is_some_and(|v| v.len() == 5 && v[1] == Term::Ref(m))
        })
        .await
        .unwrap();
        assert_eq!(down_of(&d).unwrap().1, a("shutdown"));
        assert_eq!(
            tsup::terminate_child(&p, &sref(sup), c).await,
            error(a("not_found"))
        );
        Term::nil()
    });
}

/// "Shutdown grace only applies to tasks that trap exits": probe e7 "Task.Supervisor
/// shutdown of non-trapping task is immediate" (`shutdown: 10_000`) ⇒ 0 ms, DOWN
/// `:shutdown`; probe p3 "tsup trapping start_child grace killed" (`shutdown: 100`) ⇒
/// `{:killed, 101}` — exactly 100 ms here.
#[test]
fn s3_4_shutdown_grace_only_for_trapping_tasks() {
    for (trap, shutdown, expect_ms, expect_reason) in [
        (false, 10_000, 0, a("shutdown")),
        (true, 100, 100, a("killed")),
    ] {
        seeds(SEEDS, move |p| {
            let expect_reason = expect_reason.clone();
            async move {
                let sup = start_ts(&p, Options::default()).await;
                let c = ok_pid(
                    &tsup::start_child(
                        &p,
                        &sref(sup),
                        move |t| async move {
                            if trap {
                                t.trap_exit(true);
                            }
                            t.receive(Timeout::Infinity, |_| false).await;
                            a("ok")
                        },
                        ChildOpts {
                            restart: None,
                            shutdown: Some(ShutdownSpec::Ms(shutdown)),
                        },
                    )
                    .await,
                );
                p.sleep(10).await;
                let m = p.monitor(c).await;
                let t0 = p.now_ms();
                assert_eq!(tsup::terminate_child(&p, &sref(sup), c).await, a("ok"));
                assert_eq!(p.now_ms() - t0, expect_ms);
                let d = recv(&p, 100, move |x| {
                    x.as_tuple()
                        .is_some_and(|v| v.len() == 5 && v[1] == Term::Ref(m))
                })
                .await
                .unwrap();
                assert_eq!(down_of(&d).unwrap().1, expect_reason);
                Term::nil()
            }
        });
    }
}

/// Probe e10 "Task.Supervisor.async_nolink trapping task, shutdown: 100, sup stopped" ⇒
/// `{{:exit, :killed}, 101}`: the supervisor's concurrent shutdown gives the trapping task
/// its 100 ms, then kills it.
#[test]
fn s3_4_sup_shutdown_kills_trapping_task_after_its_grace() {
    seeds(SEEDS, |p| async move {
        let sup = start_ts(&p, Options::default()).await;
        p.unlink(sup).await;
        let t = tsup::async_nolink(
            &p,
            &sref(sup),
            |t| async move {
                t.trap_exit(true);
                t.sleep(1000).await;
                a("late")
            },
            Some(ShutdownSpec::Ms(100)),
        )
        .await;
        p.sleep(20).await;
        let t0 = p.now_ms();
        let m = p.monitor(sup).await;
        p.exit_signal(sup, a("shutdown")).await;
        let d = recv(&p, 1000, move |x| {
            x.as_tuple()
                .is_some_and(|v| v.len() == 5 && v[1] == Term::Ref(m))
        })
        .await
        .unwrap();
        assert_eq!(down_of(&d).unwrap().1, a("shutdown"));
        assert_eq!(
            t.yield_for(&p, Timeout::Ms(500)).await,
            Some(TaskResult::Exit(a("killed")))
        );
        assert_eq!(p.now_ms() - t0, 100);
        Term::nil()
    });
}

/// "`children(sup)` ⇒ list of pids".
#[test]
fn s3_4_children_lists_running_task_pids() {
    seeds(SEEDS, |p| async move {
        let sup = start_ts(&p, Options::default()).await;
        let long = |t: Proc| async move {
            t.sleep(100).await;
            a("ok")
        };
        let c1 = ok_pid(&tsup::start_child(&p, &sref(sup), long, ChildOpts::default()).await);
        let t = tsup::async_nolink(&p, &sref(sup), long, None).await;
        let c2 = t.pid.unwrap();
        assert_eq!(
            tsup::children(&p, &sref(sup)).await,
            list([pid(c1), pid(c2)])
        );
        assert_eq!(
            dynsup::count_children(&p, &sref(sup)).await,
            counts(2, 2, 0, 2)
        );
        p.sleep(200).await;
        assert_eq!(tsup::children(&p, &sref(sup)).await, list([]));
        Term::nil()
    });
}
