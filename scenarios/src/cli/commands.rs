//! The commands behind the `otpsim` subcommands.

use super::Fail;
use super::args::{Source, resolve};
use super::input;
use super::output::{err_line, out, warn};
use super::summary;
use crate::catalogue;
use crate::explore::{MAX_JOBS, MAX_RUNS, Sweep, explore_within as sweep};
use crate::hunt::Strategy;
use crate::interp::{Decisions, Limits, RunResult};
use crate::render::{Format, RunView, render};
use crate::schedule_file;
use indicatif::{ProgressBar, ProgressStyle};
use sim::TraceMode;
use std::path::{Path, PathBuf};

/// `otpsim list`.
pub fn list() -> Result<(), Fail> {
    let all = catalogue::all();
    let width = all.iter().map(|p| p.name.len()).max().unwrap_or(0);
    let mut s = String::new();
    for p in &all {
        s.push_str(&format!("{:<width$}  {}\n", p.name, p.description));
    }
    out(&s)
}

pub(super) fn run_once(
    src: &Source,
    decisions: &Decisions,
    limits: &Limits,
) -> Result<RunResult, Fail> {
    Ok(src.scenario.run(decisions, TraceMode::Full, limits))
}

pub(super) fn show(
    src: &Source,
    run: &RunResult,
    seed: Option<u64>,
    origin: String,
    replay: String,
    format: Format,
) -> Result<(), Fail> {
    let verdict = src.scenario.check(run);
    let failed = verdict.is_err();
    let view = RunView {
        program: &src.scenario,
        run,
        seed,
        origin,
        replay,
        verdict,
    };
    out(&render(&view, format))?;
    if failed {
        Err(Fail::violation())
    } else {
        Ok(())
    }
}

/// The command that replays `seed` of the scenario the user called `arg` within `limits`.
pub(crate) fn replay_cmd(arg: &str, seed: u64, limits: &Limits) -> String {
    format!(
        "otpsim replay {} --seed {seed:#x}{}{}",
        shell_word(arg),
        budget_flags(limits),
        fault_flags(&limits.inject)
    )
}

/// The flags that inject `inject`'s faults (a seed means another run without them). A
/// schedule file carries its own, so replays from a file need none.
fn fault_flags(inject: &sim::Inject) -> String {
    let mut s = String::new();
    if inject.jitter_ms > 0 {
        s.push_str(&format!(" --jitter {}", inject.jitter_ms));
    }
    let faults: Vec<&str> = [("kill", inject.kills > 0), ("delay", inject.delay_ms > 0)]
        .into_iter()
        .filter_map(|(name, on)| on.then_some(name))
        .collect();
    if !faults.is_empty() {
        s.push_str(&format!(" --faults {}", faults.join(",")));
    }
    s
}

/// The command that replays the schedule file at `path` of the scenario the user called
/// `arg` within `limits` (the faults are the file's).
pub(super) fn schedule_replay_cmd(arg: &str, path: &Path, limits: &Limits) -> String {
    format!(
        "otpsim replay {} --schedule {}{}",
        shell_word(arg),
        shell_word(&path.display().to_string()),
        budget_flags(limits)
    )
}

/// Reads the schedule file at `path` and checks that it is one of `src`'s; warns when
/// another version of otpsim wrote it.
pub(super) fn read_schedule_for(src: &Source, path: &Path) -> Result<sim::ScheduleFile, Fail> {
    let shown = path.display();
    let text = input::read_text(path, "schedule file", input::MAX_SCHEDULE_BYTES)?;
    let file = schedule_file::parse(&text)
        .map_err(|e| Fail::usage(format!("bad schedule file `{shown}`: {e}")))?;
    if file.scenario != src.scenario.name {
        return Err(Fail::usage(format!(
            "schedule file `{shown}` is for scenario `{}`, not `{}`",
            file.scenario, src.scenario.name
        )));
    }
    if file.engine != schedule_file::ENGINE {
        warn(&format!(
            "`{shown}` was written by {}, this is {}; the replay may diverge",
            file.engine,
            schedule_file::ENGINE
        ));
    }
    Ok(file)
}

/// The flags that give a run `limits` (none for the defaults).
fn budget_flags(limits: &Limits) -> String {
    let default = Limits::default();
    let mut s = String::new();
    if limits.max_time != default.max_time {
        s.push_str(&format!(" --max-time {}ms", limits.max_time.as_ms()));
    }
    if limits.max_steps != default.max_steps {
        s.push_str(&format!(" --max-steps {}", limits.max_steps));
    }
    if limits.until_quiet {
        s.push_str(" --until-quiet");
    }
    s
}

fn shell_word(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// `otpsim run FILE.exs --bless`: runs the file under seeds `0..seeds` and writes what they
/// observed as its expectation — `# expect:` if every seed saw the same, else `# expect one
/// of:` with each distinct outcome (first seen first). The file is rewritten in place
/// (through a temporary file, so an error never leaves half of it).
pub fn bless(arg: &str, seeds: u64, limits: &Limits) -> Result<(), Fail> {
    let src = resolve(arg)?;
    let crate::scenario::Origin::Elixir { text, origin } = &src.scenario.origin else {
        return Err(Fail::usage(format!(
            "`{arg}`: --bless writes the `# expect:` block of an Elixir file (.exs); a \
             step-language program keeps its expectation in its `expect:` field"
        )));
    };
    let path = Path::new(arg);
    if !path.is_file() {
        return Err(Fail::usage(format!(
            "`{arg}` is a catalogue name: --bless rewrites a file, give its path \
             (scenarios/catalogue/*.exs)"
        )));
    }
    if let Some(crate::lang::Expect::Contains(_)) = &src.scenario.expect {
        return Err(Fail::usage(format!(
            "`{origin}` has an `# expect in order:` block, which lists only some observations \
             on purpose; --bless would replace it with all of them. Edit it by hand, or \
             delete the block and bless again"
        )));
    }
    let mut outcomes: Vec<Vec<String>> = Vec::new();
    for seed in 0..seeds.max(1) {
        let run = src
            .scenario
            .run(&Decisions::Seed(seed), TraceMode::Off, limits);
        if let Some(v) = &run.violation {
            return Err(Fail::usage(format!(
                "not blessed: seed {seed:#x} breaks invariant {} ({}); see `{}`",
                v.check,
                v.message,
                replay_cmd(arg, seed, limits)
            )));
        }
        if !run.report.outcome.ended_well() {
            return Err(Fail::usage(format!(
                "not blessed: seed {seed:#x} ended in {}; see `{}`",
                crate::interp::outcome_kind(&run.report.outcome),
                replay_cmd(arg, seed, limits)
            )));
        }
        let lines = run.lines();
        if !outcomes.contains(&lines) {
            outcomes.push(lines);
        }
    }
    let file = crate::elixir::parse(text).map_err(|e| Fail::usage(e.to_string()))?;
    let blessed = crate::lower::expect::bless_outcomes(text, &file.comments, &outcomes);
    input::write_replacing(path, &blessed).map_err(Fail::usage)?;
    let n = outcomes.len();
    out(&format!(
        "blessed {arg}: {n} outcome{} over {} seed{}{}\n",
        if n == 1 { "" } else { "s" },
        seeds.max(1),
        if seeds.max(1) == 1 { "" } else { "s" },
        if n > 1 {
            " (`# expect one of:`: a run must observe one of them)"
        } else {
            ""
        }
    ))
}

/// `otpsim run`.
pub fn run(
    arg: &str,
    seed: u64,
    format: Format,
    save: Option<&Path>,
    limits: &Limits,
) -> Result<(), Fail> {
    let src = resolve(arg)?;
    let run = run_once(&src, &Decisions::Seed(seed), limits)?;
    if let Some(path) = save {
        let text = schedule_file::write_with(
            &src.scenario.name,
            Some(seed),
            "random",
            limits.inject,
            &run.report.schedule,
        );
        input::write_schedule(path, &text).map_err(Fail::usage)?;
    }
    show(
        &src,
        &run,
        Some(seed),
        format!("seed {seed:#x}"),
        replay_cmd(&src.arg, seed, limits),
        format,
    )
}

/// `otpsim replay`.
pub fn replay(
    arg: &str,
    seed: Option<u64>,
    schedule: Option<&Path>,
    format: Format,
    limits: &Limits,
) -> Result<(), Fail> {
    let src = resolve(arg)?;
    let Some(path) = schedule else {
        let seed = seed.unwrap_or_default();
        let run = run_once(&src, &Decisions::Seed(seed), limits)?;
        let origin = format!("seed {seed:#x}");
        return show(
            &src,
            &run,
            Some(seed),
            origin,
            replay_cmd(&src.arg, seed, limits),
            format,
        );
    };
    let shown = path.display();
    let file = read_schedule_for(&src, path)?;
    // The faults are part of what the schedule means: the file's, not the flags'.
    if !limits.inject.is_none() {
        return Err(Fail::usage(format!(
            "--jitter and --faults are for runs from a seed: schedule file `{shown}` says \
             its own faults (its `# faults:` line), and a replay takes those"
        )));
    }
    let limits = &Limits {
        inject: file.inject,
        ..*limits
    };
    let run = run_once(&src, &Decisions::Schedule(file.schedule.clone()), limits)?;
    let origin = format!("schedule file {shown} ({} decisions)", file.schedule.len());
    let again = schedule_replay_cmd(&src.arg, path, limits);
    let shown_run = show(&src, &run, file.seed, origin, again, format);
    // From this engine, a decision that does not fit means the file is not this
    // scenario's (edited, or damaged): what was shown is not the recorded run.
    match &run.report.divergence {
        Some(d) if file.engine == schedule_file::ENGINE => Err(Fail::usage(format!(
            "schedule file `{shown}` does not fit scenario `{}`: {d}; the run shown is not \
             the one recorded",
            src.scenario.name
        ))),
        _ => shown_run,
    }
}

/// Options of `otpsim explore`.
pub struct ExploreOpts {
    pub seeds: u64,
    pub jobs: Option<usize>,
    pub shard: Option<(u64, u64)>,
    pub json: bool,
    pub failures_dir: PathBuf,
    pub limits: Limits,
    pub strategy: Strategy,
    pub shrink: bool,
}

fn progress(total: u64) -> ProgressBar {
    let bar = ProgressBar::new(total);
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {bar:40} {human_pos}/{human_len} runs, eta {eta} {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// `otpsim explore`.
pub fn explore(names: &[String], all: bool, opts: &ExploreOpts) -> Result<(), Fail> {
    let sources: Vec<Source> = if all {
        catalogue::all()
            .into_iter()
            .map(|p| Source {
                arg: p.name.clone(),
                scenario: p,
            })
            .collect()
    } else {
        names.iter().map(|n| resolve(n)).collect::<Result<_, _>>()?
    };
    let sweep_spec = plan(sources.len() as u64, opts)?;
    let bar = progress(sweep_spec.count() * sources.len() as u64);
    let clock = summary::Clock::start();
    let mut rows = Vec::new();
    for src in &sources {
        bar.set_message(src.scenario.name.clone());
        let started = summary::Clock::start();
        let s = sweep(&src.scenario.origin, &sweep_spec, &opts.limits, &|n| {
            bar.inc(n)
        });
        let failure = record_failure(src, &s, opts);
        rows.push(summary::Row {
            arg: src.arg.clone(),
            summary: s,
            secs: started.secs(),
            failure,
        });
    }
    bar.finish_and_clear();
    out(&summary::report(
        &rows,
        &sweep_spec,
        &opts.limits,
        clock.secs(),
        opts.json,
    ))?;
    if rows.iter().any(|r| r.summary.violations() > 0) {
        return Err(Fail::violation());
    }
    Ok(())
}

/// The sweep `explore` is about to make over `scenarios` scenarios, said on stderr before
/// it starts. More than [`MAX_RUNS`] runs are refused (a typo in `--seeds` would otherwise
/// run for years); an empty shard is run, with a warning.
fn plan(scenarios: u64, opts: &ExploreOpts) -> Result<Sweep, Fail> {
    let jobs = opts
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if jobs == 0 {
        return Err(Fail::usage(
            "`--jobs 0`: at least one worker thread is needed".to_string(),
        ));
    }
    if let (Strategy::Exhaustive { .. }, Some(_)) = (opts.strategy, opts.shard) {
        return Err(Fail::usage(
            "--shard splits seeds, and an exhaustive walk has none: run it unsharded (it is \
             sequential), or shard a random or pct sweep"
                .to_string(),
        ));
    }
    let mut sweep = Sweep {
        seeds: opts.seeds,
        shard: opts.shard,
        jobs,
        strategy: opts.strategy,
    };
    let per = sweep.count();
    let runs = per.saturating_mul(scenarios);
    if runs > MAX_RUNS {
        return Err(Fail::usage(format!(
            "a sweep of {runs} runs ({scenarios} scenario{} x {per} seeds) is more than the \
             {MAX_RUNS} otpsim makes in one go: use fewer --seeds, or split the sweep with \
             --shard K/N",
            plural(scenarios)
        )));
    }
    // More threads than runs would only wait.
    sweep.jobs = jobs
        .min(MAX_JOBS)
        .min(usize::try_from(per).unwrap_or(usize::MAX))
        .max(1);
    let shard = match sweep.shard {
        Some((k, n)) => format!(", shard {k}/{n}"),
        None => String::new(),
    };
    if let (0, Some((k, n))) = (per, sweep.shard) {
        warn(&format!(
            "shard {k}/{n} of seeds 0..{} is empty: no seed falls in it, nothing will run",
            opts.seeds
        ));
    }
    err_line(&format!(
        "otpsim explore: {scenarios} scenario{} x {per} seeds (0..{}{shard}) = {runs} runs on {} thread{}",
        plural(scenarios),
        opts.seeds,
        sweep.jobs,
        plural(sweep.jobs as u64)
    ));
    Ok(sweep)
}

/// `s` unless there is one.
pub(crate) fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// For a sweep with violations: the schedule of its first failing run (re-run from its
/// seed, or kept by an exhaustive walk), shrunk if asked, written to the failures
/// directory. A file that cannot be written is said at once (on stderr) and in the
/// summary; the sweep goes on, and the exit code still says a run failed.
fn record_failure(
    src: &Source,
    s: &crate::explore::Summary,
    opts: &ExploreOpts,
) -> Option<summary::Failure> {
    let (seed, why) = s.first_failure()?;
    let dir = &opts.failures_dir;
    let path = dir.join(schedule_file::file_name(&src.scenario.name, seed));
    let limits = &opts.limits;
    let found = match &s.failing_schedule {
        Some(schedule) => schedule.clone(),
        None => {
            let steps = match opts.strategy {
                Strategy::Pct { .. } => crate::hunt::fifo_steps(&src.scenario, limits),
                _ => 0,
            };
            let d = opts.strategy.decisions(seed, steps)?;
            src.scenario.run(&d, TraceMode::Off, limits).report.schedule
        }
    };
    let (schedule, shrunk) = if opts.shrink {
        let (shrunk, _) = crate::hunt::shrink(&src.scenario, &found, limits);
        let size = (shrunk.non_default(), shrunk.len());
        (shrunk, Some(size))
    } else {
        (found, None)
    };
    let text = schedule_file::write_with(
        &src.scenario.name,
        Some(seed),
        &opts.strategy.to_string(),
        limits.inject,
        &schedule,
    );
    let written = std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot write schedule file `{}`: {e}", path.display()))
        .and_then(|()| input::write_schedule(&path, &text));
    if let Err(e) = &written {
        warn(e);
    }
    // A seed replays a random run (with its fault flags); anything else, and a shrunk
    // schedule, replays from its file.
    let replay = if opts.strategy == Strategy::Random && !opts.shrink {
        replay_cmd(&src.arg, seed, limits)
    } else {
        schedule_replay_cmd(&src.arg, &path, limits)
    };
    Some(summary::Failure {
        seed,
        why,
        replay,
        shrunk,
        schedule: written.map(|()| path),
    })
}
