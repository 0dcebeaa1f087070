//! Static `Supervisor` (SEMANTICS §4.1–§4.9) and `GenServer` (§4.8, §1.4, §5), one test per
//! row of the tables, ported from `shared/semantics-probes/e4_sup.exs`, `e5_sup2.exs`, `e7.exs`
//! and the probes run for this file (`/tmp/probes/p1..p4.exs`, results quoted in comments).
//! Test names start with the section they check.

mod common;

use common::*;
use model::child_spec::{ChildSpec, ChildType, Restart, ShutdownSpec};
use model::dynamic_supervisor;
use model::events::ModelEventKind;
use model::gen_server::{self, Init, Server, ServerRef, StartResult};
use model::supervisor::{self, Flags, Strategy};
use sim::runner::each_seed;
use sim::{Pid, Proc, Term, Timeout};
use std::cell::Cell;
use std::rc::Rc;

fn sref(p: Pid) -> ServerRef {
    ServerRef::Pid(p)
}

/// Three logging, trapping workers a, b, c.
fn abc(me: Pid) -> Vec<ChildSpec> {
    let o = Opts::new().log(me).trap();
    vec![spec("a", o.clone()), spec("b", o.clone()), spec("c", o)]
}

/// The `w.log` lines after the marker `m` and before the marker `:end`, if there is one
/// (when the test process ends, its supervisors terminate too, §4.9, and log more).
fn after(log: &[Term], m: &Term) -> Vec<Term> {
    let Some(i) = log.iter().position(|x| x == m) else {
        panic!("marker {m} not in {log:?}")
    };
    let rest = &log[i + 1..];
    match rest.iter().position(|x| *x == a("end")) {
        Some(j) => rest[..j].to_vec(),
        None => rest.to_vec(),
    }
}

/// `C.pid_of/2` that tolerates a missing child.
async fn try_pid_of(p: &Proc, sup: Pid, id: &'static str) -> Option<Pid> {
    let Term::List(items) = supervisor::which_children(p, &sref(sup)).await else {
        panic!()
    };
    items.iter().find_map(|it| match it.as_tuple() {
        Some([cid, Term::Pid(c), _, _]) if cid.is_atom(id) => Some(*c),
        _ => None,
    })
}

fn restarts(r: &Run) -> usize {
    r.model_events(ModelEventKind::SupRestart).len()
}

// ----- §4.1 child specification ---------------------------------------------------------

#[test]
fn s4_1_child_spec_defaults() {
    let w = spec("a", Opts::new());
    assert_eq!(w.id, a("a"));
    assert_eq!(w.restart, Restart::Permanent);
    assert_eq!(w.shutdown, ShutdownSpec::Ms(5000));
    assert_eq!(w.kind, ChildType::Worker);
    assert_eq!(w.modules, list([module("W")]), "modules default to [m]");
    let s = supervisor::child_spec(a("inner"), vec![], Flags::new(Strategy::OneForOne));
    assert_eq!(s.restart, Restart::Permanent);
    assert_eq!(s.shutdown, ShutdownSpec::Infinity, "supervisor ⇒ :infinity");
    assert_eq!(s.kind, ChildType::Supervisor);
    assert_eq!(s.modules, list([module("Supervisor")]));
    let t = ChildSpec::task(a("t"), |_| async { a("ok") });
    assert_eq!(
        t.restart,
        Restart::Temporary,
        "Task overrides to :temporary"
    );
    assert_eq!(t.modules, list([module("Task")]));
    // Supervisor flags: Elixir's Supervisor.init/2 defaults (§4.1).
    let f = Flags::new(Strategy::OneForOne);
    assert_eq!((f.max_restarts, f.max_seconds), (3, 5));
    let d = dynamic_supervisor::Options::default();
    assert_eq!((d.max_restarts, d.max_seconds), (3, 5));
    assert_eq!(d.max_children, None);
    assert!(d.extra_arguments.is_empty());
}

#[test]
fn s4_1_which_children_shows_spec_fields() {
    seeds(SEEDS, |p| async move {
        let inner = supervisor::child_spec(a("inner"), vec![], Flags::new(Strategy::OneForOne));
        let sup = start_sup(
            &p,
            vec![spec("a", Opts::new()), inner],
            Flags::new(Strategy::OneForOne),
        )
        .await;
        let wc = supervisor::which_children(&p, &sref(sup)).await;
        let (pa, pi) = (pid_of(&p, sup, "a").await, pid_of(&p, sup, "inner").await);
        assert_eq!(
            wc,
            list([
                tup([
                    a("inner"),
                    pid(pi),
                    a("supervisor"),
                    list([module("Supervisor")])
                ]),
                tup([a("a"), pid(pa), a("worker"), list([module("W")])]),
            ])
        );
        Term::nil()
    });
}

/// Probe p1 "duplicate ids": `{:error, {:start_spec, {:duplicate_child_name, :a}}}` and
/// `[EXIT: {:start_spec, {:duplicate_child_name, :a}}]`; no child is started (the spec
/// check runs before any start).
#[test]
fn s4_1_duplicate_child_ids_fail_the_start() {
    let rs = seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let me = p.pid();
        let o = Opts::new().log(me);
        let r = supervisor::start_link(
            &p,
            vec![spec("a", o.clone()), spec("a", o)],
            Flags::new(Strategy::OneForOne),
            None,
        )
        .await;
        let reason = tup([a("start_spec"), tup([a("duplicate_child_name"), a("a")])]);
        assert_eq!(r.to_term(), error(reason.clone()));
        p.sleep(50).await;
        assert_eq!(ids(&flush(&p).await), vec![exit_(reason)]);
        Term::nil()
    });
    for r in rs {
        assert!(r.w_log().is_empty(), "{}", r.ctx());
    }
}

// ----- §4.2 restart decision ------------------------------------------------------------

fn reasons() -> Vec<Term> {
    vec![
        a("normal"),
        a("shutdown"),
        shutdown_tuple(a("x")),
        a("boom"),
    ]
}

/// Row `:permanent`: restart for every reason, `:normal` included.
#[test]
fn s4_2_permanent_child_restarted_for_every_reason() {
    for reason in reasons() {
        let r2 = reason.clone();
        let rs = seeds(SEEDS, move |p| {
            let reason = r2.clone();
            async move {
                let me = p.pid();
                let sup = start_sup(
                    &p,
                    vec![spec("a", Opts::new().log(me))],
                    flags(Strategy::OneForOne, 1, 5),
                )
                .await;
                let before = pid_of(&p, sup, "a").await;
                mark(&p, a("crash"));
                cast_exit(&p, before, reason.clone()).await;
                p.sleep(50).await;
                let now = pid_of(&p, sup, "a").await;
                assert_ne!(before, now, "restarted after {reason}");
                assert!(p.is_alive(sup));
                mark(&p, a("end"));
                Term::nil()
            }
        });
        for r in rs {
            assert_eq!(
                after(&r.w_log(), &a("crash")),
                vec![term("a", reason.clone()), start("a")],
                "{}",
                r.ctx()
            );
            assert_eq!(restarts(&r), 1, "one intensity use; {}", r.ctx());
        }
    }
}

/// Row `:transient`: probe e4 "transient child exits :normal/:shutdown/{:shutdown,_}" ⇒
/// `{[{:term, :a, :normal}, {:term, :b, :shutdown}, {:term, :c, {:shutdown, :x}}],
/// [{:c, :undefined, :worker, [W]}, {:b, :undefined, :worker, [W]}, {:a, :undefined, :worker,
/// [W]}], true}` with `max_restarts: 0` (no intensity used); anything else ⇒ restart.
#[test]
fn s4_2_transient_child_dropped_on_normalish_restarted_otherwise() {
    let rs = seeds(SEEDS, |p| async move {
        let me = p.pid();
        let t = |id| spec(id, Opts::new().log(me)).restart(Restart::Transient);
        let sup = start_sup(
            &p,
            vec![t("a"), t("b"), t("c")],
            flags(Strategy::OneForOne, 0, 5),
        )
        .await;
        p.sleep(10).await;
        flush(&p).await;
        crash(&p, sup, "a", a("normal")).await;
        crash(&p, sup, "b", a("shutdown")).await;
        crash(&p, sup, "c", shutdown_tuple(a("x"))).await;
        p.sleep(100).await;
        assert_eq!(
            sorted(ids(&flush(&p).await)),
            sorted(vec![
                term("a", a("normal")),
                term("b", a("shutdown")),
                term("c", shutdown_tuple(a("x"))),
            ])
        );
        let u = |id| tup([a(id), a("undefined"), a("worker"), list([module("W")])]);
        assert_eq!(
            supervisor::which_children(&p, &sref(sup)).await,
            list([u("c"), u("b"), u("a")])
        );
        assert!(p.is_alive(sup));
        Term::nil()
    });
    for r in rs {
        assert_eq!(restarts(&r), 0, "{}", r.ctx());
    }
    // ... and an abnormal exit restarts it.
    seeds(SEEDS, |p| async move {
        let t = spec("a", Opts::new()).restart(Restart::Transient);
        let sup = start_sup(&p, vec![t], flags(Strategy::OneForOne, 1, 5)).await;
        let before = pid_of(&p, sup, "a").await;
        cast_exit(&p, before, a("boom")).await;
        p.sleep(50).await;
        assert_ne!(pid_of(&p, sup, "a").await, before);
        Term::nil()
    });
}

/// Row `:temporary`: probe e4 "temporary child crash: removed from specs" ⇒
/// `{[{:term, :a, :boom}], [], %{active: 0, specs: 0, supervisors: 0, workers: 0}, true}`
/// — for every reason, never restarted, no intensity use (`max_restarts: 0`).
#[test]
fn s4_2_temporary_child_removed_for_every_reason() {
    for reason in reasons() {
        let rs = seeds(SEEDS, move |p| {
            let reason = reason.clone();
            async move {
                let me = p.pid();
                let t = spec("a", Opts::new().log(me)).restart(Restart::Temporary);
                let sup = start_sup(&p, vec![t], flags(Strategy::OneForOne, 0, 5)).await;
                p.sleep(10).await;
                flush(&p).await;
                crash(&p, sup, "a", reason.clone()).await;
                p.sleep(100).await;
                assert_eq!(ids(&flush(&p).await), vec![term("a", reason)]);
                assert_eq!(supervisor::which_children(&p, &sref(sup)).await, list([]));
                assert_eq!(
                    supervisor::count_children(&p, &sref(sup)).await,
                    counts(0, 0, 0, 0)
                );
                assert!(p.is_alive(sup));
                Term::nil()
            }
        });
        for r in rs {
            assert_eq!(restarts(&r), 0, "{}", r.ctx());
        }
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

// ----- §4.3 strategies ------------------------------------------------------------------

/// Runs probe e4's strategy scenario: a, b, c (trapping, logging); b crashes with `:boom`.
/// Returns the log after the crash, in execution order, for every seed.
fn strategy_run(strategy: Strategy, a_restart: Restart) -> Vec<(Vec<Term>, Run)> {
    let rs = seeds(SEEDS, move |p| async move {
        let me = p.pid();
        let mut children = abc(me);
        children[0] = children[0].clone().restart(a_restart);
        let sup = start_sup(&p, children, Flags::new(strategy)).await;
        let pa = pid_of(&p, sup, "a").await;
        p.sleep(10).await;
        flush(&p).await;
        mark(&p, a("crash"));
        crash(&p, sup, "b", a("boom")).await;
        p.sleep(50).await;
        let got = ids(&flush(&p).await);
        let wc = supervisor::which_children(&p, &sref(sup)).await;
        let a_now = try_pid_of(&p, sup, "a").await;
        mark(&p, a("end"));
        tup([
            list(got),
            wc,
            a(match a_now {
                Some(x) if x == pa => "a_same",
                Some(_) => "a_new",
                None => "a_gone",
            }),
        ])
    });
    rs.into_iter()
        .map(|r| (after(&r.w_log(), &a("crash")), r))
        .collect()
}

/// Probe e4 "one_for_one restart" ⇒ `[{:term, :b, :boom}, {:start, :b}]`.
#[test]
fn s4_3_one_for_one_sequence() {
    for (log, r) in strategy_run(Strategy::OneForOne, Restart::Permanent) {
        let expect = vec![term("b", a("boom")), start("b")];
        assert_eq!(log, expect, "{}", r.ctx());
        let v = r.value.as_tuple().unwrap().to_vec();
        assert_eq!(
            v[0].clone().pipe_sorted(),
            list(sorted(expect)),
            "{}",
            r.ctx()
        );
        assert_eq!(v[2], a("a_same"));
        assert_eq!(restarts(&r), 1);
    }
}

/// Probe e4 "one_for_all restart" ⇒ `[{:term, :b, :boom}, {:term, :c, :shutdown},
/// {:term, :a, :shutdown}, {:start, :a}, {:start, :b}, {:start, :c}]`.
#[test]
fn s4_3_one_for_all_sequence() {
    for (log, r) in strategy_run(Strategy::OneForAll, Restart::Permanent) {
        let expect = vec![
            term("b", a("boom")),
            term("c", a("shutdown")),
            term("a", a("shutdown")),
            start("a"),
            start("b"),
            start("c"),
        ];
        assert_eq!(log, expect, "{}", r.ctx());
        let v = r.value.as_tuple().unwrap().to_vec();
        assert_eq!(
            v[0].clone().pipe_sorted(),
            list(sorted(expect)),
            "{}",
            r.ctx()
        );
        assert_eq!(v[2], a("a_new"));
        assert_eq!(restarts(&r), 1, "one exit = one restart; {}", r.ctx());
    }
}

/// Probe e4 "rest_for_one restart" ⇒ `[{:term, :b, :boom}, {:term, :c, :shutdown},
/// {:start, :b}, {:start, :c}]`; a untouched.
#[test]
fn s4_3_rest_for_one_sequence() {
    for (log, r) in strategy_run(Strategy::RestForOne, Restart::Permanent) {
        let expect = vec![
            term("b", a("boom")),
            term("c", a("shutdown")),
            start("b"),
            start("c"),
        ];
        assert_eq!(log, expect, "{}", r.ctx());
        let v = r.value.as_tuple().unwrap().to_vec();
        assert_eq!(
            v[0].clone().pipe_sorted(),
            list(sorted(expect)),
            "{}",
            r.ctx()
        );
        assert_eq!(v[2], a("a_same"));
        assert_eq!(restarts(&r), 1);
    }
}

/// Probe e4 "one_for_all with temporary sibling" ⇒ `{[{:term, :b, :boom}, {:term, :c,
/// :shutdown}, {:term, :a, :shutdown}, {:start, :b}, {:start, :c}], [:c, :b]}`.
#[test]
fn s4_3_temporary_sibling_terminated_and_removed() {
    for (log, r) in strategy_run(Strategy::OneForAll, Restart::Temporary) {
        assert_eq!(
            log,
            vec![
                term("b", a("boom")),
                term("c", a("shutdown")),
                term("a", a("shutdown")),
                start("b"),
                start("c"),
            ],
            "{}",
            r.ctx()
        );
        let v = r.value.as_tuple().unwrap().to_vec();
        let Term::List(wc) = &v[1] else { panic!() };
        let wids: Vec<Term> = wc
            .iter()
            .map(|c| c.as_tuple().unwrap()[0].clone())
            .collect();
        assert_eq!(wids, vec![a("c"), a("b")], "{}", r.ctx());
    }
}

/// "One triggering exit = one restart for intensity purposes, however many siblings are
/// cycled", and the siblings' EXITs caused by the supervisor are flushed: with
/// `max_restarts: 1` a one_for_all cycle of three children survives; a second crash inside
/// the window then gives up.
#[test]
fn s4_3_one_exit_counts_once_and_sibling_exits_are_flushed() {
    let rs = seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let me = p.pid();
        let sup = start_sup(&p, abc(me), flags(Strategy::OneForAll, 1, 5)).await;
        crash(&p, sup, "b", a("boom")).await;
        p.sleep(50).await;
        assert!(p.is_alive(sup), "3 children cycled, 1 restart counted");
        mark(&p, a("second"));
        crash(&p, sup, "a", a("boom")).await;
        p.sleep(50).await;
        let exits: Vec<Term> = flush(&p)
            .await
            .into_iter()
            .filter(|m| m.is_tagged("EXIT", 3))
            .collect();
        assert_eq!(exits, vec![exit_msg(sup, a("shutdown"))]);
        Term::nil()
    });
    for r in rs {
        assert_eq!(restarts(&r), 1, "{}", r.ctx());
        assert_eq!(r.model_events(ModelEventKind::SupGiveUp), vec![a("a")]);
        // After giving up: a removed from the running set, then c, b terminated.
        assert_eq!(
            after(&r.w_log(), &a("second")),
            vec![
                term("a", a("boom")),
                term("c", a("shutdown")),
                term("b", a("shutdown")),
            ],
            "{}",
            r.ctx()
        );
    }
}

/// "If a sibling had already crashed on its own before the supervisor got to it, its real
/// reason is taken from the queued EXIT and only logged as shutdown_error" — and that EXIT
/// does not cause a second restart. The supervisor is kept busy (terminating a slow child)
/// while b and c both crash, so both EXITs are queued when it gets to them.
#[test]
fn s4_3_sibling_already_dead_real_reason_from_queued_exit() {
    let rs = seeds(SEEDS, |p| async move {
        let me = p.pid();
        let mut children = abc(me);
        children.push(spec("d", Opts::new().trap().slow_terminate(100)));
        let sup = start_sup(&p, children, flags(Strategy::OneForAll, 1, 5)).await;
        let (pb, pc) = (pid_of(&p, sup, "b").await, pid_of(&p, sup, "c").await);
        // The supervisor is busy until t+100 terminating d.
        let busy = p
            .spawn(move |q| async move {
                supervisor::terminate_child(&q, &ServerRef::Pid(sup), a("d")).await;
            })
            .await;
        p.sleep(10).await;
        cast_exit(&p, pb, a("boom")).await;
        cast_exit(&p, pc, a("bang")).await;
        p.sleep(200).await;
        let _ = busy;
        assert!(p.is_alive(sup));
        for id in ["a", "b", "c"] {
            pid_of(&p, sup, id).await;
        }
        Term::nil()
    });
    for r in rs {
        assert_eq!(restarts(&r), 1, "{}", r.ctx());
        let errs = r.model_events(ModelEventKind::SupShutdownError);
        let first = r.model_events(ModelEventKind::SupExit);
        // The exit the supervisor handled is b's or c's; the other is the shutdown_error.
        assert_eq!(first.len(), 1, "{}", r.ctx());
        let handled = first[0].as_tuple().unwrap()[0].clone();
        let expect = if handled == a("b") {
            tup([a("c"), a("bang")])
        } else {
            tup([a("b"), a("boom")])
        };
        assert_eq!(errs, vec![expect], "{}", r.ctx());
    }
}

trait PipeSorted {
    fn pipe_sorted(self) -> Term;
}
impl PipeSorted for Term {
    fn pipe_sorted(self) -> Term {
        match self {
            Term::List(v) => list(sorted(v.into_vec())),
            t => t,
        }
    }
}

// ----- §4.4 shutdown protocol -----------------------------------------------------------

/// `terminate_child` of a child with these options and shutdown; returns the W log,
/// the DOWN reason seen by a monitor, and how long `terminate_child` took.
fn shutdown_run(opts: fn(Pid) -> Opts, shutdown: ShutdownSpec) -> Vec<Run> {
    seeds(SEEDS, move |p| async move {
        let me = p.pid();
        let sup = start_sup(
            &p,
            vec![spec("a", opts(me)).shutdown(shutdown)],
            Flags::new(Strategy::OneForOne),
        )
        .await;
        let child = pid_of(&p, sup, "a").await;
        let mref = p.monitor(child).await;
        let t0 = p.now_ms();
        let r = supervisor::terminate_child(&p, &sref(sup), a("a")).await;
        let took = p.now_ms() - t0;
        assert_eq!(r, a("ok"));
        // The child's DOWN to us and the supervisor's reply come from different processes:
        // no order between them (§1.8), but no time passes either.
        let d = recv(&p, 1000, move |m| {
            down_of(m).is_some() && m.as_tuple().unwrap()[1] == Term::Ref(mref)
        })
        .await
        .expect("DOWN");
        assert_eq!(p.now_ms() - t0, took);
        p.sleep(10).await;
        tup([down_of(&d).unwrap().1, int(took as i64)])
    })
}

/// Probe e4 "non-trapping child on supervisor shutdown" ⇒ `[start: :a, DOWN: :shutdown]`:
/// dies at once (0 ms), `terminate/2` not called.
#[test]
fn s4_4_non_trapping_child_dies_at_once_without_terminate() {
    for r in shutdown_run(|me| Opts::new().log(me), ShutdownSpec::Ms(5000)) {
        assert_eq!(r.value, tup([a("shutdown"), int(0)]), "{}", r.ctx());
        assert_eq!(r.w_log(), vec![start("a")], "{}", r.ctx());
        assert!(r.model_events(ModelEventKind::SupShutdownError).is_empty());
    }
}

/// Probe e4 "trapping child ignoring EXIT" ⇒ `[{:start, :a}, {:term, :a, :shutdown},
/// {:DOWN, :shutdown}]`: the parent's EXIT goes straight to `terminate(:shutdown)` (never
/// `handle_info`, so `ignore_exit` does not matter).
#[test]
fn s4_4_trapping_gen_server_gets_terminate_shutdown() {
    for opts in [(|me| Opts::new().log(me).trap()) as fn(Pid) -> Opts, |me| {
        Opts::new().log(me).trap().ignore_exit()
    }] {
        for r in shutdown_run(opts, ShutdownSpec::Ms(100)) {
            assert_eq!(r.value, tup([a("shutdown"), int(0)]), "{}", r.ctx());
            assert_eq!(
                r.w_log(),
                vec![start("a"), term("a", a("shutdown"))],
                "{}",
                r.ctx()
            );
        }
    }
}

/// Probe e5 "slow terminate gets killed (shutdown: 100)" ⇒ `{[{:start, :a}, {:term, :a,
/// :shutdown}, {:DOWN, :killed}], 101}`: killed at exactly +100 ms here; a `shutdown_error`
/// with `:killed` is reported.
#[test]
fn s4_4_slow_terminate_killed_at_exactly_the_timeout() {
    for r in shutdown_run(
        |me| Opts::new().log(me).trap().slow_terminate(1000),
        ShutdownSpec::Ms(100),
    ) {
        assert_eq!(r.value, tup([a("killed"), int(100)]), "{}", r.ctx());
        assert_eq!(r.w_log(), vec![start("a"), term("a", a("shutdown"))]);
        assert_eq!(r.model_events(ModelEventKind::SupKill).len(), 1);
        assert_eq!(
            r.model_events(ModelEventKind::SupShutdownError),
            vec![tup([a("a"), a("killed")])]
        );
    }
}

/// Probe e4 "shutdown :brutal_kill on trapping child" ⇒ `[start: :a, DOWN: :killed]`.
#[test]
fn s4_4_brutal_kill_gives_killed_without_terminate() {
    for r in shutdown_run(
        |me| Opts::new().log(me).trap().slow_terminate(1000),
        ShutdownSpec::BrutalKill,
    ) {
        assert_eq!(r.value, tup([a("killed"), int(0)]), "{}", r.ctx());
        assert_eq!(r.w_log(), vec![start("a")]);
        assert!(r.model_events(ModelEventKind::SupShutdownError).is_empty());
    }
}

/// `:infinity`: the supervisor waits as long as `terminate/2` takes.
#[test]
fn s4_4_infinity_waits_for_terminate() {
    for r in shutdown_run(
        |me| Opts::new().log(me).trap().slow_terminate(7000),
        ShutdownSpec::Infinity,
    ) {
        assert_eq!(r.value, tup([a("shutdown"), int(7000)]), "{}", r.ctx());
        assert_eq!(r.w_log(), vec![start("a"), term("a", a("shutdown"))]);
    }
}

// ----- §4.5 termination order and concurrency -------------------------------------------

/// Probe e5 "Supervisor stop: sequential" ⇒ `{[{:term, :c, :shutdown}, {:term, :b,
/// :shutdown}, {:term, :a, :shutdown}], 303}`. In virtual time each terminate takes exactly
/// 100 ms and nothing else takes time: 300 ms, the three terminates at +0, +100, +200.
#[test]
fn s4_5_static_shutdown_is_sequential_in_reverse_start_order() {
    let rs = seeds(SEEDS, |p| async move {
        let me = p.pid();
        let o = Opts::new().log(me).trap().slow_terminate(100);
        let sup = start_sup(
            &p,
            vec![spec("a", o.clone()), spec("b", o.clone()), spec("c", o)],
            Flags::new(Strategy::OneForOne),
        )
        .await;
        p.sleep(10).await;
        flush(&p).await;
        mark(&p, a("stop"));
        let t0 = p.now_ms();
        assert_eq!(supervisor::stop(&p, sup, a("normal")).await, a("ok"));
        int((p.now_ms() - t0) as i64)
    });
    for r in rs {
        assert_eq!(r.value, int(300), "{}", r.ctx());
        assert_eq!(
            after(&r.w_log(), &a("stop")),
            vec![
                term("c", a("shutdown")),
                term("b", a("shutdown")),
                term("a", a("shutdown")),
            ],
            "{}",
            r.ctx()
        );
        let times: Vec<u64> = r
            .user_events_timed(W_LOG)
            .into_iter()
            .filter(|(_, d)| d.is_tagged("terminate", 3))
            .map(|(t, _)| t)
            .collect();
        assert_eq!(times, vec![10, 110, 210], "{}", r.ctx());
    }
}

/// Probe e5 "DynamicSupervisor terminate on shutdown: concurrent" ⇒ `{[{:term, :a,
/// :shutdown}, {:term, :b, :shutdown}, {:term, :c, :shutdown}, {:EXIT, :normal}], 101}`: all
/// three are signalled at once; 100 ms in virtual time.
#[test]
fn s4_5_dynamic_shutdown_is_concurrent() {
    let rs = seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let me = p.pid();
        let StartResult::Ok(sup) =
            dynamic_supervisor::start_link(&p, dynamic_supervisor::Options::default(), None).await
        else {
            panic!()
        };
        for id in ["a", "b", "c"] {
            let o = Opts::new().log(me).trap().slow_terminate(100);
            let r = dynamic_supervisor::start_child(&p, &sref(sup), spec(id, o)).await;
            assert!(r.is_tagged("ok", 2), "{r}");
        }
        p.sleep(10).await;
        flush(&p).await;
        let t0 = p.now_ms();
        assert_eq!(
            dynamic_supervisor::stop(&p, sup, a("normal")).await,
            a("ok")
        );
        let took = p.now_ms() - t0;
        p.sleep(10).await;
        assert_eq!(
            sorted(ids(&flush(&p).await)),
            sorted(vec![
                term("a", a("shutdown")),
                term("b", a("shutdown")),
                term("c", a("shutdown")),
                exit_(a("normal")),
            ])
        );
        int(took as i64)
    });
    for r in rs {
        assert_eq!(r.value, int(100), "{}", r.ctx());
        let times: Vec<u64> = r
            .user_events_timed(W_LOG)
            .into_iter()
            .filter(|(_, d)| d.is_tagged("terminate", 3))
            .map(|(t, _)| t)
            .collect();
        assert_eq!(times, vec![10, 10, 10], "{}", r.ctx());
    }
}

// ----- §4.6 restart intensity -----------------------------------------------------------

/// Probe e5 "intensity full" (a, b, c; b crashes 4 times 30 ms apart): b restarted 3 times,
/// the 4th crash trips, c and a are terminated, the trapping parent gets `{:EXIT, sup,
/// :shutdown}`.
#[test]
fn s4_6_fourth_restart_inside_the_window_gives_up() {
    let rs = seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let me = p.pid();
        let sup = start_sup(&p, abc(me), Flags::new(Strategy::OneForOne)).await;
        p.sleep(10).await;
        flush(&p).await;
        mark(&p, a("go"));
        for i in 1..=4 {
            crash(&p, sup, "b", tup([a("crash"), int(i)])).await;
            p.sleep(30).await;
        }
        p.sleep(100).await;
        let got = ids(&flush(&p).await);
        mark(&p, a("end"));
        list(got)
    });
    for r in rs {
        let c = |i| tup([a("crash"), int(i)]);
        let expect = vec![
            term("b", c(1)),
            start("b"),
            term("b", c(2)),
            start("b"),
            term("b", c(3)),
            start("b"),
            term("b", c(4)),
            term("c", a("shutdown")),
            term("a", a("shutdown")),
        ];
        let log = after(&r.w_log(), &a("go"));
        assert_eq!(log, expect, "{}", r.ctx());
        let mut all = expect.clone();
        all.push(exit_(a("shutdown")));
        assert_eq!(
            r.value.clone().pipe_sorted(),
            list(sorted(all)),
            "{}",
            r.ctx()
        );
        assert_eq!(restarts(&r), 3);
        assert_eq!(r.model_events(ModelEventKind::SupGiveUp), vec![a("b")]);
    }
}

/// Probe e4 "max_restarts 0 -> first crash shuts down" ⇒ `[{:term, :a, :boom}, {:term, :b,
/// :shutdown}, {:EXIT, :shutdown}]`.
#[test]
fn s4_6_max_restarts_zero_gives_up_on_the_first_crash() {
    let rs = seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let me = p.pid();
        let o = Opts::new().log(me).trap();
        let sup = start_sup(
            &p,
            vec![spec("a", o.clone()), spec("b", o)],
            flags(Strategy::OneForOne, 0, 5),
        )
        .await;
        p.sleep(10).await;
        flush(&p).await;
        mark(&p, a("go"));
        crash(&p, sup, "a", a("boom")).await;
        let m = recv(&p, 100, move |m| m.is_tagged("EXIT", 3)).await;
        assert_eq!(m, Some(exit_msg(sup, a("shutdown"))));
        mark(&p, a("exit"));
        p.sleep(10).await;
        Term::nil()
    });
    for r in rs {
        assert_eq!(
            after(&r.w_log(), &a("go")),
            vec![term("a", a("boom")), term("b", a("shutdown")), a("exit")],
            "{}",
            r.ctx()
        );
    }
}

/// Two crashes of a permanent child at virtual times `t1` and `t2`, `max_restarts: 1,
/// max_seconds: 1`; returns whether the supervisor survived (and checks the EXIT otherwise).
fn two_crashes(dynamic: bool, t1: u64, t2: u64, seed: u64) -> bool {
    let r = run(seed, move |p| async move {
        p.trap_exit(true);
        let sup = if dynamic {
            let opts = dynamic_supervisor::Options {
                max_restarts: 1,
                max_seconds: 1,
                ..Default::default()
            };
            let StartResult::Ok(s) = dynamic_supervisor::start_link(&p, opts, None).await else {
                panic!()
            };
            dynamic_supervisor::start_child(&p, &sref(s), spec("a", Opts::new())).await;
            s
        } else {
            start_sup(
                &p,
                vec![spec("a", Opts::new())],
                flags(Strategy::OneForOne, 1, 1),
            )
            .await
        };
        let child = |p: Proc| async move {
            let wc = if dynamic {
                dynamic_supervisor::which_children(&p, &sref(sup)).await
            } else {
                supervisor::which_children(&p, &sref(sup)).await
            };
            let Term::List(v) = wc else { panic!() };
            v.first().unwrap().as_tuple().unwrap()[1]
                .as_pid()
                .expect("running")
        };
        p.sleep(t1).await;
        let c = child(p.clone()).await;
        cast_exit(&p, c, a("boom")).await;
        p.sleep(t2 - t1).await;
        let c = child(p.clone()).await;
        cast_exit(&p, c, a("boom")).await;
        p.sleep(50).await;
        let alive = p.is_alive(sup);
        let exits: Vec<Term> = flush(&p)
            .await
            .into_iter()
            .filter(|m| m.is_tagged("EXIT", 3))
            .collect();
        if alive {
            assert!(exits.is_empty(), "{exits:?}");
        } else {
            assert_eq!(exits, vec![exit_msg(sup, a("shutdown"))]);
        }
        Term::bool(alive)
    });
    r.value == Term::bool(true)
}

/// Probe e5 "boundary: max_restarts 1, max_seconds 1, crashes 1005ms apart" ⇒ stamps differ
/// by 1, gave up; "2100ms apart" ⇒ survived. Stamps are `floor(ms / 1000)`, window
/// inclusive, so what counts is the second boundaries, not the distance: 1001 ms apart can
/// survive (999 → 2000: stamps 0, 2) and 1999 ms apart can give up (0 → 1999: stamps 0, 1).
#[test]
fn s4_6_window_is_whole_seconds_inclusive() {
    let table: [(u64, u64, bool); 8] = [
        (0, 1005, false),
        (0, 2100, true),
        (999, 2000, true),
        (0, 1999, false),
        (1000, 1999, false),
        (1000, 2000, false),
        (1000, 2999, false),
        (1999, 3000, true),
    ];
    for dynamic in [false, true] {
        for (t1, t2, survives) in table {
            each_seed(10, |seed| {
                assert_eq!(
                    two_crashes(dynamic, t1, t2, seed),
                    survives,
                    "dynamic={dynamic} crashes at {t1} and {t2} ms, seed {seed}"
                );
            });
        }
    }
}

/// "The list is only pruned when a new attempt is recorded": with 3 in 5 s, crashes at 0,
/// 1000, 2000 fill the window; at 6000 (stamp 6, threshold 1) the stamp 0 falls out and the
/// supervisor survives; a crash at 6500 then trips (stamps 6, 6, 2, 1 ⇒ 4 > 3).
#[test]
fn s4_6_old_restarts_fall_out_of_the_window() {
    run(3, |p| async move {
        p.trap_exit(true);
        let sup = start_sup(
            &p,
            vec![spec("a", Opts::new())],
            Flags::new(Strategy::OneForOne),
        )
        .await;
        let mut last = 0;
        for (t, alive_after) in [
            (0, true),
            (1000, true),
            (2000, true),
            (6000, true),
            (6500, false),
        ] {
            p.sleep(t - last).await;
            last = t;
            crash(&p, sup, "a", a("boom")).await;
            p.sleep(1).await;
            last += 1;
            assert_eq!(p.is_alive(sup), alive_after, "after the crash at {t}");
        }
        Term::nil()
    });
}

// ----- §4.7 giving up -------------------------------------------------------------------

/// Parent table, row "non-trapping linked process": probe e4 "supervisor gives up;
/// NON-trapping linked parent dies with" ⇒ `:shutdown` (not `:normal`).
#[test]
fn s4_7_non_trapping_parent_killed_with_shutdown() {
    seeds(SEEDS, |p| async move {
        let (mid, mref) = p
            .spawn_monitor(|m| async move {
                let sup = start_sup(
                    &m,
                    vec![spec("a", Opts::new())],
                    flags(Strategy::OneForOne, 0, 5),
                )
                .await;
                crash(&m, sup, "a", a("boom")).await;
                m.sleep(100).await;
            })
            .await;
        let d = recv(&p, 1000, |m| down_of(m).is_some()).await.unwrap();
        assert_eq!(
            d,
            tup([
                a("DOWN"),
                Term::Ref(mref),
                a("process"),
                pid(mid),
                a("shutdown")
            ])
        );
        Term::nil()
    });
}

/// Parent table, row "a parent supervisor, child spec `:permanent`": probe e5 "nested:
/// child sup gives up -> parent restarts it" ⇒ `{true, [{:term, :w, :boom}, {:start, :w}]}`;
/// and it counts toward the parent's intensity (probe p2 "nested permanent inner counted by
/// parent", `max_restarts: 1`) ⇒ `{false, [{:start, :w}, {:term, :w, :boom}, {:start, :w},
/// {:term, :w, :boom}, {:EXIT, :shutdown}]}`.
#[test]
fn s4_7_nested_permanent_supervisor_restarted_and_counted_by_parent() {
    let rs = seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let me = p.pid();
        let inner = supervisor::child_spec(
            a("inner"),
            vec![spec("w", Opts::new().log(me))],
            flags(Strategy::OneForOne, 0, 5),
        );
        let top = start_sup(&p, vec![inner], flags(Strategy::OneForOne, 1, 5)).await;
        let i1 = pid_of(&p, top, "inner").await;
        crash(&p, i1, "w", a("boom")).await;
        p.sleep(50).await;
        let i2 = pid_of(&p, top, "inner").await;
        assert_ne!(i1, i2, "the inner supervisor was restarted");
        crash(&p, i2, "w", a("boom")).await;
        p.sleep(100).await;
        assert!(!p.is_alive(top));
        let got = ids(&flush(&p).await);
        mark(&p, exit_(a("shutdown")));
        list(got)
    });
    let expect = vec![
        start("w"),
        term("w", a("boom")),
        start("w"),
        term("w", a("boom")),
        exit_(a("shutdown")),
    ];
    for r in rs {
        assert_eq!(r.w_log(), expect, "{}", r.ctx());
        assert_eq!(
            r.value.clone().pipe_sorted(),
            list(sorted(expect.clone())),
            "{}",
            r.ctx()
        );
    }
}

/// Parent table, rows `:transient` and `:temporary`: probe p2 "nested transient inner not
/// restarted" ⇒ `{[{:inner, :undefined, :supervisor, [Supervisor]}], true, [{:term, :w,
/// :boom}]}`; a temporary one is removed.
#[test]
fn s4_7_nested_transient_supervisor_not_restarted_temporary_removed() {
    for (restart, expect_wc) in [
        (
            Restart::Transient,
            list([tup([
                a("inner"),
                a("undefined"),
                a("supervisor"),
                list([module("Supervisor")]),
            ])]),
        ),
        (Restart::Temporary, list([])),
    ] {
        seeds(SEEDS, move |p| {
            let expect_wc = expect_wc.clone();
            async move {
                let me = p.pid();
                let inner = supervisor::child_spec(
                    a("inner"),
                    vec![spec("w", Opts::new().log(me))],
                    flags(Strategy::OneForOne, 0, 5),
                )
                .restart(restart);
                let top = start_sup(&p, vec![inner], flags(Strategy::OneForOne, 0, 5)).await;
                p.sleep(10).await;
                flush(&p).await;
                let i = pid_of(&p, top, "inner").await;
                crash(&p, i, "w", a("boom")).await;
                p.sleep(100).await;
                assert_eq!(supervisor::which_children(&p, &sref(top)).await, expect_wc);
                assert!(p.is_alive(top));
                assert_eq!(ids(&flush(&p).await), vec![term("w", a("boom"))]);
                Term::nil()
            }
        });
    }
}

/// "`Supervisor.stop(sup)` ⇒ `:ok`, exit reason `:normal` (`stop(sup, r)` ⇒ `r`)": probe e5
/// "Supervisor.stop with reason returns and parent?" ⇒ `{:ok, [EXIT: :normal]}`.
#[test]
fn s4_7_supervisor_stop_exits_with_the_given_reason() {
    for reason in [a("normal"), a("bye")] {
        seeds(SEEDS, move |p| {
            let reason = reason.clone();
            async move {
                p.trap_exit(true);
                let sup = start_sup(&p, vec![], Flags::new(Strategy::OneForOne)).await;
                assert_eq!(supervisor::stop(&p, sup, reason.clone()).await, a("ok"));
                p.sleep(1).await;
                assert_eq!(flush(&p).await, vec![exit_msg(sup, reason)]);
                Term::nil()
            }
        });
    }
}

// ----- §4.8 child start failures --------------------------------------------------------

/// (a) Probe e4 "init child start fails {:stop,:nope}: start_link result (trapping caller)"
/// ⇒ `{{:error, {:shutdown, {:failed_to_start_child, :b, :nope}}}, [{:start, :a}, {:start,
/// :b}, {:term, :a, :shutdown}, {:EXIT, {:shutdown, {...}}}]}`: the sequence stops at b, c is
/// never started, a is terminated, then the EXIT arrives.
#[test]
fn s4_8a_failed_child_stops_the_start_and_terminates_started_ones() {
    let rs = seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let me = p.pid();
        let r = supervisor::start_link(
            &p,
            vec![
                spec("a", Opts::new().log(me).trap()),
                spec("b", Opts::new().log(me).init(InitWith::Stop(a("nope")))),
                spec("c", Opts::new().log(me)),
            ],
            Flags::new(Strategy::OneForOne),
            None,
        )
        .await;
        mark(&p, a("returned"));
        let reason = shutdown_tuple(tup([a("failed_to_start_child"), a("b"), a("nope")]));
        assert_eq!(r.to_term(), error(reason.clone()));
        p.sleep(50).await;
        let got = ids(&flush(&p).await);
        assert_eq!(
            sorted(got),
            sorted(vec![
                start("a"),
                start("b"),
                term("a", a("shutdown")),
                exit_(reason),
            ])
        );
        Term::nil()
    });
    for r in rs {
        assert_eq!(
            r.w_log(),
            vec![
                start("a"),
                start("b"),
                term("a", a("shutdown")),
                a("returned")
            ],
            "{}",
            r.ctx()
        );
    }
}

/// (a) The `reason` table (Erlang `catch` semantics), probes e4/e5/p1: `{:error, r}` ⇒ `r`;
/// garbage ⇒ itself; raise ⇒ `{:EXIT, {exception, st}}`; `exit(r)` ⇒ `{:EXIT, r}`;
/// `throw(v)` ⇒ `v`; a GenServer whose `init` raises returns `{:error, {exception, st}}`
/// ⇒ `{exception, st}`, one whose `init` exits ⇒ `r`.
#[test]
fn s4_8a_start_failure_reason_table() {
    let cases: Vec<(ChildSpec, Term)> = vec![
        (raw_spec("bad", |_| async { error(a("nope")) }), a("nope")),
        (raw_spec("bad", |_| async { a("garbage") }), a("garbage")),
        (
            raw_spec("bad", |s| async move {
                s.raise(Term::runtime_error("boom")).await
            }),
            tup([a("EXIT"), raised("boom")]),
        ),
        (
            raw_spec("bad", |s| async move { s.exit(a("bye")).await }),
            tup([a("EXIT"), a("bye")]),
        ),
        (
            raw_spec("bad", |s| async move { s.throw(a("ball")).await }),
            a("ball"),
        ),
        (
            spec("bad", Opts::new().init(InitWith::Raise("boom"))),
            raised("boom"),
        ),
        (
            spec("bad", Opts::new().init(InitWith::Exit(a("bye")))),
            a("bye"),
        ),
    ];
    for (child, reason) in cases {
        seeds(10, move |p| {
            let (child, reason) = (child.clone(), reason.clone());
            async move {
                p.trap_exit(true);
                let r =
                    supervisor::start_link(&p, vec![child], Flags::new(Strategy::OneForOne), None)
                        .await;
                let full = shutdown_tuple(tup([a("failed_to_start_child"), a("bad"), reason]));
                assert_eq!(r.to_term(), error(full.clone()));
                let m = recv(&p, 100, |m| {
                    m.is_tagged("EXIT", 3) && id_of(m) == exit_(full.clone())
                })
                .await;
                assert!(
                    m.is_some(),
                    "EXIT {full} expected, got {:?}",
                    flush(&p).await
                );
                Term::nil()
            }
        });
    }
}

/// (a) `:ignore` is not a failure: probe e4 "init child start returns :ignore" ⇒ spec kept
/// with `:undefined`, a temporary one dropped; probe p1 (W whose init returns `:ignore`, and
/// `start_child` of such specs) ⇒ `{{:ok, :undefined}, {:ok, :undefined}, [{:c, :undefined,
/// :worker, [W]}, {:b, pid, :worker, [W]}, {:a, :undefined, :worker, [W]}], %{active: 1,
/// specs: 3, supervisors: 0, workers: 3}}`.
#[test]
fn s4_8a_ignore_keeps_the_spec_unless_temporary() {
    seeds(SEEDS, |p| async move {
        let ig = || Opts::new().init(InitWith::Ignore);
        let sup = start_sup(
            &p,
            vec![
                spec("a", ig()),
                spec("t", ig()).restart(Restart::Temporary),
                spec("b", Opts::new()),
            ],
            Flags::new(Strategy::OneForOne),
        )
        .await;
        let s = sref(sup);
        let r1 = supervisor::start_child(&p, &s, spec("c", ig())).await;
        let r2 = supervisor::start_child(&p, &s, spec("d", ig()).restart(Restart::Temporary)).await;
        assert_eq!(r1, ok(a("undefined")));
        assert_eq!(r2, ok(a("undefined")));
        let pb = pid_of(&p, sup, "b").await;
        let w = || list([module("W")]);
        assert_eq!(
            supervisor::which_children(&p, &s).await,
            list([
                tup([a("c"), a("undefined"), a("worker"), w()]),
                tup([a("b"), pid(pb), a("worker"), w()]),
                tup([a("a"), a("undefined"), a("worker"), w()]),
            ])
        );
        assert_eq!(supervisor::count_children(&p, &s).await, counts(1, 3, 0, 3));
        Term::nil()
    });
}

/// (a) Caller side on OTP 25: probe e4 "init child start fails: NON-trapping caller" ⇒ the
/// caller is killed with `{:shutdown, {:failed_to_start_child, :b, :nope}}`.
///
/// Whether `start_link` gets to *return* before the exit signal lands is a race: the
/// supervisor acks `{:error, ...}` and exits right after, and the kill is applied when the
/// signal arrives (§1.4). Probe p5 (500 runs on OTP 25.2.3): the caller never got to send
/// its result (`{false, reason}` 500/500) — unlike a plain GenServer, whose crash report
/// delays its exit (see `gen_server_init_stop_kills_non_trapping_caller`). The simulator
/// must allow both orders; whatever the order, a result that got out is the error tuple.
#[test]
fn s4_8a_non_trapping_caller_killed_by_failed_start_link() {
    let reason = shutdown_tuple(tup([a("failed_to_start_child"), a("b"), a("nope")]));
    let returned = killed_caller(reason.clone(), |m| async move {
        supervisor::start_link(
            &m,
            vec![spec("b", Opts::new().init(InitWith::Stop(a("nope"))))],
            Flags::new(Strategy::OneForOne),
            None,
        )
        .await
        .to_term()
    });
    assert!(
        returned < SEEDS,
        "the kill can land before start_link returns"
    );
}

/// Runs `start` in a non-trapping process for every seed: it must be killed with `reason`;
/// if it got to report the result of `start`, that result is `{:error, reason}`. Returns in
/// how many seeds it reported.
fn killed_caller<F, Fut>(reason: Term, start: F) -> u64
where
    F: Fn(Proc) -> Fut + Clone + 'static,
    Fut: std::future::Future<Output = Term> + 'static,
{
    let rs = seeds(SEEDS, move |p| {
        let (reason, start) = (reason.clone(), start.clone());
        async move {
            let me = p.pid();
            let (mid, _) = p
                .spawn_monitor(move |m| async move {
                    let r = start(m.clone()).await;
                    m.send(me, tup([a("got"), r])).await;
                    m.sleep(100).await;
                    m.send(me, a("survived")).await;
                })
                .await;
            let d = recv(&p, 1000, |m| down_of(m).is_some()).await.unwrap();
            assert_eq!(down_of(&d), Some((mid, reason.clone())));
            let got = flush(&p).await;
            match got.as_slice() {
                [] => Term::bool(false),
                [g] => {
                    assert_eq!(*g, tup([a("got"), error(reason)]));
                    Term::bool(true)
                }
                other => panic!("{other:?}"),
            }
        }
    });
    rs.iter().filter(|r| r.value == Term::bool(true)).count() as u64
}

/// (b) `Supervisor.start_child` results, probe e4 "Supervisor.start_child failing /
/// duplicate" ⇒ `{"{:error, {:nope, {:child, :undefined, ...}}}", :error, :already_started,
/// {:error, :already_present}, :ok, :running, {:error, :running}, {:error, :not_found}}` and
/// e5 "Supervisor.start_child failing full" ⇒ `{:error, {:nope, {:child, :undefined, :x, {W,
/// :start_link, ...}, :permanent, false, ...}}}`; plus `{:ok, pid, info}`. No intensity use,
/// the supervisor is unaffected.
#[test]
fn s4_8b_start_child_results() {
    let rs = seeds(SEEDS, |p| async move {
        let sup = start_sup(
            &p,
            vec![spec("a", Opts::new())],
            flags(Strategy::OneForOne, 0, 5),
        )
        .await;
        let s = sref(sup);
        let pa = pid_of(&p, sup, "a").await;
        let x_opts = Opts::new().init(InitWith::Stop(a("nope")));
        let r1 = supervisor::start_child(&p, &s, spec("x", x_opts.clone())).await;
        let record = tup([
            a("child"),
            a("undefined"),
            a("x"),
            tup([
                module("W"),
                a("start_link"),
                list([tup([a("x"), x_opts.to_term()])]),
            ]),
            a("permanent"),
            a("false"),
            int(5000),
            a("worker"),
            list([module("W")]),
        ]);
        assert_eq!(r1, error(tup([a("nope"), record])));
        let r2 = supervisor::start_child(&p, &s, spec("a", Opts::new())).await;
        assert_eq!(r2, error(tup([a("already_started"), pid(pa)])));
        assert_eq!(supervisor::terminate_child(&p, &s, a("a")).await, a("ok"));
        let r3 = supervisor::start_child(&p, &s, spec("a", Opts::new())).await;
        assert_eq!(r3, error(a("already_present")));
        let r4 = supervisor::restart_child(&p, &s, a("a")).await;
        let pa2 = pid_of(&p, sup, "a").await;
        assert_eq!(r4, ok(pid(pa2)));
        assert_eq!(
            supervisor::restart_child(&p, &s, a("a")).await,
            error(a("running"))
        );
        assert_eq!(
            supervisor::delete_child(&p, &s, a("a")).await,
            error(a("running"))
        );
        assert_eq!(
            supervisor::terminate_child(&p, &s, a("zzz")).await,
            error(a("not_found"))
        );
        // {:ok, pid, info}
        let info = raw_spec("i", |s| async move {
            let c = s
                .spawn_link(|c| async move {
                    c.set_daemon(true);
                    c.receive(Timeout::Infinity, |_| false).await;
                })
                .await;
            tup([a("ok"), pid(c), a("info")])
        });
        let r5 = supervisor::start_child(&p, &s, info).await;
        let pi = pid_of(&p, sup, "i").await;
        assert_eq!(r5, tup([a("ok"), pid(pi), a("info")]));
        assert!(p.is_alive(sup));
        assert_eq!(supervisor::count_children(&p, &s).await, counts(2, 2, 0, 2));
        Term::nil()
    });
    for r in rs {
        assert_eq!(restarts(&r), 0);
    }
}

/// (c) Probe e4 "restart fails -> try_again loop -> supervisor dies (intensity 3)" ⇒
/// `[:start_attempt, :start_attempt, :start_attempt, {:EXIT, :shutdown}]`: each retry is
/// counted; the 4th attempt trips.
#[test]
fn s4_8c_failed_restart_retried_each_counted_then_gives_up() {
    seeds(SEEDS, |p| async move {
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
        let sup = start_sup(&p, vec![flaky], Flags::new(Strategy::OneForOne)).await;
        assert_eq!(flush(&p).await, vec![a("start_attempt")]);
        fail.set(true);
        crash(&p, sup, "f", a("boom")).await;
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
        Term::nil()
    });
}

/// (c) While a restart is being retried the child shows `:restarting`, and calls queued
/// meanwhile are served between retries (each retry is a cast to itself, at the back of
/// the mailbox): `which_children` ⇒ `:restarting`, `delete_child`/`restart_child` ⇒
/// `{:error, :restarting}` (§4.9), not active in `count_children`.
#[test]
fn s4_8c_restarting_child_between_retries() {
    seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let fail = Rc::new(Cell::new(false));
        let f2 = fail.clone();
        let flaky = raw_spec("f", move |s| {
            let fail = f2.clone();
            async move {
                if fail.get() {
                    s.sleep(10).await;
                    error(a("nope"))
                } else {
                    start_w(&s, "flaky", Opts::new()).await.to_term()
                }
            }
        });
        let sup = start_sup(&p, vec![flaky], Flags::new(Strategy::OneForOne)).await;
        let s = sref(sup);
        fail.set(true);
        let t0 = p.now_ms();
        crash(&p, sup, "f", a("boom")).await;
        p.sleep(5).await;
        assert_eq!(
            supervisor::which_children(&p, &s).await,
            list([tup([a("f"), a("restarting"), a("worker"), list([])])])
        );
        assert_eq!(p.now_ms() - t0, 10, "served after the 1st attempt");
        assert_eq!(supervisor::count_children(&p, &s).await, counts(0, 1, 0, 1));
        assert_eq!(p.now_ms() - t0, 20, "served after the 2nd attempt");
        assert_eq!(
            supervisor::delete_child(&p, &s, a("f")).await,
            error(a("restarting"))
        );
        assert_eq!(p.now_ms() - t0, 30, "served after the 3rd attempt");
        let m = recv(&p, 100, |m| m.is_tagged("EXIT", 3)).await;
        assert_eq!(m, Some(exit_msg(sup, a("shutdown"))));
        assert_eq!(p.now_ms() - t0, 30, "the 4th attempt trips at once");
        Term::nil()
    });
}

// ----- §4.9 other facts -----------------------------------------------------------------

/// "An EXIT from the parent with any reason, including `:normal`, makes the gen_server
/// terminate with that reason" — probe p2 "parent exits normal -> sup terminates normal" ⇒
/// `[{:start, :a}, {:start, :d}, {:terminate, :d, :shutdown}, {:DOWN, :dsup, :normal},
/// {:terminate, :a, :shutdown}, {:DOWN, :sup, :normal}]` (both Supervisor and
/// DynamicSupervisor).
#[test]
fn s4_9_parent_exit_normal_terminates_the_supervisor() {
    seeds(SEEDS, |p| async move {
        let me = p.pid();
        let mid = p
            .spawn(move |m| async move {
                let sup = start_sup(
                    &m,
                    vec![spec("a", Opts::new().log(me).trap())],
                    Flags::new(Strategy::OneForOne),
                )
                .await;
                let StartResult::Ok(dsup) = dynamic_supervisor::start_link(
                    &m,
                    dynamic_supervisor::Options::default(),
                    None,
                )
                .await
                else {
                    panic!()
                };
                dynamic_supervisor::start_child(
                    &m,
                    &sref(dsup),
                    spec("d", Opts::new().log(me).trap()),
                )
                .await;
                m.send(me, tup([a("sups"), pid(sup), pid(dsup)])).await;
                m.receive(Timeout::Infinity, |x| x.is_atom("go")).await;
                // returns: exit :normal
            })
            .await;
        let m = recv(&p, 100, |m| m.is_tagged("sups", 3)).await.unwrap();
        let v = m.as_tuple().unwrap();
        let (sup, dsup) = (v[1].as_pid().unwrap(), v[2].as_pid().unwrap());
        let r1 = p.monitor(sup).await;
        let r2 = p.monitor(dsup).await;
        p.send(mid, a("go")).await;
        p.sleep(100).await;
        let got: Vec<Term> = flush(&p)
            .await
            .iter()
            .map(|m| match m.as_tuple() {
                Some([t, Term::Ref(r), _, _, x]) if t.is_atom("DOWN") => tup([
                    a("DOWN"),
                    a(if *r == r1 {
                        "sup"
                    } else if *r == r2 {
                        "dsup"
                    } else {
                        "other"
                    }),
                    x.clone(),
                ]),
                _ => id_of(m).clone(),
            })
            .collect();
        assert_eq!(
            sorted(got),
            sorted(vec![
                start("a"),
                start("d"),
                term("d", a("shutdown")),
                tup([a("DOWN"), a("dsup"), a("normal")]),
                term("a", a("shutdown")),
                tup([a("DOWN"), a("sup"), a("normal")]),
            ])
        );
        Term::nil()
    });
}

/// Probe p3 "parent Process.exit(sup, :normal) -> terminates" ⇒ `{false, [{:start, :a},
/// {:term, :a, :shutdown}, {:DOWN, :normal}]}`: `Process.exit(sup, :normal)` *from the
/// parent* is an EXIT from the parent.
#[test]
fn s4_9_exit_normal_from_the_parent_terminates() {
    seeds(SEEDS, |p| async move {
        let me = p.pid();
        let sup = start_sup(
            &p,
            vec![spec("a", Opts::new().log(me).trap())],
            Flags::new(Strategy::OneForOne),
        )
        .await;
        let mref = p.monitor(sup).await;
        p.exit_signal(sup, a("normal")).await;
        p.sleep(50).await;
        assert!(!p.is_alive(sup));
        let got = flush(&p).await;
        assert_eq!(
            sorted(ids(&got)),
            sorted(vec![
                start("a"),
                term("a", a("shutdown")),
                down(a("normal"))
            ])
        );
        assert!(got.iter().any(|m| {
            m.as_tuple()
                .is_some_and(|v| v.len() == 5 && v[1] == Term::Ref(mref))
        }));
        Term::nil()
    });
}

/// "EXITs from other non-child linked processes are ignored": probe p3 ⇒ `{true, %{active:
/// 1, specs: 1, supervisors: 0, workers: 1}}`.
#[test]
fn s4_9_exits_from_other_linked_processes_ignored() {
    seeds(SEEDS, |p| async move {
        let sup = start_sup(
            &p,
            vec![spec("a", Opts::new())],
            Flags::new(Strategy::OneForOne),
        )
        .await;
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
            supervisor::count_children(&p, &sref(sup)).await,
            counts(1, 1, 0, 1)
        );
        Term::nil()
    });
}

/// "`which_children` (static) lists children in reverse start order" with
/// `{id, pid | :restarting | :undefined, type, modules}`; `count_children` ⇒ `%{specs:,
/// active:, supervisors:, workers:}`; also after a one_for_all cycle and a `start_child`.
#[test]
fn s4_9_which_children_reverse_start_order_and_count_children() {
    seeds(SEEDS, |p| async move {
        let me = p.pid();
        let mut children = abc(me);
        children.push(supervisor::child_spec(
            a("s"),
            vec![],
            Flags::new(Strategy::OneForOne),
        ));
        let sup = start_sup(&p, children, Flags::new(Strategy::OneForAll)).await;
        let s = sref(sup);
        let expect = |p: Proc| async move {
            let mut v = Vec::new();
            for id in ["s", "c", "b", "a"] {
                let c = pid_of(&p, sup, id).await;
                let (kind, m) = if id == "s" {
                    ("supervisor", "Supervisor")
                } else {
                    ("worker", "W")
                };
                v.push(tup([a(id), pid(c), a(kind), list([module(m)])]));
            }
            list(v)
        };
        assert_eq!(
            supervisor::which_children(&p, &s).await,
            expect(p.clone()).await
        );
        assert_eq!(supervisor::count_children(&p, &s).await, counts(4, 4, 1, 3));
        crash(&p, sup, "b", a("boom")).await;
        p.sleep(50).await;
        assert_eq!(
            supervisor::which_children(&p, &s).await,
            expect(p.clone()).await
        );
        supervisor::start_child(&p, &s, spec("e", Opts::new())).await;
        let wc = supervisor::which_children(&p, &s).await;
        let Term::List(v) = wc else { panic!() };
        let order: Vec<Term> = v.iter().map(|c| c.as_tuple().unwrap()[0].clone()).collect();
        assert_eq!(order, vec![a("e"), a("s"), a("c"), a("b"), a("a")]);
        Term::nil()
    });
}

/// `terminate_child` ⇒ `:ok | {:error, :not_found}` (spec kept as `:undefined` unless
/// temporary); `restart_child` ⇒ `{:ok, pid} | {:error, :running | :not_found}` without
/// intensity use (it works even with `max_restarts: 0`); `delete_child` ⇒ `:ok | {:error,
/// :running | :not_found}`.
#[test]
fn s4_9_terminate_restart_delete_child() {
    let rs = seeds(SEEDS, |p| async move {
        let sup = start_sup(
            &p,
            vec![
                spec("a", Opts::new()),
                spec("t", Opts::new()).restart(Restart::Temporary),
            ],
            flags(Strategy::OneForOne, 0, 5),
        )
        .await;
        let s = sref(sup);
        let pa = pid_of(&p, sup, "a").await;
        assert_eq!(supervisor::terminate_child(&p, &s, a("a")).await, a("ok"));
        assert!(!p.is_alive(pa));
        assert_eq!(supervisor::terminate_child(&p, &s, a("t")).await, a("ok"));
        let w = list([module("W")]);
        assert_eq!(
            supervisor::which_children(&p, &s).await,
            list([tup([a("a"), a("undefined"), a("worker"), w.clone()])]),
            "temporary t removed, a kept as :undefined"
        );
        assert_eq!(supervisor::count_children(&p, &s).await, counts(0, 1, 0, 1));
        assert_eq!(
            supervisor::terminate_child(&p, &s, a("t")).await,
            error(a("not_found"))
        );
        assert_eq!(supervisor::terminate_child(&p, &s, a("a")).await, a("ok"));
        for _ in 0..3 {
            let r = supervisor::restart_child(&p, &s, a("a")).await;
            let pa = pid_of(&p, sup, "a").await;
            assert_eq!(r, ok(pid(pa)));
            assert_eq!(
                supervisor::restart_child(&p, &s, a("a")).await,
                error(a("running"))
            );
            assert_eq!(supervisor::terminate_child(&p, &s, a("a")).await, a("ok"));
        }
        assert_eq!(
            supervisor::restart_child(&p, &s, a("zzz")).await,
            error(a("not_found"))
        );
        assert_eq!(supervisor::delete_child(&p, &s, a("a")).await, a("ok"));
        assert_eq!(
            supervisor::delete_child(&p, &s, a("a")).await,
            error(a("not_found"))
        );
        assert_eq!(supervisor::which_children(&p, &s).await, list([]));
        assert!(p.is_alive(sup));
        Term::nil()
    });
    for r in rs {
        assert_eq!(restarts(&r), 0);
    }
}

/// "A child running under a `Supervisor` via `{Task, fun}` is temporary": probe e7 "Task
/// under Supervisor: child_spec temporary, crash not restarted" ⇒ `{[:ran], [], true}` with
/// `max_restarts: 0`; "finishes normally -> removed" ⇒ `[]`.
#[test]
fn s4_9_task_child_is_temporary() {
    for crash_it in [true, false] {
        seeds(SEEDS, move |p| async move {
            let me = p.pid();
            let t = ChildSpec::task(module("Task"), move |t| async move {
                t.send(me, a("ran")).await;
                if crash_it {
                    t.exit::<()>(a("boom")).await;
                }
                a("ok")
            });
            let sup = start_sup(&p, vec![t], flags(Strategy::OneForOne, 0, 5)).await;
            p.sleep(100).await;
            assert_eq!(flush(&p).await, vec![a("ran")]);
            assert_eq!(supervisor::which_children(&p, &sref(sup)).await, list([]));
            assert!(p.is_alive(sup));
            Term::nil()
        });
    }
}

// ----- GenServer (§4.8 init results, §5 call timeouts) -----------------------------------

fn call_exit(reason: Term, server: Term, request: Term, timeout: Term) -> Term {
    tup([
        reason,
        tup([
            module("GenServer"),
            a("call"),
            list([server, request, timeout]),
        ]),
    ])
}

/// `GenServer.call` timeout: the caller exits `{:timeout, {GenServer, :call, [server, msg,
/// timeout]}}` at exactly +timeout (100 ms, and the default 5000 ms); the late reply is
/// dropped (the call's alias is gone, OTP 25).
#[test]
fn gen_server_call_timeout_exits_at_exactly_the_timeout() {
    seeds(SEEDS, |p| async move {
        let StartResult::Ok(s) = start_w(&p, "s", Opts::new()).await else {
            panic!()
        };
        for (sleep, timeout) in [(1000, 100), (10_000, 5000)] {
            let req = tup([a("sleep"), int(sleep)]);
            let t0 = p.now_ms();
            let r = p
                .catch_exit(gen_server::call(
                    &p,
                    &sref(s),
                    req.clone(),
                    Timeout::Ms(timeout),
                ))
                .await;
            assert_eq!(
                r,
                Err(call_exit(a("timeout"), pid(s), req, int(timeout as i64)))
            );
            assert_eq!(p.now_ms() - t0, timeout);
            p.sleep(sleep as u64).await;
            assert!(flush(&p).await.is_empty(), "late reply dropped");
        }
        // A call in time answers.
        assert_eq!(
            gen_server::call(&p, &sref(s), a("ping"), Timeout::Ms(5000)).await,
            a("pong")
        );
        Term::nil()
    });
}

/// Probe p1: call to a dead pid ⇒ `{:noproc, {GenServer, :call, [pid, :x, 5000]}}`; to an
/// unregistered name ⇒ `{:noproc, {GenServer, :call, [:nobody, :x, 5000]}}`; to itself ⇒
/// `{:calling_self, ...}` (Elixir 1.14 `GenServer.call/3`);
/// `GenServer.stop` of a dead pid ⇒ `{:noproc, {GenServer, :stop, [pid, :normal,
/// :infinity]}}`.
#[test]
fn gen_server_call_or_stop_of_a_dead_server_exits_noproc() {
    seeds(SEEDS, |p| async move {
        let StartResult::Ok(s) = start_w(&p, "s", Opts::new()).await else {
            panic!()
        };
        gen_server::stop_server(&p, s, a("normal")).await;
        assert!(!p.is_alive(s));
        let r = p
            .catch_exit(gen_server::call(&p, &sref(s), a("x"), Timeout::Ms(5000)))
            .await;
        assert_eq!(r, Err(call_exit(a("noproc"), pid(s), a("x"), int(5000))));
        let name = ServerRef::Name("nobody".into());
        let r = p
            .catch_exit(gen_server::call(&p, &name, a("x"), Timeout::Ms(5000)))
            .await;
        assert_eq!(
            r,
            Err(call_exit(a("noproc"), a("nobody"), a("x"), int(5000)))
        );
        let me = p.pid();
        let r = p
            .catch_exit(gen_server::call(&p, &sref(me), a("x"), Timeout::Ms(5000)))
            .await;
        assert_eq!(
            r,
            Err(call_exit(a("calling_self"), pid(me), a("x"), int(5000)))
        );
        let r = p
            .catch_exit(gen_server::stop_server(&p, s, a("normal")))
            .await;
        assert_eq!(
            r,
            Err(tup([
                a("noproc"),
                tup([
                    module("GenServer"),
                    a("stop"),
                    list([pid(s), a("normal"), a("infinity")]),
                ]),
            ]))
        );
        Term::nil()
    });
}

/// A server with only `init/1`: Elixir's default callbacks.
struct Bare;
impl Server for Bare {
    async fn init(&mut self, _p: &Proc) -> Init {
        Init::Ok
    }
}

/// Probe p4 "bare call" / "bare cast": `use GenServer` defaults raise `RuntimeError`
/// "attempted to call GenServer #PID<...> but no handle_call/3 clause was provided" (the
/// caller exits `{{exc, st}, {GenServer, :call, [...]}}`) and "attempted to cast ...".
#[test]
fn gen_server_default_callbacks_raise() {
    seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let StartResult::Ok(s) = gen_server::start_link(&p, Bare, None).await else {
            panic!()
        };
        let exc = raised(&format!(
            "attempted to call GenServer {s} but no handle_call/3 clause was provided"
        ));
        let r = p
            .catch_exit(gen_server::call(
                &p,
                &sref(s),
                a("hello"),
                Timeout::Ms(5000),
            ))
            .await;
        assert_eq!(
            r,
            Err(call_exit(exc.clone(), pid(s), a("hello"), int(5000)))
        );
        let m = recv(&p, 100, |m| m.is_tagged("EXIT", 3)).await;
        assert_eq!(m, Some(exit_msg(s, exc)));
        let StartResult::Ok(s) = gen_server::start_link(&p, Bare, None).await else {
            panic!()
        };
        gen_server::cast(&p, &sref(s), a("hello")).await;
        let m = recv(&p, 100, |m| m.is_tagged("EXIT", 3)).await;
        let exc = raised(&format!(
            "attempted to cast GenServer {s} but no handle_cast/2 clause was provided"
        ));
        assert_eq!(m, Some(exit_msg(s, exc)));
        Term::nil()
    });
}

/// A server whose `terminate/2` raises.
struct RaiseInTerminate;
impl Server for RaiseInTerminate {
    async fn init(&mut self, _p: &Proc) -> Init {
        Init::Ok
    }
    async fn handle_cast(&mut self, _p: &Proc, _r: Term) -> gen_server::NoReply {
        gen_server::NoReply::Stop(a("bye"))
    }
    async fn terminate(&mut self, p: &Proc, _reason: &Term) {
        p.raise::<()>(Term::runtime_error("oops")).await;
    }
}

/// Probe p4 "terminate raises" ⇒ the exit reason is `terminate/2`'s exception
/// `{%RuntimeError{message: "oops"}, st}`, not `:bye`; "stop with other reason" ⇒
/// `GenServer.stop` exits `{{exc, st}, {GenServer, :stop, [pid, :bye, :infinity]}}`.
#[test]
fn gen_server_exception_in_terminate_replaces_the_reason() {
    seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let StartResult::Ok(s) = gen_server::start_link(&p, RaiseInTerminate, None).await else {
            panic!()
        };
        gen_server::cast(&p, &sref(s), a("stop")).await;
        let m = recv(&p, 100, |m| m.is_tagged("EXIT", 3)).await;
        assert_eq!(m, Some(exit_msg(s, raised("oops"))));
        let StartResult::Ok(s) = gen_server::start_link(&p, RaiseInTerminate, None).await else {
            panic!()
        };
        let r = p.catch_exit(gen_server::stop_server(&p, s, a("bye"))).await;
        assert_eq!(
            r,
            Err(tup([
                raised("oops"),
                tup([
                    module("GenServer"),
                    a("stop"),
                    list([pid(s), a("bye"), a("infinity")]),
                ]),
            ]))
        );
        Term::nil()
    });
}

/// A server whose `handle_cast/2` works 100 ms, then raises.
struct CrashWhileBusy;
impl Server for CrashWhileBusy {
    async fn init(&mut self, _p: &Proc) -> Init {
        Init::Ok
    }
    async fn handle_cast(&mut self, p: &Proc, _r: Term) -> gen_server::NoReply {
        p.sleep(100).await;
        p.raise(Term::runtime_error("busy")).await
    }
}

/// `GenServer.stop` of a server that crashes before it takes the request (it is busy in a
/// callback): OTP 25's stop helper is inside `sys:terminate/3`, whose `gen:call` exits with
/// the crash; the caller exits `{{{exc, st}, {:sys, :terminate, [pid, :bye, :infinity]}},
/// {GenServer, :stop, [pid, :bye, :infinity]}}` (checked on the VM by `otpsim conform`,
/// generated program `Genc0f0_216`).
#[test]
fn gen_server_stop_of_a_server_that_crashes_first_names_sys_terminate() {
    seeds(SEEDS, |p| async move {
        p.trap_exit(true);
        let StartResult::Ok(s) = gen_server::start_link(&p, CrashWhileBusy, None).await else {
            panic!()
        };
        gen_server::cast(&p, &sref(s), a("work")).await;
        let r = p.catch_exit(gen_server::stop_server(&p, s, a("bye"))).await;
        let args = || list([pid(s), a("bye"), a("infinity")]);
        assert_eq!(
            r,
            Err(tup([
                tup([raised("busy"), tup([a("sys"), a("terminate"), args()])]),
                tup([module("GenServer"), a("stop"), args()]),
            ]))
        );
        assert_eq!(p.now().as_ms(), 100);
        Term::nil()
    });
}

/// §4.8 "Same for any GenServer `init` returning `{:stop, r}`": probe p1 "GenServer.start_link
/// init stop, trapping" ⇒ `{{:error, :nope}, [EXIT: :nope]}`; "init ignore" ⇒ `{:ignore,
/// [EXIT: :normal]}`; init raises ⇒ `{:error, {exc, st}}` + EXIT; p4 "init exit" ⇒
/// `{{:error, :bye}, [EXIT: :bye]}`.
#[test]
fn gen_server_init_results_trapping_caller() {
    let cases: Vec<(InitWith, Term, Term)> = vec![
        (InitWith::Stop(a("nope")), error(a("nope")), a("nope")),
        (InitWith::Ignore, a("ignore"), a("normal")),
        (
            InitWith::Raise("boom"),
            error(raised("boom")),
            raised("boom"),
        ),
        (InitWith::Exit(a("bye")), error(a("bye")), a("bye")),
    ];
    for (init, ret, exit) in cases {
        seeds(SEEDS, move |p| {
            let (init, ret, exit) = (init.clone(), ret.clone(), exit.clone());
            async move {
                p.trap_exit(true);
                let r = start_w(&p, "a", Opts::new().init(init)).await;
                assert_eq!(r.to_term(), ret);
                p.sleep(20).await;
                assert_eq!(ids(&flush(&p).await), vec![exit_(exit)]);
                Term::nil()
            }
        });
    }
}

/// Probe p1 "GenServer.start_link init stop, NOT trapping" ⇒ runner exit `:nope` (OTP 25;
/// OTP 26+ would not kill the caller). Probe p5: in 2000/2000 runs `start_link` returned
/// `{:error, :nope}` first (the server's crash report delays its exit); the order is a
/// race all the same (§1.4), so the simulator may also kill the caller before it returns.
#[test]
fn gen_server_init_stop_kills_non_trapping_caller() {
    let returned = killed_caller(a("nope"), |m| async move {
        start_w(&m, "a", Opts::new().init(InitWith::Stop(a("nope"))))
            .await
            .to_term()
    });
    assert!(returned > 0, "start_link can return before the kill lands");
}

/// Probe p4 "name taken" ⇒ `{:error, {:already_started, pid}}`.
#[test]
fn gen_server_name_already_taken() {
    seeds(SEEDS, |p| async move {
        let StartResult::Ok(s) = gen_server::start_link(&p, Bare, Some(&"nm".into())).await else {
            panic!()
        };
        let r = gen_server::start_link(&p, Bare, Some(&"nm".into())).await;
        assert_eq!(r.to_term(), error(tup([a("already_started"), pid(s)])));
        assert_eq!(p.whereis("nm"), Some(s));
        Term::nil()
    });
}

/// A server whose `init/1` throws the given value.
struct ThrowInInit(Term);
impl Server for ThrowInInit {
    async fn init(&mut self, p: &Proc) -> Init {
        p.throw(self.0.clone()).await
    }
}

/// OTP 25 `gen_server:init_it/2` takes a thrown value as the return value: probe p7 "init
/// throws" ⇒ `{:stop, :x}` ⇒ `{{:error, :x}, [EXIT: :x]}`; `:garbage` ⇒ `{{:error,
/// {:bad_return_value, :garbage}}, [EXIT: {:bad_return_value, :garbage}]}`; `:ignore` ⇒
/// `{:ignore, [EXIT: :normal]}`; `{:ok, 1}` ⇒ `{:ok, pid}`, no EXIT.
#[test]
fn gen_server_init_throw_is_a_return_value() {
    let bad = tup([a("bad_return_value"), a("garbage")]);
    let cases = vec![
        (
            tup([a("stop"), a("x")]),
            Some(error(a("x"))),
            vec![exit_(a("x"))],
        ),
        (a("garbage"), Some(error(bad.clone())), vec![exit_(bad)]),
        (a("ignore"), Some(a("ignore")), vec![exit_(a("normal"))]),
        (tup([a("ok"), int(1)]), None, vec![]),
    ];
    for (thrown, ret, exits) in cases {
        seeds(10, move |p| {
            let (thrown, ret, exits) = (thrown.clone(), ret.clone(), exits.clone());
            async move {
                p.trap_exit(true);
                let r = gen_server::start_link(&p, ThrowInInit(thrown), None).await;
                match (&r, ret) {
                    (StartResult::Ok(_), None) => {}
                    (r, Some(t)) => assert_eq!(r.to_term(), t),
                    (r, None) => panic!("{r:?}"),
                }
                p.sleep(20).await;
                assert_eq!(ids(&flush(&p).await), exits);
                Term::nil()
            }
        });
    }
}
