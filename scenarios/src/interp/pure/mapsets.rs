//! `MapSet` (Elixir 1.14): a set is the struct `%MapSet{map: %{x => []}, version: 2}`, as
//! on the VM, so that `==`, pattern matching, `Map.from_struct/1` and the term order see
//! what they see there. Its elements are the inner map's keys, in the map's order (key
//! order: the VM's for up to 32 elements, see `maps.rs`). It is `Enumerable` and
//! `Collectable` (`enumerable.rs`, `Enum.into/2`) and inspects as `MapSet.new([...])`.
//!
//! Each function's clause takes `%MapSet{map: map}`: anything else is a
//! `FunctionClauseError` in that function (the interpreter names it: `machine.rs`,
//! `normalize_from`); a `%MapSet{}` whose `map` is no map fails as `:maps` does, with
//! `{:badmap, x}`. The functions that take a function (`new/2`, `filter/2`, `reject/2`)
//! are the interpreter's (`lib/enums.rs`).

use super::errors::{R, badmap, function_clause};
use super::{args, enumerable};
use sim::{Map, Term};

/// The elements of set `t`: `Err(:function_clause)` if it is no `%MapSet{}`,
/// `Err({:badmap, x})` if its `map` is none.
pub(crate) fn elements(t: &Term) -> R<&Map> {
    match t {
        Term::Struct(s) if s.name.as_str() == "Elixir.MapSet" => match t.field("map") {
            Some(Term::Map(m)) => Ok(m),
            Some(other) => Err(badmap(other)),
            None => Err(function_clause()),
        },
        _ => Err(function_clause()),
    }
}

/// The set of the elements of `m` (its keys).
pub(crate) fn of_map(m: Map) -> Term {
    Term::struct_(
        "MapSet",
        vec![("map", Term::Map(m)), ("version", Term::Int(2))],
    )
}

/// `set` with `m` for its map, its other fields as they were (1.14's `%{set | map: m}`).
pub(super) fn with_map(set: &Term, m: Map) -> Term {
    match set {
        Term::Struct(s) => {
            let fields = (s.fields.iter())
                .map(|(k, v)| match k.as_str() {
                    "map" => (k.clone(), Term::Map(m.clone())),
                    _ => (k.clone(), v.clone()),
                })
                .collect();
            Term::new_struct(s.name.clone(), fields)
        }
        _ => of_map(m),
    }
}

/// The set of `xs` (duplicates once).
pub(crate) fn of(xs: impl IntoIterator<Item = Term>) -> Term {
    of_map(
        xs.into_iter()
            .map(|x| (x, Term::list(Vec::new())))
            .collect(),
    )
}

/// `MapSet.new/0,1`: a set is returned as it is; any other enumerable is listed
/// (`Protocol.UndefinedError` for a non-enumerable).
pub(crate) fn new(args: &[Term]) -> R<Term> {
    match args {
        [] => Ok(of([])),
        // (A set is returned as it is, whatever its map holds.)
        [t] if is_set(t) => Ok(t.clone()),
        [t] => Ok(of(enumerable::enumerate(t)?)),
        _ => Err(function_clause()),
    }
}

pub(crate) fn put(args: &[Term]) -> R<Term> {
    args!(args => [s, x]);
    Ok(with_map(
        s,
        elements(s)?.insert(x.clone(), Term::list(Vec::new())),
    ))
}

pub(crate) fn delete(args: &[Term]) -> R<Term> {
    args!(args => [s, x]);
    Ok(with_map(s, elements(s)?.remove(x)))
}

pub(crate) fn member(args: &[Term]) -> R<Term> {
    args!(args => [s, x]);
    Ok(Term::bool(elements(s)?.get(x).is_some()))
}

pub(crate) fn size(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    Ok(Term::Int(elements(s)?.len() as i64))
}

pub(crate) fn to_list(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    Ok(Term::list(keys(elements(s)?)))
}

/// The two sets of a function of two (both must be sets: the first checked first).
fn two(args: &[Term]) -> R<(&Map, &Map)> {
    args!(args => [a, b]);
    // Both clauses' patterns are checked before either map is touched.
    if !is_set(a) || !is_set(b) {
        return Err(function_clause());
    }
    Ok((elements(a)?, elements(b)?))
}

pub(super) fn is_set(t: &Term) -> bool {
    matches!(t, Term::Struct(s) if s.name.as_str() == "Elixir.MapSet" && t.field("map").is_some())
}

pub(super) fn keys(m: &Map) -> Vec<Term> {
    m.iter().map(|(k, _)| k.clone()).collect()
}

pub(crate) fn union(args: &[Term]) -> R<Term> {
    let (a, b) = two(args)?;
    // The larger one, with the other's elements put in (its fields kept).
    let (big, small, kept) = if a.len() >= b.len() {
        (a, b, &args[0])
    } else {
        (b, a, &args[1])
    };
    let mut m = big.clone();
    for (x, _) in small.iter() {
        m = m.insert(x.clone(), Term::list(Vec::new()));
    }
    Ok(with_map(kept, m))
}

pub(crate) fn intersection(args: &[Term]) -> R<Term> {
    let (a, b) = two(args)?;
    let (big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    Ok(of(keys(small).into_iter().filter(|x| big.get(x).is_some())))
}

pub(crate) fn difference(args: &[Term]) -> R<Term> {
    let (a, b) = two(args)?;
    // As 1.14: the second's elements taken out of the first when the first is at least
    // twice as large (a persistent map: what changes is copied, not the rest), else
    // the first's elements that the second lacks.
    if a.len() >= 2 * b.len() {
        let m = b.iter().fold(a.clone(), |m, (x, _)| m.remove(x));
        return Ok(with_map(&args[0], m));
    }
    Ok(of(keys(a).into_iter().filter(|x| b.get(x).is_none())))
}

pub(crate) fn symmetric_difference(args: &[Term]) -> R<Term> {
    let (a, b) = two(args)?;
    let only = |m: &Map, other: &Map| {
        keys(m)
            .into_iter()
            .filter(|x| other.get(x).is_none())
            .collect::<Vec<_>>()
    };
    Ok(of(only(a, b).into_iter().chain(only(b, a))))
}

pub(crate) fn subset(args: &[Term]) -> R<Term> {
    let (a, b) = two(args)?;
    Ok(Term::bool(
        a.len() <= b.len() && a.iter().all(|(x, _)| b.get(x).is_some()),
    ))
}

pub(crate) fn disjoint(args: &[Term]) -> R<Term> {
    let (a, b) = two(args)?;
    let (big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    Ok(Term::bool(small.iter().all(|(x, _)| big.get(x).is_none())))
}

/// 1.14: two sets of one version are equal when their maps are (`===`, whatever they
/// hold); of two versions, when they have the same elements.
pub(crate) fn equal(args: &[Term]) -> R<Term> {
    args!(args => [a, b]);
    if !is_set(a) || !is_set(b) {
        return Err(function_clause());
    }
    if a.field("version") == b.field("version") {
        return Ok(Term::bool(a.field("map") == b.field("map")));
    }
    let (a, b) = two(args)?;
    Ok(Term::bool(
        a.len() == b.len() && a.iter().all(|(x, _)| b.get(x).is_some()),
    ))
}
