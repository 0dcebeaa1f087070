//! Links (SEMANTICS §1.3): the one place that adds and removes them, so that their symmetry
//! is kept by the functions of this file alone.
//!
//! Ground rules:
//!
//! * A process is never linked to itself.
//! * For two processes that hold a state, `a` is in `b`'s links iff `b` is in `a`'s — except
//!   that a dead peer lingers on the live side until the EXIT of its death is delivered
//!   there (that is how an `unlink` made meanwhile still drops it). A dead process's own
//!   links are emptied when it dies ([`Kernel::take_links`]).
//! * The order of a process's links is the order its EXITs go out in when it dies, so it is
//!   part of every trace (the VM promises none to `Process.info(pid, :links)`, semantics
//!   §1.3). A few links are kept in the order they were made: an EXIT delivered over one
//!   takes it out by moving the last one into its place, an `unlink` keeps the order of
//!   the others. Once a process has had more than [`SEARCHED_FROM`], its links are in pid
//!   order (the order the peers were spawned in), which a search finds without a hash
//!   index (see [`Searched`]), and they stay so however few are left: the order made
//!   cannot be told from the set any more.

use super::Kernel;
use super::sorted::{SEARCHED_FROM, Searched};
use crate::ids::Pid;
use crate::term::Term;
use crate::trace::EventKind;

/// The links of one process, in order (see the ground rules).
pub(super) enum Links {
    /// The usual one (a task's, to its caller): no allocation.
    One(Pid),
    // invariant: no duplicates, at most `SEARCHED_FROM`.
    Few(Vec<Pid>),
    Many(Box<Searched<Pid, ()>>),
}

impl Default for Links {
    fn default() -> Self {
        Links::Few(Vec::new())
    }
}

impl Links {
    pub fn contains(&self, p: Pid) -> bool {
        match self {
            Links::One(q) => *q == p,
            Links::Few(few) => few.contains(&p),
            Links::Many(many) => many.contains(p),
        }
    }

    /// Adds `p`, which is not there yet.
    fn insert(&mut self, p: Pid) {
        debug_assert!(!self.contains(p), "link {p} twice");
        match self {
            // Empty with no buffer (a recycled set keeps its small buffer).
            Links::Few(few) if few.capacity() == 0 => *self = Links::One(p),
            Links::One(q) => *self = Links::Few(vec![*q, p]),
            Links::Few(few) => {
                few.push(p);
                if few.len() > SEARCHED_FROM {
                    few.sort_unstable();
                    *self = Links::Many(Box::new(Searched::of(few.iter().map(|&p| (p, ())))));
                }
            }
            Links::Many(many) => many.insert(p, ()),
        }
    }

    /// Takes `p` out as an EXIT delivered over the link does (a few: the last one moves
    /// into its place): whether it was there.
    fn take(&mut self, p: Pid) -> bool {
        match self {
            Links::One(q) => {
                let was = *q == p;
                if was {
                    *self = Links::default();
                }
                was
            }
            Links::Few(few) => match few.iter().position(|&q| q == p) {
                Some(i) => {
                    few.swap_remove(i);
                    true
                }
                None => false,
            },
            Links::Many(many) => many.remove(p).is_some(),
        }
    }

    /// Takes `p` out as `unlink` does, keeping the order of the others.
    fn remove_ordered(&mut self, p: Pid) {
        match self {
            Links::One(_) => {
                self.take(p);
            }
            Links::Few(few) => few.retain(|&q| q != p),
            Links::Many(many) => {
                many.remove(p);
            }
        }
    }

    /// The linked pids, in order.
    pub fn iter(&self) -> impl Iterator<Item = Pid> + '_ {
        let (few, many) = match self {
            Links::One(p) => (Some(std::slice::from_ref(p).iter().copied()), None),
            Links::Few(few) => (Some(few.iter().copied()), None),
            Links::Many(many) => (None, Some(many.iter().map(|(p, ())| p))),
        };
        few.into_iter().flatten().chain(many.into_iter().flatten())
    }

    /// Empties the set, keeping a small buffer for the slot's next process.
    pub fn clear(&mut self) {
        match self {
            Links::Few(few) => super::recycle(few),
            Links::One(_) | Links::Many(_) => *self = Links::default(),
        }
    }
}

/// `Process.link/1` to a dead process that the caller does not trap: raises `:noproc`.
pub(crate) struct NoProc;

impl Kernel {
    /// `Process.link(to)` by `me` (SEMANTICS §1.3). To a dead `to`, a trapping caller gets
    /// `{:EXIT, to, :noproc}` at once (it is there for an `after 0` right after the call);
    /// any other caller gets `Err(NoProc)`.
    pub fn link(&mut self, me: Pid, to: Pid) -> Result<(), NoProc> {
        self.emit(Some(me), || EventKind::Link { to });
        if to == me {
            Ok(())
        } else if self.alive(to) {
            if !self.st(me).links.contains(to) {
                self.add_link(me, to);
            }
            Ok(())
        } else if self.st(me).trap_exit {
            let msg = Term::tuple([Term::atom("EXIT"), Term::Pid(to), Term::atom("noproc")]);
            self.enqueue(to, me, msg);
            Ok(())
        } else {
            Err(NoProc)
        }
    }

    /// Links two live processes that are not linked yet (`link`, `spawn_link`).
    pub(super) fn add_link(&mut self, a: Pid, b: Pid) {
        debug_assert!(a != b, "a process linked to itself");
        self.st(a).links.insert(b);
        self.st(b).links.insert(a);
    }

    /// `Process.unlink(to)` by `me`: both sides forget the link, whatever the state of
    /// `to`; an EXIT from `to` still in flight then finds no link and is dropped.
    pub fn unlink(&mut self, me: Pid, to: Pid) {
        self.emit(Some(me), || EventKind::Unlink { to });
        self.st(me).links.remove_ordered(to);
        if let Some(st) = self.held(to) {
            st.links.remove_ordered(me);
        }
    }

    /// The EXIT of a link from `from` arrives at `to`: true (and the link is gone) if `to`
    /// still had it, false if an `unlink` came first.
    pub(super) fn take_link(&mut self, to: Pid, from: Pid) -> bool {
        self.st(to).links.take(from)
    }

    /// The links of a dying process, in order, for its EXITs (its set is left empty; the
    /// peers keep it until those EXITs arrive). The caller hands the set back, for its
    /// buffer, with [`Kernel::return_links`].
    pub(super) fn take_links(&mut self, pid: Pid) -> Links {
        std::mem::take(&mut self.st(pid).links)
    }

    /// Gives a dying process's link set back to its slot, emptied (for reuse).
    pub(super) fn return_links(&mut self, pid: Pid, mut links: Links) {
        links.clear();
        self.st(pid).links = links;
    }

    /// The pids `pid` is linked to (`Process.info(pid, :links)`).
    pub fn links_of(&mut self, pid: Pid) -> Vec<Pid> {
        self.st(pid).links.iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pids(l: &Links) -> Vec<u32> {
        l.iter().map(|p| p.0).collect()
    }

    #[test]
    fn a_few_links_keep_the_order_made_and_an_exit_moves_the_last_one_in() {
        let mut l = Links::default();
        l.insert(Pid(4));
        assert!(matches!(l, Links::One(_)) && l.contains(Pid(4)) && !l.contains(Pid(5)));
        assert!(!l.take(Pid(5)) && l.take(Pid(4)) && !l.contains(Pid(4)));
        for i in [5, 2, 9, 7] {
            l.insert(Pid(i));
        }
        assert!(l.take(Pid(2)) && !l.take(Pid(2)));
        assert_eq!(pids(&l), [5, 7, 9]);
        l.remove_ordered(Pid(5));
        assert_eq!(pids(&l), [7, 9]);
    }

    #[test]
    fn a_set_that_had_many_links_keeps_pid_order_when_few_are_left() {
        let mut l = Links::default();
        for i in (0..=SEARCHED_FROM as u32).rev() {
            l.insert(Pid(i));
        }
        for i in 3..=SEARCHED_FROM as u32 {
            assert!(l.take(Pid(i)));
        }
        l.insert(Pid(99));
        l.insert(Pid(50));
        assert!(matches!(l, Links::Many(_)));
        assert_eq!(pids(&l), [0, 1, 2, 50, 99]);
    }

    #[test]
    fn many_links_are_in_pid_order_whatever_order_they_were_made_and_undone_in() {
        let mut l = Links::default();
        let mut model = std::collections::BTreeSet::new();
        // Out of order, past the point where the set is searched, with removals between.
        for i in (0..40).rev().chain(40..60) {
            l.insert(Pid(i));
            model.insert(i);
            if i % 7 == 3 {
                assert_eq!(l.take(Pid(i + 1)), model.remove(&(i + 1)));
            }
        }
        assert!(
            matches!(l, Links::Many(_)),
            "the test reached the searched form"
        );
        for i in [3, 59, 0, 17, 17] {
            assert_eq!(l.take(Pid(i)), model.remove(&i), "take {i}");
        }
        for i in [4, 20, 21] {
            l.remove_ordered(Pid(i));
            model.remove(&i);
        }
        assert_eq!(pids(&l), model.iter().copied().collect::<Vec<_>>());
        for i in 0..61 {
            assert_eq!(l.contains(Pid(i)), model.contains(&i), "{i}");
        }
    }
}
