//! Monitors and aliases (SEMANTICS §1.6, §1.7): the one place that adds and removes them.
//!
//! Ground rules:
//!
//! * A monitor is one reference seen from two sides: the watcher holds it (with its target,
//!   and whether it doubles as an alias), the target lists it among its watchers. Both
//!   sides are written here only: [`Kernel::monitor`] adds both, [`Kernel::demonitor`] and
//!   a delivered DOWN ([`Kernel::take_down`]) remove both, a death takes its watchers and
//!   removes what it held from its targets ([`Kernel::take_monitors`]).
//! * A monitor made with `alias: :demonitor` is also an active alias of the watcher until
//!   the monitor goes (demonitor, or its DOWN delivered) or `unalias` ends it: its held
//!   side says so ([`Held::alias`]), so the alias comes and goes with the monitor's entry
//!   and costs no entry of its own. A process's `aliases` hold only those made by
//!   `alias()`; [`Kernel::alias_active`] looks in both.
//! * A process's watchers are kept in reference order, which is the order they monitored it
//!   in (a reference is new when its monitor is made): that is the order its DOWNs go out
//!   in when it dies.

use super::Kernel;
use super::mailbox::Pinned;
use super::sorted;
use crate::ids::{Pid, Ref};
use crate::term::{Atom, Term};
use crate::trace::EventKind;

/// Beyond this many entries, a [`RefMap`] is searched ([`Searched`]) instead of scanned.
const SEARCHED_FROM: usize = 16;

/// Entries keyed by reference, in reference order: a short vector for the usual handful,
/// a vector searched by number once there are many (a caller awaiting 100,000 tasks holds
/// 100,000 monitors).
pub(super) enum RefMap<V> {
    // invariant: sorted by reference, at most `SEARCHED_FROM` entries.
    Few(Vec<(Ref, V)>),
    Many(Box<Searched<V>>),
}

/// Many entries: in reference order with holes where some were removed (a hole keeps its
/// reference). References are made in order, so an entry is almost always appended; one
/// older than the newest is put in its place by shifting the newer ones (O(n), rare). An
/// entry is found by [`sorted::search`] over the references' serial numbers, which are
/// mostly dense (a caller's monitors of the tasks it starts): no hash index beside the
/// vector, whose lookups and inserts missed the cache at a million entries.
pub(super) struct Searched<V> {
    // invariant: sorted by reference, each reference once; `live` counts the `Some`
    // entries; the last entry is not a hole.
    entries: Vec<(Ref, Option<V>)>,
    live: usize,
}

impl<V> Searched<V> {
    /// The searched form of `sorted`, which is sorted by reference.
    fn of(sorted: impl IntoIterator<Item = (Ref, V)>) -> Searched<V> {
        let entries: Vec<_> = sorted.into_iter().map(|(r, v)| (r, Some(v))).collect();
        Searched {
            live: entries.len(),
            entries,
        }
    }

    /// Where `r` is or would go in `entries`.
    fn search(&self, r: Ref) -> usize {
        let e = &self.entries;
        sorted::search(e.len(), |i| e[i].0.id, r.id)
    }

    /// The position of the live entry of `r`.
    fn position(&self, r: Ref) -> Option<usize> {
        let i = self.search(r);
        let (x, v) = self.entries.get(i)?;
        (*x == r && v.is_some()).then_some(i)
    }

    fn insert(&mut self, r: Ref, v: V) {
        if self.entries.last().is_none_or(|(n, _)| *n < r) {
            self.entries.push((r, Some(v)));
            self.live += 1;
            return;
        }
        let i = self.search(r);
        match self.entries.get_mut(i) {
            // The hole a removed entry of `r` left.
            Some((x, hole)) if *x == r => {
                debug_assert!(hole.is_none(), "{r} twice");
                if hole.replace(v).is_none() {
                    self.live += 1;
                }
            }
            _ => {
                self.entries.insert(i, (r, Some(v)));
                self.live += 1;
            }
        }
    }

    fn remove(&mut self, r: Ref) -> Option<V> {
        let i = self.position(r)?;
        let v = self.entries[i].1.take();
        self.live -= 1;
        while self.entries.last().is_some_and(|(_, v)| v.is_none()) {
            self.entries.pop();
        }
        let holes = self.entries.len() - self.live;
        if holes > SEARCHED_FROM && holes > self.live {
            // In place: no new buffer (a million-entry one is a large allocation).
            self.entries.retain(|(_, v)| v.is_some());
        }
        v
    }
}

impl<V> Default for RefMap<V> {
    fn default() -> Self {
        RefMap::Few(Vec::new())
    }
}

impl<V> RefMap<V> {
    pub fn insert(&mut self, r: Ref, v: V) {
        match self {
            RefMap::Few(few) => {
                // References are made in order, so this is almost always a push.
                let i = few.partition_point(|(x, _)| *x < r);
                debug_assert!(few.get(i).is_none_or(|(x, _)| *x != r), "{r} twice");
                // Most processes hold one entry (a task, the one monitor on it): room for
                // one, not the four a first push makes.
                if few.capacity() == 0 {
                    few.reserve_exact(1);
                }
                few.insert(i, (r, v));
                if few.len() > SEARCHED_FROM {
                    *self = RefMap::Many(Box::new(Searched::of(std::mem::take(few))));
                }
            }
            RefMap::Many(many) => {
                debug_assert!(many.position(r).is_none(), "{r} twice");
                many.insert(r, v);
            }
        }
    }

    pub fn remove(&mut self, r: Ref) -> Option<V> {
        match self {
            RefMap::Few(few) => {
                let i = few.iter().position(|(x, _)| *x == r)?;
                Some(few.remove(i).1)
            }
            RefMap::Many(many) => many.remove(r),
        }
    }

    pub fn contains(&self, r: Ref) -> bool {
        match self {
            RefMap::Few(few) => few.iter().any(|(x, _)| *x == r),
            RefMap::Many(many) => many.position(r).is_some(),
        }
    }

    pub fn get_mut(&mut self, r: Ref) -> Option<&mut V> {
        let (_, v) = match self {
            RefMap::Few(few) => few.iter_mut().find(|(x, _)| *x == r)?,
            RefMap::Many(many) => {
                let i = many.position(r)?;
                return many.entries[i].1.as_mut();
            }
        };
        Some(v)
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        match self {
            RefMap::Few(few) => few.is_empty(),
            RefMap::Many(many) => many.live == 0,
        }
    }

    /// The entries, in reference order.
    pub fn iter(&self) -> RefIter<'_, V> {
        match self {
            RefMap::Few(few) => RefIter::Few(few.iter()),
            RefMap::Many(many) => RefIter::Many(many.entries.iter()),
        }
    }

    /// Empties the map, keeping a small buffer for the slot's next process.
    pub fn clear(&mut self) {
        match self {
            RefMap::Few(few) => super::recycle(few),
            RefMap::Many(_) => *self = RefMap::default(),
        }
    }
}

/// The entries of a [`RefMap`], in reference order. (One iterator per form, not a chain of
/// both: a dying process's watchers are walked through it.)
pub(super) enum RefIter<'a, V> {
    Few(std::slice::Iter<'a, (Ref, V)>),
    // Holes skipped.
    Many(std::slice::Iter<'a, (Ref, Option<V>)>),
}

impl<'a, V> Iterator for RefIter<'a, V> {
    type Item = (Ref, &'a V);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            RefIter::Few(few) => few.next().map(|(r, v)| (*r, v)),
            RefIter::Many(many) => many.find_map(|(r, v)| Some((*r, v.as_ref()?))),
        }
    }
}

/// A monitor as its watcher holds it.
#[derive(Clone, Debug)]
pub(super) struct Held {
    pub target: Pid,
    /// Made with `alias: :demonitor`: the reference is an active alias while the monitor
    /// lives, until `unalias`.
    pub alias: bool,
    /// Taken on a registered name: its DOWN names `{name, node}` instead of the pid
    /// (semantics §1.6).
    pub name: Option<Atom>,
}

/// `{:DOWN, r, :process, who, reason}`: `who` is `{name, :nonode@nohost}` for a monitor
/// taken on a name, else the pid `from` (semantics §1.6).
pub(super) fn down_message(r: Ref, name: Option<&Atom>, from: Pid, reason: Term) -> Term {
    let who = match name {
        Some(n) => Term::tuple([Term::Atom(n.clone()), Term::atom("nonode@nohost")]),
        None => Term::Pid(from),
    };
    Term::tuple([
        Term::atom("DOWN"),
        Term::Ref(r),
        Term::atom("process"),
        who,
        reason,
    ])
}

impl Kernel {
    /// `Process.monitor(target)` by `me` (with `alias: :demonitor` if `alias`). A dead
    /// target gets an immediate DOWN `:noproc` on its way.
    pub fn monitor(&mut self, me: Pid, target: Pid, alias: bool) -> Ref {
        self.monitor_as(me, Some(target), alias, None)
    }

    /// `Process.monitor(name)` by `me` for a registered name, held by `target` now (`None`:
    /// nobody has it). Its DOWN names `{name, :nonode@nohost}`; a name nobody has gives
    /// that DOWN with `:noproc` at once, `me` standing in as the target (semantics §1.6).
    pub fn monitor_as(
        &mut self,
        me: Pid,
        target: Option<Pid>,
        alias: bool,
        name: Option<Atom>,
    ) -> Ref {
        let r = self.make_ref(me);
        let live = target.filter(|&t| self.alive(t));
        let target = target.unwrap_or(me);
        self.emit(Some(me), || EventKind::Monitor {
            target,
            r#ref: r,
            alias,
            name: name.clone(),
        });
        match live {
            Some(t) => self.add_monitor(me, t, r, alias, name),
            None if !self.nothing_on_the_way(target, me) => {
                // The DOWN queues behind what the dead process sent before it died (its
                // link exit signal, say), as a signal from it (semantics §1.8).
                self.hold_monitor(me, target, r, alias, name);
                let down = super::Signal::Down {
                    r,
                    reason: Term::atom("noproc"),
                };
                self.push_signal(target, me, down);
            }
            None if name.is_some() => {
                // A name nobody has: the DOWN is there for the next look at the mailbox,
                // if the monitor still is then (semantics §1.6).
                let down = down_message(r, name.as_ref(), target, Term::atom("noproc"));
                self.hold_monitor(me, target, r, alias, name);
                let st = self.st(me);
                let seq = st.mailbox.push(down);
                st.rare()
                    .unfetched
                    .push(super::procs::Unfetched::NameDown { seq, r });
            }
            None => {
                // A dead pid: the DOWN arrives when the caller next waits (semantics §1.6).
                self.hold_monitor(me, target, r, alias, name);
                self.st(me)
                    .rare()
                    .unfetched
                    .push(super::procs::Unfetched::Down { r, from: target });
            }
        }
        r
    }

    /// Both sides of a new monitor `r` of `watcher` on the live `target`.
    pub(super) fn add_monitor(
        &mut self,
        watcher: Pid,
        target: Pid,
        r: Ref,
        alias: bool,
        name: Option<Atom>,
    ) {
        self.hold_monitor(watcher, target, r, alias, name);
        self.st(target).watchers.insert(r, watcher);
    }

    /// The watcher's side of a monitor.
    fn hold_monitor(&mut self, watcher: Pid, target: Pid, r: Ref, alias: bool, name: Option<Atom>) {
        self.st(watcher).monitors.insert(
            r,
            Held {
                target,
                alias,
                name,
            },
        );
    }

    /// `Process.demonitor(r)` by `me`: whether the monitor was still active. With `flush`,
    /// a DOWN for it already in the mailbox (`{_, r, _, _, _}`) is removed too.
    pub fn demonitor(&mut self, me: Pid, r: Ref, flush: bool) -> bool {
        self.emit(Some(me), || EventKind::Demonitor { r#ref: r });
        let found = self.st(me).monitors.remove(r);
        if let Some(m) = &found {
            if let Some(t) = self.held(m.target) {
                t.watchers.remove(r);
            }
        }
        // An active monitor has no DOWN on its way (one in flight is dropped on arrival), so
        // there is nothing to flush and a message that merely looks like its DOWN stays. An
        // inactive one is flushed like 1.14's `receive {_, ref, _, _, _} -> ... after 0`:
        // the oldest such message only (semantics §1.6).
        if flush && found.is_none() {
            // The flush is a receive: it takes in pending signals first (semantics §1.7).
            self.fetch(me);
            let mut is_down =
                |m: &Term| matches!(m.as_tuple(), Some([_, Term::Ref(x), _, _, _]) if *x == r);
            let mailbox = &mut self.st(me).mailbox;
            mailbox.take(0, Some(Pinned::Ref(r)), &mut is_down);
        }
        found.is_some()
    }

    /// A DOWN for `r` arrives at `to`: the monitor (gone now, with its alias) if `to` still
    /// held it, `None` if a `demonitor` came first.
    pub(super) fn take_down(&mut self, to: Pid, r: Ref) -> Option<Held> {
        self.st(to).monitors.remove(r)
    }

    /// At the death of `pid`: the monitors it held are removed from their targets, and its
    /// watchers are handed over, in order, for their DOWNs (its maps are left empty; hand
    /// the watchers back with [`Kernel::return_watchers`]).
    pub(super) fn take_monitors(&mut self, pid: Pid) -> RefMap<Pid> {
        // Watchers first: a process that monitors itself still gets (and drops) its DOWN.
        let watchers = std::mem::take(&mut self.st(pid).watchers);
        let mut held = std::mem::take(&mut self.st(pid).monitors);
        for (r, m) in held.iter() {
            if let Some(t) = self.held(m.target) {
                t.watchers.remove(r);
            }
        }
        held.clear();
        self.st(pid).monitors = held;
        watchers
    }

    /// Gives a dead process's watchers buffer back to its slot, emptied (for reuse).
    pub(super) fn return_watchers(&mut self, pid: Pid, mut watchers: RefMap<Pid>) {
        watchers.clear();
        self.st(pid).watchers = watchers;
    }

    /// `alias()` by `me`: a new active alias.
    pub fn alias(&mut self, me: Pid) -> Ref {
        let r = self.make_ref(me);
        self.st(me).rare().aliases.insert(r, ());
        r
    }

    /// `unalias(r)` by `me`: whether `r` was an active alias. A monitor's alias ends; the
    /// monitor stays.
    pub fn unalias(&mut self, me: Pid, r: Ref) -> bool {
        let st = self.st(me);
        match st.monitors.get_mut(r) {
            Some(m) => std::mem::replace(&mut m.alias, false),
            None => st
                .rare
                .as_deref_mut()
                .is_some_and(|rare| rare.aliases.remove(r).is_some()),
        }
    }

    /// Whether `r` is an active alias of `pid`: a monitor's (the usual case: a task's
    /// reply) or one made by `alias()`.
    pub(super) fn alias_active(&mut self, pid: Pid, r: Ref) -> bool {
        let st = self.st(pid);
        match st.monitors.get_mut(r) {
            Some(m) => m.alias,
            None => st
                .rare
                .as_deref()
                .is_some_and(|rare| rare.aliases.contains(r)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(id: u64) -> Ref {
        Ref { id, owner: Pid(0) }
    }

    #[test]
    fn a_ref_map_keeps_reference_order_in_both_forms() {
        let mut m = RefMap::default();
        for id in (1..=40).rev() {
            m.insert(r(id), id);
        }
        assert!(matches!(m, RefMap::Many(_)));
        assert_eq!(m.remove(r(7)), Some(7));
        assert_eq!(m.remove(r(7)), None);
        m.insert(r(7), 7);
        assert_eq!(m.remove(r(7)), Some(7));
        assert_eq!(m.remove(r(7)), None);
        assert!(m.contains(r(8)) && !m.contains(r(7)));
        let ids: Vec<u64> = m.iter().map(|(x, _)| x.id).collect();
        assert_eq!(ids, (1..=40).filter(|&i| i != 7).collect::<Vec<_>>());
        m.clear();
        assert!(m.is_empty());
    }

    #[test]
    fn a_ref_map_agrees_with_a_b_tree_through_inserts_and_removals() {
        // SplitMix64 of a counter: reproducible "random" operations.
        let mut state = 0u64;
        let mut next = move || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let mut m = RefMap::default();
        let mut model = std::collections::BTreeMap::new();
        let mut newest = 0;
        for step in 0..5_000u64 {
            let roll = next() % 10;
            if roll < 5 {
                // Mostly new references; now and then an older one not held.
                let id = if roll == 0 {
                    next() % (newest + 1)
                } else {
                    newest + 1
                };
                if let std::collections::btree_map::Entry::Vacant(e) = model.entry(id) {
                    newest = newest.max(id);
                    m.insert(r(id), step);
                    e.insert(step);
                }
            } else {
                let id = next() % (newest + 1);
                assert_eq!(m.remove(r(id)), model.remove(&id), "remove {id}");
            }
            let id = next() % (newest + 1);
            assert_eq!(m.contains(r(id)), model.contains_key(&id));
            if step % 97 == 0 {
                let got: Vec<(u64, u64)> = m.iter().map(|(x, v)| (x.id, *v)).collect();
                let want: Vec<(u64, u64)> = model.iter().map(|(k, v)| (*k, *v)).collect();
                assert_eq!(got, want, "step {step}");
            }
        }
        assert!(
            matches!(m, RefMap::Many(_)),
            "the test reached the searched form"
        );
    }

    #[test]
    fn a_ref_map_of_one_entry_holds_room_for_one() {
        // A million monitored tasks each hold one watcher: 24 bytes, not 96.
        let mut m = RefMap::default();
        m.insert(r(7), Pid(3));
        let RefMap::Few(few) = &m else {
            panic!("one entry is a few")
        };
        assert_eq!(few.capacity(), 1);
        m.insert(r(9), Pid(4));
        assert_eq!(m.iter().count(), 2);
    }

    #[test]
    fn a_ref_map_is_as_small_as_a_vector() {
        assert_eq!(
            std::mem::size_of::<RefMap<Pid>>(),
            std::mem::size_of::<Vec<(Ref, Pid)>>()
        );
    }
}
