//! The interpreter: runs the IR ([`crate::ir`]) on `sim` + `model` and reports what it
//! observed. [`machine`] evaluates, [`lib`] is the library (Task, GenServer, supervisors,
//! Enum, ...), [`pure`] its functions that need no process, [`record`] the observations and
//! process names, [`run`] one whole run.

mod lib;
mod machine;
pub(crate) mod pure;
mod record;
mod run;
mod value;

pub use machine::MAX_CALL_DEPTH;
pub use record::{Names, Observation, Observations, SharedRenderings};
pub use run::{recycle, run_ir, run_ir_bare, run_ir_in_order, run_ir_with};

use crate::checks::Violation;
use crate::lang::{CompileError, Program};
use crate::scenario::Scenario;
use sim::{Outcome, Pid, Report, Schedule, Time, TraceMode};

/// Where a run's decisions come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decisions {
    /// Random, from a seed (ChaCha8).
    Seed(u64),
    /// A recorded schedule, replayed and checked decision by decision.
    Schedule(Schedule),
    /// A schedule's picks replayed without checking, default choices after them (what a
    /// shrinker tries; the empty schedule is the FIFO run).
    Prefix(Schedule),
    /// PCT ([`sim::pct`]) from a seed, with depth `depth`, for a program of about `steps`
    /// scheduling steps.
    Pct {
        /// The run's seed.
        seed: u64,
        /// PCT's depth d (d - 1 priority change points).
        depth: u32,
        /// The expected number of scheduling steps.
        steps: u64,
    },
}

/// Steps one run may take by default: far more than any scenario needs, few enough that
/// a livelock is reported in well under a second. A program's function calls count 100
/// to a step, so a loop of calls without end is reported in about 20 seconds, and a
/// program that computes (up to about 100 million calls) is not cut short.
pub const MAX_STEPS: u64 = 1_000_000;

/// Virtual time one run may reach by default: 24 hours.
pub const MAX_TIME: Time = Time::from_ms(24 * 3600 * 1000);

/// The budgets of one run. A run that would take a step past `max_steps` ends as
/// `step-budget`, one whose next event is due after `max_time` as `time-budget`; either
/// fails the run. A process that nests more than `max_call_depth` calls (not tail calls)
/// fails with `{:otpsim_limit, "call depth"}`. `until_quiet` keeps a run going after the
/// script's code is done, whatever the file's header says (`otpsim run --until-quiet`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Steps (one delivery, one poll of a process, 100 function calls of the program).
    pub max_steps: u64,
    /// Virtual time.
    pub max_time: Time,
    /// Nested calls of one process ([`MAX_CALL_DEPTH`] by default).
    pub max_call_depth: u32,
    /// Run until nothing can happen ([`crate::ir::Ending::RunToQuiet`]) even if the
    /// program would halt when its script ends.
    pub until_quiet: bool,
    /// The faults a run's decisions may inject (none by default): they are part of what
    /// a schedule means, so a replay must have the same.
    pub inject: sim::Inject,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_steps: MAX_STEPS,
            max_time: MAX_TIME,
            max_call_depth: MAX_CALL_DEPTH,
            until_quiet: false,
            inject: sim::Inject::default(),
        }
    }
}

/// The most one value may hold: one unit per element (atom, integer, pid, tuple, list, ...)
/// plus one per byte of its strings and atoms. Far beyond any scenario; small enough that
/// `let("x", "{x, x}")` repeated cannot take the machine's memory. A template's text is held
/// to as many bytes.
pub const MAX_VALUE: usize = 1_000_000;

/// The deepest one value may nest (tuples, lists and maps inside each other): far beyond
/// any program's data, shallow enough that printing, comparing and dropping a value cannot
/// overflow a thread's stack (a loop of `x = [x]` would otherwise nest without end).
pub const MAX_DEPTH: usize = 1_000;

/// Everything one run produced.
#[derive(Debug)]
pub struct RunResult {
    /// What the program observed, sorted (see [`Observation`]).
    pub observations: Observations,
    /// The stable names of the run's processes and task references.
    pub names: Names,
    /// The kernel's report: outcome, trace, schedule, ...
    pub report: Report,
    /// The first invariant the run broke, if any ([`Monitors::standard`] watch every run).
    pub violation: Option<Violation>,
    /// A value built past [`MAX_VALUE`] or [`MAX_DEPTH`], in words: the run fails.
    pub limit: Option<String>,
}

impl RunResult {
    /// The observations as text lines.
    pub fn lines(&self) -> Vec<String> {
        self.observations.iter().map(|o| o.to_string()).collect()
    }

    /// The stable name of `pid`.
    pub fn name_of(&self, pid: Pid) -> String {
        self.names.name_of(pid).to_string()
    }
}

/// A short name for how a run ended.
pub fn outcome_kind(o: &Outcome) -> &'static str {
    match o {
        Outcome::Completed => "completed",
        Outcome::Deadlock { .. } => "deadlock",
        Outcome::StepBudget { .. } => "step-budget",
        Outcome::TimeBudget { .. } => "time-budget",
        Outcome::Halted { .. } => "halted",
    }
}

/// Runs a step program once, within the default [`Limits`] (through the Elixir it stands
/// for: [`Scenario::from_steps`]).
pub fn run_program(
    program: &Program,
    decisions: &Decisions,
    trace: TraceMode,
) -> Result<RunResult, CompileError> {
    run_program_within(program, decisions, trace, &Limits::default())
}

/// Runs a step program once, within `limits`.
pub fn run_program_within(
    program: &Program,
    decisions: &Decisions,
    trace: TraceMode,
    limits: &Limits,
) -> Result<RunResult, CompileError> {
    Ok(Scenario::from_steps(program)?.run(decisions, trace, limits))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `let("x", "{x, x}")` 24 times would build 2^25 elements: the step that goes past
    /// the limit raises `:system_limit` instead, and the run fails saying why.
    #[test]
    fn a_value_doubled_past_the_limit_fails_the_run_not_the_process() {
        let doubling = vec!["let(\"x\", \"{x, x}\")"; 24].join(", ");
        let src = format!(
            "Program(name: \"Double\", main: [let(\"x\", \"1\"), {doubling}, log(\"done\")])"
        );
        let program = crate::load_program(&src, "double.ron").unwrap();
        let run = run_program(&program, &Decisions::Seed(0), TraceMode::Off).unwrap();
        let limit = run.limit.clone().expect("the limit was hit");
        assert!(
            limit.starts_with("size limit: main built a value larger than 1000000 units"),
            "{limit}"
        );
        assert_eq!(run.lines(), ["0ms main exit {:system_limit, []}"]);
        let scenario = Scenario::from_steps(&program).unwrap();
        assert_eq!(scenario.check(&run), Err(limit));
    }

    /// (On a thread with the stack of a main thread, 8 MiB: in a debug build, copying a
    /// value [`MAX_DEPTH`] deep recurses about four frames a level, more than the 2 MiB of a
    /// test thread once the evaluator's own frames are counted. A release build needs a
    /// fraction of that.)
    #[test]
    fn a_value_nested_past_the_limit_fails_the_run() {
        // Building a value copies the one it nests (a deep `Term::clone`), which a debug
        // build does in about 4 KiB of stack per level: near the 1000-level limit that is
        // more than a test thread's 2 MiB (the CLI's main thread has 8 MiB). So this runs
        // on a thread with room for it.
        let run = std::thread::Builder::new()
            .stack_size(16 << 20)
            .spawn(|| {
                let nest = format!("let(\"x\", \"{}x{}\")", "[".repeat(60), "]".repeat(60));
                let lets = vec![nest.as_str(); 30].join(", ");
                let src = format!("Program(name: \"Deep\", main: [let(\"x\", \"1\"), {lets}])");
                let program = crate::load_program(&src, "deep.ron").unwrap();
                let run = run_program(&program, &Decisions::Seed(0), TraceMode::Full).unwrap();
                run.limit.clone()
            })
            .expect("a thread")
            .join()
            .expect("the run did not panic");
        let limit = run.expect("the limit was hit");
        assert!(
            limit.starts_with("size limit: main built a value nested deeper than 1000 levels"),
            "{limit}"
        );
    }

    #[test]
    fn the_budgets_can_be_changed() {
        let program = crate::lang::test_program("async_example");
        let run = |limits| {
            let r = run_program_within(&program, &Decisions::Seed(0), TraceMode::Off, &limits);
            outcome_kind(&r.unwrap().report.outcome)
        };
        assert_eq!(run(Limits::default()), "completed");
        let short = Limits {
            max_time: Time::from_ms(1999),
            ..Limits::default()
        };
        assert_eq!(run(short), "time-budget");
        let few = Limits {
            max_steps: 3,
            ..Limits::default()
        };
        assert_eq!(run(few), "step-budget");
    }

    /// Closures, and small tuples, lists, interpolations and operators of variables and
    /// literals, are made at once, without a future (`eval_now`); one that cannot be made
    /// so (a tuple in a string, `1 + :a`, `:a and true`) still raises as the VM does. The
    /// lines are Elixir 1.14's for this script.
    #[test]
    fn values_made_at_once_are_the_values_the_vm_makes() {
        let src = r##"x = 1
t = {x, :a, "s"}
IO.puts("#{x} and #{:a} and #{"s"}")
f = fn y -> {x, y} end
IO.inspect(f.(2))
IO.inspect(t)
try do
  IO.puts("#{t}")
rescue
  e -> IO.inspect(e.__struct__)
end
a = :a
IO.inspect([x, x + 1, {x * 3, x - 1}])
IO.inspect(true and x)
IO.inspect(nil || x)
IO.inspect(false && a)
IO.inspect(x == 1 and x !== 2)
IO.inspect(x < a)
try do
  IO.inspect(x + a)
rescue
  e -> IO.inspect(e.__struct__)
end
try do
  IO.inspect(a and true)
rescue
  e -> IO.inspect(e.__struct__)
end
"##;
        let scenario = Scenario::from_exs(src, "now.exs").unwrap();
        let run = scenario.run(&Decisions::Seed(0), TraceMode::Off, &Limits::default());
        let logs: Vec<String> = (run.lines().into_iter())
            .filter_map(|l| l.strip_prefix("0ms main log ").map(str::to_string))
            .collect();
        assert_eq!(
            logs,
            [
                "1 and a and s",
                "{1, 2}",
                "{1, :a, \"s\"}",
                "Protocol.UndefinedError",
                "[1, 2, {3, 0}]",
                "1",
                "1",
                "false",
                "true",
                "true",
                "ArithmeticError",
                "BadBooleanError",
            ]
        );
    }

    /// Text is held to the same bound: a template cannot print a value's text 1000 times.
    #[test]
    fn a_template_past_the_limit_fails_the_run() {
        let big = vec!["x"; 1000].join(", ");
        let src = format!(
            "Program(name: \"T\", main: [let(\"x\", \"\\\"{}\\\"\"), log(\"#{{inspect([{big}])}}\")])",
            "y".repeat(2000)
        );
        let program = crate::load_program(&src, "t.ron").unwrap();
        let run = run_program(&program, &Decisions::Seed(0), TraceMode::Off).unwrap();
        assert!(run.limit.is_some(), "{:?}", run.lines());
    }
}
