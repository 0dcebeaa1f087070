//! `DynamicSupervisor` (Elixir 1.14), SEMANTICS §4: `:one_for_one` only, children keyed by
//! pid, `max_children`, `extra_arguments`, the same intensity rule as `Supervisor`, and a
//! **concurrent** shutdown (§4.5). `Task.Supervisor` is this with task defaults.

use crate::child_spec::{ChildSpec, ChildType, Restart, ShutdownSpec, Started, run_start_try};
use crate::events::{self, ModelEvent, SupKind};
use crate::gen_server::{self, CallReply, From, Init, NoReply, Server, ServerRef, StartResult};
use crate::supervisor::{add_restart, restarts_on};
use crate::terms::{is_down, is_down_ref, is_exit_from};
use sim::{Opaque, Pid, Pinned, Proc, Term, Timeout};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

/// `DynamicSupervisor.start_link/1` options.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// `:max_restarts` (3).
    pub max_restarts: u32,
    /// `:max_seconds` (5).
    pub max_seconds: u64,
    /// `:max_children` (`None` = `:infinity`).
    pub max_children: Option<usize>,
    /// `:extra_arguments` (`[]`), prepended to each child's start arguments.
    pub extra_arguments: Vec<Term>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_restarts: 3,
            max_seconds: 5,
            max_children: None,
            extra_arguments: vec![],
        }
    }
}

#[derive(Clone)]
enum Entry {
    Running(ChildSpec),
    Restarting(ChildSpec),
}

impl Entry {
    fn spec(&self) -> &ChildSpec {
        match self {
            Entry::Running(s) | Entry::Restarting(s) => s,
        }
    }
}

/// A dynamic supervisor's `init/1` callback, run in the supervisor process: its options, or
/// what else `init` returned.
pub type InitFn = Box<dyn FnOnce(Proc) -> Pin<Box<dyn Future<Output = Result<Options, Init>>>>>;

pub(crate) struct DynSup {
    /// `DynamicSupervisor.start_link(module, arg)`: the module's `init/1`, run first thing.
    init_fn: Option<InitFn>,
    opts: Options,
    /// Keyed by pid; iteration is in pid order, like a small Erlang map.
    children: BTreeMap<Pid, Entry>,
    restarts: Vec<u64>,
    /// `Task.Supervisor`'s per-supervisor defaults `{restart, shutdown}` (§3).
    pub(crate) task_defaults: Option<(Restart, ShutdownSpec)>,
}

const CALL: Timeout = Timeout::Infinity;

/// `DynamicSupervisor.start_link(opts)`.
pub async fn start_link(p: &Proc, opts: Options, name: Option<&crate::names::Name>) -> StartResult {
    gen_server::start_link(p, DynSup::new(opts, None), name).await
}

/// `DynamicSupervisor.start_link(module, arg, opts)`: the supervisor calls `init` (the
/// module's `init/1`) for its options first.
pub async fn start_link_with(
    p: &Proc,
    init: InitFn,
    name: Option<&crate::names::Name>,
) -> StartResult {
    let mut sup = DynSup::new(Options::default(), None);
    sup.init_fn = Some(init);
    gen_server::start_link(p, sup, name).await
}

impl DynSup {
    pub(crate) fn new(opts: Options, task_defaults: Option<(Restart, ShutdownSpec)>) -> DynSup {
        DynSup {
            init_fn: None,
            opts,
            children: BTreeMap::new(),
            restarts: Vec::new(),
            task_defaults,
        }
    }
}

/// `DynamicSupervisor.start_child(sup, spec)` ⇒ `{:ok, pid}` | `{:ok, pid, info}` |
/// `:ignore` | `{:error, :max_children}` | `{:error, reason}`.
///
/// The spec is validated in the caller first (1.14 `validate_child/1`): a `:shutdown` of 0
/// is `{:error, {:invalid_shutdown, 0}}` without calling the supervisor (1.14 requires an
/// integer > 0, §4.1).
pub async fn start_child(p: &Proc, sup: &ServerRef, spec: ChildSpec) -> Term {
    if spec.shutdown == ShutdownSpec::Ms(0) {
        return err(Term::tuple([Term::atom("invalid_shutdown"), Term::Int(0)]));
    }
    let req = Term::tuple([
        Term::atom("start_child"),
        Term::Opaque(Opaque::new("child_spec", spec)),
    ]);
    gen_server::call(p, sup, req, CALL).await
}

/// `DynamicSupervisor.stop(sup, reason)` ⇒ `:ok` (`GenServer.stop/3` with `:infinity`).
pub async fn stop(p: &Proc, sup: Pid, reason: Term) -> Term {
    gen_server::stop_server(p, sup, reason).await;
    Term::atom("ok")
}

/// `DynamicSupervisor.child_spec(opts)` under a parent supervisor:
/// `%{id: DynamicSupervisor, start: {DynamicSupervisor, :start_link, [opts]}, type:
/// :supervisor}` (so `:permanent`, shutdown `:infinity`, modules `[DynamicSupervisor]`).
pub fn child_spec(id: Term, opts: Options) -> ChildSpec {
    let mut spec = ChildSpec::new(id, move |p| {
        let opts = opts.clone();
        async move { start_link(&p, opts, None).await.to_term() }
    })
    .supervisor()
    .modules(Term::list([sim::module!("DynamicSupervisor")]));
    spec.mfa = Term::tuple([
        sim::module!("DynamicSupervisor"),
        Term::atom("start_link"),
        Term::list([Term::atom("opts")]),
    ]);
    spec
}

/// `DynamicSupervisor.terminate_child(sup, pid)` ⇒ `:ok | {:error, :not_found}`.
pub async fn terminate_child(p: &Proc, sup: &ServerRef, pid: Pid) -> Term {
    gen_server::call(
        p,
        sup,
        Term::tuple([Term::atom("terminate_child"), Term::Pid(pid)]),
        CALL,
    )
    .await
}

/// `DynamicSupervisor.which_children(sup)`: `[{:undefined, pid | :restarting, type, modules}]`.
pub async fn which_children(p: &Proc, sup: &ServerRef) -> Term {
    gen_server::call(p, sup, Term::atom("which_children"), CALL).await
}

/// `DynamicSupervisor.count_children(sup)`.
pub async fn count_children(p: &Proc, sup: &ServerRef) -> Term {
    gen_server::call(p, sup, Term::atom("count_children"), CALL).await
}

fn err(r: Term) -> Term {
    Term::tuple([Term::atom("error"), r])
}

impl DynSup {
    pub(crate) async fn handle_start_child(&mut self, p: &Proc, spec: ChildSpec) -> Term {
        if self
            .opts
            .max_children
            .is_some_and(|max| self.children.len() >= max)
        {
            return err(Term::atom("max_children"));
        }
        match run_start_try(p, &spec, &self.opts.extra_arguments).await {
            Started::Ok(pid, info) => {
                events::emit(p, || ModelEvent::SupStart {
                    id: Term::atom("undefined"),
                    pid,
                });
                self.children.insert(pid, Entry::Running(spec));
                match info {
                    None => Term::tuple([Term::atom("ok"), Term::Pid(pid)]),
                    Some(i) => Term::tuple([Term::atom("ok"), Term::Pid(pid), i]),
                }
            }
            Started::Ignore => Term::atom("ignore"),
            Started::Error(r) => err(r),
        }
    }

    /// `maybe_restart_child` (§4.2). False ⇒ give up.
    async fn child_exited(&mut self, p: &Proc, pid: Pid, reason: Term) -> bool {
        let Some(Entry::Running(spec)) = self.children.get(&pid).cloned() else {
            return true;
        };
        events::emit(p, || ModelEvent::SupExit {
            id: Term::atom("undefined"),
            pid,
            reason: reason.clone(),
            restart: spec.restart,
        });
        if restarts_on(spec.restart, &reason) {
            self.restart(p, pid, spec).await
        } else {
            self.children.remove(&pid);
            true
        }
    }

    async fn restart(&mut self, p: &Proc, old: Pid, spec: ChildSpec) -> bool {
        let now = p.now().as_secs();
        if !add_restart(
            &mut self.restarts,
            now,
            self.opts.max_restarts,
            self.opts.max_seconds,
        ) {
            events::emit(p, || ModelEvent::SupGiveUp { id: Term::Pid(old) });
            self.children.remove(&old);
            return false;
        }
        let in_window = self.restarts.len();
        events::emit(p, || ModelEvent::SupRestart {
            id: Term::Pid(old),
            in_window,
        });
        match run_start_try(p, &spec, &self.opts.extra_arguments).await {
            Started::Ok(pid, _) => {
                self.children.remove(&old);
                events::emit(p, || ModelEvent::SupStart {
                    id: Term::atom("undefined"),
                    pid,
                });
                self.children.insert(pid, Entry::Running(spec));
            }
            Started::Ignore => {
                self.children.remove(&old);
            }
            Started::Error(r) => {
                // 1.14's report names the child `{:restarting, old_pid}` (semantics §4.8).
                events::emit(p, || ModelEvent::SupStartError {
                    id: Term::tuple([Term::atom("restarting"), Term::Pid(old)]),
                    reason: r,
                });
                self.children.insert(old, Entry::Restarting(spec));
                p.send(
                    p.pid(),
                    Term::tuple([Term::atom("$gen_restart"), Term::Pid(old)]),
                )
                .await;
            }
        }
        true
    }

    /// Concurrent shutdown (§4.5): monitor + unlink each child (an already queued EXIT
    /// means it is dead), send `:shutdown`/`:kill`, one timer per distinct timeout that
    /// kills its group, wait for every DOWN.
    async fn terminate_children(&mut self, p: &Proc, pids: Vec<Pid>) {
        let mut waiting: Vec<(Pid, sim::Ref, ChildSpec)> = Vec::new();
        let mut groups: Vec<(u64, Vec<Pid>)> = Vec::new();
        // 1.14 `wait_child`/`monitor_children`: reasons worth a shutdown_error report,
        // reported in pid order once every child is gone.
        let mut errors: BTreeMap<Pid, Term> = BTreeMap::new();
        for pid in pids {
            let Some(Entry::Running(spec)) = self.children.get(&pid).cloned() else {
                continue;
            };
            let mon = p.monitor(pid).await;
            p.unlink(pid).await;
            if let Some(m) = p
                .receive_pinned(Timeout::Ms(0), Pinned::Pid(pid), move |m| {
                    is_exit_from(m, pid).is_some()
                })
                .await
            {
                let reason = is_exit_from(&m, pid).expect("an EXIT");
                p.receive_pinned(Timeout::Infinity, Pinned::Ref(mon), move |m| {
                    is_down_ref(m, mon)
                })
                .await;
                if !(reason.is_atom("normal") && spec.restart != Restart::Permanent) {
                    errors.insert(pid, reason);
                }
                continue;
            }
            let signal = if spec.shutdown == ShutdownSpec::BrutalKill {
                "kill"
            } else {
                "shutdown"
            };
            events::emit(p, || ModelEvent::SupTerminate {
                id: Term::atom("undefined"),
                pid,
                kill: signal == "kill",
                shutdown: spec.shutdown,
            });
            p.exit_signal(pid, Term::atom(signal)).await;
            if let ShutdownSpec::Ms(ms) = spec.shutdown {
                match groups.iter_mut().find(|(t, _)| *t == ms) {
                    Some((_, g)) => g.push(pid),
                    None => groups.push((ms, vec![pid])),
                }
            }
            waiting.push((pid, mon, spec));
        }
        let timers: Vec<(sim::Ref, Term, Vec<Pid>)> = groups
            .into_iter()
            .map(|(ms, g)| {
                let tag = Term::Ref(p.make_ref());
                let msg = Term::tuple([Term::atom("timeout"), tag.clone(), Term::atom("kill")]);
                (p.send_after(p.pid(), msg, ms), tag, g)
            })
            .collect();
        while !waiting.is_empty() {
            let mons: Vec<sim::Ref> = waiting.iter().map(|(_, m, _)| *m).collect();
            let tags: Vec<Term> = timers.iter().map(|(_, t, _)| t.clone()).collect();
            let m = p
                .receive(Timeout::Infinity, move |m| {
                    mons.iter().any(|r| is_down_ref(m, *r))
                        || matches!(m.as_tuple(), Some([t, tag, _]) if t.is_atom("timeout") && tags.contains(tag))
                })
                .await
                .expect("infinite");
            if let Some(i) = waiting.iter().position(|(_, r, _)| is_down_ref(&m, *r)) {
                let (pid, mon, spec) = waiting.swap_remove(i);
                let reason = is_down(&m, mon).expect("a DOWN");
                let ok = match spec.shutdown {
                    ShutdownSpec::BrutalKill => reason.is_atom("killed"),
                    _ => {
                        reason.is_atom("shutdown")
                            || reason.is_tagged("shutdown", 2)
                            || (reason.is_atom("normal") && spec.restart != Restart::Permanent)
                    }
                };
                if !ok {
                    errors.insert(pid, reason);
                }
                continue;
            }
            let Some([_, tag, _]) = m.as_tuple() else {
                continue;
            };
            if let Some((_, _, group)) = timers.iter().find(|(_, t, _)| t == tag) {
                // 1.14 builds each timer's pid list by prepending: the last signalled is
                // killed first. It kills the whole group, children already dead too
                // (`for pid <- Map.fetch!(timers, timer), do: Process.exit(pid, :kill)`):
                // a no-op for them, but the VM's trace shows the kill (SEMANTICS §4.5).
                for pid in group.iter().rev() {
                    events::emit(p, || ModelEvent::SupKill {
                        id: Term::atom("undefined"),
                        pid: *pid,
                    });
                    p.exit_signal(*pid, Term::atom("kill")).await;
                }
            }
        }
        for (timer, tag, _) in timers {
            p.cancel_timer(timer);
            p.receive(Timeout::Ms(0), move |m| matches!(m.as_tuple(), Some([t, x, _]) if t.is_atom("timeout") && *x == tag))
                .await;
        }
        for (pid, reason) in errors {
            events::emit(p, || ModelEvent::SupShutdownError {
                id: Term::Pid(pid),
                reason,
            });
        }
    }

    fn child_list(&self) -> Term {
        Term::list(
            self.children
                .iter()
                .map(|(pid, e)| {
                    let slot = match e {
                        Entry::Running(_) => Term::Pid(*pid),
                        Entry::Restarting(_) => Term::atom("restarting"),
                    };
                    Term::tuple([
                        Term::atom("undefined"),
                        slot,
                        e.spec().kind.to_term(),
                        e.spec().modules.clone(),
                    ])
                })
                .collect::<Vec<_>>(),
        )
    }

    fn count(&self) -> Term {
        let (mut active, mut sups, mut workers) = (0, 0, 0);
        for e in self.children.values() {
            if matches!(e, Entry::Running(_)) {
                active += 1;
            }
            match e.spec().kind {
                ChildType::Worker => workers += 1,
                ChildType::Supervisor => sups += 1,
            }
        }
        Term::map(vec![
            (Term::atom("active"), Term::Int(active)),
            (Term::atom("specs"), Term::Int(self.children.len() as i64)),
            (Term::atom("supervisors"), Term::Int(sups)),
            (Term::atom("workers"), Term::Int(workers)),
        ])
    }
}

impl Server for DynSup {
    fn initial_call(&self) -> Option<Term> {
        let module = match self.task_defaults {
            Some(_) => "Task.Supervisor",
            None => "Supervisor.Default",
        };
        Some(crate::supervisor::supervisor_initial_call(module))
    }

    async fn init(&mut self, p: &Proc) -> Init {
        p.trap_exit(true);
        if let Some(init) = self.init_fn.take() {
            match init(p.clone()).await {
                Ok(opts) => self.opts = opts,
                Err(other) => return other,
            }
        }
        let (max, secs) = (self.opts.max_restarts, self.opts.max_seconds);
        events::emit(p, || ModelEvent::SupInit {
            kind: SupKind::Dynamic,
            strategy: Term::atom("one_for_one"),
            max_restarts: max,
            max_seconds: secs,
        });
        Init::Ok
    }

    async fn handle_call(&mut self, p: &Proc, request: Term, _from: From) -> CallReply {
        if request.is_atom("which_children") {
            return CallReply::Reply(self.child_list());
        }
        if request.is_atom("count_children") {
            return CallReply::Reply(self.count());
        }
        let reply = match request.as_tuple() {
            Some([t, Term::Opaque(o)]) if t.is_atom("start_child") => {
                match o.downcast::<ChildSpec>() {
                    Some(spec) => self.handle_start_child(p, spec.clone()).await,
                    None => err(Term::atom("invalid_child_spec")),
                }
            }
            Some([t, Term::Opaque(o)]) if t.is_atom("start_task") => {
                match (o.downcast::<ChildSpec>(), self.task_defaults) {
                    (Some(spec), Some(_)) => self.handle_start_child(p, spec.clone()).await,
                    _ => err(Term::atom("invalid_child_spec")),
                }
            }
            Some([t, Term::Pid(pid)]) if t.is_atom("terminate_child") => {
                if self.children.contains_key(pid) {
                    self.terminate_children(p, vec![*pid]).await;
                    self.children.remove(pid);
                    Term::atom("ok")
                } else {
                    err(Term::atom("not_found"))
                }
            }
            _ => err(Term::atom("bad_request")),
        };
        CallReply::Reply(reply)
    }

    /// 1.14 `handle_cast(_msg, state)` ⇒ `{:noreply, state}`.
    async fn handle_cast(&mut self, _p: &Proc, _request: Term) -> NoReply {
        NoReply::Continue
    }

    async fn handle_info(&mut self, p: &Proc, msg: Term) -> NoReply {
        match msg.as_tuple() {
            Some([t, Term::Pid(pid), reason])
                if t.is_atom("EXIT") && !self.child_exited(p, *pid, reason.clone()).await =>
            {
                return NoReply::Stop(Term::atom("shutdown"));
            }
            Some([t, Term::Pid(pid)]) if t.is_atom("$gen_restart") => {
                if let Some(Entry::Restarting(spec)) = self.children.get(pid).cloned()
                    && !self.restart(p, *pid, spec).await
                {
                    return NoReply::Stop(Term::atom("shutdown"));
                }
            }
            _ => {}
        }
        NoReply::Continue
    }

    async fn terminate(&mut self, p: &Proc, _reason: &Term) {
        let pids: Vec<Pid> = self.children.keys().copied().collect();
        self.terminate_children(p, pids).await;
    }
}
