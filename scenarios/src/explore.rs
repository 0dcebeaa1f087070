//! The explorer: run a program under many seeds on several threads and sum up what
//! happened. Each thread compiles its own copy of the program and runs one `Sim` at a time;
//! results are merged per outcome with the smallest seed that produced it, so the summary
//! does not depend on the number of threads or on which thread ran which seed. Every run is
//! watched by the invariant monitors; a broken invariant fails the run like a missed
//! expectation, and its outcome is kept apart from the same observations without one.

use crate::hunt::{Strategy, fifo_steps};
use crate::interp::{Limits, Observations, RunResult, SharedRenderings, outcome_kind};
use crate::scenario::{Origin, Scenario};
use sim::exhaustive::Exhaustive;
use sim::{Schedule, TraceMode};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// What decides which seeds a sweep runs.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Sweep {
    /// Seeds `0..seeds`.
    pub seeds: u64,
    /// Only the seeds `s` with `s % n == k - 1`, for `Some((k, n))` (`--shard k/n`).
    pub shard: Option<(u64, u64)>,
    /// Worker threads.
    pub jobs: usize,
    /// How each run's decisions are chosen. Under [`Strategy::Exhaustive`], `seeds` is the
    /// most runs the walk makes (on one thread: a walk is sequential), and a run's "seed"
    /// is its number in the walk.
    pub strategy: Strategy,
}

/// More worker threads than this are not started, whatever `jobs` says.
pub const MAX_JOBS: usize = 256;

/// The most runs `otpsim explore` makes in one go (all scenarios together): days of work.
/// Larger sweeps are split with `--shard K/N`.
pub const MAX_RUNS: u64 = 1_000_000_000;

impl Sweep {
    /// How many seeds this sweep runs.
    pub fn count(&self) -> u64 {
        match self.shard {
            None => self.seeds,
            Some((k, n)) => self.seeds.saturating_sub(k - 1).div_ceil(n),
        }
    }

    /// The `i`-th seed of this sweep (`i < count()`), in increasing order.
    pub fn seed_at(&self, i: u64) -> u64 {
        match self.shard {
            None => i,
            Some((k, n)) => (k - 1) + i * n,
        }
    }

    /// The seeds of this sweep, in order.
    pub fn seeds(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.count()).map(|i| self.seed_at(i))
    }
}

/// One distinct outcome of a sweep: how the runs ended and what they observed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeStats {
    /// How the runs ended (`completed`, `deadlock`, ...).
    pub kind: &'static str,
    /// The observation lines.
    pub lines: Vec<String>,
    /// How many runs.
    pub runs: u64,
    /// The smallest seed that produced it.
    pub first_seed: u64,
    /// Whether it meets the program's expectation, and if not why.
    pub verdict: Result<(), String>,
    /// The invariant it broke or the limit it hit, if any (part of what sets outcomes
    /// apart, and what `otpsim merge` needs to merge shards exactly).
    pub check: Option<String>,
}

/// The result of sweeping one program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The program's name.
    pub name: String,
    /// Runs made.
    pub runs: u64,
    /// Distinct outcomes, most frequent first (ties: smallest first seed first).
    pub outcomes: Vec<OutcomeStats>,
    /// For an exhaustive walk: whether it covered every schedule (`None` for seeds).
    pub exhausted: Option<bool>,
    /// For an exhaustive walk: the schedule of the first failing run (a seed says it for
    /// the others).
    pub failing_schedule: Option<Schedule>,
}

impl Summary {
    /// Runs that failed their expectation, broke an invariant or did not complete.
    pub fn violations(&self) -> u64 {
        self.failing().map(|o| o.runs).sum()
    }

    /// The failing outcome with the smallest seed: `(seed, why)`.
    pub fn first_failure(&self) -> Option<(u64, String)> {
        self.failing()
            .min_by_key(|o| o.first_seed)
            .map(|o| (o.first_seed, o.verdict.clone().err().unwrap_or_default()))
    }

    fn failing(&self) -> impl Iterator<Item = &OutcomeStats> {
        self.outcomes.iter().filter(|o| o.verdict.is_err())
    }
}

/// How the runs ended, the invariant they broke or the size limit they hit (if any), what
/// they observed (as text lines, or in a worker as the observations themselves: a run
/// like one seen before is then tallied without formatting its lines).
type Key<O = Vec<String>> = (&'static str, Option<&'static str>, O);
/// Per outcome: runs, smallest seed, and the verdict of that seed's run.
type Tally<O = Vec<String>> = BTreeMap<Key<O>, (u64, u64, Result<(), String>)>;
/// A worker's tally.
type RunTally = Tally<Observations>;

/// Adds `runs` runs, the smallest of which was `seed`, to `key`'s entry.
fn add<O: Ord>(
    tally: &mut Tally<O>,
    key: Key<O>,
    runs: u64,
    seed: u64,
    verdict: impl FnOnce() -> Result<(), String>,
) {
    match tally.get_mut(&key) {
        Some(e) => {
            e.0 += runs;
            if seed < e.1 {
                e.1 = seed;
                e.2 = verdict();
            }
        }
        None => {
            tally.insert(key, (runs, seed, verdict()));
        }
    }
}

const CHUNK: u64 = 64;

/// Runs the scenario of `origin` under every seed of `sweep` within the default
/// [`Limits`]; `tick(n)` is called as runs finish (from worker threads), for progress bars.
pub fn explore(origin: &Origin, sweep: &Sweep, tick: &(dyn Fn(u64) + Sync)) -> Summary {
    explore_within(origin, sweep, &Limits::default(), tick)
}

/// [`explore`], each run within `limits`.
pub fn explore_within(
    origin: &Origin,
    sweep: &Sweep,
    limits: &Limits,
    tick: &(dyn Fn(u64) + Sync),
) -> Summary {
    // Loaded here for the name (and to fail early); each worker loads its own copy.
    let scenario = match origin.load() {
        Ok(s) => s,
        Err(e) => {
            return Summary {
                name: format!("(cannot load: {e})"),
                runs: 0,
                outcomes: Vec::new(),
                exhausted: None,
                failing_schedule: None,
            };
        }
    };
    if let Strategy::Exhaustive { bound } = sweep.strategy {
        return walk(&scenario, bound, sweep.seeds, limits, tick);
    }
    let steps = match sweep.strategy {
        Strategy::Pct { .. } => fifo_steps(&scenario, limits),
        Strategy::Random | Strategy::Exhaustive { .. } => 0,
    };
    let next = AtomicU64::new(0);
    let jobs = (sweep.jobs.clamp(1, MAX_JOBS) as u64).min(sweep.count().max(1));
    let tallies: Vec<Tally> = std::thread::scope(|s| {
        // A worker's observations are shared on its thread; its tally leaves as text.
        let workers: Vec<_> = (0..jobs)
            .map(|_| s.spawn(|| lines_of(worker(origin, sweep, limits, steps, &next, tick))))
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut total = Tally::new();
    for tally in tallies {
        for (key, (runs, first, verdict)) in tally {
            add(&mut total, key, runs, first, || verdict);
        }
    }
    summarize(&scenario, total)
}

fn worker(
    origin: &Origin,
    sweep: &Sweep,
    limits: &Limits,
    steps: u64,
    next: &AtomicU64,
    tick: &(dyn Fn(u64) + Sync),
) -> RunTally {
    let Ok(scenario) = origin.load() else {
        return RunTally::new();
    };
    let _shared = SharedRenderings::begin();
    let mut tally = RunTally::new();
    let count = sweep.count();
    loop {
        let start = next.fetch_add(CHUNK, Ordering::Relaxed);
        if start >= count {
            return tally;
        }
        let end = (start + CHUNK).min(count);
        for seed in (start..end).map(|i| sweep.seed_at(i)) {
            let Some(d) = sweep.strategy.decisions(seed, steps) else {
                return tally;
            };
            // A failing seed is reported as a seed: its run needs no schedule.
            let r = scenario.run_bare(&d, limits);
            record(&mut tally, &scenario, seed, r);
        }
        tick(end - start);
    }
}

/// A worker's tally with its observations as text lines.
fn lines_of(tally: RunTally) -> Tally {
    tally
        .into_iter()
        .map(|((kind, check, observations), v)| {
            let lines = observations.iter().map(|o| o.to_string()).collect();
            ((kind, check, lines), v)
        })
        .collect()
}

/// Adds the run of `seed` to `tally`, its observations (shared, not copied) as the key;
/// the verdict is computed only for a new outcome or a smaller seed.
fn record(tally: &mut RunTally, scenario: &Scenario, seed: u64, r: RunResult) {
    let check = match &r.limit {
        Some(_) => Some("size-limit"),
        None => r.violation.as_ref().map(|v| v.check),
    };
    let key = (
        outcome_kind(&r.report.outcome),
        check,
        r.observations.clone(),
    );
    add(tally, key, 1, seed, || scenario.check(&r));
    crate::interp::recycle(r);
}

/// An exhaustive walk of at most `max_runs` runs, on this thread.
fn walk(
    scenario: &Scenario,
    bound: Option<u32>,
    max_runs: u64,
    limits: &Limits,
    tick: &(dyn Fn(u64) + Sync),
) -> Summary {
    let mut search = Exhaustive::new(bound);
    let _shared = SharedRenderings::begin();
    let mut tally = RunTally::new();
    let mut failing = None;
    let mut run = 0;
    while run < max_runs {
        let Some(chooser) = search.next_run() else {
            break;
        };
        let r = crate::interp::run_ir_with(&scenario.ir, chooser, TraceMode::Off, *limits);
        tick(1);
        if search.finish_run() {
            if failing.is_none() && scenario.check(&r).is_err() {
                failing = Some(r.report.schedule.clone());
            }
            record(&mut tally, scenario, run, r);
        }
        run += 1;
    }
    // A walk that stopped at the budget has not seen whether the tree ends there.
    let done = search.next_run().is_none();
    let mut summary = summarize(scenario, lines_of(tally));
    summary.exhausted = Some(done && search.stats().exhausted());
    summary.failing_schedule = failing;
    summary
}

/// The summary of a tally, outcomes most frequent first.
pub fn summarize_tally(name: &str, outcomes: Vec<OutcomeStats>) -> Summary {
    let mut outcomes = outcomes;
    outcomes.sort_by_key(|o| (std::cmp::Reverse(o.runs), o.first_seed));
    Summary {
        name: name.to_string(),
        runs: outcomes.iter().map(|o| o.runs).sum(),
        outcomes,
        exhausted: None,
        failing_schedule: None,
    }
}

fn summarize(scenario: &Scenario, total: Tally) -> Summary {
    let outcomes: Vec<OutcomeStats> = total
        .into_iter()
        .map(
            |((kind, check, lines), (runs, first_seed, verdict))| OutcomeStats {
                kind,
                lines,
                runs,
                first_seed,
                verdict,
                check: check.map(str::to_string),
            },
        )
        .collect();
    summarize_tally(&scenario.name, outcomes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue;
    use crate::interp::Decisions;

    #[test]
    fn shards_partition_the_seeds() {
        let all = Sweep {
            seeds: 10,
            shard: None,
            jobs: 1,
            strategy: Strategy::Random,
        };
        let a = Sweep {
            shard: Some((1, 3)),
            ..all
        };
        let b = Sweep {
            shard: Some((2, 3)),
            ..all
        };
        let c = Sweep {
            shard: Some((3, 3)),
            ..all
        };
        let mut union: Vec<u64> = [a, b, c].iter().flat_map(|s| s.seeds()).collect();
        union.sort_unstable();
        assert_eq!(union, all.seeds().collect::<Vec<_>>());
        assert_eq!(
            [a, b, c].map(|s| s.count()),
            [4, 3, 3],
            "10 seeds in 3 shards"
        );
    }

    #[test]
    fn a_broken_invariant_is_a_violation_with_its_check_step_and_time() {
        let p = catalogue::find("AsyncExample").unwrap();
        let run = || p.run(&Decisions::Seed(0), TraceMode::Off, &Limits::default());
        let clean = run();
        assert_eq!(clean.violation, None);
        let broken = || {
            let mut r = run();
            r.violation = Some(crate::checks::Violation {
                check: "wait-deadline",
                step: 7,
                time: sim::Time::from_ms(2000),
                message: "await on #Reference<0.0.0.1> ended late".to_string(),
            });
            r
        };
        let mut tally = RunTally::new();
        record(&mut tally, &p, 3, clean);
        // The larger seed first: the smaller one takes its place as the outcome's first.
        record(&mut tally, &p, 9, broken());
        record(&mut tally, &p, 5, broken());
        let s = summarize(&p, lines_of(tally));
        assert_eq!((s.runs, s.outcomes.len(), s.violations()), (3, 2, 2));
        let (seed, why) = s.first_failure().unwrap();
        assert_eq!(seed, 5);
        assert_eq!(
            why,
            format!(
                "invariant monitor wait-deadline violated at step 7 ({}): await on #Reference<0.0.0.1> ended late",
                sim::Time::from_ms(2000)
            )
        );
    }

    #[test]
    fn results_do_not_depend_on_the_number_of_threads() {
        let p = catalogue::find("SameMsTimeoutRace").unwrap();
        let one = explore(
            &p.origin,
            &Sweep {
                seeds: 300,
                shard: None,
                jobs: 1,
                strategy: Strategy::Random,
            },
            &|_| {},
        );
        let three = explore(
            &p.origin,
            &Sweep {
                seeds: 300,
                shard: None,
                jobs: 3,
                strategy: Strategy::Random,
            },
            &|_| {},
        );
        assert_eq!(one, three);
        assert_eq!(one.outcomes.len(), 2);
        assert_eq!(one.violations(), 0);
    }
}
