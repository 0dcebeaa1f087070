//! The choice of the next action: every decision goes through the chooser (one door for
//! nondeterminism); the possible actions are the deliverable signal heads in send order,
//! then the run queue.

use super::Kernel;
use super::signals::{Signal, SignalKey};
use crate::chooser::{ChoiceKind, ChoicePoint, FifoChooser, Pick};
use crate::ids::Pid;
use crate::schedule::{Decision, Divergence};

/// Scheduling points and function calls a process may pass in one poll before it yields
/// to the kernel.
const REDUCTIONS: u32 = 1000;

/// Function calls that count as one step against the step budget: a loop without end is
/// stopped (1,000,000 steps are 100,000,000 calls, about 20 s of a loop's steps), and a
/// program that computes (a naive `fib(30)` is 2.7 million calls) is not.
pub(crate) const CALLS_PER_STEP: u64 = 100;

/// The next thing the kernel does.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    /// Deliver this in-flight signal, if it is still in flight.
    Deliver(SignalKey),
    /// Poll this process.
    Run(Pid),
}

impl Kernel {
    pub fn divergence(&self) -> Option<Divergence> {
        self.chooser.divergence()
    }

    /// One decision among `n` possibilities (no decision, and no record, when `n < 2`),
    /// recorded with its kind, its options and what the pick was (unless the run keeps no
    /// schedule: then its label is never computed).
    pub fn choose(&mut self, kind: ChoiceKind, n: usize) -> usize {
        if n < 2 {
            return 0;
        }
        // The chooser is taken out for the call, so that it may ask the kernel (borrowed
        // by `labels`) what each option is. A boxed unit struct does not allocate.
        let mut chooser = std::mem::replace(&mut self.chooser, Box::new(FifoChooser));
        let index = self.decisions;
        self.decisions += 1;
        let c = {
            let mut labels = |i: usize| self.label(kind, i);
            chooser.choose(&mut ChoicePoint::new(kind, n, index, &mut labels))
        };
        self.chooser = chooser;
        debug_assert!(c < n, "chooser returned {c} for {n} choices");
        let c = if c < n { c } else { 0 };
        if self.record {
            let label = self.label(kind, c);
            self.schedule
                .push(Decision::known(kind, n as u32, c as u32, label));
        }
        c
    }

    /// What option `i` of a choice of `kind` does (see [`Pick`]).
    fn label(&mut self, kind: ChoiceKind, i: usize) -> Pick {
        match kind {
            ChoiceKind::Step => self.action_label(i),
            ChoiceKind::Preempt => match (i, self.current) {
                (0, Some(pid)) => Pick::Continue(pid),
                (0, None) => Pick::Value(0),
                _ => self.action_label(i - 1),
            },
            ChoiceKind::User | ChoiceKind::Jitter | ChoiceKind::Kill | ChoiceKind::Delay => {
                self.fault_label(kind, i)
            }
        }
    }

    /// What the `i`-th possible action (as [`Self::take_action`] counts) would do.
    fn action_label(&mut self, i: usize) -> Pick {
        let heads = self.sends.counted();
        if i < heads {
            let (_, key) = self.sends.select(i);
            let s = &self.signals[key];
            Pick::Deliver {
                seq: s.seq,
                to: self.queues[s.queue].to,
                exit: matches!(s.signal, Signal::Exit { .. }),
            }
        } else {
            Pick::Run(self.run_queue.select(i - heads).1)
        }
    }

    /// Number of possible next actions: deliverable signals, then runnable processes.
    #[inline]
    pub fn action_count(&self) -> usize {
        self.sends.counted() + self.run_queue.counted()
    }

    /// The `i`-th possible action (order: heads in send order, then the run queue). A
    /// chosen `Run` is taken off the run queue.
    #[inline]
    pub fn take_action(&mut self, i: usize) -> Action {
        let heads = self.sends.counted();
        if i < heads {
            let (_, key) = self.sends.select(i);
            Action::Deliver(key)
        } else {
            let pid = self.run_queue.take(i - heads);
            self.st(pid).rq_pos = None;
            Action::Run(pid)
        }
    }

    /// Delivers the signal an [`Action::Deliver`] chose, if it is still in flight.
    pub fn deliver(&mut self, key: SignalKey) {
        if self.signals.contains(key) {
            self.deliver_head(key);
        }
    }

    /// `calls` function calls of the process being polled, reductions as the BEAM counts
    /// them: they count against the step budget ([`Kernel::work`]), and with the poll's
    /// scheduling points toward the process's switch-out. True if it must switch out now:
    /// the budget is spent (the step loop ends the run), or its reductions are, and
    /// something else can happen (no decision is taken: it goes to the back of the run
    /// queue, as at a reduction count's end on the BEAM). So a process that computes
    /// without end (a loop of calls, a `receive ... after 0` polled in a loop) ends in the
    /// step budget, and lets the others run meanwhile, instead of holding the run inside
    /// one poll. (Alone, it goes on: a switch-out would only cost it the re-poll of
    /// every call it is in, deep in a recursion.) Semantics §5, item 16.
    pub fn reduce(&mut self, calls: u32) -> bool {
        self.calls += u64::from(calls);
        self.reductions += calls;
        if self.work() >= self.max_work {
            return true;
        }
        if self.reductions >= REDUCTIONS {
            self.reductions = 0;
            return self.action_count() > 0;
        }
        false
    }

    /// Counts a step's worth of function calls against the budget (see
    /// [`Kernel::reduce`]).
    pub(super) fn charge_step(&mut self) {
        self.calls += CALLS_PER_STEP;
    }

    /// At a scheduling point of `pid`: choice 0 keeps it running; any other choice picks
    /// the next action and puts `pid` at the back of the run queue. Returns true to switch.
    pub fn preempt(&mut self, pid: Pid) -> bool {
        // Like the BEAM's reduction count: a process that never blocks still gives the
        // kernel back control (one step) every `REDUCTIONS` scheduling points, so a
        // livelock ends in the step budget instead of hanging inside one poll.
        self.reductions += 1;
        if self.reductions >= REDUCTIONS {
            self.reductions = 0;
            return true;
        }
        let n = 1 + self.action_count();
        let c = self.choose(ChoiceKind::Preempt, n);
        if c == 0 {
            return false;
        }
        let a = self.take_action(c - 1);
        self.forced = Some(a);
        let _ = pid;
        true
    }
}
