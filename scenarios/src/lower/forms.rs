//! The special forms: `if`/`unless`, `case`, `cond`, `receive`, `try`, `with`, `for`, `fn`
//! and the captures.

use super::modules::{kw_get, kw_keys};
use super::pattern::PatCtx;
use super::{LowerError, Lowerer, Result};
use crate::elixir::{BinOp, Clause as AstClause, Kind, Node, Target};
use crate::ir::{self, Clause, Expr, ExprKind, Pat};
use sim::{Atom, Term};
use std::rc::Rc;

fn node(kind: Kind, like: &Node) -> Node {
    Node {
        span: like.span,
        kind,
    }
}

/// `pattern when guard` split in two (`n` and no guard when there is no `when`).
pub(super) fn split_when(n: &Node) -> (&Node, Option<&Node>) {
    match &n.kind {
        Kind::BinaryOp {
            op: BinOp::When,
            lhs,
            rhs,
        } => (lhs, Some(rhs)),
        _ => (n, None),
    }
}

/// The clauses of a `do:`/`else:`/... part (an empty body has none).
fn stab(n: Option<&Node>) -> Option<&[AstClause]> {
    match n.map(|n| &n.kind) {
        Some(Kind::Stab(cs)) => Some(cs),
        Some(Kind::Block(v)) if v.is_empty() => Some(&[]),
        _ => None,
    }
}

impl Lowerer {
    /// A special form, or `None` if `name` is an ordinary function.
    pub(crate) fn special(
        &mut self,
        n: &Node,
        name: &str,
        args: &[Node],
        tail: bool,
    ) -> Result<Option<Expr>> {
        let span = Lowerer::span(n.span);
        let e = match (name, args) {
            ("put_in" | "update_in", [path, last])
                if matches!(path.kind, Kind::Dot { .. } | Kind::Access { .. }) =>
            {
                return self.path_update(name == "update_in", path, last).map(Some);
            }
            ("if" | "unless", [c, kw]) => {
                let c = self.expr(c, false)?;
                let branch = |l: &mut Lowerer, key| -> Result<Expr> {
                    l.scopes.push();
                    let e = match kw_get(kw, key) {
                        Some(b) => l.expr(b, tail),
                        None => Ok(Expr::lit(Term::nil(), span)),
                    };
                    l.scopes.pop();
                    e
                };
                let (a, b) = (branch(self, "do")?, branch(self, "else")?);
                let (a, b) = if name == "unless" { (b, a) } else { (a, b) };
                ExprKind::If(Box::new(c), Box::new(a), Box::new(b))
            }
            ("case", [x, kw]) => {
                let x = self.expr(x, false)?;
                let Some(cs) = stab(kw_get(kw, "do")) else {
                    return Err(LowerError::new(
                        n.span,
                        "expected `case x do pattern -> ... end`",
                    ));
                };
                let clauses = self.clauses(cs, 1, tail)?;
                ExprKind::Case(Box::new(x), clauses)
            }
            ("cond", [kw]) => {
                let Some(cs) = stab(kw_get(kw, "do")) else {
                    return Err(LowerError::new(
                        n.span,
                        "expected `cond do condition -> ... end`",
                    ));
                };
                let mut arms = Vec::new();
                for c in cs {
                    let [cond] = c.args.as_slice() else {
                        return Err(LowerError::new(c.span, "a cond clause has one condition"));
                    };
                    self.scopes.push();
                    let cond = self.expr(cond, false)?;
                    let body = self.expr(&c.body, tail)?;
                    self.scopes.pop();
                    arms.push((cond, body));
                }
                ExprKind::Cond(arms)
            }
            ("receive", [kw]) => self.receive(n, kw, tail)?,
            ("try", [kw]) => self.try_form(n, kw)?,
            ("with", [steps @ .., kw]) if kw_get(kw, "do").is_some() => {
                self.with(n, steps, kw, tail)?
            }
            ("for", _) => return self.comprehension(n, args).map(Some),
            // `match?(pattern, x)` (a macro): `case x do pattern -> true; _ -> false end`;
            // what the pattern binds stays inside.
            ("match?", [pat, x]) => {
                let x = self.expr(x, false)?;
                let (pat, guard) = split_when(pat);
                self.scopes.push();
                let mut ctx = PatCtx::default();
                let p = self.pattern(pat, &mut ctx)?;
                ctx.expose(self);
                let guard = guard.map(|g| self.guard(g)).transpose()?;
                self.scopes.pop();
                let arm = |params, guard, value| Clause {
                    params,
                    guard,
                    body: Expr::lit(Term::bool(value), span),
                    frame: 0,
                    span,
                };
                let clauses = vec![arm(vec![p], guard, true), arm(vec![Pat::Wild], None, false)];
                ExprKind::Case(Box::new(x), clauses)
            }
            ("then", [x, f]) => {
                let x = self.expr(x, false)?;
                let f = self.expr(f, false)?;
                super::expr::call(ir::Target::Dynamic(Box::new(f)), vec![x], tail, None)
            }
            (
                "defmacro" | "defmacrop" | "defguard" | "defguardp" | "defdelegate"
                | "defexception" | "defimpl" | "defprotocol" | "defoverridable",
                _,
            ) => {
                return Err(LowerError::new(
                    n.span,
                    format!(
                        "`{name}` is not supported (otpsim runs functions, not macros or protocols)"
                    ),
                ));
            }
            (
                "def" | "defp" | "defmodule" | "defstruct" | "use" | "alias" | "import" | "require",
                _,
            ) => {
                return Err(LowerError::new(
                    n.span,
                    format!("`{name}` is only allowed at the top of a module or file"),
                ));
            }
            (
                "quote" | "unquote" | "unquote_splicing" | "super" | "binding" | "var!" | "dbg"
                | "reraise" | "sigil_r" | "sigil_w",
                _,
            ) => {
                return Err(LowerError::new(
                    n.span,
                    format!("`{name}` is not supported by otpsim"),
                ));
            }
            _ => return Ok(None),
        };
        Ok(Some(Expr::new(e, span)))
    }

    /// One-pattern clauses (`case`, `receive`, `else`): each in its own scope.
    fn clauses(&mut self, cs: &[AstClause], arity: usize, tail: bool) -> Result<Vec<Clause>> {
        let mut out = Vec::with_capacity(cs.len());
        for c in cs {
            if c.args.len() != arity {
                return Err(LowerError::new(
                    c.span,
                    format!("expected {arity} pattern(s) before `->`"),
                ));
            }
            self.scopes.push();
            let mut ctx = PatCtx::default();
            let params = c
                .args
                .iter()
                .map(|a| self.pattern(a, &mut ctx))
                .collect::<Result<Vec<_>>>()?;
            ctx.expose(self);
            let guard = match &c.guard {
                Some(g) => Some(self.guard(g)?),
                None => None,
            };
            let body = self.expr(&c.body, tail)?;
            self.scopes.pop();
            out.push(Clause {
                params,
                guard,
                body,
                frame: 0,
                span: Lowerer::span(c.span),
            });
        }
        Ok(out)
    }

    fn receive(&mut self, n: &Node, kw: &Node, tail: bool) -> Result<ExprKind> {
        let Some(cs) = stab(kw_get(kw, "do")) else {
            return Err(LowerError::new(
                n.span,
                "expected `receive do pattern -> ... end`",
            ));
        };
        let clauses = self.clauses(cs, 1, tail)?;
        let after = match stab(kw_get(kw, "after")) {
            None if kw_get(kw, "after").is_some() => {
                return Err(LowerError::new(n.span, "expected `after timeout -> ...`"));
            }
            None => None,
            Some([c]) => {
                let [t] = c.args.as_slice() else {
                    return Err(LowerError::new(c.span, "expected `after timeout -> ...`"));
                };
                let t = self.expr(t, false)?;
                self.scopes.push();
                let body = self.expr(&c.body, tail)?;
                self.scopes.pop();
                Some((t, body))
            }
            Some(_) => return Err(LowerError::new(n.span, "a receive has one `after` clause")),
        };
        if clauses.is_empty() && after.is_none() {
            return Err(LowerError::new(
                n.span,
                "a receive with no clause and no `after` waits forever",
            ));
        }
        Ok(ExprKind::Receive(Box::new(ir::Receive {
            clauses,
            after,
            observe: false,
        })))
    }

    fn try_form(&mut self, n: &Node, kw: &Node) -> Result<ExprKind> {
        for k in kw_keys(kw).unwrap_or_default() {
            if !matches!(k.as_str(), "do" | "rescue" | "catch" | "else" | "after") {
                return Err(LowerError::new(n.span, format!("unexpected `{k}:` in try")));
            }
        }
        let Some(body) = kw_get(kw, "do") else {
            return Err(LowerError::new(n.span, "expected `try do ... end`"));
        };
        self.scopes.push();
        let body = self.expr(body, false)?;
        self.scopes.pop();
        let mut rescue = Vec::new();
        for c in stab(kw_get(kw, "rescue")).unwrap_or(&[]) {
            rescue.push(self.rescue_clause(c)?);
        }
        let mut catch = Vec::new();
        for c in stab(kw_get(kw, "catch")).unwrap_or(&[]) {
            self.scopes.push();
            let mut ctx = PatCtx::default();
            let (kind, value) = match c.args.as_slice() {
                [v] => (Pat::Lit(Term::atom("throw")), self.pattern(v, &mut ctx)?),
                [k, v] => (self.pattern(k, &mut ctx)?, self.pattern(v, &mut ctx)?),
                _ => {
                    return Err(LowerError::new(
                        c.span,
                        "expected `kind, value ->` in catch",
                    ));
                }
            };
            ctx.expose(self);
            let guard = match &c.guard {
                Some(g) => Some(self.guard(g)?),
                None => None,
            };
            let body = self.expr(&c.body, false)?;
            self.scopes.pop();
            catch.push(ir::Catch {
                kind,
                value,
                guard,
                body,
                span: Lowerer::span(c.span),
            });
        }
        let else_ = match stab(kw_get(kw, "else")) {
            Some(cs) => self.clauses(cs, 1, false)?,
            None => Vec::new(),
        };
        let after = match kw_get(kw, "after") {
            Some(a) => {
                self.scopes.push();
                let a = self.expr(a, false)?;
                self.scopes.pop();
                Some(a)
            }
            None => None,
        };
        Ok(ExprKind::Try(Box::new(ir::Try {
            body,
            rescue,
            catch,
            else_,
            after,
            observe: true,
        })))
    }

    fn rescue_clause(&mut self, c: &AstClause) -> Result<ir::Rescue> {
        let [arg] = c.args.as_slice() else {
            return Err(LowerError::new(
                c.span,
                "expected `e ->` or `e in [Error] ->` in rescue",
            ));
        };
        self.scopes.push();
        let modules = |l: &Lowerer, n: &Node| -> Result<Vec<Atom>> {
            let items: Vec<&Node> = match &n.kind {
                Kind::List { items, tail: None } => items.iter().collect(),
                _ => vec![n],
            };
            items
                .into_iter()
                .map(|i| match &i.kind {
                    Kind::Alias(a) => match Term::module(&l.expand_alias(a)) {
                        Term::Atom(a) => Ok(a),
                        _ => unreachable!("a module is an atom"),
                    },
                    _ => Err(LowerError::new(i.span, "expected an exception module")),
                })
                .collect()
        };
        let (bind, only) = match &arg.kind {
            Kind::Var(v) if v == "_" => (None, Vec::new()),
            Kind::Var(v) => (Some(self.scopes.bind(v)), Vec::new()),
            Kind::Alias(_) => (None, modules(self, arg)?),
            Kind::BinaryOp {
                op: BinOp::In,
                lhs,
                rhs,
            } => {
                let only = modules(self, rhs)?;
                match &lhs.kind {
                    Kind::Var(v) if v == "_" => (None, only),
                    Kind::Var(v) => (Some(self.scopes.bind(v)), only),
                    _ => return Err(LowerError::new(lhs.span, "expected a variable before `in`")),
                }
            }
            _ => {
                return Err(LowerError::new(
                    arg.span,
                    "expected `e ->` or `e in [Error] ->` in rescue",
                ));
            }
        };
        let body = self.expr(&c.body, false)?;
        self.scopes.pop();
        Ok(ir::Rescue {
            bind,
            only,
            body,
            span: Lowerer::span(c.span),
        })
    }

    fn with(&mut self, n: &Node, steps: &[Node], kw: &Node, tail: bool) -> Result<ExprKind> {
        self.scopes.push();
        let mut out = Vec::new();
        for s in steps {
            match &s.kind {
                Kind::BinaryOp {
                    op: BinOp::Arrow,
                    lhs,
                    rhs,
                } => {
                    let value = self.expr(rhs, false)?;
                    let (pat, guard) = split_when(lhs);
                    let mut ctx = PatCtx::default();
                    let p = self.pattern(pat, &mut ctx)?;
                    ctx.expose(self);
                    let g = match guard {
                        Some(g) => Some(self.guard(g)?),
                        None => None,
                    };
                    out.push(ir::WithStep::Bind(p, g, value));
                }
                _ => out.push(ir::WithStep::Plain(self.expr(s, false)?)),
            }
        }
        let body = self.expr(kw_get(kw, "do").expect("checked by the caller"), tail)?;
        self.scopes.pop();
        let else_ = match kw_get(kw, "else") {
            None => Vec::new(),
            Some(e) => match stab(Some(e)) {
                Some(cs) => self.clauses(cs, 1, tail)?,
                None => {
                    return Err(LowerError::new(
                        n.span,
                        "expected `else pattern -> ...` clauses",
                    ));
                }
            },
        };
        Ok(ExprKind::With(Box::new(ir::With {
            steps: out,
            body,
            else_,
        })))
    }

    /// `for x <- xs, p <- ps, filter, into: c, do: body`: nested `Enum.flat_map`s (a
    /// generator's pattern filters), then `Enum.into` if `into:` is given. With
    /// `reduce: acc`, nested `Enum.reduce/3`s instead ([`Lowerer::reduce_comprehension`]).
    fn comprehension(&mut self, n: &Node, args: &[Node]) -> Result<Expr> {
        let mut quals = Vec::new();
        let (mut body, mut into, mut reduce) = (None, None, None);
        for a in args {
            // Options are keyword lists (`into: %{}`, `do: ...`); anything else qualifies.
            match kw_keys(a) {
                Some(keys) => {
                    for k in &keys {
                        match k.as_str() {
                            "do" => body = kw_get(a, "do"),
                            "into" => into = kw_get(a, "into"),
                            "reduce" => reduce = kw_get(a, "reduce"),
                            other => {
                                return Err(LowerError::new(
                                    a.span,
                                    format!("`for` with `{other}:` is not supported"),
                                ));
                            }
                        }
                    }
                }
                _ => quals.push(a),
            }
        }
        let Some(body) = body else {
            return Err(LowerError::new(n.span, "expected `for x <- xs, do: ...`"));
        };
        if let Some(init) = reduce {
            if into.is_some() {
                return Err(LowerError::new(
                    n.span,
                    "`for` takes `reduce:` or `into:`, not both",
                ));
            }
            return self.reduce_comprehension(n, &quals, init, body);
        }
        let list = |items: Vec<Node>| Node {
            span: n.span,
            kind: Kind::List { items, tail: None },
        };
        let mut inner = list(vec![body.clone()]);
        for q in quals.iter().rev() {
            inner = match &q.kind {
                Kind::BinaryOp {
                    op: BinOp::Arrow,
                    lhs,
                    rhs,
                } => {
                    let (pat, guard) = split_when(lhs);
                    let (pat, guard) = (pat.clone(), guard.cloned());
                    let take = AstClause {
                        span: q.span,
                        args: vec![pat],
                        guard,
                        body: inner,
                    };
                    let skip = AstClause {
                        span: q.span,
                        args: vec![node(Kind::Var("_".into()), q)],
                        guard: None,
                        body: list(vec![]),
                    };
                    let f = node(Kind::Fn(vec![take, skip]), q);
                    node(
                        Kind::Call {
                            target: Target::Remote {
                                module: Box::new(node(Kind::Alias("Enum".into()), q)),
                                fun: "flat_map".into(),
                            },
                            args: vec![(**rhs).clone(), f],
                        },
                        q,
                    )
                }
                _ => {
                    let kw = list(vec![
                        node(
                            Kind::Tuple(vec![node(Kind::Atom("do".into()), q), inner]),
                            q,
                        ),
                        node(
                            Kind::Tuple(vec![node(Kind::Atom("else".into()), q), list(vec![])]),
                            q,
                        ),
                    ]);
                    node(
                        Kind::Call {
                            target: Target::Local("if".into()),
                            args: vec![(*q).clone(), kw],
                        },
                        q,
                    )
                }
            };
        }
        if quals.is_empty() {
            return Err(LowerError::new(
                n.span,
                "expected a generator `x <- xs` in `for`",
            ));
        }
        if let Some(c) = into {
            inner = node(
                Kind::Call {
                    target: Target::Remote {
                        module: Box::new(node(Kind::Alias("Enum".into()), n)),
                        fun: "into".into(),
                    },
                    args: vec![inner, c.clone()],
                },
                n,
            );
        }
        self.expr(&inner, false)
    }

    /// The macros `put_in(path, value)` and `update_in(path, fun)`, `path` a chain of
    /// `.field` and `[key]` on a root, as 1.14 expands them: a `.field` is
    /// `Map.update!(h, :field, fn x -> ... end)` (a `KeyError` if it is missing), a `[key]`
    /// is `update_in(h, [key], fn x -> ... end)` (through `Access`, adding a missing key),
    /// and the innermost is the value, or `fun.(x)` (semantics §5.25).
    fn path_update(&mut self, update: bool, path: &Node, last: &Node) -> Result<Expr> {
        // The steps, innermost last, and the root.
        let mut steps = Vec::new();
        let mut root = path;
        loop {
            match &root.kind {
                Kind::Dot { expr, field } => {
                    steps.push(Ok(field.clone()));
                    root = expr;
                }
                Kind::Access { expr, key } => {
                    steps.push(Err((**key).clone()));
                    root = expr;
                }
                _ => break,
            }
        }
        steps.reverse();
        // A name no program can write: each step's `fn` binds it anew.
        let x = |at: &Node| node(Kind::Var("path x".into()), at);
        // A path of `.field`s only ends in `Map.update!(h, :field, fun)`, the function
        // passed as it is (evaluated before the last field is looked up, checked by
        // `Map.update!/3`'s clause); any other ends in `fun.(x)`.
        let direct = update && steps.iter().all(|s| s.is_ok());
        let mut inner = if direct {
            last.clone()
        } else if update {
            node(
                Kind::Call {
                    target: Target::Anon(Box::new(last.clone())),
                    args: vec![x(path)],
                },
                path,
            )
        } else {
            last.clone()
        };
        for (i, step) in steps.iter().enumerate().rev() {
            let h = if i == 0 { root.clone() } else { x(path) };
            let f = if direct && i == steps.len() - 1 {
                inner
            } else {
                node(
                    Kind::Fn(vec![AstClause {
                        span: path.span,
                        args: vec![x(path)],
                        guard: None,
                        body: inner,
                    }]),
                    path,
                )
            };
            inner = match step {
                Ok(field) => node(
                    Kind::Call {
                        target: Target::Remote {
                            module: Box::new(node(Kind::Alias("Map".into()), path)),
                            fun: "update!".into(),
                        },
                        args: vec![h, node(Kind::Atom(field.clone()), path), f],
                    },
                    path,
                ),
                Err(key) => node(
                    Kind::Call {
                        target: Target::Local("update_in".into()),
                        args: vec![
                            h,
                            node(
                                Kind::List {
                                    items: vec![key.clone()],
                                    tail: None,
                                },
                                path,
                            ),
                            f,
                        ],
                    },
                    path,
                ),
            };
        }
        self.expr(&inner, false)
    }

    /// `for x <- xs, y <- ys, filter, reduce: init do acc -> body end`, as Elixir expands
    /// it: one `Enum.reduce/3` per generator (the outermost from `init`, evaluated after
    /// its enumerable), a generator whose pattern does not match and a false filter pass
    /// the accumulator on, and the innermost is `case acc do clauses end` (no clause
    /// matching is a `CaseClauseError`, as on the VM).
    fn reduce_comprehension(
        &mut self,
        n: &Node,
        quals: &[&Node],
        init: &Node,
        body: &Node,
    ) -> Result<Expr> {
        if stab(Some(body)).is_none() {
            return Err(LowerError::new(
                body.span,
                "expected `for x <- xs, reduce: acc do acc -> ... end`",
            ));
        }
        let first_generates = quals.first().is_some_and(|q| {
            matches!(
                &q.kind,
                Kind::BinaryOp {
                    op: BinOp::Arrow,
                    ..
                }
            )
        });
        if !first_generates {
            return Err(LowerError::new(
                n.span,
                "expected a generator `x <- xs` first in `for`",
            ));
        }
        // A name no program can write: each generator's `fn` binds it anew.
        let acc = |at: &Node| node(Kind::Var("for acc".into()), at);
        let mut inner = node(
            Kind::Call {
                target: Target::Local("case".into()),
                args: vec![
                    acc(n),
                    node(
                        Kind::List {
                            items: vec![node(
                                Kind::Tuple(vec![node(Kind::Atom("do".into()), n), body.clone()]),
                                n,
                            )],
                            tail: None,
                        },
                        n,
                    ),
                ],
            },
            n,
        );
        for (i, q) in quals.iter().enumerate().rev() {
            inner = match &q.kind {
                Kind::BinaryOp {
                    op: BinOp::Arrow,
                    lhs,
                    rhs,
                } => {
                    let (pat, guard) = split_when(lhs);
                    let take = AstClause {
                        span: q.span,
                        args: vec![pat.clone(), acc(q)],
                        guard: guard.cloned(),
                        body: inner,
                    };
                    let skip = AstClause {
                        span: q.span,
                        args: vec![node(Kind::Var("_".into()), q), acc(q)],
                        guard: None,
                        body: acc(q),
                    };
                    let f = node(Kind::Fn(vec![take, skip]), q);
                    let start = if i == 0 { init.clone() } else { acc(q) };
                    node(
                        Kind::Call {
                            target: Target::Remote {
                                module: Box::new(node(Kind::Alias("Enum".into()), q)),
                                fun: "reduce".into(),
                            },
                            args: vec![(**rhs).clone(), start, f],
                        },
                        q,
                    )
                }
                _ => {
                    let branch = |key: &str, v: Node| {
                        node(Kind::Tuple(vec![node(Kind::Atom(key.into()), q), v]), q)
                    };
                    let kw = node(
                        Kind::List {
                            items: vec![branch("do", inner), branch("else", acc(q))],
                            tail: None,
                        },
                        q,
                    );
                    node(
                        Kind::Call {
                            target: Target::Local("if".into()),
                            args: vec![(*q).clone(), kw],
                        },
                        q,
                    )
                }
            };
        }
        self.expr(&inner, false)
    }

    /// `fn clauses end`: one frame for all clauses; captures from the frames around.
    pub(crate) fn lambda(&mut self, n: &Node, clauses: &[AstClause]) -> Result<Expr> {
        let arity = clauses.first().map_or(0, |c| c.args.len());
        if clauses.iter().any(|c| c.args.len() != arity) {
            return Err(LowerError::new(
                n.span,
                "the clauses of an fn must take the same number of arguments",
            ));
        }
        self.scopes.push_frame(true);
        let mut out = Vec::with_capacity(clauses.len());
        for c in clauses {
            self.scopes.push();
            let mut ctx = PatCtx::default();
            let params = c
                .args
                .iter()
                .map(|a| self.pattern(a, &mut ctx))
                .collect::<Result<Vec<_>>>()?;
            ctx.expose(self);
            let guard = match &c.guard {
                Some(g) => Some(self.guard(g)?),
                None => None,
            };
            let body = self.expr(&c.body, true)?;
            self.scopes.pop();
            out.push(Clause {
                params,
                guard,
                body,
                frame: 0,
                span: Lowerer::span(c.span),
            });
        }
        let frame = self.scopes.pop_frame();
        let clauses = out
            .into_iter()
            .map(|mut c| {
                c.frame = frame.next;
                Rc::new(c)
            })
            .collect();
        Ok(Expr::new(
            ExprKind::Fn(Rc::new(ir::Lambda {
                arity,
                captures: frame.captures,
                clauses,
                module: self.current.map(|m| m as ir::ModId),
                span: Lowerer::span(n.span),
            })),
            Lowerer::span(n.span),
        ))
    }

    /// `&fun/2`, `&Mod.fun/2`: `fn a, b -> fun(a, b) end`.
    pub(crate) fn capture_fun(&mut self, n: &Node, target: &Target, arity: u32) -> Result<Expr> {
        let names: Vec<String> = (1..=arity).map(|i| format!("&{i}")).collect();
        let args: Vec<Node> = names
            .iter()
            .map(|v| node(Kind::Var(v.clone()), n))
            .collect();
        // `&+/2`, `&<=/2`, `&++/2`, `&and/2`, `&<>/2`: `fn a, b -> a op b end`, as the
        // compiler expands a capture of an operator (a macro's too).
        let operator = match (target, &args[..]) {
            (Target::Local(name), [a, b]) => BinOp::from_token(name)
                .filter(|op| {
                    !matches!(
                        op,
                        BinOp::Match
                            | BinOp::Pipe
                            | BinOp::When
                            | BinOp::Type
                            | BinOp::Default
                            | BinOp::Bar
                            | BinOp::Arrow
                    )
                })
                .map(|op| Kind::BinaryOp {
                    op,
                    lhs: Box::new(a.clone()),
                    rhs: Box::new(b.clone()),
                }),
            _ => None,
        };
        let body = node(
            operator.unwrap_or_else(|| Kind::Call {
                target: target.clone(),
                args: args.clone(),
            }),
            n,
        );
        self.lambda(
            n,
            &[AstClause {
                span: n.span,
                args,
                guard: None,
                body,
            }],
        )
    }

    /// `&(&1 + 1)`: an `fn` of as many arguments as the highest `&n`.
    pub(crate) fn capture_expr(&mut self, n: &Node, body: &Node) -> Result<Expr> {
        fn highest(n: &Node) -> u32 {
            match &n.kind {
                Kind::CaptureArg(i) => *i,
                Kind::CaptureExpr(_) | Kind::Fn(_) => 0,
                _ => children(n).into_iter().map(highest).max().unwrap_or(0),
            }
        }
        let arity = highest(body);
        if arity == 0 {
            return Err(LowerError::new(n.span, "a capture `&(...)` must use &1"));
        }
        let args: Vec<Node> = (1..=arity)
            .map(|i| node(Kind::Var(format!("&{i}")), n))
            .collect();
        self.lambda(
            n,
            &[AstClause {
                span: n.span,
                args,
                guard: None,
                body: body.clone(),
            }],
        )
    }
}

/// The direct children of a node (for walks that only look).
pub(crate) fn children(n: &Node) -> Vec<&Node> {
    match &n.kind {
        Kind::Tuple(v) | Kind::Block(v) => v.iter().collect(),
        Kind::List { items, tail } => items.iter().chain(tail.as_deref()).collect(),
        Kind::Map { update, pairs } => update
            .as_deref()
            .into_iter()
            .chain(pairs.iter().flat_map(|(k, v)| [k, v]))
            .collect(),
        Kind::Struct {
            name,
            update,
            pairs,
        } => std::iter::once(&**name)
            .chain(update.as_deref())
            .chain(pairs.iter().flat_map(|(k, v)| [k, v]))
            .collect(),
        Kind::Access { expr, key } => vec![expr, key],
        Kind::BinaryOp { lhs, rhs, .. } => vec![lhs, rhs],
        Kind::UnaryOp { operand, .. } => vec![operand],
        Kind::Range { first, last, step } => [&**first, &**last]
            .into_iter()
            .chain(step.as_deref())
            .collect(),
        Kind::Call { target, args } => {
            let mut out: Vec<&Node> = match target {
                Target::Remote { module, .. } => vec![module],
                Target::Anon(f) => vec![f],
                Target::Local(_) => vec![],
            };
            out.extend(args.iter());
            out
        }
        Kind::Dot { expr, .. } => vec![expr],
        Kind::AttrDef { value, .. } => vec![value],
        Kind::Str(parts) | Kind::Charlist(parts) => parts
            .iter()
            .filter_map(|p| match p {
                crate::elixir::Part::Interp(x) => Some(x),
                crate::elixir::Part::Text(_) => None,
            })
            .collect(),
        Kind::Stab(cs) => cs
            .iter()
            .flat_map(|c| {
                c.args
                    .iter()
                    .chain(c.guard.as_ref())
                    .chain(std::iter::once(&c.body))
            })
            .collect(),
        Kind::Fn(_) | Kind::CaptureExpr(_) => vec![],
        Kind::Int(_)
        | Kind::Float(_)
        | Kind::Atom(_)
        | Kind::Var(_)
        | Kind::Alias(_)
        | Kind::CurrentModule
        | Kind::Attr(_)
        | Kind::CaptureFun { .. }
        | Kind::CaptureArg(_)
        | Kind::Unsupported { .. } => vec![],
    }
}
