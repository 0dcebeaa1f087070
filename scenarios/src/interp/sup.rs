//! Running the supervisor and GenServer steps on `model`: child specs whose start functions
//! name the processes they start (`<supervisor>.<id>`, `#2` after a restart).

use super::eval::{Env, Val};
use super::exec::{Boxed, Ctx, bind, ok_after, run_block, run_steps};
use super::record::Recorder;
use super::server::StepServer;
use crate::lang::term::Expr;
use crate::lang::{Block, ChildBody, ChildIr, Op, SupIr, SupKind, SupOp};
use model::child_spec::{ChildSpec, Restart, ShutdownSpec};
use model::gen_server::{self, ServerRef, StartResult};
use model::supervisor::{self, Flags};
use model::{dynamic_supervisor, task, task_supervisor};
use sim::{Opaque, Pid, Proc, Term, Timeout};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

type Rec = Rc<RefCell<Recorder>>;

pub(super) async fn step(cx: &Ctx, env: &mut Env, op: &Op) {
    let p = &cx.p;
    match op {
        Op::StartSup { bind: b, sup } => {
            cx.expect_child(&sup.label);
            let r = start_link(p.clone(), cx.rec.clone(), env.clone(), sup.clone()).await;
            let pid = started(p, r).await;
            bind(env, b, Val::Term(Term::Pid(pid)));
        }
        Op::StartChild {
            sup,
            kind,
            child,
            bind: b,
        } => {
            let Some(sref) = server_ref(cx, env, sup).await else {
                return;
            };
            let spec = child_spec(&cx.rec, env, child);
            let r = match kind {
                Some(SupKind::Dynamic | SupKind::Task) => {
                    dynamic_supervisor::start_child(p, &sref, spec).await
                }
                _ => supervisor::start_child(p, &sref, spec).await,
            };
            cx.result("start_child", subject(sup), r.clone());
            bind(env, b, Val::Term(r));
        }
        Op::StartTask {
            sup,
            body,
            label,
            restart,
            shutdown,
            bind: b,
        } => {
            let Some(sref) = server_ref(cx, env, sup).await else {
                return;
            };
            let spec = task_spec(&cx.rec, env, body, label, *restart, *shutdown);
            let req = Term::tuple(vec![
                Term::atom("start_task"),
                Term::Opaque(Opaque::new("child_spec", spec)),
            ]);
            let r = gen_server::call(p, &sref, req, Timeout::Infinity).await;
            cx.result("start_child", subject(sup), r.clone());
            bind(env, b, Val::Term(r));
        }
        Op::SupAsync {
            sup,
            link,
            bind: b,
            body,
            ret,
            shutdown,
        } => supervised_async(cx, env, sup, *link, b, body, ret, *shutdown).await,
        Op::SupCall {
            op,
            sup,
            kind: _,
            arg,
            bind: b,
        } => {
            let Some(sref) = server_ref(cx, env, sup).await else {
                return;
            };
            let arg = match arg {
                Some(a) => Some(cx.eval(env, a).await),
                None => None,
            };
            let r = sup_call(p, *op, &sref, arg).await;
            cx.result(op.name(), subject(sup), r.clone());
            bind(env, b, Val::Term(r));
        }
        Op::GenServer {
            bind: b,
            name,
            label,
            init,
            calls,
        } => {
            cx.expect_child(label);
            let server = StepServer::new(cx.rec.clone(), env.clone(), init.clone(), calls.clone());
            let name = name.as_ref().map(atom_text);
            let r = gen_server::start_link(p, server, name.as_deref()).await;
            let pid = started(p, r).await;
            bind(env, b, Val::Term(Term::Pid(pid)));
        }
        Op::Call {
            server,
            msg,
            timeout,
            bind: b,
        } => {
            let Some(sref) = server_ref(cx, env, server).await else {
                return;
            };
            let msg = cx.eval(env, msg).await;
            let r = gen_server::call(p, &sref, msg, *timeout).await;
            cx.result("call", subject(server), r.clone());
            bind(env, b, Val::Term(r));
        }
        _ => unreachable!("exec::step sends only supervisor operations here"),
    }
}

async fn sup_call(p: &Proc, op: SupOp, sref: &ServerRef, arg: Option<Term>) -> Term {
    let arg = || arg.clone().unwrap_or_else(Term::nil);
    match op {
        SupOp::WhichChildren => supervisor::which_children(p, sref).await,
        SupOp::CountChildren => supervisor::count_children(p, sref).await,
        SupOp::Children => task_supervisor::children(p, sref).await,
        SupOp::TerminateChild => supervisor::terminate_child(p, sref, arg()).await,
        SupOp::RestartChild => supervisor::restart_child(p, sref, arg()).await,
        SupOp::DeleteChild => supervisor::delete_child(p, sref, arg()).await,
        SupOp::Stop => {
            let pid = match sref {
                ServerRef::Pid(pid) => Some(*pid),
                ServerRef::Name(n) => p.whereis(n),
            };
            match pid {
                Some(pid) => supervisor::stop(p, pid, arg()).await,
                // `GenServer.stop/3` of a name nobody has.
                None => {
                    let args = vec![server_term(sref), arg(), Term::atom("infinity")];
                    let mfa = Term::tuple(vec![
                        Term::module("GenServer"),
                        Term::atom("stop"),
                        Term::list(args),
                    ]);
                    p.exit(Term::tuple(vec![Term::atom("noproc"), mfa])).await
                }
            }
        }
    }
}

fn server_term(sref: &ServerRef) -> Term {
    match sref {
        ServerRef::Pid(p) => Term::Pid(*p),
        ServerRef::Name(n) => Term::atom_dyn(n),
    }
}

/// `{:ok, pid} = ...start_link(...)`: anything else raises `MatchError`.
async fn started(p: &Proc, r: StartResult) -> Pid {
    match r {
        StartResult::Ok(pid) => pid,
        other => {
            let e = Term::struct_("MatchError", vec![("term", other.to_term())]);
            p.raise(e).await
        }
    }
}

/// How an observation names the supervisor or server: as written (`sup`, `MySup`).
fn subject(e: &Expr) -> Rc<str> {
    match e {
        Expr::Var(v) => v.clone(),
        Expr::Lit(t) => t.to_string().into(),
        other => format!("{other:?}").into(),
    }
}

fn atom_text(t: &Term) -> String {
    match t {
        Term::Atom(a) => a.as_str().to_string(),
        other => other.to_string(),
    }
}

/// A supervisor or server reference: a pid, or a registered name. Anything else is
/// `:badarg`, as for `send/2`.
async fn server_ref(cx: &Ctx, env: &Env, e: &Expr) -> Option<ServerRef> {
    match cx.eval(env, e).await {
        Term::Pid(pid) => Some(ServerRef::Pid(pid)),
        Term::Atom(a) => Some(ServerRef::Name(a.as_str().to_string())),
        _ => cx.p.error(Term::atom("badarg")).await,
    }
}

/// The code of a process that runs `body` with the variables of `env`.
fn code(rec: Rec, env: Env, body: Block) -> impl FnOnce(Proc) -> Boxed<'static> + 'static {
    move |p: Proc| -> Boxed<'static> {
        Box::pin(async move {
            let cx = Ctx { p, rec };
            let mut env = env;
            run_block(&cx, &mut env, &body).await;
        })
    }
}

fn ok_pid(pid: Pid) -> Term {
    Term::tuple(vec![Term::atom("ok"), Term::Pid(pid)])
}

fn mfa(module: &str, f: &'static str, args: Vec<Term>) -> Term {
    Term::tuple(vec![Term::module(module), Term::atom(f), Term::list(args)])
}

/// Starts (and links to the caller `p`) the supervisor `sup` describes.
fn start_link(
    p: Proc,
    rec: Rec,
    env: Env,
    sup: Rc<SupIr>,
) -> Pin<Box<dyn Future<Output = StartResult>>> {
    Box::pin(async move {
        let name = sup.name.as_ref().map(atom_text);
        let name = name.as_deref();
        match sup.kind {
            SupKind::Static => {
                let specs = sup
                    .children
                    .iter()
                    .map(|c| child_spec(&rec, &env, c))
                    .collect();
                let flags = Flags {
                    strategy: sup.strategy,
                    max_restarts: sup.max_restarts,
                    max_seconds: sup.max_seconds,
                };
                supervisor::start_link(&p, specs, flags, name).await
            }
            SupKind::Dynamic | SupKind::Task => {
                let opts = dynamic_supervisor::Options {
                    max_restarts: sup.max_restarts,
                    max_seconds: sup.max_seconds,
                    max_children: sup.max_children.map(|n| n as usize),
                    extra_arguments: vec![],
                };
                if sup.kind == SupKind::Dynamic {
                    dynamic_supervisor::start_link(&p, opts, name).await
                } else {
                    task_supervisor::start_link(&p, opts, name).await
                }
            }
        }
    })
}

/// A child spec whose start function runs in the supervisor and names what it starts.
fn child_spec(rec: &Rec, env: &Env, c: &Rc<ChildIr>) -> ChildSpec {
    let (rec, env, ir) = (rec.clone(), env.clone(), c.clone());
    let mut spec = ChildSpec::new(c.id.clone(), move |s: Proc| {
        let (rec, env, c) = (rec.clone(), env.clone(), ir.clone());
        async move {
            rec.borrow_mut().expect_child(s.pid(), &c.label);
            match &c.body {
                ChildBody::Worker(body) => ok_pid(s.spawn_link(code(rec, env, body.clone())).await),
                ChildBody::Task(body) => {
                    let f = code(rec, env, body.clone());
                    ok_pid(task::start_link(&s, |t| ok_after(f(t))).await)
                }
                ChildBody::Sup(sup) => start_link(s, rec, env, sup.clone()).await.to_term(),
            }
        }
    });
    let (modules, start) = match &c.body {
        ChildBody::Worker(_) => (
            "Worker",
            mfa("Worker", "start_link", vec![Term::atom("fun")]),
        ),
        ChildBody::Task(_) => ("Task", mfa("Task", "start_link", vec![Term::atom("fun")])),
        ChildBody::Sup(sup) => {
            let m = sup.kind.module();
            let args = match sup.kind {
                SupKind::Static => vec![Term::atom("children"), Term::atom("opts")],
                _ => vec![Term::atom("opts")],
            };
            (m, mfa(m, "start_link", args))
        }
    };
    spec.restart = c.restart;
    spec.shutdown = c.shutdown;
    spec.kind = c.kind;
    spec.modules = Term::list(vec![Term::module(modules)]);
    spec.mfa = start;
    spec
}

/// `Task.Supervisor.start_child(sup, fun, restart:, shutdown:)`'s spec (as `model`'s, with
/// a start function that names the task, restarts included).
fn task_spec(
    rec: &Rec,
    env: &Env,
    body: &Block,
    label: &Rc<str>,
    restart: Restart,
    shutdown: ShutdownSpec,
) -> ChildSpec {
    let (rec, env, body, label) = (rec.clone(), env.clone(), body.clone(), label.clone());
    let mut spec = ChildSpec::new(Term::atom("undefined"), move |s: Proc| {
        let (rec, env, body, label) = (rec.clone(), env.clone(), body.clone(), label.clone());
        async move {
            rec.borrow_mut().expect_child(s.pid(), &label);
            ok_pid(s.spawn_link(code(rec, env, body)).await)
        }
    });
    spec.restart = restart;
    spec.shutdown = shutdown;
    spec.modules = Term::list(vec![Term::module("Task.Supervised")]);
    spec
}

/// `Task.Supervisor.async` / `async_nolink`: `model` starts the task inside the supervisor;
/// it is named `<supervisor>.<binding>` once it is known.
#[allow(clippy::too_many_arguments)]
async fn supervised_async(
    cx: &Ctx,
    env: &mut Env,
    sup: &Expr,
    link: bool,
    b: &Option<Rc<str>>,
    body: &Block,
    ret: &Expr,
    shutdown: Option<ShutdownSpec>,
) {
    let Some(sref) = server_ref(cx, env, sup).await else {
        return;
    };
    let (rec, captured, body, ret) = (cx.rec.clone(), env.clone(), body.clone(), ret.clone());
    let f = move |p: Proc| async move {
        let cx = Ctx { p, rec };
        let mut env = captured;
        run_steps(&cx, &mut env, &body).await;
        cx.eval(&env, &ret).await
    };
    let p = &cx.p;
    let t = if link {
        task_supervisor::async_linked(p, &sref, f, shutdown).await
    } else {
        task_supervisor::async_nolink(p, &sref, f, shutdown).await
    };
    if let Some(pid) = t.pid {
        let word = if link {
            "supervised_async"
        } else {
            "async_nolink"
        };
        let sup_pid = match &sref {
            ServerRef::Pid(s) => Some(*s),
            ServerRef::Name(n) => p.whereis(n),
        };
        let mut rec = cx.rec.borrow_mut();
        let parent = sup_pid.map_or_else(|| "sys".into(), |s| rec.names.name_of(s));
        rec.rename(pid, &format!("{parent}.{}", b.as_deref().unwrap_or(word)));
        rec.name_task_ref(t.r#ref, pid);
    }
    bind(env, b, Val::Task(t));
}
