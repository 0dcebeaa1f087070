//! `Task` and `Task.Supervisor`, on `model`.

use super::super::machine::{Cx, Origin};
use super::super::value::{self, Fun, as_fun};
use super::process::Code;
use super::{arg_or, kw_set};
use crate::ir::Builtin;
use model::child_spec::{ChildSpec, Restart, ShutdownSpec};
use model::gen_server::{self, ServerRef};
use model::proc_lib::{self, Lineage};
use model::{Shutdown, Task, TaskResult, task as tasks, task_supervisor};
use sim::{Opaque, Proc, Term, Timeout};
use std::rc::Rc;

/// `%{id: Task, start: {Task, :start_link, [arg]}, restart: :temporary}`.
pub(super) fn task_child_spec(arg: &Term) -> Term {
    super::super::pure::map_from([
        (Term::atom("id"), sim::module!("Task")),
        (
            Term::atom("start"),
            Term::tuple([
                sim::module!("Task"),
                Term::atom("start_link"),
                Term::list([arg.clone()]),
            ]),
        ),
        (Term::atom("restart"), Term::atom("temporary")),
    ])
}

/// `:restart` from its atom.
pub(crate) fn restart_of(t: &Term) -> Option<Restart> {
    [Restart::Permanent, Restart::Transient, Restart::Temporary]
        .into_iter()
        .find(|r| r.to_term() == *t)
}

/// `:shutdown` from its term (`:brutal_kill`, `:infinity`, an integer ≥ 0).
pub(crate) fn shutdown_of(t: &Term) -> Option<ShutdownSpec> {
    match t {
        Term::Int(ms) if *ms >= 0 => Some(ShutdownSpec::Ms(*ms as u64)),
        t if t.is_atom("brutal_kill") => Some(ShutdownSpec::BrutalKill),
        t if t.is_atom("infinity") => Some(ShutdownSpec::Infinity),
        _ => None,
    }
}

impl Cx {
    /// The `%Task{}` in `t`, or `FunctionClauseError` (what a `%Task{}` head gives).
    async fn task_of(&self, t: &Term, b: Builtin) -> Task {
        match Task::from_term(t) {
            Some(task) => task,
            None => self.no_clause(b).await,
        }
    }

    /// A timeout argument: 5000 when absent; `FunctionClauseError` when bad (1.14's
    /// guards).
    async fn timeout_arg(&self, args: &[Term], i: usize, b: Builtin) -> Timeout {
        match value::timeout_of(&arg_or(args, i, Term::Int(5000))) {
            Some(t) => t,
            None => self.no_clause(b).await,
        }
    }

    async fn tasks_of(&self, t: &Term, b: Builtin) -> Vec<Task> {
        let Term::List(items) = t else {
            return self.no_clause(b).await;
        };
        let mut out = Vec::with_capacity(items.len());
        for i in items {
            out.push(self.task_of(i, b).await);
        }
        out
    }

    fn name_task(&self, t: &Task) {
        if let Some(pid) = t.pid {
            self.m.rec(|r| r.name_task_ref(t.r#ref, pid));
        }
    }

    /// The `{m, f, arity}` a task started with `call` (`[fun]` or `[m, f, args]`) puts
    /// into its `:"$initial_call"` (1.14 `Task.Supervised`): the MFA itself, or the
    /// function's own. A closure's is `{module, :"-fun-", 0}` (the VM names it after the
    /// compiler's numbering, `-run/0-fun-1-`, which otpsim does not reproduce) [impl].
    pub(super) fn initial_call_of(&self, call: &[Term]) -> Term {
        let mfa = |m: Term, f: Term, n: usize| Term::tuple([m, f, Term::Int(n as i64)]);
        match call {
            [m, f @ Term::Atom(_), Term::List(a), ..] => mfa(m.clone(), f.clone(), a.len()),
            [f, ..] => match as_fun(f).as_deref() {
                Some(Fun::Local {
                    module,
                    function,
                    arity,
                }) => {
                    let md = &self.m.program.modules[*module as usize];
                    let name = md.functions[*function as usize].name.clone();
                    mfa(md.atom.clone(), Term::atom_dyn(&name), *arity)
                }
                Some(Fun::Builtin { builtin, arity }) => {
                    let info = builtin.info();
                    let module = match info.module.strip_prefix(':') {
                        Some(erl) => Term::atom_dyn(erl),
                        None => Term::module(info.module),
                    };
                    mfa(module, Term::atom_dyn(info.function), *arity)
                }
                Some(Fun::Closure { lambda, .. }) => {
                    let module = match lambda.module {
                        Some(m) => self.m.program.modules[m as usize].atom.clone(),
                        None => Term::atom("elixir_compiler_0"),
                    };
                    mfa(module, Term::atom("-fun-"), lambda.arity)
                }
                None => Term::nil(),
            },
            [] => Term::nil(),
        }
    }

    pub(super) async fn task_async(&self, args: &[Term], label: &str) -> Term {
        // The name is taken even if the call is refused, as on the VM's runner.
        self.name_next(label);
        let (fun, fargs) = self.fun_and_args(Builtin::TaskAsync, args).await;
        let code = Code::new(self.m.clone(), fun, fargs);
        let initial = self.initial_call_of(args);
        let body = move |t: Proc| {
            proc_lib::put_initial_call(&t, initial);
            code.task(t)
        };
        let mut t = Task::spawn_async(&self.p, body).await;
        if let [m, f, Term::List(a)] = args {
            t.mfa = Term::tuple([m.clone(), f.clone(), Term::Int(a.len() as i64)]);
        }
        self.name_task(&t);
        t.to_term()
    }

    pub(super) async fn task_await(&self, args: &[Term]) -> Term {
        let t = self
            .task_of(&arg_or(args, 0, Term::nil()), Builtin::TaskAwait)
            .await;
        let timeout = self.timeout_arg(args, 1, Builtin::TaskAwait).await;
        t.await_for(&self.p, timeout).await
    }

    pub(super) async fn task_yield(&self, args: &[Term]) -> Term {
        let t = self
            .task_of(&arg_or(args, 0, Term::nil()), Builtin::TaskYield)
            .await;
        let timeout = self.timeout_arg(args, 1, Builtin::TaskYield).await;
        TaskResult::opt_to_term(&t.yield_for(&self.p, timeout).await)
    }

    pub(super) async fn task_yield_many(&self, args: &[Term]) -> Term {
        let ts = self
            .tasks_of(&arg_or(args, 0, Term::nil()), Builtin::TaskYieldMany)
            .await;
        let timeout = self.timeout_arg(args, 1, Builtin::TaskYieldMany).await;
        let results = tasks::yield_many(&self.p, &ts, timeout).await;
        Term::list(
            results
                .iter()
                .map(|(t, r)| Term::tuple([t.to_term(), TaskResult::opt_to_term(r)]))
                .collect::<Vec<_>>(),
        )
    }

    pub(super) async fn task_await_many(&self, args: &[Term]) -> Term {
        let ts = self
            .tasks_of(&arg_or(args, 0, Term::nil()), Builtin::TaskAwaitMany)
            .await;
        let timeout = self.timeout_arg(args, 1, Builtin::TaskAwaitMany).await;
        Term::list(tasks::await_many(&self.p, &ts, timeout).await)
    }

    pub(super) async fn task_shutdown(&self, args: &[Term]) -> Term {
        let t = self
            .task_of(&arg_or(args, 0, Term::nil()), Builtin::TaskShutdown)
            .await;
        let how = arg_or(args, 1, Term::Int(5000));
        let mode = if how.is_atom("brutal_kill") {
            Shutdown::BrutalKill
        } else {
            match value::timeout_of(&how) {
                Some(t) => Shutdown::Timeout(t),
                None => return self.no_clause(Builtin::TaskShutdown).await,
            }
        };
        TaskResult::opt_to_term(&t.shutdown(&self.p, mode).await)
    }

    pub(super) async fn task_ignore(&self, args: &[Term]) -> Term {
        let t = self
            .task_of(&arg_or(args, 0, Term::nil()), Builtin::TaskIgnore)
            .await;
        TaskResult::opt_to_term(&t.ignore(&self.p).await)
    }

    pub(super) async fn task_start(&self, b: Builtin, args: &[Term], label: &str) -> Term {
        // The name is taken even if the call is refused, as on the VM's runner.
        self.name_next(label);
        let (fun, fargs) = self.fun_and_args(b, args).await;
        let code = Code::new(self.m.clone(), fun, fargs);
        let initial = self.initial_call_of(args);
        let ok = |c: Proc| async move {
            proc_lib::put_initial_call(&c, initial);
            code.process(c).await;
            Term::atom("ok")
        };
        let pid = if b == Builtin::TaskStart {
            tasks::start(&self.p, ok).await
        } else {
            tasks::start_link(&self.p, ok).await
        };
        Term::tuple([Term::atom("ok"), Term::Pid(pid)])
    }

    pub(super) async fn task_completed(&self, args: &[Term]) -> Term {
        Task::completed(&self.p, arg_or(args, 0, Term::nil()))
            .await
            .to_term()
    }

    /// A supervisor or server argument: a pid or a registered name.
    pub(crate) async fn server_ref(&self, t: &Term) -> ServerRef {
        match t {
            Term::Pid(p) => ServerRef::Pid(*p),
            other => ServerRef::Name(self.name_of(other).await),
        }
    }

    /// `Task.Supervisor.start_child(sup, fun, opts)` / `(sup, m, f, a, opts)`.
    pub(super) async fn task_sup_start_child(&self, args: &[Term], label: &str) -> Term {
        let sup = self.server_ref(&arg_or(args, 0, Term::nil())).await;
        let (fun, fargs, opts) = match args {
            [_, f] => (f.clone(), None, Term::empty_list()),
            // (`start_child/3` is a fun and options, whatever the fun is: the task fails.)
            [_, f, opts] => (f.clone(), None, opts.clone()),
            [_, m, f, a] => (m.clone(), Some((f.clone(), a.clone())), Term::empty_list()),
            [_, m, f, a, opts] => (m.clone(), Some((f.clone(), a.clone())), opts.clone()),
            _ => return self.throw(value::badarg()).await,
        };
        let call: Vec<Term> = match fargs {
            None => vec![fun],
            Some((f, a)) => vec![fun, f, a],
        };
        let (fun, fargs) = self.fun_and_args(Builtin::TaskSupStartChild, &call).await;
        self.access_options(&opts).await;
        let restart = match kw_set(&opts, "restart") {
            None => None,
            Some(r) => match restart_of(r) {
                Some(r) => Some(r),
                None => return self.throw(value::badarg()).await,
            },
        };
        let shutdown = match kw_set(&opts, "shutdown") {
            None => None,
            Some(s) => match shutdown_of(s) {
                Some(s) => Some(s),
                None => return self.throw(value::badarg()).await,
            },
        };
        // The spec's start function runs in the supervisor at every (re)start, and names
        // the task it starts `<supervisor>.<label>` (`#2` for a restart).
        let (m, label) = (self.m.clone(), Rc::<str>::from(label));
        let (callers, initial) = (
            proc_lib::child_callers(&self.p),
            self.initial_call_of(&call),
        );
        let mut spec = ChildSpec::new(Term::atom("undefined"), move |s: sim::Proc| {
            let (m, fun, fargs, label) = (m.clone(), fun.clone(), fargs.clone(), label.clone());
            let lineage = Lineage {
                ancestors: proc_lib::child_ancestors(&s),
                callers: Some(callers.clone()),
            };
            let initial = initial.clone();
            async move {
                m.rec(|r| r.expect_child(s.pid(), &label));
                let code = Code::new(m, fun, fargs);
                let pid = s
                    .spawn_link(move |t: Proc| {
                        lineage.put(&t);
                        proc_lib::put_initial_call(&t, initial);
                        code.process(t)
                    })
                    .await;
                Term::tuple([Term::atom("ok"), Term::Pid(pid)])
            }
        });
        spec.restart = restart.unwrap_or(Restart::Temporary);
        spec.shutdown = shutdown.unwrap_or(ShutdownSpec::Ms(5000));
        spec.modules = Term::list([sim::module!("Task.Supervised")]);
        let req = Term::tuple([
            Term::atom("start_task"),
            Term::Opaque(Opaque::new("child_spec", spec)),
        ]);
        gen_server::call(&self.p, &sup, req, Timeout::Infinity).await
    }

    /// `Task.Supervisor`'s options are read with `options[:key]`: `Access.get/3` takes a
    /// keyword list, a map or nil, and anything else raises its `FunctionClauseError`.
    async fn access_options(&self, opts: &Term) {
        if !matches!(opts, Term::List(_) | Term::Map(_)) && !opts.is_atom("nil") {
            let origin = Origin::Library(Builtin::AccessGet, 3);
            self.raise(value::function_clause(), Some(origin)).await
        }
    }

    /// `Task.Supervisor.async(sup, fun, opts)` / `async_nolink`.
    pub(super) async fn task_sup_async(&self, b: Builtin, args: &[Term], label: &str) -> Term {
        let sup_term = arg_or(args, 0, Term::nil());
        let sup = self.server_ref(&sup_term).await;
        let (call, opts): (Vec<Term>, Term) = match args {
            [_, f] => (vec![f.clone()], Term::empty_list()),
            // (`async/3` is a fun and options, whatever the fun is: the task fails.)
            [_, f, opts] => (vec![f.clone()], opts.clone()),
            [_, m, f, a] => (vec![m.clone(), f.clone(), a.clone()], Term::empty_list()),
            [_, m, f, a, opts] => (vec![m.clone(), f.clone(), a.clone()], opts.clone()),
            _ => return self.throw(value::badarg()).await,
        };
        let (fun, fargs) = self.fun_and_args(b, &call).await;
        self.access_options(&opts).await;
        let shutdown = match kw_set(&opts, "shutdown") {
            None => None,
            Some(s) => match shutdown_of(s) {
                Some(s) => Some(s),
                None => return self.throw(value::badarg()).await,
            },
        };
        let code = Code::new(self.m.clone(), fun, fargs);
        let initial = self.initial_call_of(&call);
        let code = move |t: Proc| {
            proc_lib::put_initial_call(&t, initial);
            code.task(t)
        };
        let mut t = if b == Builtin::TaskSupAsync {
            task_supervisor::async_linked(&self.p, &sup, code, shutdown).await
        } else {
            task_supervisor::async_nolink(&self.p, &sup, code, shutdown).await
        };
        // `{module, fun, length(args)}` (`{:erlang, :apply, 2}` for a fun), unchecked: for
        // arguments that are no list, `length/1` raises once the task is started.
        match &call[..] {
            [m, f, Term::List(a)] => {
                t.mfa = Term::tuple([m.clone(), f.clone(), Term::Int(a.len() as i64)]);
            }
            [_, _, a] => {
                let origin = Origin::Call(Builtin::Length, vec![a.clone()]);
                return self.raise(value::badarg(), Some(origin)).await;
            }
            _ => {}
        }
        if let Some(pid) = t.pid {
            let sup_pid = self.pid_of(&sup_term);
            self.m.rec(|rec| {
                let parent = sup_pid.map_or_else(|| "sys".into(), |s| rec.names.name_of(s));
                rec.rename(pid, &format!("{parent}.{label}"));
                rec.name_task_ref(t.r#ref, pid);
            });
        }
        t.to_term()
    }

    pub(super) async fn task_sup_children(&self, args: &[Term]) -> Term {
        let sup = self.server_ref(&arg_or(args, 0, Term::nil())).await;
        task_supervisor::children(&self.p, &sup).await
    }

    pub(super) async fn task_sup_terminate_child(&self, args: &[Term]) -> Term {
        let sup = self.server_ref(&arg_or(args, 0, Term::nil())).await;
        match args.get(1) {
            Some(Term::Pid(pid)) => task_supervisor::terminate_child(&self.p, &sup, *pid).await,
            _ => Term::tuple([Term::atom("error"), Term::atom("not_found")]),
        }
    }
}
