//! Timers: `receive ... after`, `Process.sleep` and `Process.send_after`, fired in
//! (time, seq) order when nothing else can happen at the current instant.
//!
//! Ground rules:
//!
//! * A receive's `after` and a sleep are a process's wait timer: the process holds its
//!   number (`wait_timer`), and the timer is pending while it does. Firing or cancelling
//!   it clears the number. They need no entry of their own, so a fan-out of sleepers costs
//!   one queue entry per task, and firing one touches only its process.
//! * Any other pending timer (`send_after`, a fault's release) is an entry of [`Timers`]'s
//!   slab, reached by its [`TimerKey`]; when it fires or is cancelled the entry goes, and
//!   the key finds nothing any more.
//! * The queue holds an entry under `(due, seq)` for every pending timer; `seq` is a per-run
//!   counter, so timers due at the same instant fire in the order they were set. It is a
//!   radix heap ([`RadixHeap`]), whose pops stay in cache at a million timers, and which
//!   wants keys that do not go back below the last one it settled on: timers are only set
//!   at or after the current instant, and [`Kernel::pop_due`] never settles on a timer
//!   beyond the current instant (a key set meanwhile, due before it, would cost a refiling
//!   of the whole queue).
//! * Cancelling a timer that was the last one set takes its entry back out. Otherwise the
//!   entry stays behind (stale): it is skipped when it comes up, and the stale entries are
//!   swept out once they are the majority, so cancelling costs amortised O(1) and a server
//!   answering calls with `receive ... after` holds no memory per call.
//! * Time never goes backwards: the kernel only moves to the earliest pending due time.

use super::Kernel;
use super::procs::{PidEntry, ProcState, Status, wait_timer_of};
use super::signals::Signal;
use super::slab::{Key, Slab};
use crate::faults::{self, Fault};
use crate::ids::{Pid, Ref};
use crate::radix::RadixHeap;
use crate::term::Term;
use crate::time::Time;
use crate::trace::Dest;
use std::collections::BTreeMap;
use std::num::NonZeroU64;

/// What happens when a timer fires. The slab holds only `SendAfter` and `Release`; the
/// others are wait timers ([`Queued::Sleep`], [`Queued::Receive`]).
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

/// What the queue holds for a timer.
#[derive(Copy, Clone, Debug)]
pub(crate) enum Queued {
    /// The `Process.sleep` of this process: pending while its `wait_timer` is the
    /// timer's number.
    Sleep(Pid),
    /// The `after` of this process's receive: pending like a sleep.
    Receive(Pid),
    /// A timer of the slab: pending while the slab holds it.
    Slab(TimerKey),
}

/// The pending timers (see the module's ground rules).
pub(super) struct Timers {
    slab: Slab<Timer>,
    // invariant: one entry per pending timer, under `queue_key(due, seq)`, plus at most
    // `stale` entries of timers now gone.
    heap: RadixHeap<Queued>,
    stale: usize,
    // invariant: exactly the pending `SendAfter` timers, by reference.
    by_ref: BTreeMap<Ref, TimerKey>,
}

impl Timers {
    pub fn new() -> Self {
        Timers {
            slab: Slab::new(),
            heap: RadixHeap::new(),
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

    /// Sets a slab timer; `seq` is the kernel's next number (shared with signals in flight).
    fn set(&mut self, due: Time, seq: u64, kind: TimerKind) -> TimerKey {
        debug_assert!(
            matches!(kind, TimerKind::SendAfter(_) | TimerKind::Release(_)),
            "wait timers are not in the slab"
        );
        let r = match &kind {
            TimerKind::SendAfter(s) => Some(s.r),
            _ => None,
        };
        let key = self.slab.insert(Timer { due, kind });
        if let Some(r) = r {
            self.by_ref.insert(r, key);
        }
        self.heap.push(queue_key(due, seq), Queued::Slab(key));
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

    pub fn pending(&self, key: TimerKey) -> bool {
        self.slab.contains(key)
    }
}

/// Whether the timer queued under `at` as `q` is still pending.
fn queued_pending(
    slab: &Slab<Timer>,
    pids: &[PidEntry],
    procs: &Slab<ProcState>,
    at: u128,
    q: Queued,
) -> bool {
    match q {
        Queued::Slab(key) => slab.contains(key),
        Queued::Sleep(pid) | Queued::Receive(pid) => {
            wait_timer_of(pids, procs, pid) == Some(seq_of(at))
        }
    }
}

/// A timer's place in the queue: by due time, then by the order timers were set.
fn queue_key(due: Time, seq: u64) -> u128 {
    (u128::from(due.0) << 64) | u128::from(seq)
}

fn due_of(key: u128) -> Time {
    Time((key >> 64) as u64)
}

fn seq_of(key: u128) -> u64 {
    key as u64
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
        let jitter = !matches!(kind, TimerKind::Release(_));
        let due = self.when_set(due, jitter);
        self.timers.set(due, self.seq, kind)
    }

    /// When a timer set now for `due` fires, and its number (`self.seq`, taken here): the
    /// one place for what changes a timer's due time, in the order traces depend on.
    fn when_set(&mut self, due: Time, jitter: bool) -> Time {
        // `Fault::TimerLate` (tests only): every timer fires 1 ms after it is due.
        let due = if faults::active(Fault::TimerLate) {
            due.plus_ms(1)
        } else {
            due
        };
        // A `Jitter` fault (not on a fault's own release timer) may make it fire late.
        let due = if jitter && self.inject.jitter_ms > 0 {
            self.jitter(due)
        } else {
            due
        };
        self.seq += 1;
        due
    }

    /// Sets the timer of `pid`'s sleep (or, with `receive`, of its receive's `after`), due
    /// in `ms`; `pid` has none.
    pub(super) fn set_wait_timer(&mut self, pid: Pid, ms: u64, receive: bool) {
        debug_assert!(
            self.st(pid).wait_timer.is_none(),
            "one wait timer at a time"
        );
        let due = self.when_set(self.now.plus_ms(ms), true);
        let queued = if receive {
            Queued::Receive(pid)
        } else {
            Queued::Sleep(pid)
        };
        self.timers.heap.push(queue_key(due, self.seq), queued);
        self.st(pid).wait_timer = NonZeroU64::new(self.seq);
    }

    /// Entries in the timer queue, stale ones included (for tests of the sweep).
    #[cfg(test)]
    pub(crate) fn queued_timers(&self) -> usize {
        self.timers.heap.len()
    }

    /// Times the timer queue was refiled whole because a key came below its last one (for
    /// tests: it should not happen in a run).
    #[cfg(test)]
    pub(crate) fn timer_refiles(&self) -> u64 {
        self.timers.heap.refiles()
    }

    /// Cancels a slab timer; returns its due time if it was still pending.
    pub(super) fn cancel_timer(&mut self, key: TimerKey) -> Option<Time> {
        let due = self.timers.take(key)?.due;
        let is_it = |_: u128, q: &Queued| matches!(q, Queued::Slab(k) if *k == key);
        if !self.timers.heap.unpush(is_it) {
            self.left_stale();
        }
        Some(due)
    }

    /// Cancels the timer of `pid`'s current receive or sleep, if any.
    pub(super) fn cancel_wait_timer(&mut self, pid: Pid) {
        if let Some(seq) = self.st(pid).wait_timer.take()
            && !self.timers.heap.unpush(|at, _| seq_of(at) == seq.get())
        {
            self.left_stale();
        }
    }

    /// A timer was cancelled, its queue entry left behind (other entries came after it):
    /// the stale entries are swept out once they are the majority.
    fn left_stale(&mut self) {
        let t = &mut self.timers;
        t.stale += 1;
        if t.stale >= 16 && 2 * t.stale > t.heap.len() {
            let Kernel {
                timers,
                pids,
                procs,
                ..
            } = self;
            let slab = &timers.slab;
            timers
                .heap
                .retain(|at, q| queued_pending(slab, pids, procs, at, *q));
            timers.stale = 0;
        }
    }

    /// The due time of the earliest pending timer.
    fn next_due(&mut self) -> Option<Time> {
        loop {
            let (at, q) = self.timers.heap.peek().map(|(at, q)| (at, *q))?;
            if queued_pending(&self.timers.slab, &self.pids, &self.procs, at, q) {
                return Some(due_of(at));
            }
            self.timers.heap.pop();
            self.skipped_stale();
        }
    }

    /// A stale entry came up and was dropped (each was counted when its timer was
    /// cancelled; the sweep resets the count).
    fn skipped_stale(&mut self) {
        debug_assert!(self.timers.stale > 0, "a stale entry nobody counted");
        self.timers.stale = self.timers.stale.saturating_sub(1);
    }

    /// Takes out the next pending timer if it is due at `now`: what it does. Settles the
    /// queue only on a timer due at `now` (see the ground rules).
    fn pop_due(&mut self, now: Time) -> Option<TimerKind> {
        loop {
            if !self.timers.heap.may_hold_at_most(queue_key(now, u64::MAX)) {
                return None;
            }
            let (at, q) = self.timers.heap.peek().map(|(at, q)| (at, *q))?;
            if due_of(at) != now {
                return None;
            }
            self.timers.heap.pop();
            if !queued_pending(&self.timers.slab, &self.pids, &self.procs, at, q) {
                self.skipped_stale();
                continue;
            }
            return Some(match q {
                Queued::Sleep(pid) => TimerKind::Wake(pid),
                Queued::Receive(pid) => TimerKind::ReceiveTimeout(pid),
                Queued::Slab(key) => self.timers.take(key).expect("pending").kind,
            });
        }
    }

    /// `Process.send_after(to, msg, ms)` by `from` ⇒ the timer's reference. A timer aimed
    /// at a dead process is not set; one aimed at a live process is cancelled if that
    /// process dies first (as `erlang:send_after/3` does). One aimed at a name is always
    /// set, and looks the name up when it fires: a free name then drops the message
    /// (semantics §1.10).
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
            Dest::Name(_) => {
                let send = SendAfter { r, from, to, msg };
                self.set_timer(due, TimerKind::SendAfter(Box::new(send)));
                return r;
            }
        };
        if self.alive(target) {
            let send = SendAfter { r, from, to, msg };
            let key = self.set_timer(due, TimerKind::SendAfter(Box::new(send)));
            let mut timers_in = std::mem::take(&mut self.st(target).rare().timers_in);
            // Forget fired and cancelled ones now and then (amortised O(1) a timer).
            if timers_in.len() >= 16 && timers_in.len().is_power_of_two() {
                timers_in.retain(|&t| self.timers.pending(t));
            }
            timers_in.push(key);
            self.st(target).rare().timers_in = timers_in;
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
        let Some(rare) = self.st(pid).rare.as_deref_mut() else {
            return;
        };
        let timers_in = std::mem::take(&mut rare.timers_in);
        for &t in &timers_in {
            self.cancel_timer(t);
        }
    }

    /// Nothing can happen at the current instant: jump to the earliest pending timer and
    /// fire every timer due then, in (time, seq) order. What runs first afterwards is the
    /// chooser's decision, so same-instant events can go either way.
    pub fn advance(&mut self, max_time: Time) -> Advance {
        let Some(due) = self.next_due() else {
            return Advance::Quiet;
        };
        if due > max_time {
            return Advance::TimeBudget(due);
        }
        debug_assert!(due >= self.now, "time never goes backwards");
        self.now = due;
        while let Some(kind) = self.pop_due(due) {
            self.fire(kind);
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
                    Dest::Name(n) => match self.whereis(n.as_str()) {
                        Some(p) => (p, None),
                        // Nobody has the name now: the message goes nowhere, silently.
                        None => return,
                    },
                };
                self.apply(from, to, Signal::Message { alias, msg });
            }
        }
    }
}
