//! `String.Chars.to_string/1`, what `to_string/1` and `"#{x}"` call: atoms, integers,
//! binaries and chardata (lists of code points, binaries and such lists).

use super::errors::{R, argument_error, check_bytes, not_chars, unicode_error};
use sim::{List, Term, list};
use std::borrow::Cow;

/// `to_string(t)` (see the module docs); anything else raises
/// `%Protocol.UndefinedError{protocol: String.Chars, value: t, description: ""}`.
pub(crate) fn to_string(t: &Term) -> R<Cow<'_, str>> {
    match t {
        Term::Int(i) => Ok(Cow::Owned(i.to_string())),
        // `Float.to_string/1`: `1.2e3`, not `inspect`'s `1200.0` (semantics §5.24).
        Term::Float(x) => Ok(Cow::Owned(sim::float::to_string(*x))),
        Term::Atom(a) if a.as_str() == "nil" => Ok(Cow::Borrowed("")),
        Term::Atom(a) => Ok(Cow::Borrowed(a.as_str())),
        Term::Str(s) => Ok(Cow::Borrowed(s)),
        Term::List(items) => chardata(t, items).map(Cow::Owned),
        Term::Tuple(_)
        | Term::Map(_)
        | Term::Struct(..)
        | Term::Pid(_)
        | Term::Ref(_)
        | Term::Opaque(_) => Err(not_chars(t)),
    }
}

/// The elements of a nested list, depth first, without recursion.
fn walk(items: &List, mut visit: impl FnMut(&Term) -> R<()>) -> R<()> {
    let mut stack: Vec<list::Iter<'_>> = vec![items.iter()];
    while let Some(top) = stack.last_mut() {
        match top.next() {
            Some(Term::List(inner)) => stack.push(inner.iter()),
            Some(t) => visit(t)?,
            None => {
                stack.pop();
            }
        }
    }
    Ok(())
}

/// `List.to_string/1` via `:unicode.characters_to_binary/1`. An element that is neither an
/// integer, a binary nor a list anywhere in the data raises the `ArgumentError`, before
/// any invalid code point is reported (probe: `to_string([-1, :a])`); then the first
/// integer that is not a Unicode scalar value raises `UnicodeConversionError` with what
/// was converted before it.
fn chardata(whole: &Term, items: &List) -> R<String> {
    let types_ok = walk(items, |t| match t {
        Term::Int(_) | Term::Str(_) => Ok(()),
        _ => Err(argument_error("")),
    });
    if types_ok.is_err() {
        return Err(argument_error(&format!(
            "cannot convert the given list to a string.\n\n\
             To be converted to a string, a list must either be empty or only\n\
             contain the following elements:\n\n  \
             * strings\n  \
             * integers representing Unicode code points\n  \
             * a list containing one of these three elements\n\n\
             Please check the given list or call inspect/1 to get the list representation, \
             got:\n\n{whole}\n"
        )));
    }
    let mut out = String::new();
    walk(items, |t| {
        match t {
            Term::Str(s) => out.push_str(s),
            Term::Int(i) => match u32::try_from(*i).ok().and_then(char::from_u32) {
                Some(c) => out.push(c),
                None => {
                    return Err(unicode_error(&out, format!("invalid code point {i}")));
                }
            },
            _ => {}
        }
        check_bytes(out.len())
    })?;
    Ok(out)
}
