//! What the batch needs of a kind of program ([`Subject`]), and the step language's answer.

use super::emit::{self, EmitError};
use super::{Options, generator, vm};
use crate::interp::{Decisions, Observation, outcome_kind, run_program};
use crate::lang::{Expect, Program, to_ron};
use sim::TraceMode;

/// A program a conformance batch runs on both sides: a program of the step language
/// ([`Program`]) or an Elixir file ([`super::exs::Exs`]). The batch (simulate, emit, run on the VM,
/// compare, run again, record) is the same for every kind.
pub trait Subject: Clone {
    /// The runtime its emitted modules run on.
    fn runtime() -> vm::Runtime;
    /// Its name (unique in a batch that is recorded).
    fn name(&self) -> &str;
    /// It declares itself racy (`expect: one_of(..)`): the VM must match one of the
    /// simulator's outcomes.
    fn declared_racy(&self) -> bool;
    /// One run on the simulator, with seed `seed`.
    fn simulate(&self, seed: u64, quantum: u64, opts: &Options) -> Result<SimRun, String>;
    /// The source of batch entry `idx` (module [`emit::module_name`]`(idx)`).
    fn emit(&self, idx: usize) -> Result<String, EmitError>;
    /// The program as its author wrote it, for reports.
    fn listing(&self) -> String;
}

/// What one run on the simulator observed.
#[derive(Clone, Debug)]
pub struct SimRun {
    /// The observations.
    pub observations: Vec<Observation>,
    /// Virtual time at the end, in ms.
    pub end_ms: u64,
    /// How the run ended, when not every process did as it should (`deadlock`, ...).
    pub ended: Option<&'static str>,
    /// Two restart attempts of a supervisor are an ambiguous distance apart for its
    /// intensity window: the VM must start the program at a whole second of its monotonic
    /// clock, as the simulator does (see [`vm::VmProgram`]).
    pub align_clock: bool,
}

impl Subject for Program {
    fn runtime() -> vm::Runtime {
        vm::STEPS
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn declared_racy(&self) -> bool {
        matches!(self.expect, Some(Expect::OneOf(_)))
    }
    fn simulate(&self, seed: u64, quantum: u64, opts: &Options) -> Result<SimRun, String> {
        let doctored;
        let simulated = match opts.sim_variant {
            Some(f) => {
                doctored = f(self);
                &doctored
            }
            None => self,
        };
        let run = run_program(simulated, &Decisions::Seed(seed), TraceMode::Off)
            .map_err(|e| e.message)?;
        Ok(SimRun {
            align_clock: !generator::window_safe(simulated, &run.observations, 2 * quantum),
            end_ms: run.report.time.as_ms(),
            ended: (!run.report.outcome.ended_well()).then(|| outcome_kind(&run.report.outcome)),
            observations: run.observations,
        })
    }
    fn emit(&self, idx: usize) -> Result<String, EmitError> {
        emit::emit_program(self, idx)
    }
    fn listing(&self) -> String {
        to_ron(self)
    }
}
