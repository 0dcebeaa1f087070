//! A monotone priority queue (a radix heap): the timers' queue. A binary heap of a million
//! timers misses the cache at nearly every level of every pop (W2 at 10⁶ tasks spent 9% of
//! its time in `BinaryHeap::pop`); a radix heap files each entry in a bucket by the highest
//! bit in which its key differs from the last minimum taken, and moves it only to lower
//! buckets, by sequential passes over vectors.
//!
//! Ground rules:
//!
//! * Keys are `u128`. Bucket 0 holds the keys equal to `last`; bucket `b > 0` the keys
//!   whose highest bit differing from `last` is bit `b - 1`. Every key held is `>= last`.
//! * Taking the minimum, when bucket 0 is empty, finds the least key of the first
//!   non-empty bucket, makes it `last`, and files that bucket's entries again: each goes
//!   to a lower bucket, so an entry moves at most 128 times in its life (a few times in
//!   practice).
//! * The timers only ever add keys at or after the last one they settled on (time does not
//!   go back, a timer's sequence number is new, and they ask [`RadixHeap::may_hold_at_most`]
//!   before settling on a later instant). A key below `last` is still accepted: every entry
//!   is filed again from it, in O(n), and counted ([`RadixHeap::refiles`]).
//! * Entries with equal keys come out in no particular order; the timers' keys are unique.
//! * Emptied buckets keep their capacity, so a kernel reused for the next run allocates
//!   nothing here.
//! * The entry pushed last can be taken back in O(1) while no pop has moved entries since
//!   ([`RadixHeap::unpush`]): a receive whose reply comes before any other timer is set
//!   takes its timer back out instead of leaving it behind.

/// Buckets: one for keys equal to `last`, one per bit of a `u128`.
const BUCKETS: usize = 129;

/// A min-queue of `(key, value)` entries for keys that, by and large, do not go back.
pub(crate) struct RadixHeap<T> {
    last: u128,
    len: usize,
    // invariant: bit `b` set iff `buckets[b]` is not empty.
    occupied: [u64; 3],
    // invariant: `buckets.len() == BUCKETS`; every entry is in the bucket of its key.
    buckets: Box<[Vec<(u128, T)>]>,
    // invariant: if `Some(b)`, the entry pushed last is the last entry of bucket `b`.
    pushed: Option<usize>,
    /// Times a key below `last` made it file every entry again.
    refiles: u64,
}

impl<T> RadixHeap<T> {
    pub fn new() -> Self {
        RadixHeap {
            last: 0,
            len: 0,
            occupied: [0; 3],
            buckets: (0..BUCKETS).map(|_| Vec::new()).collect(),
            pushed: None,
            refiles: 0,
        }
    }

    /// Entries held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Times a key below the last one settled on made it file every entry again.
    #[cfg(test)]
    pub fn refiles(&self) -> u64 {
        self.refiles
    }

    /// Empties it, keeping the buckets' capacity.
    pub fn clear(&mut self) {
        while let Some(b) = self.first_occupied() {
            self.buckets[b].clear();
            self.unmark(b);
        }
        self.last = 0;
        self.len = 0;
        self.pushed = None;
        self.refiles = 0;
    }

    /// Adds `value` under `key`.
    pub fn push(&mut self, key: u128, value: T) {
        if key < self.last {
            self.refile_from(key);
        }
        let b = self.bucket(key);
        self.buckets[b].push((key, value));
        self.mark(b);
        self.len += 1;
        self.pushed = Some(b);
    }

    /// Takes out the entry pushed last if `is_it` says it is the one sought and no pop or
    /// retain has moved entries since; true if it did.
    pub fn unpush(&mut self, is_it: impl FnOnce(u128, &T) -> bool) -> bool {
        let Some(b) = self.pushed else {
            return false;
        };
        let bucket = &mut self.buckets[b];
        if !bucket.last().is_some_and(|(k, v)| is_it(*k, v)) {
            return false;
        }
        bucket.pop();
        self.pushed = None;
        if bucket.is_empty() {
            self.unmark(b);
        }
        self.len -= 1;
        true
    }

    /// The least key and its value, if any.
    pub fn peek(&mut self) -> Option<(u128, &T)> {
        if !self.settle() {
            return None;
        }
        self.buckets[0].last().map(|(k, v)| (*k, v))
    }

    /// False if every key held is above `bound`, found without moving entries (so that
    /// `last` does not run ahead of keys still to be pushed); true if some key may not be.
    /// The least key bucket `b > 0` can hold is `last`'s bits above bit `b - 1`, then bit
    /// `b - 1` set, then zeros.
    pub fn may_hold_at_most(&self, bound: u128) -> bool {
        match self.first_occupied() {
            None => false,
            Some(0) => self.last <= bound,
            Some(b) => (((self.last >> (b - 1)) | 1) << (b - 1)) <= bound,
        }
    }

    /// Takes out the entry with the least key.
    pub fn pop(&mut self) -> Option<(u128, T)> {
        if !self.settle() {
            return None;
        }
        let e = self.buckets[0].pop();
        self.pushed = None;
        if self.buckets[0].is_empty() {
            self.unmark(0);
        }
        self.len -= 1;
        e
    }

    /// Keeps only the entries `keep` is true of.
    pub fn retain(&mut self, mut keep: impl FnMut(u128, &T) -> bool) {
        self.pushed = None;
        for b in self.occupied_buckets() {
            let bucket = &mut self.buckets[b];
            let before = bucket.len();
            bucket.retain(|(k, v)| keep(*k, v));
            self.len -= before - bucket.len();
            if bucket.is_empty() {
                self.unmark(b);
            }
        }
    }

    /// Makes bucket 0 hold the least key, if there is any entry; false if there is none.
    fn settle(&mut self) -> bool {
        if !self.buckets[0].is_empty() {
            return true;
        }
        let Some(b) = self.first_occupied() else {
            return false;
        };
        self.pushed = None;
        self.unmark(b);
        if self.buckets[b].len() == 1 {
            // The usual case of a few timers: the one entry is the least.
            let e = self.buckets[b].pop().expect("occupied");
            self.last = e.0;
            self.buckets[0].push(e);
            self.mark(0);
            return true;
        }
        let mut from = std::mem::take(&mut self.buckets[b]);
        self.last = from.iter().map(|(k, _)| *k).min().expect("occupied");
        for (k, v) in from.drain(..) {
            let to = self.bucket(k);
            debug_assert!(to < b, "an entry moves down");
            self.buckets[to].push((k, v));
            self.mark(to);
        }
        self.buckets[b] = from;
        true
    }

    /// A key below `last` arrived: files every entry again from it.
    #[cold]
    fn refile_from(&mut self, key: u128) {
        self.last = key;
        self.pushed = None;
        self.refiles += 1;
        // Entries moved into a bucket not visited yet are filed again there, harmlessly.
        for b in self.occupied_buckets() {
            if self.buckets[b].is_empty() {
                continue;
            }
            let mut from = std::mem::take(&mut self.buckets[b]);
            self.unmark(b);
            for (k, v) in from.drain(..) {
                let to = self.bucket(k);
                self.buckets[to].push((k, v));
                self.mark(to);
            }
            // An entry may have landed back in this bucket; keep whichever vector has them.
            if self.buckets[b].is_empty() {
                self.buckets[b] = from;
            }
        }
    }

    fn bucket(&self, key: u128) -> usize {
        debug_assert!(key >= self.last);
        128 - (key ^ self.last).leading_zeros() as usize
    }

    fn first_occupied(&self) -> Option<usize> {
        self.occupied
            .iter()
            .enumerate()
            .find(|(_, w)| **w != 0)
            .map(|(i, w)| i * 64 + w.trailing_zeros() as usize)
    }

    /// The buckets that hold entries, in order (as they were when called).
    fn occupied_buckets(&self) -> impl Iterator<Item = usize> + use<T> {
        let words = self.occupied;
        (0..words.len()).flat_map(move |i| {
            let mut w = words[i];
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let bit = w.trailing_zeros() as usize;
                    w &= w - 1;
                    i * 64 + bit
                })
            })
        })
    }

    fn mark(&mut self, b: usize) {
        self.occupied[b / 64] |= 1 << (b % 64);
    }

    fn unmark(&mut self, b: usize) {
        self.occupied[b / 64] &= !(1 << (b % 64));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    #[test]
    fn pops_in_key_order_across_bucket_boundaries() {
        let mut h = RadixHeap::new();
        for k in [5u128, 1 << 70, 3, u128::MAX, 4, 1 << 64, 6, 0] {
            h.push(k, k as u8);
        }
        let mut out = vec![];
        while let Some((k, _)) = h.pop() {
            out.push(k);
        }
        assert_eq!(out, vec![0, 3, 4, 5, 6, 1 << 64, 1 << 70, u128::MAX]);
        assert_eq!(h.len(), 0);
        assert!(h.peek().is_none());
    }

    #[test]
    fn a_key_below_the_last_one_taken_still_comes_out_first() {
        let mut h = RadixHeap::new();
        h.push(10, ());
        h.push(20, ());
        assert_eq!(h.pop().map(|e| e.0), Some(10));
        h.push(7, ());
        h.push(15, ());
        assert_eq!(h.peek().map(|e| e.0), Some(7));
        let out: Vec<u128> = std::iter::from_fn(|| h.pop().map(|e| e.0)).collect();
        assert_eq!(out, vec![7, 15, 20]);
    }

    #[test]
    fn the_entry_pushed_last_comes_back_out_until_a_pop_moves_entries() {
        let mut h = RadixHeap::new();
        h.push(5, 'a');
        h.push(9, 'b');
        assert!(!h.unpush(|k, _| k == 5), "not the one pushed last");
        assert!(h.unpush(|k, v| k == 9 && *v == 'b'));
        assert!(!h.unpush(|_, _| true), "only once");
        assert_eq!(h.len(), 1);
        h.push(7, 'c');
        assert_eq!(h.pop(), Some((5, 'a')));
        assert!(!h.unpush(|k, _| k == 7), "a pop moved the entries");
        assert_eq!(h.pop(), Some((7, 'c')));
        assert!(h.pop().is_none());
    }

    #[test]
    fn clear_and_retain_keep_the_count_and_the_order() {
        let mut h = RadixHeap::new();
        for k in 0..100u128 {
            h.push(k * 7919 % 1000, k);
        }
        h.retain(|k, _| k % 2 == 0);
        assert_eq!(h.len(), 50);
        let out: Vec<u128> = std::iter::from_fn(|| h.pop().map(|e| e.0)).collect();
        assert!(out.iter().all(|k| k % 2 == 0));
        assert!(out.windows(2).all(|w| w[0] < w[1]));
        for k in 0..10u128 {
            h.push(k, k);
        }
        h.clear();
        assert_eq!(h.len(), 0);
        assert!(h.pop().is_none());
        h.push(3, 3);
        assert_eq!(h.pop(), Some((3, 3)));
    }

    #[derive(Debug, Clone)]
    enum Op {
        Push(u128),
        Pop,
        Peek,
        Retain(u8),
        Unpush,
        Bound(u128),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0u64..64, 0u64..8).prop_map(|(hi, lo)| Op::Push(((hi as u128) << 64) | lo as u128)),
            2 => any::<u128>().prop_map(Op::Push),
            4 => Just(Op::Pop),
            1 => Just(Op::Peek),
            1 => (2u8..5).prop_map(Op::Retain),
            2 => Just(Op::Unpush),
            2 => any::<u128>().prop_map(Op::Bound),
        ]
    }

    proptest! {
        // Against a binary heap: the same least key at every pop and peek, whatever the
        // pushes (after the last key taken, at it, or before it), the retains and the clears.
        #[test]
        fn agrees_with_a_binary_heap(ops in proptest::collection::vec(op(), 0..300), mono in any::<bool>()) {
            let mut h = RadixHeap::new();
            let mut model: BinaryHeap<Reverse<(u128, usize)>> = BinaryHeap::new();
            let mut last = 0u128;
            // The entry pushed last, while nothing has been taken or retained since.
            let mut fresh: Option<(u128, usize)> = None;
            for (i, op) in ops.into_iter().enumerate() {
                if !matches!(op, Op::Push(_) | Op::Unpush | Op::Bound(_)) {
                    fresh = None;
                }
                match op {
                    Op::Push(k) => {
                        // Half the cases keep to the timers' rule: never before the last key taken.
                        let k = if mono { last.saturating_add(k % 1000) } else { k };
                        h.push(k, i);
                        model.push(Reverse((k, i)));
                        fresh = Some((k, i));
                    }
                    Op::Unpush => {
                        // Asks for the entry pushed last (by its value): it comes out iff
                        // nothing moved since, and only then.
                        let Some((k, v)) = fresh.take() else {
                            // Whatever it gives back must have been held.
                            let mut taken = None;
                            if h.unpush(|key, val| { taken = Some((key, *val)); true }) {
                                let e = taken.expect("seen");
                                prop_assert!(model.iter().any(|Reverse(x)| *x == e));
                                model.retain(|Reverse(x)| *x != e);
                            }
                            continue;
                        };
                        prop_assert!(h.unpush(|key, val| key == k && *val == v), "fresh entry {k} not taken back");
                        model.retain(|Reverse(e)| *e != (k, v));
                    }
                    Op::Pop => {
                        let got = h.pop();
                        let want = model.pop().map(|Reverse(e)| e);
                        prop_assert_eq!(got.map(|e| e.0), want.map(|e| e.0));
                        if let Some((k, v)) = got {
                            // Equal keys may come out in either order: take the same one out of the model.
                            if want != Some((k, v)) {
                                let mut rest: Vec<_> = std::mem::take(&mut model).into_vec();
                                let at = rest.iter().position(|Reverse(e)| *e == (k, v)).expect("held");
                                rest.swap_remove(at);
                                rest.push(Reverse(want.expect("same key")));
                                model = rest.into();
                            }
                            last = k;
                        }
                    }
                    Op::Peek => {
                        prop_assert_eq!(h.peek().map(|e| e.0), model.peek().map(|Reverse(e)| e.0));
                    }
                    Op::Bound(b) => {
                        // Near the keys held half the time, anywhere the other half.
                        let b = match model.peek() {
                            Some(Reverse((k, _))) if b % 2 == 0 => k.saturating_add(b % 5).saturating_sub(2),
                            _ => b,
                        };
                        let some_at_most = model.iter().any(|Reverse((k, _))| *k <= b);
                        if some_at_most {
                            prop_assert!(h.may_hold_at_most(b), "a key <= {b} is held");
                        }
                    }
                    Op::Retain(m) => {
                        h.retain(|_, v| v % m as usize != 0);
                        model.retain(|Reverse((_, v))| v % m as usize != 0);
                    }
                }
                prop_assert_eq!(h.len(), model.len());
            }
            let rest: Vec<u128> = std::iter::from_fn(|| h.pop().map(|e| e.0)).collect();
            let want: Vec<u128> = model.into_sorted_vec().into_iter().rev().map(|Reverse(e)| e.0).collect();
            prop_assert_eq!(rest, want);
        }
    }
}
