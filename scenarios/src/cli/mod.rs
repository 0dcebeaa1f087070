//! The `otpsim` command line: `list`, `run`, `explore`, `replay`, `shrink`, `merge`,
//! `conform`.
//!
//! Exit codes: 0 all good; 1 a run failed its expectation (or ended in a deadlock, an
//! exhausted budget or past a size limit, or broke an invariant); 2 bad usage or bad input
//! (or output that cannot be written), with a message naming what was wrong.

pub mod args;
mod commands;
mod conform;
pub mod input;
mod merge;
mod output;
mod shrink;
mod summary;

use crate::interp::Limits;
use crate::render::Format;
use clap::Parser;
use std::path::PathBuf;

/// Why a command did not succeed, and its exit code.
#[derive(Debug)]
pub struct Fail {
    /// 1 (a violation) or 2 (bad usage or input).
    pub code: i32,
    /// What to tell the user (empty when the output already said it).
    pub message: String,
}

impl Fail {
    /// Bad usage or input: exit 2.
    pub fn usage(message: String) -> Fail {
        Fail { code: 2, message }
    }
    /// A run failed: exit 1 (the output has said why).
    pub fn violation() -> Fail {
        Fail {
            code: 1,
            message: String::new(),
        }
    }
}

/// The budgets of each run (`run`, `replay`, `explore`).
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct Budget {
    /// Virtual-time budget of each run: a run whose next event is due later ends as
    /// `time-budget`, a failure. Milliseconds, or with a unit: 500ms, 30s, 10m, 24h.
    #[arg(long, value_name = "TIME", default_value = "24h", value_parser = args::parse_duration)]
    max_time: sim::Time,
    /// Step budget of each run (a step is one delivery, one poll of a process, or 100
    /// function calls of the program): a run that needs more ends as `step-budget`, a
    /// failure (a livelock or a loop without end, usually).
    #[arg(long, value_name = "N", default_value = "1000000", value_parser = args::parse_steps)]
    max_steps: u64,
    /// Keep each run going after the script's code is done, until nothing can happen (as
    /// a long-running application; the file's `# run: until quiet` header does the same).
    /// By default a run ends when the script does, as `elixir FILE.exs` halts the VM.
    #[arg(long)]
    until_quiet: bool,
}

impl Budget {
    /// The limits of a run.
    pub fn limits(&self) -> Limits {
        Limits {
            max_steps: self.max_steps,
            max_time: self.max_time,
            until_quiet: self.until_quiet,
            ..Limits::default()
        }
    }
}

/// The faults a run's decisions may inject (`run`, `replay --seed`, `explore`). A schedule
/// file says its own.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Faults {
    /// Timing jitter: every timer and sleep may fire up to MS milliseconds late (never
    /// early), as the run's decisions say (the timer wheel of a loaded VM).
    #[arg(long, value_name = "MS", default_value = "0", value_parser = args::parse_jitter)]
    jitter: u32,
    /// Faults to inject, comma-separated: `kill` (a process killed at a chosen step, at
    /// most one a run), `delay` (a signal held back up to 5 ms, order guarantees kept).
    #[arg(long, value_name = "LIST", value_parser = parse_fault_list)]
    faults: Option<sim::Inject>,
}

fn parse_fault_list(s: &str) -> Result<sim::Inject, String> {
    let mut inject = sim::Inject::default();
    crate::hunt::parse_faults(s, &mut inject)?;
    Ok(inject)
}

impl Faults {
    /// `limits` with these faults.
    pub fn apply(&self, limits: Limits) -> Limits {
        let mut inject = self.faults.unwrap_or_default();
        inject.jitter_ms = self.jitter;
        Limits { inject, ..limits }
    }
}

/// otpsim: a deterministic simulator for Elixir/OTP concurrency (Task, links, monitors,
/// exit signals), with virtual time and replayable schedules.
#[derive(Parser, Debug)]
#[command(name = "otpsim", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// List the catalogue: one scenario a line, its name then its description.
    List,
    /// Run a scenario (a catalogue name, an Elixir file or a .ron file) once and print the
    /// run; or, with --bless, write an Elixir file's `# expect:` block from its runs.
    Run {
        /// Catalogue name or scenario file.
        scenario: String,
        /// Instead of printing a run: run the .exs file under seeds 0..N (--bless-seeds) and
        /// write what they observed as its `# expect:` block (`# expect one of:` when the
        /// seeds disagree). Review the change before you commit it.
        #[arg(long, conflicts_with_all = ["seed", "format", "save_schedule"])]
        bless: bool,
        /// Seeds --bless runs.
        #[arg(long, value_name = "N", default_value = "100", requires = "bless", value_parser = args::parse_count)]
        bless_seeds: u64,
        /// The seed of the run's decisions (decimal or 0x hex).
        #[arg(long, default_value = "0", value_parser = args::parse_seed)]
        seed: u64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also write the run's schedule to this file (for `replay --schedule`).
        #[arg(long, value_name = "FILE")]
        save_schedule: Option<PathBuf>,
        #[command(flatten)]
        budget: Budget,
        #[command(flatten)]
        faults: Faults,
    },
    /// Sweep seeds over scenarios on all cores, then print a summary per scenario.
    Explore {
        /// Catalogue names or scenario files.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        scenarios: Vec<String>,
        /// Every catalogue scenario.
        #[arg(long)]
        all: bool,
        /// Seeds 0..N per scenario.
        #[arg(long, default_value = "1000", value_parser = args::parse_count)]
        seeds: u64,
        /// Worker threads (default: the number of cores).
        #[arg(long)]
        jobs: Option<usize>,
        /// Run only share K of N of the seeds (for splitting a sweep across CI jobs).
        #[arg(long, value_name = "K/N", value_parser = args::parse_shard)]
        shard: Option<(u64, u64)>,
        /// One JSON object per scenario (JSON lines) instead of the table.
        #[arg(long)]
        json: bool,
        /// Where the schedule files of failing runs go.
        #[arg(long, value_name = "DIR", default_value = "otpsim-failures")]
        failures_dir: PathBuf,
        /// How each run's decisions are chosen: random (a seed a run), pct or pct:D (PCT of
        /// depth D, default 3), exhaustive or exhaustive:B (every schedule, depth first, at
        /// most B non-default decisions a run; --seeds is then the most runs).
        #[arg(long, value_name = "STRATEGY", default_value = "random", value_parser = crate::hunt::Strategy::parse)]
        strategy: crate::hunt::Strategy,
        /// Shrink the first failing schedule of each scenario before writing it.
        #[arg(long)]
        shrink: bool,
        #[command(flatten)]
        budget: Budget,
        #[command(flatten)]
        faults: Faults,
    },
    /// Replay one run from its seed or its schedule file.
    #[command(group(clap::ArgGroup::new("decisions").required(true).args(["seed", "schedule"])))]
    Replay {
        /// Catalogue name or scenario file.
        scenario: String,
        /// The seed (decimal or 0x hex).
        #[arg(long, value_parser = args::parse_seed)]
        seed: Option<u64>,
        /// A schedule file written by `explore` or `run --save-schedule`.
        #[arg(long, value_name = "FILE")]
        schedule: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        budget: Budget,
        #[command(flatten)]
        faults: Faults,
    },
    /// Shrink a failing schedule: search for a smaller one (fewer faults, fewer non-default
    /// decisions, smaller picks, shorter) that fails the same way, write it, and show its
    /// run and the command that replays it.
    Shrink {
        /// Catalogue name or scenario file.
        scenario: String,
        /// The failing schedule file.
        #[arg(long, value_name = "FILE")]
        schedule: PathBuf,
        /// Where to write the shrunk schedule (default: FILE with `.shrunk` before its
        /// extension).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        budget: Budget,
    },
    /// Combine the `explore --json` output of the shards of one sweep into the summary the
    /// unsharded sweep prints.
    Merge {
        /// The shards' JSON-lines files (`-` for standard input).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print JSON lines instead of the table.
        #[arg(long)]
        json: bool,
    },
    /// Run programs on the simulator and on a real Elixir VM (one `elixir` process for the
    /// whole batch) and compare what both observe. Exit 0 only if all agree.
    Conform(conform::ConformArgs),
}

/// Parses the command line `argv` without running it: `Err` is clap's error (usage, or
/// `--help`/`--version`, which it reports as errors too). For the fuzzer.
pub fn parse(argv: impl IntoIterator<Item = String>) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(argv)
}

/// Runs the command line `argv` and returns the process's exit code. Writes to stdout and
/// stderr; never panics on bad input.
pub fn main_with(argv: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` print to stdout: a failed write is an error there too.
            if let Err(io) = e.print()
                && io.kind() != std::io::ErrorKind::BrokenPipe
            {
                output::err_line(&format!("otpsim: error: cannot write the output: {io}"));
                return 2;
            }
            return e.exit_code();
        }
    };
    let result = match cli.command {
        Command::List => commands::list(),
        Command::Run {
            scenario,
            bless: true,
            bless_seeds,
            budget,
            ..
        } => commands::bless(&scenario, bless_seeds, &budget.limits()),
        Command::Run {
            scenario,
            seed,
            format,
            save_schedule,
            budget,
            faults,
            ..
        } => commands::run(
            &scenario,
            seed,
            format,
            save_schedule.as_deref(),
            &faults.apply(budget.limits()),
        ),
        Command::Replay {
            scenario,
            seed,
            schedule,
            format,
            budget,
            faults,
        } => commands::replay(
            &scenario,
            seed,
            schedule.as_deref(),
            format,
            &faults.apply(budget.limits()),
        ),
        Command::Shrink {
            scenario,
            schedule,
            out,
            format,
            budget,
        } => shrink::shrink(
            &scenario,
            &schedule,
            out.as_deref(),
            format,
            &budget.limits(),
        ),
        Command::Merge { files, json } => merge::merge(&files, json),
        Command::Explore {
            scenarios,
            all,
            seeds,
            jobs,
            shard,
            json,
            failures_dir,
            strategy,
            shrink,
            budget,
            faults,
        } => {
            let opts = commands::ExploreOpts {
                seeds,
                jobs,
                shard,
                json,
                failures_dir,
                limits: faults.apply(budget.limits()),
                strategy,
                shrink,
            };
            commands::explore(&scenarios, all, &opts)
        }
        Command::Conform(args) => conform::conform(&args),
    };
    match result {
        Ok(()) => 0,
        Err(f) => {
            if !f.message.is_empty() {
                // Messages quote what the user gave (file names, scenario text).
                let message = crate::display::escape_lines(&f.message);
                output::err_line(&format!("otpsim: error: {message}"));
            }
            f.code
        }
    }
}
