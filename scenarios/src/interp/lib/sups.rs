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
use model::names::Name;
use model::supervisor::{self, Flags};
use model::task_supervisor;
use model::validate::{self, DynFlags, DynSpecError};
use sim::{Exception, Proc, Term};
use std::rc::Rc;

/// `Task.Supervisor.child_spec(opts)`.
pub(super) fn task_sup_child_spec(opts: &Term) -> Term {
    let id = kw(opts, "name")
        .cloned()
        .unwrap_or_else(|| sim::module!("Task.Supervisor"));
    pure::map_from([
        (Term::atom("id"), id),
        (
            Term::atom("start"),
            Term::tuple([
                sim::module!("Task.Supervisor"),
                Term::atom("start_link"),
                Term::list([opts.clone()]),
            ]),
        ),
        (Term::atom("type"), Term::atom("supervisor")),
    ])
}

fn dyn_child_spec(opts: &Term) -> Term {
    let id = kw(opts, "name")
        .cloned()
        .unwrap_or_else(|| sim::module!("DynamicSupervisor"));
    pure::map_from([
        (Term::atom("id"), id),
        (
            Term::atom("start"),
            Term::tuple([
                sim::module!("DynamicSupervisor"),
                Term::atom("start_link"),
                Term::list([opts.clone()]),
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

/// A static supervisor's flags as written: checked by the supervisor process itself, in
/// its `init` (§4.1), so nothing about their values is refused before it starts.
struct RawFlags {
    strategy: Term,
    intensity: Term,
    period: Term,
    /// `:never` unless a module's `init/1` says otherwise: 1.14's `Supervisor.init/2` and
    /// `start_link/2` ignore an `auto_shutdown:` option [V e26_api_rest.exs].
    auto_shutdown: Term,
}

impl RawFlags {
    /// The flags map `Supervisor.init/2` returns.
    fn to_map(&self) -> Term {
        pure::map_from([
            (Term::atom("strategy"), self.strategy.clone()),
            (Term::atom("intensity"), self.intensity.clone()),
            (Term::atom("period"), self.period.clone()),
        ])
    }

    /// What a module's `init/1` returned as flags: a map (OTP's defaults: `:one_for_one`,
    /// intensity 1, period 5) or `{strategy, intensity, period}`; else
    /// `{:supervisor_data, {:bad_flags, flags}}`.
    fn of_init(flags: &Term) -> Result<RawFlags, Term> {
        let get = |k, d: Term| map_get(flags, k).cloned().unwrap_or(d);
        match (flags, flags.as_tuple()) {
            (Term::Map(_), _) => Ok(RawFlags {
                strategy: get("strategy", Term::atom("one_for_one")),
                intensity: get("intensity", Term::Int(1)),
                period: get("period", Term::Int(5)),
                auto_shutdown: get("auto_shutdown", Term::atom("never")),
            }),
            (_, Some([s, i, p])) => Ok(RawFlags {
                strategy: s.clone(),
                intensity: i.clone(),
                period: p.clone(),
                auto_shutdown: Term::atom("never"),
            }),
            _ => {
                let bad = Term::tuple([Term::atom("bad_flags"), flags.clone()]);
                Err(Term::tuple([Term::atom("supervisor_data"), bad]))
            }
        }
    }
}

/// A dynamic supervisor's options, defaults filled in, not yet checked: from the keyword
/// list of `DynamicSupervisor.start_link/1` or `init/1` (1.14's defaults: 3 restarts in 5
/// seconds), or from the flags map a module's `init/1` returns (OTP's: 1 in 5).
fn dyn_flags_from(get: impl Fn(&str) -> Option<Term>, from_map: bool) -> DynFlags {
    let (ik, pk, i) = if from_map {
        ("intensity", "period", 1)
    } else {
        ("max_restarts", "max_seconds", 3)
    };
    let get = |k, d: Term| get(k).unwrap_or(d);
    DynFlags {
        strategy: get("strategy", Term::atom("one_for_one")),
        intensity: get(ik, Term::Int(i)),
        period: get(pk, Term::Int(5)),
        max_children: get("max_children", Term::atom("infinity")),
        extra_arguments: get("extra_arguments", Term::empty_list()),
    }
}

fn dyn_flags_of(opts: &Term) -> DynFlags {
    dyn_flags_from(|k| kw(opts, k).cloned(), false)
}

fn dyn_flags_of_map(flags: &Term) -> DynFlags {
    dyn_flags_from(|k| map_get(flags, k).cloned(), true)
}

/// `{:start_spec, reason}`.
fn start_spec(reason: Term) -> Init {
    Init::Stop(Term::tuple([Term::atom("start_spec"), reason]))
}

/// What a static supervisor's `init` does with its flags and children (OTP 25
/// `supervisor.erl`): the flags first, then each child in order — its spec, then whether
/// its id repeats an earlier one; the first failure stops the supervisor (§4.1).
fn checked_children(
    m: &Rc<Machine>,
    raw: &RawFlags,
    maps: &[Term],
) -> Result<(Vec<ChildSpec>, Flags), Init> {
    let flags = validate::sup_flags(
        &raw.strategy,
        &raw.intensity,
        &raw.period,
        &raw.auto_shutdown,
    )
    .map_err(Init::Stop)?;
    let mut specs = Vec::with_capacity(maps.len());
    for (i, map) in maps.iter().enumerate() {
        if let Some(e) = validate::child_spec_error(map) {
            return Err(start_spec(e));
        }
        let id = map_get(map, "id");
        if maps[..i].iter().any(|o| map_get(o, "id") == id) {
            let id = id.cloned().unwrap_or_else(Term::nil);
            return Err(start_spec(Term::tuple([
                Term::atom("duplicate_child_name"),
                id,
            ])));
        }
        specs.push(build_spec(m, map, None).map_err(|e| Init::Stop(e.value))?);
    }
    Ok((specs, flags))
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
            Term::Atom(_) => (t.clone(), Term::empty_list()),
            other => {
                return self
                    .throw(value::error(Term::tuple([
                        Term::atom("invalid_child_spec"),
                        other.clone(),
                    ])))
                    .await;
            }
        };
        match value::module_name(&module).as_deref() {
            Some("Task") => super::task::task_child_spec(&arg),
            Some("Agent") => super::agent::agent_child_spec(&arg),
            Some("Task.Supervisor") => task_sup_child_spec(&arg),
            Some("DynamicSupervisor") => dyn_child_spec(&arg),
            _ => {
                let fun = self.resolve(&module, "child_spec", 1);
                let fun = self.ok(fun).await;
                self.apply(fun, vec![arg]).await
            }
        }
    }

    /// A child spec term as `model`'s spec, its start function bound to this run; the
    /// child's processes are called `label` rather than after its id — unless the id is a
    /// plain atom someone chose (`:a`), which names it better than a binding; a module id
    /// (`Session`, what `use GenServer` gives every child) does not.
    async fn child_spec_named(&self, t: &Term, label: Option<&str>) -> ChildSpec {
        let map = self.normalise_spec(t).await;
        let chosen_id = map_get(&map, "id").is_some_and(|id| {
            matches!(id, Term::Atom(a) if !a.as_str().starts_with("Elixir.") && a.as_str() != "undefined")
        });
        let r = build_spec(&self.m, &map, if chosen_id { None } else { label });
        self.ok(r).await
    }

    /// Each child in its map form (what `Supervisor.init/2` does in the caller).
    async fn normalised_specs(&self, t: &Term) -> Vec<Term> {
        let Term::List(items) = t else {
            return self.throw(value::badarg()).await;
        };
        let mut out = Vec::with_capacity(items.len());
        for i in items {
            out.push(self.normalise_spec(i).await);
        }
        out
    }

    /// `Supervisor.init/2`'s options: `:strategy` must be there (`ArgumentError`); the
    /// values are the supervisor's to check.
    async fn flags_of(&self, opts: &Term) -> RawFlags {
        let Some(strategy) = kw(opts, "strategy") else {
            return self
                .throw(value::error(value::exception(
                    "ArgumentError",
                    "expected :strategy option to be given",
                )))
                .await;
        };
        if strategy.is_atom("simple_one_for_one") {
            return self
                .throw(value::limit(
                    "the :simple_one_for_one strategy (use DynamicSupervisor)",
                ))
                .await;
        }
        RawFlags {
            strategy: strategy.clone(),
            intensity: kw(opts, "max_restarts").cloned().unwrap_or(Term::Int(3)),
            period: kw(opts, "max_seconds").cloned().unwrap_or(Term::Int(5)),
            auto_shutdown: Term::atom("never"),
        }
    }

    /// `Supervisor.start_link(children, opts)` / `Supervisor.start_link(module, arg, opts)`.
    pub(super) async fn sup_start_link(&self, args: &[Term], binding: Option<&str>) -> Term {
        let first = arg_or(args, 0, Term::nil());
        if let Term::List(_) = first {
            let opts = arg_or(args, 1, Term::empty_list());
            let raw = self.flags_of(&opts).await;
            let name = self.name_opt(&opts).await;
            let maps = self.normalised_specs(&first).await;
            let m = self.m.clone();
            let init: supervisor::InitFn = Box::new(move |_p: Proc| {
                Box::pin(async move { checked_children(&m, &raw, &maps) })
            });
            self.name_next(&super::start_label(
                binding,
                name.as_ref().and_then(super::servers::local_name),
                "start_link",
            ));
            return supervisor::start_link_with(&self.p, init, name.as_ref())
                .await
                .to_term();
        }
        let opts = arg_or(args, 2, Term::empty_list());
        let name = self.name_opt(&opts).await;
        let init = self.sup_init_fn(first, arg_or(args, 1, Term::nil()));
        self.name_next(&super::start_label(
            binding,
            name.as_ref().and_then(super::servers::local_name),
            "start_link",
        ));
        supervisor::start_link_with(&self.p, init, name.as_ref())
            .await
            .to_term()
    }

    /// The `init/1` of a supervisor module, to run in the supervisor.
    fn sup_init_fn(&self, module: Term, arg: Term) -> supervisor::InitFn {
        let m = self.m.clone();
        Box::new(
            move |p: Proc| -> BoxFut<'static, Result<(Vec<ChildSpec>, Flags), Init>> {
                Box::pin(async move {
                    put_supervisor_module(&p, &module);
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
                        let bad = Term::tuple([module.clone(), Term::atom("init"), ret]);
                        return Err(Init::Stop(Term::tuple([Term::atom("bad_return"), bad])));
                    };
                    let raw = RawFlags::of_init(&flags).map_err(Init::Stop)?;
                    // Refused only where the VM would accept the flags: an invalid
                    // strategy or period is still reported as the VM reports it.
                    let valid = validate::sup_flags(
                        &raw.strategy,
                        &raw.intensity,
                        &raw.period,
                        &raw.auto_shutdown,
                    )
                    .is_ok();
                    if valid && validate::auto_shutdown_out_of_scope(&raw.auto_shutdown) {
                        let what = format!(
                            "auto_shutdown: {} (significant children are not modelled)",
                            raw.auto_shutdown
                        );
                        return cx.throw(value::limit(&what)).await;
                    }
                    let maps = cx.normalised_specs(&children).await;
                    checked_children(&cx.m, &raw, &maps)
                })
            },
        )
    }

    /// `Supervisor.init(children, opts)` ⇒ `{:ok, {flags, specs}}` (run inside `init/1`).
    pub(super) async fn sup_init(&self, args: &[Term]) -> Term {
        let opts = arg_or(args, 1, Term::empty_list());
        let flags = self.flags_of(&opts).await.to_map();
        let specs = self.normalised_specs(&arg_or(args, 0, Term::nil())).await;
        Term::tuple([Term::atom("ok"), Term::tuple([flags, Term::list(specs)])])
    }

    /// `DynamicSupervisor.start_link(opts)` / `(module, arg, opts)`.
    pub(super) async fn dyn_start_link(&self, args: &[Term], binding: Option<&str>) -> Term {
        let first = arg_or(args, 0, Term::empty_list());
        if let Term::List(_) = first {
            let checked = validate::dyn_flags(&dyn_flags_of(&first));
            let name = self.name_opt(&first).await;
            self.name_next(&super::start_label(
                binding,
                name.as_ref().and_then(super::servers::local_name),
                "start_link",
            ));
            return match checked {
                Ok(opts) => dynamic_supervisor::start_link(&self.p, opts, name.as_ref()).await,
                Err(reason) => refused_dyn(&self.p, reason, name.as_ref()).await,
            }
            .to_term();
        }
        let opts = arg_or(args, 2, Term::empty_list());
        let name = self.name_opt(&opts).await;
        let (m, module, arg) = (self.m.clone(), first, arg_or(args, 1, Term::nil()));
        let init: dynamic_supervisor::InitFn =
            Box::new(move |p: Proc| -> BoxFut<'static, Result<Options, Init>> {
                Box::pin(async move {
                    put_supervisor_module(&p, &module);
                    let cx = Cx::new(p, m);
                    let fun = cx.resolve(&module, "init", 1);
                    let fun = cx.ok(fun).await;
                    let ret = cx.apply(fun, vec![arg]).await;
                    if ret.is_atom("ignore") {
                        return Err(Init::Ignore);
                    }
                    match ret.as_tuple() {
                        Some([ok, flags @ Term::Map(_)]) if ok.is_atom("ok") => {
                            validate::dyn_flags(&dyn_flags_of_map(flags)).map_err(Init::Stop)
                        }
                        _ => {
                            let bad = Term::tuple([module.clone(), Term::atom("init"), ret]);
                            Err(Init::Stop(Term::tuple([Term::atom("bad_return"), bad])))
                        }
                    }
                })
            });
        self.name_next(&super::start_label(
            binding,
            name.as_ref().and_then(super::servers::local_name),
            "start_link",
        ));
        dynamic_supervisor::start_link_with(&self.p, init, name.as_ref())
            .await
            .to_term()
    }

    /// `DynamicSupervisor.init(opts)` ⇒ `{:ok, flags}`.
    pub(super) async fn dyn_init(&self, args: &[Term]) -> Term {
        let f = dyn_flags_of(&arg_or(args, 0, Term::empty_list()));
        let flags = pure::map_from([
            (Term::atom("strategy"), f.strategy),
            (Term::atom("intensity"), f.intensity),
            (Term::atom("period"), f.period),
            (Term::atom("max_children"), f.max_children),
            (Term::atom("extra_arguments"), f.extra_arguments),
        ]);
        Term::tuple([Term::atom("ok"), flags])
    }

    /// `Task.Supervisor.start_link(opts)`.
    pub(super) async fn task_sup_start_link(&self, args: &[Term], binding: Option<&str>) -> Term {
        let opts = arg_or(args, 0, Term::empty_list());
        let checked = validate::dyn_flags(&dyn_flags_of(&opts));
        let name = self.name_opt(&opts).await;
        self.name_next(&super::start_label(
            binding,
            name.as_ref().and_then(super::servers::local_name),
            "start_link",
        ));
        match checked {
            Ok(o) => task_supervisor::start_link(&self.p, o, name.as_ref()).await,
            Err(reason) => refused_dyn(&self.p, reason, name.as_ref()).await,
        }
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
        let map = self.normalise_spec(&arg_or(args, 1, Term::nil())).await;
        // 1.14 DynamicSupervisor checks the spec in the caller; a static supervisor checks
        // it in `handle_call` and answers the same `{:error, reason}`, which is given here
        // without the call (§4.1).
        let refused = if dynamic {
            match validate::dyn_child_spec_error(&map) {
                Ok(()) => None,
                Err(DynSpecError::Error(e)) => Some(e),
                Err(DynSpecError::CaseClause(t)) => {
                    let e = Term::tuple([Term::atom("case_clause"), t]);
                    return self.throw(value::error(e)).await;
                }
            }
        } else {
            validate::child_spec_error(&map)
        };
        if let Some(e) = refused {
            return Term::tuple([Term::atom("error"), e]);
        }
        let spec = self.child_spec_named(&map, label).await;
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
                _ => Term::tuple([Term::atom("error"), Term::atom("not_found")]),
            },
        }
    }

    /// `Supervisor.child_spec(spec, overrides)`: 1.14 takes only these keys and raises
    /// `ArgumentError` at the first other one, `:significant` included [V e26_api_rest.exs].
    pub(super) async fn sup_child_spec(&self, args: &[Term]) -> Term {
        const ALLOWED: [&str; 6] = ["id", "start", "restart", "shutdown", "type", "modules"];
        let base = self.normalise_spec(&arg_or(args, 0, Term::nil())).await;
        let Term::Map(mut kv) = base else {
            return self.throw(value::badarg()).await;
        };
        if let Term::List(overrides) = arg_or(args, 1, Term::empty_list()) {
            for o in overrides {
                if let Some([k, v]) = o.as_tuple() {
                    if !ALLOWED.iter().any(|a| k.is_atom(a)) {
                        let message = format!(
                            "unknown key {} in child specification override",
                            self.inspect(k)
                        );
                        let e = value::exception("ArgumentError", &message);
                        return self.throw(value::error(e)).await;
                    }
                    kv = kv.insert(k.clone(), v.clone());
                }
            }
        }
        Term::Map(kv)
    }
}

/// `model`'s spec for a child spec map.
fn build_spec(m: &Rc<Machine>, map: &Term, label: Option<&str>) -> Result<ChildSpec, Exception> {
    let invalid = |what: &str, v: Term| value::error(Term::tuple([Term::atom(what_atom(what)), v]));
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
        fargs.to_vec(),
        move |s: Proc, args: Vec<Term>| {
            let (m, module, fname, label) =
                (machine.clone(), mm.clone(), mf.clone(), label.clone());
            async move {
                let cx = Cx::new(s, m);
                cx.start_child_mfa(&module, &fname, args, &label).await
            }
        },
    );
    spec.mfa = Term::tuple([module.clone(), Term::atom_dyn(&fname), Term::List(fargs)]);
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
        .unwrap_or_else(|| Term::list([module]));
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

/// A dynamic supervisor (or `Task.Supervisor`) whose options its `init` refuses: the
/// process starts, stops with `reason`, and `start_link` returns `{:error, reason}`.
async fn refused_dyn(
    p: &Proc,
    reason: Term,
    name: Option<&Name>,
) -> model::gen_server::StartResult {
    let init: dynamic_supervisor::InitFn =
        Box::new(move |_p: Proc| Box::pin(async move { Err(Init::Stop(reason)) }));
    dynamic_supervisor::start_link_with(p, init, name).await
}

/// A module-based supervisor's `:"$initial_call"` names its module (semantics §2.9).
fn put_supervisor_module(p: &Proc, module: &Term) {
    if let Some(name) = value::module_name(module) {
        model::proc_lib::put_initial_call(p, supervisor::supervisor_initial_call(&name));
    }
}
