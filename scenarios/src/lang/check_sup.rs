//! Checking the supervisor and GenServer steps: supervisor references (a binding of the
//! right kind, or a registered name), `start_child`, the calls, `gen_server` and `call`.

use super::check::{Checker, R};
use super::check_child::{SupOpts, atom_label, restart, shutdown_spec, strategy};
use super::ir::{Block, Op, Seg, SupKind, SupOp};
use super::scope::Kind;
use super::sup::{self, CallClause, Child};
use super::term::{self, Expr, Pat};
use super::{ShutdownMode, Step};
use model::child_spec::{Restart, ShutdownSpec};
use sim::Term;
use std::rc::Rc;

/// True for the steps [`Checker::sup_step`] checks.
pub(super) fn is_sup_step(step: &Step) -> bool {
    use Step as S;
    matches!(
        step,
        S::Supervisor { .. }
            | S::DynamicSupervisor { .. }
            | S::TaskSupervisor { .. }
            | S::StartChild { .. }
            | S::AsyncNolink { .. }
            | S::SupervisedAsync { .. }
            | S::WhichChildren { .. }
            | S::CountChildren { .. }
            | S::Children { .. }
            | S::TerminateChild { .. }
            | S::RestartChild { .. }
            | S::DeleteChild { .. }
            | S::Stop { .. }
            | S::GenServer { .. }
            | S::Call { .. }
    )
}

impl Checker {
    /// A supervisor or GenServer step.
    pub(super) fn sup_step(&mut self, step: &Step) -> R<Op> {
        use Step as S;
        let one_for_one = sup::Strategy::OneForOne;
        Ok(match step {
            S::Supervisor {
                bind,
                name,
                strategy,
                max_restarts,
                max_seconds,
                children,
            } => {
                let opts = SupOpts {
                    kind: SupKind::Static,
                    name,
                    strategy: self::strategy(*strategy),
                    max_restarts: *max_restarts,
                    max_seconds: *max_seconds,
                    max_children: None,
                    children,
                };
                self.start_sup(bind, &opts)?
            }
            S::DynamicSupervisor {
                bind,
                name,
                max_children,
                max_restarts,
                max_seconds,
            }
            | S::TaskSupervisor {
                bind,
                name,
                max_children,
                max_restarts,
                max_seconds,
            } => {
                let kind = match step {
                    S::DynamicSupervisor { .. } => SupKind::Dynamic,
                    _ => SupKind::Task,
                };
                let opts = SupOpts {
                    kind,
                    name,
                    strategy: self::strategy(one_for_one),
                    max_restarts: *max_restarts,
                    max_seconds: *max_seconds,
                    max_children: *max_children,
                    children: &[],
                };
                self.start_sup(bind, &opts)?
            }
            S::StartChild {
                sup,
                child,
                body,
                restart,
                shutdown,
                bind,
            } => self.start_child(sup, child, body, *restart, *shutdown, bind)?,
            S::AsyncNolink {
                sup,
                bind,
                body,
                ret,
                shutdown,
            }
            | S::SupervisedAsync {
                sup,
                bind,
                body,
                ret,
                shutdown,
            } => {
                let link = matches!(step, S::SupervisedAsync { .. });
                let step_name = if link {
                    "supervised_async"
                } else {
                    "async_nolink"
                };
                let sup = self.sup_ref(sup, &[SupKind::Task], step_name)?;
                let mark = self.scope.len();
                let body = self.at(Seg::Field("do"), |c| c.steps(body))?;
                let ret = self.expr_at(Seg::Field("return"), ret)?;
                self.scope.truncate(mark);
                Op::SupAsync {
                    sup,
                    link,
                    bind: self.bind(bind, Kind::Task)?,
                    body: body.into(),
                    ret,
                    shutdown: shutdown.map(shutdown_spec),
                }
            }
            S::WhichChildren { sup, bind } => {
                self.sup_call(SupOp::WhichChildren, sup, None, bind)?
            }
            S::CountChildren { sup, bind } => {
                self.sup_call(SupOp::CountChildren, sup, None, bind)?
            }
            S::Children { sup, bind } => self.sup_call(SupOp::Children, sup, None, bind)?,
            S::TerminateChild { sup, child, bind } => {
                self.sup_call(SupOp::TerminateChild, sup, Some(("child", child)), bind)?
            }
            S::RestartChild { sup, child, bind } => {
                self.sup_call(SupOp::RestartChild, sup, Some(("child", child)), bind)?
            }
            S::DeleteChild { sup, child, bind } => {
                self.sup_call(SupOp::DeleteChild, sup, Some(("child", child)), bind)?
            }
            S::Stop { sup, reason, bind } => {
                self.sup_call(SupOp::Stop, sup, Some(("reason", reason)), bind)?
            }
            S::GenServer {
                bind,
                name,
                init,
                handle_call,
            } => self.gen_server(bind, name, init, handle_call)?,
            S::Call {
                server,
                msg,
                timeout,
                bind,
            } => Op::Call {
                server: self.server_ref(server)?,
                msg: self.expr_at(Seg::Field("msg"), msg)?,
                timeout: timeout.to_sim(),
                bind: self.bind(bind, Kind::Value)?,
            },
            _ => unreachable!("step() sends only supervisor steps here"),
        })
    }

    /// `sup:`: a binding holding a supervisor (of one of the `want` kinds, if any are given)
    /// or a registered name.
    fn sup_ref(&mut self, text: &str, want: &[SupKind], step: &str) -> R<Expr> {
        self.at(Seg::Field("sup"), |c| {
            let e = c.syntax(term::parse_expr(text))?;
            let kind = match &e {
                Expr::Var(v) => match c.lookup(v) {
                    None => {
                        let bound = c.scope.describe();
                        return c.fail(None, format!("unknown supervisor binding `{v}` ({bound})"));
                    }
                    Some(Kind::Supervisor(k)) => Some(k),
                    Some(Kind::Value) => None,
                    Some(Kind::Task) => {
                        return c.fail(None, format!("`{v}` is a task, not a supervisor"));
                    }
                    // `Supervisor.stop/2` is `GenServer.stop/3`: it stops a server too.
                    Some(Kind::Server) if step == SupOp::Stop.name() => None,
                    Some(Kind::Server) => {
                        return c.fail(None, format!("`{v}` is a GenServer, not a supervisor"));
                    }
                },
                Expr::Lit(t @ Term::Atom(_)) => c
                    .sup_names
                    .iter()
                    .rev()
                    .find(|(n, _)| n == t)
                    .map(|(_, k)| *k),
                _ => {
                    return c.fail(
                        None,
                        format!(
                            "`sup:` is a supervisor: a binding (`sup`) or a registered name \
                             (`MySup`, `:my_sup`); found `{text}`"
                        ),
                    );
                }
            };
            if let Some(k) = kind
                && !want.is_empty()
                && !want.contains(&k)
            {
                let wanted: Vec<&str> = want.iter().map(|w| w.module()).collect();
                return c.fail(
                    None,
                    format!(
                        "`{step}` needs a {}, and `{text}` is a {}",
                        wanted.join(" or a "),
                        k.module()
                    ),
                );
            }
            Ok(e)
        })
    }

    /// `server:` of `call`: a binding holding a pid, or a registered name.
    fn server_ref(&mut self, text: &str) -> R<Expr> {
        let e = self.expr_at(Seg::Field("server"), text)?;
        match &e {
            Expr::Var(v) if self.lookup(v) == Some(Kind::Task) => self
                .at(Seg::Field("server"), |c| {
                    c.fail(None, format!("`{v}` is a task, not a GenServer"))
                }),
            Expr::Var(_) | Expr::Lit(Term::Atom(_)) => Ok(e),
            _ => self.at(Seg::Field("server"), |c| {
                c.fail(
                    None,
                    format!("`server:` is a binding or a registered name; found `{text}`"),
                )
            }),
        }
    }

    fn sup_kind_of(&self, e: &Expr) -> Option<SupKind> {
        match e {
            Expr::Var(v) => match self.lookup(v) {
                Some(Kind::Supervisor(k)) => Some(k),
                _ => None,
            },
            Expr::Lit(t) => self
                .sup_names
                .iter()
                .rev()
                .find(|(n, _)| n == t)
                .map(|(_, k)| *k),
            _ => None,
        }
    }

    fn start_child(
        &mut self,
        sup: &str,
        child: &Option<Child>,
        body: &Option<Vec<Step>>,
        restart: Option<sup::Restart>,
        shutdown: Option<ShutdownMode>,
        bind: &Option<String>,
    ) -> R<Op> {
        match (child, body) {
            (Some(spec), None) => {
                let sup = self.sup_ref(sup, &[SupKind::Static, SupKind::Dynamic], "start_child")?;
                if restart.is_some() || shutdown.is_some() {
                    let why = "`restart:` and `shutdown:` go inside the child spec";
                    return self.fail(None, format!("{why} (`child: worker(.., restart: ..)`)"));
                }
                let under = self.sup_kind_of(&sup);
                let child = self.at(Seg::Field("child"), |c| {
                    c.child(spec, under, bind.as_deref())
                })?;
                Ok(Op::StartChild {
                    sup,
                    kind: under,
                    child,
                    bind: self.bind(bind, Kind::Value)?,
                })
            }
            (None, Some(steps)) => {
                let sup = self.sup_ref(sup, &[SupKind::Task], "start_child")?;
                let body = self.body("do", steps)?;
                Ok(Op::StartTask {
                    sup,
                    body,
                    label: bind.as_deref().unwrap_or("task").into(),
                    restart: restart.map_or(Restart::Temporary, self::restart),
                    shutdown: shutdown.map_or(ShutdownSpec::Ms(5000), shutdown_spec),
                    bind: self.bind(bind, Kind::Value)?,
                })
            }
            _ => self.fail(
                None,
                "`start_child` takes either `child:` (a child spec, for a Supervisor or a \
                 DynamicSupervisor) or `do:` (the steps of a Task.Supervisor task)"
                    .to_string(),
            ),
        }
    }

    fn sup_call(
        &mut self,
        op: SupOp,
        sup: &str,
        arg: Option<(&'static str, &String)>,
        bind: &Option<String>,
    ) -> R<Op> {
        let want: &[SupKind] = match op {
            SupOp::Children => &[SupKind::Task],
            SupOp::RestartChild | SupOp::DeleteChild => &[SupKind::Static],
            _ => &[],
        };
        let sup = self.sup_ref(sup, want, op.name())?;
        let arg = match arg {
            Some((field, text)) => Some(self.expr_at(Seg::Field(field), text)?),
            None => None,
        };
        Ok(Op::SupCall {
            op,
            kind: self.sup_kind_of(&sup),
            sup,
            arg,
            bind: self.bind(bind, Kind::Value)?,
        })
    }

    fn gen_server(
        &mut self,
        bind: &Option<String>,
        name: &Option<String>,
        init: &[Step],
        clauses: &[CallClause],
    ) -> R<Op> {
        let name = match name {
            Some(text) => Some(self.atom_at(Seg::Field("name"), text, "a registered name")?),
            None => None,
        };
        let label: Rc<str> = match (bind, &name) {
            (Some(b), _) => b.as_str().into(),
            (None, Some(n)) => atom_label(n),
            (None, None) => "gen_server".into(),
        };
        let init = self.body("init", init)?;
        let calls = self.at(Seg::Field("handle_call"), |c| {
            (0..clauses.len())
                .map(|i| c.at(Seg::Index(i), |c| c.call_clause(&clauses[i])))
                .collect::<R<Vec<_>>>()
        })?;
        Ok(Op::GenServer {
            bind: self.bind(bind, Kind::Server)?,
            name,
            label,
            init,
            calls: calls.into(),
        })
    }

    /// `("pattern", [steps], "reply")`: the steps and the reply see the pattern's variables,
    /// the reply also the steps' bindings.
    fn call_clause(&mut self, (pattern, steps, reply): &CallClause) -> R<(Pat, Block, Expr)> {
        let pat = self.at(Seg::Index(0), |c| c.syntax(term::parse_pattern(pattern)))?;
        let mark = self.scope.len();
        self.at(Seg::Index(0), |c| c.bind_pattern(&pat))?;
        let body = self.at(Seg::Index(1), |c| c.steps(steps))?;
        let reply = self.expr_at(Seg::Index(2), reply)?;
        self.scope.truncate(mark);
        Ok((pat, body.into(), reply))
    }
}

#[cfg(test)]
mod tests;
