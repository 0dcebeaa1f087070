//! `GenServer` with a callback module of the program (`use GenServer`): `model`'s server
//! loop calls the module's `init/1`, `handle_call/3`, `handle_cast/2`, `handle_info/2` and
//! `terminate/2`, each run by the interpreter in the server's process.

use super::super::machine::{Cx, Machine};
use super::super::value::{self, Fun, FunRef};
use super::{arg_or, kw};
use crate::ir::{Builtin, ModId};
use model::gen_server::{self, CallReply, From, Init, Next, NoReply, Server};
use model::names::Name;
use sim::{Proc, Term};
use std::rc::Rc;

/// A GenServer whose callbacks are functions of a module of the program.
pub(crate) struct ModServer {
    m: Rc<Machine>,
    module: ModId,
    arg: Term,
    state: Term,
    /// What the last callback's return asked for before the next message.
    next: Next,
}

impl ModServer {
    fn callback(&self, name: &str, arity: usize) -> Option<FunRef> {
        let m = &self.m.program.modules[self.module as usize];
        m.functions
            .iter()
            .position(|f| &*f.name == name && f.arity == arity)
            .map(|i| {
                FunRef::new(Fun::Local {
                    module: self.module,
                    function: i as u32,
                    arity,
                })
            })
    }

    /// A `handle_cast/2`, `handle_info/2` or `handle_continue/2` return ([`noreply_of`]),
    /// its state and what it asks for next kept.
    fn noreply(&mut self, v: &Term) -> NoReply {
        let (r, state, next) = noreply_of(v);
        self.keep(state, next);
        r
    }

    fn keep(&mut self, state: Option<Term>, next: Option<Next>) {
        if let Some(s) = state {
            self.state = s;
        }
        if let Some(n) = next {
            self.next = n;
        }
    }

    /// See [`then_of`]; kept for [`Server::take_next`].
    fn then(&mut self, then: &[Term]) -> bool {
        match then_of(then) {
            Some(n) => {
                self.next = n;
                true
            }
            None => false,
        }
    }

    /// Applies callback `f` to `args` in the server's process: its value, or the value it
    /// throws, which `gen_server` takes as the callback's return (the early-return idiom);
    /// other exceptions go on up.
    async fn run(&self, cx: &Cx, f: FunRef, args: Vec<Term>) -> Term {
        match cx.p.catch_all(cx.apply(f, args)).await {
            Ok(v) => v,
            Err(e) if e.class == sim::Class::Throw => e.value,
            Err(e) => cx.throw(e).await,
        }
    }
}

fn bad_return(v: &Term) -> Term {
    Term::tuple([Term::atom("bad_return_value"), v.clone()])
}

/// The optional last element of a callback's return (OTP 25 `gen_server`): nothing, a
/// timeout in ms or `:infinity`, `:hibernate` (nothing a program can observe) or
/// `{:continue, x}`. `None` for anything else (a bad return).
fn then_of(then: &[Term]) -> Option<Next> {
    Some(match then {
        [] => Next::Wait,
        [Term::Int(ms)] if *ms >= 0 => Next::Timeout(*ms as u64),
        [a] if a.is_atom("infinity") || a.is_atom("hibernate") => Next::Wait,
        [c] => match c.as_tuple() {
            Some([t, x]) if t.is_atom("continue") => Next::Continue(x.clone()),
            _ => return None,
        },
        _ => return None,
    })
}

/// What `gen_server` makes of a `handle_call/3` return (whoever's callback it is: a
/// module's, or `Agent.Server`'s taking a thrown value): the reply, the new state and what
/// to do next, if the return gives them.
pub(super) fn call_reply_of(v: &Term) -> (CallReply, Option<Term>, Option<Next>) {
    let state = |s: &Term| Some(s.clone());
    match v.as_tuple() {
        Some([t, r, s, then @ ..]) if t.is_atom("reply") && then_of(then).is_some() => {
            (CallReply::Reply(r.clone()), state(s), then_of(then))
        }
        Some([t, s, then @ ..]) if t.is_atom("noreply") && then_of(then).is_some() => {
            (CallReply::NoReply, state(s), then_of(then))
        }
        Some([t, reason, r, s]) if t.is_atom("stop") => (
            CallReply::StopReply(reason.clone(), r.clone()),
            state(s),
            None,
        ),
        Some([t, reason, s]) if t.is_atom("stop") => {
            (CallReply::Stop(reason.clone()), state(s), None)
        }
        _ => (CallReply::Stop(bad_return(v)), None, None),
    }
}

/// As [`call_reply_of`], for `handle_cast/2`, `handle_info/2` and `handle_continue/2`:
/// `{:noreply, state}` (with what to do next after it) or `{:stop, reason, state}`.
pub(super) fn noreply_of(v: &Term) -> (NoReply, Option<Term>, Option<Next>) {
    match v.as_tuple() {
        Some([t, s, then @ ..]) if t.is_atom("noreply") && then_of(then).is_some() => {
            (NoReply::Continue, Some(s.clone()), then_of(then))
        }
        Some([t, r, s]) if t.is_atom("stop") => (NoReply::Stop(r.clone()), Some(s.clone()), None),
        _ => (NoReply::Stop(bad_return(v)), None, None),
    }
}

impl Server for ModServer {
    fn initial_call(&self) -> Option<Term> {
        let module = self.m.program.modules[self.module as usize].atom.clone();
        Some(Term::tuple([module, Term::atom("init"), Term::Int(1)]))
    }

    async fn init(&mut self, p: &Proc) -> Init {
        let cx = Cx::new(p.clone(), self.m.clone());
        let Some(init) = self.callback("init", 1) else {
            return cx.throw(value::undef()).await;
        };
        let v = self.run(&cx, init, vec![self.arg.clone()]).await;
        match v.as_tuple() {
            Some([t, s, then @ ..]) if t.is_atom("ok") && self.then(then) => {
                self.state = s.clone();
                Init::Ok
            }
            Some([t, r]) if t.is_atom("stop") => Init::Stop(r.clone()),
            _ if v.is_atom("ignore") => Init::Ignore,
            _ => Init::Bad(v),
        }
    }

    async fn handle_call(&mut self, p: &Proc, request: Term, from: From) -> CallReply {
        let cx = Cx::new(p.clone(), self.m.clone());
        let Some(f) = self.callback("handle_call", 3) else {
            let msg = format!(
                "attempted to call GenServer {} but no handle_call/3 clause was provided",
                cx.inspect(&gen_server::shown(p))
            );
            return p.raise(Term::runtime_error(&msg)).await;
        };
        let from = gen_server::from_term(from);
        let v = self
            .run(&cx, f, vec![request, from, self.state.clone()])
            .await;
        let (r, state, next) = call_reply_of(&v);
        self.keep(state, next);
        r
    }

    async fn handle_cast(&mut self, p: &Proc, request: Term) -> NoReply {
        let cx = Cx::new(p.clone(), self.m.clone());
        let Some(f) = self.callback("handle_cast", 2) else {
            let msg = format!(
                "attempted to cast GenServer {} but no handle_cast/2 clause was provided",
                cx.inspect(&gen_server::shown(p))
            );
            return p.raise(Term::runtime_error(&msg)).await;
        };
        let v = self.run(&cx, f, vec![request, self.state.clone()]).await;
        self.noreply(&v)
    }

    async fn handle_info(&mut self, p: &Proc, msg: Term) -> NoReply {
        let Some(f) = self.callback("handle_info", 2) else {
            // `use GenServer`'s default logs the message (not modelled) and goes on.
            return NoReply::Continue;
        };
        let cx = Cx::new(p.clone(), self.m.clone());
        let v = self.run(&cx, f, vec![msg, self.state.clone()]).await;
        self.noreply(&v)
    }

    async fn handle_continue(&mut self, p: &Proc, arg: Term) -> NoReply {
        let cx = Cx::new(p.clone(), self.m.clone());
        // `use GenServer` defines no `handle_continue/2`.
        let Some(f) = self.callback("handle_continue", 2) else {
            return cx.throw(value::undef()).await;
        };
        let v = self.run(&cx, f, vec![arg, self.state.clone()]).await;
        self.noreply(&v)
    }

    fn take_next(&mut self) -> Next {
        std::mem::take(&mut self.next)
    }

    async fn terminate(&mut self, p: &Proc, reason: &Term) {
        if let Some(f) = self.callback("terminate", 2) {
            let cx = Cx::new(p.clone(), self.m.clone());
            // A value thrown is its return too (OTP 25 `try_terminate`), and ignored.
            self.run(&cx, f, vec![reason.clone(), self.state.clone()])
                .await;
        }
    }
}

impl Cx {
    /// The program's module named by `t`.
    pub(crate) fn module_of(&self, t: &Term) -> Option<ModId> {
        let name = value::module_name(t)?;
        self.m
            .program
            .modules
            .iter()
            .position(|m| *m.name == *name)
            .map(|i| i as ModId)
    }

    /// The `name:` option: an atom, `{:global, term}` or `{:via, :global, term}`.
    pub(crate) async fn name_opt(&self, opts: &Term) -> Option<Name> {
        match kw(opts, "name") {
            None => None,
            Some(t) => Some(self.name_of(t).await),
        }
    }

    /// `GenServer.start`'s `name:` (1.14 `Keyword.pop(opts, :name)`): `nil` is no name.
    /// Options that are not a list fail the start's guard (`:function_clause`).
    pub(crate) async fn gen_name_opt(&self, opts: &Term) -> Option<Name> {
        if !matches!(opts, Term::List(_)) {
            return self.throw(value::function_clause()).await;
        }
        match kw(opts, "name") {
            Some(t) if t.is_atom("nil") => None,
            // 1.14 `GenServer.do_start`'s last clause.
            Some(t)
                if !matches!(t, Term::Atom(_))
                    && !matches!(t.as_tuple(), Some([g, _]) if g.is_atom("global"))
                    && !matches!(t.as_tuple(), Some([v, Term::Atom(_), _]) if v.is_atom("via")) =>
            {
                let msg = format!(
                    "expected :name option to be one of the following:\n\n  * nil\n  * atom\n  \
                     * {{:global, term}}\n  * {{:via, module, term}}\n\nGot: {}\n",
                    self.inspect(t)
                );
                self.throw(value::error(Term::struct_(
                    "ArgumentError",
                    vec![("message", Term::str(&msg))],
                )))
                .await
            }
            _ => self.name_opt(opts).await,
        }
    }

    /// A process name, or an `:otpsim_limit` for what is not modelled (`{:via, mod, _}`
    /// with a module other than `:global`, e.g. `Registry`).
    pub(crate) async fn name_of(&self, t: &Term) -> Name {
        match Name::from_term(t) {
            Some(n) => n,
            None => {
                self.throw(value::limit(&format!(
                    "name {t}: only atoms, {{:global, name}} and {{:via, :global, name}} are supported"
                )))
                .await
            }
        }
    }

    /// `GenServer.start_link(module, arg, opts)` / `GenServer.start`.
    pub(super) async fn gen_start(&self, b: Builtin, args: &[Term], binding: Option<&str>) -> Term {
        let module = arg_or(args, 0, Term::nil());
        let Some(mi) = self.module_of(&module) else {
            return self.throw(value::undef()).await;
        };
        let opts = arg_or(args, 2, Term::empty_list());
        let name = self.gen_name_opt(&opts).await;
        let server = ModServer {
            m: self.m.clone(),
            module: mi,
            arg: arg_or(args, 1, Term::nil()),
            state: Term::nil(),
            next: Next::Wait,
        };
        self.name_next(&super::start_label(
            binding,
            name.as_ref().and_then(local_name),
            b.info().spawns.unwrap_or("start_link"),
        ));
        // The `timeout:` start option (default `:infinity`). One that is no timeout raises
        // `:timeout_value` in the caller, as `receive ... after` does; the VM has spawned
        // the server by then, the simulator has not (semantics §4.8).
        let timeout = match kw(&opts, "timeout") {
            None => sim::Timeout::Infinity,
            Some(t) => match value::timeout_of(t) {
                Some(t) => t,
                None => return self.p.error(Term::atom("timeout_value")).await,
            },
        };
        let r = if b == Builtin::GenStart {
            gen_server::start_within(&self.p, server, name.as_ref(), timeout).await
        } else {
            gen_server::start_link_within(&self.p, server, name.as_ref(), timeout).await
        };
        r.to_term()
    }

    pub(super) async fn gen_call(&self, args: &[Term]) -> Term {
        let sref = self.server_ref(&arg_or(args, 0, Term::nil())).await;
        let timeout = match value::timeout_of(&arg_or(args, 2, Term::Int(5000))) {
            Some(t) => t,
            None => return self.no_clause(Builtin::GenCall).await,
        };
        gen_server::call(&self.p, &sref, arg_or(args, 1, Term::nil()), timeout).await
    }

    pub(super) async fn gen_cast(&self, args: &[Term]) -> Term {
        let sref = self.server_ref(&arg_or(args, 0, Term::nil())).await;
        gen_server::cast(&self.p, &sref, arg_or(args, 1, Term::nil())).await;
        Term::atom("ok")
    }

    pub(super) async fn gen_reply(&self, args: &[Term]) -> Term {
        match gen_server::decode_from(&arg_or(args, 0, Term::nil())) {
            Some(from) => {
                gen_server::reply(&self.p, from, arg_or(args, 1, Term::nil())).await;
                Term::atom("ok")
            }
            None => self.throw(value::badarg()).await,
        }
    }

    /// `GenServer.stop` / `Supervisor.stop` / `DynamicSupervisor.stop`: `(server, reason
    /// \\ :normal, timeout \\ :infinity)`.
    pub(super) async fn server_stop(&self, args: &[Term]) -> Term {
        let server = arg_or(args, 0, Term::nil());
        let reason = arg_or(args, 1, Term::atom("normal"));
        let timeout = arg_or(args, 2, Term::atom("infinity"));
        match self.pid_of(&server) {
            Some(pid) => {
                gen_server::stop_server_within(&self.p, pid, server, reason, timeout).await;
                Term::atom("ok")
            }
            None => {
                let mfa = Term::tuple([
                    sim::module!("GenServer"),
                    Term::atom("stop"),
                    Term::list([server, reason, timeout]),
                ]);
                self.p.exit(Term::tuple([Term::atom("noproc"), mfa])).await
            }
        }
    }
}

/// A local name's text (what a start names its process after); `None` for a global one.
pub(crate) fn local_name(n: &Name) -> Option<&str> {
    match n {
        Name::Local(s) => Some(s),
        Name::Global(_) | Name::ViaGlobal(_) => None,
    }
}
