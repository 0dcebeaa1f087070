//! A process's mailbox: messages in arrival order, taken out anywhere by selective receive
//! (SEMANTICS §1.9).
//!
//! Ground rules:
//!
//! * Every message gets a sequence number when it arrives, increasing for the life of the
//!   mailbox. A receive remembers how far it has looked by number, so a message taken out
//!   meanwhile does not shift what it has seen.
//! * A selective receive takes the **first** message in arrival order that it matches,
//!   however it finds it. A receive may pin a term ([`Pinned`]): it then only matches
//!   tuples that have that term as their first or second element — `{ref, _}` (a task's
//!   reply), `{:DOWN, ref, ...}`, `{:EXIT, pid, _}`.
//! * A message taken from the middle leaves a hole; the holes are swept out once they are
//!   as many as the messages, so a scan never walks more than twice the mailbox.

use crate::ids::{Pid, Ref};
use crate::term::Term;
use std::collections::VecDeque;

/// A term a receive pins: it matches only tuples with this as their first or second
/// element (see [`crate::Proc::receive_pinned`]).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Pinned {
    /// A reference: a task's reply `{ref, value}`, a DOWN `{:DOWN, ref, ...}`.
    Ref(Ref),
    /// A pid: an EXIT `{:EXIT, pid, reason}`, a reply tagged with a pid.
    Pid(Pid),
}

impl Pinned {
    /// Whether `m` is a tuple with the pinned term as its first or second element.
    pub fn found_in(self, m: &Term) -> bool {
        match m {
            Term::Tuple(items) => {
                let key = self.key();
                items.iter().take(2).any(|t| *t == key)
            }
            _ => false,
        }
    }

    fn key(self) -> Term {
        match self {
            Pinned::Ref(r) => Term::Ref(r),
            Pinned::Pid(p) => Term::Pid(p),
        }
    }
}

/// Holes are swept out once there are more than this many and more holes than messages.
const HOLES_KEPT: usize = 16;

struct Entry {
    seq: u64,
    /// `None`: taken (a hole).
    msg: Option<Term>,
}

/// A mailbox (see the module's ground rules).
#[derive(Default)]
pub(crate) struct Mailbox {
    // invariant: `seq` strictly increasing; the front entry, if any, holds a message.
    entries: VecDeque<Entry>,
    /// Messages held (entries that are not holes).
    live: usize,
    /// The number the next message gets.
    next: u64,
}

impl Mailbox {
    /// Appends a message; returns its number.
    pub fn push(&mut self, msg: Term) -> u64 {
        let seq = self.next;
        self.next += 1;
        self.entries.push_back(Entry {
            seq,
            msg: Some(msg),
        });
        self.live += 1;
        seq
    }

    /// The number the next message will get: every message already here has a smaller one.
    pub fn next_seq(&self) -> u64 {
        self.next
    }

    /// The messages, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &Term> {
        self.entries.iter().filter_map(|e| e.msg.as_ref())
    }

    fn position(&self, seq: u64) -> Option<usize> {
        let i = self.entries.partition_point(|e| e.seq < seq);
        (self.entries.get(i)?.seq == seq).then_some(i)
    }

    /// Message number `seq`, if it is still here.
    pub fn get(&self, seq: u64) -> Option<&Term> {
        self.entries[self.position(seq)?].msg.as_ref()
    }

    /// The number of the first message numbered `from` or later that is a tuple holding
    /// `pinned` (if given) as its first or second element and that `matcher` accepts.
    pub fn find(
        &mut self,
        from: u64,
        pinned: Option<Pinned>,
        matcher: &mut dyn FnMut(&Term) -> bool,
    ) -> Option<u64> {
        let start = self.entries.partition_point(|e| e.seq < from);
        self.entries
            .range(start..)
            .filter_map(|e| Some((e.seq, e.msg.as_ref()?)))
            .find(|(_, m)| pinned.is_none_or(|p| p.found_in(m)) && matcher(m))
            .map(|(seq, _)| seq)
    }

    /// Takes out message number `seq`, if it is still here.
    pub fn remove(&mut self, seq: u64) -> Option<Term> {
        let i = self.position(seq)?;
        let msg = self.entries[i].msg.take()?;
        self.live -= 1;
        self.tidy();
        Some(msg)
    }

    /// Takes out every message that holds `pinned` as its first or second element and
    /// that `pred` accepts (`demonitor(ref, [:flush])`).
    pub fn remove_all(&mut self, pinned: Pinned, mut pred: impl FnMut(&Term) -> bool) {
        for e in &mut self.entries {
            if e.msg
                .as_ref()
                .is_some_and(|m| pinned.found_in(m) && pred(m))
            {
                e.msg = None;
                self.live -= 1;
            }
        }
        self.tidy();
    }

    /// Empties the mailbox, keeping a small buffer.
    pub fn clear(&mut self) {
        self.entries.clear();
        if self.entries.capacity() > super::RECYCLE_MAX {
            self.entries = VecDeque::new();
        }
        self.live = 0;
    }

    /// Restores the invariants after messages were taken: no hole at the front, not too
    /// many holes.
    fn tidy(&mut self) {
        if self.live == 0 {
            self.entries.clear();
            return;
        }
        while self.entries.front().is_some_and(|e| e.msg.is_none()) {
            self.entries.pop_front();
        }
        while self.entries.back().is_some_and(|e| e.msg.is_none()) {
            self.entries.pop_back();
        }
        let holes = self.entries.len() - self.live;
        if holes > HOLES_KEPT && holes > self.live {
            self.entries.retain(|e| e.msg.is_some());
        }
    }
}
