//! Online invariant monitors over the trace. Each [`Check`] sees every event as it happens
//! (through `Sim::observe`) and may report a [`Violation`]; `finish` runs once at the end of
//! the run for properties about what must eventually have happened. The same monitors serve
//! the cargo-test runner, `otpsim explore` and the fuzzer, whatever strategy drives the run.

mod down_once;
mod links;
mod restarts;
mod shutdown;
mod signals;
mod time;
mod waits;

pub use down_once::DownOnce;
pub use links::LinkedTasksDie;
pub use restarts::RestartPolicy;
pub use shutdown::ShutdownOrder;
pub use signals::{ExitSignals, PairFifo};
pub use time::TimeMonotonic;
pub use waits::WaitDeadlines;

use sim::{Event, Sim, Time};
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

/// A broken invariant: which check, where in the run, and what it saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The check's name.
    pub check: &'static str,
    /// Step of the event that showed it (the last step for end-of-run checks).
    pub step: u64,
    /// Virtual time of that event.
    pub time: Time,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} violated at step {} ({}): {}",
            self.check, self.step, self.time, self.message
        )
    }
}

/// An invariant monitor.
pub trait Check {
    /// Short name, used in reports.
    fn name(&self) -> &'static str;
    /// Sees one event.
    fn on_event(&mut self, ev: &Event) -> Result<(), String>;
    /// Called once when the run has ended.
    fn finish(&mut self) -> Result<(), String> {
        Ok(())
    }
}

/// A set of checks that keeps the first violation.
pub struct Monitors {
    checks: Vec<Box<dyn Check>>,
    first: Option<Violation>,
    last: (u64, Time),
}

impl Monitors {
    /// The given checks.
    pub fn new(checks: Vec<Box<dyn Check>>) -> Monitors {
        Monitors {
            checks,
            first: None,
            last: (0, Time::ZERO),
        }
    }

    /// Every check of this library.
    pub fn standard() -> Monitors {
        Monitors::new(vec![
            Box::new(TimeMonotonic::default()),
            Box::new(WaitDeadlines::default()),
            Box::new(DownOnce::default()),
            Box::new(LinkedTasksDie::default()),
            Box::new(RestartPolicy::default()),
            Box::new(ShutdownOrder::default()),
            Box::new(PairFifo::default()),
            Box::new(ExitSignals::default()),
        ])
    }

    /// Feeds one event to every check.
    pub fn on_event(&mut self, ev: &Event) {
        self.last = (ev.step, ev.time);
        if self.first.is_some() {
            return;
        }
        for c in &mut self.checks {
            if let Err(message) = c.on_event(ev) {
                self.first = Some(Violation {
                    check: c.name(),
                    step: ev.step,
                    time: ev.time,
                    message,
                });
                return;
            }
        }
    }

    /// Ends the run; returns the first violation, if any.
    pub fn finish(&mut self) -> Option<Violation> {
        if self.first.is_none() {
            for c in &mut self.checks {
                if let Err(message) = c.finish() {
                    self.first = Some(Violation {
                        check: c.name(),
                        step: self.last.0,
                        time: self.last.1,
                        message,
                    });
                    break;
                }
            }
        }
        self.first.clone()
    }

    /// Feeds a whole recorded trace and finishes (for checking a trace after the fact).
    pub fn check_trace(mut self, events: &[Event]) -> Option<Violation> {
        for e in events {
            self.on_event(e);
        }
        self.finish()
    }

    /// Attaches these monitors to `sim`; the handle gives the verdict after the run.
    pub fn attach(self, sim: &mut Sim) -> Rc<RefCell<Monitors>> {
        let shared = Rc::new(RefCell::new(self));
        let s = shared.clone();
        sim.observe(move |ev| s.borrow_mut().on_event(ev));
        shared
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use sim::{Event, EventKind, Pid, Term, Time};

    /// Builds hand-made traces for the violation tests.
    pub struct TraceBuilder {
        pub events: Vec<Event>,
        step: u64,
    }

    impl TraceBuilder {
        pub fn new() -> Self {
            TraceBuilder {
                events: Vec::new(),
                step: 0,
            }
        }
        pub fn at(&mut self, ms: u64, pid: Option<Pid>, kind: EventKind) -> &mut Self {
            self.step += 1;
            self.events.push(Event {
                step: self.step,
                time: Time::from_ms(ms),
                pid,
                kind,
            });
            self
        }
        pub fn user(&mut self, ms: u64, pid: Pid, tag: &'static str, data: Term) -> &mut Self {
            self.at(ms, Some(pid), EventKind::User { tag, data })
        }
    }

    /// Real pids and refs come only from a run: take some from a tiny one.
    pub fn pids_and_refs() -> (Vec<Pid>, Vec<sim::Ref>) {
        use std::cell::RefCell;
        use std::rc::Rc;
        let out = Rc::new(RefCell::new((Vec::new(), Vec::new())));
        let o = out.clone();
        let mut sim = sim::Sim::fifo();
        sim.spawn(move |p| async move {
            let mut pids = vec![p.pid()];
            for _ in 0..3 {
                pids.push(p.spawn(|_c| async {}).await);
            }
            let refs = (0..4).map(|_| p.make_ref()).collect();
            *o.borrow_mut() = (pids, refs);
        });
        sim.run();
        out.borrow().clone()
    }
}
