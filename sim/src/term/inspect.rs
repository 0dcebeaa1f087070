//! `inspect/2` of Elixir 1.14, for the terms otpsim has: how atoms are spelled (quoted or
//! not, as `Macro.inspect_atom/2` decides), how strings and charlists escape, and how the
//! `:limit` and `:printable_limit` options cut long values short (`[1, 2, ...]`,
//! `"abc" <> ...`). A trace shows terms whole ([`InspectOpts::WHOLE`]); a program's own
//! `inspect/1` and `IO.inspect/2` use 1.14's defaults ([`InspectOpts::DEFAULT`]).
//! Checked on the VM: `scenarios/tests/exs/inspect_limits.exs` (semantics §5.19).

use super::{Atom, StructValue, Term};
use crate::list::List;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use unicode_ident::{is_xid_continue, is_xid_start};
use unicode_script::{Script, ScriptExtension, UnicodeScript};

/// `:infinity` for a limit.
const INFINITY: usize = usize::MAX;

/// The options of `inspect/2` that otpsim follows for the text of each element (the
/// layout in lines, `:pretty` and `:width`, is [`Term::inspect_pretty`]'s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InspectOpts {
    /// `:limit`: the elements of a list, tuple, map or binary shown before `...`
    /// (`usize::MAX` is `:infinity`).
    pub limit: usize,
    /// `:printable_limit`: the characters of a string or charlist shown before
    /// `<> ...` / `++ ...` (`usize::MAX` is `:infinity`).
    pub printable_limit: usize,
    /// `:charlists`.
    pub charlists: Charlists,
}

/// How `inspect` shows a list of integers (`:charlists`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charlists {
    /// `:infer`: as a charlist when every element is printable ASCII.
    Infer,
    /// `:as_lists`.
    AsLists,
    /// `:as_charlists`: as a charlist whenever every element is a code point.
    AsCharlists,
}

impl InspectOpts {
    /// Everything shown: what a trace and a run's observations print (the VM side of
    /// `otpsim conform` renders with `limit: :infinity, printable_limit: :infinity`).
    pub const WHOLE: InspectOpts = InspectOpts {
        limit: INFINITY,
        printable_limit: INFINITY,
        charlists: Charlists::Infer,
    };
    /// 1.14's defaults: `limit: 50, printable_limit: 4096, charlists: :infer`.
    pub const DEFAULT: InspectOpts = InspectOpts {
        limit: 50,
        printable_limit: 4096,
        charlists: Charlists::Infer,
    };

    /// A count option's value: an integer of at least 0, or `:infinity` (none else).
    pub fn count(t: &Term) -> Option<usize> {
        match t {
            Term::Int(n) => usize::try_from(*n).ok(),
            t if t.is_atom("infinity") => Some(INFINITY),
            _ => None,
        }
    }
}

/// `decrement/1` of 1.14's `Inspect.Algebra`: `:infinity` stays.
pub(super) fn decrement(n: usize) -> usize {
    if n == INFINITY { n } else { n - 1 }
}

/// A term as `inspect/2` shows it with `opts`.
pub struct Inspect<'a> {
    pub(super) t: &'a Term,
    pub(super) opts: InspectOpts,
}

impl Term {
    /// This term as `inspect(term, opts)` shows it.
    pub fn inspect(&self, opts: InspectOpts) -> Inspect<'_> {
        Inspect { t: self, opts }
    }
}

// ---- atoms

/// How `Macro.inspect_atom/2` of 1.14 spells an atom.
enum Shape<'a> {
    /// `nil`, `true`, `false`.
    Literal,
    /// A module: `Elixir.Foo.Bar` shown as `Foo.Bar` (this text).
    Alias(&'a str),
    /// Shown after `:` as it is (`:ok`, `:+`, `:foo@bar`, `:é`).
    Unquoted,
    /// Shown quoted and escaped (`:"a b"`, `:"Elixir.foo"`).
    Quoted,
}

fn shape(s: &str) -> Shape<'_> {
    match s {
        "nil" | "true" | "false" => return Shape::Literal,
        // `:"::"` and the deprecated operators must be quoted (`inner_classify/1`).
        "::" | "^^^" | "~~~" | "<|>" => return Shape::Quoted,
        // Not callable (`%{}`, `..`) or an operator (`:+`, `:when`, `:\\`).
        "%" | "%{}" | "{}" | "<<>>" | "..." | ".." | "." | "..//" | "->" | "&" | "!" | "^"
        | "not" | "+" | "-" | "@" | "<-" | "\\\\" | "when" | "|" | "=" | "||" | "|||" | "or"
        | "&&" | "&&&" | "and" | "==" | "!=" | "=~" | "===" | "!==" | "<" | "<=" | ">=" | ">"
        | "|>" | "<<<" | ">>>" | "<~" | "~>" | "<<~" | "~>>" | "<~>" | "in" | "++" | "--"
        | "<>" | "+++" | "---" | "*" | "/" | "**" => return Shape::Unquoted,
        _ => {}
    }
    // Named pids and references in a rendering (`#PID<main.t>`, see `Recorder::named`)
    // are module atoms with a `#`, shown as they are.
    if let Some(name) = s.strip_prefix("Elixir.")
        && (name.starts_with("#PID<") || name.starts_with("#Reference<"))
        && name.ends_with('>')
    {
        return Shape::Alias(name);
    }
    if is_alias(s) {
        return Shape::Alias(match s {
            "Elixir" | "Elixir.Elixir" => s,
            _ if s.starts_with("Elixir.Elixir.") => s,
            _ => &s["Elixir.".len()..],
        });
    }
    if tokenizes_whole(s) {
        Shape::Unquoted
    } else {
        Shape::Quoted
    }
}

/// `valid_alias?/1`: `Elixir` followed by `.Upper[A-Za-z0-9_]*` pieces.
fn is_alias(s: &str) -> bool {
    let Some(mut rest) = s.strip_prefix("Elixir") else {
        return false;
    };
    while !rest.is_empty() {
        let mut chars = rest.chars();
        if chars.next() != Some('.') || !matches!(chars.next(), Some('A'..='Z')) {
            return false;
        }
        rest = chars.as_str();
        rest = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    }
    true
}

/// Whether 1.14's identifier tokenizer (`String.Tokenizer.tokenize/1`) reads the whole of
/// `s` as one identifier, alias or atom, in normal form and of one script (or of a
/// "highly restrictive" set of them): then `inspect` needs no quotes (`:foo?`, `:Foo`,
/// `:foo@bar`, `:日本`, but `:"foo!x"`, `:"1a"`, `:"aΩ"`).
fn tokenizes_whole(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        Some(c) if !c.is_ascii() && is_xid_start(c) => {}
        _ => return false,
    }
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        match c {
            // `?` and `!` end the token: the whole atom only if they end it too.
            '?' | '!' => return chars.peek().is_none() && one_script(s),
            '@' | '_' => {}
            c if c.is_ascii_alphanumeric() => {}
            c if !c.is_ascii() && is_xid_continue(c) => {}
            _ => return false,
        }
    }
    s.is_ascii()
        || (unicode_normalization::is_nfkc(s) && !s.chars().any(restricted) && one_script(s))
}

/// Characters that XID admits but 1.14's tokenizer does not take bare: the joiners and
/// most of `Other_ID_Start`/`Other_ID_Continue` (a name with one prints quoted:
/// `:"a℮"`, but `:a·b` is bare; names that change under NFKC, `:"ſ"`, `:"ﬀ"`, `:"Ⅻ"`,
/// are quoted too).
fn restricted(c: char) -> bool {
    matches!(
        c,
        '\u{200c}'
            | '\u{200d}'
            | '\u{1885}'
            | '\u{1886}'
            | '\u{2118}'
            | '\u{212e}'
            | '\u{309b}'
            | '\u{309c}'
            | '\u{1369}'..='\u{1371}' | '\u{19da}'
    )
}

/// Every character shares a script with the others (script extensions, `Common` and
/// `Inherited` fitting any), or all fit one of UTS 39's highly restrictive sets
/// (Latin with Han and the Japanese kanas, with Han and Bopomofo, with Han and Hangul).
fn one_script(s: &str) -> bool {
    if s.is_ascii() || !ScriptExtension::for_str(s).is_empty() {
        return true;
    }
    let set = |scripts: &[Script]| {
        scripts
            .iter()
            .fold(ScriptExtension::from(Script::Latin), |acc, &x| {
                acc.union(x.into())
            })
    };
    let restrictive = [
        set(&[Script::Han, Script::Hiragana, Script::Katakana]),
        set(&[Script::Han, Script::Bopomofo]),
        set(&[Script::Han, Script::Hangul]),
    ];
    restrictive.iter().any(|&cover| {
        s.chars()
            .all(|c| !c.script_extension().intersection(cover).is_empty())
    })
}

impl Atom {
    /// Writes the atom as `inspect` does (`:ok`, `nil`, `Task`, `:"with space"`, `:+`)
    /// into any writer: a `String` gets it without the formatting machinery (observations
    /// render exit reasons on every run).
    pub fn write_to(&self, w: &mut impl fmt::Write) -> fmt::Result {
        let s = self.as_str();
        match shape(s) {
            Shape::Literal => w.write_str(s),
            Shape::Alias(shown) => w.write_str(shown),
            Shape::Unquoted => {
                w.write_char(':')?;
                w.write_str(s)
            }
            Shape::Quoted => {
                w.write_str(":\"")?;
                w.write_str(&escape_in(s, '"', INFINITY).0)?;
                w.write_char('"')
            }
        }
    }

    /// The atom as a keyword list's or map's key (`Macro.inspect_atom(:key, atom)`):
    /// `ok:`, `"a b":`, `"Elixir.Foo":`.
    pub(super) fn key(&self) -> Cow<'_, str> {
        let s = self.as_str();
        match shape(s) {
            Shape::Literal | Shape::Unquoted => Cow::Owned(format!("{s}:")),
            Shape::Alias(_) => Cow::Owned(format!("\"{s}\":")),
            Shape::Quoted => Cow::Owned(format!("\"{}\":", escape_in(s, '"', INFINITY).0)),
        }
    }
}

impl fmt::Display for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

// ---- strings and charlists

/// The escape Elixir's `inspect` writes for a control character it prints (`\a` for 7,
/// ...; `\d` for 127, in strings only).
fn control_escape(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{7}' => "\\a",
        '\u{8}' => "\\b",
        '\t' => "\\t",
        '\n' => "\\n",
        '\u{b}' => "\\v",
        '\u{c}' => "\\f",
        '\r' => "\\r",
        '\u{1b}' => "\\e",
        '\u{7f}' => "\\d",
        _ => return None,
    })
}

/// `String.printable?/1` of Elixir 1.14, for one character: what `inspect` shows in a
/// string (anything else makes it show the bytes, `<<97, 1>>`).
fn printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c >= '\u{10000}'
        || control_escape(c).is_some()
}

/// `Code.Identifier.escape/3`: the body of a quoted string, charlist or atom as `inspect`
/// writes it (the quote, `\\` and `#{` escaped, control characters as `\n` or `\x01`), and
/// whether it stopped after `limit` characters with more to come.
fn escape_in(s: &str, quote: char, limit: usize) -> (String, bool) {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut left = limit;
    while let Some(c) = chars.next() {
        if left == 0 {
            return (out, true);
        }
        left = decrement(left);
        match c {
            '\\' => out.push_str("\\\\"),
            '#' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push_str("\\#{");
            }
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '\0' => out.push_str("\\0"),
            '\u{feff}' => out.push_str("\\uFEFF"),
            c => match control_escape(c) {
                Some(e) => out.push_str(e),
                None if printable(c) => out.push(c),
                None if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02X}", c as u32)),
                None => out.push_str(&format!("\\x{{{:04X}}}", c as u32)),
            },
        }
    }
    (out, false)
}

/// `String.printable?(s, limit)`: the first `limit` characters are printable.
pub(super) fn printable_within(s: &str, limit: usize) -> bool {
    let n = if limit == INFINITY { usize::MAX } else { limit };
    s.chars().take(n).all(printable)
}

/// `List.ascii_printable?(items, limit)` (`\a` to `\r`, `\e`, and 32 to 126), and the
/// characters as a string when it holds.
fn as_charlist(items: &List, limit: usize) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let mut s = String::with_capacity(items.len().min(limit));
    for (i, t) in items.iter().enumerate() {
        match t {
            Term::Int(c @ (32..=126 | 7..=13 | 27)) => s.push(*c as u8 as char),
            // Past the limit nothing is checked; the rest shows as `++ ...`.
            _ if i >= limit => return Some(s),
            _ => return None,
        }
    }
    Some(s)
}

/// A non-empty list of code points as a string (for `charlists: :as_charlists`).
fn code_points(items: &List) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    items
        .iter()
        .map(|t| match t {
            Term::Int(c) => u32::try_from(*c).ok().and_then(char::from_u32),
            _ => None,
        })
        .collect()
}

// ---- containers

/// `container_doc/6`'s elements: each shown with one less of the limit, and `...` in place
/// of the rest once the limit is spent.
fn write_each<T>(
    f: &mut fmt::Formatter<'_>,
    items: impl Iterator<Item = T>,
    opts: InspectOpts,
    mut each: impl FnMut(&mut fmt::Formatter<'_>, T, InspectOpts) -> fmt::Result,
) -> fmt::Result {
    let mut limit = opts.limit;
    for (i, t) in items.enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        if limit == 0 {
            return f.write_str("...");
        }
        limit = decrement(limit);
        each(f, t, InspectOpts { limit, ..opts })?;
    }
    Ok(())
}

/// A list as `inspect` shows it when it shows it as a charlist (`'abc'`, `'abc' ++ ...`
/// past the printable limit), as `opts.charlists` says.
pub(super) fn charlist_text(items: &List, opts: InspectOpts) -> Option<String> {
    let cl = match opts.charlists {
        Charlists::Infer => as_charlist(items, opts.printable_limit),
        Charlists::AsLists => None,
        Charlists::AsCharlists => code_points(items),
    }?;
    let (body, more) = escape_in(&cl, '\'', opts.printable_limit);
    let tail = if more || cl.len() < items.len() {
        " ++ ..."
    } else {
        ""
    };
    Some(format!("'{body}'{tail}"))
}

/// `Inspect.List.keyword?/1` of a non-empty list: its entries, if it is one.
pub(super) fn keyword_list(items: &List) -> Option<Vec<(&Atom, &Term)>> {
    if items.is_empty() {
        return None;
    }
    items
        .iter()
        .map(|t| match t {
            Term::Tuple(kv) if kv.len() == 2 => Some((keyword_key(&kv[0])?, &kv[1])),
            _ => None,
        })
        .collect()
}

/// `Inspect.List.keyword?/1`'s test of a key: an atom, not a module's.
pub(super) fn keyword_key(t: &Term) -> Option<&Atom> {
    match t {
        Term::Atom(a) if !a.as_str().starts_with("Elixir.") => Some(a),
        _ => None,
    }
}

fn write_term(f: &mut fmt::Formatter<'_>, t: &Term, opts: InspectOpts) -> fmt::Result {
    let show = |f: &mut fmt::Formatter<'_>, t: &Term, opts| write_term(f, t, opts);
    match t {
        Term::Atom(a) => a.write_to(f),
        Term::Int(i) => write!(f, "{i}"),
        Term::Float(x) => f.write_str(&super::float::inspect(*x)),
        Term::Str(s) if printable_within(s, opts.printable_limit) => {
            let (body, more) = escape_in(s, '"', opts.printable_limit);
            write!(f, "\"{body}\"")?;
            if more {
                f.write_str(" <> ...")?;
            }
            Ok(())
        }
        // Not printable: its bytes, as `inspect` shows a binary.
        Term::Str(s) => {
            f.write_str("<<")?;
            write_each(f, s.as_bytes().iter(), opts, |f, b, _| write!(f, "{b}"))?;
            f.write_str(">>")
        }
        Term::Tuple(items) => {
            f.write_str("{")?;
            write_each(f, items.iter(), opts, show)?;
            f.write_str("}")
        }
        Term::List(items) => {
            if let Some(cl) = charlist_text(items, opts) {
                return f.write_str(&cl);
            }
            f.write_str("[")?;
            match keyword_list(items) {
                Some(pairs) => write_each(f, pairs.into_iter(), opts, |f, (k, v), opts| {
                    write!(f, "{} ", k.key())?;
                    write_term(f, v, opts)
                })?,
                None => write_each(f, items.iter(), opts, show)?,
            }
            f.write_str("]")
        }
        // A map whose `__struct__` is `Range` or `MapSet` is one to `inspect`, whatever
        // other keys it has (their `Inspect` implementations match on the fields they use).
        Term::Map(kvs) => match as_struct_map(kvs) {
            Some((name, mut fields)) if name.as_str() == "Elixir.Range" => {
                // 1.14 still shows a range made before steps (no `step`) with the step
                // its bounds imply.
                let get = |fs: &[(Atom, Term)], n: &str| {
                    fs.iter()
                        .find(|(k, _)| k.as_str() == n)
                        .map(|(_, v)| v.clone())
                };
                if get(&fields, "step").is_none()
                    && let (Some(first), Some(last)) = (get(&fields, "first"), get(&fields, "last"))
                {
                    let step = if last.term_cmp(&first).is_lt() { -1 } else { 1 };
                    fields.push((Atom::Static("step"), Term::Int(step)));
                }
                match range_fields(&fields) {
                    Some(r) => write_range(f, r),
                    None => write_map(f, kvs, opts),
                }
            }
            Some((_, fields)) => match fields.iter().find(|(k, _)| k.as_str() == "map") {
                Some((_, m @ Term::Map(_))) => write_set(f, m, opts),
                _ => write_map(f, kvs, opts),
            },
            None => write_map(f, kvs, opts),
        },
        Term::Struct(s) if s.name.as_str() == "Elixir.Range" => match range_fields(&s.fields) {
            Some(r) => write_range(f, r),
            None => write_struct(f, s, opts),
        },
        // As Elixir 1.14's `Inspect.MapSet`: `MapSet.new([1, 2])`, the elements being the
        // keys of its `map`, charlists shown as lists (one whose map is none shows as
        // the struct it is).
        Term::Struct(s) if s.name.as_str() == "Elixir.MapSet" => match t.field("map") {
            Some(m @ Term::Map(_)) => write_set(f, m, opts),
            _ => write_struct(f, s, opts),
        },
        Term::Struct(s) => write_struct(f, s, opts),
        Term::Pid(p) => write!(f, "{p}"),
        Term::Ref(r) => write!(f, "{r}"),
        Term::Opaque(o) => write!(f, "#Opaque<{}>", o.label()),
    }
}

/// `%{k => v, ...}`, or `%{k: v, ...}` when every key is a keyword key.
fn write_map(f: &mut fmt::Formatter<'_>, kvs: &crate::Map, opts: InspectOpts) -> fmt::Result {
    let keyword = kvs.iter().all(|(k, _)| keyword_key(k).is_some());
    f.write_str("%{")?;
    write_each(f, kvs.iter(), opts, |f, (k, v), opts| {
        write_pair(f, keyword_key(k).filter(|_| keyword), k, v, opts)
    })?;
    f.write_str("}")
}

/// True if `inspect` shows `kvs` as a map (it is no map of a `Range` or a `MapSet`).
pub(super) fn plain_map(kvs: &crate::Map) -> bool {
    as_struct_map(kvs).is_none()
}

/// True if `inspect` shows `s` field by field (it is no `Range` or `MapSet`).
pub(super) fn plain_struct(s: &StructValue) -> bool {
    !matches!(s.name.as_str(), "Elixir.Range" | "Elixir.MapSet")
}

/// The elements `inspect` shows of a `MapSet` (a struct, or a map with its `__struct__`,
/// whose `map` is a map): its keys, as a list.
pub(super) fn set_elements(t: &Term) -> Option<Term> {
    let is_set = match t {
        Term::Struct(s) => s.name.as_str() == "Elixir.MapSet",
        Term::Map(kvs) => {
            matches!(as_struct_map(kvs), Some((name, _)) if name.as_str() == "Elixir.MapSet")
        }
        _ => false,
    };
    let map = match t {
        Term::Struct(_) => t.field("map"),
        Term::Map(kvs) => kvs.get(&Term::atom("map")),
        _ => None,
    };
    match map {
        Some(Term::Map(m)) if is_set => Some(Term::list(
            m.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
        )),
        _ => None,
    }
}

/// `%Name{`: how a struct's fields open.
pub(super) fn struct_open(s: &StructValue) -> String {
    let mut open = String::from("%");
    let _ = s.name.write_to(&mut open);
    open.push('{');
    open
}

/// `MapSet.new([...])` of a set's `map` (its keys), charlists shown as lists.
fn write_set(f: &mut fmt::Formatter<'_>, map: &Term, opts: InspectOpts) -> fmt::Result {
    let Term::Map(m) = map else {
        return write_term(f, map, opts);
    };
    let elements = Term::list(m.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>());
    f.write_str("MapSet.new(")?;
    write_term(
        f,
        &elements,
        InspectOpts {
            charlists: Charlists::AsLists,
            ..opts
        },
    )?;
    f.write_str(")")
}

/// A map with `__struct__: Range` or `__struct__: MapSet`: its name and other entries.
fn as_struct_map(kvs: &crate::Map) -> Option<(Atom, Vec<(Atom, Term)>)> {
    let Some(Term::Atom(name)) = kvs.get(&Term::atom("__struct__")) else {
        return None;
    };
    if !matches!(name.as_str(), "Elixir.Range" | "Elixir.MapSet") {
        return None;
    }
    let fields = kvs
        .iter()
        .filter_map(|(k, v)| match k {
            Term::Atom(a) if a.as_str() != "__struct__" => Some((a.clone(), v.clone())),
            _ => None,
        })
        .collect();
    Some((name.clone(), fields))
}

/// A keyword list's or map's entry: `key: value` when `key` is given, else `k => v`.
fn write_pair(
    f: &mut fmt::Formatter<'_>,
    key: Option<&Atom>,
    k: &Term,
    v: &Term,
    opts: InspectOpts,
) -> fmt::Result {
    match key {
        Some(a) => write!(f, "{} ", a.key())?,
        None => {
            write_term(f, k, opts)?;
            f.write_str(" => ")?;
        }
    }
    write_term(f, v, opts)
}

impl fmt::Display for Inspect<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_term(f, self.t, self.opts)
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_term(f, self, InspectOpts::WHOLE)
    }
}

/// The `first`, `last` and `step` fields of a `%Range{}`, if it has all three.
fn range_fields(fields: &[(Atom, Term)]) -> Option<[&Term; 3]> {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k.as_str() == name)
            .map(|(_, v)| v)
    };
    Some([get("first")?, get("last")?, get("step")?])
}

/// As Elixir 1.14's `Inspect.Range`: `first..last` when the step is 1 and `last >= first`
/// (term order), `first..last//step` otherwise (`3..1//-1`).
fn write_range(f: &mut fmt::Formatter<'_>, [first, last, step]: [&Term; 3]) -> fmt::Result {
    if *step == Term::Int(1) && last.term_cmp(first) != Ordering::Less {
        write!(f, "{first}..{last}")
    } else {
        write!(f, "{first}..{last}//{step}")
    }
}

/// `%Name{field: value, ...}`, the fields as a keyword list's entries.
fn write_struct(f: &mut fmt::Formatter<'_>, s: &StructValue, opts: InspectOpts) -> fmt::Result {
    f.write_str("%")?;
    s.name.write_to(f)?;
    f.write_str("{")?;
    write_each(f, s.fields.iter(), opts, |f, (k, v), opts| {
        write!(f, "{} ", k.key())?;
        write_term(f, v, opts)
    })?;
    f.write_str("}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(range: std::ops::RangeInclusive<i64>) -> Term {
        Term::list(range.map(Term::Int).collect::<Vec<_>>())
    }

    fn shown(t: &Term) -> String {
        t.inspect(InspectOpts::DEFAULT).to_string()
    }

    /// Each atom as Elixir 1.14's `inspect/1` printed it on the VM.
    #[test]
    fn atoms_are_quoted_only_where_the_tokenizer_needs_it() {
        let cases = [
            ("+", ":+"),
            ("when", ":when"),
            ("not", ":not"),
            ("::", ":\"::\""),
            ("^^^", ":\"^^^\""),
            ("%{}", ":%{}"),
            ("<<>>", ":<<>>"),
            ("..//", ":..//"),
            ("//", ":\"//\""),
            ("\\\\", ":\\\\"),
            ("a b", ":\"a b\""),
            ("é", ":é"),
            ("Ä", ":Ä"),
            ("Elixir.foo", ":\"Elixir.foo\""),
            ("Elixir", "Elixir"),
            ("Elixir.Elixir.Foo", "Elixir.Elixir.Foo"),
            ("Elixir.Foo", "Foo"),
            ("Foo", ":Foo"),
            ("Foo.Bar", ":\"Foo.Bar\""),
            ("foo@bar", ":foo@bar"),
            ("foo@", ":foo@"),
            ("@foo", ":\"@foo\""),
            ("foo?", ":foo?"),
            ("foo?!", ":\"foo?!\""),
            ("foo!x", ":\"foo!x\""),
            ("_", ":_"),
            ("1a", ":\"1a\""),
            ("", ":\"\""),
            ("日本", ":日本"),
            ("ok\n", ":\"ok\\n\""),
            ("Elixir.Foo.bar", ":\"Elixir.Foo.bar\""),
            ("aΩ", ":\"aΩ\""),
            ("ω1", ":ω1"),
            ("e\u{301}", ":\"e\u{301}\""),
            ("\u{1}x", ":\"\\x01x\""),
            ("nil", "nil"),
        ];
        for (text, want) in cases {
            assert_eq!(Term::atom_dyn(text).to_string(), want, "atom {text:?}");
        }
    }

    #[test]
    fn keyword_keys_are_quoted_as_atoms_are_and_modules_make_no_keyword_list() {
        let pair = |k: &str, v| Term::tuple([Term::atom_dyn(k), Term::Int(v)]);
        let kw = Term::list([pair("a b", 1), pair("nil", 2), pair("+", 3), pair("Foo", 4)]);
        assert_eq!(kw.to_string(), r#"["a b": 1, nil: 2, +: 3, Foo: 4]"#);
        assert_eq!(
            Term::list([pair("Elixir", 1)]).to_string(),
            r#"["Elixir": 1]"#
        );
        let not_kw = Term::list([pair("a", 1), pair("Elixir.Foo", 2)]);
        assert_eq!(not_kw.to_string(), "[{:a, 1}, {Foo, 2}]");
        let m = Term::map(vec![
            (Term::atom_dyn("a b"), Term::Int(1)),
            (Term::atom("é"), Term::Int(2)),
        ]);
        assert_eq!(m.to_string(), r#"%{"a b": 1, é: 2}"#);
    }

    /// `limit: 50`: the first 50 elements and `...`, an element getting what is left
    /// (checked on the VM: `scenarios/tests/exs/inspect_limits.exs`).
    #[test]
    fn containers_stop_at_the_limit_and_nested_ones_get_what_is_left() {
        let list = |t: Term| match t {
            Term::List(l) => l,
            _ => unreachable!(),
        };
        let fifty = shown(&ints(1..=50));
        assert!(fifty.ends_with("49, 50]"), "{fifty}");
        let more = shown(&ints(1..=51));
        assert!(more.ends_with("49, 50, ...]"), "{more}");
        assert_eq!(ints(1..=51).to_string().matches(", ").count(), 50);
        let nested = shown(&Term::list([ints(1..=60)]));
        assert!(nested.ends_with("48, 49, ...]]"), "{nested}");
        let mut late: Vec<Term> = list(ints(1..=48)).iter().cloned().collect();
        late.extend([ints(1..=5), ints(1..=2), Term::tuple([Term::Int(3)])]);
        let late = shown(&Term::list(late));
        assert!(late.ends_with("47, 48, [1, ...], [...], ...]"), "{late}");
        let tuple = Term::tuple(list(ints(1..=55)).iter().cloned().collect::<Vec<_>>());
        assert!(shown(&tuple).ends_with("50, ...}"));
        let three = InspectOpts {
            limit: 3,
            ..InspectOpts::DEFAULT
        };
        assert_eq!(ints(1..=60).inspect(three).to_string(), "[1, 2, 3, ...]");
        let zero = InspectOpts {
            limit: 0,
            ..InspectOpts::DEFAULT
        };
        assert_eq!(ints(1..=60).inspect(zero).to_string(), "[...]");
        let m = Term::map(vec![
            (Term::atom("a"), ints(1..=60)),
            (Term::atom("b"), ints(1..=2)),
        ]);
        let four = InspectOpts {
            limit: 4,
            ..InspectOpts::DEFAULT
        };
        assert_eq!(
            m.inspect(four).to_string(),
            "%{a: [1, 2, 3, ...], b: [1, 2]}"
        );
        let bytes = Term::str(&"\u{1}".repeat(60));
        assert!(shown(&bytes).ends_with("1, 1, ...>>"));
        assert_eq!(shown(&bytes).matches("1").count(), 50);
    }

    #[test]
    fn strings_and_charlists_stop_at_the_printable_limit() {
        let s = Term::str(&"ab".repeat(2100));
        let out = shown(&s);
        assert!(out.ends_with("\" <> ..."), "{}", &out[out.len() - 20..]);
        assert_eq!(out.len(), 4096 + 2 + " <> ...".len());
        assert_eq!(s.to_string().len(), 4200 + 2);
        let five = InspectOpts {
            printable_limit: 5,
            ..InspectOpts::DEFAULT
        };
        assert_eq!(
            Term::str("hello world").inspect(five).to_string(),
            "\"hello\" <> ..."
        );
        let cl = Term::list(vec![Term::Int(97); 5000]);
        let out = shown(&cl);
        assert!(out.ends_with("a' ++ ..."));
        assert_eq!(out.len(), 4096 + 2 + " ++ ...".len());
        let as_lists = InspectOpts {
            charlists: Charlists::AsLists,
            ..InspectOpts::DEFAULT
        };
        assert_eq!(
            Term::list([Term::Int(97), Term::Int(98)])
                .inspect(as_lists)
                .to_string(),
            "[97, 98]"
        );
    }
}
