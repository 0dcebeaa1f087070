//! # scenarios — what users run
//!
//! The scenario language, the catalogue of named scenarios, the explorer and the `otpsim`
//! command line.
//!
//! ## Terminology
//!
//! * **program** (or scenario) — a [`Program`]: the steps of a root process `main`, which
//!   may start tasks and processes with steps of their own, and an expectation.
//! * **step** — one line of a process: `sleep(100)`, `await(task: "t")`, ... ([`lang::Step`]).
//! * **observation** — something a run saw: a log line, an awaited value, a message
//!   received, a caught exit, the final exit reason of every process ([`Observation`]).
//! * **run** — one execution on the `sim` kernel, its decisions drawn from a seed or
//!   replayed from a schedule ([`Decisions`]).
//!
//! ## Writing and running a program
//!
//! Programs are written in RON, close to the Elixir they stand for ([`lang`] has the
//! grammar). [`load_program`] parses and checks one, with `file:line:col` errors;
//! [`run_program`] runs it.
//!
//! ```
//! use scenarios::{Decisions, load_program, run_program};
//! use sim::TraceMode;
//!
//! let src = r#"
//! Program(
//!     name: "AsyncExample",
//!     main: [
//!         async(as: "task", do: [sleep(2000)], return: "\"Data fetched\""),
//!         await(task: "task", timeout: 5000, as: "result"),
//!         log("Result: #{result}"),
//!     ],
//! )"#;
//! let program = load_program(src, "example.ron").unwrap();
//! let run = run_program(&program, &Decisions::Seed(0x2a), TraceMode::Off).unwrap();
//! assert_eq!(run.lines(), [
//!     "2000ms main await task -> \"Data fetched\"",
//!     "2000ms main log Result: Data fetched",
//!     "2000ms main exit :normal",
//!     "2000ms main.task exit :normal",
//! ]);
//!
//! // Replaying the run's schedule reproduces it exactly.
//! let again = run_program(&program, &Decisions::Schedule(run.report.schedule.clone()), TraceMode::Off).unwrap();
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
pub mod interp;
pub mod ir;
pub mod lang;
pub mod lower;
pub mod render;
pub mod schedule_file;
pub mod verdict;

pub use interp::{
    Decisions, Limits, Observation, RunResult, run_program, run_program_within, run_script,
    run_script_within,
};
pub use lang::{Program, load_program, parse_program};
