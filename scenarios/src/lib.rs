//! # scenarios — what users run
//!
//! The scenario language, the catalogue of named scenarios, the explorer and the `otpsim`
//! command line.
//!
//! ## Terminology
//!
//! * **program** (or scenario) — a [`Scenario`]: an Elixir script (`.exs`) whose top
//!   level is the root process `main`, with the modules it defines and the expectation
//!   written in its `# expect:` comment block. The older step language ([`lang`], RON)
//!   still loads: a step program is printed as Elixir ([`lang::elixir_src`]) and runs
//!   the same way, so there is one interpreter.
//! * **observation** — something a run saw: a line the program printed, a supervisor's
//!   report, the final exit reason of every process ([`Observation`]).
//! * **run** — one execution on the `sim` kernel, its decisions drawn from a seed or
//!   replayed from a schedule ([`Decisions`]).
//!
//! ## Writing and running a program
//!
//! [`Scenario::from_exs`] parses an Elixir script ([`elixir`]), lowers it to the IR
//! ([`lower`], [`ir`]) with `file:line:col` errors for what it cannot run, and
//! [`Scenario::run`] interprets it ([`interp`]) on the kernel.
//!
//! ```
//! use scenarios::{Decisions, Scenario};
//! use sim::TraceMode;
//!
//! let src = r#"
//! task = Task.async(fn ->
//!   Process.sleep(2000)
//!   "Data fetched"
//! end)
//! result = Task.await(task, 5000)
//! IO.puts("Result: #{result}")
//! "#;
//! let program = Scenario::from_exs(src, "example.exs").unwrap();
//! let run = program.run(&Decisions::Seed(0x2a), TraceMode::Off, &Default::default());
//! assert_eq!(run.lines(), [
//!     "2000ms main log Result: Data fetched",
//!     "2000ms main exit :normal",
//!     "2000ms main.task exit :normal",
//! ]);
//!
//! // Replaying the run's schedule reproduces it exactly.
//! let schedule = Decisions::Schedule(run.report.schedule.clone());
//! let again = program.run(&schedule, TraceMode::Off, &Default::default());
//! assert_eq!(again.lines(), run.lines());
//! ```
//!
//! ## The command line
//!
//! `otpsim list`, `otpsim run NAME|FILE [--seed S] [--format text|json|mermaid|chrome]`,
//! `otpsim explore NAME|FILE... | --all [--seeds N] [--jobs J] [--shard K/N] [--json]` and
//! `otpsim replay NAME|FILE (--seed S | --schedule FILE)`; see [`cli`]. The named scenarios
//! are in [`catalogue`]; sweeps in [`explore`].

pub mod checks;
pub mod runner;

pub mod catalogue;
pub mod cli;
pub mod conform;
pub mod display;
pub mod elixir;
pub mod explore;
pub mod hunt;
pub mod interp;
pub mod ir;
pub mod lang;
pub mod lower;
pub mod render;
pub mod scenario;
pub mod schedule_file;
mod small;
pub mod verdict;
pub mod zoo;

pub use interp::{Decisions, Limits, Observation, RunResult, run_program, run_program_within};
pub use lang::{Program, load_program, parse_program};
pub use scenario::Scenario;
