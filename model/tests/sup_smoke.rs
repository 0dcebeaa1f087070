use model::child_spec::{ChildSpec, Restart};
use model::dynamic_supervisor::Options;
use model::gen_server::ServerRef;
use model::supervisor::{self, Flags, Strategy};
use model::task_supervisor::{self, ChildOpts};
use sim::runner::{each_seed, sim_for};
use sim::{Sim, Term, Timeout};

#[test]
fn supervised_task_transient_restarts_three_times_then_shuts_down() {
    each_seed(30, |seed| {
        let mut sim = sim_for(seed);
        let root = sim.spawn(|p| async move {
            p.trap_exit(true);
            let r = task_supervisor::start_link(
                &p,
                Options::default(),
                Some(&"MyTaskSupervisor".into()),
            )
            .await;
            let sup = match r {
                model::gen_server::StartResult::Ok(pid) => pid,
                other => panic!("{other:?}"),
            };
            let name = ServerRef::Name("MyTaskSupervisor".into());
            let res = task_supervisor::start_child(
                &p,
                &name,
                |t| async move {
                    t.sleep(1000).await;
                    t.raise(Term::runtime_error("Task failed")).await
                },
                ChildOpts {
                    restart: Some(Restart::Transient),
                    shutdown: None,
                },
            )
            .await;
            assert!(res.is_tagged("ok", 2), "{res}");
            let m = p
                .receive(Timeout::Ms(10_000), |_| true)
                .await
                .expect("EXIT");
            assert_eq!(
                m,
                Term::tuple([Term::atom("EXIT"), Term::Pid(sup), Term::atom("shutdown")])
            );
            assert_eq!(p.now_ms(), 4000, "4 runs of 1 s each");
        });
        let r = sim.run();
        assert_eq!(
            r.exit_reason(root),
            Some(&Term::atom("normal")),
            "seed {seed}\n{}",
            r.trace.render()
        );
    });
}

#[test]
fn one_for_one_restarts_a_crashed_child() {
    let mut sim = Sim::seeded(1);
    let root = sim.spawn(|p| async move {
        let spec = |id: &'static str| {
            ChildSpec::new(Term::atom(id), move |s| async move {
                let pid = s
                    .spawn_link(move |c| async move {
                        c.sleep(100).await;
                        if id == "b" {
                            c.exit::<()>(Term::atom("boom")).await;
                        }
                        c.receive(Timeout::Infinity, |_| false).await;
                    })
                    .await;
                Term::tuple([Term::atom("ok"), Term::Pid(pid)])
            })
        };
        let sup = match supervisor::start_link(
            &p,
            vec![spec("a"), spec("b")],
            Flags::new(Strategy::OneForOne),
            None,
        )
        .await
        {
            model::gen_server::StartResult::Ok(pid) => pid,
            other => panic!("{other:?}"),
        };
        let s = ServerRef::Pid(sup);
        let before = supervisor::which_children(&p, &s).await;
        p.sleep(150).await;
        let after = supervisor::which_children(&p, &s).await;
        assert_ne!(before, after);
        p.log(format!("{before} -> {after}"));
        supervisor::stop(&p, sup, Term::atom("normal")).await;
    });
    let r = sim.run();
    assert_eq!(
        r.exit_reason(root),
        Some(&Term::atom("normal")),
        "{}",
        r.trace.render()
    );
}

/// A taken name: `{:error, {:already_started, holder}}` for every kind of server, and
/// nothing is spawned (OTP's `gen:start` looks the name up first, semantics §4.9).
#[test]
fn a_taken_name_spawns_nothing() {
    let mut sim = Sim::seeded(1);
    let root = sim.spawn(|p| async move {
        let me = p.pid();
        assert!(p.register("taken", me));
        let expected = model::gen_server::StartResult::Error(Term::tuple([
            Term::atom("already_started"),
            Term::Pid(me),
        ]));
        let r = supervisor::start_link(
            &p,
            vec![],
            Flags::new(Strategy::OneForOne),
            Some(&"taken".into()),
        )
        .await;
        assert_eq!(r, expected);
        let r = task_supervisor::start_link(&p, Options::default(), Some(&"taken".into())).await;
        assert_eq!(r, expected);
        let r =
            model::dynamic_supervisor::start_link(&p, Options::default(), Some(&"taken".into()))
                .await;
        assert_eq!(r, expected);
    });
    let r = sim.run();
    assert_eq!(r.exit_reason(root), Some(&Term::atom("normal")));
    let spawns = r
        .trace
        .events()
        .iter()
        .filter(|e| matches!(e.kind, sim::EventKind::Spawn { .. }))
        .count();
    assert_eq!(spawns, 1, "only the root:\n{}", r.trace.render());
}
