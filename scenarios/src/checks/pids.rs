//! Per-process state of a check, indexed by pid: a run numbers its processes densely from
//! 0, so a vector is a map with O(1) access and no allocation per entry (the ordered maps
//! they replace allocated a node for nearly every process of every monitored run).

use sim::Pid;

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

impl<T: Default> PidMap<T> {
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

    /// Forgets every value, keeping the buffer.
    pub(crate) fn clear(&mut self) {
        self.slots.clear();
    }

    /// `p`'s value, leaving the default in its place.
    pub(crate) fn take(&mut self, p: Pid) -> T {
        self.slots
            .get_mut(p.index() as usize)
            .map(std::mem::take)
            .unwrap_or_default()
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

    pub(crate) fn remove(&mut self, p: &Pid) {
        if let Some(slot) = self.bits.slots.get_mut(p.index() as usize) {
            *slot = false;
        }
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

    #[test]
    fn a_map_reads_defaults_where_nothing_was_written_and_takes_leave_defaults() {
        let mut m: PidMap<Vec<u32>> = PidMap::default();
        assert_eq!(m.get(pid(2)), None);
        m.get_mut(pid(2)).push(7);
        assert_eq!(m.get(pid(1)), Some(&vec![]));
        assert_eq!(m.get(pid(2)), Some(&vec![7]));
        assert_eq!(m.get(pid(3)), None);
        assert_eq!(m.take(pid(2)), vec![7]);
        assert_eq!(m.get(pid(2)), Some(&vec![]));
        assert_eq!(m.take(pid(3)), Vec::<u32>::new());
    }

    #[test]
    fn a_set_holds_what_was_inserted_until_removed() {
        let mut s = PidSet::default();
        assert!(!s.contains(&pid(2)));
        s.insert(pid(2));
        s.remove(&pid(3));
        assert!(s.contains(&pid(2)) && !s.contains(&pid(1)));
        s.remove(&pid(2));
        assert!(!s.contains(&pid(2)));
    }
}
