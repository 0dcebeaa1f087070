//! Checking the parts of a program around its steps: its name, which becomes part of file
//! names and of the header of schedule files, so it must be one plain line; and its
//! expectation, whose lines must be observation lines (or no run could ever match them).

use super::ir::{CompileError, Seg};
use super::{Expect, Program};

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

/// Every line of `expect:` must read `<ms>ms <process> <what>`; `one_of` needs a set.
pub(super) fn check_expect(program: &Program) -> Result<(), CompileError> {
    let fail = |mut path: Vec<Seg>, message: String| {
        path.splice(0..0, [Seg::Field("expect"), Seg::Index(0)]);
        Err(CompileError {
            path,
            offset: None,
            message,
        })
    };
    let lines = |set: &[String], path: Vec<Seg>| {
        set.iter()
            .enumerate()
            .try_for_each(|(i, line)| match observation_line(line) {
                Ok(()) => Ok(()),
                Err(why) => {
                    let mut at = path.clone();
                    at.push(Seg::Index(i));
                    fail(at, why)
                }
            })
    };
    match &program.expect {
        None => Ok(()),
        Some(Expect::Lines(set) | Expect::Contains(set)) => lines(set, vec![]),
        Some(Expect::OneOf(sets)) if sets.is_empty() => fail(
            vec![],
            "`one_of` needs at least one set of lines: with none, no run can pass".to_string(),
        ),
        Some(Expect::OneOf(sets)) => sets
            .iter()
            .enumerate()
            .try_for_each(|(i, set)| lines(set, vec![Seg::Index(i)])),
    }
}

/// `<ms>ms <process> <what>`, as [`crate::Observation`] prints (compared trimmed): the one
/// check of an expected line, for step programs and `.exs` `# expect:` blocks alike.
pub(crate) fn observation_line(line: &str) -> Result<(), String> {
    let shown = crate::display::escape_controls(line.trim());
    let why = |what: &str| {
        Err(format!(
            "{what}: an expected line reads `<ms>ms <process> <what>`, such as `0ms main log \
             hello`; found `{shown}`"
        ))
    };
    // An observation shows a control character escaped (`\n`), so a raw one can never
    // match; nor could it be carried into the `# expect:` comment of the printed Elixir.
    if line.chars().any(char::is_control) {
        return why("this line holds a control character (observations show them escaped)");
    }
    let mut words = line.trim().splitn(3, ' ');
    let (time, process, what) = (words.next(), words.next(), words.next());
    let Some(ms) = time.and_then(|t| t.strip_suffix("ms")) else {
        return why("this line does not start with a time");
    };
    if ms.is_empty() || !ms.bytes().all(|b| b.is_ascii_digit()) || ms.parse::<u64>().is_err() {
        return why("this line does not start with a time");
    }
    if process.is_none_or(str::is_empty) || what.is_none_or(|w| w.trim().is_empty()) {
        return why("this line has no process or nothing it observed");
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

    fn expect_error(expect: &str) -> String {
        let src = format!("Program(\n  name: \"E\",\n  main: [],\n  expect: {expect},\n)");
        load_program(&src, "e.ron").unwrap_err().to_string()
    }

    /// A malformed `expect:` line used to be found only at run time, as a failed run
    /// (exit 1) without a location.
    #[test]
    fn malformed_expected_lines_are_refused_where_they_are_written() {
        let e = expect_error(r#"lines(["0ms main exit :normal", "garbage"])"#);
        assert!(
            e.starts_with("e.ron:4:43: this line does not start with a time: an expected line reads `<ms>ms <process> <what>`"),
            "{e}"
        );
        assert!(e.contains("found `garbage`"), "{e}");
        let e = expect_error(r#"one_of([["0ms main exit :normal"], ["5 main exit :normal"]])"#);
        assert!(e.starts_with("e.ron:4:47: this line does not start"), "{e}");
        let e = expect_error(r#"contains(["10ms main"])"#);
        assert!(e.starts_with("e.ron:4:21: this line has no process"), "{e}");
        let e = expect_error(r#"Some(lines(["99999999999999999999999ms main log x"]))"#);
        assert!(e.contains("does not start with a time"), "{e}");
        let e = expect_error("lines([\"0ms \\u{0}main log x\"])");
        assert!(e.contains("holds a control character"), "{e}");
        let e = expect_error("one_of([])");
        assert!(
            e.starts_with("e.ron:4:18: `one_of` needs at least one set"),
            "{e}"
        );
        let ok = "Program(name: \"E\", main: [], expect: contains([\" 0ms main exit :normal \"]))";
        assert!(load_program(ok, "ok.ron").is_ok());
    }
}
