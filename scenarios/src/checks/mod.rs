//! Online invariant monitors over the trace. Each [`Check`] sees the events of the kinds it
//! is fed as they happen (through `Sim::observe`), and may be told when time moves on; it
//! may report a [`Violation`]; `finish` runs once at the end of the run for properties
//! about what must eventually have happened. The same monitors serve
//! the cargo-test runner, `otpsim explore` and the fuzzer, whatever strategy drives the run.

mod down_once;
mod links;
mod pids;
mod restarts;
mod shutdown;
mod signals;
mod time;
mod waits;

pub use down_once::DownOnce;
pub use links::LinkedTasksDie;
pub use restarts::RestartPolicy;
pub use shutdown::ShutdownOrder;
pub use signals::SignalChecks;
pub use time::TimeMonotonic;
pub use waits::WaitDeadlines;

use model::events::{ModelEvent, ModelEventKind};
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

/// The first Rust panic of a run's process code, as a violation named `rust-panic`: a
/// panic is a bug of the program under test, never an Elixir crash.
pub fn panic_violation(report: &sim::Report) -> Option<Violation> {
    report.panics.first().map(|p| Violation {
        check: "rust-panic",
        step: p.step,
        time: p.time,
        message: p.to_string(),
    })
}

/// A kind of trace event a check reads.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Watch {
    /// Every event (a check of the trace as a whole).
    Any,
    /// A kernel event, by [`sim::EventKind::name`].
    Kernel(&'static str),
    /// A model event.
    Model(ModelEventKind),
}

impl Watch {
    /// The kinds of event it covers, as a set of [`kind_bit`]s.
    fn bits(self) -> u64 {
        match self {
            Watch::Any => u64::MAX,
            Watch::Kernel(name) => match sim::EventKind::NAMES.iter().position(|n| *n == name) {
                Some(i) => 1 << i,
                None => panic!("a check watches `{name}`, which is no kernel event"),
            },
            Watch::Model(kind) => 1 << (MODEL_BITS + kind as u32),
        }
    }

    /// True if `ev` is of this kind.
    pub fn covers(self, ev: &Event) -> bool {
        self.bits() & kind_bit(ev) != 0
    }
}

impl std::fmt::Display for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Watch::Any => f.write_str("any event"),
            Watch::Kernel(name) => write!(f, "kernel `{name}`"),
            Watch::Model(kind) => write!(f, "model `{}`", kind.tag()),
        }
    }
}

/// Where the model events' bits start in a [`kind_bit`] set: after the kernel's.
const MODEL_BITS: u32 = sim::EventKind::NAMES.len() as u32;
const _: () = assert!(MODEL_BITS as usize + ModelEventKind::ALL.len() <= 64);

/// `ev`'s kind as one bit: a kernel event by its [`sim::EventKind::index`], a model event
/// by its [`ModelEventKind`].
fn kind_bit(ev: &Event) -> u64 {
    1 << kind_index(ev)
}

/// The position of `ev`'s [`kind_bit`].
fn kind_index(ev: &Event) -> usize {
    match ModelEvent::of(&ev.kind) {
        Some(m) => MODEL_BITS as usize + m.kind() as usize,
        None => ev.kind.index(),
    }
}

/// Which checks each kind of event goes to, in one table: the indices of the checks fed on
/// kind `k`, in order, are `table[table[k]..table[k + 1]]` (the first 65 entries are where
/// each kind's list starts). An event then costs only the checks that read it: most read a
/// few kinds, and a run has a dozen kinds of event.
struct Routes {
    table: Box<[u32]>,
}

impl Routes {
    /// The routes for checks fed on `feeds` (per check, a set of [`kind_bit`]s).
    fn new(feeds: &[u64]) -> Routes {
        let mut table = vec![0u32; 65];
        for k in 0..64 {
            table[k] = table.len() as u32;
            let fed = (0..feeds.len()).filter(|&i| (feeds[i] >> k) & 1 == 1);
            table.extend(fed.map(|i| i as u32));
        }
        table[64] = table.len() as u32;
        Routes {
            table: table.into(),
        }
    }

    /// The checks fed on events of kind `k` (a [`kind_index`]), in order.
    fn of(&self, k: usize) -> &[u32] {
        &self.table[self.table[k] as usize..self.table[k + 1] as usize]
    }
}

/// The [`kind_bit`]s of `watches`. Monitors are built for every run, so each list's bits
/// are worked out once per thread (the lists are statics: one address each).
fn feed_bits(watches: &'static [Watch]) -> u64 {
    thread_local! {
        static KNOWN: RefCell<Vec<(usize, usize, u64)>> = const { RefCell::new(Vec::new()) };
    }
    let key = (watches.as_ptr() as usize, watches.len());
    KNOWN.with_borrow_mut(|known| {
        if let Some(&(_, _, bits)) = known.iter().find(|(p, n, _)| (*p, *n) == key) {
            return bits;
        }
        let bits = watches.iter().fold(0, |bits, w| bits | w.bits());
        known.push((key.0, key.1, bits));
        bits
    })
}

/// Where the clock stands at an event where it moved ([`Check::on_time`]): that event's
/// step and time, and the event before's (step 0 at time zero before a run's first).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    pub step: u64,
    pub now: Time,
    pub last_step: u64,
    pub last: Time,
}

/// An invariant monitor.
pub trait Check {
    /// Short name, used in reports.
    fn name(&self) -> &'static str;
    /// The name its last failure is reported under: its own, unless it is several checks
    /// in one (which then says which of them failed).
    fn blame(&self) -> &'static str {
        self.name()
    }
    /// The kinds of events its verdicts depend on. A test runs the catalogue and fails if
    /// a check saw none of one of them: a model change that stops an event cannot switch a
    /// monitor off unnoticed.
    fn watches(&self) -> &'static [Watch];
    /// The kinds of events it is fed: by default those it watches. A check that reads
    /// more says so here; an event of no kind listed never reaches it. (A check that only
    /// needs to see time pass asks for [`Check::on_time`] instead of every event.)
    fn feeds(&self) -> &'static [Watch] {
        self.watches()
    }
    /// Sees one event of a kind it [`feeds`](Check::feeds) on.
    fn on_event(&mut self, ev: &Event) -> Result<(), String>;
    /// True if it is told when the clock moves ([`Check::on_time`]).
    fn times(&self) -> bool {
        false
    }
    /// The clock moved ([`Tick`]): called (if [`Check::times`]) at the first event of each
    /// later instant (and at an event whose step is before the last one's), where that
    /// event would reach it in the order of the checks, before it is fed that event. A
    /// check of what must have happened by some time reports it here, at that event,
    /// without being fed every event to see time pass.
    fn on_time(&mut self, _tick: Tick) -> Result<(), String> {
        Ok(())
    }
    /// Forgets the run it followed, to follow the next one as a new check would (a
    /// monitor kept from run to run reuses its buffers).
    fn reset(&mut self);
    /// Called once when the run has ended.
    fn finish(&mut self) -> Result<(), String> {
        Ok(())
    }
}

/// A set of checks that keeps the first violation.
pub struct Monitors {
    checks: Vec<Box<dyn Check>>,
    /// Per kind of event, the checks fed on it.
    routes: Routes,
    /// The checks told when time moves on ([`Check::times`]), in order.
    timed: Vec<u32>,
    first: Option<Violation>,
    last: (u64, Time),
    /// When counting ([`Monitors::counting`]): per check, per watched kind, events seen.
    seen: Option<Vec<Vec<u64>>>,
}

impl Monitors {
    /// The given checks.
    pub fn new(checks: Vec<Box<dyn Check>>) -> Monitors {
        let feeds: Vec<u64> = checks.iter().map(|c| feed_bits(c.feeds())).collect();
        let timed = (0..checks.len() as u32)
            .filter(|&i| checks[i as usize].times())
            .collect();
        Monitors {
            checks,
            routes: Routes::new(&feeds),
            timed,
            first: None,
            last: (0, Time::ZERO),
            seen: None,
        }
    }

    /// Also counts, per check, the events of each kind it watches ([`Monitors::coverage`]).
    pub fn counting(mut self) -> Monitors {
        self.seen = Some(
            self.checks
                .iter()
                .map(|c| vec![0; c.watches().len()])
                .collect(),
        );
        self
    }

    /// Per check, each kind it watches and how many such events it was fed (empty unless
    /// [`Monitors::counting`]).
    pub fn coverage(&self) -> Vec<(&'static str, Watch, u64)> {
        let Some(seen) = &self.seen else {
            return Vec::new();
        };
        self.checks
            .iter()
            .zip(seen)
            .flat_map(|(c, counts)| {
                c.watches()
                    .iter()
                    .zip(counts)
                    .map(|(w, n)| (c.name(), *w, *n))
            })
            .collect()
    }

    /// Every check of this library.
    pub fn standard() -> Monitors {
        Monitors::standard_for(sim::Inject::default())
    }

    /// Every check of this library, for runs with the faults `inject`: where a fault makes
    /// something late by design (a timer up to `jitter_ms`, a signal up to `delay_ms`), the
    /// checks of its timing allow that much and no more. Nothing may ever come early.
    pub fn standard_for(inject: sim::Inject) -> Monitors {
        Monitors::new(vec![
            Box::new(TimeMonotonic),
            Box::new(WaitDeadlines::late_by(inject.jitter_ms)),
            Box::new(DownOnce::default()),
            Box::new(LinkedTasksDie::late_by(inject.delay_ms)),
            Box::new(RestartPolicy::default()),
            Box::new(ShutdownOrder::late_by(
                (inject.delay_ms == 0).then_some(inject.jitter_ms),
            )),
            Box::new(SignalChecks::default()),
        ])
    }

    /// Feeds one event to every check.
    pub fn on_event(&mut self, ev: &Event) {
        let (last_step, last) = self.last;
        // A step that goes back is the clock moving too: a timed check sees it.
        let moved = ev.time != last || ev.step < last_step;
        self.last = (ev.step, ev.time);
        if self.seen.is_some() {
            self.count(ev);
        }
        if self.first.is_some() {
            return;
        }
        let routed = self.routes.of(kind_index(ev));
        let verdict = if moved && !self.timed.is_empty() {
            let tick = Tick {
                step: ev.step,
                now: ev.time,
                last_step,
                last,
            };
            Self::feed_and_tell(&mut self.checks, routed, &self.timed, ev, tick)
        } else {
            Self::feed(&mut self.checks, routed, ev)
        };
        if let Err((i, message)) = verdict {
            self.violated(i, ev, message);
        }
    }

    /// Counts `ev` for each check that watches its kind ([`Monitors::counting`]). Apart
    /// from [`Monitors::on_event`], as the violation is: what runs for every event is
    /// kept small.
    #[inline(never)]
    fn count(&mut self, ev: &Event) {
        let Some(seen) = &mut self.seen else { return };
        for (c, counts) in self.checks.iter().zip(seen.iter_mut()) {
            for (w, n) in c.watches().iter().zip(counts.iter_mut()) {
                if w.covers(ev) {
                    *n += 1;
                }
            }
        }
    }

    /// Check `i` failed at `ev`.
    #[cold]
    #[inline(never)]
    fn violated(&mut self, i: u32, ev: &Event, message: String) {
        self.first = Some(Violation {
            check: self.checks[i as usize].blame(),
            step: ev.step,
            time: ev.time,
            message,
        });
    }

    /// `ev` to each of the `routed` checks, in order, up to the first that fails.
    fn feed(
        checks: &mut [Box<dyn Check>],
        routed: &[u32],
        ev: &Event,
    ) -> Result<(), (u32, String)> {
        for &i in routed {
            checks[i as usize].on_event(ev).map_err(|m| (i, m))?;
        }
        Ok(())
    }

    /// [`Monitors::feed`] at an event where the clock moved (the first of a later instant,
    /// or one whose step went back): the `timed` checks are told too, in check order (a
    /// check that is both is told first).
    #[inline(never)]
    fn feed_and_tell(
        checks: &mut [Box<dyn Check>],
        routed: &[u32],
        timed: &[u32],
        ev: &Event,
        tick: Tick,
    ) -> Result<(), (u32, String)> {
        let (mut r, mut t) = (0, 0);
        while r < routed.len() || t < timed.len() {
            if t < timed.len() && (r == routed.len() || timed[t] <= routed[r]) {
                let i = timed[t];
                checks[i as usize].on_time(tick).map_err(|m| (i, m))?;
                t += 1;
            } else {
                let i = routed[r];
                checks[i as usize].on_event(ev).map_err(|m| (i, m))?;
                r += 1;
            }
        }
        Ok(())
    }

    /// Forgets the run they followed, to follow the next one as new monitors would.
    pub fn reset(&mut self) {
        for c in &mut self.checks {
            c.reset();
        }
        self.first = None;
        self.last = (0, Time::ZERO);
        if let Some(seen) = &mut self.seen {
            seen.iter_mut().flatten().for_each(|n| *n = 0);
        }
    }

    /// Ends a run that `outcome` ended: a halted run (a script that ended, cutting off what
    /// still ran) owes nothing that would have happened later, so the checks of what must
    /// eventually happen are skipped; otherwise as [`Monitors::finish`].
    pub fn finish_after(&mut self, outcome: &sim::Outcome) -> Option<Violation> {
        if matches!(outcome, sim::Outcome::Halted { .. }) {
            return self.first.clone();
        }
        self.finish()
    }

    /// Ends the run; returns the first violation, if any.
    pub fn finish(&mut self) -> Option<Violation> {
        if self.first.is_none() {
            for c in &mut self.checks {
                if let Err(message) = c.finish() {
                    self.first = Some(Violation {
                        check: c.blame(),
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
        Monitors::observe(&shared, sim);
        shared
    }

    /// Makes `monitors` follow `sim`'s run (a set kept from run to run stays in place).
    pub fn observe(monitors: &Rc<RefCell<Monitors>>, sim: &mut Sim) {
        let s = monitors.clone();
        sim.observe(move |ev| s.borrow_mut().on_event(ev));
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use model::events::ModelEventKind as K;
    use sim::{Event, EventKind, Pid, Term, Time};

    // The trace tags of model events, for writing hand-made traces (`TraceBuilder::user`).
    pub const WAIT_BEGIN: &str = K::WaitBegin.tag();
    pub const WAIT_END: &str = K::WaitEnd.tag();
    pub const TASK_SPAWN: &str = K::TaskSpawn.tag();
    pub const SUP_INIT: &str = K::SupInit.tag();
    pub const SUP_START: &str = K::SupStart.tag();
    pub const SUP_EXIT: &str = K::SupExit.tag();
    pub const SUP_RESTART: &str = K::SupRestart.tag();
    pub const SUP_GIVE_UP: &str = K::SupGiveUp.tag();
    pub const SUP_TERMINATE: &str = K::SupTerminate.tag();
    pub const SUP_KILL: &str = K::SupKill.tag();

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
        /// A model event, written as its trace line's tag and data.
        pub fn user(&mut self, ms: u64, pid: Pid, tag: &'static str, data: Term) -> &mut Self {
            let event = model::events::ModelEvent::parse(tag, &data)
                .unwrap_or_else(|e| panic!("a test wrote a bad model event: {e}"));
            self.at(ms, Some(pid), EventKind::Semantic(std::rc::Rc::new(event)))
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

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use sim::{EventKind, Term};

    /// Keeps the names of the kinds of events it is fed.
    struct Seen {
        feeds: &'static [Watch],
        got: Rc<RefCell<Vec<&'static str>>>,
    }

    impl Check for Seen {
        fn name(&self) -> &'static str {
            "seen"
        }
        fn watches(&self) -> &'static [Watch] {
            &[Watch::Kernel("exit")]
        }
        fn feeds(&self) -> &'static [Watch] {
            self.feeds
        }
        fn on_event(&mut self, ev: &Event) -> Result<(), String> {
            self.got.borrow_mut().push(ev.kind.name());
            Ok(())
        }
        fn reset(&mut self) {}
    }

    #[test]
    fn a_check_is_fed_only_the_kinds_it_feeds_on() {
        let (pids, _) = pids_and_refs();
        let mut t = TraceBuilder::new();
        t.at(0, Some(pids[0]), EventKind::Log { text: "hi".into() });
        let init = [
            Term::atom("static"),
            Term::atom("one_for_one"),
            Term::Int(3),
            Term::Int(5),
        ];
        t.user(0, pids[0], SUP_INIT, Term::tuple(init));
        let exit = EventKind::Exit {
            reason: Term::atom("normal"),
        };
        t.at(1, Some(pids[0]), exit);
        let fed = |feeds: &'static [Watch]| {
            let got = Rc::new(RefCell::new(Vec::new()));
            let seen = Seen {
                feeds,
                got: got.clone(),
            };
            assert_eq!(
                Monitors::new(vec![Box::new(seen)]).check_trace(&t.events),
                None
            );
            got.take()
        };
        assert_eq!(fed(&[Watch::Kernel("exit")]), ["exit"]);
        assert_eq!(fed(&[Watch::Model(ModelEventKind::SupInit)]), ["semantic"]);
        assert_eq!(fed(&[Watch::Any]), ["log", "semantic", "exit"]);
    }

    /// A check that logs its number, and fails on the `fail_at`-th event it is fed. If
    /// `timed`, it logs 10 + its number when told the time, and fails the `fail_at`-th
    /// time it is told.
    struct Numbered {
        n: usize,
        feeds: &'static [Watch],
        log: Rc<RefCell<Vec<usize>>>,
        fail_at: Option<usize>,
        fed: usize,
        timed: bool,
        told: usize,
    }

    /// Monitors of one [`Numbered`] check for each of `feeds`, in order; check `who`
    /// fails at its `at`-th event (or telling, if timed) when `fail` is `Some((who, at))`.
    fn numbered(
        feeds: &[&'static [Watch]],
        log: &Rc<RefCell<Vec<usize>>>,
        fail: Option<(usize, usize)>,
        timed: impl Fn(usize) -> bool,
    ) -> Monitors {
        let checks = feeds.iter().enumerate().map(|(n, feeds)| {
            Box::new(Numbered {
                n,
                feeds,
                log: log.clone(),
                fail_at: fail.and_then(|(who, at)| (who == n).then_some(at)),
                fed: 0,
                timed: timed(n),
                told: 0,
            }) as Box<dyn Check>
        });
        Monitors::new(checks.collect())
    }

    impl Check for Numbered {
        fn name(&self) -> &'static str {
            ["zero", "one", "two", "three"][self.n]
        }
        fn watches(&self) -> &'static [Watch] {
            self.feeds
        }
        fn on_event(&mut self, _: &Event) -> Result<(), String> {
            self.log.borrow_mut().push(self.n);
            self.fed += 1;
            match self.fail_at {
                Some(at) if at == self.fed && !self.timed => Err("failed".into()),
                _ => Ok(()),
            }
        }
        fn times(&self) -> bool {
            self.timed
        }
        fn on_time(&mut self, _: Tick) -> Result<(), String> {
            self.log.borrow_mut().push(10 + self.n);
            self.told += 1;
            match self.fail_at {
                Some(at) if at == self.told => Err("late".into()),
                _ => Ok(()),
            }
        }
        fn reset(&mut self) {}
    }

    /// A check that wants the time is told at the first event of each later instant (and
    /// at a step that goes back: `time.rs`'s tests), in its place among the checks fed that
    /// event (before its own feed), and nowhere else; what it reports there is reported at
    /// that event.
    #[test]
    fn a_timed_check_is_told_when_time_moves_in_check_order() {
        let (pids, _) = pids_and_refs();
        let exit = EventKind::Exit {
            reason: Term::atom("normal"),
        };
        let mut t = TraceBuilder::new();
        t.at(0, Some(pids[0]), EventKind::Log { text: "a".into() });
        t.at(1, Some(pids[0]), exit.clone());
        t.at(1, Some(pids[1]), exit);
        t.at(2, Some(pids[0]), EventKind::Log { text: "b".into() });
        let log = Rc::new(RefCell::new(Vec::new()));
        let feeds: [&'static [Watch]; 3] = [
            &[Watch::Kernel("exit")],
            &[Watch::Any],
            &[Watch::Kernel("log")],
        ];
        let checks = |fail| numbered(&feeds, &log, fail, |n| n != 1);
        assert_eq!(checks(None).check_trace(&t.events), None);
        assert_eq!(
            log.take(),
            [
                1, 2, /* 1ms */ 10, 0, 1, 12, /* still 1ms */ 0, 1, /* 2ms */ 10, 1,
                12, 2
            ]
        );
        // Two fails the second time it is told (at 2ms): one was fed that event before.
        let v = checks(Some((2, 2)))
            .check_trace(&t.events)
            .expect("a violation");
        assert_eq!((v.check, v.step, v.message.as_str()), ("two", 4, "late"));
        assert_eq!(log.take(), [1, 2, 10, 0, 1, 12, 0, 1, 10, 1, 12]);
    }

    /// Checks fed on the same kind see each event in the order they were given, and the
    /// first of them to fail is the one reported.
    #[test]
    fn checks_sharing_a_kind_are_fed_in_order_and_the_first_failure_wins() {
        let (pids, _) = pids_and_refs();
        let mut t = TraceBuilder::new();
        let exit = EventKind::Exit {
            reason: Term::atom("normal"),
        };
        t.at(0, Some(pids[0]), EventKind::Log { text: "a".into() });
        t.at(1, Some(pids[0]), exit.clone());
        t.at(2, Some(pids[1]), exit);
        let log = Rc::new(RefCell::new(Vec::new()));
        let feeds: [&'static [Watch]; 4] = [
            &[Watch::Kernel("exit")],
            &[Watch::Any],
            &[Watch::Kernel("log")],
            &[Watch::Kernel("log"), Watch::Kernel("exit")],
        ];
        let checks = |fail| numbered(&feeds, &log, fail, |_| false);
        assert_eq!(checks(None).check_trace(&t.events), None);
        assert_eq!(log.take(), [1, 2, 3, 0, 1, 3, 0, 1, 3]);
        // Three fails at its second event (the first exit): zero and one saw that exit
        // first, and nothing is fed after the failure.
        let v = checks(Some((3, 2)))
            .check_trace(&t.events)
            .expect("a violation");
        assert_eq!((v.check, v.step), ("three", 2));
        assert_eq!(log.take(), [1, 2, 3, 0, 1, 3]);
    }

    #[test]
    #[should_panic(expected = "a check watches `exits`, which is no kernel event")]
    fn a_misspelt_kernel_kind_is_caught_when_the_monitors_are_built() {
        let seen = Seen {
            feeds: &[Watch::Kernel("exits")],
            got: Rc::default(),
        };
        let _ = Monitors::new(vec![Box::new(seen)]);
    }
}
