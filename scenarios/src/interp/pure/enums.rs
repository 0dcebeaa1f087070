//! `Enum` functions without a function argument that look at a whole enumerable:
//! `reverse count sum max min min_max sort join to_list member? empty? all? any? uniq dedup
//! frequencies`.
//! (`take drop at concat into zip unzip with_index` are in `enum_slices`.)

use super::args;
use super::chars::to_string;
use super::enumerable::{Source, source};
use super::errors::{R, badarith, check_bytes, empty_error, function_clause, overflow, undef};
use super::order::{sort as sort_terms, uniq as uniq_terms};
use super::truthy;
use sim::Term;
use std::cmp::Ordering;

/// `Enum.reverse/1`.
pub(crate) fn reverse(args: &[Term]) -> R<Term> {
    args!(args => [e]);
    let mut items = source(e)?.to_vec()?;
    items.reverse();
    Ok(Term::list(items))
}

/// `Enum.count/1` (a range's size is computed).
pub(crate) fn count(args: &[Term]) -> R<Term> {
    args!(args => [e]);
    Ok(Term::Int(source(e)?.count()?))
}

/// `Enum.sum/1`: `:badarith` at the first element that is not an integer (a map's are
/// tuples); a range's sum is computed.
pub(crate) fn sum(args: &[Term]) -> R<Term> {
    args!(args => [e]);
    match source(e)? {
        Source::Range(r) => {
            // `Range.size(r) * (first + last - rem(last - first, step)) div 2`
            let (first, last, step) = (r.first as i128, r.last as i128, r.step as i128);
            let total = r
                .size()
                .checked_mul(first + last - (last - first) % step)
                .ok_or_else(overflow)?
                / 2;
            i64::try_from(total).map(Term::Int).map_err(|_| overflow())
        }
        Source::Broken { .. } => Err(badarith()),
        s => s.to_vec()?.iter().try_fold(Term::Int(0), |acc, t| {
            super::ops::binop(crate::ir::BinOp::Add, &acc, t)
        }),
    }
}

/// The greatest (`Greater`) or least (`Less`) element in term order, the first of equals;
/// `Enum.EmptyError` when there is none.
fn extreme(e: &Term, want: Ordering) -> R<Term> {
    let items = match source(e)? {
        // A range's extremes are its ends; no need to list it.
        Source::Range(r) => {
            let ends = [r.nth(0), r.nth(r.size() - 1)];
            ends.into_iter().flatten().map(Term::Int).collect()
        }
        s => {
            s.size()?;
            s.to_vec()?
        }
    };
    let mut best: Option<&Term> = None;
    for t in &items {
        if best.is_none_or(|b| t.term_cmp(b) == want) {
            best = Some(t);
        }
    }
    best.cloned().ok_or_else(empty_error)
}

/// `Enum.max/1`.
pub(crate) fn max(args: &[Term]) -> R<Term> {
    args!(args => [e]);
    extreme(e, Ordering::Greater)
}

/// `Enum.min/1`.
pub(crate) fn min(args: &[Term]) -> R<Term> {
    args!(args => [e]);
    extreme(e, Ordering::Less)
}

/// `Enum.sort/1,2` without a function: `:asc`, `:desc`; another atom or `{:asc | :desc,
/// atom}` names a module whose `compare/2` is called (`:undef` here, once two elements
/// are compared); any other sorter is a `:function_clause`, even for an empty list.
/// (The dispatcher leaves a closure sorter to the interpreter.)
pub(crate) fn sort(args: &[Term]) -> R<Term> {
    let (e, descending) = match args {
        [e] => (e, false),
        [e, s] if s.is_atom("asc") => (e, false),
        [e, s] if s.is_atom("desc") => (e, true),
        [e, s] => {
            let module = match s.as_tuple() {
                Some([dir, Term::Atom(_)]) => dir.is_atom("asc") || dir.is_atom("desc"),
                _ => matches!(s, Term::Atom(_)),
            };
            if !module {
                return Err(function_clause());
            }
            let items = source(e)?.to_vec()?;
            return if items.len() < 2 {
                Ok(Term::list(items))
            } else {
                Err(undef())
            };
        }
        _ => return Err(undef()),
    };
    let mut items = source(e)?.to_vec()?;
    if descending {
        // Stable, as `:lists.sort(&>=/2, list)`: equal elements keep their order.
        items.sort_by(|a, b| b.term_cmp(a));
    } else {
        sort_terms(&mut items);
    }
    Ok(Term::list(items))
}

/// `Enum.join/1,2`: the joiner must be a binary (`:function_clause`, checked first); each
/// element goes through `String.Chars`.
pub(crate) fn join(args: &[Term]) -> R<Term> {
    let (e, joiner) = match args {
        [e] => (e, ""),
        [e, Term::Str(j)] => (e, &**j),
        [_, _] => return Err(function_clause()),
        _ => return Err(undef()),
    };
    let mut out = String::new();
    for (i, t) in source(e)?.to_vec()?.iter().enumerate() {
        if i > 0 {
            out.push_str(joiner);
        }
        out.push_str(&to_string(t)?);
        check_bytes(out.len())?;
    }
    Ok(Term::Str(out.into()))
}

/// `Enum.to_list/1`.
pub(crate) fn to_list(args: &[Term]) -> R<Term> {
    args!(args => [e]);
    Ok(Term::list(source(e)?.to_vec()?))
}

/// `Enum.member?/2`.
pub(crate) fn member(args: &[Term]) -> R<Term> {
    args!(args => [e, x]);
    Ok(Term::bool(source(e)?.contains(x)?))
}

/// `Enum.empty?/1`.
pub(crate) fn empty(args: &[Term]) -> R<Term> {
    args!(args => [e]);
    Ok(Term::bool(source(e)?.size()? == 0))
}

/// `Enum.all?/1`: every element truthy (a range's are integers).
pub(crate) fn all(args: &[Term]) -> R<Term> {
    args!(args => [e]);
    Ok(Term::bool(match source(e)? {
        Source::Range(_) | Source::Broken { .. } => true,
        s => s.to_vec()?.iter().all(truthy),
    }))
}

/// `Enum.any?/1`: some element truthy.
pub(crate) fn any(args: &[Term]) -> R<Term> {
    args!(args => [e]);
    Ok(Term::bool(match source(e)? {
        Source::Range(r) => r.size() > 0,
        Source::Broken { .. } => false,
        s => s.to_vec()?.iter().any(truthy),
    }))
}

/// `Enum.uniq/1`: the first of each group of equal elements, in order.
pub(crate) fn uniq(args: &[Term]) -> R<Term> {
    args!(args => [e]);
    Ok(Term::list(uniq_terms(&source(e)?.to_vec()?)))
}

/// `Enum.min_max/1`: `{min, max}`, the first of equals each; `Enum.EmptyError` when empty.
pub(crate) fn min_max(args: &[Term]) -> R<Term> {
    args!(args => [e]);
    Ok(Term::tuple([
        extreme(e, Ordering::Less)?,
        extreme(e, Ordering::Greater)?,
    ]))
}

/// `Enum.dedup/1`: runs of equal elements (`===`: a struct and the map it is are one) kept
/// once.
pub(crate) fn dedup(args: &[Term]) -> R<Term> {
    args!(args => [e]);
    let mut items = source(e)?.to_vec()?;
    items.dedup_by(|b, a| super::order::equal(a, b));
    Ok(Term::list(items))
}

/// `Enum.frequencies/1`: a map from each element to how many times it occurs. The
/// elements are sorted and counted in runs, then the map is built at once (a put per
/// element costs a copy of a map that stays an array, one keyed by closures).
pub(crate) fn frequencies(args: &[Term]) -> R<Term> {
    args!(args => [e]);
    let mut items = source(e)?.to_vec()?;
    items.sort_by(|a, b| a.term_cmp(b));
    let mut counts: Vec<(Term, Term)> = Vec::new();
    for x in items {
        match counts.last_mut() {
            Some((k, Term::Int(n))) if super::order::equal(k, &x) => *n += 1,
            _ => counts.push((x, Term::Int(1))),
        }
    }
    Ok(super::maps::map_from(counts))
}
