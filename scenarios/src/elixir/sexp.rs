//! A compact, exact rendering of the AST's shape, one S-expression per node, for tests and
//! for debugging the lowering: unlike [`std::fmt::Display`] it shows every node kind, so
//! `[do: x]` and `do ... end` print the same only because they are the same.
//!
//! `case x do {:ok, v} when v > 0 -> v; _ -> 0 end` is
//! `(call case (var x) (list (tuple :do (stab (-> ((tuple :ok (var v))) when (> (var v) 0) (var v)) (-> ((var _)) 0)))))`.

use std::fmt::Write as _;

use super::ast::{Clause, Kind, Node, Part, Target};
use super::spelling::atom;

impl Node {
    /// The node's shape as an S-expression (spans left out).
    pub fn sexp(&self) -> String {
        let mut out = String::new();
        write_node(&mut out, self);
        out
    }
}

fn write_node(out: &mut String, n: &Node) {
    match &n.kind {
        Kind::Int(i) => write!(out, "{i}").unwrap_or(()),
        Kind::Float(x) => write!(out, "{x:?}").unwrap_or(()),
        Kind::Atom(a) => out.push_str(&atom(a)),
        Kind::Str(parts) => write_parts(out, "str", parts),
        Kind::Charlist(parts) => write_parts(out, "charlist", parts),
        Kind::Var(v) => write!(out, "(var {v})").unwrap_or(()),
        Kind::Alias(a) => write!(out, "(alias {a})").unwrap_or(()),
        Kind::CurrentModule => out.push_str("__MODULE__"),
        Kind::Attr(a) => write!(out, "(@ {a})").unwrap_or(()),
        Kind::AttrDef { name, value } => list(out, &format!("@ {name}"), [&**value]),
        Kind::Tuple(items) => list(out, "tuple", items),
        Kind::List { items, tail } => {
            list(out, "list", items);
            if let Some(tail) = tail {
                out.pop();
                out.push_str(" | ");
                write_node(out, tail);
                out.push(')');
            }
        }
        Kind::Map { update, pairs } => map(out, "map", None, update.as_deref(), pairs),
        Kind::Struct {
            name,
            update,
            pairs,
        } => map(out, "struct", Some(name), update.as_deref(), pairs),
        Kind::Access { expr, key } => list(out, "access", [&**expr, &**key]),
        Kind::BinaryOp { op, lhs, rhs } => list(out, op.symbol(), [&**lhs, &**rhs]),
        Kind::UnaryOp { op, operand } => list(out, op.symbol().trim(), [&**operand]),
        Kind::Range { first, last, step } => list(
            out,
            "..",
            [&**first, &**last].into_iter().chain(step.as_deref()),
        ),
        Kind::Call { target, args } => {
            out.push_str("(call ");
            write_target(out, target);
            for a in args {
                out.push(' ');
                write_node(out, a);
            }
            out.push(')');
        }
        Kind::Dot { expr, field } => list(out, &format!(". {field}"), [&**expr]),
        Kind::Fn(clauses) => write_clauses(out, "fn", clauses),
        Kind::CaptureFun { target, arity } => {
            out.push_str("(& ");
            write_target(out, target);
            write!(out, "/{arity})").unwrap_or(());
        }
        Kind::CaptureExpr(body) => list(out, "&", [&**body]),
        Kind::CaptureArg(i) => write!(out, "&{i}").unwrap_or(()),
        Kind::Stab(clauses) => write_clauses(out, "stab", clauses),
        Kind::Block(body) => list(out, "block", body),
        Kind::Unsupported { what } => write!(out, "(unsupported {what:?})").unwrap_or(()),
    }
}

fn list<'n>(out: &mut String, head: &str, items: impl IntoIterator<Item = &'n Node>) {
    write!(out, "({head}").unwrap_or(());
    for item in items {
        out.push(' ');
        write_node(out, item);
    }
    out.push(')');
}

fn map(
    out: &mut String,
    head: &str,
    name: Option<&Node>,
    update: Option<&Node>,
    pairs: &[(Node, Node)],
) {
    write!(out, "({head}").unwrap_or(());
    for n in name.into_iter().chain(update) {
        out.push(' ');
        write_node(out, n);
    }
    if update.is_some() {
        out.push_str(" |");
    }
    for (k, v) in pairs {
        out.push_str(" (");
        write_node(out, k);
        out.push_str(" => ");
        write_node(out, v);
        out.push(')');
    }
    out.push(')');
}

fn write_parts(out: &mut String, head: &str, parts: &[Part]) {
    write!(out, "({head}").unwrap_or(());
    for p in parts {
        out.push(' ');
        match p {
            Part::Text(t) => write!(out, "{t:?}").unwrap_or(()),
            Part::Interp(e) => list(out, "#", [e]),
        }
    }
    out.push(')');
}

fn write_target(out: &mut String, target: &Target) {
    match target {
        Target::Local(name) => out.push_str(name),
        Target::Remote { module, fun } => {
            write_node(out, module);
            write!(out, ".{fun}").unwrap_or(());
        }
        Target::Anon(f) => {
            write_node(out, f);
            out.push('.');
        }
    }
}

fn write_clauses(out: &mut String, head: &str, clauses: &[Clause]) {
    write!(out, "({head}").unwrap_or(());
    for c in clauses {
        out.push_str(" (-> (");
        for (i, a) in c.args.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            write_node(out, a);
        }
        out.push(')');
        if let Some(g) = &c.guard {
            out.push_str(" when ");
            write_node(out, g);
        }
        out.push(' ');
        write_node(out, &c.body);
        out.push(')');
    }
    out.push(')');
}
