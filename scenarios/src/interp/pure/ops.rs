//! The operators, on values. Comparisons are Erlang term order (`1 < :a`, `{} < %{}`);
//! `==` compares numbers by value (`1 == 1.0`), `===` exactly (`1 !== 1.0`). Integers are
//! `i64`: a result that does not fit raises `{:otpsim_limit, "integer overflow"}` where
//! the BEAM would make a bignum. A float result that would be infinite is a `:badarith`,
//! as on the BEAM (semantics §5.24).

use super::enumerable::{Range, source};
use super::errors::{R, argument_error, badarg, badarith, badbool, check_bytes};
use super::errors::{check_elements, limit, overflow};
use super::order::{Bag, equal, equal_value};
use super::truthy;
use crate::ir::{BinOp, UnOp};
use sim::{List, Term};
use std::cmp::Ordering;

/// `a op b` for every binary operator. The short-circuit ones are evaluated here as if
/// both sides were already known (the probes' reference evaluator does so); the
/// interpreter evaluates `b` only when [`then`] says so, to the same value, and raises
/// `{:badbool, :and, left}` (a `BadBooleanError` once normalised) where this does.
pub(crate) fn binop(op: BinOp, a: &Term, b: &Term) -> R<Term> {
    match op {
        BinOp::Add => number_op(a, b, i64::checked_add, |x, y| x + y),
        BinOp::Sub => number_op(a, b, i64::checked_sub, |x, y| x - y),
        BinOp::Mul => number_op(a, b, i64::checked_mul, |x, y| x * y),
        BinOp::Div => divide(a, b),
        BinOp::Eq => Ok(Term::bool(equal_value(a, b))),
        BinOp::Ne => Ok(Term::bool(!equal_value(a, b))),
        BinOp::StrictEq => Ok(Term::bool(equal(a, b))),
        BinOp::StrictNe => Ok(Term::bool(!equal(a, b))),
        BinOp::Lt => Ok(Term::bool(a.term_cmp(b) == Ordering::Less)),
        BinOp::Gt => Ok(Term::bool(a.term_cmp(b) == Ordering::Greater)),
        BinOp::Le => Ok(Term::bool(a.term_cmp(b) != Ordering::Greater)),
        BinOp::Ge => Ok(Term::bool(a.term_cmp(b) != Ordering::Less)),
        BinOp::And => match boolean(a) {
            Some(true) => Ok(b.clone()),
            Some(false) => Ok(Term::bool(false)),
            None => Err(badbool("and", a)),
        },
        BinOp::Or => match boolean(a) {
            Some(true) => Ok(Term::bool(true)),
            Some(false) => Ok(b.clone()),
            None => Err(badbool("or", a)),
        },
        BinOp::AndAlso => Ok(if truthy(a) { b.clone() } else { a.clone() }),
        BinOp::OrElse => Ok(if truthy(a) { a.clone() } else { b.clone() }),
        BinOp::Concat => concat(a, b),
        BinOp::ListConcat => list_concat(a, b),
        BinOp::ListSubtract => list_subtract(a, b),
        BinOp::In => Ok(Term::bool(source(b)?.contains(a)?)),
        BinOp::Range => range(a, b),
    }
}

/// What a binary operator does once its left side is known to be `l`: a short-circuit one
/// (`and or && ||`) may be done, or take the right side as it is; `and`/`or` of a
/// non-boolean raises. The one statement of that rule for each evaluator of the
/// interpreter (the waiting one, the guards', and the one that needs no future).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Then {
    /// The value is the left side.
    Left,
    /// The value is the right side, evaluated only now.
    Right,
    /// The value is [`binop`] of both sides.
    Both,
    /// `{:badbool, op, l}` (the operator's name): a `BadBooleanError` once rescued.
    BadBool(&'static str),
}

/// [`Then`] for `op` with left side `l`.
#[inline]
pub(crate) fn then(op: BinOp, l: &Term) -> Then {
    match op {
        BinOp::And => match boolean(l) {
            Some(true) => Then::Right,
            Some(false) => Then::Left,
            None => Then::BadBool("and"),
        },
        BinOp::Or => match boolean(l) {
            Some(true) => Then::Left,
            Some(false) => Then::Right,
            None => Then::BadBool("or"),
        },
        BinOp::AndAlso if truthy(l) => Then::Right,
        BinOp::OrElse if !truthy(l) => Then::Right,
        BinOp::AndAlso | BinOp::OrElse => Then::Left,
        _ => Then::Both,
    }
}

/// `op a` for every unary operator.
pub(crate) fn unop(op: UnOp, a: &Term) -> R<Term> {
    match (op, a) {
        (UnOp::Neg, Term::Int(i)) => i.checked_neg().map(Term::Int).ok_or_else(overflow),
        (UnOp::Neg, Term::Float(x)) => Ok(Term::Float(-x)),
        (UnOp::Plus, Term::Int(_) | Term::Float(_)) => Ok(a.clone()),
        (UnOp::Neg | UnOp::Plus, _) => Err(badarith()),
        (UnOp::Not, t) => match boolean(t) {
            Some(b) => Ok(Term::bool(!b)),
            None => Err(badarg()),
        },
        (UnOp::Bang, t) => Ok(Term::bool(!truthy(t))),
    }
}

fn boolean(t: &Term) -> Option<bool> {
    if t.is_atom("true") {
        Some(true)
    } else if t.is_atom("false") {
        Some(false)
    } else {
        None
    }
}

/// `+`, `-`, `*`: integers stay integers (the limit on overflow), a float on either side
/// makes a float; `:badarith` on anything else, and for a float that would be infinite.
fn number_op(
    a: &Term,
    b: &Term,
    int: fn(i64, i64) -> Option<i64>,
    float: fn(f64, f64) -> f64,
) -> R<Term> {
    match (a, b) {
        (Term::Int(x), Term::Int(y)) => int(*x, *y).map(Term::Int).ok_or_else(overflow),
        _ => match (as_float(a), as_float(b)) {
            (Some(x), Some(y)) => finite(float(x, y)),
            _ => Err(badarith()),
        },
    }
}

/// `/`: always a float; `:badarith` for a zero divisor (`0` or `0.0`) or a non-number.
fn divide(a: &Term, b: &Term) -> R<Term> {
    match (as_float(a), as_float(b)) {
        (Some(_), Some(0.0)) => Err(badarith()),
        (Some(x), Some(y)) => finite(x / y),
        _ => Err(badarith()),
    }
}

/// A number as a float (`None` for anything else).
pub(crate) fn as_float(t: &Term) -> Option<f64> {
    match t {
        Term::Int(i) => Some(*i as f64),
        Term::Float(x) => Some(*x),
        _ => None,
    }
}

/// A float result, `:badarith` where the BEAM has no float for it (an infinity, a NaN).
pub(crate) fn finite(x: f64) -> R<Term> {
    if x.is_finite() {
        Ok(Term::Float(x))
    } else {
        Err(badarith())
    }
}

/// `<>`: binaries only (`:badarg`).
fn concat(a: &Term, b: &Term) -> R<Term> {
    match (a, b) {
        (Term::Str(x), Term::Str(y)) => {
            check_bytes(x.len() + y.len())?;
            // Joined, not copied: a string grown by `<>` in a loop is linear.
            Ok(Term::Str(sim::Text::concat(x, y)))
        }
        _ => Err(badarg()),
    }
}

/// `++`: `[] ++ x` is `x` whatever `x` is; a non-empty list needs a list on the right,
/// since the improper list the BEAM would build cannot be represented.
fn list_concat(a: &Term, b: &Term) -> R<Term> {
    match (a, b) {
        (Term::List(x), _) if x.is_empty() => Ok(b.clone()),
        (Term::List(x), Term::List(y)) => {
            check_elements(x.len() + y.len())?;
            // The right side is shared, not copied, as on the BEAM (see `sim::List`).
            Ok(Term::List(List::prepend(x.to_vec(), y.clone())))
        }
        (Term::List(_), _) => Err(limit("improper list")),
        _ => Err(badarg()),
    }
}

/// `--`: for each element of the right side, the first equal one of the left goes.
fn list_subtract(a: &Term, b: &Term) -> R<Term> {
    let (Term::List(x), Term::List(y)) = (a, b) else {
        return Err(badarg());
    };
    let mut bag = Bag::of(y);
    Ok(Term::List(
        x.iter().filter(|t| !bag.take(t)).cloned().collect(),
    ))
}

/// `first..last`: Elixir 1.14 infers step -1 when `first > last` (silently: the
/// deprecation of that inference came in a later version).
pub(crate) fn range(a: &Term, b: &Term) -> R<Term> {
    match (a, b) {
        (Term::Int(first), Term::Int(last)) => Ok(Range {
            first: *first,
            last: *last,
            step: if first <= last { 1 } else { -1 },
        }
        .to_term()),
        _ => Err(argument_error(&format!(
            "ranges (first..last) expect both sides to be integers, got: {a}..{b}"
        ))),
    }
}
