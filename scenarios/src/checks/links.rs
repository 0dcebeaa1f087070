//! No linked task outlives a crashed owner (SEMANTICS §2.3, §1.4): when the owner of a
//! `Task.async` task exits with a reason other than `:normal`, the task — unless it was
//! unlinked first, or traps exits — is dead before virtual time moves on.

use super::pids::{PidMap, PidSet};
use super::{Check, Tick, Watch};
use crate::small::SmallMap;
use model::events::{ModelEvent, ModelEventKind};
use sim::{Event, EventKind, Pid, Term, Time};

struct TaskInfo {
    owner: Pid,
    linked: bool,
    trapping: bool,
    dead: bool,
}

/// Tracks `task.spawn` events, unlinks, trap flags and exits.
#[derive(Default)]
pub struct LinkedTasksDie {
    tasks: SmallMap<Pid, TaskInfo>,
    /// Tasks that must be dead before time passes `.2`, because their owner crashed at
    /// `.1` with `.3`.
    owed: Vec<(Pid, Time, Time, Term)>,
    /// Every process that exited: a task may run and die before its owner announces it
    /// (`task.spawn` comes after the start message, which is a scheduling point).
    exited: PidSet,
    /// Every process's trap flag, for the same reason.
    trapping: PidMap<bool>,
    /// How long after its owner a task may still live: 0, or how long a run's faults may
    /// hold a signal back (the owner's exit signal among them).
    late_ms: u64,
}

impl LinkedTasksDie {
    /// The check for a run whose signals may be held back up to `ms`.
    pub fn late_by(ms: u32) -> LinkedTasksDie {
        LinkedTasksDie {
            late_ms: u64::from(ms),
            ..LinkedTasksDie::default()
        }
    }

    fn settle(&mut self, now: Option<Time>) -> Result<(), String> {
        if self.owed.is_empty() {
            return Ok(());
        }
        for (task, crashed, at, reason) in &self.owed {
            let alive = self
                .tasks
                .get(task)
                .is_some_and(|t| !t.dead && t.linked && !t.trapping);
            let overdue = now.is_none_or(|n| n > *at);
            if alive && overdue {
                return Err(format!(
                    "task {task} outlived its owner, which crashed at {crashed} with {reason}"
                ));
            }
        }
        self.owed.retain(|(task, _, at, _)| {
            now.is_some_and(|n| n <= *at) && self.tasks.get(task).is_none_or(|t| !t.dead)
        });
        Ok(())
    }
}

impl Check for LinkedTasksDie {
    fn name(&self) -> &'static str {
        "linked-tasks-die"
    }

    fn watches(&self) -> &'static [Watch] {
        &[
            Watch::Model(ModelEventKind::TaskSpawn),
            Watch::Kernel("exit"),
            Watch::Kernel("unlink"),
            Watch::Kernel("trap_exit"),
        ]
    }

    /// And deliveries: the owner's exit signal's delivery unlinks a trapping task.
    fn feeds(&self) -> &'static [Watch] {
        &[
            Watch::Model(ModelEventKind::TaskSpawn),
            Watch::Kernel("exit"),
            Watch::Kernel("unlink"),
            Watch::Kernel("trap_exit"),
            Watch::Kernel("deliver"),
        ]
    }

    /// A task still alive when time passes its owner's crash is reported at the first
    /// event after.
    fn times(&self) -> bool {
        true
    }

    fn on_time(&mut self, tick: Tick) -> Result<(), String> {
        self.settle(Some(tick.now))
    }

    fn reset(&mut self) {
        self.tasks.clear();
        self.owed.clear();
        self.exited.clear();
        self.trapping.clear();
    }

    fn on_event(&mut self, ev: &Event) -> Result<(), String> {
        // The owner's exit signal reached a trapping task as a message: the link is gone,
        // and the task lives on whatever it does next.
        if let EventKind::Deliver { from, to, msg } = &ev.kind
            && let Some([tag, Term::Pid(p), _]) = msg.as_tuple()
            && tag.is_atom("EXIT")
            && p == from
            && let Some(t) = self.tasks.get_mut(to)
            && t.owner == *from
        {
            t.linked = false;
        }
        let Some(pid) = ev.pid else { return Ok(()) };
        match &ev.kind {
            EventKind::Semantic(_) => {
                if let Some(ModelEvent::TaskSpawn {
                    pid: task,
                    owner,
                    linked: true,
                    ..
                }) = ModelEvent::of(&ev.kind)
                {
                    let info = TaskInfo {
                        owner: *owner,
                        linked: true,
                        trapping: self.trapping.get(*task).copied().unwrap_or(false),
                        dead: self.exited.contains(task),
                    };
                    self.tasks.insert(*task, info);
                }
            }
            EventKind::Unlink { to } => {
                // The owner unlinked its task, or the task its owner: two lookups, not a
                // walk over every task (a supervisor shutting down unlinks each child).
                for (task, owner) in [(*to, pid), (pid, *to)] {
                    if let Some(t) = self.tasks.get_mut(&task)
                        && t.owner == owner
                    {
                        t.linked = false;
                    }
                }
            }
            EventKind::TrapExit { on } => {
                *self.trapping.get_mut(pid) = *on;
                if let Some(t) = self.tasks.get_mut(&pid) {
                    t.trapping = *on;
                }
            }
            EventKind::Exit { reason } => {
                self.exited.insert(pid);
                if let Some(t) = self.tasks.get_mut(&pid) {
                    t.dead = true;
                }
                if !reason.is_atom("normal") {
                    let owned: Vec<Pid> = self
                        .tasks
                        .iter()
                        .filter(|(_, t)| t.owner == pid && !t.dead)
                        .map(|(p, _)| *p)
                        .collect();
                    for task in owned {
                        self.owed.push((
                            task,
                            ev.time,
                            ev.time.plus_ms(self.late_ms),
                            reason.clone(),
                        ));
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), String> {
        self.settle(None)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Monitors;
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn reports_a_task_alive_after_its_owner_crashed() {
        let (pids, refs) = pids_and_refs();
        let (owner, task) = (pids[0], pids[1]);
        let spawn = Term::tuple([Term::Pid(task), Term::Ref(refs[0]), Term::Pid(owner)]);
        let mut t = TraceBuilder::new();
        t.user(0, owner, "task.spawn", spawn.clone());
        t.at(
            5,
            Some(owner),
            EventKind::Exit {
                reason: Term::atom("boom"),
            },
        );
        t.at(
            6,
            Some(task),
            EventKind::Log {
                text: "still here".into(),
            },
        );
        let v = Monitors::new(vec![Box::new(LinkedTasksDie::default())])
            .check_trace(&t.events)
            .unwrap();
        assert_eq!(
            v.message,
            format!("task {task} outlived its owner, which crashed at 5.000ms with :boom")
        );

        // With signals held back up to 1 ms, a task alive 1 ms later is allowed; 2 ms not
        // (the message names the deadline: the crash plus the hold).
        let mut late = TraceBuilder::new();
        late.events = t.events.clone();
        late.at(
            6,
            Some(task),
            EventKind::Exit {
                reason: Term::atom("boom"),
            },
        );
        let held = |ms: u32| {
            Monitors::new(vec![Box::new(LinkedTasksDie::late_by(ms))]).check_trace(&late.events)
        };
        assert_eq!(held(1), None);
        assert!(held(0).is_some_and(|v| v.message.contains("crashed at 5.000ms")));

        // Dying at the same instant is what the link does: no violation.
        let mut ok = TraceBuilder::new();
        ok.user(0, owner, TASK_SPAWN, spawn.clone());
        ok.at(
            5,
            Some(owner),
            EventKind::Exit {
                reason: Term::atom("boom"),
            },
        );
        ok.at(
            5,
            Some(task),
            EventKind::Exit {
                reason: Term::atom("boom"),
            },
        );
        ok.at(6, None, EventKind::ReceiveTimeout);
        assert_eq!(
            Monitors::new(vec![Box::new(LinkedTasksDie::default())]).check_trace(&ok.events),
            None
        );

        // A task that died before its owner announced it is not alive.
        let mut early = TraceBuilder::new();
        early.at(
            0,
            Some(task),
            EventKind::Exit {
                reason: Term::atom("boom"),
            },
        );
        early.user(0, owner, TASK_SPAWN, spawn.clone());
        early.at(
            0,
            Some(owner),
            EventKind::Exit {
                reason: Term::atom("boom"),
            },
        );
        assert_eq!(
            Monitors::new(vec![Box::new(LinkedTasksDie::default())]).check_trace(&early.events),
            None
        );

        // A task that trapped exits before its owner announced it lives on.
        let mut trapped = TraceBuilder::new();
        trapped.at(0, Some(task), EventKind::TrapExit { on: true });
        trapped.user(0, owner, TASK_SPAWN, spawn.clone());
        trapped.at(
            5,
            Some(owner),
            EventKind::Exit {
                reason: Term::atom("boom"),
            },
        );
        trapped.at(
            6,
            Some(task),
            EventKind::Log {
                text: "fine".into(),
            },
        );
        assert_eq!(
            Monitors::new(vec![Box::new(LinkedTasksDie::default())]).check_trace(&trapped.events),
            None
        );

        // The owner's exit reached the trapping task as a message: the link is gone, so the
        // task may stop trapping and live on.
        let mut consumed = TraceBuilder::new();
        consumed.user(0, owner, TASK_SPAWN, spawn.clone());
        consumed.at(1, Some(task), EventKind::TrapExit { on: true });
        let boom = Term::atom("boom");
        consumed.at(
            5,
            Some(owner),
            EventKind::Exit {
                reason: boom.clone(),
            },
        );
        let exit_msg = Term::tuple([Term::atom("EXIT"), Term::Pid(owner), boom]);
        consumed.at(
            5,
            None,
            EventKind::Deliver {
                from: owner,
                to: task,
                msg: exit_msg,
            },
        );
        consumed.at(5, Some(task), EventKind::TrapExit { on: false });
        consumed.at(
            6,
            Some(task),
            EventKind::Log {
                text: "fine".into(),
            },
        );
        assert_eq!(
            Monitors::new(vec![Box::new(LinkedTasksDie::default())]).check_trace(&consumed.events),
            None
        );

        // An unlinked (ignored) task may live on.
        let mut ign = TraceBuilder::new();
        ign.user(0, owner, TASK_SPAWN, spawn);
        ign.at(1, Some(owner), EventKind::Unlink { to: task });
        ign.at(
            5,
            Some(owner),
            EventKind::Exit {
                reason: Term::atom("boom"),
            },
        );
        ign.at(
            6,
            Some(task),
            EventKind::Log {
                text: "fine".into(),
            },
        );
        assert_eq!(
            Monitors::new(vec![Box::new(LinkedTasksDie::default())]).check_trace(&ign.events),
            None
        );
    }
}
