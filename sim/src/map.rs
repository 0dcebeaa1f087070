//! [`Map`]: the entries of a [`Term::Map`], in key order ([`Term::key_cmp`]), shared
//! between the maps that hold them, so that what Elixir programs do with maps costs what
//! it costs on the BEAM: a map passed on, kept in a frame or sent is a reference count, not
//! a copy, and a put into a large map copies a path of a tree, not every entry.
//!
//! As on the BEAM, a map of at most [`FLAT`] entries is a sorted array (a put copies it,
//! which at that size costs less than a tree's nodes), and a larger one a persistent tree
//! (`imbl`'s B+tree with `Rc` nodes). As on the BEAM, an array iterates in key order and
//! a tree in the order of its keys' hashes ([`order`]): [`Map::iter`] gives what
//! `:maps.to_list/1` gives, [`Map::iter_fold`] what `:maps.fold/3` walks.
//!
//! Keys are told apart as the BEAM's exact equality does: by [`Term::key_cmp`], except
//! that two keys holding opaque values (functions) that compare equal are still two keys
//! unless they are the same value. A tree orders by `key_cmp` alone, so a map with such
//! a key stays an array at any size.

use crate::term::Term;
use imbl::GenericOrdMap;

mod order;
use imbl::shared_ptr::RcK;
use std::cell::Cell;
use std::cmp::Ordering;
use std::fmt;
use std::rc::Rc;

/// The most entries a map keeps in a sorted array (the BEAM's flatmap limit).
pub const FLAT: usize = 32;

/// The entries of an Elixir map (see the module's documentation). Clones share.
#[derive(Clone)]
pub struct Map(Repr);

#[derive(Clone)]
enum Repr {
    /// Sorted by key, keys unique: at most [`FLAT`] entries, or keys a tree cannot order.
    Flat(Rc<[(Term, Term)]>),
    /// More than [`FLAT`] entries.
    Tree(Rc<Tree>),
}

struct Tree {
    map: GenericOrdMap<Key, Term, RcK>,
    /// See [`Map::memo`].
    memo: Cell<u64>,
}

/// A key in a tree, ordered as `:maps.to_list/1` lists it ([`order::list_rank`]), keys
/// of one rank by [`Term::key_cmp`] (it holds no opaque value, so that order tells every
/// two keys apart).
#[derive(Clone)]
struct Key {
    rank: u32,
    term: Term,
}

impl Key {
    fn new(term: Term) -> Key {
        Key {
            rank: order::list_rank(&term),
            term,
        }
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> Ordering {
        (self.rank.cmp(&other.rank)).then_with(|| self.term.key_cmp(&other.term))
    }
}

/// True if `t` holds an opaque value anywhere.
fn has_opaque(t: &Term) -> bool {
    match t {
        Term::Opaque(_) => true,
        Term::Tuple(items) => items.iter().any(has_opaque),
        Term::List(items) => items.iter().any(has_opaque),
        Term::Map(m) => m.iter().any(|(k, v)| has_opaque(k) || has_opaque(v)),
        Term::Struct(s) => s.fields.iter().any(|(_, v)| has_opaque(v)),
        Term::Atom(_)
        | Term::Int(_)
        | Term::Float(_)
        | Term::Str(_)
        | Term::Pid(_)
        | Term::Ref(_) => false,
    }
}

/// True if `a` and `b` are the same key: equal in term order, and the same value where
/// they hold opaque values.
pub fn same_key(a: &Term, b: &Term) -> bool {
    a.key_cmp(b).is_eq() && (a == b || !(has_opaque(a) || has_opaque(b)))
}

/// Where `k` is (`Ok`) or would go (`Err`) in the sorted `kvs`.
fn locate(kvs: &[(Term, Term)], k: &Term) -> Result<usize, usize> {
    let start = kvs.partition_point(|(x, _)| x.key_cmp(k).is_lt());
    let mut i = start;
    while let Some((x, _)) = kvs.get(i) {
        if !x.key_cmp(k).is_eq() {
            break;
        }
        if same_key(x, k) {
            return Ok(i);
        }
        i += 1;
    }
    Err(i)
}

/// What [`Map::changes_from`] reports of an entry.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// In the old map, not in the new one (or with another value there).
    Removed,
    /// In the new map, not in the old one (or with another value there).
    Added,
}

/// The iterator of [`Map::iter`] and [`Map::iter_fold`].
pub struct Iter<'a> {
    repr: IterRepr<'a>,
    /// A tree's entries from the last.
    backwards: bool,
}

enum IterRepr<'a> {
    Flat(std::slice::Iter<'a, (Term, Term)>),
    Tree(imbl::ordmap::Iter<'a, Key, Term, RcK>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a Term, &'a Term);

    fn next(&mut self) -> Option<(&'a Term, &'a Term)> {
        match &mut self.repr {
            IterRepr::Flat(it) => it.next().map(|(k, v)| (k, v)),
            IterRepr::Tree(it) if self.backwards => it.next_back().map(|(k, v)| (&k.term, v)),
            IterRepr::Tree(it) => it.next().map(|(k, v)| (&k.term, v)),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.repr {
            IterRepr::Flat(it) => it.size_hint(),
            IterRepr::Tree(it) => it.size_hint(),
        }
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl Default for Map {
    fn default() -> Map {
        Map::new()
    }
}

impl Map {
    /// `%{}`.
    pub fn new() -> Map {
        Map(Repr::Flat(Rc::from([])))
    }

    /// The map of `kvs`, which are sorted by key with no key twice (what [`Map::iter`] of a
    /// map gives, or an edit of it that keeps the order).
    pub fn from_sorted(kvs: Vec<(Term, Term)>) -> Map {
        debug_assert!(
            kvs.windows(2)
                .all(|w| w[0].0.key_cmp(&w[1].0).is_le() && !same_key(&w[0].0, &w[1].0)),
            "sorted, unique keys"
        );
        if kvs.len() > FLAT && !kvs.iter().any(|(k, _)| has_opaque(k)) {
            let map = kvs.into_iter().map(|(k, v)| (Key::new(k), v)).collect();
            return Map::tree(map);
        }
        Map(Repr::Flat(kvs.into()))
    }

    fn tree(map: GenericOrdMap<Key, Term, RcK>) -> Map {
        Map(Repr::Tree(Rc::new(Tree {
            map,
            memo: Cell::new(0),
        })))
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Flat(kvs) => kvs.len(),
            Repr::Tree(t) => t.map.len(),
        }
    }

    /// True for `%{}`.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries, as `:maps.to_list/1` lists them: in key order up to [`FLAT`]
    /// entries, past that in the reverse of the BEAM's walk (semantics §5.20).
    pub fn iter(&self) -> Iter<'_> {
        let repr = match &self.0 {
            Repr::Flat(kvs) => IterRepr::Flat(kvs.iter()),
            Repr::Tree(t) => IterRepr::Tree(t.map.iter()),
        };
        Iter {
            repr,
            backwards: false,
        }
    }

    /// The entries as `:maps.fold/3` (and so `Enum.reduce/3` and the `Enum` functions
    /// made of it) walks them: in key order up to [`FLAT`] entries, past that in the
    /// reverse of [`Map::iter`].
    pub fn iter_fold(&self) -> Iter<'_> {
        Iter {
            backwards: true,
            ..self.iter()
        }
    }

    /// The entries, as [`Map::iter`] gives them, copied out.
    pub fn to_vec(&self) -> Vec<(Term, Term)> {
        self.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// The entries in key order ([`Term::key_cmp`]), copied out.
    pub fn to_sorted_vec(&self) -> Vec<(Term, Term)> {
        let mut kvs = self.to_vec();
        if let Repr::Tree(_) = self.0 {
            kvs.sort_by(|a, b| a.0.key_cmp(&b.0));
        }
        kvs
    }

    /// The value at `k`.
    pub fn get(&self, k: &Term) -> Option<&Term> {
        match &self.0 {
            Repr::Flat(kvs) => locate(kvs, k).ok().map(|i| &kvs[i].1),
            // A key with an opaque value is in no tree.
            Repr::Tree(_) if has_opaque(k) => None,
            Repr::Tree(t) => t.map.get(&Key::new(k.clone())),
        }
    }

    /// This map with `k` at `v` (the map itself is unchanged).
    pub fn insert(&self, k: Term, v: Term) -> Map {
        match &self.0 {
            Repr::Tree(t) if !has_opaque(&k) => {
                let mut map = t.map.clone();
                // A key already there stays as it is stored (a struct and the plain map
                // it equals are one key): only the value changes.
                let probe = Key::new(k);
                let key = match map.get_key_value(&probe) {
                    Some((stored, _)) => stored.clone(),
                    None => probe,
                };
                map.insert(key, v);
                Map::tree(map)
            }
            Repr::Tree(_) => {
                let mut kvs = self.to_sorted_vec();
                let i = locate(&kvs, &k).unwrap_err();
                kvs.insert(i, (k, v));
                Map(Repr::Flat(kvs.into()))
            }
            Repr::Flat(kvs) => {
                let mut out = Vec::with_capacity(kvs.len() + 1);
                match locate(kvs, &k) {
                    Ok(i) => {
                        // The stored key stays (see the tree's case).
                        out.extend_from_slice(&kvs[..i]);
                        out.push((kvs[i].0.clone(), v));
                        out.extend_from_slice(&kvs[i + 1..]);
                    }
                    Err(i) => {
                        out.extend_from_slice(&kvs[..i]);
                        out.push((k, v));
                        out.extend_from_slice(&kvs[i..]);
                    }
                }
                Map::from_sorted(out)
            }
        }
    }

    /// This map without `k` (the map itself is unchanged).
    pub fn remove(&self, k: &Term) -> Map {
        match &self.0 {
            Repr::Tree(_) if has_opaque(k) => self.clone(),
            Repr::Tree(t) => {
                let mut map = t.map.clone();
                map.remove(&Key::new(k.clone()));
                // At 32 entries the BEAM makes the map a sorted array again.
                if map.len() <= FLAT {
                    let mut kvs: Vec<(Term, Term)> =
                        map.into_iter().map(|(k, v)| (k.term, v)).collect();
                    kvs.sort_by(|a, b| a.0.key_cmp(&b.0));
                    return Map(Repr::Flat(kvs.into()));
                }
                Map::tree(map)
            }
            Repr::Flat(kvs) => match locate(kvs, k) {
                Ok(i) => {
                    let mut out = Vec::with_capacity(kvs.len() - 1);
                    out.extend_from_slice(&kvs[..i]);
                    out.extend_from_slice(&kvs[i + 1..]);
                    Map(Repr::Flat(out.into()))
                }
                Err(_) => self.clone(),
            },
        }
    }

    /// What makes `old` into this map, when both are trees: the entries of `old` that this
    /// map has not (or not with the same value), then the entries of this map that `old`
    /// has not (or not with the same value), each through `f`. Subtrees the two share are
    /// skipped, so after a put into a large map this costs a path of the tree, not the
    /// map. `None` (and `f` is not called) if either map is an array.
    pub fn changes_from(&self, old: &Map, mut f: impl FnMut(Change, &Term, &Term)) -> Option<()> {
        let (Repr::Tree(new), Repr::Tree(old)) = (&self.0, &old.0) else {
            return None;
        };
        for item in old.map.diff(&new.map) {
            match item {
                imbl::ordmap::DiffItem::Add(k, v) => f(Change::Added, &k.term, v),
                imbl::ordmap::DiffItem::Remove(k, v) => f(Change::Removed, &k.term, v),
                imbl::ordmap::DiffItem::Update { old, new } => {
                    f(Change::Removed, &old.0.term, old.1);
                    f(Change::Added, &new.0.term, new.1);
                }
            }
        }
        Some(())
    }

    /// What an outside walk over the map (the interpreter's size check) kept of it here,
    /// or 0 for nothing: a tree keeps a `u64`, an array (at most [`FLAT`] entries, cheap to
    /// walk) keeps nothing. A map never changes, so what is kept stays true of it.
    pub fn memo(&self) -> u64 {
        match &self.0 {
            Repr::Flat(_) => 0,
            Repr::Tree(t) => t.memo.get(),
        }
    }

    /// Keeps `memo` for [`Map::memo`] (a no-op for a map kept as an array).
    pub fn set_memo(&self, memo: u64) {
        if let Repr::Tree(t) = &self.0 {
            t.memo.set(memo);
        }
    }
}

/// The map of `kvs` in any order; of two pairs with the same key the later one wins (as
/// `%{a: 1, a: 2}` and `Map.new/1` have it).
impl From<Vec<(Term, Term)>> for Map {
    fn from(mut kvs: Vec<(Term, Term)>) -> Map {
        // Stable: of equal keys, the later pair stays later.
        kvs.sort_by(|a, b| a.0.key_cmp(&b.0));
        let mut out: Vec<(Term, Term)> = Vec::with_capacity(kvs.len());
        let mut run = 0;
        for (k, v) in kvs {
            match out.last() {
                Some((last, _)) if last.key_cmp(&k).is_eq() => {}
                _ => run = out.len(),
            }
            match out[run..].iter_mut().find(|(k2, _)| same_key(k2, &k)) {
                Some(entry) => entry.1 = v,
                None => out.push((k, v)),
            }
        }
        Map::from_sorted(out)
    }
}

impl<const N: usize> From<[(Term, Term); N]> for Map {
    fn from(kvs: [(Term, Term); N]) -> Map {
        Map::from(Vec::from(kvs))
    }
}

impl FromIterator<(Term, Term)> for Map {
    fn from_iter<I: IntoIterator<Item = (Term, Term)>>(iter: I) -> Map {
        Map::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a Term, &'a Term);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// Entry by entry (two copies of one map are equal without a walk).
impl PartialEq for Map {
    fn eq(&self, other: &Map) -> bool {
        let same = match (&self.0, &other.0) {
            (Repr::Flat(a), Repr::Flat(b)) => Rc::ptr_eq(a, b),
            (Repr::Tree(a), Repr::Tree(b)) => Rc::ptr_eq(a, b),
            _ => false,
        };
        let same_kind = matches!(
            (&self.0, &other.0),
            (Repr::Flat(_), Repr::Flat(_)) | (Repr::Tree(_), Repr::Tree(_))
        );
        same || (self.len() == other.len() && same_kind && self.iter().eq(other.iter()))
            // An array (a map with an opaque key stays one at any size) against a tree:
            // in key order, which both have.
            || (self.len() == other.len() && !same_kind && self.to_sorted_vec() == other.to_sorted_vec())
    }
}

impl fmt::Debug for Map {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_map(keys: impl IntoIterator<Item = i64>) -> Map {
        keys.into_iter()
            .map(|i| (Term::Int(i), Term::Int(i * 10)))
            .collect()
    }

    /// Key order as an array; as a tree, every key once (in the VM's hash order:
    /// `order`'s tests), and key order again from [`Map::to_sorted_vec`].
    #[test]
    fn a_map_keeps_key_order_as_an_array_and_hash_order_as_a_tree() {
        for n in [0, 5, FLAT, FLAT + 1, 500] {
            let m = int_map((0..n as i64).rev());
            assert_eq!(m.len(), n);
            let mut keys: Vec<i64> = m.iter().map(|(k, _)| k.as_int().unwrap()).collect();
            let sorted: Vec<i64> = (m.to_sorted_vec().iter())
                .map(|(k, _)| k.as_int().unwrap())
                .collect();
            assert_eq!(sorted, (0..n as i64).collect::<Vec<_>>());
            assert_eq!(keys == sorted, n <= FLAT, "{n} entries");
            keys.sort();
            assert_eq!(keys, sorted);
            assert_eq!(matches!(m.0, Repr::Tree(_)), n > FLAT, "{n} entries");
        }
    }

    #[test]
    fn insert_and_remove_leave_the_old_map_as_it_was() {
        for n in [3, FLAT as i64, 200] {
            let old = int_map(0..n);
            let new = old
                .insert(Term::Int(1), Term::atom("x"))
                .insert(Term::Int(-1), Term::Int(0));
            assert_eq!(old.get(&Term::Int(1)), Some(&Term::Int(10)));
            assert_eq!(new.get(&Term::Int(1)), Some(&Term::atom("x")));
            assert_eq!(new.len(), old.len() + 1);
            assert_eq!(old.get(&Term::Int(-1)), None);
            let smaller = new.remove(&Term::Int(0)).remove(&Term::Int(12345));
            assert_eq!(smaller.len(), new.len() - 1);
            assert_eq!(new.get(&Term::Int(0)), Some(&Term::Int(0)));
            assert_eq!(smaller.get(&Term::Int(0)), None);
        }
    }

    #[test]
    fn a_key_put_again_stays_as_it_was_stored() {
        // A struct and the plain map it equals are one key; the first form put stays.
        let name = crate::Atom::Static("Elixir.S");
        let strukt = Term::new_struct(name.clone(), vec![(crate::Atom::Static("a"), Term::Int(1))]);
        let plain = Term::map(vec![
            (Term::atom("__struct__"), Term::Atom(name)),
            (Term::atom("a"), Term::Int(1)),
        ]);
        assert!(same_key(&strukt, &plain) && strukt != plain);
        for n in [0, 100] {
            let m = int_map(0..n).insert(strukt.clone(), Term::Int(1));
            let m = m.insert(plain.clone(), Term::Int(2));
            assert_eq!(m.len(), n as usize + 1);
            let (k, v) = m
                .iter()
                .find(|(_, v)| **v == Term::Int(2))
                .expect("the new value");
            assert!(matches!(k, Term::Struct(_)), "{k:?} => {v:?}");
        }
    }

    #[test]
    fn of_two_pairs_with_one_key_the_later_wins() {
        let m = Map::from(vec![
            (Term::atom("a"), Term::Int(1)),
            (Term::atom("b"), Term::Int(2)),
            (Term::atom("a"), Term::Int(3)),
        ]);
        assert_eq!(m.len(), 2);
        assert_eq!(m.get(&Term::atom("a")), Some(&Term::Int(3)));
    }

    #[test]
    fn equal_maps_are_equal_whatever_they_are_kept_as() {
        let grown = (0..100).fold(Map::new(), |m, i| m.insert(Term::Int(i), Term::Int(i * 10)));
        assert_eq!(grown, int_map(0..100));
        // An array of 40 (a key holding an opaque value keeps it one) against a tree.
        let shrunk = (40..100).fold(grown.clone(), |m, i| m.remove(&Term::Int(i)));
        assert_eq!(shrunk, int_map(0..40));
        assert_ne!(shrunk, int_map(0..41));
    }

    #[test]
    fn the_changes_from_a_tree_are_what_was_put_and_removed() {
        let old = int_map(0..1000);
        let new = old
            .insert(Term::Int(5), Term::Int(-5))
            .insert(Term::Int(2000), Term::Int(1))
            .remove(&Term::Int(7));
        let mut seen = Vec::new();
        new.changes_from(&old, |c, k, v| seen.push((c, k.clone(), v.clone())))
            .expect("two trees");
        let (int, rm, add) = (Term::Int, Change::Removed, Change::Added);
        seen.sort_by(|a, b| a.1.key_cmp(&b.1).then(a.0.cmp(&b.0)));
        assert_eq!(
            seen,
            vec![
                (rm, int(5), int(50)),
                (add, int(5), int(-5)),
                (rm, int(7), int(70)),
                (add, int(2000), int(1)),
            ]
        );
        assert!(int_map(0..3).changes_from(&old, |_, _, _| ()).is_none());
    }

    #[test]
    fn opaque_keys_that_compare_equal_are_two_keys() {
        let f = Term::Opaque(crate::Opaque::new("Function", 1u8));
        let g = Term::Opaque(crate::Opaque::new("Function", 2u8));
        let m = int_map(0..50)
            .insert(f.clone(), Term::Int(1))
            .insert(g.clone(), Term::Int(2));
        assert_eq!(m.len(), 52);
        assert_eq!(m.get(&f), Some(&Term::Int(1)));
        assert_eq!(m.get(&g), Some(&Term::Int(2)));
        assert!(matches!(m.0, Repr::Flat(_)));
        assert_eq!(m.remove(&f).get(&g), Some(&Term::Int(2)));
    }
}
