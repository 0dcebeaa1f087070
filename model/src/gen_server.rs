//! A minimal `GenServer` (OTP 25 `gen_server` + Elixir 1.14 `GenServer`): `start_link` with
//! the proc_lib start handshake, `call` with timeout, `cast`, `handle_info`, `terminate`
//! when trapping exits, and the parent-EXIT rule (SEMANTICS §4.9). Supervisors are built on
//! it, as in OTP.

use crate::events::{self, WaitOp, WaitResult};
use crate::names::Name;
use crate::proc_lib::{self, Lineage};
use crate::terms::{is_down, is_down_ref, is_exit_from, reraise};
use sim::{DemonitorOpts, Exception, Pid, Pinned, Proc, Ref, Term, Timeout};
use std::future::Future;

/// What `init/1` returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Init {
    /// `{:ok, state}` (the state lives in the server value).
    Ok,
    /// `{:stop, reason}`: `start_link` returns `{:error, reason}` and the process exits with
    /// `reason` — on OTP 25 that kills a linked non-trapping caller (SEMANTICS §4.8).
    Stop(Term),
    /// `:ignore`: `start_link` returns `:ignore`, the process exits `:normal`.
    Ignore,
    /// Anything else: the start fails with `{:bad_return_value, ret}` like a `:stop`, but
    /// the name is kept until the process is gone (OTP 25 frees it first only for
    /// `:stop`, `:ignore` and an exception).
    Bad(Term),
}

/// What `handle_call/3` returns.
#[derive(Clone, Debug, PartialEq)]
pub enum CallReply {
    /// `{:reply, reply, state}`
    Reply(Term),
    /// `{:noreply, state}`: reply later with [`reply`].
    NoReply,
    /// `{:stop, reason, reply, state}`
    StopReply(Term, Term),
    /// `{:stop, reason, state}`
    Stop(Term),
}

/// What `handle_cast/2` and `handle_info/2` return.
#[derive(Clone, Debug, PartialEq)]
pub enum NoReply {
    /// `{:noreply, state}`
    Continue,
    /// `{:stop, reason, state}`
    Stop(Term),
}

/// What a callback asks the server to do before it takes its next message: the optional
/// last element of its return (`{:ok, s, timeout}`, `{:noreply, s, {:continue, x}}`, ...).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Next {
    /// Wait for a message (also what `:hibernate` does, as far as anything can observe).
    #[default]
    Wait,
    /// Wait at most this many milliseconds; then `handle_info(:timeout, state)`.
    Timeout(u64),
    /// `handle_continue(x, state)` at once, before any message.
    Continue(Term),
}

/// Where to send a call's reply: the caller and its tag (`[:alias | ref]` on OTP 25 when the
/// call has a timeout; the plain monitor ref for `:infinity`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct From {
    /// The caller.
    pub pid: Pid,
    /// The call's monitor reference.
    pub mref: Ref,
    /// Whether the reply goes to the alias (`[:alias | mref]`) rather than to the pid.
    pub alias: bool,
}

impl From {
    /// The caller `p` monitoring server `pid` for one request, as OTP 25's
    /// `gen:do_call/4`: a plain monitor when it waits without a timeout (`alias` false),
    /// else a monitor-alias, so that an answer after the caller gave up (its demonitor
    /// turns the alias off) is dropped, not left in its mailbox.
    async fn monitoring(p: &Proc, pid: Pid, alias: bool) -> From {
        let mref = if alias {
            p.monitor_alias(pid).await
        } else {
            p.monitor(pid).await
        };
        From {
            pid: p.pid(),
            mref,
            alias,
        }
    }
}

/// A server's callbacks. The server value is its state.
pub trait Server: 'static {
    /// `init/1`.
    fn init(&mut self, p: &Proc) -> impl Future<Output = Init>;
    /// The `{module, function, arity}` that goes into the server's `:"$initial_call"`
    /// before `init` (what `:proc_lib.initial_call/1` reads): `{Mod, :init, 1}` for a
    /// GenServer module, `{:supervisor, Mod, 1}` for a supervisor. `None` writes nothing.
    fn initial_call(&self) -> Option<Term> {
        None
    }
    /// `handle_call/3`. The default is `use GenServer`'s (Elixir 1.14): it raises
    /// `RuntimeError` "attempted to call GenServer #PID<...> but no handle_call/3 clause was
    /// provided", so the server crashes with `{%RuntimeError{...}, st}` and the caller exits
    /// with that reason (a registered server is named by its name: [`shown`]).
    fn handle_call(
        &mut self,
        p: &Proc,
        request: Term,
        from: From,
    ) -> impl Future<Output = CallReply> {
        let _ = (from, request);
        async move {
            let msg = format!(
                "attempted to call GenServer {} but no handle_call/3 clause was provided",
                shown(p)
            );
            p.raise(Term::runtime_error(&msg)).await
        }
    }
    /// `handle_cast/2`. The default is `use GenServer`'s: it raises `RuntimeError`
    /// "attempted to cast GenServer #PID<...> but no handle_cast/2 clause was provided".
    fn handle_cast(&mut self, p: &Proc, request: Term) -> impl Future<Output = NoReply> {
        let _ = request;
        async move {
            let msg = format!(
                "attempted to cast GenServer {} but no handle_cast/2 clause was provided",
                shown(p)
            );
            p.raise(Term::runtime_error(&msg)).await
        }
    }
    /// `handle_info/2`.
    fn handle_info(&mut self, p: &Proc, msg: Term) -> impl Future<Output = NoReply> {
        let _ = (p, msg);
        async { NoReply::Continue }
    }
    /// `handle_continue/2`, run when a callback returned `{:continue, x}` ([`Next`]).
    fn handle_continue(&mut self, p: &Proc, arg: Term) -> impl Future<Output = NoReply> {
        let _ = (p, arg);
        async { NoReply::Continue }
    }
    /// What the last callback asked for before the next message ([`Next::Wait`] unless
    /// it returned a timeout or a `{:continue, x}`); taken once.
    fn take_next(&mut self) -> Next {
        Next::Wait
    }
    /// `terminate/2`: called on a `:stop` return, a crash in a callback, or an EXIT from the
    /// parent while trapping exits. Never called when the process is killed by a signal.
    fn terminate(&mut self, p: &Proc, reason: &Term) -> impl Future<Output = ()> {
        let _ = (p, reason);
        async {}
    }
}

/// How `use GenServer`'s default callbacks name the server in their errors (Elixir 1.14,
/// `Process.info(self(), :registered_name)`): its registered name, else its pid.
pub fn shown(p: &Proc) -> Term {
    match p.registered_name(p.pid()) {
        Some(name) => Term::atom_dyn(&name),
        None => Term::Pid(p.pid()),
    }
}

/// What `GenServer.start_link` returns.
#[derive(Clone, Debug, PartialEq)]
pub enum StartResult {
    /// `{:ok, pid}`
    Ok(Pid),
    /// `:ignore`
    Ignore,
    /// `{:error, reason}`
    Error(Term),
}

impl StartResult {
    /// The Elixir term.
    pub fn to_term(&self) -> Term {
        match self {
            StartResult::Ok(p) => Term::tuple([Term::atom("ok"), Term::Pid(*p)]),
            StartResult::Ignore => Term::atom("ignore"),
            StartResult::Error(r) => Term::tuple([Term::atom("error"), r.clone()]),
        }
    }
}

/// How a server is addressed.
#[derive(Clone, Debug, PartialEq)]
pub enum ServerRef {
    /// A pid.
    Pid(Pid),
    /// A name: local, `{:global, n}` or `{:via, :global, n}`.
    Name(Name),
}

impl ServerRef {
    fn to_term(&self) -> Term {
        match self {
            ServerRef::Pid(p) => Term::Pid(*p),
            ServerRef::Name(n) => n.to_term(),
        }
    }

    /// The server's pid, if it has one (`GenServer.whereis/1`).
    pub fn whereis(&self, p: &Proc) -> Option<Pid> {
        match self {
            ServerRef::Pid(pid) => Some(*pid),
            ServerRef::Name(n) => n.whereis(p),
        }
    }
}

impl std::convert::From<Pid> for ServerRef {
    fn from(p: Pid) -> Self {
        ServerRef::Pid(p)
    }
}

/// `GenServer.start_link(module, arg, name: name)`: spawn-link the server and wait for its
/// `init` to acknowledge (proc_lib `sync_start_link`: `{:ack, pid, return}`, or an
/// `{:EXIT, pid, reason}` for a trapping caller).
pub async fn start_link<S: Server>(p: &Proc, server: S, name: Option<&Name>) -> StartResult {
    start_link_within(p, server, name, Timeout::Infinity).await
}

/// [`start_link`] with the `timeout:` start option: when `init` has not acknowledged
/// within it, the server is unlinked and killed (its EXIT, if any, flushed) and the start
/// returns `{:error, :timeout}` (OTP 25 `proc_lib:sync_start_link/2`, `kill_flush/1`).
pub async fn start_link_within<S: Server>(
    p: &Proc,
    server: S,
    name: Option<&Name>,
    timeout: Timeout,
) -> StartResult {
    if let Some(taken) = name_taken(p, name) {
        return taken;
    }
    let parent = p.pid();
    let name = name.cloned();
    let lineage = Lineage::server(p);
    let child = p
        .spawn_link(move |c| server_main(c, parent, true, server, name, lineage))
        .await;
    let got = p
        .receive(timeout, move |m| {
            is_ack(m, child) || is_exit_from(m, child).is_some()
        })
        .await;
    let Some(m) = got else {
        return kill_flush(p, child).await;
    };
    if let Some(reason) = is_exit_from(&m, child) {
        return StartResult::Error(reason);
    }
    acked(&m)
}

/// `GenServer.start(module, arg, name: name)`: as [`start_link`] without the link; the
/// caller monitors the server until it acknowledges (proc_lib `sync_start`).
pub async fn start<S: Server>(p: &Proc, server: S, name: Option<&Name>) -> StartResult {
    start_within(p, server, name, Timeout::Infinity).await
}

/// [`start`] with the `timeout:` start option, as [`start_link_within`] (OTP 25
/// `proc_lib:sync_start/2`: the monitor is dropped, the server killed).
pub async fn start_within<S: Server>(
    p: &Proc,
    server: S,
    name: Option<&Name>,
    timeout: Timeout,
) -> StartResult {
    if let Some(taken) = name_taken(p, name) {
        return taken;
    }
    let parent = p.pid();
    let name = name.cloned();
    let lineage = Lineage::server(p);
    let (child, mref) = p
        .spawn_monitor(move |c| server_main(c, parent, false, server, name, lineage))
        .await;
    let got = p
        .receive(timeout, move |m| is_ack(m, child) || is_down_ref(m, mref))
        .await;
    let flush = DemonitorOpts {
        flush: true,
        info: false,
    };
    let Some(m) = got else {
        p.demonitor(mref, flush);
        return kill_flush(p, child).await;
    };
    if let Some(reason) = is_down(&m, mref) {
        return StartResult::Error(reason);
    }
    p.demonitor(mref, flush);
    acked(&m)
}

/// `{:ack, child, return}`: `child`'s `init` answered ([`init_ack`]).
fn is_ack(m: &Term, child: Pid) -> bool {
    matches!(m.as_tuple(), Some([t, Term::Pid(x), _]) if t.is_atom("ack") && *x == child)
}

/// What a start returns for the answer `m` of its server's `init` (an [`is_ack`] message).
fn acked(m: &Term) -> StartResult {
    let ret = match m.as_tuple() {
        Some([_, _, ret]) => ret,
        _ => return StartResult::Ignore,
    };
    match ret.as_tuple() {
        Some([t, Term::Pid(pid)]) if t.is_atom("ok") => StartResult::Ok(*pid),
        Some([t, r]) if t.is_atom("error") => StartResult::Error(r.clone()),
        _ => StartResult::Ignore,
    }
}

/// `gen:start/6` looks the name up before it spawns: a taken name is
/// `{:error, {:already_started, holder}}`, and nothing is spawned (semantics §4.9).
fn name_taken(p: &Proc, name: Option<&Name>) -> Option<StartResult> {
    let holder = name?.whereis(p)?;
    Some(StartResult::Error(Term::tuple([
        Term::atom("already_started"),
        Term::Pid(holder),
    ])))
}

/// A start that timed out (OTP 25 `proc_lib:kill_flush/1`): unlink the server, kill it,
/// drop an EXIT of its already in the mailbox; the start gives `{:error, :timeout}`.
async fn kill_flush(p: &Proc, child: Pid) -> StartResult {
    p.unlink(child).await;
    p.exit_signal(child, Term::atom("kill")).await;
    let _ = p
        .receive(Timeout::Ms(0), move |m| is_exit_from(m, child).is_some())
        .await;
    StartResult::Error(Term::atom("timeout"))
}

async fn init_ack(p: &Proc, parent: Pid, ret: Term) {
    p.send(
        parent,
        Term::tuple([Term::atom("ack"), Term::Pid(p.pid()), ret]),
    )
    .await;
}

/// A server's life; `starter` waits for its `init`'s acknowledgement. Its parent, whose
/// EXIT ends it (SEMANTICS §4.9), is the starter when `linked` (`start_link`); after a
/// plain `start` it is the server itself (OTP `gen:start(nolink)` passes `self`), so an
/// EXIT from the starter is an ordinary message to `handle_info`.
async fn server_main<S: Server>(
    p: Proc,
    starter: Pid,
    linked: bool,
    mut server: S,
    name: Option<Name>,
    lineage: Lineage,
) {
    lineage.put(&p);
    if let Some(mfa) = server.initial_call() {
        proc_lib::put_initial_call(&p, mfa);
    }
    if let Some(n) = &name
        && !n.register(&p, p.pid())
    {
        let other = n.whereis(&p).map_or_else(Term::nil, Term::Pid);
        let ret = Term::tuple([
            Term::atom("error"),
            Term::tuple([Term::atom("already_started"), other]),
        ]);
        init_ack(&p, starter, ret).await;
        return;
    }
    p.set_daemon(true);
    // OTP 25 `gen_server:init_it/2` catches `throw:R` as the *return value* R (a valid
    // init result, or else `{:bad_return_value, R}`); other exceptions fail the start.
    let result = match p.catch_all(server.init(&p)).await {
        Ok(init) => Ok(init),
        Err(exc) if exc.class == sim::Class::Throw => match exc.value.as_tuple() {
            Some([t, ..]) if t.is_atom("ok") => Ok(Init::Ok),
            Some([t, r]) if t.is_atom("stop") => Ok(Init::Stop(r.clone())),
            _ if exc.value.is_atom("ignore") => Ok(Init::Ignore),
            _ => Ok(Init::Bad(exc.value)),
        },
        Err(exc) => Err(exc),
    };
    // OTP 25 `gen_server:init_it/6`: an `init` that stops, ignores or raises frees the
    // name before it answers, so a start right after the answer finds the name free.
    if !matches!(result, Ok(Init::Ok | Init::Bad(_)))
        && let Some(n) = &name
    {
        n.unregister(&p);
    }
    let result = result.map(|init| match init {
        Init::Bad(ret) => Init::Stop(Term::tuple([Term::atom("bad_return_value"), ret])),
        other => other,
    });
    match result {
        Ok(Init::Ok) => {
            init_ack(
                &p,
                starter,
                Term::tuple([Term::atom("ok"), Term::Pid(p.pid())]),
            )
            .await;
        }
        Ok(Init::Stop(reason)) => {
            init_ack(
                &p,
                starter,
                Term::tuple([Term::atom("error"), reason.clone()]),
            )
            .await;
            return p.exit(reason).await;
        }
        Ok(Init::Ignore) => {
            init_ack(&p, starter, Term::atom("ignore")).await;
            return;
        }
        Ok(Init::Bad(_)) => unreachable!("a bad return is a stop by now"),
        Err(exc) => {
            let reason = exc.exit_reason();
            init_ack(&p, starter, Term::tuple([Term::atom("error"), reason])).await;
            return reraise(&p, exc).await;
        }
    }
    let parent = if linked { starter } else { p.pid() };
    server_loop(&p, parent, &mut server).await;
}

/// The receive loop: calls, casts, infos; an EXIT from the parent (only seen when trapping)
/// terminates with the parent's reason, whatever it is (SEMANTICS §4.9).
async fn server_loop<S: Server>(p: &Proc, parent: Pid, server: &mut S) {
    loop {
        let wait = match server.take_next() {
            Next::Wait => Timeout::Infinity,
            // A receive that does not wait is no scheduling point of the kernel's: a server
            // that returns a timeout of 0 after every `:timeout` (a busy loop, which the VM
            // preempts) gives the others their turn here.
            Next::Timeout(0) => {
                p.yield_now().await;
                Timeout::Ms(0)
            }
            Next::Timeout(ms) => Timeout::Ms(ms),
            Next::Continue(arg) => {
                match noreply(p.catch_all(server.handle_continue(p, arg)).await) {
                    Some(reason) => return stop(p, server, reason).await,
                    None => continue,
                }
            }
        };
        // A timeout with no message first is `handle_info(:timeout, state)`.
        let m = p
            .receive(wait, |_| true)
            .await
            .unwrap_or_else(|| Term::atom("timeout"));
        if let Some(reason) = is_exit_from(&m, parent) {
            return stop(p, server, reason).await;
        }
        if let Some((from, reason)) = is_stop_request(&m) {
            // `sys:handle_system_msg`: reply `:ok`, then terminate.
            reply(p, from, Term::atom("ok")).await;
            return stop(p, server, reason).await;
        }
        let outcome = match m.as_tuple() {
            Some([tag, from, req]) if tag.is_atom("$gen_call") => {
                let Some(from) = decode_from(from) else {
                    continue;
                };
                match p.catch_all(server.handle_call(p, req.clone(), from)).await {
                    Ok(CallReply::Reply(r)) => {
                        reply(p, from, r).await;
                        None
                    }
                    Ok(CallReply::NoReply) => None,
                    Ok(CallReply::StopReply(reason, r)) => {
                        // OTP: `try terminate(...) after reply(From, Reply) end`.
                        let t = p.catch_all(server.terminate(p, &reason)).await;
                        reply(p, from, r).await;
                        return match t {
                            Ok(()) => p.exit(reason).await,
                            Err(exc) => reraise(p, exc).await,
                        };
                    }
                    Ok(CallReply::Stop(reason)) => Some(reason),
                    Err(exc) => Some(exc.exit_reason()),
                }
            }
            Some([tag, req]) if tag.is_atom("$gen_cast") => {
                noreply(p.catch_all(server.handle_cast(p, req.clone())).await)
            }
            _ => noreply(p.catch_all(server.handle_info(p, m)).await),
        };
        if let Some(reason) = outcome {
            return stop(p, server, reason).await;
        }
    }
}

fn noreply(r: Result<NoReply, Exception>) -> Option<Term> {
    match r {
        Ok(NoReply::Continue) => None,
        Ok(NoReply::Stop(reason)) => Some(reason),
        Err(exc) => Some(exc.exit_reason()),
    }
}

/// OTP 25 `gen_server:terminate/10`: call `terminate/2`, then exit with `reason`; an
/// exception raised by `terminate/2` itself replaces the exit reason.
async fn stop<S: Server>(p: &Proc, server: &mut S, reason: Term) {
    match p.catch_all(server.terminate(p, &reason)).await {
        Ok(()) => p.exit(reason).await,
        Err(exc) => reraise(p, exc).await,
    }
}

/// A call's `from` back from its term `{pid, tag}` (what `handle_call/3` is given).
pub fn decode_from(t: &Term) -> Option<From> {
    let [Term::Pid(pid), tag] = t.as_tuple()? else {
        return None;
    };
    match tag {
        Term::Ref(r) => Some(From {
            pid: *pid,
            mref: *r,
            alias: false,
        }),
        Term::List(v) => match v.as_array() {
            Some([a, Term::Ref(r)]) if a.is_atom("alias") => Some(From {
                pid: *pid,
                mref: *r,
                alias: true,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// The `from` term a `handle_call/3` is given: `{caller, tag}`.
pub fn from_term(from: From) -> Term {
    Term::tuple([Term::Pid(from.pid), tag_term(from)])
}

fn tag_term(from: From) -> Term {
    if from.alias {
        // OTP 25 uses the improper list `[:alias | mref]`; terms here have no improper
        // lists, so it is the proper list `[:alias, mref]` (never compared with the VM's).
        Term::list([Term::atom("alias"), Term::Ref(from.mref)])
    } else {
        Term::Ref(from.mref)
    }
}

/// `GenServer.reply(from, reply)`.
pub async fn reply(p: &Proc, from: From, reply: Term) {
    let msg = Term::tuple([tag_term(from), reply]);
    if from.alias {
        p.send_alias(from.mref, msg).await;
    } else {
        p.send(from.pid, msg).await;
    }
}

/// `GenServer.cast(server, request)` ⇒ `:ok` (never fails).
pub async fn cast(p: &Proc, server: &ServerRef, request: Term) {
    if let Some(pid) = server.whereis(p) {
        p.send(pid, Term::tuple([Term::atom("$gen_cast"), request]))
            .await;
    }
}

/// `GenServer.call(server, request, timeout)`: the reply, or the caller exits with
/// `{reason, {GenServer, :call, [server, request, timeout]}}` — `reason` is `:timeout`, the
/// server's exit reason, `:noproc` (no such process) or `:calling_self`.
pub async fn call(p: &Proc, server: &ServerRef, request: Term, timeout: Timeout) -> Term {
    let wrap = |reason: Term| {
        Term::tuple([
            reason,
            Term::tuple([
                sim::module!("GenServer"),
                Term::atom("call"),
                Term::list([server.to_term(), request.clone(), timeout.to_term()]),
            ]),
        ])
    };
    let Some(pid) = server.whereis(p) else {
        return p.exit(wrap(Term::atom("noproc"))).await;
    };
    if pid == p.pid() {
        return p.exit(wrap(Term::atom("calling_self"))).await;
    }
    let from = From::monitoring(p, pid, timeout != Timeout::Infinity).await;
    let mref = from.mref;
    let id = Term::Ref(mref);
    events::wait_begin(p, WaitOp::Call, &id, timeout);
    let tag = tag_term(from);
    let call_msg = Term::tuple([
        Term::atom("$gen_call"),
        Term::tuple([Term::Pid(p.pid()), tag.clone()]),
        request.clone(),
    ]);
    p.send(pid, call_msg).await;
    let tag2 = tag.clone();
    let is_reply = move |m: &Term| matches!(m.as_tuple(), Some([t, _]) if *t == tag2);
    let is_reply2 = is_reply.clone();
    let got = p
        .receive(timeout, move |m| is_reply(m) || is_down_ref(m, mref))
        .await;
    match got {
        Some(m) if is_reply2(&m) => {
            p.demonitor(
                mref,
                DemonitorOpts {
                    flush: true,
                    info: false,
                },
            );
            let Term::Tuple(v) = m else { unreachable!() };
            let r = v[1].clone();
            events::wait_end(p, WaitOp::Call, &id, &WaitResult::Ok(r.clone()));
            r
        }
        Some(m) => {
            let reason = is_down(&m, mref).expect("a DOWN");
            events::wait_end(p, WaitOp::Call, &id, &WaitResult::Exit(reason.clone()));
            p.exit(wrap(reason)).await
        }
        None => {
            p.demonitor(
                mref,
                DemonitorOpts {
                    flush: true,
                    info: false,
                },
            );
            let tag3 = tag.clone();
            let late = p
                .receive(
                    Timeout::Ms(0),
                    move |m| matches!(m.as_tuple(), Some([t, _]) if *t == tag3),
                )
                .await;
            if let Some(Term::Tuple(v)) = late {
                let r = v[1].clone();
                events::wait_end(p, WaitOp::Call, &id, &WaitResult::Ok(r.clone()));
                return r;
            }
            events::wait_end(p, WaitOp::Call, &id, &WaitResult::Timeout);
            p.exit(wrap(Term::atom("timeout"))).await
        }
    }
}

/// `GenServer.stop(server, reason, :infinity)` (Elixir 1.14 over OTP 25 `proc_lib:stop/3`):
/// monitors the server, makes it terminate with `reason` and waits for it to be gone.
/// Returns (`:ok`) when it went down with `reason`; otherwise the caller exits with
/// `{r, {GenServer, :stop, [server, reason, :infinity]}}`, where `r` is
///
/// * `:calling_self` for the caller's own pid, `:noproc` for a server already dead;
/// * `{d, {:sys, :terminate, [server, reason, :infinity]}}` for a server that died of `d`
///   before it took the request (busy in a callback that crashed): OTP's stop helper is in
///   `sys:terminate/3`'s `gen:call`, which exits with `d`, wrapped by `sys`;
/// * the different reason `d` it went down with after taking the request (its
///   `terminate/2` raised).
///
/// The helper process of `proc_lib:stop/3` is folded into the caller: the server replies
/// `:ok` to the request before it terminates, as `sys:handle_system_msg` does.
pub async fn stop_server(p: &Proc, pid: Pid, reason: Term) {
    stop_server_within(p, pid, Term::Pid(pid), reason, Term::atom("infinity")).await
}

/// [`stop_server`] as `GenServer.stop(server, reason, timeout)` makes it, `server` (a pid
/// or a name) being what the caller wrote and `timeout` its term: when the server is not
/// gone within `timeout` ms, the caller exits with `{:timeout, {GenServer, :stop, [server,
/// reason, timeout]}}` and the server, which has the request, goes on terminating (OTP 25
/// `proc_lib:stop/3`). A timeout that is neither `:infinity` nor an integer ≥ 0 fails in
/// `:gen.call` (`:function_clause`) before anything is sent.
pub async fn stop_server_within(p: &Proc, pid: Pid, server: Term, reason: Term, timeout: Term) {
    let wrap = |r: Term| {
        let args = vec![server.clone(), reason.clone(), timeout.clone()];
        Term::tuple([
            r,
            Term::tuple([
                sim::module!("GenServer"),
                Term::atom("stop"),
                Term::list(args),
            ]),
        ])
    };
    let sys = Term::tuple([
        Term::atom("sys"),
        Term::atom("terminate"),
        Term::list([Term::Pid(pid), reason.clone(), timeout.clone()]),
    ]);
    if pid == p.pid() {
        return p.exit(wrap(Term::atom("calling_self"))).await;
    }
    let deadline = match &timeout {
        Term::Int(ms) if *ms >= 0 => Some(p.now_ms() + *ms as u64),
        t if t.is_atom("infinity") => None,
        _ => {
            let bad = Term::tuple([Term::atom("function_clause"), Term::empty_list()]);
            return p.exit(wrap(Term::tuple([bad, sys]))).await;
        }
    };
    let left = || match deadline {
        Some(d) => Timeout::Ms(d.saturating_sub(p.now_ms())),
        None => Timeout::Infinity,
    };
    // OTP 25's `proc_lib:stop/3` demonitors with `:flush` when it gives up: no DOWN of
    // the server's is left behind for a caller that catches the exit.
    let timed_out = |mref| async move {
        let flush = DemonitorOpts {
            flush: true,
            info: false,
        };
        p.demonitor(mref, flush);
        p.exit::<()>(wrap(Term::atom("timeout"))).await
    };
    // As `sys:terminate/3`'s `gen:call`.
    let from = From::monitoring(p, pid, deadline.is_some()).await;
    let mref = from.mref;
    let tag = tag_term(from);
    p.send(
        pid,
        Term::tuple([Term::atom("$gen_stop"), from_term(from), reason.clone()]),
    )
    .await;
    let acked =
        move |m: &Term| matches!(m.as_tuple(), Some([t, ok]) if *t == tag && ok.is_atom("ok"));
    let Some(m) = p
        .receive(left(), move |m| is_down_ref(m, mref) || acked(m))
        .await
    else {
        return timed_out(mref).await;
    };
    let down = match is_down(&m, mref) {
        // SEMANTICS §1.1 shapes: proc_lib:stop turns `{:noproc, {:sys, :terminate, _}}`
        // back into `:noproc`.
        Some(d) if d.is_atom("noproc") => return p.exit::<()>(wrap(d)).await,
        Some(d) => return p.exit::<()>(wrap(Term::tuple([d, sys]))).await,
        None => match p
            .receive_pinned(left(), Pinned::Ref(mref), move |m| is_down_ref(m, mref))
            .await
        {
            Some(m) => is_down(&m, mref).expect("a DOWN"),
            None => return timed_out(mref).await,
        },
    };
    if down != reason {
        p.exit::<()>(wrap(down)).await;
    }
}

/// A message asking a server loop to stop (sent by [`stop_server`]): the reason, and whom
/// to reply `:ok` to before it terminates.
pub fn is_stop_request(m: &Term) -> Option<(From, Term)> {
    match m.as_tuple() {
        Some([t, from, r]) if t.is_atom("$gen_stop") => Some((decode_from(from)?, r.clone())),
        _ => None,
    }
}
