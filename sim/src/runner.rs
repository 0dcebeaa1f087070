//! The seed runner every crate's tests use: which seeds a test runs, what it prints when
//! one fails, and the shrinking of a failing schedule before the report.
//!
//! Environment — read here and nowhere else; a malformed value is an error, never ignored:
//!
//! * [`ENV_SEEDS`] `OTPSIM_SEEDS=N` — run seeds `0..N` instead of the test's own count.
//! * [`ENV_SEED`] `OTPSIM_SEED=S` — run only seed `S` (decimal or `0x` hex).
//! * [`ENV_SCHEDULE`] `OTPSIM_SCHEDULE=FILE` — replay the schedule file `FILE` (written by a
//!   failing test, `otpsim run --save-schedule` or `otpsim shrink`) instead of any seed; a
//!   replay that stops matching the file fails, naming the first decision that differs.
//!
//! Two ways in. A test that builds its own runs loops with [`each_seed`] and builds each
//! run's simulation with [`sim_for`]: a failing seed prints its replay command before the
//! panic unwinds. A test that hands over the whole program uses a [`Runner`], which also
//! attaches the caller's monitors (a [`Hook`]), judges every run, and shrinks a failing
//! schedule before it reports:
//!
//! ```
//! use sim::runner::{Runner, Failure};
//! use sim::Term;
//! Runner::new(50).check(
//!     |sim| sim.spawn(|p| async move { p.sleep(5).await }),
//!     |_sim| Box::new(|report, root| match report.exit_reason(*root) {
//!         Some(r) if *r == Term::atom("normal") => Ok(()),
//!         other => Err(Failure::new("exit", format!("root ended with {other:?}"))),
//!     }),
//! );
//! ```

use crate::schedule::{Schedule, parse_file, parse_seed, write_file};
use crate::shrink::{DEFAULT_BUDGET, shrink};
use crate::sim::{Config, Report, Sim};
use crate::trace::TraceMode;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Number of seeds to run instead of the test's own count.
pub const ENV_SEEDS: &str = "OTPSIM_SEEDS";
/// The one seed to run.
pub const ENV_SEED: &str = "OTPSIM_SEED";
/// A schedule file to replay instead of any seed.
pub const ENV_SCHEDULE: &str = "OTPSIM_SCHEDULE";
/// Where a failing test writes its shrunk schedule (relative to the test's directory).
pub const FAILURES_DIR: &str = "otpsim-failures";

/// The runner's environment, read once per process.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Env {
    /// `OTPSIM_SEED`.
    pub seed: Option<u64>,
    /// `OTPSIM_SEEDS`.
    pub seeds: Option<u64>,
    /// `OTPSIM_SCHEDULE`, read and checked.
    pub schedule: Option<(PathBuf, Schedule)>,
}

impl Env {
    /// Reads the variables through `var` (the process environment in [`Env::get`]).
    pub fn read(var: impl Fn(&str) -> Option<String>) -> Result<Env, String> {
        let seed = match var(ENV_SEED) {
            None => None,
            Some(s) => Some(parse_seed(&s).map_err(|e| format!("{ENV_SEED}: {e}"))?),
        };
        let seeds = match var(ENV_SEEDS) {
            None => None,
            Some(s) => Some(s.trim().parse::<u64>().map_err(|_| {
                format!("{ENV_SEEDS}: `{s}` is not a number of seeds (a whole number)")
            })?),
        };
        let schedule = match var(ENV_SCHEDULE) {
            None => None,
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{ENV_SCHEDULE}: cannot read `{path}`: {e}"))?;
                let file =
                    parse_file(&text).map_err(|e| format!("{ENV_SCHEDULE}: `{path}`: {e}"))?;
                Some((PathBuf::from(path), file.schedule))
            }
        };
        if seed.is_some() && schedule.is_some() {
            return Err(format!(
                "{ENV_SEED} and {ENV_SCHEDULE} are both set: replay one or the other"
            ));
        }
        Ok(Env {
            seed,
            seeds,
            schedule,
        })
    }

    /// The process environment, read on first use. Panics with what was wrong.
    pub fn get() -> &'static Env {
        static ENV: OnceLock<Result<Env, String>> = OnceLock::new();
        match ENV.get_or_init(|| Env::read(|k| std::env::var(k).ok())) {
            Ok(env) => env,
            Err(e) => panic!("{e}"),
        }
    }

    /// The seeds a test with `default` seeds runs (none when a schedule replaces them).
    pub fn seeds(&self, default: u64) -> Vec<u64> {
        if self.schedule.is_some() {
            return vec![0];
        }
        if let Some(s) = self.seed {
            return vec![s];
        }
        (0..self.seeds.unwrap_or(default)).collect()
    }

    /// True when one run is replayed (a seed or a schedule): show everything.
    pub fn replaying(&self) -> bool {
        self.seed.is_some() || self.schedule.is_some()
    }
}

/// The seeds a test runs: `OTPSIM_SEED` alone if set, else `0..OTPSIM_SEEDS` if set, else
/// `0..default` (just one when `OTPSIM_SCHEDULE` is set).
pub fn seeds(default: u64) -> Vec<u64> {
    Env::get().seeds(default)
}

/// The simulation of one run of a seeded test: seeded by `seed`, or replaying
/// `OTPSIM_SCHEDULE` when that is set.
pub fn sim_for(seed: u64) -> Sim {
    sim_with(seed, Config::default())
}

/// [`sim_for`] with a configuration.
pub fn sim_with(seed: u64, config: Config) -> Sim {
    match &Env::get().schedule {
        Some((_, s)) => Sim::replay(s, config),
        None => Sim::seeded_with(seed, config),
    }
}

/// The name of the running test (the test harness names each test's thread after it).
pub fn test_name() -> String {
    std::thread::current()
        .name()
        .filter(|n| *n != "main")
        .unwrap_or("TEST_NAME")
        .to_string()
}

/// The command that replays `seed` of the running test.
pub fn reproducer(seed: u64) -> String {
    format!(
        "{ENV_SEED}={seed:#x} cargo test {} -- --exact --nocapture",
        test_name()
    )
}

/// The command that replays the schedule file `path` in the running test.
pub fn schedule_reproducer(path: &Path) -> String {
    format!(
        "{ENV_SCHEDULE}={} cargo test {} -- --exact --nocapture",
        path.display(),
        test_name()
    )
}

/// Runs `body` for every seed the environment asks for (see [`seeds`]). When `body`
/// panics, the seed's replay command is printed first, then the panic goes on.
pub fn each_seed(default: u64, mut body: impl FnMut(u64)) {
    for seed in seeds(default) {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(seed)));
        if let Err(payload) = r {
            eprintln!("otpsim: {}", what_failed(seed));
            std::panic::resume_unwind(payload);
        }
    }
}

/// "seed 0x.. failed; replay: ..." or the schedule file's equivalent.
fn what_failed(seed: u64) -> String {
    match &Env::get().schedule {
        Some((path, _)) => format!(
            "the schedule {} failed\n  replay: {}",
            path.display(),
            schedule_reproducer(path)
        ),
        None => format!("seed {seed:#x} failed\n  replay: {}", reproducer(seed)),
    }
}

/// Why a run failed: `check` names the way (a monitor, `outcome`, `assert`), so that a
/// shrunk schedule can be required to fail the same way; `message` says the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The way it failed.
    pub check: String,
    /// What happened.
    pub message: String,
}

impl Failure {
    /// A failure of `check`.
    pub fn new(check: impl Into<String>, message: impl Into<String>) -> Failure {
        Failure {
            check: check.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.check, self.message)
    }
}

/// The verdict on one run, given its report and what the program's setup returned.
pub type Judge<T> = Box<dyn FnOnce(&Report, &T) -> Result<(), Failure>>;

/// Attaches whatever watches a run (monitors, observers) before it starts, and returns
/// the judge of its end.
pub type Hook<'a, T> = &'a dyn Fn(&mut Sim) -> Judge<T>;

/// Runs programs under the environment's seeds (or schedule), judges each run, and on the
/// first failure shrinks its schedule, writes it to [`FAILURES_DIR`], prints the
/// reproducers and panics.
#[derive(Clone, Debug)]
pub struct Runner {
    default_seeds: u64,
    config: Config,
    shrink: bool,
}

impl Runner {
    /// A runner of `default_seeds` seeds, shrinking failures.
    pub fn new(default_seeds: u64) -> Runner {
        Runner {
            default_seeds,
            config: Config {
                trace: TraceMode::Off,
                ..Config::default()
            },
            shrink: true,
        }
    }

    /// Runs with this configuration (its trace mode is used for the sweep; a failing run
    /// is replayed with the full trace; its `record_schedule` is ignored: the runner needs
    /// every run's schedule, to shrink and write a failing one).
    pub fn config(mut self, config: Config) -> Runner {
        self.config = config;
        self
    }

    /// Reports a failure as found, without shrinking it.
    pub fn no_shrink(mut self) -> Runner {
        self.shrink = false;
        self
    }

    /// One run of `program` with `sim`, judged.
    fn run_one<T>(
        &self,
        mut sim: Sim,
        program: &dyn Fn(&mut Sim) -> T,
        hook: Hook<'_, T>,
    ) -> (Report, Result<(), Failure>) {
        let value = program(&mut sim);
        let judge = hook(&mut sim);
        let report = sim.run();
        let verdict = judge(&report, &value);
        (report, verdict)
    }

    /// The configuration of a run: the given one with `trace`, keeping the schedule
    /// whatever it says (a failure is shrunk and written from its schedule).
    fn config_with(&self, trace: TraceMode) -> Config {
        Config {
            trace,
            record_schedule: true,
            ..self.config.clone()
        }
    }

    /// Runs `program` under every seed (or the schedule) and judges each run with the
    /// judge `hook` returns; panics with the reproducers at the first failure.
    pub fn check<T>(&self, program: impl Fn(&mut Sim) -> T, hook: impl Fn(&mut Sim) -> Judge<T>) {
        let env = Env::get();
        if let Some((path, schedule)) = &env.schedule {
            let sim = Sim::replay(schedule, self.config_with(TraceMode::Full));
            let (report, verdict) = self.run_one(sim, &program, &hook);
            eprintln!("{}", report.trace.render());
            if let Some(d) = &report.divergence {
                panic!(
                    "the schedule {} does not fit this test any more: {d}",
                    path.display()
                );
            }
            if let Err(f) = verdict {
                panic!("the schedule {} failed: {f}", path.display());
            }
            return;
        }
        let trace = if env.replaying() {
            TraceMode::Full
        } else {
            self.config.trace
        };
        for seed in env.seeds(self.default_seeds) {
            let sim = Sim::seeded_with(seed, self.config_with(trace));
            let (report, verdict) = self.run_one(sim, &program, &hook);
            if let Err(f) = verdict {
                self.fail(seed, report.schedule, f, &program, &hook);
            }
        }
    }

    fn fail<T>(
        &self,
        seed: u64,
        schedule: Schedule,
        failure: Failure,
        program: &dyn Fn(&mut Sim) -> T,
        hook: Hook<'_, T>,
    ) -> ! {
        let rerun = |s: &Schedule, how: Replay| {
            let (sim, trace) = match how {
                Replay::Exact => (Sim::replay(s, self.config_with(TraceMode::Full)), true),
                Replay::Prefix => (
                    Sim::replay_prefix(s, self.config_with(TraceMode::Off)),
                    false,
                ),
            };
            let (report, verdict) = self.run_one(sim, program, hook);
            if trace {
                eprintln!("{}", report.trace.render());
            }
            (report.schedule, verdict)
        };
        fail(
            seed,
            schedule,
            failure,
            self.shrink,
            self.config.inject,
            &rerun,
        )
    }
}

/// Runs a schedule and returns what the run recorded and its verdict.
pub type Rerun<'a> = &'a dyn Fn(&Schedule, Replay) -> (Schedule, Result<(), Failure>);

/// How [`fail`] re-runs a schedule.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Replay {
    /// A checking replay with the full trace, to show the failure (print the trace).
    Exact,
    /// A lenient replay with the trace off, a shrinking candidate.
    Prefix,
}

/// Reports the failure of `seed`: prints its replay command, shrinks its schedule (when
/// `shrink`) through `rerun` — which runs a schedule and returns what the run recorded and
/// its verdict — writes the shrunk schedule to [`FAILURES_DIR`] with its replay command
/// (and `inject`, the faults its runs could inject: the file must say them), re-runs it
/// exactly to show its trace, and panics with the failure.
pub fn fail(
    seed: u64,
    schedule: Schedule,
    failure: Failure,
    shrink_it: bool,
    inject: crate::Inject,
    rerun: Rerun<'_>,
) -> ! {
    eprintln!(
        "otpsim: seed {seed:#x} failed: {failure}\n  replay: {}",
        reproducer(seed)
    );
    let mut shown = schedule.clone();
    if shrink_it {
        let shrunk = shrink(&schedule, DEFAULT_BUDGET, |candidate| {
            match rerun(candidate, Replay::Prefix) {
                (recorded, Err(f)) if f.check == failure.check => Some(recorded),
                _ => None,
            }
        });
        shown = shrunk.schedule;
        let name = test_name();
        let path = Path::new(FAILURES_DIR).join(format!("{}.schedule", file_stem(&name)));
        let text = write_file(&name, Some(seed), None, inject, &shown);
        let written = std::fs::create_dir_all(FAILURES_DIR)
            .and_then(|()| std::fs::write(&path, text))
            .map(|()| path.clone());
        eprintln!(
            "  shrunk in {} runs to {} decisions ({} not the default, {} faults)",
            shrunk.runs,
            shown.len(),
            shown.non_default(),
            shown.faults()
        );
        match written {
            Ok(p) => eprintln!("  replay the shrunk run: {}", schedule_reproducer(&p)),
            Err(e) => eprintln!("  (cannot write {}: {e})", path.display()),
        }
    }
    let (_, verdict) = rerun(&shown, Replay::Exact);
    let why = verdict.err().unwrap_or(failure);
    panic!("seed {seed:#x}: {why}");
}

/// A test's name as a file name (`module::test` ⇒ `module-test`).
fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Term;

    #[test]
    fn the_environment_is_read_strictly() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            Env::read(move |k| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            })
        };
        assert_eq!(env(&[]).unwrap().seeds(3), [0, 1, 2]);
        assert_eq!(env(&[(ENV_SEEDS, "5")]).unwrap().seeds(3).len(), 5);
        assert_eq!(env(&[(ENV_SEED, "0x2a")]).unwrap().seeds(3), [42]);
        assert!(env(&[(ENV_SEED, "x")]).unwrap_err().contains("OTPSIM_SEED"));
        assert!(env(&[(ENV_SEEDS, "many")]).unwrap_err().contains("many"));
        let missing = env(&[(ENV_SCHEDULE, "/nonexistent/x.schedule")]).unwrap_err();
        assert!(missing.contains("cannot read"), "{missing}");
    }

    #[test]
    fn a_failing_seed_panics_naming_it_after_shrinking() {
        shrinks_the_bug(
            Runner::new(40),
            "a_failing_seed_panics_naming_it_after_shrinking",
        );
    }

    #[test]
    fn a_runner_keeps_schedules_whatever_its_configuration_says() {
        let bare = Config {
            trace: TraceMode::Off,
            record_schedule: false,
            ..Config::default()
        };
        shrinks_the_bug(
            Runner::new(40).config(bare),
            "a_runner_keeps_schedules_whatever_its_configuration_says",
        );
    }

    /// `runner` finds a two-draw bug, shrinks it to its lowest schedule and writes it for
    /// the test `test`.
    fn shrinks_the_bug(runner: Runner, test: &str) {
        let r = std::panic::catch_unwind(|| {
            runner.check(
                |sim| {
                    sim.spawn(|p| async move {
                        let a = p.random(4);
                        let b = p.random(4);
                        if a == 3 && b > 0 {
                            p.log("bug");
                        }
                    })
                },
                |sim| {
                    let seen = std::rc::Rc::new(std::cell::Cell::new(false));
                    let s = seen.clone();
                    sim.observe(move |e| {
                        if matches!(&e.kind, crate::EventKind::Log { text } if text == "bug") {
                            s.set(true);
                        }
                    });
                    Box::new(move |_: &Report, _: &crate::Pid| {
                        if seen.get() {
                            Err(Failure::new("bug", "the bug"))
                        } else {
                            Ok(())
                        }
                    })
                },
            )
        });
        let msg = *r.unwrap_err().downcast::<String>().unwrap();
        assert!(msg.contains(": bug: the bug"), "{msg}");
        let written =
            std::fs::read_to_string(format!("{FAILURES_DIR}/runner--tests--{test}.schedule"))
                .expect("the shrunk schedule was written");
        let file = parse_file(&written).unwrap();
        // Shrunk to its lowest: the first draw 3, the second 1.
        let picks: Vec<u32> = file.schedule.picks().collect();
        assert_eq!(picks, [3, 1]);
        let _ = Term::nil();
    }
}
