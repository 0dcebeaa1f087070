//! Child specifications (SEMANTICS §4.1), shared by `Supervisor`, `DynamicSupervisor` and
//! `Task.Supervisor`.

use crate::gen_server::{self, Server};
use sim::{Proc, Term};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// A boxed start function. It runs inside the supervisor process, must start **and link**
/// the child, and returns what a start function returns in Elixir: `{:ok, pid}`,
/// `{:ok, pid, info}`, `:ignore`, `{:error, reason}` — or anything else, or it raises.
/// Its second argument is the start arguments (`extra_arguments ++ args` under a
/// `DynamicSupervisor`, see [`ChildSpec::args`]).
pub type StartFn = Rc<dyn Fn(Proc, Vec<Term>) -> Pin<Box<dyn Future<Output = Term>>>>;

/// `:restart` of a child spec (§4.2).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Restart {
    /// Always restarted.
    Permanent,
    /// Restarted unless it exits `:normal`, `:shutdown` or `{:shutdown, _}`.
    Transient,
    /// Never restarted.
    Temporary,
}

impl Restart {
    /// The atom.
    pub fn to_term(self) -> Term {
        Term::atom(match self {
            Restart::Permanent => "permanent",
            Restart::Transient => "transient",
            Restart::Temporary => "temporary",
        })
    }
}

/// `:shutdown` of a child spec (§4.4).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ShutdownSpec {
    /// `:brutal_kill`
    BrutalKill,
    /// Milliseconds between `:shutdown` and `:kill`.
    Ms(u64),
    /// Wait for the child forever.
    Infinity,
}

impl ShutdownSpec {
    /// The term.
    pub fn to_term(self) -> Term {
        match self {
            ShutdownSpec::BrutalKill => Term::atom("brutal_kill"),
            ShutdownSpec::Ms(ms) => Term::Int(ms as i64),
            ShutdownSpec::Infinity => Term::atom("infinity"),
        }
    }
}

/// `:type` of a child spec.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ChildType {
    /// `:worker`
    Worker,
    /// `:supervisor`
    Supervisor,
}

impl ChildType {
    /// The atom.
    pub fn to_term(self) -> Term {
        Term::atom(match self {
            ChildType::Worker => "worker",
            ChildType::Supervisor => "supervisor",
        })
    }
}

/// A child specification.
#[derive(Clone)]
pub struct ChildSpec {
    /// `:id`.
    pub id: Term,
    /// `:start` (the function of `{m, f, args}`).
    pub start: StartFn,
    /// The `args` of `{m, f, args}`, passed to `start`.
    pub args: Vec<Term>,
    /// `:restart` (default `:permanent`).
    pub restart: Restart,
    /// `:shutdown` (default 5000 for a worker, `:infinity` for a supervisor).
    pub shutdown: ShutdownSpec,
    /// `:type` (default `:worker`).
    pub kind: ChildType,
    /// `:modules` (shown by `which_children`).
    pub modules: Term,
    /// The `{m, f, args}` of `:start` as a term. The start itself is the Rust closure
    /// [`ChildSpec::start`]; this is only what OTP shows of it (the child record in a
    /// `start_child` error, §4.8 b).
    pub mfa: Term,
}

impl fmt::Debug for ChildSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChildSpec")
            .field("id", &self.id.to_string())
            .field("restart", &self.restart)
            .field("shutdown", &self.shutdown)
            .field("kind", &self.kind)
            .finish()
    }
}

impl ChildSpec {
    /// A worker spec with the Elixir defaults (`:permanent`, shutdown 5000).
    pub fn new<F, Fut>(id: Term, start: F) -> ChildSpec
    where
        F: Fn(Proc) -> Fut + 'static,
        Fut: Future<Output = Term> + 'static,
    {
        ChildSpec::with_args(id, vec![], move |p, _args| start(p))
    }

    /// A worker spec whose start function receives its arguments (for
    /// `DynamicSupervisor`'s `:extra_arguments`).
    pub fn with_args<F, Fut>(id: Term, args: Vec<Term>, start: F) -> ChildSpec
    where
        F: Fn(Proc, Vec<Term>) -> Fut + 'static,
        Fut: Future<Output = Term> + 'static,
    {
        // An anonymous function has no module: shown as `{:erlang, :apply, [:fun, args]}`.
        let mfa = Term::tuple([
            Term::atom("erlang"),
            Term::atom("apply"),
            Term::list([Term::atom("fun"), Term::list(args.clone())]),
        ]);
        ChildSpec {
            id,
            start: Rc::new(move |p, a| Box::pin(start(p, a))),
            args,
            restart: Restart::Permanent,
            shutdown: ShutdownSpec::Ms(5000),
            kind: ChildType::Worker,
            modules: Term::empty_list(),
            mfa,
        }
    }

    /// A GenServer child: `start` is `GenServer.start_link` of a fresh server from `make`.
    /// As for `use GenServer` + `Supervisor.child_spec/2`, `:modules` defaults to the
    /// callback module (§4.1 "`:modules` default `[m]`"): here the server type's name, so a
    /// type `W` shows as `[W]` in `which_children`, and `:start` as `{W, :start_link, []}`.
    pub fn gen_server<S: Server>(id: Term, make: impl Fn() -> S + 'static) -> ChildSpec {
        let make = Rc::new(make);
        let module = Term::module(short_type_name::<S>());
        let mut spec = ChildSpec::new(id, move |p| {
            let make = make.clone();
            async move { gen_server::start_link(&p, make(), None).await.to_term() }
        });
        spec.modules = Term::list([module.clone()]);
        spec.mfa = Term::tuple([module, Term::atom("start_link"), Term::empty_list()]);
        spec
    }

    /// `{Task, fun}` under a supervisor: `Task.start_link(fun)`, `restart: :temporary`
    /// (§2.9 `Task.child_spec/1`).
    pub fn task<F, Fut>(id: Term, f: F) -> ChildSpec
    where
        F: Fn(Proc) -> Fut + 'static,
        Fut: Future<Output = Term> + 'static,
    {
        let f = Rc::new(f);
        let mut spec = ChildSpec::new(id, move |p| {
            let f = f.clone();
            async move {
                let pid = crate::task::start_link(&p, move |t| f(t)).await;
                Term::tuple([Term::atom("ok"), Term::Pid(pid)])
            }
        });
        spec.restart = Restart::Temporary;
        spec.modules = Term::list([sim::module!("Task")]);
        spec.mfa = Term::tuple([
            sim::module!("Task"),
            Term::atom("start_link"),
            Term::list([Term::atom("fun")]),
        ]);
        spec
    }

    /// Sets `:restart`.
    pub fn restart(mut self, r: Restart) -> Self {
        self.restart = r;
        self
    }
    /// Sets `:shutdown`.
    pub fn shutdown(mut self, s: ShutdownSpec) -> Self {
        self.shutdown = s;
        self
    }
    /// Sets `:modules`.
    pub fn modules(mut self, modules: Term) -> Self {
        self.modules = modules;
        self
    }
    /// Sets the `{m, f, args}` term shown for `:start` (see [`ChildSpec::mfa`]).
    pub fn mfa(mut self, mfa: Term) -> Self {
        self.mfa = mfa;
        self
    }
    /// Makes it a `:supervisor` child (shutdown defaults to `:infinity`).
    pub fn supervisor(mut self) -> Self {
        self.kind = ChildType::Supervisor;
        self.shutdown = ShutdownSpec::Infinity;
        self
    }
}

/// The last path segment of a type's name, without generic arguments (`a::b::W<T>` ⇒ `W`).
fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base)
}

/// What a start function's result means (`do_start_child_i` in OTP 25 `supervisor.erl`).
#[derive(Clone, Debug, PartialEq)]
pub enum Started {
    /// `{:ok, pid}` / `{:ok, pid, info}` (info kept for the reply).
    Ok(sim::Pid, Option<Term>),
    /// `:ignore`
    Ignore,
    /// `{:error, reason}` or a garbage return `x` (reason `x`).
    Error(Term),
}

/// Runs a start function inside the supervisor with Erlang `catch` semantics: an error `e`
/// becomes `{:EXIT, {e, st}}`, `exit(r)` becomes `{:EXIT, r}`, `throw(v)` is `v` (§4.8).
pub async fn run_start(p: &Proc, spec: &ChildSpec) -> Started {
    let ret = match p
        .catch_all((spec.start)(p.clone(), spec.args.clone()))
        .await
    {
        Ok(t) => t,
        Err(exc) => match exc.class {
            sim::Class::Throw => exc.value,
            _ => Term::tuple([Term::atom("EXIT"), exc.exit_reason()]),
        },
    };
    classify(ret)
}

/// `DynamicSupervisor`'s `start_child/3` (Elixir `try`, not Erlang `catch`): a raise gives
/// `{:error, {exception, st}}`, `exit(r)` gives `{:error, r}`, `throw(v)` gives
/// `{:error, {{:nocatch, v}, st}}` (§4.8 b).
pub async fn run_start_try(p: &Proc, spec: &ChildSpec, extra: &[Term]) -> Started {
    let args: Vec<Term> = extra.iter().chain(spec.args.iter()).cloned().collect();
    match p.catch_all((spec.start)(p.clone(), args)).await {
        Ok(t) => classify(t),
        Err(exc) => Started::Error(exc.exit_reason()),
    }
}

fn classify(ret: Term) -> Started {
    match ret.as_tuple() {
        Some([ok, Term::Pid(pid)]) if ok.is_atom("ok") => Started::Ok(*pid, None),
        Some([ok, Term::Pid(pid), info]) if ok.is_atom("ok") => {
            Started::Ok(*pid, Some(info.clone()))
        }
        Some([e, r]) if e.is_atom("error") => Started::Error(r.clone()),
        _ if ret.is_atom("ignore") => Started::Ignore,
        _ => Started::Error(ret),
    }
}
