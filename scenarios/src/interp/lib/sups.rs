//! `Supervisor`, `DynamicSupervisor` and `Task.Supervisor`: child specs as Elixir writes them
//! (`%{id:, start: {m, f, a}, ...}`, `{Module, arg}`, `Module`) made into `model` specs
//! whose start function runs the `{m, f, a}` in the supervisor and names what it starts
//! `<supervisor>.<id>` (`#2` after a restart).

use super::super::machine::{BoxFut, Cx, Machine};
use super::super::pure;
use super::super::value::{self, Fun};
use super::task::{restart_of, shutdown_of};
use super::{arg_or, kw};
use model::child_spec::{ChildSpec, ChildType};
use model::dynamic_supervisor::{self, Options};
use model::gen_server::Init;
use model::supervisor::{self, Flags, Strategy};
use model::task_supervisor;
use sim::{Exception, Proc, Term};
use std::rc::Rc;

/// `Task.Supervisor.child_spec(opts)`.
pub(super) fn task_sup_child_spec(opts: &Term) -> Term {
    let id = kw(opts, "name")
        .cloned()
        .unwrap_or_else(|| Term::module("Task.Supervisor"));
    pure::map_from([
        (Term::atom("id"), id),
        (
            Term::atom("start"),
            Term::tuple(vec![
                Term::module("Task.Supervisor"),
                Term::atom("start_link"),
                Term::list(vec![opts.clone()]),
            ]),
        ),
        (Term::atom("type"), Term::atom("supervisor")),
    ])
}

fn dyn_child_spec(opts: &Term) -> Term {
    let id = kw(opts, "name")
        .cloned()
        .unwrap_or_else(|| Term::module("DynamicSupervisor"));
    pure::map_from([
        (Term::atom("id"), id),
        (
            Term::atom("start"),
            Term::tuple(vec![
                Term::module("DynamicSupervisor"),
                Term::atom("start_link"),
                Term::list(vec![opts.clone()]),
            ]),
        ),
        (Term::atom("type"), Term::atom("supervisor")),
    ])
}

fn map_get<'a>(m: &'a Term, key: &str) -> Option<&'a Term> {
    match m {
        Term::Map(kv) => kv.iter().find(|(k, _)| k.is_atom(key)).map(|(_, v)| v),
        _ => None,
    }
}

/// How a child's processes are named: its id, as written (`:a` ⇒ `a`, `Worker`).
fn label_of(id: &Term) -> String {
    match id {
        Term::Atom(a) => a
            .as_str()
            .strip_prefix("Elixir.")
            .unwrap_or(a.as_str())
            .to_string(),
        other => other.to_string(),
    }
}

fn strategy_of(t: &Term) -> Option<Strategy> {
    [
        ("one_for_one", Strategy::OneForOne),
        ("one_for_all", Strategy::OneForAll),
        ("rest_for_one", Strategy::RestForOne),
    ]
    .into_iter()
    .find(|(n, _)| t.is_atom(n))
    .map(|(_, s)| s)
}

fn count(t: Option<&Term>, default: u64) -> Result<u64, Exception> {
    match t {
        None => Ok(default),
        Some(Term::Int(n)) if *n >= 0 => Ok(*n as u64),
        Some(_) => Err(value::badarg()),
    }
}

/// The calls that only ask a supervisor something (`Supervisor.which_children`, ...).
#[derive(Copy, Clone, Debug)]
pub(super) enum SupQuery {
    Which,
    DynWhich,
    Count,
    DynCount,
    Terminate,
    Restart,
    Delete,
    DynTerminate,
}

impl Cx {
    /// A child spec term in its map form (`{Module, arg}` and `Module` through the module's
    /// `child_spec/1`).
    pub(crate) async fn normalise_spec(&self, t: &Term) -> Term {
        let (module, arg) = match t {
            Term::Map(_) => return t.clone(),
            Term::Tuple(v) if v.len() == 2 => (v[0].clone(), v[1].clone()),
            Term::Atom(_) => (t.clone(), Term::list(vec![])),
            other => {
                return self
                    .throw(value::error(Term::tuple(vec![
                        Term::atom("invalid_child_spec"),
                        other.clone(),
                    ])))
                    .await;
            }
        };
        match value::module_name(&module).as_deref() {
            Some("Task") => super::task::task_child_spec(&arg),
            Some("Task.Supervisor") => task_sup_child_spec(&arg),
            Some("DynamicSupervisor") => dyn_child_spec(&arg),
            _ => {
                let fun = self.resolve(&module, "child_spec", 1);
                let fun = self.ok(fun).await;
                self.apply(fun, vec![arg]).await
            }
        }
    }

    /// A child spec term as `model`'s spec, its start function bound to this run.
    pub(crate) async fn child_spec(&self, t: &Term) -> ChildSpec {
        self.child_spec_named(t, None).await
    }

    /// As [`Cx::child_spec`]; the child's processes are called `label` rather than after
    /// its id — unless the id is a plain atom someone chose (`:a`), which names it better
    /// than a binding; a module id (`Session`, what `use GenServer` gives every child) does
    /// not.
    async fn child_spec_named(&self, t: &Term, label: Option<&str>) -> ChildSpec {
        let map = self.normalise_spec(t).await;
        let chosen_id = map_get(&map, "id").is_some_and(|id| {
            matches!(id, Term::Atom(a) if !a.as_str().starts_with("Elixir.") && a.as_str() != "undefined")
        });
        let r = build_spec(&self.m, &map, if chosen_id { None } else { label });
        self.ok(r).await
    }

    async fn child_specs(&self, t: &Term) -> Vec<ChildSpec> {
        let Term::List(items) = t else {
            return self.throw(value::badarg()).await;
        };
        let mut out = Vec::with_capacity(items.len());
        for i in items {
            out.push(self.child_spec(i).await);
        }
        out
    }

    async fn flags_of(&self, opts: &Term) -> Flags {
        let strategy = match kw(opts, "strategy") {
            Some(s) => match strategy_of(s) {
                Some(s) => s,
                None => return self.throw(value::badarg()).await,
            },
            None => {
                return self
                    .throw(value::error(value::exception(
                        "ArgumentError",
                        "expected :strategy option to be given",
                    )))
                    .await;
            }
        };
        let max_restarts = count(kw(opts, "max_restarts"), 3);
        let max_seconds = count(kw(opts, "max_seconds"), 5);
        Flags {
            strategy,
            max_restarts: self.ok(max_restarts).await.min(u64::from(u32::MAX)) as u32,
            max_seconds: self.ok(max_seconds).await,
        }
    }

    async fn dyn_options(&self, opts: &Term) -> Options {
        let max_restarts = count(kw(opts, "max_restarts"), 3);
        let max_seconds = count(kw(opts, "max_seconds"), 5);
        let max_children = match kw(opts, "max_children") {
            None => None,
            Some(t) if t.is_atom("infinity") => None,
            Some(Term::Int(n)) if *n >= 0 => Some(*n as usize),
            Some(_) => return self.throw(value::badarg()).await,
        };
        let extra = match kw(opts, "extra_arguments") {
            None => Vec::new(),
            Some(Term::List(v)) => v.clone(),
            Some(_) => return self.throw(value::badarg()).await,
        };
        Options {
            max_restarts: self.ok(max_restarts).await.min(u64::from(u32::MAX)) as u32,
            max_seconds: self.ok(max_seconds).await,
            max_children,
            extra_arguments: extra,
        }
    }

    /// `Supervisor.start_link(children, opts)` / `Supervisor.start_link(module, arg, opts)`.
    pub(super) async fn sup_start_link(&self, args: &[Term], binding: Option<&str>) -> Term {
        let first = arg_or(args, 0, Term::nil());
        if let Term::List(_) = first {
            let opts = arg_or(args, 1, Term::list(vec![]));
            let flags = self.flags_of(&opts).await;
            let name = self.name_opt(&opts).await;
            let specs = self.child_specs(&first).await;
            self.name_next(&super::start_label(binding, name.as_deref(), "start_link"));
            return supervisor::start_link(&self.p, specs, flags, name.as_deref())
                .await
                .to_term();
        }
        let opts = arg_or(args, 2, Term::list(vec![]));
        let name = self.name_opt(&opts).await;
        let init = self.sup_init_fn(first, arg_or(args, 1, Term::nil()));
        self.name_next(&super::start_label(binding, name.as_deref(), "start_link"));
        supervisor::start_link_with(&self.p, init, name.as_deref())
            .await
            .to_term()
    }

    /// The `init/1` of a supervisor module, to run in the supervisor.
    fn sup_init_fn(&self, module: Term, arg: Term) -> supervisor::InitFn {
        let m = self.m.clone();
        Box::new(
            move |p: Proc| -> BoxFut<'static, Result<(Vec<ChildSpec>, Flags), Init>> {
                Box::pin(async move {
                    let cx = Cx::new(p, m);
                    let fun = cx.resolve(&module, "init", 1);
                    let fun = cx.ok(fun).await;
                    let ret = cx.apply(fun, vec![arg]).await;
                    if ret.is_atom("ignore") {
                        return Err(Init::Ignore);
                    }
                    let parsed = match ret.as_tuple() {
                        Some([ok, spec]) if ok.is_atom("ok") => match spec.as_tuple() {
                            Some([flags, children]) => Some((flags.clone(), children.clone())),
                            _ => None,
                        },
                        _ => None,
                    };
                    let Some((flags, children)) = parsed else {
                        let bad = Term::tuple(vec![module.clone(), Term::atom("init"), ret]);
                        return Err(Init::Stop(Term::tuple(vec![Term::atom("bad_return"), bad])));
                    };
                    let strategy = map_get(&flags, "strategy").and_then(strategy_of);
                    let intensity = map_get(&flags, "intensity")
                        .and_then(Term::as_int)
                        .unwrap_or(1);
                    let period = map_get(&flags, "period")
                        .and_then(Term::as_int)
                        .unwrap_or(5);
                    let flags = Flags {
                        strategy: strategy.unwrap_or(Strategy::OneForOne),
                        max_restarts: intensity.clamp(0, i64::from(u32::MAX)) as u32,
                        max_seconds: period.max(0) as u64,
                    };
                    let specs = cx.child_specs(&children).await;
                    Ok((specs, flags))
                })
            },
        )
    }

    /// `Supervisor.init(children, opts)` ⇒ `{:ok, {flags, specs}}` (run inside `init/1`).
    pub(super) async fn sup_init(&self, args: &[Term]) -> Term {
        let opts = arg_or(args, 1, Term::list(vec![]));
        let flags = self.flags_of(&opts).await;
        let Term::List(children) = arg_or(args, 0, Term::nil()) else {
            return self.throw(value::badarg()).await;
        };
        let mut specs = Vec::with_capacity(children.len());
        for c in &children {
            specs.push(self.normalise_spec(c).await);
        }
        let strategy = match flags.strategy {
            Strategy::OneForOne => "one_for_one",
            Strategy::OneForAll => "one_for_all",
            Strategy::RestForOne => "rest_for_one",
        };
        let flags = pure::map_from([
            (Term::atom("strategy"), Term::atom(strategy)),
            (
                Term::atom("intensity"),
                Term::Int(i64::from(flags.max_restarts)),
            ),
            (Term::atom("period"), Term::Int(flags.max_seconds as i64)),
        ]);
        Term::tuple(vec![
            Term::atom("ok"),
            Term::tuple(vec![flags, Term::List(specs)]),
        ])
    }

    /// `DynamicSupervisor.start_link(opts)` / `(module, arg, opts)`.
    pub(super) async fn dyn_start_link(&self, args: &[Term], binding: Option<&str>) -> Term {
        let first = arg_or(args, 0, Term::list(vec![]));
        if let Term::List(_) = first {
            let opts = self.dyn_options(&first).await;
            let name = self.name_opt(&first).await;
            self.name_next(&super::start_label(binding, name.as_deref(), "start_link"));
            return dynamic_supervisor::start_link(&self.p, opts, name.as_deref())
                .await
                .to_term();
        }
        let opts = arg_or(args, 2, Term::list(vec![]));
        let name = self.name_opt(&opts).await;
        let (m, module, arg) = (self.m.clone(), first, arg_or(args, 1, Term::nil()));
        let init: dynamic_supervisor::InitFn =
            Box::new(move |p: Proc| -> BoxFut<'static, Result<Options, Init>> {
                Box::pin(async move {
                    let cx = Cx::new(p, m);
                    let fun = cx.resolve(&module, "init", 1);
                    let fun = cx.ok(fun).await;
                    let ret = cx.apply(fun, vec![arg]).await;
                    if ret.is_atom("ignore") {
                        return Err(Init::Ignore);
                    }
                    match ret.as_tuple() {
                        Some([ok, flags]) if ok.is_atom("ok") => {
                            let kwl = |key: &str, default: Term| {
                                map_get(flags, key).cloned().unwrap_or(default)
                            };
                            let as_kw = Term::list(vec![
                                Term::tuple(vec![
                                    Term::atom("max_restarts"),
                                    kwl("intensity", Term::Int(1)),
                                ]),
                                Term::tuple(vec![
                                    Term::atom("max_seconds"),
                                    kwl("period", Term::Int(5)),
                                ]),
                                Term::tuple(vec![
                                    Term::atom("max_children"),
                                    kwl("max_children", Term::atom("infinity")),
                                ]),
                                Term::tuple(vec![
                                    Term::atom("extra_arguments"),
                                    kwl("extra_arguments", Term::list(vec![])),
                                ]),
                            ]);
                            Ok(cx.dyn_options(&as_kw).await)
                        }
                        _ => {
                            let bad = Term::tuple(vec![module.clone(), Term::atom("init"), ret]);
                            Err(Init::Stop(Term::tuple(vec![Term::atom("bad_return"), bad])))
                        }
                    }
                })
            });
        self.name_next(&super::start_label(binding, name.as_deref(), "start_link"));
        dynamic_supervisor::start_link_with(&self.p, init, name.as_deref())
            .await
            .to_term()
    }

    /// `DynamicSupervisor.init(opts)` ⇒ `{:ok, flags}`.
    pub(super) async fn dyn_init(&self, args: &[Term]) -> Term {
        let opts = arg_or(args, 0, Term::list(vec![]));
        let o = self.dyn_options(&opts).await;
        let flags = pure::map_from([
            (Term::atom("strategy"), Term::atom("one_for_one")),
            (
                Term::atom("intensity"),
                Term::Int(i64::from(o.max_restarts)),
            ),
            (Term::atom("period"), Term::Int(o.max_seconds as i64)),
            (
                Term::atom("max_children"),
                o.max_children
                    .map_or_else(|| Term::atom("infinity"), |n| Term::Int(n as i64)),
            ),
            (Term::atom("extra_arguments"), Term::List(o.extra_arguments)),
        ]);
        Term::tuple(vec![Term::atom("ok"), flags])
    }

    /// `Task.Supervisor.start_link(opts)`.
    pub(super) async fn task_sup_start_link(&self, args: &[Term], binding: Option<&str>) -> Term {
        let opts = arg_or(args, 0, Term::list(vec![]));
        let o = self.dyn_options(&opts).await;
        let name = self.name_opt(&opts).await;
        self.name_next(&super::start_label(binding, name.as_deref(), "start_link"));
        task_supervisor::start_link(&self.p, o, name.as_deref())
            .await
            .to_term()
    }

    /// `Supervisor.start_child` / `DynamicSupervisor.start_child`.
    pub(super) async fn sup_start_child(
        &self,
        args: &[Term],
        dynamic: bool,
        label: Option<&str>,
    ) -> Term {
        let sref = self.server_ref(&arg_or(args, 0, Term::nil())).await;
        let spec = self
            .child_spec_named(&arg_or(args, 1, Term::nil()), label)
            .await;
        if dynamic {
            dynamic_supervisor::start_child(&self.p, &sref, spec).await
        } else {
            supervisor::start_child(&self.p, &sref, spec).await
        }
    }

    /// The calls that only ask a supervisor something.
    pub(super) async fn sup_query(&self, q: SupQuery, args: &[Term]) -> Term {
        let sref = self.server_ref(&arg_or(args, 0, Term::nil())).await;
        let a1 = arg_or(args, 1, Term::nil());
        let p = &self.p;
        match q {
            SupQuery::Which => supervisor::which_children(p, &sref).await,
            SupQuery::DynWhich => dynamic_supervisor::which_children(p, &sref).await,
            SupQuery::Count => supervisor::count_children(p, &sref).await,
            SupQuery::DynCount => dynamic_supervisor::count_children(p, &sref).await,
            SupQuery::Terminate => supervisor::terminate_child(p, &sref, a1).await,
            SupQuery::Restart => supervisor::restart_child(p, &sref, a1).await,
            SupQuery::Delete => supervisor::delete_child(p, &sref, a1).await,
            SupQuery::DynTerminate => match a1 {
                Term::Pid(pid) => dynamic_supervisor::terminate_child(p, &sref, pid).await,
                _ => Term::tuple(vec![Term::atom("error"), Term::atom("not_found")]),
            },
        }
    }

    /// `Supervisor.child_spec(spec, overrides)`.
    pub(super) async fn sup_child_spec(&self, args: &[Term]) -> Term {
        let base = self.normalise_spec(&arg_or(args, 0, Term::nil())).await;
        let Term::Map(mut kv) = base else {
            return self.throw(value::badarg()).await;
        };
        if let Term::List(overrides) = arg_or(args, 1, Term::list(vec![])) {
            for o in overrides {
                if let Some([k, v]) = o.as_tuple() {
                    match kv.iter_mut().find(|(x, _)| x == k) {
                        Some(slot) => slot.1 = v.clone(),
                        None => kv.push((k.clone(), v.clone())),
                    }
                }
            }
        }
        pure::map_from(kv)
    }
}

/// `model`'s spec for a child spec map.
fn build_spec(m: &Rc<Machine>, map: &Term, label: Option<&str>) -> Result<ChildSpec, Exception> {
    let invalid =
        |what: &str, v: Term| value::error(Term::tuple(vec![Term::atom(what_atom(what)), v]));
    let id = map_get(map, "id")
        .cloned()
        .unwrap_or_else(|| Term::atom("undefined"));
    let Some(start) = map_get(map, "start").cloned() else {
        return Err(invalid("start", map.clone()));
    };
    let Some([module, Term::Atom(fname), Term::List(fargs)]) = start.as_tuple() else {
        return Err(invalid("start", start.clone()));
    };
    let (module, fname, fargs) = (module.clone(), fname.as_str().to_string(), fargs.clone());
    let label: Rc<str> = label.map_or_else(|| label_of(&id), str::to_string).into();
    let machine = m.clone();
    let (mm, mf) = (module.clone(), fname.clone());
    let mut spec = ChildSpec::with_args(
        id.clone(),
        fargs.clone(),
        move |s: Proc, args: Vec<Term>| {
            let (m, module, fname, label) =
                (machine.clone(), mm.clone(), mf.clone(), label.clone());
            async move {
                let cx = Cx::new(s, m);
                cx.start_child_mfa(&module, &fname, args, &label).await
            }
        },
    );
    spec.mfa = Term::tuple(vec![
        module.clone(),
        Term::atom_dyn(&fname),
        Term::List(fargs),
    ]);
    if let Some(r) = map_get(map, "restart") {
        spec.restart = restart_of(r).ok_or_else(|| invalid("restart", r.clone()))?;
    }
    if let Some(t) = map_get(map, "type") {
        spec.kind = if t.is_atom("supervisor") {
            spec.shutdown = model::child_spec::ShutdownSpec::Infinity;
            ChildType::Supervisor
        } else if t.is_atom("worker") {
            ChildType::Worker
        } else {
            return Err(invalid("type", t.clone()));
        };
    }
    if let Some(sh) = map_get(map, "shutdown") {
        spec.shutdown = shutdown_of(sh).ok_or_else(|| invalid("shutdown", sh.clone()))?;
    }
    spec.modules = map_get(map, "modules")
        .cloned()
        .unwrap_or_else(|| Term::list(vec![module]));
    Ok(spec)
}

fn what_atom(what: &str) -> &'static str {
    match what {
        "start" => "invalid_mfa",
        "restart" => "invalid_restart_type",
        "type" => "invalid_child_type",
        _ => "invalid_shutdown",
    }
}

impl Cx {
    /// A child's start `{module, fname, args}`, run in the supervisor: the process it starts
    /// is named `<supervisor>.<label>`.
    async fn start_child_mfa(
        &self,
        module: &Term,
        fname: &str,
        args: Vec<Term>,
        label: &str,
    ) -> Term {
        let fun = match self.resolve(module, fname, args.len()) {
            Ok(f) => f,
            Err(e) => return self.throw(e).await,
        };
        match &*fun {
            Fun::Builtin { builtin, .. } => self.call_builtin(*builtin, args, Some(label)).await,
            Fun::Local { .. } | Fun::Closure { .. } => {
                self.label_next_spawn(label);
                self.apply(fun, args).await
            }
        }
    }
}
