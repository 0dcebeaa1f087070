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
//!   part of every trace: a link is appended when made; an EXIT delivered over it takes it
//!   out by swapping the last one into its place; `unlink` takes it out keeping the order.

use super::Kernel;
use crate::ids::Pid;
use crate::lookup::LookupMap;
use crate::term::Term;
use crate::trace::EventKind;

/// Beyond this many links, a process's links get a position index.
const INDEX_FROM: usize = 16;

/// The links of one process, in order (see the ground rules), with positions found in
/// O(1) once there are many (a supervisor of 100,000 children, a caller of 100,000
/// linked tasks).
#[derive(Default)]
pub(super) struct Links {
    // invariant: no duplicates.
    list: Vec<Pid>,
    // invariant: when present, maps each pid of `list` to its position there.
    // Boxed: 8 bytes in every process's state instead of 40 for a map few processes need.
    at: Option<Box<LookupMap<Pid, u32>>>,
}

impl Links {
    fn position(&self, p: Pid) -> Option<usize> {
        match &self.at {
            Some(at) => at.get(&p).map(|&i| i as usize),
            None => self.list.iter().position(|&q| q == p),
        }
    }

    pub fn contains(&self, p: Pid) -> bool {
        self.position(p).is_some()
    }

    /// Appends `p`, which is not there yet.
    fn push(&mut self, p: Pid) {
        debug_assert!(!self.contains(p), "link {p} twice");
        self.list.push(p);
        match &mut self.at {
            Some(at) => {
                at.insert(p, (self.list.len() - 1) as u32);
            }
            None if self.list.len() > INDEX_FROM => {
                let mut at = LookupMap::default();
                for (i, &q) in self.list.iter().enumerate() {
                    at.insert(q, i as u32);
                }
                self.at = Some(Box::new(at));
            }
            None => {}
        }
    }

    /// Takes `p` out, moving the last link into its place.
    fn swap_remove(&mut self, p: Pid) -> bool {
        let Some(i) = self.position(p) else {
            return false;
        };
        self.list.swap_remove(i);
        if let Some(at) = &mut self.at {
            at.remove(&p);
            if let Some(&moved) = self.list.get(i) {
                at.insert(moved, i as u32);
            }
        }
        true
    }

    /// Takes `p` out, keeping the order of the others (O(n)).
    fn remove_ordered(&mut self, p: Pid) {
        let Some(i) = self.position(p) else {
            return;
        };
        self.list.remove(i);
        if let Some(at) = &mut self.at {
            at.remove(&p);
            for (j, &q) in self.list.iter().enumerate().skip(i) {
                at.insert(q, j as u32);
            }
        }
    }

    /// Empties the set, keeping a small buffer for the slot's next process.
    pub fn clear(&mut self) {
        super::recycle(&mut self.list);
        self.at = None;
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
        self.st(a).links.push(b);
        self.st(b).links.push(a);
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
        self.st(to).links.swap_remove(from)
    }

    /// The links of a dying process, in order, for its EXITs (its set is left empty; the
    /// peers keep it until those EXITs arrive). The caller hands the buffer back with
    /// [`Kernel::return_links_buffer`].
    pub(super) fn take_links(&mut self, pid: Pid) -> Vec<Pid> {
        let links = &mut self.st(pid).links;
        links.at = None;
        std::mem::take(&mut links.list)
    }

    /// Gives a dying process's emptied link buffer back to its slot (for reuse).
    pub(super) fn return_links_buffer(&mut self, pid: Pid, mut buffer: Vec<Pid>) {
        super::recycle(&mut buffer);
        self.st(pid).links.list = buffer;
    }

    /// The pids `pid` is linked to (`Process.info(pid, :links)`).
    pub fn links_of(&mut self, pid: Pid) -> Vec<Pid> {
        self.st(pid).links.list.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pids(l: &Links) -> Vec<u32> {
        l.list.iter().map(|p| p.0).collect()
    }

    /// The index must give the same order as the plain vector would.
    #[test]
    fn the_position_index_keeps_the_plain_vector_order() {
        let mut indexed = Links::default();
        let mut plain: Vec<Pid> = Vec::new();
        for i in 0..40 {
            indexed.push(Pid(i));
            plain.push(Pid(i));
        }
        assert!(indexed.at.is_some());
        for i in [3, 39, 0, 17] {
            indexed.swap_remove(Pid(i));
            let j = plain.iter().position(|&p| p == Pid(i)).unwrap();
            plain.swap_remove(j);
        }
        for i in [5, 38, 20] {
            indexed.remove_ordered(Pid(i));
            plain.retain(|&p| p != Pid(i));
        }
        indexed.push(Pid(100));
        plain.push(Pid(100));
        assert_eq!(
            pids(&indexed),
            plain.iter().map(|p| p.0).collect::<Vec<_>>()
        );
        for (i, p) in plain.iter().enumerate() {
            assert_eq!(indexed.position(*p), Some(i));
        }
        assert!(!indexed.contains(Pid(3)));
    }
}
