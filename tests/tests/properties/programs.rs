//! Generating scenario programs.
//!
//! Proptest generates a *skeleton* ([`G`]): steps whose references to tasks and processes
//! are abstract choices ([`Index`], [`Target`]), not names. [`to_program`] then walks the
//! skeleton with the scope rules of the language (a process body sees what its parent had
//! bound before the spawn; nothing bound inside `do:`, a clause or a handler leaks out) and
//! turns every choice into a binding that is in scope there, dropping a step that has nothing
//! to refer to (an `await` before any `async`). So every generated program is valid, and
//! shrinking the skeleton — removing steps from the `Vec`s, replacing a composite step by one
//! of its leaves, lowering numbers and indices towards 0 — always gives a valid, smaller
//! program.
//!
//! Times are in quanta of [`QUANTUM_MS`] (0..=[`MAX_QUANTA`]), so equal deadlines — a task
//! that replies exactly when its awaiter's timeout fires, two timers due at the same
//! instant — are frequent. Every `receive` has an `after` and every wait a finite timeout
//! (`Task.shutdown` may wait `infinity`: the task always ends), so every program terminates.
//!
//! Supervisors (`supervisor` with 1–3 `worker`/`task` children, `dynamic_supervisor`,
//! `task_supervisor`), `start_child`, `async_nolink` / `supervised_async`, the supervisor
//! calls and a `gen_server` with `call` are generated too. A supervised child runs its steps,
//! then lives for a few quanta *or* about a second (990, 1000, 1010 or 2000 ms, so restarts
//! fall on both sides of whole-second window boundaries), then returns, raises or exits with
//! `:normal`, `:shutdown`, `{:shutdown, :done}`, `:boom` or `:kill`; `max_restarts` is 0..=3
//! and `max_seconds` 1..=3. Two rules keep those programs terminating too: a process a
//! supervisor started (and its descendants) makes no supervisor calls — they wait
//! `:infinity` while the supervisor may wait for it (`shutdown: :infinity`), a deadlock in
//! Elixir as well — and a `GenServer`'s `handle_call` starts no supervisor (the server never
//! exits, so the supervisor would restart forever). Nested supervisors (a `supervisor(...)`
//! child spec) and registered names are not generated yet.

use proptest::prelude::*;
use proptest::sample::Index;
use scenarios::Program;
use scenarios::lang::{Child, Restart, ShutdownMode, Step, Strategy as SupStrategy, Timeout};

/// One quantum of virtual time, in milliseconds.
pub const QUANTUM_MS: u64 = 10;
/// Times are `0..=MAX_QUANTA` quanta.
pub const MAX_QUANTA: u8 = 5;

/// A step of the skeleton.
#[derive(Clone, Debug)]
pub enum G {
    Sleep(u8),
    Async {
        body: Vec<G>,
        ret: Ret,
    },
    Await {
        task: Index,
        timeout: u8,
        bind: bool,
    },
    Yield {
        task: Index,
        timeout: u8,
        bind: bool,
    },
    AwaitMany {
        tasks: Vec<Index>,
        timeout: u8,
    },
    YieldMany {
        tasks: Vec<Index>,
        timeout: u8,
    },
    Shutdown {
        task: Index,
        mode: Mode,
    },
    Ignore {
        task: Index,
    },
    Spawn {
        kind: Kind,
        body: Vec<G>,
    },
    Send {
        to: Target,
        msg: Msg,
    },
    Receive {
        clauses: Vec<(Pat, Vec<G>)>,
        after: u8,
        after_body: Vec<G>,
    },
    Raise,
    Exit(Reason),
    TrapExit(bool),
    Kill(Target),
    ExitSignal {
        to: Target,
        reason: Reason,
    },
    CatchExit {
        body: Vec<G>,
        handler: Vec<G>,
    },
    Rescue {
        body: Vec<G>,
        handler: Vec<G>,
    },
    Log(Index),
    /// `sleep` for about a second (1000 * n ms): lets restarts cross window boundaries.
    LongSleep(u8),
    /// A static `Supervisor` (binds it).
    Supervisor {
        strategy: SupStrat,
        max_restarts: u8,
        max_seconds: u8,
        children: Vec<GChild>,
    },
    /// A `DynamicSupervisor`, or a `Task.Supervisor` if `tasks` (binds it).
    DynSup {
        tasks: bool,
        max_restarts: u8,
        max_seconds: u8,
    },
    /// `start_child` on a supervisor in scope: a child spec, or a task for a `Task.Supervisor`.
    StartChild {
        sup: Index,
        child: GChild,
    },
    /// `async_nolink` (or `supervised_async` if `linked`) on a `Task.Supervisor` (binds a task).
    SupAsync {
        sup: Index,
        linked: bool,
        body: Vec<G>,
        ret: Ret,
    },
    /// A call on a supervisor in scope (`child` picks a static child's id).
    SupCall {
        sup: Index,
        op: SupCallOp,
        child: Index,
    },
    /// A `GenServer` whose `handle_call` clauses run steps and reply (binds it).
    GenServer {
        clauses: Vec<(CallPat, Vec<G>)>,
    },
    /// `GenServer.call` on a server in scope.
    Call {
        server: Index,
        msg: CallMsg,
        timeout: u8,
    },
}

/// A supervised child: its steps, then how long it lives, then how it ends.
#[derive(Clone, Debug)]
pub struct GChild {
    pub task: bool,
    pub restart: Option<Restart>,
    pub shutdown: Option<Mode>,
    pub trap: bool,
    pub body: Vec<G>,
    pub life: Life,
    pub end: End,
}

/// How long a supervised child lives after its steps.
#[derive(Copy, Clone, Debug)]
pub enum Life {
    Quanta(u8),
    /// 990, 1000, 1010 or 2000 ms.
    AboutASecond(u8),
}

/// How a supervised child ends.
#[derive(Copy, Clone, Debug)]
pub enum End {
    Return,
    Raise,
    Exit(Reason),
}

/// `strategy:` of a static supervisor.
#[derive(Copy, Clone, Debug)]
pub enum SupStrat {
    OneForOne,
    OneForAll,
    RestForOne,
}

/// A supervisor call.
#[derive(Copy, Clone, Debug)]
pub enum SupCallOp {
    WhichChildren,
    CountChildren,
    TerminateChild,
    RestartChild,
    DeleteChild,
    Stop,
}

/// A `handle_call` clause pattern (with its reply).
#[derive(Copy, Clone, Debug)]
pub enum CallPat {
    /// `:ping` ⇒ `:pong`.
    Ping,
    /// `{:work, n}` ⇒ `n`.
    Work,
    /// `_` ⇒ `:ok`.
    Any,
}

/// A `GenServer.call` request.
#[derive(Copy, Clone, Debug)]
pub enum CallMsg {
    Ping,
    Work(u8),
    Other,
}

/// How a process is started.
#[derive(Copy, Clone, Debug)]
pub enum Kind {
    Spawn,
    SpawnLink,
    Start,
    StartLink,
}

/// A task's return value.
#[derive(Copy, Clone, Debug)]
pub enum Ret {
    Ok,
    Int(u8),
    SelfPid,
}

/// `Task.shutdown`'s second argument.
#[derive(Copy, Clone, Debug)]
pub enum Mode {
    BrutalKill,
    Quanta(u8),
    Infinity,
}

/// Who a `send`, `kill` or `exit_signal` is for.
#[derive(Copy, Clone, Debug)]
pub enum Target {
    /// `self()`.
    Me,
    /// The process that spawned this one (`self()` in `main`).
    Parent,
    /// A pid in scope: a spawned process, a task's `.pid`, a pid bound by a pattern.
    Pick(Index),
}

/// A message.
#[derive(Copy, Clone, Debug)]
pub enum Msg {
    Ping,
    Tagged(u8),
    /// `{:from, self()}`.
    From,
}

/// A receive pattern.
#[derive(Copy, Clone, Debug)]
pub enum Pat {
    Ping,
    /// `{:msg, n}` (binds `n`).
    Tagged,
    /// `{:from, pid}` (binds `pid`).
    From,
    /// `{:EXIT, pid, reason}` (binds both).
    Exit,
    /// `{:DOWN, _, :process, _, reason}` (binds the reason).
    Down,
    /// `_`.
    Any,
}

/// An exit reason.
#[derive(Copy, Clone, Debug)]
pub enum Reason {
    Normal,
    Shutdown,
    ShutdownTagged,
    Boom,
    Kill,
}

impl Reason {
    fn expr(self) -> &'static str {
        match self {
            Reason::Normal => ":normal",
            Reason::Shutdown => ":shutdown",
            Reason::ShutdownTagged => "{:shutdown, :done}",
            Reason::Boom => ":boom",
            Reason::Kill => ":kill",
        }
    }
}

// =====================================================================================
// Strategies
// =====================================================================================

fn quanta() -> impl Strategy<Value = u8> + Clone {
    0..=MAX_QUANTA
}

fn reason() -> impl Strategy<Value = Reason> + Clone {
    prop_oneof![
        Just(Reason::Normal),
        Just(Reason::Shutdown),
        Just(Reason::ShutdownTagged),
        Just(Reason::Boom),
        Just(Reason::Kill),
    ]
}

fn target() -> impl Strategy<Value = Target> + Clone {
    prop_oneof![
        3 => any::<Index>().prop_map(Target::Pick),
        2 => Just(Target::Parent),
        1 => Just(Target::Me),
    ]
}

fn msg() -> impl Strategy<Value = Msg> + Clone {
    prop_oneof![
        Just(Msg::Ping),
        (0u8..3).prop_map(Msg::Tagged),
        Just(Msg::From),
    ]
}

fn pat() -> impl Strategy<Value = Pat> + Clone {
    prop_oneof![
        Just(Pat::Ping),
        Just(Pat::Tagged),
        Just(Pat::From),
        Just(Pat::Exit),
        Just(Pat::Down),
        Just(Pat::Any),
    ]
}

fn mode() -> impl Strategy<Value = Mode> + Clone {
    prop_oneof![
        3 => quanta().prop_map(Mode::Quanta),
        1 => Just(Mode::BrutalKill),
        1 => Just(Mode::Infinity),
    ]
}

fn kind() -> impl Strategy<Value = Kind> + Clone {
    prop_oneof![
        Just(Kind::Spawn),
        Just(Kind::SpawnLink),
        Just(Kind::Start),
        Just(Kind::StartLink),
    ]
}

fn ret() -> impl Strategy<Value = Ret> + Clone {
    prop_oneof![
        2 => Just(Ret::Ok),
        1 => (0u8..10).prop_map(Ret::Int),
        1 => Just(Ret::SelfPid),
    ]
}

fn restart() -> impl Strategy<Value = Option<Restart>> + Clone {
    prop_oneof![
        Just(None),
        Just(Some(Restart::Permanent)),
        Just(Some(Restart::Transient)),
        Just(Some(Restart::Temporary)),
    ]
}

fn life() -> impl Strategy<Value = Life> + Clone {
    prop_oneof![
        3 => quanta().prop_map(Life::Quanta),
        1 => (0u8..4).prop_map(Life::AboutASecond),
    ]
}

fn end() -> impl Strategy<Value = End> + Clone {
    prop_oneof![
        Just(End::Return),
        Just(End::Raise),
        reason().prop_map(End::Exit),
    ]
}

fn child(body: impl Strategy<Value = Vec<G>> + Clone) -> impl Strategy<Value = GChild> + Clone {
    (
        any::<bool>(),
        restart(),
        prop::option::of(mode()),
        prop::bool::weighted(0.25),
        body,
        life(),
        end(),
    )
        .prop_map(|(task, restart, shutdown, trap, body, life, end)| GChild {
            task,
            restart,
            shutdown,
            trap,
            body,
            life,
            end,
        })
}

fn sup_strat() -> impl Strategy<Value = SupStrat> + Clone {
    prop_oneof![
        Just(SupStrat::OneForOne),
        Just(SupStrat::OneForAll),
        Just(SupStrat::RestForOne),
    ]
}

fn sup_call_op() -> impl Strategy<Value = SupCallOp> + Clone {
    prop_oneof![
        Just(SupCallOp::WhichChildren),
        Just(SupCallOp::CountChildren),
        Just(SupCallOp::TerminateChild),
        Just(SupCallOp::RestartChild),
        Just(SupCallOp::DeleteChild),
        Just(SupCallOp::Stop),
    ]
}

fn call_pat() -> impl Strategy<Value = CallPat> + Clone {
    prop_oneof![Just(CallPat::Ping), Just(CallPat::Work), Just(CallPat::Any)]
}

fn call_msg() -> impl Strategy<Value = CallMsg> + Clone {
    prop_oneof![
        Just(CallMsg::Ping),
        (0u8..3).prop_map(CallMsg::Work),
        Just(CallMsg::Other),
    ]
}

/// Steps without nested steps. The first alternatives are the ones shrinking prefers.
fn leaf() -> impl Strategy<Value = G> + Clone {
    let tasks = prop::collection::vec(any::<Index>(), 1..=3);
    prop_oneof![
        4 => quanta().prop_map(G::Sleep),
        4 => (any::<Index>(), quanta(), any::<bool>())
            .prop_map(|(task, timeout, bind)| G::Await { task, timeout, bind }),
        3 => (any::<Index>(), quanta(), any::<bool>())
            .prop_map(|(task, timeout, bind)| G::Yield { task, timeout, bind }),
        1 => (tasks.clone(), quanta()).prop_map(|(tasks, timeout)| G::AwaitMany { tasks, timeout }),
        1 => (tasks, quanta()).prop_map(|(tasks, timeout)| G::YieldMany { tasks, timeout }),
        3 => (any::<Index>(), mode()).prop_map(|(task, mode)| G::Shutdown { task, mode }),
        1 => any::<Index>().prop_map(|task| G::Ignore { task }),
        2 => (target(), msg()).prop_map(|(to, msg)| G::Send { to, msg }),
        1 => Just(G::Raise),
        1 => reason().prop_map(G::Exit),
        2 => any::<bool>().prop_map(G::TrapExit),
        1 => target().prop_map(G::Kill),
        2 => (target(), reason()).prop_map(|(to, reason)| G::ExitSignal { to, reason }),
        1 => any::<Index>().prop_map(G::Log),
        1 => (1u8..=2).prop_map(G::LongSleep),
        1 => (any::<Index>(), sup_call_op(), any::<Index>())
            .prop_map(|(sup, op, child)| G::SupCall { sup, op, child }),
        2 => (any::<Index>(), call_msg(), quanta())
            .prop_map(|(server, msg, timeout)| G::Call { server, msg, timeout }),
    ]
}

/// A step: a leaf, or a step with nested steps (task and process bodies, receive clauses,
/// `catch_exit` / `rescue`), at most 3 levels deep.
pub fn step() -> impl Strategy<Value = G> {
    leaf().prop_recursive(3, 40, 4, |inner| {
        let body = prop::collection::vec(inner, 0..=4);
        prop_oneof![
            4 => (body.clone(), ret()).prop_map(|(body, ret)| G::Async { body, ret }),
            2 => (kind(), body.clone()).prop_map(|(kind, body)| G::Spawn { kind, body }),
            2 => (
                prop::collection::vec((pat(), body.clone()), 0..=2),
                quanta(),
                body.clone()
            )
                .prop_map(|(clauses, after, after_body)| G::Receive {
                    clauses,
                    after,
                    after_body,
                }),
            1 => (body.clone(), body.clone())
                .prop_map(|(body, handler)| G::CatchExit { body, handler }),
            1 => (body.clone(), body.clone())
                .prop_map(|(body, handler)| G::Rescue { body, handler }),
            2 => (
                sup_strat(),
                0u8..=3,
                1u8..=3,
                prop::collection::vec(child(body.clone()), 1..=3)
            )
                .prop_map(|(strategy, max_restarts, max_seconds, children)| G::Supervisor {
                    strategy,
                    max_restarts,
                    max_seconds,
                    children,
                }),
            1 => (any::<bool>(), 0u8..=3, 1u8..=3).prop_map(|(tasks, max_restarts, max_seconds)| {
                G::DynSup {
                    tasks,
                    max_restarts,
                    max_seconds,
                }
            }),
            2 => (any::<Index>(), child(body.clone()))
                .prop_map(|(sup, child)| G::StartChild { sup, child }),
            1 => (any::<Index>(), any::<bool>(), body.clone(), ret())
                .prop_map(|(sup, linked, body, ret)| G::SupAsync { sup, linked, body, ret }),
            1 => prop::collection::vec((call_pat(), body), 1..=2)
                .prop_map(|clauses| G::GenServer { clauses }),
        ]
    })
}

/// The skeleton of a program: the steps of `main`.
pub fn skeleton() -> impl Strategy<Value = Vec<G>> {
    prop::collection::vec(step(), 1..=8)
}

/// Generated programs (skeletons resolved into valid [`Program`]s).
pub fn program() -> impl Strategy<Value = Program> {
    skeleton().prop_map(|s| to_program(&s))
}

// =====================================================================================
// Resolving a skeleton into a program
// =====================================================================================

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum VarKind {
    /// Bound by `async` (or `async_nolink`, ...) in the process at this depth.
    Task {
        depth: usize,
    },
    Pid,
    Value,
    Sup(SupK),
    Server,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum SupK {
    Static,
    Dynamic,
    Task,
}

#[derive(Clone, Debug)]
struct Var {
    name: String,
    kind: VarKind,
    /// A static supervisor's child ids.
    ids: Vec<String>,
}

/// The parent's pid as the child sees it: bound with `let(name, "self()")` right before the
/// spawn, and only if the child refers to it.
struct ParentSlot {
    name: String,
    used: bool,
}

struct Resolver {
    next: usize,
}

impl Resolver {
    fn fresh(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{}", self.next)
    }
}

/// Where we are: the bindings in scope (innermost last), the process nesting depth, and the
/// parent's slot (`None` in `main`).
struct Ctx<'a> {
    scope: &'a mut Vec<Var>,
    depth: usize,
    parent: Option<&'a mut ParentSlot>,
    /// A process a supervisor started, or one of its descendants: it makes no supervisor
    /// calls. They wait `:infinity`, and the supervisor may be waiting for the child
    /// (`shutdown: :infinity`) while the child waits for it — a real deadlock, in Elixir too.
    supervised: bool,
    /// A `GenServer` handling a call: it starts no supervisor. The server never exits (it is
    /// a daemon), so neither would the supervisor linked to it, restarting a child that
    /// crashes about once a second forever (until the step budget runs out).
    server: bool,
}

fn ms(q: u8) -> u64 {
    u64::from(q) * QUANTUM_MS
}

fn ret_expr(ret: &Ret) -> String {
    match ret {
        Ret::Ok => ":ok".to_string(),
        Ret::Int(n) => n.to_string(),
        Ret::SelfPid => "self()".to_string(),
    }
}

/// Resolves a skeleton into a valid program named `Generated`.
pub fn to_program(skeleton: &[G]) -> Program {
    let mut r = Resolver { next: 0 };
    let mut scope = Vec::new();
    let mut cx = Ctx {
        scope: &mut scope,
        depth: 0,
        parent: None,
        supervised: false,
        server: false,
    };
    let main = r.block(&mut cx, skeleton);
    Program {
        name: "Generated".to_string(),
        description: "generated by tests/tests/properties".to_string(),
        main,
        expect: None,
    }
}

impl Resolver {
    /// A block: its bindings are dropped at its end.
    fn block(&mut self, cx: &mut Ctx<'_>, gs: &[G]) -> Vec<Step> {
        let mark = cx.scope.len();
        let mut out = Vec::new();
        for g in gs {
            self.step(cx, g, &mut out);
        }
        cx.scope.truncate(mark);
        out
    }

    /// Tasks this process may wait for: its own if it has any, else the ones it inherited
    /// (waiting for those raises: only the owner may).
    fn tasks(cx: &Ctx<'_>) -> Vec<String> {
        let own: Vec<String> = cx
            .scope
            .iter()
            .filter(|v| v.kind == VarKind::Task { depth: cx.depth })
            .map(|v| v.name.clone())
            .collect();
        if !own.is_empty() {
            return own;
        }
        cx.scope
            .iter()
            .filter(|v| matches!(v.kind, VarKind::Task { .. }))
            .map(|v| v.name.clone())
            .collect()
    }

    fn pick_task(cx: &Ctx<'_>, i: &Index) -> Option<String> {
        let ts = Self::tasks(cx);
        (!ts.is_empty()).then(|| ts[i.index(ts.len())].clone())
    }

    /// A pid expression for `target`.
    fn target(cx: &mut Ctx<'_>, t: &Target) -> String {
        match t {
            Target::Me => "self()".to_string(),
            Target::Parent => match cx.parent.as_deref_mut() {
                Some(slot) => {
                    slot.used = true;
                    slot.name.clone()
                }
                None => "self()".to_string(),
            },
            Target::Pick(i) => {
                let pids: Vec<String> = cx
                    .scope
                    .iter()
                    .filter_map(|v| match v.kind {
                        VarKind::Pid | VarKind::Sup(_) | VarKind::Server => Some(v.name.clone()),
                        VarKind::Task { .. } => Some(format!("{}.pid", v.name)),
                        VarKind::Value => None,
                    })
                    .collect();
                if pids.is_empty() {
                    "self()".to_string()
                } else {
                    pids[i.index(pids.len())].clone()
                }
            }
        }
    }

    /// A supervisor in scope, of one of the `want` kinds (any if empty).
    fn pick_sup(cx: &Ctx<'_>, i: &Index, want: &[SupK]) -> Option<(String, SupK)> {
        if cx.supervised {
            return None;
        }
        let sups: Vec<(String, SupK)> = cx
            .scope
            .iter()
            .filter_map(|v| match v.kind {
                VarKind::Sup(k) if want.is_empty() || want.contains(&k) => {
                    Some((v.name.clone(), k))
                }
                _ => None,
            })
            .collect();
        (!sups.is_empty()).then(|| sups[i.index(sups.len())].clone())
    }

    /// A `worker` or `task` child spec: optionally trap exits, run the steps, live, end.
    fn child_spec(
        &mut self,
        cx: &mut Ctx<'_>,
        c: &GChild,
        id: Option<String>,
        out: &mut Vec<Step>,
    ) -> Child {
        let (steps, let_step) = self.process(cx, &c.body, true, false);
        out.extend(let_step);
        let mut body = Vec::new();
        if c.trap {
            body.push(Step::TrapExit(true));
        }
        body.extend(steps);
        body.push(Step::Sleep(match c.life {
            Life::Quanta(q) => ms(q),
            Life::AboutASecond(k) => [990, 1000, 1010, 2000][usize::from(k) % 4],
        }));
        match c.end {
            End::Return => {}
            End::Raise => body.push(Step::Raise("crash".to_string())),
            End::Exit(r) => body.push(Step::Exit(r.expr().to_string())),
        }
        let shutdown = c.shutdown.map(|m| match m {
            Mode::BrutalKill => ShutdownMode::BrutalKill,
            Mode::Quanta(q) => ShutdownMode::Timeout(Timeout::Ms(ms(q))),
            Mode::Infinity => ShutdownMode::Timeout(Timeout::Infinity),
        });
        if c.task {
            Child::Task {
                id,
                body,
                restart: c.restart,
                shutdown,
                kind: None,
            }
        } else {
            Child::Worker {
                id,
                body,
                restart: c.restart,
                shutdown,
                kind: None,
            }
        }
    }

    fn bind(&mut self, cx: &mut Ctx<'_>, prefix: &str, kind: VarKind) -> String {
        let name = self.fresh(prefix);
        cx.scope.push(Var {
            name: name.clone(),
            kind,
            ids: Vec::new(),
        });
        name
    }

    fn maybe_bind(&mut self, cx: &mut Ctx<'_>, bind: bool) -> Option<String> {
        bind.then(|| self.bind(cx, "v", VarKind::Value))
    }

    /// A child process body: it sees the scope so far, owns no task yet, and may refer to
    /// its parent through a fresh slot. Returns the body and the slot's `let`, if needed.
    fn child(&mut self, cx: &mut Ctx<'_>, gs: &[G]) -> (Vec<Step>, Option<Step>) {
        self.process(cx, gs, cx.supervised, false)
    }

    /// A child process body (`supervised` if a supervisor starts it or one of its ancestors,
    /// `server` for a `GenServer`'s `handle_call`).
    fn process(
        &mut self,
        cx: &mut Ctx<'_>,
        gs: &[G],
        supervised: bool,
        server: bool,
    ) -> (Vec<Step>, Option<Step>) {
        let mut slot = ParentSlot {
            name: self.fresh("parent"),
            used: false,
        };
        let mark = cx.scope.len();
        let body = {
            let mut inner = Ctx {
                scope: &mut *cx.scope,
                depth: cx.depth + 1,
                parent: Some(&mut slot),
                supervised,
                server,
            };
            self.block(&mut inner, gs)
        };
        cx.scope.truncate(mark);
        let let_step = slot
            .used
            .then(|| Step::Let(slot.name.clone(), "self()".to_string()));
        (body, let_step)
    }

    fn step(&mut self, cx: &mut Ctx<'_>, g: &G, out: &mut Vec<Step>) {
        let timeout = |q: &u8| Timeout::Ms(ms(*q));
        let step = match g {
            G::Sleep(q) => Step::Sleep(ms(*q)),
            G::Async { body, ret } => {
                let (body, let_step) = self.child(cx, body);
                out.extend(let_step);
                let ret = ret_expr(ret);
                let bind = self.bind(cx, "t", VarKind::Task { depth: cx.depth });
                Step::Async {
                    bind: Some(bind),
                    body,
                    ret,
                }
            }
            G::Await {
                task,
                timeout: t,
                bind,
            } => {
                let Some(task) = Self::pick_task(cx, task) else {
                    return;
                };
                Step::Await {
                    task,
                    timeout: timeout(t),
                    bind: self.maybe_bind(cx, *bind),
                }
            }
            G::Yield {
                task,
                timeout: t,
                bind,
            } => {
                let Some(task) = Self::pick_task(cx, task) else {
                    return;
                };
                Step::Yield {
                    task,
                    timeout: timeout(t),
                    bind: self.maybe_bind(cx, *bind),
                }
            }
            G::AwaitMany { tasks, timeout: t } | G::YieldMany { tasks, timeout: t } => {
                let mut names: Vec<String> = Vec::new();
                for i in tasks {
                    if let Some(n) = Self::pick_task(cx, i)
                        && !names.contains(&n)
                    {
                        names.push(n);
                    }
                }
                if names.is_empty() {
                    return;
                }
                if matches!(g, G::AwaitMany { .. }) {
                    Step::AwaitMany {
                        tasks: names,
                        timeout: timeout(t),
                        bind: None,
                    }
                } else {
                    Step::YieldMany {
                        tasks: names,
                        timeout: timeout(t),
                        bind: None,
                    }
                }
            }
            G::Shutdown { task, mode } => {
                let Some(task) = Self::pick_task(cx, task) else {
                    return;
                };
                let timeout = match mode {
                    Mode::BrutalKill => ShutdownMode::BrutalKill,
                    Mode::Quanta(q) => ShutdownMode::Timeout(timeout(q)),
                    Mode::Infinity => ShutdownMode::Timeout(Timeout::Infinity),
                };
                Step::Shutdown {
                    task,
                    timeout,
                    bind: None,
                }
            }
            G::Ignore { task } => {
                let Some(task) = Self::pick_task(cx, task) else {
                    return;
                };
                Step::Ignore { task, bind: None }
            }
            G::Spawn { kind, body } => {
                let (body, let_step) = self.child(cx, body);
                out.extend(let_step);
                let bind = Some(self.bind(cx, "p", VarKind::Pid));
                match kind {
                    Kind::Spawn => Step::Spawn { bind, body },
                    Kind::SpawnLink => Step::SpawnLink { bind, body },
                    Kind::Start => Step::Start { bind, body },
                    Kind::StartLink => Step::StartLink { bind, body },
                }
            }
            G::Send { to, msg } => {
                let to = Self::target(cx, to);
                let msg = match msg {
                    Msg::Ping => ":ping".to_string(),
                    Msg::Tagged(n) => format!("{{:msg, {n}}}"),
                    Msg::From => "{:from, self()}".to_string(),
                };
                Step::Send { to, msg }
            }
            G::Receive {
                clauses,
                after,
                after_body,
            } => {
                let mut cs = Vec::new();
                for (p, body) in clauses {
                    let mark = cx.scope.len();
                    let pattern = match p {
                        Pat::Ping => ":ping".to_string(),
                        Pat::Tagged => {
                            let n = self.bind(cx, "m", VarKind::Value);
                            format!("{{:msg, {n}}}")
                        }
                        Pat::From => {
                            let pid = self.bind(cx, "m", VarKind::Pid);
                            format!("{{:from, {pid}}}")
                        }
                        Pat::Exit => {
                            let pid = self.bind(cx, "m", VarKind::Pid);
                            let why = self.bind(cx, "m", VarKind::Value);
                            format!("{{:EXIT, {pid}, {why}}}")
                        }
                        Pat::Down => {
                            let why = self.bind(cx, "m", VarKind::Value);
                            format!("{{:DOWN, _, :process, _, {why}}}")
                        }
                        Pat::Any => "_".to_string(),
                    };
                    let body = self.block(cx, body);
                    cx.scope.truncate(mark);
                    cs.push((pattern, body));
                }
                let after_body = self.block(cx, after_body);
                Step::Receive {
                    clauses: cs,
                    after: Some((timeout(after), after_body)),
                }
            }
            G::Raise => Step::Raise("generated".to_string()),
            G::Exit(r) => Step::Exit(r.expr().to_string()),
            G::TrapExit(on) => Step::TrapExit(*on),
            G::Kill(t) => Step::Kill(Self::target(cx, t)),
            G::ExitSignal { to, reason } => Step::ExitSignal {
                to: Self::target(cx, to),
                reason: reason.expr().to_string(),
            },
            G::CatchExit { body, handler } | G::Rescue { body, handler } => {
                let body = self.block(cx, body);
                let mark = cx.scope.len();
                let bind = self.bind(cx, "e", VarKind::Value);
                let handler = self.block(cx, handler);
                cx.scope.truncate(mark);
                if matches!(g, G::CatchExit { .. }) {
                    Step::CatchExit {
                        body,
                        bind: Some(bind),
                        handler,
                    }
                } else {
                    Step::Rescue {
                        body,
                        bind: Some(bind),
                        handler,
                    }
                }
            }
            G::LongSleep(n) => Step::Sleep(u64::from(*n) * 1000),
            G::Supervisor { .. } | G::DynSup { .. } if cx.server => return,
            G::Supervisor {
                strategy,
                max_restarts,
                max_seconds,
                children,
            } => {
                let mut specs = Vec::new();
                let mut ids = Vec::new();
                for c in children {
                    let id = format!(":{}", self.fresh("c"));
                    specs.push(self.child_spec(cx, c, Some(id.clone()), out));
                    ids.push(id);
                }
                let bind = self.bind(cx, "s", VarKind::Sup(SupK::Static));
                cx.scope.last_mut().expect("just bound").ids = ids;
                Step::Supervisor {
                    bind: Some(bind),
                    name: None,
                    strategy: match strategy {
                        SupStrat::OneForOne => SupStrategy::OneForOne,
                        SupStrat::OneForAll => SupStrategy::OneForAll,
                        SupStrat::RestForOne => SupStrategy::RestForOne,
                    },
                    max_restarts: Some(u32::from(*max_restarts)),
                    max_seconds: Some(u64::from(*max_seconds)),
                    children: specs,
                }
            }
            G::DynSup {
                tasks,
                max_restarts,
                max_seconds,
            } => {
                let (max_restarts, max_seconds) = (
                    Some(u32::from(*max_restarts)),
                    Some(u64::from(*max_seconds)),
                );
                if *tasks {
                    Step::TaskSupervisor {
                        bind: Some(self.bind(cx, "s", VarKind::Sup(SupK::Task))),
                        name: None,
                        max_children: None,
                        max_restarts,
                        max_seconds,
                    }
                } else {
                    Step::DynamicSupervisor {
                        bind: Some(self.bind(cx, "s", VarKind::Sup(SupK::Dynamic))),
                        name: None,
                        max_children: None,
                        max_restarts,
                        max_seconds,
                    }
                }
            }
            G::StartChild { sup, child } => {
                let Some((sup, kind)) = Self::pick_sup(cx, sup, &[]) else {
                    return;
                };
                if kind == SupK::Task {
                    let spec = self.child_spec(cx, child, None, out);
                    let (Child::Worker {
                        body,
                        restart,
                        shutdown,
                        ..
                    }
                    | Child::Task {
                        body,
                        restart,
                        shutdown,
                        ..
                    }) = spec
                    else {
                        unreachable!("child_spec makes workers and tasks")
                    };
                    Step::StartChild {
                        sup,
                        child: None,
                        body: Some(body),
                        restart,
                        shutdown,
                        bind: None,
                    }
                } else {
                    // A static supervisor's children need ids; a dynamic one's may have one.
                    let id = format!(":{}", self.fresh("c"));
                    Step::StartChild {
                        sup,
                        child: Some(self.child_spec(cx, child, Some(id), out)),
                        body: None,
                        restart: None,
                        shutdown: None,
                        bind: None,
                    }
                }
            }
            G::SupAsync {
                sup,
                linked,
                body,
                ret,
            } => {
                let Some((sup, _)) = Self::pick_sup(cx, sup, &[SupK::Task]) else {
                    return;
                };
                let (body, let_step) = self.process(cx, body, true, false);
                out.extend(let_step);
                let bind = Some(self.bind(cx, "t", VarKind::Task { depth: cx.depth }));
                let ret = ret_expr(ret);
                if *linked {
                    Step::SupervisedAsync {
                        sup,
                        bind,
                        body,
                        ret,
                        shutdown: None,
                    }
                } else {
                    Step::AsyncNolink {
                        sup,
                        bind,
                        body,
                        ret,
                        shutdown: None,
                    }
                }
            }
            G::SupCall { sup, op, child } => {
                let Some((name, kind)) = Self::pick_sup(cx, sup, &[]) else {
                    return;
                };
                let ids = cx
                    .scope
                    .iter()
                    .rev()
                    .find(|v| v.name == name)
                    .map(|v| v.ids.clone())
                    .unwrap_or_default();
                let id = (!ids.is_empty()).then(|| ids[child.index(ids.len())].clone());
                match (op, id) {
                    (SupCallOp::TerminateChild, Some(child)) if kind == SupK::Static => {
                        Step::TerminateChild {
                            sup: name,
                            child,
                            bind: None,
                        }
                    }
                    (SupCallOp::RestartChild, Some(child)) if kind == SupK::Static => {
                        Step::RestartChild {
                            sup: name,
                            child,
                            bind: None,
                        }
                    }
                    (SupCallOp::DeleteChild, Some(child)) if kind == SupK::Static => {
                        Step::DeleteChild {
                            sup: name,
                            child,
                            bind: None,
                        }
                    }
                    (SupCallOp::Stop, _) => Step::Stop {
                        sup: name,
                        reason: ":normal".to_string(),
                        bind: None,
                    },
                    (SupCallOp::CountChildren, _) => Step::CountChildren {
                        sup: name,
                        bind: None,
                    },
                    _ => Step::WhichChildren {
                        sup: name,
                        bind: None,
                    },
                }
            }
            G::GenServer { clauses } => {
                let mut handle_call = Vec::new();
                for (pat, body) in clauses {
                    let mark = cx.scope.len();
                    let (pattern, reply) = match pat {
                        CallPat::Ping => (":ping".to_string(), ":pong".to_string()),
                        CallPat::Work => {
                            let n = self.bind(cx, "m", VarKind::Value);
                            (format!("{{:work, {n}}}"), n)
                        }
                        CallPat::Any => ("_".to_string(), ":ok".to_string()),
                    };
                    let (body, let_step) = self.process(cx, body, cx.supervised, true);
                    out.extend(let_step);
                    cx.scope.truncate(mark);
                    handle_call.push((pattern, body, reply));
                }
                Step::GenServer {
                    bind: Some(self.bind(cx, "g", VarKind::Server)),
                    name: None,
                    init: Vec::new(),
                    handle_call,
                }
            }
            G::Call {
                server,
                msg,
                timeout: t,
            } => {
                let servers: Vec<&Var> = cx
                    .scope
                    .iter()
                    .filter(|v| v.kind == VarKind::Server)
                    .collect();
                if servers.is_empty() {
                    return;
                }
                let server = servers[server.index(servers.len())].name.clone();
                let msg = match msg {
                    CallMsg::Ping => ":ping".to_string(),
                    CallMsg::Work(n) => format!("{{:work, {n}}}"),
                    CallMsg::Other => ":other".to_string(),
                };
                Step::Call {
                    server,
                    msg,
                    timeout: timeout(t),
                    bind: None,
                }
            }
            G::Log(i) => {
                let values: Vec<&Var> = cx
                    .scope
                    .iter()
                    .filter(|v| !matches!(v.kind, VarKind::Task { .. }))
                    .collect();
                if values.is_empty() {
                    Step::Log("here".to_string())
                } else {
                    let v = &values[i.index(values.len())].name;
                    Step::Log(format!("{v} = #{{inspect({v})}}"))
                }
            }
        };
        out.push(step);
    }
}

/// The step lists nested in a step (process bodies, clauses, handlers, child specs, ...).
pub fn blocks(step: &Step) -> Vec<&Vec<Step>> {
    let mut out = Vec::new();
    match step {
        Step::Async { body, .. }
        | Step::Start { body, .. }
        | Step::StartLink { body, .. }
        | Step::Spawn { body, .. }
        | Step::SpawnLink { body, .. }
        | Step::AsyncNolink { body, .. }
        | Step::SupervisedAsync { body, .. } => out.push(body),
        Step::Receive { clauses, after } => {
            out.extend(clauses.iter().map(|(_, b)| b));
            out.extend(after.iter().map(|(_, b)| b));
        }
        Step::CatchExit { body, handler, .. } | Step::Rescue { body, handler, .. } => {
            out.push(body);
            out.push(handler);
        }
        Step::Supervisor { children, .. } => out.extend(children.iter().flat_map(child_blocks)),
        Step::StartChild { child, body, .. } => {
            out.extend(child.iter().flat_map(child_blocks));
            out.extend(body.iter());
        }
        Step::GenServer {
            init, handle_call, ..
        } => {
            out.push(init);
            out.extend(handle_call.iter().map(|(_, b, _)| b));
        }
        _ => {}
    }
    out
}

fn child_blocks(c: &Child) -> Vec<&Vec<Step>> {
    match c {
        Child::Worker { body, .. } | Child::Task { body, .. } => vec![body],
        Child::Supervisor { children, .. } => children.iter().flat_map(child_blocks).collect(),
        Child::DynamicSupervisor { .. } | Child::TaskSupervisor { .. } => Vec::new(),
    }
}

/// [`blocks`], mutable, in the same order.
pub fn blocks_mut(step: &mut Step) -> Vec<&mut Vec<Step>> {
    let mut out = Vec::new();
    match step {
        Step::Async { body, .. }
        | Step::Start { body, .. }
        | Step::StartLink { body, .. }
        | Step::Spawn { body, .. }
        | Step::SpawnLink { body, .. }
        | Step::AsyncNolink { body, .. }
        | Step::SupervisedAsync { body, .. } => out.push(body),
        Step::Receive { clauses, after } => {
            out.extend(clauses.iter_mut().map(|(_, b)| b));
            out.extend(after.iter_mut().map(|(_, b)| b));
        }
        Step::CatchExit { body, handler, .. } | Step::Rescue { body, handler, .. } => {
            out.push(body);
            out.push(handler);
        }
        Step::Supervisor { children, .. } => {
            out.extend(children.iter_mut().flat_map(child_blocks_mut));
        }
        Step::StartChild { child, body, .. } => {
            out.extend(child.iter_mut().flat_map(child_blocks_mut));
            out.extend(body.iter_mut());
        }
        Step::GenServer {
            init, handle_call, ..
        } => {
            out.push(init);
            out.extend(handle_call.iter_mut().map(|(_, b, _)| b));
        }
        _ => {}
    }
    out
}

fn child_blocks_mut(c: &mut Child) -> Vec<&mut Vec<Step>> {
    match c {
        Child::Worker { body, .. } | Child::Task { body, .. } => vec![body],
        Child::Supervisor { children, .. } => {
            children.iter_mut().flat_map(child_blocks_mut).collect()
        }
        Child::DynamicSupervisor { .. } | Child::TaskSupervisor { .. } => Vec::new(),
    }
}

/// Number of steps in a program, nested ones included (the size shrinking minimises).
pub fn size(steps: &[Step]) -> usize {
    steps
        .iter()
        .map(|s| 1 + blocks(s).into_iter().map(|b| size(b)).sum::<usize>())
        .sum()
}

/// Calls `f` on every step, nested ones included.
pub fn visit(steps: &[Step], f: &mut dyn FnMut(&Step)) {
    for s in steps {
        f(s);
        for b in blocks(s) {
            visit(b, f);
        }
    }
}
