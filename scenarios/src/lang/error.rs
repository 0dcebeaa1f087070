//! Errors in scenario files, with where they are.

use crate::display::window;
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
            // Cut to a window around the column: a file may have a 100 KB line, and the
            // caret's padding must not come from a `format!` width (they stop at 65,535).
            let (shown, caret) = window(src, self.col);
            let gutter = " ".repeat(self.line.to_string().len());
            write!(f, "\n{gutter} |\n{} | {shown}\n", self.line)?;
            write!(f, "{gutter} | {}^", " ".repeat(caret))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_far_along_a_long_line_shows_a_window_and_no_panic() {
        let line = format!("main: [{}bogus(1)]", " ".repeat(70_000));
        let e = LangError::at("f.ron", &line, 1, 70_008, "unknown step `bogus`".into());
        let shown = e.to_string();
        assert!(
            shown.starts_with("f.ron:1:70008: unknown step `bogus`\n"),
            "{shown}"
        );
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[2].len() < 200, "{}", lines[2]);
        let caret = lines[3].chars().position(|c| c == '^').unwrap();
        assert_eq!(lines[2].chars().nth(caret), Some('b'), "{shown}");
    }
}
