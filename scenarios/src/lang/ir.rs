//! The compiled form of a program: what the interpreter runs. Every string is parsed once,
//! every binding checked; blocks are shared (`Rc`), so a spawn costs a reference count.

use super::term::{Expr, Pat, Template};
use model::Shutdown;
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
