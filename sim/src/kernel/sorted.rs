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

#[cfg(test)]
mod tests {
    use super::search;

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
}
