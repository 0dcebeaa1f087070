//! The one door for nondeterminism. Every choice the kernel makes between several
//! possibilities is one call to a [`Chooser`]; nothing else in a run may consult an RNG.
//! Choice 0 is always the default (the FIFO order, no fault, no jitter), so a zeroed or
//! shortened schedule is a simpler one.
//!
//! A choice is a [`ChoicePoint`]: its kind, its number of options and, on request, what each
//! option is ([`Pick`]: which process runs, which signal is delivered, who is killed). The
//! kernel records every decision as a [`Decision`] — kind, options, pick and what the pick
//! was — so that a replay notices the first decision that no longer matches
//! ([`Divergence`]), whatever the counts.

use crate::ids::Pid;
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use std::fmt;

pub use crate::schedule::{Divergence, Schedule};

/// What a choice is about (lets a strategy treat kinds differently).
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum ChoiceKind {
    /// Which action runs next: deliver one in-flight signal, or run a runnable process.
    Step,
    /// At a scheduling point inside a running process: 0 keeps it running, k > 0 switches.
    Preempt,
    /// A random draw requested by process code (`Proc::random`).
    User,
    /// A fault: how many milliseconds late a timer fires (0 on time; never early: the
    /// BEAM never ends a wait before its time). Only with [`crate::Inject::jitter_ms`].
    Jitter,
    /// A fault: before a step, 0 kills nobody, k > 0 kills the k-th live process with
    /// `:kill`. Only with [`crate::Inject::kills`].
    Kill,
    /// A fault: a signal just sent is held back k ms (0: not at all), and every later
    /// signal that must not overtake it waits behind it. Only with
    /// [`crate::Inject::delay_ms`].
    Delay,
}

impl ChoiceKind {
    /// Every kind, in declaration order.
    pub const ALL: [ChoiceKind; 6] = [
        ChoiceKind::Step,
        ChoiceKind::Preempt,
        ChoiceKind::User,
        ChoiceKind::Jitter,
        ChoiceKind::Kill,
        ChoiceKind::Delay,
    ];

    /// The word schedule files use.
    pub fn name(self) -> &'static str {
        match self {
            ChoiceKind::Step => "step",
            ChoiceKind::Preempt => "preempt",
            ChoiceKind::User => "user",
            ChoiceKind::Jitter => "jitter",
            ChoiceKind::Kill => "kill",
            ChoiceKind::Delay => "delay",
        }
    }

    /// The kind a schedule file's word names.
    pub fn from_name(s: &str) -> Option<ChoiceKind> {
        ChoiceKind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// True for the kinds that inject a fault (off unless [`crate::Inject`] asks).
    pub fn is_fault(self) -> bool {
        matches!(
            self,
            ChoiceKind::Jitter | ChoiceKind::Kill | ChoiceKind::Delay
        )
    }
}

/// What one option of a choice does, as far as the kernel can name it. Identities are
/// per-run (pids, signal send numbers), so they are the same in every replay of a run.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Pick {
    /// Run this process (a `Step`), or switch to it.
    Run(Pid),
    /// Keep running this process (option 0 of a `Preempt`).
    Continue(Pid),
    /// Deliver the in-flight signal with this send number to this receiver.
    Deliver {
        /// The signal's send number in the run.
        seq: u64,
        /// Its receiver.
        to: Pid,
        /// An exit signal (which may kill the receiver), not a message or a DOWN.
        exit: bool,
    },
    /// Kill this process (a `Kill` fault).
    Kill(Pid),
    /// A number: a user draw, a jitter or delay option, "no kill".
    Value(u32),
}

impl Pick {
    /// The process this option acts for (the receiver of a delivery), if any: what PCT
    /// gives priorities to.
    pub fn owner(self) -> Option<Pid> {
        match self {
            Pick::Run(p) | Pick::Continue(p) | Pick::Kill(p) => Some(p),
            Pick::Deliver { to, .. } => Some(to),
            Pick::Value(_) => None,
        }
    }
}

impl fmt::Display for Pick {
    /// The compact form of schedule files: `run5`, `cont5`, `sig12>5` (a message or a
    /// DOWN), `exit12>5` (an exit signal), `kill5`, `=3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pick::Run(p) => write!(f, "run{}", p.0),
            Pick::Continue(p) => write!(f, "cont{}", p.0),
            Pick::Deliver {
                seq,
                to,
                exit: false,
            } => write!(f, "sig{seq}>{}", to.0),
            Pick::Deliver {
                seq,
                to,
                exit: true,
            } => write!(f, "exit{seq}>{}", to.0),
            Pick::Kill(p) => write!(f, "kill{}", p.0),
            Pick::Value(v) => write!(f, "={v}"),
        }
    }
}

impl Pick {
    /// Reads the form `Display` writes.
    pub fn parse(s: &str) -> Option<Pick> {
        let pid = |t: &str| t.parse::<u32>().ok().map(Pid);
        if let Some(v) = s.strip_prefix('=') {
            return v.parse().ok().map(Pick::Value);
        }
        for (prefix, exit) in [("sig", false), ("exit", true)] {
            if let Some(rest) = s.strip_prefix(prefix) {
                let (seq, to) = rest.split_once('>')?;
                return Some(Pick::Deliver {
                    seq: seq.parse().ok()?,
                    to: pid(to)?,
                    exit,
                });
            }
        }
        for (prefix, make) in [
            ("run", Pick::Run as fn(Pid) -> Pick),
            ("cont", Pick::Continue),
            ("kill", Pick::Kill),
        ] {
            if let Some(rest) = s.strip_prefix(prefix) {
                return pid(rest).map(make);
            }
        }
        None
    }
}

/// One choice the kernel asks for: `n >= 2` options of one kind. `label(i)` says what
/// option `i` is; strategies that care about identities (PCT, the exhaustive search's
/// sleep sets, a checking replay) ask, others need not (it costs a lookup).
pub struct ChoicePoint<'a> {
    /// What the choice is about.
    pub kind: ChoiceKind,
    /// The number of options (at least 2).
    pub n: usize,
    /// The number of decisions taken before this one in the run.
    pub index: usize,
    labels: &'a mut dyn FnMut(usize) -> Pick,
}

impl<'a> ChoicePoint<'a> {
    /// A choice point whose options are named by `labels`.
    pub fn new(
        kind: ChoiceKind,
        n: usize,
        index: usize,
        labels: &'a mut dyn FnMut(usize) -> Pick,
    ) -> Self {
        ChoicePoint {
            kind,
            n,
            index,
            labels,
        }
    }
    /// What option `i < n` is.
    pub fn label(&mut self, i: usize) -> Pick {
        (self.labels)(i)
    }
}

/// The source of every decision. `choose` is only called with `n >= 2`, and must return a
/// value below `n`.
pub trait Chooser {
    /// Picks one of `at.n` possibilities.
    fn choose(&mut self, at: &mut ChoicePoint<'_>) -> usize;
    /// For replaying choosers: the first decision where the replay stopped matching the
    /// recorded run, if it did (asked when the run has ended).
    fn divergence(&self) -> Option<Divergence> {
        None
    }
}

/// Always choice 0: the FIFO default schedule.
#[derive(Default, Debug, Clone)]
pub struct FifoChooser;

impl Chooser for FifoChooser {
    fn choose(&mut self, _at: &mut ChoicePoint<'_>) -> usize {
        0
    }
}

/// Uniform draws from a ChaCha8 stream seeded by a `u64`: the same seed gives the same
/// decisions on every machine. Fault kinds are rarer than uniform (see
/// [`RandomChooser::choose`]).
#[derive(Debug, Clone)]
pub struct RandomChooser {
    rng: ChaCha8Rng,
}

/// One kill decision in this many, on average, kills somebody: a kill is asked before every
/// step, so about one process dies early in a run of a few hundred steps.
pub const KILL_ODDS: u64 = 64;
/// One signal in this many, on average, is delayed.
pub const DELAY_ODDS: u64 = 8;

impl RandomChooser {
    /// A chooser for `seed`.
    pub fn new(seed: u64) -> Self {
        RandomChooser {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// A uniform draw below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        // Lemire's multiply-shift: one draw per choice, bias below 2^-32 for our n.
        ((u128::from(self.rng.next_u64()) * n as u128) >> 64) as usize
    }

    /// A fault decision: 0 (no fault) except once in `odds`, then a uniform non-zero option.
    fn rare(&mut self, odds: u64, n: usize) -> usize {
        if self.below(odds as usize) == 0 {
            1 + self.below(n - 1)
        } else {
            0
        }
    }
}

impl Chooser for RandomChooser {
    /// Uniform over the options, except for kills and delays: asked at every step and every
    /// send, uniform draws would kill at the first step and delay almost every signal, so a
    /// kill happens once in [`KILL_ODDS`] asks and a delay once in [`DELAY_ODDS`].
    fn choose(&mut self, at: &mut ChoicePoint<'_>) -> usize {
        match at.kind {
            ChoiceKind::Kill => self.rare(KILL_ODDS, at.n),
            ChoiceKind::Delay => self.rare(DELAY_ODDS, at.n),
            ChoiceKind::Step | ChoiceKind::Preempt | ChoiceKind::User | ChoiceKind::Jitter => {
                self.below(at.n)
            }
        }
    }
}

/// Replays a recorded [`Schedule`].
///
/// * [`ReplayChooser::new`] checks: each decision must have the recorded kind and number of
///   options, and its pick must name the recorded process or signal. The first one that does
///   not, a run that needs more decisions than recorded, or one that leaves some unused, is
///   the [`Divergence`] (the replay goes on as best it can: the recorded pick when in range,
///   else 0).
/// * [`ReplayChooser::prefix`] only replays picks, for a shrinker that cuts and edits
///   schedules on purpose: past the end it chooses 0, a pick out of range becomes the last
///   option, and nothing is a divergence.
#[derive(Debug, Clone)]
pub struct ReplayChooser {
    schedule: Schedule,
    pos: usize,
    strict: bool,
    divergence: Option<Divergence>,
}

impl ReplayChooser {
    /// A checking replay of `schedule`.
    pub fn new(schedule: &Schedule) -> Self {
        ReplayChooser {
            schedule: schedule.clone(),
            pos: 0,
            strict: true,
            divergence: None,
        }
    }

    /// A lenient replay of `schedule`'s picks, default choices past its end.
    pub fn prefix(schedule: &Schedule) -> Self {
        ReplayChooser {
            strict: false,
            ..ReplayChooser::new(schedule)
        }
    }

    fn diverge(&mut self, d: impl FnOnce() -> Divergence) {
        if self.strict && self.divergence.is_none() {
            self.divergence = Some(d());
        }
    }
}

impl Chooser for ReplayChooser {
    fn choose(&mut self, at: &mut ChoicePoint<'_>) -> usize {
        let i = self.pos;
        self.pos += 1;
        let n = at.n;
        let Some(recorded) = self.schedule.decisions.get(i).copied() else {
            self.diverge(|| Divergence::past_end(i, at.kind, n));
            return 0;
        };
        let pick = recorded.pick as usize;
        if !self.strict {
            return pick.min(n - 1);
        }
        if pick >= n {
            self.diverge(|| Divergence::mismatch(i, recorded, at.kind, n, None));
            return 0;
        }
        if let Some(known) = recorded.at {
            let found = at.label(pick);
            if known.kind != at.kind || known.n as usize != n || known.label != found {
                self.diverge(|| Divergence::mismatch(i, recorded, at.kind, n, Some(found)));
            }
        }
        pick
    }

    fn divergence(&self) -> Option<Divergence> {
        if let Some(d) = &self.divergence {
            return Some(d.clone());
        }
        let len = self.schedule.len();
        (self.strict && self.pos < len).then(|| Divergence::unused(self.pos, len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Decision;

    fn point<R>(kind: ChoiceKind, n: usize, f: impl FnOnce(&mut ChoicePoint<'_>) -> R) -> R {
        let mut labels = |i: usize| Pick::Run(Pid(10 + i as u32));
        f(&mut ChoicePoint::new(kind, n, 0, &mut labels))
    }

    #[test]
    fn random_chooser_is_reproducible_and_in_range() {
        let mut a = RandomChooser::new(7);
        let mut b = RandomChooser::new(7);
        let xs: Vec<usize> = (0..100)
            .map(|_| point(ChoiceKind::Step, 3, |p| a.choose(p)))
            .collect();
        let ys: Vec<usize> = (0..100)
            .map(|_| point(ChoiceKind::Step, 3, |p| b.choose(p)))
            .collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().all(|&x| x < 3));
        assert!(xs.contains(&0) && xs.contains(&1) && xs.contains(&2));
    }

    #[test]
    fn kills_are_rare_and_jitter_is_uniform() {
        let mut r = RandomChooser::new(1);
        let kills = (0..6400)
            .filter(|_| point(ChoiceKind::Kill, 5, |p| r.choose(p)) != 0)
            .count();
        assert!((50..150).contains(&kills), "about 1 in 64: {kills}");
        let late = (0..1000)
            .filter(|_| point(ChoiceKind::Jitter, 3, |p| r.choose(p)) != 0)
            .count();
        assert!(late > 600, "2 of 3 options jitter: {late}");
    }

    #[test]
    fn picks_read_back_as_written() {
        for p in [
            Pick::Run(Pid(5)),
            Pick::Continue(Pid(0)),
            Pick::Deliver {
                seq: 12,
                to: Pid(3),
                exit: false,
            },
            Pick::Deliver {
                seq: 13,
                to: Pid(3),
                exit: true,
            },
            Pick::Kill(Pid(7)),
            Pick::Value(4),
        ] {
            assert_eq!(Pick::parse(&p.to_string()), Some(p), "{p}");
        }
        for bad in ["", "run", "sig12", "x5", "=a", "sig1>x"] {
            assert_eq!(Pick::parse(bad), None, "{bad}");
        }
    }

    fn recorded(kind: ChoiceKind, n: u32, pick: u32, label: Pick) -> Decision {
        Decision::known(kind, n, pick, label)
    }

    #[test]
    fn a_checking_replay_reports_the_first_decision_that_differs() {
        let s = Schedule::new(vec![
            recorded(ChoiceKind::Step, 3, 1, Pick::Run(Pid(11))),
            recorded(ChoiceKind::Step, 3, 2, Pick::Run(Pid(99))),
        ]);
        let mut r = ReplayChooser::new(&s);
        assert_eq!(point(ChoiceKind::Step, 3, |p| r.choose(p)), 1);
        assert_eq!(r.divergence.clone(), None);
        // Same kind, same count, but option 2 is another process now.
        assert_eq!(point(ChoiceKind::Step, 3, |p| r.choose(p)), 2);
        let d = r.divergence().unwrap();
        assert_eq!(d.index, 1);
        assert!(d.to_string().contains("decision #1"), "{d}");
        assert!(d.to_string().contains("run99"), "{d}");
    }

    #[test]
    fn a_checking_replay_reports_a_schedule_too_short_or_too_long() {
        let s = Schedule::from_picks(vec![1]);
        let mut r = ReplayChooser::new(&s);
        point(ChoiceKind::Step, 2, |p| r.choose(p));
        assert_eq!(r.divergence(), None);
        assert_eq!(point(ChoiceKind::Step, 2, |p| r.choose(p)), 0);
        let d = r.divergence().unwrap();
        assert!(d.to_string().contains("ends after 1 decision"), "{d}");

        let long = Schedule::from_picks(vec![1, 0, 1]);
        let mut r = ReplayChooser::new(&long);
        point(ChoiceKind::Step, 2, |p| r.choose(p));
        let d = r.divergence().unwrap();
        assert!(d.to_string().contains("2 of its 3 decisions unused"), "{d}");
    }

    #[test]
    fn a_prefix_replay_pads_with_zero_and_clamps() {
        let s = Schedule::from_picks(vec![1, 5]);
        let mut r = ReplayChooser::prefix(&s);
        assert_eq!(point(ChoiceKind::Step, 2, |p| r.choose(p)), 1);
        assert_eq!(point(ChoiceKind::Step, 2, |p| r.choose(p)), 1);
        assert_eq!(point(ChoiceKind::Step, 2, |p| r.choose(p)), 0);
        assert_eq!(r.divergence(), None);
    }
}
