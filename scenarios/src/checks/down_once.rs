//! Each monitor yields exactly one DOWN unless it was demonitored (SEMANTICS §1.6): never two,
//! and — when the target died, the watcher outlived the run and never demonitored — one.

use super::pids::PidSet;
use super::{Check, Watch};
use crate::small::SmallMap;
use sim::{Event, EventKind, Pid, Ref};

struct Mon {
    watcher: Pid,
    target: Pid,
    downs: u32,
    demonitored: bool,
}

/// Counts DOWN deliveries per monitor reference.
#[derive(Default)]
pub struct DownOnce {
    monitors: SmallMap<Ref, Mon>,
    dead: PidSet,
}

impl Check for DownOnce {
    fn name(&self) -> &'static str {
        "down-once"
    }

    fn watches(&self) -> &'static [Watch] {
        &[
            Watch::Kernel("monitor"),
            Watch::Kernel("spawn"),
            Watch::Kernel("demonitor"),
            Watch::Kernel("exit"),
            Watch::Kernel("deliver"),
        ]
    }

    fn reset(&mut self) {
        self.monitors.clear();
        self.dead.clear();
    }

    fn on_event(&mut self, ev: &Event) -> Result<(), String> {
        match &ev.kind {
            EventKind::Monitor { target, r#ref, .. } => {
                if let Some(w) = ev.pid {
                    self.monitors.insert(
                        *r#ref,
                        Mon {
                            watcher: w,
                            target: *target,
                            downs: 0,
                            demonitored: false,
                        },
                    );
                }
            }
            EventKind::Spawn {
                child,
                monitor: Some(r),
                ..
            } => {
                if let Some(w) = ev.pid {
                    self.monitors.insert(
                        *r,
                        Mon {
                            watcher: w,
                            target: *child,
                            downs: 0,
                            demonitored: false,
                        },
                    );
                }
            }
            // Only the holder's demonitor ends a monitor: one by a process that was handed
            // the reference does nothing.
            EventKind::Demonitor { r#ref } => {
                if let Some(m) = self.monitors.get_mut(r#ref)
                    && ev.pid == Some(m.watcher)
                {
                    m.demonitored = true;
                }
            }
            EventKind::Exit { .. } => {
                if let Some(p) = ev.pid {
                    self.dead.insert(p);
                }
            }
            // A DOWN signal comes from the monitored process; any other `{:DOWN, ...}` is a
            // plain message some process sent (`send(pid, {:DOWN, ref, ...})` is legal).
            EventKind::Deliver { from, to, msg } => {
                if let Some([tag, sim::Term::Ref(r), _, _, _]) = msg.as_tuple()
                    && tag.is_atom("DOWN")
                    && let Some(m) = self.monitors.get_mut(r)
                    && m.watcher == *to
                    && m.target == *from
                {
                    m.downs += 1;
                    if m.downs > 1 {
                        return Err(format!(
                            "monitor {r} of {} delivered {} DOWN messages",
                            m.target, m.downs
                        ));
                    }
                    if m.demonitored {
                        return Err(format!(
                            "monitor {r} of {} delivered a DOWN after demonitor",
                            m.target
                        ));
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), String> {
        for (r, m) in self.monitors.iter() {
            let owed =
                !m.demonitored && self.dead.contains(&m.target) && !self.dead.contains(&m.watcher);
            if owed && m.downs == 0 {
                return Err(format!(
                    "monitor {r} of {} (by {}) never delivered its DOWN",
                    m.target, m.watcher
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::Monitors;
    use super::super::test_support::*;
    use super::*;
    use sim::Term;

    fn down(r: Ref, p: Pid) -> Term {
        Term::tuple([
            Term::atom("DOWN"),
            Term::Ref(r),
            Term::atom("process"),
            Term::Pid(p),
            Term::atom("normal"),
        ])
    }

    #[test]
    fn reports_a_second_down_and_a_missing_one() {
        let (pids, refs) = pids_and_refs();
        let (w, t) = (pids[0], pids[1]);
        let mut two = TraceBuilder::new();
        two.at(
            0,
            Some(w),
            EventKind::Monitor {
                target: t,
                r#ref: refs[0],
                alias: false,
                name: None,
            },
        );
        two.at(
            1,
            Some(t),
            EventKind::Exit {
                reason: Term::atom("normal"),
            },
        );
        for _ in 0..2 {
            two.at(
                1,
                None,
                EventKind::Deliver {
                    from: t,
                    to: w,
                    msg: down(refs[0], t),
                },
            );
        }
        let v = Monitors::new(vec![Box::new(DownOnce::default())])
            .check_trace(&two.events)
            .unwrap();
        assert_eq!(
            v.message,
            format!("monitor {} of {t} delivered 2 DOWN messages", refs[0])
        );

        let mut none = TraceBuilder::new();
        none.at(
            0,
            Some(w),
            EventKind::Monitor {
                target: t,
                r#ref: refs[0],
                alias: false,
                name: None,
            },
        );
        none.at(
            1,
            Some(t),
            EventKind::Exit {
                reason: Term::atom("normal"),
            },
        );
        let v = Monitors::new(vec![Box::new(DownOnce::default())])
            .check_trace(&none.events)
            .unwrap();
        assert_eq!(
            v.message,
            format!(
                "monitor {} of {t} (by {w}) never delivered its DOWN",
                refs[0]
            )
        );

        let mut demon = TraceBuilder::new();
        demon.at(
            0,
            Some(w),
            EventKind::Monitor {
                target: t,
                r#ref: refs[0],
                alias: false,
                name: None,
            },
        );
        demon.at(0, Some(w), EventKind::Demonitor { r#ref: refs[0] });
        demon.at(
            1,
            Some(t),
            EventKind::Exit {
                reason: Term::atom("normal"),
            },
        );
        assert_eq!(
            Monitors::new(vec![Box::new(DownOnce::default())]).check_trace(&demon.events),
            None
        );

        // A message shaped like a DOWN, sent by another process after the demonitor, is a
        // message, not a second DOWN.
        demon.at(
            2,
            None,
            EventKind::Deliver {
                from: w,
                to: w,
                msg: down(refs[0], t),
            },
        );
        assert_eq!(
            Monitors::new(vec![Box::new(DownOnce::default())]).check_trace(&demon.events),
            None
        );
    }

    /// A demonitor by a process that was handed the reference does nothing (the kernel
    /// leaves the monitor alone): the holder's DOWN after it is its one DOWN, and one
    /// after the holder's own demonitor is still reported.
    #[test]
    fn a_demonitor_by_another_process_leaves_the_monitor_on() {
        let (pids, refs) = pids_and_refs();
        let (w, t, other) = (pids[0], pids[1], pids[2]);
        let monitor = EventKind::Monitor {
            target: t,
            r#ref: refs[0],
            alias: false,
            name: None,
        };
        let exit = EventKind::Exit {
            reason: Term::atom("normal"),
        };
        let delivery = EventKind::Deliver {
            from: t,
            to: w,
            msg: down(refs[0], t),
        };
        let run = |by: Pid| {
            let mut b = TraceBuilder::new();
            b.at(0, Some(w), monitor.clone());
            b.at(0, Some(by), EventKind::Demonitor { r#ref: refs[0] });
            b.at(1, Some(t), exit.clone());
            b.at(1, None, delivery.clone());
            Monitors::new(vec![Box::new(DownOnce::default())]).check_trace(&b.events)
        };
        assert_eq!(run(other), None);
        let v = run(w).expect("a DOWN after the holder's demonitor");
        assert_eq!(
            v.message,
            format!(
                "monitor {} of {t} delivered a DOWN after demonitor",
                refs[0]
            )
        );
    }
}
