//! How atoms, keyword keys, string contents and floats are written in Elixir source.

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

pub(crate) fn float(x: f64) -> String {
    let s = format!("{x:?}");
    match s.find('e') {
        _ if s.contains('.') || !x.is_finite() => s,
        Some(e) => format!("{}.0{}", &s[..e], &s[e..]),
        None => format!("{s}.0"),
    }
}
