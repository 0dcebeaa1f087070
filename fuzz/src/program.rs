//! The `program` target: a program from the conformance generator (the same step programs,
//! printed to Elixir and lowered to the same IR, but not filtered for races) and a decision
//! stream. First eight bytes: the generator's seed; next: the program's kind; next: the
//! faults ([`crate::decisions::inject`]); the rest: one pick per decision.
//!
//! A finding is a Rust panic, a program that does not lower, a broken invariant, a value
//! past the size limits, the step budget blown (generated programs always end: every wait
//! has a timeout), or two runs under the same decisions with different traces.

use crate::decisions::{inject, limits, picks};
use scenarios::Scenario;
use scenarios::conform::generator;
use sim::{Outcome, TraceMode};

/// The generated program the first ten bytes of `data` choose, if there are ten.
pub fn program(data: &[u8]) -> Option<scenarios::Program> {
    let (seed, rest) = data.split_first_chunk::<8>()?;
    let kind = *rest.first()?;
    Some(generator::any_program(
        u64::from_le_bytes(*seed),
        usize::from(kind),
        50,
    ))
}

/// The target: see the module docs.
pub fn run(data: &[u8]) {
    let Some(program) = program(data) else {
        return;
    };
    let [faults, rest @ ..] = &data[9..] else {
        return;
    };
    let scenario = Scenario::from_steps(&program).unwrap_or_else(|e| {
        panic!(
            "a generated program does not lower: {}\n{}",
            e.message,
            scenarios::lang::to_ron(&program)
        )
    });
    let limits = limits(inject(*faults));
    let a = scenario.run(&picks(rest), TraceMode::Hash, &limits);
    let b = scenario.run(&picks(rest), TraceMode::Hash, &limits);
    let name = &program.name;
    assert_eq!(
        a.report.trace.hash(),
        b.report.trace.hash(),
        "{name}: the same decisions gave two traces"
    );
    if let Some(v) = &a.violation {
        panic!("{name}: invariant {} broken: {}", v.check, v.message);
    }
    if let Some(limit) = &a.limit {
        panic!("{name}: {limit}");
    }
    assert!(
        !matches!(a.report.outcome, Outcome::StepBudget { .. }),
        "{name}: ran out of steps"
    );
}
