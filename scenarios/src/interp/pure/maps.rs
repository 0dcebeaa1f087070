//! Maps: the canonical form, the `Map` functions, and structs seen as the maps they are.
//!
//! **Form.** A `Term::Map` is a [`sim::Map`]: keys unique and in [`Term::term_cmp`]
//! order, shared between copies, a put into a large one O(log n) (see there).
//!
//! **Structs.** On the BEAM a struct is a map with a `__struct__` key: `Map.keys(1..3)` is
//! `[:__struct__, :first, :last, :step]`, `Map.put(1..3, :first, 2)` is `2..3`. A
//! `Term::Struct` is therefore read through [`entries`], and a map result whose keys are
//! exactly those of a struct it came from is turned back into that struct (fields in the
//! struct's order). Any other result with a `__struct__` key stays a plain map; the VM
//! would still call it a struct (and `inspect` it oddly: `Map.put(1..3, :x, 1)` prints
//! `1..3`), which the simulator does not model.
//!
//! **Order.** Maps list their entries as `:maps.to_list/1` does: in key order up to 32
//! keys, in the VM's hash order past that (`sim::Map::iter`, semantics §5.20).

use super::args;
use super::errors::{R, badarg, badkey, badmap};
use super::order::equal;
use sim::{Atom, Term};

/// A map from `pairs`; of equal keys the last wins (as `%{a: 1, a: 2}` and `Map.new/1` do).
pub(crate) fn map_from(pairs: impl IntoIterator<Item = (Term, Term)>) -> Term {
    Term::Map(pairs.into_iter().collect())
}

/// The entries of a map or struct, as `:maps.to_list/1` lists them (`None` if `t` is
/// neither; see semantics §5.20).
pub(crate) fn entries(t: &Term) -> Option<Vec<(Term, Term)>> {
    match t {
        Term::Map(kvs) => Some(kvs.to_vec()),
        Term::Struct(s) => Some(pairs(map_from(
            std::iter::once((Term::atom("__struct__"), Term::Atom(s.name.clone()))).chain(
                s.fields
                    .iter()
                    .map(|(k, v)| (Term::Atom(k.clone()), v.clone())),
            ),
        ))),
        _ => None,
    }
}

/// `kvs` (any order) as a struct when its keys are exactly those of one of `from` with
/// its `__struct__`, else as a canonical map.
fn rebuild(kvs: Vec<(Term, Term)>, from: &[&Term]) -> Term {
    let name = kvs.iter().find_map(|(k, v)| match (k, v) {
        (Term::Atom(k), Term::Atom(n)) if k.as_str() == "__struct__" => Some(n.clone()),
        _ => None,
    });
    let template = name.as_ref().and_then(|name| {
        from.iter().find_map(|t| match t {
            Term::Struct(s) if s.name == *name && s.fields.len() + 1 == kvs.len() => {
                Some(&s.fields)
            }
            _ => None,
        })
    });
    if let (Some(name), Some(fields)) = (name, template) {
        let value = |f: &Atom| {
            kvs.iter()
                .find(|(k, _)| matches!(k, Term::Atom(a) if a == f))
                .map(|(_, v)| v.clone())
        };
        let rebuilt: Option<Vec<(Atom, Term)>> = fields
            .iter()
            .map(|(f, _)| value(f).map(|v| (f.clone(), v)))
            .collect();
        if let Some(fields) = rebuilt {
            return Term::new_struct(name, fields);
        }
    }
    map_from(kvs)
}

/// The entries of a map built by [`map_from`].
fn pairs(m: Term) -> Vec<(Term, Term)> {
    match m {
        Term::Map(kvs) => kvs.to_vec(),
        _ => Vec::new(),
    }
}

/// `map_size/1` (a struct counts its `__struct__`).
pub(crate) fn size(m: &Term) -> R<usize> {
    match m {
        Term::Map(kvs) => Ok(kvs.len()),
        Term::Struct(s) => Ok(s.fields.len() + 1),
        other => Err(badmap(other)),
    }
}

/// The value at `k`, `Ok(None)` if absent, `{:badmap, m}` if `m` is not a map.
pub(crate) fn lookup(m: &Term, k: &Term) -> R<Option<Term>> {
    match m {
        Term::Map(kvs) => Ok(kvs.get(k).cloned()),
        Term::Struct(s) => Ok(match k {
            Term::Atom(a) if a.as_str() == "__struct__" => Some(Term::Atom(s.name.clone())),
            Term::Atom(a) => s
                .fields
                .iter()
                .find(|(f, _)| f == a)
                .map(|(_, v)| v.clone()),
            _ => None,
        }),
        other => Err(badmap(other)),
    }
}

/// `Map.put/3`.
pub(crate) fn put(m: &Term, k: Term, v: Term) -> R<Term> {
    match m {
        Term::Map(kvs) => Ok(Term::Map(kvs.insert(k, v))),
        Term::Struct(s) => {
            if let Term::Atom(a) = &k {
                if let Some(i) = s.fields.iter().position(|(f, _)| f == a) {
                    let mut fields = s.fields.clone();
                    if let Some(entry) = fields.get_mut(i) {
                        entry.1 = v;
                    }
                    return Ok(Term::new_struct(s.name.clone(), fields));
                }
            }
            let mut kvs = entries(m).unwrap_or_default();
            kvs.retain(|(x, _)| !equal(x, &k));
            kvs.push((k, v));
            Ok(rebuild(kvs, &[m]))
        }
        other => Err(badmap(other)),
    }
}

/// `Map.delete/2`.
pub(crate) fn delete(m: &Term, k: &Term) -> R<Term> {
    if let Term::Map(kvs) = m {
        return Ok(Term::Map(kvs.remove(k)));
    }
    let mut kvs = entries(m).ok_or_else(|| badmap(m))?;
    kvs.retain(|(x, _)| !equal(x, k));
    Ok(rebuild(kvs, &[m]))
}

/// `Map.merge/2`: `b`'s values win.
pub(crate) fn merge(a: &Term, b: &Term) -> R<Term> {
    // Two maps: the smaller one's entries put into the larger one (a merge into a large
    // map costs the small one's size, times log n).
    if let (Term::Map(x), Term::Map(y)) = (a, b) {
        let merged = if y.len() <= x.len() {
            (y.iter()).fold(x.clone(), |m, (k, v)| m.insert(k.clone(), v.clone()))
        } else {
            (x.iter())
                .filter(|(k, _)| y.get(k).is_none())
                .fold(y.clone(), |m, (k, v)| m.insert(k.clone(), v.clone()))
        };
        return Ok(Term::Map(merged));
    }
    let left = entries(a).ok_or_else(|| badmap(a))?;
    let right = entries(b).ok_or_else(|| badmap(b))?;
    // `map_from` keeps the last of equal keys: the right side's.
    let kvs = pairs(map_from(left.into_iter().chain(right)));
    Ok(rebuild(kvs, &[a, b]))
}

/// `:maps.from_list/1`: every element a 2-tuple, else `:badarg`; the last of equal keys wins.
pub(crate) fn from_list<'a>(items: impl IntoIterator<Item = &'a Term>) -> R<Term> {
    let pairs: Option<Vec<(Term, Term)>> = items
        .into_iter()
        .map(|t| match t.as_tuple() {
            Some([k, v]) => Some((k.clone(), v.clone())),
            _ => None,
        })
        .collect();
    pairs.map(map_from).ok_or_else(badarg)
}

fn with_map<T>(m: &Term, f: impl FnOnce(Vec<(Term, Term)>) -> T) -> R<T> {
    entries(m).map(f).ok_or_else(|| badmap(m))
}

/// `Map.get/2,3`.
pub(crate) fn get(args: &[Term]) -> R<Term> {
    let (m, k, default) = match args {
        [m, k] => (m, k, Term::nil()),
        [m, k, d] => (m, k, d.clone()),
        _ => return Err(super::errors::undef()),
    };
    Ok(lookup(m, k)?.unwrap_or(default))
}

/// `Map.put/3`.
pub(crate) fn put_3(args: &[Term]) -> R<Term> {
    args!(args => [m, k, v]);
    put(m, k.clone(), v.clone())
}

/// `Map.fetch/2`: `{:ok, v}` or `:error`.
pub(crate) fn fetch(args: &[Term]) -> R<Term> {
    args!(args => [m, k]);
    Ok(match lookup(m, k)? {
        Some(v) => Term::tuple([Term::atom("ok"), v]),
        None => Term::atom("error"),
    })
}

/// `Map.fetch!/2`: `{:badkey, k}` (raw, from `:maps.get/2`) when absent.
pub(crate) fn fetch_bang(args: &[Term]) -> R<Term> {
    args!(args => [m, k]);
    lookup(m, k)?.ok_or_else(|| badkey(k))
}

/// `Map.keys/1`.
pub(crate) fn keys(args: &[Term]) -> R<Term> {
    args!(args => [m]);
    with_map(m, |kvs| {
        Term::List(kvs.into_iter().map(|(k, _)| k).collect())
    })
}

/// `Map.values/1`.
pub(crate) fn values(args: &[Term]) -> R<Term> {
    args!(args => [m]);
    with_map(m, |kvs| {
        Term::List(kvs.into_iter().map(|(_, v)| v).collect())
    })
}

/// `Map.to_list/1`.
pub(crate) fn to_list(args: &[Term]) -> R<Term> {
    args!(args => [m]);
    with_map(m, |kvs| {
        Term::List(kvs.into_iter().map(|(k, v)| Term::tuple([k, v])).collect())
    })
}

/// `Map.has_key?/2`.
pub(crate) fn has_key(args: &[Term]) -> R<Term> {
    args!(args => [m, k]);
    Ok(Term::bool(lookup(m, k)?.is_some()))
}

/// `Map.new/0,1`: a plain map is returned as it is; anything else is enumerated and must
/// give 2-tuples (`:badarg`).
pub(crate) fn new(args: &[Term]) -> R<Term> {
    match args {
        [] => Ok(map_from([])),
        [m @ Term::Map(_)] => Ok(m.clone()),
        [e] => from_list(&super::enumerable::enumerate(e)?),
        _ => Err(super::errors::undef()),
    }
}

/// `Map.merge/2`.
pub(crate) fn merge_2(args: &[Term]) -> R<Term> {
    args!(args => [a, b]);
    merge(a, b)
}

/// `Map.delete/2`.
pub(crate) fn delete_2(args: &[Term]) -> R<Term> {
    args!(args => [m, k]);
    delete(m, k)
}

/// `kvs` with unique keys, the last of equal ones kept, in key order.
fn map_pairs(kvs: Vec<(Term, Term)>) -> Vec<(Term, Term)> {
    pairs(map_from(kvs))
}

/// Entries of a map or struct, back as a map, or as the struct of `from` they make up
/// (what `Map.filter/2` of a struct returns).
pub(crate) fn from_entries(kvs: Vec<(Term, Term)>, from: &Term) -> Term {
    rebuild(map_pairs(kvs), &[from])
}

/// `Map.pop/2,3`: `{value, map without key}`, `{default, map}` when absent.
/// `Map.replace!/3`: `:maps.update/3`, so `{:badkey, k}` for a missing key (a `KeyError`
/// naming the map once rescued) and `{:badmap, m}` for a non-map.
pub(crate) fn replace_bang(args: &[Term]) -> R<Term> {
    args!(args => [m, k, v]);
    if lookup(m, k)?.is_none() {
        return Err(badkey(k));
    }
    put(m, k.clone(), v.clone())
}

pub(crate) fn pop(args: &[Term]) -> R<Term> {
    let (m, k, default) = match args {
        [m, k] => (m, k, Term::nil()),
        [m, k, d] => (m, k, d.clone()),
        _ => return Err(super::errors::undef()),
    };
    Ok(match lookup(m, k)? {
        Some(v) => Term::tuple([v, delete(m, k)?]),
        None => Term::tuple([default, m.clone()]),
    })
}

/// The keys of `Map.take/2` or `Map.drop/2` (1.14): a list, walked to its end (an
/// improper one is a `:function_clause` there); any other enumerable is listed first (with
/// a deprecation warning on the VM's stderr). The map is checked first: `{:badmap, m}`.
fn key_list(m: &Term, keys: &Term) -> R<Vec<Term>> {
    if !matches!(m, Term::Map(_) | Term::Struct(..)) {
        return Err(badmap(m));
    }
    match keys {
        Term::List(ks) => Ok(ks.to_vec()),
        _ => super::enumerable::enumerate(keys),
    }
}

/// `Map.take/2`: a plain map of the keys present (a struct's `__struct__` only if asked).
pub(crate) fn take(args: &[Term]) -> R<Term> {
    args!(args => [m, keys]);
    let mut out = Vec::new();
    for k in key_list(m, keys)? {
        if let Some(v) = lookup(m, &k)? {
            out.push((k, v));
        }
    }
    Ok(rebuild(map_pairs(out), &[m]))
}

/// `Map.drop/2`: each key deleted in turn.
pub(crate) fn drop(args: &[Term]) -> R<Term> {
    args!(args => [m, keys]);
    key_list(m, keys)?
        .iter()
        .try_fold(m.clone(), |acc, k| delete(&acc, k))
}
