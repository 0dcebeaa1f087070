//! Finding a number among distinct increasing numbers that are mostly dense: a mailbox's
//! message numbers (a run of arrivals, with the holes of messages taken out, swept now and
//! then), a caller's monitor references (one per task it started). A binary search of a
//! long vector misses the cache at every halving (it was a seventh of the time of awaiting
//! 10^6 tasks), and a hash index beside the vector costs a miss of its own, an insert per
//! entry and its memory; two things narrow the search faster:
//!
//! * the numbers go up by at least 1 an entry, so an entry numbered `s` is at most
//!   `target - s` entries before the one sought, or `s - target` after it;
//! * a guess in proportion to the number lands near it.
//!
//! After [`GUESSES`] guesses it halves instead, so that no spread of numbers costs more than
//! a binary search and a few probes.
//!
//! [`SortedMap`] is the map built on it: entries keyed by a [`Serial`] (a reference, a pid),
//! in key order, which is the order the keys were made in — a process's monitors and
//! watchers, its aliases. A process's many links are a [`Searched`] set of pids (a few keep
//! the order they were made in: `links.rs`).

use crate::ids::{Pid, Ref};

/// Proportional guesses [`search`] makes before it halves.
const GUESSES: u32 = 4;

/// Up to this many entries, [`search`] is a plain binary search: the entries fit in a few
/// cache lines, and a guess costs a division.
const SHORT: usize = 64;

/// The index of the first of the `n` numbers `key(0) < key(1) < ... < key(n - 1)` that is
/// `target` or more (`n` if none is). The numbers must be distinct and increasing.
pub(super) fn search(n: usize, key: impl Fn(usize) -> u64, target: u64) -> usize {
    if n <= SHORT {
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if key(mid) < target {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
    if key(0) >= target {
        return 0;
    }
    if key(n - 1) < target {
        return n;
    }
    // invariant: key(lo) < target <= key(hi), so the answer is in lo + 1..=hi.
    let (mut lo, mut hi): (usize, usize) = (0, n - 1);
    // How many entries apart two numbers `d` apart are, at most.
    let apart = |d: u64| usize::try_from(d).unwrap_or(usize::MAX);
    let mut guesses = 0;
    loop {
        // The bounds the steps of at least 1 give from each end, the second from the end
        // the first one found (on dense numbers the first pins the answer).
        hi = hi.min(lo.saturating_add(apart(target - key(lo))));
        lo = lo.max(hi.saturating_sub(apart(key(hi) - target)).saturating_sub(1));
        if hi - lo <= 1 {
            return hi;
        }
        let (a, b) = (key(lo), key(hi));
        let mid = if guesses < GUESSES {
            guesses += 1;
            // Where `target` would be if the numbers from key(lo) to key(hi) were evenly
            // spread (in 128 bits only if the product of a distance in numbers and one in
            // entries needs them: a 64-bit division is one instruction).
            let (d, span) = (target - a, (hi - lo) as u64);
            let ahead = match d.checked_mul(span) {
                Some(p) => p / (b - a),
                None => (u128::from(d) * u128::from(span) / u128::from(b - a)) as u64,
            };
            (lo + ahead as usize).clamp(lo + 1, hi - 1)
        } else {
            lo + (hi - lo) / 2
        };
        if key(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
}

/// A key numbered in the order keys are made in: a reference's serial number, a pid's
/// index. Two keys are equal iff their numbers are.
pub(super) trait Serial: Copy + Eq + std::fmt::Debug {
    fn serial(self) -> u64;
}

impl Serial for Ref {
    fn serial(self) -> u64 {
        self.id
    }
}

impl Serial for Pid {
    fn serial(self) -> u64 {
        u64::from(self.0)
    }
}

/// Beyond this many entries, a [`SortedMap`] is searched ([`Searched`]) instead of scanned.
pub(super) const SEARCHED_FROM: usize = 16;

/// Entries in key order: one in place (a task's one watcher, its caller: no allocation), a
/// short vector for a handful, a vector searched by number once there are many (a caller
/// awaiting 100,000 tasks holds 100,000 monitors).
pub(super) enum SortedMap<K, V> {
    One((K, V)),
    // invariant: sorted by key, at most `SEARCHED_FROM` entries.
    Few(Vec<(K, V)>),
    Many(Box<Searched<K, V>>),
}

/// Many entries: in key order with holes where some were removed (a hole keeps its key).
/// Keys are made in order, so an entry is almost always appended; one older than the
/// newest is put in its place by shifting the newer ones (O(n), rare). An entry is found
/// by [`search`] over the keys' numbers, which are mostly dense (a caller's monitors of
/// and links to the tasks it starts): no hash index beside the vector, whose lookups and
/// inserts missed the cache at a million entries.
pub(super) struct Searched<K, V> {
    // invariant: sorted by key, each key once; `live` counts the `Some` entries; the last
    // entry is not a hole.
    entries: Vec<(K, Option<V>)>,
    live: usize,
}

impl<K: Serial, V> Searched<K, V> {
    /// The searched form of `sorted`, which is sorted by key.
    pub fn of(sorted: impl IntoIterator<Item = (K, V)>) -> Searched<K, V> {
        let entries: Vec<_> = sorted.into_iter().map(|(k, v)| (k, Some(v))).collect();
        Searched {
            live: entries.len(),
            entries,
        }
    }

    pub fn contains(&self, k: K) -> bool {
        self.position(k).is_some()
    }

    /// The live entries, in key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter::Many(self.entries.iter())
    }

    /// Where `k` is or would go in `entries`.
    fn search(&self, k: K) -> usize {
        let e = &self.entries;
        search(e.len(), |i| e[i].0.serial(), k.serial())
    }

    /// The position of the live entry of `k`.
    fn position(&self, k: K) -> Option<usize> {
        let i = self.search(k);
        let (x, v) = self.entries.get(i)?;
        (*x == k && v.is_some()).then_some(i)
    }

    pub fn insert(&mut self, k: K, v: V) {
        if self
            .entries
            .last()
            .is_none_or(|(n, _)| n.serial() < k.serial())
        {
            self.entries.push((k, Some(v)));
            self.live += 1;
            return;
        }
        let i = self.search(k);
        match self.entries.get_mut(i) {
            // The hole a removed entry of `k` left.
            Some((x, hole)) if *x == k => {
                debug_assert!(hole.is_none(), "{k:?} twice");
                if hole.replace(v).is_none() {
                    self.live += 1;
                }
            }
            _ => {
                self.entries.insert(i, (k, Some(v)));
                self.live += 1;
            }
        }
    }

    pub fn remove(&mut self, k: K) -> Option<V> {
        let i = self.position(k)?;
        let v = self.entries[i].1.take();
        self.live -= 1;
        while self.entries.last().is_some_and(|(_, v)| v.is_none()) {
            self.entries.pop();
        }
        let holes = self.entries.len() - self.live;
        if holes > SEARCHED_FROM && holes > self.live {
            // In place: no new buffer (a million-entry one is a large allocation).
            self.entries.retain(|(_, v)| v.is_some());
        }
        v
    }
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap::Few(Vec::new())
    }
}

impl<K: Serial, V> SortedMap<K, V> {
    pub fn insert(&mut self, k: K, v: V) {
        match self {
            // An empty map with no buffer (a recycled one keeps its small buffer).
            SortedMap::Few(few) if few.capacity() == 0 => *self = SortedMap::One((k, v)),
            SortedMap::One(_) => {
                let SortedMap::One(one) = std::mem::take(self) else {
                    unreachable!()
                };
                debug_assert!(one.0 != k, "{k:?} twice");
                let mut few = Vec::with_capacity(4);
                few.push(one);
                let i = usize::from(k.serial() < few[0].0.serial());
                few.insert(1 - i, (k, v));
                *self = SortedMap::Few(few);
            }
            SortedMap::Few(few) => {
                // Keys are made in order, so this is almost always a push.
                let i = few.partition_point(|(x, _)| x.serial() < k.serial());
                debug_assert!(few.get(i).is_none_or(|(x, _)| *x != k), "{k:?} twice");
                few.insert(i, (k, v));
                if few.len() > SEARCHED_FROM {
                    *self = SortedMap::Many(Box::new(Searched::of(std::mem::take(few))));
                }
            }
            SortedMap::Many(many) => {
                debug_assert!(many.position(k).is_none(), "{k:?} twice");
                many.insert(k, v);
            }
        }
    }

    pub fn remove(&mut self, k: K) -> Option<V> {
        match self {
            SortedMap::One((x, _)) if *x == k => match std::mem::take(self) {
                SortedMap::One((_, v)) => Some(v),
                _ => unreachable!(),
            },
            SortedMap::One(_) => None,
            SortedMap::Few(few) => {
                let i = few.iter().position(|(x, _)| *x == k)?;
                Some(few.remove(i).1)
            }
            SortedMap::Many(many) => many.remove(k),
        }
    }

    pub fn contains(&self, k: K) -> bool {
        match self {
            SortedMap::One((x, _)) => *x == k,
            SortedMap::Few(few) => few.iter().any(|(x, _)| *x == k),
            SortedMap::Many(many) => many.contains(k),
        }
    }

    pub fn get_mut(&mut self, k: K) -> Option<&mut V> {
        let (_, v) = match self {
            SortedMap::One(one) => Some(one).filter(|(x, _)| *x == k)?,
            SortedMap::Few(few) => few.iter_mut().find(|(x, _)| *x == k)?,
            SortedMap::Many(many) => {
                let i = many.position(k)?;
                return many.entries[i].1.as_mut();
            }
        };
        Some(v)
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        match self {
            SortedMap::One(_) => false,
            SortedMap::Few(few) => few.is_empty(),
            SortedMap::Many(many) => many.live == 0,
        }
    }

    /// The entries, in key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        match self {
            SortedMap::One(one) => Iter::Few(std::slice::from_ref(one).iter()),
            SortedMap::Few(few) => Iter::Few(few.iter()),
            SortedMap::Many(many) => many.iter(),
        }
    }

    /// Empties the map, keeping a small buffer for the slot's next process.
    pub fn clear(&mut self) {
        match self {
            SortedMap::Few(few) => super::recycle(few),
            SortedMap::One(_) | SortedMap::Many(_) => *self = SortedMap::default(),
        }
    }
}

/// The entries of a [`SortedMap`], in key order. (One iterator per form, not a chain of
/// both: a dying process's watchers and links are walked through it.)
pub(super) enum Iter<'a, K, V> {
    Few(std::slice::Iter<'a, (K, V)>),
    // Holes skipped.
    Many(std::slice::Iter<'a, (K, Option<V>)>),
}

impl<'a, K: Copy, V> Iterator for Iter<'a, K, V> {
    type Item = (K, &'a V);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Iter::Few(few) => few.next().map(|(k, v)| (*k, v)),
            Iter::Many(many) => many.find_map(|(k, v)| Some((*k, v.as_ref()?))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64 of a counter: reproducible "random" numbers.
    fn splitmix(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    #[test]
    fn it_agrees_with_a_partition_point_on_dense_sparse_and_huge_gaps() {
        let mut state = 7;
        for case in 0..400 {
            let n = (splitmix(&mut state) % 600) as usize;
            // Mostly steps of 1, some larger, now and then a huge one.
            let mut keys = Vec::with_capacity(n);
            let mut k = splitmix(&mut state) % 1000;
            for _ in 0..n {
                keys.push(k);
                k += match splitmix(&mut state) % 20 {
                    0 => 1 + splitmix(&mut state) % (1 << 40),
                    1..=4 => 1 + splitmix(&mut state) % 50,
                    _ => 1,
                };
            }
            let hi = keys.last().map_or(10, |&l| l + 10);
            for _ in 0..50 {
                let t = match splitmix(&mut state) % 3 {
                    0 if n > 0 => keys[(splitmix(&mut state) % n as u64) as usize],
                    _ => splitmix(&mut state) % hi,
                };
                let want = keys.partition_point(|&x| x < t);
                assert_eq!(search(n, |i| keys[i], t), want, "case {case}, {t} in {n}");
            }
            assert_eq!(search(n, |i| keys[i], 0), 0);
            assert_eq!(
                search(n, |i| keys[i], u64::MAX),
                keys.partition_point(|&x| x < u64::MAX)
            );
        }
    }

    #[test]
    fn an_even_spread_is_found_in_a_few_places() {
        // What costs is a cache miss: the distinct cache lines read (eight keys each), not
        // the reads. Steps of 1 are pinned by the bounds from the two ends: three lines
        // (the ends and the target's). Steps of 3 need a guess: four. A binary search
        // reads about 17.
        for (step, most) in [(1, 3), (3, 4)] {
            let keys: Vec<u64> = (0..1_000_000).map(|i| 1_000 + step * i).collect();
            for i in (0..keys.len()).step_by(997).chain([1, 999_998, 999_999]) {
                let t = keys[i];
                let read = std::cell::RefCell::new(std::collections::BTreeSet::new());
                let got = search(
                    keys.len(),
                    |i| {
                        read.borrow_mut().insert(i / 8);
                        keys[i]
                    },
                    t,
                );
                assert_eq!(got, i);
                let read = read.into_inner();
                assert!(read.len() <= most, "step {step}, {t}: lines {read:?}");
            }
        }
    }

    fn r(id: u64) -> Ref {
        Ref { id, owner: Pid(0) }
    }

    #[test]
    fn a_ref_map_keeps_reference_order_in_both_forms() {
        let mut m = SortedMap::default();
        for id in (1..=40).rev() {
            m.insert(r(id), id);
        }
        assert!(matches!(m, SortedMap::Many(_)));
        assert_eq!(m.remove(r(7)), Some(7));
        assert_eq!(m.remove(r(7)), None);
        m.insert(r(7), 7);
        assert_eq!(m.remove(r(7)), Some(7));
        assert_eq!(m.remove(r(7)), None);
        assert!(m.contains(r(8)) && !m.contains(r(7)));
        let ids: Vec<u64> = m.iter().map(|(x, _)| x.id).collect();
        assert_eq!(ids, (1..=40).filter(|&i| i != 7).collect::<Vec<_>>());
        m.clear();
        assert!(m.is_empty());
    }

    #[test]
    fn a_ref_map_agrees_with_a_b_tree_through_inserts_and_removals() {
        // SplitMix64 of a counter: reproducible "random" operations.
        let mut state = 0u64;
        let mut next = move || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let mut m = SortedMap::default();
        let mut model = std::collections::BTreeMap::new();
        let mut newest = 0;
        for step in 0..5_000u64 {
            let roll = next() % 10;
            if roll < 5 {
                // Mostly new references; now and then an older one not held.
                let id = if roll == 0 {
                    next() % (newest + 1)
                } else {
                    newest + 1
                };
                if let std::collections::btree_map::Entry::Vacant(e) = model.entry(id) {
                    newest = newest.max(id);
                    m.insert(r(id), step);
                    e.insert(step);
                }
            } else {
                let id = next() % (newest + 1);
                assert_eq!(m.remove(r(id)), model.remove(&id), "remove {id}");
            }
            let id = next() % (newest + 1);
            assert_eq!(m.contains(r(id)), model.contains_key(&id));
            if step % 97 == 0 {
                let got: Vec<(u64, u64)> = m.iter().map(|(x, v)| (x.id, *v)).collect();
                let want: Vec<(u64, u64)> = model.iter().map(|(k, v)| (*k, *v)).collect();
                assert_eq!(got, want, "step {step}");
            }
        }
        assert!(
            matches!(m, SortedMap::Many(_)),
            "the test reached the searched form"
        );
    }

    #[test]
    fn a_map_of_one_entry_holds_it_in_place() {
        // A million monitored tasks each hold one watcher: no allocation of their own.
        let mut m = SortedMap::default();
        m.insert(r(7), Pid(3));
        assert!(matches!(m, SortedMap::One(_)));
        assert_eq!(m.get_mut(r(7)), Some(&mut Pid(3)));
        assert_eq!(m.get_mut(r(8)), None);
        m.insert(r(5), Pid(4));
        assert_eq!(m.iter().map(|(x, _)| x.id).collect::<Vec<_>>(), [5, 7]);
        assert_eq!(m.remove(r(5)), Some(Pid(4)));
        assert_eq!(m.remove(r(7)), Some(Pid(3)));
        assert!(m.is_empty());
        // A slot's recycled buffer is used, not left beside an entry in place.
        m.insert(r(9), Pid(5));
        assert!(matches!(m, SortedMap::Few(_)));
        m.clear();
        assert!(m.is_empty());
        let mut one = SortedMap::default();
        one.insert(r(1), Pid(1));
        assert_eq!(one.remove(r(2)), None);
        assert!(one.contains(r(1)) && !one.contains(r(2)));
        assert_eq!(one.remove(r(1)), Some(Pid(1)));
        assert!(!one.contains(r(1)));
    }

    #[test]
    fn a_map_is_at_most_a_word_larger_than_a_vector() {
        // In every process's state, twice: its monitors and its watchers.
        let vec = std::mem::size_of::<Vec<(Ref, Pid)>>();
        assert!(std::mem::size_of::<SortedMap<Ref, Pid>>() <= vec + 8);
        assert_eq!(std::mem::size_of::<SortedMap<Ref, ()>>(), vec);
    }
}
