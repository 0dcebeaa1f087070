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
                    Term::tuple(vec![Term::atom("ok"), Term::Pid(pid)])
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
