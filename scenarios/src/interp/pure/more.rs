//! More of the library that programs reach for around their processes, as Elixir 1.14
//! defines it (each checked on the VM by `docs/probes/pure_builtins.exs`): `String`'s
//! replace, slice, reverse, pad and grapheme functions, `List`'s positional edits and
//! `zip/1`, `Enum.split/2` and `product/1`, `Integer.parse/1`, `Map.put_new/3`, and
//! `Keyword.take/2` and `drop/2`.

use super::args;
use super::enumerable::{Source, source};
use super::errors::{R, argument_error, badarg, badmap, check_bytes, check_elements};
use super::errors::{function_clause, overflow};
use super::graphemes::graphemes;
use super::lists::list;
use super::order::equal;
use super::strings::{longest_at, string};
use sim::Term;

fn int(t: &Term) -> R<i64> {
    t.as_int().ok_or_else(function_clause)
}

fn strs(parts: Vec<&str>) -> Term {
    Term::List(parts.into_iter().map(Term::str).collect())
}

/// The patterns of `:binary.matches/2`: a binary or a non-empty list of them, none empty
/// (`:badarg` otherwise).
fn binary_patterns(p: &Term) -> R<Vec<&str>> {
    let pats = super::strings::patterns(p)?;
    if pats.is_empty() || pats.iter().any(|p| p.is_empty()) {
        return Err(badarg());
    }
    Ok(pats)
}

/// `String.replace/3,4` with a string replacement (a function is not supported): every
/// match of the pattern(s), leftmost and then longest, or only the first with
/// `global: false`; `""` goes between every two graphemes and at both ends.
pub(crate) fn string_replace(args: &[Term]) -> R<Term> {
    let (subject, pattern, replacement, opts) = match args {
        [s, p, r] => (s, p, r, None),
        [s, p, r, o] => (s, p, r, Some(o)),
        _ => return Err(super::errors::undef()),
    };
    let (Term::Str(subject), Term::Str(replacement)) = (subject, replacement) else {
        if matches!(subject, Term::Str(_)) && matches!(replacement, Term::Opaque(_)) {
            return Err(crate::interp::value::limit(
                "String.replace/3 with a function as the replacement is not supported",
            ));
        }
        return Err(function_clause());
    };
    // `Keyword.get(options, :global, true)`.
    let global = match opts {
        None => true,
        Some(Term::List(items)) => items
            .iter()
            .find_map(|t| match t.as_tuple() {
                Some([k, v]) if k.is_atom("global") => Some(super::truthy(v)),
                _ => None,
            })
            .unwrap_or(true),
        Some(_) => return Err(function_clause()),
    };
    let out = match pattern {
        Term::Str(p) if p.is_empty() && replacement.is_empty() => subject.to_string(),
        Term::List(items) if items.is_empty() => subject.to_string(),
        Term::Str(p) if p.is_empty() => {
            if !global {
                format!("{replacement}{subject}")
            } else {
                let mut out = String::from(&**replacement);
                for g in graphemes(subject) {
                    out.push_str(g);
                    out.push_str(replacement);
                }
                out
            }
        }
        p => {
            let pats = binary_patterns(p)?;
            let mut out = String::with_capacity(subject.len());
            let mut i = 0;
            let mut replaced = false;
            while i < subject.len() {
                let rest = subject.get(i..).unwrap_or("");
                let longest = if replaced && !global {
                    None
                } else {
                    longest_at(rest, &pats)
                };
                match longest {
                    Some(n) => {
                        out.push_str(replacement);
                        check_bytes(out.len())?;
                        i += n;
                        replaced = true;
                    }
                    None => {
                        let c = rest.chars().next().unwrap_or_default();
                        out.push(c);
                        i += c.len_utf8().max(1);
                    }
                }
            }
            out
        }
    };
    check_bytes(out.len())?;
    Ok(Term::str(&out))
}

/// `String.reverse/1`: the graphemes in reverse order.
pub(crate) fn string_reverse(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    let s = string(s)?;
    Ok(Term::str(
        &graphemes(s).into_iter().rev().collect::<String>(),
    ))
}

/// `String.graphemes/1`.
pub(crate) fn string_graphemes(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    Ok(strs(graphemes(string(s)?)))
}

/// `String.codepoints/1`.
pub(crate) fn string_codepoints(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    let s = string(s)?;
    Ok(Term::List(
        s.char_indices()
            .map(|(i, c)| Term::str(&s[i..i + c.len_utf8()]))
            .collect(),
    ))
}

/// `String.to_charlist/1`.
pub(crate) fn string_to_charlist(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    let Term::Str(s) = s else {
        return Err(function_clause());
    };
    Ok(Term::List(s.chars().map(|c| Term::Int(c as i64)).collect()))
}

/// `String.first/1`, `String.last/1`: a grapheme, or `nil` for `""`.
pub(crate) fn string_first(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    Ok(graphemes(string(s)?)
        .first()
        .map_or_else(Term::nil, |g| Term::str(g)))
}

pub(crate) fn string_last(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    Ok(graphemes(string(s)?)
        .last()
        .map_or_else(Term::nil, |g| Term::str(g)))
}

/// `String.at/2`: the grapheme at a position counted from 0, or from the end if negative;
/// `nil` past either end.
pub(crate) fn string_at(args: &[Term]) -> R<Term> {
    args!(args => [s, i]);
    let (s, i) = (string(s)?, int(i)?);
    let g = graphemes(s);
    let at = if i < 0 { g.len() as i64 + i } else { i };
    Ok(usize::try_from(at)
        .ok()
        .and_then(|at| g.get(at))
        .map_or_else(Term::nil, |g| Term::str(g)))
}

/// `String.slice/3`: `length` graphemes from `start` (from the end if negative, clamped
/// to the start); a length of 0 is `""` whatever the other arguments.
pub(crate) fn string_slice3(args: &[Term]) -> R<Term> {
    args!(args => [s, start, len]);
    if *len == Term::Int(0) {
        return Ok(Term::str(""));
    }
    let (s, start, len) = (string(s)?, int(start)?, int(len)?);
    if len < 0 {
        return Err(function_clause());
    }
    let g = graphemes(s);
    let n = g.len() as i64;
    let from = if start < 0 {
        (n + start).max(0)
    } else {
        start.min(n)
    };
    let to = from.saturating_add(len).min(n);
    Ok(Term::str(&g[from as usize..to as usize].concat()))
}

/// `String.slice/2` with a range: its positions counted from 0, or from the end where
/// negative; a step picks every step-th grapheme. A `first..last` written with
/// `first > last` has step -1, which 1.14 still takes as 1; other negative steps raise.
pub(crate) fn string_slice2(args: &[Term]) -> R<Term> {
    args!(args => [s, r]);
    let s = string(s)?;
    let (first, last, step) = match super::range_bounds(r) {
        Some(b) => b,
        None => return Err(function_clause()),
    };
    let step = if step > 0 {
        step
    } else if step == -1 && first > last {
        1
    } else {
        return Err(argument_error(&format!(
            "String.slice/2 does not accept ranges with negative steps, got: {}",
            r.inspect(sim::InspectOpts::DEFAULT)
        )));
    };
    if s.is_empty() || (first >= 0 && last >= 0 && first > last) {
        return Ok(Term::str(""));
    }
    let g = graphemes(s);
    let n = g.len() as i64;
    let every = |part: &[&str]| -> String { part.iter().step_by(step as usize).copied().collect() };
    let picked = if first >= 0 {
        let rest = &g[first.min(n) as usize..];
        let m = rest.len() as i64;
        if last == -1 {
            every(rest)
        } else if last >= 0 {
            every(&rest[..last.saturating_sub(first).saturating_add(1).min(m) as usize])
        } else {
            let last = last + m;
            if last < 0 {
                String::new()
            } else {
                every(&rest[..last.saturating_add(1).min(m) as usize])
            }
        }
    } else {
        let from = (first + n).max(0);
        let to = if last < 0 { last + n } else { last };
        if from > to || from > n {
            String::new()
        } else {
            every(&g[from as usize..to.saturating_add(1).min(n) as usize])
        }
    };
    Ok(Term::str(&picked))
}

/// `String.pad_leading/2,3` (`leading`) and `pad_trailing/2,3`: the padding's graphemes
/// (or the strings of a list, each checked as it is used) repeated up to `count`
/// graphemes.
fn pad(args: &[Term], leading: bool) -> R<Term> {
    let (s, count, padding) = match args {
        [s, c] => (s, c, None),
        [s, c, p] => (s, c, Some(p)),
        _ => return Err(super::errors::undef()),
    };
    let fill: Vec<Term> = match padding {
        None => vec![Term::str(" ")],
        Some(Term::Str(p)) => graphemes(p).into_iter().map(Term::str).collect(),
        Some(Term::List(items)) => items.iter().cloned().collect(),
        Some(_) => return Err(function_clause()),
    };
    let (Term::Str(s), Term::Int(count)) = (s, count) else {
        return Err(function_clause());
    };
    if fill.is_empty() || *count < 0 {
        return Err(function_clause());
    }
    let len = graphemes(s).len() as i64;
    if len >= *count {
        return Ok(Term::Str(s.clone()));
    }
    let missing = (*count - len) as usize;
    check_elements(missing)?;
    let mut filler = String::new();
    for t in fill.iter().cycle().take(missing) {
        match t {
            Term::Str(x) => filler.push_str(x),
            x => {
                return Err(argument_error(&format!(
                    "expected a string padding element, got: {}",
                    x.inspect(sim::InspectOpts::DEFAULT)
                )));
            }
        }
        check_bytes(filler.len())?;
    }
    check_bytes(filler.len() + s.len())?;
    Ok(Term::str(&if leading {
        format!("{filler}{s}")
    } else {
        format!("{s}{filler}")
    }))
}

pub(crate) fn string_pad_leading(args: &[Term]) -> R<Term> {
    pad(args, true)
}

pub(crate) fn string_pad_trailing(args: &[Term]) -> R<Term> {
    pad(args, false)
}

/// `List.insert_at/3`: before position `i` (past the end: at the end); a negative `i`
/// counts from the end, `-1` being after the last.
pub(crate) fn list_insert_at(args: &[Term]) -> R<Term> {
    args!(args => [l, i, v]);
    let (items, i) = (list(l)?, int(i)?);
    let n = items.len() as i64;
    let at = if i < 0 { (n + i + 1).max(0) } else { i.min(n) } as usize;
    let mut out: Vec<Term> = items.iter().cloned().collect();
    out.insert(at, v.clone());
    check_elements(out.len())?;
    Ok(Term::list(out))
}

/// The position `i` names in a list of `n`, counting from the end if negative.
fn position(i: i64, n: usize) -> Option<usize> {
    let at = if i < 0 { n as i64 + i } else { i };
    usize::try_from(at).ok().filter(|&at| at < n)
}

/// `List.delete_at/2`: the list without position `i` (unchanged past either end).
pub(crate) fn list_delete_at(args: &[Term]) -> R<Term> {
    args!(args => [l, i]);
    let (items, i) = (list(l)?, int(i)?);
    let mut out: Vec<Term> = items.iter().cloned().collect();
    if let Some(at) = position(i, out.len()) {
        out.remove(at);
    }
    Ok(Term::list(out))
}

/// `List.replace_at/3`: the list with `v` at position `i` (unchanged past either end).
pub(crate) fn list_replace_at(args: &[Term]) -> R<Term> {
    args!(args => [l, i, v]);
    let (items, i) = (list(l)?, int(i)?);
    let mut out: Vec<Term> = items.iter().cloned().collect();
    if let Some(at) = position(i, out.len()) {
        out[at] = v.clone();
    }
    Ok(Term::list(out))
}

/// `List.zip/1`: tuples of the lists' elements, as long as the shortest.
pub(crate) fn list_zip(args: &[Term]) -> R<Term> {
    args!(args => [ls]);
    let lists: Vec<&sim::List> = list(ls)?.iter().map(list).collect::<R<_>>()?;
    if lists.is_empty() {
        return Ok(Term::empty_list());
    }
    let n = lists.iter().map(|l| l.len()).min().unwrap_or(0);
    let mut iters: Vec<_> = lists.iter().map(|l| l.iter()).collect();
    let out: Vec<Term> = (0..n)
        .map(|_| {
            Term::tuple(
                iters
                    .iter_mut()
                    .filter_map(|it| it.next().cloned())
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    Ok(Term::list(out))
}

/// `Enum.split/2`: the first `count` elements and the rest; a negative count leaves that
/// many at the end.
pub(crate) fn enum_split(args: &[Term]) -> R<Term> {
    args!(args => [e, count]);
    let src = source(e)?;
    let Term::Int(count) = count else {
        return Err(function_clause());
    };
    let items = src.to_vec()?;
    let n = items.len() as i64;
    let at = if *count < 0 {
        (n + count).max(0)
    } else {
        (*count).min(n)
    } as usize;
    let (a, b) = items.split_at(at);
    Ok(Term::tuple([
        Term::list(a.to_vec()),
        Term::list(b.to_vec()),
    ]))
}

/// `Enum.product/1`.
pub(crate) fn enum_product(args: &[Term]) -> R<Term> {
    args!(args => [e]);
    let items = match source(e)? {
        Source::Broken { zero_step: true } => return Err(super::errors::badarith()),
        s => s.to_vec()?,
    };
    items.iter().try_fold(Term::Int(1), |acc, t| {
        super::ops::binop(crate::ir::BinOp::Mul, t, &acc)
    })
}

/// `Integer.parse/1` (base 10): `{n, rest}` for an optional sign and at least one digit
/// at the start, else `:error`.
pub(crate) fn integer_parse(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    let s = string(s)?;
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Ok(Term::atom("error"));
    }
    let sign_len = s.len() - body.len();
    let n: i64 = s[..sign_len + digits].parse().map_err(|_| overflow())?;
    Ok(Term::tuple([
        Term::Int(n),
        Term::str(&s[sign_len + digits..]),
    ]))
}

/// `Map.put_new/3`: the map as it is if it has the key.
pub(crate) fn map_put_new(args: &[Term]) -> R<Term> {
    args!(args => [m, k, v]);
    match m {
        Term::Map(kvs) if kvs.get(k).is_some() => Ok(m.clone()),
        Term::Map(kvs) => Ok(Term::Map(kvs.insert(k.clone(), v.clone()))),
        Term::Struct(_) => match super::map_entries(m) {
            Some(kvs) if kvs.iter().any(|(x, _)| equal(x, k)) => Ok(m.clone()),
            _ => super::maps::put(m, k.clone(), v.clone()),
        },
        other => Err(badmap(other)),
    }
}

/// `Keyword.take/2` (`keep`) and `Keyword.drop/2`: the pairs whose key is (is not) among
/// `keys`, in order, duplicates kept.
fn keyword_filter(args: &[Term], keep: bool) -> R<Term> {
    args!(args => [kw, keys]);
    let (Term::List(items), Term::List(keys)) = (kw, keys) else {
        return Err(function_clause());
    };
    let mut out = Vec::new();
    for t in items.iter() {
        let Some([k, _]) = t.as_tuple() else {
            return Err(function_clause());
        };
        if keys.iter().any(|x| x == k) == keep {
            out.push(t.clone());
        }
    }
    Ok(Term::list(out))
}

pub(crate) fn keyword_take(args: &[Term]) -> R<Term> {
    keyword_filter(args, true)
}

pub(crate) fn keyword_drop(args: &[Term]) -> R<Term> {
    keyword_filter(args, false)
}

/// `String.split/3` with a string, a list of strings or `""` as the pattern (no regex),
/// and the options `parts:` (a positive count or `:infinity`: the last part holds the
/// rest) and `trim: true` (no empty parts; with `parts:`, empty parts are skipped before
/// they are counted).
pub(crate) fn string_split3(args: &[Term]) -> R<Term> {
    args!(args => [s, pattern, opts]);
    let (Term::Str(s), Term::List(opts)) = (s, opts) else {
        return Err(function_clause());
    };
    // `Keyword.get/3`: the first of a repeated key.
    let get = |key: &str| {
        opts.iter().find_map(|t| match t.as_tuple() {
            Some([k, v]) if k.is_atom(key) => Some(v.clone()),
            _ => None,
        })
    };
    let trim = get("trim").is_some_and(|t| t.is_atom("true"));
    let count: usize = match get("parts") {
        None => 0,
        Some(t) if t.is_atom("infinity") => 0,
        Some(Term::Int(n)) if n > 0 => usize::try_from(n).unwrap_or(usize::MAX),
        Some(_) => return Err(function_clause()),
    };
    let parts: Vec<String> = match pattern {
        Term::Str(p) if p.is_empty() => {
            let gs = graphemes(s);
            // `split_empty/3`: a grapheme a part, the rest in the last; an empty end is
            // `""` unless trimmed.
            let split_empty = |gs: &[&str], mut count: usize| {
                let mut out = Vec::new();
                let mut i = 0;
                loop {
                    if count == 1 {
                        if !(i == gs.len() && trim) {
                            out.push(gs[i..].concat());
                        }
                        return out;
                    }
                    match gs.get(i) {
                        Some(g) => out.push(g.to_string()),
                        None => {
                            if !trim {
                                out.push(String::new());
                            }
                            return out;
                        }
                    }
                    i += 1;
                    count = count.wrapping_sub(1);
                }
            };
            if !trim && count != 1 {
                let mut out = vec![String::new()];
                out.extend(split_empty(&gs, count.wrapping_sub(1)));
                out
            } else {
                split_empty(&gs, count)
            }
        }
        Term::List(items) if items.is_empty() => {
            if s.is_empty() && trim {
                vec![]
            } else {
                vec![s.to_string()]
            }
        }
        p => {
            let pats = binary_patterns(p)?;
            // `:binary.split/2` once: the part before the first (longest) match, and the
            // rest, if any.
            let split_once = |bin: &str| -> (String, Option<String>) {
                let mut i = 0;
                while i < bin.len() {
                    let rest = &bin[i..];
                    if let Some(n) = longest_at(rest, &pats) {
                        return (bin[..i].to_string(), Some(bin[i + n..].to_string()));
                    }
                    i += rest.chars().next().map_or(1, char::len_utf8);
                }
                (bin.to_string(), None)
            };
            let mut out = Vec::new();
            let mut rest = Some(s.to_string());
            let mut count = count;
            while let Some(bin) = rest.take() {
                if count == 1 {
                    if !(bin.is_empty() && trim) {
                        out.push(bin);
                    }
                    break;
                }
                // `do_splitter/3`.
                let mut bin = bin;
                let piece = loop {
                    if bin.is_empty() {
                        break if trim {
                            None
                        } else {
                            Some((String::new(), None))
                        };
                    }
                    match split_once(&bin) {
                        (first, Some(second)) if first.is_empty() && trim => bin = second,
                        (first, second) => break Some((first, second)),
                    }
                };
                match piece {
                    Some((first, second)) => {
                        out.push(first);
                        rest = second;
                        count = count.wrapping_sub(1);
                    }
                    None => break,
                }
                check_elements(out.len())?;
            }
            out
        }
    };
    Ok(Term::List(parts.iter().map(|p| Term::str(p)).collect()))
}

/// `Keyword.get_values/2`: guarded on a list and an atom key (else a `FunctionClauseError`
/// in `get_values/2`); its helper walks every entry, and one that is not a pair is a
/// `FunctionClauseError` in `Keyword.get_values/3` (`rescued::clause_site`).
pub(crate) fn keyword_get_values(args: &[Term]) -> R<Term> {
    args!(args => [kw, key]);
    let (Term::List(items), Term::Atom(_)) = (kw, key) else {
        return Err(function_clause());
    };
    let mut out = Vec::new();
    for t in items.iter() {
        match t.as_tuple() {
            Some([k, v]) if k == key => out.push(v.clone()),
            Some([_, _]) => {}
            _ => return Err(function_clause()),
        }
    }
    Ok(Term::list(out))
}

/// `Keyword.pop/2,3`: guarded on a list and an atom key (else `pop/3`'s clause). The
/// first tuple whose first element is the key (`:lists.keyfind/3`) gives the value, and
/// then every entry of the key goes (`delete_key/2`, whose clauses take only pairs); a key
/// that is absent gives the default and the list as it is, unchecked.
pub(crate) fn keyword_pop(args: &[Term]) -> R<Term> {
    let (kw, key, default) = match args {
        [kw, key] => (kw, key, Term::nil()),
        [kw, key, d] => (kw, key, d.clone()),
        _ => return Err(super::errors::undef()),
    };
    let (Term::List(items), Term::Atom(_)) = (kw, key) else {
        return Err(function_clause());
    };
    let found = items
        .iter()
        .find(|t| t.as_tuple().is_some_and(|items| items.first() == Some(key)));
    let value = match found.and_then(Term::as_tuple) {
        None => return Ok(Term::tuple([default, kw.clone()])),
        Some([_, v]) => v.clone(),
        Some(_) => {
            let t = found.cloned().unwrap_or_else(Term::nil);
            return Err(super::errors::error(Term::tuple([
                Term::atom("case_clause"),
                t,
            ])));
        }
    };
    let mut rest = Vec::new();
    for t in items.iter() {
        match t.as_tuple() {
            Some([k, _]) if k == key => {}
            Some([_, _]) => rest.push(t.clone()),
            _ => return Err(function_clause()),
        }
    }
    Ok(Term::tuple([value, Term::list(rest)]))
}

/// `Tuple.append/2`: `:erlang.append_element/2` (`:badarg` for a non-tuple).
pub(crate) fn tuple_append(args: &[Term]) -> R<Term> {
    args!(args => [t, x]);
    let Term::Tuple(items) = t else {
        return Err(badarg());
    };
    check_elements(items.len() + 1)?;
    let mut out = items.to_vec();
    out.push(x.clone());
    Ok(Term::tuple(out))
}

/// `Enum.intersperse/2` of any enumerable (a map's pairs, a range's integers).
pub(crate) fn intersperse(args: &[Term]) -> R<Term> {
    args!(args => [e, sep]);
    let items = super::enumerable::enumerate(e)?;
    check_elements((items.len() * 2).saturating_sub(1))?;
    let mut out = Vec::with_capacity(items.len() * 2);
    for (i, x) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(sep.clone());
        }
        out.push(x);
    }
    Ok(Term::list(out))
}

/// `String.split_at/2`: at a count of graphemes, from the end if negative (clamped at
/// both ends); guarded on a string and an integer.
pub(crate) fn string_split_at(args: &[Term]) -> R<Term> {
    args!(args => [s, n]);
    let (Term::Str(s), Term::Int(n)) = (s, n) else {
        return Err(function_clause());
    };
    let gs = graphemes(s);
    let len = i64::try_from(gs.len()).unwrap_or(i64::MAX);
    let at = if *n < 0 {
        (len + n).max(0)
    } else {
        (*n).min(len)
    };
    let bytes: usize = gs
        .iter()
        .take(usize::try_from(at).unwrap_or(0))
        .map(|g| g.len())
        .sum();
    Ok(Term::tuple([
        Term::str(&s[..bytes]),
        Term::str(&s[bytes..]),
    ]))
}

/// `Integer.digits/1,2`: guarded on integers and a base of at least 2; the digits of a
/// negative number are negative (`-12` is `[-1, -2]`).
pub(crate) fn integer_digits(args: &[Term]) -> R<Term> {
    let (n, base) = match args {
        [Term::Int(n)] => (*n, 10),
        [Term::Int(n), Term::Int(b)] if *b >= 2 => (*n, *b),
        [_] | [_, _] => return Err(function_clause()),
        _ => return Err(super::errors::undef()),
    };
    let mut digits = Vec::new();
    let mut rest = n;
    loop {
        digits.push(Term::Int(rest % base));
        rest /= base;
        if rest == 0 {
            break;
        }
    }
    digits.reverse();
    Ok(Term::list(digits))
}

/// `Integer.mod/2`: `rem/2`, moved to the divisor's sign; unguarded, so a float or a zero
/// divisor is `rem/2`'s `:badarith`.
pub(crate) fn integer_mod(args: &[Term]) -> R<Term> {
    args!(args => [a, b]);
    let (Term::Int(a), Term::Int(b)) = (a, b) else {
        return Err(super::errors::badarith());
    };
    if *b == 0 {
        return Err(super::errors::badarith());
    }
    let r = a.checked_rem(*b).unwrap_or(0);
    Ok(Term::Int(if r != 0 && (r < 0) != (*b < 0) {
        r + b
    } else {
        r
    }))
}

/// `Integer.floor_div/2`: `div/2` rounded down; unguarded, so a float or a zero divisor is
/// `div/2`'s (or `rem/2`'s) `:badarith`.
pub(crate) fn integer_floor_div(args: &[Term]) -> R<Term> {
    args!(args => [a, b]);
    let (Term::Int(a), Term::Int(b)) = (a, b) else {
        return Err(super::errors::badarith());
    };
    if *b == 0 {
        return Err(super::errors::badarith());
    }
    let q = a.checked_div(*b).ok_or_else(overflow)?;
    let exact = a.checked_rem(*b).unwrap_or(0) == 0;
    Ok(Term::Int(if !exact && (*a < 0) != (*b < 0) {
        q - 1
    } else {
        q
    }))
}

/// `to_charlist/1` (`List.Chars`, semantics §5.29): a string's code points, an atom's
/// name (`nil` is `[]`), an integer's or a float's text as `to_string/1` gives it, and a
/// list as it is, unchecked; anything else is not `List.Chars`.
pub(crate) fn to_charlist(args: &[Term]) -> R<Term> {
    args!(args => [t]);
    let text = match t {
        Term::List(_) => return Ok(t.clone()),
        Term::Atom(a) if a.as_str() == "nil" => return Ok(Term::empty_list()),
        Term::Str(_) | Term::Atom(_) | Term::Int(_) | Term::Float(_) => {
            super::chars::to_string(t)?.into_owned()
        }
        _ => return Err(super::errors::protocol_undefined("List.Chars", t)),
    };
    Ok(Term::list(
        text.chars()
            .map(|c| Term::Int(i64::from(u32::from(c))))
            .collect::<Vec<_>>(),
    ))
}

/// `Map.from_struct/1` of a struct value: its fields as a plain map. A module name is the
/// interpreter's (it knows the program's structs); anything else fails in the function's
/// clauses, a plain map included.
pub(crate) fn map_from_struct(args: &[Term]) -> R<Term> {
    args!(args => [t]);
    let Term::Struct(..) = t else {
        return Err(function_clause());
    };
    super::maps::delete(t, &Term::atom("__struct__"))
}

/// `List.keystore/4`: `:lists.keystore(key, position + 1, list, tuple)`, which replaces the
/// first tuple whose element at the position is the key, or appends; elements that are
/// no such tuple are kept as they are.
pub(crate) fn list_keystore(args: &[Term]) -> R<Term> {
    args!(args => [list, key, position, new]);
    let n = key_position(position)?;
    if !matches!(new, Term::Tuple(_)) {
        return Err(function_clause());
    }
    let Term::List(items) = list else {
        return Err(function_clause());
    };
    let mut out: Vec<Term> = Vec::with_capacity(items.len() + 1);
    let mut rest = items.iter();
    let mut replaced = false;
    for t in rest.by_ref() {
        if keyed(t, n, key) {
            out.push(new.clone());
            replaced = true;
            break;
        }
        out.push(t.clone());
    }
    out.extend(rest.cloned());
    if !replaced {
        out.push(new.clone());
    }
    Ok(Term::list(out))
}

/// `List.keydelete/3`: `:lists.keydelete(key, position + 1, list)`, the first such tuple
/// removed.
pub(crate) fn list_keydelete(args: &[Term]) -> R<Term> {
    args!(args => [list, key, position]);
    let n = key_position(position)?;
    let Term::List(items) = list else {
        return Err(function_clause());
    };
    let mut out: Vec<Term> = Vec::with_capacity(items.len());
    let mut rest = items.iter();
    for t in rest.by_ref() {
        if keyed(t, n, key) {
            break;
        }
        out.push(t.clone());
    }
    out.extend(rest.cloned());
    Ok(Term::list(out))
}

/// `List.keymember?/3`: the BIF `:lists.keymember/3` (`:badarg` for a negative position or
/// a non-list).
pub(crate) fn list_keymember(args: &[Term]) -> R<Term> {
    args!(args => [list, key, position]);
    let Term::Int(p) = position else {
        return Err(function_clause());
    };
    let (Term::List(items), Ok(n)) = (list, usize::try_from(*p)) else {
        return Err(badarg());
    };
    Ok(Term::bool(items.iter().any(|t| keyed(t, n, key))))
}

/// The 0-based position of `List`'s key functions: an integer (their guard), at least 0
/// (`:lists`' guard, which takes it plus one).
fn key_position(position: &Term) -> R<usize> {
    match position {
        Term::Int(p) => usize::try_from(*p).map_err(|_| function_clause()),
        _ => Err(function_clause()),
    }
}

/// `t` is a tuple whose element `n` (0-based) is `key` by `==`, as `:lists`' key
/// functions compare.
fn keyed(t: &Term, n: usize, key: &Term) -> bool {
    t.as_tuple()
        .and_then(|items| items.get(n))
        .is_some_and(|x| super::order::equal_value(x, key))
}
