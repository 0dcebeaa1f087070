//! Patterns (the left of `=`, function heads, clauses) and guards.

use super::modules::{literal, plain_text};
use super::{LowerError, Lowerer, Result};
use crate::elixir::{BinOp, Kind, Node, UnOp};
use crate::ir::{self, Expr, ExprKind, Pat, Slot};
use sim::{Atom, Term};

/// The variables one pattern binds, in order: a name seen twice is the same slot, and
/// the names become visible only once the whole pattern is lowered ([`PatCtx::expose`]).
#[derive(Debug, Default)]
pub(crate) struct PatCtx {
    bound: Vec<(String, Slot)>,
}

impl PatCtx {
    /// Makes the bound names visible in the current scope.
    pub fn expose(self, l: &mut Lowerer) {
        for (n, s) in self.bound {
            l.scopes.expose(&n, s);
        }
    }
}

impl Lowerer {
    /// A pattern.
    pub(crate) fn pattern(&mut self, n: &Node, ctx: &mut PatCtx) -> Result<Pat> {
        let bad = |what: &str| {
            Err(LowerError::new(
                n.span,
                format!("{what} is not allowed in a pattern"),
            ))
        };
        Ok(match &n.kind {
            Kind::Var(name) if name == "_" => Pat::Wild,
            Kind::Var(name) => {
                if let Some((_, s)) = ctx.bound.iter().find(|(x, _)| x == name) {
                    Pat::Same(*s)
                } else {
                    let s = self.scopes.fresh();
                    ctx.bound.push((name.clone(), s));
                    Pat::Bind(s)
                }
            }
            Kind::UnaryOp {
                op: UnOp::Pin,
                operand,
            } => match &operand.kind {
                Kind::Var(name) => match self.scopes.lookup(name) {
                    Some(s) => Pat::Same(s),
                    None => {
                        return Err(LowerError::new(
                            operand.span,
                            format!(
                                "undefined variable ^{name}: a pin needs a variable bound before"
                            ),
                        ));
                    }
                },
                _ => return bad("a pin of anything but a variable"),
            },
            Kind::Int(_) | Kind::Atom(_) | Kind::Alias(_) => {
                Pat::Lit(literal(n).expect("a literal"))
            }
            Kind::CurrentModule => match self.current {
                Some(m) => Pat::Lit(Term::module(&self.mods[m].name)),
                None => return bad("__MODULE__ outside a module"),
            },
            Kind::Str(parts) => match plain_text(parts) {
                Some(t) => Pat::Lit(Term::str(&t)),
                None => return bad("string interpolation"),
            },
            Kind::Charlist(parts) => match plain_text(parts) {
                Some(t) => Pat::Lit(Term::List(t.chars().map(|c| Term::Int(c as i64)).collect())),
                None => return bad("charlist interpolation"),
            },
            Kind::Attr(a) => {
                let v = self.attr_value(n, a)?;
                if literal(&v).is_none() {
                    return bad("an attribute whose value is not a constant");
                }
                // The value as the pattern it is: a map in it matches any map with those
                // keys (`@empty %{}` takes every map), not only an equal one.
                return self.pattern(&v, ctx);
            }
            Kind::Tuple(items) => Pat::Tuple(
                items
                    .iter()
                    .map(|i| self.pattern(i, ctx))
                    .collect::<Result<_>>()?,
            ),
            Kind::List { items, tail } => {
                let ps = items
                    .iter()
                    .map(|i| self.pattern(i, ctx))
                    .collect::<Result<_>>()?;
                let tail = match tail {
                    Some(t) => Some(Box::new(self.pattern(t, ctx)?)),
                    None => None,
                };
                Pat::List(ps, tail)
            }
            Kind::Map {
                update: None,
                pairs,
            } => {
                let mut out = Vec::new();
                for (k, v) in pairs {
                    let Some(key) = literal(k) else {
                        return Err(LowerError::new(
                            k.span,
                            "a map pattern's keys must be constants",
                        ));
                    };
                    out.push((key, self.pattern(v, ctx)?));
                }
                Pat::Map(out)
            }
            Kind::Struct {
                name,
                update: None,
                pairs,
            } => {
                let module = match &name.kind {
                    Kind::Alias(a) => Some(self.expand_alias(a)),
                    Kind::CurrentModule => self.current.map(|m| self.mods[m].name.clone()),
                    Kind::Var(v) if v == "_" => None,
                    _ => return bad("a struct name that is not a module"),
                };
                let mut out = Vec::new();
                for (k, v) in pairs {
                    let Kind::Atom(f) = &k.kind else {
                        return Err(LowerError::new(k.span, "expected a field name"));
                    };
                    out.push((Atom::Dyn(f.as_str().into()), self.pattern(v, ctx)?));
                }
                if let Some(m) = &module {
                    self.struct_reachable(name, m)?;
                }
                let module = module.map(|m| match Term::module(&m) {
                    Term::Atom(a) => a,
                    _ => unreachable!("a module is an atom"),
                });
                Pat::Struct(module, out)
            }
            Kind::BinaryOp {
                op: BinOp::Concat,
                lhs,
                rhs,
            } => match &lhs.kind {
                Kind::Str(parts) => match plain_text(parts) {
                    Some(prefix) => {
                        Pat::StrPrefix(prefix.as_str().into(), Box::new(self.pattern(rhs, ctx)?))
                    }
                    None => return bad("interpolation"),
                },
                _ => return bad("`<>` with a left side that is not a literal string"),
            },
            Kind::BinaryOp {
                op: BinOp::Match,
                lhs,
                rhs,
            } => Pat::Both(
                Box::new(self.pattern(lhs, ctx)?),
                Box::new(self.pattern(rhs, ctx)?),
            ),
            Kind::Float(x) => Pat::Lit(Term::Float(*x)),
            Kind::Unsupported { what } => return bad(what),
            _ => return bad(&format!("`{n}`")),
        })
    }

    /// A guard (`when ...`): an expression of guard-safe operations only. `a when b` (two
    /// guards) means `a or b`.
    pub(crate) fn guard(&mut self, g: &Node) -> Result<Expr> {
        let e = match &g.kind {
            Kind::BinaryOp {
                op: BinOp::When,
                lhs,
                rhs,
            } => {
                let (a, b) = (self.guard(lhs)?, self.guard(rhs)?);
                Expr::new(
                    ExprKind::BinOp(ir::BinOp::Or, Box::new(a), Box::new(b)),
                    Lowerer::span(g.span),
                )
            }
            _ => self.expr(g, false)?,
        };
        check_guard(&e)?;
        Ok(e)
    }

    /// A struct of the program's modules cannot be written in the file's top-level code:
    /// Elixir expands the script before it defines the module (`CompileError: cannot
    /// access struct` on the VM).
    pub(crate) fn struct_reachable(&self, at: &Node, module: &str) -> Result<()> {
        if self.current.is_none() && self.module_index(module).is_some() {
            return Err(LowerError::new(
                at.span,
                format!(
                    "%{module}{{}} cannot be used in the file's top-level code: Elixir expands the \
                     script before it defines {module} (a CompileError on the VM); build it in a \
                     function of a module"
                ),
            ));
        }
        Ok(())
    }

    /// The value of attribute `@name` of the current module.
    pub(crate) fn attr_value(&self, n: &Node, name: &str) -> Result<Node> {
        let Some(m) = self.current else {
            return Err(LowerError::new(n.span, format!("@{name} outside a module")));
        };
        self.mods[m]
            .attrs
            .iter()
            .rev()
            .find(|(x, _)| x == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| LowerError::new(n.span, format!("module attribute @{name} was not set")))
    }
}

/// Only what a guard may contain.
fn check_guard(e: &Expr) -> Result<()> {
    let bad = |what: &str| {
        Err(LowerError::new(
            crate::elixir::Span {
                start: e.span.start as usize,
                end: e.span.start as usize,
                line: e.span.line,
                col: e.span.col,
            },
            format!("{what} is not allowed in a guard"),
        ))
    };
    match &e.kind {
        ExprKind::Lit(_) | ExprKind::Var(_) => Ok(()),
        ExprKind::Tuple(items) | ExprKind::List(items, None) => {
            items.iter().try_for_each(check_guard)
        }
        ExprKind::Field(x, _) | ExprKind::UnOp(_, x) => check_guard(x),
        ExprKind::BinOp(_, a, b) => {
            check_guard(a)?;
            check_guard(b)
        }
        ExprKind::Call {
            target: ir::Target::Builtin(b),
            args,
            ..
        } if b.info().guard => args.iter().try_for_each(check_guard),
        ExprKind::Call { .. } => bad("a call to a function that is not guard-safe"),
        ExprKind::List(_, Some(_))
        | ExprKind::Map(_)
        | ExprKind::MapUpdate(..)
        | ExprKind::Struct(..)
        | ExprKind::Block(_)
        | ExprKind::Match(..)
        | ExprKind::Case(..)
        | ExprKind::Cond(_)
        | ExprKind::If(..)
        | ExprKind::Receive(_)
        | ExprKind::Try(_)
        | ExprKind::With(_)
        | ExprKind::Fn(_)
        | ExprKind::Interp(_)
        | ExprKind::Observe { .. } => bad("this expression"),
    }
}
