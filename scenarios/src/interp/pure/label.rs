//! Test support: reads the expressions of the probe's output (`elem({1, 2}, 5)`,
//! `Enum.into([a: 1], %{})`, `"a" <> 1`, as `Macro.to_string/1` prints them), so that
//! every line of `pure_builtins.out` is a test case (`probe_tests` evaluates them).
//!
//! The grammar is what the probe uses: literals (integers with `_`, atoms, aliases,
//! strings, charlists, tuples, lists with a keyword tail, maps, structs), calls
//! (`f(args)`, `Mod.f(args)` with a keyword tail), unary `- + ! not`, and the binary
//! operators with Elixir's precedences, `a..b//c` included.

use crate::ir::{BinOp, UnOp};
use sim::Term;

/// A parsed expression.
#[derive(Debug)]
pub(super) enum Expr {
    Lit(Term),
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Map(Vec<(Expr, Expr)>),
    Struct(String, Vec<(String, Expr)>),
    Call(Option<String>, String, Vec<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Un(UnOp, Box<Expr>),
    /// `first..last//step`.
    Step(Box<Expr>, Box<Expr>, Box<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Int(i128),
    Atom(String),
    Alias(String),
    Ident(String),
    /// `key:` in a keyword list, map, struct or call.
    Key(String),
    Str(String),
    Chars(Vec<i64>),
    /// Punctuation and operators.
    P(&'static str),
}

const PUNCT: &[&str] = &[
    "===", "!==", "%{", "==", "!=", "<=", ">=", "&&", "||", "<>", "++", "--", "..", "//", "=>",
    "(", ")", "{", "}", "[", "]", ",", "|", "%", ".", "+", "-", "*", "<", ">", "!",
];

fn ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Reads `"..."` or `'...'` from `chars` (after the opening quote).
fn quoted(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, end: char) -> String {
    let mut out = String::new();
    while let Some((_, c)) = chars.next() {
        if c == end {
            break;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else { break };
        let hex = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, n: usize| {
            let digits: String = (0..n)
                .filter_map(|_| chars.next().map(|(_, c)| c))
                .collect();
            u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
        };
        let c = match e {
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            'e' => Some('\u{1b}'),
            'v' => Some('\u{0b}'),
            'f' => Some('\u{0c}'),
            '0' => Some('\0'),
            'x' => hex(chars, 2),
            'u' if chars.peek().map(|p| p.1) == Some('{') => {
                chars.next();
                let digits: String = chars
                    .by_ref()
                    .map(|(_, c)| c)
                    .take_while(|c| *c != '}')
                    .collect();
                u32::from_str_radix(&digits, 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            'u' => hex(chars, 4),
            other => Some(other),
        };
        out.extend(c);
    }
    out
}

fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let mut toks = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        let rest = &src[i..];
        if c.is_whitespace() {
            chars.next();
        } else if c.is_ascii_digit() {
            let text: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '_')
                .collect();
            for _ in 0..text.chars().count() {
                chars.next();
            }
            let n = text
                .replace('_', "")
                .parse()
                .map_err(|e| format!("{text}: {e}"))?;
            toks.push(Tok::Int(n));
        } else if c == '"' || c == '\'' {
            chars.next();
            let s = quoted(&mut chars, c);
            toks.push(if c == '"' {
                Tok::Str(s)
            } else {
                Tok::Chars(s.chars().map(|c| c as i64).collect())
            });
        } else if c == ':' && rest[1..].starts_with('"') {
            chars.next();
            chars.next();
            toks.push(Tok::Atom(quoted(&mut chars, '"')));
        } else if c == ':' && rest[1..].starts_with(|c: char| c.is_alphabetic() || c == '_') {
            chars.next();
            let name: String = rest[1..]
                .chars()
                .take_while(|&c| ident_char(c) || c == '@' || c == '?' || c == '!')
                .collect();
            for _ in 0..name.chars().count() {
                chars.next();
            }
            toks.push(Tok::Atom(name));
        } else if c.is_alphabetic() || c == '_' {
            let mut name: String = rest.chars().take_while(|&c| ident_char(c)).collect();
            if c.is_uppercase() {
                // An alias: `Foo.Bar` (a dot followed by an uppercase letter continues it).
                while let Some(more) = rest[name.len()..].strip_prefix('.') {
                    match more.chars().next() {
                        Some(u) if u.is_uppercase() => {
                            let seg: String = more.chars().take_while(|&c| ident_char(c)).collect();
                            name = format!("{name}.{seg}");
                        }
                        _ => break,
                    }
                }
            } else if let Some(s) = rest[name.len()..]
                .chars()
                .next()
                .filter(|s| *s == '?' || *s == '!')
            {
                name.push(s);
            }
            for _ in 0..name.chars().count() {
                chars.next();
            }
            let after = &src[i + name.len()..];
            if after.starts_with(": ") || after == ":" {
                chars.next();
                toks.push(Tok::Key(name));
            } else if c.is_uppercase() {
                toks.push(Tok::Alias(name));
            } else {
                toks.push(Tok::Ident(name));
            }
        } else if let Some(p) = PUNCT.iter().find(|p| rest.starts_with(**p)) {
            for _ in 0..p.len() {
                chars.next();
            }
            toks.push(Tok::P(p));
        } else {
            return Err(format!("unexpected {c:?} in {src}"));
        }
    }
    Ok(toks)
}

/// Positional items and `key: value` ones.
type Items = (Vec<Expr>, Vec<(String, Expr)>);

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

/// Binding powers (left, right) of a binary operator token, Elixir's order.
fn binary(t: &Tok) -> Option<(u8, u8, BinOp)> {
    let op = match t {
        Tok::Ident(s) => s.as_str(),
        Tok::P(p) => p,
        _ => return None,
    };
    Some(match op {
        "||" => (10, 11, BinOp::OrElse),
        "or" => (10, 11, BinOp::Or),
        "&&" => (20, 21, BinOp::AndAlso),
        "and" => (20, 21, BinOp::And),
        "==" => (30, 31, BinOp::Eq),
        "!=" => (30, 31, BinOp::Ne),
        "===" => (30, 31, BinOp::StrictEq),
        "!==" => (30, 31, BinOp::StrictNe),
        "<" => (40, 41, BinOp::Lt),
        ">" => (40, 41, BinOp::Gt),
        "<=" => (40, 41, BinOp::Le),
        ">=" => (40, 41, BinOp::Ge),
        "in" => (50, 51, BinOp::In),
        "++" => (61, 60, BinOp::ListConcat),
        "--" => (61, 60, BinOp::ListSubtract),
        ".." => (61, 60, BinOp::Range),
        "<>" => (61, 60, BinOp::Concat),
        "+" => (70, 71, BinOp::Add),
        "-" => (70, 71, BinOp::Sub),
        "*" => (80, 81, BinOp::Mul),
        _ => return None,
    })
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }
    fn next(&mut self) -> Result<Tok, String> {
        let t = self.peek().cloned().ok_or("unexpected end")?;
        self.at += 1;
        Ok(t)
    }
    fn eat(&mut self, p: &str) -> bool {
        let hit = matches!(self.peek(), Some(Tok::P(q)) if *q == p);
        if hit {
            self.at += 1;
        }
        hit
    }
    fn expect(&mut self, p: &str) -> Result<(), String> {
        if self.eat(p) {
            Ok(())
        } else {
            Err(format!("expected {p} at {:?}", self.peek()))
        }
    }

    fn expr(&mut self, min_bp: u8) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while let Some((l, r, op)) = self.peek().and_then(binary) {
            if l < min_bp {
                break;
            }
            self.at += 1;
            let right = self.expr(r)?;
            left = if op == BinOp::Range && self.eat("//") {
                Expr::Step(Box::new(left), Box::new(right), Box::new(self.unary()?))
            } else {
                Expr::Bin(op, Box::new(left), Box::new(right))
            };
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        let op = match self.peek() {
            Some(Tok::P("-")) => Some(UnOp::Neg),
            Some(Tok::P("+")) => Some(UnOp::Plus),
            Some(Tok::P("!")) => Some(UnOp::Bang),
            Some(Tok::Ident(n)) if n == "not" => Some(UnOp::Not),
            _ => None,
        };
        let Some(op) = op else { return self.primary() };
        self.at += 1;
        if let (UnOp::Neg, Some(Tok::Int(n))) = (op, self.peek()) {
            let n = i64::try_from(-*n).map_err(|e| e.to_string())?;
            self.at += 1;
            return Ok(Expr::Lit(Term::Int(n)));
        }
        Ok(Expr::Un(op, Box::new(self.unary()?)))
    }

    /// Comma-separated items up to `close`, and the `key: v` ones apart.
    fn items(&mut self, close: &str) -> Result<Items, String> {
        let (mut items, mut pairs) = (Vec::new(), Vec::new());
        while !self.eat(close) {
            if let Some(Tok::Key(k)) = self.peek().cloned() {
                self.at += 1;
                pairs.push((k, self.expr(0)?));
            } else {
                items.push(self.expr(0)?);
            }
            if !self.eat(",") {
                self.expect(close)?;
                break;
            }
        }
        Ok((items, pairs))
    }

    fn with_keywords(items: Vec<Expr>, pairs: Vec<(String, Expr)>) -> Vec<Expr> {
        let mut items = items;
        if !pairs.is_empty() {
            items.push(Expr::List(keyword(pairs)));
        }
        items
    }

    fn primary(&mut self) -> Result<Expr, String> {
        Ok(match self.next()? {
            Tok::Int(n) => Expr::Lit(Term::Int(i64::try_from(n).map_err(|e| e.to_string())?)),
            Tok::Atom(a) => Expr::Lit(Term::atom_dyn(&a)),
            Tok::Str(s) => Expr::Lit(Term::str(&s)),
            Tok::Chars(cs) => Expr::Lit(Term::List(cs.into_iter().map(Term::Int).collect())),
            Tok::Alias(a) if self.eat(".") => {
                let Tok::Ident(f) = self.next()? else {
                    return Err("function name".into());
                };
                self.expect("(")?;
                let (items, pairs) = self.items(")")?;
                Expr::Call(Some(a), f, Self::with_keywords(items, pairs))
            }
            Tok::Alias(a) => Expr::Lit(Term::module(&a)),
            Tok::Ident(n) if matches!(n.as_str(), "nil" | "true" | "false") => {
                Expr::Lit(Term::atom_dyn(&n))
            }
            Tok::Ident(f) => {
                self.expect("(")?;
                let (items, pairs) = self.items(")")?;
                Expr::Call(None, f, Self::with_keywords(items, pairs))
            }
            Tok::P("(") => {
                let e = self.expr(0)?;
                self.expect(")")?;
                e
            }
            Tok::P("{") => Expr::Tuple(self.items("}")?.0),
            Tok::P("[") => {
                let (items, pairs) = self.items("]")?;
                Expr::List(items.into_iter().chain(keyword(pairs)).collect())
            }
            Tok::P("%{") => Expr::Map(self.entries()?),
            Tok::P("%") => {
                let Tok::Alias(name) = self.next()? else {
                    return Err("struct name".into());
                };
                self.expect("{")?;
                let (items, pairs) = self.items("}")?;
                if !items.is_empty() {
                    return Err("struct fields must be key: value".into());
                }
                Expr::Struct(name, pairs)
            }
            t => return Err(format!("unexpected {t:?}")),
        })
    }

    /// The entries of `%{...}`: `key: v` or `k => v`.
    fn entries(&mut self) -> Result<Vec<(Expr, Expr)>, String> {
        let mut out = Vec::new();
        while !self.eat("}") {
            if let Some(Tok::Key(k)) = self.peek().cloned() {
                self.at += 1;
                out.push((Expr::Lit(Term::atom_dyn(&k)), self.expr(0)?));
            } else {
                let k = self.expr(0)?;
                self.expect("=>")?;
                out.push((k, self.expr(0)?));
            }
            if !self.eat(",") {
                self.expect("}")?;
                break;
            }
        }
        Ok(out)
    }
}

fn keyword(pairs: Vec<(String, Expr)>) -> Vec<Expr> {
    pairs
        .into_iter()
        .map(|(k, v)| Expr::Tuple(vec![Expr::Lit(Term::atom_dyn(&k)), v]))
        .collect()
}

/// Parses one probe expression.
pub(super) fn parse(src: &str) -> Result<Expr, String> {
    let mut p = Parser {
        toks: lex(src)?,
        at: 0,
    };
    let e = p.expr(0)?;
    match p.peek() {
        None => Ok(e),
        Some(t) => Err(format!("trailing {t:?} in {src}")),
    }
}
