//! Ordered maps and sets for per-run bookkeeping (the invariant monitors'), which holds a
//! handful of entries in most runs and many in a fan-out: a sorted vector up to
//! [`INDEX_FROM`] entries (no node to allocate, no tree to walk), then a lookup-only hash
//! map ([`sim::LookupMap`]), listed in key order when it is listed (rarely: at a process's
//! death, at the end of a run).

use sim::LookupMap;
use std::hash::Hash;

/// Beyond this many entries, a [`SmallMap`] becomes a hash map.
const INDEX_FROM: usize = 16;

/// An ordered map (see the module doc).
pub(crate) enum SmallMap<K, V> {
    // invariant: sorted by key, no key twice, at most `INDEX_FROM` entries.
    Few(Vec<(K, V)>),
    Many(LookupMap<K, V>),
}

impl<K, V> Default for SmallMap<K, V> {
    fn default() -> Self {
        SmallMap::Few(Vec::new())
    }
}

impl<K: Ord + Hash, V> SmallMap<K, V> {
    fn find(few: &[(K, V)], k: &K) -> Result<usize, usize> {
        few.binary_search_by(|(x, _)| x.cmp(k))
    }

    pub(crate) fn get(&self, k: &K) -> Option<&V> {
        match self {
            SmallMap::Few(few) => Self::find(few, k).ok().map(|i| &few[i].1),
            SmallMap::Many(many) => many.get(k),
        }
    }

    pub(crate) fn get_mut(&mut self, k: &K) -> Option<&mut V> {
        match self {
            SmallMap::Few(few) => Self::find(few, k).ok().map(|i| &mut few[i].1),
            SmallMap::Many(many) => many.get_mut(k),
        }
    }

    /// The value under `k`, made by `make` if there is none.
    pub(crate) fn get_or_insert_with(&mut self, k: K, make: impl FnOnce() -> V) -> &mut V {
        if let SmallMap::Few(few) = self
            && few.len() >= INDEX_FROM
            && Self::find(few, &k).is_err()
        {
            let mut many = LookupMap::default();
            for (k, v) in std::mem::take(few) {
                many.insert(k, v);
            }
            *self = SmallMap::Many(many);
        }
        match self {
            SmallMap::Few(few) => {
                let i = match Self::find(few, &k) {
                    Ok(i) => i,
                    Err(i) => {
                        few.insert(i, (k, make()));
                        i
                    }
                };
                &mut few[i].1
            }
            SmallMap::Many(many) => many.get_or_insert_with(k, make),
        }
    }

    /// The value under `k`, the default if there is none.
    pub(crate) fn entry_or_default(&mut self, k: K) -> &mut V
    where
        V: Default,
    {
        self.get_or_insert_with(k, V::default)
    }

    /// Puts `v` under `k`; the value it replaced, if any.
    pub(crate) fn insert(&mut self, k: K, v: V) -> Option<V> {
        if let Some(old) = self.get_mut(&k) {
            return Some(std::mem::replace(old, v));
        }
        self.get_or_insert_with(k, || v);
        None
    }

    pub(crate) fn remove(&mut self, k: &K) -> Option<V> {
        match self {
            SmallMap::Few(few) => Self::find(few, k).ok().map(|i| few.remove(i).1),
            SmallMap::Many(many) => many.remove(k),
        }
    }

    /// Forgets every entry, keeping a short vector's buffer.
    pub(crate) fn clear(&mut self) {
        match self {
            SmallMap::Few(few) => few.clear(),
            SmallMap::Many(_) => *self = SmallMap::default(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        match self {
            SmallMap::Few(few) => few.is_empty(),
            SmallMap::Many(many) => many.is_empty(),
        }
    }

    /// The entries in key order (a hash map's are sorted first: O(n log n)).
    pub(crate) fn iter(&self) -> Iter<'_, K, V> {
        match self {
            SmallMap::Few(few) => Iter::Few(few.iter()),
            SmallMap::Many(many) => Iter::Many(many.sorted().into_iter()),
        }
    }

    /// The keys in order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &K> {
        self.iter().map(|(k, _)| k)
    }
}

/// The entries of a [`SmallMap`] in key order. (One iterator per form, not a chain of both:
/// a chain of flattened options cost more than the walk of a handful of entries.)
pub(crate) enum Iter<'a, K, V> {
    Few(std::slice::Iter<'a, (K, V)>),
    Many(std::vec::IntoIter<(&'a K, &'a V)>),
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Iter::Few(few) => few.next().map(|(k, v)| (k, v)),
            Iter::Many(many) => many.next(),
        }
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Iter::Few(few) => few.size_hint(),
            Iter::Many(many) => many.size_hint(),
        }
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}

/// An ordered set (see the module doc).
pub(crate) struct SmallSet<K>(SmallMap<K, ()>);

impl<K> Default for SmallSet<K> {
    fn default() -> Self {
        SmallSet(SmallMap::default())
    }
}

impl<K: Ord + Hash> SmallSet<K> {
    /// Adds `k`; true if it was not there.
    pub(crate) fn insert(&mut self, k: K) -> bool {
        self.0.insert(k, ()).is_none()
    }

    /// Takes `k` out; true if it was there.
    pub(crate) fn remove(&mut self, k: &K) -> bool {
        self.0.remove(k).is_some()
    }

    /// Forgets every member, keeping a short vector's buffer.
    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }

    /// The members in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &K> {
        self.0.keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn a_small_map_agrees_with_a_b_tree_as_a_vector_and_as_a_hash_map() {
        let mut m = SmallMap::default();
        let mut model = BTreeMap::new();
        // A permutation of 0..60 (37 is prime to 60): keys arrive out of order.
        for i in 0..60u32 {
            let k = (i * 37) % 60;
            assert_eq!(m.insert(k, i), model.insert(k, i));
            assert_eq!(m.insert(k, i + 100), model.insert(k, i + 100));
            if i % 3 == 0 {
                let gone = (i * 7) % 60;
                assert_eq!(m.remove(&gone), model.remove(&gone));
            }
            *m.entry_or_default(1000 + i % 5) += 1;
            *model.entry(1000 + i % 5).or_default() += 1;
            let got: Vec<_> = m.iter().map(|(k, v)| (*k, *v)).collect();
            let want: Vec<_> = model.iter().map(|(k, v)| (*k, *v)).collect();
            assert_eq!(got, want, "after {i}");
            assert_eq!(m.get(&k), model.get(&k));
            assert_eq!(m.is_empty(), model.is_empty());
        }
        assert!(
            matches!(m, SmallMap::Many(_)),
            "the test reached the hash map"
        );
        m.clear();
        assert!(m.is_empty() && m.iter().next().is_none());

        let mut s = SmallSet::default();
        for k in [5, 3, 9, 3] {
            s.insert(k);
        }
        assert!(s.remove(&9) && !s.remove(&9));
        assert_eq!(s.iter().copied().collect::<Vec<_>>(), [3, 5]);
        let mut big = SmallSet::default();
        for k in (0..40).rev() {
            big.insert(k);
        }
        assert_eq!(
            big.iter().copied().collect::<Vec<_>>(),
            (0..40).collect::<Vec<_>>()
        );
    }
}
