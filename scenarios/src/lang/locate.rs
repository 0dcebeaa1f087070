//! Finding where a checked value is written: RON's parser forgets positions once a value is
//! read, so a binding error's path (`main[2].do[0].task`) is walked again over the text.
//! Only structure is followed (brackets, strings, comments, `name:`), enough for any file
//! that parsed.

use super::ir::Seg;

struct Cursor<'a> {
    src: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.pos += c.len_utf8();
        }
    }

    /// Whitespace, `// line` and `/* block */` comments (RON block comments nest).
    fn trivia(&mut self) {
        loop {
            let r = self.rest();
            if r.starts_with("//") {
                self.pos += r.find('\n').unwrap_or(r.len());
            } else if r.starts_with("/*") {
                self.block_comment();
            } else if self.peek().is_some_and(char::is_whitespace) {
                self.bump();
            } else {
                return;
            }
        }
    }

    fn block_comment(&mut self) {
        let mut depth = 0;
        while !self.rest().is_empty() {
            if self.rest().starts_with("/*") {
                depth += 1;
                self.pos += 2;
            } else if self.rest().starts_with("*/") {
                depth -= 1;
                self.pos += 2;
                if depth == 0 {
                    return;
                }
            } else {
                self.bump();
            }
        }
    }

    fn ident(&mut self) -> &str {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '#')
        {
            self.bump();
        }
        &self.src[start..self.pos]
    }

    fn string(&mut self) {
        if self.peek() == Some('r') {
            self.bump();
            let hashes = self.rest().len() - self.rest().trim_start_matches('#').len();
            self.pos += hashes + 1;
            let close = format!("\"{}", "#".repeat(hashes));
            self.pos += self
                .rest()
                .find(&close)
                .map_or(self.rest().len(), |i| i + close.len());
            return;
        }
        let quote = self.peek();
        self.bump();
        while let Some(c) = self.peek() {
            self.bump();
            if c == '\\' {
                self.bump();
            } else if Some(c) == quote {
                return;
            }
        }
    }

    fn is_string_start(&self) -> bool {
        let r = self.rest();
        r.starts_with('"') || r.starts_with('\'') || r.starts_with("r\"") || r.starts_with("r#")
    }

    /// Skips one value of any kind.
    fn value(&mut self) {
        self.trivia();
        if self.is_string_start() {
            return self.string();
        }
        match self.peek() {
            Some('(' | '[' | '{') => self.group(),
            _ => {
                while self
                    .peek()
                    .is_some_and(|c| c.is_alphanumeric() || "_.+-".contains(c))
                {
                    self.bump();
                }
                self.trivia();
                if self.peek() == Some('(') {
                    self.group();
                }
            }
        }
    }

    fn group(&mut self) {
        self.bump();
        loop {
            self.trivia();
            match self.peek() {
                None => return,
                Some(')' | ']' | '}') => return self.bump(),
                Some('"' | '\'') => self.string(),
                Some('(' | '[' | '{') => self.group(),
                Some('r') if self.is_string_start() => self.string(),
                Some(_) => self.bump(),
            }
        }
    }

    /// Steps inside the value here: past a struct or variant name (and through `Some(...)`,
    /// which RON's implicit-some extension makes optional), past the opening bracket.
    fn enter(&mut self) -> bool {
        loop {
            self.trivia();
            let name = self.ident().to_string();
            self.trivia();
            match self.peek() {
                Some('(') if name == "Some" => {
                    self.bump();
                    let save = self.pos;
                    self.trivia();
                    if matches!(self.peek(), Some('(' | '[' | '{'))
                        || self.rest().starts_with(|c: char| c.is_alphabetic())
                    {
                        continue;
                    }
                    self.pos = save;
                    return false;
                }
                Some('(' | '[' | '{') => {
                    self.bump();
                    return true;
                }
                _ => return false,
            }
        }
    }

    fn field(&mut self, name: &str) -> bool {
        if !self.enter() {
            return false;
        }
        loop {
            self.trivia();
            if matches!(self.peek(), None | Some(')' | ']' | '}')) {
                return false;
            }
            let key = self.ident().to_string();
            self.trivia();
            if self.peek() != Some(':') {
                return false;
            }
            self.bump();
            self.trivia();
            if key == name {
                return true;
            }
            self.value();
            self.trivia();
            if self.peek() == Some(',') {
                self.bump();
            }
        }
    }

    fn index(&mut self, i: usize) -> bool {
        if !self.enter() {
            return false;
        }
        for _ in 0..i {
            self.value();
            self.trivia();
            if self.peek() != Some(',') {
                return false;
            }
            self.bump();
        }
        self.trivia();
        true
    }

    /// Moves from the opening quote of a string to the character at decoded byte `offset`.
    fn seek_in_string(&mut self, offset: usize) {
        if self.peek() == Some('r') {
            self.bump();
            while self.peek() == Some('#') {
                self.bump();
            }
            self.bump();
            self.pos = (self.pos + offset).min(self.src.len());
            return;
        }
        if self.peek() != Some('"') {
            return;
        }
        self.bump();
        let mut decoded = 0;
        while decoded < offset {
            match self.peek() {
                None | Some('"') => return,
                Some('\\') => {
                    self.bump();
                    self.bump();
                    decoded += 1;
                }
                Some(c) => {
                    self.bump();
                    decoded += c.len_utf8();
                }
            }
        }
    }
}

/// The 1-based line and column of the value at `path` (and `offset` bytes into it, if it is
/// a string), or of the deepest part of the path that could be found.
pub(crate) fn locate(src: &str, path: &[Seg], offset: Option<usize>) -> (usize, usize) {
    let mut c = Cursor { src, pos: 0 };
    c.trivia();
    while c.rest().starts_with("#!") {
        c.pos += c.rest().find('\n').unwrap_or(c.rest().len());
        c.trivia();
    }
    let mut found = true;
    for seg in path {
        let save = c.pos;
        let ok = match seg {
            Seg::Field(name) => c.field(name),
            Seg::Index(i) => c.index(*i),
        };
        if !ok {
            c.pos = save;
            found = false;
            break;
        }
    }
    if found && let Some(off) = offset {
        c.seek_in_string(off);
    }
    line_col(src, c.pos)
}

fn line_col(src: &str, pos: usize) -> (usize, usize) {
    let before = &src[..pos.min(src.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r##"// a comment (with a bracket
Program(
    name: "x",
    main: [
        sleep(10), /* [nested /* comment */] */
        async(as: "t", do: [log("a, b"), await(task: "zz")]),
        receive(match: [("{:ok, x}", [log("#{y}")])], after: Some((5, [log("q")]))),
    ],
)"##;

    #[test]
    fn paths_lead_to_the_value() {
        let p = |path: &[Seg]| locate(SRC, path, None);
        use Seg::*;
        assert_eq!(p(&[Field("main"), Index(0)]), (5, 9));
        assert_eq!(p(&[Field("main"), Index(1), Field("as")]), (6, 19));
        let deep = [
            Field("main"),
            Index(1),
            Field("do"),
            Index(1),
            Field("task"),
        ];
        assert_eq!(p(&deep), (6, 54));
        let clause = [
            Field("main"),
            Index(2),
            Field("match"),
            Index(0),
            Index(1),
            Index(0),
            Index(0),
        ];
        assert_eq!(p(&clause), (7, 43));
        assert_eq!(locate(SRC, &clause, Some(3)), (7, 47));
        let after = [Field("main"), Index(2), Field("after"), Index(1), Index(0)];
        assert_eq!(p(&after), (7, 72));
        // An unknown path stops at the deepest part found.
        assert_eq!(p(&[Field("main"), Index(1), Field("nope")]), (6, 9));
    }
}
