//! A hash map that can be looked up and never iterated, so its order cannot reach a run
//! (DESIGN.md, "Determinism rules", which is why `clippy.toml` bans `HashMap` elsewhere).
//! For indexes whose keys are only ever looked up, where a B-tree's O(log n) comparisons
//! and node allocations are the cost.

use foldhash::fast::FixedState;
use std::hash::Hash;

/// A map from `K` to `V` with lookups only: no method yields its entries.
#[expect(
    clippy::disallowed_types,
    reason = "wrapped: the wrapper exposes lookups only, never the iteration order"
)]
pub(super) struct LookupMap<K, V>(std::collections::HashMap<K, V, FixedState>);

impl<K, V> Default for LookupMap<K, V> {
    fn default() -> Self {
        LookupMap(Default::default())
    }
}

impl<K: Hash + Eq, V> LookupMap<K, V> {
    pub fn get(&self, k: &K) -> Option<&V> {
        self.0.get(k)
    }

    pub fn get_mut(&mut self, k: &K) -> Option<&mut V> {
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

    pub fn remove(&mut self, k: &K) -> Option<V> {
        self.0.remove(k)
    }
}
