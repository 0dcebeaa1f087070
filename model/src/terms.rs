//! Small term constructors and message-shape tests shared by the model.

use sim::{Ref, Term};

/// `{module, fun, arity}` with an Erlang module name (`:erlang`).
pub fn mod_fun_args(m: &'static str, f: &'static str, arity: i64) -> Term {
    Term::tuple([Term::atom(m), Term::atom(f), Term::Int(arity)])
}

/// The `mfa` of an anonymous-function task in its start message: `{:erlang, :apply, [fun, []]}`
/// (the function itself cannot cross into a term; it is shown as `:fun`). Built once per
/// thread: every task's start message holds it, and a tuple's copy is a reference count.
pub fn mfa_apply() -> Term {
    thread_local! {
        static MFA_APPLY: Term = Term::tuple([
            Term::atom("erlang"),
            Term::atom("apply"),
            Term::list([Term::atom("fun"), Term::empty_list()]),
        ]);
    }
    MFA_APPLY.with(Term::clone)
}

/// `{:erlang, :apply, 2}`: the `mfa` of a `%Task{}` of an anonymous function (built once
/// per thread, like [`mfa_apply`]).
pub fn mfa_erlang_apply_2() -> Term {
    thread_local! {
        static ERLANG_APPLY_2: Term = mod_fun_args("erlang", "apply", 2);
    }
    ERLANG_APPLY_2.with(Term::clone)
}

/// `{:erlang, :apply, [fun, args]}`: the `mfa` of an anonymous function applied to `args`
/// (how a stream task's start message carries its input; the function is shown as `:fun`).
pub fn mfa_apply_args(args: Vec<Term>) -> Term {
    Term::tuple([
        Term::atom("erlang"),
        Term::atom("apply"),
        Term::list([Term::atom("fun"), Term::list(args)]),
    ])
}

/// `%ArgumentError{message: msg}`.
pub fn argument_error(msg: &str) -> Term {
    Term::struct_("ArgumentError", vec![("message", Term::str(msg))])
}

/// `{^r, _}`: a task reply.
pub fn is_reply(m: &Term, r: Ref) -> bool {
    matches!(m.as_tuple(), Some([Term::Ref(x), _]) if *x == r)
}

/// The ref of a task reply `{ref, _}` or of a DOWN `{:DOWN, ref, _, _, _}`: what
/// [`is_reply`] and [`is_down`] would match it against, read off once.
pub fn reply_or_down_ref(m: &Term) -> Option<Ref> {
    match m.as_tuple() {
        Some([Term::Ref(r), _]) => Some(*r),
        Some([tag, Term::Ref(r), _, _, _]) if tag.is_atom("DOWN") => Some(*r),
        _ => None,
    }
}

/// Whether `m` is `{:DOWN, ^r, _, _, _}` (what a receive matches on: [`is_down`] without
/// copying the reason out).
pub fn is_down_ref(m: &Term, r: Ref) -> bool {
    matches!(m.as_tuple(), Some([tag, Term::Ref(x), _, _, _]) if *x == r && tag.is_atom("DOWN"))
}

/// `{:DOWN, ^r, _, _, reason}` ⇒ `Some(reason)`.
pub fn is_down(m: &Term, r: Ref) -> Option<Term> {
    match m.as_tuple() {
        Some([tag, Term::Ref(x), _, _, reason]) if tag.is_atom("DOWN") && *x == r => {
            Some(reason.clone())
        }
        _ => None,
    }
}

/// `{:DOWN, ^r, _, proc, reason}` ⇒ `Some((proc, reason))`: the pid, or `{name, node}` for a
/// monitor taken on a name (SEMANTICS §1.6).
pub fn down_of(m: &Term, r: Ref) -> Option<(Term, Term)> {
    match m.as_tuple() {
        Some([tag, Term::Ref(x), _, who, reason]) if tag.is_atom("DOWN") && *x == r => {
            Some((who.clone(), reason.clone()))
        }
        _ => None,
    }
}

/// The one node of a run: `node()` of any pid, as under `elixir file.exs`.
pub fn this_node() -> Term {
    Term::atom("nonode@nohost")
}

/// `{:EXIT, ^pid, reason}` ⇒ `Some(reason)`.
pub fn is_exit_from(m: &Term, pid: sim::Pid) -> Option<Term> {
    match m.as_tuple() {
        Some([tag, Term::Pid(x), reason]) if tag.is_atom("EXIT") && *x == pid => {
            Some(reason.clone())
        }
        _ => None,
    }
}

/// `:erlang.raise(kind, reason, stacktrace)`: raises a caught exception again, in its class.
pub async fn reraise<T>(p: &sim::Proc, exc: sim::Exception) -> T {
    match exc.class {
        sim::Class::Exit => p.exit(exc.value).await,
        sim::Class::Error => p.raise(exc.value).await,
        sim::Class::Throw => p.throw(exc.value).await,
    }
}
