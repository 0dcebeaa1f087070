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
use crate::lang::Program;

/// One run and what is known about it.
pub struct RunView<'a> {
    /// The program that ran.
    pub program: &'a Program,
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
