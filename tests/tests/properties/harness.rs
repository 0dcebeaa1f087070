//! Running a generated program under several seeded schedules, checking it, and reporting a
//! failure as a reproducer: the shrunk program as RON (also saved to a file), the seed, and
//! the commands that replay it.

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};
use scenarios::lang::to_ron;
use scenarios::runner::ENV_SEED;
use scenarios::{Decisions, Program, RunResult, run_program};
use sim::{Outcome, TraceMode};
use std::fmt;
use std::path::PathBuf;

/// Seeds per generated program when `OTPSIM_SEEDS` is not set.
pub const DEFAULT_SEEDS: u64 = 8;
/// Proptest's RNG seed when `PROPTEST_RNG_SEED` is not set (fixed, so CI is reproducible).
pub const DEFAULT_RNG_SEED: u64 = 0x0715_0007;
/// Names the program file the `replay_program_file` test runs.
pub const ENV_PROGRAM: &str = "OTPSIM_PROGRAM";

/// The seeds each program runs under: `OTPSIM_SEED` alone, else `0..OTPSIM_SEEDS`, else
/// `0..DEFAULT_SEEDS` (read by `scenarios::runner`, the one place that reads them).
pub fn seeds() -> Vec<u64> {
    scenarios::runner::seeds(DEFAULT_SEEDS)
}

/// What went wrong with one program under one seed.
#[derive(Debug)]
pub struct Failure {
    /// The seed.
    pub seed: u64,
    /// The check (`wait-deadline`, `outcome`, `determinism`, ...).
    pub check: String,
    /// What it saw.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "seed {:#x}: {}: {}", self.seed, self.check, self.message)
    }
}

fn fail(seed: u64, check: &str, message: impl Into<String>) -> Failure {
    Failure {
        seed,
        check: check.to_string(),
        message: message.into(),
    }
}

/// One run with the full trace.
pub fn run(
    program: &Program,
    decisions: &Decisions,
    trace: TraceMode,
    seed: u64,
) -> Result<RunResult, Failure> {
    run_program(program, decisions, trace).map_err(|e| {
        fail(
            seed,
            "compile",
            format!("the generator made an invalid program: {e:?}"),
        )
    })
}

/// The standard monitors (attached to the run by the interpreter); a deadlock or an exhausted
/// budget is a failure too (every generated program terminates).
pub fn verdict(run: &RunResult, seed: u64) -> Result<(), Failure> {
    if let Some(v) = run.violation.clone() {
        let message = format!("at step {} ({}): {}", v.step, v.time, v.message);
        return Err(fail(seed, v.check, message));
    }
    if run.report.outcome != Outcome::Completed {
        let what = scenarios::verdict::describe_outcome(&run.report.outcome);
        return Err(fail(seed, "outcome", what));
    }
    Ok(())
}

/// Every monitor holds under every seed.
pub fn check_invariants(program: &Program, seeds: &[u64]) -> Result<(), Failure> {
    for &seed in seeds {
        let r = run(program, &Decisions::Seed(seed), TraceMode::Full, seed)?;
        verdict(&r, seed)?;
    }
    Ok(())
}

/// Same seed ⇒ same trace hash and observations; replaying the recorded schedule gives the
/// same hash without divergence; running with the trace off takes the same decisions and
/// observes the same.
pub fn check_determinism(program: &Program, seeds: &[u64]) -> Result<(), Failure> {
    for &seed in seeds {
        let first = run(program, &Decisions::Seed(seed), TraceMode::Full, seed)?;
        let hash = first.report.hash();
        let again = run(program, &Decisions::Seed(seed), TraceMode::Full, seed)?;
        if again.report.hash() != hash || again.lines() != first.lines() {
            return Err(fail(
                seed,
                "determinism",
                format!(
                    "two runs of the same seed differ: hash {hash:x?} then {:x?}",
                    again.report.hash()
                ),
            ));
        }
        let schedule = first.report.schedule.clone();
        let replayed = run(
            program,
            &Decisions::Schedule(schedule),
            TraceMode::Full,
            seed,
        )?;
        if let Some(d) = &replayed.report.divergence {
            return Err(fail(seed, "replay", format!("the replay diverged: {d}")));
        }
        if replayed.report.hash() != hash || replayed.lines() != first.lines() {
            return Err(fail(
                seed,
                "replay",
                format!(
                    "replaying the schedule changed the trace: hash {hash:x?} then {:x?}",
                    replayed.report.hash()
                ),
            ));
        }
        let quiet = run(program, &Decisions::Seed(seed), TraceMode::Off, seed)?;
        if quiet.lines() != first.lines() || quiet.report.schedule != first.report.schedule {
            return Err(fail(
                seed,
                "trace-independence",
                "the run with the trace off observed or decided differently",
            ));
        }
    }
    Ok(())
}

/// Proptest's configuration: `default_cases` unless `PROPTEST_CASES` is set; a fixed RNG
/// seed unless `PROPTEST_RNG_SEED` is set; shrinking bounded (2048 steps, 60 s) unless
/// `PROPTEST_MAX_SHRINK_ITERS` / `PROPTEST_MAX_SHRINK_TIME` say otherwise; no persistence
/// files.
pub fn proptest_config(default_cases: u32) -> Config {
    let from_env = Config::default();
    Config {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            from_env.cases
        } else {
            default_cases
        },
        rng_seed: match from_env.rng_seed {
            RngSeed::Random => RngSeed::Fixed(DEFAULT_RNG_SEED),
            fixed => fixed,
        },
        failure_persistence: None,
        max_shrink_iters: if std::env::var_os("PROPTEST_MAX_SHRINK_ITERS").is_some() {
            from_env.max_shrink_iters
        } else {
            2048
        },
        max_shrink_time: if std::env::var_os("PROPTEST_MAX_SHRINK_TIME").is_some() {
            from_env.max_shrink_time
        } else {
            60_000
        },
        ..from_env
    }
}

/// Saves `program` where the reproducer can find it.
fn save(test: &str, program: &Program) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("properties");
    let path = dir.join(format!("{test}.ron"));
    let written =
        std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&path, to_ron(program) + "\n"));
    if let Err(e) = written {
        eprintln!(
            "otpsim: cannot save the failing program to {}: {e}",
            path.display()
        );
    }
    path
}

/// The reproducer for a failure of `program`: what failed, the program as RON, where it was
/// saved and the commands that replay it.
pub fn reproducer(test: &str, program: &Program, f: &Failure) -> String {
    let path = save(test, program);
    let path = path.display();
    let seed = f.seed;
    format!(
        "otpsim: generated program failed {f}\n\
         --- the program ({} steps, shrunk), saved to {path} ---\n{}\n---\n\
         replay it with the monitors:\n  \
         {ENV_PROGRAM}={path} {ENV_SEED}={seed:#x} cargo test -p otpsim-tests --test properties \
         replay_program_file -- --nocapture\n\
         its trace and the standard monitors' verdict on the command line:\n  \
         cargo run -p scenarios -- run {path} --seed {seed:#x}",
        crate::programs::size(&program.main),
        to_ron(program),
    )
}

/// Candidates the second shrinking pass ([`crate::minimize`]) may try.
const MINIMIZE_BUDGET: usize = 2000;

/// Runs `check` on generated programs under [`seeds`]; on failure shrinks the program
/// (proptest, then [`crate::minimize`] under the failing seed), prints the reproducer
/// (before unwinding) and panics with it.
pub fn property(
    test: &str,
    default_cases: u32,
    check: impl Fn(&Program, &[u64]) -> Result<(), Failure>,
) {
    let seeds = seeds();
    let config = proptest_config(default_cases);
    let rng_seed = config.rng_seed;
    let mut runner = TestRunner::new(config);
    // Once a program has failed, proptest only shrinks: each smaller candidate runs under
    // the failing seed alone (the reproducer names one seed, and shrinking in debug builds
    // stays in seconds rather than minutes).
    let failing_seed = std::cell::Cell::new(None::<u64>);
    let result = runner.run(&crate::programs::program(), |program| {
        let only;
        let seeds = match failing_seed.get() {
            Some(seed) => {
                only = [seed];
                &only[..]
            }
            None => &seeds[..],
        };
        check(&program, seeds).map_err(|f| {
            failing_seed.set(Some(f.seed));
            TestCaseError::fail(f.to_string())
        })
    });
    match result {
        Ok(()) => {}
        Err(TestError::Fail(_, program)) => {
            let seed = failing_seed.get().expect("a failure sets the seed");
            let f = check(&program, &[seed]).expect_err("a failing program fails again");
            let same = |p: &Program| check(p, &[f.seed]).is_err_and(|g| g.check == f.check);
            let program = crate::minimize::minimize(&program, MINIMIZE_BUDGET, &same);
            let f = check(&program, &[f.seed]).expect_err("the minimal program fails");
            let text = reproducer(test, &program, &f);
            eprintln!("{text}\n(proptest rng seed {rng_seed}, PROPTEST_RNG_SEED)");
            panic!("{text}");
        }
        Err(e) => panic!("proptest rng seed {rng_seed}: {e}"),
    }
}

/// Generated programs for tests that inspect them (a deterministic sample).
pub fn sample(n: usize) -> Vec<Program> {
    use proptest::strategy::ValueTree;
    let mut runner = TestRunner::new(proptest_config(1));
    let strategy = crate::programs::program();
    (0..n)
        .map(|_| {
            strategy
                .new_tree(&mut runner)
                .expect("the strategy never rejects")
                .current()
        })
        .collect()
}
