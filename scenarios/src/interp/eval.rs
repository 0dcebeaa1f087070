//! Values at run time: the environment of a process, expressions, patterns, templates.

use super::{MAX_DEPTH, MAX_VALUE};
use crate::lang::term::{Expr, Part, Pat, TaskField, Template};
use model::Task;
use sim::{Pid, Term};
use std::rc::Rc;

/// What a variable holds.
#[derive(Clone, Debug)]
pub(crate) enum Val {
    Term(Term),
    Task(Task),
}

/// A process's variables, newest last (a later binding shadows an earlier one). Blocks
/// restore the length they started with, so their bindings do not leak.
pub(crate) type Env = Vec<(Rc<str>, Val)>;

pub(crate) fn lookup<'a>(env: &'a Env, name: &str) -> &'a Val {
    env.iter()
        .rev()
        .find(|(n, _)| &**n == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| unreachable!("the checker resolved `{name}`"))
}

pub(crate) fn task<'a>(env: &'a Env, name: &str) -> &'a Task {
    match lookup(env, name) {
        Val::Task(t) => t,
        Val::Term(_) => unreachable!("the checker made sure `{name}` is a task"),
    }
}

/// A value (or a template's text) went past a limit.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum TooBig {
    /// More units than it was allowed ([`MAX_VALUE`]).
    Size,
    /// Nested deeper than [`MAX_DEPTH`].
    Depth,
}

/// Takes the size of `t` out of `left`, or says it does not fit. The size of a value is one
/// unit per element (atom, integer, pid, reference, tuple, list, map, struct) plus one per
/// byte of its strings and atoms. Stops walking as soon as `left` runs out, so the check
/// costs no more than the units allowed.
pub(crate) fn fits(t: &Term, left: &mut usize) -> Result<(), TooBig> {
    let own = 1 + match t {
        Term::Atom(a) => a.as_str().len(),
        Term::Str(s) => s.len(),
        Term::Struct(name, _) => name.as_str().len(),
        _ => 0,
    };
    *left = left.checked_sub(own).ok_or(TooBig::Size)?;
    match t {
        Term::Tuple(items) | Term::List(items) => items.iter().try_for_each(|i| fits(i, left)),
        Term::Map(kvs) => kvs.iter().try_for_each(|(k, v)| {
            fits(k, left)?;
            fits(v, left)
        }),
        Term::Struct(_, fields) => fields.iter().try_for_each(|(k, v)| {
            *left = left.checked_sub(k.as_str().len()).ok_or(TooBig::Size)?;
            fits(v, left)
        }),
        _ => Ok(()),
    }
}

/// True if `t` nests no deeper than `levels` (a scalar is one level, `[x]` one more than
/// `x`). Recurses at most `levels` deep, however deep `t` is.
pub(crate) fn shallow(t: &Term, levels: usize) -> bool {
    let Some(below) = levels.checked_sub(1) else {
        return false;
    };
    match t {
        Term::Tuple(items) | Term::List(items) => items.iter().all(|i| shallow(i, below)),
        Term::Map(kvs) => kvs
            .iter()
            .all(|(k, v)| shallow(k, below) && shallow(v, below)),
        Term::Struct(_, fields) => fields.iter().all(|(_, v)| shallow(v, below)),
        _ => true,
    }
}

/// Evaluates `e` in process `me`, its result within `left` units (see [`fits`]) and
/// [`MAX_DEPTH`] levels: each part is charged before it is copied, so an expression that
/// would build too large a value stops before it does. (Every value bound is checked, so the
/// parts copied are shallow and the result at most an expression's nesting deeper.)
pub(crate) fn eval(env: &Env, me: Pid, e: &Expr, left: &mut usize) -> Result<Term, TooBig> {
    let t = build(env, me, e, left)?;
    if !shallow(&t, MAX_DEPTH) {
        return Err(TooBig::Depth);
    }
    Ok(t)
}

fn build(env: &Env, me: Pid, e: &Expr, left: &mut usize) -> Result<Term, TooBig> {
    let t = match e {
        Expr::Lit(t) => {
            fits(t, left)?;
            t.clone()
        }
        Expr::Var(v) => match lookup(env, v) {
            Val::Term(t) => {
                fits(t, left)?;
                t.clone()
            }
            Val::Task(t) => t.to_term(),
        },
        Expr::Field(v, f) => {
            let t = task(env, v);
            match f {
                TaskField::Pid => t.pid.map_or_else(Term::nil, Term::Pid),
                TaskField::Ref => Term::Ref(t.r#ref),
                TaskField::Owner => Term::Pid(t.owner),
            }
        }
        Expr::SelfPid => Term::Pid(me),
        Expr::Tuple(items) => Term::Tuple(eval_all(env, me, items, left)?),
        Expr::List(items) => Term::List(eval_all(env, me, items, left)?),
    };
    Ok(t)
}

fn eval_all(env: &Env, me: Pid, items: &[Expr], left: &mut usize) -> Result<Vec<Term>, TooBig> {
    *left = left.checked_sub(1).ok_or(TooBig::Size)?;
    items.iter().map(|i| build(env, me, i, left)).collect()
}

/// The current value of a variable (for pins, which copy but never build).
fn value_of(env: &Env, v: &Rc<str>) -> Term {
    match lookup(env, v) {
        Val::Term(t) => t.clone(),
        Val::Task(t) => t.to_term(),
    }
}

/// A pattern with its pins replaced by their current values, ready to run in a matcher.
pub(crate) fn resolve_pins(env: &Env, p: &Pat) -> Pat {
    match p {
        Pat::Pin(v) => Pat::Lit(value_of(env, v)),
        Pat::Tuple(items) => Pat::Tuple(items.iter().map(|i| resolve_pins(env, i)).collect()),
        Pat::List(items) => Pat::List(items.iter().map(|i| resolve_pins(env, i)).collect()),
        other => other.clone(),
    }
}

/// Matches `t` against `p` (pins already resolved), collecting bindings. A variable that
/// occurs twice must match equal values, as in Elixir.
pub(crate) fn matches(p: &Pat, t: &Term, out: &mut Vec<(Rc<str>, Term)>) -> bool {
    match (p, t) {
        (Pat::Any, _) => true,
        (Pat::Lit(l), t) => l == t,
        (Pat::Bind(v), t) => match out.iter().find(|(n, _)| n == v) {
            Some((_, prev)) => prev == t,
            None => {
                out.push((v.clone(), t.clone()));
                true
            }
        },
        (Pat::Tuple(ps), Term::Tuple(ts)) | (Pat::List(ps), Term::List(ts)) => {
            ps.len() == ts.len() && ps.iter().zip(ts).all(|(p, t)| matches(p, t, out))
        }
        _ => false,
    }
}

/// `to_string/1` (the `String.Chars` protocol), or `None` where Elixir raises
/// `Protocol.UndefinedError` (tuples, pids, references, maps).
pub(crate) fn to_chars(t: &Term) -> Option<String> {
    match t {
        Term::Str(s) => Some(s.to_string()),
        Term::Atom(a) if a.as_str() == "nil" => Some(String::new()),
        Term::Atom(a) => Some(a.as_str().to_string()),
        Term::Int(i) => Some(i.to_string()),
        Term::List(items) => items.iter().try_fold(String::new(), |mut acc, i| {
            match i {
                Term::Int(c) => acc.push(char::from_u32(u32::try_from(*c).ok()?)?),
                other => acc.push_str(&to_chars(other)?),
            }
            Some(acc)
        }),
        _ => None,
    }
}

/// `%Protocol.UndefinedError{}` for `to_string(value)`.
pub(crate) fn undefined_chars(value: Term) -> Term {
    Term::struct_(
        "Protocol.UndefinedError",
        vec![
            // 1.14 prints its fields in definition order.
            ("protocol", Term::module("String.Chars")),
            ("value", value),
            ("description", Term::str("")),
        ],
    )
}

/// Why a template could not be rendered.
#[derive(Debug)]
pub(crate) enum RenderError {
    /// A `#{}` value has no `String.Chars`: raise this exception, as Elixir would.
    Raise(Term),
    /// The text grew past [`MAX_VALUE`] bytes, or a value inside it past a limit.
    TooBig(TooBig),
}

/// Renders a template, in at most [`MAX_VALUE`] bytes (the values it shows count towards
/// `left`). `inspect` renders pids and task references with their stable names.
pub(crate) fn render(
    env: &Env,
    me: Pid,
    t: &Template,
    left: &mut usize,
    inspect: impl Fn(&Term) -> String,
) -> Result<String, RenderError> {
    let too_big = RenderError::TooBig;
    let mut out = String::new();
    for part in t {
        match part {
            Part::Text(s) => out.push_str(s),
            Part::Show(e) => {
                let v = eval(env, me, e, left).map_err(too_big)?;
                match to_chars(&v) {
                    Some(s) => out.push_str(&s),
                    None => return Err(RenderError::Raise(undefined_chars(v))),
                }
            }
            Part::Inspect(e) => out.push_str(&inspect(&eval(env, me, e, left).map_err(too_big)?)),
        }
        if out.len() > MAX_VALUE {
            return Err(RenderError::TooBig(TooBig::Size));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::term::parse_pattern;

    #[test]
    fn patterns_bind_and_repeat_variables_must_agree() {
        let p = parse_pattern("{:pair, x, x}").unwrap();
        let same = Term::tuple(vec![Term::atom("pair"), Term::Int(1), Term::Int(1)]);
        let diff = Term::tuple(vec![Term::atom("pair"), Term::Int(1), Term::Int(2)]);
        let mut b = Vec::new();
        assert!(matches(&p, &same, &mut b));
        assert_eq!(b, vec![("x".into(), Term::Int(1))]);
        assert!(!matches(&p, &diff, &mut Vec::new()));
    }

    #[test]
    fn sizes_count_elements_and_bytes() {
        let mut left = 3;
        assert_eq!(fits(&Term::str("abcd"), &mut left), Err(TooBig::Size));
        let mut left = 5;
        assert_eq!(fits(&Term::str("abcd"), &mut left), Ok(()));
        assert_eq!(left, 0);
    }

    #[test]
    fn depth_counts_nesting_and_stops_at_the_limit() {
        let mut t = Term::Int(1);
        assert!(shallow(&t, 1) && !shallow(&t, 0));
        for _ in 0..1000 {
            t = Term::list(vec![t]);
        }
        assert!(!shallow(&t, 100));
        assert!(shallow(&t, 1001) && !shallow(&t, 1000));
        // Taken apart by hand, as a deeper value would have to be.
        while let Term::List(mut items) = t {
            t = items.pop().unwrap_or(Term::Int(0));
        }
    }

    #[test]
    fn to_string_follows_string_chars() {
        assert_eq!(to_chars(&Term::str("a")).as_deref(), Some("a"));
        assert_eq!(to_chars(&Term::atom("ok")).as_deref(), Some("ok"));
        assert_eq!(to_chars(&Term::nil()).as_deref(), Some(""));
        assert_eq!(
            to_chars(&Term::list(vec![Term::Int(104), Term::str("i")])).as_deref(),
            Some("hi")
        );
        assert_eq!(to_chars(&Term::tuple(vec![])), None);
    }
}
