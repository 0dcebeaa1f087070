//! `Term`: the values that travel in messages and exit reasons, rendered in Elixir syntax so
//! that `{:timeout, {Task, :await, [%Task{...}, 5000]}}` in a trace reads as `inspect/1` prints it.

use crate::ids::{Pid, Ref};
use crate::list::List;
use crate::map::Map;
use crate::text::Text;
use std::any::Any;
use std::cmp::Ordering;
use std::fmt;
use std::rc::Rc;

pub mod float;
mod inspect;
mod pretty;
pub use inspect::{Charlists, Inspect, InspectOpts};

/// An atom. Elixir module names are atoms spelled `Elixir.Name` and render as `Name`.
#[derive(Clone, Debug)]
pub enum Atom {
    /// An atom whose text is known at compile time (no allocation).
    Static(&'static str),
    /// An atom made at run time.
    Dyn(Rc<str>),
}

impl Atom {
    /// The atom's text (for a module, with its `Elixir.` prefix).
    pub fn as_str(&self) -> &str {
        match self {
            Atom::Static(s) => s,
            Atom::Dyn(s) => s,
        }
    }
}

impl PartialEq for Atom {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}
impl Eq for Atom {}

/// A Rust value carried inside a term (for example a closure a model passes around).
/// Equal only to itself; renders as `#Opaque<label>`. (One pointer: the label lives with
/// the value, so that an opaque value does not make every term larger.)
#[derive(Clone)]
pub struct Opaque(Rc<Labeled<dyn Any>>);

struct Labeled<T: ?Sized> {
    label: &'static str,
    value: T,
}

impl Opaque {
    /// Wraps `value`, shown in traces as `#Opaque<label>`.
    pub fn new<T: Any>(label: &'static str, value: T) -> Opaque {
        Opaque(Rc::new(Labeled { label, value }))
    }
    /// The wrapped value, if it is a `T`.
    pub fn downcast<T: Any>(&self) -> Option<&T> {
        self.0.value.downcast_ref()
    }
    /// Its label.
    fn label(&self) -> &'static str {
        self.0.label
    }
}

impl fmt::Debug for Opaque {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#Opaque<{}>", self.label())
    }
}
impl PartialEq for Opaque {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The name and fields of a struct term ([`Term::Struct`]).
#[derive(Clone, Debug, PartialEq)]
pub struct StructValue {
    /// A module atom (`Elixir.Task`).
    pub name: Atom,
    /// The fields, in the given order.
    pub fields: Vec<(Atom, Term)>,
}

/// The module atom of a name known when compiling: `module!("Task")` is
/// `Term::module("Task")` (`Elixir.Task`, rendered `Task`), a static atom that costs no
/// allocation (the model names modules in every task's and child's terms).
#[macro_export]
macro_rules! module {
    ($name:literal) => {
        $crate::Term::atom(concat!("Elixir.", $name))
    };
}

/// An Elixir value.
#[derive(Clone, Debug)]
pub enum Term {
    /// `:ok`, `nil`, `Task`, ...
    Atom(Atom),
    /// An integer.
    Int(i64),
    /// A float: always finite (arithmetic that would make an infinity or a NaN raises,
    /// as on the BEAM). `1 == 1.0` in term order ([`Term::term_cmp`]), but they are two
    /// different values and two different map keys ([`Term::key_cmp`]).
    Float(f64),
    /// A UTF-8 binary (an Elixir string).
    /// (Shared, and `<>` joins rather than copies: see [`Text`].)
    Str(Text),
    /// `{a, b}`. The elements are shared: a message is a tuple, copied into the events,
    /// the mailbox and the monitors that follow it, and a copy is a reference count.
    Tuple(Rc<[Term]>),
    /// `[a, b]` (a keyword list when every element is `{atom, _}`). Lists that end the
    /// same way share their cells: a tail costs no copy, nor a prepend (see [`List`]).
    List(List),
    /// `%{k => v}`, in key order (Erlang term order); shared, as a list's cells are (see
    /// [`Map`]).
    Map(Map),
    /// `%Name{field: v}` (behind a pointer: a term is 32 bytes, not the 48 that a struct's
    /// name and fields side by side took; see [`Term::new_struct`]). Shared, as a tuple's
    /// elements are: a `%Task{}` bound to a variable and passed to `Task.await` is copied
    /// twice, and a copy is a reference count.
    Struct(Rc<StructValue>),
    /// `#PID<0.N.0>`
    Pid(Pid),
    /// `#Reference<...>`
    Ref(Ref),
    /// A Rust value (see [`Opaque`]).
    Opaque(Opaque),
}

/// Structural equality, as derived, with one shortcut: two copies of one shared tuple,
/// string or struct (a message and the copies of it that events, mailboxes and monitors
/// hold) are equal without a walk through their elements.
impl PartialEq for Term {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Term::Atom(a), Term::Atom(b)) => a == b,
            (Term::Int(a), Term::Int(b)) => a == b,
            // (`0.0 =:= -0.0` on OTP 25.)
            (Term::Float(a), Term::Float(b)) => a == b,
            (Term::Str(a), Term::Str(b)) => a == b,
            (Term::Tuple(a), Term::Tuple(b)) => Rc::ptr_eq(a, b) || a[..] == b[..],
            (Term::List(a), Term::List(b)) => a == b,
            (Term::Map(a), Term::Map(b)) => a == b,
            (Term::Struct(a), Term::Struct(b)) => Rc::ptr_eq(a, b) || a == b,
            (Term::Pid(a), Term::Pid(b)) => a == b,
            (Term::Ref(a), Term::Ref(b)) => a == b,
            (Term::Opaque(a), Term::Opaque(b)) => a == b,
            _ => false,
        }
    }
}

impl Term {
    /// An atom from static text: `Term::atom("ok")` is `:ok`.
    pub fn atom(s: &'static str) -> Term {
        Term::Atom(Atom::Static(s))
    }
    /// An atom from run-time text.
    pub fn atom_dyn(s: &str) -> Term {
        Term::Atom(Atom::Dyn(Rc::from(s)))
    }
    /// An Elixir module atom: `Term::module("Task")` renders as `Task`. (For a name known
    /// when compiling, [`module!`](crate::module) makes the same atom without an
    /// allocation.) As in Elixir, the alias `Elixir` is the atom `Elixir`, and
    /// `Elixir.Task` is `Task`.
    pub fn module(name: &str) -> Term {
        if name == "Elixir" || name.starts_with("Elixir.") {
            return Term::atom_dyn(name);
        }
        // Built in a buffer on the stack, not with `format!` (a task's init message and its
        // `%Task{}` name modules, so this runs for every task).
        const PREFIX: &[u8] = b"Elixir.";
        let mut buf = [0u8; 64];
        let n = PREFIX.len() + name.len();
        if n > buf.len() {
            return Term::atom_dyn(&format!("Elixir.{name}"));
        }
        buf[..PREFIX.len()].copy_from_slice(PREFIX);
        buf[PREFIX.len()..n].copy_from_slice(name.as_bytes());
        let text = std::str::from_utf8(&buf[..n]).expect("a prefix and a str make a str");
        Term::atom_dyn(text)
    }
    /// An Elixir string.
    pub fn str(s: &str) -> Term {
        Term::Str(Text::from(s))
    }
    /// A tuple. From an array (`Term::tuple([a, b])`) it takes one allocation; from a
    /// `Vec`, a second one to move the elements in.
    pub fn tuple(items: impl Into<Rc<[Term]>>) -> Term {
        Term::Tuple(items.into())
    }
    /// A list.
    pub fn list(items: impl Into<List>) -> Term {
        Term::List(items.into())
    }
    /// A map (from pairs in any order: of two with one key, the later wins).
    pub fn map(kvs: impl Into<Map>) -> Term {
        Term::Map(kvs.into())
    }
    /// `[]`.
    pub const fn empty_list() -> Term {
        Term::List(List::new())
    }
    /// The elements if this is a list.
    pub fn as_list(&self) -> Option<&List> {
        match self {
            Term::List(l) => Some(l),
            _ => None,
        }
    }
    /// `nil`.
    pub fn nil() -> Term {
        Term::atom("nil")
    }
    /// `true` or `false`.
    pub fn bool(b: bool) -> Term {
        Term::atom(if b { "true" } else { "false" })
    }
    /// A struct `%Name{...}` (module given without the `Elixir.` prefix).
    pub fn struct_(name: &str, fields: Vec<(&'static str, Term)>) -> Term {
        let name = match Term::module(name) {
            Term::Atom(a) => a,
            _ => unreachable!(),
        };
        Term::new_struct(
            name,
            fields
                .into_iter()
                .map(|(k, v)| (Atom::Static(k), v))
                .collect(),
        )
    }
    /// `%Name{...}` of a module atom `name` (`Elixir.Task`) and its fields, in order.
    pub fn new_struct(name: Atom, fields: Vec<(Atom, Term)>) -> Term {
        Term::Struct(Rc::new(StructValue { name, fields }))
    }
    /// `%RuntimeError{message: msg}`, what Elixir's `raise "msg"` raises.
    pub fn runtime_error(msg: &str) -> Term {
        Term::struct_("RuntimeError", vec![("message", Term::str(msg))])
    }

    /// True if this is the atom `name`.
    pub fn is_atom(&self, name: &str) -> bool {
        matches!(self, Term::Atom(a) if a.as_str() == name)
    }
    /// The elements if this is a tuple.
    pub fn as_tuple(&self) -> Option<&[Term]> {
        match self {
            Term::Tuple(v) => Some(v),
            _ => None,
        }
    }
    /// Element `i` of a tuple, moved out if this is the only copy of the tuple (a `nil` is
    /// left in its place) and cloned otherwise; `None` if this is not a tuple or has no
    /// element `i`. For a message taken apart once received: its parts move out instead
    /// of being copied (a list element would be copied whole).
    pub fn take_element(&mut self, i: usize) -> Option<Term> {
        let Term::Tuple(v) = self else { return None };
        match Rc::get_mut(v) {
            Some(items) => Some(std::mem::replace(items.get_mut(i)?, Term::nil())),
            None => v.get(i).cloned(),
        }
    }
    /// The integer, if this is one.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Term::Int(i) => Some(*i),
            _ => None,
        }
    }
    /// The pid, if this is one.
    pub fn as_pid(&self) -> Option<Pid> {
        match self {
            Term::Pid(p) => Some(*p),
            _ => None,
        }
    }
    /// The reference, if this is one.
    pub fn as_ref(&self) -> Option<Ref> {
        match self {
            Term::Ref(r) => Some(*r),
            _ => None,
        }
    }
    /// The value of `field` if this is a struct that has it.
    pub fn field(&self, field: &str) -> Option<&Term> {
        match self {
            Term::Struct(s) => s
                .fields
                .iter()
                .find(|(k, _)| k.as_str() == field)
                .map(|(_, v)| v),
            _ => None,
        }
    }
    /// True if this is a tuple whose first element is the atom `tag` and which has `arity`
    /// elements: the usual shape test of a receive clause.
    pub fn is_tagged(&self, tag: &str, arity: usize) -> bool {
        matches!(self, Term::Tuple(v) if v.len() == arity && v[0].is_atom(tag))
    }

    /// Erlang term order (number < atom < reference < pid < tuple < map < list < binary),
    /// used to sort map keys when rendering. Opaque values sort last, by label.
    ///
    /// Maps compare as on the BEAM: by size, then by their keys in term order, then by their
    /// values in key order. A struct is the map it is on the BEAM (its fields plus
    /// `__struct__`), so `%Range{}` and the equivalent plain map compare `Equal`.
    pub fn term_cmp(&self, other: &Term) -> Ordering {
        self.cmp_as(other, false)
    }

    /// The order of map keys (the BEAM's exact order, `=:=` for equal): as
    /// [`Term::term_cmp`], except that an integer and a float are never equal, every
    /// integer coming before every float (`%{1 => :b, 2 => :d, 0.5 => :c, 1.0 => :a}`),
    /// inside tuples, lists and maps too.
    pub fn key_cmp(&self, other: &Term) -> Ordering {
        self.cmp_as(other, true)
    }

    fn cmp_as(&self, other: &Term, exact: bool) -> Ordering {
        fn rank(t: &Term) -> u8 {
            match t {
                Term::Int(_) | Term::Float(_) => 0,
                Term::Atom(_) => 1,
                Term::Ref(_) => 2,
                Term::Pid(_) => 3,
                Term::Tuple(_) => 4,
                Term::Map(_) | Term::Struct(..) => 5,
                Term::List(_) => 6,
                Term::Str(_) => 7,
                Term::Opaque(_) => 8,
            }
        }
        match (self, other) {
            (Term::Int(a), Term::Int(b)) => a.cmp(b),
            // Never a NaN; -0.0 and 0.0 are equal, as on OTP 25.
            (Term::Float(a), Term::Float(b)) => a.partial_cmp(b).unwrap_or(Ordering::Equal),
            (Term::Int(_), Term::Float(_)) if exact => Ordering::Less,
            (Term::Float(_), Term::Int(_)) if exact => Ordering::Greater,
            (Term::Int(i), Term::Float(x)) => int_float_cmp(*i, *x),
            (Term::Float(x), Term::Int(i)) => int_float_cmp(*i, *x).reverse(),
            (Term::Atom(a), Term::Atom(b)) => a.as_str().cmp(b.as_str()),
            (Term::Ref(a), Term::Ref(b)) => a.cmp(b),
            (Term::Pid(a), Term::Pid(b)) => a.cmp(b),
            (Term::Tuple(a), Term::Tuple(b)) => a
                .len()
                .cmp(&b.len())
                .then_with(|| cmp_seq(a.iter(), b.iter(), exact)),
            (Term::List(a), Term::List(b)) => cmp_seq(a.iter(), b.iter(), exact),
            (Term::Str(a), Term::Str(b)) => a.as_str().cmp(b.as_str()),
            (Term::Opaque(a), Term::Opaque(b)) => a.label().cmp(b.label()),
            (Term::Map(_) | Term::Struct(..), Term::Map(_) | Term::Struct(..)) => {
                let (a, b) = (map_entries(self), map_entries(other));
                a.len()
                    .cmp(&b.len())
                    .then_with(|| cmp_seq(a.iter().map(|kv| &kv.0), b.iter().map(|kv| &kv.0), true))
                    .then_with(|| {
                        cmp_seq(a.iter().map(|kv| &kv.1), b.iter().map(|kv| &kv.1), exact)
                    })
            }
            _ => rank(self).cmp(&rank(other)),
        }
    }
}

/// The entries of a map or struct as the BEAM sees them, sorted by key (a struct's include
/// `__struct__`). Anything else has none.
fn map_entries(t: &Term) -> Vec<(Term, Term)> {
    let mut entries: Vec<(Term, Term)> = match t {
        Term::Map(kvs) => return kvs.to_sorted_vec(),
        Term::Struct(s) => std::iter::once((Term::atom("__struct__"), Term::Atom(s.name.clone())))
            .chain(
                s.fields
                    .iter()
                    .map(|(k, v)| (Term::Atom(k.clone()), v.clone())),
            )
            .collect(),
        _ => Vec::new(),
    };
    entries.sort_by(|a, b| a.0.key_cmp(&b.0));
    entries
}

/// An integer against a float by value (exactly, also where the integer has more digits
/// than a float holds).
fn int_float_cmp(i: i64, x: f64) -> Ordering {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if x >= TWO_63 {
        return Ordering::Less;
    }
    if x < -TWO_63 {
        return Ordering::Greater;
    }
    // In i64's range: compare the integer part, then what is left of the float.
    let whole = x.trunc();
    match i.cmp(&(whole as i64)) {
        Ordering::Equal => 0.0f64.partial_cmp(&(x - whole)).unwrap_or(Ordering::Equal),
        o => o,
    }
}

fn cmp_seq<'a>(
    a: impl Iterator<Item = &'a Term>,
    b: impl Iterator<Item = &'a Term>,
    exact: bool,
) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.next(), b.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => match x.cmp_as(y, exact) {
                Ordering::Equal => continue,
                o => return o,
            },
        }
    }
}

impl From<i64> for Term {
    fn from(i: i64) -> Self {
        Term::Int(i)
    }
}
impl From<&str> for Term {
    fn from(s: &str) -> Self {
        Term::str(s)
    }
}
impl From<Pid> for Term {
    fn from(p: Pid) -> Self {
        Term::Pid(p)
    }
}
impl From<Ref> for Term {
    fn from(r: Ref) -> Self {
        Term::Ref(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_known_when_compiling_is_the_same_atom_without_an_allocation() {
        let made = crate::module!("Task.Supervisor");
        assert_eq!(made, Term::module("Task.Supervisor"));
        assert_eq!(made.to_string(), "Task.Supervisor");
        assert!(matches!(made, Term::Atom(Atom::Static(_))));
    }

    /// Strings and charlists escape as Elixir 1.14's `inspect` does (checked on the VM):
    /// the control characters it prints, the quote, `\\`, `#{`; a string with any other
    /// control character shows its bytes; a charlist only of `List.ascii_printable?/1`
    /// characters (127 is none).
    #[test]
    fn strings_and_charlists_escape_as_inspect_does() {
        let s = |t: &str| Term::str(t).to_string();
        assert_eq!(
            s("\u{7}\u{8}\t\n\u{b}\u{c}\r\u{1b}"),
            r#""\a\b\t\n\v\f\r\e""#
        );
        assert_eq!(s("a\u{7f}b"), r#""a\db""#);
        assert_eq!(s("\\ \" # #{"), r#""\\ \" # \#{""#);
        assert_eq!(s("a\u{1}"), "<<97, 1>>");
        assert_eq!(s("é\u{2}"), "<<195, 169, 2>>");
        assert_eq!(s("\u{80}"), "<<194, 128>>");
        assert_eq!(s("é\u{a0}x"), "\"é\u{a0}x\"");
        let cl = |xs: &[i64]| {
            Term::list(xs.iter().map(|&x| Term::Int(x)).collect::<Vec<_>>()).to_string()
        };
        assert_eq!(cl(&[104, 105]), "'hi'");
        assert_eq!(cl(&[7, 104]), r"'\ah'");
        assert_eq!(cl(&[8, 9, 10, 11, 12, 13, 27]), r"'\b\t\n\v\f\r\e'");
        assert_eq!(cl(&[92, 39, 34]), r#"'\\\'"'"#);
        assert_eq!(cl(&[34, 35, 123]), r#"'"\#{'"#);
        assert_eq!(cl(&[127, 104]), "[127, 104]");
        assert_eq!(cl(&[0]), "[0]");
    }

    #[test]
    fn renders_like_elixir_inspect() {
        let r = Term::tuple([
            Term::atom("timeout"),
            Term::tuple([
                Term::module("Task"),
                Term::atom("await"),
                Term::list([Term::atom("x"), Term::Int(5000)]),
            ]),
        ]);
        assert_eq!(r.to_string(), "{:timeout, {Task, :await, [:x, 5000]}}");
        assert_eq!(Term::atom("EXIT").to_string(), ":EXIT");
        assert_eq!(Term::atom("nil").to_string(), "nil");
        assert_eq!(Term::atom("hello world").to_string(), ":\"hello world\"");
        assert_eq!(Term::str("a\"b#{").to_string(), "\"a\\\"b\\#{\"");
        assert_eq!(
            Term::runtime_error("boom").to_string(),
            "%RuntimeError{message: \"boom\"}"
        );
        let kw = Term::list([Term::tuple([Term::atom("timeout"), Term::Int(5)])]);
        assert_eq!(kw.to_string(), "[timeout: 5]");
        assert_eq!(
            Term::list([Term::Int(104), Term::Int(105)]).to_string(),
            "'hi'"
        );
        assert_eq!(Term::list([Term::Int(5000)]).to_string(), "[5000]");
        let m = Term::map(vec![
            (Term::atom("b"), Term::Int(2)),
            (Term::atom("a"), Term::Int(1)),
        ]);
        assert_eq!(m.to_string(), "%{a: 1, b: 2}");
        let m2 = Term::map(vec![
            (Term::str("k"), Term::Int(1)),
            (Term::Int(3), Term::nil()),
        ]);
        assert_eq!(m2.to_string(), "%{3 => nil, \"k\" => 1}");
    }

    fn range(first: i64, last: i64, step: i64) -> Term {
        Term::struct_(
            "Range",
            vec![
                ("first", Term::Int(first)),
                ("last", Term::Int(last)),
                ("step", Term::Int(step)),
            ],
        )
    }

    /// Elixir 1.14 (`docs/probes/pure_builtins.exs`): `1..3`, `3..1//-1`, `1..3//2`,
    /// `-1..-3//-1`, and a step-1 range whose last is below its first keeps its step.
    #[test]
    fn a_range_renders_as_inspect_does() {
        assert_eq!(range(1, 3, 1).to_string(), "1..3");
        assert_eq!(range(1, 1, 1).to_string(), "1..1");
        assert_eq!(range(3, 1, -1).to_string(), "3..1//-1");
        assert_eq!(range(1, 3, 2).to_string(), "1..3//2");
        assert_eq!(range(-1, -3, -1).to_string(), "-1..-3//-1");
        assert_eq!(range(3, 1, 1).to_string(), "3..1//1");
        let partial = Term::struct_("Range", vec![("first", Term::Int(1))]);
        assert_eq!(partial.to_string(), "%Range{first: 1}");
    }

    /// On the BEAM a map is smaller when it has fewer keys, then compares its sorted keys,
    /// then its values; a struct is a map with `__struct__` (probe: `%{b: 1} < %{a: 1, b: 1}`,
    /// `%{a: 2} < %{b: 1}`, `1..2 < %{a: 1, b: 2, c: 3, d: 4}`).
    #[test]
    fn maps_compare_by_size_then_keys_then_values() {
        let m = |kvs: &[(&'static str, i64)]| {
            Term::Map(
                kvs.iter()
                    .map(|&(k, v)| (Term::atom(k), Term::Int(v)))
                    .collect(),
            )
        };
        let less = |a: &Term, b: &Term| {
            assert_eq!(a.term_cmp(b), Ordering::Less, "{a} < {b}");
            assert_eq!(b.term_cmp(a), Ordering::Greater, "{b} > {a}");
        };
        less(&m(&[("b", 1)]), &m(&[("a", 1), ("b", 1)]));
        less(&m(&[("a", 2)]), &m(&[("b", 1)]));
        less(&m(&[("a", 1)]), &m(&[("a", 2)]));
        less(
            &range(1, 2, 1),
            &m(&[("a", 1), ("b", 2), ("c", 3), ("d", 4)]),
        );
        less(&m(&[("a", 1), ("b", 2), ("c", 3)]), &range(1, 2, 1));
        less(&range(1, 2, 1), &range(1, 3, 1));
        let as_map = Term::map(vec![
            (Term::atom("__struct__"), Term::module("Range")),
            (Term::atom("first"), Term::Int(1)),
            (Term::atom("last"), Term::Int(2)),
            (Term::atom("step"), Term::Int(1)),
        ]);
        assert_eq!(range(1, 2, 1).term_cmp(&as_map), Ordering::Equal);
    }

    #[test]
    fn opaque_values_are_equal_only_to_themselves() {
        let a = Term::Opaque(Opaque::new("f", 1u8));
        let b = Term::Opaque(Opaque::new("f", 1u8));
        assert_eq!(a, a.clone());
        assert_ne!(a, b);
        assert_eq!(a.to_string(), "#Opaque<f>");
    }

    #[test]
    fn a_term_is_four_words() {
        // Every message, tuple element, list element, variable and dictionary entry is one.
        assert_eq!(std::mem::size_of::<Term>(), 32);
        assert_eq!(std::mem::size_of::<Opaque>(), 16);
        let o = Opaque::new("seven", 7u32);
        assert_eq!(o.downcast::<u32>(), Some(&7));
        assert_eq!(o.downcast::<u8>(), None);
        assert_eq!(Term::Opaque(o).to_string(), "#Opaque<seven>");
    }

    #[test]
    fn an_element_moves_out_of_an_unshared_tuple_and_is_copied_out_of_a_shared_one() {
        let list = || Term::list([Term::Int(1), Term::Int(2)]);
        let mut alone = Term::tuple([Term::atom("a"), list()]);
        assert_eq!(alone.take_element(1), Some(list()));
        assert_eq!(
            alone,
            Term::tuple([Term::atom("a"), Term::nil()]),
            "moved out"
        );
        let mut shared = Term::tuple([Term::atom("a"), list()]);
        let other = shared.clone();
        assert_eq!(shared.take_element(1), Some(list()));
        assert_eq!(shared, Term::tuple([Term::atom("a"), list()]), "copied");
        assert_eq!(other, shared);
        assert_eq!(shared.take_element(2), None, "no such element");
        assert_eq!(list().take_element(0), None, "not a tuple");
    }

    #[test]
    fn equality_is_structural_whether_or_not_a_tuple_is_shared() {
        let t = |x: i64| Term::tuple([Term::atom("ok"), Term::str("a"), Term::Int(x)]);
        let shared = t(1);
        assert_eq!(shared, shared.clone());
        assert_eq!(t(1), t(1), "two tuples built apart");
        assert_ne!(t(1), t(2));
        assert_eq!(Term::str("a"), Term::str("a"));
        assert_ne!(Term::str("a"), Term::str("b"));
        assert_eq!(
            Term::atom("x"),
            Term::atom_dyn("x"),
            "static and made at run time"
        );
        assert_ne!(Term::Int(1), Term::atom("1"));
        assert_ne!(Term::tuple([Term::Int(1)]), Term::list([Term::Int(1)]));
        let s = |v: i64| {
            Term::new_struct(
                Atom::Static("Elixir.S"),
                vec![(Atom::Static("a"), Term::Int(v))],
            )
        };
        assert_eq!(s(1), s(1));
        assert_ne!(s(1), s(2));
        let m = |v: i64| Term::map(vec![(Term::atom("k"), Term::Int(v))]);
        assert_eq!(m(1), m(1));
        assert_ne!(m(1), m(2));
    }

    #[test]
    fn a_module_atom_has_the_elixir_prefix_however_long_its_name() {
        let long = "A".repeat(100);
        for name in ["Task", "Task.Supervisor", long.as_str()] {
            let m = Term::module(name);
            assert_eq!(m, Term::atom_dyn(&format!("Elixir.{name}")));
            assert_eq!(m.to_string(), name);
        }
    }
}
