//! The parser behind [`super::term`]: one syntax tree for expressions and patterns, then
//! checked into either.

use super::term::{Expr, Pat, SyntaxError, TaskField};
use sim::Term;

/// The syntax tree shared by expressions and patterns, with offsets for errors.
pub(super) enum Node {
    Lit(Term),
    Var(String, usize),
    Pin(String, usize),
    Field(String, String, usize),
    SelfCall(usize),
    Tuple(Vec<Node>),
    List(Vec<Node>),
}

pub(super) fn to_expr(n: Node) -> Result<Expr, SyntaxError> {
    Ok(match n {
        Node::Lit(t) => Expr::Lit(t),
        Node::Var(name, offset) if name.starts_with('_') => {
            return Err(SyntaxError {
                offset,
                message: format!("`{name}` can only be used in a pattern"),
            });
        }
        Node::Var(name, _) => Expr::Var(name.into()),
        Node::Pin(name, offset) => {
            return Err(SyntaxError {
                offset,
                message: format!("`^{name}` can only be used in a pattern"),
            });
        }
        Node::Field(var, field, offset) => {
            let f = match field.as_str() {
                "pid" => TaskField::Pid,
                "ref" => TaskField::Ref,
                "owner" => TaskField::Owner,
                _ => {
                    return Err(SyntaxError {
                        offset,
                        message: format!(
                            "unknown field `{field}`: a task has `pid`, `ref` and `owner`"
                        ),
                    });
                }
            };
            Expr::Field(var.into(), f)
        }
        Node::SelfCall(_) => Expr::SelfPid,
        Node::Tuple(items) => fold(
            items.into_iter().map(to_expr).collect::<Result<_, _>>()?,
            |items: Vec<Term>| Term::tuple(items),
            Expr::Tuple,
        ),
        Node::List(items) => fold(
            items.into_iter().map(to_expr).collect::<Result<_, _>>()?,
            |items: Vec<Term>| Term::list(items),
            Expr::List,
        ),
    })
}

/// A tuple or list of constants is a constant.
fn fold(items: Vec<Expr>, lit: fn(Vec<Term>) -> Term, expr: fn(Vec<Expr>) -> Expr) -> Expr {
    if items.iter().all(|i| matches!(i, Expr::Lit(_))) {
        let terms = items.into_iter().map(|i| match i {
            Expr::Lit(t) => t,
            _ => unreachable!("all constants"),
        });
        Expr::Lit(lit(terms.collect()))
    } else {
        expr(items)
    }
}

pub(super) fn to_pat(n: Node) -> Result<Pat, SyntaxError> {
    Ok(match n {
        Node::Lit(t) => Pat::Lit(t),
        Node::Var(name, _) if name.starts_with('_') => Pat::Any,
        Node::Var(name, _) => Pat::Bind(name.into()),
        Node::Pin(name, _) => Pat::Pin(name.into()),
        Node::Field(_, _, offset) | Node::SelfCall(offset) => {
            return Err(SyntaxError {
                offset,
                message: "a pattern cannot call functions or read fields \
                          (bind with `let` first, then pin it with `^`)"
                    .to_string(),
            });
        }
        Node::Tuple(items) => Pat::Tuple(items.into_iter().map(to_pat).collect::<Result<_, _>>()?),
        Node::List(items) => Pat::List(items.into_iter().map(to_pat).collect::<Result<_, _>>()?),
    })
}

pub(super) struct Parser<'a> {
    src: &'a str,
    pos: usize,
    /// Open brackets around the current position (bounded: the parser recurses).
    depth: usize,
}

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}
fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl<'a> Parser<'a> {
    pub(super) fn new(src: &'a str) -> Self {
        Parser {
            src,
            pos: 0,
            depth: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if !c.is_whitespace() {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    fn err<T>(&self, expected: &str) -> Result<T, SyntaxError> {
        let found = match self.peek() {
            Some(c) => format!("`{c}`"),
            None => "the end of the text".to_string(),
        };
        Err(SyntaxError {
            offset: self.pos,
            message: format!("expected {expected}, found {found}"),
        })
    }

    pub(super) fn whole(&mut self) -> Result<Node, SyntaxError> {
        let n = self.value()?;
        self.skip_ws();
        if self.pos < self.src.len() {
            return self.err("the end of the value");
        }
        Ok(n)
    }

    fn value(&mut self) -> Result<Node, SyntaxError> {
        self.skip_ws();
        let start = self.pos;
        match self.peek() {
            Some(':') => {
                self.pos += 1;
                self.atom()
            }
            Some('"') => Ok(Node::Lit(Term::str(&self.string()?))),
            Some('{') => Ok(Node::Tuple(self.items('{', '}')?)),
            Some('[') => Ok(Node::List(self.items('[', ']')?)),
            Some('^') => {
                self.pos += 1;
                let name = self.ident()?;
                Ok(Node::Pin(name, start))
            }
            Some(c) if c == '-' || c.is_ascii_digit() => self.int(),
            Some(c) if c.is_ascii_uppercase() => Ok(Node::Lit(Term::module(&self.module()?))),
            Some(c) if is_ident_start(c) => self.word(start),
            _ => self
                .err("a value (`:atom`, a number, `\"string\"`, `{...}`, `[...]` or a variable)"),
        }
    }

    fn ident(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos;
        match self.peek() {
            Some(c) if is_ident_start(c) => {}
            _ => return self.err("a name"),
        }
        while let Some(c) = self.peek() {
            if !is_ident_char(c) {
                break;
            }
            self.pos += 1;
        }
        if let Some(c @ ('?' | '!')) = self.peek() {
            self.pos += c.len_utf8();
        }
        Ok(self.src[start..self.pos].to_string())
    }

    fn atom(&mut self) -> Result<Node, SyntaxError> {
        let name = match self.peek() {
            Some('"') => self.string()?,
            Some(c) if is_ident_start(c) => self.ident()?,
            _ => return self.err("an atom name after `:`"),
        };
        Ok(Node::Lit(Term::atom_dyn(&name)))
    }

    fn module(&mut self) -> Result<String, SyntaxError> {
        let mut name = self.ident()?;
        while self.peek() == Some('.') && self.src[self.pos + 1..].starts_with(char::is_uppercase) {
            self.pos += 1;
            name.push('.');
            name.push_str(&self.ident()?);
        }
        Ok(name)
    }

    fn word(&mut self, start: usize) -> Result<Node, SyntaxError> {
        let name = self.ident()?;
        match name.as_str() {
            "nil" | "true" | "false" => return Ok(Node::Lit(Term::atom_dyn(&name))),
            "self" => {
                self.skip_ws();
                if self.src[self.pos..].starts_with("()") {
                    self.pos += 2;
                    return Ok(Node::SelfCall(start));
                }
                return self.err("`()` after `self`");
            }
            _ => {}
        }
        if self.peek() == Some('.') {
            self.pos += 1;
            let field = self.ident()?;
            return Ok(Node::Field(name, field, start));
        }
        if self.peek() == Some('(') {
            return Err(SyntaxError {
                offset: start,
                message: format!(
                    "unknown function `{name}`: only `self()` (and `inspect(...)` in `#{{}}`) can be called"
                ),
            });
        }
        Ok(Node::Var(name, start))
    }

    fn int(&mut self) -> Result<Node, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        while let Some(c) = self.peek() {
            if !(c.is_ascii_digit() || c == '_') {
                break;
            }
            self.pos += 1;
        }
        let text = self.src[start..self.pos].replace('_', "");
        text.parse::<i64>()
            .map(|i| Node::Lit(Term::Int(i)))
            .map_err(|_| SyntaxError {
                offset: start,
                message: format!("expected an integer, found `{text}`"),
            })
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(SyntaxError {
                    offset: start,
                    message: "expected `\"` to close this string".to_string(),
                });
            };
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let Some(e) = self.peek() else { continue };
                    self.pos += e.len_utf8();
                    out.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                }
                c => out.push(c),
            }
        }
    }

    fn items(&mut self, open: char, close: char) -> Result<Vec<Node>, SyntaxError> {
        debug_assert_eq!(self.peek(), Some(open));
        if self.depth >= MAX_DEPTH {
            return Err(SyntaxError {
                offset: self.pos,
                message: format!("values nest deeper than {MAX_DEPTH} levels"),
            });
        }
        self.depth += 1;
        let r = self.items_inner(close);
        self.depth -= 1;
        r
    }

    fn items_inner(&mut self, close: char) -> Result<Vec<Node>, SyntaxError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(items);
        }
        loop {
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(c) if c == close => {
                    self.pos += 1;
                    return Ok(items);
                }
                _ => return self.err(&format!("`,` or `{close}`")),
            }
        }
    }
}
