//! [`Text`]: the bytes of a [`Term::Str`](crate::Term::Str), so that building a string by
//! appending to it (`acc <> "x"`, `"#{acc}x"` in a loop) costs what it costs on the BEAM,
//! which appends in place: linear, not quadratic.
//!
//! A text is its bytes, or the join of two texts: `a <> b` of a long `a` is a node that
//! holds both, not a copy. The bytes of a join are put together the first time they are
//! read (printed, compared, searched) and kept in place of the two texts it joined, so
//! reading a text again costs nothing, and a loop that reads its string at every append
//! keeps one copy of it alive, not one per append. Short results are copied at once (a
//! join of a few bytes costs more than the bytes).

use std::cell::{OnceCell, RefCell};
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

/// At most this many bytes, `a <> b` is copied at once rather than joined.
pub const COPY_BELOW: usize = 64;

/// The bytes of an Elixir string (see the module's documentation). Clones share.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    /// `""`, without an allocation.
    Empty,
    Flat(Rc<str>),
    Join(Rc<Join>),
}

struct Join {
    /// The two texts joined, until the bytes are put together (then `None`).
    parts: RefCell<Option<(Text, Text)>>,
    len: usize,
    /// The bytes, once read.
    flat: OnceCell<Rc<str>>,
}

impl Join {
    /// The two texts joined, if the bytes are not put together yet.
    fn parts(&self) -> Option<(Text, Text)> {
        self.parts.borrow().clone()
    }

    fn as_str(&self) -> &str {
        self.flat.get_or_init(|| {
            let flat = flatten(self);
            // The parts are no longer needed: what only this join held is freed.
            drop(self.parts.replace(None));
            flat
        })
    }
}

impl Text {
    /// `a <> b`.
    pub fn concat(a: &Text, b: &Text) -> Text {
        let len = a.len() + b.len();
        if b.is_empty() {
            return a.clone();
        }
        if a.is_empty() {
            return b.clone();
        }
        if len <= COPY_BELOW {
            return Text::copied(a, b);
        }
        // A short piece onto a join that ends in a short piece: the two pieces copied into
        // one (a string grown a character at a time is then one node per 64 bytes).
        if let Repr::Join(j) = &a.0
            && let Some((left, right)) = j.parts()
            && right.len() + b.len() <= COPY_BELOW
        {
            return Text::join(left, Text::copied(&right, b));
        }
        Text::join(a.clone(), b.clone())
    }

    fn copied(a: &Text, b: &Text) -> Text {
        let mut s = String::with_capacity(a.len() + b.len());
        s.push_str(a);
        s.push_str(b);
        Text::from(s)
    }

    fn join(left: Text, right: Text) -> Text {
        Text(Repr::Join(Rc::new(Join {
            len: left.len() + right.len(),
            parts: RefCell::new(Some((left, right))),
            flat: OnceCell::new(),
        })))
    }

    /// How many bytes (without putting a join's together).
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Empty => 0,
            Repr::Flat(s) => s.len(),
            Repr::Join(j) => j.len,
        }
    }

    /// True for `""`.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes, put together (once) if this is a join.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Empty => "",
            Repr::Flat(s) => s,
            Repr::Join(j) => j.as_str(),
        }
    }

    /// True if `self` and `other` are one text (a copy of the other), without a look at
    /// their bytes.
    pub fn ptr_eq(&self, other: &Text) -> bool {
        match (&self.0, &other.0) {
            (Repr::Flat(a), Repr::Flat(b)) => Rc::ptr_eq(a, b),
            (Repr::Join(a), Repr::Join(b)) => Rc::ptr_eq(a, b),
            (Repr::Empty, Repr::Empty) => true,
            _ => false,
        }
    }
}

/// The bytes of `j`, walked without recursion (a string appended to 100,000 times is a
/// join 100,000 deep), using the bytes already put together below it.
fn flatten(j: &Join) -> Rc<str> {
    let mut out = String::with_capacity(j.len);
    let Some((left, right)) = j.parts() else {
        return Rc::from("");
    };
    let mut stack: Vec<Text> = vec![right, left];
    while let Some(t) = stack.pop() {
        match &t.0 {
            Repr::Empty => {}
            Repr::Flat(s) => out.push_str(s),
            Repr::Join(inner) => match (inner.flat.get(), inner.parts()) {
                (Some(s), _) => out.push_str(s),
                (None, Some((left, right))) => {
                    stack.push(right);
                    stack.push(left);
                }
                (None, None) => unreachable!("a join's parts go only once its bytes are kept"),
            },
        }
    }
    Rc::from(out)
}

/// A deep join is dropped without recursion (the default drop would recurse once per
/// level and overflow the stack).
impl Drop for Join {
    fn drop(&mut self) {
        let mut stack: Vec<Text> = Vec::new();
        stack.extend(
            self.parts
                .get_mut()
                .take()
                .into_iter()
                .flat_map(|(l, r)| [l, r]),
        );
        while let Some(t) = stack.pop() {
            if let Repr::Join(rc) = t.0
                && let Ok(mut j) = Rc::try_unwrap(rc)
            {
                stack.extend(
                    j.parts
                        .get_mut()
                        .take()
                        .into_iter()
                        .flat_map(|(l, r)| [l, r]),
                );
            }
        }
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        if s.is_empty() {
            Text(Repr::Empty)
        } else {
            Text(Repr::Flat(Rc::from(s)))
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        if s.is_empty() {
            Text(Repr::Empty)
        } else {
            Text(Repr::Flat(Rc::from(s)))
        }
    }
}

impl From<std::borrow::Cow<'_, str>> for Text {
    fn from(s: std::borrow::Cow<'_, str>) -> Text {
        match s {
            std::borrow::Cow::Borrowed(s) => Text::from(s),
            std::borrow::Cow::Owned(s) => Text::from(s),
        }
    }
}

impl From<Rc<str>> for Text {
    fn from(s: Rc<str>) -> Text {
        Text(Repr::Flat(s))
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.ptr_eq(other) || (self.len() == other.len() && self.as_str() == other.as_str())
    }
}

impl Eq for Text {}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_joins_and_reads_back_the_bytes_in_order() {
        let mut t = Text::from("start:");
        let mut expected = String::from("start:");
        for i in 0..5_000 {
            let piece = Text::from(format!("{i},"));
            t = Text::concat(&t, &piece);
            expected.push_str(&format!("{i},"));
            assert_eq!(t.len(), expected.len());
        }
        assert!(matches!(t.0, Repr::Join(_)));
        // One node per 64 bytes or so, not one per append.
        let mut nodes = 0;
        let mut walk = vec![t.clone()];
        while let Some(x) = walk.pop() {
            if let Repr::Join(j) = &x.0 {
                nodes += 1;
                walk.extend(j.parts().into_iter().flat_map(|(l, r)| [l, r]));
            }
        }
        assert!(nodes < expected.len() / 20, "{nodes} nodes");
        assert_eq!(t.as_str(), expected);
        // Read, the join keeps its bytes instead of its parts.
        let Repr::Join(j) = &t.0 else { unreachable!() };
        assert!(j.parts().is_none());
        // And on the other side, and read twice.
        let u = Text::concat(&Text::from("x".repeat(100)), &t);
        assert_eq!(&*u, format!("{}{expected}", "x".repeat(100)));
        assert_eq!(&*u, format!("{}{expected}", "x".repeat(100)));
    }

    #[test]
    fn a_string_read_at_every_append_keeps_one_copy_alive() {
        // Each read puts the bytes together and lets the joined parts go: the texts still
        // alive hold the newest bytes once, not a copy per append.
        let mut t = Text::from("x".repeat(COPY_BELOW + 1));
        for _ in 0..1_000 {
            t = Text::concat(&t, &Text::from("y".repeat(COPY_BELOW + 1)));
            assert!(t.as_str().ends_with('y'));
        }
        let Repr::Join(j) = &t.0 else { unreachable!() };
        assert!(j.parts().is_none(), "the read join keeps only its bytes");
        assert_eq!(t.len(), (COPY_BELOW + 1) * 1_001);
    }

    #[test]
    fn short_results_are_copied_and_empty_sides_are_free() {
        let ab = Text::concat(&Text::from("a"), &Text::from("b"));
        assert!(matches!(ab.0, Repr::Flat(_)));
        assert_eq!(&*ab, "ab");
        let e = Text::from("");
        assert!(Text::concat(&ab, &e).ptr_eq(&ab));
        assert!(Text::concat(&e, &ab).ptr_eq(&ab));
        assert_eq!(Text::from("ab"), ab);
        assert_ne!(Text::from("ba"), ab);
    }

    #[test]
    fn a_join_100_000_deep_is_read_and_dropped_without_recursion() {
        // Pieces too long to be copied together: one join per append.
        let piece = Text::from("z".repeat(COPY_BELOW + 1));
        let mut t = Text::from("y".repeat(COPY_BELOW + 1));
        for _ in 0..100_000 {
            t = Text::concat(&t, &piece);
        }
        assert_eq!(t.len(), (COPY_BELOW + 1) * 100_001);
        let s = t.as_str();
        assert!(
            s.starts_with("yyy") && s.ends_with("zzz") && &s[COPY_BELOW..COPY_BELOW + 2] == "yz"
        );
        drop(t);
    }
}
