//! [`Slab`]: the kernel's one store of things that come and go — process states, timers,
//! signals in flight, signal queues — each reached through a typed [`Key`].
//!
//! Ground rules:
//!
//! * A key is an index and the generation of its slot. Removing an entry bumps its slot's
//!   generation, so a key kept past the removal (a cancelled timer's, say) finds nothing:
//!   [`Slab::get`] answers `None`, never another entry that reused the slot.
//! * Vacant slots are reused last-freed first; the free list is a stack of indices, so no
//!   entry needs a "next free" field and no index is reserved as a sentinel.
//! * A store of large values that come and go (process states) may [`Slab::retire`] an
//!   entry instead of removing it: the slot is vacant, but the value stays in it, reset,
//!   for [`Slab::insert_reused`] to take as it is — moving a few hundred bytes out at each
//!   death and back at each spawn showed up in profiles.
//! * `Key<T>` only opens a `Slab<T>`: a timer's key cannot index the process table.
//! * `Option<Key<T>>` is as small as `Key<T>` (8 bytes), so chains of entries (a queue of
//!   signals) link through `Option<Key<T>>` rather than through a magic index.

use std::fmt;
use std::marker::PhantomData;
use std::num::NonZeroU32;

/// A handle on an entry of a [`Slab<T>`]: its slot and the slot's generation then.
pub(crate) struct Key<T> {
    /// The slot's index plus one (so that `Option<Key>` needs no extra word).
    slot: NonZeroU32,
    generation: u32,
    _of: PhantomData<fn() -> T>,
}

impl<T> Key<T> {
    fn new(index: usize, generation: u32) -> Self {
        let slot = u32::try_from(index + 1)
            .ok()
            .and_then(NonZeroU32::new)
            .expect("slab: more than u32::MAX - 1 slots");
        Key {
            slot,
            generation,
            _of: PhantomData,
        }
    }

    /// The slot's index: dense, reused after removal (the step loop keeps process futures
    /// in a vector by this index).
    #[inline]
    pub fn index(self) -> usize {
        (self.slot.get() - 1) as usize
    }
}

// Manual impls: the derives would ask `T: Copy` etc. of the stored type.
impl<T> Copy for Key<T> {}
impl<T> Clone for Key<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> PartialEq for Key<T> {
    fn eq(&self, other: &Self) -> bool {
        self.slot == other.slot && self.generation == other.generation
    }
}
impl<T> Eq for Key<T> {}
// An order only so that keys can sit in sorted containers (the timer heap); it means nothing.
impl<T> PartialOrd for Key<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Key<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.slot, self.generation).cmp(&(other.slot, other.generation))
    }
}
impl<T> fmt::Debug for Key<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.index(), self.generation)
    }
}

struct Slot<T> {
    generation: u32,
    // invariant: `live` iff the slot holds an entry; a vacant slot may still hold a
    // retired value (see [`Slab::retire`]).
    live: bool,
    value: Option<T>,
}

/// A vector of slots with typed keys (see the module's ground rules).
pub(crate) struct Slab<T> {
    slots: Vec<Slot<T>>,
    // invariant: exactly the indices of the vacant slots, each once.
    free: Vec<u32>,
}

impl<T> Slab<T> {
    pub fn new() -> Self {
        Slab {
            slots: Vec::new(),
            free: Vec::new(),
        }
    }

    /// Stores `value` and returns its key.
    #[inline]
    pub fn insert(&mut self, value: T) -> Key<T> {
        match self.free.pop() {
            Some(i) => {
                let slot = &mut self.slots[i as usize];
                debug_assert!(!slot.live, "slab: a free slot is occupied");
                slot.value = Some(value);
                slot.live = true;
                Key::new(i as usize, slot.generation)
            }
            None => {
                self.slots.push(Slot {
                    generation: 0,
                    live: true,
                    value: Some(value),
                });
                Key::new(self.slots.len() - 1, 0)
            }
        }
    }

    /// Stores the value a vacant slot kept from [`Slab::retire`] (as the retirement left
    /// it), or else `make()`, and returns its key.
    #[inline]
    pub fn insert_reused(&mut self, make: impl FnOnce() -> T) -> Key<T> {
        match self.free.pop() {
            Some(i) => {
                let slot = &mut self.slots[i as usize];
                debug_assert!(!slot.live, "slab: a free slot is occupied");
                if slot.value.is_none() {
                    slot.value = Some(make());
                }
                slot.live = true;
                Key::new(i as usize, slot.generation)
            }
            None => self.insert(make()),
        }
    }

    /// Vacates the slot of `key` like [`Slab::remove`], but leaves its value in place for
    /// the next [`Slab::insert_reused`] and returns it, to be taken from and reset.
    /// `None` if it was already removed.
    #[inline]
    pub fn retire(&mut self, key: Key<T>) -> Option<&mut T> {
        let i = key.index();
        let slot = &mut self.slots[i];
        if slot.generation != key.generation || !slot.live {
            return None;
        }
        slot.live = false;
        slot.generation = slot.generation.wrapping_add(1);
        self.free.push(i as u32);
        slot.value.as_mut()
    }

    /// Removes the entry of `key` and returns it; `None` if it was already removed.
    #[inline]
    pub fn remove(&mut self, key: Key<T>) -> Option<T> {
        let i = key.index();
        let slot = &mut self.slots[i];
        if slot.generation != key.generation || !slot.live {
            return None;
        }
        let value = slot.value.take()?;
        slot.live = false;
        slot.generation = slot.generation.wrapping_add(1);
        self.free.push(i as u32);
        Some(value)
    }

    /// The entry of `key`, if it is still there.
    #[inline]
    pub fn get(&self, key: Key<T>) -> Option<&T> {
        let slot = self.slots.get(key.index())?;
        if slot.generation != key.generation || !slot.live {
            return None;
        }
        slot.value.as_ref()
    }

    /// The entry of `key`, if it is still there.
    #[inline]
    pub fn get_mut(&mut self, key: Key<T>) -> Option<&mut T> {
        let slot = self.slots.get_mut(key.index())?;
        if slot.generation != key.generation || !slot.live {
            return None;
        }
        slot.value.as_mut()
    }

    /// Whether `key`'s entry is still there.
    #[inline]
    pub fn contains(&self, key: Key<T>) -> bool {
        self.get(key).is_some()
    }

    /// Empties the store for a new run, as [`Slab::new`] would leave it but keeping the
    /// buffer: the next keys are those a new store would give.
    pub fn clear(&mut self) {
        self.slots.clear();
        self.free.clear();
    }

    /// Empties a store that retires its values ([`Slab::retire`]) for a new run, keeping
    /// its first `keep` slots vacant with their values, for [`Slab::insert_reused`]: the
    /// live ones reset by `reset` (a retired one was reset when it was retired). The next
    /// keys are still those a new store would give: the kept slots are handed out lowest
    /// first, each at generation 0, as a new store would push them (and a removal's slot
    /// goes back on top of them, as it would there).
    pub fn clear_keeping(&mut self, keep: usize, mut reset: impl FnMut(&mut T)) {
        self.slots.truncate(keep);
        for slot in &mut self.slots {
            if slot.live
                && let Some(v) = &mut slot.value
            {
                reset(v);
            }
            slot.live = false;
            slot.generation = 0;
        }
        self.free.clear();
        self.free.extend((0..self.slots.len() as u32).rev());
    }

    /// Entries stored.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.slots.len() - self.free.len()
    }
}

impl<T> std::ops::Index<Key<T>> for Slab<T> {
    type Output = T;
    /// The entry of a key known to be live (a stale key is a kernel bug: panics).
    #[inline]
    fn index(&self, key: Key<T>) -> &T {
        self.get(key).expect("slab: stale key")
    }
}

impl<T> std::ops::IndexMut<Key<T>> for Slab<T> {
    #[inline]
    fn index_mut(&mut self, key: Key<T>) -> &mut T {
        self.get_mut(key).expect("slab: stale key")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removed_key_finds_nothing_even_after_its_slot_is_reused() {
        let mut s = Slab::new();
        let a = s.insert("a");
        assert_eq!(s.remove(a), Some("a"));
        let b = s.insert("b");
        assert_eq!(a.index(), b.index(), "the slot is reused");
        assert_eq!(s.get(a), None);
        assert_eq!(s.remove(a), None);
        assert_eq!(s[b], "b");
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn a_retired_value_stays_for_the_next_reuse_and_its_key_finds_nothing() {
        let mut s = Slab::new();
        let a = s.insert(vec![1, 2, 3]);
        let v = s.retire(a).expect("live");
        v.clear();
        assert_eq!(s.get(a), None);
        assert_eq!(s.retire(a), None);
        assert_eq!(s.len(), 0);
        let b = s.insert_reused(|| unreachable!("the retired value is reused"));
        assert_eq!(a.index(), b.index());
        assert!(
            s[b].is_empty() && s[b].capacity() >= 3,
            "the same buffer, reset"
        );
        let c = s.insert_reused(|| vec![9]);
        assert_eq!(s[c], vec![9]);
    }

    #[test]
    fn a_store_cleared_keeping_its_values_gives_the_keys_a_new_store_gives() {
        // The same operations on a new store and on one cleared after other use: the
        // same keys, and the kept values are reused (reset) instead of made.
        let ops = |s: &mut Slab<Vec<u8>>, made: &mut u32| {
            let mut keys = Vec::new();
            let mut make = || {
                *made += 1;
                Vec::new()
            };
            let a = s.insert_reused(&mut make);
            let b = s.insert_reused(&mut make);
            s.retire(a).expect("live").clear();
            let c = s.insert_reused(&mut make);
            let d = s.insert_reused(&mut make);
            s.retire(b).expect("live").clear();
            s.retire(d).expect("live").clear();
            let e = s.insert_reused(&mut make);
            let f = s.insert_reused(&mut make);
            let g = s.insert_reused(&mut make);
            keys.extend([a, b, c, d, e, f, g]);
            s[g].push(1);
            keys
        };
        let (mut fresh, mut made_fresh) = (Slab::new(), 0);
        let want = ops(&mut fresh, &mut made_fresh);
        let mut used = Slab::new();
        let mut n = 0;
        ops(&mut used, &mut n);
        ops(&mut used, &mut n);
        used.clear_keeping(3, Vec::clear);
        let mut made = 0;
        assert_eq!(ops(&mut used, &mut made), want);
        assert_eq!(made, made_fresh - 3, "the three kept values are reused");
        assert!(used.slots.iter().flat_map(|s| &s.value).any(|v| v == &[1]));
        used.clear();
        let mut made = 0;
        assert_eq!(ops(&mut used, &mut made), want);
        assert_eq!(made, made_fresh);
    }

    #[test]
    fn an_optional_key_costs_no_extra_word() {
        assert_eq!(
            std::mem::size_of::<Option<Key<String>>>(),
            std::mem::size_of::<Key<String>>()
        );
    }
}
