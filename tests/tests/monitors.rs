//! The invariant monitors hold on real programs over many seeds (no false alarms), through
//! the cargo-test runner.

use model::child_spec::{ChildSpec, Restart, ShutdownSpec};
use model::dynamic_supervisor::Options;
use model::gen_server::{ServerRef, StartResult};
use model::supervisor::{self, Flags, Strategy};
use model::{Task, task, task_supervisor};
use scenarios::runner::check_random;
use sim::{Term, Timeout};

#[test]
fn tasks_with_timeouts_crashes_and_shutdowns() {
    check_random(300, |sim| {
        sim.spawn(|p| async move {
            p.trap_exit(true);
            let slow = Task::spawn_async(&p, |t| async move {
                t.sleep(100).await;
                Term::atom("slow")
            })
            .await;
            let fast = Task::spawn_async(&p, |t| async move {
                t.sleep(50).await;
                Term::atom("fast")
            })
            .await;
            let crash = Task::spawn_async(&p, |t| async move {
                t.sleep(70).await;
                t.exit(Term::atom("boom")).await
            })
            .await;
            let _ = p.catch_exit(slow.await_for(&p, Timeout::Ms(100))).await;
            let _ = fast.yield_for(&p, Timeout::Ms(10)).await;
            let _ = crash
                .shutdown(&p, model::Shutdown::Timeout(Timeout::Ms(20)))
                .await;
            let many = vec![
                Task::spawn_async(&p, |t| async move {
                    t.sleep(30).await;
                    Term::Int(1)
                })
                .await,
            ];
            let _ = task::yield_many(&p, &many, Timeout::Ms(30)).await;
        });
    });
}

/// A process handed another's monitor reference demonitors it: nothing happens (the
/// monitor is the holder's, as the kernel and the VM have it), so the holder's DOWN is
/// its one DOWN, or is flushed by its own demonitor. Over 300 seeds, with and without
/// signals held back (`--faults delay`), no check may report anything. `down-once` took
/// that demonitor for the holder's and reported the DOWN (every seed); `pair-fifo` took the
/// monitor out of its account and, with the DOWN held back, reported its drop at the
/// holder's own demonitor as a signal never sent.
#[test]
fn a_demonitor_by_a_process_that_does_not_hold_the_monitor_is_no_violation() {
    use scenarios::interp::{Decisions, Limits};
    const HANDED: &str = r#"
b = spawn(fn -> receive do :go -> :ok end end)
r = Process.monitor(b)
me = self()
c = spawn(fn -> receive do {:ref, ref} -> Process.demonitor(ref); send(me, :done) end end)
send(c, {:ref, r})
receive do :done -> :ok end
send(b, :go)
"#;
    let take = format!(
        "{HANDED}receive do {{:DOWN, ^r, :process, _, why}} -> IO.puts(\"down #{{why}}\") end\n"
    );
    let own = format!(
        "{HANDED}Process.sleep(1)\nIO.puts(\"demonitor #{{Process.demonitor(r, [:flush])}}\")\n"
    );
    for (text, line) in [
        (take, "main log down normal"),
        (own, "main log demonitor true"),
    ] {
        let s = scenarios::Scenario::from_exs(&text, "handed_ref.exs").expect("the program");
        for delay_ms in [0, 5] {
            let limits = Limits {
                inject: sim::Inject {
                    delay_ms,
                    ..Default::default()
                },
                ..Limits::default()
            };
            for seed in 0..300 {
                let r = s.run(&Decisions::Seed(seed), sim::TraceMode::Off, &limits);
                assert_eq!(
                    r.violation, None,
                    "seed {seed}, delay {delay_ms} ms:\n{text}"
                );
                assert!(
                    r.lines().iter().any(|l| l.ends_with(line)),
                    "seed {seed}, delay {delay_ms} ms: no `{line}` in {:?}",
                    r.lines()
                );
            }
        }
    }
}

#[test]
fn supervisors_restart_give_up_and_shut_down() {
    check_random(200, |sim| {
        sim.spawn(|p| async move {
            p.trap_exit(true);
            let child = |id: &'static str, life: u64, trap: bool| {
                ChildSpec::new(Term::atom(id), move |s| async move {
                    let pid = s
                        .spawn_link(move |c| async move {
                            if trap {
                                c.trap_exit(true);
                            }
                            c.sleep(life).await;
                            if !trap {
                                c.exit::<()>(Term::atom("crash")).await;
                            }
                            c.receive(Timeout::Infinity, |_| false).await;
                        })
                        .await;
                    Term::tuple([Term::atom("ok"), Term::Pid(pid)])
                })
                .shutdown(ShutdownSpec::Ms(40))
            };
            let children = vec![
                child("a", 10_000, true),
                child("b", 300, false),
                child("c", 10_000, true),
            ];
            let flags = Flags {
                strategy: Strategy::OneForAll,
                max_restarts: 2,
                max_seconds: 1,
            };
            let StartResult::Ok(sup) = supervisor::start_link(&p, children, flags, None).await
            else {
                return;
            };
            p.receive(Timeout::Infinity, move |m| {
                m.is_tagged("EXIT", 3) && m.as_tuple().unwrap()[1] == Term::Pid(sup)
            })
            .await;

            let StartResult::Ok(ts) =
                task_supervisor::start_link(&p, Options::default(), None).await
            else {
                return;
            };
            let ts = ServerRef::Pid(ts);
            let opts = task_supervisor::ChildOpts {
                restart: Some(Restart::Transient),
                shutdown: None,
            };
            task_supervisor::start_child(
                &p,
                &ts,
                |t| async move {
                    t.sleep(400).await;
                    t.raise(Term::runtime_error("Task failed")).await
                },
                opts,
            )
            .await;
            p.receive(Timeout::Ms(5000), |m| m.is_tagged("EXIT", 3))
                .await;
        });
    });
}

/// A late `Process.link` and a child whose restart fails (what the catalogue's scenario
/// language cannot write yet): the events `pair-fifo`, `exit-signals` and `restart-policy`
/// watch for them.
fn link_and_failed_restart(sim: &mut sim::Sim) {
    sim.spawn(|p| async move {
        p.trap_exit(true);
        let peer = p
            .spawn(|c| async move {
                c.sleep(10).await;
                c.exit::<()>(Term::atom("bye")).await;
            })
            .await;
        p.link(peer).await;
        p.receive(Timeout::Infinity, |m| m.is_tagged("EXIT", 3))
            .await;
        let starts = std::rc::Rc::new(std::cell::Cell::new(0u32));
        let child = ChildSpec::new(Term::atom("flaky"), move |s| {
            let starts = starts.clone();
            async move {
                starts.set(starts.get() + 1);
                if starts.get() > 1 {
                    return Term::tuple([Term::atom("error"), Term::atom("nope")]);
                }
                let pid = s
                    .spawn_link(|c| async move {
                        c.sleep(5).await;
                        c.exit::<()>(Term::atom("crash")).await;
                    })
                    .await;
                Term::tuple([Term::atom("ok"), Term::Pid(pid)])
            }
        });
        let flags = Flags {
            strategy: Strategy::OneForOne,
            max_restarts: 2,
            max_seconds: 5,
        };
        if let StartResult::Ok(_) = supervisor::start_link(&p, vec![child], flags, None).await {
            p.receive(Timeout::Infinity, |m| m.is_tagged("EXIT", 3))
                .await;
        }
    });
}

#[test]
fn monitors_hold_on_a_late_link_and_a_failing_restart() {
    check_random(100, link_and_failed_restart);
}

/// Every check sees, over the catalogue's runs, at least one event of each kind it says it
/// watches: if the model stopped emitting one (or renamed it, or emitted it as another
/// kind), the check would go quiet, and this test fails instead. Two things the catalogue
/// cannot write yet come from [`link_and_failed_restart`].
#[test]
fn every_check_sees_each_kind_of_event_it_watches_on_the_catalogue() {
    use scenarios::checks::Monitors;
    use scenarios::interp::Decisions;
    use std::collections::BTreeMap;
    let mut totals: BTreeMap<(&'static str, String), u64> = BTreeMap::new();
    let mut count = |events: &[sim::Event]| {
        let mut monitors = Monitors::standard().counting();
        for e in events {
            monitors.on_event(e);
        }
        for (check, watch, n) in monitors.coverage() {
            *totals.entry((check, watch.to_string())).or_default() += n;
        }
    };
    for program in scenarios::catalogue::all() {
        for seed in 0..4 {
            let run = program.run(
                &Decisions::Seed(seed),
                sim::TraceMode::Full,
                &Default::default(),
            );
            count(run.report.trace.events());
        }
    }
    let (report, _) = scenarios::runner::run_one(0, sim::TraceMode::Full, &link_and_failed_restart);
    count(report.trace.events());
    assert!(
        !totals.is_empty(),
        "the monitors declare nothing they watch"
    );
    let unseen: Vec<String> = totals
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|((check, watch), _)| format!("{check}: {watch}"))
        .collect();
    assert!(
        unseen.is_empty(),
        "checks that never saw an event they watch, over the whole catalogue:\n  {}",
        unseen.join("\n  ")
    );
}
