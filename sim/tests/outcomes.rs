//! Run outcomes are typed and told apart (DESIGN.md "Run outcome"), and process panics are
//! exit reasons, not kernel failures.

use sim::{Config, Outcome, Sim, Term, Time, Timeout, TraceMode};

#[test]
fn completed_when_every_process_ends() {
    let mut sim = Sim::fifo();
    sim.spawn(|p| async move { p.sleep(5).await });
    let r = sim.run();
    assert_eq!(r.outcome, Outcome::Completed);
    assert_eq!(r.time, Time::from_ms(5));
}

#[test]
fn deadlock_names_who_waits_and_what_is_in_its_mailbox() {
    let mut sim = Sim::fifo();
    let a = sim.spawn(|p| async move {
        let me = p.pid();
        p.send(me, Term::atom("unwanted")).await;
        p.receive(Timeout::Infinity, |m| m.is_atom("wanted")).await;
    });
    let r = sim.run();
    match r.outcome {
        Outcome::Deadlock { blocked } => {
            assert_eq!(blocked.len(), 1);
            assert_eq!(blocked[0].pid, a);
            assert_eq!(blocked[0].waiting, "receive");
            assert_eq!(blocked[0].mailbox, vec![Term::atom("unwanted")]);
        }
        other => panic!("expected a deadlock, got {other:?}"),
    }
}

#[test]
fn daemons_waiting_forever_are_not_a_deadlock() {
    let mut sim = Sim::fifo();
    sim.spawn(|p| async move {
        p.set_daemon(true);
        p.receive(Timeout::Infinity, |_| false).await;
    });
    assert_eq!(sim.run().outcome, Outcome::Completed);
}

#[test]
fn step_budget_stops_a_livelock() {
    let config = Config {
        max_steps: 100,
        ..Config::default()
    };
    let mut sim = Sim::seeded_with(1, config);
    sim.spawn(|p| async move {
        loop {
            let me = p.pid();
            p.send(me, Term::atom("again")).await;
            p.receive(Timeout::Infinity, |_| true).await;
        }
    });
    assert_eq!(sim.run().outcome, Outcome::StepBudget { steps: 100 });
}

#[test]
fn time_budget_reports_the_next_event() {
    let config = Config {
        max_time: Time::from_ms(1000),
        trace: TraceMode::Off,
        ..Config::default()
    };
    let mut sim = Sim::seeded_with(1, config);
    sim.spawn(|p| async move {
        p.sleep(400).await;
        p.sleep(700).await;
    });
    let r = sim.run();
    assert_eq!(
        r.outcome,
        Outcome::TimeBudget {
            next_event: Time::from_ms(1100)
        }
    );
    assert_eq!(r.time, Time::from_ms(400));
}

#[test]
fn a_rust_panic_in_process_code_is_an_exception_exit_reason() {
    let mut sim = Sim::fifo();
    let pid = sim.spawn(|_p| async move { panic!("kaboom") });
    let r = sim.run();
    assert_eq!(r.outcome, Outcome::Completed);
    assert_eq!(
        r.exit_reason(pid).map(|t| t.to_string()).as_deref(),
        Some("{%RuntimeError{message: \"kaboom\"}, []}")
    );
}

/// `elixir script.exs` halts the VM when the script's process is done: what else is alive
/// is cut off, and the script's exit signals are never delivered.
#[test]
fn halting_when_the_root_ends_cuts_off_the_rest() {
    use sim::{Sim, Term};
    let mut sim = Sim::seeded(1);
    let root = sim.spawn(|p| async move {
        p.spawn_link(|c| async move {
            c.sleep(1000).await;
            c.log("never");
        })
        .await;
        p.sleep(10).await;
    });
    sim.halt_on_exit(root);
    let report = sim.run();
    let Outcome::Halted { live } = &report.outcome else {
        panic!("{:?}", report.outcome)
    };
    assert_eq!(
        live.len(),
        1,
        "the linked child is cut off, not killed by the link"
    );
    assert_eq!(report.exit_reason(root), Some(&Term::atom("normal")));
    assert_eq!(report.exit_reason(live[0]), None);
    assert_eq!(report.time.as_ms(), 10);
    assert!(!report.trace.render().contains("never"));
    assert!(report.outcome.ended_well());
}

/// A script killed by an exit signal (a crashed linked task) does die: its links fire in
/// that instant (the VM delivers them before it halts). A script that ends by itself, even
/// by raising, never exits on the VM: its links are not told. (Both checked on the VM.)
#[test]
fn a_killed_root_signals_its_links_before_the_halt_and_a_raising_one_does_not() {
    use sim::{Sim, Term, Timeout};
    let run = |killed: bool| {
        let told = std::rc::Rc::new(std::cell::Cell::new(false));
        let t = told.clone();
        let mut sim = Sim::seeded(1);
        let root = sim.spawn(move |p| async move {
            p.spawn_link(move |c| async move {
                c.trap_exit(true);
                if c.receive(Timeout::Infinity, |_| true).await.is_some() {
                    t.set(true);
                }
            })
            .await;
            if killed {
                p.spawn_link(|c| async move {
                    c.sleep(10).await;
                    c.exit::<()>(Term::atom("boom")).await;
                })
                .await;
                p.sleep(1000).await;
            } else {
                p.sleep(10).await;
                p.exit::<()>(Term::atom("boom")).await;
            }
        });
        sim.halt_on_exit(root);
        let report = sim.run();
        assert!(
            matches!(report.outcome, Outcome::Halted { .. }),
            "{:?}",
            report.outcome
        );
        assert_eq!(report.time.as_ms(), 10);
        assert_eq!(report.exit_reason(root), Some(&Term::atom("boom")));
        told.get()
    };
    assert!(
        run(true),
        "killed by a link: the trapping sibling got the EXIT"
    );
    assert!(!run(false), "raised by itself: nobody was told");
}
