//! The scenario language: a program is a tree of processes, each a list of steps, written
//! by hand in [RON](https://github.com/ron-rs/ron) and kept close to the Elixir it stands for
//! (`otpsim conform` emits the same programs as Elixir scripts).
//!
//! ```ron
//! Program(
//!     name: "AsyncExample",
//!     description: "Task.async + Task.await: the result arrives after 2 s",
//!     main: [
//!         async(as: "task", do: [sleep(2000)], return: "\"Data fetched\""),
//!         await(task: "task", timeout: 5000, as: "result"),
//!         log("Result: #{result}"),
//!     ],
//! )
//! ```
//!
//! ## Grammar (steps, in RON)
//!
//! | step | Elixir |
//! |---|---|
//! | `sleep(ms)` | `Process.sleep(ms)` |
//! | `log("text #{x} #{inspect(y)}")` | `IO.puts("text #{x} #{inspect(y)}")` |
//! | `let("x", "expr")` | `x = expr` |
//! | `async(as: "t", do: [..], return: "expr")` | `t = Task.async(fn -> ..; expr end)` (`return` defaults to `":ok"`) |
//! | `await(task: "t", timeout: 5000, as: "v")` | `v = Task.await(t, 5000)` (`timeout` defaults to 5000, or `infinity`) |
//! | `yield(task:, timeout:, as:)` | `v = Task.yield(t, timeout)` |
//! | `yield_many(tasks: ["a", "b"], timeout:, as:)` | `v = Task.yield_many([a, b], timeout)` |
//! | `await_many(tasks: [..], timeout:, as:)` | `v = Task.await_many([a, b], timeout)` |
//! | `shutdown(task:, timeout: 5000 \| infinity \| brutal_kill, as:)` | `v = Task.shutdown(t, timeout)` |
//! | `ignore(task:, as:)` | `v = Task.ignore(t)` |
//! | `start(as: "p", do: [..])`, `start_link(..)` | `{:ok, p} = Task.start(fn -> .. end)` / `Task.start_link` |
//! | `spawn(as: "p", do: [..])`, `spawn_link(..)` | `p = spawn(fn -> .. end)` / `spawn_link` |
//! | `send(to: "expr", msg: "expr")` | `send(expr, msg)` (a pid, a registered name `:name`, or an alias) |
//! | `receive(match: [("pattern", [..]), ..], after: (ms, [..]))` | `receive do pattern -> .. after ms -> .. end` |
//! | `raise("message")` | `raise "message"` |
//! | `exit("reason")` | `exit(reason)` |
//! | `trap_exit(true)` | `Process.flag(:trap_exit, true)` |
//! | `kill("pid")` | `Process.exit(pid, :kill)` |
//! | `exit_signal(to: "pid", reason: ":normal")` | `Process.exit(pid, :normal)` |
//! | `catch_exit(do: [..], as: "r", catch: [..])` | `try do .. catch :exit, r -> .. end` |
//! | `rescue(do: [..], as: "e", rescue: [..])` | `try do .. rescue e -> .. end` |
//! | `register("name")` | `Process.register(self(), :name)` |
//!
//! Values (`"expr"` above) are Elixir terms in a RON string: `:ok`, `42`, `"text"` (written
//! `"\"text\""` or `r#""text""#` in RON), `{:ok, x}`, `[1, 2]`, `nil`, `true`, module names
//! such as `Task`, variables, `self()` and a task's fields `t.pid` / `t.ref` / `t.owner`.
//! Patterns add `_`, fresh variables (bound in the clause) and pinned `^x`.
//!
//! Bindings are lexical, as in Elixir: a process body sees the variables bound before it was
//! spawned; variables bound inside `do:`, a receive clause or a `catch:` block do not leak out.
//!
//! Supervisors, their child specs and GenServers (SEMANTICS.md §3–§4) are in [`sup`].

mod check;
mod check_child;
mod check_header;
pub(crate) use check_header::observation_line;
mod check_sup;
pub mod elixir_src;
mod error;
mod ir;
mod load;
mod locate;
mod parser;
mod scope;
pub mod sup;
pub mod term;
mod values;

pub use check::compile;
pub use error::LangError;
pub use ir::{
    Block, ChildBody, ChildIr, CompileError, Op, Script, Seg, SpawnKind, SupIr, SupKind, SupOp,
};
pub use load::{load_program, parse_program, to_ron};
pub use sup::{CallClause, Child, ChildType, Restart, Strategy};
pub use values::{ShutdownMode, Timeout};

use serde::{Deserialize, Serialize};

/// A scenario: a name, a one-line description, the steps of the root process `main`, and
/// what a run must observe.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// The scenario's name (catalogue key, schedule files).
    pub name: String,
    /// One line saying what it shows.
    #[serde(default)]
    pub description: String,
    /// The steps of the root process, named `main`.
    pub main: Vec<Step>,
    /// What every run must observe (checked by `run`, `replay` and `explore`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
}

/// A receive clause: a pattern and the steps run when it matches.
pub type Clause = (String, Vec<Step>);
/// A receive's `after`: the timeout and the steps run when it passes.
pub type After = (Timeout, Vec<Step>);

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}
fn default_return() -> String {
    ":ok".to_string()
}
fn is_ok_return(s: &str) -> bool {
    s == ":ok"
}

/// One step of a process. See the module docs for the Elixir each stands for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[allow(missing_docs)]
pub enum Step {
    #[serde(deserialize_with = "values::bounded")]
    Sleep(u64),
    Log(String),
    Let(String, String),
    Async {
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
        #[serde(rename = "do", default)]
        body: Vec<Step>,
        #[serde(
            rename = "return",
            default = "default_return",
            skip_serializing_if = "is_ok_return"
        )]
        ret: String,
    },
    Await {
        task: String,
        #[serde(default, skip_serializing_if = "is_default")]
        timeout: Timeout,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
    },
    Yield {
        task: String,
        #[serde(default, skip_serializing_if = "is_default")]
        timeout: Timeout,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
    },
    YieldMany {
        tasks: Vec<String>,
        #[serde(default, skip_serializing_if = "is_default")]
        timeout: Timeout,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
    },
    AwaitMany {
        tasks: Vec<String>,
        #[serde(default, skip_serializing_if = "is_default")]
        timeout: Timeout,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
    },
    Shutdown {
        task: String,
        #[serde(default, skip_serializing_if = "is_default")]
        timeout: ShutdownMode,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
    },
    Ignore {
        task: String,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
    },
    Start {
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
        #[serde(rename = "do", default)]
        body: Vec<Step>,
    },
    StartLink {
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
        #[serde(rename = "do", default)]
        body: Vec<Step>,
    },
    Spawn {
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
        #[serde(rename = "do", default)]
        body: Vec<Step>,
    },
    SpawnLink {
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
        #[serde(rename = "do", default)]
        body: Vec<Step>,
    },
    Send {
        to: String,
        msg: String,
    },
    Receive {
        #[serde(rename = "match", default)]
        clauses: Vec<Clause>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<After>,
    },
    Raise(String),
    Exit(String),
    TrapExit(bool),
    Kill(String),
    ExitSignal {
        to: String,
        reason: String,
    },
    CatchExit {
        #[serde(rename = "do")]
        body: Vec<Step>,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
        #[serde(rename = "catch", default)]
        handler: Vec<Step>,
    },
    Rescue {
        #[serde(rename = "do")]
        body: Vec<Step>,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
        #[serde(rename = "rescue", default)]
        handler: Vec<Step>,
    },
    Register(String),
    /// `{:ok, sup} = Supervisor.start_link(children, strategy: .., max_restarts: ..,
    /// max_seconds: .., name: ..)`.
    Supervisor {
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        strategy: Strategy,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_restarts"
        )]
        max_restarts: Option<u32>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_bounded"
        )]
        max_seconds: Option<u64>,
        #[serde(default)]
        children: Vec<Child>,
    },
    /// `{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one, ..)`.
    DynamicSupervisor {
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_bounded"
        )]
        max_children: Option<u64>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_restarts"
        )]
        max_restarts: Option<u32>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_bounded"
        )]
        max_seconds: Option<u64>,
    },
    /// `{:ok, sup} = Task.Supervisor.start_link(..)`.
    TaskSupervisor {
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_bounded"
        )]
        max_children: Option<u64>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_restarts"
        )]
        max_restarts: Option<u32>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_bounded"
        )]
        max_seconds: Option<u64>,
    },
    /// `Supervisor.start_child(sup, spec)` / `DynamicSupervisor.start_child(sup, spec)`
    /// (with `child:`), or `Task.Supervisor.start_child(sup, fn -> .. end, restart: ..,
    /// shutdown: ..)` (with `do:`).
    StartChild {
        sup: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        child: Option<Child>,
        #[serde(rename = "do", default, skip_serializing_if = "Option::is_none")]
        body: Option<Vec<Step>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        restart: Option<Restart>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shutdown: Option<ShutdownMode>,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
    },
    /// `t = Task.Supervisor.async_nolink(sup, fn -> ..; ret end, shutdown: ..)`.
    AsyncNolink {
        sup: String,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
        #[serde(rename = "do", default)]
        body: Vec<Step>,
        #[serde(
            rename = "return",
            default = "default_return",
            skip_serializing_if = "is_ok_return"
        )]
        ret: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shutdown: Option<ShutdownMode>,
    },
    /// `t = Task.Supervisor.async(sup, fn -> ..; ret end, shutdown: ..)` (linked).
    SupervisedAsync {
        sup: String,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
        #[serde(rename = "do", default)]
        body: Vec<Step>,
        #[serde(
            rename = "return",
            default = "default_return",
            skip_serializing_if = "is_ok_return"
        )]
        ret: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shutdown: Option<ShutdownMode>,
    },
    /// `v = Supervisor.which_children(sup)`.
    WhichChildren {
        sup: String,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
    },
    /// `v = Supervisor.count_children(sup)`.
    CountChildren {
        sup: String,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
    },
    /// `v = Task.Supervisor.children(sup)`.
    Children {
        sup: String,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
    },
    /// `v = Supervisor.terminate_child(sup, id)` (a pid for a `DynamicSupervisor`).
    TerminateChild {
        sup: String,
        child: String,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
    },
    /// `v = Supervisor.restart_child(sup, id)`.
    RestartChild {
        sup: String,
        child: String,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
    },
    /// `v = Supervisor.delete_child(sup, id)`.
    DeleteChild {
        sup: String,
        child: String,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
    },
    /// `v = Supervisor.stop(sup, reason)` (`reason` defaults to `:normal`).
    Stop {
        sup: String,
        #[serde(
            default = "sup::default_reason",
            skip_serializing_if = "sup::is_normal_reason"
        )]
        reason: String,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
    },
    /// `{:ok, srv} = GenServer.start_link(Srv, nil, name: ..)`: `init` runs the `init:`
    /// steps; `handle_call` runs the first clause whose pattern matches and replies.
    GenServer {
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        init: Vec<Step>,
        #[serde(default)]
        handle_call: Vec<CallClause>,
    },
    /// `v = GenServer.call(server, msg, timeout)`.
    Call {
        server: String,
        msg: String,
        #[serde(default, skip_serializing_if = "is_default")]
        timeout: Timeout,
        #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
        bind: Option<String>,
    },
}

/// What every run of a program must observe. Lines are [`crate::Observation`] lines
/// (`"2000ms main log Result: Data fetched"`), compared with the run's observations sorted
/// by time, then process name (each process's own lines keep their order).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// Exactly these observations.
    Lines(Vec<String>),
    /// Exactly one of these sets (for racy programs whose outcome depends on the schedule).
    OneOf(Vec<Vec<String>>),
    /// At least these observations, in this order, possibly with others between.
    Contains(Vec<String>),
}

/// A step program the unit tests share: `scenarios/tests/steps/<stem>.ron` (the step
/// language's catalogue is gone; the catalogue is Elixir).
#[cfg(test)]
pub(crate) fn test_program(stem: &str) -> Program {
    let src = match stem {
        "async_example" => include_str!("../../tests/steps/async_example.ron"),
        "same_ms_timeout_race" => include_str!("../../tests/steps/same_ms_timeout_race.ron"),
        "intensity_window_gives_up" => {
            include_str!("../../tests/steps/intensity_window_gives_up.ron")
        }
        "intensity_window_survives" => {
            include_str!("../../tests/steps/intensity_window_survives.ron")
        }
        other => panic!("no step program tests/steps/{other}.ron for unit tests"),
    };
    load_program(src, &format!("tests/steps/{stem}.ron")).unwrap_or_else(|e| panic!("{e}"))
}
