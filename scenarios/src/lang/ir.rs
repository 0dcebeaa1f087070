//! The compiled form of a program: what the interpreter runs. Every string is parsed once,
//! every binding checked; blocks are shared (`Rc`), so a spawn costs a reference count.

use super::term::{Expr, Pat, Template};
use model::Shutdown;
use model::child_spec::{ChildType, Restart, ShutdownSpec};
use model::supervisor::Strategy;
use sim::Term;
use std::rc::Rc;

/// A list of operations (a process body, or a nested block).
pub type Block = Rc<[Op]>;

/// How a process is started.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SpawnKind {
    /// `Task.start`
    Start,
    /// `Task.start_link`
    StartLink,
    /// `spawn`
    Spawn,
    /// `spawn_link`
    SpawnLink,
}

impl SpawnKind {
    /// The step's name.
    pub fn name(self) -> &'static str {
        match self {
            SpawnKind::Start => "start",
            SpawnKind::StartLink => "start_link",
            SpawnKind::Spawn => "spawn",
            SpawnKind::SpawnLink => "spawn_link",
        }
    }
}

/// A compiled step (see [`super::Step`] for what each means).
#[derive(Clone, Debug)]
#[allow(missing_docs)]
pub enum Op {
    Sleep(u64),
    Log(Template),
    Let(Rc<str>, Expr),
    Async {
        bind: Option<Rc<str>>,
        body: Block,
        ret: Expr,
    },
    Await {
        task: Rc<str>,
        timeout: sim::Timeout,
        bind: Option<Rc<str>>,
    },
    Yield {
        task: Rc<str>,
        timeout: sim::Timeout,
        bind: Option<Rc<str>>,
    },
    YieldMany {
        tasks: Vec<Rc<str>>,
        timeout: sim::Timeout,
        bind: Option<Rc<str>>,
    },
    AwaitMany {
        tasks: Vec<Rc<str>>,
        timeout: sim::Timeout,
        bind: Option<Rc<str>>,
    },
    Shutdown {
        task: Rc<str>,
        mode: Shutdown,
        bind: Option<Rc<str>>,
    },
    Ignore {
        task: Rc<str>,
        bind: Option<Rc<str>>,
    },
    Spawn {
        kind: SpawnKind,
        bind: Option<Rc<str>>,
        body: Block,
    },
    Send {
        to: Expr,
        msg: Expr,
    },
    Receive {
        clauses: Vec<(Pat, Block)>,
        after: Option<(sim::Timeout, Block)>,
    },
    Raise(Template),
    Exit(Expr),
    TrapExit(bool),
    Kill(Expr),
    ExitSignal {
        to: Expr,
        reason: Expr,
    },
    CatchExit {
        body: Block,
        bind: Option<Rc<str>>,
        handler: Block,
    },
    Rescue {
        body: Block,
        bind: Option<Rc<str>>,
        handler: Block,
    },
    Register(Rc<str>),
    /// `Supervisor`, `DynamicSupervisor` or `Task.Supervisor` `start_link`.
    StartSup {
        bind: Option<Rc<str>>,
        sup: Rc<SupIr>,
    },
    /// `Supervisor.start_child(sup, spec)` / `DynamicSupervisor.start_child(sup, spec)`.
    StartChild {
        sup: Expr,
        /// What `sup` is, when the checker can tell.
        kind: Option<SupKind>,
        child: Rc<ChildIr>,
        bind: Option<Rc<str>>,
    },
    /// `Task.Supervisor.start_child(sup, fun, restart:, shutdown:)`.
    StartTask {
        sup: Expr,
        body: Block,
        label: Rc<str>,
        restart: Restart,
        shutdown: ShutdownSpec,
        bind: Option<Rc<str>>,
    },
    /// `Task.Supervisor.async` (`link`) / `async_nolink`.
    SupAsync {
        sup: Expr,
        link: bool,
        bind: Option<Rc<str>>,
        body: Block,
        ret: Expr,
        shutdown: Option<ShutdownSpec>,
    },
    /// A call to a running supervisor (`which_children`, `terminate_child`, `stop`, ...).
    SupCall {
        op: SupOp,
        sup: Expr,
        /// What `sup` is, when the checker can tell.
        kind: Option<SupKind>,
        /// The child id or pid, or `stop`'s reason.
        arg: Option<Expr>,
        bind: Option<Rc<str>>,
    },
    /// `GenServer.start_link` of a server made of steps.
    GenServer {
        bind: Option<Rc<str>>,
        name: Option<Term>,
        /// What its process is called in observations.
        label: Rc<str>,
        init: Block,
        calls: Rc<[(Pat, Block, Expr)]>,
    },
    /// `GenServer.call(server, msg, timeout)`.
    Call {
        server: Expr,
        msg: Expr,
        timeout: sim::Timeout,
        bind: Option<Rc<str>>,
    },
}

/// Which kind of supervisor a binding or registered name holds.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SupKind {
    /// `Supervisor`
    Static,
    /// `DynamicSupervisor`
    Dynamic,
    /// `Task.Supervisor`
    Task,
}

impl SupKind {
    /// The Elixir module.
    pub fn module(self) -> &'static str {
        match self {
            SupKind::Static => "Supervisor",
            SupKind::Dynamic => "DynamicSupervisor",
            SupKind::Task => "Task.Supervisor",
        }
    }
}

/// The calls to a running supervisor.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SupOp {
    /// `which_children/1`
    WhichChildren,
    /// `count_children/1`
    CountChildren,
    /// `Task.Supervisor.children/1`
    Children,
    /// `terminate_child/2`
    TerminateChild,
    /// `restart_child/2`
    RestartChild,
    /// `delete_child/2`
    DeleteChild,
    /// `stop/2`
    Stop,
}

impl SupOp {
    /// The step's (and the function's) name.
    pub fn name(self) -> &'static str {
        match self {
            SupOp::WhichChildren => "which_children",
            SupOp::CountChildren => "count_children",
            SupOp::Children => "children",
            SupOp::TerminateChild => "terminate_child",
            SupOp::RestartChild => "restart_child",
            SupOp::DeleteChild => "delete_child",
            SupOp::Stop => "stop",
        }
    }
}

/// A supervisor to start: as a step, or as a child of another supervisor.
#[derive(Clone, Debug)]
pub struct SupIr {
    /// Which kind.
    pub kind: SupKind,
    /// The registered name (an atom), if any.
    pub name: Option<Term>,
    /// What its process is called in observations (`main.<label>`).
    pub label: Rc<str>,
    /// `:strategy` (always `:one_for_one` for the dynamic ones).
    pub strategy: Strategy,
    /// `:max_restarts`.
    pub max_restarts: u32,
    /// `:max_seconds`.
    pub max_seconds: u64,
    /// `:max_children` (dynamic ones; `None` = `:infinity`).
    pub max_children: Option<u64>,
    /// The children of a static one, in start order.
    pub children: Vec<Rc<ChildIr>>,
}

/// A compiled child specification.
#[derive(Clone, Debug)]
pub struct ChildIr {
    /// `:id` (`:undefined` when none was written).
    pub id: Term,
    /// What the child's processes are called (`<supervisor>.<label>`, `#2` for restarts).
    pub label: Rc<str>,
    /// What it starts.
    pub body: ChildBody,
    /// `:restart`.
    pub restart: Restart,
    /// `:shutdown`.
    pub shutdown: ShutdownSpec,
    /// `:type`.
    pub kind: ChildType,
}

/// What a child spec starts.
#[derive(Clone, Debug)]
pub enum ChildBody {
    /// A process running the steps, `spawn_link`ed: `{:ok, pid}`.
    Worker(Block),
    /// `Task.start_link(fun)`.
    Task(Block),
    /// A supervisor.
    Sup(Rc<SupIr>),
}

/// A checked, compiled program.
#[derive(Clone, Debug)]
pub struct Script {
    /// The program's name.
    pub name: String,
    /// The body of `main`.
    pub main: Block,
}

/// One step on the way from the top of the file to a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    /// A named field (`main`, `do`, `task`, ...).
    Field(&'static str),
    /// An element of a list or tuple.
    Index(usize),
}

/// What is wrong with a well-formed program, and where (a path from the top of the file,
/// and an offset inside the string at the end of it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// Where.
    pub path: Vec<Seg>,
    /// Byte offset into the string at `path`, if the problem is inside it.
    pub offset: Option<usize>,
    /// What.
    pub message: String,
}
