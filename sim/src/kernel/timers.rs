//! Timers: `receive ... after`, `Process.sleep` and `Process.send_after`, in slots with
//! generations, fired in (time, seq) order when nothing else can happen at the current
//! instant.

use super::Kernel;
use super::procs::Status;
use super::signals::Signal;
use crate::faults::{self, Fault};
use crate::ids::{Pid, Ref};
use crate::term::Term;
use crate::time::Time;
use crate::trace::Dest;
use std::cmp::Reverse;

#[derive(Debug)]
pub(crate) enum TimerKind {
    Free,
    Wake(Pid),
    ReceiveTimeout(Pid),
    SendAfter {
        r: Ref,
        from: Pid,
        to: Dest,
        msg: Term,
    },
    /// The end of a `Delay` fault: the signals held under this key go into flight.
    Release(u64),
}

#[derive(Debug)]
pub(crate) struct TimerSlot {
    pub generation: u32,
    pub due: Time,
    pub kind: TimerKind,
}

pub(crate) enum Advance {
    Fired,
    Quiet,
    TimeBudget(Time),
}

impl Kernel {
    pub fn set_timer(&mut self, due: Time, kind: TimerKind) -> (u32, u32) {
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
        let slot = match self.free_slots.pop() {
            Some(s) => s,
            None => {
                self.timer_slots.push(TimerSlot {
                    generation: 0,
                    due,
                    kind: TimerKind::Free,
                });
                (self.timer_slots.len() - 1) as u32
            }
        };
        let t = &mut self.timer_slots[slot as usize];
        t.due = due;
        t.kind = kind;
        let generation = t.generation;
        self.seq += 1;
        self.timers.push(Reverse((due, self.seq, slot, generation)));
        (slot, generation)
    }

    /// Cancels a timer; returns its due time if it was still pending.
    pub fn cancel_timer(&mut self, (slot, generation): (u32, u32)) -> Option<Time> {
        let t = &mut self.timer_slots[slot as usize];
        if t.generation != generation || matches!(t.kind, TimerKind::Free) {
            return None;
        }
        t.generation = t.generation.wrapping_add(1);
        t.kind = TimerKind::Free;
        let due = t.due;
        self.free_slots.push(slot);
        // Its heap entry stays behind: sweep such entries out once they are the majority,
        // so a server answering calls with `receive ... after` holds no memory per call
        // (amortised O(1) a cancel: a sweep of n entries follows n/2 cancels).
        self.stale_timers += 1;
        if self.stale_timers >= 16 && 2 * self.stale_timers > self.timers.len() {
            let slots = &self.timer_slots;
            self.timers.retain(|Reverse((_, _, slot, generation))| {
                slots[*slot as usize].generation == *generation
            });
            self.stale_timers = 0;
        }
        Some(due)
    }

    pub fn cancel_wait_timer(&mut self, pid: Pid) {
        if let Some(t) = self.proc(pid).wait_timer.take() {
            self.cancel_timer(t);
        }
    }

    /// Sets a `send_after` timer to `to` (a live process: the caller checks), remembered by
    /// `to` so that its death cancels it.
    pub fn set_send_after(&mut self, to: Pid, due: Time, kind: TimerKind) {
        let t = self.set_timer(due, kind);
        let mut timers_in = std::mem::take(&mut self.proc(to).timers_in);
        // Forget fired and cancelled ones now and then (amortised O(1) a timer).
        if timers_in.len() >= 16 && timers_in.len().is_power_of_two() {
            let slots = &self.timer_slots;
            timers_in.retain(|&(slot, generation)| {
                let t = &slots[slot as usize];
                t.generation == generation && !matches!(t.kind, TimerKind::Free)
            });
        }
        timers_in.push(t);
        self.proc(to).timers_in = timers_in;
    }

    /// Finds the pending `send_after` timer with reference `r`.
    pub fn find_send_after(&self, r: Ref) -> Option<(u32, u32)> {
        self.timer_slots
            .iter()
            .enumerate()
            .find_map(|(i, t)| match &t.kind {
                TimerKind::SendAfter { r: tr, .. } if *tr == r => Some((i as u32, t.generation)),
                _ => None,
            })
    }

    /// Nothing can happen at the current instant: jump to the earliest pending timer and
    /// fire every timer due then, in (time, seq) order. What runs first afterwards is the
    /// chooser's decision, so same-instant events can go either way.
    pub fn advance(&mut self, max_time: Time) -> Advance {
        let due = loop {
            match self.timers.peek() {
                None => return Advance::Quiet,
                Some(Reverse((due, _, slot, generation))) => {
                    if self.timer_slots[*slot as usize].generation != *generation {
                        self.timers.pop();
                        self.stale_timers -= 1;
                        continue;
                    }
                    break *due;
                }
            }
        };
        if due > max_time {
            return Advance::TimeBudget(due);
        }
        debug_assert!(due >= self.now, "time never goes backwards");
        self.now = due;
        while let Some(Reverse((t, _, slot, generation))) = self.timers.peek().copied() {
            if t != due {
                break;
            }
            self.timers.pop();
            if self.timer_slots[slot as usize].generation != generation {
                self.stale_timers -= 1;
                continue;
            }
            self.fire(slot);
        }
        Advance::Fired
    }

    fn fire(&mut self, slot: u32) {
        let t = &mut self.timer_slots[slot as usize];
        let kind = std::mem::replace(&mut t.kind, TimerKind::Free);
        t.generation = t.generation.wrapping_add(1);
        self.free_slots.push(slot);
        match kind {
            TimerKind::Free => {}
            TimerKind::Release(key) => self.release_held(key),
            TimerKind::Wake(pid) => {
                let st = self.proc(pid);
                st.wait_timer = None;
                if st.status == Status::Sleeping {
                    self.make_runnable(pid);
                }
            }
            TimerKind::ReceiveTimeout(pid) => {
                let st = self.proc(pid);
                st.wait_timer = None;
                st.timed_out = true;
                if st.status == Status::Receiving {
                    self.make_runnable(pid);
                }
            }
            TimerKind::SendAfter {
                r: _,
                from,
                to,
                msg,
            } => {
                // The timer service enqueues directly into the receiver's queue.
                match to {
                    Dest::Pid(p) => self.apply(from, p, Signal::Message { alias: None, msg }),
                    Dest::Alias(a) => self.apply(
                        from,
                        a.owner,
                        Signal::Message {
                            alias: Some(a),
                            msg,
                        },
                    ),
                }
            }
        }
    }
}
