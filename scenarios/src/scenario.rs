//! A program ready to run, whatever it was written in: an Elixir file (`.exs`), or a
//! program of the step language (generated, or a legacy `.ron` file), which is printed as
//! the Elixir it stands for ([`crate::lang::elixir_src`]). Either way it is lowered once to
//! the IR, and every run of it — `otpsim run`, `explore`, `replay`, the tests — runs that.

use crate::interp::{Decisions, Limits, RunResult, run_ir};
use crate::ir;
use crate::lang::{self, Expect, LangError};
use crate::verdict;
use sim::TraceMode;
use std::rc::Rc;

/// Where a scenario came from: plain data (`Send`), so that the worker threads of a sweep
/// can each [`Origin::load`] their own copy (the IR is `Rc`-based: one per thread).
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// An Elixir file (or a catalogue entry): its text and where it came from.
    Elixir {
        /// The source.
        text: String,
        /// The file's path or the catalogue entry's name.
        origin: String,
    },
    /// A program of the step language.
    Steps(Box<lang::Program>),
}

impl Origin {
    /// The scenario, lowered.
    pub fn load(&self) -> Result<Scenario, String> {
        match self {
            Origin::Elixir { text, origin } => {
                Scenario::from_exs(text, origin).map_err(|e| e.to_string())
            }
            Origin::Steps(p) => Scenario::from_steps(p).map_err(|e| e.message),
        }
    }
}

/// A program, lowered, with what its runs must observe.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Its name (the file's `# name:`, else the file's stem; a step program's `name:`).
    pub name: String,
    /// One line on what it shows.
    pub description: String,
    /// What the interpreter runs.
    pub ir: Rc<ir::Program>,
    /// What every run must observe.
    pub expect: Option<Expect>,
    /// Where it came from.
    pub origin: Origin,
    /// Its Elixir source: the file, or what the step program printed as.
    pub elixir: Rc<str>,
}

/// The stem of a path (`dir/async_example.exs` ⇒ `async_example`).
fn stem(origin: &str) -> &str {
    let base = origin.rsplit(['/', '\\']).next().unwrap_or(origin);
    base.strip_suffix(".exs").unwrap_or(base)
}

impl Scenario {
    /// An Elixir file: parsed, its header read, lowered. `origin` names it in errors; its
    /// stem is its name unless the header gives one.
    pub fn from_exs(text: &str, origin: &str) -> Result<Scenario, LangError> {
        let (program, header) = crate::lower::load(text, origin, stem(origin))?;
        Ok(Scenario {
            name: program.name.clone(),
            description: program.description.clone(),
            expect: header.expect.map(|(e, _)| e),
            ir: Rc::new(program),
            origin: Origin::Elixir {
                text: text.to_string(),
                origin: origin.to_string(),
            },
            elixir: text.into(),
        })
    }

    /// A step program, through the Elixir it stands for.
    pub fn from_steps(program: &lang::Program) -> Result<Scenario, lang::CompileError> {
        let fail = |message: String| lang::CompileError {
            path: Vec::new(),
            offset: None,
            message,
        };
        let text = lang::elixir_src::to_elixir(program).map_err(|e| fail(e.message))?;
        let (ir, header) = crate::lower::load(&text, &program.name, &program.name)
            .map_err(|e| fail(format!("the step program printed as Elixir that otpsim cannot read (a bug): {e}\n{text}")))?;
        Ok(Scenario {
            name: program.name.clone(),
            description: program.description.clone(),
            expect: header.expect.map(|(e, _)| e),
            ir: Rc::new(ir),
            origin: Origin::Steps(Box::new(program.clone())),
            elixir: text.into(),
        })
    }

    /// One run.
    pub fn run(&self, decisions: &Decisions, trace: TraceMode, limits: &Limits) -> RunResult {
        run_ir(&self.ir, decisions, trace, *limits)
    }

    /// One run with the trace off and no schedule kept in its report: for runs that are
    /// only judged and counted, when the decisions replay without a schedule (a seed).
    pub fn run_bare(&self, decisions: &Decisions, limits: &Limits) -> RunResult {
        crate::interp::run_ir_bare(&self.ir, decisions, *limits)
    }

    /// Whether `run` kept the invariants and met the expectation (see
    /// [`verdict::judge`]).
    pub fn check(&self, run: &RunResult) -> Result<(), String> {
        if let Some(limit) = &run.limit {
            return Err(limit.clone());
        }
        verdict::judge(
            self.expect.as_ref(),
            &run.report.outcome,
            run.violation.as_ref(),
            &run.lines(),
        )
    }
}
