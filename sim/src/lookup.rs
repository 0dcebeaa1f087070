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

    /// Takes the value under `k` out.
    pub fn remove(&mut self, k: &K) -> Option<V> {
        self.0.remove(k)
    }
}
