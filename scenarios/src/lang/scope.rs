//! The variables visible at a point of a program, innermost last (as Elixir scopes them).

use super::ir::SupKind;
use std::rc::Rc;

/// What a binding holds, as far as the checker can tell.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Value,
    Task,
    /// A supervisor's pid (bound by `supervisor`, `dynamic_supervisor`, `task_supervisor`).
    Supervisor(SupKind),
    /// A GenServer's pid (bound by `gen_server`).
    Server,
}

const RESERVED: &[&str] = &[
    "do", "end", "fn", "nil", "true", "false", "when", "and", "or", "not", "in", "catch", "rescue",
    "after", "else", "receive", "try", "self",
];

/// A usable Elixir variable name: lowercase first, then letters, digits and `_`; no keyword.
pub(super) fn valid_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RESERVED.contains(&name)
}

/// The bindings in scope, newest last. Blocks remember `len()` and `truncate` back to it.
#[derive(Default)]
pub(super) struct Scope(Vec<(Rc<str>, Kind)>);

impl Scope {
    pub fn lookup(&self, name: &str) -> Option<Kind> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| &**n == name)
            .map(|(_, k)| *k)
    }

    pub fn push(&mut self, name: Rc<str>, kind: Kind) {
        self.0.push((name, kind));
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }

    /// "bound here: a, b" (each name once), for error messages.
    pub fn describe(&self) -> String {
        let mut names: Vec<&str> = Vec::new();
        for (n, _) in &self.0 {
            if !names.contains(&&**n) {
                names.push(n);
            }
        }
        if names.is_empty() {
            "nothing is bound here".to_string()
        } else {
            format!("bound here: {}", names.join(", "))
        }
    }
}
