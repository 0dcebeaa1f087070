//! The emitter: a [`Program`] as an Elixir module (Elixir 1.14 / OTP 25) whose `main/0`
//! runs the program's root process.
//!
//! It emits the *compiled* program ([`crate::lang::compile`]): what the simulator runs, with
//! every default filled in (restart types, shutdowns, process labels). Each operation becomes
//! the Elixir it stands for (the tables in [`crate::lang`]): `Task.async`,
//! `Task.await(t, 100)`, `receive do .. after .. end`, `try do .. catch :exit, r -> .. end`,
//! `Supervisor.start_child(sup, spec)`, `GenServer.call(srv, :ping, 5000)`, ... The code
//! calls the real `Task`, `Process`, `Supervisor`, `DynamicSupervisor`, `Task.Supervisor` and
//! `GenServer`; the only additions are calls into the runtime (`runtime.exs`, `OtpsimRt`)
//! that
//!
//! * record what the simulator records (`OtpsimRt.log/1`, `result/2`, `got/1`,
//!   `timed_out/1`, `caught/2`), sent to the program's runner;
//! * name every process as the simulator does (`main.t`, `main.sup.a#2`) and have the runner
//!   monitor it before it runs any of its own code (`child/1`, `born/1`, `started/4`,
//!   `task/2`; `adopt/2` for processes others start: supervisors, servers, the tasks of a
//!   `Task.Supervisor`);
//! * start supervisors through thin modules (`OtpsimRt.Sup`, `OtpsimRt.DynSup`: `init/1`
//!   registers, then `Supervisor.init/2` / `DynamicSupervisor.init/1`) and children through
//!   start functions that name what they start (`OtpsimRt.start_worker/4`, ...). A
//!   `worker(..)` child is `{:ok, spawn_link(fun)}` with `modules: [Worker]`, as in the
//!   simulator.
//!
//! A `gen_server(..)` step becomes a module of its own (`<program module>.S<n>`) whose state
//! is the map of the variables visible where it was started.
//!
//! Module bodies, never script top level: OTP 25's compiler crashes in `beam_ssa_recv` on
//! scripts with many receives (see `shared/semantics-probes/README.md`).

use crate::lang::term::{Expr, Part, Pat, TaskField, Template};
use crate::lang::{Block, Op, Program, SpawnKind, compile};
use model::Shutdown;
use sim::{Term, Timeout};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::rc::Rc;

#[path = "emit_sup.rs"]
mod sup;

/// The Elixir module that runs program number `idx` of a batch.
pub fn module_name(idx: usize) -> String {
    format!("OtpsimP{idx:05}")
}

/// The suffix that keeps registered names of program `idx` apart from other programs' in the
/// one VM (`:name` is registered as `:"name@otpsim7"`; the runtime strips it when printing).
pub fn atom_suffix(idx: usize) -> String {
    format!("@otpsim{idx}")
}

/// Why a program cannot be emitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmitError {
    /// What, naming the step.
    pub message: String,
}

type R<T = ()> = Result<T, EmitError>;

fn fail<T>(message: String) -> R<T> {
    Err(EmitError { message })
}

/// Program `program` as the source of module [`module_name`]`(idx)` (and its servers').
pub fn emit_program(program: &Program, idx: usize) -> Result<String, EmitError> {
    let script = compile(program).map_err(|e| EmitError { message: e.message })?;
    let mut registered = BTreeSet::new();
    collect_registered(&script.main, &mut registered);
    let mut e = Emitter {
        out: String::new(),
        indent: 2,
        tmp: 0,
        registered,
        suffix: atom_suffix(idx),
        module: module_name(idx),
        servers: Vec::new(),
        scope: Vec::new(),
    };
    e.block(&script.main)?;
    let mut src = String::new();
    let _ = writeln!(src, "defmodule {} do", e.module);
    let _ = writeln!(src, "  @moduledoc false");
    let _ = writeln!(src, "  # {}", program.name.replace('\n', " "));
    let _ = writeln!(src, "  def main do");
    src.push_str(&e.out);
    let _ = writeln!(src, "  end");
    let _ = writeln!(src, "end");
    for s in &e.servers {
        src.push('\n');
        src.push_str(s);
    }
    Ok(src)
}

/// Every registered name (the atom's text) anywhere in the program: `register(..)`, and the
/// `name:` of supervisors and servers.
fn collect_registered(ops: &[Op], out: &mut BTreeSet<String>) {
    for op in ops {
        match op {
            Op::Register(name) => {
                out.insert(name.to_string());
            }
            Op::Async { body, .. }
            | Op::Spawn { body, .. }
            | Op::StartTask { body, .. }
            | Op::SupAsync { body, .. } => collect_registered(body, out),
            Op::Receive { clauses, after } => {
                for (_, b) in clauses {
                    collect_registered(b, out);
                }
                if let Some((_, b)) = after {
                    collect_registered(b, out);
                }
            }
            Op::CatchExit { body, handler, .. } | Op::Rescue { body, handler, .. } => {
                collect_registered(body, out);
                collect_registered(handler, out);
            }
            Op::StartSup { sup, .. } => sup::collect_sup(sup, out),
            Op::StartChild { child, .. } => sup::collect_child(child, out),
            Op::GenServer {
                name, init, calls, ..
            } => {
                if let Some(Term::Atom(a)) = name {
                    out.insert(a.as_str().to_string());
                }
                collect_registered(init, out);
                for (_, b, _) in calls.iter() {
                    collect_registered(b, out);
                }
            }
            _ => {}
        }
    }
}

/// The operation's name in snake case (`catch_exit`, `start_sup`, ...), for messages.
pub fn op_name(op: &Op) -> String {
    let debug = format!("{op:?}");
    let variant: String = debug
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let mut out = String::new();
    for (i, c) in variant.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

struct Emitter {
    out: String,
    indent: usize,
    tmp: usize,
    registered: BTreeSet<String>,
    suffix: String,
    /// The program's module, and the server modules it needs.
    module: String,
    servers: Vec<String>,
    /// The program variables visible here, innermost last (as Elixir scopes them).
    scope: Vec<Rc<str>>,
}

impl Emitter {
    fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A fresh variable of the emitted code (program variables never start with `otpsim__`).
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

    /// `f` in a scope of its own: what it binds is gone afterwards.
    fn scoped(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        let mark = self.scope.len();
        let r = f(self);
        self.scope.truncate(mark);
        r
    }

    /// A block (its own scope); an empty one is `:ok`.
    fn block(&mut self, ops: &[Op]) -> R {
        self.scoped(|e| {
            if ops.is_empty() {
                e.line(":ok");
            }
            ops.iter().try_for_each(|op| e.op(op))
        })
    }

    fn var(&self, name: &str) -> R<String> {
        if name.starts_with("otpsim__") {
            return fail(format!(
                "the variable name `{name}` is reserved by the emitter (prefix `otpsim__`)"
            ));
        }
        Ok(name.to_string())
    }

    /// `x = ` for a binding (now in scope), or nothing.
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

    /// `{:ok, x} = ` (or `{:ok, _} = `).
    fn bind_ok(&mut self, bind: &Option<Rc<str>>) -> R<String> {
        match bind {
            Some(b) => {
                let v = self.var(b)?;
                self.scope.push(b.clone());
                Ok(format!("{{:ok, {v}}} = "))
            }
            None => Ok("{:ok, _} = ".to_string()),
        }
    }

    fn op(&mut self, op: &Op) -> R {
        match op {
            Op::Sleep(ms) => self.line(&format!("Process.sleep({ms})")),
            Op::Log(t) => {
                let parts = self.log_parts(t)?;
                self.line(&format!("OtpsimRt.log({parts})"));
            }
            Op::Let(name, value) => {
                let value = self.expr(value)?;
                let b = self.bind(&Some(name.clone()))?;
                self.line(&format!("{b}{value}"));
            }
            Op::Async { bind, body, ret } => self.async_op(bind, body, ret)?,
            Op::Spawn { kind, bind, body } => self.spawn_op(*kind, bind, body)?,
            Op::Send { to, msg } => {
                let (to, msg) = (self.expr(to)?, self.expr(msg)?);
                self.line(&format!("send({to}, {msg})"));
            }
            Op::Receive { clauses, after } => self.receive_op(clauses, after)?,
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
            } => self.try_op(body, "catch", "catch_exit", bind, handler)?,
            Op::Rescue {
                body,
                bind,
                handler,
            } => self.try_op(body, "rescue", "rescue", bind, handler)?,
            Op::Register(name) => {
                let a = self.atom(name);
                self.line(&format!("Process.register(self(), {a})"));
            }
            Op::Await { .. }
            | Op::Yield { .. }
            | Op::YieldMany { .. }
            | Op::AwaitMany { .. }
            | Op::Shutdown { .. }
            | Op::Ignore { .. } => self.task_op(op)?,
            Op::StartSup { .. }
            | Op::StartChild { .. }
            | Op::StartTask { .. }
            | Op::SupAsync { .. }
            | Op::SupCall { .. }
            | Op::GenServer { .. }
            | Op::Call { .. } => self.sup_op(op)?,
            // New operations are added to the language concurrently: until this emitter
            // knows them, say so rather than emit something wrong.
            #[allow(unreachable_patterns)]
            other => {
                return fail(format!(
                    "`{}` steps are not supported by `otpsim conform` yet",
                    op_name(other)
                ));
            }
        }
        Ok(())
    }

    /// The `Task` functions that wait for or stop tasks.
    fn task_op(&mut self, op: &Op) -> R {
        match op {
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
                let t = timeout_src(*timeout);
                self.line(&format!("{v} = Task.yield_many({list}, {t})"));
                let label = str_src(&format!("yield_many {}", many(tasks)));
                self.line(&format!(
                    "OtpsimRt.result({label}, Enum.map({v}, fn {{_, r}} -> r end))"
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
            _ => unreachable!("op() sends only task operations here"),
        }
        Ok(())
    }

    /// `[v = ]OtpsimRt.result("await t", Task.await(t, 100))`.
    fn result(&mut self, bind: &Option<Rc<str>>, label: &str, call: &str) -> R {
        let b = self.bind(bind)?;
        self.line(&format!("{b}OtpsimRt.result({}, {call})", str_src(label)));
        Ok(())
    }

    fn task_list(&self, tasks: &[Rc<str>]) -> R<String> {
        let names = tasks.iter().map(|t| self.var(t)).collect::<R<Vec<_>>>()?;
        Ok(format!("[{}]", names.join(", ")))
    }

    fn async_op(&mut self, bind: &Option<Rc<str>>, body: &[Op], ret: &Expr) -> R {
        let c = self.fresh("c");
        let name = bind.as_deref().unwrap_or("async");
        self.line(&format!("{c} = OtpsimRt.child({})", str_src(name)));
        let b = match bind {
            Some(b) => format!("{} = ", self.var(b)?),
            None => String::new(),
        };
        self.line(&format!("{b}OtpsimRt.task(Task.async(fn ->"));
        // `return` is the function's last expression: it sees the body's bindings.
        self.nested(|e| {
            e.scoped(|e| {
                e.line(&format!("OtpsimRt.born({c})"));
                body.iter().try_for_each(|op| e.op(op))?;
                let r = e.expr(ret)?;
                e.line(&r);
                Ok(())
            })
        })?;
        self.line(&format!("end), {c})"));
        self.bind(bind)?;
        Ok(())
    }

    /// `spawn`/`spawn_link` (return a pid) and `Task.start`/`start_link` (`{:ok, pid}`).
    fn spawn_op(&mut self, kind: SpawnKind, bind: &Option<Rc<str>>, body: &Block) -> R {
        let (fun, ok_tuple) = match kind {
            SpawnKind::Start => ("Task.start", true),
            SpawnKind::StartLink => ("Task.start_link", true),
            SpawnKind::Spawn => ("spawn", false),
            SpawnKind::SpawnLink => ("spawn_link", false),
        };
        let c = self.fresh("c");
        let name = bind.as_deref().unwrap_or(kind.name());
        self.line(&format!("{c} = OtpsimRt.child({})", str_src(name)));
        let p = self.fresh("p");
        if ok_tuple {
            self.line(&format!("{{:ok, {p}}} = {fun}(fn ->"));
        } else {
            self.line(&format!("{p} = {fun}(fn ->"));
        }
        self.nested(|e| {
            e.line(&format!("OtpsimRt.born({c})"));
            e.block(body)
        })?;
        self.line("end)");
        let b = self.bind(bind)?;
        self.line(&format!("{b}OtpsimRt.started({p}, {c})"));
        Ok(())
    }

    fn receive_op(&mut self, clauses: &[(Pat, Block)], after: &Option<(Timeout, Block)>) -> R {
        self.line("receive do");
        for (pat, body) in clauses {
            let m = self.fresh("m");
            self.nested(|e| {
                e.scoped(|e| {
                    let p = e.pat(pat)?;
                    e.line(&format!("{p} = {m} ->"));
                    e.nested(|e| {
                        e.line(&format!("OtpsimRt.got({m})"));
                        body.iter().try_for_each(|op| e.op(op))
                    })
                })
            })?;
        }
        if let Some((t, body)) = after {
            let t = timeout_src(*t);
            self.line("after");
            self.nested(|e| {
                e.line(&format!("{t} ->"));
                e.nested(|e| {
                    e.scoped(|e| {
                        e.line(&format!("OtpsimRt.timed_out({t})"));
                        body.iter().try_for_each(|op| e.op(op))
                    })
                })
            })?;
        }
        self.line("end");
        Ok(())
    }

    /// `try do .. catch :exit, r -> .. end` / `try do .. rescue e -> .. end`.
    fn try_op(
        &mut self,
        body: &Block,
        kind: &str,
        label: &str,
        bind: &Option<Rc<str>>,
        handler: &Block,
    ) -> R {
        self.line("try do");
        self.nested(|e| e.block(body))?;
        self.line(kind);
        let v = self.fresh("e");
        let head = if kind == "catch" {
            format!(":exit, {v} ->")
        } else {
            format!("{v} ->")
        };
        self.nested(|e| {
            e.line(&head);
            e.nested(|e| {
                e.scoped(|e| {
                    e.line(&format!("OtpsimRt.caught({}, {v})", str_src(label)));
                    if bind.is_some() {
                        let b = e.bind(bind)?;
                        e.line(&format!("{b}{v}"));
                    }
                    handler.iter().try_for_each(|op| e.op(op))
                })
            })
        })?;
        self.line("end");
        Ok(())
    }

    // ---- values ---------------------------------------------------------------------------

    fn expr(&self, e: &Expr) -> R<String> {
        Ok(match e {
            Expr::Lit(t) => self.lit(t)?,
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

    /// A pattern; its fresh variables come into scope.
    fn pat(&mut self, p: &Pat) -> R<String> {
        Ok(match p {
            Pat::Lit(t) => self.lit(t)?,
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

    /// A constant as Elixir source.
    fn lit(&self, t: &Term) -> R<String> {
        Ok(match t {
            Term::Atom(a) => self.atom(a.as_str()),
            Term::Int(i) => i.to_string(),
            Term::Str(s) => str_src(s),
            Term::Tuple(items) => format!("{{{}}}", self.lits(items)?),
            Term::List(items) => format!("[{}]", self.lits(items)?),
            other => {
                return fail(format!(
                    "the constant `{other}` cannot be written in Elixir"
                ));
            }
        })
    }

    fn lits(&self, items: &[Term]) -> R<String> {
        let parts = items.iter().map(|i| self.lit(i)).collect::<R<Vec<_>>>()?;
        Ok(parts.join(", "))
    }

    fn atom(&self, a: &str) -> String {
        if self.registered.contains(a) {
            return format!(":\"{}{}\"", escape(a), self.suffix);
        }
        atom_src(a)
    }

    /// A log line's template as the list `OtpsimRt.log/1` takes: strings (with `#{x}`
    /// interpolated in place, as `IO.puts` would) and `{:otpsim_inspect, x}` for each
    /// `#{inspect(x)}`, which the runner renders after the batch with the program's names.
    fn log_parts(&self, t: &Template) -> R<String> {
        let mut parts: Vec<String> = Vec::new();
        let mut cur: Option<String> = None;
        for part in t {
            match part {
                Part::Text(x) => cur.get_or_insert_with(String::new).push_str(&escape(x)),
                Part::Show(e) => {
                    let e = self.expr(e)?;
                    let _ = write!(
                        cur.get_or_insert_with(String::new),
                        "#{{OtpsimRt.show({e})}}"
                    );
                }
                Part::Inspect(e) => {
                    if let Some(c) = cur.take() {
                        parts.push(format!("\"{c}\""));
                    }
                    parts.push(format!("{{:otpsim_inspect, {}}}", self.expr(e)?));
                }
            }
        }
        if let Some(c) = cur.take() {
            parts.push(format!("\"{c}\""));
        }
        Ok(format!("[{}]", parts.join(", ")))
    }

    /// A template as an Elixir string literal with interpolations; `#{inspect(x)}` goes
    /// through the runtime's naming `inspect`.
    fn template(&self, t: &Template) -> R<String> {
        let mut s = String::from("\"");
        for part in t {
            match part {
                Part::Text(x) => s.push_str(&escape(x)),
                Part::Show(e) => {
                    let _ = write!(s, "#{{OtpsimRt.show({})}}", self.expr(e)?);
                }
                Part::Inspect(e) => {
                    let _ = write!(s, "#{{OtpsimRt.insp({})}}", self.expr(e)?);
                }
            }
        }
        s.push('"');
        Ok(s)
    }
}

/// `[a, b]`: how the simulator names the subject of `await_many` / `yield_many`.
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

/// An Elixir string literal.
pub fn str_src(s: &str) -> String {
    format!("\"{}\"", escape(s))
}

/// The inside of an Elixir string literal: no interpolation, no raw control characters.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '#' if chars.peek() == Some(&'{') => out.push_str("\\#"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\u{{{:X}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn is_identifier(s: &str) -> bool {
    let body = s.strip_suffix(['?', '!']).unwrap_or(s);
    let mut chars = body.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@')
}

pub(crate) fn is_alias(s: &str) -> bool {
    s.split('.').all(|seg| {
        seg.starts_with(|c: char| c.is_ascii_uppercase())
            && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// An atom as Elixir source: `nil`, `Task`, `:ok`, `:"a b"`.
pub(crate) fn atom_src(a: &str) -> String {
    match a {
        "nil" | "true" | "false" => a.to_string(),
        _ => match a.strip_prefix("Elixir.") {
            Some(m) if is_alias(m) => m.to_string(),
            _ if is_identifier(a) => format!(":{a}"),
            _ => format!(":\"{}\"", escape(a)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::parse_program;

    fn emit(src: &str) -> String {
        emit_program(&parse_program(src, "t").unwrap(), 3).unwrap()
    }

    #[test]
    fn steps_become_the_elixir_they_stand_for() {
        let src = emit(
            r##"Program(name: "x", main: [
                let("p", "self()"),
                async(as: "t", do: [sleep(100)], return: "{:ok, 1}"),
                await(task: "t", timeout: 500, as: "v"),
                log("got #{inspect(v)} \"q\""),
                receive(match: [("{:EXIT, ^p, _}", [])], after: (0, [])),
            ])"##,
        );
        assert!(src.starts_with("defmodule OtpsimP00003 do"), "{src}");
        assert!(src.contains("t = OtpsimRt.task(Task.async(fn ->"), "{src}");
        assert!(src.contains("Process.sleep(100)"), "{src}");
        assert!(src.contains("{:ok, 1}"), "{src}");
        assert!(
            src.contains(r#"v = OtpsimRt.result("await t", Task.await(t, 500))"#),
            "{src}"
        );
        assert!(
            src.contains(r#"OtpsimRt.log(["got ", {:otpsim_inspect, v}, " \"q\""])"#),
            "{src}"
        );
        assert!(src.contains("{:EXIT, ^p, _} = otpsim__m"), "{src}");
        assert!(src.contains("OtpsimRt.timed_out(0)"), "{src}");
    }

    #[test]
    fn constants_are_valid_elixir() {
        assert_eq!(atom_src("ok"), ":ok");
        assert_eq!(atom_src("Elixir.Task"), "Task");
        assert_eq!(atom_src("a b"), ":\"a b\"");
        assert_eq!(atom_src("nil"), "nil");
        assert_eq!(str_src("a#{b}\"\n"), r#""a\#{b}\"\n""#);
    }

    #[test]
    fn registered_names_are_kept_apart_per_program() {
        let src =
            emit(r#"Program(name: "x", main: [register("me"), send(to: ":me", msg: ":hi")])"#);
        assert!(
            src.contains(r#"Process.register(self(), :"me@otpsim3")"#),
            "{src}"
        );
        assert!(src.contains(r#"send(:"me@otpsim3", :hi)"#), "{src}");
        // `#{x}` of such an atom prints without the suffix: `OtpsimRt.show/1` strips it.
        let src = emit(
            r##"Program(name: "x", main: [register("me"), let("w", ":me"), log("to #{w}")])"##,
        );
        assert!(src.contains(r#"w = :"me@otpsim3""#), "{src}");
        assert!(
            src.contains(r#"OtpsimRt.log(["to #{OtpsimRt.show(w)}"])"#),
            "{src}"
        );
    }

    #[test]
    fn operation_names_are_snake_case() {
        assert_eq!(op_name(&Op::TrapExit(true)), "trap_exit");
        assert_eq!(op_name(&Op::Sleep(1)), "sleep");
    }
}
