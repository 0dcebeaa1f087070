//! Patterns.

use super::{Emitter, R};
use crate::elixir::spelling::escape;
use crate::ir::Pat;

impl Emitter<'_> {
    /// The heads of a function or `fn` clause: one pattern context for all of them (`def
    /// f(x, x)` repeats `x`).
    pub(super) fn heads(&mut self, params: &[Pat]) -> R {
        self.bound.clear();
        let parts = params
            .iter()
            .map(|p| self.pat_in(p))
            .collect::<R<Vec<_>>>()?;
        Ok(parts.join(", "))
    }

    /// A pattern of its own (`case`, `receive`, `=`, a `with` step).
    pub(super) fn pat(&mut self, p: &Pat) -> R {
        self.bound.clear();
        self.pat_in(p)
    }

    /// A pattern inside the current pattern context.
    pub(super) fn pat_in(&mut self, p: &Pat) -> R {
        Ok(match p {
            Pat::Wild => "_".to_string(),
            Pat::Bind(s) => {
                self.bound.push(*s);
                self.var(*s)
            }
            Pat::Same(s) => {
                if self.bound.contains(s) {
                    self.var(*s)
                } else {
                    format!("^{}", self.var(*s))
                }
            }
            Pat::Lit(t) => self.lit(t)?,
            Pat::Tuple(items) => format!("{{{}}}", self.pats(items)?),
            Pat::List(items, tail) => match tail {
                None => format!("[{}]", self.pats(items)?),
                Some(t) if items.is_empty() => {
                    // `[| t]` is not Elixir: a list pattern with no head is its tail.
                    self.pat_in(t)?
                }
                Some(t) => format!("[{} | {}]", self.pats(items)?, self.pat_in(t)?),
            },
            Pat::Map(pairs) => {
                let mut parts = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    parts.push(format!("{} => {}", self.lit(k)?, self.pat_in(v)?));
                }
                format!("%{{{}}}", parts.join(", "))
            }
            Pat::Struct(name, fields) => {
                // The map form needs no struct definition at compile time (`%_{}` too).
                let mut parts = vec![match name {
                    Some(n) => format!(":__struct__ => {}", self.atom(n.as_str())),
                    None => ":__struct__ => _".to_string(),
                }];
                for (k, v) in fields {
                    parts.push(format!("{} => {}", self.atom(k.as_str()), self.pat_in(v)?));
                }
                format!("%{{{}}}", parts.join(", "))
            }
            Pat::StrPrefix(prefix, rest) => {
                format!("\"{}\" <> {}", escape(prefix, '"'), self.pat_in(rest)?)
            }
            Pat::Both(a, b) => format!("({} = {})", self.pat_in(a)?, self.pat_in(b)?),
        })
    }

    fn pats(&mut self, items: &[Pat]) -> R {
        let parts = items
            .iter()
            .map(|p| self.pat_in(p))
            .collect::<R<Vec<_>>>()?;
        Ok(parts.join(", "))
    }

    /// A variable the pattern of a `rescue` binds (the exception).
    pub(super) fn bind_slot(&mut self, s: crate::ir::Slot) -> String {
        self.bound.push(s);
        self.var(s)
    }
}
