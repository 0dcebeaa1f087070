//! `await`, `yield`, `await_many`, `yield_many` and `GenServer.call` never return after their
//! deadline and never time out before it (SEMANTICS §2.2, §2.4–§2.6, §5.11).

use super::{Check, Watch};
use model::events::{ModelEvent, ModelEventKind, WaitOp, WaitResult};
use sim::{Event, Pid, Term, Time, Timeout};

/// Pairs `wait.begin` / `wait.end` events (same process, same id) and checks their times.
#[derive(Default)]
pub struct WaitDeadlines {
    open: Vec<(Pid, Term, Time, Option<u64>)>,
    /// How late a wait may end: 0, or the jitter of a run whose timers may fire late.
    late_ms: u64,
}

impl WaitDeadlines {
    /// The check for a run whose timers may fire up to `ms` late (timing jitter): a wait
    /// may end up to `ms` past its deadline, and still never time out before it.
    pub fn late_by(ms: u32) -> WaitDeadlines {
        WaitDeadlines {
            open: Vec::new(),
            late_ms: u64::from(ms),
        }
    }
}

impl Check for WaitDeadlines {
    fn name(&self) -> &'static str {
        "wait-deadline"
    }

    fn watches(&self) -> &'static [Watch] {
        &[
            Watch::Model(ModelEventKind::WaitBegin),
            Watch::Model(ModelEventKind::WaitEnd),
        ]
    }

    fn reset(&mut self) {
        self.open.clear();
    }

    fn on_event(&mut self, ev: &Event) -> Result<(), String> {
        let (Some(m), Some(pid)) = (ModelEvent::of(&ev.kind), ev.pid) else {
            return Ok(());
        };
        let (op, id, result) = match m {
            ModelEvent::WaitBegin { op, id, timeout } => {
                // A shutdown's timeout is a grace period before `:kill`, not a deadline.
                if *op != WaitOp::Shutdown {
                    let timeout = match timeout {
                        Timeout::Ms(ms) => Some(*ms),
                        Timeout::Infinity => None,
                    };
                    self.open.push((pid, id.clone(), ev.time, timeout));
                }
                return Ok(());
            }
            ModelEvent::WaitEnd { op, id, result } => (op, id, result),
            ModelEvent::TaskSpawn { .. }
            | ModelEvent::SupInit { .. }
            | ModelEvent::SupStart { .. }
            | ModelEvent::SupStartError { .. }
            | ModelEvent::SupExit { .. }
            | ModelEvent::SupRestart { .. }
            | ModelEvent::SupGiveUp { .. }
            | ModelEvent::SupTerminate { .. }
            | ModelEvent::SupKill { .. }
            | ModelEvent::SupShutdownError { .. } => return Ok(()),
        };
        let Some(i) = self
            .open
            .iter()
            .position(|(p, i, _, _)| *p == pid && i == id)
        else {
            return Ok(());
        };
        let (_, _, start, timeout) = self.open.swap_remove(i);
        let Some(ms) = timeout else { return Ok(()) };
        let op = op.name();
        let deadline = start.plus_ms(ms);
        let timed_out = *result == WaitResult::Timeout;
        if ev.time > deadline.plus_ms(self.late_ms) {
            return Err(format!(
                "{op} on {id} began at {start} with timeout {ms} but ended at {}",
                ev.time
            ));
        }
        if timed_out && ev.time < deadline {
            return Err(format!(
                "{op} on {id} timed out at {} before its deadline {deadline}",
                ev.time
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::Monitors;
    use super::super::test_support::*;
    use super::*;

    fn begin(r: sim::Ref, ms: i64) -> Term {
        Term::tuple([Term::atom("await"), Term::Ref(r), Term::Int(ms)])
    }
    fn end(r: sim::Ref, result: Term) -> Term {
        Term::tuple([Term::atom("await"), Term::Ref(r), result])
    }
    fn check(t: &TraceBuilder) -> Option<super::super::Violation> {
        Monitors::new(vec![Box::new(WaitDeadlines::default())]).check_trace(&t.events)
    }

    #[test]
    fn reports_a_reply_after_the_deadline() {
        let (pids, refs) = pids_and_refs();
        let mut t = TraceBuilder::new();
        t.user(10, pids[0], WAIT_BEGIN, begin(refs[0], 100));
        let ok = Term::tuple([Term::atom("ok"), Term::Int(1)]);
        t.user(111, pids[0], WAIT_END, end(refs[0], ok));
        let v = check(&t).unwrap();
        assert_eq!(v.check, "wait-deadline");
        assert_eq!(
            v.message,
            format!(
                "await on {} began at 10.000ms with timeout 100 but ended at 111.000ms",
                refs[0]
            )
        );
    }

    /// Under timing jitter of J ms a wait may end up to J ms late, not more, and still
    /// never time out early.
    #[test]
    fn jitter_allows_lateness_up_to_its_bound_and_never_earliness() {
        let (pids, refs) = pids_and_refs();
        let with = |late: u32, t: &TraceBuilder| {
            Monitors::new(vec![Box::new(WaitDeadlines::late_by(late))]).check_trace(&t.events)
        };
        let mut t = TraceBuilder::new();
        t.user(0, pids[0], WAIT_BEGIN, begin(refs[0], 100));
        t.user(103, pids[0], WAIT_END, end(refs[0], Term::atom("timeout")));
        assert_eq!(with(5, &t), None);
        assert_eq!(with(3, &t), None);
        assert!(with(2, &t).is_some());
        assert!(check(&t).is_some());
        let mut early = TraceBuilder::new();
        early.user(0, pids[0], WAIT_BEGIN, begin(refs[0], 100));
        early.user(99, pids[0], WAIT_END, end(refs[0], Term::atom("timeout")));
        assert!(with(5, &early).is_some());
    }

    #[test]
    fn reports_a_timeout_before_the_deadline_and_accepts_one_at_it() {
        let (pids, refs) = pids_and_refs();
        let mut t = TraceBuilder::new();
        t.user(0, pids[0], WAIT_BEGIN, begin(refs[0], 100));
        t.user(99, pids[0], WAIT_END, end(refs[0], Term::atom("timeout")));
        assert!(
            check(&t)
                .unwrap()
                .message
                .contains("timed out at 99.000ms before its deadline 100.000ms")
        );

        let mut ok = TraceBuilder::new();
        ok.user(0, pids[0], WAIT_BEGIN, begin(refs[0], 100));
        ok.user(100, pids[0], WAIT_END, end(refs[0], Term::atom("timeout")));
        assert_eq!(check(&ok), None);
    }
}
