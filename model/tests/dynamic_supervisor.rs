//! `DynamicSupervisor` (Elixir 1.14), SEMANTICS §4.1–§4.9: the rows that differ from the
//! static `Supervisor` or are specific to it, ported from `shared/semantics-probes/e4_sup.exs`,
//! `e5_sup2.exs` and the probes run for this file (`/tmp/probes/p2.exs`, `p4.exs`, results
//! quoted in comments). Test names start with the section they check.

mod common;

use common::*;
use model::child_spec::{ChildSpec, Restart, ShutdownSpec};
use model::dynamic_supervisor::{self as dynsup, Options};
use model::events::ModelEventKind;
use model::gen_server::{ServerRef, StartResult};
use model::supervisor::{self, Strategy};
use sim::runner::each_seed;
use sim::{Pid, Proc, Term, Timeout};
use std::cell::Cell;
use std::rc::Rc;

fn sref(p: Pid) -> ServerRef {
    ServerRef::Pid(p)
}

async fn start_dyn(p: &Proc, opts: Options) -> Pid {
    match dynsup::start_link(p, opts, None).await {
        StartResult::Ok(pid) => pid,
        other => panic!("DynamicSupervisor.start_link: {other:?}"),
    }
}

async fn child(p: &Proc, sup: Pid, spec: ChildSpec) -> Pid {
    let r = dynsup::start_child(p, &sref(sup), spec).await;
    match r.as_tuple() {
        Some([ok, Term::Pid(c)]) if ok.is_atom("ok") => *c,
        _ => panic!("start_child: {r}"),
    }
}

/// The pids (or `:restarting`) of `which_children`, in its order.
async fn slots(p: &Proc, sup: Pid) -> Vec<Term> {
    let Term::List(v) = dynsup::which_children(p, &sref(sup)).await else {
        panic!()
    };
    v.iter().map(|c| c.as_tuple().unwrap()[1].clone()).collect()
}

fn counts(active: i64, specs: i64, supervisors: i64, workers: i64) -> Term {
    Term::map(vec![
        (a("active"), int(active)),
        (a("specs"), int(specs)),
        (a("supervisors"), int(supervisors)),
        (a("workers"), int(workers)),
    ])
}

fn opts(max_restarts: u32, max_seconds: u64) -> Options {
    Options {
        max_restarts,
        max_seconds,
        ..Default::default()
    }
}

fn restarts(r: &Run) -> usize {
    r.model_events(ModelEventKind::SupRestart).len()
}

// ----- §4.1 ---------------------------------------------------------------------------------

/// "`:id` ... ignored by DynamicSupervisor (`:undefined`)"; "1.14 DynamicSupervisor requires
/// int > 0" for `:shutdown`: probe p2 "dyn shapes" ⇒ `{:error, {:invalid_shutdown, 0}}`.
#[test]
fn s4_1_ids_ignored_and_shutdown_zero_rejected() {
    seeds(SEEDS, |p| async move {
        let sup = start_dyn(&p, Options::default()).await;
        let c1 = child(&p, sup, spec("a", Opts::new())).await;
        let c2 = child(&p, sup, spec("a", Opts::new())).await;
        assert_ne!(c1, c2, "the same id twice is fine");
        let w = list([module("W")]);
        assert_eq!(
            dynsup::which_children(&p, &sref(sup)).await,
            list([
                tup([a("undefined"), pid(c1), a("worker"), w.clone()]),
                tup([a("undefined"), pid(c2), a("worker"), w]),
            ])
        );
        let r = dynsup::start_child(
            &p,
            &sref(sup),
            spec("z", Opts::new()).shutdown(ShutdownSpec::Ms(0)),
        )
        .await;
        assert_eq!(r, error(tup([a("invalid_shutdown"), int(0)])));
        Term::nil()
    });
}

// ----- §4.2 ---------------------------------------------------------------------------------

fn reasons() -> Vec<Term> {
    vec![
        a("normal"),
        a("shutdown"),
        shutdown_tuple(a("x")),
        a("boom"),
    ]
}

/// Row `:permanent` (probe p2 "dyn permanent restart", exit `:normal` ⇒ new pid): restarted
/// for every reason, one intensity use each.
#[test]
fn s4_2_permanent_child_restarted_for_every_reason() {
    for reason in reasons() {
        let rs = seeds(SEEDS, move |p| {
            let reason = reason.clone();
            async move {
                let sup = start_dyn(&p, opts(1, 5)).await;
                let c = child(&p, sup, spec("a", Opts::new())).await;
                cast_exit(&p, c, reason).await;
                p.sleep(50).await;
                let now = slots(&p, sup).await;
                assert_eq!(now.len(), 1);
                assert!(now[0].as_pid().is_some_and(|n| n != c), "{now:?}");
                Term::nil()
            }
        });
        for r in rs {
            assert_eq!(restarts(&r), 1, "{}", r.ctx());
        }
    }
}

/// Rows `:transient` and `:temporary`: probe p2 "dyn temporary/transient" (`max_restarts:
/// 0`; temporary `:boom`, transient `:normal`, transient `{:shutdown, 1}`) ⇒ `{[], true}`:
/// deleted, no intensity use; a transient child exiting abnormally is restarted.
#[test]
fn s4_2_transient_and_temporary_children() {
    for reason in reasons() {
        let rs = seeds(SEEDS, move |p| {
            let reason = reason.clone();
            async move {
                let sup = start_dyn(&p, opts(0, 5)).await;
                let t = child(&p, sup, spec("t", Opts::new()).restart(Restart::Temporary)).await;
                cast_exit(&p, t, reason.clone()).await;
                p.sleep(50).await;
                assert!(slots(&p, sup).await.is_empty(), "temporary deleted");
                let normalish = reason != a("boom");
                if normalish {
                    let tr =
                        child(&p, sup, spec("tr", Opts::new()).restart(Restart::Transient)).await;
                    cast_exit(&p, tr, reason.clone()).await;
                    p.sleep(50).await;
                    assert!(slots(&p, sup).await.is_empty(), "transient deleted");
                }
                assert!(p.is_alive(sup), "no intensity used");
                assert_eq!(
                    dynsup::count_children(&p, &sref(sup)).await,
                    counts(0, 0, 0, 0)
                );
                Term::nil()
            }
        });
        for r in rs {
            assert_eq!(restarts(&r), 0, "{}", r.ctx());
        }
    }
    seeds(SEEDS, |p| async move {
        let sup = start_dyn(&p, opts(1, 5)).await;
        let tr = child(&p, sup, spec("tr", Opts::new()).restart(Restart::Transient)).await;
        cast_exit(&p, tr, a("boom")).await;
        p.sleep(50).await;
        let now = slots(&p, sup).await;
        assert!(now.len() == 1 && now[0] != pid(tr), "restarted: {now:?}");
        Term::nil()
    });
}

// ----- §4.5 ---------------------------------------------------------------------------------

/// Concurrent shutdown: "One `:erlang.start_timer` per distinct shutdown value; when it
/// fires, `:kill` every pid of that group". Children whose `terminate/2` takes 1000 ms with
/// shutdown 50, 50 and 80 are killed at +50, +50, +80; a `:brutal_kill` one at once without
/// `terminate`; a non-trapping one dies of `:shutdown` at once; stop returns at +80.
#[test]
fn s4_5_concurrent_shutdown_one_timer_per_shutdown_value() {
    let rs = seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let me = p.pid();
        let sup = start_dyn(&p, Options::default()).await;
        let slow = || Opts::new().log(me).trap().slow_terminate(1000);
        let mut kids = Vec::new();
        for (id, o, sd) in [
            ("a", slow(), ShutdownSpec::Ms(50)),
            ("b", slow(), ShutdownSpec::Ms(50)),
            ("c", slow(), ShutdownSpec::Ms(80)),
            ("k", slow(), ShutdownSpec::BrutalKill),
            ("n", Opts::new().log(me), ShutdownSpec::Ms(5000)),
        ] {
            let c = child(&p, sup, spec(id, o).shutdown(sd)).await;
            let m = p.monitor(c).await;
            kids.push((id, m));
        }
        p.sleep(10).await;
        flush(&p).await;
        let t0 = p.now_ms();
        assert_eq!(dynsup::stop(&p, sup, a("normal")).await, a("ok"));
        assert_eq!(p.now_ms() - t0, 80, "the longest group");
        p.sleep(1).await;
        let msgs = flush(&p).await;
        let mut downs = Vec::new();
        for (id, m) in &kids {
            let d = msgs
                .iter()
                .find(|x| {
                    x.as_tuple()
                        .is_some_and(|v| v.len() == 5 && v[1] == Term::Ref(*m))
                })
                .unwrap_or_else(|| panic!("DOWN of {id} in {msgs:?}"));
            downs.push(tup([a(id), down_of(d).unwrap().1]));
        }
        assert_eq!(
            downs,
            vec![
                tup([a("a"), a("killed")]),
                tup([a("b"), a("killed")]),
                tup([a("c"), a("killed")]),
                tup([a("k"), a("killed")]),
                tup([a("n"), a("shutdown")]),
            ]
        );
        assert!(msgs.contains(&exit_msg(sup, a("normal"))));
        Term::nil()
    });
    for r in rs {
        let mut terms: Vec<Term> = r
            .user_events_timed(W_LOG)
            .into_iter()
            .filter(|(_, d)| d.is_tagged("terminate", 3))
            .map(|(t, d)| tup([int(t as i64), id_of(&d)]))
            .collect();
        terms.sort_by(|x, y| x.term_cmp(y));
        // a, b, c got `terminate(:shutdown)` at once; k (brutal) and n (not trapping) none.
        assert_eq!(
            terms,
            vec![
                tup([int(10), term("a", a("shutdown"))]),
                tup([int(10), term("b", a("shutdown"))]),
                tup([int(10), term("c", a("shutdown"))]),
            ],
            "{}",
            r.ctx()
        );
        let kills: Vec<u64> = r
            .model_events_timed(ModelEventKind::SupKill)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(kills, vec![60, 60, 90], "{}", r.ctx());
    }
}

/// "`terminate_child(sup, pid)`" ⇒ `:ok | {:error, :not_found}` (probe p2 "dyn shapes":
/// `:ok`, `{:error, :not_found}`), same concurrent protocol for one child: a trapping child
/// gets `terminate(:shutdown)`.
#[test]
fn s4_5_terminate_child() {
    seeds(SEEDS, |p| async move {
        let me = p.pid();
        let sup = start_dyn(&p, Options::default()).await;
        let c = child(&p, sup, spec("a", Opts::new().log(me).trap())).await;
        let m = p.monitor(c).await;
        assert_eq!(dynsup::terminate_child(&p, &sref(sup), c).await, a("ok"));
        let d = recv(&p, 1000, move |x| {
            x.as_tuple()
                .is_some_and(|v| v.len() == 5 && v[1] == Term::Ref(m))
        })
        .await
        .unwrap();
        assert_eq!(down_of(&d).unwrap().1, a("shutdown"));
        assert_eq!(
            dynsup::terminate_child(&p, &sref(sup), c).await,
            error(a("not_found"))
        );
        assert!(slots(&p, sup).await.is_empty());
        assert_eq!(
            sorted(ids(&flush(&p).await)),
            sorted(vec![start("a"), term("a", a("shutdown"))])
        );
        Term::nil()
    });
}

// ----- §4.6 ---------------------------------------------------------------------------------

/// `max_restarts: 3`: three restarts, the 4th crash trips; "dynamic: entry deleted", the
/// others terminated concurrently, the supervisor exits `:shutdown`.
#[test]
fn s4_6_fourth_restart_inside_the_window_gives_up() {
    let rs = seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let me = p.pid();
        let sup = start_dyn(&p, Options::default()).await;
        let o = Opts::new().log(me).trap();
        child(&p, sup, spec("a", o.clone())).await;
        let mut b = child(&p, sup, spec("b", o.clone())).await;
        child(&p, sup, spec("c", o)).await;
        for i in 1..=4 {
            cast_exit(&p, b, tup([a("crash"), int(i)])).await;
            p.sleep(30).await;
            if i < 4 {
                let now = slots(&p, sup).await;
                assert_eq!(now.len(), 3);
                b = now.iter().filter_map(|x| x.as_pid()).max().unwrap();
            }
        }
        let m = recv(&p, 100, |m| m.is_tagged("EXIT", 3)).await;
        assert_eq!(m, Some(exit_msg(sup, a("shutdown"))));
        Term::nil()
    });
    for r in rs {
        assert_eq!(restarts(&r), 3, "{}", r.ctx());
        assert_eq!(r.model_events(ModelEventKind::SupGiveUp).len(), 1);
        let log = r.w_log();
        let c = |i| tup([a("crash"), int(i)]);
        let n = log.len();
        assert_eq!(
            log[..n - 2].to_vec(),
            vec![
                start("a"),
                start("b"),
                start("c"),
                term("b", c(1)),
                start("b"),
                term("b", c(2)),
                start("b"),
                term("b", c(3)),
                start("b"),
                term("b", c(4)),
            ],
            "{}",
            r.ctx()
        );
        assert_eq!(
            sorted(log[n - 2..].to_vec()),
            sorted(vec![term("a", a("shutdown")), term("c", a("shutdown"))]),
            "concurrent: any order; {}",
            r.ctx()
        );
    }
}

/// Two crashes at `t1` and `t2` with `max_restarts: 1, max_seconds: 1`; whether the
/// supervisor survived.
fn two_crashes(t1: u64, t2: u64, seed: u64) -> bool {
    let r = run(seed, move |p| async move {
        p.trap_exit(true);
        let sup = start_dyn(&p, opts(1, 1)).await;
        child(&p, sup, spec("a", Opts::new())).await;
        for (wait, _) in [(t1, 1), (t2 - t1, 2)] {
            p.sleep(wait).await;
            let c = slots(&p, sup).await[0].as_pid().unwrap();
            cast_exit(&p, c, a("boom")).await;
        }
        p.sleep(50).await;
        let alive = p.is_alive(sup);
        let exits: Vec<Term> = flush(&p)
            .await
            .into_iter()
            .filter(|m| m.is_tagged("EXIT", 3))
            .collect();
        if !alive {
            assert_eq!(exits, vec![exit_msg(sup, a("shutdown"))]);
        }
        Term::bool(alive)
    });
    r.value == Term::bool(true)
}

/// Probe e5 "DynamicSupervisor boundary 1005ms" ⇒ `{1, false, [:shutdown]}` — "identical"
/// to the static one: whole-second stamps, inclusive window.
#[test]
fn s4_6_window_is_whole_seconds_inclusive() {
    for (t1, t2, survives) in [
        (0, 1005, false),
        (0, 2100, true),
        (999, 2000, true),
        (0, 1999, false),
        (1999, 3000, true),
    ] {
        each_seed(10, |seed| {
            assert_eq!(
                two_crashes(t1, t2, seed),
                survives,
                "crashes at {t1} and {t2} ms, seed {seed}"
            );
        });
    }
}

// ----- §4.7 ---------------------------------------------------------------------------------

/// Giving up: a non-trapping parent is killed with `:shutdown`; under a parent `Supervisor`
/// a (default `:permanent`, type `:supervisor`) DynamicSupervisor child is restarted.
#[test]
fn s4_7_parent_effects() {
    seeds(SEEDS, |p| async move {
        let (mid, _) = p
            .spawn_monitor(|m| async move {
                let sup = start_dyn(&m, opts(0, 5)).await;
                let c = child(&m, sup, spec("a", Opts::new())).await;
                cast_exit(&m, c, a("boom")).await;
                m.sleep(100).await;
            })
            .await;
        let d = recv(&p, 1000, |m| down_of(m).is_some()).await.unwrap();
        assert_eq!(down_of(&d), Some((mid, a("shutdown"))));
        // Under a Supervisor.
        let top = start_sup(
            &p,
            vec![dynsup::child_spec(module("DynamicSupervisor"), opts(0, 5))],
            supervisor::Flags::new(Strategy::OneForOne),
        )
        .await;
        let wc = supervisor::which_children(&p, &ServerRef::Pid(top)).await;
        let Term::List(v) = &wc else { panic!() };
        let Some([entry]) = v.as_array() else {
            panic!("{wc}")
        };
        let t = entry.as_tuple().unwrap();
        assert_eq!(t[2], a("supervisor"));
        assert_eq!(t[3], list([module("DynamicSupervisor")]));
        let d1 = t[1].as_pid().unwrap();
        let c = child(&p, d1, spec("a", Opts::new())).await;
        cast_exit(&p, c, a("boom")).await;
        p.sleep(50).await;
        let d2 = pid_of(&p, top, "Elixir.DynamicSupervisor").await;
        assert_ne!(d1, d2, "restarted by the parent");
        assert!(slots(&p, d2).await.is_empty(), "a fresh, empty supervisor");
        Term::nil()
    });
}

// ----- §4.8 ---------------------------------------------------------------------------------

/// (b) "`DynamicSupervisor.start_child(sup, spec)`" results: probe e4
/// "DynamicSupervisor.start_child failing" ⇒ `{{:error, :nope}, {:error, {:undef,
/// :stacktrace}}, :ignore}`, e5 "raises/exits/throws" ⇒ `[error: {%RuntimeError{message:
/// "boom"}, :stacktrace}, error: :bye, error: {{:nocatch, :ball}, [...]}]` (Elixir `try`,
/// not Erlang `catch`); `{:ok, pid, info}`; garbage `x` ⇒ `{:error, x}`; `max_children` ⇒
/// `{:error, :max_children}` (probe e5 ⇒ `{:ok, {:error, :max_children}}`).
#[test]
fn s4_8b_start_child_results() {
    let rs = seeds(SEEDS, |p| async move {
        let sup = start_dyn(
            &p,
            Options {
                max_children: Some(2),
                ..opts(0, 5)
            },
        )
        .await;
        let s = sref(sup);
        let table: Vec<(ChildSpec, Term)> = vec![
            (
                spec("x", Opts::new().init(InitWith::Stop(a("nope")))),
                error(a("nope")),
            ),
            (spec("x", Opts::new().init(InitWith::Ignore)), a("ignore")),
            (
                raw_spec("x", |s| async move {
                    s.raise(Term::runtime_error("boom")).await
                }),
                error(raised("boom")),
            ),
            (
                raw_spec("x", |s| async move { s.exit(a("bye")).await }),
                error(a("bye")),
            ),
            (
                raw_spec("x", |s| async move { s.throw(a("ball")).await }),
                error(tup([tup([a("nocatch"), a("ball")]), list([])])),
            ),
            (
                raw_spec("x", |_| async { a("garbage") }),
                error(a("garbage")),
            ),
            (raw_spec("x", |_| async { error(a("e")) }), error(a("e"))),
        ];
        for (spec, expect) in table {
            assert_eq!(dynsup::start_child(&p, &s, spec).await, expect);
        }
        assert!(slots(&p, sup).await.is_empty());
        let c = child(&p, sup, spec("a", Opts::new())).await;
        let info = raw_spec("i", |s| async move {
            let c = s
                .spawn_link(|c| async move {
                    c.set_daemon(true);
                    c.receive(Timeout::Infinity, |_| false).await;
                })
                .await;
            tup([a("ok"), pid(c), a("info")])
        });
        let r = dynsup::start_child(&p, &s, info).await;
        let Some([_, Term::Pid(i), _]) = r.as_tuple() else {
            panic!("{r}")
        };
        assert_eq!(r, tup([a("ok"), pid(*i), a("info")]));
        assert_eq!(
            dynsup::start_child(&p, &s, spec("b", Opts::new())).await,
            error(a("max_children"))
        );
        assert_eq!(slots(&p, sup).await, vec![pid(c), pid(*i)]);
        assert!(p.is_alive(sup));
        Term::nil()
    });
    for r in rs {
        assert_eq!(restarts(&r), 0);
    }
}

/// (c) Probe p4 "dyn failed restart retried" ⇒ `[:start_attempt, :start_attempt,
/// :start_attempt, {:EXIT, :sup, :shutdown}]`: each retry (a `{:"$gen_restart", pid}` to
/// itself) runs the intensity check again. Each failed attempt is reported naming the child
/// `{:restarting, old_pid}` (probe e27_dyn_restart_report.exs).
#[test]
fn s4_8c_failed_restart_retried_each_counted_then_gives_up() {
    let rs = seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let me = p.pid();
        let fail = Rc::new(Cell::new(false));
        let f2 = fail.clone();
        let flaky = raw_spec("f", move |s| {
            let fail = f2.clone();
            async move {
                s.send(me, a("start_attempt")).await;
                if fail.get() {
                    error(a("nope"))
                } else {
                    start_w(&s, "flaky", Opts::new()).await.to_term()
                }
            }
        });
        let sup = start_dyn(&p, Options::default()).await;
        let c = child(&p, sup, flaky).await;
        assert_eq!(flush(&p).await, vec![a("start_attempt")]);
        fail.set(true);
        cast_exit(&p, c, a("boom")).await;
        p.sleep(200).await;
        assert_eq!(
            flush(&p).await,
            vec![
                a("start_attempt"),
                a("start_attempt"),
                a("start_attempt"),
                exit_msg(sup, a("shutdown")),
            ]
        );
        pid(c)
    });
    for r in rs {
        let restarting = tup([a("restarting"), r.value.clone()]);
        assert_eq!(
            r.model_events(ModelEventKind::SupStartError),
            vec![tup([restarting.clone(), a("nope")]); 3],
            "{}",
            r.ctx()
        );
    }
}

/// (c) Between retries the entry is `{:restarting, spec}` under the old pid:
/// `which_children` ⇒ `{:undefined, :restarting, :worker, modules}`, not active in
/// `count_children`, and it counts toward `max_children`; "`:ignore` on restart removes
/// the child".
#[test]
fn s4_8c_restarting_entry_and_ignore_on_restart() {
    seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        // 0 = start normally, 1 = fail after 10 ms, 2 = :ignore
        let mode = Rc::new(Cell::new(0));
        let m2 = mode.clone();
        let flaky = raw_spec("f", move |s| {
            let mode = m2.clone();
            async move {
                match mode.get() {
                    0 => start_w(&s, "flaky", Opts::new()).await.to_term(),
                    1 => {
                        s.sleep(10).await;
                        error(a("nope"))
                    }
                    _ => a("ignore"),
                }
            }
        });
        let sup = start_dyn(
            &p,
            Options {
                max_children: Some(1),
                max_restarts: 10,
                ..Default::default()
            },
        )
        .await;
        let s = sref(sup);
        let c = child(&p, sup, flaky).await;
        mode.set(1);
        let t0 = p.now_ms();
        cast_exit(&p, c, a("boom")).await;
        p.sleep(5).await;
        assert_eq!(
            dynsup::which_children(&p, &s).await,
            list([tup([
                a("undefined"),
                a("restarting"),
                a("worker"),
                list([])
            ])])
        );
        assert_eq!(p.now_ms() - t0, 10);
        assert_eq!(dynsup::count_children(&p, &s).await, counts(0, 1, 0, 1));
        assert_eq!(
            dynsup::start_child(&p, &s, spec("b", Opts::new())).await,
            error(a("max_children")),
            "a restarting child counts"
        );
        mode.set(2);
        p.sleep(50).await;
        assert!(slots(&p, sup).await.is_empty(), ":ignore removed it");
        assert!(p.is_alive(sup));
        Term::nil()
    });
}

// ----- §4.9 ---------------------------------------------------------------------------------

/// Probe p2 "dyn shapes": `which_children` ⇒ `[{:undefined, a, :worker, [X]}, {:undefined, b,
/// :supervisor, [X]}]`, `count_children` ⇒ `%{active: 2, specs: 2, supervisors: 1, workers:
/// 1}`, `:extra_arguments` prepended to the start args (X.start_link(me, :x, id)).
#[test]
fn s4_9_which_children_count_children_extra_arguments() {
    let rs = seeds(SEEDS, |p| async move {
        let me = p.pid();
        let sup = start_dyn(
            &p,
            Options {
                extra_arguments: vec![pid(me), a("x")],
                ..Default::default()
            },
        )
        .await;
        let x = |id: &'static str| {
            ChildSpec::with_args(a(id), vec![a(id)], move |s, args| async move {
                assert_eq!(args.len(), 3, "extra ++ args: {args:?}");
                assert_eq!(args[1], a("x"));
                assert_eq!(args[2], a(id));
                let log = args[0].as_pid().unwrap();
                start_w(&s, id, Opts::new().log(log)).await.to_term()
            })
            .modules(list([module("X")]))
        };
        let ca = child(&p, sup, x("a")).await;
        let cb = child(&p, sup, x("b").supervisor()).await;
        let s = sref(sup);
        assert_eq!(
            dynsup::which_children(&p, &s).await,
            list([
                tup([a("undefined"), pid(ca), a("worker"), list([module("X")])]),
                tup([
                    a("undefined"),
                    pid(cb),
                    a("supervisor"),
                    list([module("X")])
                ]),
            ])
        );
        assert_eq!(dynsup::count_children(&p, &s).await, counts(2, 2, 1, 1));
        // A restart uses the extra arguments too.
        cast_exit(&p, ca, a("boom")).await;
        p.sleep(50).await;
        assert_eq!(slots(&p, sup).await.len(), 2);
        p.sleep(10).await;
        let got = sorted(ids(&flush(&p).await));
        assert_eq!(
            got,
            sorted(vec![
                start("a"),
                start("b"),
                term("a", a("boom")),
                start("a"),
            ])
        );
        Term::nil()
    });
    for r in rs {
        assert_eq!(restarts(&r), 1);
    }
}

/// "EXITs from other non-child linked processes are ignored" (DynamicSupervisor too), and
/// an EXIT from the parent with `:normal` terminates it with `:normal`.
#[test]
fn s4_9_exits_from_non_children() {
    seeds(SEEDS, |p| async move {
        let me = p.pid();
        let sup = start_dyn(&p, Options::default()).await;
        child(&p, sup, spec("a", Opts::new().log(me).trap())).await;
        p.spawn(move |q| async move {
            q.link(sup).await;
            q.exit::<()>(a("boom")).await;
        })
        .await;
        p.spawn(move |q| async move {
            q.exit_signal(sup, a("normal")).await;
        })
        .await;
        p.sleep(50).await;
        assert!(p.is_alive(sup));
        assert_eq!(
            dynsup::count_children(&p, &sref(sup)).await,
            counts(1, 1, 0, 1)
        );
        let m = p.monitor(sup).await;
        p.exit_signal(sup, a("normal")).await;
        let d = recv(&p, 100, move |x| {
            x.as_tuple()
                .is_some_and(|v| v.len() == 5 && v[1] == Term::Ref(m))
        })
        .await
        .unwrap();
        assert_eq!(down_of(&d).unwrap().1, a("normal"));
        p.sleep(1).await;
        assert_eq!(
            sorted(ids(&flush(&p).await)),
            sorted(vec![start("a"), term("a", a("shutdown"))])
        );
        Term::nil()
    });
}
