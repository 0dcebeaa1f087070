//! Whether a run met its program's expectation, and kept the invariants its monitors watch.

use crate::checks::Violation;
use crate::interp::{RunResult, outcome_kind};
use crate::lang::{Expect, Program};
use sim::Outcome;

/// Judges a whole run: it must stay within the size limits, complete, break no invariant
/// (the monitors of [`crate::checks::Monitors::standard`]) and meet its program's
/// expectation.
pub fn check_run(program: &Program, run: &RunResult) -> Result<(), String> {
    if let Some(limit) = &run.limit {
        return Err(limit.clone());
    }
    judge(
        program.expect.as_ref(),
        &run.report.outcome,
        run.violation.as_ref(),
        &run.lines(),
    )
}

/// [`check_run`] from the parts of a run: the outcome first, then the monitors, then the
/// expectation.
pub fn judge(
    expect: Option<&Expect>,
    outcome: &Outcome,
    violation: Option<&Violation>,
    lines: &[String],
) -> Result<(), String> {
    if !outcome.ended_well() {
        return Err(describe_outcome(outcome));
    }
    if let Some(v) = violation {
        return Err(describe_violation(v));
    }
    check(expect, outcome, lines)
}

/// A broken invariant, in words: the check, the step and virtual time, what it saw.
pub fn describe_violation(v: &Violation) -> String {
    format!("invariant monitor {v}")
}

/// Checks a run: it must complete (no deadlock, no exhausted budget) and its observation
/// lines must satisfy `expect` (if any). `Err` says what went wrong, first thing first.
pub fn check(expect: Option<&Expect>, outcome: &Outcome, lines: &[String]) -> Result<(), String> {
    if !outcome.ended_well() {
        return Err(describe_outcome(outcome));
    }
    match expect {
        None => Ok(()),
        Some(Expect::Lines(want)) => exact(want, lines),
        Some(Expect::OneOf(sets)) => {
            if sets.iter().any(|want| exact(want, lines).is_ok()) {
                Ok(())
            } else {
                Err(format!(
                    "the observations match none of the {} allowed outcomes",
                    sets.len()
                ))
            }
        }
        Some(Expect::Contains(want)) => contains(want, lines),
    }
}

/// How a run that did not complete ended, in words.
pub fn describe_outcome(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Completed => "completed".to_string(),
        Outcome::Deadlock { blocked } => {
            let who: Vec<String> = blocked
                .iter()
                .map(|b| {
                    format!(
                        "{} waits in {} ({} messages in its mailbox)",
                        b.pid,
                        b.waiting,
                        b.mailbox.len()
                    )
                })
                .collect();
            format!("deadlock: {}", who.join("; "))
        }
        Outcome::StepBudget { steps, calls: 0 } => {
            format!("{}: {steps} steps taken", outcome_kind(outcome))
        }
        Outcome::StepBudget { steps, calls } => format!(
            "{}: {steps} steps taken and {calls} function calls made (the budget counts 100 calls, or a `receive ... after 0` that times out as 100, as a step; --max-steps raises it)",
            outcome_kind(outcome)
        ),
        Outcome::TimeBudget { next_event } => {
            format!("{}: next event due at {next_event}", outcome_kind(outcome))
        }
        Outcome::Halted { live } => format!(
            "halted when the script ended, {} process(es) cut off",
            live.len()
        ),
    }
}

/// An observation line as an expectation block holds it: one line (a newline in what a
/// program printed is written `\n`, a carriage return `\r`, a tab `\t`, another control
/// character `\x{7F}`), without the blanks at its ends that a comment line loses.
pub fn expect_form(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

fn exact(want: &[String], got: &[String]) -> Result<(), String> {
    for (i, (w, g)) in want.iter().zip(got).enumerate() {
        if w.trim() != expect_form(g) {
            return Err(format!(
                "observation {}: expected `{}`, observed `{g}`",
                i + 1,
                w.trim()
            ));
        }
    }
    match want.len().cmp(&got.len()) {
        std::cmp::Ordering::Equal => Ok(()),
        std::cmp::Ordering::Less => Err(format!(
            "observation {}: `{}` was not expected",
            want.len() + 1,
            got[want.len()]
        )),
        std::cmp::Ordering::Greater => Err(format!(
            "observation {}: expected `{}`, but nothing more was observed",
            got.len() + 1,
            want[got.len()].trim()
        )),
    }
}

fn contains(want: &[String], got: &[String]) -> Result<(), String> {
    let mut rest = got.iter();
    for w in want {
        if !rest.any(|g| expect_form(g) == w.trim()) {
            return Err(format!(
                "expected `{}` (in this order), not observed",
                w.trim()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    /// A line printed with a newline in it is blessed as one line and matches it.
    #[test]
    fn a_multi_line_observation_is_expected_on_one_line() {
        let got = v(&["0ms main log a\nb  ", "0ms main log c\r"]);
        let want: Vec<String> = got.iter().map(|g| expect_form(g)).collect();
        assert_eq!(want, v(&["0ms main log a\\nb", "0ms main log c\\r"]));
        assert!(
            check(
                Some(&Expect::Lines(want.clone())),
                &Outcome::Completed,
                &got
            )
            .is_ok()
        );
        assert!(check(Some(&Expect::Contains(want)), &Outcome::Completed, &got).is_ok());
        let other = v(&["0ms main log a\\nb", "0ms main log c"]);
        assert!(check(Some(&Expect::Lines(other)), &Outcome::Completed, &got).is_err());
    }

    #[test]
    fn exact_and_contains() {
        let got = v(&["0ms main log a", "1ms main exit :normal"]);
        let ok = Outcome::Completed;
        assert!(check(Some(&Expect::Lines(got.clone())), &ok, &got).is_ok());
        let e = check(Some(&Expect::Lines(v(&["0ms main log b"]))), &ok, &got).unwrap_err();
        assert_eq!(
            e,
            "observation 1: expected `0ms main log b`, observed `0ms main log a`"
        );
        assert!(
            check(
                Some(&Expect::Contains(v(&["1ms main exit :normal"]))),
                &ok,
                &got
            )
            .is_ok()
        );
        let one_of = Expect::OneOf(vec![v(&["x"]), got.clone()]);
        assert!(check(Some(&one_of), &ok, &got).is_ok());
        let dead = Outcome::StepBudget { steps: 9, calls: 0 };
        assert!(
            check(None, &dead, &got)
                .unwrap_err()
                .starts_with("step-budget")
        );
    }

    #[test]
    fn a_monitor_violation_fails_a_run_that_met_its_expectation() {
        let got = v(&["0ms main exit :normal"]);
        let expect = Expect::Lines(got.clone());
        let broken = Violation {
            check: "restart-policy",
            step: 42,
            time: sim::Time::from_ms(1500),
            message: "supervisor #PID<0.1.0> restarted although ...".to_string(),
        };
        let ok = Outcome::Completed;
        assert_eq!(judge(Some(&expect), &ok, None, &got), Ok(()));
        let why = judge(Some(&expect), &ok, Some(&broken), &got).unwrap_err();
        assert_eq!(
            why,
            format!(
                "invariant monitor restart-policy violated at step 42 ({}): supervisor #PID<0.1.0> restarted although ...",
                sim::Time::from_ms(1500)
            )
        );
        // A run that did not complete says so first.
        let dead = Outcome::StepBudget { steps: 9, calls: 0 };
        assert!(
            judge(None, &dead, Some(&broken), &got)
                .unwrap_err()
                .starts_with("step-budget")
        );
    }
}
