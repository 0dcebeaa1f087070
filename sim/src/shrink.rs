//! Schedule shrinking: given a schedule that fails, search for a smaller one that fails the
//! same way.
//!
//! A candidate is replayed leniently ([`crate::Sim::replay_prefix`]: picks clamped to the
//! options there are, default choices past the end), and if it fails the same way, the
//! schedule its run *recorded* replaces the current one — so the result always replays
//! exactly, with a checking replay. "Smaller" is, in order: fewer injected faults, fewer
//! decisions that are not the default, smaller picks in total, fewer decisions.
//!
//! The passes, repeated until none makes progress or the budget of runs is spent: drop
//! faults (all, then one at a time), cut the tail (bisecting the length), zero decisions
//! (in halving blocks, then one at a time), lower picks, delete decisions (the ones after
//! move up a place: another interleaving of the same events).

use crate::schedule::Schedule;

/// How large a schedule is, for "smaller" (compared in this field order).
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct Size {
    /// Injected faults.
    pub faults: usize,
    /// Decisions that took another option than the default.
    pub non_default: usize,
    /// Sum of the picks.
    pub picks: u64,
    /// Decisions.
    pub len: usize,
}

impl Size {
    /// The size of `s`.
    pub fn of(s: &Schedule) -> Size {
        Size {
            faults: s.faults(),
            non_default: s.non_default(),
            picks: s.picks().map(u64::from).sum(),
            len: s.len(),
        }
    }
}

/// What a shrink found.
#[derive(Clone, Debug)]
pub struct Shrunk {
    /// The smallest failing schedule found (as recorded by its run).
    pub schedule: Schedule,
    /// Runs made.
    pub runs: usize,
}

/// The runs a shrink makes at most, unless told otherwise.
pub const DEFAULT_BUDGET: usize = 2000;

/// Shrinks `failing`. `fails(candidate)` replays a candidate leniently and returns the
/// schedule its run recorded if it failed the same way as the original, `None` otherwise.
pub fn shrink(
    failing: &Schedule,
    budget: usize,
    mut fails: impl FnMut(&Schedule) -> Option<Schedule>,
) -> Shrunk {
    let mut s = Shrinker {
        best: failing.clone(),
        runs: 0,
        budget,
        fails: &mut fails,
    };
    loop {
        let before = Size::of(&s.best);
        s.drop_faults();
        s.cut_tail();
        s.zero();
        s.lower();
        s.delete();
        if Size::of(&s.best) >= before || s.runs >= s.budget {
            break;
        }
    }
    Shrunk {
        schedule: s.best,
        runs: s.runs,
    }
}

struct Shrinker<'a> {
    best: Schedule,
    runs: usize,
    budget: usize,
    fails: &'a mut dyn FnMut(&Schedule) -> Option<Schedule>,
}

impl Shrinker<'_> {
    /// Tries a candidate; keeps what its run recorded if that fails and is smaller.
    fn try_candidate(&mut self, candidate: Schedule) -> bool {
        if self.runs >= self.budget {
            return false;
        }
        self.runs += 1;
        match (self.fails)(&candidate) {
            Some(recorded) if Size::of(&recorded) < Size::of(&self.best) => {
                self.best = recorded;
                true
            }
            _ => false,
        }
    }

    /// The current schedule with the decisions at `idx` set to `pick`.
    fn with(&self, idx: impl IntoIterator<Item = usize>, pick: u32) -> Schedule {
        let mut c = self.best.clone();
        for i in idx {
            c.decisions[i].pick = pick;
        }
        c
    }

    fn fault_positions(&self) -> Vec<usize> {
        let b = &self.best.decisions;
        (0..b.len())
            .filter(|&i| b[i].pick != 0 && b[i].kind().is_some_and(|k| k.is_fault()))
            .collect()
    }

    fn drop_faults(&mut self) {
        let all = self.fault_positions();
        if all.is_empty() || self.try_candidate(self.with(all, 0)) {
            return;
        }
        let mut i = 0;
        while let Some(&at) = self.fault_positions().get(i) {
            if !self.try_candidate(self.with([at], 0)) {
                i += 1;
            }
        }
    }

    /// The shortest failing prefix, by bisection on the length (default choices follow).
    fn cut_tail(&mut self) {
        let (mut lo, mut hi) = (0, self.best.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let prefix = Schedule::new(self.best.decisions[..mid].to_vec());
            if self.try_candidate(prefix) {
                hi = mid.min(self.best.len());
            } else {
                lo = mid + 1;
            }
            if self.runs >= self.budget {
                return;
            }
        }
    }

    fn non_default_positions(&self) -> Vec<usize> {
        let b = &self.best.decisions;
        (0..b.len()).filter(|&i| b[i].pick != 0).collect()
    }

    /// Zeroes blocks of non-default decisions, halving the block size down to one.
    fn zero(&mut self) {
        let mut block = self.non_default_positions().len().next_power_of_two();
        while block >= 1 {
            let mut start = 0;
            loop {
                let nd = self.non_default_positions();
                if start >= nd.len() {
                    break;
                }
                let end = (start + block).min(nd.len());
                if !self.try_candidate(self.with(nd[start..end].iter().copied(), 0)) {
                    start = end;
                }
                if self.runs >= self.budget {
                    return;
                }
            }
            block /= 2;
        }
    }

    /// Lowers each non-default pick: to 1, then to half, then by one.
    fn lower(&mut self) {
        let mut i = 0;
        while let Some(&at) = self.non_default_positions().get(i) {
            let p = self.best.decisions[at].pick;
            let tries = [1, p / 2, p.saturating_sub(1)];
            let mut done = false;
            for t in tries {
                if t > 0 && t < p && self.try_candidate(self.with([at], t)) {
                    done = true;
                    break;
                }
            }
            if !done {
                i += 1;
            }
            if self.runs >= self.budget {
                return;
            }
        }
    }

    /// Deletes single non-default decisions (what follows moves up).
    fn delete(&mut self) {
        let mut i = 0;
        while let Some(&at) = self.non_default_positions().get(i) {
            let mut c = self.best.clone();
            c.decisions.remove(at);
            if !self.try_candidate(c) {
                i += 1;
            }
            if self.runs >= self.budget {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for a run: "fails" when the picks at 3 and 7 are both at least 1 (a bug
    /// that needs two preemptions), recording a schedule of 10 decisions.
    fn run(c: &Schedule) -> Option<Schedule> {
        let mut picks: Vec<u32> = c.picks().map(|p| p.min(4)).collect();
        picks.resize(10, 0);
        (picks[3] >= 1 && picks[7] >= 1).then(|| Schedule::from_picks(picks))
    }

    #[test]
    fn shrinks_to_the_two_decisions_that_matter_at_their_lowest() {
        let failing = Schedule::from_picks(vec![2, 4, 1, 3, 0, 4, 2, 2, 1, 3]);
        assert!(run(&failing).is_some());
        let shrunk = shrink(&failing, DEFAULT_BUDGET, run);
        assert_eq!(
            shrunk.schedule,
            Schedule::from_picks(vec![0, 0, 0, 1, 0, 0, 0, 1, 0, 0])
        );
        assert!(shrunk.runs < 200, "{} runs", shrunk.runs);
    }

    #[test]
    fn the_budget_stops_it_with_the_best_so_far() {
        let failing = Schedule::from_picks(vec![2, 4, 1, 3, 0, 4, 2, 2, 1, 3]);
        let shrunk = shrink(&failing, 3, run);
        assert_eq!(shrunk.runs, 3);
        assert!(run(&shrunk.schedule).is_some());
        assert!(Size::of(&shrunk.schedule) <= Size::of(&failing));
    }
}
