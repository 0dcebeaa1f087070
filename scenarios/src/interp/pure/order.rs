//! Equality and ordering of terms as the BEAM has them: `===` ([`equal`]) tells `1` and
//! `1.0` apart, `==` ([`equal_value`]) and the order do not.
//!
//! [`Term::term_cmp`] is Erlang's term order, except that it cannot tell closures apart
//! (`Opaque` values compare by label): two terms are [`equal`] when they compare `Equal`
//! and any closures in them are the same closure. (On the BEAM two closures made by the
//! same `fn` with equal captures are equal; the simulator cannot see that.)

use sim::Term;
use std::cmp::Ordering;

/// `a == b`: as [`equal`], but numbers by value (`1 == 1.0`, `{1} == {1.0}`).
pub(crate) fn equal_value(a: &Term, b: &Term) -> bool {
    if has_no_closure(a) && has_no_closure(b) {
        return a.term_cmp(b).is_eq();
    }
    equal(a, b)
}

/// `a === b` (and what the library compares with: `in`, `List.delete/2`, map keys):
/// structural equality, a struct being equal to the plain map with the same entries and
/// `__struct__`.
pub(crate) fn equal(a: &Term, b: &Term) -> bool {
    if has_no_closure(a) && has_no_closure(b) {
        return a.key_cmp(b).is_eq();
    }
    match (a, b) {
        (Term::Opaque(x), Term::Opaque(y)) => x == y,
        (Term::Tuple(x), Term::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| equal(p, q))
        }
        (Term::List(x), Term::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        // Canonical maps (`map_from`): entries in the same order.
        (Term::Map(x), Term::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| equal(k1, k2) && equal(v1, v2))
        }
        (Term::Struct(s1), Term::Struct(s2)) => {
            let (f1, f2) = (&s1.fields, &s2.fields);
            s1.name == s2.name
                && f1.len() == f2.len()
                && f1
                    .iter()
                    .all(|(k, v)| f2.iter().any(|(k2, v2)| k == k2 && equal(v, v2)))
        }
        _ => false,
    }
}

fn has_no_closure(t: &Term) -> bool {
    match t {
        Term::Opaque(_) => false,
        Term::Tuple(v) => v.iter().all(has_no_closure),
        Term::List(v) => v.iter().all(has_no_closure),
        Term::Map(kvs) => kvs
            .iter()
            .all(|(k, v)| has_no_closure(k) && has_no_closure(v)),
        Term::Struct(s) => s.fields.iter().all(|(_, v)| has_no_closure(v)),
        Term::Atom(_)
        | Term::Int(_)
        | Term::Float(_)
        | Term::Str(_)
        | Term::Pid(_)
        | Term::Ref(_) => true,
    }
}

/// Sorts in term order, stably (`Enum.sort/1`, `:lists.sort/1`).
pub(crate) fn sort(items: &mut [Term]) {
    items.sort_by(|a, b| a.term_cmp(b));
}

/// The elements of `items` without repeats, each at its first occurrence (`Enum.uniq/1`),
/// in O(n log n).
pub(crate) fn uniq(items: &[Term]) -> Vec<Term> {
    let mut sorted: Vec<(usize, &Term)> = items.iter().enumerate().collect();
    sorted.sort_by(|a, b| a.1.key_cmp(b.1));
    let mut keep = vec![false; items.len()];
    for run in sorted.chunk_by(|a, b| a.1.key_cmp(b.1).is_eq()) {
        // The run is in original order (the sort is stable): keep an element unless an
        // earlier one of the run equals it.
        for (n, (i, t)) in run.iter().enumerate() {
            let seen = run.iter().take(n).any(|(_, u)| equal(t, u));
            if let Some(k) = keep.get_mut(*i) {
                *k = !seen;
            }
        }
    }
    items
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(t, _)| t.clone())
        .collect()
}

/// A multiset of terms (the right side of `--`): O(log n) lookups by term order, then
/// [`equal`] within the (normally one-element) run of terms that compare `Equal`.
pub(crate) struct Bag<'a> {
    /// invariant: sorted by `key_cmp`; each distinct term once, with how many are left.
    items: Vec<(&'a Term, usize)>,
}

impl<'a> Bag<'a> {
    /// A bag of `items`.
    pub(crate) fn of(items: impl IntoIterator<Item = &'a Term>) -> Bag<'a> {
        let mut sorted: Vec<&Term> = items.into_iter().collect();
        sorted.sort_by(|a, b| a.key_cmp(b));
        let mut bag: Vec<(&Term, usize)> = Vec::with_capacity(sorted.len());
        for run in sorted.chunk_by(|a, b| a.key_cmp(b).is_eq()) {
            let first = bag.len();
            for t in run {
                match bag.iter_mut().skip(first).find(|(u, _)| equal(t, u)) {
                    Some(entry) => entry.1 += 1,
                    None => bag.push((t, 1)),
                }
            }
        }
        Bag { items: bag }
    }

    /// Takes one `t` out; false if there was none left.
    pub(crate) fn take(&mut self, t: &Term) -> bool {
        let start = self
            .items
            .partition_point(|(x, _)| x.key_cmp(t) == Ordering::Less);
        let run = self
            .items
            .iter_mut()
            .skip(start)
            .take_while(|(x, _)| x.term_cmp(t).is_eq());
        for (x, left) in run {
            if equal(x, t) {
                if *left == 0 {
                    return false;
                }
                *left -= 1;
                return true;
            }
        }
        false
    }
}
