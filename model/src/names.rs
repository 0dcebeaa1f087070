//! Process names as `GenServer`, `Supervisor` and friends accept them: a local atom,
//! `{:global, term}` and `{:via, :global, term}` (semantics §1.10). On one node `:global`
//! is a second name table whose names are any term; `{:via, :global, n}` is the same table
//! reached through the `:via` protocol.

use sim::{Pid, Proc, Term};

/// A name a process can be registered under.
#[derive(Clone, Debug, PartialEq)]
pub enum Name {
    /// `name: :atom` (`Process.register/2`).
    Local(String),
    /// `{:global, term}`.
    Global(Term),
    /// `{:via, :global, term}`.
    ViaGlobal(Term),
}

impl Name {
    /// The name from its term, or `None` when it is none of the three forms.
    pub fn from_term(t: &Term) -> Option<Name> {
        match t {
            Term::Atom(a) if !t.is_atom("nil") => Some(Name::Local(a.as_str().to_string())),
            _ => match t.as_tuple()? {
                [g, n] if g.is_atom("global") => Some(Name::Global(n.clone())),
                [v, m, n] if v.is_atom("via") && m.is_atom("global") => {
                    Some(Name::ViaGlobal(n.clone()))
                }
                _ => None,
            },
        }
    }

    /// The term a program writes (what exit reasons show).
    pub fn to_term(&self) -> Term {
        match self {
            Name::Local(n) => Term::atom_dyn(n),
            Name::Global(n) => Term::tuple([Term::atom("global"), n.clone()]),
            Name::ViaGlobal(n) => Term::tuple([Term::atom("via"), Term::atom("global"), n.clone()]),
        }
    }

    /// Who has the name.
    pub fn whereis(&self, p: &Proc) -> Option<Pid> {
        match self {
            Name::Local(n) => p.whereis(n),
            Name::Global(n) | Name::ViaGlobal(n) => p.whereis_global(n),
        }
    }

    /// Frees the name (`gen:unregister_name/1`: a server whose `init` failed frees it
    /// before it answers its starter).
    pub fn unregister(&self, p: &Proc) {
        match self {
            Name::Local(n) => {
                p.unregister(n);
            }
            Name::Global(n) | Name::ViaGlobal(n) => p.unregister_global(n),
        }
    }

    /// Registers `pid` under the name: `false` if it is taken.
    pub fn register(&self, p: &Proc, pid: Pid) -> bool {
        match self {
            Name::Local(n) => p.register(n, pid),
            Name::Global(n) | Name::ViaGlobal(n) => p.register_global(n.clone(), pid),
        }
    }
}

impl std::convert::From<&str> for Name {
    /// A local name.
    fn from(n: &str) -> Name {
        Name::Local(n.to_string())
    }
}
