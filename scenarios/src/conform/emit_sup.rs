//! Emitting the supervisor and server operations (part of [`super`]): supervisors start
//! through `OtpsimRt.start_sup/3` and name their children in the children's start functions;
//! a `gen_server(..)` step becomes a module of its own.

use super::{Emitter, R, collect_registered, str_src, timeout_src};
use crate::lang::term::{Expr, Pat};
use crate::lang::{Block, ChildBody, ChildIr, Op, SupIr, SupKind, SupOp};
use model::child_spec::{ChildType, Restart, ShutdownSpec};
use model::supervisor::Strategy;
use sim::Term;
use std::collections::BTreeSet;
use std::rc::Rc;

pub(super) fn collect_sup(sup: &SupIr, out: &mut BTreeSet<String>) {
    if let Some(Term::Atom(a)) = &sup.name {
        out.insert(a.as_str().to_string());
    }
    for c in &sup.children {
        collect_child(c, out);
    }
}

pub(super) fn collect_child(c: &ChildIr, out: &mut BTreeSet<String>) {
    match &c.body {
        ChildBody::Worker(b) | ChildBody::Task(b) => collect_registered(b, out),
        ChildBody::Sup(s) => collect_sup(s, out),
    }
}

impl Emitter {
    /// A supervisor or server operation.
    pub(super) fn sup_op(&mut self, op: &Op) -> R {
        match op {
            Op::StartSup { bind, sup } => {
                let c = self.fresh("c");
                self.line(&format!("{c} = OtpsimRt.child({})", str_src(&sup.label)));
                let how = self.sup_how(sup)?;
                let b = self.bind_ok(bind)?;
                self.line(&format!("{b}OtpsimRt.start_sup({c}, %{{}}, {how})"));
            }
            Op::StartChild {
                sup,
                kind,
                child,
                bind,
            } => {
                let dynamic = matches!(kind, Some(SupKind::Dynamic | SupKind::Task));
                let module = if dynamic {
                    "DynamicSupervisor"
                } else {
                    "Supervisor"
                };
                let spec = self.child_spec(child, dynamic)?;
                let call = format!("{module}.start_child({}, {spec})", self.expr(sup)?);
                self.result(bind, &format!("start_child {}", subject(sup)), &call)?;
            }
            Op::StartTask {
                sup,
                body,
                label,
                restart,
                shutdown,
                bind,
            } => {
                let f = self.adopting_fn(label, Some(*shutdown), body, None)?;
                let call = format!(
                    "Task.Supervisor.start_child({}, {f}, restart: {}, shutdown: {})",
                    self.expr(sup)?,
                    restart_src(*restart),
                    shutdown_spec_src(*shutdown)
                );
                self.result(bind, &format!("start_child {}", subject(sup)), &call)?;
            }
            Op::SupAsync {
                sup,
                link,
                bind,
                body,
                ret,
                shutdown,
            } => {
                let word = if *link {
                    "supervised_async"
                } else {
                    "async_nolink"
                };
                let label = bind.as_deref().unwrap_or(word);
                let f = self.adopting_fn(label, *shutdown, body, Some(ret))?;
                let fun = if *link { "async" } else { "async_nolink" };
                let opts = match shutdown {
                    Some(s) => format!(", shutdown: {}", shutdown_spec_src(*s)),
                    None => String::new(),
                };
                let sup = self.expr(sup)?;
                let b = self.bind(bind)?;
                self.line(&format!(
                    "{b}OtpsimRt.name_ref(Task.Supervisor.{fun}({sup}, {f}{opts}))"
                ));
            }
            Op::SupCall {
                op: call,
                sup,
                kind,
                arg,
                bind,
            } => {
                let dynamic = matches!(kind, Some(SupKind::Dynamic | SupKind::Task));
                let (module, f) = match call {
                    SupOp::WhichChildren => (
                        if dynamic {
                            "DynamicSupervisor"
                        } else {
                            "Supervisor"
                        },
                        "which_children",
                    ),
                    SupOp::CountChildren => (
                        if dynamic {
                            "DynamicSupervisor"
                        } else {
                            "Supervisor"
                        },
                        "count_children",
                    ),
                    SupOp::Children => ("Task.Supervisor", "children"),
                    SupOp::TerminateChild => (
                        if dynamic {
                            "DynamicSupervisor"
                        } else {
                            "Supervisor"
                        },
                        "terminate_child",
                    ),
                    SupOp::RestartChild => ("Supervisor", "restart_child"),
                    SupOp::DeleteChild => ("Supervisor", "delete_child"),
                    SupOp::Stop => ("Supervisor", "stop"),
                };
                let mut args = vec![self.expr(sup)?];
                match (call, arg) {
                    (_, Some(a)) => args.push(self.expr(a)?),
                    (SupOp::Stop, None) => args.push(":normal".to_string()),
                    _ => {}
                }
                let call_src = format!("{module}.{f}({})", args.join(", "));
                self.result(
                    bind,
                    &format!("{} {}", call.name(), subject(sup)),
                    &call_src,
                )?;
            }
            Op::GenServer {
                bind,
                name,
                label,
                init,
                calls,
            } => self.gen_server(bind, name, label, init, calls)?,
            Op::Call {
                server,
                msg,
                timeout,
                bind,
            } => {
                let call = format!(
                    "GenServer.call({}, {}, {})",
                    self.expr(server)?,
                    self.expr(msg)?,
                    timeout_src(*timeout)
                );
                self.result(bind, &format!("call {}", subject(server)), &call)?;
            }
            _ => unreachable!("op() sends only supervisor and server operations here"),
        }
        Ok(())
    }

    /// A function started by a `Task.Supervisor`: it registers itself as
    /// `<supervisor>.<label>`, then runs `body` (and returns `ret`).
    fn adopting_fn(
        &mut self,
        label: &str,
        shutdown: Option<ShutdownSpec>,
        body: &[Op],
        ret: Option<&Expr>,
    ) -> R<String> {
        let shutdown = shutdown_spec_src(shutdown.unwrap_or(ShutdownSpec::Ms(5000)));
        self.capture(|e| {
            e.line("fn ->");
            e.nested(|e| {
                e.scoped(|e| {
                    e.line(&format!(
                        "OtpsimRt.adopt_task({}, {shutdown})",
                        str_src(label)
                    ));
                    body.iter().try_for_each(|op| e.op(op))?;
                    match ret {
                        Some(r) => {
                            let r = e.expr(r)?;
                            e.line(&r);
                        }
                        None => e.line(":ok"),
                    }
                    Ok(())
                })
            })?;
            e.line("end");
            Ok(())
        })
    }

    /// What `f` emits, as a string (indented as the current line), instead of emitting it.
    fn capture(&mut self, f: impl FnOnce(&mut Self) -> R) -> R<String> {
        let saved = std::mem::take(&mut self.out);
        let r = f(self);
        let text = std::mem::replace(&mut self.out, saved);
        r?;
        Ok(text.trim().to_string())
    }

    /// The third argument of `OtpsimRt.start_sup/3`: what to start.
    fn sup_how(&mut self, sup: &SupIr) -> R<String> {
        let mut opts = Vec::new();
        if let Some(name) = &sup.name {
            opts.push(format!("name: {}", self.lit(name)?));
        }
        let intensity = format!(
            "max_restarts: {}, max_seconds: {}",
            sup.max_restarts, sup.max_seconds
        );
        let max_children = sup
            .max_children
            .map(|n| format!(", max_children: {n}"))
            .unwrap_or_default();
        Ok(match sup.kind {
            SupKind::Static => {
                let specs = sup
                    .children
                    .iter()
                    .map(|c| self.child_spec(c, false))
                    .collect::<R<Vec<_>>>()?;
                let strategy = match sup.strategy {
                    Strategy::OneForOne => ":one_for_one",
                    Strategy::OneForAll => ":one_for_all",
                    Strategy::RestForOne => ":rest_for_one",
                };
                format!(
                    "{{:static, [{}], [strategy: {strategy}, {intensity}], [{}]}}",
                    specs.join(", "),
                    opts.join(", ")
                )
            }
            SupKind::Dynamic => format!(
                "{{:dynamic, [strategy: :one_for_one, {intensity}{max_children}], [{}]}}",
                opts.join(", ")
            ),
            SupKind::Task => {
                opts.push(format!("{intensity}{max_children}"));
                format!("{{:task, [{}]}}", opts.join(", "))
            }
        })
    }

    /// A child spec map whose start function names what it starts. `dynamic`: under a
    /// `DynamicSupervisor`, whose children have no ids.
    fn child_spec(&mut self, c: &ChildIr, dynamic: bool) -> R<String> {
        let shown = if dynamic || c.id.is_atom("undefined") {
            "nil".to_string()
        } else {
            self.lit(&c.id)?
        };
        let label = str_src(&c.label);
        let shutdown = shutdown_spec_src(c.shutdown);
        let (start, modules) = match &c.body {
            ChildBody::Worker(body) | ChildBody::Task(body) => {
                let f = self.capture(|e| {
                    e.line("fn ->");
                    e.nested(|e| e.block(body))?;
                    e.line("end");
                    Ok(())
                })?;
                let (fun, module) = match &c.body {
                    ChildBody::Worker(_) => ("start_worker", "Worker"),
                    _ => ("start_task", "Task"),
                };
                (
                    format!("{{OtpsimRt, :{fun}, [{label}, {shown}, {shutdown}, {f}]}}"),
                    module.to_string(),
                )
            }
            ChildBody::Sup(sup) => {
                let how = self.sup_how(sup)?;
                (
                    format!(
                        "{{OtpsimRt, :start_sup_child, [{label}, {shown}, {shutdown}, {how}]}}"
                    ),
                    sup.kind.module().to_string(),
                )
            }
        };
        let kind = match c.kind {
            ChildType::Worker => ":worker",
            ChildType::Supervisor => ":supervisor",
        };
        Ok(format!(
            "%{{id: {}, start: {start}, restart: {}, shutdown: {shutdown}, type: {kind}, modules: [{modules}]}}",
            self.lit(&c.id)?,
            restart_src(c.restart)
        ))
    }

    /// `{:ok, srv} = GenServer.start_link(<module>.S<n>, {ctx, env}, name: ..)`, and the
    /// module: `init/1` runs the `init:` steps, `handle_call/3` the first matching clause.
    fn gen_server(
        &mut self,
        bind: &Option<Rc<str>>,
        name: &Option<Term>,
        label: &str,
        init: &Block,
        calls: &[(Pat, Block, Expr)],
    ) -> R {
        self.tmp += 1;
        let module = format!("{}.S{}", self.module, self.tmp);
        let mut vars: Vec<String> = Vec::new();
        for v in self.scope.iter().rev() {
            if !vars.iter().any(|x| **x == **v) {
                vars.push(v.to_string());
            }
        }
        let env = format!(
            "%{{{}}}",
            vars.iter()
                .map(|v| format!("{v}: {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        // The module, written aside with the server's own indentation.
        let saved_out = std::mem::take(&mut self.out);
        let saved_indent = std::mem::replace(&mut self.indent, 0);
        let saved_scope = self.scope.clone();
        let r = (|| {
            self.line(&format!("defmodule {module} do"));
            self.line("  @moduledoc false");
            self.line("  use GenServer");
            self.line("");
            self.line("  def init({otpsim__ctx, otpsim__env}) do");
            self.indent = 2;
            self.line("OtpsimRt.adopt(otpsim__ctx)");
            self.line(&format!("{env} = otpsim__env"));
            self.block(init)?;
            self.line("{:ok, otpsim__env}");
            self.indent = 0;
            self.line("  end");
            self.line("");
            self.line("  def handle_call(otpsim__request, _from, otpsim__env) do");
            self.indent = 2;
            self.line(&format!("{env} = otpsim__env"));
            self.line("case otpsim__request do");
            for (pat, body, reply) in calls {
                self.nested(|e| {
                    e.scoped(|e| {
                        let p = e.pat(pat)?;
                        e.line(&format!("{p} ->"));
                        e.nested(|e| {
                            body.iter().try_for_each(|op| e.op(op))?;
                            let r = e.expr(reply)?;
                            e.line(&format!("{{:reply, {r}, otpsim__env}}"));
                            Ok(())
                        })
                    })
                })?;
            }
            // No clause: `handle_call/3` has none for it, a `FunctionClauseError`.
            self.line("  _ -> :erlang.error(:function_clause)");
            self.line("end");
            self.indent = 0;
            self.line("  end");
            self.line("end");
            Ok(())
        })();
        let text = std::mem::replace(&mut self.out, saved_out);
        self.indent = saved_indent;
        self.scope = saved_scope;
        r?;
        self.servers.push(text);
        let c = self.fresh("c");
        self.line(&format!("{c} = OtpsimRt.child({})", str_src(label)));
        let opts = match name {
            Some(n) => format!(", name: {}", self.lit(n)?),
            None => String::new(),
        };
        let b = self.bind_ok(bind)?;
        self.line(&format!(
            "{b}GenServer.start_link({module}, {{{c}, {env}}}{opts})"
        ));
        Ok(())
    }
}

/// How an observation names a supervisor or server: as written (`sup`, `MySup`, `:srv`).
fn subject(e: &Expr) -> String {
    match e {
        Expr::Var(v) => v.to_string(),
        Expr::Lit(t) => t.to_string(),
        other => format!("{other:?}"),
    }
}

fn shutdown_spec_src(s: ShutdownSpec) -> String {
    match s {
        ShutdownSpec::BrutalKill => ":brutal_kill".to_string(),
        ShutdownSpec::Ms(ms) => ms.to_string(),
        ShutdownSpec::Infinity => ":infinity".to_string(),
    }
}

fn restart_src(r: Restart) -> &'static str {
    match r {
        Restart::Permanent => ":permanent",
        Restart::Transient => ":transient",
        Restart::Temporary => ":temporary",
    }
}
