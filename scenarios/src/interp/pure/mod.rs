//! Placeholder of the pure library (the real one is written on another branch and replaces
//! this file): just enough for the interpreter to build and run its first programs.

use crate::ir::{BinOp, Builtin, UnOp};
use sim::{Class, Exception, Term};

fn err(value: Term) -> Exception {
    Exception {
        class: Class::Error,
        value,
    }
}

/// Calls builtin `b` if it is pure.
pub(crate) fn call(b: Builtin, args: &[Term]) -> Option<Result<Term, Exception>> {
    let _ = (b, args);
    None
}

/// A binary operator on two values.
pub(crate) fn binop(op: BinOp, a: &Term, b: &Term) -> Result<Term, Exception> {
    use std::cmp::Ordering::*;
    let arith = |f: fn(i64, i64) -> Option<i64>| match (a, b) {
        (Term::Int(x), Term::Int(y)) => f(*x, *y)
            .map(Term::Int)
            .ok_or_else(|| err(Term::atom("badarith"))),
        _ => Err(err(Term::atom("badarith"))),
    };
    match op {
        BinOp::Add => arith(i64::checked_add),
        BinOp::Sub => arith(i64::checked_sub),
        BinOp::Mul => arith(i64::checked_mul),
        BinOp::Eq | BinOp::StrictEq => Ok(Term::bool(a == b)),
        BinOp::Ne | BinOp::StrictNe => Ok(Term::bool(a != b)),
        BinOp::Lt => Ok(Term::bool(a.term_cmp(b) == Less)),
        BinOp::Gt => Ok(Term::bool(a.term_cmp(b) == Greater)),
        BinOp::Le => Ok(Term::bool(a.term_cmp(b) != Greater)),
        BinOp::Ge => Ok(Term::bool(a.term_cmp(b) != Less)),
        BinOp::Concat => match (a, b) {
            (Term::Str(x), Term::Str(y)) => Ok(Term::str(&format!("{x}{y}"))),
            _ => Err(err(Term::atom("badarg"))),
        },
        BinOp::ListConcat => match a {
            Term::List(x) => {
                let mut v = x.clone();
                match b {
                    Term::List(y) => v.extend(y.iter().cloned()),
                    _ => return Err(err(Term::atom("badarg"))),
                }
                Ok(Term::List(v))
            }
            _ => Err(err(Term::atom("badarg"))),
        },
        BinOp::And
        | BinOp::Or
        | BinOp::AndAlso
        | BinOp::OrElse
        | BinOp::ListSubtract
        | BinOp::In
        | BinOp::Range => Err(err(Term::atom("otpsim_placeholder"))),
    }
}

/// A unary operator.
pub(crate) fn unop(op: UnOp, a: &Term) -> Result<Term, Exception> {
    match (op, a) {
        (UnOp::Neg, Term::Int(i)) => Ok(Term::Int(-i)),
        (UnOp::Plus, Term::Int(_)) => Ok(a.clone()),
        (UnOp::Not, t) if t.is_atom("true") => Ok(Term::bool(false)),
        (UnOp::Not, t) if t.is_atom("false") => Ok(Term::bool(true)),
        (UnOp::Bang, t) => Ok(Term::bool(!truthy(t))),
        _ => Err(err(Term::atom("badarith"))),
    }
}

/// `String.Chars.to_string/1`.
pub(crate) fn to_string(t: &Term) -> Result<String, Exception> {
    match t {
        Term::Str(s) => Ok(s.to_string()),
        Term::Int(i) => Ok(i.to_string()),
        Term::Atom(a) if a.as_str() == "nil" => Ok(String::new()),
        Term::Atom(a) => Ok(a
            .as_str()
            .strip_prefix("Elixir.")
            .unwrap_or(a.as_str())
            .to_string()),
        _ => Err(err(Term::struct_(
            "Protocol.UndefinedError",
            vec![
                ("protocol", Term::module("String.Chars")),
                ("value", t.clone()),
                ("description", Term::str("")),
            ],
        ))),
    }
}

/// Everything but `nil` and `false`.
pub(crate) fn truthy(t: &Term) -> bool {
    !(t.is_atom("nil") || t.is_atom("false"))
}

/// An Enumerable's elements.
pub(crate) fn enumerate(t: &Term) -> Result<Vec<Term>, Exception> {
    match t {
        Term::List(v) => Ok(v.clone()),
        _ => Err(err(Term::atom("badarg"))),
    }
}

/// A canonical map.
pub(crate) fn map_from(pairs: impl IntoIterator<Item = (Term, Term)>) -> Term {
    let mut v: Vec<(Term, Term)> = Vec::new();
    for (k, x) in pairs {
        match v.iter_mut().find(|(k2, _)| *k2 == k) {
            Some(slot) => slot.1 = x,
            None => v.push((k, x)),
        }
    }
    v.sort_by(|a, b| a.0.term_cmp(&b.0));
    Term::Map(v)
}

/// `Exception.normalize(:error, value)`.
pub(crate) fn normalize_error(value: &Term) -> Term {
    value.clone()
}
