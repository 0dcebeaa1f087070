//! `Task.Supervisor` (Elixir 1.14), SEMANTICS §3: a `DynamicSupervisor` whose children are
//! tasks, with per-supervisor defaults `{:temporary, 5000}`.

use crate::child_spec::{ChildSpec, Restart, ShutdownSpec};
use crate::dynamic_supervisor::{DynSup, Options};
use crate::events::{self, ModelEvent};
use crate::gen_server::{self, ServerRef, StartResult};
use crate::proc_lib::{self, Lineage};
use crate::task::{Task, TaskResult, reply_process};
use crate::task_stream::{LinkType, SpawnFn, Spawned, StreamOpts, stream_task};
use crate::terms::{mfa_apply, mfa_erlang_apply_2};
use sim::{Opaque, Pid, Proc, Term, Timeout};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

/// `Task.Supervisor.start_link(opts)`: `name`, `max_restarts` (3), `max_seconds` (5),
/// `max_children` (`:infinity`).
pub async fn start_link(p: &Proc, opts: Options, name: Option<&crate::names::Name>) -> StartResult {
    let sup = DynSup::new(opts, Some((Restart::Temporary, ShutdownSpec::Ms(5000))));
    gen_server::start_link(p, sup, name).await
}

/// `Task.Supervisor.child_spec(opts)` under a parent supervisor: `%{id: name_or_Task.Supervisor,
/// start: {Task.Supervisor, :start_link, [opts]}, type: :supervisor}` — `:permanent`, shutdown
/// `:infinity`, modules `[Task.Supervisor]` (§3.1).
pub fn child_spec(id: Term, opts: Options) -> ChildSpec {
    let mut spec = ChildSpec::new(id, move |p| {
        let opts = opts.clone();
        async move { start_link(&p, opts, None).await.to_term() }
    })
    .supervisor()
    .modules(Term::list([sim::module!("Task.Supervisor")]));
    spec.mfa = Term::tuple([
        sim::module!("Task.Supervisor"),
        Term::atom("start_link"),
        Term::list([Term::atom("opts")]),
    ]);
    spec
}

/// Options of `start_child/3`.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct ChildOpts {
    /// `:restart` (default `:temporary`, §3.2).
    pub restart: Option<Restart>,
    /// `:shutdown` (default 5000).
    pub shutdown: Option<ShutdownSpec>,
}

/// `Task.Supervisor.start_child(sup, fun, opts)` ⇒ `{:ok, pid}` | `{:error, :max_children}`.
/// The task is linked only to the supervisor; `:transient`/`:permanent` restarts re-run
/// `fun` in a new process and count toward intensity (§3.2).
pub async fn start_child<F, Fut>(p: &Proc, sup: &ServerRef, f: F, opts: ChildOpts) -> Term
where
    F: Fn(Proc) -> Fut + 'static,
    Fut: Future<Output = Term> + 'static,
{
    let f = Rc::new(f);
    let callers = proc_lib::child_callers(p);
    let mut spec = ChildSpec::new(Term::atom("undefined"), move |s| {
        let f = f.clone();
        let lineage = Lineage {
            ancestors: proc_lib::child_ancestors(&s),
            callers: Some(callers.clone()),
        };
        async move {
            let pid = s
                .spawn_link(move |t| async move {
                    lineage.put(&t);
                    f(t).await;
                })
                .await;
            Term::tuple([Term::atom("ok"), Term::Pid(pid)])
        }
    });
    spec.restart = opts.restart.unwrap_or(Restart::Temporary);
    spec.shutdown = opts.shutdown.unwrap_or(ShutdownSpec::Ms(5000));
    spec.modules = Term::list([sim::module!("Task.Supervised")]);
    let req = Term::tuple([
        Term::atom("start_task"),
        Term::Opaque(Opaque::new("child_spec", spec)),
    ]);
    gen_server::call(p, sup, req, Timeout::Infinity).await
}

/// `Task.Supervisor.async(sup, fun, opts)`: the caller links to the task (§3.3).
pub async fn async_linked<F, Fut>(
    p: &Proc,
    sup: &ServerRef,
    f: F,
    shutdown: Option<ShutdownSpec>,
) -> Task
where
    F: FnOnce(Proc) -> Fut + 'static,
    Fut: Future<Output = Term> + 'static,
{
    supervised_async(p, sup, f, shutdown, true).await
}

/// `Task.Supervisor.async_nolink(sup, fun, opts)`: no link between caller and task (§3.3).
pub async fn async_nolink<F, Fut>(
    p: &Proc,
    sup: &ServerRef,
    f: F,
    shutdown: Option<ShutdownSpec>,
) -> Task
where
    F: FnOnce(Proc) -> Fut + 'static,
    Fut: Future<Output = Term> + 'static,
{
    supervised_async(p, sup, f, shutdown, false).await
}

/// 1.14 `Task.Supervisor.async/6`: start a temporary child that monitors its owner and
/// waits ≤ 5000 ms for the start message; link (async only); monitor-alias; start message.
async fn supervised_async<F, Fut>(
    p: &Proc,
    sup: &ServerRef,
    f: F,
    shutdown: Option<ShutdownSpec>,
    link: bool,
) -> Task
where
    F: FnOnce(Proc) -> Fut + 'static,
    Fut: Future<Output = Term> + 'static,
{
    let owner = p.pid();
    let cell = Rc::new(RefCell::new(Some(f)));
    let mut spec = ChildSpec::new(Term::atom("undefined"), move |s| {
        let f = cell.borrow_mut().take();
        let ancestors = proc_lib::child_ancestors(&s);
        async move {
            let pid = s
                .spawn_link(move |t| async move {
                    t.dict_put(proc_lib::ancestors_key(), ancestors);
                    let f = f.expect("a temporary task is started once");
                    reply_process(t, owner, Some(()), f).await;
                })
                .await;
            Term::tuple([Term::atom("ok"), Term::Pid(pid)])
        }
    });
    // SEMANTICS §3.3 step 1 (1.14 `async/6` passes `:temporary` to `start_child_with_spec`):
    // an async task is never restarted. `ChildSpec::new` defaults to `:permanent`, which
    // restarted a task that returned normally, re-running a function already consumed.
    spec.restart = Restart::Temporary;
    spec.shutdown = shutdown.unwrap_or(ShutdownSpec::Ms(5000));
    spec.modules = Term::list([sim::module!("Task.Supervised")]);
    let req = Term::tuple([
        Term::atom("start_task"),
        Term::Opaque(Opaque::new("child_spec", spec)),
    ]);
    let reply = gen_server::call(p, sup, req, Timeout::Infinity).await;
    let pid = match reply.as_tuple() {
        Some([ok, Term::Pid(pid)]) if ok.is_atom("ok") => *pid,
        _ => {
            return p
                .raise(Term::runtime_error(
                    "reached the maximum number of tasks for this task supervisor. The maximum number of tasks that are allowed to run at the same time under this supervisor can be configured with the :max_children option passed to Task.Supervisor.start_link/1",
                ))
                .await;
        }
    };
    if link {
        p.link(pid).await;
    }
    let r = p.monitor_alias(pid).await;
    let start = Term::tuple([
        Term::Pid(owner),
        Term::Ref(r),
        Term::Ref(r),
        proc_lib::child_callers(p),
        mfa_apply(),
    ]);
    p.send(pid, start).await;
    events::emit(p, || ModelEvent::TaskSpawn {
        pid,
        r#ref: r,
        owner,
        linked: link,
    });
    Task {
        pid: Some(pid),
        r#ref: r,
        owner,
        mfa: mfa_erlang_apply_2(),
    }
}

/// `Task.Supervisor.async_stream(sup, inputs, fun, opts)` (`link` [`LinkType::Link`]) /
/// `async_stream_nolink` ([`LinkType::NoLink`]) `|> Enum.to_list()` (or `|> Enum.take(n)`
/// with `opts.take`), SEMANTICS §3.4: `Task.async_stream` (§2.10) whose tasks are temporary
/// children of `sup`, spawned by [`spawn_stream_task`].
pub async fn async_stream<F, Fut>(
    p: &Proc,
    sup: &ServerRef,
    inputs: Vec<Term>,
    f: F,
    opts: StreamOpts,
    link: LinkType,
    shutdown: Option<ShutdownSpec>,
) -> Vec<TaskResult>
where
    F: Fn(Proc, Term) -> Fut + Clone + 'static,
    Fut: Future<Output = Term> + 'static,
{
    let (owner, sup) = (p.pid(), sup.clone());
    let spawn: SpawnFn = Rc::new(move |inter: Proc| {
        let (f, sup) = (f.clone(), sup.clone());
        Box::pin(async move { spawn_stream_task(&inter, &sup, link, shutdown, owner, f).await })
    });
    crate::task_stream::stream(p, inputs, opts, spawn).await
}

/// The spawn step of `Task.Supervisor.async_stream(_nolink)` (1.14
/// `Task.Supervisor.build_stream/5`), run in the intermediate process `inter`: ask `sup` for
/// a temporary child `Task.Supervised.start_link(owner, :monitor)` (it waits at most 5000 ms
/// for its start message, and exits `{:shutdown, reason}` if `owner` dies first), honouring
/// `shutdown` (default 5000); link `inter` to it if `link` is [`LinkType::Link`]. Answers
/// [`Spawned::MaxChildren`] when `sup` is full.
pub async fn spawn_stream_task<F, Fut>(
    inter: &Proc,
    sup: &ServerRef,
    link: LinkType,
    shutdown: Option<ShutdownSpec>,
    owner: Pid,
    f: F,
) -> Spawned
where
    F: Fn(Proc, Term) -> Fut + 'static,
    Fut: Future<Output = Term> + 'static,
{
    let cell = Rc::new(RefCell::new(Some(f)));
    let mut spec = ChildSpec::new(Term::atom("undefined"), move |s| {
        let f = cell.borrow_mut().take();
        async move {
            let f = f.expect("a temporary task is started once");
            let pid = s.spawn_link(move |t| stream_task(t, owner, true, f)).await;
            Term::tuple([Term::atom("ok"), Term::Pid(pid)])
        }
    });
    spec.restart = Restart::Temporary;
    spec.shutdown = shutdown.unwrap_or(ShutdownSpec::Ms(5000));
    spec.modules = Term::list([sim::module!("Task.Supervised")]);
    let req = Term::tuple([
        Term::atom("start_task"),
        Term::Opaque(Opaque::new("child_spec", spec)),
    ]);
    let reply = gen_server::call(inter, sup, req, Timeout::Infinity).await;
    match reply.as_tuple() {
        Some([ok, Term::Pid(pid)]) if ok.is_atom("ok") => {
            if link == LinkType::Link {
                inter.link(*pid).await;
            }
            Spawned::Ok(link, *pid)
        }
        _ => Spawned::MaxChildren,
    }
}

/// `Task.Supervisor.children(sup)`: the pids of its running tasks.
pub async fn children(p: &Proc, sup: &ServerRef) -> Term {
    // 1.14: `for {_, pid, _, _} <- DynamicSupervisor.which_children(sup), is_pid(pid), do: pid`.
    let list = crate::dynamic_supervisor::which_children(p, sup).await;
    let Term::List(entries) = list else {
        return Term::empty_list();
    };
    Term::list(
        entries
            .iter()
            .filter_map(|e| match e.as_tuple() {
                Some([_, Term::Pid(pid), _, _]) => Some(Term::Pid(*pid)),
                _ => None,
            })
            .collect::<Vec<_>>(),
    )
}

/// `Task.Supervisor.terminate_child(sup, pid)` ⇒ `:ok | {:error, :not_found}`.
pub async fn terminate_child(p: &Proc, sup: &ServerRef, pid: Pid) -> Term {
    crate::dynamic_supervisor::terminate_child(p, sup, pid).await
}
