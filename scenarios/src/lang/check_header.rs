//! Checking the parts of a program around its steps: its name, which becomes part of file
//! names and of the header of schedule files, so it must be one plain line.

use super::Program;
use super::ir::{CompileError, Seg};

/// The name must be usable in a schedule file's `# scenario:` line and in the name of the
/// file `explore` writes for a failure: not empty, one line without control characters, no
/// path separator, no whitespace at either end (a schedule file's header is read trimmed).
pub(super) fn check_name(program: &Program) -> Result<(), CompileError> {
    let name = &program.name;
    let fail = |offset: usize, message: String| {
        Err(CompileError {
            path: vec![Seg::Field("name")],
            offset: Some(offset),
            message,
        })
    };
    const RULE: &str =
        "a scenario name is one line of text without `/`, `\\` or control characters";
    if name.trim().is_empty() {
        return fail(0, format!("the scenario name is empty: {RULE}"));
    }
    if let Some((at, c)) = name
        .char_indices()
        .find(|&(_, c)| c == '/' || c == '\\' || c.is_control())
    {
        let shown = crate::display::escape_controls(&c.to_string()).into_owned();
        return fail(
            at,
            format!("`{shown}` cannot be part of a scenario name: {RULE}"),
        );
    }
    if name.trim() != name {
        let at = if name.starts_with(char::is_whitespace) {
            0
        } else {
            name.trim_end().len()
        };
        return fail(
            at,
            "a scenario name cannot start or end with whitespace".to_string(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::lang::load_program;

    fn error(name: &str) -> String {
        let src = format!("Program(\n  name: {name},\n  main: [],\n)");
        load_program(&src, "n.ron").unwrap_err().to_string()
    }

    #[test]
    fn names_that_would_leave_the_failures_dir_or_break_a_header_are_refused() {
        assert!(error(r#""/tmp/ESCAPED""#).starts_with("n.ron:2:10: `/` cannot be part"));
        assert!(error(r#""../up""#).starts_with("n.ron:2:12: `/` cannot be part"));
        assert!(error(r#""a\\b""#).contains("`\\` cannot be part"));
        assert!(error(r#""a\nb""#).starts_with("n.ron:2:11: `\\n` cannot be part"));
        assert!(error(r#""""#).contains("the scenario name is empty"));
        assert!(error(r#""   ""#).contains("the scenario name is empty"));
        assert!(error(r#"" X""#).contains("cannot start or end with whitespace"));
        assert!(load_program("Program(name: \"A b-c.d\", main: [])", "ok.ron").is_ok());
    }
}
