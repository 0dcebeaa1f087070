//! Running compiled steps as process code on `sim` + `model`.

use super::eval::{Env, RenderError, TooBig, Val, eval, matches, render, resolve_pins, task};
use super::record::{Recorder, What};
use super::{MAX_BUILT, MAX_DEPTH, MAX_VALUE};
use crate::lang::term::{Expr, Pat, Template};
use crate::lang::{Block, Op, SpawnKind};
use model::{Task, TaskResult, task as tasks};
use sim::{Proc, Term, Timeout};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// A process's handle plus the run's recorder. Rule: never hold a recorder borrow across a
/// `Proc` call (the trace observer borrows it when the kernel emits an event).
pub(crate) struct Ctx {
    pub p: Proc,
    pub rec: Rc<RefCell<Recorder>>,
}

pub(crate) type Boxed<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

impl Ctx {
    pub(super) fn observe(&self, what: What) {
        let (t, me) = (self.p.now_ms(), self.p.pid());
        self.rec.borrow_mut().push(t, me, what);
    }

    pub(super) fn result(&self, op: &'static str, subject: Rc<str>, value: Term) {
        self.observe(What::Result {
            op: op.into(),
            subject,
            value,
        });
    }

    /// Evaluates `e`; a value past [`MAX_VALUE`] (or a run past [`MAX_BUILT`]) raises
    /// `:system_limit`, as the BEAM does at its limits, and fails the run.
    pub(super) async fn eval(&self, env: &Env, e: &Expr) -> Term {
        let mut left = MAX_VALUE;
        match eval(env, self.p.pid(), e, &mut left) {
            Ok(t) if self.rec.borrow_mut().charge(MAX_VALUE - left) => t,
            Ok(_) => self.over_limit(built_too_much()).await,
            Err(e) => self.over_limit(too_big(e)).await,
        }
    }

    /// Renders a template, raising `Protocol.UndefinedError` as Elixir would (and
    /// `:system_limit` for text past [`MAX_VALUE`] bytes).
    async fn text(&self, env: &Env, t: &Template) -> String {
        let mut left = MAX_VALUE;
        let rendered = {
            let rec = self.rec.borrow();
            render(env, self.p.pid(), t, &mut left, |v| {
                rec.named(v).to_string()
            })
        };
        match rendered {
            Ok(s) if self.rec.borrow_mut().charge(MAX_VALUE - left + s.len()) => s,
            Ok(_) => self.over_limit(built_too_much()).await,
            Err(RenderError::Raise(exception)) => self.p.raise(exception).await,
            Err(RenderError::TooBig(e)) => self.over_limit(too_big(e)).await,
        }
    }

    /// Records that this process went past a size limit, and raises `:system_limit`.
    async fn over_limit<T>(&self, what: String) -> T {
        let (t, me) = (self.p.now_ms(), self.p.pid());
        self.rec.borrow_mut().over_limit(t, me, what);
        self.p.error(Term::atom("system_limit")).await
    }

    /// The next process this one spawns is called `<me>.<binding>`.
    pub(super) fn expect_child(&self, binding: &str) {
        self.rec.borrow_mut().expect_child(self.p.pid(), binding);
    }

    /// A new process's code: run `body` with the variables visible at the spawn.
    fn child(&self, env: &Env, body: &Block) -> impl FnOnce(Proc) -> Boxed<'static> + 'static {
        let (rec, env, body) = (self.rec.clone(), env.clone(), body.clone());
        move |p: Proc| -> Boxed<'static> {
            Box::pin(async move {
                let cx = Ctx { p, rec };
                let mut env = env;
                run_block(&cx, &mut env, &body).await;
            })
        }
    }
}

fn too_big(e: TooBig) -> String {
    match e {
        TooBig::Size => {
            format!("built a value larger than {MAX_VALUE} units (elements, plus bytes of text)")
        }
        TooBig::Depth => format!("built a value nested deeper than {MAX_DEPTH} levels"),
    }
}

fn built_too_much() -> String {
    format!("took the values the run built past {MAX_BUILT} units")
}

pub(super) fn bind(env: &mut Env, name: &Option<Rc<str>>, v: Val) {
    if let Some(n) = name {
        env.push((n.clone(), v));
    }
}

/// Runs `ops` in `env`, keeping their bindings (a function body before its last expression).
pub(crate) async fn run_steps(cx: &Ctx, env: &mut Env, ops: &[Op]) {
    for op in ops {
        step(cx, env, op).await;
    }
}

/// Runs `block`; its bindings are dropped at the end.
pub(crate) fn run_block<'a>(cx: &'a Ctx, env: &'a mut Env, block: &'a [Op]) -> Boxed<'a> {
    Box::pin(async move {
        let mark = env.len();
        for op in block {
            step(cx, env, op).await;
        }
        env.truncate(mark);
    })
}

async fn step(cx: &Ctx, env: &mut Env, op: &Op) {
    let p = &cx.p;
    match op {
        Op::Sleep(ms) => {
            p.emit("sleep", || Term::Int(*ms as i64));
            p.sleep(*ms).await;
        }
        Op::Log(t) => {
            let text = cx.text(env, t).await;
            p.log(text.clone());
            cx.observe(What::Log(text));
        }
        Op::Let(name, e) => {
            let v = match e {
                // A task stays a task (`t2 = t` can be awaited).
                Expr::Var(v) if matches!(super::eval::lookup(env, v), Val::Task(_)) => {
                    super::eval::lookup(env, v).clone()
                }
                e => Val::Term(cx.eval(env, e).await),
            };
            env.push((name.clone(), v));
        }
        Op::Async { bind: b, body, ret } => async_task(cx, env, b, body, ret).await,
        Op::Spawn {
            kind,
            bind: b,
            body,
        } => spawn(cx, env, *kind, b, body).await,
        Op::Send { to, msg } => {
            let (to, msg) = (cx.eval(env, to).await, cx.eval(env, msg).await);
            send(p, to, msg).await;
        }
        Op::Receive { clauses, after } => receive(cx, env, clauses, after).await,
        Op::Raise(t) => {
            let msg = cx.text(env, t).await;
            p.raise::<()>(Term::runtime_error(&msg)).await;
        }
        Op::Exit(e) => {
            let reason = cx.eval(env, e).await;
            p.exit::<()>(reason).await;
        }
        Op::TrapExit(on) => {
            p.trap_exit(*on);
        }
        Op::Kill(e) => exit_signal(p, cx.eval(env, e).await, Term::atom("kill")).await,
        Op::ExitSignal { to, reason } => {
            let (to, reason) = (cx.eval(env, to).await, cx.eval(env, reason).await);
            exit_signal(p, to, reason).await;
        }
        Op::CatchExit {
            body,
            bind: b,
            handler,
        } => {
            let caught = p.catch_exit(run_block(cx, env, body)).await;
            if let Err(reason) = caught {
                handle(cx, env, "catch_exit", reason, b, handler).await;
            }
        }
        Op::Rescue {
            body,
            bind: b,
            handler,
        } => {
            let caught = p.rescue(run_block(cx, env, body)).await;
            if let Err(exception) = caught {
                handle(cx, env, "rescue", exception, b, handler).await;
            }
        }
        Op::Register(name) => {
            if !p.register(name, p.pid()) {
                p.error::<()>(Term::atom("badarg")).await;
            }
        }
        Op::StartSup { .. }
        | Op::StartChild { .. }
        | Op::StartTask { .. }
        | Op::SupAsync { .. }
        | Op::SupCall { .. }
        | Op::GenServer { .. }
        | Op::Call { .. } => Box::pin(super::sup::step(cx, env, op)).await,
        other => task_step(cx, env, other).await,
    }
}

/// The `Task` functions that wait for results.
async fn task_step(cx: &Ctx, env: &mut Env, op: &Op) {
    let p = &cx.p;
    match op {
        Op::Await {
            task: t,
            timeout,
            bind: b,
        } => {
            let v = task(env, t).await_for(p, *timeout).await;
            cx.result("await", t.clone(), v.clone());
            bind(env, b, Val::Term(v));
        }
        Op::Yield {
            task: t,
            timeout,
            bind: b,
        } => {
            let r = task(env, t).yield_for(p, *timeout).await;
            finish(cx, env, "yield", t.clone(), &r, b);
        }
        Op::Shutdown {
            task: t,
            mode,
            bind: b,
        } => {
            let r = task(env, t).shutdown(p, *mode).await;
            finish(cx, env, "shutdown", t.clone(), &r, b);
        }
        Op::Ignore { task: t, bind: b } => {
            let r = task(env, t).ignore(p).await;
            finish(cx, env, "ignore", t.clone(), &r, b);
        }
        Op::AwaitMany {
            tasks: ts,
            timeout,
            bind: b,
        } => {
            let list = task_list(env, ts);
            let values = tasks::await_many(p, &list, *timeout).await;
            let v = Term::list(values);
            cx.result("await_many", subject(ts), v.clone());
            bind(env, b, Val::Term(v));
        }
        Op::YieldMany {
            tasks: ts,
            timeout,
            bind: b,
        } => {
            let list = task_list(env, ts);
            let results = tasks::yield_many(p, &list, *timeout).await;
            let shown = results.iter().map(|(_, r)| TaskResult::opt_to_term(r));
            cx.result(
                "yield_many",
                subject(ts),
                Term::list(shown.collect::<Vec<_>>()),
            );
            let pairs = results
                .iter()
                .map(|(t, r)| Term::tuple(vec![t.to_term(), TaskResult::opt_to_term(r)]));
            bind(env, b, Val::Term(Term::list(pairs.collect::<Vec<_>>())));
        }
        _ => unreachable!("step() handles the other operations"),
    }
}

fn finish(
    cx: &Ctx,
    env: &mut Env,
    op: &'static str,
    t: Rc<str>,
    r: &Option<TaskResult>,
    b: &Option<Rc<str>>,
) {
    let v = TaskResult::opt_to_term(r);
    cx.result(op, t, v.clone());
    bind(env, b, Val::Term(v));
}

fn task_list(env: &Env, names: &[Rc<str>]) -> Vec<Task> {
    names.iter().map(|n| task(env, n).clone()).collect()
}

fn subject(names: &[Rc<str>]) -> Rc<str> {
    format!("[{}]", names.join(", ")).into()
}

async fn async_task(cx: &Ctx, env: &mut Env, b: &Option<Rc<str>>, body: &Block, ret: &Expr) {
    cx.expect_child(b.as_deref().unwrap_or("async"));
    let (rec, captured, body, ret) = (cx.rec.clone(), env.clone(), body.clone(), ret.clone());
    let t = Task::spawn_async(&cx.p, move |p: Proc| async move {
        let cx = Ctx { p, rec };
        let mut env = captured;
        // `return` is the function's last expression: it sees the body's bindings.
        run_steps(&cx, &mut env, &body).await;
        cx.eval(&env, &ret).await
    })
    .await;
    if let Some(pid) = t.pid {
        cx.rec.borrow_mut().name_task_ref(t.r#ref, pid);
    }
    bind(env, b, Val::Task(t));
}

async fn spawn(cx: &Ctx, env: &mut Env, kind: SpawnKind, b: &Option<Rc<str>>, body: &Block) {
    cx.expect_child(b.as_deref().unwrap_or(kind.name()));
    let code = cx.child(env, body);
    let p = &cx.p;
    let pid = match kind {
        SpawnKind::Spawn => p.spawn(code).await,
        SpawnKind::SpawnLink => p.spawn_link(code).await,
        SpawnKind::Start => tasks::start(p, |c| ok_after(code(c))).await,
        SpawnKind::StartLink => tasks::start_link(p, |c| ok_after(code(c))).await,
    };
    bind(env, b, Val::Term(Term::Pid(pid)));
}

pub(super) async fn ok_after(f: Boxed<'static>) -> Term {
    f.await;
    Term::atom("ok")
}

/// `send/2` to a pid, a registered name or an alias; anything else is `:badarg`.
async fn send(p: &Proc, to: Term, msg: Term) {
    match to {
        Term::Pid(pid) => p.send(pid, msg).await,
        Term::Ref(r) => p.send_alias(r, msg).await,
        Term::Atom(a) => p.send_named(a.as_str(), msg).await,
        _ => p.error::<()>(Term::atom("badarg")).await,
    }
}

/// `Process.exit(pid, reason)`; a non-pid is `:badarg`.
async fn exit_signal(p: &Proc, to: Term, reason: Term) {
    match to {
        Term::Pid(pid) => {
            p.exit_signal(pid, reason).await;
        }
        _ => p.error::<()>(Term::atom("badarg")).await,
    }
}

async fn receive(
    cx: &Ctx,
    env: &mut Env,
    clauses: &[(Pat, Block)],
    after: &Option<(Timeout, Block)>,
) {
    let pats: Vec<Pat> = clauses.iter().map(|(p, _)| resolve_pins(env, p)).collect();
    let timeout = after.as_ref().map_or(Timeout::Infinity, |(t, _)| *t);
    let test = pats.clone();
    let got =
        cx.p.receive(timeout, move |m| {
            test.iter().any(|p| matches(p, m, &mut Vec::new()))
        })
        .await;
    let Some(msg) = got else {
        cx.observe(What::After(timeout));
        if let Some((_, body)) = after {
            run_block(cx, env, body).await;
        }
        return;
    };
    cx.observe(What::Received(msg.clone()));
    for (pat, (_, body)) in pats.iter().zip(clauses) {
        let mut bound = Vec::new();
        if matches(pat, &msg, &mut bound) {
            let mark = env.len();
            env.extend(bound.into_iter().map(|(n, t)| (n, Val::Term(t))));
            run_block(cx, env, body).await;
            env.truncate(mark);
            return;
        }
    }
}

/// A caught exit or exception: observe it, bind it, run the handler.
async fn handle(
    cx: &Ctx,
    env: &mut Env,
    how: &'static str,
    value: Term,
    b: &Option<Rc<str>>,
    handler: &Block,
) {
    cx.observe(What::Caught(how, value.clone()));
    let mark = env.len();
    bind(env, b, Val::Term(value));
    run_block(cx, env, handler).await;
    env.truncate(mark);
}
