//! Virtual time never goes backwards, and steps only go forwards.

use super::{Check, Tick, Watch};
use sim::Event;

/// Each event's time is at or after the previous one's; steps never decrease. It is told
/// only when the clock moves ([`Check::on_time`]: a new instant, or a step that went back),
/// not fed every event: within an instant whose steps go forwards there is nothing to see.
#[derive(Default)]
pub struct TimeMonotonic;

impl Check for TimeMonotonic {
    fn name(&self) -> &'static str {
        "time-monotonic"
    }
    fn watches(&self) -> &'static [Watch] {
        &[Watch::Any]
    }
    fn feeds(&self) -> &'static [Watch] {
        &[]
    }
    fn times(&self) -> bool {
        true
    }
    fn on_time(&mut self, t: Tick) -> Result<(), String> {
        if t.now < t.last {
            return Err(format!("time went back from {} to {}", t.last, t.now));
        }
        if t.step < t.last_step {
            return Err(format!("step went back from {} to {}", t.last_step, t.step));
        }
        Ok(())
    }
    fn reset(&mut self) {}
    fn on_event(&mut self, _: &Event) -> Result<(), String> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::Monitors;
    use super::super::test_support::TraceBuilder;
    use super::*;
    use sim::EventKind;

    fn verdict(t: &TraceBuilder) -> Option<super::super::Violation> {
        Monitors::new(vec![Box::new(TimeMonotonic)]).check_trace(&t.events)
    }

    #[test]
    fn reports_time_going_back() {
        let mut t = TraceBuilder::new();
        t.at(5, None, EventKind::ReceiveTimeout)
            .at(4, None, EventKind::ReceiveTimeout);
        let v = verdict(&t).unwrap();
        assert_eq!(v.check, "time-monotonic");
        assert_eq!(v.message, "time went back from 5.000ms to 4.000ms");
        assert_eq!(v.step, 2);
    }

    #[test]
    fn reports_a_step_going_back_within_an_instant() {
        let mut t = TraceBuilder::new();
        t.at(5, None, EventKind::ReceiveTimeout)
            .at(5, None, EventKind::ReceiveTimeout)
            .at(5, None, EventKind::ReceiveTimeout);
        t.events[2].step = 1;
        let v = verdict(&t).unwrap();
        assert_eq!(v.check, "time-monotonic");
        assert_eq!(v.message, "step went back from 2 to 1");
        assert_eq!(v.step, 1);
        // Steps that go forwards within an instant, and times that do, are fine.
        t.events[2].step = 3;
        assert_eq!(verdict(&t), None);
    }
}
