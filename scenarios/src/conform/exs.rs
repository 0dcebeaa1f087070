//! Elixir files under `otpsim conform`: a `.exs` program, lowered to the IR, runs on the
//! simulator ([`crate::interp::run_ir`]) and, emitted back as Elixir ([`super::emit_ir`]), on
//! the VM under `runtime_ir.exs`.

use super::emit::EmitError;
use super::{Options, SimRun, Subject, emit_ir, vm};
use crate::interp::{Decisions, Limits, run_ir};
use crate::ir;
use crate::lang::Expect;
use crate::lower;
use sim::TraceMode;
use std::path::Path;
use std::rc::Rc;

/// An Elixir program made ready for conformance.
#[derive(Clone, Debug)]
pub struct Exs {
    /// The lowered program.
    pub program: Rc<ir::Program>,
    /// Its source, as written.
    pub source: String,
    /// Where it came from (for messages).
    pub origin: String,
    /// It declares itself racy (`# expect one of:`).
    racy: bool,
}

impl Exs {
    /// Lowers `source` (from `origin`); the program is named after the file's stem unless
    /// its header names it.
    pub fn load(source: &str, origin: &str) -> Result<Exs, String> {
        let stem = Path::new(origin)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("program");
        let (program, header) = lower::load(source, origin, stem).map_err(|e| e.to_string())?;
        Ok(Exs {
            program: Rc::new(program),
            source: source.to_string(),
            origin: origin.to_string(),
            racy: matches!(header.expect, Some((Expect::OneOf(_), _))),
        })
    }

    /// Reads and lowers the file at `path`.
    pub fn read(path: &Path) -> Result<Exs, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Exs::load(&text, &path.display().to_string())
    }
}

/// True if a supervisor restarted or gave up on a child: two attempts may then be an
/// ambiguous distance apart for its intensity window, so the VM's clock is aligned (the
/// window's size is a value of the program, not known here; aligning costs under a second).
fn restarts(observations: &[crate::interp::Observation]) -> bool {
    observations.iter().any(|o| {
        (o.what.starts_with("restarting ") && o.what.ends_with(" in the window)"))
            || o.what.starts_with("gave up on ")
    })
}

impl Subject for Exs {
    fn runtime() -> vm::Runtime {
        vm::IR
    }
    fn name(&self) -> &str {
        &self.program.name
    }
    fn declared_racy(&self) -> bool {
        self.racy
    }
    /// ([`Options::sim_variant`] is for step-language programs: not applied.)
    fn simulate(&self, seed: u64, _quantum: u64, _opts: &Options) -> Result<SimRun, String> {
        let run = run_ir(
            &self.program,
            &Decisions::Seed(seed),
            TraceMode::Off,
            Limits::default(),
        );
        Ok(SimRun {
            align_clock: restarts(&run.observations),
            end_ms: run.report.time.as_ms(),
            ended: (!run.report.outcome.ended_well())
                .then(|| crate::interp::outcome_kind(&run.report.outcome)),
            observations: run.observations,
        })
    }
    fn emit(&self, idx: usize) -> Result<String, EmitError> {
        emit_ir::emit_program(&self.program, idx)
    }
    fn listing(&self) -> String {
        format!("{} ({}):\n{}", self.program.name, self.origin, self.source)
    }
}
