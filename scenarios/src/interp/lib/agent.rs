//! `Agent` (Elixir 1.14): a `GenServer` running `Agent.Server`, whose state is what the
//! functions the program passes make of it. `start_link(fun)` runs `fun.()` in the new
//! process for the first state; `get`, `update` and `get_and_update` are
//! `GenServer.call(agent, {:get | :update | :get_and_update, fun}, timeout)`, run in the
//! agent; `cast` is `GenServer.cast(agent, {:cast, fun})`; `stop` is `GenServer.stop`.
//! Their guards (`is_function(fun, 0)` to start, `is_function(fun, 1)` else) raise
//! `:function_clause` in the caller. A call's exit names `GenServer.call` and the request,
//! the function in it, as on the VM.
//!
//! As `gen_server` does with any callback, a value thrown by the function is taken as the
//! callback's return (`throw({:stop, :x, s})` inside `Agent.update` stops the agent).
//! `Agent.Server` has no clause for any other request: a `GenServer.call` or `cast` of
//! one crashes the agent with `:function_clause`, and a request whose function is not one
//! of the right arity with `{:badfun, t}` or `{:badarity, ...}`.
//!
//! Not modelled: the `:"$initial_call"` that `Agent.Server.init/1` writes from the
//! function's module and name (the simulator leaves `{Agent.Server, :init, 1}`), and the
//! `{module, fun, args}` forms of `start_link/4`, `get/4`, ... (refused before the run;
//! a request a program builds itself, `GenServer.call(agent, {:get, {m, f, a}})`, is
//! applied as `Agent.Server` does).

use super::super::machine::{Cx, Machine};
use super::super::value::{self, FunRef, as_fun};
use super::arg_or;
use crate::ir::Builtin;
use model::gen_server::{self, CallReply, From, Init, NoReply, Server};
use sim::{Class, Proc, Term};
use std::rc::Rc;

/// `Agent.child_spec(arg)` (what `{Agent, fun}` in a child list means): `%{id: Agent,
/// start: {Agent, :start_link, [arg]}}`, permanent.
pub(super) fn agent_child_spec(arg: &Term) -> Term {
    super::super::pure::map_from([
        (Term::atom("id"), sim::module!("Agent")),
        (
            Term::atom("start"),
            Term::tuple([
                sim::module!("Agent"),
                Term::atom("start_link"),
                Term::list([arg.clone()]),
            ]),
        ),
    ])
}

/// `Agent.Server` with the program's functions.
struct AgentServer {
    m: Rc<Machine>,
    /// `start_link`'s function, until `init` runs it.
    start: Option<Term>,
    state: Term,
}

/// How a function of the program returned: its value, or a value it threw.
enum Ran {
    Value(Term),
    Thrown(Term),
}

impl AgentServer {
    /// `Agent.Server.run/2` in the agent: `{m, f, a}` is `apply(m, f, args ++ a)`, anything
    /// else `apply(f, args)` (a term that is no function raises `{:badfun, f}`, a function
    /// of another arity `{:badarity, {f, args}}`).
    async fn run(&self, p: &Proc, f: &Term, mut args: Vec<Term>) -> Ran {
        let cx = Cx::new(p.clone(), self.m.clone());
        let f = match (as_fun(f), f.as_tuple()) {
            (None, Some([m, Term::Atom(name), Term::List(a)])) => {
                args.extend(a.iter().cloned());
                cx.resolved(m, name.as_str(), args.len()).await
            }
            (Some(fun), _) if fun.arity() == args.len() => fun,
            (Some(_), _) => return cx.throw(value::badarity(f.clone(), args)).await,
            (None, _) => return cx.throw(value::badfun(f.clone())).await,
        };
        match cx.p.catch_all(cx.apply(f, args)).await {
            Ok(v) => Ran::Value(v),
            Err(e) if e.class == Class::Throw => Ran::Thrown(e.value),
            Err(e) => cx.throw(e).await,
        }
    }

    /// A value thrown in a call, taken as `handle_call/3`'s return (what it asks for next
    /// is not kept: the agent waits for its next message).
    fn thrown_reply(&mut self, v: Term) -> CallReply {
        let (r, state, _) = super::servers::call_reply_of(&v);
        if let Some(s) = state {
            self.state = s;
        }
        r
    }

    /// A value thrown in a cast, taken as `handle_cast/2`'s return.
    fn thrown_noreply(&mut self, v: Term) -> NoReply {
        let (r, state, _) = super::servers::noreply_of(&v);
        if let Some(s) = state {
            self.state = s;
        }
        r
    }
}

fn bad_return(v: &Term) -> Term {
    Term::tuple([Term::atom("bad_return_value"), v.clone()])
}

/// The request `{tag, f}` (`f` whatever it is: `GenServer.call(agent, {:get, :x})` reaches
/// `Agent.Server` too), else `None`.
fn request<'a>(request: &'a Term, tag: &str) -> Option<&'a Term> {
    match request.as_tuple() {
        Some([t, f]) if t.is_atom(tag) => Some(f),
        _ => None,
    }
}

impl Server for AgentServer {
    fn initial_call(&self) -> Option<Term> {
        Some(Term::tuple([
            sim::module!("Agent.Server"),
            Term::atom("init"),
            Term::Int(1),
        ]))
    }

    async fn init(&mut self, p: &Proc) -> Init {
        let f = self.start.take().expect("init runs once");
        match self.run(p, &f, Vec::new()).await {
            Ran::Value(v) => {
                self.state = v;
                Init::Ok
            }
            Ran::Thrown(v) => match v.as_tuple() {
                Some([t, s, ..]) if t.is_atom("ok") => {
                    self.state = s.clone();
                    Init::Ok
                }
                Some([t, r]) if t.is_atom("stop") => Init::Stop(r.clone()),
                _ if v.is_atom("ignore") => Init::Ignore,
                _ => Init::Bad(v),
            },
        }
    }

    async fn handle_call(&mut self, p: &Proc, req: Term, from: From) -> CallReply {
        let state = self.state.clone();
        if let Some(f) = request(&req, "get") {
            return match self.run(p, f, vec![state]).await {
                Ran::Value(v) => CallReply::Reply(v),
                Ran::Thrown(v) => self.thrown_reply(v),
            };
        }
        if let Some(f) = request(&req, "update") {
            return match self.run(p, f, vec![state]).await {
                Ran::Value(v) => {
                    self.state = v;
                    CallReply::Reply(Term::atom("ok"))
                }
                Ran::Thrown(v) => self.thrown_reply(v),
            };
        }
        if let Some(f) = request(&req, "get_and_update") {
            return match self.run(p, f, vec![state]).await {
                Ran::Value(v) => match v.as_tuple() {
                    Some([reply, s]) => {
                        self.state = s.clone();
                        CallReply::Reply(reply.clone())
                    }
                    _ => CallReply::Stop(bad_return(&v)),
                },
                Ran::Thrown(v) => self.thrown_reply(v),
            };
        }
        // `Agent.Server` has no other clause.
        let _ = from;
        p.error(Term::atom("function_clause")).await
    }

    async fn handle_cast(&mut self, p: &Proc, req: Term) -> NoReply {
        if let Some(f) = request(&req, "cast") {
            let state = self.state.clone();
            return match self.run(p, f, vec![state]).await {
                Ran::Value(v) => {
                    self.state = v;
                    NoReply::Continue
                }
                Ran::Thrown(v) => self.thrown_noreply(v),
            };
        }
        p.error(Term::atom("function_clause")).await
    }
}

impl Cx {
    /// The function argument `t` if it takes `arity` arguments, else the guard's
    /// `:function_clause` in the caller.
    async fn agent_fun(&self, t: &Term, arity: usize) -> FunRef {
        match as_fun(t) {
            Some(f) if f.arity() == arity => f,
            _ => self.throw(value::function_clause()).await,
        }
    }

    /// `Agent.start_link(fun, opts \\ [])` / `Agent.start`: `GenServer.start_link(Agent.Server,
    /// fun, opts)`.
    pub(super) async fn agent_start(
        &self,
        b: Builtin,
        args: &[Term],
        binding: Option<&str>,
    ) -> Term {
        let start = arg_or(args, 0, Term::nil());
        self.agent_fun(&start, 0).await;
        let opts = arg_or(args, 1, Term::empty_list());
        let name = self.gen_name_opt(&opts).await;
        let server = AgentServer {
            m: self.m.clone(),
            start: Some(start),
            state: Term::nil(),
        };
        self.name_next(&super::start_label(
            binding,
            name.as_ref().and_then(super::servers::local_name),
            b.info().spawns.unwrap_or("start_link"),
        ));
        let timeout = match super::kw(&opts, "timeout") {
            None => sim::Timeout::Infinity,
            Some(t) => match value::timeout_of(t) {
                Some(t) => t,
                None => return self.p.error(Term::atom("timeout_value")).await,
            },
        };
        let r = if b == Builtin::AgentStart {
            gen_server::start_within(&self.p, server, name.as_ref(), timeout).await
        } else {
            gen_server::start_link_within(&self.p, server, name.as_ref(), timeout).await
        };
        r.to_term()
    }

    /// `Agent.get/update/get_and_update(agent, fun, timeout \\ 5000)`.
    pub(super) async fn agent_call(&self, b: Builtin, args: &[Term]) -> Term {
        let f = arg_or(args, 1, Term::nil());
        self.agent_fun(&f, 1).await;
        let tag = match b {
            Builtin::AgentGet => "get",
            Builtin::AgentUpdate => "update",
            _ => "get_and_update",
        };
        let request = Term::tuple([Term::atom(tag), f]);
        let call = [
            arg_or(args, 0, Term::nil()),
            request,
            arg_or(args, 2, Term::Int(5000)),
        ];
        self.gen_call(&call).await
    }

    /// `Agent.cast(agent, fun)`: `:ok`, whether or not the agent exists.
    pub(super) async fn agent_cast(&self, args: &[Term]) -> Term {
        let f = arg_or(args, 1, Term::nil());
        self.agent_fun(&f, 1).await;
        let request = Term::tuple([Term::atom("cast"), f]);
        self.gen_cast(&[arg_or(args, 0, Term::nil()), request])
            .await
    }
}
