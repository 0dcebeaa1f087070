//! `Kernel` functions on values, and the `Integer`, `Atom` and `Tuple` conversions. Most
//! are BIFs inlined by the compiler: a bad argument raises a raw `:badarg` (or
//! `:badarith` for the arithmetic ones, `{:badmap, t}` for `map_size/1`).

use super::args;
use super::chars::to_string;
use super::errors::{R, argument_error, badarg, badarith, overflow};
use super::maps;
use sim::Term;
use std::cmp::Ordering;

/// `node/0,1`: the simulator is one node, `:nonode@nohost`, as `elixir file.exs` without
/// `--sname`. `node/1` takes a pid or a reference (`:badarg` otherwise).
pub(crate) fn node(args: &[Term]) -> R<Term> {
    match args {
        [] | [Term::Pid(_) | Term::Ref(_)] => Ok(Term::atom("nonode@nohost")),
        [_] => Err(badarg()),
        _ => Err(super::errors::undef()),
    }
}

/// The 1-based position `i + 1` of `elem/2` and `put_elem/3` (`:erlang.element/2` takes
/// it): `:badarith` for a non-number (`i + 1` fails), `:badarg` for a float (`element/2`
/// takes no `2.0`) and beyond the tuple (or past `i64`, where the BEAM's bignum would be
/// rejected too).
fn position<'a>(tuple: &'a Term, i: &Term) -> R<(&'a [Term], usize)> {
    let i = match i {
        Term::Int(i) => i,
        Term::Float(_) => return Err(badarg()),
        _ => return Err(badarith()),
    };
    let Term::Tuple(items) = tuple else {
        return Err(badarg());
    };
    let at = usize::try_from(*i).map_err(|_| badarg())?;
    if at >= items.len() {
        return Err(badarg());
    }
    Ok((items, at))
}

/// `elem/2`.
pub(crate) fn elem(args: &[Term]) -> R<Term> {
    args!(args => [t, i]);
    let (items, at) = position(t, i)?;
    items.get(at).cloned().ok_or_else(badarg)
}

/// `put_elem/3`.
pub(crate) fn put_elem(args: &[Term]) -> R<Term> {
    args!(args => [t, i, v]);
    let (items, at) = position(t, i)?;
    let mut items = items.to_vec();
    let slot = items.get_mut(at).ok_or_else(badarg)?;
    *slot = v.clone();
    Ok(Term::tuple(items))
}

/// `tuple_size/1`.
pub(crate) fn tuple_size(args: &[Term]) -> R<Term> {
    args!(args => [t]);
    match t {
        Term::Tuple(items) => Ok(Term::Int(items.len() as i64)),
        _ => Err(badarg()),
    }
}

/// `map_size/1`: `{:badmap, t}`; a struct counts its `__struct__`.
pub(crate) fn map_size(args: &[Term]) -> R<Term> {
    args!(args => [m]);
    Ok(Term::Int(maps::size(m)? as i64))
}

/// `length/1`.
pub(crate) fn length(args: &[Term]) -> R<Term> {
    args!(args => [l]);
    match l {
        Term::List(items) => Ok(Term::Int(items.len() as i64)),
        _ => Err(badarg()),
    }
}

/// `hd/1`.
pub(crate) fn hd(args: &[Term]) -> R<Term> {
    args!(args => [l]);
    match l {
        Term::List(items) => items.first().cloned().ok_or_else(badarg),
        _ => Err(badarg()),
    }
}

/// `tl/1`.
pub(crate) fn tl(args: &[Term]) -> R<Term> {
    args!(args => [l]);
    match l {
        Term::List(items) if !items.is_empty() => Ok(Term::List(items.tail())),
        _ => Err(badarg()),
    }
}

/// `abs/1` (`:badarg` for a non-number).
pub(crate) fn abs(args: &[Term]) -> R<Term> {
    args!(args => [n]);
    match n {
        Term::Int(i) => i.checked_abs().map(Term::Int).ok_or_else(overflow),
        // `-0.0` is not below zero: it stays `-0.0`, as on OTP 25.
        Term::Float(x) if *x < 0.0 => Ok(Term::Float(-x)),
        Term::Float(_) => Ok(n.clone()),
        _ => Err(badarg()),
    }
}

/// `round/1`, `trunc/1`, `ceil/1`, `floor/1`: an integer as it is, a float through `f`
/// (`round` halves away from zero); `:badarg` for anything else, and the limit where the
/// BEAM would make a bignum (`round(1.0e19)`).
pub(crate) fn to_integer(args: &[Term], f: fn(f64) -> f64) -> R<Term> {
    args!(args => [n]);
    match n {
        Term::Int(_) => Ok(n.clone()),
        Term::Float(x) => {
            let y = f(*x);
            // In i64's range (2^63 itself is not).
            if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&y) {
                Ok(Term::Int(y as i64))
            } else {
                Err(overflow())
            }
        }
        _ => Err(badarg()),
    }
}

/// How [`float_decimal`] rounds.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Rounding {
    /// `Float.round/2`: halves away from zero.
    HalfUp,
    /// `Float.floor/2`: towards minus infinity.
    Floor,
    /// `Float.ceil/2`: towards plus infinity.
    Ceil,
}

/// `Float.round/1,2`, `Float.floor/1,2` and `Float.ceil/1,2`: to `precision` (0..15)
/// decimal places, on the float's exact value, as 1.14 computes them
/// (`Float.round(2.675, 2)` is 2.67, since 2.675 is 2.67499999...; `Float.ceil(0.1, 1)`
/// is 0.2); a zero result is `0.0`. Without a precision, `round` is `:erlang.round/1` as a
/// float (never `-0.0`), `floor` and `ceil` are `:math`'s (`Float.ceil(-0.5)` is `-0.0`).
/// A non-float is a `FunctionClauseError`, a precision outside 0..15 an `ArgumentError`
/// (semantics §5.24).
pub(crate) fn float_decimal(args: &[Term], how: Rounding) -> R<Term> {
    let (x, precision) = match args {
        [Term::Float(x)] => (*x, 0),
        [Term::Float(x), Term::Int(p)] if (0..=15).contains(p) => (*x, *p as usize),
        // The precision is interpolated (`nil` is empty; a tuple has no `String.Chars`).
        [Term::Float(_), p] => {
            let p = to_string(p)?;
            return Err(argument_error(&format!(
                "precision {p} is out of valid range of 0..15"
            )));
        }
        _ => return Err(super::errors::function_clause()),
    };
    // A zero is returned as it is (`-0.0` too), past the precision-0 clauses.
    if precision > 0 && x == 0.0 {
        return Ok(Term::Float(x));
    }
    if precision == 0 {
        return Ok(Term::Float(match how {
            // `+ 0.0` makes `-0.0` a `0.0`.
            Rounding::HalfUp => x.round() + 0.0,
            Rounding::Floor => x.floor(),
            Rounding::Ceil => x.ceil(),
        }));
    }
    // Every double's decimal expansion ends within 1,074 places.
    let exact = format!("{:.1100}", x.abs());
    let (whole, frac) = exact.split_once('.').unwrap_or((&exact, ""));
    let rest = frac.get(precision..).unwrap_or("");
    let beyond = rest.bytes().any(|d| d != b'0');
    let away = match how {
        Rounding::HalfUp => rest.as_bytes().first().is_some_and(|d| *d >= b'5'),
        Rounding::Floor => x < 0.0 && beyond,
        Rounding::Ceil => x > 0.0 && beyond,
    };
    let mut digits: Vec<u8> = whole.bytes().chain(frac.bytes().take(precision)).collect();
    if away {
        sim::float::carry_one(&mut digits);
    }
    let point = digits.len() - precision;
    let text = format!(
        "{}.{}",
        String::from_utf8_lossy(&digits[..point]),
        String::from_utf8_lossy(&digits[point..])
    );
    let y: f64 = text.parse().unwrap_or(0.0);
    Ok(Term::Float(if y == 0.0 || x > 0.0 { y } else { -y }))
}

/// `base ** exponent` (`Kernel.**/2`): integers to a power of 0 or more stay integers (the
/// limit past `i64`); any other two numbers are `:math.pow/2` (`4 ** -1` is 0.25;
/// `:badarith` where it has no finite real result, `0 ** -1`). Anything else is a
/// `FunctionClauseError`.
pub(crate) fn pow(args: &[Term]) -> R<Term> {
    args!(args => [base, exponent]);
    match (base, exponent) {
        (Term::Int(b), Term::Int(e)) if *e >= 0 => int_pow(*b, *e),
        _ => match (super::ops::as_float(base), super::ops::as_float(exponent)) {
            (Some(b), Some(e)) => super::ops::finite(b.powf(e)),
            _ => Err(super::errors::function_clause()),
        },
    }
}

/// `Integer.pow/2`: a power of 0 or more (`:badarith` for a negative one).
pub(crate) fn integer_pow(args: &[Term]) -> R<Term> {
    args!(args => [base, exponent]);
    match (base, exponent) {
        (Term::Int(b), Term::Int(e)) if *e >= 0 => int_pow(*b, *e),
        (Term::Int(_), Term::Int(_)) => Err(badarith()),
        _ => Err(super::errors::function_clause()),
    }
}

fn int_pow(b: i64, e: i64) -> R<Term> {
    let e = u32::try_from(e).map_err(|_| overflow())?;
    b.checked_pow(e).map(Term::Int).ok_or_else(overflow)
}

/// The longest float at the start of `s`, as `Float.parse/1` reads one: digits, then
/// `.` and digits, then `e`/`E`, a sign and digits (each part only if whole); its length.
fn float_prefix(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut n = digits(0);
    if n == 0 {
        return None;
    }
    if b.get(n) == Some(&b'.') && digits(n + 1) > 0 {
        n += 1 + digits(n + 1);
    }
    if matches!(b.get(n), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(b.get(n + 1), Some(b'+' | b'-')));
        let exp = digits(n + 1 + sign);
        if exp > 0 {
            n += 1 + sign + exp;
        }
    }
    Some(n)
}

/// `Float.parse/1`: `{float, rest}` or `:error` (also for a float too large to hold).
pub(crate) fn float_parse(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    let Term::Str(s) = s else {
        return Err(super::errors::function_clause());
    };
    let (negative, unsigned) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, &s[..]),
    };
    let parsed = match float_prefix(unsigned) {
        Some(n) => match unsigned[..n].parse::<f64>() {
            Ok(x) if x.is_finite() => Some((x, n)),
            // Too large: `:error` with an exponent; without one, 1.14 hands the digits to
            // `:erlang.binary_to_float/1`, whose `:badarg` comes through.
            _ if unsigned[..n].contains(['e', 'E']) => None,
            _ => return Err(badarg()),
        },
        None => None,
    };
    Ok(match parsed {
        Some((x, n)) => Term::tuple([
            Term::Float(if negative { -x } else { x }),
            Term::str(&unsigned[n..]),
        ]),
        None => Term::atom("error"),
    })
}

/// `String.to_float/1` (`:erlang.binary_to_float/1`): the whole string an Erlang float,
/// digits `.` digits with an optional exponent; `:badarg` otherwise.
pub(crate) fn string_to_float(args: &[Term]) -> R<Term> {
    args!(args => [s]);
    let Term::Str(s) = s else {
        return Err(badarg());
    };
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let b = unsigned.as_bytes();
    let whole = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let has_point = whole > 0
        && b.get(whole) == Some(&b'.')
        && b.get(whole + 1).is_some_and(u8::is_ascii_digit);
    let x: Option<f64> = (has_point && float_prefix(unsigned) == Some(unsigned.len()))
        .then(|| s.parse().ok())
        .flatten();
    match x {
        Some(x) if x.is_finite() => Ok(Term::Float(x)),
        _ => Err(badarg()),
    }
}

/// `div/2`: truncating; `:badarith` for a zero divisor or a non-integer.
pub(crate) fn div(args: &[Term]) -> R<Term> {
    args!(args => [a, b]);
    match (a, b) {
        (Term::Int(_), Term::Int(0)) => Err(badarith()),
        (Term::Int(x), Term::Int(y)) => x.checked_div(*y).map(Term::Int).ok_or_else(overflow),
        _ => Err(badarith()),
    }
}

/// `rem/2`: the sign of the dividend (`rem(-7, 2)` is -1).
pub(crate) fn rem(args: &[Term]) -> R<Term> {
    args!(args => [a, b]);
    match (a, b) {
        (Term::Int(_), Term::Int(0)) => Err(badarith()),
        // `i64::MIN rem -1` is 0; only Rust's `%` would overflow computing it.
        (Term::Int(x), Term::Int(y)) => Ok(Term::Int(x.wrapping_rem(*y))),
        _ => Err(badarith()),
    }
}

/// `max/2` in term order (the first when equal).
pub(crate) fn max(args: &[Term]) -> R<Term> {
    args!(args => [a, b]);
    Ok(if a.term_cmp(b) == Ordering::Less {
        b
    } else {
        a
    }
    .clone())
}

/// `min/2` in term order (the first when equal).
pub(crate) fn min(args: &[Term]) -> R<Term> {
    args!(args => [a, b]);
    Ok(if b.term_cmp(a) == Ordering::Less {
        b
    } else {
        a
    }
    .clone())
}

/// The type tests `is_atom/1` ... `is_tuple/1`: `test` on the one argument.
pub(crate) fn is(args: &[Term], test: fn(&Term) -> bool) -> R<Term> {
    args!(args => [t]);
    Ok(Term::bool(test(t)))
}

/// `is_boolean/1`.
pub(crate) fn is_boolean(t: &Term) -> bool {
    t.is_atom("true") || t.is_atom("false")
}

/// The struct name of `t`, if it is a struct (or a map with an atom `__struct__`).
fn struct_name(t: &Term) -> Option<&str> {
    match t {
        Term::Struct(s) => Some(s.name.as_str()),
        Term::Map(kvs) => kvs.iter().find_map(|(k, v)| match v {
            Term::Atom(n) if k.is_atom("__struct__") => Some(n.as_str()),
            _ => None,
        }),
        _ => None,
    }
}

/// `is_struct/1,2`: `is_struct/2` with a name that is not an atom raises
/// `%ArgumentError{message: "argument error"}` (an Elixir exception, not the BIF's atom).
pub(crate) fn is_struct(args: &[Term]) -> R<Term> {
    match args {
        [t] => Ok(Term::bool(struct_name(t).is_some())),
        [t, Term::Atom(name)] => Ok(Term::bool(struct_name(t) == Some(name.as_str()))),
        [_, _] => Err(argument_error("argument error")),
        _ => Err(super::errors::undef()),
    }
}

/// `to_string/1` (`String.Chars`).
pub(crate) fn to_string_1(args: &[Term]) -> R<Term> {
    args!(args => [t]);
    if let Term::Str(_) = t {
        return Ok(t.clone());
    }
    Ok(Term::Str(to_string(t)?.into()))
}

/// `Integer.to_string/1`.
/// `Integer.to_string/1,2` (`:erlang.integer_to_binary/2`): digits past 9 in capitals.
pub(crate) fn integer_to_string(args: &[Term]) -> R<Term> {
    let (i, base) = match args {
        [i] => (i, &Term::Int(10)),
        [i, base] => (i, base),
        _ => return Err(super::errors::undef()),
    };
    let (Term::Int(i), Term::Int(base @ 2..=36)) = (i, base) else {
        return Err(badarg());
    };
    let base = *base as u32;
    let mut digits = Vec::new();
    let mut n = i.unsigned_abs();
    loop {
        let d = (n % base as u64) as u32;
        digits.push(
            std::char::from_digit(d, base)
                .unwrap_or('?')
                .to_ascii_uppercase(),
        );
        n /= base as u64;
        if n == 0 {
            break;
        }
    }
    if *i < 0 {
        digits.push('-');
    }
    Ok(Term::str(&digits.iter().rev().collect::<String>()))
}

/// `Atom.to_string/1` (`nil` is `"nil"`, a module `"Elixir.Foo"`).
pub(crate) fn atom_to_string(args: &[Term]) -> R<Term> {
    args!(args => [a]);
    match a {
        Term::Atom(a) => Ok(Term::str(a.as_str())),
        _ => Err(badarg()),
    }
}

/// `Tuple.to_list/1`.
/// `List.to_tuple/1` (`:erlang.list_to_tuple/1`).
pub(crate) fn list_to_tuple(args: &[Term]) -> R<Term> {
    args!(args => [t]);
    match t {
        Term::List(items) => Ok(Term::tuple(items.iter().cloned().collect::<Vec<_>>())),
        _ => Err(badarg()),
    }
}

pub(crate) fn tuple_to_list(args: &[Term]) -> R<Term> {
    args!(args => [t]);
    match t {
        Term::Tuple(items) => Ok(Term::list(items.to_vec())),
        _ => Err(badarg()),
    }
}
