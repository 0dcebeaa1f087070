//! Hunting bugs in one scenario: the exploration strategies, the failure a run shows, how
//! many runs a strategy needs to find one, and the shrinking of a failing schedule.
//!
//! A strategy decides each run's decisions: [`Strategy::Random`] (a seed per run),
//! [`Strategy::Pct`] (PCT of depth d, a seed per run), [`Strategy::Exhaustive`] (a walk of
//! the decision tree, optionally bounded). Faults ([`sim::Inject`], in the run's
//! [`Limits`]) are decisions too, so every strategy can inject them.

use crate::interp::{Decisions, Limits, RunResult, outcome_kind};
use crate::scenario::Scenario;
use sim::exhaustive::Exhaustive;
use sim::{ChoiceKind, Schedule, TraceMode};
use std::fmt;

/// PCT's depth when `pct` is given without one.
pub const DEFAULT_PCT_DEPTH: u32 = 3;
/// The longest a `Delay` fault holds a signal back, in milliseconds (`--faults delay`).
pub const DELAY_MS: u32 = 5;

/// How an exploration chooses each run's decisions.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Uniform random choices from each run's seed.
    Random,
    /// PCT with this depth.
    Pct {
        /// d: d - 1 priority change points a run.
        depth: u32,
    },
    /// Depth-first over every schedule, with at most `bound` non-default decisions a run
    /// (no bound: partial-order reduction on).
    Exhaustive {
        /// The bound, if any.
        bound: Option<u32>,
    },
}

impl Strategy {
    /// Reads `random`, `pct`, `pct:D`, `exhaustive`, `exhaustive:B`.
    pub fn parse(s: &str) -> Result<Strategy, String> {
        let bad = || {
            format!(
                "`{s}` is not a strategy: expected random, pct, pct:D (D >= 1), exhaustive or \
                 exhaustive:B (B >= 0 non-default decisions a run)"
            )
        };
        let (name, arg) = match s.trim().split_once(':') {
            Some((n, a)) => (n, Some(a)),
            None => (s.trim(), None),
        };
        let num = |a: &str| a.trim().parse::<u32>().map_err(|_| bad());
        match (name, arg) {
            ("random", None) => Ok(Strategy::Random),
            ("pct", None) => Ok(Strategy::Pct {
                depth: DEFAULT_PCT_DEPTH,
            }),
            ("pct", Some(d)) => match num(d)? {
                0 => Err(bad()),
                depth => Ok(Strategy::Pct { depth }),
            },
            ("exhaustive", None) => Ok(Strategy::Exhaustive { bound: None }),
            ("exhaustive", Some(b)) => Ok(Strategy::Exhaustive {
                bound: Some(num(b)?),
            }),
            _ => Err(bad()),
        }
    }

    /// The decisions of run `i` (for the seeded strategies), given the scheduling steps of
    /// the program's FIFO run (for PCT).
    pub fn decisions(&self, seed: u64, fifo_steps: u64) -> Option<Decisions> {
        match *self {
            Strategy::Random => Some(Decisions::Seed(seed)),
            Strategy::Pct { depth } => Some(Decisions::Pct {
                seed,
                depth,
                steps: fifo_steps,
            }),
            Strategy::Exhaustive { .. } => None,
        }
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Strategy::Random => f.write_str("random"),
            Strategy::Pct { depth } => write!(f, "pct:{depth}"),
            Strategy::Exhaustive { bound: None } => f.write_str("exhaustive"),
            Strategy::Exhaustive { bound: Some(b) } => write!(f, "exhaustive:{b}"),
        }
    }
}

/// Reads `--faults kill,delay` into `inject` (kills: one a run; delays: up to
/// [`DELAY_MS`]).
pub fn parse_faults(s: &str, inject: &mut sim::Inject) -> Result<(), String> {
    for word in s.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        match word {
            "kill" => inject.kills = 1,
            "delay" => inject.delay_ms = DELAY_MS,
            _ => {
                return Err(format!(
                    "`{word}` is not a fault: expected kill or delay (timing jitter is --jitter MS)"
                ));
            }
        }
    }
    Ok(())
}

/// How a run failed: how it ended, the invariant it broke or the limit it hit, and what
/// it observed. A shrunk schedule must fail with the same key.
pub type FailureKey = (&'static str, Option<&'static str>, Vec<String>);

/// The failure `run` shows, if it fails (breaks an invariant, misses the expectation,
/// hits a limit).
pub fn failure(scenario: &Scenario, run: &RunResult) -> Option<FailureKey> {
    scenario.check(run).err()?;
    let check = match &run.limit {
        Some(_) => Some("size-limit"),
        None => run.violation.as_ref().map(|v| v.check),
    };
    Some((outcome_kind(&run.report.outcome), check, run.lines()))
}

/// Scheduling steps of the program's FIFO run: what PCT spreads its change points over.
pub fn fifo_steps(scenario: &Scenario, limits: &Limits) -> u64 {
    let run = scenario.run(
        &Decisions::Prefix(Schedule::default()),
        TraceMode::Off,
        limits,
    );
    run.report
        .schedule
        .decisions
        .iter()
        .filter(|d| matches!(d.kind(), Some(ChoiceKind::Step | ChoiceKind::Preempt)))
        .count() as u64
}

/// The first failing run of a hunt.
#[derive(Clone, Debug)]
pub struct Found {
    /// Runs made, the failing one included.
    pub runs: u64,
    /// Its schedule.
    pub schedule: Schedule,
    /// How it failed.
    pub key: FailureKey,
}

/// Runs `scenario` under `strategy` until a run fails, at most `max_runs` runs. The
/// seeded strategies use seeds `base << 32`, `(base << 32) + 1`, ...: exploration seed
/// `base` is an independent hunt. The exhaustive walk is the same for every `base`.
pub fn hunt(
    scenario: &Scenario,
    strategy: Strategy,
    base: u64,
    max_runs: u64,
    limits: &Limits,
) -> Option<Found> {
    let found = |runs, r: RunResult| {
        failure(scenario, &r).map(|key| Found {
            runs,
            schedule: r.report.schedule,
            key,
        })
    };
    if let Strategy::Exhaustive { bound } = strategy {
        let mut search = Exhaustive::new(bound);
        let mut runs = 0;
        while runs < max_runs {
            let chooser = search.next_run()?;
            runs += 1;
            let r = crate::interp::run_ir_with(&scenario.ir, chooser, TraceMode::Off, *limits);
            if search.finish_run()
                && let Some(f) = found(runs, r)
            {
                return Some(f);
            }
        }
        return None;
    }
    let steps = fifo_steps(scenario, limits);
    (0..max_runs).find_map(|i| {
        let d = strategy.decisions((base << 32) + i, steps)?;
        found(i + 1, scenario.run(&d, TraceMode::Off, limits))
    })
}

/// Shrinks a failing schedule of `scenario` to a smaller one that fails with the same
/// key; returns it (as its run recorded it, so it replays exactly) and the runs it took.
pub fn shrink(scenario: &Scenario, schedule: &Schedule, limits: &Limits) -> (Schedule, usize) {
    let run = scenario.run(&Decisions::Prefix(schedule.clone()), TraceMode::Off, limits);
    let Some(key) = failure(scenario, &run) else {
        return (schedule.clone(), 1);
    };
    let shrunk = sim::shrink::shrink(
        &run.report.schedule,
        sim::shrink::DEFAULT_BUDGET,
        |candidate| {
            let r = scenario.run(
                &Decisions::Prefix(candidate.clone()),
                TraceMode::Off,
                limits,
            );
            (failure(scenario, &r).as_ref() == Some(&key)).then_some(r.report.schedule)
        },
    );
    (shrunk.schedule, shrunk.runs + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategies_and_faults_parse() {
        assert_eq!(Strategy::parse("random"), Ok(Strategy::Random));
        assert_eq!(Strategy::parse("pct"), Ok(Strategy::Pct { depth: 3 }));
        assert_eq!(Strategy::parse("pct:2"), Ok(Strategy::Pct { depth: 2 }));
        assert_eq!(
            Strategy::parse("exhaustive:0"),
            Ok(Strategy::Exhaustive { bound: Some(0) })
        );
        for bad in ["pct:0", "pct:x", "dfs", "random:1", ""] {
            assert!(Strategy::parse(bad).is_err(), "{bad}");
        }
        for s in ["random", "pct:4", "exhaustive", "exhaustive:2"] {
            assert_eq!(Strategy::parse(s).unwrap().to_string(), s);
        }
        let mut inject = sim::Inject::default();
        parse_faults("kill,delay", &mut inject).unwrap();
        assert_eq!((inject.kills, inject.delay_ms), (1, DELAY_MS));
        assert!(
            parse_faults("kill,fire", &mut inject)
                .unwrap_err()
                .contains("`fire`")
        );
    }
}
