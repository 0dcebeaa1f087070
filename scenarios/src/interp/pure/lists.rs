//! `List` functions without a function argument, and `Keyword`. Their guards raise a raw
//! `:function_clause`; the `:lists` BIFs under them a raw `:badarg`.

use super::args;
use super::errors::undef;
use super::errors::{R, argument_error, badarg, case_clause, check_elements, function_clause};
use super::order::equal;
use sim::{List, Term};

/// The largest integer the BEAM keeps unboxed (2^59 - 1): `:lists.keyfind/3` takes no
/// larger position.
const MAX_SMALL: i128 = (1 << 59) - 1;

pub(super) fn list(t: &Term) -> R<&List> {
    match t {
        Term::List(items) => Ok(items),
        _ => Err(function_clause()),
    }
}

/// `List.first/1,2`.
pub(crate) fn first(args: &[Term]) -> R<Term> {
    let (l, default) = match args {
        [l] => (l, Term::nil()),
        [l, d] => (l, d.clone()),
        _ => return Err(undef()),
    };
    Ok(list(l)?.first().cloned().unwrap_or(default))
}

/// `List.last/1,2`. `List.last/1` on a non-list raises `{:case_clause, {l, nil}}`, not
/// `:function_clause`: the compiler inlined `last/2` into it as a `case` (probe).
pub(crate) fn last(args: &[Term]) -> R<Term> {
    match args {
        [Term::List(items)] => Ok(items.last().cloned().unwrap_or_else(Term::nil)),
        [l] => Err(case_clause(Term::tuple([l.clone(), Term::nil()]))),
        [l, d] => Ok(list(l)?.last().cloned().unwrap_or_else(|| d.clone())),
        _ => Err(undef()),
    }
}

/// `List.duplicate/2`: refused above a million elements (see [`super::MAX_ELEMENTS`]).
pub(crate) fn duplicate(args: &[Term]) -> R<Term> {
    args!(args => [x, n]);
    let n = match n {
        Term::Int(n) if *n >= 0 => usize::try_from(*n).unwrap_or(usize::MAX),
        _ => return Err(function_clause()),
    };
    check_elements(n)?;
    Ok(Term::list(vec![x.clone(); n]))
}

/// `List.flatten/1`.
pub(crate) fn flatten(args: &[Term]) -> R<Term> {
    args!(args => [l]);
    let mut out = Vec::new();
    let mut stack = vec![list(l)?.iter()];
    while let Some(top) = stack.last_mut() {
        match top.next() {
            Some(Term::List(inner)) => stack.push(inner.iter()),
            Some(t) => out.push(t.clone()),
            None => {
                stack.pop();
            }
        }
    }
    Ok(Term::list(out))
}

/// `List.delete/2`: the first element equal to `x` goes.
pub(crate) fn delete(args: &[Term]) -> R<Term> {
    args!(args => [l, x]);
    let mut items = list(l)?.to_vec();
    if let Some(i) = items.iter().position(|t| equal(t, x)) {
        items.remove(i);
    }
    Ok(Term::list(items))
}

/// `List.wrap/1`.
pub(crate) fn wrap(args: &[Term]) -> R<Term> {
    args!(args => [t]);
    Ok(match t {
        Term::List(_) => t.clone(),
        t if t.is_atom("nil") => Term::empty_list(),
        t => Term::list([t.clone()]),
    })
}

/// `:lists.keyfind(key, n, list)` (1-based `n`): the first tuple of at least `n` elements
/// whose n-th equals `key`; other elements are skipped.
fn keyfind<'a>(items: &'a List, key: &Term, n: usize) -> Option<&'a Term> {
    items.iter().find(
        |t| matches!(t, Term::Tuple(e) if n >= 1 && e.get(n - 1).is_some_and(|x| equal(x, key))),
    )
}

/// `List.keyfind/3,4` (0-based position): a position that is not an integer is a
/// `:function_clause`; one below 0 or past a small integer, or a non-list, `:badarg`.
pub(crate) fn list_keyfind(args: &[Term]) -> R<Term> {
    let (l, key, pos, default) = match args {
        [l, k, p] => (l, k, p, Term::nil()),
        [l, k, p, d] => (l, k, p, d.clone()),
        _ => return Err(undef()),
    };
    let Term::Int(pos) = pos else {
        return Err(function_clause());
    };
    let n = i128::from(*pos) + 1;
    let Term::List(items) = l else {
        return Err(badarg());
    };
    if !(1..=MAX_SMALL).contains(&n) {
        return Err(badarg());
    }
    let n = usize::try_from(n).map_err(|_| badarg())?;
    Ok(keyfind(items, key, n).cloned().unwrap_or(default))
}

/// A keyword list and an atom key (`:function_clause` otherwise).
fn keyword_args<'a>(kw: &'a Term, key: &Term) -> R<&'a List> {
    match (kw, key) {
        (Term::List(items), Term::Atom(_)) => Ok(items),
        _ => Err(function_clause()),
    }
}

/// The value of the first `{key, _}`: `Some(None)` if absent; a tuple of another size found
/// first raises `{:case_clause, tuple}` (`Keyword.get/3` matches `:lists.keyfind/3`'s
/// result against `{key, value}`).
fn keyword_lookup(items: &List, key: &Term) -> R<Option<Term>> {
    match keyfind(items, key, 1) {
        None => Ok(None),
        Some(Term::Tuple(e)) if e.len() == 2 => Ok(e.get(1).cloned()),
        Some(other) => Err(case_clause(other.clone())),
    }
}

/// `Keyword.get/2,3`: the first value.
pub(crate) fn keyword_get(args: &[Term]) -> R<Term> {
    let (kw, key, default) = match args {
        [kw, k] => (kw, k, Term::nil()),
        [kw, k, d] => (kw, k, d.clone()),
        _ => return Err(undef()),
    };
    Ok(keyword_lookup(keyword_args(kw, key)?, key)?.unwrap_or(default))
}

/// `Keyword.fetch/2`: `{:ok, v}` or `:error`.
pub(crate) fn keyword_fetch(args: &[Term]) -> R<Term> {
    args!(args => [kw, key]);
    Ok(match keyword_lookup(keyword_args(kw, key)?, key)? {
        Some(v) => Term::tuple([Term::atom("ok"), v]),
        None => Term::atom("error"),
    })
}

/// `Keyword.has_key?/2` (any tuple starting with the key counts).
pub(crate) fn keyword_has_key(args: &[Term]) -> R<Term> {
    args!(args => [kw, key]);
    Ok(Term::bool(
        keyfind(keyword_args(kw, key)?, key, 1).is_some(),
    ))
}

/// `Keyword.delete/2` on checked arguments: every `{key, _}` goes. When the key is there,
/// every element must be a pair (`:function_clause`); otherwise the list is returned as is.
fn delete_key(items: &List, key: &Term) -> R<Vec<Term>> {
    if keyfind(items, key, 1).is_none() {
        return Ok(items.to_vec());
    }
    let mut out = Vec::with_capacity(items.len());
    for t in items {
        match t.as_tuple() {
            Some([k, _]) if equal(k, key) => {}
            Some([_, _]) => out.push(t.clone()),
            _ => return Err(function_clause()),
        }
    }
    Ok(out)
}

/// `Keyword.delete/2`.
pub(crate) fn keyword_delete(args: &[Term]) -> R<Term> {
    args!(args => [kw, key]);
    Ok(Term::list(delete_key(keyword_args(kw, key)?, key)?))
}

/// `Keyword.put/3`: the new pair first, every other `{key, _}` removed.
pub(crate) fn keyword_put(args: &[Term]) -> R<Term> {
    args!(args => [kw, key, v]);
    let rest = delete_key(keyword_args(kw, key)?, key)?;
    let mut out = Vec::with_capacity(rest.len() + 1);
    out.push(Term::tuple([key.clone(), v.clone()]));
    out.extend(rest);
    Ok(Term::list(out))
}

fn is_pair_with_atom_key(t: &Term) -> bool {
    matches!(t.as_tuple(), Some([Term::Atom(_), _]))
}

/// `Keyword.merge/2`: the pairs of `kw1` whose key `kw2` lacks, then `kw2`. An empty side
/// returns the other unchecked; otherwise `kw2`, then `kw1`, must be keyword lists
/// (`ArgumentError` naming the argument).
pub(crate) fn keyword_merge(args: &[Term]) -> R<Term> {
    args!(args => [kw1, kw2]);
    let (Term::List(a), Term::List(b)) = (kw1, kw2) else {
        return Err(function_clause());
    };
    if b.is_empty() {
        return Ok(kw1.clone());
    }
    if a.is_empty() {
        return Ok(kw2.clone());
    }
    if !b.iter().all(is_pair_with_atom_key) {
        return Err(argument_error(&format!(
            "expected a keyword list as the second argument, got: {kw2}"
        )));
    }
    if !a.iter().all(is_pair_with_atom_key) {
        return Err(argument_error(&format!(
            "expected a keyword list as the first argument, got: {kw1}"
        )));
    }
    let kept = a.iter().filter(|t| match t.as_tuple() {
        Some([k, _]) => keyfind(b, k, 1).is_none(),
        _ => false,
    });
    let out: Vec<Term> = kept.chain(b.iter()).cloned().collect();
    check_elements(out.len())?;
    Ok(Term::list(out))
}

/// `Keyword.fetch!/2`: the first value; `%KeyError{key, term}` when absent (a tuple of
/// another size found first is a `{:case_clause, tuple}`, as in `Keyword.get/3`).
pub(crate) fn keyword_fetch_bang(args: &[Term]) -> R<Term> {
    args!(args => [kw, key]);
    keyword_lookup(keyword_args(kw, key)?, key)?
        .ok_or_else(|| super::errors::error(super::key_error(key.clone(), kw.clone())))
}

/// `Keyword.keys/1`: every key, duplicates kept; an entry that is not `{atom, _}` is an
/// `ArgumentError` naming it.
pub(crate) fn keyword_keys(args: &[Term]) -> R<Term> {
    args!(args => [kw]);
    let Term::List(items) = kw else {
        return Err(function_clause());
    };
    let mut keys = Vec::with_capacity(items.len());
    for t in items.iter() {
        match t.as_tuple() {
            Some([k @ Term::Atom(_), _]) => keys.push(k.clone()),
            _ => {
                return Err(argument_error(&format!(
                    "expected a keyword list, but an entry in the list is not a two-element \
                     tuple with an atom as its first element, got: {t}"
                )));
            }
        }
    }
    Ok(Term::list(keys))
}

/// `Keyword.values/1`: the second element of every pair (whatever its key); anything else
/// in the list is a `:function_clause`.
pub(crate) fn keyword_values(args: &[Term]) -> R<Term> {
    args!(args => [kw]);
    let Term::List(items) = kw else {
        return Err(function_clause());
    };
    let values = items.iter().map(|t| match t.as_tuple() {
        Some([_, v]) => Ok(v.clone()),
        _ => Err(function_clause()),
    });
    Ok(Term::list(values.collect::<R<Vec<Term>>>()?))
}
