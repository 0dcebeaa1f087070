//! What `rescue` binds when a builtin of the library fails with a raw error: Elixir 1.14
//! turns `:function_clause` into a `FunctionClauseError` naming the function whose clauses
//! did not match (the top frame of the stacktrace: the builtin itself, at the arity it is
//! defined with, default arguments included), and `:badarg` from a BIF into an
//! `ArgumentError` whose message is OTP 25's error info for the argument that was wrong.
//! Each case is checked on the VM by `docs/probes/pure_builtins.exs`, whose recording
//! carries the site (` in String.upcase/2`) or the message of every such failure.

use super::exceptions::error_info;
use crate::ir::Builtin;
use sim::Term;

/// The module, function and arity a `:function_clause` of `b` called with `args` is
/// reported at.
fn clause_site(b: Builtin, args: &[Term]) -> (Term, &'static str, usize) {
    use Builtin as B;
    let info = b.info();
    let elixir = |arity| (Term::module(info.module), info.function, arity);
    match b {
        // `List`'s functions that are `:lists`' own.
        B::ListFlatten => (Term::atom("lists"), "flatten", 1),
        B::ListDuplicate => (Term::atom("lists"), "duplicate", 2),
        // Defined with default arguments the table does not take.
        B::StringUpcase | B::StringDowncase | B::StringCapitalize => elixir(2),
        B::StringSplit if args.len() == 2 => elixir(3),
        B::EnumAt => elixir(3),
        // Separate functions at each arity, not default arguments.
        B::StringSlice | B::EnumSlice => elixir(args.len()),
        B::TaskYieldMany => elixir(3),
        // `List.delete_at/2` guards its index; past that, `pop_at`'s helper's clause.
        B::ListDeleteAt if !matches!(args.get(1), Some(Term::Int(_))) => elixir(2),
        B::ListDeleteAt => (Term::module("List"), "do_pop_at", 4),
        B::IntegerParse => elixir(2),
        // `:lists.keystore/4` and `keydelete/3` past `List`'s `is_integer` guard: theirs
        // takes a position of at least 1 (and a tuple), their helper only lists.
        B::ListKeystore => match args {
            [_, _, Term::Int(p), Term::Tuple(_)] if *p >= 0 => {
                (Term::atom("lists"), "keystore2", 4)
            }
            [_, _, Term::Int(_), _] => (Term::atom("lists"), "keystore", 4),
            _ => elixir(4),
        },
        B::ListKeydelete => match args {
            [_, _, Term::Int(p)] if *p >= 0 => (Term::atom("lists"), "keydelete3", 3),
            [_, _, Term::Int(_)] => (Term::atom("lists"), "keydelete", 3),
            _ => elixir(3),
        },
        // Guarded; past the guard, the helper that walks the list takes only pairs.
        B::KeywordGetValues if matches!(args, [Term::List(_), Term::Atom(_)]) => elixir(3),
        B::KeywordPop if matches!(args, [Term::List(_), Term::Atom(_), ..]) => {
            (Term::module("Keyword"), "delete_key", 2)
        }
        B::FloatParse => (Term::module("Float"), "parse_unsigned", 1),
        _ => match info.module.strip_prefix(':') {
            Some(erlang) => (Term::atom_dyn(erlang), info.function, args.len()),
            None => elixir(info.max_arity),
        },
    }
}

/// OTP 25's error info for a `:badarg` of BIF-backed builtin `b` with `args`: which
/// argument was wrong and how; `None` for a builtin this does not know.
fn badarg_info(b: Builtin, args: &[Term]) -> Option<Vec<(usize, &'static str)>> {
    use Builtin as B;
    let is_tuple = |t: &Term| matches!(t, Term::Tuple(_));
    Some(match (b, args) {
        (B::IntegerToString, [i, rest @ ..]) => {
            let base_ok = match rest.first() {
                None => true,
                Some(Term::Int(b)) => (2..=36).contains(b),
                Some(_) => false,
            };
            [
                (!matches!(i, Term::Int(_))).then_some((1, "not an integer")),
                (!base_ok).then_some((2, "not an integer in the range 2 through 36")),
            ]
            .into_iter()
            .flatten()
            .collect()
        }
        (B::AtomToString, _) => vec![(1, "not an atom")],
        (B::Round | B::Trunc | B::Ceil | B::Floor, _) => vec![(1, "not a number")],
        (B::StringToInteger, [Term::Str(_)]) => {
            vec![(1, "not a textual representation of an integer")]
        }
        (B::StringToFloat | B::FloatParse, [Term::Str(_)]) => {
            vec![(1, "not a textual representation of a float")]
        }
        (B::StringToInteger | B::StringToAtom | B::StringToFloat, _) => vec![(1, "not a binary")],
        (B::Hd | B::Tl, _) => vec![(1, "not a nonempty list")],
        (B::TupleSize | B::TupleToList | B::TupleAppend, _) => vec![(1, "not a tuple")],
        // `:lists.keymember(key, position + 1, list)`.
        (B::ListKeymember, [list, _, Term::Int(p)]) => [
            (*p < 0).then_some((2, "out of range")),
            (!matches!(list, Term::List(_))).then_some((3, "not a list")),
        ]
        .into_iter()
        .flatten()
        .collect(),
        (B::ListToTuple, _) => vec![(1, "not a list")],
        (B::Abs, _) => vec![(1, "not a number")],
        // `:erlang.element(i + 1, t)` and `setelement/3`: the index is the first.
        (B::Elem | B::PutElem, [t, Term::Float(_), ..]) => [
            Some((1, "not an integer")),
            (!is_tuple(t)).then_some((2, "not a tuple")),
        ]
        .into_iter()
        .flatten()
        .collect(),
        // `:erlang.send_after(time, dest, msg)`: the time first.
        (B::ProcessSendAfter, [to, _, ms, ..]) => [
            match ms {
                Term::Int(ms) if *ms < 0 => Some((1, "out of range")),
                Term::Int(_) => None,
                _ => Some((1, "not an integer")),
            },
            (!matches!(to, Term::Pid(_) | Term::Ref(_) | Term::Atom(_)))
                .then_some((2, "not a pid or an atom")),
        ]
        .into_iter()
        .flatten()
        .collect(),
        (B::ProcessCancelTimer, [r, ..]) if !matches!(r, Term::Ref(_)) => {
            vec![(1, "not a reference")]
        }
        // `:erlang.monitor(:process, pid)`.
        (B::ProcessMonitor, _) => vec![(2, "not a pid")],
        // `link/1`, `unlink/1`, `exit/2`, `is_process_alive/1` of what is no pid.
        (B::ProcessLink | B::ProcessUnlink | B::ProcessExit | B::ProcessAlive, _) => {
            vec![(1, "not a pid")]
        }
        // `:erlang.demonitor(ref, opts)`.
        (B::ProcessDemonitor, [r, ..]) if !matches!(r, Term::Ref(_)) => {
            vec![(1, "not a reference")]
        }
        (B::ProcessDemonitor, _) => vec![(2, "invalid option in list")],
        // `:erlang.process_flag(:trap_exit, value)` of a value that is no boolean.
        (B::ProcessFlag, _) => vec![(2, "invalid value for this process flag")],
        // `String.split/1` of what is no string (`:binary.split/3`'s).
        (B::StringSplit, [_]) => vec![(1, "not a binary")],
        // `:io.put_chars(device, chardata)`.
        (B::IoPuts, _) => vec![(2, "not valid character data (an iodata term)")],
        (B::MathPow | B::MathSqrt, args) => (args.iter().enumerate())
            .filter(|(_, a)| !matches!(a, Term::Int(_) | Term::Float(_)))
            .map(|(i, _)| (i + 1, "not a number"))
            .collect(),
        (B::Elem | B::PutElem, [t, ..]) if !is_tuple(t) => vec![(2, "not a tuple")],
        (B::Elem | B::PutElem, _) => vec![(1, "out of range")],
        // `:binary.copy(s, n)`.
        (B::StringDuplicate, [Term::Str(_), Term::Int(_)]) => vec![(2, "out of range")],
        (B::StringDuplicate, [Term::Str(_), _]) => vec![(2, "not an integer")],
        (B::StringDuplicate, _) => vec![(1, "not a binary")],
        _ => return None,
    })
}

/// The exception `rescue` binds for raw error `value` raised by `b` with `args`, where
/// the builtin decides it (`None`: the generic `Exception.normalize/3` applies).
pub(crate) fn rescued(b: Builtin, args: &[Term], value: &Term) -> Option<Term> {
    if value.is_atom("function_clause") {
        let (module, function, arity) = clause_site(b, args);
        return Some(super::function_clause_error(
            module,
            Term::atom(function),
            arity,
        ));
    }
    if value.is_atom("badarg") {
        return badarg_info(b, args).map(|wrong| error_info(&wrong));
    }
    None
}
