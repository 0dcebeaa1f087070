//! Conformance against the real BEAM: run programs on the simulator and on a real Elixir VM
//! (Elixir 1.14 / OTP 25), compare what both observed.
//!
//! ```text
//! otpsim conform [FILE...] [--catalogue] [--generate N --gen-seed S] [--quantum MS] [--elixir PATH]
//! ```
//!
//! 1. **Simulator.** Each program runs on the simulator under a few seeds
//!    ([`Options::sim_seeds`]). A program whose timings leave no room for a race has one
//!    outcome; if the seeds disagree and the program does not declare itself racy
//!    (`expect: one_of(..)`), that is reported ([`Verdict::SimRacy`]), not compared.
//! 2. **VM.** Every program is emitted as an Elixir module ([`emit`]); the whole batch runs in
//!    *one* `elixir` process ([`vm`]): the modules are compiled (in parallel), every module
//!    the programs may need is loaded, then the programs start (1 ms apart, see
//!    [`vm::STAGGER_MS`]), each under its own runner process, which names and monitors each
//!    process the program starts and collects its observations. Programs are isolated from
//!    each other: separate process trees, no shared names (registered names get a
//!    per-program suffix). The runners print only when the whole batch is over.
//! 3. **Comparison** ([`compare`]). Observations are lines `<ms>ms <process> <what>` on both
//!    sides, in the same words, pids and task references named alike (`#PID<main.t>`). Times
//!    are rounded to the quantum ([`Options::quantum_ms`]); each process's events must be the
//!    same, in the same order; the order *between* processes within a quantum is free.
//! 4. **Once more.** A program whose VM run differed *only in times* (each process had the
//!    same events in the same order, one of them a quantum off: a loaded machine) runs again
//!    in a second, small batch, and that run is judged. The summary names every such program;
//!    a difference in *what* happened is never retried.
//!
//! The runtime the emitted modules call is `runtime.exs` (module `OtpsimRt`, embedded in the
//! binary); `otpsim conform --keep DIR` leaves the batch script and every module in `DIR`,
//! and `elixir DIR/conform.exs` runs it again.
//!
//! ## Elixir files
//!
//! `otpsim conform FILE.exs` runs the same batch for Elixir files ([`exs::Exs`]; every kind
//! of program is a [`Subject`]): lowered to the IR, run on the simulator by
//! [`crate::interp::run_ir`], emitted back as Elixir by [`emit_ir`], and run on the VM under
//! `runtime_ir.exs` (module `OtpsimIr`), whose runner *traces* the program's processes
//! instead of having the emitted code report to it: spawns, exits with their exact
//! reasons, supervisors' `exit/2` calls and calls of marker functions by which a process
//! says what it observed or what the next process it starts is called. Names are worked
//! out from the trace as the simulator makes them (`main.t`, `main.sup.worker#2`). A file
//! runs as `elixir FILE.exs` runs it: when its top-level code ends, the VM halts, and what
//! is still alive is `cut off (the script ended)` — unless it says `# run: until quiet`.
//! Text the VM made mid-run (an exception's message) is printed as the program would have
//! seen it alone in a VM: raw pids of the program named, registered names without their
//! per-program suffix, modules without their per-program prefix. A list mixing Elixir
//! files and step-language programs runs as two batches (`--keep DIR` keeps the Elixir
//! files' in `DIR/exs`).
//!
//! ## Normalisations (both sides)
//!
//! * Stacktraces print as `[]` (the simulator has none; the VM's are replaced by the runtime:
//!   any non-empty list of `{module, function, arity | args, location}` tuples).
//! * Pids and references the program did not name (helpers inside `Task.shutdown`, say)
//!   print as `#PID<?>` / `#Reference<?>`.
//! * A registered name `:name` is registered on the VM as `:"name@otpsimN"` (N = the program's
//!   index in the batch), so that programs running side by side cannot collide; the runtime
//!   prints it back as `:name` (and `"#{x}"` of it as `name`: `OtpsimRt.show/1`).
//! * A child spec inside a term (the request of a `start_child` call to a supervisor that is
//!   gone, say) prints as `#Opaque<child_spec>`, as the simulator prints its own: on the VM
//!   it holds the runtime's start function.
//! * Exit times on the VM are when the runner received the `:DOWN`, a few µs after the exit.
//! * A supervisor's `restarting <child> (restart N in the window)` is the simulator's view of
//!   the supervisor's intensity bookkeeping, which OTP does not report: dropped from the
//!   simulator's side ([`compare::simulator_only`]). The restart itself is compared: the
//!   child's exit and the supervisor's `started <child> <new pid>`.
//! * A supervisor's other lines come, on the VM, from what it does: `started ..` from the
//!   start functions of its children (for a `Task.Supervisor`, from tracing its
//!   `Task.Supervised.start_link` calls), `terminating ..` / `killing ..` from tracing its
//!   `exit/2` calls, `gave up ..`, `failed to start ..`, `shutdown error ..` from its
//!   `:supervisor` reports.
//!
//! ## Testing the comparison itself
//!
//! [`Options::sim_variant`] runs the simulator on a *doctored* program (the VM still runs the
//! original): a stand-in for a simulator with a semantic bug, so a test can show that a
//! wrong model is caught (`tests/tests/conform.rs`).

pub mod compare;
pub mod emit;
pub mod emit_ir;
pub mod exs;
#[path = "gen.rs"]
pub mod generator;
pub mod recording;
mod subject;
pub mod vm;

pub use subject::{SimRun, Subject};

use crate::lang::Program;
use compare::{Event, events, first_difference, side_by_side};
use recording::Recording;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use vm::{VmError, VmProgram, VmRun, VmStatus};

/// How to run a conformance batch.
#[derive(Clone, Debug)]
pub struct Options {
    /// Times are compared rounded to this many milliseconds (default 50).
    pub quantum_ms: u64,
    /// The `elixir` executable.
    pub elixir: PathBuf,
    /// Seeds `0..N` each program runs under on the simulator (default 16).
    pub sim_seeds: u64,
    /// Seeds for programs that declare themselves racy with `expect: one_of(..)` (the VM
    /// must then match one of the simulator's outcomes; default 200).
    pub racy_sim_seeds: u64,
    /// Keep the emitted files in this directory (default: a temporary one, removed).
    pub keep_dir: Option<PathBuf>,
    /// Test hook: the simulator runs `variant(program)` instead of `program` (see the
    /// module docs; step-language programs only).
    pub sim_variant: Option<fn(&Program) -> Program>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            quantum_ms: 50,
            elixir: PathBuf::from("elixir"),
            sim_seeds: 16,
            racy_sim_seeds: 200,
            keep_dir: None,
            sim_variant: None,
        }
    }
}

/// Why a whole batch could not be checked.
#[derive(Debug)]
pub enum ConformError {
    /// No usable `elixir` (the message says how to install it).
    ElixirMissing(String),
    /// The VM batch failed as a whole.
    Vm(String),
}

impl std::fmt::Display for ConformError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConformError::ElixirMissing(m) | ConformError::Vm(m) => f.write_str(m),
        }
    }
}

/// The verdict on one program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The VM observed what the simulator observed.
    Agree,
    /// They differ; the first difference, in words.
    Disagree(String),
    /// The simulator has this many outcomes for a program that does not declare itself
    /// racy: its timings leave room for a race, so there is nothing to compare.
    SimRacy(usize),
    /// The program is not valid (the language's checker says why).
    Invalid(String),
    /// The emitter cannot write it in Elixir yet.
    NotEmitted(String),
    /// The emitted module did not compile, or the runner failed.
    VmFailed(String),
    /// Compared against a recording that has no run of this program, or one of another
    /// version of it.
    Unrecorded(String),
}

impl Verdict {
    /// True for [`Verdict::Agree`].
    pub fn agreed(&self) -> bool {
        *self == Verdict::Agree
    }
    fn label(&self) -> &'static str {
        match self {
            Verdict::Agree => "agree",
            Verdict::Disagree(_) => "DISAGREE",
            Verdict::SimRacy(_) => "SIMULATOR RACY",
            Verdict::Invalid(_) => "INVALID",
            Verdict::NotEmitted(_) => "NOT EMITTED",
            Verdict::VmFailed(_) => "VM FAILED",
            Verdict::Unrecorded(_) => "NOT RECORDED",
        }
    }
}

/// One program's result.
#[derive(Clone, Debug)]
pub struct ProgramResult<P = Program> {
    /// The program (as the VM ran it).
    pub program: P,
    /// The simulator's distinct outcomes (usually one).
    pub sim: Vec<Vec<Event>>,
    /// How the simulator's runs ended when not every process did (`deadlock`, ...).
    pub sim_note: Option<String>,
    /// The VM's events.
    pub vm: Vec<Event>,
    /// How the VM run ended, and what was still alive at its deadline.
    pub vm_status: Option<VmStatus>,
    /// Processes the VM runner killed at the deadline.
    pub vm_alive: Vec<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// The first VM run differed from the simulator only in times (a quantum late on a
    /// loaded machine), so the program ran again; these were the first run's events.
    pub retried: Option<Vec<Event>>,
    /// The VM run that was judged, as the VM reported it (times not rounded): what
    /// `--record` writes.
    pub vm_run: Option<VmRun>,
}

/// A batch's results.
#[derive(Clone, Debug)]
pub struct Report<P = Program> {
    /// Where the VM's side came from: `None` for a live VM, else the recording's path.
    pub recorded_from: Option<String>,
    /// `elixir --version`, shortened.
    pub elixir_version: String,
    /// The quantum times were rounded to.
    pub quantum_ms: u64,
    /// One per program, in input order.
    pub results: Vec<ProgramResult<P>>,
    /// Wall time on the simulator side.
    pub sim_time: Duration,
    /// Wall time of the `elixir` process (compile + run).
    pub vm_time: Duration,
    /// Wall time of the whole batch.
    pub wall: Duration,
}

impl<P: Subject> Report<P> {
    /// Programs that agreed.
    pub fn agreed(&self) -> usize {
        self.results.iter().filter(|r| r.verdict.agreed()).count()
    }
    /// Programs that did not.
    pub fn disagreed(&self) -> usize {
        self.results.len() - self.agreed()
    }
    /// True if every program agreed.
    pub fn all_agree(&self) -> bool {
        self.disagreed() == 0
    }

    /// The summary: programs, agreed, disagreed, wall time.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "conform: {} programs, {} agreed, {} disagreed\n",
            self.results.len(),
            self.agreed(),
            self.disagreed()
        );
        if !(self.elixir_version.contains("Elixir 1.14") && self.elixir_version.contains("OTP 25"))
        {
            let _ = writeln!(
                s,
                "warning: the simulator models Elixir 1.14 on Erlang/OTP 25; this VM is {}",
                self.elixir_version
            );
        }
        let retried: Vec<&str> = self
            .results
            .iter()
            .filter(|r| r.retried.is_some())
            .map(|r| r.program.name())
            .collect();
        if !retried.is_empty() {
            let _ = writeln!(
                s,
                "ran again: {} program(s) whose first VM run differed only in a time by a \
                 quantum (a loaded machine), {} of them agreed the second time: {}",
                retried.len(),
                self.results
                    .iter()
                    .filter(|r| r.retried.is_some() && r.verdict.agreed())
                    .count(),
                retried.join(", ")
            );
        }
        match &self.recorded_from {
            None => {
                let _ = writeln!(
                    s,
                    "wall time {:.1} s (simulator {:.1} s, VM {:.1} s in one elixir process); \
                     quantum {} ms; {}",
                    self.wall.as_secs_f64(),
                    self.sim_time.as_secs_f64(),
                    self.vm_time.as_secs_f64(),
                    self.quantum_ms,
                    self.elixir_version
                );
            }
            Some(file) => {
                let _ = writeln!(
                    s,
                    "wall time {:.1} s (simulator only); the VM's side recorded in {file} \
                     with {}; quantum {} ms",
                    self.wall.as_secs_f64(),
                    self.elixir_version,
                    self.quantum_ms,
                );
            }
        }
        s
    }

    /// Every program that did not agree: the program, both observations side by side, the
    /// first difference.
    pub fn disagreements(&self) -> String {
        let mut s = String::new();
        for r in self.results.iter().filter(|r| !r.verdict.agreed()) {
            s.push_str(&describe(r));
        }
        s
    }
}

fn lines(events: &[Event]) -> Vec<String> {
    events.iter().map(|e| e.to_string()).collect()
}

/// One non-agreeing program, in full.
pub fn describe<P: Subject>(r: &ProgramResult<P>) -> String {
    let mut s = format!("\n== {} {}\n", r.verdict.label(), r.program.name());
    match &r.verdict {
        Verdict::Agree => {}
        Verdict::Disagree(d) => {
            let _ = writeln!(s, "first difference: {d}");
        }
        Verdict::SimRacy(n) => {
            let _ = writeln!(
                s,
                "the simulator has {n} outcomes for this program: its timings leave room \
                 for a race, so it cannot be compared"
            );
        }
        Verdict::Invalid(m)
        | Verdict::NotEmitted(m)
        | Verdict::VmFailed(m)
        | Verdict::Unrecorded(m) => {
            let _ = writeln!(s, "{m}");
        }
    }
    if let Some(note) = &r.sim_note {
        let _ = writeln!(s, "simulator: {note}");
    }
    if !r.vm_alive.is_empty() {
        let _ = writeln!(
            s,
            "VM: still alive at the deadline (killed): {}",
            r.vm_alive.join(", ")
        );
    }
    if let Some(first) = &r.retried {
        let _ = writeln!(s, "(ran twice: the first VM run differed only in times)");
        if let Some(outcome) = r.sim.first() {
            let (sim, vm) = (lines(outcome), lines(first));
            s.push_str(&side_by_side("simulator", &sim, "VM, first run", &vm));
        }
    }
    let vm = lines(&r.vm);
    for (i, outcome) in r.sim.iter().enumerate() {
        let title = if r.sim.len() > 1 {
            format!("simulator (outcome {} of {})", i + 1, r.sim.len())
        } else {
            "simulator".to_string()
        };
        s.push_str(&side_by_side(&title, &lines(outcome), "VM", &vm));
    }
    let _ = writeln!(s, "program:\n{}", r.program.listing());
    s
}

/// The simulator's side of one program.
struct SimSide {
    outcomes: Vec<Vec<Event>>,
    end_ms: u64,
    note: Option<String>,
    /// Some run needs the VM's clock aligned ([`SimRun::align_clock`]).
    align_clock: bool,
}

/// Runs `program` under `seeds` seeds; its distinct outcomes.
fn run_sim<P: Subject>(
    program: &P,
    seeds: u64,
    quantum: u64,
    opts: &Options,
) -> Result<SimSide, String> {
    let mut side = SimSide {
        outcomes: Vec::new(),
        end_ms: 0,
        note: None,
        align_clock: false,
    };
    for seed in 0..seeds.max(1) {
        let run = program.simulate(seed, quantum, opts)?;
        side.align_clock |= run.align_clock;
        side.end_ms = side.end_ms.max(run.end_ms);
        if let Some(kind) = run.ended
            && side.note.is_none()
        {
            side.note = Some(format!("seed {seed} ended in {kind}"));
        }
        let evs = events(
            run.observations
                .into_iter()
                .filter(|o| !compare::simulator_only(&o.what))
                .map(|o| (o.time_ms, o.process, o.what)),
            quantum,
        );
        if !side.outcomes.contains(&evs) {
            side.outcomes.push(evs);
        }
    }
    Ok(side)
}

/// How long after its start the VM runner gives up on a program the simulator finished at
/// `end_ms`.
fn deadline(end_ms: u64, quantum: u64) -> u64 {
    end_ms + 1000 + 10 * quantum
}

/// Wall-clock time for the report only; it never reaches a run.
// The CLI may read the wall clock to report durations (clippy.toml bans it elsewhere).
#[allow(clippy::disallowed_methods)]
fn now() -> Instant {
    Instant::now()
}

/// The simulator's side of a batch, and the modules for the VM.
struct Prepared<P> {
    results: Vec<ProgramResult<P>>,
    batch: Vec<VmProgram>,
    /// Per program, its index in `batch` (`None`: not sent to the VM).
    slot: Vec<Option<usize>>,
    quantum: u64,
}

/// Step 1: the simulator, and the emitted modules.
fn prepare<P: Subject>(programs: &[P], opts: &Options) -> Prepared<P> {
    let q = opts.quantum_ms.max(1);
    let mut results: Vec<ProgramResult<P>> = Vec::with_capacity(programs.len());
    let mut batch: Vec<VmProgram> = Vec::new();
    let mut slot: Vec<Option<usize>> = Vec::with_capacity(programs.len());
    for program in programs {
        let mut r = ProgramResult {
            program: program.clone(),
            sim: Vec::new(),
            sim_note: None,
            vm: Vec::new(),
            vm_status: None,
            vm_alive: Vec::new(),
            verdict: Verdict::Agree,
            retried: None,
            vm_run: None,
        };
        let seeds = if program.declared_racy() {
            opts.racy_sim_seeds
        } else {
            opts.sim_seeds
        };
        let side = match run_sim(program, seeds, q, opts) {
            Ok(side) => side,
            Err(m) => {
                r.verdict = Verdict::Invalid(m);
                results.push(r);
                slot.push(None);
                continue;
            }
        };
        r.sim = side.outcomes;
        r.sim_note = side.note;
        match program.emit(batch.len()) {
            Ok(source) => {
                slot.push(Some(batch.len()));
                batch.push(VmProgram {
                    source,
                    deadline_ms: deadline(side.end_ms, q),
                    align_clock: side.align_clock,
                });
            }
            Err(e) => {
                r.verdict = Verdict::NotEmitted(e.message);
                slot.push(None);
            }
        }
        results.push(r);
    }
    Prepared {
        results,
        batch,
        slot,
        quantum: q,
    }
}

fn vm_error(e: VmError) -> ConformError {
    match e {
        VmError::Missing(m) => ConformError::ElixirMissing(m),
        VmError::Failed(m) => ConformError::Vm(m),
    }
}

/// Runs `programs` on the simulator and, in one `elixir` process, on the VM, and compares.
/// (Every program of a batch is of one kind: step-language programs run on `runtime.exs`,
/// Elixir files ([`exs::Exs`]) on `runtime_ir.exs`.)
pub fn conform<P: Subject>(programs: &[P], opts: &Options) -> Result<Report<P>, ConformError> {
    let start = now();
    let elixir_version = vm::elixir_version(&opts.elixir).map_err(|e| match e {
        VmError::Missing(m) | VmError::Failed(m) => ConformError::ElixirMissing(m),
    })?;
    let Prepared {
        mut results,
        batch,
        slot,
        quantum: q,
    } = prepare(programs, opts);
    let sim_time = start.elapsed();

    // 2. The VM: the whole batch in one elixir process.
    let vm_start = now();
    let runs: Vec<VmRun> = if batch.is_empty() {
        Vec::new()
    } else {
        vm::run_batch_with(
            &P::runtime(),
            &opts.elixir,
            &batch,
            opts.keep_dir.as_deref(),
        )
        .map_err(vm_error)?
    };
    let mut vm_time = vm_start.elapsed();

    // 3. Compare.
    for (r, slot) in results.iter_mut().zip(&slot) {
        if let Some(i) = *slot {
            record(r, &runs[i], q);
        }
    }

    // 4. Once more on the VM, for programs whose only difference was a time.
    let again: Vec<usize> = (0..results.len())
        .filter(|&i| slot[i].is_some() && timing_only_miss(&results[i]))
        .collect();
    if !again.is_empty() {
        let rerun: Vec<VmProgram> = again
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let mut p = batch[slot[i].expect("emitted")].clone();
                p.source = results[i].program.emit(k).expect("emitted before");
                p
            })
            .collect();
        let t = now();
        let runs =
            vm::run_batch_with(&P::runtime(), &opts.elixir, &rerun, None).map_err(vm_error)?;
        vm_time += t.elapsed();
        for (k, &i) in again.iter().enumerate() {
            let r = &mut results[i];
            r.retried = Some(std::mem::take(&mut r.vm));
            record(r, &runs[k], q);
        }
    }
    Ok(Report {
        recorded_from: None,
        elixir_version,
        quantum_ms: q,
        results,
        sim_time,
        vm_time,
        wall: start.elapsed(),
    })
}

/// Like [`conform`], with the VM's side read from a recording instead of a live VM (no
/// `elixir` needed): a program the recording lacks, or has for another version of the
/// program, is [`Verdict::Unrecorded`]. `source` names the recording in the summary.
pub fn conform_recorded<P: Subject>(
    programs: &[P],
    opts: &Options,
    recording: &Recording,
    source: &str,
) -> Report<P> {
    let start = now();
    let Prepared {
        mut results,
        slot,
        quantum: q,
        ..
    } = prepare(programs, opts);
    for (r, slot) in results.iter_mut().zip(&slot) {
        if slot.is_none() {
            continue;
        }
        match recording.lookup(&r.program) {
            Ok(run) => record(r, run, q),
            Err(m) => r.verdict = Verdict::Unrecorded(m),
        }
    }
    Report {
        recorded_from: Some(source.to_string()),
        elixir_version: recording.elixir_version.clone(),
        quantum_ms: q,
        results,
        sim_time: start.elapsed(),
        vm_time: Duration::ZERO,
        wall: start.elapsed(),
    }
}

impl<P: Subject> Report<P> {
    /// The VM runs of this (live) batch as a recording: what `--record` writes. Programs
    /// that never reached the VM are left out.
    pub fn to_recording(&self) -> Result<Recording, String> {
        let mut rec = Recording {
            elixir_version: self.elixir_version.clone(),
            ..Recording::default()
        };
        for r in &self.results {
            let Some(run) = &r.vm_run else { continue };
            let recorded = recording::Recorded {
                fingerprint: recording::fingerprint(&r.program)?,
                run: run.clone(),
            };
            if rec
                .runs
                .insert(r.program.name().to_string(), recorded)
                .is_some()
            {
                return Err(format!(
                    "two programs of the batch are named `{}`: a recording needs unique names",
                    r.program.name()
                ));
            }
        }
        Ok(rec)
    }

    /// Compares this live batch's VM runs with `recording`: each program the batch ran on
    /// the VM must be recorded, for this version of the program, with the same observations
    /// (times rounded to the quantum, as the simulator is compared, and allowed a quantum's
    /// jitter). Returns what is stale, one line per program.
    pub fn stale_against(&self, recording: &Recording) -> Vec<String> {
        let q = self.quantum_ms;
        let mut out = Vec::new();
        for r in &self.results {
            if r.vm_run.is_none() {
                continue;
            }
            let recorded = match recording.lookup(&r.program) {
                Ok(run) => run,
                Err(m) => {
                    out.push(m);
                    continue;
                }
            };
            let then = vm_events(recorded, q);
            // A time a quantum off is the VM's own jitter (a loaded machine), not a change.
            if !compare::within_jitter(&then, &r.vm, q) {
                let d = first_difference(&then, &r.vm).unwrap_or_default();
                out.push(format!(
                    "the VM recording of `{}` is stale: the VM now observes something else                      ({d})",
                    r.program.name()
                ));
            }
        }
        out
    }
}

/// The VM's events. The emitted step programs observe results and receives themselves
/// (`await t -> v`); the simulator runs them as the Elixir they print as, where those are
/// output lines (`log await t -> v`, see [`crate::lang::elixir_src::as_printed`]).
fn vm_events(run: &VmRun, q: u64) -> Vec<Event> {
    events(
        run.observations.iter().map(|o| {
            (
                o.ms,
                o.process.clone(),
                crate::lang::elixir_src::as_printed(&o.what),
            )
        }),
        q,
    )
}

/// Takes in one VM run of `r`'s program, and judges it.
fn record<P: Subject>(r: &mut ProgramResult<P>, run: &VmRun, q: u64) {
    r.vm = vm_events(run, q);
    r.vm_run = Some(run.clone());
    r.vm_alive = run.alive.clone();
    r.vm_status = Some(run.status.clone());
    r.verdict = judge(r, &run.status);
}

/// A disagreement in times only (see [`compare::timing_only`]).
fn timing_only_miss<P>(r: &ProgramResult<P>) -> bool {
    matches!(r.verdict, Verdict::Disagree(_))
        && r.sim.iter().any(|o| compare::timing_only(o, &r.vm))
}

fn judge<P: Subject>(r: &ProgramResult<P>, status: &VmStatus) -> Verdict {
    match status {
        VmStatus::CompileError(m) => {
            return Verdict::VmFailed(format!("the emitted module did not compile: {m}"));
        }
        VmStatus::RunnerError(m) => return Verdict::VmFailed(format!("the VM runner failed: {m}")),
        VmStatus::Done | VmStatus::Deadline => {}
    }
    if r.sim.len() > 1 && !r.program.declared_racy() {
        return Verdict::SimRacy(r.sim.len());
    }
    if r.sim.iter().any(|o| compare::agree(o, &r.vm)) {
        return Verdict::Agree;
    }
    // Against the first outcome: the one seed 0 gives.
    match first_difference(&r.sim[0], &r.vm) {
        Some(d) => Verdict::Disagree(d),
        None => Verdict::Agree,
    }
}
