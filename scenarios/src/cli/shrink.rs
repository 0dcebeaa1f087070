//! `otpsim shrink`: a failing schedule file of a scenario, shrunk to a smaller one that
//! fails the same way (`crate::hunt::shrink`), written, and its run shown.

use super::Fail;
use super::args::resolve;
use super::commands::{read_schedule_for, run_once, schedule_replay_cmd, show};
use super::input;
use super::output::warn;
use crate::interp::{Decisions, Limits};
use crate::render::Format;
use crate::schedule_file;
use std::path::Path;

/// `otpsim shrink`.
pub fn shrink(
    arg: &str,
    path: &Path,
    out: Option<&Path>,
    format: Format,
    limits: &Limits,
) -> Result<(), Fail> {
    let src = resolve(arg)?;
    let shown = path.display();
    let file = read_schedule_for(&src, path)?;
    let limits = &Limits {
        inject: file.inject,
        ..*limits
    };
    let first = run_once(&src, &Decisions::Schedule(file.schedule.clone()), limits)?;
    if let Some(d) = &first.report.divergence {
        return Err(Fail::usage(format!(
            "schedule file `{shown}` does not fit scenario `{}`: {d}",
            src.scenario.name
        )));
    }
    if src.scenario.check(&first).is_ok() {
        return Err(Fail::usage(format!(
            "the run of `{shown}` does not fail: there is nothing to shrink"
        )));
    }
    let (shrunk, runs) = crate::hunt::shrink(&src.scenario, &file.schedule, limits);
    let out = match out {
        Some(p) => p.to_path_buf(),
        None => {
            let stem = path
                .file_stem()
                .map_or("schedule".into(), |s| s.to_string_lossy());
            path.with_file_name(format!("{stem}.shrunk.schedule"))
        }
    };
    let strategy = file.strategy.as_deref().unwrap_or("random");
    let text = schedule_file::write_with(
        &src.scenario.name,
        file.seed,
        strategy,
        file.inject,
        &shrunk,
    );
    input::write_schedule(&out, &text).map_err(Fail::usage)?;
    warn(&format!(
        "shrunk `{shown}` in {runs} runs: {} decisions ({} not the default, {} faults) -> {} \
         ({} not the default, {} faults), written to `{}`",
        file.schedule.len(),
        file.schedule.non_default(),
        file.schedule.faults(),
        shrunk.len(),
        shrunk.non_default(),
        shrunk.faults(),
        out.display()
    ));
    let run = run_once(&src, &Decisions::Schedule(shrunk.clone()), limits)?;
    let origin = format!(
        "shrunk schedule {} ({} decisions)",
        out.display(),
        shrunk.len()
    );
    let again = schedule_replay_cmd(&src.arg, &out, limits);
    show(&src, &run, file.seed, origin, again, format)
}
