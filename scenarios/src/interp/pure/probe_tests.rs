//! The VM's answers, reproduced: every `ok`/`exit` line of `docs/probes/pure_builtins.out`
//! (the recorded output of `pure_builtins.exs` on Elixir 1.14 / OTP 25) is parsed,
//! evaluated with the pure library, and rendered: the value for `ok`, the exit reason of a
//! process that raised it (stacktrace `[]`) for `exit`. Lines marked `~` record what the
//! simulator deliberately does not model and are skipped.

use super::label::{Expr, parse};
use super::{binop, call, exception_message, map_from, normalize_error, unop};
use crate::ir::Builtin;
use sim::{Atom, Exception, Term};
use std::panic::{AssertUnwindSafe, catch_unwind};

fn all(items: &[Expr]) -> Result<Vec<Term>, Exception> {
    items.iter().map(eval).collect()
}

/// Evaluates a parsed expression with the pure library.
pub(super) fn eval(e: &Expr) -> Result<Term, Exception> {
    Ok(match e {
        Expr::Lit(t) => t.clone(),
        Expr::Tuple(items) => Term::tuple(all(items)?),
        Expr::List(items) => Term::list(all(items)?),
        Expr::Map(kvs) => map_from(
            kvs.iter()
                .map(|(k, v)| Ok((eval(k)?, eval(v)?)))
                .collect::<Result<Vec<_>, Exception>>()?,
        ),
        Expr::Struct(name, fields) => {
            let module = match Term::module(name) {
                Term::Atom(a) => a,
                _ => Atom::Static("?"),
            };
            let fields = fields
                .iter()
                .map(|(k, v)| Ok((Atom::Dyn(k.as_str().into()), eval(v)?)))
                .collect::<Result<Vec<_>, Exception>>()?;
            Term::new_struct(module, fields)
        }
        Expr::Bin(op, a, b) => binop(*op, &eval(a)?, &eval(b)?)?,
        Expr::Un(op, a) => unop(*op, &eval(a)?)?,
        Expr::Step(first, last, step) => Term::struct_(
            "Range",
            vec![
                ("first", eval(first)?),
                ("last", eval(last)?),
                ("step", eval(step)?),
            ],
        ),
        Expr::Call(module, f, args) => {
            let args = all(args)?;
            match (module.as_deref(), f.as_str(), args.as_slice()) {
                (Some("Exception"), "normalize", [_, v, _]) => normalize_error(v),
                (Some("Exception"), "message", [e]) => Term::str(&exception_message(e)),
                (m, f, _) => {
                    let b = match m {
                        Some(m) => Builtin::lookup(m, f, args.len()),
                        None => Builtin::imported(f, args.len()),
                    };
                    let b = b.unwrap_or_else(|| panic!("no builtin {m:?}.{f}/{}", args.len()));
                    call(b, &args).unwrap_or_else(|| panic!("{b:?} is not pure"))?
                }
            }
        }
    })
}

const RECORDED: &str = include_str!("../../../../docs/probes/pure_builtins.out");

/// `expr => ok value` / `expr => exit reason` as `(expr, "ok value")`, split at the
/// first marker (an expression may contain `=>`, as in `%{1 => :a}`, but no marker).
fn split(line: &str) -> Option<(&str, &str)> {
    let i = [" => ok ", " => exit "]
        .iter()
        .filter_map(|m| line.find(m))
        .min()?;
    Some((line.get(..i)?, line.get(i + " => ".len()..)?))
}

/// What the simulator gives for `label`, in the recording's form.
fn reproduce(label: &str) -> String {
    let expr = match parse(label) {
        Ok(e) => e,
        Err(e) => return format!("unparsable: {e}"),
    };
    match catch_unwind(AssertUnwindSafe(|| eval(&expr))) {
        Ok(Ok(v)) => format!("ok {v}"),
        Ok(Err(e)) => format!("exit {}", e.exit_reason()),
        Err(panic) => format!(
            "panicked: {}",
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        ),
    }
}

#[test]
fn every_recorded_vm_result_is_reproduced() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (n, line) in RECORDED.lines().enumerate() {
        if line.starts_with('~') || line.starts_with("==") || line.trim().is_empty() {
            continue;
        }
        let Some((label, expected)) = split(line) else {
            failures.push(format!("line {}: no `=> ok`/`=> exit`: {line}", n + 1));
            continue;
        };
        checked += 1;
        let got = reproduce(label);
        if got != expected {
            failures.push(format!(
                "line {}: {label}\n   VM:  {expected}\n   sim: {got}",
                n + 1
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} recorded results differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 300, "only {checked} lines checked");
}
