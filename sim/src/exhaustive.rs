//! Bounded exhaustive search: a depth-first walk of the decision tree, one run per leaf,
//! each run replaying the path to its branch point and taking default choices after it.
//!
//! ```
//! use sim::exhaustive::Exhaustive;
//! use sim::{Config, Sim};
//! let mut search = Exhaustive::new(None);
//! let mut leaves = 0;
//! while let Some(chooser) = search.next_run() {
//!     let mut sim = Sim::new(chooser, Config::default());
//!     sim.spawn(|p| async move {
//!         let _ = (p.random(2), p.random(3));
//!     });
//!     sim.run();
//!     leaves += search.finish_run() as u32;
//! }
//! assert_eq!(leaves, 6);
//! assert!(search.stats().exhausted());
//! ```
//!
//! **Bound.** With `Some(k)`, a path takes at most `k` decisions other than the default
//! (option 0): the schedules closest to the FIFO one first, as preemption bounding does.
//! [`Stats::exhausted`] then says whether anything was left out because of the bound.
//!
//! **Partial-order reduction.** Without a bound, sleep sets (Godefroid 1996) skip
//! schedules that only swap independent actions. The independence relation is narrow on
//! purpose, so that it is sound for these semantics: two deliveries to *different*
//! receivers, at most one of them an exit signal. Such deliveries touch only their own
//! receiver (its mailbox, its place in the run queue, its death); two exit signals are
//! not independent because the deaths they cause send signals whose send numbers, and so
//! their order at a common receiver, depend on which died first. Running a process is
//! dependent with everything (it may send, spawn, ask `Process.alive?`, read names), and so
//! is a kill. The reduction is off under a bound: swapping two independent deliveries can
//! change which run-queue entry is the default, so the bound would no longer count the
//! same schedules.

use crate::chooser::{ChoiceKind, ChoicePoint, Chooser, Pick};
use std::cell::RefCell;
use std::rc::Rc;

/// True if `a` and `b` commute (see the module docs).
pub fn independent(a: Pick, b: Pick) -> bool {
    match (a, b) {
        (
            Pick::Deliver {
                to: x, exit: ex, ..
            },
            Pick::Deliver {
                to: y, exit: ey, ..
            },
        ) => x != y && !(ex && ey),
        _ => false,
    }
}

/// A node of the current path.
#[derive(Clone, Debug)]
struct Frame {
    kind: ChoiceKind,
    n: usize,
    pick: usize,
    /// What each option is (only kept when the reduction is on, for `Step`/`Preempt`).
    labels: Vec<Pick>,
    /// The sleep set on entering the node.
    sleep: Vec<Pick>,
    /// The actions of the options already explored here.
    tried: Vec<Pick>,
}

/// What a search did so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Runs made.
    pub runs: u64,
    /// Distinct schedules run to their end.
    pub schedules: u64,
    /// Runs cut off because every option of some choice was asleep (the reduction at work)
    /// or past the bound.
    pub pruned: u64,
    /// Whether the bound left some option unexplored.
    pub bounded: bool,
    /// Whether the tree has been walked to its end.
    pub done: bool,
}

impl Stats {
    /// True when every schedule was covered: the walk ended and the bound left nothing out.
    pub fn exhausted(&self) -> bool {
        self.done && !self.bounded
    }
}

#[derive(Debug, Default)]
struct Shared {
    stack: Vec<Frame>,
    /// Decisions of the current run that replay the path (the rest are new).
    replay: usize,
    /// Set when the current run reached a choice with no option left to explore.
    dead: bool,
    bound: Option<u32>,
    bounded: bool,
}

/// The search. Call [`Exhaustive::next_run`] for each run's chooser and
/// [`Exhaustive::finish_run`] after the run, until `next_run` says the tree is done.
#[derive(Debug)]
pub struct Exhaustive {
    shared: Rc<RefCell<Shared>>,
    stats: Stats,
    started: bool,
}

impl Exhaustive {
    /// A search with at most `bound` non-default decisions a path (`None`: no bound, with
    /// partial-order reduction).
    pub fn new(bound: Option<u32>) -> Self {
        Exhaustive {
            shared: Rc::new(RefCell::new(Shared {
                bound,
                ..Shared::default()
            })),
            stats: Stats::default(),
            started: false,
        }
    }

    /// The chooser of the next run, or `None` when the tree has been walked.
    pub fn next_run(&mut self) -> Option<DfsChooser> {
        let mut sh = self.shared.borrow_mut();
        if self.started && !sh.backtrack() {
            self.stats.done = true;
            self.stats.bounded = sh.bounded;
            return None;
        }
        self.started = true;
        sh.dead = false;
        self.stats.runs += 1;
        Some(DfsChooser {
            shared: self.shared.clone(),
        })
    }

    /// Ends a run; true if it was a new complete schedule (not cut off).
    pub fn finish_run(&mut self) -> bool {
        let sh = self.shared.borrow();
        if sh.dead {
            self.stats.pruned += 1;
            false
        } else {
            self.stats.schedules += 1;
            true
        }
    }

    /// What the search did so far.
    pub fn stats(&self) -> Stats {
        Stats {
            bounded: self.shared.borrow().bounded || self.stats.bounded,
            ..self.stats
        }
    }
}

impl Shared {
    fn por(&self) -> bool {
        self.bound.is_none()
    }

    fn non_default(&self, upto: usize) -> u32 {
        self.stack[..upto].iter().filter(|f| f.pick != 0).count() as u32
    }

    fn within_bound(&self, depth: usize, option: usize) -> bool {
        match self.bound {
            None => true,
            Some(b) => option == 0 || self.non_default(depth) < b,
        }
    }

    fn asleep(f: &Frame, option: usize) -> bool {
        !f.labels.is_empty() && f.sleep.contains(&f.labels[option])
    }

    /// Moves the deepest node with an unexplored option to that option, dropping the nodes
    /// below it. False when none is left.
    fn backtrack(&mut self) -> bool {
        while let Some(depth) = self.stack.len().checked_sub(1) {
            let f = &self.stack[depth];
            let next = (f.pick + 1..f.n).find(|&o| !Self::asleep(f, o));
            match next {
                Some(o) if self.within_bound(depth, o) => {
                    let f = &mut self.stack[depth];
                    if !f.labels.is_empty() {
                        let done = f.labels[f.pick];
                        f.tried.push(done);
                    }
                    f.pick = o;
                    self.replay = depth + 1;
                    return true;
                }
                Some(_) => self.bounded = true,
                None => {}
            }
            self.stack.pop();
        }
        false
    }

    /// The sleep set of a node whose parent is the last frame.
    fn child_sleep(&self) -> Vec<Pick> {
        let Some(parent) = self.stack.last() else {
            return Vec::new();
        };
        match parent.kind {
            // A value chosen inside an action: the action's sleep set carries over.
            ChoiceKind::User | ChoiceKind::Jitter | ChoiceKind::Delay => parent.sleep.clone(),
            ChoiceKind::Kill if parent.pick == 0 => parent.sleep.clone(),
            ChoiceKind::Kill => Vec::new(),
            ChoiceKind::Step | ChoiceKind::Preempt => {
                let Some(&done) = parent.labels.get(parent.pick) else {
                    return Vec::new();
                };
                parent
                    .sleep
                    .iter()
                    .chain(&parent.tried)
                    .copied()
                    .filter(|&b| independent(b, done))
                    .collect()
            }
        }
    }
}

/// The chooser of one run of an [`Exhaustive`] search.
#[derive(Debug)]
pub struct DfsChooser {
    shared: Rc<RefCell<Shared>>,
}

impl Chooser for DfsChooser {
    fn choose(&mut self, at: &mut ChoicePoint<'_>) -> usize {
        let mut sh = self.shared.borrow_mut();
        let i = at.index;
        if sh.dead {
            return 0;
        }
        if i < sh.replay {
            let f = &sh.stack[i];
            assert!(
                f.kind == at.kind && f.n == at.n,
                "the program is not deterministic: decision #{i} was a {} among {} and is \
                 now a {} among {}",
                f.kind.name(),
                f.n,
                at.kind.name(),
                at.n
            );
            return f.pick;
        }
        let sleep = if sh.por() {
            sh.child_sleep()
        } else {
            Vec::new()
        };
        let labels: Vec<Pick> =
            if sh.por() && matches!(at.kind, ChoiceKind::Step | ChoiceKind::Preempt) {
                (0..at.n).map(|o| at.label(o)).collect()
            } else {
                Vec::new()
            };
        let mut frame = Frame {
            kind: at.kind,
            n: at.n,
            pick: 0,
            labels,
            sleep,
            tried: Vec::new(),
        };
        let depth = sh.stack.len();
        match (0..at.n).find(|&o| !Shared::asleep(&frame, o)) {
            Some(o) if sh.within_bound(depth, o) => {
                frame.pick = o;
                sh.stack.push(frame);
                o
            }
            found => {
                // Nothing new below: every option asleep, or the first awake one past the
                // bound. The run goes on with default choices and does not count.
                if found.is_some() {
                    sh.bounded = true;
                }
                sh.dead = true;
                0
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Pid;

    fn deliver(seq: u64, to: u32, exit: bool) -> Pick {
        Pick::Deliver {
            seq,
            to: Pid(to),
            exit,
        }
    }

    #[test]
    fn only_deliveries_to_different_receivers_commute_and_not_two_exits() {
        assert!(independent(deliver(1, 1, false), deliver(2, 2, false)));
        assert!(independent(deliver(1, 1, true), deliver(2, 2, false)));
        assert!(!independent(deliver(1, 1, true), deliver(2, 2, true)));
        assert!(!independent(deliver(1, 1, false), deliver(2, 1, false)));
        assert!(!independent(deliver(1, 1, false), Pick::Run(Pid(2))));
        assert!(!independent(Pick::Run(Pid(1)), Pick::Run(Pid(2))));
    }
}
