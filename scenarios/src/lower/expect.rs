//! What a program file says about itself, in comments `elixir` ignores: its name and
//! description, how a run ends, and what every run must observe.
//!
//! ```elixir
//! # name: AsyncExample
//! # description: Task.async + Task.await: the result arrives after 2 s
//!
//! ... the program ...
//!
//! # expect:
//! #   2000ms main log Result: Data fetched
//! #   2000ms main exit :normal
//! ```
//!
//! * `# name:`, `# description:` and `# run: until quiet` are read from the comments at the
//!   top of the file, before any code. `run: until quiet` keeps a run going after the
//!   script's code is done, until nothing can happen (a long-running application); by
//!   default a run halts when the script ends, as `elixir file.exs` does, and what is still
//!   running is cut off.
//! * `# expect:` starts the expected observations: the comment lines after it indented by
//!   at least two spaces (`#   2000ms main ...`), one observation each — exactly these, in
//!   this order.
//! * `# expect one of:` for a racy program: alternatives separated by a line `#   --`; a
//!   run must observe exactly one of them.
//! * `# expect in order:` — these observations must appear, in this order, among others.
//!
//! `otpsim run FILE --bless` writes the `# expect:` block from a run ([`bless`]).

use crate::elixir::Comment;
use crate::ir::Ending;
use crate::lang::Expect;

/// The metadata in a file's comments.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    /// `# name:`.
    pub name: Option<String>,
    /// `# description:`.
    pub description: Option<String>,
    /// `# run: until quiet` (default: halt when the script ends).
    pub ending: Ending,
    /// The expectation, and the line (1-based) where its block starts.
    pub expect: Option<(Expect, u32)>,
}

impl Default for Header {
    fn default() -> Self {
        Header {
            name: None,
            description: None,
            ending: Ending::HaltWhenMainEnds,
            expect: None,
        }
    }
}

/// A problem in the comments, with its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderError {
    /// 1-based line.
    pub line: u32,
    /// What is wrong.
    pub message: String,
}

/// The comment's text after `#` and one space.
fn body(c: &Comment) -> &str {
    let t = c.text.strip_prefix('#').unwrap_or(&c.text);
    t.strip_prefix(' ').unwrap_or(t)
}

/// Reads the header and the expectation from the comments of a file whose first line of
/// code is `first_code_line` (comments before it are the header).
pub fn parse_header(comments: &[Comment], first_code_line: u32) -> Result<Header, HeaderError> {
    let mut h = Header::default();
    let mut i = 0;
    while i < comments.len() {
        let c = &comments[i];
        let text = body(c).trim_end();
        let line = c.span.line;
        let kind = match text {
            "expect:" => Some(0),
            "expect one of:" => Some(1),
            "expect in order:" => Some(2),
            _ => None,
        };
        if let Some(kind) = kind {
            if h.expect.is_some() {
                return Err(HeaderError {
                    line,
                    message: "a second `# expect` block: a file has one".into(),
                });
            }
            let mut lines = Vec::new();
            let mut j = i + 1;
            // The block: consecutive comment lines, each indented by two spaces or more.
            while j < comments.len()
                && comments[j].span.line == comments[j - 1].span.line + 1
                && body(&comments[j]).starts_with("  ")
            {
                let l = body(&comments[j]).trim().to_string();
                // Each line is checked where it stands, so the error points at it.
                if !(kind == 1 && l == "--") {
                    crate::lang::observation_line(&l).map_err(|message| HeaderError {
                        line: comments[j].span.line,
                        message,
                    })?;
                }
                lines.push(l);
                j += 1;
            }
            let expect = match kind {
                0 => Expect::Lines(lines),
                2 => Expect::Contains(lines),
                _ => {
                    let mut sets = vec![Vec::new()];
                    for l in lines {
                        if l == "--" {
                            sets.push(Vec::new());
                        } else if let Some(last) = sets.last_mut() {
                            last.push(l);
                        }
                    }
                    if sets.len() < 2 {
                        return Err(HeaderError {
                            line,
                            message:
                                "`# expect one of:` needs alternatives separated by a line `#   --`"
                                    .into(),
                        });
                    }
                    Expect::OneOf(sets)
                }
            };
            h.expect = Some((expect, line));
            i = j;
            continue;
        }
        if line < first_code_line {
            if let Some(v) = text.strip_prefix("name:") {
                let v = v.trim();
                if v.is_empty() || v.chars().any(|c| c.is_control() || c == '/' || c == '\\') {
                    return Err(HeaderError {
                        line,
                        message: format!(
                            "bad name {v:?}: a name is one word, no slashes or control characters"
                        ),
                    });
                }
                h.name = Some(v.to_string());
            } else if let Some(v) = text.strip_prefix("description:") {
                h.description = Some(v.trim().to_string());
            } else if let Some(v) = text.strip_prefix("run:") {
                h.ending = match v.trim() {
                    "until quiet" => Ending::RunToQuiet,
                    "until the script ends" => Ending::HaltWhenMainEnds,
                    other => {
                        return Err(HeaderError {
                            line,
                            message: format!(
                                "`# run: {other}`: expected `until quiet` or `until the script ends`"
                            ),
                        });
                    }
                };
            }
        }
        i += 1;
    }
    Ok(h)
}

/// `source` with its `# expect:` block replaced by (or, without one, followed by) a block
/// of `lines`.
pub fn bless(source: &str, comments: &[Comment], lines: &[String]) -> String {
    bless_outcomes(source, comments, &[lines.to_vec()])
}

/// `source` with its expectation block replaced by (or, without one, followed by) the
/// `outcomes` runs observed: `# expect:` for one, `# expect one of:` (alternatives
/// separated by `#   --`) for several. What `otpsim run FILE --bless` writes.
pub fn bless_outcomes(source: &str, comments: &[Comment], outcomes: &[Vec<String>]) -> String {
    let mut block = String::from(if outcomes.len() > 1 {
        "# expect one of:\n"
    } else {
        "# expect:\n"
    });
    for (i, lines) in outcomes.iter().enumerate() {
        if i > 0 {
            block.push_str("#   --\n");
        }
        for l in lines {
            block.push_str("#   ");
            block.push_str(&crate::verdict::expect_form(l));
            block.push('\n');
        }
    }
    // Find an existing block: its first and last byte.
    let mut start = None;
    let mut end = 0;
    let mut i = 0;
    while i < comments.len() {
        let t = body(&comments[i]).trim_end();
        if matches!(t, "expect:" | "expect one of:" | "expect in order:") {
            start = Some(comments[i].span.start);
            end = comments[i].span.end;
            let mut j = i + 1;
            while j < comments.len()
                && comments[j].span.line == comments[j - 1].span.line + 1
                && body(&comments[j]).starts_with("  ")
            {
                end = comments[j].span.end;
                j += 1;
            }
            break;
        }
        i += 1;
    }
    match start {
        Some(s) => {
            // Replace from the block's first `#` to the end of its last line.
            let line_start = source[..s].rfind('\n').map_or(0, |p| p + 1);
            let after = source[end..].strip_prefix('\n').unwrap_or(&source[end..]);
            format!("{}{}{}", &source[..line_start], block, after)
        }
        None => {
            let mut s = source.trim_end().to_string();
            s.push_str("\n\n");
            s.push_str(&block);
            s
        }
    }
}
