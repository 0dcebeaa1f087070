//! The cargo-test runner: run a program under many seeded schedules with the invariant
//! monitors attached, and on failure print a one-line reproducer *before* unwinding.
//!
//! ```no_run
//! use scenarios::runner;
//! #[test]
//! fn my_property() {
//!     runner::check_random(200, |sim| {
//!         sim.spawn(|p| async move { p.sleep(1).await });
//!     });
//! }
//! ```
//!
//! Environment (read here and nowhere else; a malformed value is an error, not ignored):
//! * `OTPSIM_SEEDS=N` — run N seeds instead of the test's own count (scale up for long runs).
//! * `OTPSIM_SEED=S` — run only seed S (decimal or `0x` hex), print its full trace.

use crate::checks::{Monitors, Violation};
use sim::{Config, Outcome, Report, Sim, TraceMode};

/// Number of seeds to run instead of the test's own count.
pub const ENV_SEEDS: &str = "OTPSIM_SEEDS";
/// The one seed to replay.
pub const ENV_SEED: &str = "OTPSIM_SEED";

/// Parses a seed: decimal or `0x`-prefixed hex.
pub fn parse_seed(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let parsed = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => t.parse::<u64>(),
    };
    parsed.map_err(|_| format!("invalid seed {s:?}: expected a decimal number or 0x-prefixed hex"))
}

fn env_u64(name: &str, parse: fn(&str) -> Result<u64, String>) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    match parse(&v) {
        Ok(n) => Some(n),
        Err(e) => panic!("{name}: {e}"),
    }
}

/// The seeds a test runs: `OTPSIM_SEED` alone if set, else `0..OTPSIM_SEEDS` if set, else
/// `0..default`. A malformed value panics with what was wrong.
pub fn seeds(default: u64) -> Vec<u64> {
    if let Some(seed) = env_u64(ENV_SEED, parse_seed) {
        return vec![seed];
    }
    (0..seed_count(default)).collect()
}

fn seed_count(default: u64) -> u64 {
    env_u64(ENV_SEEDS, |s| {
        s.trim()
            .parse::<u64>()
            .map_err(|_| format!("invalid count {s:?}"))
    })
    .unwrap_or(default)
}

/// What one run found.
#[derive(Debug)]
pub struct Failure {
    /// The seed.
    pub seed: u64,
    /// The broken invariant, or the bad outcome as a violation named `outcome`.
    pub violation: Violation,
}

/// Runs `program` once under `seed` with the standard monitors. A deadlock or an exhausted
/// budget also counts as a failure.
pub fn run_one(
    seed: u64,
    trace: TraceMode,
    program: &dyn Fn(&mut Sim),
) -> (Report, Option<Violation>) {
    let mut sim = Sim::seeded_with(
        seed,
        Config {
            trace,
            ..Config::default()
        },
    );
    program(&mut sim);
    let monitors = Monitors::standard().attach(&mut sim);
    let report = sim.run();
    let mut verdict = monitors.borrow_mut().finish();
    if verdict.is_none() && report.outcome != Outcome::Completed {
        verdict = Some(Violation {
            check: "outcome",
            step: report.steps,
            time: report.time,
            message: format!("{:?}", report.outcome),
        });
    }
    (report, verdict)
}

/// The command that replays `seed` of the running test.
pub fn reproducer(seed: u64) -> String {
    let name = std::thread::current()
        .name()
        .unwrap_or("TEST_NAME")
        .to_string();
    format!("{ENV_SEED}={seed:#x} cargo test {name} -- --exact --nocapture")
}

/// Runs `program` under `n` seeds (or `OTPSIM_SEEDS`), or only `OTPSIM_SEED`, and panics
/// with a reproducer at the first violation.
pub fn check_random(n: u64, program: impl Fn(&mut Sim)) {
    if let Some(seed) = env_u64(ENV_SEED, parse_seed) {
        let report = replay(seed, &program);
        eprintln!("{}", report.trace.render());
        return;
    }
    for seed in 0..seed_count(n) {
        let (_, verdict) = run_one(seed, TraceMode::Off, &program);
        if let Some(v) = verdict {
            // The reproducer goes out first, whatever happens while unwinding.
            eprintln!(
                "otpsim: seed {seed:#x} failed: {v}\n  replay: {}",
                reproducer(seed)
            );
            panic!("seed {seed:#x}: {v}");
        }
    }
}

/// Runs `program` once under `seed` with the full trace and the monitors; panics with the
/// violation (after printing the trace) if there is one.
pub fn replay(seed: u64, program: &dyn Fn(&mut Sim)) -> Report {
    let (report, verdict) = run_one(seed, TraceMode::Full, program);
    if let Some(v) = verdict {
        eprintln!("{}", report.trace.render());
        eprintln!("otpsim: seed {seed:#x} failed: {v}");
        panic!("seed {seed:#x}: {v}");
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_parse_in_decimal_and_hex() {
        assert_eq!(parse_seed("42"), Ok(42));
        assert_eq!(parse_seed("0x2a"), Ok(42));
        assert!(parse_seed("x2a").unwrap_err().contains("invalid seed"));
    }

    #[test]
    fn a_deadlock_is_reported_with_its_seed() {
        let r = std::panic::catch_unwind(|| {
            check_random(3, |sim| {
                sim.spawn(|p| async move {
                    p.receive(sim::Timeout::Infinity, |_| false).await;
                });
            })
        });
        let msg = *r.unwrap_err().downcast::<String>().unwrap();
        assert!(msg.starts_with("seed 0x0: outcome violated"), "{msg}");
    }
}
