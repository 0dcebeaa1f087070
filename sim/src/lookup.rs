//! A hash map that can be looked up and never iterated, so its order cannot reach a run
//! (DESIGN.md, "Determinism rules", which is why `clippy.toml` bans `HashMap` elsewhere).
//! For indexes whose keys are only ever looked up, where a B-tree's O(log n) comparisons
//! and node allocations are the cost: the kernel's mailbox, link and monitor indexes, and
//! the interpreter's table of process names.

use foldhash::fast::FixedState;
use std::borrow::Borrow;
use std::hash::Hash;

/// A map from `K` to `V` with lookups only: no method yields its entries.
#[expect(
    clippy::disallowed_types,
    reason = "wrapped: the wrapper exposes lookups only, never the iteration order"
)]
pub struct LookupMap<K, V>(std::collections::HashMap<K, V, FixedState>);

impl<K, V> Default for LookupMap<K, V> {
    fn default() -> Self {
        LookupMap(Default::default())
    }
}

impl<K: Hash + Eq, V> LookupMap<K, V> {
    /// The value under `k` (given as anything `K` borrows as: a `&str` for `Rc<str>` keys).
    pub fn get<Q: Hash + Eq + ?Sized>(&self, k: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.0.get(k)
    }

    /// The value under `k`, for writing.
    pub fn get_mut<Q: Hash + Eq + ?Sized>(&mut self, k: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.0.get_mut(k)
    }

    /// Puts `v` under `k`; the value it replaced, if any.
    pub fn insert(&mut self, k: K, v: V) -> Option<V> {
        self.0.insert(k, v)
    }

    /// The value under `k`, made by `make` if there is none.
    pub fn get_or_insert_with(&mut self, k: K, make: impl FnOnce() -> V) -> &mut V {
        self.0.entry(k).or_insert_with(make)
    }

    /// Entries held.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True if it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Takes the value under `k` out.
    pub fn remove(&mut self, k: &K) -> Option<V> {
        self.0.remove(k)
    }

    /// Forgets every entry, keeping the table for the next ones. (The entries are dropped
    /// in hash order: nothing a run can see.)
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

impl<K: Hash + Eq + Ord, V> LookupMap<K, V> {
    /// Every entry, in key order: the one way to list the map, so that its hash order never
    /// shows (O(n log n): for maps listed rarely, such as at a process's death).
    pub fn sorted(&self) -> Vec<(&K, &V)> {
        let mut all: Vec<(&K, &V)> = self.0.iter().collect();
        all.sort_unstable_by(|a, b| a.0.cmp(b.0));
        all
    }

    /// Every entry taken out, in key order.
    pub fn into_sorted(self) -> Vec<(K, V)> {
        let mut all: Vec<(K, V)> = self.0.into_iter().collect();
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lookup_map_lists_its_entries_in_key_order() {
        let mut m = LookupMap::default();
        for k in [5u32, 1, 9, 3, 7] {
            m.insert(k, k * 10);
        }
        assert_eq!(m.remove(&9), Some(90));
        assert_eq!(m.len(), 4);
        let listed: Vec<(u32, u32)> = m.sorted().into_iter().map(|(k, v)| (*k, *v)).collect();
        assert_eq!(listed, [(1, 10), (3, 30), (5, 50), (7, 70)]);
        assert_eq!(m.into_sorted(), [(1, 10), (3, 30), (5, 50), (7, 70)]);
    }
}
