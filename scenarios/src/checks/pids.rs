//! Per-process state of a check, indexed by pid: a run numbers its processes densely from
//! 0, so a vector is a map with O(1) access and no allocation per entry (the ordered maps
//! they replace allocated a node for nearly every process of every monitored run).

use crate::small::{SmallMap, SmallSet};
use sim::Pid;
use std::hash::Hash;

/// A value per process; a process never written reads as `T::default()`.
#[derive(Debug)]
pub(crate) struct PidMap<T> {
    slots: Vec<T>,
}

impl<T> Default for PidMap<T> {
    fn default() -> PidMap<T> {
        PidMap { slots: Vec::new() }
    }
}

/// A value that can be emptied in place, keeping its buffer: what a [`PidMap`] holds, so
/// that a monitor kept from run to run ([`super::Check::reset`]) keeps its per-process
/// buffers too.
pub(crate) trait Blank: Default {
    /// Makes it equal to `Self::default()`.
    fn blank(&mut self);
}

impl Blank for bool {
    fn blank(&mut self) {
        *self = false;
    }
}

impl<K: Ord + Hash, V> Blank for SmallMap<K, V> {
    fn blank(&mut self) {
        self.clear();
    }
}

impl<K: Ord + Hash> Blank for SmallSet<K> {
    fn blank(&mut self) {
        self.clear();
    }
}

/// Most per-process values a [`PidMap`] keeps blank across a reset: beyond, the slots go
/// (a large run's table is not walked at every reset of the small runs after it).
const KEEP: usize = 1024;

impl<T: Blank> PidMap<T> {
    /// `p`'s value, if one was ever written.
    pub(crate) fn get(&self, p: Pid) -> Option<&T> {
        self.slots.get(p.index() as usize)
    }

    /// `p`'s value, for writing (grown to `p` with defaults).
    pub(crate) fn get_mut(&mut self, p: Pid) -> &mut T {
        let i = p.index() as usize;
        if i >= self.slots.len() {
            self.slots.resize_with(i + 1, T::default);
        }
        &mut self.slots[i]
    }

    /// Forgets every value, keeping the buffers: the values are made blank in place.
    pub(crate) fn clear(&mut self) {
        self.slots.truncate(KEEP);
        self.slots.iter_mut().for_each(Blank::blank);
    }
}

/// A set of processes.
#[derive(Debug, Default)]
pub(crate) struct PidSet {
    bits: PidMap<bool>,
}

impl PidSet {
    pub(crate) fn contains(&self, p: &Pid) -> bool {
        self.bits.get(*p).copied().unwrap_or(false)
    }

    pub(crate) fn clear(&mut self) {
        self.bits.clear();
    }

    pub(crate) fn insert(&mut self, p: Pid) {
        *self.bits.get_mut(p) = true;
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::pids_and_refs;
    use super::*;

    /// The run's `n`-th process (of four).
    fn pid(n: usize) -> Pid {
        let p = pids_and_refs().0[n];
        assert_eq!(p.index() as usize, n);
        p
    }

    impl Blank for Vec<u32> {
        fn blank(&mut self) {
            self.clear();
        }
    }

    #[test]
    fn a_map_reads_defaults_where_nothing_was_written_and_keeps_buffers_when_cleared() {
        let mut m: PidMap<Vec<u32>> = PidMap::default();
        assert_eq!(m.get(pid(2)), None);
        m.get_mut(pid(2)).push(7);
        assert_eq!(m.get(pid(1)), Some(&vec![]));
        assert_eq!(m.get(pid(2)), Some(&vec![7]));
        assert_eq!(m.get(pid(3)), None);
        m.clear();
        let v = m.get(pid(2)).expect("a kept slot");
        assert!(v.is_empty() && v.capacity() > 0, "blank, with its buffer");
        assert_eq!(m.get(pid(3)), None);
    }

    #[test]
    fn a_set_holds_what_was_inserted_until_cleared() {
        let mut s = PidSet::default();
        assert!(!s.contains(&pid(2)));
        s.insert(pid(2));
        assert!(s.contains(&pid(2)) && !s.contains(&pid(1)) && !s.contains(&pid(3)));
        s.clear();
        assert!(!s.contains(&pid(2)));
    }
}
