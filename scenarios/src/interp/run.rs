//! Running an IR program: `main` is the root process; the run halts when it ends, as
//! `elixir script.exs` does, unless the program runs to quiet.

use super::machine::{Cx, Machine};
use super::record::{Recorder, What};
use super::{Limits, RunResult};
use crate::checks::Monitors;
use crate::ir::{Ending, Program};
use sim::{Config, Outcome, SignalOrder, Sim, TraceMode};
use std::cell::RefCell;
use std::rc::Rc;

/// Runs `program` once with `decisions`.
pub fn run_ir(
    program: &Rc<Program>,
    decisions: &super::Decisions,
    trace: TraceMode,
    limits: Limits,
) -> RunResult {
    run_ir_in_order(program, decisions, trace, limits, SignalOrder::Node)
}

/// [`run_ir`], with signals from different senders taking effect as `order` says: as on
/// one node ([`SignalOrder::Node`], what `run_ir` does), or in any order the per-pair
/// guarantee allows ([`SignalOrder::Pair`], semantics §1.8).
pub fn run_ir_in_order(
    program: &Rc<Program>,
    decisions: &super::Decisions,
    trace: TraceMode,
    limits: Limits,
    order: SignalOrder,
) -> RunResult {
    let config = Config {
        signal_order: order,
        ..config(trace, &limits)
    };
    run_decided(program, decisions, config, limits)
}

/// [`run_ir`] with the trace off and no schedule kept (`Config::record_schedule`): a run
/// that is only judged and counted, as explore's seed runs are (a seed replays its run).
pub fn run_ir_bare(
    program: &Rc<Program>,
    decisions: &super::Decisions,
    limits: Limits,
) -> RunResult {
    let config = Config {
        record_schedule: false,
        ..config(TraceMode::Off, &limits)
    };
    run_decided(program, decisions, config, limits)
}

fn run_decided(
    program: &Rc<Program>,
    decisions: &super::Decisions,
    config: Config,
    limits: Limits,
) -> RunResult {
    let sim = match decisions {
        super::Decisions::Seed(seed) => Sim::seeded_with(*seed, config),
        super::Decisions::Schedule(s) => Sim::replay(s, config),
        super::Decisions::Prefix(s) => Sim::replay_prefix(s, config),
        super::Decisions::Pct { seed, depth, steps } => {
            Sim::new(sim::pct::PctChooser::new(*seed, *depth, *steps), config)
        }
    };
    run_in(program, sim, limits)
}

/// Runs `program` once with the decisions of `chooser` (an exhaustive search's).
pub fn run_ir_with(
    program: &Rc<Program>,
    chooser: impl sim::Chooser + 'static,
    trace: TraceMode,
    limits: Limits,
) -> RunResult {
    run_in(program, Sim::new(chooser, config(trace, &limits)), limits)
}

fn config(trace: TraceMode, limits: &Limits) -> Config {
    Config {
        max_steps: limits.max_steps,
        max_time: limits.max_time,
        trace,
        inject: limits.inject,
        ..Config::default()
    }
}

thread_local! {
    /// The standard monitors of this thread's last run, reset, with the faults they were
    /// made for: the next run with the same faults reuses them and their buffers instead
    /// of building and dropping a set per run (explore runs thousands on each thread).
    static SPARE_MONITORS: RefCell<Option<(sim::Inject, Rc<RefCell<Monitors>>)>> =
        const { RefCell::new(None) };
}

thread_local! {
    /// This thread's last recorder, reset: the next run reuses its tables.
    static SPARE_RECORDER: RefCell<Option<Rc<RefCell<Recorder>>>> = const { RefCell::new(None) };
}

/// A recorder for a run: this thread's spare one, or a new one.
fn spare_recorder() -> Rc<RefCell<Recorder>> {
    SPARE_RECORDER
        .take()
        .unwrap_or_else(|| Rc::new(RefCell::new(Recorder::default())))
}

/// Keeps a finished run's recorder for the next run on this thread, reset, if nothing else
/// holds it or can reach it: the run's processes and observers are gone once it has ended,
/// but a closure of the run kept in a value it left (an exit reason, a recorded term) holds
/// its machine, whose weak reference must not reach the next run's names.
fn keep_recorder(rec: Rc<RefCell<Recorder>>) {
    if Rc::strong_count(&rec) == 1 && Rc::weak_count(&rec) == 0 {
        rec.borrow_mut().reset();
        SPARE_RECORDER.set(Some(rec));
    }
}

/// The standard monitors for a run with the faults `inject`: this thread's spare ones if
/// they were made for the same faults, else new ones.
fn spare_monitors(inject: sim::Inject) -> Rc<RefCell<Monitors>> {
    match SPARE_MONITORS.take() {
        Some((made_for, monitors)) if made_for == inject => monitors,
        _ => Rc::new(RefCell::new(Monitors::standard_for(inject))),
    }
}

/// Keeps a finished run's monitors for the next run on this thread, reset (if nothing
/// else holds them: the run's observers are gone once it has ended). They stay where they
/// are, behind the same `Rc`.
fn keep_monitors(inject: sim::Inject, monitors: Rc<RefCell<Monitors>>) {
    if Rc::strong_count(&monitors) == 1 {
        monitors.borrow_mut().reset();
        SPARE_MONITORS.set(Some((inject, monitors)));
    }
}

/// Gives a finished run's buffers back to this thread's spare recorder, for the next run to
/// fill instead of growing new ones (explore drops a run's result once tallied: its names'
/// table was an allocation and a growth per run).
pub fn recycle(result: RunResult) {
    let mut names = result.names;
    SPARE_RECORDER.with_borrow(|spare| {
        if let Some(rec) = spare
            && let Ok(mut rec) = rec.try_borrow_mut()
            && rec.names.unallocated()
        {
            names.clear();
            rec.names = names;
        }
    });
}

fn run_in(program: &Rc<Program>, mut sim: Sim, limits: Limits) -> RunResult {
    let rec = spare_recorder();
    let monitors = spare_monitors(limits.inject);
    // One observer for both, recorder first: one call per event, not two.
    let (observer, watch) = (rec.clone(), monitors.clone());
    sim.observe(move |ev| {
        observer.borrow_mut().on_event(ev);
        watch.borrow_mut().on_event(ev);
    });
    let machine = Machine::new(program.clone(), rec.clone(), limits.max_call_depth);
    let main = program.main.clone();
    let root = sim.spawn(move |p| async move {
        let cx = Cx::new(p, machine);
        let mut frame = vec![sim::Term::nil(); main.frame as usize];
        cx.eval(&mut frame, &main.expr).await;
    });
    if program.ending == Ending::HaltWhenMainEnds && !limits.until_quiet {
        sim.halt_on_exit(root);
    }
    let report = sim.run();
    let violation = crate::checks::panic_violation(&report)
        .or_else(|| monitors.borrow_mut().finish_after(&report.outcome));
    if let Outcome::Halted { live } = &report.outcome {
        let t = report.time.as_ms();
        let mut rec = rec.borrow_mut();
        for pid in live {
            if rec.names.is_program(*pid) {
                rec.push(t, *pid, What::CutOff);
            }
        }
    }
    keep_monitors(limits.inject, monitors);
    let result = {
        let mut rec = rec.borrow_mut();
        RunResult {
            observations: rec.take_observations(),
            limit: rec.limit(),
            // The run is over: the names move out instead of being copied.
            names: std::mem::take(&mut rec.names),
            report,
            violation,
        }
    };
    keep_recorder(rec);
    result
}
