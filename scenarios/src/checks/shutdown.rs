//! Supervisors stop children in reverse start order (static `Supervisor`, SEMANTICS §4.5)
//! and escalate to `:kill` exactly when the shutdown timeout passes (§4.4), never earlier,
//! never for `:brutal_kill` or `:infinity`.

use super::{Check, Watch};
use model::child_spec::{Restart, ShutdownSpec};
use model::events::{ModelEvent, ModelEventKind, SupKind};
use sim::{Event, EventKind, Pid, Term, Time};
use std::collections::BTreeMap;

#[derive(Default)]
struct SupState {
    is_static: bool,
    /// Child ids in start order. A restarted child keeps its place (OTP keeps the child
    /// list in spec order; a probe on OTP 25 stops a, b, c with b restarted as c, b, a);
    /// only a new child (`start_child`) goes to the end.
    started: Vec<Term>,
    /// Start-order position of the last child terminated in the current batch.
    last_terminated: Option<usize>,
    /// The children terminated in the current batch. A batch is what the supervisor does
    /// for one message (an EXIT, a `terminate_child` call, a stop); the DOWNs and EXITs of
    /// the children it is stopping belong to it, anything else it receives starts another.
    batch: Vec<Pid>,
    /// Children being shut down: pid → (signal time, shutdown).
    pending: BTreeMap<Pid, (Time, ShutdownSpec)>,
}

/// Checks termination order and kill escalation timing.
pub struct ShutdownOrder {
    sups: BTreeMap<Pid, SupState>,
    /// How late an escalation may come: `Some(0)`, the jitter of a run whose timers may
    /// fire late (the supervisor's shutdown timer among them), or `None` (no bound) when
    /// signals may be held back: a `DynamicSupervisor` starts its one timer after it has
    /// unlinked every child, and each unlink may wait for a held signal.
    late_ms: Option<u64>,
}

impl Default for ShutdownOrder {
    fn default() -> Self {
        ShutdownOrder::late_by(Some(0))
    }
}

impl ShutdownOrder {
    /// The check for a run whose escalations may come up to `ms` late (`None`: any time
    /// after they are due).
    pub fn late_by(ms: Option<u32>) -> ShutdownOrder {
        ShutdownOrder {
            sups: BTreeMap::new(),
            late_ms: ms.map(u64::from),
        }
    }
}

impl Check for ShutdownOrder {
    fn name(&self) -> &'static str {
        "shutdown-order"
    }

    fn watches(&self) -> &'static [Watch] {
        &[
            Watch::Model(ModelEventKind::SupInit),
            Watch::Model(ModelEventKind::SupStart),
            Watch::Model(ModelEventKind::SupTerminate),
            Watch::Model(ModelEventKind::SupExit),
            Watch::Model(ModelEventKind::SupKill),
            Watch::Kernel("receive"),
        ]
    }

    fn reset(&mut self) {
        // (As `RestartPolicy::reset`: most runs start no supervisor.)
        if !self.sups.is_empty() {
            self.sups.clear();
        }
    }

    fn on_event(&mut self, ev: &Event) -> Result<(), String> {
        if let (EventKind::Receive { msg }, Some(sup)) = (&ev.kind, ev.pid)
            && let Some(s) = self.sups.get_mut(&sup)
        {
            let of_batch = match msg.as_tuple() {
                Some([tag, ..]) if tag.is_atom("DOWN") => true,
                Some([tag, Term::Pid(p), _]) if tag.is_atom("EXIT") => s.batch.contains(p),
                _ => false,
            };
            if !of_batch {
                s.last_terminated = None;
                s.batch.clear();
            }
            return Ok(());
        }
        let (Some(m), Some(sup)) = (ModelEvent::of(&ev.kind), ev.pid) else {
            return Ok(());
        };
        match m {
            ModelEvent::SupInit { kind, .. } => {
                self.sups.insert(
                    sup,
                    SupState {
                        is_static: *kind == SupKind::Static,
                        ..SupState::default()
                    },
                );
            }
            ModelEvent::SupStart { id, .. } => {
                let Some(s) = self.sups.get_mut(&sup) else {
                    return Ok(());
                };
                if !s.started.contains(id) {
                    s.started.push(id.clone());
                }
                s.last_terminated = None;
            }
            ModelEvent::SupTerminate {
                id,
                pid: child,
                shutdown,
                ..
            } => {
                let Some(s) = self.sups.get_mut(&sup) else {
                    return Ok(());
                };
                s.pending.insert(*child, (ev.time, *shutdown));
                s.batch.push(*child);
                if s.is_static
                    && let Some(pos) = s.started.iter().position(|x| x == id)
                {
                    if let Some(last) = s.last_terminated
                        && pos > last
                    {
                        return Err(format!(
                            "supervisor {sup} stopped {id} after {}, but {id} was started later",
                            s.started[last]
                        ));
                    }
                    s.last_terminated = Some(pos);
                }
            }
            // A temporary child that exits is forgotten: its id may come back as a new child.
            ModelEvent::SupExit { id, restart, .. } => {
                if let Some(s) = self.sups.get_mut(&sup)
                    && *restart == Restart::Temporary
                {
                    s.started.retain(|x| x != id);
                }
            }
            ModelEvent::SupKill { id, pid: child } => {
                let Some(s) = self.sups.get_mut(&sup) else {
                    return Ok(());
                };
                let Some((at, shutdown)) = s.pending.remove(child) else {
                    return Err(format!(
                        "supervisor {sup} killed {id} without asking it to shut down first"
                    ));
                };
                let ShutdownSpec::Ms(ms) = shutdown else {
                    return Err(format!(
                        "supervisor {sup} escalated to :kill for {id} with shutdown {}",
                        shutdown.to_term()
                    ));
                };
                let due = at.plus_ms(ms);
                if ev.time < due || self.late_ms.is_some_and(|late| ev.time > due.plus_ms(late)) {
                    return Err(format!(
                        "supervisor {sup} killed {id} at {}, not at {due} (shutdown {ms} ms from {at})",
                        ev.time
                    ));
                }
            }
            ModelEvent::WaitBegin { .. }
            | ModelEvent::WaitEnd { .. }
            | ModelEvent::TaskSpawn { .. }
            | ModelEvent::SupStartError { .. }
            | ModelEvent::SupRestart { .. }
            | ModelEvent::SupGiveUp { .. }
            | ModelEvent::SupShutdownError { .. } => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::Monitors;
    use super::super::test_support::*;
    use super::*;

    fn check(t: &TraceBuilder) -> Option<super::super::Violation> {
        Monitors::new(vec![Box::new(ShutdownOrder::default())]).check_trace(&t.events)
    }

    #[test]
    fn reports_forward_order_and_an_early_kill() {
        let (pids, _) = pids_and_refs();
        let (sup, a, b) = (pids[0], pids[1], pids[2]);
        let init = Term::tuple([
            Term::atom("static"),
            Term::atom("one_for_all"),
            Term::Int(3),
            Term::Int(5),
        ]);
        let start = |id: &'static str, p: Pid| Term::tuple([Term::atom(id), Term::Pid(p)]);
        let term = |id: &'static str, p: Pid| {
            Term::tuple([
                Term::atom(id),
                Term::Pid(p),
                Term::atom("shutdown"),
                Term::Int(100),
            ])
        };
        let mut t = TraceBuilder::new();
        t.user(0, sup, SUP_INIT, init.clone())
            .user(0, sup, SUP_START, start("a", a))
            .user(0, sup, SUP_START, start("b", b));
        t.user(5, sup, SUP_TERMINATE, term("a", a))
            .user(5, sup, SUP_TERMINATE, term("b", b));
        let v = check(&t).unwrap();
        assert_eq!(
            v.message,
            format!("supervisor {sup} stopped :b after :a, but :b was started later")
        );

        // terminate_child(:a), then (another message) the whole supervisor stops: :b alone.
        let mut two = TraceBuilder::new();
        two.user(0, sup, SUP_INIT, init.clone())
            .user(0, sup, SUP_START, start("a", a))
            .user(0, sup, SUP_START, start("b", b));
        let call = Term::tuple([Term::atom("$gen_call"), Term::nil(), Term::nil()]);
        two.at(1, Some(sup), EventKind::Receive { msg: call });
        two.user(1, sup, SUP_TERMINATE, term("a", a));
        let down = Term::tuple([
            Term::atom("DOWN"),
            Term::nil(),
            Term::atom("process"),
            Term::Pid(a),
            Term::atom("shutdown"),
        ]);
        two.at(1, Some(sup), EventKind::Receive { msg: down });
        let parent_exit =
            Term::tuple([Term::atom("EXIT"), Term::Pid(pids[3]), Term::atom("normal")]);
        two.at(2, Some(sup), EventKind::Receive { msg: parent_exit });
        two.user(2, sup, SUP_TERMINATE, term("b", b));
        assert_eq!(check(&two), None);

        // A restarted child keeps its place: a, b (restarted), then stopped as b, a.
        let mut r = TraceBuilder::new();
        r.user(0, sup, SUP_INIT, init.clone())
            .user(0, sup, SUP_START, start("a", a))
            .user(0, sup, SUP_START, start("b", b));
        r.user(3, sup, SUP_START, start("b", pids[3]));
        r.user(5, sup, SUP_TERMINATE, term("b", pids[3]))
            .user(5, sup, SUP_TERMINATE, term("a", a));
        assert_eq!(check(&r), None);

        let init2 = init.clone();
        let mut k = TraceBuilder::new();
        k.user(0, sup, SUP_INIT, init)
            .user(0, sup, SUP_START, start("a", a));
        k.user(5, sup, SUP_TERMINATE, term("a", a));
        k.user(
            104,
            sup,
            SUP_KILL,
            Term::tuple([Term::atom("a"), Term::Pid(a)]),
        );
        let v = check(&k).unwrap();
        assert!(
            v.message
                .contains("killed :a at 104.000ms, not at 105.000ms"),
            "{}",
            v.message
        );

        // Late: wrong without faults; within the jitter allowed, past it not; any time
        // under held signals; early never.
        let kill_at = |ms: u64| {
            let mut k = TraceBuilder::new();
            k.user(0, sup, SUP_INIT, init2.clone())
                .user(0, sup, SUP_START, start("a", a));
            k.user(5, sup, SUP_TERMINATE, term("a", a));
            k.user(
                ms,
                sup,
                SUP_KILL,
                Term::tuple([Term::atom("a"), Term::Pid(a)]),
            );
            k
        };
        let with = |late: Option<u32>, t: &TraceBuilder| {
            Monitors::new(vec![Box::new(ShutdownOrder::late_by(late))]).check_trace(&t.events)
        };
        assert!(check(&kill_at(107)).is_some());
        assert_eq!(with(Some(2), &kill_at(107)), None);
        assert!(with(Some(1), &kill_at(107)).is_some());
        assert_eq!(with(None, &kill_at(500)), None);
        assert!(with(None, &kill_at(104)).is_some());
    }
}
