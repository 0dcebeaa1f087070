//! Timers: `receive ... after`, `Process.sleep` and `Process.send_after`, fired in
//! (time, seq) order when nothing else can happen at the current instant.
//!
//! Ground rules:
//!
//! * A pending timer is an entry of [`Timers`]'s slab, reached by its [`TimerKey`]; when it
//!   fires or is cancelled the entry goes, and the key finds nothing any more.
//! * The heap holds `(due, seq, key)` for every pending timer; `seq` is a per-run counter,
//!   so timers due at the same instant fire in the order they were set. Cancelling leaves
//!   the heap entry behind (stale): it is skipped when it comes up, and the stale entries
//!   are swept out once they are the majority, so cancelling costs amortised O(log n) and
//!   a server answering calls with `receive ... after` holds no memory per call.
//! * Time never goes backwards: the kernel only moves to the earliest pending due time.

use super::Kernel;
use super::procs::Status;
use super::signals::Signal;
use super::slab::{Key, Slab};
use crate::faults::{self, Fault};
use crate::ids::{Pid, Ref};
use crate::term::Term;
use crate::time::Time;
use crate::trace::Dest;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// What happens when a timer fires.
#[derive(Debug)]
pub(crate) enum TimerKind {
    /// The end of a `Process.sleep`.
    Wake(Pid),
    /// The `after` of a receive.
    ReceiveTimeout(Pid),
    /// `Process.send_after`: the message goes into the receiver's mailbox. Boxed: a
    /// sleep's timer is 32 bytes in the slab instead of 96 (a fan-out of sleepers holds
    /// one per task).
    SendAfter(Box<SendAfter>),
    /// The end of a `Delay` fault: the signals held under this key go into flight.
    Release(u64),
}

/// A pending `Process.send_after`.
#[derive(Debug)]
pub(crate) struct SendAfter {
    r: Ref,
    from: Pid,
    to: Dest,
    msg: Term,
}

/// A pending timer.
#[derive(Debug)]
pub(crate) struct Timer {
    due: Time,
    kind: TimerKind,
}

/// A handle on a pending timer.
pub(crate) type TimerKey = Key<Timer>;

/// The pending timers (see the module's ground rules).
pub(super) struct Timers {
    slab: Slab<Timer>,
    // invariant: one entry per pending timer, plus `stale` entries of timers now gone.
    heap: BinaryHeap<Reverse<(Time, u64, TimerKey)>>,
    stale: usize,
    // invariant: exactly the pending `SendAfter` timers, by reference.
    by_ref: BTreeMap<Ref, TimerKey>,
}

impl Timers {
    pub fn new() -> Self {
        Timers {
            slab: Slab::new(),
            heap: BinaryHeap::new(),
            stale: 0,
            by_ref: BTreeMap::new(),
        }
    }

    /// Empties it for a new run, keeping the buffers.
    pub fn clear(&mut self) {
        let Timers {
            slab,
            heap,
            stale,
            by_ref,
        } = self;
        slab.clear();
        heap.clear();
        *stale = 0;
        by_ref.clear();
    }

    /// Sets a timer; `seq` is the kernel's next number (shared with signals in flight).
    fn set(&mut self, due: Time, seq: u64, kind: TimerKind) -> TimerKey {
        let r = match &kind {
            TimerKind::SendAfter(s) => Some(s.r),
            _ => None,
        };
        let key = self.slab.insert(Timer { due, kind });
        if let Some(r) = r {
            self.by_ref.insert(r, key);
        }
        self.heap.push(Reverse((due, seq, key)));
        key
    }

    /// Takes a timer out of the slab (it fired or was cancelled).
    fn take(&mut self, key: TimerKey) -> Option<Timer> {
        let t = self.slab.remove(key)?;
        if let TimerKind::SendAfter(s) = &t.kind {
            self.by_ref.remove(&s.r);
        }
        Some(t)
    }

    fn cancel(&mut self, key: TimerKey) -> Option<Time> {
        let due = self.take(key)?.due;
        self.stale += 1;
        if self.stale >= 16 && 2 * self.stale > self.heap.len() {
            let slab = &self.slab;
            self.heap.retain(|Reverse((_, _, key))| slab.contains(*key));
            self.stale = 0;
        }
        Some(due)
    }

    pub fn pending(&self, key: TimerKey) -> bool {
        self.slab.contains(key)
    }

    /// The due time of the earliest pending timer.
    fn next_due(&mut self) -> Option<Time> {
        while let Some(Reverse((due, _, key))) = self.heap.peek() {
            if self.slab.contains(*key) {
                return Some(*due);
            }
            self.heap.pop();
            self.stale -= 1;
        }
        None
    }

    /// Takes out the next pending timer if it is due at `now`.
    fn pop_due(&mut self, now: Time) -> Option<Timer> {
        while let Some(&Reverse((due, _, key))) = self.heap.peek() {
            if due != now {
                return None;
            }
            self.heap.pop();
            match self.take(key) {
                Some(t) => return Some(t),
                None => self.stale -= 1,
            }
        }
        None
    }
}

/// What [`Kernel::advance`] did.
pub(crate) enum Advance {
    /// Moved to the next due time and fired what was due then.
    Fired,
    /// No timer is pending.
    Quiet,
    /// The next timer is due after the time budget.
    TimeBudget(Time),
}

impl Kernel {
    pub(super) fn set_timer(&mut self, due: Time, kind: TimerKind) -> TimerKey {
        // `Fault::TimerLate` (tests only): every timer fires 1 ms after it is due.
        let due = if faults::active(Fault::TimerLate) {
            due.plus_ms(1)
        } else {
            due
        };
        let due = if self.inject.jitter_ms > 0 && !matches!(kind, TimerKind::Release(_)) {
            self.jitter(due)
        } else {
            due
        };
        self.seq += 1;
        self.timers.set(due, self.seq, kind)
    }

    /// Cancels a timer; returns its due time if it was still pending.
    pub(super) fn cancel_timer(&mut self, key: TimerKey) -> Option<Time> {
        self.timers.cancel(key)
    }

    /// Cancels the timer of `pid`'s current receive or sleep, if any.
    pub(super) fn cancel_wait_timer(&mut self, pid: Pid) {
        if let Some(t) = self.st(pid).wait_timer.take() {
            self.cancel_timer(t);
        }
    }

    /// `Process.send_after(to, msg, ms)` by `from` ⇒ the timer's reference. A timer aimed
    /// at a dead process is not set; one aimed at a live process is cancelled if that
    /// process dies first (as `erlang:send_after/3` does).
    pub fn send_after(&mut self, from: Pid, to: Dest, msg: Term, ms: u64) -> Ref {
        let r = self.make_ref(from);
        let due = self.now.plus_ms(ms);
        self.emit(Some(from), || crate::trace::EventKind::TimerSet {
            r#ref: r,
            ms,
            to: to.clone(),
            msg: msg.clone(),
        });
        let target = match &to {
            Dest::Pid(p) => *p,
            Dest::Alias(a) => a.owner,
        };
        if self.alive(target) {
            let send = SendAfter { r, from, to, msg };
            let key = self.set_timer(due, TimerKind::SendAfter(Box::new(send)));
            let mut timers_in = std::mem::take(&mut self.st(target).timers_in);
            // Forget fired and cancelled ones now and then (amortised O(1) a timer).
            if timers_in.len() >= 16 && timers_in.len().is_power_of_two() {
                timers_in.retain(|&t| self.timers.pending(t));
            }
            timers_in.push(key);
            self.st(target).timers_in = timers_in;
        }
        r
    }

    /// `Process.cancel_timer(r)` by `me` ⇒ the milliseconds that were left, or `None` if
    /// the timer already fired, was cancelled or never existed.
    pub fn cancel_send_after(&mut self, me: Pid, r: Ref) -> Option<u64> {
        let key = *self.timers.by_ref.get(&r)?;
        let due = self.cancel_timer(key)?;
        self.emit(Some(me), || crate::trace::EventKind::TimerCancel {
            r#ref: r,
        });
        Some(self.now.ms_until(due))
    }

    /// At the death of `pid`: its wait timer and the `send_after` timers aimed at it go
    /// (they neither fire nor move the clock; `Process.read_timer/1` then answers `false`).
    pub(super) fn cancel_timers_of(&mut self, pid: Pid) {
        self.cancel_wait_timer(pid);
        let mut timers_in = std::mem::take(&mut self.st(pid).timers_in);
        for &t in &timers_in {
            self.cancel_timer(t);
        }
        super::recycle(&mut timers_in);
        self.st(pid).timers_in = timers_in;
    }

    /// Nothing can happen at the current instant: jump to the earliest pending timer and
    /// fire every timer due then, in (time, seq) order. What runs first afterwards is the
    /// chooser's decision, so same-instant events can go either way.
    pub fn advance(&mut self, max_time: Time) -> Advance {
        let Some(due) = self.timers.next_due() else {
            return Advance::Quiet;
        };
        if due > max_time {
            return Advance::TimeBudget(due);
        }
        debug_assert!(due >= self.now, "time never goes backwards");
        self.now = due;
        while let Some(t) = self.timers.pop_due(due) {
            self.fire(t.kind);
        }
        Advance::Fired
    }

    fn fire(&mut self, kind: TimerKind) {
        match kind {
            TimerKind::Release(key) => self.release_held(key),
            TimerKind::Wake(pid) => {
                let st = self.st(pid);
                st.wait_timer = None;
                if st.status == Status::Sleeping {
                    self.make_runnable(pid);
                }
            }
            TimerKind::ReceiveTimeout(pid) => {
                let st = self.st(pid);
                st.wait_timer = None;
                st.timed_out = true;
                if st.status == Status::Receiving {
                    self.make_runnable(pid);
                }
            }
            TimerKind::SendAfter(send) => {
                let SendAfter { from, to, msg, .. } = *send;
                // The timer service enqueues directly into the receiver's queue.
                let (to, alias) = match to {
                    Dest::Pid(p) => (p, None),
                    Dest::Alias(a) => (a.owner, Some(a)),
                };
                self.apply(from, to, Signal::Message { alias, msg });
            }
        }
    }
}
