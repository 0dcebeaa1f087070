//! PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte,
//! ASPLOS 2010): every process gets a random priority when it is first seen, the option of
//! the highest-priority process is always taken, and at `d - 1` random scheduling steps the
//! process about to go is demoted below every other. A bug that needs `d` ordering
//! constraints between `n` processes over `k` steps is found with probability at least
//! `1 / (n k^(d-1))` per run — far better than uniform random choice for deep, narrow
//! interleavings.
//!
//! Mapping to this kernel: an option belongs to the process it acts for ([`Pick::owner`]:
//! the process run, or the receiver of a delivery), so a high-priority process also gets
//! its signals delivered first. Only `Step` and `Preempt` choices are scheduling steps;
//! user draws and fault decisions are drawn at random from the same seeded stream.

use crate::chooser::{ChoiceKind, ChoicePoint, Chooser, Pick, RandomChooser};
use crate::ids::Pid;
use std::collections::BTreeMap;

/// A PCT chooser for one run.
#[derive(Debug, Clone)]
pub struct PctChooser {
    rng: RandomChooser,
    depth: u32,
    /// The scheduling steps (1-based) where the process about to go is demoted, with the
    /// priority it gets there (`depth - 1` down to 1: below every initial priority).
    change_points: BTreeMap<u64, u64>,
    steps: u64,
    // invariant: initial priorities are above `depth`, demoted ones at most `depth - 1`.
    priorities: BTreeMap<Pid, u64>,
}

impl PctChooser {
    /// A chooser for run `seed` of a program expected to take about `expected_steps`
    /// scheduling steps (a run's count of `Step` and `Preempt` decisions), with depth `d`.
    pub fn new(seed: u64, depth: u32, expected_steps: u64) -> Self {
        let mut rng = RandomChooser::new(seed);
        let k = expected_steps.max(1) as usize;
        let mut change_points = BTreeMap::new();
        for i in 1..depth.max(1) {
            let at = 1 + rng.below(k) as u64;
            change_points.entry(at).or_insert(u64::from(depth - i));
        }
        PctChooser {
            rng,
            depth: depth.max(1),
            change_points,
            steps: 0,
            priorities: BTreeMap::new(),
        }
    }

    fn priority(&mut self, p: Pick) -> u64 {
        let Some(pid) = p.owner() else { return 0 };
        if let Some(&prio) = self.priorities.get(&pid) {
            return prio;
        }
        let prio = u64::from(self.depth) + 1 + self.rng.below(1 << 30) as u64;
        self.priorities.insert(pid, prio);
        prio
    }

    /// The option of the highest priority (the first of equals).
    fn best(&mut self, at: &mut ChoicePoint<'_>) -> (usize, Pick) {
        let mut best = (0, at.label(0));
        let mut top = self.priority(best.1);
        for i in 1..at.n {
            let l = at.label(i);
            let prio = self.priority(l);
            if prio > top {
                top = prio;
                best = (i, l);
            }
        }
        best
    }
}

impl Chooser for PctChooser {
    fn choose(&mut self, at: &mut ChoicePoint<'_>) -> usize {
        match at.kind {
            ChoiceKind::Step | ChoiceKind::Preempt => {
                self.steps += 1;
                let (i, pick) = self.best(at);
                match (self.change_points.get(&self.steps), pick.owner()) {
                    (Some(&low), Some(pid)) => {
                        self.priorities.insert(pid, low);
                        self.best(at).0
                    }
                    _ => i,
                }
            }
            ChoiceKind::User | ChoiceKind::Jitter | ChoiceKind::Kill | ChoiceKind::Delay => {
                self.rng.choose(at)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(c: &mut PctChooser, owners: &[u32]) -> usize {
        let mut labels = |i: usize| Pick::Run(Pid(owners[i]));
        c.choose(&mut ChoicePoint::new(
            ChoiceKind::Step,
            owners.len(),
            0,
            &mut labels,
        ))
    }

    #[test]
    fn the_highest_priority_runs_until_it_is_demoted() {
        // Depth 1: no change point, so one process always wins over another.
        let mut c = PctChooser::new(3, 1, 10);
        let first = step(&mut c, &[1, 2]);
        for _ in 0..20 {
            assert_eq!(step(&mut c, &[1, 2]), first);
            assert_eq!(step(&mut c, &[2, 1]), 1 - first);
        }
        // Depth 2 over 4 steps: the winner changes at most once, and some seed changes it.
        let mut changed = 0;
        for seed in 0..50 {
            let mut c = PctChooser::new(seed, 2, 4);
            let picks: Vec<usize> = (0..4).map(|_| step(&mut c, &[1, 2])).collect();
            let switches = picks.windows(2).filter(|w| w[0] != w[1]).count();
            assert!(switches <= 1, "seed {seed}: {picks:?}");
            changed += switches;
        }
        assert!(changed > 10, "{changed}");
    }
}
