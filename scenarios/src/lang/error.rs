//! Errors in scenario files, with where they are.

use std::fmt;

/// A problem in a scenario file, with where it is: `origin:line:col: message`, then the
/// source line and a caret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LangError {
    /// The file (or catalogue entry) the text came from.
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub col: usize,
    /// What was wrong, and what was expected.
    pub message: String,
    /// The offending source line, if known.
    pub source_line: Option<String>,
}

impl fmt::Display for LangError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.origin, self.line, self.col, self.message
        )?;
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string().len();
            write!(f, "\n{:gutter$} |\n{} | {src}\n", "", self.line)?;
            write!(
                f,
                "{:gutter$} | {:pad$}^",
                "",
                "",
                pad = self.col.saturating_sub(1)
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for LangError {}

impl LangError {
    pub(crate) fn at(origin: &str, src: &str, line: usize, col: usize, message: String) -> Self {
        let source_line = src
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.to_string());
        LangError {
            origin: origin.to_string(),
            line: line.max(1),
            col: col.max(1),
            message,
            source_line,
        }
    }
}
