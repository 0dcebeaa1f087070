//! `Task.async_stream` and `Task.Supervisor.async_stream(_nolink)`: a [`Lazy::Async`] value,
//! run by `model::task_stream` when something enumerates it (SEMANTICS §2.10, §3.4).
//!
//! Names: the enumerating process `p` starts the stream's intermediate process, called
//! `<p>.<label>` (the variable the stream is bound to, else `async_stream` /
//! `async_stream_nolink`); a `Task.async_stream` task is `<intermediate>.task` (`#2`, ... in
//! the order the inputs are taken), a `Task.Supervisor` one `<supervisor>.<label>`, as
//! `Task.Supervisor.async` tasks are. The VM runner (`conform/runtime_ir.exs`) names them
//! the same way.

use super::super::machine::Cx;
use super::super::pure;
use super::super::value::{self, FunRef, as_fun};
use super::streams::{Lazy, Puller, Reducer, lazy_of};
use super::task::shutdown_of;
use super::{kw, kw_set};
use model::child_spec::ShutdownSpec;
use model::gen_server::ServerRef;
use model::task_stream::{self as ts, LinkType, SpawnFn, Spawned, StreamInput, StreamOpts};
use model::{OnTimeout, TaskResult, task_supervisor};
use sim::{Exception, Pid, Proc, Term};
use std::rc::Rc;

/// A `Task.async_stream` not enumerated yet.
pub(crate) struct AsyncStream {
    inputs: Term,
    fun: FunRef,
    /// The `(m, f, a)` form's `a`, after the element.
    extra: Vec<Term>,
    opts: StreamOpts,
    /// `max_concurrency:` is not an integer > 0: `ArgumentError` when the stream is
    /// enumerated (1.14).
    bad_concurrency: bool,
    /// What its processes are called after.
    label: Rc<str>,
    via: Via,
}

/// Who starts the tasks.
enum Via {
    /// `Task.async_stream`: the intermediate process, linked.
    Task,
    /// `Task.Supervisor.async_stream(_nolink)`: the supervisor (`sup` as the call gave it).
    Supervisor {
        sup: Term,
        link: LinkType,
        shutdown: Option<ShutdownSpec>,
    },
}

impl Cx {
    /// `Task.async_stream(enum, fun, opts)` / `(enum, m, f, a, opts)` and
    /// `Task.Supervisor.async_stream(_nolink)(sup, ...)` with the same arguments after `sup`:
    /// nothing runs until the stream is enumerated.
    /// `link`: `None` for `Task.async_stream`, else how a `Task.Supervisor` stream's tasks
    /// are tied to its intermediate process (`args` then start with the supervisor).
    pub(super) async fn async_stream(
        &self,
        link: Option<LinkType>,
        args: &[Term],
        label: &str,
    ) -> Term {
        let (via, args) = match link {
            Some(link) => {
                let sup = args.first().cloned().unwrap_or_else(Term::nil);
                (Some((sup, link)), &args[1.min(args.len())..])
            }
            None => (None, args),
        };
        let (inputs, fun, extra, opts) = match args {
            [e, f] | [e, f, Term::List(_)] if as_fun(f).is_some_and(|f| f.arity() == 1) => (
                e.clone(),
                as_fun(f).expect("checked"),
                vec![],
                args.get(2).cloned().unwrap_or_else(Term::empty_list),
            ),
            [e, m @ Term::Atom(_), Term::Atom(f), Term::List(a)]
            | [
                e,
                m @ Term::Atom(_),
                Term::Atom(f),
                Term::List(a),
                Term::List(_),
            ] => {
                let fun = self.resolved(m, f.as_str(), a.len() + 1).await;
                let opts = args.get(4).cloned().unwrap_or_else(Term::empty_list);
                (e.clone(), fun, a.to_vec(), opts)
            }
            _ => return self.throw(value::function_clause()).await,
        };
        let (o, bad_concurrency) = self.stream_opts(&opts).await;
        let via = match via {
            None => Via::Task,
            Some((sup, link)) => {
                let shutdown = match kw_set(&opts, "shutdown") {
                    None => None,
                    Some(s) => match shutdown_of(s) {
                        Some(s) => Some(s),
                        None => return self.throw(value::badarg()).await,
                    },
                };
                Via::Supervisor {
                    sup,
                    link,
                    shutdown,
                }
            }
        };
        Lazy::Async(AsyncStream {
            inputs,
            fun,
            extra,
            opts: o,
            bad_concurrency,
            label: label.into(),
            via,
        })
        .into_term()
    }

    /// The options, as 1.14 reads them when the stream is enumerated (`ordered` and
    /// `zip_input_on_exit` by truthiness; any `on_timeout` but `:exit` kills the task).
    async fn stream_opts(&self, opts: &Term) -> (StreamOpts, bool) {
        let mut o = StreamOpts::default();
        let mut bad_concurrency = false;
        if let Some(t) = kw(opts, "max_concurrency") {
            match t {
                Term::Int(n) if *n > 0 => o.max_concurrency = *n as usize,
                _ => bad_concurrency = true,
            }
        }
        if let Some(t) = kw(opts, "ordered") {
            o.ordered = pure::truthy(t);
        }
        if let Some(t) = kw(opts, "timeout") {
            match value::timeout_of(t) {
                Some(t) => o.timeout = t,
                None => return self.throw(value::badarg()).await,
            }
        }
        if let Some(t) = kw(opts, "on_timeout") {
            o.on_timeout = if t.is_atom("exit") {
                OnTimeout::Exit
            } else {
                OnTimeout::KillTask
            };
        }
        if let Some(t) = kw(opts, "zip_input_on_exit") {
            o.zip_input_on_exit = pure::truthy(t);
        }
        (o, bad_concurrency)
    }

    /// `ArgumentError` for a bad `max_concurrency:`, before any process starts.
    async fn check_concurrency(&self, s: &AsyncStream) {
        if s.bad_concurrency {
            self.throw::<()>(value::error(value::exception(
                "ArgumentError",
                ":max_concurrency must be an integer greater than zero",
            )))
            .await;
        }
    }

    /// Enumerates `s` with `r` (see the module docs for the names).
    pub(super) async fn reduce_async(&self, s: &AsyncStream, r: &mut dyn Reducer) {
        self.check_concurrency(s).await;
        let input = self.stream_input(&s.inputs);
        let spawn = self.spawn_fn(s).await;
        self.name_next(&s.label);
        let step = async |res: TaskResult| r.step(res.to_term()).await;
        ts::stream_reduce(&self.p, input, &s.opts, spawn, step).await;
    }

    /// `s` told to halt before its first element: its intermediate process starts and stops.
    pub(super) async fn halt_async(&self, s: &AsyncStream) {
        self.check_concurrency(s).await;
        let input = self.stream_input(&s.inputs);
        let spawn = self.spawn_fn(s).await;
        self.name_next(&s.label);
        ts::stream_halted(&self.p, input, &s.opts, spawn).await;
    }

    /// The input of a stream: a lazy one is pulled; a list, map or range is listed (what
    /// is not enumerable raises when first pulled, inside the stream).
    fn stream_input<'a>(&'a self, inputs: &Term) -> Input<'a> {
        if lazy_of(inputs).is_some() {
            return Input::Pull(Puller::new(self, inputs.clone()));
        }
        match pure::enumerate(inputs) {
            Ok(items) => Input::Items(items.into_iter()),
            Err(e) => Input::Fails(self, Some(e)),
        }
    }

    /// The stream's spawn step, run in its intermediate process: it names what it starts.
    async fn spawn_fn(&self, s: &AsyncStream) -> SpawnFn {
        let (m, fun, extra) = (self.m.clone(), s.fun.clone(), s.extra.clone());
        let owner = self.p.pid();
        let body = move |t: Proc, x: Term| {
            let (m, fun, extra) = (m.clone(), fun.clone(), extra.clone());
            async move {
                let cx = Cx::new(t, m);
                let mut args = vec![x];
                args.extend(extra);
                cx.apply(fun, args).await
            }
        };
        let m = self.m.clone();
        match &s.via {
            Via::Task => Rc::new(move |inter: Proc| {
                m.rec(|r| r.expect_child(inter.pid(), "task"));
                let body = body.clone();
                Box::pin(async move { ts::spawn_task(&inter, owner, body).await })
            }),
            Via::Supervisor {
                sup,
                link,
                shutdown,
            } => {
                let (link, shutdown, label) = (*link, *shutdown, s.label.clone());
                let sup_pid: Option<Pid> = self.pid_of(sup);
                let sup: ServerRef = self.server_ref(sup).await;
                Rc::new(move |inter: Proc| {
                    let (m, body, sup, label) =
                        (m.clone(), body.clone(), sup.clone(), label.clone());
                    Box::pin(async move {
                        let spawned = task_supervisor::spawn_stream_task(
                            &inter, &sup, link, shutdown, owner, body,
                        )
                        .await;
                        if let Spawned::Ok(_, pid) = spawned {
                            m.rec(|rec| {
                                let parent =
                                    sup_pid.map_or_else(|| "sys".into(), |s| rec.names.name_of(s));
                                rec.rename(pid, &format!("{parent}.{label}"));
                            });
                        }
                        spawned
                    })
                })
            }
        }
    }
}

/// What a stream pulls its elements from.
enum Input<'a> {
    /// A list, map or range.
    Items(std::vec::IntoIter<Term>),
    /// Not enumerable: raises when pulled.
    Fails(&'a Cx, Option<Exception>),
    /// A lazy enumerable.
    Pull(Puller<'a>),
}

impl StreamInput for Input<'_> {
    async fn pull(&mut self) -> Option<Term> {
        match self {
            Input::Items(items) => items.next(),
            Input::Fails(cx, e) => {
                let e = e.take().expect("pulled once: it raised");
                cx.throw(e).await
            }
            Input::Pull(p) => p.next().await,
        }
    }

    async fn halt(&mut self) {
        match self {
            Input::Items(_) | Input::Fails(..) => {}
            Input::Pull(p) => p.halt().await,
        }
    }
}
