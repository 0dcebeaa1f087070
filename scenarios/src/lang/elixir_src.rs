//! A program of the step language as the Elixir it stands for: a `.exs` file that `elixir`
//! runs and that otpsim's front end reads like any other. This is how step programs run
//! now — the generators of `otpsim conform` and of the property tests build step trees
//! (small, typed, shrinkable by proptest), and print them here; there is one IR and one
//! interpreter.
//!
//! What the step interpreter used to observe by itself is printed as output lines: a
//! result is `IO.puts("await t -> #{inspect(v)}")`, a message taken is `receive <msg>`, a
//! receive that timed out `receive after <ms>`; caught exits and exceptions are observed by
//! every `try` anyway. A step program runs until nothing can happen (`# run: until quiet`),
//! as it always did. Its `expect:` lines are carried over, with `log ` in front of what is
//! now printed.
//!
//! Each step is matched exhaustively: a new step is a compile error here until it prints.

use super::term::{Expr, Part, Pat, TaskField, Template};
use super::{
    Block, ChildBody, ChildIr, Expect, Op, Program, SpawnKind, SupIr, SupKind, SupOp, compile,
};
use crate::elixir::spelling::{atom_src, escape, str_src};
use model::Shutdown;
use model::child_spec::{ChildType, Restart, ShutdownSpec};
use model::supervisor::Strategy;
use sim::{Term, Timeout};
use std::fmt::Write as _;
use std::rc::Rc;

/// Why a program cannot be printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintError {
    /// What.
    pub message: String,
}

type R<T = ()> = Result<T, PrintError>;

/// The observations the step language made that are now printed lines (`log ` + them).
const PRINTED: &[&str] = &[
    "await ",
    "yield ",
    "yield_many ",
    "await_many ",
    "shutdown ",
    "ignore ",
    "receive ",
    "start_child ",
    "which_children ",
    "count_children ",
    "children ",
    "terminate_child ",
    "restart_child ",
    "delete_child ",
    "stop ",
    "call ",
];

/// An expected line of the step language as the printed program observes it.
pub fn expected_line(line: &str) -> String {
    let mut parts = line.trim().splitn(3, ' ');
    let (t, p, w) = (parts.next(), parts.next(), parts.next());
    match (t, p, w) {
        (Some(t), Some(p), Some(w))
            if PRINTED.iter().any(|x| w.starts_with(x))
                && (w.starts_with("receive ") || w.contains(" -> ")) =>
        {
            format!("{t} {p} log {w}")
        }
        _ => line.trim().to_string(),
    }
}

/// `program` as a `.exs` file.
pub fn to_elixir(program: &Program) -> R<String> {
    let script = compile(program).map_err(|e| PrintError { message: e.message })?;
    let mut p = Printer {
        out: String::new(),
        indent: 2,
        tmp: 0,
        servers: Vec::new(),
        next_server: 0,
        scope: Vec::new(),
    };
    p.block(&script.main)?;
    let mut src = String::new();
    let _ = writeln!(src, "# name: {}", program.name);
    if !program.description.is_empty() {
        let _ = writeln!(src, "# description: {}", one_line(&program.description));
    }
    let _ = writeln!(src, "# run: until quiet");
    src.push('\n');
    src.push_str(WORKER);
    for s in &p.servers {
        src.push_str(s);
        src.push('\n');
    }
    let _ = writeln!(src, "defmodule Main do");
    let _ = writeln!(src, "  def main do");
    src.push_str(&p.out);
    let _ = writeln!(src, "  end");
    let _ = writeln!(src, "end\n");
    let _ = writeln!(src, "Main.main()");
    if let Some(e) = &program.expect {
        src.push('\n');
        let block = |src: &mut String, lines: &[String]| {
            for l in lines {
                let _ = writeln!(src, "#   {}", one_line(&expected_line(l)));
            }
        };
        match e {
            Expect::Lines(lines) => {
                src.push_str("# expect:\n");
                block(&mut src, lines);
            }
            Expect::Contains(lines) => {
                src.push_str("# expect in order:\n");
                block(&mut src, lines);
            }
            Expect::OneOf(sets) => {
                src.push_str("# expect one of:\n");
                for (i, set) in sets.iter().enumerate() {
                    if i > 0 {
                        src.push_str("#   --\n");
                    }
                    block(&mut src, set);
                }
            }
        }
    }
    Ok(src)
}

/// `worker(..)` children start with `Worker.start_link(fun)`: `{:ok, spawn_link(fun)}`.
const WORKER: &str =
    "defmodule Worker do\n  def start_link(fun), do: {:ok, spawn_link(fun)}\nend\n\n";

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

struct Printer {
    out: String,
    indent: usize,
    tmp: usize,
    servers: Vec<String>,
    /// Server modules numbered so far (a server started inside another
    /// server's callback is numbered before the outer one is finished).
    next_server: usize,
    /// The program variables visible here, innermost last.
    scope: Vec<Rc<str>>,
}

fn fail<T>(message: String) -> R<T> {
    Err(PrintError { message })
}

impl Printer {
    fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn fresh(&mut self, what: &str) -> String {
        self.tmp += 1;
        format!("otpsim__{what}{}", self.tmp)
    }

    fn nested(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        self.indent += 1;
        let r = f(self);
        self.indent -= 1;
        r
    }

    fn scoped(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        let mark = self.scope.len();
        let r = f(self);
        self.scope.truncate(mark);
        r
    }

    fn block(&mut self, ops: &[super::Op]) -> R {
        self.scoped(|p| {
            if ops.is_empty() {
                p.line(":ok");
            }
            ops.iter().try_for_each(|op| p.op(op))
        })
    }

    fn var(&self, name: &str) -> R<String> {
        if name.starts_with("otpsim__") {
            return fail(format!(
                "the variable name `{name}` is reserved (prefix `otpsim__`)"
            ));
        }
        Ok(name.to_string())
    }

    fn bind(&mut self, bind: &Option<Rc<str>>) -> R<String> {
        match bind {
            Some(b) => {
                let v = self.var(b)?;
                self.scope.push(b.clone());
                Ok(format!("{v} = "))
            }
            None => Ok(String::new()),
        }
    }

    /// `[v = ]call`, and the result printed as `<label> -> <inspect(value)>`. (The
    /// binding names a process the call starts; a temporary `otpsim__` variable does not.)
    fn result(&mut self, bind: &Option<Rc<str>>, label: &str, call: &str) -> R {
        let v = match bind {
            Some(b) => self.var(b)?,
            None => self.fresh("r"),
        };
        self.line(&format!("{v} = {call}"));
        self.bind(bind)?;
        self.line(&format!(
            "IO.puts({} <> inspect({v}))",
            str_src(&format!("{label} -> "))
        ));
        Ok(())
    }

    fn op(&mut self, op: &Op) -> R {
        match op {
            Op::Sleep(ms) => self.line(&format!("Process.sleep({ms})")),
            Op::Log(t) => {
                let t = self.template(t)?;
                self.line(&format!("IO.puts({t})"));
            }
            Op::Let(name, value) => {
                let value = self.expr(value)?;
                let b = self.bind(&Some(name.clone()))?;
                self.line(&format!("{b}{value}"));
            }
            Op::Async { bind, body, ret } => {
                let b = self.bind_name(bind)?;
                self.line(&format!("{b}Task.async(fn ->"));
                self.nested(|p| {
                    p.scoped(|p| {
                        body.iter().try_for_each(|op| p.op(op))?;
                        let r = p.expr(ret)?;
                        p.line(&r);
                        Ok(())
                    })
                })?;
                self.line("end)");
                self.bind(bind)?;
            }
            Op::Spawn { kind, bind, body } => {
                let (fun, ok) = match kind {
                    SpawnKind::Start => ("Task.start", true),
                    SpawnKind::StartLink => ("Task.start_link", true),
                    SpawnKind::Spawn => ("spawn", false),
                    SpawnKind::SpawnLink => ("spawn_link", false),
                };
                let b = match (bind, ok) {
                    (Some(b), true) => format!("{{:ok, {}}} = ", self.var(b)?),
                    (Some(b), false) => format!("{} = ", self.var(b)?),
                    (None, _) => String::new(),
                };
                self.line(&format!("{b}{fun}(fn ->"));
                self.nested(|p| p.block(body))?;
                self.line("end)");
                self.bind(bind)?;
            }
            Op::Send { to, msg } => {
                let (to, msg) = (self.expr(to)?, self.expr(msg)?);
                self.line(&format!("send({to}, {msg})"));
            }
            Op::Receive { clauses, after } => self.receive(clauses, after)?,
            Op::Raise(t) => {
                let t = self.template(t)?;
                self.line(&format!("raise {t}"));
            }
            Op::Exit(reason) => {
                let r = self.expr(reason)?;
                self.line(&format!("exit({r})"));
            }
            Op::TrapExit(on) => self.line(&format!("Process.flag(:trap_exit, {on})")),
            Op::Kill(target) => {
                let t = self.expr(target)?;
                self.line(&format!("Process.exit({t}, :kill)"));
            }
            Op::ExitSignal { to, reason } => {
                let (to, r) = (self.expr(to)?, self.expr(reason)?);
                self.line(&format!("Process.exit({to}, {r})"));
            }
            Op::CatchExit {
                body,
                bind,
                handler,
            } => self.try_op(body, true, bind, handler)?,
            Op::Rescue {
                body,
                bind,
                handler,
            } => self.try_op(body, false, bind, handler)?,
            Op::Register(name) => {
                let a = atom_src(name);
                self.line(&format!("Process.register(self(), {a})"));
            }
            Op::Await {
                task,
                timeout,
                bind,
            } => {
                let call = format!("Task.await({}, {})", self.var(task)?, timeout_src(*timeout));
                self.result(bind, &format!("await {task}"), &call)?;
            }
            Op::Yield {
                task,
                timeout,
                bind,
            } => {
                let call = format!("Task.yield({}, {})", self.var(task)?, timeout_src(*timeout));
                self.result(bind, &format!("yield {task}"), &call)?;
            }
            Op::AwaitMany {
                tasks,
                timeout,
                bind,
            } => {
                let list = self.task_list(tasks)?;
                let call = format!("Task.await_many({list}, {})", timeout_src(*timeout));
                self.result(bind, &format!("await_many {}", many(tasks)), &call)?;
            }
            Op::YieldMany {
                tasks,
                timeout,
                bind,
            } => {
                let list = self.task_list(tasks)?;
                let v = self.fresh("y");
                self.line(&format!(
                    "{v} = Task.yield_many({list}, {})",
                    timeout_src(*timeout)
                ));
                let label = str_src(&format!("yield_many {} -> ", many(tasks)));
                self.line(&format!(
                    "IO.puts({label} <> inspect(Enum.map({v}, fn {{_, r}} -> r end)))"
                ));
                if bind.is_some() {
                    let b = self.bind(bind)?;
                    self.line(&format!("{b}{v}"));
                }
            }
            Op::Shutdown { task, mode, bind } => {
                let mode = match mode {
                    Shutdown::BrutalKill => ":brutal_kill".to_string(),
                    Shutdown::Timeout(t) => timeout_src(*t),
                };
                let call = format!("Task.shutdown({}, {mode})", self.var(task)?);
                self.result(bind, &format!("shutdown {task}"), &call)?;
            }
            Op::Ignore { task, bind } => {
                let call = format!("Task.ignore({})", self.var(task)?);
                self.result(bind, &format!("ignore {task}"), &call)?;
            }
            Op::StartSup { bind, sup } => {
                let call = self.start_sup_call(sup)?;
                let b = match bind {
                    Some(b) => format!("{{:ok, {}}} = ", self.var(b)?),
                    None => "{:ok, _} = ".to_string(),
                };
                self.line(&format!("{b}{call}"));
                self.bind(bind)?;
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
                let spec = self.child_spec(child)?;
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
                let f = self.fun(body, None)?;
                let call = format!(
                    "Task.Supervisor.start_child({}, {f}, restart: {}, shutdown: {})",
                    self.expr(sup)?,
                    restart_src(*restart),
                    shutdown_spec_src(*shutdown)
                );
                let _ = label;
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
                let f = self.fun(body, Some(ret))?;
                let fun = if *link { "async" } else { "async_nolink" };
                let opts = match shutdown {
                    Some(s) => format!(", shutdown: {}", shutdown_spec_src(*s)),
                    None => String::new(),
                };
                let sup = self.expr(sup)?;
                let b = self.bind_name(bind)?;
                self.line(&format!("{b}Task.Supervisor.{fun}({sup}, {f}{opts})"));
                self.bind(bind)?;
            }
            Op::SupCall {
                op: call,
                sup,
                kind,
                arg,
                bind,
            } => {
                let dynamic = matches!(kind, Some(SupKind::Dynamic | SupKind::Task));
                let either = if dynamic {
                    "DynamicSupervisor"
                } else {
                    "Supervisor"
                };
                let (module, f) = match call {
                    SupOp::WhichChildren => (either, "which_children"),
                    SupOp::CountChildren => (either, "count_children"),
                    SupOp::Children => ("Task.Supervisor", "children"),
                    SupOp::TerminateChild => (either, "terminate_child"),
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
                let src = format!("{module}.{f}({})", args.join(", "));
                self.result(bind, &format!("{} {}", call.name(), subject(sup)), &src)?;
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
        }
        Ok(())
    }

    /// `x = ` without bringing `x` into scope yet (its value is what follows).
    fn bind_name(&self, bind: &Option<Rc<str>>) -> R<String> {
        match bind {
            Some(b) => Ok(format!("{} = ", self.var(b)?)),
            None => Ok(String::new()),
        }
    }

    fn task_list(&self, tasks: &[Rc<str>]) -> R<String> {
        let names = tasks.iter().map(|t| self.var(t)).collect::<R<Vec<_>>>()?;
        Ok(format!("[{}]", names.join(", ")))
    }

    fn receive(&mut self, clauses: &[(Pat, Block)], after: &Option<(Timeout, Block)>) -> R {
        self.line("receive do");
        for (pat, body) in clauses {
            let m = self.fresh("m");
            self.nested(|p| {
                p.scoped(|p| {
                    let pt = p.pat(pat)?;
                    p.line(&format!("{pt} = {m} ->"));
                    p.nested(|p| {
                        p.line(&format!("IO.puts(\"receive \" <> inspect({m}))"));
                        body.iter().try_for_each(|op| p.op(op))
                    })
                })
            })?;
        }
        if let Some((t, body)) = after {
            let t = timeout_src(*t);
            self.line("after");
            self.nested(|p| {
                p.line(&format!("{t} ->"));
                p.nested(|p| {
                    p.scoped(|p| {
                        p.line(&format!("IO.puts(\"receive after {t}\")"));
                        body.iter().try_for_each(|op| p.op(op))
                    })
                })
            })?;
        }
        self.line("end");
        Ok(())
    }

    fn try_op(&mut self, body: &Block, exit: bool, bind: &Option<Rc<str>>, handler: &Block) -> R {
        self.line("try do");
        self.nested(|p| p.block(body))?;
        self.line(if exit { "catch" } else { "rescue" });
        let v = self.fresh("e");
        let head = if exit {
            format!(":exit, {v} ->")
        } else {
            format!("{v} ->")
        };
        self.nested(|p| {
            p.line(&head);
            p.nested(|p| {
                p.scoped(|p| {
                    if bind.is_some() {
                        let b = p.bind(bind)?;
                        p.line(&format!("{b}{v}"));
                    } else {
                        p.line(&format!("_ = {v}"));
                    }
                    handler.iter().try_for_each(|op| p.op(op))?;
                    p.line(":ok");
                    Ok(())
                })
            })
        })?;
        self.line("end");
        Ok(())
    }

    /// `fn -> body; ret end` as an expression.
    fn fun(&mut self, body: &[Op], ret: Option<&Expr>) -> R<String> {
        self.capture(|p| {
            p.line("fn ->");
            p.nested(|p| {
                p.scoped(|p| {
                    body.iter().try_for_each(|op| p.op(op))?;
                    match ret {
                        Some(r) => {
                            let r = p.expr(r)?;
                            p.line(&r);
                        }
                        None => p.line(":ok"),
                    }
                    Ok(())
                })
            })?;
            p.line("end");
            Ok(())
        })
    }

    fn capture(&mut self, f: impl FnOnce(&mut Self) -> R) -> R<String> {
        let saved = std::mem::take(&mut self.out);
        let r = f(self);
        let text = std::mem::replace(&mut self.out, saved);
        r?;
        Ok(text.trim().to_string())
    }

    /// `Supervisor.start_link(children, opts)` and friends.
    fn start_sup_call(&mut self, sup: &SupIr) -> R<String> {
        let (module, args) = self.start_sup_args(sup)?;
        Ok(format!("{module}.start_link({args})"))
    }

    /// The module and the arguments of a supervisor's `start_link`.
    fn start_sup_args(&mut self, sup: &SupIr) -> R<(&'static str, String)> {
        let mut opts = Vec::new();
        if let Some(name) = &sup.name {
            opts.push(format!("name: {}", lit(name)?));
        }
        opts.push(format!(
            "max_restarts: {}, max_seconds: {}",
            sup.max_restarts, sup.max_seconds
        ));
        if let Some(n) = sup.max_children {
            opts.push(format!("max_children: {n}"));
        }
        Ok(match sup.kind {
            SupKind::Static => {
                let specs = sup
                    .children
                    .iter()
                    .map(|c| self.child_spec(c))
                    .collect::<R<Vec<_>>>()?;
                let strategy = match sup.strategy {
                    Strategy::OneForOne => ":one_for_one",
                    Strategy::OneForAll => ":one_for_all",
                    Strategy::RestForOne => ":rest_for_one",
                };
                (
                    "Supervisor",
                    format!(
                        "[{}], [strategy: {strategy}, {}]",
                        specs.join(", "),
                        opts.join(", ")
                    ),
                )
            }
            SupKind::Dynamic => (
                "DynamicSupervisor",
                format!("[strategy: :one_for_one, {}]", opts.join(", ")),
            ),
            SupKind::Task => ("Task.Supervisor", format!("[{}]", opts.join(", "))),
        })
    }

    /// A child spec map. A child with no id (under a dynamic supervisor, which ignores
    /// ids) gets its label as id, which names its processes.
    fn child_spec(&mut self, c: &ChildIr) -> R<String> {
        let id = if c.id.is_atom("undefined") {
            atom_src(&c.label)
        } else {
            lit(&c.id)?
        };
        let (start, kind) = match &c.body {
            ChildBody::Worker(body) => {
                let f = self.fun(body, None)?;
                (format!("{{Worker, :start_link, [{f}]}}"), c.kind)
            }
            ChildBody::Task(body) => {
                let f = self.fun(body, None)?;
                (format!("{{Task, :start_link, [{f}]}}"), c.kind)
            }
            ChildBody::Sup(sup) => {
                let (module, args) = self.start_sup_args(sup)?;
                (
                    format!("{{{module}, :start_link, [{args}]}}"),
                    ChildType::Supervisor,
                )
            }
        };
        let kind = match kind {
            ChildType::Worker => ":worker",
            ChildType::Supervisor => ":supervisor",
        };
        Ok(format!(
            "%{{id: {id}, start: {start}, restart: {}, shutdown: {}, type: {kind}}}",
            restart_src(c.restart),
            shutdown_spec_src(c.shutdown)
        ))
    }

    /// A `gen_server(..)` step: a module of its own whose state is the map of the variables
    /// visible where it starts; `init/1` runs the `init:` steps, `handle_call/3` the first
    /// matching clause (none: `FunctionClauseError`).
    fn gen_server(
        &mut self,
        bind: &Option<Rc<str>>,
        name: &Option<Term>,
        label: &str,
        init: &Block,
        calls: &[(Pat, Block, Expr)],
    ) -> R {
        self.next_server += 1;
        let module = format!("Server{}", self.next_server);
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
        let saved_out = std::mem::take(&mut self.out);
        let saved_indent = std::mem::replace(&mut self.indent, 0);
        let saved_scope = self.scope.clone();
        let r = (|| {
            self.line(&format!("defmodule {module} do"));
            self.line("  use GenServer");
            self.line("");
            self.line("  def init(otpsim__env) do");
            self.indent = 2;
            if !vars.is_empty() {
                self.line(&format!("{env} = otpsim__env"));
            }
            self.block(init)?;
            self.line("{:ok, otpsim__env}");
            self.indent = 0;
            self.line("  end");
            self.line("");
            self.line("  def handle_call(otpsim__request, _from, otpsim__env) do");
            self.indent = 2;
            if !vars.is_empty() {
                self.line(&format!("{env} = otpsim__env"));
            }
            self.line("case otpsim__request do");
            for (pat, body, reply) in calls {
                self.nested(|p| {
                    p.scoped(|p| {
                        let pt = p.pat(pat)?;
                        p.line(&format!("{pt} ->"));
                        p.nested(|p| {
                            body.iter().try_for_each(|op| p.op(op))?;
                            let r = p.expr(reply)?;
                            p.line(&format!("{{:reply, {r}, otpsim__env}}"));
                            Ok(())
                        })
                    })
                })?;
            }
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
        let mut opts = Vec::new();
        if let Some(n) = name {
            opts.push(format!("name: {}", lit(n)?));
        }
        let opts = if opts.is_empty() {
            String::new()
        } else {
            format!(", {}", opts.join(", "))
        };
        // Named after the step's label, as the step language named it.
        let b = match bind {
            Some(b) => format!("{{:ok, {}}} = ", self.var(b)?),
            None => {
                let l = self.fresh_label(label);
                format!("{{:ok, {l}}} = ")
            }
        };
        self.line(&format!("{b}GenServer.start_link({module}, {env}{opts})"));
        self.bind(bind)?;
        Ok(())
    }

    /// A variable named after `label`, to name an unbound server's process.
    fn fresh_label(&mut self, label: &str) -> String {
        let ok = label
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if ok && !self.scope.iter().any(|v| &**v == label) {
            label.to_string()
        } else {
            self.fresh("srv")
        }
    }

    // ---- values ---------------------------------------------------------------------------

    fn expr(&self, e: &Expr) -> R<String> {
        Ok(match e {
            Expr::Lit(t) => lit(t)?,
            Expr::Var(v) => self.var(v)?,
            Expr::Field(v, f) => {
                let f = match f {
                    TaskField::Pid => "pid",
                    TaskField::Ref => "ref",
                    TaskField::Owner => "owner",
                };
                format!("{}.{f}", self.var(v)?)
            }
            Expr::SelfPid => "self()".to_string(),
            Expr::Tuple(items) => format!("{{{}}}", self.exprs(items)?),
            Expr::List(items) => format!("[{}]", self.exprs(items)?),
        })
    }

    fn exprs(&self, items: &[Expr]) -> R<String> {
        let parts = items.iter().map(|i| self.expr(i)).collect::<R<Vec<_>>>()?;
        Ok(parts.join(", "))
    }

    fn pat(&mut self, p: &Pat) -> R<String> {
        Ok(match p {
            Pat::Lit(t) => lit(t)?,
            Pat::Any => "_".to_string(),
            Pat::Bind(v) => {
                let s = self.var(v)?;
                self.scope.push(v.clone());
                s
            }
            Pat::Pin(v) => format!("^{}", self.var(v)?),
            Pat::Tuple(items) => format!("{{{}}}", self.pats(items)?),
            Pat::List(items) => format!("[{}]", self.pats(items)?),
        })
    }

    fn pats(&mut self, items: &[Pat]) -> R<String> {
        let parts = items.iter().map(|i| self.pat(i)).collect::<R<Vec<_>>>()?;
        Ok(parts.join(", "))
    }

    /// A template as a string literal with interpolations.
    fn template(&self, t: &Template) -> R<String> {
        let mut s = String::from("\"");
        for part in t {
            match part {
                Part::Text(x) => s.push_str(&escape(x, '"')),
                Part::Show(e) => {
                    let _ = write!(s, "#{{{}}}", self.expr(e)?);
                }
                Part::Inspect(e) => {
                    let _ = write!(s, "#{{inspect({})}}", self.expr(e)?);
                }
            }
        }
        s.push('"');
        Ok(s)
    }
}

/// How a result names a supervisor or server: as written (`sup`, `MySup`, `:srv`).
fn subject(e: &Expr) -> String {
    match e {
        Expr::Var(v) => v.to_string(),
        Expr::Lit(t) => t.to_string(),
        other => format!("{other:?}"),
    }
}

fn many(tasks: &[Rc<str>]) -> String {
    let names: Vec<&str> = tasks.iter().map(|t| &**t).collect();
    format!("[{}]", names.join(", "))
}

fn timeout_src(t: Timeout) -> String {
    match t {
        Timeout::Ms(ms) => ms.to_string(),
        Timeout::Infinity => ":infinity".to_string(),
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

/// A constant as Elixir source.
fn lit(t: &Term) -> R<String> {
    Ok(match t {
        Term::Atom(a) => atom_src(a.as_str()),
        Term::Int(i) => i.to_string(),
        Term::Str(s) => str_src(s),
        Term::Tuple(items) => format!("{{{}}}", lits(items.iter())?),
        Term::List(items) => format!("[{}]", lits(items)?),
        other => {
            return fail(format!(
                "the constant `{other}` cannot be written in Elixir"
            ));
        }
    })
}

fn lits<'a>(items: impl IntoIterator<Item = &'a Term>) -> R<String> {
    let parts = items.into_iter().map(lit).collect::<R<Vec<_>>>()?;
    Ok(parts.join(", "))
}
