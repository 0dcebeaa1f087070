//! `Enumerable`: lists, maps (as `{k, v}` tuples in key order), ranges and `MapSet`s (their
//! elements in key order). Anything else raises `%Protocol.UndefinedError{protocol:
//! Enumerable, ...}`, other structs included. (Functions are enumerable on the BEAM, as streams; the simulator's closures
//! are not.)
//!
//! Ranges are `%Range{first, last, step}` structs. Their size, membership, sum and n-th
//! element are computed, not enumerated, so `Enum.count(1..1_000_000_000_000)` works;
//! listing one of more than [`MAX_ELEMENTS`](super::MAX_ELEMENTS) elements is refused.
//! A range with a step of 0 or a bound that is not an integer (only a struct update can
//! make one) lists as empty; asked its size, the first raises `:badarith` and the second
//! says 0, as on the VM (see [`Source::Broken`]).

use super::errors::{R, badarith, badmap, check_elements, not_enumerable, overflow};
use super::order::equal;
use sim::{List, Term};

/// A range: `first`, `first + step`, ... up to `last` (inclusive).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Range {
    pub first: i64,
    pub last: i64,
    pub step: i64,
}

impl Range {
    /// The struct, fields in `Range`'s order.
    pub(crate) fn to_term(self) -> Term {
        Term::struct_(
            "Range",
            vec![
                ("first", Term::Int(self.first)),
                ("last", Term::Int(self.last)),
                ("step", Term::Int(self.step)),
            ],
        )
    }

    /// How many elements (up to 2^64: an `i128`).
    pub(crate) fn size(self) -> i128 {
        let (first, last, step) = (self.first as i128, self.last as i128, self.step as i128);
        if (step > 0 && first <= last) || (step < 0 && first >= last) {
            (last - first) / step + 1
        } else {
            0
        }
    }

    /// The element at `index` (0-based), if there is one.
    pub(crate) fn nth(self, index: i128) -> Option<i64> {
        if index < 0 || index >= self.size() {
            return None;
        }
        i64::try_from(self.first as i128 + index * self.step as i128).ok()
    }

    /// `Enum.member?/2`: an integer on the range's grid between its bounds.
    pub(crate) fn contains(self, x: &Term) -> bool {
        let Term::Int(x) = *x else { return false };
        if self.step == 0 {
            return false;
        }
        let (first, last, step) = (self.first as i128, self.last as i128, self.step as i128);
        let x = x as i128;
        let between = if step > 0 {
            first <= x && x <= last
        } else {
            last <= x && x <= first
        };
        between && (x - first) % step == 0
    }

    /// Every element; refused above the size bound.
    pub(crate) fn to_vec(self) -> R<Vec<Term>> {
        let n = usize::try_from(self.size()).map_err(|_| overflow())?;
        check_elements(n)?;
        Ok((0..n)
            .filter_map(|i| self.nth(i as i128))
            .map(Term::Int)
            .collect())
    }
}

/// What an enumerable is.
#[derive(Debug)]
pub(crate) enum Source<'a> {
    /// A list.
    List(&'a List),
    /// A map's entries, in key order.
    Map(&'a sim::Map),
    /// A `MapSet`'s elements: its map's keys, in key order.
    Set(&'a sim::Map),
    /// A well-formed range.
    Range(Range),
    /// A `%Range{}` with a step of 0 (`zero_step`) or a bound that is not an integer.
    Broken {
        /// Step 0: its size is a division by zero (`:badarith`), where a non-integer
        /// bound gives size 0.
        zero_step: bool,
    },
}

impl Source<'_> {
    /// How many elements, as `Enumerable.count/1` or `Range.size/1` says (a range can
    /// have 2^64: an `i128`).
    pub(crate) fn size(&self) -> R<i128> {
        match self {
            Source::List(v) => Ok(v.len() as i128),
            Source::Map(kvs) | Source::Set(kvs) => Ok(kvs.len() as i128),
            Source::Range(r) => Ok(r.size()),
            Source::Broken { zero_step: true } => Err(badarith()),
            Source::Broken { zero_step: false } => Ok(0),
        }
    }

    /// `Enum.count/1`: the size, if it fits an `i64`.
    pub(crate) fn count(&self) -> R<i64> {
        i64::try_from(self.size()?).map_err(|_| overflow())
    }

    /// `Enum.member?/2`.
    pub(crate) fn contains(&self, x: &Term) -> R<bool> {
        Ok(match self {
            Source::List(v) => v.iter().any(|t| equal(t, x)),
            Source::Map(kvs) => match x.as_tuple() {
                Some([k, v]) => kvs.get(k).is_some_and(|v2| equal(v, v2)),
                _ => false,
            },
            // The map's own lookup: exact, as `MapSet.member?/2` is.
            Source::Set(m) => m.get(x).is_some(),
            Source::Range(r) => r.contains(x),
            Source::Broken { zero_step } => {
                return if *zero_step {
                    Err(badarith())
                } else {
                    Ok(false)
                };
            }
        })
    }

    /// Every element (a broken range has none when listed).
    pub(crate) fn to_vec(&self) -> R<Vec<Term>> {
        match self {
            Source::List(v) => Ok(v.to_vec()),
            Source::Map(kvs) => Ok(kvs
                .iter()
                .map(|(k, v)| Term::tuple([k.clone(), v.clone()]))
                .collect()),
            Source::Set(m) => Ok(m.iter().map(|(k, _)| k.clone()).collect()),
            Source::Range(r) => r.to_vec(),
            Source::Broken { .. } => Ok(Vec::new()),
        }
    }

    /// The elements at `start..start + len`, clamped to the enumerable, without listing
    /// the others (a broken range has none).
    pub(crate) fn slice(&self, start: i128, len: i128) -> R<Vec<Term>> {
        let clamp = |size: usize| {
            let from = start.clamp(0, size as i128);
            let to = from.saturating_add(len.max(0)).min(size as i128);
            (from as usize, to as usize)
        };
        Ok(match self {
            Source::List(v) => {
                let (from, to) = clamp(v.len());
                v.iter().skip(from).take(to - from).cloned().collect()
            }
            Source::Map(kvs) => {
                let (from, to) = clamp(kvs.len());
                (kvs.iter().skip(from).take(to - from))
                    .map(|(k, v)| Term::tuple([k.clone(), v.clone()]))
                    .collect()
            }
            Source::Set(m) => {
                let (from, to) = clamp(m.len());
                (m.iter().skip(from).take(to - from))
                    .map(|(k, _)| k.clone())
                    .collect()
            }
            Source::Range(r) => {
                let from = start.clamp(0, r.size());
                let to = from.saturating_add(len.max(0)).min(r.size());
                check_elements(usize::try_from(to - from).unwrap_or(usize::MAX))?;
                (from..to).filter_map(|i| r.nth(i)).map(Term::Int).collect()
            }
            Source::Broken { .. } => Vec::new(),
        })
    }

    /// The element at `index` (0-based, non-negative) without listing the others.
    pub(crate) fn nth(&self, index: i128) -> R<Option<Term>> {
        let i = usize::try_from(index).ok();
        Ok(match self {
            Source::List(v) => i.and_then(|i| v.get(i)).cloned(),
            Source::Map(kvs) => i
                .and_then(|i| kvs.iter().nth(i))
                .map(|(k, v)| Term::tuple([k.clone(), v.clone()])),
            Source::Set(m) => i.and_then(|i| m.iter().nth(i)).map(|(k, _)| k.clone()),
            Source::Range(r) => r.nth(index).map(Term::Int),
            Source::Broken { .. } => {
                self.size()?;
                None
            }
        })
    }
}

/// `t` as a range, if it is a `%Range{}`.
fn as_range(t: &Term) -> Option<Source<'static>> {
    let Term::Struct(s) = t else {
        return None;
    };
    if s.name.as_str() != "Elixir.Range" {
        return None;
    }
    let int = |f| t.field(f).and_then(Term::as_int);
    Some(match (int("first"), int("last"), int("step")) {
        (Some(_), Some(_), Some(0)) => Source::Broken { zero_step: true },
        (Some(first), Some(last), Some(step)) => Source::Range(Range { first, last, step }),
        _ => Source::Broken { zero_step: false },
    })
}

/// `t` as an enumerable, or `Protocol.UndefinedError`.
pub(crate) fn source(t: &Term) -> R<Source<'_>> {
    match t {
        Term::List(v) => Ok(Source::List(v)),
        Term::Map(kvs) if !kvs.iter().any(|(k, _)| k.is_atom("__struct__")) => Ok(Source::Map(kvs)),
        Term::Struct(s) if s.name.as_str() == "Elixir.MapSet" => match t.field("map") {
            Some(Term::Map(m)) => Ok(Source::Set(m)),
            // `%MapSet{map: :x}`: `:maps` is handed what is no map.
            Some(other) => Err(badmap(other)),
            None => Err(not_enumerable(t)),
        },
        _ => as_range(t).ok_or_else(|| not_enumerable(t)),
    }
}

/// The elements of an enumerable (see the module docs).
pub(crate) fn enumerate(t: &Term) -> R<Vec<Term>> {
    source(t)?.to_vec()
}

/// The `first`, `last` and `step` of a `%Range{}` whose fields are integers (a step of 0
/// included).
pub(crate) fn range_bounds(t: &Term) -> Option<(i64, i64, i64)> {
    let Term::Struct(s) = t else {
        return None;
    };
    if s.name.as_str() != "Elixir.Range" {
        return None;
    }
    let int = |f| t.field(f).and_then(Term::as_int);
    Some((int("first")?, int("last")?, int("step")?))
}
