//! Fault injection: timing jitter, kills and delayed signals, each one decision of the
//! chooser (so that a seed or a schedule replays it and a shrinker can drop it), each one a
//! [`EventKind::Fault`] line in the trace. All are off unless [`crate::Inject`] asks; with
//! them off the kernel takes exactly the decisions it took before, so existing seeds and
//! traces do not change.
//!
//! Ground rules:
//! * Jitter makes a timer late, never early: a timer set at `t` for `n` ms fires in
//!   `[t + n, t + n + J]`. On the BEAM a `receive ... after n` or a sleep never ends before
//!   `n` ms (semantics §2.2), but a loaded VM ends it late; one timer late is another early
//!   relative to it, which is the race jitter is for.
//! * A kill is `Process.exit(victim, :kill)` from nowhere: the victim dies `:killed` between
//!   two steps, never in the middle of a poll. The first process of a run (the script or
//!   the test's root) is never a victim: killing it ends the run rather than testing it.
//! * A delayed signal keeps every ordering the kernel promises: whatever may not overtake
//!   it (under `SignalOrder::Node` every later signal to the same receiver, under `Pair`
//!   every later one of the same pair) is held behind it and let go with it, in order. An
//!   operation that orders itself after the caller's signals (`flush_pair`) lets it go at
//!   once.

use super::timers::TimerKind;
use super::{Kernel, Signal, SignalOrder};
use crate::chooser::{ChoiceKind, Pick};
use crate::ids::Pid;
use crate::term::Term;
use crate::time::Time;
use crate::trace::{EventKind, Injected};
use std::collections::VecDeque;

/// The sender in the hold key of a receiver's signals under [`SignalOrder::Node`] (no real
/// pid).
const ANY_SENDER: Pid = Pid(u32::MAX);

/// The key of the signals held from `from` to `to`.
fn pair_key(from: Pid, to: Pid) -> u64 {
    (u64::from(from.0) << 32) | u64::from(to.0)
}

impl Kernel {
    /// The time a timer due at `due` fires at: a `Jitter` decision among `J + 1` delays
    /// (0 to `J` ms late; the lower the option, the smaller the fault, so a shrinker that
    /// lowers picks shrinks jitter).
    pub(super) fn jitter(&mut self, due: Time) -> Time {
        let n = self.inject.jitter_ms as usize + 1;
        let ms = self.choose(ChoiceKind::Jitter, n);
        if ms == 0 {
            return due;
        }
        let fires = due.plus_ms(ms as u64);
        self.emit(None, || EventKind::Fault(Injected::Jitter { due, fires }));
        fires
    }

    /// The queue a signal from `from` to `to` may not overtake (see the ground rules).
    pub(super) fn hold_key(&self, from: Pid, to: Pid) -> u64 {
        match self.order {
            SignalOrder::Node => pair_key(ANY_SENDER, to),
            SignalOrder::Pair => pair_key(from, to),
        }
    }

    /// Whether the signal `from` → `to` about to be sent must be held: behind one already
    /// held, or because a `Delay` decision holds it now (then its release is timed).
    pub(super) fn hold(&mut self, from: Pid, to: Pid, _signal: &Signal) -> bool {
        let key = self.hold_key(from, to);
        if self.held.contains_key(&key) {
            return true;
        }
        let ms = self.choose(ChoiceKind::Delay, self.inject.delay_ms as usize + 1);
        if ms == 0 {
            return false;
        }
        let until = self.now.plus_ms(ms as u64);
        self.held.insert(key, VecDeque::new());
        self.set_timer(until, TimerKind::Release(key));
        self.emit(Some(from), || {
            EventKind::Fault(Injected::Delay { from, to, until })
        });
        true
    }

    /// Lets the signals held under `key` go into flight, in the order they were sent.
    pub(super) fn release_held(&mut self, key: u64) {
        if let Some(queue) = self.held.remove(&key) {
            for (from, to, signal) in queue {
                self.put_in_flight(from, to, signal);
            }
        }
    }

    /// The processes a `Kill` decision chooses from, in pid order: every live one but the
    /// run's first.
    fn kill_candidates(&self) -> impl Iterator<Item = Pid> + '_ {
        self.living().map(|p| p.pid).filter(|pid| pid.0 != 0)
    }

    /// Before a step, while kills are left: a `Kill` decision (0: nobody), and the kill.
    pub fn maybe_kill(&mut self) {
        if self.kills_left == 0 {
            return;
        }
        let n = 1 + self.kill_candidates().count();
        let k = self.choose(ChoiceKind::Kill, n);
        if k == 0 {
            return;
        }
        let Some(victim) = self.kill_candidates().nth(k - 1) else {
            return;
        };
        self.kills_left -= 1;
        self.emit(None, || EventKind::Fault(Injected::Kill { victim }));
        self.terminate(victim, Term::atom("killed"));
    }

    /// What option `i` of a user draw or a fault decision is.
    pub(super) fn fault_label(&self, kind: ChoiceKind, i: usize) -> Pick {
        match (kind, i) {
            (ChoiceKind::Kill, 1..) => self
                .kill_candidates()
                .nth(i - 1)
                .map_or(Pick::Value(i as u32), Pick::Kill),
            _ => Pick::Value(i as u32),
        }
    }
}
