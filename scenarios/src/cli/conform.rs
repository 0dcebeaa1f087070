//! `otpsim conform`: the simulator against a real Elixir VM.

use super::Fail;
use super::args::{is_exs, parse_programs, parse_quantum, parse_seed, parse_sim_seeds, resolve};
use super::output::{err_line, out};
use crate::catalogue;
use crate::conform::exs::Exs;
use crate::conform::recording::Recording;
use crate::conform::{self, ConformError, Options, Report, Subject, generator, vm};
use crate::lang::Program;
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

fn programs(args: &ConformArgs) -> Result<Vec<Program>, Fail> {
    let mut out = Vec::new();
    let nothing_chosen = args.programs.is_empty() && args.generate.is_none();
    if args.catalogue || nothing_chosen {
        out.extend(catalogue::all_steps());
    }
    for arg in args.programs.iter().filter(|a| !is_exs(a)) {
        // The step-language version of a catalogue entry, or a step-language file.
        if let Some(p) = catalogue::find_steps(arg) {
            out.push(p);
            continue;
        }
        match resolve(arg)?.scenario.origin {
            crate::scenario::Origin::Steps(p) => out.push(*p),
            crate::scenario::Origin::Elixir { origin, .. } => {
                return Err(Fail::usage(format!(
                    "`{origin}`: a catalogue entry without a step-language version"
                )));
            }
        }
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
        out.extend(generated);
    }
    Ok(out)
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

/// The Elixir files among the arguments: they run as a batch of their own (through the IR
/// and `runtime_ir.exs`).
fn elixir_files(args: &ConformArgs) -> Result<Vec<Exs>, Fail> {
    args.programs
        .iter()
        .filter(|a| is_exs(a))
        .map(|a| Exs::read(Path::new(a)).map_err(|e| Fail::usage(format!("bad Elixir file: {e}"))))
        .collect()
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
    let exs = elixir_files(args)?;
    let programs = programs(args)?;
    let opts = Options {
        quantum_ms: args.quantum,
        elixir: args.elixir.clone(),
        sim_seeds: args.sim_seeds,
        keep_dir: args.keep.clone(),
        ..Options::default()
    };
    let mut recording = args.record.as_ref().map(|_| Recording::default());
    let steps = live(&programs, &opts, recording.as_mut())?;
    // Both batches kept: the Elixir files' in a directory of their own.
    let exs_opts = Options {
        keep_dir: (opts.keep_dir.as_ref()).map(|d| {
            if programs.is_empty() {
                d.clone()
            } else {
                d.join("exs")
            }
        }),
        ..opts.clone()
    };
    let files = live(&exs, &exs_opts, recording.as_mut())?;
    if let (Some(file), Some(recording)) = (&args.record, recording) {
        recording.write(file).map_err(Fail::usage)?;
        eprintln!(
            "otpsim conform: recorded the VM's observations of {} programs in {}",
            recording.runs.len(),
            file.display()
        );
    }
    finish(steps.as_ref(), files.as_ref())
}

/// One live batch (`None` for no programs); its VM runs go into `recording`, if any.
fn live<P: Subject>(
    programs: &[P],
    opts: &Options,
    recording: Option<&mut Recording>,
) -> Result<Option<Report<P>>, Fail> {
    if programs.is_empty() {
        return Ok(None);
    }
    err_line(&format!(
        "otpsim conform: {} programs on the simulator, then on the VM in one elixir process...",
        programs.len()
    ));
    let report = conform::conform(programs, opts).map_err(|e| match e {
        ConformError::ElixirMissing(m) => Fail::usage(format!("no Elixir VM to compare with: {m}")),
        ConformError::Vm(m) => Fail::usage(format!("the Elixir VM batch failed: {m}")),
    })?;
    let Some(recording) = recording else {
        return Ok(Some(report));
    };
    let rec = report.to_recording().map_err(Fail::usage)?;
    recording.elixir_version = rec.elixir_version;
    for (name, run) in rec.runs {
        if recording.runs.insert(name.clone(), run).is_some() {
            return Err(Fail::usage(format!(
                "two programs are named `{name}`: a recording needs unique names"
            )));
        }
    }
    Ok(Some(report))
}

/// Prints the reports (step-language programs, then Elixir files); exit 1 unless all agree.
fn finish(steps: Option<&Report<Program>>, files: Option<&Report<Exs>>) -> Result<(), Fail> {
    let mut agree = true;
    if let Some(r) = steps {
        out(&r.disagreements())?;
        out(&r.summary())?;
        agree &= r.all_agree();
    }
    if let Some(r) = files {
        out(&r.disagreements())?;
        out(&r.summary())?;
        agree &= r.all_agree();
    }
    if agree {
        Ok(())
    } else {
        Err(Fail::violation())
    }
}

/// `otpsim conform --recorded FILE`: the simulator against a recording of the VM.
fn conform_recorded(args: &ConformArgs, file: &std::path::Path) -> Result<(), Fail> {
    let recording = Recording::read(file).map_err(Fail::usage)?;
    let exs = elixir_files(args)?;
    let programs = programs(args)?;
    let opts = Options {
        quantum_ms: args.quantum,
        sim_seeds: args.sim_seeds,
        ..Options::default()
    };
    eprintln!(
        "otpsim conform: {} programs on the simulator, against the VM recorded in {} ({})...",
        programs.len() + exs.len(),
        file.display(),
        recording.elixir_version
    );
    let source = file.display().to_string();
    let steps = (!programs.is_empty())
        .then(|| conform::conform_recorded(&programs, &opts, &recording, &source));
    let files =
        (!exs.is_empty()).then(|| conform::conform_recorded(&exs, &opts, &recording, &source));
    finish(steps.as_ref(), files.as_ref())
}
