use model::{Task, TaskResult};
use sim::runner::{each_seed, sim_for};
use sim::{Sim, Term, Timeout};

#[test]
fn async_await_smoke() {
    each_seed(50, |seed| {
        let mut sim = sim_for(seed);
        let root = sim.spawn(|p| async move {
            let t = Task::spawn_async(&p, |t| async move {
                t.sleep(2000).await;
                Term::str("Data fetched")
            })
            .await;
            let v = t.await_for(&p, Timeout::Ms(5000)).await;
            p.log(format!("Result: {v}"));
            assert_eq!(v, Term::str("Data fetched"));
            assert_eq!(p.now_ms(), 2000);
        });
        let r = sim.run();
        assert_eq!(
            r.exit_reason(root),
            Some(&Term::atom("normal")),
            "{}",
            r.trace.render()
        );
        assert_eq!(r.outcome, sim::Outcome::Completed);
    });
}

#[test]
fn await_timeout_smoke() {
    let mut sim = Sim::seeded(3);
    let root = sim.spawn(|p| async move {
        let t = Task::spawn_async(&p, |t| async move {
            t.sleep(200).await;
            Term::atom("late")
        })
        .await;
        let r = p.catch_exit(t.await_for(&p, Timeout::Ms(100))).await;
        p.log(format!("{r:?}"));
        let err = r.unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{{:timeout, {{Task, :await, [{}, 100]}}}}", t.to_term())
        );
        p.sleep(500).await;
        // late reply dropped (alias inactive)
        assert!(p.messages().is_empty(), "{:?}", p.messages());
        let y = t.yield_for(&p, Timeout::Ms(0)).await;
        assert_eq!(y, None);
        let _ = TaskResult::Ok(Term::nil());
    });
    let r = sim.run();
    assert_eq!(
        r.exit_reason(root),
        Some(&Term::atom("normal")),
        "{}",
        r.trace.render()
    );
}
