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
//! * A DOWN is held unbuilt ([`Msg::Down`]) until something looks at it as a term: the
//!   DOWN of every awaited task is flushed unseen by `Task.await`'s `demonitor(r,
//!   [:flush])` ([`Mailbox::flush_down`]), which knows it by its reference alone.
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
    msg: Option<Msg>,
}

/// A message as the mailbox holds it.
enum Msg {
    Term(Term),
    /// `{:DOWN, r, :process, from, reason}`, not built yet: building it is an allocation of
    /// 176 bytes, and most DOWNs are flushed without being looked at. (A DOWN that names a
    /// registered name, or has another reason, is built at once; so an entry stays 40
    /// bytes.)
    Down {
        r: Ref,
        from: Pid,
        reason: DownReason,
    },
}

/// The reason of a DOWN held unbuilt: one of the usual ends of a process.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum DownReason {
    Normal,
    Noproc,
    Shutdown,
    Killed,
}

impl DownReason {
    const ALL: [(DownReason, &'static str); 4] = [
        (DownReason::Normal, "normal"),
        (DownReason::Noproc, "noproc"),
        (DownReason::Shutdown, "shutdown"),
        (DownReason::Killed, "killed"),
    ];

    /// `reason` as one of these, if it is.
    pub fn of(reason: &Term) -> Option<DownReason> {
        let (why, _) = Self::ALL.iter().find(|(_, a)| reason.is_atom(a))?;
        Some(*why)
    }

    fn term(self) -> Term {
        let (_, a) = Self::ALL
            .iter()
            .find(|(why, _)| *why == self)
            .expect("listed");
        Term::atom(a)
    }
}

impl Msg {
    fn build(r: Ref, from: Pid, reason: DownReason) -> Term {
        super::monitors::down_message(r, None, from, reason.term())
    }

    /// The message as a term, built in place if it was not yet.
    fn term(&mut self) -> &Term {
        if let Msg::Down { r, from, reason } = *self {
            *self = Msg::Term(Msg::build(r, from, reason));
        }
        match self {
            Msg::Term(t) => t,
            Msg::Down { .. } => unreachable!("built above"),
        }
    }

    /// The message as a term, built if it was not yet.
    fn into_term(self) -> Term {
        match self {
            Msg::Term(t) => t,
            Msg::Down { r, from, reason } => Msg::build(r, from, reason),
        }
    }

    /// A copy of the message as a term.
    fn to_term(&self) -> Term {
        match self {
            Msg::Term(t) => t.clone(),
            Msg::Down { r, from, reason } => Msg::build(*r, *from, *reason),
        }
    }

    /// What the index files it under ([`IndexKey::all_of`] of its term).
    fn keys(&self) -> [Option<IndexKey>; 2] {
        match self {
            Msg::Term(t) => IndexKey::all_of(t),
            Msg::Down { r, .. } => [Some(IndexKey::Ref(r.id)), None],
        }
    }

    /// Whether it is `{_, r, _, _, _}`, what `demonitor(r, [:flush])` takes (semantics
    /// §1.6), told without building it.
    fn is_down_of(&self, r: Ref) -> bool {
        match self {
            Msg::Term(t) => matches!(t.as_tuple(), Some([_, Term::Ref(x), _, _, _]) if *x == r),
            Msg::Down { r: x, .. } => *x == r,
        }
    }
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
        self.push_msg(Msg::Term(msg))
    }

    /// Appends the DOWN `{:DOWN, r, :process, from, reason}`, unbuilt; returns its number.
    pub fn push_down(&mut self, r: Ref, from: Pid, reason: DownReason) -> u64 {
        self.push_msg(Msg::Down { r, from, reason })
    }

    #[inline]
    fn push_msg(&mut self, msg: Msg) -> u64 {
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

    /// Copies of the messages, oldest first.
    pub fn messages(&self) -> impl Iterator<Item = Term> + '_ {
        self.entries
            .iter()
            .filter_map(|e| Some(e.msg.as_ref()?.to_term()))
    }

    fn position(&self, seq: u64) -> Option<usize> {
        position_in(&self.entries, seq)
    }

    /// The index of the first entry numbered `seq` or later.
    #[inline]
    fn start_of(&self, seq: u64) -> usize {
        start_in(&self.entries, seq)
    }

    /// A copy of message number `seq`, if it is still here.
    pub fn get(&self, seq: u64) -> Option<Term> {
        Some(self.entries[self.position(seq)?].msg.as_ref()?.to_term())
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
        self.locate(from, pinned, &mut |m| matcher(m.term()))
            .map(|(seq, _)| seq)
    }

    /// Takes out the message [`Mailbox::find`] finds (what a receive does with it at
    /// once: found where it is, it is not looked for again).
    pub fn take(
        &mut self,
        from: u64,
        pinned: Option<Pinned>,
        matcher: &mut dyn FnMut(&Term) -> bool,
    ) -> Option<Term> {
        let (seq, i) = self.locate(from, pinned, &mut |m| matcher(m.term()))?;
        self.remove_at(seq, i).map(Msg::into_term)
    }

    /// `demonitor(r, [:flush])`'s receive: takes out the oldest `{_, r, _, _, _}`, without
    /// building it if it is a DOWN not looked at yet. True if there was one.
    pub fn flush_down(&mut self, r: Ref) -> bool {
        match self.locate(0, Some(Pinned::Ref(r)), &mut |m| m.is_down_of(r)) {
            Some((seq, i)) => self.remove_at(seq, i).is_some(),
            None => false,
        }
    }

    /// The first message numbered `from` or later that holds `pinned` (if given) and that
    /// `accept` accepts: its number and where it is in `entries`. (`accept` may build the
    /// message in place.)
    fn locate(
        &mut self,
        from: u64,
        pinned: Option<Pinned>,
        accept: &mut dyn FnMut(&mut Msg) -> bool,
    ) -> Option<(u64, usize)> {
        let start = self.start_of(from);
        match pinned {
            Some(pin) if self.entries.len() - start > SCAN_UP_TO => {
                self.file_new();
                let Mailbox { entries, index, .. } = self;
                let index = index.as_ref().expect("filed");
                let seqs = index.keys.get(&pin.key())?;
                seqs.from(from).find_map(|seq| {
                    let i = position_in(entries, seq).expect("indexed messages are held");
                    let m = entries[i].msg.as_mut().expect("indexed messages are held");
                    accept(m).then_some((seq, i))
                })
            }
            _ => (start..)
                .zip(self.entries.range_mut(start..))
                .find_map(|(i, e)| {
                    let m = e.msg.as_mut()?;
                    let pin_ok = pinned.is_none_or(|p| m.keys().contains(&Some(p.key())));
                    (pin_ok && accept(m)).then_some((e.seq, i))
                }),
        }
    }

    /// Takes out message number `seq`, if it is still here.
    pub fn remove(&mut self, seq: u64) -> Option<Term> {
        let i = self.position(seq)?;
        self.remove_at(seq, i).map(Msg::into_term)
    }

    /// Takes out message number `seq`, which is `entries[i]`, if it is still there.
    fn remove_at(&mut self, seq: u64, i: usize) -> Option<Msg> {
        debug_assert_eq!(self.entries[i].seq, seq);
        let msg = self.entries[i].msg.take()?;
        self.live -= 1;
        if let Some(index) = &mut self.index
            && seq < index.upto
        {
            for key in msg.keys().into_iter().flatten() {
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
                .filter(|&seq| pred(&self.get(seq).expect("indexed messages are held")))
                .collect();
            for seq in seqs {
                self.remove(seq);
            }
            return;
        }
        for e in &mut self.entries {
            if e.msg.as_mut().is_some_and(|m| {
                let m = m.term();
                pinned.found_in(m) && pred(m)
            }) {
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
                for key in m.keys().into_iter().flatten() {
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

/// The index of the first of `entries` numbered `seq` or later.
#[inline]
fn start_in(entries: &VecDeque<Entry>, seq: u64) -> usize {
    // Most receives look from the front (the oldest message, or nothing seen yet).
    match entries.front() {
        Some(e) if e.seq >= seq => 0,
        None => 0,
        Some(_) => search(entries, seq),
    }
}

/// [`start_in`] past the front: the numbers held are increasing and mostly dense, which
/// [`sorted::search`] uses. (Not inlined: `start_in`, which most often answers from the
/// front, is.)
#[inline(never)]
fn search(entries: &VecDeque<Entry>, seq: u64) -> usize {
    sorted::search(entries.len(), |i| entries[i].seq, seq)
}

/// Where message number `seq` is in `entries`.
fn position_in(entries: &VecDeque<Entry>, seq: u64) -> Option<usize> {
    let i = start_in(entries, seq);
    (entries.get(i)?.seq == seq).then_some(i)
}

#[cfg(test)]
mod tests;
