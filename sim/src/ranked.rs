//! [`Ranked`]: a sequence in insertion order with removal anywhere and selection of the
//! k-th *counted* entry in O(log n) — the kernel's run queue and its list of deliverable
//! signal heads, where the chooser picks an action by its rank.
//!
//! Every pushed entry gets the next free *position*; positions only grow, so position order
//! is insertion order. An entry may be held without being counted (an in-flight signal that
//! is not yet the head of its pair keeps its place in send order but cannot be chosen).
//!
//! The front entry is found directly (the FIFO default, and the usual choice). For others:
//! up to `SMALL_CAP` positions — most runs — a selection scans the entries; beyond, the
//! counted positions are also bits of a bitmap, and a Fenwick tree over the bitmap's words
//! (their population counts) finds the word holding the k-th counted entry in
//! O(log(n / 64)); the entry is found inside the word by bisection. The bitmap and tree are
//! built on the first selection that needs them after a renumbering, so a run that only
//! ever takes the front entry does not maintain them.
//!
//! When the positions run out, the held entries are renumbered densely (order kept) and the
//! owner is told each new position through a callback, so positions may be stored elsewhere
//! as back-references. Renumbering leaves at least half the positions free, so it costs
//! amortised O(1) a push.

/// Positions per bitmap word.
const WORD: usize = 64;
/// Smallest number of positions (a power of two).
const MIN_CAP: usize = 16;
/// Largest number of positions handled by scanning, without bitmap and tree.
const SMALL_CAP: usize = WORD;
/// Positions whose room a renumbering keeps however few entries are left (16 KB of
/// entries). A queue that swings between a handful of entries and a few hundred (a
/// fan-out's sleepers waking a millisecond at a time) otherwise gave its buffer back and
/// grew it again every few renumberings, and every regrowth past 1 KB makes glibc's
/// malloc first sweep its fast bins (`malloc_consolidate`): a walk over every small block
/// freed since the last sweep, which at a million tasks was a fifth of W2's cache misses.
const KEPT_CAP: usize = 1024;

pub(crate) struct Ranked<T: Copy> {
    /// By position: the entry and whether it is counted; `None` once removed.
    // invariant: `vals.len() <= cap`.
    vals: Vec<Option<(T, bool)>>,
    /// When `indexed`: the counted flags again, by position, `cap / WORD` words.
    bits: Vec<u64>,
    /// When `indexed`: a Fenwick tree over the population counts of `bits`, 1-based
    /// (`tree[i]` sums words `i - lowbit(i) .. i`), length `bits.len() + 1`.
    tree: Vec<u32>,
    /// Whether `bits` and `tree` are built and kept up to date (never while
    /// `cap <= SMALL_CAP`).
    indexed: bool,
    /// Every position below `front` is free.
    front: usize,
    /// Number of positions before the next renumbering: 0 or a power of two >= `MIN_CAP`.
    cap: usize,
    /// Entries held.
    live: usize,
    /// Entries counted.
    counted: usize,
}

/// The position of the `r`-th (0-based) set bit of `x`, which has more than `r` set bits.
#[inline]
fn select_in_word(mut x: u64, mut r: u32) -> usize {
    let mut pos = 0;
    let mut half = 32;
    while half > 0 {
        let low = x & ((1u64 << half) - 1);
        let n = low.count_ones();
        if r >= n {
            r -= n;
            x >>= half;
            pos += half;
        } else {
            x = low;
        }
        half >>= 1;
    }
    pos
}

impl<T: Copy> Ranked<T> {
    pub fn new() -> Self {
        Ranked {
            vals: Vec::new(),
            bits: Vec::new(),
            tree: Vec::new(),
            indexed: false,
            front: 0,
            cap: 0,
            live: 0,
            counted: 0,
        }
    }

    /// Empties it for a new run, as [`Ranked::new`] would leave it but keeping the buffers
    /// (positions restart from 0 as they would there).
    pub fn clear(&mut self) {
        let Ranked {
            vals,
            bits,
            tree,
            indexed,
            front,
            cap,
            live,
            counted,
        } = self;
        vals.clear();
        bits.clear();
        tree.clear();
        *indexed = false;
        *front = 0;
        *cap = 0;
        *live = 0;
        *counted = 0;
    }

    /// Number of counted entries (what [`Ranked::select`] chooses among).
    #[inline]
    pub fn counted(&self) -> usize {
        self.counted
    }

    /// Appends `v` at the end of the order and returns its position. If the positions are
    /// exhausted, the held entries are renumbered first and `moved(entry, new_position)` is
    /// called for each entry whose position changes (in order).
    #[inline]
    pub fn push(&mut self, v: T, counted: bool, moved: impl FnMut(T, u32)) -> u32 {
        if self.vals.len() == self.cap {
            self.renumber(moved);
        }
        let pos = self.vals.len();
        self.vals.push(Some((v, counted)));
        self.live += 1;
        if counted {
            self.counted += 1;
            self.flip(pos, true);
        }
        pos as u32
    }

    /// Starts counting the held entry at `pos`.
    pub fn count(&mut self, pos: u32) {
        let e = self.vals[pos as usize]
            .as_mut()
            .expect("count: position held");
        debug_assert!(!e.1, "count: already counted");
        e.1 = true;
        self.counted += 1;
        self.flip(pos as usize, true);
    }

    /// Removes the entry at `pos` and returns it.
    #[inline]
    pub fn remove(&mut self, pos: u32) -> T {
        let pos = pos as usize;
        let (v, counted) = self.vals[pos].take().expect("remove: position held");
        self.live -= 1;
        if counted {
            self.counted -= 1;
            self.flip(pos, false);
        }
        if pos == self.front {
            self.front += 1;
            while self.front < self.vals.len() && self.vals[self.front].is_none() {
                self.front += 1;
            }
        }
        v
    }

    /// Removes the `k`-th counted entry in order (0-based) and returns it. `k < counted()`.
    #[inline]
    pub fn take(&mut self, k: usize) -> T {
        let (pos, _) = self.select(k);
        self.remove(pos)
    }

    /// The `k`-th counted entry in order (0-based) and its position. `k < counted()`.
    #[inline]
    pub fn select(&mut self, k: usize) -> (u32, T) {
        debug_assert!(k < self.counted, "select {k} of {}", self.counted);
        // The front entry: the usual choice, and the FIFO default.
        if k == 0
            && let Some(Some((v, true))) = self.vals.get(self.front)
        {
            return (self.front as u32, *v);
        }
        self.select_slow(k)
    }

    fn select_slow(&mut self, k: usize) -> (u32, T) {
        if !self.indexed && self.cap > SMALL_CAP {
            self.build_index();
        }
        let pos = if !self.indexed {
            let mut k = k;
            let mut found = None;
            for (i, e) in self.vals.iter().enumerate().skip(self.front) {
                if let Some((_, true)) = e {
                    if k == 0 {
                        found = Some(i);
                        break;
                    }
                    k -= 1;
                }
            }
            found.expect("fewer counted entries than `counted`")
        } else {
            // Words below the front one are empty; many choices fall in the front word.
            let mut rem = k as u32;
            let mut w = self.front / WORD;
            let first = self.bits[w].count_ones();
            if rem >= first {
                // Fenwick descent: the longest prefix of words with at most `k` entries.
                let words = self.bits.len();
                let mut i = 0;
                let mut step = words.next_power_of_two();
                rem = k as u32;
                while step > 0 {
                    let next = i + step;
                    if next <= words && self.tree[next] <= rem {
                        i = next;
                        rem -= self.tree[next];
                    }
                    step >>= 1;
                }
                w = i;
            }
            w * WORD + select_in_word(self.bits[w], rem)
        };
        match self.vals.get(pos) {
            Some(Some((v, true))) => (pos as u32, *v),
            _ => unreachable!("selection out of step with the entries"),
        }
    }

    /// Mirrors a change of the counted flag of `pos` (to `on`) in the bitmap and the tree.
    #[inline]
    fn flip(&mut self, pos: usize, on: bool) {
        if !self.indexed {
            return;
        }
        let w = pos / WORD;
        self.bits[w] ^= 1 << (pos % WORD);
        let mut i = w + 1;
        while i < self.tree.len() {
            if on {
                self.tree[i] += 1;
            } else {
                self.tree[i] -= 1;
            }
            i += i & i.wrapping_neg();
        }
    }

    /// Renumbers the held entries densely from 0 and sizes the positions to at least twice
    /// their number; rebuilds the bitmap and the tree, if any, in O(cap / WORD + live).
    #[inline(never)]
    fn renumber(&mut self, mut moved: impl FnMut(T, u32)) {
        let mut j = 0;
        // Positions below `front` are free.
        for i in self.front..self.vals.len() {
            if let Some(e) = self.vals[i] {
                if i != j {
                    self.vals[j] = Some(e);
                    moved(e.0, j as u32);
                }
                j += 1;
            }
        }
        debug_assert_eq!(j, self.live);
        self.vals.truncate(j);
        let cap = (2 * (j + 1)).next_power_of_two().max(MIN_CAP);
        self.bits.clear();
        self.tree.clear();
        let keep = cap.max(KEPT_CAP);
        if self.vals.capacity() > 4 * keep {
            // The queue was much longer once: give the memory back, down to `KEPT_CAP`.
            self.vals.shrink_to(keep);
            self.bits.shrink_to(keep / WORD);
            self.tree.shrink_to(keep / WORD + 1);
        }
        self.vals.reserve_exact(cap - j);
        self.cap = cap;
        self.front = 0;
        self.indexed = false;
    }

    /// Builds the bitmap and the tree from the entries, in O(cap).
    #[inline(never)]
    fn build_index(&mut self) {
        let words = self.cap / WORD;
        self.bits.clear();
        self.bits.resize(words, 0);
        for (i, e) in self.vals.iter().enumerate().skip(self.front) {
            if let Some((_, true)) = e {
                self.bits[i / WORD] |= 1 << (i % WORD);
            }
        }
        self.tree.clear();
        self.tree.resize(words + 1, 0);
        for (w, b) in self.bits.iter().enumerate() {
            self.tree[w + 1] = b.count_ones();
        }
        for i in 1..=words {
            let up = i + (i & i.wrapping_neg());
            if up <= words {
                self.tree[up] += self.tree[i];
            }
        }
        self.indexed = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_in_word_finds_each_set_bit() {
        for x in [1u64, 0b1011_0100, u64::MAX, 1 << 63, 0x8000_0001_0000_0100] {
            let set: Vec<usize> = (0..64).filter(|b| x & (1 << b) != 0).collect();
            for (r, &b) in set.iter().enumerate() {
                assert_eq!(select_in_word(x, r as u32), b, "{x:#x} {r}");
            }
        }
    }

    /// Against a plain vector, with renumbering, small and large: the same order, the
    /// same selections.
    #[test]
    fn agrees_with_a_vector() {
        for (n, removals) in [(3_000u32, 4), (40_000, 2)] {
            let mut r: Ranked<u32> = Ranked::new();
            // (value, counted), in order; positions stored by value.
            let mut model: Vec<(u32, bool)> = Vec::new();
            let mut pos_of: Vec<u32> = Vec::new();
            let mut x: u64 = 12345;
            let mut rnd = |n: usize| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % n as u64) as usize
            };
            for v in 0..n {
                let counted = rnd(3) > 0;
                pos_of.push(0);
                let p = r.push(v, counted, |e, np| pos_of[e as usize] = np);
                pos_of[v as usize] = p;
                model.push((v, counted));
                while rnd(5) < removals && !model.is_empty() {
                    // Mostly near the front (as a queue), sometimes anywhere.
                    let i = if rnd(2) == 0 {
                        rnd(model.len().min(3))
                    } else {
                        rnd(model.len())
                    };
                    let (e, c) = model[i];
                    if !c && rnd(2) == 0 {
                        r.count(pos_of[e as usize]);
                        model[i].1 = true;
                    } else {
                        assert_eq!(r.remove(pos_of[e as usize]), e);
                        model.remove(i);
                    }
                }
                let counted: Vec<u32> = model.iter().filter(|e| e.1).map(|e| e.0).collect();
                assert_eq!(r.counted(), counted.len());
                if !counted.is_empty() {
                    for k in [0, rnd(counted.len()), counted.len() - 1] {
                        let (p, e) = r.select(k);
                        assert_eq!(e, counted[k], "n {n} k {k}");
                        assert_eq!(p, pos_of[e as usize]);
                    }
                }
            }
            // Drain by `take`, in a random order of ranks.
            let mut counted: Vec<u32> = model.iter().filter(|e| e.1).map(|e| e.0).collect();
            while !counted.is_empty() {
                let k = rnd(counted.len());
                assert_eq!(r.take(k), counted.remove(k));
            }
        }
    }

    /// A queue that swings between a few entries and a few hundred keeps its buffer: no
    /// shrinking, so no regrowth on the next swing (each one past 1 KB sweeps glibc's fast
    /// bins).
    /// One that was long gives most of its memory back, down to `KEPT_CAP` positions.
    #[test]
    fn a_swinging_queue_keeps_its_buffer_and_a_long_one_gives_memory_back() {
        // `burst` entries pushed, all but two taken, then `singles` pushed and taken one at
        // a time: the positions run out with few entries held, and they are renumbered.
        let swing = |r: &mut Ranked<u32>, burst: u32, singles: u32| {
            for v in 0..burst {
                r.push(v, true, |_, _| {});
            }
            while r.counted() > 2 {
                r.take(0);
            }
            for v in 0..singles {
                r.push(v, true, |_, _| {});
                r.take(0);
            }
        };
        let mut r: Ranked<u32> = Ranked::new();
        swing(&mut r, 300, 2_000);
        // Renumbered with a few entries held, it kept its room for the next swing.
        let room = r.vals.capacity();
        assert!(room >= KEPT_CAP);
        for _ in 0..50 {
            swing(&mut r, 300, 2_000);
            assert_eq!(r.vals.capacity(), room);
        }
        swing(&mut r, 100_000, 300_000);
        assert!(r.vals.capacity() >= KEPT_CAP && r.vals.capacity() <= 4 * KEPT_CAP);
    }
}
