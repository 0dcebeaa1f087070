//! The scenario language: a program is a tree of processes, each a list of steps, written
//! by hand in [RON](https://github.com/ron-rs/ron) and kept close to the Elixir it stands for
//! (issue 6 emits the same programs as Elixir scripts).
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
//! Supervisor steps (`Supervisor`, `DynamicSupervisor`, `Task.Supervisor` with child specs,
//! `start_child`, `async_nolink`, `GenServer.call`) come next, as new `Step` variants: the
//! interpreter already names every process and records every result, so they slot in beside
//! the `Task` steps.

mod check;
mod error;
mod ir;
mod locate;
mod parser;
mod scope;
pub mod term;
mod values;

pub use check::compile;
pub use error::LangError;
pub use ir::{Block, CompileError, Op, Script, Seg, SpawnKind};
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

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Parses a program from RON text (`origin` names the file in error messages). Syntax errors
/// give the line and column, and what was expected there.
pub fn parse_program(src: &str, origin: &str) -> Result<Program, LangError> {
    ron_options().from_str::<Program>(src).map_err(|e| {
        let pos = e.span.start;
        let message = e.code.to_string();
        let col = found_word_col(src, pos.line, pos.col, &message);
        LangError::at(origin, src, pos.line, col, message)
    })
}

/// Our own value errors ("... found `forever`") are reported by RON after the value: point
/// at the word itself when it is on the same line, just before.
fn found_word_col(src: &str, line: usize, col: usize, message: &str) -> usize {
    let word = message
        .rsplit_once("found `")
        .and_then(|(_, rest)| rest.strip_suffix('`'));
    let text = src.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let before: String = text.chars().take(col.saturating_sub(1)).collect();
    match word.and_then(|w| before.rfind(w)) {
        Some(byte) => before[..byte].chars().count() + 1,
        None => col,
    }
}

/// Parses and checks a program: syntax, then every binding, expression and pattern. The
/// error of a well-formed file that uses an unknown binding points at the binding.
pub fn load_program(src: &str, origin: &str) -> Result<Program, LangError> {
    let program = parse_program(src, origin)?;
    if let Err(e) = compile(&program) {
        let (line, col) = locate::locate(src, &e.path, e.offset);
        return Err(LangError::at(origin, src, line, col, e.message));
    }
    Ok(program)
}

/// The program as RON text (what [`parse_program`] reads back).
pub fn to_ron(program: &Program) -> String {
    let pretty = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .indentor("    ".to_string());
    ron_options()
        .to_string_pretty(program, pretty)
        .unwrap_or_else(|e| format!("// cannot serialise: {e}"))
}
