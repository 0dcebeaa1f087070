//! The value syntax inside a scenario's strings: Elixir terms, patterns and `#{}` templates.
//!
//! ```text
//! expr     := atom | int | string | tuple | list | var | var.field | self()
//! atom     := :name | :"any text" | nil | true | false | Module
//! tuple    := { [expr {, expr}] }        list := [ [expr {, expr}] ]
//! pattern  := expr with `_`, fresh variables and ^pinned ones (no self(), no fields)
//! template := text with #{expr} (to_string) and #{inspect(expr)}
//! ```

use super::parser::{Parser, to_expr, to_pat};
use sim::Term;
use std::rc::Rc;

/// A field of a `%Task{}`: `t.pid`, `t.ref`, `t.owner`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum TaskField {
    /// `t.pid`
    Pid,
    /// `t.ref`
    Ref,
    /// `t.owner`
    Owner,
}

/// A value expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A constant.
    Lit(Term),
    /// A variable.
    Var(Rc<str>),
    /// A task's field.
    Field(Rc<str>, TaskField),
    /// `self()`.
    SelfPid,
    /// `{a, b}`.
    Tuple(Vec<Expr>),
    /// `[a, b]`.
    List(Vec<Expr>),
}

/// A receive pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum Pat {
    /// A constant that must be equal.
    Lit(Term),
    /// `_` (or `_name`): anything.
    Any,
    /// A fresh variable: anything, bound in the clause.
    Bind(Rc<str>),
    /// `^x`: the current value of `x`.
    Pin(Rc<str>),
    /// `{a, b}`.
    Tuple(Vec<Pat>),
    /// `[a, b]`.
    List(Vec<Pat>),
}

/// A piece of a `#{}` template.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// Literal text.
    Text(String),
    /// `#{expr}`: `to_string(expr)` (raises for values without `String.Chars`).
    Show(Expr),
    /// `#{inspect(expr)}`.
    Inspect(Expr),
}

/// A string with interpolations.
pub type Template = Vec<Part>;

/// A syntax error at a byte offset of the parsed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset into the text.
    pub offset: usize,
    /// What was expected, and what was found.
    pub message: String,
}

/// Parses an expression.
pub fn parse_expr(src: &str) -> Result<Expr, SyntaxError> {
    to_expr(Parser::new(src).whole()?)
}

/// Parses a pattern.
pub fn parse_pattern(src: &str) -> Result<Pat, SyntaxError> {
    to_pat(Parser::new(src).whole()?)
}

/// Parses a template: text with `#{expr}` and `#{inspect(expr)}`.
pub fn parse_template(src: &str) -> Result<Template, SyntaxError> {
    let mut parts = Vec::new();
    let mut rest = 0;
    while let Some(i) = src[rest..].find("#{") {
        let start = rest + i;
        if start > rest {
            parts.push(Part::Text(src[rest..start].to_string()));
        }
        let inner = start + 2;
        let end = closing_brace(src, inner).ok_or(SyntaxError {
            offset: start,
            message: "expected `}` to close this `#{`".to_string(),
        })?;
        let text = &src[inner..end];
        let shift = |mut e: SyntaxError| {
            e.offset += inner;
            e
        };
        let t = text.trim();
        let part = match t.strip_prefix("inspect(").and_then(|r| r.strip_suffix(')')) {
            Some(arg) => Part::Inspect(parse_expr(arg).map_err(|e| SyntaxError {
                offset: e.offset + inner + text.find(arg).unwrap_or(0),
                message: e.message,
            })?),
            None => Part::Show(parse_expr(text).map_err(shift)?),
        };
        parts.push(part);
        rest = end + 1;
    }
    if rest < src.len() {
        parts.push(Part::Text(src[rest..].to_string()));
    }
    Ok(parts)
}

/// The `}` that closes a `#{` whose body starts at `from` (skipping nested braces and strings).
fn closing_brace(src: &str, from: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    for (i, c) in src[from..].char_indices() {
        match (in_str, c) {
            (true, _) if escaped => escaped = false,
            (true, '\\') => escaped = true,
            (true, '"') => in_str = false,
            (true, _) => {}
            (false, '"') => in_str = true,
            (false, '{') => depth += 1,
            (false, '}') if depth == 0 => return Some(from + i),
            (false, '}') => depth -= 1,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(e: &Expr) -> String {
        match e {
            Expr::Lit(t) => t.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn literals_read_as_elixir_writes_them() {
        for text in [
            ":ok",
            "42",
            "-7",
            "\"Data fetched\"",
            "{:ok, [1, 2]}",
            "nil",
            "Task",
            ":\"a b\"",
        ] {
            assert_eq!(show(&parse_expr(text).unwrap()), text);
        }
    }

    #[test]
    fn variables_fields_and_self() {
        assert_eq!(
            parse_expr("{:ready, self(), t.pid}").unwrap(),
            Expr::Tuple(vec![
                Expr::Lit(Term::atom("ready")),
                Expr::SelfPid,
                Expr::Field("t".into(), TaskField::Pid),
            ])
        );
        assert!(
            parse_expr("t.name")
                .unwrap_err()
                .message
                .contains("unknown field")
        );
    }

    #[test]
    fn patterns_bind_pin_and_ignore() {
        assert_eq!(
            parse_pattern("{:EXIT, ^p, reason, _}").unwrap(),
            Pat::Tuple(vec![
                Pat::Lit(Term::atom("EXIT")),
                Pat::Pin("p".into()),
                Pat::Bind("reason".into()),
                Pat::Any,
            ])
        );
        assert!(parse_expr("_").is_err());
    }

    #[test]
    fn errors_say_what_was_expected_where() {
        let e = parse_expr("{:ok, 1").unwrap_err();
        assert_eq!(e.offset, 7);
        assert_eq!(e.message, "expected `,` or `}`, found the end of the text");
        let e = parse_expr(":ok :more").unwrap_err();
        assert_eq!(
            (e.offset, e.message.as_str()),
            (4, "expected the end of the value, found `:`")
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let e = parse_expr(&deep).unwrap_err();
        assert_eq!(e.message, "values nest deeper than 64 levels");
        assert!(parse_expr(&format!("{}{}", "{".repeat(60), "}".repeat(60))).is_ok());
    }

    #[test]
    fn templates_split_text_and_interpolations() {
        let t = parse_template("Result: #{result} / #{inspect({:a, x})}").unwrap();
        assert_eq!(t.len(), 4);
        assert_eq!(t[0], Part::Text("Result: ".into()));
        assert!(matches!(t[3], Part::Inspect(Expr::Tuple(_))));
        let e = parse_template("x #{y").unwrap_err();
        assert_eq!(e.offset, 2);
    }
}
