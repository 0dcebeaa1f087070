//! Expressions and calls.

use super::modules::{atom, literal, plain_text};
use super::pattern::PatCtx;
use super::{LowerError, Lowerer, Result};
use crate::elixir::{self, BinOp, Kind, Node, Part, Target, UnOp};
use crate::ir::{self, Builtin, Expr, ExprKind, InterpPart};
use sim::{Atom, Term};
use std::rc::Rc;

impl Lowerer {
    /// An expression; `tail`: it is the last thing its function does.
    pub(crate) fn expr(&mut self, n: &Node, tail: bool) -> Result<Expr> {
        let span = Lowerer::span(n.span);
        let e = |k: ExprKind| Ok(Expr::new(k, span));
        match &n.kind {
            Kind::Int(i) => e(ExprKind::Lit(Term::Int(*i))),
            Kind::Float(x) => e(ExprKind::Lit(Term::Float(*x))),
            Kind::Atom(a) => e(ExprKind::Lit(atom(a))),
            Kind::Alias(a) => e(ExprKind::Lit(Term::module(&self.expand_alias(a)))),
            Kind::CurrentModule => match self.current {
                Some(m) => e(ExprKind::Lit(Term::module(&self.mods[m].name))),
                None => Err(LowerError::new(n.span, "__MODULE__ outside a module")),
            },
            Kind::Str(parts) => self.string(n, parts),
            Kind::Charlist(parts) => match plain_text(parts) {
                Some(t) => e(ExprKind::Lit(Term::List(
                    t.chars().map(|c| Term::Int(c as i64)).collect(),
                ))),
                None => Err(LowerError::new(
                    n.span,
                    "charlist interpolation is not supported",
                )),
            },
            Kind::Var(name) => self.var(n, name, tail),
            Kind::Attr(a) => {
                let v = self.attr_value(n, a)?;
                self.expr(&v, tail)
            }
            Kind::AttrDef { name, .. } => Err(LowerError::new(
                n.span,
                format!("`@{name} value` is only allowed at the top of a module"),
            )),
            Kind::Tuple(items) => e(ExprKind::Tuple(self.exprs(items)?)),
            Kind::List { items, tail: t } => {
                let items = self.exprs(items)?;
                let t = match t {
                    Some(t) => Some(Box::new(self.expr(t, false)?)),
                    None => None,
                };
                e(ExprKind::List(items, t))
            }
            Kind::Map { update, pairs } => {
                let mut kv = Vec::new();
                for (k, v) in pairs {
                    kv.push((self.expr(k, false)?, self.expr(v, false)?));
                }
                match update {
                    None => e(ExprKind::Map(kv)),
                    Some(m) => {
                        let m = self.expr(m, false)?;
                        e(ExprKind::MapUpdate(Box::new(m), kv))
                    }
                }
            }
            Kind::Struct {
                name,
                update,
                pairs,
            } => self.structure(n, name, update.as_deref(), pairs),
            Kind::Access { expr, key } => {
                let args = vec![self.expr(expr, false)?, self.expr(key, false)?];
                e(call(
                    ir::Target::Builtin(Builtin::AccessGet),
                    args,
                    false,
                    None,
                ))
            }
            Kind::BinaryOp { op, lhs, rhs } => self.binary(n, *op, lhs, rhs, tail),
            Kind::UnaryOp { op, operand } => {
                let op = match op {
                    UnOp::Neg => ir::UnOp::Neg,
                    UnOp::Pos => ir::UnOp::Plus,
                    UnOp::Bang => ir::UnOp::Bang,
                    UnOp::Not => ir::UnOp::Not,
                    UnOp::Pin => {
                        return Err(LowerError::new(
                            n.span,
                            "`^` (pin) is only allowed in patterns",
                        ));
                    }
                };
                let x = self.expr(operand, false)?;
                e(ExprKind::UnOp(op, Box::new(x)))
            }
            Kind::Range { first, last, step } => {
                if step.is_some() {
                    return Err(LowerError::new(
                        n.span,
                        "ranges with a step (`..//`) are not supported",
                    ));
                }
                let (a, b) = (self.expr(first, false)?, self.expr(last, false)?);
                e(ExprKind::BinOp(ir::BinOp::Range, Box::new(a), Box::new(b)))
            }
            Kind::Call { target, args } => self.call(n, target, args, tail, None),
            Kind::Dot { expr, field } => {
                let x = self.expr(expr, false)?;
                e(ExprKind::Field(
                    Box::new(x),
                    Atom::Dyn(field.as_str().into()),
                ))
            }
            Kind::Fn(clauses) => self.lambda(n, clauses),
            Kind::CaptureFun { target, arity } => self.capture_fun(n, target, *arity),
            Kind::CaptureExpr(body) => self.capture_expr(n, body),
            Kind::CaptureArg(i) => match self.scopes.lookup(&format!("&{i}")) {
                Some(s) => e(ExprKind::Var(s)),
                None => Err(LowerError::new(
                    n.span,
                    format!("&{i} outside a capture `&(...)`"),
                )),
            },
            Kind::Stab(_) => Err(LowerError::new(
                n.span,
                "`->` clauses outside `case`, `fn`, `receive`, ...",
            )),
            Kind::Block(items) => {
                let mut out = Vec::with_capacity(items.len());
                let last = items.len().saturating_sub(1);
                for (i, x) in items.iter().enumerate() {
                    out.push(self.expr(x, tail && i == last)?);
                }
                e(ExprKind::Block(out))
            }
            Kind::Unsupported { what } => Err(LowerError::new(
                n.span,
                format!("{what} is not supported by otpsim"),
            )),
        }
    }

    pub(crate) fn exprs(&mut self, items: &[Node]) -> Result<Vec<Expr>> {
        items.iter().map(|i| self.expr(i, false)).collect()
    }

    fn string(&mut self, n: &Node, parts: &[Part]) -> Result<Expr> {
        let span = Lowerer::span(n.span);
        if let Some(t) = plain_text(parts) {
            return Ok(Expr::lit(Term::str(&t), span));
        }
        let mut out = Vec::new();
        for p in parts {
            out.push(match p {
                Part::Text(t) => InterpPart::Text(t.as_str().into()),
                Part::Interp(x) => InterpPart::Expr(self.expr(x, false)?),
            });
        }
        Ok(Expr::new(ExprKind::Interp(out), span))
    }

    /// A bare name: a variable, or a call of a zero-arity function of the module.
    fn var(&mut self, n: &Node, name: &str, tail: bool) -> Result<Expr> {
        if let Some(s) = self.scopes.lookup(name) {
            return Ok(Expr::new(ExprKind::Var(s), Lowerer::span(n.span)));
        }
        if self.local_function(name, 0).is_some() || Builtin::imported(name, 0).is_some() {
            return self.call(n, &Target::Local(name.to_string()), &[], tail, None);
        }
        let visible = self.scopes.visible();
        let hint = if visible.is_empty() {
            String::new()
        } else {
            format!(" (bound here: {})", visible.join(", "))
        };
        Err(LowerError::new(
            n.span,
            format!("undefined variable `{name}`{hint}"),
        ))
    }

    /// `name/arity` of the current module: its IR index.
    pub(crate) fn local_function(&self, name: &str, arity: usize) -> Option<(usize, u32)> {
        let m = self.current?;
        self.mods[m]
            .sigs
            .iter()
            .position(|(n, a, _)| n == name && *a == arity)
            .map(|i| (m, i as u32))
    }

    fn structure(
        &mut self,
        n: &Node,
        name: &Node,
        update: Option<&Node>,
        pairs: &[(Node, Node)],
    ) -> Result<Expr> {
        let span = Lowerer::span(n.span);
        let module = match &name.kind {
            Kind::Alias(a) => self.expand_alias(a),
            Kind::CurrentModule => match self.current {
                Some(m) => self.mods[m].name.clone(),
                None => return Err(LowerError::new(n.span, "__MODULE__ outside a module")),
            },
            _ => {
                return Err(LowerError::new(
                    name.span,
                    "a struct's name must be a module",
                ));
            }
        };
        let known = matches!(module.as_str(), "Task" | "Range" | "MapSet")
            || self
                .module_index(&module)
                .is_some_and(|m| self.mods[m].struct_fields.is_some());
        if !known {
            return Err(LowerError::new(
                name.span,
                format!(
                    "%{module}{{}} is not a struct otpsim knows (Task, Range, MapSet, or a `defstruct` of the program)"
                ),
            ));
        }
        self.struct_reachable(name, &module)?;
        let mut fields = Vec::new();
        for (k, v) in pairs {
            let Kind::Atom(f) = &k.kind else {
                return Err(LowerError::new(k.span, "expected a field name"));
            };
            fields.push((Atom::Dyn(f.as_str().into()), self.expr(v, false)?));
        }
        let Term::Atom(name) = Term::module(&module) else {
            unreachable!("a module is an atom")
        };
        match update {
            None => Ok(Expr::new(ExprKind::Struct(name, fields), span)),
            Some(base) => {
                let base = self.expr(base, false)?;
                let kv = fields
                    .into_iter()
                    .map(|(k, v)| (Expr::lit(Term::Atom(k), span), v))
                    .collect();
                Ok(Expr::new(ExprKind::MapUpdate(Box::new(base), kv), span))
            }
        }
    }

    fn binary(&mut self, n: &Node, op: BinOp, lhs: &Node, rhs: &Node, tail: bool) -> Result<Expr> {
        let span = Lowerer::span(n.span);
        let ir_op = match op {
            BinOp::Add => ir::BinOp::Add,
            BinOp::Sub => ir::BinOp::Sub,
            BinOp::Mul => ir::BinOp::Mul,
            BinOp::Eq => ir::BinOp::Eq,
            BinOp::Ne => ir::BinOp::Ne,
            BinOp::StrictEq => ir::BinOp::StrictEq,
            BinOp::StrictNe => ir::BinOp::StrictNe,
            BinOp::Lt => ir::BinOp::Lt,
            BinOp::Gt => ir::BinOp::Gt,
            BinOp::Le => ir::BinOp::Le,
            BinOp::Ge => ir::BinOp::Ge,
            BinOp::And => ir::BinOp::And,
            BinOp::Or => ir::BinOp::Or,
            BinOp::AndAlso => ir::BinOp::AndAlso,
            BinOp::OrElse => ir::BinOp::OrElse,
            BinOp::Concat => ir::BinOp::Concat,
            BinOp::ListConcat => ir::BinOp::ListConcat,
            BinOp::ListSubtract => ir::BinOp::ListSubtract,
            BinOp::In => ir::BinOp::In,
            BinOp::Pipe => return self.pipe(n, lhs, rhs, tail),
            BinOp::Match => return self.matching(n, lhs, rhs),
            BinOp::Div => ir::BinOp::Div,
            // `Kernel.**/2`, a function (not allowed in guards).
            BinOp::Pow => {
                let args = [(*lhs).clone(), (*rhs).clone()];
                return self.call(n, &Target::Local("**".into()), &args, tail, None);
            }
            BinOp::RegexMatch => {
                return Err(LowerError::new(
                    n.span,
                    "regular expressions (`=~`) are not supported",
                ));
            }
            BinOp::When | BinOp::Type | BinOp::Default | BinOp::Bar | BinOp::Arrow => {
                return Err(LowerError::new(
                    n.span,
                    format!("`{n}` is not an expression here"),
                ));
            }
        };
        let (a, b) = (self.expr(lhs, false)?, self.expr(rhs, false)?);
        Ok(Expr::new(
            ExprKind::BinOp(ir_op, Box::new(a), Box::new(b)),
            span,
        ))
    }

    /// `pattern = expr`: the right side first (it sees the old bindings), then the pattern.
    /// A call on the right names the process it starts after the one variable bound.
    fn matching(&mut self, n: &Node, lhs: &Node, rhs: &Node) -> Result<Expr> {
        let span = Lowerer::span(n.span);
        // The label comes from the pattern, which is lowered after the right side: look at
        // its variables first.
        let label = single_var(lhs);
        let value = match &rhs.kind {
            Kind::Call { target, args } => self.call(rhs, target, args, false, label.as_deref())?,
            _ => self.expr(rhs, false)?,
        };
        let mut ctx = PatCtx::default();
        let p = self.pattern(lhs, &mut ctx)?;
        ctx.expose(self);
        Ok(Expr::new(
            ExprKind::Match(Box::new(p), Box::new(value)),
            span,
        ))
    }

    /// `a |> f(b)` is `f(a, b)`.
    fn pipe(&mut self, n: &Node, lhs: &Node, rhs: &Node, tail: bool) -> Result<Expr> {
        let (target, mut args) = match &rhs.kind {
            Kind::Call { target, args } => (target.clone(), args.clone()),
            Kind::Var(name) => (Target::Local(name.clone()), Vec::new()),
            _ => {
                return Err(LowerError::new(
                    rhs.span,
                    "the right side of `|>` must be a call",
                ));
            }
        };
        args.insert(0, lhs.clone());
        self.call(n, &target, &args, tail, None)
    }

    /// A call (special forms included).
    pub(crate) fn call(
        &mut self,
        n: &Node,
        target: &Target,
        args: &[Node],
        tail: bool,
        label: Option<&str>,
    ) -> Result<Expr> {
        let span = Lowerer::span(n.span);
        let label: Option<Rc<str>> = label.map(Rc::from);
        match target {
            Target::Local(name) => {
                if let Some(e) = self.special(n, name, args, tail)? {
                    return Ok(e);
                }
                let arity = args.len();
                let lowered = self.exprs(args)?;
                if let Some((m, f)) = self.local_function(name, arity) {
                    return Ok(Expr::new(
                        call(
                            ir::Target::Local {
                                module: m as ir::ModId,
                                function: f,
                            },
                            lowered,
                            tail,
                            label,
                        ),
                        span,
                    ));
                }
                if let Some(b) = Builtin::imported(name, arity) {
                    return Ok(Expr::new(
                        call(ir::Target::Builtin(b), lowered, false, label),
                        span,
                    ));
                }
                Err(LowerError::new(n.span, undefined_local(self, name, arity)))
            }
            Target::Remote { module, fun } => {
                let arity = args.len();
                let lowered = self.exprs(args)?;
                let name = match &module.kind {
                    Kind::Alias(a) => Some(self.expand_alias(a)),
                    Kind::CurrentModule => self.current.map(|m| self.mods[m].name.clone()),
                    Kind::Atom(a) => Some(format!(":{a}")),
                    _ => None,
                };
                let Some(name) = name else {
                    let m = self.expr(module, false)?;
                    return Ok(Expr::new(
                        call(
                            ir::Target::Remote(Box::new(m), fun.as_str().into()),
                            lowered,
                            tail,
                            label,
                        ),
                        span,
                    ));
                };
                if let Some(mi) = self.module_index(&name) {
                    let found = self.mods[mi]
                        .sigs
                        .iter()
                        .position(|(f, a, _)| f == fun && *a == arity);
                    return match found {
                        Some(fi) if self.mods[mi].sigs[fi].2 || self.current == Some(mi) => {
                            Ok(Expr::new(
                                call(
                                    ir::Target::Local {
                                        module: mi as ir::ModId,
                                        function: fi as u32,
                                    },
                                    lowered,
                                    tail,
                                    label,
                                ),
                                span,
                            ))
                        }
                        Some(_) => Err(LowerError::new(
                            n.span,
                            format!("{name}.{fun}/{arity} is private (defp)"),
                        )),
                        None => Err(LowerError::new(
                            n.span,
                            format!("undefined function {name}.{fun}/{arity}"),
                        )),
                    };
                }
                match Builtin::lookup(&name, fun, arity) {
                    Some(b) => Ok(Expr::new(
                        call(ir::Target::Builtin(b), lowered, false, label),
                        span,
                    )),
                    None if Builtin::exists(&name, fun) => Err(LowerError::new(
                        n.span,
                        format!("{name}.{fun}/{arity} is not supported with {arity} argument(s)"),
                    )),
                    None => Err(LowerError::new(
                        n.span,
                        format!(
                            "{name}.{fun}/{arity} is not supported by otpsim (it is outside the subset of Elixir it runs)"
                        ),
                    )),
                }
            }
            Target::Anon(f) => {
                let f = self.expr(f, false)?;
                let lowered = self.exprs(args)?;
                Ok(Expr::new(
                    call(ir::Target::Dynamic(Box::new(f)), lowered, tail, label),
                    span,
                ))
            }
        }
    }
}

/// A call expression.
pub(crate) fn call(
    target: ir::Target,
    args: Vec<Expr>,
    tail: bool,
    label: Option<Rc<str>>,
) -> ExprKind {
    ExprKind::Call {
        target,
        args,
        tail,
        label,
    }
}

/// The one variable a pattern binds, if exactly one (`_` and pins do not count).
fn single_var(n: &Node) -> Option<String> {
    fn walk(n: &Node, out: &mut Vec<String>) {
        match &n.kind {
            // `_sup` names its process `sup` (the underscore only silences the compiler's
            // warning); `_` and the printer's temporaries (`otpsim__r1`) name nothing.
            Kind::Var(v) if v != "_" && !v.starts_with("otpsim__") => {
                let name = v.trim_start_matches('_').to_string();
                if !name.is_empty() && !out.contains(&name) {
                    out.push(name);
                }
            }
            Kind::Tuple(items) => items.iter().for_each(|i| walk(i, out)),
            Kind::List { items, tail } => {
                items.iter().for_each(|i| walk(i, out));
                if let Some(t) = tail {
                    walk(t, out);
                }
            }
            Kind::Map { pairs, .. } | Kind::Struct { pairs, .. } => {
                pairs.iter().for_each(|(_, v)| walk(v, out));
            }
            Kind::BinaryOp {
                op: BinOp::Match,
                lhs,
                rhs,
            } => {
                walk(lhs, out);
                walk(rhs, out);
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(n, &mut out);
    match out.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

fn undefined_local(l: &Lowerer, name: &str, arity: usize) -> String {
    let known_arities: Vec<usize> = match l.current {
        Some(m) => l.mods[m]
            .sigs
            .iter()
            .filter(|(n, _, _)| n == name)
            .map(|(_, a, _)| *a)
            .collect(),
        None => Vec::new(),
    };
    if !known_arities.is_empty() {
        return format!("undefined function {name}/{arity} (defined with arity {known_arities:?})");
    }
    if Builtin::exists("Kernel", name) {
        return format!("{name}/{arity} is not supported with {arity} argument(s)");
    }
    let owners: Vec<&str> = l
        .mods
        .iter()
        .filter(|m| m.sigs.iter().any(|(n, a, _)| n == name && *a == arity))
        .map(|m| m.name.as_str())
        .collect();
    match owners.first() {
        Some(m) => format!("undefined function {name}/{arity}: call it as `{m}.{name}(...)`"),
        None => format!(
            "undefined function {name}/{arity} (neither a function of this module nor one otpsim knows)"
        ),
    }
}

/// Keeps the literal helper reachable for the other files.
#[allow(dead_code)]
pub(crate) fn lit_of(n: &Node) -> Option<Term> {
    literal(n)
}

/// The span type of the syntax tree.
#[allow(dead_code)]
pub(crate) type AstSpan = elixir::Span;
