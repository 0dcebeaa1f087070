//! Restart counts and give-up moments match the policy (SEMANTICS §4.2, §4.6, §4.7). The
//! monitor keeps its own record of restart stamps per supervisor — written from SEMANTICS,
//! sharing no code with the supervisors — and checks every attempt the supervisor makes.

use super::{Check, Watch};
use model::child_spec::Restart;
use model::events::{ModelEvent, ModelEventKind};
use sim::{Event, Pid, Term};
use std::collections::BTreeMap;

#[derive(Default)]
struct Policy {
    max_restarts: i64,
    max_seconds: i64,
    /// Stamps (whole seconds) of attempts, newest last.
    stamps: Vec<i64>,
    /// An exit that must lead to one attempt, in the handling of that same exit.
    owed: u32,
    /// Failed restarts to retry. OTP retries through a cast to itself, which queues behind
    /// whatever is in the mailbox already: other exits may be handled first.
    retries: u32,
    /// The last attempt was followed by a start error: one retry is owed.
    in_restart: bool,
}

/// Checks each supervisor's restart attempts against an independent count.
#[derive(Default)]
pub struct RestartPolicy {
    sups: BTreeMap<Pid, Policy>,
}

fn counts(reason: &Term, restart: Restart) -> bool {
    let normalish =
        reason.is_atom("normal") || reason.is_atom("shutdown") || reason.is_tagged("shutdown", 2);
    match restart {
        Restart::Permanent => true,
        Restart::Transient => !normalish,
        Restart::Temporary => false,
    }
}

impl Check for RestartPolicy {
    fn name(&self) -> &'static str {
        "restart-policy"
    }

    fn watches(&self) -> &'static [Watch] {
        &[
            Watch::Model(ModelEventKind::SupInit),
            Watch::Model(ModelEventKind::SupExit),
            Watch::Model(ModelEventKind::SupStartError),
            Watch::Model(ModelEventKind::SupRestart),
            Watch::Model(ModelEventKind::SupGiveUp),
        ]
    }

    fn reset(&mut self) {
        // (An empty `BTreeMap` still walks its root to clear: most runs start no
        // supervisor.)
        if !self.sups.is_empty() {
            self.sups.clear();
        }
    }

    fn on_event(&mut self, ev: &Event) -> Result<(), String> {
        let (Some(m), Some(sup)) = (ModelEvent::of(&ev.kind), ev.pid) else {
            return Ok(());
        };
        let secs = (ev.time.as_secs()) as i64;
        let (gave_up, reported) = match m {
            ModelEvent::SupInit {
                max_restarts,
                max_seconds,
                ..
            } => {
                let p = Policy {
                    max_restarts: i64::from(*max_restarts),
                    max_seconds: i64::try_from(*max_seconds).unwrap_or(i64::MAX),
                    ..Policy::default()
                };
                self.sups.insert(sup, p);
                return Ok(());
            }
            ModelEvent::SupExit {
                id,
                reason,
                restart,
                ..
            } => {
                let Some(p) = self.sups.get_mut(&sup) else {
                    return Ok(());
                };
                if p.owed > 0 {
                    return Err(format!(
                        "supervisor {sup} handled the exit of {id} before its owed restart attempt"
                    ));
                }
                p.in_restart = false;
                if counts(reason, *restart) {
                    p.owed += 1;
                }
                return Ok(());
            }
            ModelEvent::SupStartError { .. } => {
                if let Some(p) = self.sups.get_mut(&sup)
                    && p.in_restart
                {
                    p.retries += 1;
                    p.in_restart = false;
                }
                return Ok(());
            }
            ModelEvent::SupRestart { in_window, .. } => (false, Some(*in_window)),
            ModelEvent::SupGiveUp { .. } => (true, None),
            ModelEvent::WaitBegin { .. }
            | ModelEvent::WaitEnd { .. }
            | ModelEvent::TaskSpawn { .. }
            | ModelEvent::SupStart { .. }
            | ModelEvent::SupTerminate { .. }
            | ModelEvent::SupKill { .. }
            | ModelEvent::SupShutdownError { .. } => return Ok(()),
        };
        let Some(p) = self.sups.get_mut(&sup) else {
            return Ok(());
        };
        if p.owed > 0 {
            p.owed -= 1;
        } else if p.retries > 0 {
            p.retries -= 1;
        } else {
            return Err(format!(
                "supervisor {sup} made a restart attempt nothing called for"
            ));
        }
        // semantics §4.6: keep stamps t with now - t <= max_seconds, add now, compare.
        p.stamps
            .retain(|t| secs.saturating_sub(*t) <= p.max_seconds);
        p.stamps.push(secs);
        let n = p.stamps.len() as i64;
        let gives_up = n > p.max_restarts;
        if gave_up && !gives_up {
            return Err(format!(
                "supervisor {sup} gave up with {n} restarts in {}s, within its limit of {}",
                p.max_seconds, p.max_restarts
            ));
        }
        if let Some(reported) = reported {
            if gives_up {
                return Err(format!(
                    "supervisor {sup} restarted although this is restart {n} within {}s (limit {})",
                    p.max_seconds, p.max_restarts
                ));
            }
            if reported as i64 != n {
                return Err(format!(
                    "supervisor {sup} counted {reported} restarts in its window, expected {n}"
                ));
            }
            p.in_restart = true;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), String> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::Monitors;
    use super::super::test_support::*;
    use super::*;

    fn init(max: i64, secs: i64) -> Term {
        Term::tuple([
            Term::atom("static"),
            Term::atom("one_for_one"),
            Term::Int(max),
            Term::Int(secs),
        ])
    }
    fn exit(child: Pid) -> Term {
        Term::tuple([
            Term::atom("b"),
            Term::Pid(child),
            Term::atom("boom"),
            Term::atom("permanent"),
        ])
    }
    fn restart(n: i64) -> Term {
        Term::tuple([Term::atom("b"), Term::Int(n)])
    }
    fn check(t: &TraceBuilder) -> Option<super::super::Violation> {
        Monitors::new(vec![Box::new(RestartPolicy::default())]).check_trace(&t.events)
    }

    #[test]
    fn reports_a_restart_past_the_limit_and_a_premature_give_up() {
        let (pids, _) = pids_and_refs();
        let (sup, child) = (pids[0], pids[1]);
        // max_restarts 1 in 1 s: crashes at 0.2 s and 1.0 s (stamps 0 and 1) trip.
        let mut t = TraceBuilder::new();
        t.user(0, sup, SUP_INIT, init(1, 1));
        t.user(200, sup, SUP_EXIT, exit(child))
            .user(200, sup, SUP_RESTART, restart(1));
        t.user(1000, sup, SUP_EXIT, exit(child))
            .user(1000, sup, SUP_RESTART, restart(2));
        let v = check(&t).unwrap();
        assert_eq!(v.check, "restart-policy");
        assert!(
            v.message.contains("restart 2 within 1s (limit 1)"),
            "{}",
            v.message
        );

        // 2.1 s apart (stamps 0 and 2): giving up is wrong.
        let mut g = TraceBuilder::new();
        g.user(0, sup, SUP_INIT, init(1, 1));
        g.user(200, sup, SUP_EXIT, exit(child))
            .user(200, sup, SUP_RESTART, restart(1));
        g.user(2300, sup, SUP_EXIT, exit(child))
            .user(2300, sup, SUP_GIVE_UP, Term::atom("b"));
        assert!(
            check(&g)
                .unwrap()
                .message
                .contains("gave up with 1 restarts in 1s, within its limit of 1")
        );

        // A transient :shutdown does not call for any attempt.
        let mut s = TraceBuilder::new();
        s.user(0, sup, SUP_INIT, init(3, 5));
        let shut = Term::tuple([
            Term::atom("b"),
            Term::Pid(child),
            Term::atom("shutdown"),
            Term::atom("transient"),
        ]);
        s.user(10, sup, SUP_EXIT, shut)
            .user(10, sup, SUP_RESTART, restart(1));
        assert!(check(&s).unwrap().message.contains("nothing called for"));
    }
}
