//! Variables: which slot each name is, in the frame being lowered, and what an `fn`
//! captures from the frames around it.
//!
//! A *frame* is one function clause, one `fn` (all its clauses share the numbering, so a
//! captured variable has one slot whatever clause runs), or the top-level code. Inside a
//! frame, *scopes* nest: a `case` clause's variables are dropped when it ends. Every binding
//! takes a fresh slot (the IR's rule).

use crate::ir::Slot;

/// One frame being lowered.
#[derive(Debug, Default)]
pub(crate) struct Frame {
    /// Slots given out.
    pub next: Slot,
    /// Visible names, innermost scope last; within a scope, later bindings shadow earlier.
    scopes: Vec<Vec<(String, Slot)>>,
    /// `(outer, inner)` pairs of an `fn` frame.
    pub captures: Vec<(Slot, Slot)>,
    /// Whether names not found here are looked up in the frame around (an `fn`).
    pub closure: bool,
}

/// The stack of frames.
#[derive(Debug, Default)]
pub(crate) struct Scopes {
    frames: Vec<Frame>,
}

impl Scopes {
    /// Starts a frame (a function clause, or the top level when `closure` is false; an `fn`
    /// when it is true).
    pub fn push_frame(&mut self, closure: bool) {
        self.frames.push(Frame {
            scopes: vec![Vec::new()],
            closure,
            ..Frame::default()
        });
    }

    /// Ends the current frame: its size and captures.
    pub fn pop_frame(&mut self) -> Frame {
        self.frames.pop().expect("a frame to pop")
    }

    /// Starts a nested scope in the current frame.
    pub fn push(&mut self) {
        self.top().scopes.push(Vec::new());
    }

    /// Ends it: its names are no longer visible.
    pub fn pop(&mut self) {
        self.top().scopes.pop();
    }

    fn top(&mut self) -> &mut Frame {
        self.frames.last_mut().expect("inside a frame")
    }

    /// A fresh slot in the current frame, not bound to a name (a temporary).
    pub fn fresh(&mut self) -> Slot {
        let f = self.top();
        let s = f.next;
        f.next += 1;
        s
    }

    /// Binds `name` to a fresh slot in the innermost scope.
    pub fn bind(&mut self, name: &str) -> Slot {
        let s = self.fresh();
        let f = self.top();
        f.scopes
            .last_mut()
            .expect("inside a scope")
            .push((name.to_string(), s));
        s
    }

    /// Makes `name` visible as `slot` in the innermost scope (after a pattern bound it).
    pub fn expose(&mut self, name: &str, slot: Slot) {
        self.top()
            .scopes
            .last_mut()
            .expect("inside a scope")
            .push((name.to_string(), slot));
    }

    /// The slot `name` is in the current frame, capturing it from the frames around when
    /// an `fn` uses a variable of its surroundings.
    pub fn lookup(&mut self, name: &str) -> Option<Slot> {
        let depth = self.frames.len();
        self.lookup_in(depth.checked_sub(1)?, name)
    }

    fn lookup_in(&mut self, i: usize, name: &str) -> Option<Slot> {
        let f = &self.frames[i];
        let found = f
            .scopes
            .iter()
            .rev()
            .find_map(|s| s.iter().rev().find(|(n, _)| n == name).map(|(_, s)| *s));
        if let Some(s) = found {
            return Some(s);
        }
        if !f.closure || i == 0 {
            return None;
        }
        let outer = self.lookup_in(i - 1, name)?;
        let f = &mut self.frames[i];
        if let Some((_, inner)) = f.captures.iter().find(|(o, _)| *o == outer) {
            return Some(*inner);
        }
        let inner = f.next;
        f.next += 1;
        f.captures.push((outer, inner));
        // Visible from now on in the whole `fn`, as if bound at its start.
        f.scopes
            .first_mut()
            .expect("a frame has a scope")
            .push((name.to_string(), inner));
        Some(inner)
    }

    /// Every name visible in the current frame (for "did you mean" messages).
    pub fn visible(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .frames
            .iter()
            .flat_map(|f| f.scopes.iter().flatten().map(|(n, _)| n.clone()))
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_scopes_end_and_fns_capture_once() {
        let mut s = Scopes::default();
        s.push_frame(false);
        let x = s.bind("x");
        s.push();
        let y = s.bind("y");
        assert_eq!(s.lookup("y"), Some(y));
        s.pop();
        assert_eq!(s.lookup("y"), None, "a clause's variable does not leak");
        s.push_frame(true);
        let a = s.bind("a");
        let cx = s.lookup("x").expect("captured");
        assert_ne!(cx, x, "the fn has its own slot for it");
        assert_eq!(s.lookup("x"), Some(cx), "captured once");
        let f = s.pop_frame();
        assert_eq!(f.captures, vec![(x, cx)]);
        assert_eq!(a, 0);
        let x2 = s.bind("x");
        assert_ne!(x2, x, "a rebinding takes a fresh slot");
        assert_eq!(s.lookup("x"), Some(x2));
    }
}
