//! What a batch does with each of its programs: a [`Scenario`] — an Elixir file, a catalogue
//! entry, or a step-language program printed as the Elixir it stands for — runs on the
//! simulator as its IR ([`crate::interp::run_ir`]) and on the VM as that same IR emitted
//! back as Elixir ([`emit_ir`]). Whatever the program was written in, both sides run one
//! program.

use super::emit_ir::{self, EmitError};
use super::{Options, generator};
use crate::interp::{Decisions, Limits, Observation, outcome_kind, run_ir};
use crate::lang::{Expect, to_ron};
use crate::scenario::{Origin, Scenario};
use sim::TraceMode;

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
    /// clock, as the simulator does (see [`super::vm::VmProgram`]).
    pub align_clock: bool,
}

/// It declares itself racy (`expect: one_of(..)`, `# expect one of:`): the VM must match
/// one of the simulator's outcomes.
pub fn declared_racy(program: &Scenario) -> bool {
    matches!(program.expect, Some(Expect::OneOf(_)))
}

/// What the simulator runs for `program`: the program itself, or, under
/// [`Options::sim_variant`], the doctored step program printed and lowered in its turn (an
/// Elixir file is never doctored). The VM always runs `program`.
pub fn simulated(program: &Scenario, opts: &Options) -> Result<Scenario, String> {
    match (&program.origin, opts.sim_variant) {
        (Origin::Steps(steps), Some(doctor)) => {
            Scenario::from_steps(&doctor(steps)).map_err(|e| e.message)
        }
        (Origin::Steps(_) | Origin::Elixir { .. }, _) => Ok(program.clone()),
    }
}

/// One run of `simulated` (see [`simulated`]) with seed `seed`.
pub fn simulate(simulated: &Scenario, seed: u64, quantum: u64) -> SimRun {
    let run = run_ir(
        &simulated.ir,
        &Decisions::Seed(seed),
        TraceMode::Off,
        Limits::default(),
    );
    let align_clock = match &simulated.origin {
        // The generator's programs are kept only if no two restarts are an ambiguous
        // distance apart, to a grid of twice the quantum; a step program that is not so
        // is aligned.
        Origin::Steps(steps) => !generator::window_safe(steps, &run.observations, 2 * quantum),
        // The window's size is a value of the program, not known here; aligning costs
        // under a second.
        Origin::Elixir { .. } => restarts(&run.observations),
    };
    SimRun {
        align_clock,
        end_ms: run.report.time.as_ms(),
        ended: (!run.report.outcome.ended_well()).then(|| outcome_kind(&run.report.outcome)),
        observations: run.observations.to_vec(),
    }
}

/// True if a supervisor restarted or gave up on a child: two attempts may then be an
/// ambiguous distance apart for its intensity window, so the VM's clock is aligned.
fn restarts(observations: &[Observation]) -> bool {
    observations.iter().any(|o| {
        (o.what.starts_with("restarting ") && o.what.ends_with(" in the window)"))
            || o.what.starts_with("gave up on ")
    })
}

/// The source of batch entry `idx` (module [`emit_ir::module_name`]`(idx)`).
pub fn emit(program: &Scenario, idx: usize) -> Result<String, EmitError> {
    emit_ir::emit_program(&program.ir, idx)
}

/// The program as its author wrote it, for reports: the Elixir file, or the step program
/// and the Elixir it printed as (what both sides ran).
pub fn listing(program: &Scenario) -> String {
    match &program.origin {
        Origin::Elixir { origin, .. } => {
            format!("{} ({origin}):\n{}", program.name, program.elixir)
        }
        Origin::Steps(steps) => format!(
            "{}\nprinted as Elixir (what both sides ran):\n{}",
            to_ron(steps),
            program.elixir
        ),
    }
}
