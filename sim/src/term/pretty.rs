//! `inspect` laid out in lines of a width, as `IO.inspect/2` prints (always, at its
//! `:width`, 80 unless given) and `inspect/2` does with `pretty: true`: Elixir 1.14's
//! `Inspect.Algebra` (Lindig's "Strictly Pretty" with flex breaks), ported from its source,
//! over the documents its `Inspect` implementations build (`container_doc/6` for lists,
//! tuples, maps and structs). Everything a container holds that is not a container is one
//! piece of text, as [`super::inspect`] writes it; a piece counts its bytes, as a binary
//! document does in `Inspect.Algebra` (semantics §5.30).

use super::inspect::{Charlists, InspectOpts};
use crate::Term;

/// A document of `Inspect.Algebra` (the kinds the `Inspect` implementations of 1.14 use).
enum Doc {
    Nil,
    /// A binary: measured by its bytes.
    Text(String),
    Cons(Box<Doc>, Box<Doc>),
    /// `nest(doc, n)` (mode `:always`).
    Nest(Box<Doc>, usize),
    /// `break(s)` (strict) or `flex_break(s)`.
    Break(&'static str, bool),
    /// `group(doc)` (mode `:self`).
    Group(Box<Doc>),
}

fn text(s: impl Into<String>) -> Doc {
    Doc::Text(s.into())
}

fn concat(a: Doc, b: Doc) -> Doc {
    Doc::Cons(Box::new(a), Box::new(b))
}

fn nest(d: Doc, n: usize) -> Doc {
    match n {
        0 => d,
        n => Doc::Nest(Box::new(d), n),
    }
}

fn group(d: Doc) -> Doc {
    Doc::Group(Box::new(d))
}

/// `glue(a, s, b)`: a strict break between them.
fn glue(a: Doc, s: &'static str, b: Doc) -> Doc {
    concat(a, concat(Doc::Break(s, false), b))
}

/// `flex_glue(a, " ", b)`.
fn flex_glue(a: Doc, b: Doc) -> Doc {
    concat(a, concat(Doc::Break(" ", true), b))
}

/// `simple?/1` of `container_doc/6`: text all the way down.
fn simple(d: &Doc) -> bool {
    match d {
        Doc::Nil | Doc::Text(_) => true,
        Doc::Cons(a, b) => simple(a) && simple(b),
        _ => false,
    }
}

/// How `container_doc/6` breaks between elements.
#[derive(Copy, Clone, PartialEq)]
enum Breaks {
    Strict,
    Flex,
    /// `:maybe`: flex if every element is text.
    Maybe,
}

/// `container_doc(left, items, right, opts, fun, separator: ",", break: breaks)`.
fn container<T>(
    left: &str,
    items: impl Iterator<Item = T>,
    right: &str,
    opts: InspectOpts,
    breaks: Breaks,
    each: impl FnMut(T, InspectOpts) -> Doc,
) -> Doc {
    let docs = limited(items, opts, each);
    if docs.is_empty() {
        return text(format!("{left}{right}"));
    }
    let flex = breaks == Breaks::Flex || (breaks == Breaks::Maybe && docs.iter().all(simple));
    // `fold_doc(docs, &join(&1, &2, flex?, ","))`: from the right.
    let mut docs = docs.into_iter().rev();
    let mut joined = docs.next().expect("not empty");
    for d in docs {
        let left = concat(d, text(","));
        joined = if flex {
            flex_glue(left, joined)
        } else {
            glue(left, " ", joined)
        };
    }
    if flex {
        group(concat(concat(text(left), nest(joined, 1)), text(right)))
    } else {
        group(glue(nest(glue(text(left), "", joined), 2), "", text(right)))
    }
}

/// `container_each/6`: each item's document with one less of the limit, and `...` in
/// place of the rest once the limit is spent.
fn limited<T>(
    items: impl Iterator<Item = T>,
    opts: InspectOpts,
    mut each: impl FnMut(T, InspectOpts) -> Doc,
) -> Vec<Doc> {
    let mut docs = Vec::new();
    let mut limit = opts.limit;
    for item in items {
        if limit == 0 {
            docs.push(text("..."));
            break;
        }
        limit = super::inspect::decrement(limit);
        docs.push(each(item, InspectOpts { limit, ..opts }));
    }
    docs
}

/// `Inspect.List.keyword/2` of one entry: `key: value`.
fn keyword(key: &crate::Atom, v: &Term, opts: InspectOpts) -> Doc {
    concat(text(format!("{} ", key.key())), to_doc(v, opts))
}

/// The document `to_doc(t, opts)` makes.
fn to_doc(t: &Term, opts: InspectOpts) -> Doc {
    match t {
        Term::Tuple(items) => container("{", items.iter(), "}", opts, Breaks::Flex, to_doc),
        Term::List(items) if !items.is_empty() => {
            if let Some(charlist) = super::inspect::charlist_text(items, opts) {
                return text(charlist);
            }
            match super::inspect::keyword_list(items) {
                Some(pairs) => container(
                    "[",
                    pairs.into_iter(),
                    "]",
                    opts,
                    Breaks::Strict,
                    |(k, v), o| keyword(k, v, o),
                ),
                None => container("[", items.iter(), "]", opts, Breaks::Maybe, to_doc),
            }
        }
        Term::Str(s) if !super::inspect::printable_within(s, opts.printable_limit) => {
            // `Inspect.BitString`'s bytes: `group(concat("<<", nest(each_bit, 2)), ">>")`.
            let bytes = s.as_bytes();
            let last = bytes.len().saturating_sub(1);
            let parts = limited(bytes.iter().enumerate(), opts, |(i, b), _| match i < last {
                true => text(format!("{b},")),
                false => text(b.to_string()),
            });
            let mut parts = parts.into_iter().rev();
            let mut inner = parts.next().unwrap_or(Doc::Nil);
            for p in parts {
                inner = flex_glue(p, inner);
            }
            group(concat(concat(text("<<"), nest(inner, 2)), text(">>")))
        }
        Term::Map(kvs) if super::inspect::plain_map(kvs) => map_doc(kvs, opts),
        Term::Struct(s) if super::inspect::plain_struct(s) => {
            let left = super::inspect::struct_open(s);
            container(
                &left,
                s.fields.iter(),
                "}",
                opts,
                Breaks::Strict,
                |(k, v), o| keyword(k, v, o),
            )
        }
        _ => match super::inspect::set_elements(t) {
            // `concat(["MapSet.new(", Inspect.List.inspect(elements, as_lists), ")"])`.
            Some(elements) => {
                let o = InspectOpts {
                    charlists: Charlists::AsLists,
                    ..opts
                };
                concat(concat(text("MapSet.new("), to_doc(&elements, o)), text(")"))
            }
            None => text(t.inspect(opts).to_string()),
        },
    }
}

/// `Inspect.Map`: `%{k => v}` or, every key a keyword key, `%{k: v}`; strict breaks.
fn map_doc(kvs: &crate::Map, opts: InspectOpts) -> Doc {
    let keyword_keys = kvs
        .iter()
        .all(|(k, _)| super::inspect::keyword_key(k).is_some());
    container("%{", kvs.iter(), "}", opts, Breaks::Strict, |(k, v), o| {
        match super::inspect::keyword_key(k).filter(|_| keyword_keys) {
            Some(key) => keyword(key, v, o),
            None => concat(concat(to_doc(k, o), text(" => ")), to_doc(v, o)),
        }
    })
}

/// Whether a doc is laid out flat or broken.
#[derive(Copy, Clone, PartialEq)]
enum Mode {
    Flat,
    Break,
}

/// An entry of the layout stack: indent, mode, document; or (in `fits`) where a group's
/// contents end and the break-seen flag before it comes back.
enum Entry<'a> {
    Doc(usize, Mode, &'a Doc),
    Tail(bool),
}

/// `fits?/4`: whether what `stack` holds (its top first), then what `rest` holds (its last
/// first), fits in `w - k`, up to the first break in break mode. `seen`: a flat break was
/// passed (then going past the width does not fit).
fn fits<'a>(
    w: usize,
    mut k: usize,
    mut seen: bool,
    mut stack: Vec<Entry<'a>>,
    rest: &[Entry<'a>],
) -> bool {
    let mut rest = rest.iter().rev();
    loop {
        if k > w && seen {
            return false;
        }
        let entry = match stack.pop() {
            Some(e) => e,
            None => match rest.next() {
                Some(Entry::Doc(i, m, d)) => Entry::Doc(*i, *m, d),
                Some(Entry::Tail(b)) => Entry::Tail(*b),
                None => return true,
            },
        };
        let (i, m, d) = match entry {
            Entry::Tail(b) => {
                seen = b;
                continue;
            }
            Entry::Doc(i, m, d) => (i, m, d),
        };
        match d {
            Doc::Break(..) if m == Mode::Break => return true,
            Doc::Group(x) if m == Mode::Break => {
                stack.push(Entry::Tail(seen));
                stack.push(Entry::Doc(i, Mode::Flat, x));
            }
            Doc::Nil => {}
            Doc::Text(s) => k += s.len(),
            Doc::Break(s, _) => {
                k += s.len();
                seen = true;
            }
            Doc::Nest(x, j) => stack.push(Entry::Doc(i + j, m, x)),
            Doc::Cons(x, y) => {
                stack.push(Entry::Doc(i, m, y));
                stack.push(Entry::Doc(i, m, x));
            }
            Doc::Group(x) => {
                stack.push(Entry::Tail(seen));
                stack.push(Entry::Doc(i, m, x));
            }
        }
    }
}

/// `format(doc, width)`: `None` is `:infinity`.
fn format(doc: &Doc, width: Option<usize>) -> String {
    let mut out = String::new();
    let mut k = 0;
    let mut stack = vec![Entry::Doc(0, Mode::Flat, doc)];
    while let Some(entry) = stack.pop() {
        let Entry::Doc(i, m, d) = entry else {
            continue;
        };
        match d {
            Doc::Nil => {}
            Doc::Cons(x, y) => {
                stack.push(Entry::Doc(i, m, y));
                stack.push(Entry::Doc(i, m, x));
            }
            Doc::Text(s) => {
                out.push_str(s);
                k += s.len();
            }
            Doc::Break(s, true) => {
                let fits = match width {
                    None => true,
                    Some(w) => m == Mode::Flat || fits(w, k + s.len(), true, Vec::new(), &stack),
                };
                if fits {
                    out.push_str(s);
                    k += s.len();
                } else {
                    newline(&mut out, i);
                    k = i;
                }
            }
            Doc::Break(s, false) => {
                if m == Mode::Break {
                    newline(&mut out, i);
                    k = i;
                } else {
                    out.push_str(s);
                    k += s.len();
                }
            }
            Doc::Nest(x, j) => stack.push(Entry::Doc(i + j, m, x)),
            Doc::Group(x) => {
                let flat = match width {
                    None => true,
                    Some(w) => fits(w, k, false, vec![Entry::Doc(i, Mode::Flat, x)], &[]),
                };
                let mode = if flat { Mode::Flat } else { Mode::Break };
                stack.push(Entry::Doc(i, mode, x));
            }
        }
    }
    out
}

fn newline(out: &mut String, indent: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
}

impl Term {
    /// This term as `Inspect.Algebra.format(group(to_doc(term, opts)), width)` lays it out
    /// (`width` `None`: `:infinity`, one line, as [`Term::inspect`] writes it).
    pub fn inspect_pretty(&self, opts: InspectOpts, width: Option<usize>) -> String {
        match width {
            None => self.inspect(opts).to_string(),
            Some(_) => format(&group(to_doc(self, opts)), width),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(range: std::ops::RangeInclusive<i64>) -> Term {
        Term::list(range.map(Term::Int).collect::<Vec<_>>())
    }

    fn shown(t: &Term, width: usize) -> String {
        t.inspect_pretty(InspectOpts::DEFAULT, Some(width))
    }

    // The expected texts are what `IO.inspect/2` printed on Elixir 1.14 / OTP 25.

    #[test]
    fn a_list_of_numbers_fills_each_line() {
        assert_eq!(
            shown(&ints(1..=40), 80),
            "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,\n \
             23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40]"
        );
        assert_eq!(shown(&ints(1..=3), 0), "[1,\n 2,\n 3]");
        assert_eq!(shown(&ints(1..=30), 80).lines().count(), 2);
        // Past the limit: `...`, which is text too.
        assert!(shown(&ints(1..=60), 80).ends_with("49, 50, ...]"));
    }

    #[test]
    fn maps_and_lists_of_containers_put_one_entry_on_each_line() {
        let m = Term::map(vec![
            (Term::atom("a"), ints(1..=3)),
            (Term::atom("b"), Term::Int(2)),
        ]);
        assert_eq!(shown(&m, 80), "%{a: [1, 2, 3], b: 2}");
        assert_eq!(shown(&m, 5), "%{\n  a: [1,\n   2,\n   3],\n  b: 2\n}");
        let pairs = Term::list(
            (1..=3)
                .map(|i| Term::tuple([Term::Int(i), Term::Int(i * 2)]))
                .collect::<Vec<_>>(),
        );
        assert_eq!(shown(&pairs, 80), "[{1, 2}, {2, 4}, {3, 6}]");
        assert_eq!(shown(&pairs, 10), "[\n  {1, 2},\n  {2, 4},\n  {3, 6}\n]");
    }

    #[test]
    fn a_tuple_breaks_only_where_it_must() {
        let t = Term::tuple([Term::atom("a"), Term::atom("b")]);
        assert_eq!(shown(&t, 3), "{:a,\n :b}");
        assert_eq!(shown(&t, 80), "{:a, :b}");
        // A group that fits what is left of its line stays whole.
        let nested = Term::tuple([
            Term::atom("ok"),
            Term::tuple([Term::atom("x"), ints(1..=5)]),
        ]);
        assert_eq!(shown(&nested, 20), "{:ok,\n {:x,\n  [1, 2, 3, 4, 5]}}");
    }

    #[test]
    fn a_string_that_is_not_printable_shows_its_bytes() {
        // `IO.inspect(<<97, 0, 98>>)`, and with `limit: 2`.
        assert_eq!(shown(&Term::str("a\u{0}b"), 80), "<<97, 0, 98>>");
        let two = InspectOpts {
            limit: 2,
            ..InspectOpts::DEFAULT
        };
        let t = Term::str("a\u{0}b");
        assert_eq!(t.inspect_pretty(two, Some(80)), "<<97, 0, ...>>");
        // One piece of text per byte: as the flat form, with room.
        assert_eq!(t.inspect_pretty(two, Some(80)), t.inspect(two).to_string());
    }

    #[test]
    fn text_counts_bytes() {
        // "ü" is two bytes: seven strings of 13 bytes and the separators pass 80.
        let mut items = vec![Term::str("ünïcödé"); 7];
        items.push(Term::str("ü"));
        let s = Term::list(items);
        assert_eq!(
            shown(&s, 80),
            "[\"ünïcödé\", \"ünïcödé\", \"ünïcödé\", \"ünïcödé\", \"ünïcödé\",\n \
             \"ünïcödé\", \"ünïcödé\", \"ü\"]"
        );
    }
}
