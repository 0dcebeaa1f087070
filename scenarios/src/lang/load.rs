//! Reading and writing program files: RON syntax errors with positions, then the checker's
//! errors located in the text.

use super::values::{MAX_INT, MAX_RESTARTS};
use super::{LangError, Program, compile, locate};

/// The deepest a scenario file may nest (steps inside steps, lists inside lists): deep
/// enough for any scenario, shallow enough that reading and checking it cannot overflow a
/// thread's stack.
pub const MAX_NESTING: usize = 128;

pub(super) fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

/// Parses a program from RON text (`origin` names the file in error messages). Syntax errors
/// give the line and column, and what was expected there.
pub fn parse_program(src: &str, origin: &str) -> Result<Program, LangError> {
    ron_options().from_str::<Program>(src).map_err(|e| {
        let pos = e.span.start;
        let message = match e.code {
            ron::Error::IntegerOutOfBounds => format!(
                "this number is out of range: durations and counts are whole numbers from 0 \
                 to {MAX_INT} (`max_restarts` at most {MAX_RESTARTS})"
            ),
            // RON's own text advises changing its options, which a user cannot do.
            ron::Error::ExceededRecursionLimit => format!(
                "the file nests deeper than {MAX_NESTING} levels here (steps inside steps, \
                 lists inside lists); otpsim reads at most {MAX_NESTING}"
            ),
            // Only raised when no closing quote follows at all.
            ron::Error::ExpectedStringEnd => {
                "the file ends too soon: this string is never closed (a `\"` is missing)"
                    .to_string()
            }
            code => code.to_string(),
        };
        // RON says what it expected next; at the end of the text, say first that the text
        // ended (an unclosed bracket or quote, or a file cut short).
        let message = if src.trim().is_empty() {
            "the file is empty: a scenario reads `Program(name: \"..\", main: [..])`".to_string()
        } else if rest_is_blank(src, e.span.end.line, e.span.end.col) {
            format!("the file ends too soon (a bracket or quote left open?): {message}")
        } else {
            message
        };
        let col = found_word_col(src, pos.line, pos.col, &message);
        LangError::at(origin, src, pos.line, col, message)
    })
}

/// True if nothing but whitespace and comments follows 1-based `line`:`col` of `src`.
fn rest_is_blank(src: &str, line: usize, col: usize) -> bool {
    let mut lines = src.split('\n').skip(line.saturating_sub(1));
    let Some(first) = lines.next() else {
        return true;
    };
    let tail: String = first.chars().skip(col.saturating_sub(1)).collect();
    let rest = std::iter::once(tail.as_str()).chain(lines);
    let mut in_block = 0usize;
    for l in rest {
        let mut t = l;
        loop {
            t = t.trim_start();
            if in_block > 0 {
                match (t.find("*/"), t.find("/*")) {
                    (Some(close), Some(open)) if open < close => {
                        in_block += 1;
                        t = &t[open + 2..];
                    }
                    (Some(close), _) => {
                        in_block -= 1;
                        t = &t[close + 2..];
                    }
                    (None, Some(open)) => {
                        in_block += 1;
                        t = &t[open + 2..];
                    }
                    (None, None) => break,
                }
            } else if t.is_empty() || t.starts_with("//") {
                break;
            } else if let Some(after) = t.strip_prefix("/*") {
                in_block += 1;
                t = after;
            } else {
                return false;
            }
        }
    }
    true
}

/// Our own value errors ("... found `forever`") are reported by RON after the value: point
/// at the word itself when it is on the same line, just before.
fn found_word_col(src: &str, line: usize, col: usize, message: &str) -> usize {
    let word = message
        .rsplit_once("found `")
        .and_then(|(_, rest)| rest.strip_suffix('`'));
    let text = src.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let before: String = text.chars().take(col.saturating_sub(1)).collect();
    match word.and_then(|w| before.rfind(w)) {
        Some(byte) => before[..byte].chars().count() + 1,
        None => col,
    }
}

/// Parses and checks a program: syntax, then every binding, expression and pattern. The
/// error of a well-formed file that uses an unknown binding points at the binding.
pub fn load_program(src: &str, origin: &str) -> Result<Program, LangError> {
    let program = parse_program(src, origin)?;
    if let Err(e) = compile(&program) {
        let (line, col) = locate::locate(src, &e.path, e.offset);
        return Err(LangError::at(origin, src, line, col, e.message));
    }
    Ok(program)
}

/// The program as RON text (what [`parse_program`] reads back).
pub fn to_ron(program: &Program) -> String {
    let pretty = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .indentor("    ".to_string());
    ron_options()
        .to_string_pretty(program, pretty)
        .unwrap_or_else(|e| format!("// cannot serialise: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_reported_in_our_words_with_a_position() {
        let deep = format!(
            "Program(name: \"D\", main: [{}{}])",
            "catch_exit(do: [".repeat(100),
            "])".repeat(100)
        );
        let e = load_program(&deep, "deep.ron").unwrap_err();
        assert_eq!((e.line, e.col), (1, 427), "{e}");
        assert!(
            e.message
                .starts_with("the file nests deeper than 128 levels here"),
            "{e}"
        );
        assert!(!e.message.contains("serde_stacker"), "{e}");
    }

    #[test]
    fn a_file_that_ends_too_soon_says_so() {
        let e =
            load_program("Program(\n    name: \"T\",\n    main: [sleep(1)", "t.ron").unwrap_err();
        assert!(e.message.starts_with("the file ends too soon"), "{e}");
        let e = load_program("// only\n/* comments /* nested */ */\n", "c.ron").unwrap_err();
        assert!(e.message.starts_with("the file ends too soon"), "{e}");
        let e = load_program("Program(\n    name: \"T", "s.ron").unwrap_err();
        assert_eq!((e.line, e.col), (2, 11), "{e}");
        assert!(e.message.contains("this string is never closed"), "{e}");
        let e = load_program(" \n\t", "e.ron").unwrap_err();
        assert!(e.message.starts_with("the file is empty"), "{e}");
        let e =
            load_program("Program(name: \"T\", main: [sleep(1) log(\"x\")])", "m.ron").unwrap_err();
        assert_eq!(e.message, "Expected comma");
        assert!(rest_is_blank("ab // c\n  /* d */", 1, 3));
        assert!(!rest_is_blank("ab /* c */ d", 1, 3));
    }
}
