//! Literals: integers (with their range check), floats, chars, atoms, and the quoted forms —
//! strings, charlists, heredocs, quoted atoms and keys — with escapes and interpolation.

use tree_sitter::Node as TsNode;

use super::ast::{Kind, Node, Part};
use super::convert::{Conv, R, named, unsupported};

/// Heredoc state while the pieces of one quoted literal are read.
struct Dedent {
    /// Whitespace to remove from the start of each line (the closing `"""`'s column).
    indent: usize,
    /// Still on the opening `"""` line, which must hold nothing but whitespace.
    first_line: bool,
    /// At the start of a line, having removed `skipped` whitespace characters so far.
    line_start: bool,
    skipped: usize,
}

impl Conv<'_, '_> {
    /// An integer literal; `negative` when a `-` in front is folded in, so that
    /// `-9223372036854775808` fits.
    pub(crate) fn integer(&self, n: TsNode<'_>, negative: bool) -> R<i64> {
        let text: String = self.text(n).chars().filter(|c| *c != '_').collect();
        let (digits, radix) = match text.get(..2) {
            Some("0x") => (&text[2..], 16),
            Some("0b") => (&text[2..], 2),
            Some("0o") => (&text[2..], 8),
            _ => (text.as_str(), 10),
        };
        let magnitude = u128::from_str_radix(digits, radix).ok();
        let value = magnitude.and_then(|m| {
            let signed = i128::try_from(m).ok()?;
            i64::try_from(if negative { -signed } else { signed }).ok()
        });
        match value {
            Some(v) => Ok(v),
            None => self.err(
                n,
                format!(
                    "the integer {}{} does not fit in 64 bits (from -2^63 to 2^63-1)",
                    if negative { "-" } else { "" },
                    self.text(n)
                ),
            ),
        }
    }

    pub(crate) fn float(&self, n: TsNode<'_>, negative: bool) -> R<f64> {
        let text: String = self.text(n).chars().filter(|c| *c != '_').collect();
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(if negative { -v } else { v }),
            _ => self.err(n, format!("the float {} is out of range", self.text(n))),
        }
    }

    /// `?a`, `?\n`: the character's code point.
    pub(crate) fn char(&self, n: TsNode<'_>) -> R<i64> {
        let text = self.text(n).strip_prefix('?').unwrap_or("");
        let mut decoded = String::new();
        if text.starts_with('\\') {
            self.unescape(n, text, true, &mut decoded)?;
        } else {
            decoded.push_str(text);
        }
        let mut chars = decoded.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(i64::from(u32::from(c))),
            _ => self.err(n, format!("invalid character literal `{}`", self.text(n))),
        }
    }

    /// `:ok`, `:+`, `:"..."` is [`Conv::quoted_atom`].
    pub(crate) fn atom(&self, n: TsNode<'_>) -> Kind {
        Kind::Atom(self.text(n).trim_start_matches(':').to_string())
    }

    /// A string, charlist or quoted atom as an expression.
    pub(crate) fn quoted_literal(&mut self, n: TsNode<'_>) -> R<Node> {
        let kind = match n.kind() {
            "string" => Kind::Str(self.quoted(n, false)?),
            "charlist" => Kind::Charlist(self.quoted(n, true)?),
            _ => self.quoted_atom(n)?,
        };
        Ok(self.node(n, kind))
    }

    /// A sigil: `~s`/`~S` is a string, `~c`/`~C` a charlist, `~w`/`~W` a list of the words
    /// (split at whitespace after escapes are decoded, as `String.split/1` does) as strings,
    /// or atoms or charlists with the `a` or `c` modifier. The uppercase forms decode no
    /// escapes and interpolate nothing. `~r` and the other sigils are refused
    /// (semantics §5.26).
    pub(crate) fn sigil(&mut self, n: TsNode<'_>) -> R<Node> {
        let children = named(n);
        let text_of = |kind: &str| {
            children
                .iter()
                .find(|c| c.kind() == kind)
                .map_or("", |c| self.text(*c))
        };
        let name = text_of("sigil_name").to_string();
        let modifiers = text_of("sigil_modifiers").to_string();
        let raw = name.chars().all(|c| c.is_ascii_uppercase());
        let kind = match (name.to_ascii_lowercase().as_str(), modifiers.as_str()) {
            ("s", "") => Kind::Str(self.quoted_parts(n, false, raw)?),
            ("c", "") => Kind::Charlist(self.quoted_parts(n, true, raw)?),
            ("w", "" | "s" | "a" | "c") => {
                let mut words = String::new();
                for part in self.quoted_parts(n, false, raw)? {
                    match part {
                        Part::Text(text) => words.push_str(&text),
                        Part::Interp(_) => {
                            return Ok(self.node(n, unsupported("an interpolation in a ~w sigil")));
                        }
                    }
                }
                let items = words
                    .split(char::is_whitespace)
                    .filter(|w| !w.is_empty())
                    .map(|w| {
                        let word = w.to_string();
                        let kind = match modifiers.as_str() {
                            "a" => Kind::Atom(word),
                            "c" => Kind::Charlist(vec![Part::Text(word)]),
                            _ => Kind::Str(vec![Part::Text(word)]),
                        };
                        self.node(n, kind)
                    })
                    .collect();
                Kind::List { items, tail: None }
            }
            ("s" | "c" | "w", _) => {
                return self.err(
                    n,
                    format!("the sigil ~{name} takes no modifier `{modifiers}`"),
                );
            }
            _ => unsupported(&format!("the sigil ~{name}")),
        };
        Ok(self.node(n, kind))
    }

    /// `:"quoted"`, a `"quoted": ` key, or `Mod."fun"`: an atom unless interpolated.
    pub(crate) fn quoted_atom(&mut self, n: TsNode<'_>) -> R<Kind> {
        let parts = self.quoted(n, false)?;
        let mut name = String::new();
        for part in parts {
            match part {
                Part::Text(text) => name.push_str(&text),
                Part::Interp(_) => return Ok(unsupported("an atom built by interpolation")),
            }
        }
        Ok(Kind::Atom(name))
    }

    /// The parts of a string, charlist, heredoc or quoted atom.
    pub(crate) fn quoted(&mut self, n: TsNode<'_>, charlist: bool) -> R<Vec<Part>> {
        self.quoted_parts(n, charlist, false)
    }

    /// [`Conv::quoted`]; `raw` for an uppercase sigil (`~S`, `~W`, `~C`), where an escape
    /// is text except for the closing delimiter, which `\` escapes.
    fn quoted_parts(&mut self, n: TsNode<'_>, charlist: bool, raw: bool) -> R<Vec<Part>> {
        let mut dedent = self.heredoc(n);
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut cursor = n.walk();
        let children: Vec<_> = n.children(&mut cursor).collect();
        for c in children {
            match c.kind() {
                "quoted_content" => match &mut dedent {
                    Some(d) => self.dedent(c, d, &mut text)?,
                    None => text.push_str(self.text(c)),
                },
                "escape_sequence" if raw => {
                    let escape = self.text(c);
                    let end = n.child_by_field_name("quoted_end").map(|e| self.text(e));
                    match escape.strip_prefix('\\') {
                        Some(after) if Some(after) == end => text.push_str(after),
                        _ => text.push_str(escape),
                    }
                    if let Some(d) = &mut dedent {
                        d.line_start = false;
                    }
                }
                "escape_sequence" => {
                    self.unescape(c, self.text(c), charlist, &mut text)?;
                    if let Some(d) = &mut dedent {
                        d.line_start = false;
                    }
                }
                "interpolation" => {
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    let value = match named(c).first() {
                        Some(e) => self.expr(*e)?,
                        None => self.node(c, Kind::Block(Vec::new())),
                    };
                    parts.push(Part::Interp(value));
                    if let Some(d) = &mut dedent {
                        d.line_start = false;
                    }
                }
                _ => {}
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(parts)
    }

    /// For a `"""`/`'''` literal, how far its closing delimiter is indented.
    fn heredoc(&self, n: TsNode<'_>) -> Option<Dedent> {
        let start = n.child_by_field_name("quoted_start")?;
        if self.text(start).len() != 3 {
            return None;
        }
        let end = n.child_by_field_name("quoted_end")?;
        let before = self.src.text.get(..end.start_byte()).unwrap_or("");
        let line = before.rsplit('\n').next().unwrap_or("");
        Some(Dedent {
            indent: line.chars().count(),
            first_line: true,
            line_start: false,
            skipped: 0,
        })
    }

    fn dedent(&self, c: TsNode<'_>, d: &mut Dedent, out: &mut String) -> R<()> {
        let mut raw = self.text(c);
        if d.first_line {
            let Some(newline) = raw.find('\n') else {
                return self.err(
                    c,
                    "a heredoc needs a new line right after its opening quotes",
                );
            };
            if !raw[..newline].trim().is_empty() {
                return self.err(
                    c,
                    "a heredoc needs a new line right after its opening quotes",
                );
            }
            raw = &raw[newline + 1..];
            d.first_line = false;
            d.line_start = true;
            d.skipped = 0;
        }
        let mut chars = raw.chars().peekable();
        while let Some(ch) = chars.next() {
            if d.line_start && d.skipped < d.indent && (ch == ' ' || ch == '\t') {
                d.skipped += 1;
                continue;
            }
            d.skipped = 0;
            // In a heredoc the grammar leaves a line continuation `\` + newline in the text;
            // Elixir drops both and still dedents the next line.
            if ch == '\\' && matches!(chars.peek(), Some('\n' | '\r')) {
                chars.next_if_eq(&'\r');
                chars.next_if_eq(&'\n');
                d.line_start = true;
                continue;
            }
            d.line_start = ch == '\n';
            out.push(ch);
        }
        Ok(())
    }

    /// Decodes one escape sequence (`\n`, `\s`, `\x41`, `\u{1F600}`, `\` + newline, ...) as
    /// Elixir does. `\xHH` is a byte in a string, so above `\x7F` it would not be UTF-8.
    fn unescape(&self, n: TsNode<'_>, raw: &str, charlist: bool, out: &mut String) -> R<()> {
        let body = raw.strip_prefix('\\').unwrap_or(raw);
        let mut chars = body.chars();
        let decoded = match chars.next() {
            Some(kind @ ('x' | 'u')) => {
                let hex = chars.as_str().trim_start_matches('{').trim_end_matches('}');
                let code = u32::from_str_radix(hex, 16).ok();
                if kind == 'x' && !charlist && code.is_some_and(|c| c > 0x7F) {
                    return self.err(
                        n,
                        format!("`{raw}` is a byte that is not UTF-8 text; write `\\u{{{hex}}}`"),
                    );
                }
                match code.and_then(char::from_u32) {
                    Some(c) => c,
                    None => return self.err(n, format!("invalid escape `{raw}`")),
                }
            }
            Some('\n' | '\r') => return Ok(()),
            Some('0') => '\0',
            Some('a') => '\u{7}',
            Some('b') => '\u{8}',
            Some('d') => '\u{7F}',
            Some('e') => '\u{1B}',
            Some('f') => '\u{C}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('s') => ' ',
            Some('t') => '\t',
            Some('v') => '\u{B}',
            Some(other) => other,
            None => return self.err(n, "incomplete escape `\\`"),
        };
        out.push(decoded);
        Ok(())
    }
}
