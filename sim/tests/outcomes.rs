//! Run outcomes are typed and told apart (DESIGN.md "Run outcome"), and process panics are
//! exit reasons, not kernel failures.

use sim::runner::{each_seed, sim_for};
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
    assert_eq!(
        sim.run().outcome,
        Outcome::StepBudget {
            steps: 100,
            calls: 0
        }
    );
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
/// at the end of that instant is cut off (a `:normal` exit signal does not stop a linked
/// process).
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

/// Halting ends the instant, it does not freeze it (as the VM, which takes a fraction of a
/// millisecond to halt, runs what can run meanwhile): a process that can run when the root
/// ends runs until it blocks; one woken by the root's last message too; a timer of a later
/// instant never fires.
#[test]
fn halting_lets_the_instant_finish() {
    use sim::{Term, Timeout};
    each_seed(32, |seed| {
        let mut sim = sim_for(seed);
        let root = sim.spawn(|p| async move {
            p.spawn(|c| async move {
                c.log("runs");
            })
            .await;
            let waiting = p
                .spawn(|c| async move {
                    c.receive(Timeout::Infinity, |_| true).await;
                    c.log("woken");
                    c.sleep(1).await;
                    c.log("never");
                })
                .await;
            p.send(waiting, Term::atom("go")).await;
        });
        sim.halt_on_exit(root);
        let report = sim.run();
        let Outcome::Halted { live } = &report.outcome else {
            panic!("{:?}", report.outcome)
        };
        assert_eq!(live.len(), 1, "seed {seed}: only the sleeper is cut off");
        let trace = report.trace.render();
        assert!(
            trace.contains("runs") && trace.contains("woken"),
            "seed {seed}: {trace}"
        );
        assert!(!trace.contains("never"), "seed {seed}");
        assert_eq!(report.time.as_ms(), 0);
    });
}

/// A process that calls functions in a loop, never blocking: what an interpreter's loop
/// does (`Proc::reduce` at every call, `Proc::switch_out` when it says so).
async fn spin(p: &sim::Proc, until: impl Fn(&sim::Proc) -> bool) {
    loop {
        if p.reduce(1) {
            p.switch_out().await;
        }
        if until(p) {
            return;
        }
    }
}

#[test]
fn a_loop_of_calls_ends_in_the_step_budget() {
    let config = Config {
        max_steps: 5_000,
        ..Config::default()
    };
    let mut sim = Sim::seeded_with(1, config);
    sim.spawn(|p| async move { spin(&p, |_| false).await });
    match sim.run().outcome {
        Outcome::StepBudget { steps, calls } => {
            // 100 calls a step.
            assert_eq!(steps + calls / 100, 5_000);
            assert!(calls > 400_000, "{steps} steps, {calls} calls");
        }
        other => panic!("expected the step budget, got {other:?}"),
    }
}

#[test]
fn a_busy_wait_lets_the_process_it_waits_for_run() {
    // `receive do :go -> .. after 0 -> loop() end` on the BEAM: the waiter is switched out
    // at the end of its reductions, the sender runs. Under every schedule.
    each_seed(20, |seed| {
        let mut sim = sim_for(seed);
        let waiter = sim.spawn(|p| async move {
            loop {
                if p.reduce(1) {
                    p.switch_out().await;
                }
                if p.receive(Timeout::Ms(0), |m| m.is_atom("go"))
                    .await
                    .is_some()
                {
                    return;
                }
            }
        });
        sim.spawn(move |p| async move { p.send(waiter, Term::atom("go")).await });
        let r = sim.run();
        assert_eq!(r.outcome, Outcome::Completed, "seed {seed}");
    });
}

#[test]
fn a_process_alone_is_not_switched_out_at_its_reductions() {
    // Nothing else can happen: the loop goes on in the same poll (one step).
    let mut sim = Sim::fifo();
    let calls = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let c = calls.clone();
    sim.spawn(move |p| async move {
        spin(&p, move |_| {
            c.set(c.get() + 1);
            c.get() == 10_000
        })
        .await
    });
    let r = sim.run();
    assert_eq!(r.outcome, Outcome::Completed);
    assert_eq!(calls.get(), 10_000);
    assert_eq!(r.steps, 1);
}
