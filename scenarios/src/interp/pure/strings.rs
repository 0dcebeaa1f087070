//! `String` functions. Those the compiler inlines into BIFs (`duplicate`, `to_atom`,
//! `to_integer`) raise a raw `:badarg` on any bad argument; the others have an
//! `is_binary` guard (`:function_clause`), with `:badarg` from `:binary` functions under
//! them for bad patterns.
//!
//! Case mapping is per character with full mappings (`"ß"` upcases to `"SS"`) and no
//! context, as Elixir 1.14's default mode: no final sigma (`"ΣΑΣ"` downcases to `"σασ"`).
//! It uses Rust's Unicode tables, which may be a newer Unicode version than OTP 25's 14.0
//! (characters assigned since then are where they can differ).

use super::args;
use super::errors::system_limit;
use super::errors::{R, badarg, case_clause, check_bytes, function_clause, overflow};
use super::graphemes::graphemes;
use sim::Term;

/// Unicode's White_Space, what `String.trim/1` removes.
const WHITESPACE: &[char] = &[
    '\t', '\n', '\u{0B}', '\u{0C}', '\r', ' ', '\u{85}', '\u{A0}', '\u{1680}', '\u{2000}',
    '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}',
    '\u{2009}', '\u{200A}', '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}', '\u{3000}',
];

/// What `String.split/1` splits at: White_Space except the non-breaking spaces
/// (U+00A0, U+2007, U+202F).
fn breaks(c: char) -> bool {
    WHITESPACE.contains(&c) && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}')
}

/// The string argument of a guarded function (`:function_clause` otherwise).
pub(super) fn string(t: &Term) -> R<&str> {
    match t {
        Term::Str(s) => Ok(s),
        _ => Err(function_clause()),
    }
}

fn text(s: impl Into<sim::Text>) -> Term {
    Term::Str(s.into())
}

/// `String.length/1`: grapheme clusters (see `graphemes`).
pub(crate) fn length(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    let s = string(s)?;
    // ASCII: every byte is a cluster but `\r\n`, which is one (Unicode's rule GB3).
    if s.is_ascii() {
        return Ok(Term::Int((s.len() - s.matches("\r\n").count()) as i64));
    }
    Ok(Term::Int(graphemes(s).len() as i64))
}

/// `String.upcase/1`.
pub(crate) fn upcase(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    let s = string(s)?;
    Ok(text(
        s.chars().flat_map(char::to_uppercase).collect::<String>(),
    ))
}

/// `String.downcase/1`.
pub(crate) fn downcase(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    let s = string(s)?;
    Ok(text(
        s.chars().flat_map(char::to_lowercase).collect::<String>(),
    ))
}

/// `String.duplicate/2`: refused above a million bytes (see [`super::MAX_BYTES`]).
pub(crate) fn duplicate(args: &[Term]) -> R<Term> {
    args!(args => [s, n]);
    let (Term::Str(s), Term::Int(n)) = (s, n) else {
        return Err(badarg());
    };
    let n = usize::try_from(*n).map_err(|_| badarg())?;
    check_bytes(s.len().saturating_mul(n))?;
    Ok(text(s.repeat(n)))
}

/// `String.to_atom/1`: an atom of more than 255 characters is a `:system_limit`.
pub(crate) fn to_atom(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    let Term::Str(s) = s else {
        return Err(badarg());
    };
    if s.chars().count() > 255 {
        return Err(system_limit());
    }
    Ok(Term::atom_dyn(s))
}

/// `String.to_integer/1`: an optional sign and decimal digits, nothing else (`:badarg`);
/// beyond `i64` the BEAM would make a bignum: the overflow limit.
pub(crate) fn to_integer(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    let Term::Str(s) = s else {
        return Err(badarg());
    };
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(badarg());
    }
    s.parse::<i64>().map(Term::Int).map_err(|_| overflow())
}

/// The patterns of `contains?`/`split`: one binary or a list of binaries (`:badarg` for
/// anything else).
pub(super) fn patterns(p: &Term) -> R<Vec<&str>> {
    match p {
        Term::Str(s) => Ok(vec![s]),
        Term::List(items) => items
            .iter()
            .map(|t| match t {
                Term::Str(s) => Ok(&**s),
                _ => Err(badarg()),
            })
            .collect(),
        _ => Err(badarg()),
    }
}

/// `String.contains?/2`: `""` (alone, or in the list before any non-binary) is found in
/// anything; `[]` in nothing.
pub(crate) fn contains(args: &[Term]) -> R<Term> {
    args!(args => [s, p]);
    let s = string(s)?;
    if let Term::List(items) = p {
        for t in items {
            match t {
                Term::Str(x) if x.is_empty() => return Ok(Term::bool(true)),
                Term::Str(_) => {}
                _ => return Err(badarg()),
            }
        }
    }
    let found = patterns(p)?.iter().any(|x| s.contains(x));
    Ok(Term::bool(found))
}

/// `String.starts_with?/2`: a list is tried in order and stops at the first match; a
/// non-binary reached raises `{:case_clause, {s, byte_size(s), x}}` (a helper inlined
/// into a `case`, probe); a prefix that is neither a binary nor a list is a `:badarg`.
pub(crate) fn starts_with(args: &[Term]) -> R<Term> {
    has_affix(args, |s, x| s.starts_with(x))
}

/// `String.ends_with?/2`, as `starts_with?/2` is: a non-binary in the list is a
/// `case_clause` of `{string, byte_size, element}`, met in order.
pub(crate) fn ends_with(args: &[Term]) -> R<Term> {
    // Its clauses take only a binary or a list as the suffix (`starts_with?/2` leaves
    // anything else to `:binary.match/2`, a `:badarg`).
    if let [_, p] = args
        && !matches!(p, Term::Str(_) | Term::List(_))
    {
        return Err(function_clause());
    }
    has_affix(args, |s, x| s.ends_with(x))
}

fn has_affix(args: &[Term], has: impl Fn(&str, &str) -> bool) -> R<Term> {
    args!(args => [s, p]);
    let s = string(s)?;
    match p {
        Term::Str(x) => Ok(Term::bool(has(s, x))),
        Term::List(items) => {
            for t in items {
                match t {
                    Term::Str(x) if has(s, x) => return Ok(Term::bool(true)),
                    Term::Str(_) => {}
                    x => {
                        let size = Term::Int(s.len() as i64);
                        return Err(case_clause(Term::tuple([Term::str(s), size, x.clone()])));
                    }
                }
            }
            Ok(Term::bool(false))
        }
        _ => Err(badarg()),
    }
}

fn list_of(parts: Vec<&str>) -> Term {
    Term::List(parts.into_iter().map(Term::str).collect())
}

/// The length of the longest of `pats` that `rest` starts with (`:binary`'s choice among
/// patterns that match at one position).
pub(super) fn longest_at(rest: &str, pats: &[&str]) -> Option<usize> {
    pats.iter()
        .filter(|p| rest.starts_with(**p))
        .map(|p| p.len())
        .max()
}

/// `:binary.split(s, patterns, [:global])`: at each position the longest pattern that
/// matches there; empty parts kept.
fn split_global<'a>(s: &'a str, pats: &[&str]) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let (mut part_start, mut i) = (0, 0);
    while i < s.len() {
        let rest = s.get(i..).unwrap_or("");
        let longest = longest_at(rest, pats);
        match longest {
            Some(n) => {
                parts.push(s.get(part_start..i).unwrap_or(""));
                i += n;
                part_start = i;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    parts.push(s.get(part_start..).unwrap_or(""));
    parts
}

/// `String.split/1,2` (no options, no regex): `split/1` at runs of whitespace, no empty
/// parts (`:badarg` for a non-binary); `split/2` at every occurrence of the pattern(s),
/// empty parts kept; `""` splits into graphemes between two empty strings; `[]` does not
/// split; an empty pattern in a list is a `:badarg`.
pub(crate) fn split(args: &[Term]) -> R<Term> {
    match args {
        [Term::Str(s)] => Ok(list_of(s.split(breaks).filter(|p| !p.is_empty()).collect())),
        [_] => Err(badarg()),
        [s, p] => {
            let s = string(s)?;
            match p {
                Term::Str(x) if x.is_empty() => {
                    let mut parts = vec![""];
                    parts.extend(graphemes(s));
                    parts.push("");
                    Ok(list_of(parts))
                }
                Term::List(items) if items.is_empty() => Ok(list_of(vec![s])),
                _ => {
                    let pats = patterns(p)?;
                    if pats.iter().any(|x| x.is_empty()) {
                        return Err(badarg());
                    }
                    Ok(list_of(split_global(s, &pats)))
                }
            }
        }
        _ => Err(super::errors::undef()),
    }
}

/// `String.trim/1`: White_Space at both ends.
pub(crate) fn trim(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    Ok(Term::str(string(s)?.trim_matches(WHITESPACE)))
}
