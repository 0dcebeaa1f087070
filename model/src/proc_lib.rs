//! What `proc_lib` and `Task.Supervised` write into a new process's dictionary, and
//! `:proc_lib.initial_call/1` (semantics §2.9):
//!
//! * `:"$ancestors"`: every process started through proc_lib (a GenServer, a supervisor, a
//!   task) gets `[starter | starter's ancestors]`, the starter being its registered name if
//!   it has one, else its pid. A supervisor's children are started by the supervisor, so
//!   theirs begin with the supervisor.
//! * `:"$callers"`: a task gets `[owner | owner's callers]`, always pids; the owner of a
//!   `Task.Supervisor` task is the process that asked for it, not the supervisor. Servers
//!   get none.
//! * `:"$initial_call"`: `{module, function, arity}`; `initial_call/1` turns the arity into
//!   made-up argument names.

use sim::{Proc, Term};

/// The dictionary key `:"$ancestors"`.
pub fn ancestors_key() -> Term {
    Term::atom("$ancestors")
}

/// The dictionary key `:"$callers"`.
pub fn callers_key() -> Term {
    Term::atom("$callers")
}

/// The dictionary key `:"$initial_call"`.
pub fn initial_call_key() -> Term {
    Term::atom("$initial_call")
}

/// The `:"$ancestors"` of a process `p` starts: its name (or pid) in front of its own.
/// (Every child of `p` gets the same list while `p`'s name and ancestors stay: one cell
/// for a fan-out of thousands, not one each.)
pub fn child_ancestors(p: &Proc) -> Term {
    let me = match p.registered_name(p.pid()) {
        Some(n) => Term::atom_dyn(&n),
        None => Term::Pid(p.pid()),
    };
    p.shared_cons(me, p.dict_get(&ancestors_key()))
}

/// The `:"$callers"` of a task `p` owns: its pid in front of its own callers (shared as
/// [`child_ancestors`]'s list is).
pub fn child_callers(p: &Proc) -> Term {
    p.shared_cons(Term::Pid(p.pid()), p.dict_get(&callers_key()))
}

/// What a new process does first: it records its lineage.
#[derive(Clone, Debug)]
pub struct Lineage {
    /// `:"$ancestors"`.
    pub ancestors: Term,
    /// `:"$callers"` (tasks only).
    pub callers: Option<Term>,
}

impl Lineage {
    /// The lineage of a server `p` starts.
    pub fn server(p: &Proc) -> Lineage {
        Lineage {
            ancestors: child_ancestors(p),
            callers: None,
        }
    }

    /// The lineage of a task `p` starts for itself (`Task.async`, `Task.start*`).
    pub fn task(p: &Proc) -> Lineage {
        Lineage {
            ancestors: child_ancestors(p),
            callers: Some(child_callers(p)),
        }
    }

    /// Written into the new process `c`'s dictionary.
    pub fn put(self, c: &Proc) {
        if let Some(callers) = self.callers {
            c.dict_put(callers_key(), callers);
        }
        c.dict_put(ancestors_key(), self.ancestors);
    }
}

/// `Process.put(:"$initial_call", {m, f, arity})` in the calling process.
pub fn put_initial_call(p: &Proc, mfa: Term) {
    p.dict_put(initial_call_key(), mfa);
}

/// `:proc_lib.initial_call(pid)`: `{m, f, [:Argument__1, ...]}` from the process's
/// `:"$initial_call"`, or `false` (dead, or not started through proc_lib).
pub fn initial_call(p: &Proc, pid: sim::Pid) -> Term {
    let found = p.dictionary_of(pid).and_then(|d| {
        d.into_iter()
            .find(|(k, _)| *k == initial_call_key())
            .map(|(_, v)| v)
    });
    match found.as_ref().and_then(Term::as_tuple) {
        Some([m, f, Term::Int(n)]) => {
            let args = (1..=*n)
                .map(|i| Term::atom_dyn(&format!("Argument__{i}")))
                .collect::<Vec<_>>();
            Term::tuple([m.clone(), f.clone(), Term::list(args)])
        }
        _ => Term::bool(false),
    }
}
