//! `otpsim conform`: the simulator against a real Elixir VM.

use super::Fail;
use super::args::{is_exs, parse_programs, parse_quantum, parse_seed, parse_sim_seeds, resolve};
use super::input;
use super::output::{err_line, out};
use crate::catalogue;
use crate::conform::recording::Recording;
use crate::conform::{self, ConformError, Options, Report, generator, vm};
use crate::scenario::Scenario;
use std::path::{Path, PathBuf};

/// The arguments of `otpsim conform`.
#[derive(clap::Args, Debug)]
pub struct ConformArgs {
    /// Catalogue names, scenario files or Elixir files (`.exs`; with none of these and no
    /// `--generate`, the whole catalogue).
    programs: Vec<String>,
    /// Every catalogue scenario.
    #[arg(long)]
    catalogue: bool,
    /// Also N generated race-free programs (at most 100000).
    #[arg(long, value_name = "N", value_parser = parse_programs)]
    generate: Option<u64>,
    /// The generator's seed (decimal or 0x hex).
    #[arg(long, value_name = "S", default_value = "0", value_parser = parse_seed)]
    gen_seed: u64,
    /// Compare times rounded to this many milliseconds (1 to 1000; generated programs wait
    /// multiples of twice the quantum, in real time on the VM).
    #[arg(long, value_name = "MS", default_value = "50", value_parser = parse_quantum)]
    quantum: u64,
    /// The `elixir` executable.
    #[arg(long, value_name = "PATH", default_value = "elixir")]
    elixir: PathBuf,
    /// Seeds each program runs under on the simulator (its outcome must not depend on them;
    /// at most 100000).
    #[arg(long, value_name = "N", default_value = "16", value_parser = parse_sim_seeds)]
    sim_seeds: u64,
    /// Keep the emitted Elixir files (the batch script `conform.exs` and one module per
    /// program) in this directory.
    #[arg(long, value_name = "DIR")]
    keep: Option<PathBuf>,
    /// After the run, write what the VM observed for every program to FILE (a recording,
    /// for comparing later without Elixir: `--recorded FILE`).
    #[arg(long, value_name = "FILE", conflicts_with = "recorded")]
    record: Option<PathBuf>,
    /// Compare against the VM's observations recorded in FILE instead of running `elixir`.
    #[arg(long, value_name = "FILE")]
    recorded: Option<PathBuf>,
}

/// The batch: its programs, and the kinds of each generated one (by name).
struct Batch {
    programs: Vec<Scenario>,
    kinds: Vec<(String, Vec<&'static str>)>,
}

/// The programs of the batch, in order: the catalogue (with `--catalogue`, or when nothing
/// else is named), the programs named, then the generated ones. Whatever they are written
/// in, each is a [`Scenario`]: lowered to the IR, which the simulator runs and the emitter
/// writes back as Elixir for the VM.
fn programs(args: &ConformArgs) -> Result<Batch, Fail> {
    let mut out = Vec::new();
    let mut kinds = Vec::new();
    let nothing_chosen = args.programs.is_empty() && args.generate.is_none();
    if args.catalogue || nothing_chosen {
        out.extend(catalogue::all());
    }
    for arg in &args.programs {
        out.push(if is_exs(arg) {
            elixir_file(arg)?
        } else {
            // A catalogue name, or a file (`.ron`: a step program).
            resolve(arg)?.scenario
        });
    }
    if let Some(n) = args.generate {
        let n = usize::try_from(n).map_err(|_| Fail::usage(format!("too many programs: {n}")))?;
        let generated = generator::generate(n, args.gen_seed, args.quantum);
        let mix: Vec<String> = generator::mix(&generated)
            .iter()
            .map(|(kind, count)| format!("{kind} {count}"))
            .collect();
        err_line(&format!(
            "otpsim conform: generated {} programs from seed {:#x}; programs per kind: {}",
            generated.len(),
            args.gen_seed,
            mix.join(", ")
        ));
        for p in &generated {
            out.push(p.scenario().map_err(Fail::usage)?);
            kinds.push((p.name().to_string(), generator::kinds(p)));
        }
    }
    Ok(Batch {
        programs: out,
        kinds,
    })
}

/// Per kind of generated program (each construct of [`generator::KINDS`]): how many programs
/// of the batch have it, and how many of those agreed. Empty without generated programs.
fn per_kind(report: &Report, kinds: &[(String, Vec<&'static str>)]) -> String {
    if kinds.is_empty() {
        return String::new();
    }
    let agreed: std::collections::BTreeSet<&str> = report
        .results
        .iter()
        .filter(|r| r.verdict.agreed())
        .map(|r| r.program.name.as_str())
        .collect();
    let counts: Vec<String> = generator::KINDS
        .iter()
        .map(|k| {
            let with: Vec<&str> = kinds
                .iter()
                .filter(|(_, ks)| ks.contains(k))
                .map(|(n, _)| n.as_str())
                .collect();
            let ok = with.iter().filter(|n| agreed.contains(*n)).count();
            format!("{k} {} ({ok} agreed)", with.len())
        })
        .collect();
    format!("generated programs per construct: {}\n", counts.join(", "))
}

/// An Elixir file named on the command line.
fn elixir_file(arg: &str) -> Result<Scenario, Fail> {
    let text = input::read_text(Path::new(arg), "Elixir file", input::MAX_SCENARIO_BYTES)?;
    Scenario::from_exs(&text, arg).map_err(|e| Fail::usage(format!("bad Elixir file: {e}")))
}

/// The `--keep` directory, made if need be; a path that is not a directory is named.
fn keep_dir(dir: &Path) -> Result<(), Fail> {
    let shown = dir.display();
    if dir.exists() && !dir.is_dir() {
        return Err(Fail::usage(format!(
            "`--keep {shown}`: `{shown}` exists and is not a directory"
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        Fail::usage(format!(
            "`--keep {shown}`: cannot make the directory `{shown}`: {e}"
        ))
    })
}

/// `otpsim conform`.
pub fn conform(args: &ConformArgs) -> Result<(), Fail> {
    if let Some(file) = &args.recorded {
        return conform_recorded(args, file);
    }
    if let Some(dir) = &args.keep {
        keep_dir(dir)?;
    }
    // Before generating anything: without a VM there is nothing to compare with.
    if let Err(e) = vm::elixir_version(&args.elixir) {
        return Err(Fail::usage(format!("no Elixir VM to compare with: {e}")));
    }
    let Batch { programs, kinds } = programs(args)?;
    let opts = Options {
        quantum_ms: args.quantum,
        elixir: args.elixir.clone(),
        sim_seeds: args.sim_seeds,
        keep_dir: args.keep.clone(),
        ..Options::default()
    };
    let report = live(&programs, &opts)?;
    if let Some(file) = &args.record {
        let recording = report.to_recording().map_err(Fail::usage)?;
        recording.write(file).map_err(Fail::usage)?;
        eprintln!(
            "otpsim conform: recorded the VM's observations of {} programs in {}",
            recording.runs.len(),
            file.display()
        );
    }
    finish(&report, &kinds)
}

/// The live batch.
fn live(programs: &[Scenario], opts: &Options) -> Result<Report, Fail> {
    err_line(&format!(
        "otpsim conform: {} programs on the simulator, then on the VM in one elixir process...",
        programs.len()
    ));
    conform::conform(programs, opts).map_err(|e| match e {
        ConformError::ElixirMissing(m) => Fail::usage(format!("no Elixir VM to compare with: {m}")),
        ConformError::Vm(m) => Fail::usage(format!("the Elixir VM batch failed: {m}")),
    })
}

/// Prints the report (with the generated programs per construct); exit 1 unless all agree.
fn finish(report: &Report, kinds: &[(String, Vec<&'static str>)]) -> Result<(), Fail> {
    out(&report.disagreements())?;
    out(&report.summary())?;
    out(&per_kind(report, kinds))?;
    if report.all_agree() {
        Ok(())
    } else {
        Err(Fail::violation())
    }
}

/// `otpsim conform --recorded FILE`: the simulator against a recording of the VM.
fn conform_recorded(args: &ConformArgs, file: &std::path::Path) -> Result<(), Fail> {
    let recording = Recording::read(file).map_err(Fail::usage)?;
    let Batch { programs, kinds } = programs(args)?;
    let opts = Options {
        quantum_ms: args.quantum,
        sim_seeds: args.sim_seeds,
        ..Options::default()
    };
    eprintln!(
        "otpsim conform: {} programs on the simulator, against the VM recorded in {} ({})...",
        programs.len(),
        file.display(),
        recording.elixir_version
    );
    let report =
        conform::conform_recorded(&programs, &opts, &recording, &file.display().to_string());
    finish(&report, &kinds)
}
