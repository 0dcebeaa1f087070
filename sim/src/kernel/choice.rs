//! The choice of the next action: every decision goes through the chooser (one door for
//! nondeterminism); the possible actions are the deliverable signal heads in send order,
//! then the run queue.

use super::Kernel;
use super::signals::SignalKey;
use crate::chooser::ChoiceKind;
use crate::ids::Pid;

/// Scheduling points a process may pass in one poll before it yields to the kernel.
const REDUCTIONS: u32 = 1000;

/// The next thing the kernel does.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    /// Deliver this in-flight signal, if it is still in flight.
    Deliver(SignalKey),
    /// Poll this process.
    Run(Pid),
}

impl Kernel {
    pub fn divergence(&self) -> Option<String> {
        self.chooser.divergence()
    }

    /// One decision among `n` possibilities (no decision, and no record, when `n < 2`).
    pub fn choose(&mut self, kind: ChoiceKind, n: usize) -> usize {
        if n < 2 {
            return 0;
        }
        let c = self.chooser.choose(kind, n);
        debug_assert!(c < n, "chooser returned {c} for {n} choices");
        let c = if c < n { c } else { 0 };
        self.schedule.push(c as u32);
        c
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
