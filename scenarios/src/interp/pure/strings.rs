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

/// `String.capitalize/1` (semantics §5.28): the first code point in title case, the rest as
/// [`downcase`] has it (1.14's `String.Unicode.titlecase_once/2`, then `downcase/2`).
pub(crate) fn capitalize(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    let Term::Str(s) = s else {
        return Err(super::errors::function_clause());
    };
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return Ok(Term::str(""));
    };
    let mut out = String::new();
    match titlecase(first) {
        Some(t) => out.push_str(t),
        None => out.extend(first.to_uppercase()),
    }
    out.extend(chars.flat_map(char::to_lowercase));
    Ok(text(out))
}

/// The title case of `c` where Unicode 14's (Elixir 1.14's) differs from its upper case:
/// the digraphs, the ligatures, Armenian and Greek with a subscript iota, and Georgian,
/// whose letters are their own title case (each checked against `String.capitalize/1`
/// of a sample on the VM and Python's `str.capitalize`, which reads the same tables).
fn titlecase(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{DF}' => "Ss",
        '\u{1C4}'..='\u{1C6}' => "\u{1C5}",
        '\u{1C7}'..='\u{1C9}' => "\u{1C8}",
        '\u{1CA}'..='\u{1CC}' => "\u{1CB}",
        '\u{1F1}'..='\u{1F3}' => "\u{1F2}",
        '\u{587}' => "\u{535}\u{582}",
        '\u{1F80}' | '\u{1F88}' => "\u{1F88}",
        '\u{1F81}' | '\u{1F89}' => "\u{1F89}",
        '\u{1F82}' | '\u{1F8A}' => "\u{1F8A}",
        '\u{1F83}' | '\u{1F8B}' => "\u{1F8B}",
        '\u{1F84}' | '\u{1F8C}' => "\u{1F8C}",
        '\u{1F85}' | '\u{1F8D}' => "\u{1F8D}",
        '\u{1F86}' | '\u{1F8E}' => "\u{1F8E}",
        '\u{1F87}' | '\u{1F8F}' => "\u{1F8F}",
        '\u{1F90}' | '\u{1F98}' => "\u{1F98}",
        '\u{1F91}' | '\u{1F99}' => "\u{1F99}",
        '\u{1F92}' | '\u{1F9A}' => "\u{1F9A}",
        '\u{1F93}' | '\u{1F9B}' => "\u{1F9B}",
        '\u{1F94}' | '\u{1F9C}' => "\u{1F9C}",
        '\u{1F95}' | '\u{1F9D}' => "\u{1F9D}",
        '\u{1F96}' | '\u{1F9E}' => "\u{1F9E}",
        '\u{1F97}' | '\u{1F9F}' => "\u{1F9F}",
        '\u{1FA0}' | '\u{1FA8}' => "\u{1FA8}",
        '\u{1FA1}' | '\u{1FA9}' => "\u{1FA9}",
        '\u{1FA2}' | '\u{1FAA}' => "\u{1FAA}",
        '\u{1FA3}' | '\u{1FAB}' => "\u{1FAB}",
        '\u{1FA4}' | '\u{1FAC}' => "\u{1FAC}",
        '\u{1FA5}' | '\u{1FAD}' => "\u{1FAD}",
        '\u{1FA6}' | '\u{1FAE}' => "\u{1FAE}",
        '\u{1FA7}' | '\u{1FAF}' => "\u{1FAF}",
        '\u{1FB2}' => "\u{1FBA}\u{345}",
        '\u{1FB3}' | '\u{1FBC}' => "\u{1FBC}",
        '\u{1FB4}' => "\u{386}\u{345}",
        '\u{1FB7}' => "\u{391}\u{342}\u{345}",
        '\u{1FC2}' => "\u{1FCA}\u{345}",
        '\u{1FC3}' | '\u{1FCC}' => "\u{1FCC}",
        '\u{1FC4}' => "\u{389}\u{345}",
        '\u{1FC7}' => "\u{397}\u{342}\u{345}",
        '\u{1FF2}' => "\u{1FFA}\u{345}",
        '\u{1FF3}' | '\u{1FFC}' => "\u{1FFC}",
        '\u{1FF4}' => "\u{38F}\u{345}",
        '\u{1FF7}' => "\u{3A9}\u{342}\u{345}",
        '\u{FB00}' => "Ff",
        '\u{FB01}' => "Fi",
        '\u{FB02}' => "Fl",
        '\u{FB03}' => "Ffi",
        '\u{FB04}' => "Ffl",
        '\u{FB05}' | '\u{FB06}' => "St",
        '\u{FB13}' => "\u{544}\u{576}",
        '\u{FB14}' => "\u{544}\u{565}",
        '\u{FB15}' => "\u{544}\u{56B}",
        '\u{FB16}' => "\u{54E}\u{576}",
        '\u{FB17}' => "\u{544}\u{56D}",
        '\u{10D0}'..='\u{10FA}' | '\u{10FD}'..='\u{10FF}' => return georgian(c),
        _ => return None,
    })
}

/// A Georgian Mkhedruli letter, which is its own title case.
fn georgian(c: char) -> Option<&'static str> {
    const LETTERS: &str = "\u{10D0}\u{10D1}\u{10D2}\u{10D3}\u{10D4}\u{10D5}\u{10D6}\u{10D7}\u{10D8}\u{10D9}\u{10DA}\u{10DB}\u{10DC}\u{10DD}\u{10DE}\u{10DF}\u{10E0}\u{10E1}\u{10E2}\u{10E3}\u{10E4}\u{10E5}\u{10E6}\u{10E7}\u{10E8}\u{10E9}\u{10EA}\u{10EB}\u{10EC}\u{10ED}\u{10EE}\u{10EF}\u{10F0}\u{10F1}\u{10F2}\u{10F3}\u{10F4}\u{10F5}\u{10F6}\u{10F7}\u{10F8}\u{10F9}\u{10FA}\u{10FB}\u{10FC}\u{10FD}\u{10FE}\u{10FF}";
    let at = (c as usize - 0x10D0) * 3;
    LETTERS.get(at..at + 3)
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
