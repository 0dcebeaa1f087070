//! Virtual time never goes backwards, and steps only go forwards.

use super::{Check, Watch};
use sim::{Event, Time};

/// Each event's time is at or after the previous one's; steps never decrease.
#[derive(Default)]
pub struct TimeMonotonic {
    last: Option<(u64, Time)>,
}

impl Check for TimeMonotonic {
    fn name(&self) -> &'static str {
        "time-monotonic"
    }
    fn watches(&self) -> &'static [Watch] {
        &[Watch::Any]
    }
    fn reset(&mut self) {
        self.last = None;
    }
    fn on_event(&mut self, ev: &Event) -> Result<(), String> {
        if let Some((step, time)) = self.last {
            if ev.time < time {
                return Err(format!("time went back from {time} to {}", ev.time));
            }
            if ev.step < step {
                return Err(format!("step went back from {step} to {}", ev.step));
            }
        }
        self.last = Some((ev.step, ev.time));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::Monitors;
    use super::super::test_support::TraceBuilder;
    use super::*;
    use sim::EventKind;

    #[test]
    fn reports_time_going_back() {
        let mut t = TraceBuilder::new();
        t.at(5, None, EventKind::ReceiveTimeout)
            .at(4, None, EventKind::ReceiveTimeout);
        let v = Monitors::new(vec![Box::new(TimeMonotonic::default())])
            .check_trace(&t.events)
            .unwrap();
        assert_eq!(v.check, "time-monotonic");
        assert_eq!(v.message, "time went back from 5.000ms to 4.000ms");
        assert_eq!(v.step, 2);
    }
}
