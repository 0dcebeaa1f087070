//! The pure part of the interpreter's library: every [`Builtin`] that needs neither a
//! process nor a closure, the operators, `String.Chars`, `Enumerable`, and the mapping
//! from raw Erlang errors to the exception structs `rescue` binds.
//!
//! ## Rules
//!
//! * **Failures are the VM's.** Each bad argument raises exactly what Elixir 1.14 on
//!   OTP 25 raises: a raw Erlang error where a BIF or a function clause fails (`:badarg`,
//!   `{:badmap, 1}`, `:function_clause`, shown as such in an exit reason), an exception
//!   struct where Elixir code raises one (`%ArgumentError{}`,
//!   `%Protocol.UndefinedError{}`, `%Enum.EmptyError{}`). Every case implemented is in
//!   the probe `docs/probes/pure_builtins.exs`; its output, `pure_builtins.out`, is
//!   checked line by line by the test module `probe_tests`.
//! * **Maps are canonical**: unique keys sorted by [`Term::term_cmp`] (see [`map_from`]),
//!   so that derived equality is map equality. A struct is treated as the map it is on the
//!   BEAM (`Map.keys(1..3)` includes `:__struct__`).
//! * **Ranges** are `%Range{first, last, step}` structs; their size, sum and members are
//!   computed, not listed.
//! * **Deterministic and total**: no hashing, no panics on any input (arguments are
//!   destructured, never indexed blindly), no recursion on the depth of user data.
//!
//! ## Limits (where the simulator refuses what the BEAM does)
//!
//! Each raises an `:error` whose value is `{:otpsim_limit, reason}` (an `ErlangError` to
//! `rescue`), so a run that hits one says so in its exit reason instead of diverging:
//!
//! * `"integer overflow"`: integers are `i64`; the BEAM would make a bignum
//!   (`9_223_372_036_854_775_807 + 1`, `abs(-9_223_372_036_854_775_808)`, a sum, a range
//!   of 2^64 elements counted, `String.to_integer` of a longer number).
//! * `"more than 1000000 elements"` / `"more than 1000000 bytes"`: no list this module
//!   builds has more than [`MAX_ELEMENTS`] elements and no string more than [`MAX_BYTES`]
//!   bytes (`List.duplicate(x, 10_000_000_000)`, `String.duplicate/2`, listing a huge
//!   range, `++`, `<>`, `Enum.join/2`, ...), so a program cannot make the simulator
//!   allocate gigabytes.
//! * `"improper list"`: `[1] ++ 2` is `[1 | 2]` on the BEAM, which a `Term` cannot be.
//!
//! ## Not modelled
//!
//! * Maps of more than 32 keys iterate in the VM's hash order (semantics §5.20) only as
//!   far as the hash can be reproduced: not for keys that hold atoms, pids or references.
//! * `rescue` of a raw error: the VM builds some messages from the stacktrace (see
//!   [`normalize_error`]).
//! * Grapheme clusters and case mapping follow the common cases of Unicode (see
//!   `graphemes` and `strings`).

mod chars;
mod dispatch;
mod enum_slices;
mod enumerable;
mod enums;
mod errors;
mod exceptions;
mod graphemes;
mod kernel;
mod lists;
mod maps;
mod mapsets;
mod more;
mod ops;
mod order;
mod rescued;
mod strings;

#[cfg(test)]
mod label;
#[cfg(test)]
mod probe_tests;
#[cfg(test)]
mod tests;

use crate::ir::{BinOp, Builtin, UnOp};
use sim::{Exception, Term};

/// The most elements of a list this module builds (see the module docs).
pub(crate) const MAX_ELEMENTS: usize = 1_000_000;
/// The most bytes of a string this module builds (see the module docs).
pub(crate) const MAX_BYTES: usize = 1_000_000;

/// Destructures a builtin's arguments: `args!(args => [a, b]);`. A count the pattern does
/// not take raises `:undef` (the dispatcher has checked the table's arities already).
macro_rules! args {
    ($args:expr => $pat:pat) => {
        let $pat = $args else {
            return Err(super::errors::undef());
        };
    };
}
use args;

// The interpreter that calls these is being written next to this module; until it lands
// only the tests do.

/// Calls builtin `b` on evaluated arguments if it is pure (no process, no closures);
/// `None` if `b` is not one of the pure ones (the interpreter handles those). Some
/// builtins are pure at one arity only (`Enum.count/1` but not `/2`) or unless given a
/// closure (`Enum.sort/2` with `:desc`, `Enum.with_index/2` with an offset).
#[allow(dead_code)]
pub(crate) fn call(b: Builtin, args: &[Term]) -> Option<Result<Term, Exception>> {
    dispatch::call(b, args)
}

/// A binary operator on two values (all but the short-circuit ones `and or && ||`, which
/// the interpreter evaluates lazily; given both sides, this checks that the left side of
/// `and`/`or` is a boolean: `{:badbool, :and, left}`, a `BadBooleanError` once rescued).
#[allow(dead_code)]
pub(crate) fn binop(op: BinOp, a: &Term, b: &Term) -> Result<Term, Exception> {
    ops::binop(op, a, b)
}

pub(crate) use ops::Then;

/// What binary operator `op` does once its left side is `l` ([`Then`]).
#[inline]
pub(crate) fn binop_then(op: BinOp, l: &Term) -> Then {
    ops::then(op, l)
}

/// A unary operator (`not` takes a boolean only: `:badarg`).
#[allow(dead_code)]
pub(crate) fn unop(op: UnOp, a: &Term) -> Result<Term, Exception> {
    ops::unop(op, a)
}

/// `String.Chars.to_string/1` (what `"#{x}"` does): atoms, integers, strings,
/// charlists/iolists; anything else raises `Protocol.UndefinedError` as Elixir 1.14 does.
#[allow(dead_code)]
pub(crate) fn to_string(t: &Term) -> Result<std::borrow::Cow<'_, str>, Exception> {
    chars::to_string(t)
}

/// Truthiness: everything but `nil` and `false`.
#[allow(dead_code)]
pub(crate) fn truthy(t: &Term) -> bool {
    !(t.is_atom("nil") || t.is_atom("false"))
}

/// An `Enumerable` as a list of its elements: lists, ranges, maps (as `{k, v}` tuples in
/// key order); anything else raises `Protocol.UndefinedError` (Enumerable) as Elixir does.
/// A range of more than [`MAX_ELEMENTS`] elements is refused.
#[allow(dead_code)]
pub(crate) fn enumerate(t: &Term) -> Result<Vec<Term>, Exception> {
    enumerable::enumerate(t)
}

/// How many elements an enumerable has (`Enum.count/1`'s answer, up to 2^64 for a range),
/// without listing them.
pub(crate) fn enum_size(t: &Term) -> Result<i128, Exception> {
    enumerable::source(t)?.size()
}

/// Element `index` (0-based) of an enumerable, without listing the others.
pub(crate) fn enum_nth(t: &Term, index: i128) -> Result<Option<Term>, Exception> {
    enumerable::source(t)?.nth(index)
}

/// The entries of a map or struct (a struct's `__struct__` among them), as
/// `:maps.to_list/1` lists them;
/// `None` for anything else.
pub(crate) fn map_entries(t: &Term) -> Option<Vec<(Term, Term)>> {
    maps::entries(t)
}

/// The `first`, `last` and `step` of a `%Range{}` of integers.
pub(crate) fn range_bounds(t: &Term) -> Option<(i64, i64, i64)> {
    enumerable::range_bounds(t)
}

/// See [`maps::from_entries`].
pub(crate) fn map_from_entries(kvs: Vec<(Term, Term)>, from: &Term) -> Term {
    maps::from_entries(kvs, from)
}

/// Builds a map in canonical form: keys unique (the last of equal keys wins, as in
/// `%{a: 1, a: 2}`) and sorted by [`Term::term_cmp`].
#[allow(dead_code)]
pub(crate) fn map_from(pairs: impl IntoIterator<Item = (Term, Term)>) -> Term {
    maps::map_from(pairs)
}

/// The `MapSet` of `xs`.
pub(crate) fn mapset_of(xs: impl IntoIterator<Item = Term>) -> Term {
    mapsets::of(xs)
}

/// The elements of a `%MapSet{}`, in its order (`{:badmap, x}` if its `map` is none).
pub(crate) fn mapset_elements(t: &Term) -> Result<Vec<Term>, Exception> {
    Ok(mapsets::keys(mapsets::elements(t)?))
}

/// What `Collectable` raises for `v`: `%Protocol.UndefinedError{protocol: Collectable}`.
pub(crate) fn not_collectable(v: &Term) -> Exception {
    errors::not_collectable(v)
}

/// True if `Enum.into/2,3` can collect into `v`: a list, a map, a `MapSet`, a binary.
pub(crate) fn collectable(v: &Term) -> bool {
    match v {
        Term::List(_) | Term::Map(_) | Term::Str(_) => true,
        _ => mapsets::is_set(v),
    }
}

/// Refuses `n` elements above [`MAX_ELEMENTS`], as listing a range does.
pub(crate) fn check_elements(n: usize) -> Result<(), Exception> {
    errors::check_elements(n)
}

/// `%Enum.EmptyError{}` (`Enum.random([])`).
pub(crate) fn empty_error() -> Exception {
    errors::empty_error()
}

/// `Exception.normalize(:error, value, [])`: the exception struct `rescue e ->` binds for
/// an error raised with `value` (`:badarg` → `%ArgumentError{message: "argument error"}`,
/// `{:badmatch, v}` → `%MatchError{term: v}`, ...); a struct is returned unchanged. See
/// `exceptions` for what the missing stacktrace changes.
#[allow(dead_code)]
pub(crate) fn normalize_error(value: &Term) -> Term {
    exceptions::normalize_error(value)
}

/// `%FunctionClauseError{}` of function `function`/`arity` of `module`: what `rescue`
/// binds when the simulator knows which function's clauses took no argument list.
pub(crate) fn function_clause_error(module: Term, function: Term, arity: usize) -> Term {
    exceptions::function_clause_error(module, function, arity)
}

/// `%UndefinedFunctionError{}` of `module.function/arity` (with a reason, if given).
pub(crate) fn undefined_function_error(
    module: Term,
    function: Term,
    arity: usize,
    reason: Option<&str>,
) -> Term {
    exceptions::undefined_function_error(module, function, arity, reason)
}

/// `%ArgumentError{}` with OTP 25's error info for a BIF's `:badarg`: one line per wrong
/// argument, by its position (`(1, "not a fun")` is `  * 1st argument: not a fun`).
pub(crate) fn error_info(wrong: &[(usize, &str)]) -> Term {
    exceptions::error_info(wrong)
}

pub(crate) use rescued::rescued;

/// `%KeyError{key: key, term: term}`: a key missing from `term`.
pub(crate) fn key_error(key: Term, term: Term) -> Term {
    exceptions::key_error(&key, term, Term::nil())
}

/// `Exception.message/1` for the common exception structs.
pub(crate) fn exception_message(e: &Term) -> String {
    exceptions::exception_message(e)
}
