//! Calls (local, remote, anonymous, field access), do-blocks and stab clauses.
//!
//! The functions on the recursive path (those that call [`Conv::expr`]) are kept small and
//! free of formatting: in a debug build their frames are what one level of nesting costs.

use tree_sitter::Node as TsNode;

use super::ast::{BinOp, Clause, Kind, Node, Span, Target};
use super::convert::{Conv, R, field_opt, named, unsupported};

/// The parts of a `call` node.
pub(crate) struct CallParts<'t> {
    pub(crate) target: TsNode<'t>,
    pub(crate) arguments: Option<TsNode<'t>>,
    pub(crate) do_block: Option<TsNode<'t>>,
}

impl Conv<'_, '_> {
    /// A `call` node: `foo(x)`, `foo x`, `Mod.fun(x)`, `f.(x)`, `t.pid`, with its do-block.
    pub(crate) fn call(&mut self, n: TsNode<'_>) -> R<Node> {
        let mut parts = CallParts {
            target: self.field(n, "target")?,
            arguments: None,
            do_block: None,
        };
        for c in named(n) {
            match c.kind() {
                "arguments" => parts.arguments = Some(c),
                "do_block" => parts.do_block = Some(c),
                _ => {}
            }
        }
        if let Some((range, rest)) = self.misread_range_call(n)? {
            if rest.is_empty() || self.range_call == Some(n.id()) {
                return Ok(range);
            }
        }
        let kind = match parts.target.kind() {
            "identifier" => {
                let target = Target::Local(self.text(parts.target).to_string());
                self.call_with_args(target, &parts)?
            }
            "dot" => self.dot_call(&parts)?,
            _ => unsupported("a call of a call's result `f(a)(b)`"),
        };
        Ok(self.node(n, kind))
    }

    /// `f.(x)`, `Mod.fun(x)`, `mod.fun x`, or the field access `t.pid`.
    pub(crate) fn dot_call(&mut self, parts: &CallParts<'_>) -> R<Kind> {
        let left = self.field(parts.target, "left")?;
        let Some(right) = field_opt(parts.target, "right") else {
            let target = Target::Anon(self.boxed(left)?);
            return self.call_with_args(target, parts);
        };
        let Some(fun) = self.function_name(right)? else {
            return Ok(unsupported("a call of a function named by interpolation"));
        };
        let no_args = parts.arguments.is_none() && parts.do_block.is_none();
        if no_args && !self.is_module(left) {
            let expr = self.boxed(left)?;
            return Ok(Kind::Dot { expr, field: fun });
        }
        let module = self.boxed(left)?;
        self.call_with_args(Target::Remote { module, fun }, parts)
    }

    fn call_with_args(&mut self, target: Target, parts: &CallParts<'_>) -> R<Kind> {
        let mut args = match parts.arguments {
            Some(a) => self.items(a)?,
            None => Vec::new(),
        };
        if let Some(d) = parts.do_block {
            args.push(self.do_block(d)?);
        }
        Ok(Kind::Call { target, args })
    }

    /// Whether `left.name` without parentheses is a remote call (see [`Target::Remote`]).
    pub(crate) fn is_module(&self, left: TsNode<'_>) -> bool {
        match left.kind() {
            "alias" | "atom" | "quoted_atom" => true,
            "identifier" => self.text(left) == "__MODULE__",
            // `__MODULE__.Sub.fun`
            "dot" => field_opt(left, "right").is_some_and(|r| r.kind() == "alias"),
            _ => false,
        }
    }

    /// The name after the dot: `fun`, a reserved word, an operator, or `"quoted"`.
    pub(crate) fn function_name(&mut self, right: TsNode<'_>) -> R<Option<String>> {
        Ok(match right.kind() {
            "string" | "charlist" => match self.quoted_atom(right)? {
                Kind::Atom(name) => Some(name),
                _ => None,
            },
            _ => Some(self.text(right).to_string()),
        })
    }

    /// `do ... else ... end` as the keyword list `[do: ..., else: ...]`.
    fn do_block(&mut self, n: TsNode<'_>) -> R<Node> {
        let mut parts = vec![("do", n.child(0).unwrap_or(n), Vec::new())];
        for c in named(n) {
            match c.kind() {
                "after_block" | "rescue_block" | "catch_block" | "else_block" => {
                    let key = c.kind().trim_end_matches("_block");
                    parts.push((key, c.child(0).unwrap_or(c), named(c)));
                }
                _ => parts[0].2.push(c),
            }
        }
        let mut items = Vec::new();
        for (key, keyword, children) in parts {
            items.push(self.block_entry(key, keyword, children)?);
        }
        Ok(self.node(n, Kind::List { items, tail: None }))
    }

    /// `{key, value}` for one part of a do-block: stab clauses, or a body.
    fn block_entry(&mut self, key: &str, keyword: TsNode<'_>, parts: Vec<TsNode<'_>>) -> R<Node> {
        self.enter(keyword)?;
        let key = self.node(keyword, Kind::Atom(key.to_string()));
        let value = if parts.iter().any(|c| c.kind() == "stab_clause") {
            self.stab(key.span, parts)?
        } else {
            self.body(key.span, parts)?
        };
        let span = Span {
            end: key.span.end.max(value.span.end),
            ..key.span
        };
        self.leave();
        Ok(Node {
            span,
            kind: Kind::Tuple(vec![key, value]),
        })
    }

    /// Clauses as a `Stab` node spanning them (or `at`, if there are none).
    fn stab(&mut self, at: Span, parts: Vec<TsNode<'_>>) -> R<Node> {
        let clauses = self.clause_list(parts)?;
        let span = spanning(clauses.iter().map(|c| c.span), at);
        Ok(Node {
            span,
            kind: Kind::Stab(clauses),
        })
    }

    /// Several expressions are a `Block`; one is itself; none is `Block([])` at `at`.
    fn body(&mut self, at: Span, parts: Vec<TsNode<'_>>) -> R<Node> {
        let mut body = Vec::new();
        for c in parts {
            body.push(self.expr(c)?);
        }
        if body.len() == 1 {
            if let Some(one) = body.pop() {
                return Ok(one);
            }
        }
        let span = spanning(body.iter().map(|n| n.span), at);
        Ok(Node {
            span,
            kind: Kind::Block(body),
        })
    }

    /// The `stab_clause` children of `n` (a `fn`, a block).
    pub(crate) fn clauses(&mut self, n: TsNode<'_>) -> R<Vec<Clause>> {
        self.clause_list(named(n))
    }

    fn clause_list(&mut self, parts: Vec<TsNode<'_>>) -> R<Vec<Clause>> {
        let mut out = Vec::new();
        for c in parts {
            if c.kind() != "stab_clause" {
                return self.err(c, "expected a clause `pattern -> body` here");
            }
            out.push(self.clause(c)?);
        }
        Ok(out)
    }

    /// Small on purpose: a clause body nested in a clause body costs only this frame and
    /// [`Conv::clause_body`]'s, not [`Conv::clause_head`]'s.
    fn clause(&mut self, n: TsNode<'_>) -> R<Clause> {
        self.enter(n)?;
        let (args, guard) = self.clause_head(n)?;
        let body = self.clause_body(n)?;
        self.leave();
        Ok(Clause {
            span: self.span(n),
            args,
            guard,
            body,
        })
    }

    fn clause_head(&mut self, n: TsNode<'_>) -> R<(Vec<Node>, Option<Node>)> {
        let (mut args, mut guard) = match field_opt(n, "left") {
            None => (Vec::new(), None),
            Some(left) if left.kind() == "arguments" => (self.items(left)?, None),
            Some(left) => {
                let guard = self.expr(self.field(left, "right")?)?;
                (self.items(self.field(left, "left")?)?, Some(guard))
            }
        };
        if guard.is_none() {
            guard = split_guard(&mut args);
        }
        Ok((args, guard))
    }

    fn clause_body(&mut self, n: TsNode<'_>) -> R<Node> {
        match field_opt(n, "right") {
            Some(b) => self.body(self.span(b), named(b)),
            None => {
                let arrow = n.child_by_field_name("operator").unwrap_or(n);
                Ok(self.node(arrow, Kind::Atom("nil".to_string())))
            }
        }
    }
}

/// From the first span to the end of the last, or `empty` if there are none.
fn spanning(mut spans: impl Iterator<Item = Span>, empty: Span) -> Span {
    let Some(first) = spans.next() else {
        return empty;
    };
    let end = spans.last().map_or(first.end, |last| last.end);
    Span { end, ..first }
}

/// The grammar may also leave `x when g` as the last argument, as Elixir's own quoted form
/// does: split it out the same way.
fn split_guard(args: &mut Vec<Node>) -> Option<Node> {
    let last = args.pop()?;
    match last.kind {
        Kind::BinaryOp {
            op: BinOp::When,
            lhs,
            rhs,
        } => {
            args.push(*lhs);
            Some(*rhs)
        }
        kind => {
            args.push(Node { kind, ..last });
            None
        }
    }
}
