//! `Enum` functions without a function argument that take part of an enumerable or
//! combine several: `take drop at slice chunk_every concat into zip unzip with_index`. Ranges are sliced,
//! not listed, so `Enum.take(1..1_000_000_000_000, 3)` works.

use super::args;
use super::enumerable::{Source, source};
use super::errors::{R, check_bytes, check_elements, function_clause};
use super::errors::{not_collectable, overflow, undef};
use super::maps::{from_list, merge};
use sim::Term;

/// The integer amount or index of `take`/`drop`/`at` (`:function_clause` otherwise, before
/// the enumerable is looked at).
fn amount(n: &Term) -> R<i128> {
    n.as_int().map(i128::from).ok_or_else(function_clause)
}

/// `Enum.take/2`: a negative amount takes from the end; `take(x, 0)` is `[]` for any `x`.
pub(crate) fn take(args: &[Term]) -> R<Term> {
    args!(args => [e, n]);
    let n = amount(n)?;
    if n == 0 {
        return Ok(Term::empty_list());
    }
    let s = source(e)?;
    let items = if n > 0 {
        s.slice(0, n)?
    } else {
        s.slice(s.size()? + n, -n)?
    };
    Ok(Term::list(items))
}

/// `Enum.drop/2`: a negative amount drops from the end.
pub(crate) fn drop(args: &[Term]) -> R<Term> {
    args!(args => [e, n]);
    let n = amount(n)?;
    let s = source(e)?;
    let items = if n >= 0 {
        s.slice(n, i128::MAX)?
    } else {
        s.slice(0, s.size()? + n)?
    };
    Ok(Term::list(items))
}

/// `Enum.at/2,3`: a negative index counts from the end; `default` (nil) when out of range.
pub(crate) fn at(args: &[Term]) -> R<Term> {
    let (e, i, default) = match args {
        [e, i] => (e, i, Term::nil()),
        [e, i, d] => (e, i, d.clone()),
        _ => return Err(undef()),
    };
    let i = amount(i)?;
    let s = source(e)?;
    let index = if i >= 0 { i } else { s.size()? + i };
    Ok(s.nth(index)?.unwrap_or(default))
}

/// Every element of every enumerable of `outer` (itself enumerable), in order.
fn flatten_enums(outer: &[Term]) -> R<Vec<Term>> {
    let mut out = Vec::new();
    for e in outer {
        out.extend(source(e)?.to_vec()?);
        check_elements(out.len())?;
    }
    Ok(out)
}

/// `Enum.concat/1,2`: each argument, and each element of `concat/1`'s, enumerable.
pub(crate) fn concat(args: &[Term]) -> R<Term> {
    let items = match args {
        [outer] => flatten_enums(&source(outer)?.to_vec()?)?,
        [a, b] => flatten_enums(&[a.clone(), b.clone()])?,
        _ => return Err(undef()),
    };
    Ok(Term::list(items))
}

/// `Enum.into/2` into a list, a map, a binary or a `MapSet`, following 1.14's clauses: `[]` lists;
/// an empty map takes a map as it is and a list through `:maps.from_list/1` (`:badarg`
/// for an element that is not a pair); a struct on either side, a non-empty list or a
/// binary go through `Collectable`, whose map callback raises `:function_clause` for a
/// non-pair and whose binary one for a non-binary; anything else is not `Collectable`.
pub(crate) fn into(args: &[Term]) -> R<Term> {
    args!(args => [e, c]);
    match (e, c) {
        (_, Term::List(l)) if l.is_empty() => Ok(Term::list(source(e)?.to_vec()?)),
        (_, Term::Struct(s)) if s.name.as_str() == "Elixir.MapSet" => {
            // `Collectable` for a `MapSet` puts each element into its map.
            let items = source(e)?.to_vec()?;
            let mut m = super::mapsets::elements(c)?.clone();
            for x in items {
                m = m.insert(x, Term::list(Vec::new()));
            }
            Ok(super::mapsets::with_map(c, m))
        }
        (_, Term::Struct(..)) => Err(not_collectable(c)),
        (Term::Struct(..), _) => collect(e, c),
        (Term::Map(_), Term::Map(_)) => merge(c, e),
        (Term::List(items), Term::Map(_)) => merge(c, &from_list(items)?),
        (_, Term::Map(kvs)) if kvs.is_empty() => from_list(&source(e)?.to_vec()?),
        _ => collect(e, c),
    }
}

/// `Collectable.into(c)` then a reduce over `e`.
fn collect(e: &Term, c: &Term) -> R<Term> {
    match c {
        Term::List(head) => {
            let items = source(e)?.to_vec()?;
            check_elements(head.len() + items.len())?;
            Ok(Term::List(head.iter().cloned().chain(items).collect()))
        }
        Term::Map(_) => {
            let mut acc = c.clone();
            for t in source(e)?.to_vec()? {
                match t.as_tuple() {
                    Some([k, v]) => acc = super::maps::put(&acc, k.clone(), v.clone())?,
                    _ => return Err(function_clause()),
                }
            }
            Ok(acc)
        }
        Term::Str(prefix) => {
            let mut out = prefix.to_string();
            for t in source(e)?.to_vec()? {
                let Term::Str(s) = t else {
                    return Err(function_clause());
                };
                out.push_str(&s);
                check_bytes(out.len())?;
            }
            Ok(Term::Str(out.into()))
        }
        _ => Err(not_collectable(c)),
    }
}

/// `Enum.zip/1,2`: tuples of the n-th elements, as many as the shortest has. Every
/// argument must be enumerable, even past an empty one.
pub(crate) fn zip(args: &[Term]) -> R<Term> {
    let enums = match args {
        [outer] => source(outer)?.to_vec()?,
        [a, b] => vec![a.clone(), b.clone()],
        _ => return Err(undef()),
    };
    if enums.is_empty() {
        return Ok(Term::empty_list());
    }
    let sources = enums.iter().map(source).collect::<R<Vec<_>>>()?;
    // Zipping walks the enumerables: a broken range is just empty.
    let sizes = sources.iter().map(|s| match s {
        Source::Broken { .. } => Ok(0),
        s => s.size(),
    });
    let n = sizes.collect::<R<Vec<_>>>()?.into_iter().min().unwrap_or(0);
    let columns = sources
        .iter()
        .map(|s| s.slice(0, n))
        .collect::<R<Vec<_>>>()?;
    let rows = (0..n as usize)
        .map(|i| {
            Term::tuple(
                columns
                    .iter()
                    .filter_map(|c| c.get(i).cloned())
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    Ok(Term::List(rows))
}

/// `Enum.unzip/1`: every element a 2-tuple (`:function_clause`).
pub(crate) fn unzip(args: &[Term]) -> R<Term> {
    args!(args => [e]);
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for t in source(e)?.to_vec()? {
        match t.as_tuple() {
            Some([a, b]) => {
                left.push(a.clone());
                right.push(b.clone());
            }
            _ => return Err(function_clause()),
        }
    }
    Ok(Term::tuple([Term::list(left), Term::list(right)]))
}

/// `Enum.with_index/1,2` with an integer offset: `{element, offset + i}` tuples. (The
/// dispatcher leaves a function argument to the interpreter.)
pub(crate) fn with_index(args: &[Term]) -> R<Term> {
    let (e, offset) = match args {
        [e] => (e, 0),
        [e, Term::Int(o)] => (e, *o),
        [_, _] => return Err(function_clause()),
        _ => return Err(undef()),
    };
    let items = source(e)?.to_vec()?;
    let indexed = items
        .into_iter()
        .zip(0i64..)
        .map(|(t, i)| {
            let index = offset.checked_add(i).ok_or_else(overflow)?;
            Ok(Term::tuple([t, Term::Int(index)]))
        })
        .collect::<R<Vec<_>>>()?;
    Ok(Term::list(indexed))
}

/// `Enum.slice/2,3` (1.14). `slice(e, start, amount)`: a negative start counts from the
/// end and is clamped to the first element; an amount of 0 is `[]` for anything, even a
/// non-enumerable; a negative amount or a non-integer is a `:function_clause`.
/// `slice(e, first..last//step)`: negative ends count from the end (a first before the
/// start clamped to it), every `step`th element of what lies between; a decreasing range
/// with the step 1.14 still infers (-1) is read with step 1.
pub(crate) fn slice(args: &[Term]) -> R<Term> {
    let (e, first, amount, step) = match args {
        [e, Term::Int(start), Term::Int(0)] => {
            let _ = (e, start);
            return Ok(Term::empty_list());
        }
        [e, Term::Int(start), Term::Int(n)] if *n > 0 => {
            let s = source(e)?;
            // (A range with step 0 cannot be sliced: its size is a division by zero.)
            s.size()?;
            let first = if *start >= 0 {
                *start as i128
            } else {
                (s.size()? + *start as i128).max(0)
            };
            return Ok(Term::list(s.slice(first, *n as i128)?));
        }
        [e, range] => match super::enumerable::range_bounds(range) {
            Some((first, last, step)) => {
                let step = if step == -1 && first > last { 1 } else { step };
                if step <= 0 {
                    return Err(super::errors::argument_error(&format!(
                        "Enum.slice/2 does not accept ranges with negative steps, got: {range}"
                    )));
                }
                let s = source(e)?;
                let size = s.size()?;
                let (first, last) = (first as i128, last as i128);
                let first = if first >= 0 {
                    first
                } else {
                    (first + size).max(0)
                };
                let last = if last >= 0 { last } else { last + size };
                (s, first, last - first + 1, step as i128)
            }
            None => return Err(function_clause()),
        },
        [_, _, _] => return Err(function_clause()),
        _ => return Err(undef()),
    };
    if amount <= 0 {
        return Ok(Term::empty_list());
    }
    let items = e.slice(first, amount)?;
    Ok(Term::List(
        items.into_iter().step_by(step as usize).collect(),
    ))
}

/// `Enum.chunk_every/2,3,4` (1.14's reducer): chunks of `count`, each starting `step`
/// after the last; a last chunk shorter than `count` is dropped for `:discard`, else
/// filled from `leftover` (an enumerable, listed only then). A count or step that is not
/// a positive integer is a `:function_clause`, before the enumerable is looked at.
pub(crate) fn chunk_every(args: &[Term]) -> R<Term> {
    let (e, count, step, leftover) = match args {
        [e, c] => (e, c, c, None),
        [e, c, s] => (e, c, s, None),
        [e, c, s, l] => (e, c, s, Some(l)),
        _ => return Err(undef()),
    };
    let (Term::Int(count), Term::Int(step)) = (count, step) else {
        return Err(function_clause());
    };
    if *count <= 0 || *step <= 0 {
        return Err(function_clause());
    }
    let (count, step) = (*count as usize, *step as usize);
    let items = source(e)?.to_vec()?;
    let limit = count.max(step);
    let mut chunks = Vec::new();
    let mut buffer: std::collections::VecDeque<Term> = std::collections::VecDeque::new();
    for x in items {
        buffer.push_back(x);
        if buffer.len() == count {
            chunks.push(Term::list(buffer.iter().cloned().collect::<Vec<_>>()));
        }
        if buffer.len() >= limit {
            // What stays: the last `len - step` elements.
            let remaining = buffer.len() - step;
            buffer.drain(..buffer.len() - remaining);
        }
    }
    let discard = leftover.is_some_and(|l| l.is_atom("discard"));
    if !discard && !buffer.is_empty() && buffer.len() < count {
        let mut last: Vec<Term> = buffer.into_iter().collect();
        let fill = match leftover {
            Some(l) => source(l)?.slice(0, (count - last.len()) as i128)?,
            None => Vec::new(),
        };
        last.extend(fill);
        chunks.push(Term::list(last));
    }
    Ok(Term::list(chunks))
}
