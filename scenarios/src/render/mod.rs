//! Ways to show one run: text (trace and observations), JSON, a Mermaid sequence diagram,
//! and Chrome trace-event JSON (opens in Perfetto or `chrome://tracing`).

mod chrome;
mod json;
mod mermaid;
mod text;

pub use chrome::chrome;
pub use json::json;
pub use mermaid::mermaid;
pub use text::text;

use crate::interp::RunResult;
use crate::scenario::Scenario;

/// One run and what is known about it.
pub struct RunView<'a> {
    /// The program that ran.
    pub program: &'a Scenario,
    /// The run.
    pub run: &'a RunResult,
    /// The seed, if the decisions came from one.
    pub seed: Option<u64>,
    /// Where the decisions came from, in words (`seed 0x2a`, `schedule file x.schedule`).
    pub origin: String,
    /// The command that replays this run.
    pub replay: String,
    /// Whether it met the program's expectation.
    pub verdict: Result<(), String>,
}

/// The output formats of `run` and `replay`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The trace, then the observations and the verdict.
    Text,
    /// Everything as one JSON object.
    Json,
    /// A Mermaid `sequenceDiagram`.
    Mermaid,
    /// Chrome trace-event JSON (Perfetto): one track per process.
    Chrome,
}

/// Renders `view` in `format`.
pub fn render(view: &RunView<'_>, format: Format) -> String {
    match format {
        Format::Text => text(view),
        Format::Json => json(view),
        Format::Mermaid => mermaid(view),
        Format::Chrome => chrome(view),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Violation;
    use crate::interp::Decisions;

    /// A run that met its expectation but broke an invariant: both are said, the run fails.
    #[test]
    fn a_broken_invariant_shows_in_text_and_json() {
        let scenario = crate::catalogue::find("AsyncExample").unwrap();
        let mut run = scenario.run(
            &Decisions::Seed(1),
            sim::TraceMode::Off,
            &crate::Limits::default(),
        );
        assert_eq!(run.violation, None);
        run.violation = Some(Violation {
            check: "wait-deadline",
            step: 9,
            time: sim::Time::from_ms(2000),
            message: "await on #Reference<0.0.0.1> ended late".into(),
        });
        let verdict = scenario.check(&run);
        assert!(verdict.is_err());
        let view = RunView {
            program: &scenario,
            run: &run,
            seed: Some(1),
            origin: "seed 0x1".into(),
            replay: "otpsim replay AsyncExample --seed 0x1".into(),
            verdict,
        };
        let t = sim::Time::from_ms(2000);
        let shown = text(&view);
        assert!(
            shown.contains(&format!(
                "monitors:    FAILED: wait-deadline violated at step 9 ({t}): await on #Reference<0.0.0.1> ended late\nexpectation: met\nreplay:      otpsim replay AsyncExample --seed 0x1\n"
            )),
            "{shown}"
        );
        let v: serde_json::Value = serde_json::from_str(&json(&view)).unwrap();
        assert_eq!(v["monitors"]["ok"], false);
        assert_eq!(v["monitors"]["check"], "wait-deadline");
        assert_eq!(v["monitors"]["step"], 9);
        assert_eq!(v["expectation"]["met"], false);
    }
}
