//! Expressions and the control forms.

use super::builtins::{self, Label};
use super::{Emitter, R, fail, indent};
use crate::elixir::spelling::{escape, is_identifier, str_src};
use crate::ir::{self, BinOp, Clause, Expr, ExprKind, InterpPart, Target, UnOp};

impl Emitter<'_> {
    /// A body: the statements of a block one a line (`nil` for none), else the expression.
    pub(super) fn body(&mut self, e: &Expr) -> R {
        let ExprKind::Block(es) = &e.kind else {
            return self.expr(e);
        };
        if es.is_empty() {
            return Ok("nil".to_string());
        }
        let parts = es.iter().map(|x| self.expr(x)).collect::<R<Vec<_>>>()?;
        Ok(parts.join("\n"))
    }

    fn exprs(&mut self, es: &[Expr]) -> R<Vec<String>> {
        es.iter().map(|e| self.expr(e)).collect()
    }

    /// An expression (possibly several lines).
    pub(super) fn expr(&mut self, e: &Expr) -> R {
        Ok(match &e.kind {
            ExprKind::Lit(t) => self.lit(t)?,
            ExprKind::Var(s) => self.var(*s),
            ExprKind::Tuple(items) => format!("{{{}}}", self.exprs(items)?.join(", ")),
            ExprKind::List(items, tail) => {
                let items = self.exprs(items)?;
                match tail {
                    None => format!("[{}]", items.join(", ")),
                    Some(t) if items.is_empty() => self.expr(t)?,
                    Some(t) => format!("[{} | {}]", items.join(", "), self.expr(t)?),
                }
            }
            ExprKind::Map(pairs) => format!("%{{{}}}", self.pairs(pairs)?),
            ExprKind::MapUpdate(m, pairs) => {
                format!("%{{({}) | {}}}", self.expr(m)?, self.pairs(pairs)?)
            }
            ExprKind::Struct(name, fields) => {
                let mut parts = Vec::with_capacity(fields.len());
                for (k, v) in fields {
                    parts.push(format!("{}: {}", key(k.as_str())?, self.expr(v)?));
                }
                match self.struct_alias(name.as_str()) {
                    Some(alias) => format!("%{alias}{{{}}}", parts.join(", ")),
                    None => format!(
                        "Kernel.struct!({}, [{}])",
                        self.atom(name.as_str()),
                        parts.join(", ")
                    ),
                }
            }
            ExprKind::Field(x, k) if is_identifier(k.as_str()) => {
                format!("({}).{}", self.expr(x)?, k.as_str())
            }
            ExprKind::Field(x, k) => {
                format!("Map.fetch!({}, {})", self.expr(x)?, self.atom(k.as_str()))
            }
            ExprKind::Block(es) if es.is_empty() => "nil".to_string(),
            ExprKind::Block(_) => format!("(\n{}\n)", indent(&self.body(e)?, 1)),
            ExprKind::Match(p, x) => {
                let value = self.expr(x)?;
                format!("({} = {value})", self.pat(p)?)
            }
            ExprKind::Case(x, clauses) => {
                let subject = self.expr(x)?;
                format!(
                    "case {subject} do\n{}\nend",
                    indent(&self.clauses(clauses)?, 1)
                )
            }
            ExprKind::Cond(arms) => {
                let mut s = String::from("cond do\n");
                for (c, body) in arms {
                    let c = self.expr(c)?;
                    let body = self.body(body)?;
                    s.push_str(&indent(&format!("{c} ->\n{}", indent(&body, 1)), 1));
                    s.push('\n');
                }
                s.push_str("end");
                s
            }
            ExprKind::If(c, a, b) => format!(
                "if {} do\n{}\nelse\n{}\nend",
                self.expr(c)?,
                indent(&self.body(a)?, 1),
                indent(&self.body(b)?, 1)
            ),
            ExprKind::BinOp(op, a, b) => {
                format!("({}) {} ({})", self.expr(a)?, binop(*op), self.expr(b)?)
            }
            ExprKind::UnOp(op, a) => {
                let op = match op {
                    UnOp::Neg => "-",
                    UnOp::Plus => "+",
                    UnOp::Not => "not ",
                    UnOp::Bang => "!",
                };
                format!("{op}({})", self.expr(a)?)
            }
            ExprKind::Receive(r) => self.receive(r)?,
            ExprKind::Try(t) => self.try_form(t)?,
            ExprKind::With(w) => self.with(w)?,
            ExprKind::Fn(lambda) => self.lambda(lambda)?,
            ExprKind::Call {
                target,
                args,
                tail: _,
                label,
            } => self.call(target, args, label.as_deref())?,
            ExprKind::Interp(parts) => {
                let mut s = String::from("\"");
                for part in parts {
                    match part {
                        InterpPart::Text(t) => s.push_str(&escape(t, '"')),
                        InterpPart::Expr(x) => {
                            s.push_str(&format!("#{{OtpsimIr.show({})}}", self.expr(x)?));
                        }
                    }
                }
                s.push('"');
                s
            }
            ExprKind::Observe { op, subject, value } => format!(
                "OtpsimIr.result({}, {})",
                str_src(&format!("{op} {subject}")),
                self.expr(value)?
            ),
        })
    }

    fn pairs(&mut self, pairs: &[(Expr, Expr)]) -> R {
        let mut parts = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            parts.push(format!("{} => {}", self.expr(k)?, self.expr(v)?));
        }
        Ok(parts.join(", "))
    }

    /// One-pattern clauses (`case`, `receive`, `with ... else`, `try ... else`).
    fn clauses(&mut self, clauses: &[Clause]) -> R {
        let mut out = Vec::with_capacity(clauses.len());
        for c in clauses {
            let [p] = c.params.as_slice() else {
                return fail("a case clause with other than one pattern");
            };
            let head = self.pat(p)?;
            let guard = self.guard_of(c)?;
            let body = self.body(&c.body)?;
            out.push(format!("{head}{guard} ->\n{}", indent(&body, 1)));
        }
        Ok(out.join("\n"))
    }

    fn receive(&mut self, r: &ir::Receive) -> R {
        let mut s = String::from("receive do\n");
        if r.observe {
            // Step language: `receive <msg>` when a message is taken.
            let mut out = Vec::new();
            for c in &r.clauses {
                let [p] = c.params.as_slice() else {
                    return fail("a receive clause with other than one pattern");
                };
                let msg = self.fresh("msg");
                let head = self.pat(p)?;
                let guard = self.guard_of(c)?;
                let body = self.body(&c.body)?;
                out.push(format!(
                    "({head}) = {msg}{guard} ->\n  OtpsimIr.got({msg})\n{}",
                    indent(&body, 1)
                ));
            }
            s.push_str(&indent(&out.join("\n"), 1));
        } else {
            s.push_str(&indent(&self.clauses(&r.clauses)?, 1));
        }
        s.push('\n');
        if let Some((t, body)) = &r.after {
            let t = self.expr(t)?;
            let mut body = self.body(body)?;
            if r.observe {
                body = format!("OtpsimIr.timed_out({t})\n{body}");
            }
            s.push_str(&format!("after\n  {t} ->\n{}\n", indent(&body, 2)));
        }
        s.push_str("end");
        Ok(s)
    }

    fn try_form(&mut self, t: &ir::Try) -> R {
        let mut s = format!("try do\n{}\n", indent(&self.body(&t.body)?, 1));
        if !t.rescue.is_empty() {
            s.push_str("rescue\n");
            for r in &t.rescue {
                self.bound.clear();
                let var = match r.bind {
                    Some(slot) => self.bind_slot(slot),
                    None if t.observe => self.fresh("e"),
                    None => "_".to_string(),
                };
                let head = if r.only.is_empty() {
                    var.clone()
                } else {
                    let only: Vec<String> = r.only.iter().map(|a| self.atom(a.as_str())).collect();
                    format!("{var} in [{}]", only.join(", "))
                };
                let mut body = self.body(&r.body)?;
                if t.observe {
                    body = format!("OtpsimIr.caught(\"rescue\", {var})\n{body}");
                }
                s.push_str(&indent(&format!("{head} ->\n{}", indent(&body, 1)), 1));
                s.push('\n');
            }
        }
        if !t.catch.is_empty() {
            s.push_str("catch\n");
            for c in &t.catch {
                self.bound.clear();
                let kind = self.pat_in(&c.kind)?;
                let value = self.pat_in(&c.value)?;
                let guard = match &c.guard {
                    Some(g) => format!(" when {}", self.expr(g)?),
                    None => String::new(),
                };
                let mut body = self.body(&c.body)?;
                let head = if t.observe {
                    let (k, v) = (self.fresh("kind"), self.fresh("value"));
                    body = format!("OtpsimIr.caught_kind({k}, {v})\n{body}");
                    format!("({kind} = {k}), ({value} = {v}){guard}")
                } else {
                    format!("{kind}, {value}{guard}")
                };
                s.push_str(&indent(&format!("{head} ->\n{}", indent(&body, 1)), 1));
                s.push('\n');
            }
        }
        if !t.else_.is_empty() {
            s.push_str(&format!("else\n{}\n", indent(&self.clauses(&t.else_)?, 1)));
        }
        if let Some(a) = &t.after {
            s.push_str(&format!("after\n{}\n", indent(&self.body(a)?, 1)));
        }
        s.push_str("end");
        Ok(s)
    }

    fn with(&mut self, w: &ir::With) -> R {
        let mut steps = Vec::with_capacity(w.steps.len());
        for step in &w.steps {
            steps.push(match step {
                ir::WithStep::Bind(p, g, e) => {
                    let value = self.expr(e)?;
                    let head = self.pat(p)?;
                    let guard = match g {
                        Some(g) => format!(" when {}", self.expr(g)?),
                        None => String::new(),
                    };
                    format!("{head}{guard} <- {value}")
                }
                ir::WithStep::Plain(e) => self.expr(e)?,
            });
        }
        let body = self.body(&w.body)?;
        let mut s = format!("with {} do\n{}\n", steps.join(",\n     "), indent(&body, 1));
        if !w.else_.is_empty() {
            s.push_str(&format!("else\n{}\n", indent(&self.clauses(&w.else_)?, 1)));
        }
        s.push_str("end");
        Ok(s)
    }

    fn lambda(&mut self, lambda: &ir::Lambda) -> R {
        self.enter_fn(lambda);
        let r = self.lambda_clauses(lambda);
        self.frames.pop();
        r
    }

    fn lambda_clauses(&mut self, lambda: &ir::Lambda) -> R {
        let mut out = Vec::with_capacity(lambda.clauses.len());
        for c in &lambda.clauses {
            let head = match self.heads(&c.params)? {
                h if h.is_empty() => "()".to_string(),
                h => h,
            };
            let guard = self.guard_of(c)?;
            let body = self.body(&c.body)?;
            out.push(format!("{head}{guard} ->\n{}", indent(&body, 1)));
        }
        Ok(format!("fn\n{}\nend", indent(&out.join("\n"), 1)))
    }

    fn call(&mut self, target: &Target, args: &[Expr], label: Option<&str>) -> R {
        match target {
            Target::Local { module, function } => {
                let m = &self.program.modules[*module as usize];
                let f = &m.functions[*function as usize];
                let name = if self.module == Some(*module) {
                    f.name.to_string()
                } else {
                    format!("{}.{}", self.module_alias(&m.name), f.name)
                };
                let args = self.exprs(args)?;
                Ok(match label {
                    Some(l) => format!(
                        "OtpsimIr.labelled({}, &{name}/{}, [{}])",
                        str_src(l),
                        args.len(),
                        args.join(", ")
                    ),
                    None => format!("{name}({})", args.join(", ")),
                })
            }
            Target::Builtin(b) => {
                let args = self.exprs(args)?;
                builtins::call(*b, &args, Label::Static(label))
            }
            Target::Remote(m, name) => {
                let m = self.expr(m)?;
                let args = self.exprs(args)?;
                let label = label.map_or_else(|| "nil".to_string(), str_src);
                Ok(format!(
                    "OtpsimIr.remote({m}, {}, [{}], {label})",
                    self.atom(name),
                    args.join(", ")
                ))
            }
            Target::Dynamic(f) => {
                let f = self.expr(f)?;
                let args = self.exprs(args)?;
                Ok(match label {
                    Some(l) => format!(
                        "OtpsimIr.labelled({}, {f}, [{}])",
                        str_src(l),
                        args.join(", ")
                    ),
                    None => format!("({f}).({})", args.join(", ")),
                })
            }
        }
    }
}

/// A keyword key (`pid:`, `"odd key":`).
fn key(k: &str) -> R {
    if is_identifier(k) {
        Ok(k.to_string())
    } else {
        Ok(format!("\"{}\"", escape(k, '"')))
    }
}

fn binop(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        BinOp::Eq => "==",
        BinOp::Ne => "!=",
        BinOp::StrictEq => "===",
        BinOp::StrictNe => "!==",
        BinOp::Lt => "<",
        BinOp::Gt => ">",
        BinOp::Le => "<=",
        BinOp::Ge => ">=",
        BinOp::And => "and",
        BinOp::Or => "or",
        BinOp::AndAlso => "&&",
        BinOp::OrElse => "||",
        BinOp::Concat => "<>",
        BinOp::ListConcat => "++",
        BinOp::ListSubtract => "--",
        BinOp::In => "in",
        BinOp::Range => "..",
    }
}
