//! Printing the AST back as Elixir source, roughly as `Macro.to_string` does: operators with
//! the parentheses precedence needs, keyword lists as `a: 1`, a trailing `[do: ...]` as a
//! do-block. Used in error messages and tests; not a formatter.

use std::fmt::{self, Write as _};

use super::ast::{Clause, File, Kind, Node, Part, Target};
use super::layout::{
    bare_do_call, do_block, is_capture, keyword_list, keyword_pair, precedence, signed,
};
use super::ops::{BAR_PREC, RANGE_PREC, UNARY_PREC};
use super::spelling::{atom, escape, float, keyword_key};

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut p = Printer::default();
        p.statement(self);
        f.write_str(&p.out)
    }
}

impl fmt::Display for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut p = Printer::default();
        p.lines(&self.body);
        f.write_str(&p.out)
    }
}

#[derive(Default)]
struct Printer {
    out: String,
    indent: usize,
}

impl Printer {
    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
    }

    /// Expressions one per line (a body).
    fn lines(&mut self, nodes: &[Node]) {
        for (i, n) in nodes.iter().enumerate() {
            if i > 0 {
                self.newline();
            }
            self.statement(n);
        }
    }

    /// A node in statement position: a block is its lines.
    fn statement(&mut self, n: &Node) {
        match &n.kind {
            Kind::Block(body) if !body.is_empty() => self.lines(body),
            _ => self.expr(n, 0),
        }
    }

    /// A body after `do`/`->`: indented on its own lines.
    fn indented(&mut self, n: &Node) {
        self.indent += 1;
        self.newline();
        self.statement(n);
        self.indent -= 1;
    }

    fn expr(&mut self, n: &Node, min_prec: u8) {
        let prec = precedence(n);
        let parens = prec < min_prec;
        if parens {
            self.out.push('(');
        }
        self.kind(n);
        if parens {
            self.out.push(')');
        }
    }

    fn kind(&mut self, n: &Node) {
        match &n.kind {
            Kind::Int(i) => write!(self.out, "{i}").unwrap_or(()),
            Kind::Float(x) => self.out.push_str(&float(*x)),
            Kind::Atom(a) => self.out.push_str(&atom(a)),
            Kind::Str(parts) => self.quoted(parts, '"'),
            Kind::Charlist(parts) => self.quoted(parts, '\''),
            Kind::Var(name) | Kind::Alias(name) => self.out.push_str(name),
            Kind::CurrentModule => self.out.push_str("__MODULE__"),
            Kind::Attr(name) => write!(self.out, "@{name}").unwrap_or(()),
            Kind::AttrDef { name, value } => {
                write!(self.out, "@{name} ").unwrap_or(());
                self.expr(value, 0);
            }
            Kind::Tuple(items) => self.seq("{", items, "}"),
            Kind::List { items, tail } => self.list(items, tail.as_deref()),
            Kind::Map { update, pairs } => self.map("%{", update.as_deref(), pairs),
            Kind::Struct {
                name,
                update,
                pairs,
            } => {
                self.out.push('%');
                self.expr(name, u8::MAX);
                self.map("{", update.as_deref(), pairs);
            }
            Kind::Access { expr, key } => {
                self.expr(expr, u8::MAX);
                self.seq("[", std::slice::from_ref(&**key), "]");
            }
            Kind::BinaryOp { op, lhs, rhs } => {
                let (p, right) = (op.prec(), op.right_assoc());
                self.expr(
                    lhs,
                    if is_capture(lhs) {
                        u8::MAX
                    } else if right {
                        p + 1
                    } else {
                        p
                    },
                );
                write!(self.out, " {} ", op.symbol()).unwrap_or(());
                self.expr(rhs, if right { p } else { p + 1 });
            }
            Kind::UnaryOp { op, operand } => {
                self.out.push_str(op.symbol());
                // `-(-1)`, not `--1` (which is the `--` operator).
                self.expr(operand, if signed(operand) { u8::MAX } else { UNARY_PREC });
            }
            Kind::Range { first, last, step } => {
                self.expr(first, RANGE_PREC + 1);
                self.out.push_str("..");
                // `x..(-1)`: the grammar misreads `x..-1` in brackets (see `misread_range`).
                self.expr(
                    last,
                    if signed(last) {
                        u8::MAX
                    } else {
                        RANGE_PREC + 1
                    },
                );
                if let Some(step) = step {
                    self.out.push_str("//");
                    self.expr(step, RANGE_PREC + 1);
                }
            }
            Kind::Call { target, args } => self.call(target, args),
            Kind::Dot { expr, field } => {
                self.expr(expr, u8::MAX);
                write!(self.out, ".{field}").unwrap_or(());
            }
            Kind::Fn(clauses) => self.function(clauses),
            Kind::CaptureFun { target, arity } => {
                self.out.push('&');
                self.target(target);
                write!(self.out, "/{arity}").unwrap_or(());
            }
            Kind::CaptureExpr(body) => {
                self.out.push('&');
                self.expr(body, u8::MAX);
            }
            Kind::CaptureArg(i) => write!(self.out, "&{i}").unwrap_or(()),
            Kind::Stab(clauses) => {
                self.out.push('(');
                self.clauses(clauses);
                self.out.push(')');
            }
            Kind::Block(body) => {
                self.out.push('(');
                for (i, e) in body.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str("; ");
                    }
                    self.expr(e, 0);
                }
                self.out.push(')');
            }
            Kind::Unsupported { what } => write!(self.out, "(unsupported: {what})").unwrap_or(()),
        }
    }

    fn seq(&mut self, open: &str, items: &[Node], close: &str) {
        self.out.push_str(open);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.expr(item, 0);
        }
        self.out.push_str(close);
    }

    fn args(&mut self, items: &[Node]) {
        self.out.push('(');
        self.comma_separated(items);
        self.out.push(')');
    }

    /// Items separated by commas; a trailing keyword list loses its brackets, as in
    /// `f(x, name: Foo)`.
    fn comma_separated(&mut self, items: &[Node]) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            match &item.kind {
                Kind::List {
                    items: kw,
                    tail: None,
                } if i + 1 == items.len() && keyword_list(kw) => self.keywords(kw),
                _ => self.expr(item, 0),
            }
        }
    }

    /// `a: 1, b: 2` (the caller checked that `items` is a keyword list).
    fn keywords(&mut self, items: &[Node]) {
        for (i, (key, value)) in items.iter().filter_map(keyword_pair).enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            write!(self.out, "{} ", keyword_key(key)).unwrap_or(());
            self.expr(value, 0);
        }
    }

    fn list(&mut self, items: &[Node], tail: Option<&Node>) {
        self.out.push('[');
        if keyword_list(items) && tail.is_none() {
            self.keywords(items);
        } else {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                // Above `|`, and a capture before ` | tail` would take the tail in.
                self.expr(
                    item,
                    if is_capture(item) {
                        u8::MAX
                    } else {
                        BAR_PREC + 1
                    },
                );
            }
        }
        if let Some(tail) = tail {
            self.out.push_str(" | ");
            self.expr(tail, 0);
        }
        self.out.push(']');
    }

    fn map(&mut self, open: &str, update: Option<&Node>, pairs: &[(Node, Node)]) {
        self.out.push_str(open);
        if let Some(base) = update {
            self.expr(
                base,
                if is_capture(base) {
                    u8::MAX
                } else {
                    BAR_PREC + 1
                },
            );
            self.out.push_str(" | ");
        }
        let keywords = pairs.iter().all(|(k, _)| matches!(k.kind, Kind::Atom(_)));
        for (i, (key, value)) in pairs.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            match &key.kind {
                Kind::Atom(a) if keywords => write!(self.out, "{} ", keyword_key(a)).unwrap_or(()),
                _ => {
                    self.expr(key, if is_capture(key) { u8::MAX } else { 51 });
                    self.out.push_str(" => ");
                }
            }
            self.expr(value, 0);
        }
        self.out.push('}');
    }

    fn target(&mut self, target: &Target) {
        match target {
            Target::Local(name) => self.out.push_str(name),
            Target::Remote { module, fun } => {
                self.expr(module, u8::MAX);
                self.out.push('.');
                if fun
                    .chars()
                    .all(|c| c.is_alphanumeric() || "_?!".contains(c))
                {
                    self.out.push_str(fun);
                } else {
                    write!(self.out, "\"{}\"", escape(fun, '"')).unwrap_or(());
                }
            }
            Target::Anon(f) => {
                self.expr(f, u8::MAX);
                self.out.push('.');
            }
        }
    }

    fn call(&mut self, target: &Target, args: &[Node]) {
        self.target(target);
        let Some((last, rest)) = args.split_last() else {
            self.out.push_str("()");
            return;
        };
        let Some(blocks) = do_block(last) else {
            self.args(args);
            return;
        };
        if rest.iter().any(bare_do_call) {
            // `case (if a do b end) do`: without parentheses the inner `do` would be taken
            // for the outer call's.
            self.args(rest);
        } else if !rest.is_empty() {
            self.out.push(' ');
            self.comma_separated(rest);
        }
        for (key, value) in blocks {
            self.out.push_str(if key == "do" { " do" } else { key });
            match &value.kind {
                Kind::Stab(clauses) => {
                    self.indent += 1;
                    self.newline();
                    self.clauses(clauses);
                    self.indent -= 1;
                }
                Kind::Block(body) if body.is_empty() => {}
                _ => self.indented(value),
            }
            self.newline();
        }
        self.out.push_str("end");
    }

    fn function(&mut self, clauses: &[Clause]) {
        match clauses {
            [one] => {
                self.out.push_str("fn ");
                self.clause(one);
                if matches!(&one.body.kind, Kind::Block(b) if !b.is_empty()) {
                    self.newline();
                    self.out.push_str("end");
                } else {
                    self.out.push_str(" end");
                }
            }
            _ => {
                self.out.push_str("fn");
                self.indent += 1;
                self.newline();
                self.clauses(clauses);
                self.indent -= 1;
                self.newline();
                self.out.push_str("end");
            }
        }
    }

    fn clauses(&mut self, clauses: &[Clause]) {
        for (i, c) in clauses.iter().enumerate() {
            if i > 0 {
                self.newline();
            }
            self.clause(c);
        }
    }

    fn clause(&mut self, c: &Clause) {
        match c.args.split_last() {
            Some((last, rest)) if c.guard.is_some() && is_capture(last) => {
                self.comma_separated(rest);
                if !rest.is_empty() {
                    self.out.push_str(", ");
                }
                self.expr(last, u8::MAX);
            }
            _ => self.comma_separated(&c.args),
        }
        if let Some(guard) = &c.guard {
            self.out.push_str(" when ");
            self.expr(guard, 0);
        }
        self.out
            .push_str(if c.args.is_empty() && c.guard.is_none() {
                "->"
            } else {
                " ->"
            });
        match &c.body.kind {
            Kind::Block(body) if !body.is_empty() => self.indented(&c.body),
            _ => {
                self.out.push(' ');
                self.expr(&c.body, 0);
            }
        }
    }

    fn quoted(&mut self, parts: &[Part], quote: char) {
        self.out.push(quote);
        for part in parts {
            match part {
                Part::Text(text) => self.out.push_str(&escape(text, quote)),
                Part::Interp(e) => {
                    self.out.push_str("#{");
                    self.expr(e, 0);
                    self.out.push('}');
                }
            }
        }
        self.out.push(quote);
    }
}
