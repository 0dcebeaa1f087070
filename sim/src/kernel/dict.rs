//! Process dictionaries (`Process.put/get/delete`, `Process.info(pid, :dictionary)`) and the
//! table of global names (`:global.register_name/2` on one node).
//!
//! Ground rules:
//!
//! * A dictionary belongs to its process: only the process writes it, anybody may read it
//!   while the process lives, and it goes with the process's state at death (a dead
//!   process's dictionary reads as `None`).
//! * A global name is any term; a process may hold several. A name leaves the table when its
//!   holder dies, in the same step (on the VM the `global` name server removes it when it
//!   sees the death, a moment later).

use super::Kernel;
use crate::ids::Pid;
use crate::term::Term;
use crate::trace::EventKind;
use std::cmp::Ordering;

/// A term ordered by the Erlang term order, as a key of the global name table.
#[derive(Clone, Debug)]
pub(super) struct GlobalName(pub(super) Term);

impl PartialEq for GlobalName {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for GlobalName {}
impl PartialOrd for GlobalName {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for GlobalName {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.key_cmp(&other.0)
    }
}

impl Kernel {
    /// `Process.put(key, value)` by `pid` ⇒ the value it replaced.
    pub fn dict_put(&mut self, pid: Pid, key: Term, value: Term) -> Option<Term> {
        if !self.alive(pid) {
            return None;
        }
        let slot = self.slot(pid)?;
        if self.dicts.len() <= slot {
            self.dicts.resize_with(slot + 1, Vec::new);
        }
        let d = &mut self.dicts[slot];
        match d.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => Some(std::mem::replace(v, value)),
            None => {
                if d.capacity() == 0 {
                    // Room for two (a task's `$ancestors` and `$callers`), not four.
                    d.reserve_exact(2);
                }
                d.push((key, value));
                None
            }
        }
    }

    /// The dictionary of `pid`: empty for a process that never wrote one, or that died
    /// (its dictionary is emptied at death).
    fn dict_of(&self, pid: Pid) -> &[(Term, Term)] {
        self.slot(pid)
            .and_then(|slot| self.dicts.get(slot))
            .map_or(&[], Vec::as_slice)
    }

    /// `Process.get(key)` of `pid`'s dictionary.
    pub fn dict_get(&self, pid: Pid, key: &Term) -> Option<Term> {
        let d = self.dict_of(pid);
        d.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    /// `Process.delete(key)` by `pid` ⇒ the value it held.
    pub fn dict_delete(&mut self, pid: Pid, key: &Term) -> Option<Term> {
        let slot = self.slot(pid)?;
        let d = self.dicts.get_mut(slot)?;
        let at = d.iter().position(|(k, _)| k == key)?;
        Some(d.remove(at).1)
    }

    /// The whole dictionary of `pid`, in insertion order, or `None` once it is dead.
    pub fn dictionary(&mut self, pid: Pid) -> Option<Vec<(Term, Term)>> {
        if !self.alive(pid) {
            return None;
        }
        Some(self.dict_of(pid).to_vec())
    }

    /// `:global.register_name(name, pid)` by `me`: `false` if the name is taken or `pid` is
    /// dead.
    pub fn register_global(&mut self, me: Pid, name: Term, pid: Pid) -> bool {
        let key = GlobalName(name);
        if self.globals.contains_key(&key) || !self.alive(pid) {
            return false;
        }
        let name = key.0.clone();
        self.globals.insert(key, pid);
        self.emit(Some(me), || EventKind::Register {
            pid,
            name: Term::tuple([Term::atom("global"), name]),
        });
        true
    }

    /// `:global.whereis_name(name)`.
    pub fn whereis_global(&self, name: &Term) -> Option<Pid> {
        self.globals.get(&GlobalName(name.clone())).copied()
    }

    /// `:global.unregister_name(name)`: the name is free afterwards.
    pub fn unregister_global(&mut self, name: &Term) {
        self.globals.remove(&GlobalName(name.clone()));
    }

    /// Frees the dictionary and the global names of `pid`, which died.
    pub(super) fn drop_dict_and_globals_of(&mut self, pid: Pid) {
        if let Some(slot) = self.slot(pid)
            && let Some(d) = self.dicts.get_mut(slot)
        {
            super::recycle(d);
        }
        if !self.globals.is_empty() {
            self.globals.retain(|_, holder| *holder != pid);
        }
    }
}
