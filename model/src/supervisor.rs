//! `Supervisor` (Elixir 1.14 over OTP 25 `supervisor.erl`), SEMANTICS §4: strategies with the
//! exact sequences of §4.3, the single-child shutdown protocol (§4.4), sequential
//! reverse-order termination (§4.5), the restart-intensity algorithm (§4.6), giving up
//! (§4.7), start failures (§4.8) and the management calls (§4.9).

use crate::child_spec::{ChildSpec, Restart, ShutdownSpec, Started, run_start};
use crate::events::{self, ModelEvent, SupKind};
use crate::gen_server::{self, CallReply, From, Init, NoReply, Server, ServerRef, StartResult};
use crate::terms::{is_down, is_down_ref, is_exit_from};
use sim::faults::{self, Fault};
use sim::{Opaque, Pid, Pinned, Proc, Term, Timeout};
use std::future::Future;
use std::pin::Pin;

/// `:strategy`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Restart only the child that exited.
    OneForOne,
    /// Terminate all others (reverse start order), then start all (start order).
    OneForAll,
    /// Terminate the children started after it, then restart it and them.
    RestForOne,
}

/// Supervisor flags: Elixir's `Supervisor.init/2` defaults are `max_restarts: 3`,
/// `max_seconds: 5`.
#[derive(Clone, Debug, PartialEq)]
pub struct Flags {
    /// `:strategy`.
    pub strategy: Strategy,
    /// `:max_restarts` (intensity).
    pub max_restarts: u32,
    /// `:max_seconds` (period).
    pub max_seconds: u64,
}

impl Flags {
    /// The given strategy with Elixir's defaults (3 restarts in 5 seconds).
    pub fn new(strategy: Strategy) -> Flags {
        Flags {
            strategy,
            max_restarts: 3,
            max_seconds: 5,
        }
    }
}

/// The restart-intensity rule, SEMANTICS §4.6, exactly: whole-second stamps of virtual time,
/// inclusive window, recorded *before* the restart. `restarts` is newest first. Returns
/// false when this attempt trips the limit (the supervisor gives up).
pub fn add_restart(
    restarts: &mut Vec<u64>,
    now_secs: u64,
    max_restarts: u32,
    max_seconds: u64,
) -> bool {
    // SEMANTICS §4.6: keep stamps t with t >= now - max_seconds (inclusive boundary).
    let threshold = now_secs.saturating_sub(max_seconds);
    // The faults (tests only, `sim::faults`) break the boundary and the count by one.
    let keep = if faults::active(Fault::IntensityWindowExclusive) {
        restarts.iter().take_while(|&&t| t > threshold).count()
    } else {
        restarts.iter().take_while(|&&t| t >= threshold).count()
    };
    restarts.truncate(keep);
    restarts.insert(0, now_secs);
    if faults::active(Fault::IntensityOffByOne) {
        return restarts.len() < max_restarts as usize;
    }
    restarts.len() <= max_restarts as usize
}

/// Whether a child exiting with `reason` is restarted (SEMANTICS §4.2): a `:permanent` one
/// always, a `:transient` one unless the exit is `:normal`, `:shutdown` or `{:shutdown, _}`,
/// a `:temporary` one never.
pub(crate) fn restarts_on(restart: Restart, reason: &Term) -> bool {
    let normalish =
        reason.is_atom("normal") || reason.is_atom("shutdown") || reason.is_tagged("shutdown", 2);
    // `Fault::TransientRestartOnShutdown` (tests only) restarts it after a shutdown too.
    let shutdown_fault =
        faults::active(Fault::TransientRestartOnShutdown) && !reason.is_atom("normal");
    match restart {
        Restart::Permanent => true,
        Restart::Transient => !normalish || shutdown_fault,
        Restart::Temporary => false,
    }
}

/// A child's pid slot.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    Running(Pid),
    Undefined,
    Restarting(Option<Pid>),
}

struct Child {
    spec: ChildSpec,
    slot: Slot,
}

/// A supervisor's `init/1` callback, run in the supervisor process: its children and
/// flags, or what else `init` returned (`:ignore`, a bad return, an exception's stop).
pub type InitFn =
    Box<dyn FnOnce(Proc) -> Pin<Box<dyn Future<Output = Result<(Vec<ChildSpec>, Flags), Init>>>>>;

struct Sup {
    /// `Supervisor.start_link(module, arg)`: the module's `init/1`, run first thing.
    init_fn: Option<InitFn>,
    flags: Flags,
    /// In start order.
    children: Vec<Child>,
    initial: Vec<ChildSpec>,
    restarts: Vec<u64>,
}

const CALL: Timeout = Timeout::Infinity;

/// `Supervisor.start_link(children, strategy: ..., name: ...)`.
pub async fn start_link(
    p: &Proc,
    children: Vec<ChildSpec>,
    flags: Flags,
    name: Option<&crate::names::Name>,
) -> StartResult {
    let sup = Sup {
        init_fn: None,
        flags,
        children: Vec::new(),
        initial: children,
        restarts: Vec::new(),
    };
    gen_server::start_link(p, sup, name).await
}

/// `Supervisor.start_link(module, arg, name: ...)`: the supervisor process calls `init`
/// (the module's `init/1`) for its children and flags before starting them.
pub async fn start_link_with(
    p: &Proc,
    init: InitFn,
    name: Option<&crate::names::Name>,
) -> StartResult {
    let sup = Sup {
        init_fn: Some(init),
        flags: Flags::new(Strategy::OneForOne),
        children: Vec::new(),
        initial: Vec::new(),
        restarts: Vec::new(),
    };
    gen_server::start_link(p, sup, name).await
}

/// `Supervisor.which_children(sup)`: `[{id, pid | :restarting | :undefined, type, modules}]`
/// in reverse start order.
pub async fn which_children(p: &Proc, sup: &ServerRef) -> Term {
    gen_server::call(p, sup, Term::atom("which_children"), CALL).await
}

/// `Supervisor.count_children(sup)` ⇒ `%{active:, specs:, supervisors:, workers:}`.
pub async fn count_children(p: &Proc, sup: &ServerRef) -> Term {
    gen_server::call(p, sup, Term::atom("count_children"), CALL).await
}

/// `Supervisor.terminate_child(sup, id)` ⇒ `:ok | {:error, :not_found}`.
pub async fn terminate_child(p: &Proc, sup: &ServerRef, id: Term) -> Term {
    gen_server::call(
        p,
        sup,
        Term::tuple([Term::atom("terminate_child"), id]),
        CALL,
    )
    .await
}

/// `Supervisor.restart_child(sup, id)`.
pub async fn restart_child(p: &Proc, sup: &ServerRef, id: Term) -> Term {
    gen_server::call(p, sup, Term::tuple([Term::atom("restart_child"), id]), CALL).await
}

/// `Supervisor.delete_child(sup, id)`.
pub async fn delete_child(p: &Proc, sup: &ServerRef, id: Term) -> Term {
    gen_server::call(p, sup, Term::tuple([Term::atom("delete_child"), id]), CALL).await
}

/// `Supervisor.start_child(sup, spec)`.
pub async fn start_child(p: &Proc, sup: &ServerRef, spec: ChildSpec) -> Term {
    let req = Term::tuple([
        Term::atom("start_child"),
        Term::Opaque(Opaque::new("child_spec", spec)),
    ]);
    gen_server::call(p, sup, req, CALL).await
}

/// A child spec that starts a `Supervisor` with `children` and `flags`, as
/// `%{id: id, start: {Supervisor, :start_link, [children, opts]}, type: :supervisor}`:
/// `:permanent`, shutdown `:infinity`, modules `[Supervisor]` (§4.1, §4.7 nested).
pub fn child_spec(id: Term, children: Vec<ChildSpec>, flags: Flags) -> ChildSpec {
    let mut spec = ChildSpec::new(id, move |p| {
        let (children, flags) = (children.clone(), flags.clone());
        async move { start_link(&p, children, flags, None).await.to_term() }
    })
    .supervisor()
    .modules(Term::list([sim::module!("Supervisor")]));
    spec.mfa = Term::tuple([
        sim::module!("Supervisor"),
        Term::atom("start_link"),
        Term::list([Term::atom("children"), Term::atom("opts")]),
    ]);
    spec
}

/// `Supervisor.stop(sup, reason)` ⇒ `:ok`.
pub async fn stop(p: &Proc, sup: Pid, reason: Term) -> Term {
    gen_server::stop_server(p, sup, reason).await;
    Term::atom("ok")
}

fn slot_term(s: Slot) -> Term {
    match s {
        Slot::Running(p) => Term::Pid(p),
        Slot::Undefined => Term::atom("undefined"),
        Slot::Restarting(_) => Term::atom("restarting"),
    }
}

/// The internal child record of OTP 25, as `start_child` errors show it (§4.8 b).
fn child_record(spec: &ChildSpec) -> Term {
    Term::tuple([
        Term::atom("child"),
        Term::atom("undefined"),
        spec.id.clone(),
        spec.mfa.clone(),
        spec.restart.to_term(),
        Term::bool(false),
        spec.shutdown.to_term(),
        spec.kind.to_term(),
        spec.modules.clone(),
    ])
}

/// Classifies a shutdown outcome (only decides logging in OTP): OK for the expected reason,
/// and for normal-ish reasons of non-permanent children.
fn shutdown_ok(spec: &ChildSpec, reason: &Term, expected: &str) -> bool {
    if reason.is_atom(expected) {
        return true;
    }
    let normalish =
        reason.is_atom("normal") || reason.is_atom("shutdown") || reason.is_tagged("shutdown", 2);
    normalish && spec.restart != Restart::Permanent
}

/// The single-child shutdown protocol, SEMANTICS §4.4 (OTP 25 `shutdown/1`): monitor,
/// `:shutdown` (or `:kill`), wait at most the timeout, then `:kill` and wait without limit;
/// unlink and take the real reason from a queued EXIT.
pub(crate) async fn shutdown_child(p: &Proc, id: &Term, pid: Pid, spec: &ChildSpec) {
    let mon = p.monitor(pid).await;
    let (signal, expected) = match spec.shutdown {
        ShutdownSpec::BrutalKill => ("kill", "killed"),
        _ => ("shutdown", "shutdown"),
    };
    events::emit(p, || ModelEvent::SupTerminate {
        id: id.clone(),
        pid,
        kill: signal == "kill",
        shutdown: spec.shutdown,
    });
    p.exit_signal(pid, Term::atom(signal)).await;
    let wait = match spec.shutdown {
        ShutdownSpec::Ms(ms) => Timeout::Ms(ms),
        _ => Timeout::Infinity,
    };
    let down = match p
        .receive_pinned(wait, Pinned::Ref(mon), move |m| is_down_ref(m, mon))
        .await
    {
        Some(m) => is_down(&m, mon).expect("a DOWN"),
        None => {
            events::emit(p, || ModelEvent::SupKill {
                id: id.clone(),
                pid,
            });
            p.exit_signal(pid, Term::atom("kill")).await;
            let m = p
                .receive_pinned(Timeout::Infinity, Pinned::Ref(mon), move |m| {
                    is_down_ref(m, mon)
                })
                .await
                .expect("infinite");
            is_down(&m, mon).expect("a DOWN")
        }
    };
    // unlink_flush: the real reason of a child that was already dead is in its EXIT.
    p.unlink(pid).await;
    let reason = p
        .receive_pinned(Timeout::Ms(0), Pinned::Pid(pid), move |m| {
            is_exit_from(m, pid).is_some()
        })
        .await
        .and_then(|m| is_exit_from(&m, pid))
        .unwrap_or(down);
    if !shutdown_ok(spec, &reason, expected) {
        events::emit(p, || ModelEvent::SupShutdownError {
            id: id.clone(),
            reason: reason.clone(),
        });
    }
}

impl Sup {
    fn find_pid(&self, pid: Pid) -> Option<usize> {
        self.children
            .iter()
            .position(|c| c.slot == Slot::Running(pid))
    }
    fn find_id(&self, id: &Term) -> Option<usize> {
        self.children.iter().position(|c| c.spec.id == *id)
    }

    /// Starts children `from..` in start order; on the first failure returns its id and
    /// reason (children after it keep `:undefined`).
    async fn start_range(&mut self, p: &Proc, idx: Vec<usize>) -> Result<(), (usize, Term)> {
        for i in idx {
            match run_start(p, &self.children[i].spec).await {
                Started::Ok(pid, _) => {
                    self.children[i].slot = Slot::Running(pid);
                    let id = self.children[i].spec.id.clone();
                    events::emit(p, || ModelEvent::SupStart { id, pid });
                }
                Started::Ignore => self.children[i].slot = Slot::Undefined,
                Started::Error(reason) => {
                    let id = self.children[i].spec.id.clone();
                    events::emit(p, || ModelEvent::SupStartError {
                        id,
                        reason: reason.clone(),
                    });
                    return Err((i, reason));
                }
            }
        }
        Ok(())
    }

    /// Terminates the given children in the order given (callers pass reverse start
    /// order); temporary ones are removed afterwards, others set `:undefined`.
    async fn terminate_indices(&mut self, p: &Proc, idx: &[usize]) {
        for &i in idx {
            if let Slot::Running(pid) = self.children[i].slot {
                let id = self.children[i].spec.id.clone();
                shutdown_child(p, &id, pid, &self.children[i].spec).await;
            }
            self.children[i].slot = Slot::Undefined;
        }
        let mut k = 0;
        self.children.retain(|c| {
            let drop = idx.contains(&k) && c.spec.restart == Restart::Temporary;
            k += 1;
            !drop
        });
    }

    /// `restart/2`: the intensity check, then the strategy. Returns false to give up.
    async fn restart(&mut self, p: &Proc, i: usize) -> bool {
        let now = p.now().as_secs();
        let id = self.children[i].spec.id.clone();
        if !add_restart(
            &mut self.restarts,
            now,
            self.flags.max_restarts,
            self.flags.max_seconds,
        ) {
            events::emit(p, || ModelEvent::SupGiveUp { id: id.clone() });
            self.del_child(i);
            return false;
        }
        let in_window = self.restarts.len();
        events::emit(p, || ModelEvent::SupRestart {
            id: id.clone(),
            in_window,
        });
        let failed = match self.flags.strategy {
            Strategy::OneForOne => self.start_range(p, vec![i]).await.err(),
            Strategy::OneForAll => {
                self.children[i].slot = Slot::Undefined;
                self.restart_multiple(p, (0..self.children.len()).collect())
                    .await
            }
            Strategy::RestForOne => {
                self.children[i].slot = Slot::Undefined;
                self.restart_multiple(p, (i..self.children.len()).collect())
                    .await
            }
        };
        if let Some((f, _)) = failed {
            // Marked restarting; the retry is a cast to ourselves, so it queues behind
            // pending messages (§4.8 c) and runs the intensity check again.
            let old = match self.children[f].slot {
                Slot::Running(pid) => Some(pid),
                Slot::Restarting(o) => o,
                Slot::Undefined => None,
            };
            self.children[f].slot = Slot::Restarting(old);
            let fid = self.children[f].spec.id.clone();
            p.send(
                p.pid(),
                Term::tuple([
                    Term::atom("$gen_cast"),
                    Term::tuple([Term::atom("try_again_restart"), fid]),
                ]),
            )
            .await;
        }
        true
    }

    /// Terminates `group` (reverse start order), then starts what remains of it in start
    /// order. One triggering exit counts once for intensity, however many are cycled.
    async fn restart_multiple(&mut self, p: &Proc, group: Vec<usize>) -> Option<(usize, Term)> {
        let ids: Vec<Term> = group
            .iter()
            .map(|&i| self.children[i].spec.id.clone())
            .collect();
        let rev: Vec<usize> = group.iter().rev().copied().collect();
        self.terminate_indices(p, &rev).await;
        let idx: Vec<usize> = ids.iter().filter_map(|id| self.find_id(id)).collect();
        self.start_range(p, idx).await.err()
    }

    /// `del_child`: a temporary child is forgotten, others keep their spec as `:undefined`.
    fn del_child(&mut self, i: usize) {
        if self.children[i].spec.restart == Restart::Temporary {
            self.children.remove(i);
        } else {
            self.children[i].slot = Slot::Undefined;
        }
    }

    /// `restart_child/3` on `{:EXIT, pid, reason}` (§4.2). False ⇒ give up.
    async fn child_exited(&mut self, p: &Proc, pid: Pid, reason: Term) -> bool {
        let Some(i) = self.find_pid(pid) else {
            return true;
        };
        let id = self.children[i].spec.id.clone();
        let restart = self.children[i].spec.restart;
        events::emit(p, || ModelEvent::SupExit {
            id,
            pid,
            reason: reason.clone(),
            restart,
        });
        if restarts_on(self.children[i].spec.restart, &reason) {
            self.restart(p, i).await
        } else {
            self.del_child(i);
            true
        }
    }

    async fn handle_start_child(&mut self, p: &Proc, spec: ChildSpec) -> Term {
        if let Some(i) = self.find_id(&spec.id) {
            return match self.children[i].slot {
                Slot::Running(pid) => {
                    err(Term::tuple([Term::atom("already_started"), Term::Pid(pid)]))
                }
                _ => err(Term::atom("already_present")),
            };
        }
        let record = child_record(&spec);
        match run_start(p, &spec).await {
            Started::Ok(pid, info) => {
                let id = spec.id.clone();
                events::emit(p, || ModelEvent::SupStart { id, pid });
                self.children.push(Child {
                    spec,
                    slot: Slot::Running(pid),
                });
                match info {
                    None => Term::tuple([Term::atom("ok"), Term::Pid(pid)]),
                    Some(i) => Term::tuple([Term::atom("ok"), Term::Pid(pid), i]),
                }
            }
            Started::Ignore => {
                if spec.restart != Restart::Temporary {
                    self.children.push(Child {
                        spec,
                        slot: Slot::Undefined,
                    });
                }
                Term::tuple([Term::atom("ok"), Term::atom("undefined")])
            }
            Started::Error(r) => err(Term::tuple([r, record])),
        }
    }

    /// `count_children`: OTP 25 counts a child as active only if `is_process_alive(pid)`
    /// (§4.9), so a child that died but whose EXIT is still queued is not active.
    fn count(&self, p: &Proc) -> Term {
        let (mut active, mut sups, mut workers) = (0, 0, 0);
        for c in &self.children {
            if let Slot::Running(pid) = c.slot
                && p.is_alive(pid)
            {
                active += 1;
            }
            match c.spec.kind {
                crate::child_spec::ChildType::Worker => workers += 1,
                crate::child_spec::ChildType::Supervisor => sups += 1,
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

fn err(r: Term) -> Term {
    Term::tuple([Term::atom("error"), r])
}

impl Server for Sup {
    /// `Supervisor.start_link(children, opts)` runs `Supervisor.Default`; a module-based
    /// supervisor's `init` closure writes its own module over it.
    fn initial_call(&self) -> Option<Term> {
        Some(supervisor_initial_call("Supervisor.Default"))
    }

    async fn init(&mut self, p: &Proc) -> Init {
        p.trap_exit(true);
        if let Some(init) = self.init_fn.take() {
            match init(p.clone()).await {
                Ok((specs, flags)) => {
                    self.initial = specs;
                    self.flags = flags;
                }
                Err(other) => return other,
            }
        }
        let strategy = Term::atom(match self.flags.strategy {
            Strategy::OneForOne => "one_for_one",
            Strategy::OneForAll => "one_for_all",
            Strategy::RestForOne => "rest_for_one",
        });
        events::emit(p, || ModelEvent::SupInit {
            kind: SupKind::Static,
            strategy,
            max_restarts: self.flags.max_restarts,
            max_seconds: self.flags.max_seconds,
        });
        let specs = std::mem::take(&mut self.initial);
        for (i, s) in specs.iter().enumerate() {
            if specs[..i].iter().any(|o| o.id == s.id) {
                let e = Term::tuple([Term::atom("duplicate_child_name"), s.id.clone()]);
                return Init::Stop(Term::tuple([Term::atom("start_spec"), e]));
            }
        }
        self.children = specs
            .into_iter()
            .map(|spec| Child {
                spec,
                slot: Slot::Undefined,
            })
            .collect();
        let all: Vec<usize> = (0..self.children.len()).collect();
        match self.start_range(p, all).await {
            Ok(()) => {
                // A temporary child that returned :ignore is dropped.
                self.children.retain(|c| {
                    !(c.slot == Slot::Undefined && c.spec.restart == Restart::Temporary)
                });
                Init::Ok
            }
            Err((f, reason)) => {
                let id = self.children[f].spec.id.clone();
                let started: Vec<usize> = (0..f).rev().collect();
                self.terminate_indices(p, &started).await;
                let failed = Term::tuple([Term::atom("failed_to_start_child"), id, reason]);
                Init::Stop(Term::tuple([Term::atom("shutdown"), failed]))
            }
        }
    }

    async fn handle_call(&mut self, p: &Proc, request: Term, _from: From) -> CallReply {
        if request.is_atom("which_children") {
            let list = self
                .children
                .iter()
                .rev()
                .map(|c| {
                    Term::tuple([
                        c.spec.id.clone(),
                        slot_term(c.slot),
                        c.spec.kind.to_term(),
                        c.spec.modules.clone(),
                    ])
                })
                .collect::<Vec<_>>();
            return CallReply::Reply(Term::list(list));
        }
        if request.is_atom("count_children") {
            return CallReply::Reply(self.count(p));
        }
        let Some([tag, arg]) = request.as_tuple() else {
            return CallReply::Reply(err(Term::atom("bad_request")));
        };
        let reply = match tag {
            t if t.is_atom("start_child") => match arg {
                Term::Opaque(o) => match o.downcast::<ChildSpec>() {
                    Some(spec) => self.handle_start_child(p, spec.clone()).await,
                    None => err(Term::atom("invalid_child_spec")),
                },
                _ => err(Term::atom("invalid_child_spec")),
            },
            t if t.is_atom("terminate_child") => match self.find_id(arg) {
                Some(i) => {
                    self.terminate_indices(p, &[i]).await;
                    Term::atom("ok")
                }
                None => err(Term::atom("not_found")),
            },
            t if t.is_atom("restart_child") => match self
                .find_id(arg)
                .map(|i| (i, self.children[i].slot))
            {
                Some((i, Slot::Undefined)) => match run_start(p, &self.children[i].spec).await {
                    Started::Ok(pid, info) => {
                        self.children[i].slot = Slot::Running(pid);
                        // OTP reports a started child here too (a progress report).
                        let id = self.children[i].spec.id.clone();
                        events::emit(p, || ModelEvent::SupStart { id, pid });
                        match info {
                            None => Term::tuple([Term::atom("ok"), Term::Pid(pid)]),
                            Some(x) => Term::tuple([Term::atom("ok"), Term::Pid(pid), x]),
                        }
                    }
                    Started::Ignore => Term::tuple([Term::atom("ok"), Term::atom("undefined")]),
                    Started::Error(r) => err(r),
                },
                Some((_, Slot::Restarting(_))) => err(Term::atom("restarting")),
                Some(_) => err(Term::atom("running")),
                None => err(Term::atom("not_found")),
            },
            t if t.is_atom("delete_child") => {
                match self.find_id(arg).map(|i| (i, self.children[i].slot)) {
                    Some((i, Slot::Undefined)) => {
                        self.children.remove(i);
                        Term::atom("ok")
                    }
                    Some((_, Slot::Restarting(_))) => err(Term::atom("restarting")),
                    Some(_) => err(Term::atom("running")),
                    None => err(Term::atom("not_found")),
                }
            }
            _ => err(Term::atom("bad_request")),
        };
        CallReply::Reply(reply)
    }

    async fn handle_cast(&mut self, p: &Proc, request: Term) -> NoReply {
        // {:try_again_restart, id}: a failed restart retried (§4.8 c).
        if let Some([t, id]) = request.as_tuple()
            && t.is_atom("try_again_restart")
            && let Some(i) = self.find_id(id)
            && matches!(self.children[i].slot, Slot::Restarting(_))
            && !self.restart(p, i).await
        {
            return NoReply::Stop(Term::atom("shutdown"));
        }
        NoReply::Continue
    }

    async fn handle_info(&mut self, p: &Proc, msg: Term) -> NoReply {
        if let Some([t, Term::Pid(pid), reason]) = msg.as_tuple()
            && t.is_atom("EXIT")
            && !self.child_exited(p, *pid, reason.clone()).await
        {
            return NoReply::Stop(Term::atom("shutdown"));
        }
        NoReply::Continue
    }

    async fn terminate(&mut self, p: &Proc, _reason: &Term) {
        let rev: Vec<usize> = (0..self.children.len()).rev().collect();
        self.terminate_indices(p, &rev).await;
    }
}

/// `{:supervisor, module, 1}`: the `:"$initial_call"` of a supervisor (static or dynamic)
/// running `module`.
pub fn supervisor_initial_call(module: &str) -> Term {
    Term::tuple([Term::atom("supervisor"), Term::module(module), Term::Int(1)])
}

#[cfg(test)]
mod tests {
    use super::add_restart;

    #[test]
    fn intensity_window_is_inclusive_whole_seconds() {
        let mut r = Vec::new();
        assert!(add_restart(&mut r, 0, 1, 1));
        assert!(
            !add_restart(&mut r, 1, 1, 1),
            "stamps 0 and 1 are within 1 second"
        );
        let mut r = Vec::new();
        assert!(add_restart(&mut r, 0, 1, 1));
        assert!(add_restart(&mut r, 2, 1, 1), "stamps 0 and 2 are not");
        let mut r = Vec::new();
        for t in [0, 0, 0] {
            assert!(add_restart(&mut r, t, 3, 5));
        }
        assert!(
            !add_restart(&mut r, 5, 3, 5),
            "the 4th restart inside the window trips"
        );
    }
}
