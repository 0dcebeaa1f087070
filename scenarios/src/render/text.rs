//! The text form: a header, the process legend, the kernel's trace, the observations.

use super::RunView;
use crate::display::{column_width, escape_controls, escape_lines, pad_left, pad_right};
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
        escape_controls(&v.program.name),
        escape_controls(&v.program.description)
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
    let width = column_width(v.run.observations.iter().map(|o| o.process.as_str()), 0);
    for o in &v.run.observations {
        let t = pad_left(&format!("{}ms", o.time_ms), 8);
        let _ = writeln!(s, "  {t} {} {}", pad_right(&o.process, width), o.what);
    }
    let _ = writeln!(s);
    // A size limit and a broken invariant get their own lines; the expectation line then
    // judges the observations alone.
    if let Some(limit) = &v.run.limit {
        let _ = writeln!(s, "limits:      FAILED: {limit}");
    }
    if let Some(broken) = &v.run.violation {
        let _ = writeln!(s, "monitors:    FAILED: {broken}");
    }
    let own;
    let judged = if v.run.limit.is_some() || v.run.violation.is_some() {
        own = verdict::check(v.program.expect.as_ref(), &r.outcome, &v.run.lines());
        &own
    } else {
        &v.verdict
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
    // Log text, names and values come from the scenario: no raw control characters reach
    // the terminal.
    escape_lines(&s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::Decisions;

    fn view<'a>(program: &'a crate::Scenario, run: &'a crate::RunResult) -> RunView<'a> {
        RunView {
            program,
            run,
            seed: Some(0),
            origin: "seed 0x0".into(),
            replay: "otpsim replay x.ron --seed 0x0".into(),
            verdict: Ok(()),
        }
    }

    /// Log text with control characters used to be printed raw, escape sequences and all.
    #[test]
    fn control_characters_are_escaped() {
        let src =
            r#"Program(name: "C", description: "two\nlines", main: [log("a\u{1b}[31mred\u{7}")])"#;
        let program = crate::load_program(src, "c.ron").unwrap();
        let run = crate::run_program(&program, &Decisions::Seed(0), sim::TraceMode::Full).unwrap();
        let scenario = crate::Scenario::from_steps(&program).unwrap();
        let shown = text(&view(&scenario, &run));
        assert!(!shown.contains(['\u{1b}', '\u{7}']), "{shown}");
        assert!(
            shown.contains("main log a\\u{1b}[31mred\\u{7}\n"),
            "{shown}"
        );
        assert!(shown.starts_with("scenario: C — two\\nlines\n"), "{shown}");
    }

    /// Process names come from bindings and child ids, which may be any length.
    #[test]
    fn a_binding_longer_than_a_format_width_prints() {
        let long = "b".repeat(70_000);
        let src = format!(r#"Program(name: "Long", main: [spawn(as: "{long}", do: [log("hi")])])"#);
        let program = crate::load_program(&src, "long.ron").unwrap();
        let run = crate::run_program(&program, &Decisions::Seed(0), sim::TraceMode::Full).unwrap();
        let scenario = crate::Scenario::from_steps(&program).unwrap();
        let view = RunView {
            program: &scenario,
            run: &run,
            seed: Some(0),
            origin: "seed 0x0".into(),
            replay: "otpsim replay long.ron --seed 0x0".into(),
            verdict: Ok(()),
        };
        let shown = text(&view);
        assert!(
            shown.contains(&format!("main.{long} log hi")),
            "log line missing"
        );
        let main = pad_right("main", crate::display::MAX_COLUMN);
        assert!(
            shown.contains(&format!("     0ms {main} exit :normal\n")),
            "{main}"
        );
    }
}
