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
use super::sorted;
use crate::ids::{Pid, Ref};
use crate::term::{Atom, Term};
use crate::trace::EventKind;

/// Entries keyed by reference, in reference order (see [`sorted::SortedMap`]).
pub(super) type RefMap<V> = sorted::SortedMap<Ref, V>;

/// A monitor as its watcher holds it.
#[derive(Clone, Debug)]
pub(super) struct Held {
    pub target: Pid,
    /// Made with `alias: :demonitor`: the reference is an active alias while the monitor
    /// lives, until `unalias`.
    pub alias: bool,
    /// Taken on a registered name: its DOWN names `{name, node}` instead of the pid
    /// (semantics §1.6). Boxed: rare, and a held monitor then takes 16 bytes, so that a
    /// map of one holds it in place within 32 (`sorted::SortedMap::One`).
    pub name: Option<Box<Atom>>,
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
                name: name.map(Box::new),
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
            self.st(me).mailbox.flush_down(r);
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
