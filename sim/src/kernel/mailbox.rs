//! A process's mailbox: messages in arrival order, taken out anywhere by selective receive
//! (SEMANTICS §1.9), with an index for the receives that pin a reference or a pid.
//!
//! Ground rules:
//!
//! * Every message gets a sequence number when it arrives, increasing for the life of the
//!   mailbox. A receive remembers how far it has looked by number, so a message taken out
//!   meanwhile does not shift what it has seen.
//! * A selective receive takes the **first** message in arrival order that it matches,
//!   however it finds it. A receive may pin a term ([`Pinned`]): it then only matches
//!   tuples that have that term as their first or second element — `{ref, _}` (a task's
//!   reply), `{:DOWN, ref, ...}`, `{:EXIT, pid, _}`. Such a receive looks only at the
//!   messages filed under its pin in an index (in arrival order, so the first one it
//!   matches is the first one in the mailbox), not at the whole mailbox: awaiting N tasks
//!   whose replies arrive out of order costs O(N log N), not O(N²).
//! * The index is built by the first pinned receive that meets a long mailbox, kept up to
//!   date lazily (a message is filed when a pinned receive next looks), and dropped when
//!   the mailbox empties. Short mailboxes are scanned: filing costs more than looking.
//! * A message taken from the middle leaves a hole; the holes are swept out once they are
//!   as many as the messages, so a scan never walks more than twice the mailbox.

use super::sorted;
use crate::ids::{Pid, Ref};
use crate::lookup::LookupMap;
use crate::term::Term;
use std::collections::{BTreeSet, VecDeque};

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
            Term::Tuple(items) => items
                .iter()
                .take(2)
                .any(|t| IndexKey::of(t) == Some(self.key())),
            _ => false,
        }
    }

    fn key(self) -> IndexKey {
        match self {
            Pinned::Ref(r) => IndexKey::Ref(r.id),
            Pinned::Pid(p) => IndexKey::Pid(p.0),
        }
    }
}

/// What the index files a message under: the references and pids among its first two
/// elements (equal as terms iff equal as keys: a reference is its serial number).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
enum IndexKey {
    Ref(u64),
    Pid(u32),
}

impl IndexKey {
    fn of(t: &Term) -> Option<IndexKey> {
        match t {
            Term::Ref(r) => Some(IndexKey::Ref(r.id)),
            Term::Pid(p) => Some(IndexKey::Pid(p.0)),
            _ => None,
        }
    }

    /// The keys of message `m` (none, one, or two distinct ones).
    fn all_of(m: &Term) -> [Option<IndexKey>; 2] {
        let Term::Tuple(items) = m else {
            return [None, None];
        };
        let first = items.first().and_then(IndexKey::of);
        let second = items.get(1).and_then(IndexKey::of);
        [first, second.filter(|k| Some(*k) != first)]
    }
}

/// Mailboxes at most this long (from where a receive starts looking) are scanned.
const SCAN_UP_TO: usize = 32;

/// Holes are swept out once there are more than this many and more holes than messages.
const HOLES_KEPT: usize = 16;

struct Entry {
    seq: u64,
    /// `None`: taken (a hole).
    msg: Option<Term>,
}

/// The messages filed by pin: under each key, the number of every message with
/// `seq < upto` still in the mailbox that holds the key.
struct PinIndex {
    upto: u64,
    keys: LookupMap<IndexKey, Seqs>,
}

/// Beyond this many numbers, [`Seqs`] becomes a tree.
const SEQS_TREE_FROM: usize = 16;

/// The numbers of the messages filed under one key, ascending: in place for the usual one
/// or two (a task's reply and its DOWN share its reference; no allocation for a key that a
/// fan-out files once per task), a short vector for a few more, a B-tree for a key that
/// many messages hold (taking one from the middle stays O(log n)).
enum Seqs {
    // invariant: the first `n` (at most 2) numbers, ascending.
    Two { n: u8, seqs: [u64; 2] },
    // invariant: ascending, at most `SEQS_TREE_FROM` numbers.
    Few(Vec<u64>),
    Many(BTreeSet<u64>),
}

impl Default for Seqs {
    fn default() -> Self {
        Seqs::Two { n: 0, seqs: [0, 0] }
    }
}

impl Seqs {
    /// Files `seq`, larger than every number filed so far.
    fn push(&mut self, seq: u64) {
        match self {
            Seqs::Two { n, seqs } if *n < 2 => {
                debug_assert!(*n == 0 || seqs[0] < seq, "filed in order");
                seqs[*n as usize] = seq;
                *n += 1;
            }
            Seqs::Two { seqs, .. } => {
                debug_assert!(seqs[1] < seq, "filed in order");
                *self = Seqs::Few(vec![seqs[0], seqs[1], seq]);
            }
            Seqs::Few(few) => {
                debug_assert!(few.last().is_none_or(|&l| l < seq), "filed in order");
                few.push(seq);
                if few.len() > SEQS_TREE_FROM {
                    *self = Seqs::Many(few.drain(..).collect());
                }
            }
            Seqs::Many(many) => {
                many.insert(seq);
            }
        }
    }

    /// Takes `seq` out; true if none is left.
    fn remove(&mut self, seq: u64) -> bool {
        match self {
            Seqs::Two { n, seqs } => {
                if let Some(i) = seqs[..*n as usize].iter().position(|&s| s == seq) {
                    seqs.copy_within(i + 1..*n as usize, i);
                    *n -= 1;
                }
                *n == 0
            }
            Seqs::Few(few) => {
                if let Ok(i) = few.binary_search(&seq) {
                    few.remove(i);
                }
                few.is_empty()
            }
            Seqs::Many(many) => {
                many.remove(&seq);
                many.is_empty()
            }
        }
    }

    /// The numbers from `from` on, ascending.
    fn from(&self, from: u64) -> SeqsFrom<'_> {
        let few = match self {
            Seqs::Two { n, seqs } => &seqs[..*n as usize],
            Seqs::Few(few) => &few[..],
            Seqs::Many(many) => return SeqsFrom::Many(many.range(from..)),
        };
        SeqsFrom::Few(few[few.partition_point(|&s| s < from)..].iter())
    }
}

/// What [`Seqs::from`] walks: one iterator per form, not a chain of both.
enum SeqsFrom<'a> {
    Few(std::slice::Iter<'a, u64>),
    Many(std::collections::btree_set::Range<'a, u64>),
}

impl Iterator for SeqsFrom<'_> {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        match self {
            SeqsFrom::Few(few) => few.next().copied(),
            SeqsFrom::Many(many) => many.next().copied(),
        }
    }
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
    index: Option<Box<PinIndex>>,
}

impl Mailbox {
    /// Appends a message; returns its number.
    #[inline]
    pub fn push(&mut self, msg: Term) -> u64 {
        let seq = self.next;
        self.next += 1;
        if self.entries.capacity() == 0 {
            self.room_for_one();
        }
        self.entries.push_back(Entry {
            seq,
            msg: Some(msg),
        });
        self.live += 1;
        seq
    }

    /// Room for one message: many processes get a single one in their life (a task its
    /// start), and a first push would make room for four. (Apart, so that `push` stays
    /// small enough to be inlined.)
    #[cold]
    #[inline(never)]
    fn room_for_one(&mut self) {
        self.entries.reserve_exact(1);
    }

    /// Messages held.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.live
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
        let i = self.start_of(seq);
        (self.entries.get(i)?.seq == seq).then_some(i)
    }

    /// The index of the first entry numbered `seq` or later.
    #[inline]
    fn start_of(&self, seq: u64) -> usize {
        // Most receives look from the front (the oldest message, or nothing seen yet).
        match self.entries.front() {
            Some(e) if e.seq >= seq => 0,
            None => 0,
            Some(_) => self.search(seq),
        }
    }

    /// [`Mailbox::start_of`] past the front: the numbers held are increasing and mostly
    /// dense, which [`sorted::search`] uses. (Not inlined: `start_of`, which most often
    /// answers from the front, is.)
    #[inline(never)]
    fn search(&self, seq: u64) -> usize {
        let e = &self.entries;
        sorted::search(e.len(), |i| e[i].seq, seq)
    }

    /// Message number `seq`, if it is still here.
    pub fn get(&self, seq: u64) -> Option<&Term> {
        self.entries[self.position(seq)?].msg.as_ref()
    }

    /// The number of the first message numbered `from` or later that is a tuple holding
    /// `pinned` (if given) as its first or second element and that `matcher` accepts.
    #[cfg(test)]
    pub fn find(
        &mut self,
        from: u64,
        pinned: Option<Pinned>,
        matcher: &mut dyn FnMut(&Term) -> bool,
    ) -> Option<u64> {
        self.locate(from, pinned, matcher).map(|(seq, _)| seq)
    }

    /// Takes out the message [`Mailbox::find`] finds (what a receive does with it at
    /// once: found where it is, it is not looked for again).
    pub fn take(
        &mut self,
        from: u64,
        pinned: Option<Pinned>,
        matcher: &mut dyn FnMut(&Term) -> bool,
    ) -> Option<Term> {
        let (seq, i) = self.locate(from, pinned, matcher)?;
        self.remove_at(seq, i)
    }

    /// [`Mailbox::find`]'s message: its number and where it is in `entries`.
    fn locate(
        &mut self,
        from: u64,
        pinned: Option<Pinned>,
        matcher: &mut dyn FnMut(&Term) -> bool,
    ) -> Option<(u64, usize)> {
        let start = self.start_of(from);
        match pinned {
            Some(pin) if self.entries.len() - start > SCAN_UP_TO => {
                self.file_new();
                let index = self.index.as_ref().expect("filed");
                let seqs = index.keys.get(&pin.key())?;
                seqs.from(from).find_map(|seq| {
                    let i = self.position(seq).expect("indexed messages are held");
                    let m = self.entries[i]
                        .msg
                        .as_ref()
                        .expect("indexed messages are held");
                    matcher(m).then_some((seq, i))
                })
            }
            _ => (start..)
                .zip(self.entries.range(start..))
                .filter_map(|(i, e)| Some((i, e.seq, e.msg.as_ref()?)))
                .find(|(_, _, m)| pinned.is_none_or(|p| p.found_in(m)) && matcher(m))
                .map(|(i, seq, _)| (seq, i)),
        }
    }

    /// Takes out message number `seq`, if it is still here.
    pub fn remove(&mut self, seq: u64) -> Option<Term> {
        let i = self.position(seq)?;
        self.remove_at(seq, i)
    }

    /// Takes out message number `seq`, which is `entries[i]`, if it is still there.
    fn remove_at(&mut self, seq: u64, i: usize) -> Option<Term> {
        debug_assert_eq!(self.entries[i].seq, seq);
        let msg = self.entries[i].msg.take()?;
        self.live -= 1;
        if let Some(index) = &mut self.index
            && seq < index.upto
        {
            for key in IndexKey::all_of(&msg).into_iter().flatten() {
                if let Some(seqs) = index.keys.get_mut(&key)
                    && seqs.remove(seq)
                {
                    index.keys.remove(&key);
                }
            }
        }
        self.tidy();
        Some(msg)
    }

    /// Takes out every message that holds `pinned` as its first or second element and
    /// that `pred` accepts. (`demonitor(ref, [:flush])` takes out the oldest one only, with
    /// [`Mailbox::take`]; the property test keeps this one to mix
    /// bulk removals, which leave the index stale, into its operations.)
    #[cfg(test)]
    pub fn remove_all(&mut self, pinned: Pinned, mut pred: impl FnMut(&Term) -> bool) {
        if self.entries.len() > SCAN_UP_TO {
            self.file_new();
            let index = self.index.as_ref().expect("filed");
            let seqs: Vec<u64> = (index.keys.get(&pinned.key()).into_iter())
                .flat_map(|seqs| seqs.from(0))
                .filter(|&seq| pred(self.get(seq).expect("indexed messages are held")))
                .collect();
            for seq in seqs {
                self.remove(seq);
            }
            return;
        }
        for e in &mut self.entries {
            if e.msg
                .as_ref()
                .is_some_and(|m| pinned.found_in(m) && pred(m))
            {
                e.msg = None;
                self.live -= 1;
            }
        }
        // An index left from when the mailbox was long is now stale: rebuilt when needed.
        self.index = None;
        self.tidy();
    }

    /// Empties the mailbox, keeping a small buffer.
    pub fn clear(&mut self) {
        self.entries.clear();
        if self.entries.capacity() > super::RECYCLE_MAX {
            self.entries = VecDeque::new();
        }
        self.live = 0;
        self.index = None;
    }

    /// Files the messages that arrived since the index last looked (building it if needed).
    fn file_new(&mut self) {
        let mut index = self.index.take().unwrap_or_else(|| {
            Box::new(PinIndex {
                upto: 0,
                keys: LookupMap::default(),
            })
        });
        for e in self.entries.range(self.start_of(index.upto)..) {
            if let Some(m) = &e.msg {
                for key in IndexKey::all_of(m).into_iter().flatten() {
                    index
                        .keys
                        .get_or_insert_with(key, Seqs::default)
                        .push(e.seq);
                }
            }
        }
        index.upto = self.next;
        self.index = Some(index);
    }

    /// Restores the invariants after messages were taken: no hole at the front, not too
    /// many holes, no index for an empty mailbox.
    fn tidy(&mut self) {
        if self.live == 0 {
            self.entries.clear();
            self.index = None;
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

#[cfg(test)]
mod tests;
