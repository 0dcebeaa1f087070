//! Values the interpreter adds to `sim::Term`: functions (closures and named functions,
//! carried in an `Opaque`), and the errors the language raises, each with the exact term the
//! BEAM uses (verified on Elixir 1.14 / OTP 25: a failed `=` exits `{{:badmatch, v}, st}`,
//! not with a `%MatchError{}`; `rescue` turns the raw term into the struct).

use crate::ir::{self, Builtin, ModId};
use sim::{Class, Exception, Opaque, Term};
use std::rc::Rc;

/// A function value.
#[derive(Debug)]
pub(crate) enum Fun {
    /// An `fn`, with the values it captured.
    Closure {
        /// Its code.
        lambda: Rc<ir::Lambda>,
        /// The captured values, copied into the first slots of its frame.
        env: Vec<Term>,
    },
    /// A function of one of the program's modules (`&Mod.fun/1`, or an MFA resolved).
    Local {
        /// The module.
        module: ModId,
        /// The function's index in the module.
        function: u32,
        /// Its arity.
        arity: usize,
    },
    /// A library function (`&Task.await/1`).
    Builtin {
        /// Which.
        builtin: Builtin,
        /// With how many arguments.
        arity: usize,
    },
}

impl Fun {
    /// How many arguments it takes.
    pub(crate) fn arity(&self) -> usize {
        match self {
            Fun::Closure { lambda, .. } => lambda.arity,
            Fun::Local { arity, .. } | Fun::Builtin { arity, .. } => *arity,
        }
    }
}

/// A function value as a term (`is_function/1` is true of it; `inspect` shows
/// `#Function<..>`).
pub(crate) fn fun_term(f: Fun) -> Term {
    FunRef::new(f).term()
}

/// The function inside `t`, if it is one.
pub(crate) fn as_fun(t: &Term) -> Option<FunRef> {
    match t {
        Term::Opaque(o) if o.downcast::<Fun>().is_some() => Some(FunRef(o.clone())),
        _ => None,
    }
}

/// A function value, shared with the term that carries it: one allocation for both
/// (an `Opaque` holding the `Fun` itself).
#[derive(Clone, Debug)]
pub(crate) struct FunRef(Opaque);

impl FunRef {
    /// `f`, as a value of its own.
    pub(crate) fn new(f: Fun) -> FunRef {
        FunRef(Opaque::new("Function", f))
    }

    /// The term that carries it.
    pub(crate) fn term(&self) -> Term {
        Term::Opaque(self.0.clone())
    }
}

impl std::ops::Deref for FunRef {
    type Target = Fun;
    fn deref(&self) -> &Fun {
        self.0
            .downcast::<Fun>()
            .expect("a FunRef is made from a Fun (FunRef::new, as_fun)")
    }
}

/// An Erlang error with a raw term.
pub(crate) fn error(value: Term) -> Exception {
    Exception {
        class: Class::Error,
        value,
    }
}

fn tagged(tag: &'static str, v: Term) -> Exception {
    error(Term::tuple([Term::atom(tag), v]))
}

/// `pattern = v` failed.
pub(crate) fn badmatch(v: Term) -> Exception {
    tagged("badmatch", v)
}

/// No `case` clause matched `v`.
pub(crate) fn case_clause(v: Term) -> Exception {
    tagged("case_clause", v)
}

/// No `with ... else` clause matched `v`.
pub(crate) fn with_clause(v: Term) -> Exception {
    tagged("with_clause", v)
}

/// No `try ... else` clause matched `v`.
pub(crate) fn try_clause(v: Term) -> Exception {
    tagged("try_clause", v)
}

/// No function (or `fn`) clause matched.
pub(crate) fn function_clause() -> Exception {
    error(Term::atom("function_clause"))
}

/// No `cond` condition was truthy (a raw atom on OTP 25, not a struct).
pub(crate) fn cond_clause() -> Exception {
    error(Term::atom("cond_clause"))
}

/// `f.(args)` with `f` not a function.
pub(crate) fn badfun(v: Term) -> Exception {
    tagged("badfun", v)
}

/// `f.(args)` with the wrong number of arguments.
pub(crate) fn badarity(f: Term, args: Vec<Term>) -> Exception {
    tagged("badarity", Term::tuple([f, Term::list(args)]))
}

/// `:badarg`.
pub(crate) fn badarg() -> Exception {
    error(Term::atom("badarg"))
}

/// A call to a function that does not exist.
pub(crate) fn undef() -> Exception {
    error(Term::atom("undef"))
}

/// `m.key` with `key` missing (or `m` not a map).
pub(crate) fn badkey3(key: Term, term: Term) -> Exception {
    error(Term::tuple([Term::atom("badkey"), key, term]))
}

/// `%{m | key: v}` with `key` missing.
pub(crate) fn badkey(key: Term) -> Exception {
    tagged("badkey", key)
}

/// `%{m | ..}` with `m` not a map.
pub(crate) fn badmap(v: Term) -> Exception {
    tagged("badmap", v)
}

/// `and`/`or` with a left side that is not a boolean.
pub(crate) fn badbool(op: &'static str, v: Term) -> Exception {
    error(Term::tuple([Term::atom("badbool"), Term::atom(op), v]))
}

/// `receive ... after t` with `t` neither `:infinity` nor an integer ≥ 0.
pub(crate) fn timeout_value() -> Exception {
    error(Term::atom("timeout_value"))
}

/// A limit of the simulator (not of Elixir) was reached: the run fails with this error,
/// which names the limit.
pub(crate) fn limit(what: &str) -> Exception {
    error(Term::tuple([Term::atom("otpsim_limit"), Term::str(what)]))
}

/// The exception struct `%Name{message: msg}` (for `raise Name, msg`).
pub(crate) fn exception(module: &str, message: &str) -> Term {
    Term::struct_(module, vec![("message", Term::str(message))])
}

/// Stack a walk over a value may need: it recurses once a level (several frames in a
/// debug build), and a value may be [`super::MAX_DEPTH`] levels deep.
const DEEP_RED_ZONE: usize = 1024 * 1024;
/// The stack segment such a walk gets when less than [`DEEP_RED_ZONE`] is left.
const DEEP_SEGMENT: usize = 4 * 1024 * 1024;

/// Runs `f`, a walk over a value as deep as a value may be, on a fresh stack segment when
/// the current one has too little left (the evaluator may already be deep in nested
/// expressions when it copies or measures a value).
pub(crate) fn on_deep_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(DEEP_RED_ZONE, DEEP_SEGMENT, f)
}

/// Why a value is too big to build: more than [`super::MAX_VALUE`] units or nested deeper
/// than [`super::MAX_DEPTH`].
///
/// A list keeps its measure once taken ([`sim::List::memo`]), so a value that holds a
/// list (a process's state `{n, items}` rebuilt at every step) does not walk it again:
/// without that, keeping a growing list in a tuple or a map was quadratic.
pub(crate) fn check_size(v: &Term) -> Result<(), String> {
    // What holds nothing, or a list already measured, needs no walk (nor a look at the
    // stack): most of what the library returns.
    if let Some(units) = flat_units(v) {
        return if units <= super::MAX_VALUE {
            Ok(())
        } else {
            Err(too_large())
        };
    }
    if let Term::List(l) = v
        && l.memo() != 0
    {
        let mut left = super::MAX_VALUE - 1;
        return walk_elements(l, 0, &mut left).map(|_| ());
    }
    if let Term::Map(m) = v
        && m.memo() != 0
    {
        let mut left = super::MAX_VALUE - 1;
        return walk_entries(m, 0, &mut left).map(|_| ());
    }
    on_deep_stack(|| {
        let mut left = super::MAX_VALUE;
        walk_size(v, 0, &mut left).map(|_| ())
    })
}

/// The units of a term that holds no other, `None` for one that does.
#[inline]
fn flat_units(t: &Term) -> Option<usize> {
    match t {
        Term::Int(_) | Term::Float(_) | Term::Pid(_) | Term::Ref(_) | Term::Opaque(_) => Some(1),
        Term::Atom(a) => Some(1 + a.as_str().len()),
        Term::Str(s) => Some(1 + s.len()),
        Term::Tuple(_) | Term::List(_) | Term::Map(_) | Term::Struct(_) => None,
    }
}

/// Why `[items | tail]` is too big to build; else it is, and its measure is kept with it.
/// The tail's measure is usually kept already (a list built from the front, a list held
/// in a value): then only the new elements are walked, and building a list from the front
/// is linear, as on the BEAM.
pub(crate) fn cons(items: Vec<Term>, tail: sim::List) -> Result<sim::List, String> {
    on_deep_stack(|| {
        let mut left = super::MAX_VALUE - 1;
        let mut height = walk_elements(&tail, 0, &mut left)?;
        for i in &items {
            height = height.max(1 + walk_size(i, 1, &mut left)?);
        }
        let list = sim::List::prepend(items, tail);
        list.set_memo(pack(super::MAX_VALUE - left, height));
        Ok(list)
    })
}

/// A list's measure in its memo: units (at most `MAX_VALUE`, below 2^21) in the low bits,
/// the height (how deep its elements nest below it, at most `MAX_DEPTH`) above them.
const UNIT_BITS: u32 = 21;
const _: () = assert!(super::MAX_VALUE < 1 << UNIT_BITS);
const _: () = assert!(super::MAX_DEPTH < 1 << (32 - UNIT_BITS));

fn pack(units: usize, height: usize) -> u32 {
    (height as u32) << UNIT_BITS | units as u32
}

fn unpack(memo: u32) -> (usize, usize) {
    (
        (memo & ((1 << UNIT_BITS) - 1)) as usize,
        (memo >> UNIT_BITS) as usize,
    )
}

fn too_large() -> String {
    format!(
        "built a value larger than {} units (elements, plus bytes of text)",
        super::MAX_VALUE
    )
}

fn too_deep() -> String {
    format!(
        "built a value nested deeper than {} levels",
        super::MAX_DEPTH
    )
}

/// Takes `t`'s units, and those of what it holds, from `left`: an error when they run out
/// or `t` nests past [`super::MAX_DEPTH`] (`depth` is `t`'s own). Returns how deep `t`'s
/// contents nest below it (0 for a term that holds nothing).
fn walk_size(t: &Term, depth: usize, left: &mut usize) -> Result<usize, String> {
    if depth > super::MAX_DEPTH {
        return Err(too_deep());
    }
    let own = match t {
        Term::Str(s) => 1 + s.len(),
        Term::Atom(a) => 1 + a.as_str().len(),
        _ => 1,
    };
    if own > *left {
        return Err(too_large());
    }
    *left -= own;
    let mut height = 0;
    let mut walk = |t: &Term| -> Result<(), String> {
        match flat_units(t) {
            // (Counted here, without a call; its depth is checked below.)
            Some(units) => {
                *left = left.checked_sub(units).ok_or_else(too_large)?;
                height = height.max(1);
            }
            None => height = height.max(1 + walk_size(t, depth + 1, left)?),
        }
        Ok(())
    };
    match t {
        Term::Tuple(items) => items.iter().try_for_each(walk)?,
        Term::List(l) => return walk_elements(l, depth, left),
        Term::Map(m) => return walk_entries(m, depth, left),
        Term::Struct(s) => s.fields.iter().try_for_each(|(_, v)| walk(v))?,
        Term::Atom(_)
        | Term::Int(_)
        | Term::Float(_)
        | Term::Str(_)
        | Term::Pid(_)
        | Term::Ref(_)
        | Term::Opaque(_) => {}
    }
    if height > 0 && depth + height > super::MAX_DEPTH {
        return Err(too_deep());
    }
    Ok(height)
}

/// [`walk_size`] of a list's elements (the list itself at `depth`, its own unit taken):
/// from its memo if it has one, else walked, and the memo kept.
fn walk_elements(l: &sim::List, depth: usize, left: &mut usize) -> Result<usize, String> {
    let memo = l.memo();
    if memo != 0 {
        let (units, height) = unpack(memo);
        if depth + height > super::MAX_DEPTH {
            return Err(too_deep());
        }
        // (The list's own unit is in `units` and was taken by the caller.)
        *left = left.checked_sub(units - 1).ok_or_else(too_large)?;
        return Ok(height);
    }
    let before = *left;
    let mut height = 0;
    for i in l {
        // (An element that holds nothing is counted here, without a call: a list of
        // integers is walked at a few instructions an element.)
        match flat_units(i) {
            Some(units) => {
                *left = left.checked_sub(units).ok_or_else(too_large)?;
                height = height.max(1);
            }
            None => height = height.max(1 + walk_size(i, depth + 1, left)?),
        }
    }
    if height > 0 && depth + height > super::MAX_DEPTH {
        return Err(too_deep());
    }
    l.set_memo(pack(1 + before - *left, height));
    Ok(height)
}

/// [`walk_size`] of a map's entries (the map itself at `depth`, its own unit taken): from
/// its memo if it keeps one (a map of more than 32 keys, [`sim::Map::memo`]), else walked,
/// and the memo kept.
fn walk_entries(m: &sim::Map, depth: usize, left: &mut usize) -> Result<usize, String> {
    let memo = m.memo();
    if memo != 0 {
        let Measure { units, height, .. } = Measure::unpack(memo);
        if depth + height > super::MAX_DEPTH {
            return Err(too_deep());
        }
        *left = left.checked_sub(units - 1).ok_or_else(too_large)?;
        return Ok(height);
    }
    let before = *left;
    let mut measure = Measure::default();
    for (k, v) in m {
        let h = entry_size(k, depth, left)?.max(entry_size(v, depth, left)?);
        measure.add(h);
    }
    let height = measure.height;
    if height > 0 && depth + height > super::MAX_DEPTH {
        return Err(too_deep());
    }
    measure.units = 1 + before - *left;
    m.set_memo(measure.pack());
    Ok(height)
}

/// A large map's measure, as its memo keeps it: its units, its height (how deep its
/// entries nest below it), and how many entries are that deep (`tall`), so that taking
/// out the deepest entry of several keeps the height exact.
#[derive(Default, Debug, PartialEq)]
struct Measure {
    units: usize,
    height: usize,
    tall: u32,
}

impl Measure {
    /// An entry `h` deep is in the map.
    fn add(&mut self, h: usize) {
        if h > self.height {
            (self.height, self.tall) = (h, 1);
        } else if h == self.height {
            self.tall += 1;
        }
    }

    /// Units in the low bits (below 2^21), the height above them (below 2^11), `tall` in
    /// the high 32 bits.
    fn pack(&self) -> u64 {
        u64::from(self.tall) << 32 | u64::from(pack(self.units, self.height))
    }

    fn unpack(memo: u64) -> Measure {
        let (units, height) = unpack(memo as u32);
        Measure {
            units,
            height,
            tall: (memo >> 32) as u32,
        }
    }
}

/// Takes the units of `t`, a key or a value of a map at `depth`, from `left`; how deep it
/// nests below the map.
#[inline]
fn entry_size(t: &Term, depth: usize, left: &mut usize) -> Result<usize, String> {
    match flat_units(t) {
        Some(units) => {
            *left = left.checked_sub(units).ok_or_else(too_large)?;
            Ok(1)
        }
        None => Ok(1 + walk_size(t, depth + 1, left)?),
    }
}

/// [`check_size`] of `v`, a result made from `olds` (a library function's arguments, a
/// map update's map): a map of more than 32 keys made from one already measured (a put,
/// a delete, an update, a merge into it) is measured by what changed, so that a loop that
/// grows a large map is linear, as on the BEAM. It is measured from the largest measured
/// map among `olds` (a merge's result shares the large side's tree, not the small one's).
/// A `MapSet` made from others (a put into one, a union) is measured so by its map.
pub(crate) fn check_size_from(v: &Term, olds: &[Term]) -> Result<(), String> {
    // A set's map, for a set.
    let set_map = |t: &Term| match t {
        Term::Struct(s) if s.name.as_str() == "Elixir.MapSet" => t.field("map").cloned(),
        _ => None,
    };
    if let Some(new) = set_map(v) {
        let olds: Vec<Term> = olds.iter().filter_map(set_map).collect();
        if !olds.is_empty() {
            // The map measured by what changed, the set then by its map's memo.
            check_size_from(&new, &olds)?;
        }
        return check_size(v);
    }
    if let Term::Map(new) = v
        && new.memo() == 0
    {
        let from = (olds.iter())
            .filter_map(|o| match o {
                Term::Map(old) if old.memo() != 0 => Some(old),
                _ => None,
            })
            .max_by_key(|old| old.len());
        if let Some(old) = from
            && let Some(memo) = on_deep_stack(|| measure_from(new, old))
        {
            new.set_memo(memo?);
            return Ok(());
        }
    }
    check_size(v)
}

/// The memo of `new` from that of `old` and what changed between them; `None` if `new`
/// is not made from `old` that way (either is kept as an array), or if what was taken out
/// held every entry as deep as the map's height (a walk then finds the new height).
fn measure_from(new: &sim::Map, old: &sim::Map) -> Option<Result<u64, String>> {
    let mut m = Measure::unpack(old.memo());
    // `Some(None)`: measure the whole map instead; `Some(Some(e))`: too large or deep.
    let mut failed: Option<Option<String>> = None;
    new.changes_from(old, |change, k, v| {
        if failed.is_some() {
            return;
        }
        // The entry's measure, as `walk_entries` takes it at depth 0.
        let mut left = super::MAX_VALUE;
        let entry =
            entry_size(k, 0, &mut left).and_then(|hk| Ok(hk.max(entry_size(v, 0, &mut left)?)));
        let units = super::MAX_VALUE - left;
        match (entry, change) {
            (Err(e), _) => failed = Some(Some(e)),
            (Ok(h), sim::Change::Removed) => match m.units.checked_sub(units) {
                Some(rest) => {
                    m.units = rest;
                    if h == m.height {
                        // (May reach 0 and come back up with the entries added.)
                        m.tall = m.tall.saturating_sub(1);
                    }
                }
                // (Not what the memo counted.)
                None => failed = Some(None),
            },
            (Ok(h), sim::Change::Added) => {
                m.units += units;
                m.add(h);
            }
        }
    })?;
    Some(match failed {
        Some(None) => return None,
        Some(Some(e)) => Err(e),
        // No entry is as deep as the height any more: only a walk knows how deep it is.
        None if m.tall == 0 && !new.is_empty() => return None,
        None if new.is_empty() => Ok(Measure {
            units: 1,
            height: 0,
            tall: 0,
        }
        .pack()),
        None if m.units > super::MAX_VALUE => Err(too_large()),
        None if m.height > super::MAX_DEPTH => Err(too_deep()),
        None => Ok(m.pack()),
    })
}

/// `Timeout` from a term: an integer ≥ 0 or `:infinity`.
pub(crate) fn timeout_of(t: &Term) -> Option<sim::Timeout> {
    match t {
        Term::Int(ms) if *ms >= 0 => Some(sim::Timeout::Ms(*ms as u64)),
        t if t.is_atom("infinity") => Some(sim::Timeout::Infinity),
        _ => None,
    }
}

/// The text of a module atom (`Elixir.Task` → `Task`, `:timer` → `:timer`).
pub(crate) fn module_name(t: &Term) -> Option<String> {
    match t {
        Term::Atom(a) => Some(match a.as_str().strip_prefix("Elixir.") {
            Some(m) => m.to_string(),
            None => format!(":{}", a.as_str()),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{check_size, check_size_from, cons};
    use crate::interp::{MAX_DEPTH, MAX_VALUE};
    use sim::{List, Term};

    fn ints(n: usize) -> Term {
        Term::list((0..n as i64).map(Term::Int).collect::<Vec<_>>())
    }

    #[test]
    fn a_kept_measure_gives_the_answers_a_walk_gives() {
        // A list of MAX_VALUE - 2 integers is MAX_VALUE - 1 units; in a 1-tuple, MAX_VALUE.
        for memo_first in [false, true] {
            let l = ints(MAX_VALUE - 2);
            if memo_first {
                assert!(check_size(&l).is_ok());
                assert_ne!(l.as_list().unwrap().memo(), 0);
            }
            assert!(check_size(&Term::tuple([l.clone()])).is_ok());
            assert!(check_size(&Term::tuple([l.clone(), Term::Int(1)])).is_err());
            let Term::List(list) = l else { unreachable!() };
            assert!(cons(vec![], list.clone()).is_ok());
            assert!(cons(vec![Term::Int(1)], list.clone()).is_ok());
            assert!(cons(vec![Term::Int(1), Term::Int(2)], list).is_err());
        }
    }

    #[test]
    fn doubling_through_lists_is_caught_with_measures_kept() {
        // `x = [x, x]` and `x = [x | x]`, each of which doubles the value's units.
        let mut x = Term::Int(1);
        let mut rounds = 0;
        while check_size(&x).is_ok() {
            x = Term::list([x.clone(), x.clone()]);
            rounds += 1;
            assert!(rounds < 25, "{rounds} doublings passed");
        }
        let mut x = List::from(vec![Term::Int(1)]);
        for round in 0.. {
            match cons(vec![Term::List(x.clone())], x.clone()) {
                Ok(l) => x = l,
                Err(e) => {
                    assert!(e.contains("larger than"), "{e}");
                    break;
                }
            }
            assert!(round < 25, "{round} doublings passed");
        }
    }

    #[test]
    fn nesting_through_prepends_is_caught() {
        // `x = [x]`, then `[0 | [x]]`: the height comes from the kept measure.
        let mut x = List::new();
        for depth in 0.. {
            match cons(vec![Term::List(x.clone())], List::new()) {
                Ok(l) => x = l,
                Err(e) => {
                    assert!(e.contains("deeper than"), "{e}");
                    assert_eq!(depth, MAX_DEPTH);
                    break;
                }
            }
        }
        let deep = cons(vec![Term::Int(0)], x.clone()).expect("as deep as x");
        assert!(check_size(&Term::List(deep.clone())).is_ok());
        assert!(check_size(&Term::tuple([Term::List(deep)])).is_err());
    }

    /// A map's memo as the size check keeps it, after `check_size`.
    fn memo_of(m: &Term) -> u64 {
        let Term::Map(map) = m else { unreachable!() };
        map.memo()
    }

    #[test]
    fn a_large_map_made_from_a_measured_one_is_measured_as_a_walk_measures_it() {
        let base: Term = Term::map(
            (0..100)
                .map(|i| (Term::Int(i), ints(i as usize % 7)))
                .collect::<Vec<_>>(),
        );
        assert!(check_size(&base).is_ok());
        assert_ne!(memo_of(&base), 0);
        let Term::Map(m) = &base else { unreachable!() };
        // A put of a new key, a put over a key, a delete: each measured by what changed,
        // then compared with a fresh walk of the same entries.
        let deep = Term::tuple([Term::tuple([Term::tuple([Term::Int(1)])])]);
        let strukt = Term::new_struct(
            sim::Atom::Static("Elixir.S"),
            vec![(sim::Atom::Static("field_with_a_long_name"), Term::Int(1))],
        );
        let plain = Term::map(vec![
            (Term::atom("__struct__"), Term::atom("Elixir.S")),
            (Term::atom("field_with_a_long_name"), Term::Int(1)),
        ]);
        let with_struct_key = m.insert(strukt, Term::Int(1));
        let edits = [
            // A new key, a key put over, a delete.
            (
                base.clone(),
                m.insert(Term::Int(1000), Term::tuple([ints(3), Term::str("text")])),
            ),
            (base.clone(), m.insert(Term::Int(5), Term::Int(0))),
            (base.clone(), m.insert(Term::Int(6), ints(20))),
            (base.clone(), m.remove(&Term::Int(9))),
            // The deepest entry put in, then taken out: the height comes back down.
            (base.clone(), m.insert(Term::Int(7), deep.clone())),
            (
                Term::Map(m.insert(Term::Int(7), deep.clone())),
                m.insert(Term::Int(7), Term::Int(0)),
            ),
            // A key put again in another form (a struct, then the map it equals).
            (
                Term::Map(with_struct_key.clone()),
                with_struct_key.insert(plain, Term::Int(1)),
            ),
        ];
        for (from, edited) in edits {
            assert!(check_size(&from).is_ok());
            let made = Term::Map(edited.clone());
            assert!(check_size_from(&made, std::slice::from_ref(&from)).is_ok());
            let fresh = Term::map(edited.to_vec());
            assert!(check_size(&fresh).is_ok());
            assert_eq!(memo_of(&made), memo_of(&fresh), "{made}");
        }
    }

    /// Puts into a 40-key map, at key `key(round)`, the map itself, round after round,
    /// until the size check refuses the result: how many rounds passed, and why.
    fn put_itself_until_refused(key: impl Fn(i64) -> Term) -> (i64, String) {
        let mut m: Term = Term::map(
            (0..40)
                .map(|i| (Term::Int(i), Term::Int(i)))
                .collect::<Vec<_>>(),
        );
        assert!(check_size(&m).is_ok());
        for round in 0.. {
            let Term::Map(map) = &m else { unreachable!() };
            let next = Term::Map(map.insert(key(round), m.clone()));
            match check_size_from(&next, std::slice::from_ref(&m)) {
                Ok(()) => m = next,
                Err(e) => return (round, e),
            }
            assert!(round <= MAX_DEPTH as i64, "{round} rounds passed");
        }
        unreachable!()
    }

    #[test]
    fn doubling_and_nesting_through_large_maps_are_caught() {
        // `Map.put(m, new_key, m)` doubles the value's units at each round.
        let (rounds, e) = put_itself_until_refused(|round| Term::Int(1000 + round));
        assert!(e.contains("larger than"), "{e}");
        assert!(rounds < 25, "{rounds} doublings passed");
        // `Map.put(m, :same, m)`: a large map inside a large map inside ...; the height
        // comes from the memos.
        let (depth, e) = put_itself_until_refused(|_| Term::Int(-1));
        assert!(
            e.contains("deeper than") || e.contains("larger than"),
            "{e}"
        );
        assert!(depth > 10, "{depth}");
    }
}
