//! Text for a terminal, from input nobody vetted: control characters escaped, columns padded
//! without `format!` widths (which panic past 65,535), long lines cut to a window.

use std::borrow::Cow;

/// `s` with its control characters written as escapes (`\n`, `\t`, `\r`, `\u{1b}`), as the
/// trace writes strings, so text from a scenario cannot move the cursor or ring a bell.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// `text` with the control characters of each line escaped, its line breaks kept.
pub fn escape_lines(text: &str) -> String {
    let lines: Vec<Cow<'_, str>> = text.split('\n').map(escape_controls).collect();
    lines.join("\n")
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        c => out.push(c),
    }
}

/// `s` then spaces up to `width` characters (nothing added if it is already that wide).
pub fn pad_right(s: &str, width: usize) -> String {
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(
        ' ',
        width.saturating_sub(s.chars().count()),
    ));
    out
}

/// Spaces up to `width` characters, then `s`.
pub fn pad_left(s: &str, width: usize) -> String {
    let mut out: String =
        std::iter::repeat_n(' ', width.saturating_sub(s.chars().count())).collect();
    out.push_str(s);
    out
}

/// Widest a padded column gets: a longer value overflows its row rather than widening every
/// row of the table.
pub const MAX_COLUMN: usize = 48;

/// The width of a column holding `values`: the widest, at least `min`, at most
/// [`MAX_COLUMN`].
pub fn column_width<'a>(values: impl IntoIterator<Item = &'a str>, min: usize) -> usize {
    values
        .into_iter()
        .map(|v| v.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(min, MAX_COLUMN.max(min))
}

/// Characters shown of a source line on either side of the column an error points at.
const WINDOW: usize = 40;

/// The part of `line` to show under an error at 1-based character column `col`, with
/// control characters escaped, and how many characters of it come before the column (where
/// the caret goes). Lines longer than the window are cut, with `…` where text was left out.
pub fn window(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = col.saturating_sub(1).min(chars.len());
    let (start, end) = if chars.len() <= 2 * WINDOW + 1 {
        (0, chars.len())
    } else {
        (
            at.saturating_sub(WINDOW),
            (at + WINDOW + 1).min(chars.len()),
        )
    };
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut caret = out.chars().count();
    for (i, &c) in chars[start..end].iter().enumerate() {
        // A tab stays one column wide so the caret stays under its character.
        let shown = if c == '\t' { ' ' } else { c };
        push_escaped(&mut out, shown);
        if start + i + 1 == at {
            caret = out.chars().count();
        }
    }
    if end < chars.len() {
        out.push('…');
    }
    (out, caret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_plain_text_is_not_copied() {
        assert!(matches!(escape_controls("plain"), Cow::Borrowed("plain")));
        assert_eq!(
            escape_controls("a\u{1b}[31mred\u{7}\n"),
            "a\\u{1b}[31mred\\u{7}\\n"
        );
        assert_eq!(escape_lines("a\tb\nc\r\n"), "a\\tb\nc\\r\n");
    }

    #[test]
    fn padding_has_no_width_limit() {
        let long = "x".repeat(70_000);
        assert_eq!(pad_right(&long, 70_005).len(), 70_005);
        assert_eq!(pad_left("ab", 4), "  ab");
        assert_eq!(pad_right("abcdef", 4), "abcdef");
        assert_eq!(column_width([long.as_str(), "a"], 8), MAX_COLUMN);
        assert_eq!(column_width(["abc"], 8), 8);
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_column() {
        let line = format!("{}X{}", "a".repeat(100_000), "b".repeat(100_000));
        let (shown, caret) = window(&line, 100_001);
        assert_eq!(shown.chars().count(), 2 * WINDOW + 3);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().nth(caret), Some('X'));
        let (shown, caret) = window("ab\tc\u{7}d", 6);
        assert_eq!((shown.as_str(), caret), ("ab c\\u{7}d", 9));
        assert_eq!(window("short", 1), ("short".to_string(), 0));
        assert_eq!(window("", 9), (String::new(), 0));
    }
}
