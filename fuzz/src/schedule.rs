//! The `schedule` target: the fuzzer's bytes are the decisions (scheduling choices and
//! faults) of one run of a catalogue or bug-zoo program. First byte: which program; second:
//! the faults ([`crate::decisions::inject`]); the rest: one pick per decision.
//!
//! A finding is a Rust panic anywhere (kernel, model, interpreter), a broken invariant (any
//! of the standard monitors: they hold for every program under every schedule, buggy or
//! not), or the step budget blown by a program that finishes under the default schedule,
//! when no fault is injected. An unmet expectation is not a finding: the zoo's programs
//! have bugs on purpose, and faults change outcomes.

use crate::decisions::{inject, limits, picks};
use scenarios::Scenario;
use sim::{Outcome, TraceMode};

/// One program the target runs, and whether it finishes under the default schedule.
pub struct Subject {
    /// The program.
    pub scenario: Scenario,
    /// What `otpsim run` takes for it, from the repository's root: a catalogue name, or a
    /// bug-zoo file.
    pub arg: String,
    /// Its run with every pick 0 completed (or halted) within the budgets.
    pub finishes: bool,
}

thread_local! {
    static SUBJECTS: Vec<Subject> = load();
}

/// The catalogue, then the bug zoo.
fn load() -> Vec<Subject> {
    let zoo = scenarios::zoo::all().into_iter().map(|b| {
        let scenario =
            Scenario::from_exs(b.text, b.path).unwrap_or_else(|e| panic!("zoo entry: {e}"));
        (scenario, format!("scenarios/{}", b.path))
    });
    scenarios::catalogue::all()
        .into_iter()
        .map(|s| {
            let arg = s.name.clone();
            (s, arg)
        })
        .chain(zoo)
        .map(|(scenario, arg)| {
            let run = scenario.run(&picks(&[]), TraceMode::Off, &limits(inject(0)));
            let finishes = matches!(
                run.report.outcome,
                Outcome::Completed | Outcome::Halted { .. }
            );
            Subject {
                scenario,
                arg,
                finishes,
            }
        })
        .collect()
}

/// How many programs the target chooses from.
pub fn programs() -> usize {
    SUBJECTS.with(Vec::len)
}

/// Runs `f` on the program the first byte `b` chooses.
pub fn with_subject<R>(b: u8, f: impl FnOnce(&Subject) -> R) -> R {
    SUBJECTS.with(|s| f(&s[usize::from(b) % s.len()]))
}

/// The target: see the module docs.
pub fn schedule(data: &[u8]) {
    let [which, faults, rest @ ..] = data else {
        return;
    };
    with_subject(*which, |subject| {
        let run = subject
            .scenario
            .run(&picks(rest), TraceMode::Hash, &limits(inject(*faults)));
        let name = &subject.scenario.name;
        if let Some(v) = &run.violation {
            panic!("{name}: invariant {} broken: {}", v.check, v.message);
        }
        if let Some(limit) = &run.limit {
            panic!("{name}: {limit}");
        }
        if inject(*faults).is_none() && subject.finishes {
            assert!(
                !matches!(run.report.outcome, Outcome::StepBudget { .. }),
                "{name}: a program that finishes ran out of steps under this schedule"
            );
        }
    });
}
