//! Shared helpers for the supervisor tests: the probes' test GenServer `W`
//! (`shared/semantics-probes/w.exs`), its child specs, term shorthands, and a seeded runner
//! that returns the report so tests can read the execution order from the trace.
//!
//! Ordering note. A probe on the real VM reads the order of its log messages from its
//! mailbox; on one node that is causal order. The simulator only promises per-pair FIFO
//! (SEMANTICS §1.8, §5.1): log messages sent by *different* `W` processes may reach the test
//! process in another order. So `W` also writes every log line to the trace (`w.log`, at the
//! moment it runs), and the tests check *sequences* against that execution order
//! ([`Run::w_log`]) and the mailbox only as a multiset ([`sorted`]).
#![allow(dead_code)]

use model::child_spec::ChildSpec;
use model::events::{ModelEvent, ModelEventKind};
use model::gen_server::{self, CallReply, From, Init, NoReply, Server, ServerRef, StartResult};
use model::supervisor::{self, Flags, Strategy};
use sim::{EventKind, Pid, Proc, Report, Term, Timeout};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

// ----- term shorthands ------------------------------------------------------------------

/// `:name`
pub fn a(s: &'static str) -> Term {
    Term::atom(s)
}
/// `{...}`
pub fn tup(items: impl Into<std::rc::Rc<[Term]>>) -> Term {
    Term::tuple(items)
}
/// `[...]`
pub fn list(items: impl Into<sim::List>) -> Term {
    Term::list(items)
}
/// A pid term.
pub fn pid(p: Pid) -> Term {
    Term::Pid(p)
}
/// An integer.
pub fn int(i: i64) -> Term {
    Term::Int(i)
}
/// `{:ok, x}`
pub fn ok(x: Term) -> Term {
    tup([a("ok"), x])
}
/// `{:error, x}`
pub fn error(x: Term) -> Term {
    tup([a("error"), x])
}
/// `{:EXIT, from, reason}`
pub fn exit_msg(from: Pid, reason: Term) -> Term {
    tup([a("EXIT"), pid(from), reason])
}
/// `{:shutdown, x}`
pub fn shutdown_tuple(x: Term) -> Term {
    tup([a("shutdown"), x])
}
/// An Elixir module atom (`W`, `Supervisor`).
pub fn module(name: &str) -> Term {
    Term::module(name)
}
/// `{%RuntimeError{message: msg}, []}`: the exit reason of an uncaught `raise msg` (the
/// simulator's stacktraces are empty).
pub fn raised(msg: &str) -> Term {
    tup([Term::runtime_error(msg), list([])])
}
/// `{:DOWN, ref, :process, pid, reason}` ⇒ `(pid, reason)`.
pub fn down_of(m: &Term) -> Option<(Pid, Term)> {
    match m.as_tuple()? {
        [tag, Term::Ref(_), kind, Term::Pid(p), reason]
            if tag.is_atom("DOWN") && kind.is_atom("process") =>
        {
            Some((*p, reason.clone()))
        }
        _ => None,
    }
}
/// Terms sorted in Erlang term order (to compare mailboxes as multisets).
pub fn sorted(mut v: Vec<Term>) -> Vec<Term> {
    v.sort_by(|x, y| x.term_cmp(y));
    v
}

// ----- the test worker ------------------------------------------------------------------

/// What `W.init/1` returns instead of `{:ok, state}` (the probes' `init:` option).
#[derive(Clone, Debug, PartialEq)]
pub enum InitWith {
    /// `{:stop, reason}`
    Stop(Term),
    /// `:ignore`
    Ignore,
    /// `raise message`
    Raise(&'static str),
    /// `exit(reason)`
    Exit(Term),
}

/// The probes' `W` options.
#[derive(Clone, Debug, Default)]
pub struct Opts {
    /// `trap: true`: `Process.flag(:trap_exit, true)` in `init`.
    pub trap: bool,
    /// `log: pid`: send `{:start, id, self}`, `{:got_exit, id, r}`, `{:terminate, id, r}`.
    pub log: Option<Pid>,
    /// `init: ...`
    pub init: Option<InitWith>,
    /// `ignore_exit: true`: an `{:EXIT, _, r}` in `handle_info` is only logged.
    pub ignore_exit: bool,
    /// `slow_terminate: ms`: `terminate/2` sleeps that long after logging.
    pub slow_terminate: Option<u64>,
}

impl Opts {
    /// No options.
    pub fn new() -> Opts {
        Opts::default()
    }
    /// `trap: true`
    pub fn trap(mut self) -> Opts {
        self.trap = true;
        self
    }
    /// `log: pid`
    pub fn log(mut self, p: Pid) -> Opts {
        self.log = Some(p);
        self
    }
    /// `init: ...`
    pub fn init(mut self, i: InitWith) -> Opts {
        self.init = Some(i);
        self
    }
    /// `ignore_exit: true`
    pub fn ignore_exit(mut self) -> Opts {
        self.ignore_exit = true;
        self
    }
    /// `slow_terminate: ms`
    pub fn slow_terminate(mut self, ms: u64) -> Opts {
        self.slow_terminate = Some(ms);
        self
    }
    /// The keyword list the probes pass (`[log: pid, trap: true, ...]`).
    pub fn to_term(&self) -> Term {
        let mut kw = Vec::new();
        let mut put = |k: &'static str, v: Term| kw.push(tup([a(k), v]));
        if let Some(l) = self.log {
            put("log", pid(l));
        }
        if self.trap {
            put("trap", a("true"));
        }
        if let Some(i) = &self.init {
            let v = match i {
                InitWith::Stop(r) => tup([a("stop"), r.clone()]),
                InitWith::Ignore => a("ignore"),
                InitWith::Raise(_) => tup([a("raise")]),
                InitWith::Exit(r) => tup([a("exit"), r.clone()]),
            };
            put("init", v);
        }
        if self.ignore_exit {
            put("ignore_exit", a("true"));
        }
        if let Some(ms) = self.slow_terminate {
            put("slow_terminate", int(ms as i64));
        }
        list(kw)
    }
}

/// Trace tag of `W`'s log lines.
pub const W_LOG: &str = "w.log";

/// The probes' `W` GenServer. Besides the probe's callbacks it answers two calls used by
/// the GenServer tests: `:ping` ⇒ `:pong` and `{:sleep, ms}` ⇒ `:slept` after `ms`.
pub struct W {
    /// Its child id (`:a`, `:b`, ...).
    pub id: Term,
    /// Its options.
    pub opts: Opts,
}

impl W {
    /// `W` with id `id`.
    pub fn new(id: &'static str, opts: Opts) -> W {
        W { id: a(id), opts }
    }

    /// `if opts[:log], do: send(opts[:log], msg)` — plus the same line in the trace.
    async fn note(&self, p: &Proc, msg: Term) {
        if let Some(l) = self.opts.log {
            p.emit(W_LOG, || msg.clone());
            p.send(l, msg).await;
        }
    }
}

impl Server for W {
    async fn init(&mut self, p: &Proc) -> Init {
        if self.opts.trap {
            p.trap_exit(true);
        }
        self.note(p, tup([a("start"), self.id.clone(), pid(p.pid())]))
            .await;
        match self.opts.init.clone() {
            None => Init::Ok,
            Some(InitWith::Stop(r)) => Init::Stop(r),
            Some(InitWith::Ignore) => Init::Ignore,
            Some(InitWith::Raise(msg)) => p.raise(Term::runtime_error(msg)).await,
            Some(InitWith::Exit(r)) => p.exit(r).await,
        }
    }

    async fn handle_call(&mut self, p: &Proc, request: Term, _from: From) -> CallReply {
        if request.is_atom("ping") {
            return CallReply::Reply(a("pong"));
        }
        if let Some([tag, Term::Int(ms)]) = request.as_tuple()
            && tag.is_atom("sleep")
        {
            p.sleep(*ms as u64).await;
            return CallReply::Reply(a("slept"));
        }
        // No clause: Elixir's default `handle_call/3` raises.
        let msg = format!(
            "attempted to call GenServer {} but no handle_call/3 clause was provided",
            p.pid()
        );
        p.raise(Term::runtime_error(&msg)).await
    }

    /// `def handle_cast({:exit, r}, s), do: {:stop, r, s}`
    async fn handle_cast(&mut self, _p: &Proc, request: Term) -> NoReply {
        match request.as_tuple() {
            Some([tag, r]) if tag.is_atom("exit") => NoReply::Stop(r.clone()),
            _ => NoReply::Stop(a("function_clause")),
        }
    }

    async fn handle_info(&mut self, p: &Proc, msg: Term) -> NoReply {
        if let Some([tag, _, r]) = msg.as_tuple()
            && tag.is_atom("EXIT")
        {
            let r = r.clone();
            self.note(p, tup([a("got_exit"), self.id.clone(), r.clone()]))
                .await;
            if self.opts.ignore_exit {
                return NoReply::Continue;
            }
            return NoReply::Stop(r);
        }
        NoReply::Continue
    }

    async fn terminate(&mut self, p: &Proc, reason: &Term) {
        self.note(p, tup([a("terminate"), self.id.clone(), reason.clone()]))
            .await;
        if let Some(ms) = self.opts.slow_terminate {
            p.sleep(ms).await;
        }
    }
}

/// `C.spec(id, opts)`: `Supervisor.child_spec({W, {id, opts}}, id: id)` — a permanent
/// worker, shutdown 5000, modules `[W]`, start `{W, :start_link, [{id, opts}]}`.
pub fn spec(id: &'static str, opts: Opts) -> ChildSpec {
    let arg = tup([a(id), opts.to_term()]);
    ChildSpec::gen_server(a(id), move || W::new(id, opts.clone())).mfa(tup([
        module("W"),
        a("start_link"),
        list([arg]),
    ]))
}

/// `GenServer.start_link(W, {id, opts})`.
pub async fn start_w(p: &Proc, id: &'static str, opts: Opts) -> StartResult {
    gen_server::start_link(p, W::new(id, opts), None).await
}

/// A child spec whose start function is `body` (the probes' `%{id: :bad, start: {Bad, ...}}`).
pub fn raw_spec<F, Fut>(id: &'static str, body: F) -> ChildSpec
where
    F: Fn(Proc) -> Fut + 'static,
    Fut: Future<Output = Term> + 'static,
{
    ChildSpec::new(a(id), body)
}

// ----- supervisor helpers ---------------------------------------------------------------

/// Flags with a strategy, max_restarts and max_seconds.
pub fn flags(strategy: Strategy, max_restarts: u32, max_seconds: u64) -> Flags {
    Flags {
        strategy,
        max_restarts,
        max_seconds,
    }
}

/// `{:ok, sup} = Supervisor.start_link(children, flags)`.
pub async fn start_sup(p: &Proc, children: Vec<ChildSpec>, flags: Flags) -> Pid {
    match supervisor::start_link(p, children, flags, None).await {
        StartResult::Ok(pid) => pid,
        other => panic!("Supervisor.start_link: {other:?}"),
    }
}

/// `C.pid_of(sup, id)`.
pub async fn pid_of(p: &Proc, sup: Pid, id: &'static str) -> Pid {
    let wc = supervisor::which_children(p, &ServerRef::Pid(sup)).await;
    let Term::List(items) = &wc else {
        panic!("which_children: {wc}")
    };
    for it in items {
        if let Some([cid, Term::Pid(c), _, _]) = it.as_tuple()
            && cid.is_atom(id)
        {
            return *c;
        }
    }
    panic!("no running child {id} in {wc}")
}

/// `GenServer.cast(pid, {:exit, reason})`: `W` stops with `reason`.
pub async fn cast_exit(p: &Proc, target: Pid, reason: Term) {
    gen_server::cast(p, &ServerRef::Pid(target), tup([a("exit"), reason])).await;
}

/// `C.crash(sup, id, reason)`.
pub async fn crash(p: &Proc, sup: Pid, id: &'static str, reason: Term) {
    let c = pid_of(p, sup, id).await;
    cast_exit(p, c, reason).await;
}

/// Every message already in the mailbox, oldest first (`receive ... after 0` in a loop).
pub async fn flush(p: &Proc) -> Vec<Term> {
    let mut out = Vec::new();
    while let Some(m) = p.receive(Timeout::Ms(0), |_| true).await {
        out.push(m);
    }
    out
}

/// The first message `f` accepts, waiting at most `ms`.
pub async fn recv<M: FnMut(&Term) -> bool + Unpin>(p: &Proc, ms: u64, f: M) -> Option<Term> {
    p.receive(Timeout::Ms(ms), f).await
}

/// `C.ids/1`: `{:start, id, pid}` ⇒ `{:start, id}`, `{:terminate, id, r}` ⇒ `{:term, id, r}`,
/// `{:EXIT, _, r}` ⇒ `{:EXIT, r}`, `{:DOWN, _, _, _, r}` ⇒ `{:DOWN, r}`; others unchanged.
pub fn ids(msgs: &[Term]) -> Vec<Term> {
    msgs.iter().map(id_of).collect()
}

/// [`ids`] of one message.
pub fn id_of(m: &Term) -> Term {
    match m.as_tuple() {
        Some([t, id, _]) if t.is_atom("start") => tup([a("start"), id.clone()]),
        Some([t, id, r]) if t.is_atom("terminate") => tup([a("term"), id.clone(), r.clone()]),
        Some([t, _, r]) if t.is_atom("EXIT") => tup([a("EXIT"), r.clone()]),
        Some([t, _, _, _, r]) if t.is_atom("DOWN") => tup([a("DOWN"), r.clone()]),
        _ => m.clone(),
    }
}

/// `{:start, id}`
pub fn start(id: &'static str) -> Term {
    tup([a("start"), a(id)])
}
/// `{:term, id, reason}`
pub fn term(id: &'static str, reason: Term) -> Term {
    tup([a("term"), a(id), reason])
}
/// `{:EXIT, reason}`
pub fn exit_(reason: Term) -> Term {
    tup([a("EXIT"), reason])
}
/// `{:DOWN, reason}`
pub fn down(reason: Term) -> Term {
    tup([a("DOWN"), reason])
}

/// Puts `msg` into the `w.log` timeline from the test process (to mark where something
/// the test observed falls relative to the workers' lines).
pub fn mark(p: &Proc, msg: Term) {
    p.emit(W_LOG, || msg);
}

// ----- running ----------------------------------------------------------------------------

/// One finished run.
pub struct Run {
    /// The report.
    pub report: Report,
    /// The test process.
    pub root: Pid,
    /// What the test process returned.
    pub value: Term,
    /// The seed.
    pub seed: u64,
}

impl Run {
    /// The `w.log` lines in the order they were executed, through [`ids`].
    pub fn w_log(&self) -> Vec<Term> {
        ids(&self.user_events(W_LOG))
    }

    /// The data of every `sim::EventKind::User` event with this tag, in order.
    pub fn user_events(&self, tag: &str) -> Vec<Term> {
        self.user_events_timed(tag)
            .into_iter()
            .map(|(_, d)| d)
            .collect()
    }

    /// Like [`Run::user_events`], with the virtual time (ms) of each.
    pub fn user_events_timed(&self, tag: &str) -> Vec<(u64, Term)> {
        self.report
            .trace
            .events()
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::User { tag: t, data } if *t == tag => {
                    Some((e.time.as_ms(), data.clone()))
                }
                _ => None,
            })
            .collect()
    }

    /// The data of every model event of this kind, in order.
    pub fn model_events(&self, kind: ModelEventKind) -> Vec<Term> {
        self.model_events_timed(kind)
            .into_iter()
            .map(|(_, d)| d)
            .collect()
    }

    /// Like [`Run::model_events`], with the virtual time (ms) of each.
    pub fn model_events_timed(&self, kind: ModelEventKind) -> Vec<(u64, Term)> {
        self.report
            .trace
            .events()
            .iter()
            .filter_map(|e| {
                ModelEvent::of(&e.kind)
                    .filter(|m| m.kind() == kind)
                    .map(|m| (e.time.as_ms(), m.data()))
            })
            .collect()
    }

    /// Context for assertion messages: the seed and the whole trace.
    pub fn ctx(&self) -> String {
        format!("seed {}\n{}", self.seed, self.report.trace.render())
    }
}

/// Runs `body` as the test process with seed `seed`. The test process must end normally
/// (an assertion failing inside it makes it exit with a `RuntimeError` carrying the panic
/// message, shown here with the trace).
pub fn run<F, Fut>(seed: u64, body: F) -> Run
where
    F: FnOnce(Proc) -> Fut + 'static,
    Fut: Future<Output = Term> + 'static,
{
    let r = run_any(seed, body);
    let normal = Term::atom("normal");
    assert_eq!(
        r.report.exit_reason(r.root),
        Some(&normal),
        "test process did not end normally; {}",
        r.ctx()
    );
    r
}

/// Like [`run`] without checking how the test process ended.
pub fn run_any<F, Fut>(seed: u64, body: F) -> Run
where
    F: FnOnce(Proc) -> Fut + 'static,
    Fut: Future<Output = Term> + 'static,
{
    let out = Rc::new(RefCell::new(Term::nil()));
    let o = out.clone();
    let mut sim = sim::runner::sim_for(seed);
    let root = sim.spawn(move |p| async move {
        let v = body(p).await;
        *o.borrow_mut() = v;
    });
    let report = sim.run();
    let value = out.borrow().clone();
    Run {
        report,
        root,
        value,
        seed,
    }
}

/// Runs `body` for seeds `0..n` (scheduling must not matter), returning every run.
pub fn seeds<F, Fut>(n: u64, body: F) -> Vec<Run>
where
    F: Fn(Proc) -> Fut + Clone + 'static,
    Fut: Future<Output = Term> + 'static,
{
    (0..n).map(|seed| run(seed, body.clone())).collect()
}

/// Number of seeds for schedule-sensitive tests.
pub const SEEDS: u64 = 50;
