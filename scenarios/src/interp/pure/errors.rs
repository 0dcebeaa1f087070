//! What the pure builtins raise: raw Erlang errors (`:badarg`, `{:badmap, t}`, ...), shown
//! as they are in an exit reason, and the Elixir exception structs some functions raise
//! themselves (`%ArgumentError{}`, `%Protocol.UndefinedError{}`, ...). Which one a failure
//! raises is what the VM does (`docs/probes/pure_builtins.exs`), never a guess.
//!
//! Exception structs are built without their `__exception__: true` field, as everywhere in
//! the simulator (`model::terms::argument_error`); their other fields come in the order
//! Elixir's `inspect` prints them (the order of `defexception`).

use super::{MAX_BYTES, MAX_ELEMENTS};
use sim::{Class, Exception, Term};

/// A result of the pure library.
pub(crate) type R<T> = Result<T, Exception>;

/// An error of class `:error` with `value` as it is (raw).
pub(crate) fn error(value: Term) -> Exception {
    Exception {
        class: Class::Error,
        value,
    }
}

/// `:badarg`: a BIF got an argument of the wrong type or out of range.
pub(crate) fn badarg() -> Exception {
    error(Term::atom("badarg"))
}

/// `:badarith`: arithmetic on a non-number, or division by zero.
pub(crate) fn badarith() -> Exception {
    error(Term::atom("badarith"))
}

/// `:function_clause`: no clause of a library function took the arguments (the exit
/// reason shows only the atom; `rescue` would read the function from the stacktrace).
pub(crate) fn function_clause() -> Exception {
    error(Term::atom("function_clause"))
}

/// `:undef`: `Enum.sort/2` given a module that has no `compare/2`; also what a call with an
/// arity the table does not have raises (the lowering never makes one).
pub(crate) fn undef() -> Exception {
    error(Term::atom("undef"))
}

/// `:system_limit`: an atom longer than 255 characters.
pub(crate) fn system_limit() -> Exception {
    error(Term::atom("system_limit"))
}

/// `{:badmap, t}`.
pub(crate) fn badmap(t: &Term) -> Exception {
    error(Term::tuple([Term::atom("badmap"), t.clone()]))
}

/// `{:badkey, k}` (what `:maps.get/2`, hence `Map.fetch!/2`, raises).
pub(crate) fn badkey(k: &Term) -> Exception {
    error(Term::tuple([Term::atom("badkey"), k.clone()]))
}

/// `{:case_clause, t}`: a `case` inside a library function matched nothing.
pub(crate) fn case_clause(t: Term) -> Exception {
    error(Term::tuple([Term::atom("case_clause"), t]))
}

/// `{:badbool, op, t}`: the left side of `and` / `or` is not a boolean.
pub(crate) fn badbool(op: &'static str, t: &Term) -> Exception {
    error(Term::tuple([
        Term::atom("badbool"),
        Term::atom(op),
        t.clone(),
    ]))
}

/// `{:otpsim_limit, what}`: something the BEAM would do that the simulator refuses (see
/// the module docs of `pure`): a bignum, an improper list, a value over the size bound.
pub(crate) fn limit(what: &'static str) -> Exception {
    error(Term::tuple([Term::atom("otpsim_limit"), Term::str(what)]))
}

/// `{:otpsim_limit, "integer overflow"}`: the BEAM would make a bignum.
pub(crate) fn overflow() -> Exception {
    limit("integer overflow")
}

/// Refuses a list of `n` elements above [`MAX_ELEMENTS`].
pub(crate) fn check_elements(n: usize) -> R<()> {
    if n > MAX_ELEMENTS {
        Err(limit("more than 1000000 elements"))
    } else {
        Ok(())
    }
}

/// Refuses a string of `n` bytes above [`MAX_BYTES`].
pub(crate) fn check_bytes(n: usize) -> R<()> {
    if n > MAX_BYTES {
        Err(limit("more than 1000000 bytes"))
    } else {
        Ok(())
    }
}

/// `%ArgumentError{message: msg}`, raised by Elixir code (not a BIF).
pub(crate) fn argument_error(msg: &str) -> Exception {
    error(Term::struct_(
        "ArgumentError",
        vec![("message", Term::str(msg))],
    ))
}

/// `%Protocol.UndefinedError{protocol: P, value: v, description: ""}`.
pub(crate) fn protocol_undefined(protocol: &str, value: &Term) -> Exception {
    error(Term::struct_(
        "Protocol.UndefinedError",
        vec![
            ("protocol", Term::module(protocol)),
            ("value", value.clone()),
            ("description", Term::str("")),
        ],
    ))
}

/// `v` is not `Enumerable` (not a list, a map or a range).
pub(crate) fn not_enumerable(v: &Term) -> Exception {
    protocol_undefined("Enumerable", v)
}

/// `v` has no `String.Chars` implementation (tuples, maps, structs, pids, ...).
pub(crate) fn not_chars(v: &Term) -> Exception {
    protocol_undefined("String.Chars", v)
}

/// `v` is not `Collectable` (not a list, a map or a binary).
pub(crate) fn not_collectable(v: &Term) -> Exception {
    protocol_undefined("Collectable", v)
}

/// `%Enum.EmptyError{message: "empty error"}` (`Enum.max([])`).
pub(crate) fn empty_error() -> Exception {
    error(Term::struct_(
        "Enum.EmptyError",
        vec![("message", Term::str("empty error"))],
    ))
}

/// `%UnicodeConversionError{encoded: e, message: m}` (`to_string([-1])`).
pub(crate) fn unicode_error(encoded: &str, message: String) -> Exception {
    error(Term::struct_(
        "UnicodeConversionError",
        vec![
            ("encoded", Term::str(encoded)),
            ("message", Term::Str(message.into())),
        ],
    ))
}
