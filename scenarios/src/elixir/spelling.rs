//! How atoms, keyword keys, string contents and floats are written in Elixir source: the one
//! place for it, for the printer of the syntax tree, the printer of step programs
//! ([`crate::lang::elixir_src`]) and the emitter of `otpsim conform`
//! ([`crate::conform::emit_ir`]).

use std::fmt::Write as _;

/// Whether `a` can be written `:a` (and `a:` as a key) without quotes.
fn plain_atom(a: &str) -> bool {
    let mut chars = a.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let body = a.trim_end_matches(['?', '!']);
    (first.is_alphabetic() || first == '_')
        && body
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '@')
        && a.len() - body.len() <= 1
}

pub(crate) fn atom(a: &str) -> String {
    match a {
        "true" | "false" | "nil" => a.to_string(),
        _ if plain_atom(a) => format!(":{a}"),
        _ => format!(":\"{}\"", escape(a, '"')),
    }
}

pub(crate) fn keyword_key(a: &str) -> String {
    if plain_atom(a) {
        format!("{a}:")
    } else {
        format!("\"{}\":", escape(a, '"'))
    }
}

/// The inside of a literal quoted by `quote`: no interpolation, no raw control characters.
pub(crate) fn escape(text: &str, quote: char) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '#' if chars.peek() == Some(&'{') => out.push_str("\\#"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => write!(out, "\\u{{{:X}}}", u32::from(c)).unwrap_or(()),
            c => out.push(c),
        }
    }
    out
}

/// An Elixir string literal.
pub fn str_src(s: &str) -> String {
    format!("\"{}\"", escape(s, '"'))
}

/// An atom of a term as Elixir source: `nil`, `Task` (for `Elixir.Task`), `:ok`, `:"a b"`.
pub fn atom_src(a: &str) -> String {
    match a {
        "nil" | "true" | "false" => a.to_string(),
        _ => match a.strip_prefix("Elixir.") {
            Some(m) if is_alias(m) => m.to_string(),
            _ if is_identifier(a) => format!(":{a}"),
            _ => format!(":\"{}\"", escape(a, '"')),
        },
    }
}

/// A name that can be written bare (a variable, a function, `:a`): ASCII letters, digits,
/// `_` and `@`, not starting with a digit, with at most one `?` or `!` at the end.
pub fn is_identifier(s: &str) -> bool {
    let body = s.strip_suffix(['?', '!']).unwrap_or(s);
    let mut chars = body.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@')
}

/// A module alias that can be written bare: `Task`, `Task.Supervisor`.
pub fn is_alias(s: &str) -> bool {
    s.split('.').all(|seg| {
        seg.starts_with(|c: char| c.is_ascii_uppercase())
            && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

pub(crate) fn float(x: f64) -> String {
    let s = format!("{x:?}");
    match s.find('e') {
        _ if s.contains('.') || !x.is_finite() => s,
        Some(e) => format!("{}.0{}", &s[..e], &s[e..]),
        None => format!("{s}.0"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_valid_elixir() {
        assert_eq!(atom_src("ok"), ":ok");
        assert_eq!(atom_src("Elixir.Task"), "Task");
        assert_eq!(atom_src("a b"), ":\"a b\"");
        assert_eq!(atom_src("nil"), "nil");
        assert_eq!(str_src("a#{b}\"\n"), r#""a\#{b}\"\n""#);
        assert_eq!(str_src("\u{7f}"), r#""\u{7F}""#);
    }
}
