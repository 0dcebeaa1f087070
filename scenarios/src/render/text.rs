//! The text form: a header, the process legend, the kernel's trace, the observations.

use super::RunView;
use crate::interp::outcome_kind;
use crate::verdict::{self, describe_outcome};
use std::fmt::Write;

/// The trace and observations of a run, as a person reads them.
pub fn text(v: &RunView<'_>) -> String {
    let r = &v.run.report;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "scenario: {} — {}",
        v.program.name, v.program.description
    );
    let _ = writeln!(s, "run:      {}", v.origin);
    let _ = writeln!(
        s,
        "outcome:  {} after {} steps, virtual time {}, {} decisions{}",
        outcome_kind(&r.outcome),
        r.steps,
        r.time,
        r.schedule.len(),
        r.hash()
            .map_or(String::new(), |h| format!(", trace hash {h:#018x}"))
    );
    if let Some(d) = &r.divergence {
        let _ = writeln!(s, "warning:  the replay diverged: {d}");
    }
    let _ = writeln!(s, "\nprocesses:");
    for (pid, name) in v.run.names.processes() {
        let _ = writeln!(s, "  {:<14} {name}", pid.to_string());
    }
    if !r.trace.events().is_empty() {
        let _ = writeln!(s, "\ntrace:");
        for e in r.trace.events() {
            let _ = writeln!(s, "  {e}");
        }
    }
    let _ = writeln!(s, "\nobservations:");
    let width = v
        .run
        .observations
        .iter()
        .map(|o| o.process.len())
        .max()
        .unwrap_or(0);
    for o in &v.run.observations {
        let t = format!("{}ms", o.time_ms);
        let _ = writeln!(s, "  {t:>8} {:<width$} {}", o.process, o.what);
    }
    let _ = writeln!(s);
    // A broken invariant gets its own line; the expectation line then judges the
    // observations alone.
    let own;
    let judged = match &v.run.violation {
        Some(broken) => {
            let _ = writeln!(s, "monitors:    FAILED: {broken}");
            own = verdict::check(v.program.expect.as_ref(), &r.outcome, &v.run.lines());
            &own
        }
        None => &v.verdict,
    };
    match judged {
        Ok(()) if v.program.expect.is_some() => {
            let _ = writeln!(s, "expectation: met");
        }
        Ok(()) => {
            let _ = writeln!(s, "expectation: none (the run completed)");
        }
        Err(why) => {
            let _ = writeln!(s, "expectation: FAILED: {why}");
            if !r.outcome.ended_well() {
                let _ = writeln!(s, "  {}", describe_outcome(&r.outcome));
            }
        }
    }
    let _ = writeln!(s, "replay:      {}", v.replay);
    s
}
