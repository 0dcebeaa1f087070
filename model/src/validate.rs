//! What a supervisor refuses, with the VM's error terms (SEMANTICS §4.1): the flags of a
//! static supervisor (OTP `supervisor.erl`'s `check_flags`), the options of a
//! `DynamicSupervisor` or `Task.Supervisor` (1.14 `DynamicSupervisor.init/2`), and child
//! specs in their map form, as a static supervisor checks them (`check_childspec`) and as
//! 1.14 `DynamicSupervisor.start_child` checks them in the caller (`validate_child`).
//!
//! Every check takes the terms as the program wrote them and returns the reason the VM
//! gives, so that callers can put it where the VM puts it: a supervisor's `init` stops
//! with `{:supervisor_data, reason}` or `{:start_spec, reason}` (so `start_link` returns
//! `{:error, ...}` and a trapping caller gets the matching `:EXIT`), `start_child` returns
//! `{:error, reason}`.

use crate::dynamic_supervisor::Options;
use crate::supervisor::{Flags, Strategy};
use sim::Term;

fn tagged(tag: &'static str, v: &Term) -> Term {
    Term::tuple([Term::atom(tag), v.clone()])
}

/// `{:supervisor_data, reason}`.
fn supervisor_data(reason: Term) -> Term {
    Term::tuple([Term::atom("supervisor_data"), reason])
}

/// A non-negative integer (an intensity, a `max_children`).
fn count(t: &Term) -> Option<u64> {
    match t {
        Term::Int(n) if *n >= 0 => Some(*n as u64),
        _ => None,
    }
}

/// A positive integer (a period in seconds).
fn positive(t: &Term) -> Option<u64> {
    match t {
        Term::Int(n) if *n > 0 => Some(*n as u64),
        _ => None,
    }
}

/// A static supervisor's strategy; `None` for anything else (`:simple_one_for_one` is
/// valid on the VM but out of scope, §10: the caller reports it as a limit).
pub fn strategy(t: &Term) -> Option<Strategy> {
    [
        ("one_for_one", Strategy::OneForOne),
        ("one_for_all", Strategy::OneForAll),
        ("rest_for_one", Strategy::RestForOne),
    ]
    .into_iter()
    .find(|(n, _)| t.is_atom(n))
    .map(|(_, s)| s)
}

/// `check_flags` of OTP 25 `supervisor.erl`: strategy, then intensity (an integer ≥ 0),
/// then period (an integer > 0), then `auto_shutdown` (`:never`, `:any_significant` or
/// `:all_significant`); the first failure is `{:supervisor_data, {:invalid_strategy |
/// :invalid_intensity | :invalid_period | :invalid_auto_shutdown, value}}`
/// [V e22_sup_validation.exs, e26_api_rest.exs]. Unknown keys are ignored. A valid
/// `auto_shutdown` other than `:never` passes here: it is out of scope (§10), and
/// [`auto_shutdown_out_of_scope`] tells the caller to refuse it as a limit.
pub fn sup_flags(
    strategy_t: &Term,
    intensity: &Term,
    period: &Term,
    auto_shutdown: &Term,
) -> Result<Flags, Term> {
    let bad = |tag, v| supervisor_data(tagged(tag, v));
    let s = strategy(strategy_t).ok_or_else(|| bad("invalid_strategy", strategy_t))?;
    let i = count(intensity).ok_or_else(|| bad("invalid_intensity", intensity))?;
    let p = positive(period).ok_or_else(|| bad("invalid_period", period))?;
    if !auto_shutdown.is_atom("never") && !auto_shutdown_out_of_scope(auto_shutdown) {
        return Err(bad("invalid_auto_shutdown", auto_shutdown));
    }
    Ok(Flags {
        strategy: s,
        max_restarts: i.min(u64::from(u32::MAX)) as u32,
        max_seconds: p,
    })
}

/// `:any_significant` or `:all_significant`: valid on the VM, but `auto_shutdown` is out of
/// scope (§10), so the simulator refuses it with an `:otpsim_limit` instead of running a
/// supervisor that would not shut itself down when the VM's does.
pub fn auto_shutdown_out_of_scope(t: &Term) -> bool {
    t.is_atom("any_significant") || t.is_atom("all_significant")
}

/// The raw options of a dynamic supervisor, as its flags map holds them.
#[derive(Clone, Debug)]
pub struct DynFlags {
    /// `:strategy` (only `:one_for_one` is valid).
    pub strategy: Term,
    /// `:intensity`, Elixir's `:max_restarts`.
    pub intensity: Term,
    /// `:period`, Elixir's `:max_seconds`.
    pub period: Term,
    /// `:max_children`.
    pub max_children: Term,
    /// `:extra_arguments`.
    pub extra_arguments: Term,
}

/// 1.14 `DynamicSupervisor.init/2`: strategy (`:one_for_one` only), intensity (integer
/// ≥ 0), period (integer > 0), `max_children` (`:infinity` or integer ≥ 0),
/// `extra_arguments` (a list), in that order; the first failure is
/// `{:supervisor_data, {:invalid_..., value}}` [V e22_sup_validation.exs].
pub fn dyn_flags(f: &DynFlags) -> Result<Options, Term> {
    let bad = |tag, v| supervisor_data(tagged(tag, v));
    if !f.strategy.is_atom("one_for_one") {
        return Err(bad("invalid_strategy", &f.strategy));
    }
    let i = count(&f.intensity).ok_or_else(|| bad("invalid_intensity", &f.intensity))?;
    let p = positive(&f.period).ok_or_else(|| bad("invalid_period", &f.period))?;
    let max_children = if f.max_children.is_atom("infinity") {
        None
    } else {
        let n =
            count(&f.max_children).ok_or_else(|| bad("invalid_max_children", &f.max_children))?;
        Some(n as usize)
    };
    let Term::List(extra) = &f.extra_arguments else {
        return Err(bad("invalid_extra_arguments", &f.extra_arguments));
    };
    Ok(Options {
        max_restarts: i.min(u64::from(u32::MAX)) as u32,
        max_seconds: p,
        max_children,
        extra_arguments: extra.to_vec(),
    })
}

fn get<'a>(map: &'a Term, key: &str) -> Option<&'a Term> {
    match map {
        Term::Map(kv) => kv.iter().find(|(k, _)| k.is_atom(key)).map(|(_, v)| v),
        _ => None,
    }
}

fn is_mfa(t: &Term) -> bool {
    matches!(
        t.as_tuple(),
        Some([Term::Atom(_), Term::Atom(_), Term::List(_)])
    )
}

fn is_shutdown(t: &Term, min: i64) -> bool {
    matches!(t, Term::Int(n) if *n >= min) || t.is_atom("infinity") || t.is_atom("brutal_kill")
}

fn is_restart(t: &Term) -> bool {
    ["permanent", "transient", "temporary"]
        .iter()
        .any(|r| t.is_atom(r))
}

fn is_child_type(t: &Term) -> bool {
    t.is_atom("worker") || t.is_atom("supervisor")
}

/// `:dynamic`, or a list of atoms.
fn modules_error(t: &Term) -> Option<Term> {
    match t {
        _ if t.is_atom("dynamic") => None,
        Term::List(ms) => ms
            .iter()
            .find(|m| !matches!(m, Term::Atom(_)))
            .map(|m| tagged("invalid_module", m)),
        _ => Some(tagged("invalid_modules", t)),
    }
}

/// A spec key, the tag of its error, and the test its value must pass.
type SpecCheck = (&'static str, &'static str, fn(&Term) -> bool);

/// `check_childspec` of OTP 25 `supervisor.erl` for a spec map, under a supervisor with
/// `auto_shutdown: :never` (the only one in scope, §10): `:missing_id`, `:missing_start`,
/// then `{:invalid_mfa, start}`, `{:invalid_restart_type, r}`, then `:significant` —
/// `true` is `{:bad_combination, [auto_shutdown: :never, significant: true]}`, anything
/// but a boolean `{:invalid_significant, s}` — then `{:invalid_child_type, t}`,
/// `{:invalid_shutdown, s}` (an integer ≥ 0, `:infinity` or `:brutal_kill`),
/// `{:invalid_modules, m}`, in that order; `None` for a valid spec. Unknown keys are
/// ignored [V e22_sup_validation.exs, e26_api_rest.exs].
pub fn child_spec_error(map: &Term) -> Option<Term> {
    if get(map, "id").is_none() {
        return Some(Term::atom("missing_id"));
    }
    let Some(start) = get(map, "start") else {
        return Some(Term::atom("missing_start"));
    };
    if !is_mfa(start) {
        return Some(tagged("invalid_mfa", start));
    }
    if let Some(r) = get(map, "restart")
        && !is_restart(r)
    {
        return Some(tagged("invalid_restart_type", r));
    }
    match get(map, "significant") {
        Some(s) if s.is_atom("true") => {
            let pair = |k, v| Term::tuple([Term::atom(k), Term::atom(v)]);
            let combination = vec![pair("auto_shutdown", "never"), pair("significant", "true")];
            return Some(tagged("bad_combination", &Term::list(combination)));
        }
        Some(s) if !s.is_atom("false") => return Some(tagged("invalid_significant", s)),
        _ => {}
    }
    let checks: [SpecCheck; 2] = [
        ("type", "invalid_child_type", is_child_type),
        ("shutdown", "invalid_shutdown", |t| is_shutdown(t, 0)),
    ];
    for (key, tag, ok) in checks {
        if let Some(v) = get(map, key)
            && !ok(v)
        {
            return Some(tagged(tag, v));
        }
    }
    get(map, "modules").and_then(modules_error)
}

/// What 1.14 `DynamicSupervisor.start_child` makes of an invalid spec map, in the caller.
#[derive(Clone, Debug, PartialEq)]
pub enum DynSpecError {
    /// `{:error, reason}` returned.
    Error(Term),
    /// The error `{:case_clause, type}` raised: a `:type` other than `:worker` or
    /// `:supervisor` falls through the `case` that picks the default shutdown.
    CaseClause(Term),
}

/// 1.14 `DynamicSupervisor.validate_child/1`: a map with `:id` and a 3-tuple `:start`
/// (else `{:invalid_child_spec, spec}`), the type's `case`, then start, restart, shutdown
/// (an integer **> 0**, `:infinity` or `:brutal_kill`) and modules. `Ok(())` for a valid
/// spec [V e22_sup_validation.exs, e18_sup_start.exs].
pub fn dyn_child_spec_error(map: &Term) -> Result<(), DynSpecError> {
    let shaped = get(map, "id").is_some()
        && get(map, "start").is_some_and(|s| matches!(s.as_tuple(), Some([_, _, _])));
    if !shaped {
        return Err(DynSpecError::Error(tagged("invalid_child_spec", map)));
    }
    if let Some(t) = get(map, "type")
        && !is_child_type(t)
    {
        return Err(DynSpecError::CaseClause(t.clone()));
    }
    let start = get(map, "start").expect("checked above");
    if !is_mfa(start) {
        return Err(DynSpecError::Error(tagged("invalid_mfa", start)));
    }
    if let Some(r) = get(map, "restart")
        && !is_restart(r)
    {
        return Err(DynSpecError::Error(tagged("invalid_restart_type", r)));
    }
    if let Some(s) = get(map, "shutdown")
        && !is_shutdown(s, 1)
    {
        return Err(DynSpecError::Error(tagged("invalid_shutdown", s)));
    }
    match get(map, "modules").and_then(modules_error) {
        Some(e) => Err(DynSpecError::Error(e)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &'static str) -> Term {
        Term::atom(s)
    }

    fn data(tag: &'static str, v: Term) -> Term {
        supervisor_data(Term::tuple([a(tag), v]))
    }

    fn spec(extra: Vec<(&'static str, Term)>) -> Term {
        let mut kv = vec![
            (a("id"), a("c")),
            (
                a("start"),
                Term::tuple([a("m"), a("f"), Term::empty_list()]),
            ),
        ];
        for (k, v) in extra {
            match kv.iter_mut().find(|(x, _)| x.is_atom(k)) {
                Some(slot) => slot.1 = v,
                None => kv.push((a(k), v)),
            }
        }
        Term::map(kv)
    }

    #[test]
    fn flags_are_checked_strategy_then_intensity_then_period() {
        let (one, never) = (a("one_for_one"), a("never"));
        assert_eq!(
            sup_flags(&one, &Term::Int(3), &Term::Int(0), &never),
            Err(data("invalid_period", Term::Int(0)))
        );
        assert_eq!(
            sup_flags(&one, &Term::Int(-1), &Term::Int(0), &never),
            Err(data("invalid_intensity", Term::Int(-1)))
        );
        assert_eq!(
            sup_flags(&a("bogus"), &Term::Int(-1), &Term::Int(0), &never),
            Err(data("invalid_strategy", a("bogus")))
        );
        assert_eq!(
            sup_flags(&one, &a("x"), &Term::Int(5), &never),
            Err(data("invalid_intensity", a("x")))
        );
        let ok = sup_flags(&one, &Term::Int(0), &Term::Int(1), &never).expect("valid");
        assert_eq!((ok.max_restarts, ok.max_seconds), (0, 1));
    }

    /// `auto_shutdown` is checked after the period; a valid value other than `:never`
    /// passes here and is out of scope for the caller to refuse [V e26_api_rest.exs].
    #[test]
    fn auto_shutdown_is_checked_after_the_period() {
        let (one, five) = (a("one_for_one"), Term::Int(5));
        let with = |v: &'static str, period: &Term| sup_flags(&one, &Term::Int(3), period, &a(v));
        assert_eq!(
            with("sometimes", &five).map(|_| ()),
            Err(data("invalid_auto_shutdown", a("sometimes")))
        );
        assert_eq!(
            with("sometimes", &Term::Int(0)).map(|_| ()),
            Err(data("invalid_period", Term::Int(0)))
        );
        for v in ["never", "any_significant", "all_significant"] {
            assert!(with(v, &five).is_ok(), "{v}");
            assert_eq!(auto_shutdown_out_of_scope(&a(v)), v != "never");
        }
    }

    /// Under `auto_shutdown: :never`, `significant: true` is a bad combination and any
    /// non-boolean is invalid; both are checked after the restart type and before the
    /// child type and shutdown. A dynamic supervisor does not look at the key at all
    /// [V e26_api_rest.exs].
    #[test]
    fn significant_children_are_refused_where_the_vm_refuses_them() {
        let t = |tag: &'static str, v: Term| Some(Term::tuple([a(tag), v]));
        let combination = Term::list([
            Term::tuple([a("auto_shutdown"), a("never")]),
            Term::tuple([a("significant"), a("true")]),
        ]);
        let yes = ("significant", a("true"));
        assert_eq!(
            child_spec_error(&spec(vec![yes.clone(), ("shutdown", Term::Int(-1))])),
            t("bad_combination", combination)
        );
        assert_eq!(
            child_spec_error(&spec(vec![yes.clone(), ("restart", a("x"))])),
            t("invalid_restart_type", a("x"))
        );
        assert_eq!(
            child_spec_error(&spec(vec![("significant", a("yes")), ("type", a("x"))])),
            t("invalid_significant", a("yes"))
        );
        assert_eq!(
            child_spec_error(&spec(vec![("significant", a("false"))])),
            None
        );
        assert_eq!(dyn_child_spec_error(&spec(vec![yes])), Ok(()));
        assert_eq!(
            dyn_child_spec_error(&spec(vec![("significant", a("yes"))])),
            Ok(())
        );
    }

    #[test]
    fn dynamic_options_are_checked_in_order() {
        let good = DynFlags {
            strategy: a("one_for_one"),
            intensity: Term::Int(3),
            period: Term::Int(5),
            max_children: a("infinity"),
            extra_arguments: Term::empty_list(),
        };
        assert!(dyn_flags(&good).is_ok());
        let with = |f: fn(&mut DynFlags)| {
            let mut d = good.clone();
            f(&mut d);
            dyn_flags(&d).expect_err("invalid")
        };
        assert_eq!(
            with(|d| d.strategy = Term::atom("one_for_all")),
            data("invalid_strategy", a("one_for_all"))
        );
        assert_eq!(
            with(|d| d.period = Term::Int(0)),
            data("invalid_period", Term::Int(0))
        );
        assert_eq!(
            with(|d| d.max_children = Term::Int(-1)),
            data("invalid_max_children", Term::Int(-1))
        );
        assert_eq!(
            with(|d| d.extra_arguments = Term::atom("x")),
            data("invalid_extra_arguments", a("x"))
        );
    }

    #[test]
    fn static_child_specs_report_the_first_failure() {
        let t = |tag: &'static str, v: Term| Some(Term::tuple([a(tag), v]));
        assert_eq!(child_spec_error(&spec(vec![])), None);
        assert_eq!(
            child_spec_error(&spec(vec![("shutdown", Term::Int(0))])),
            None
        );
        assert_eq!(
            child_spec_error(&spec(vec![
                ("restart", a("x")),
                ("shutdown", Term::Int(-1))
            ])),
            t("invalid_restart_type", a("x"))
        );
        assert_eq!(
            child_spec_error(&spec(vec![("shutdown", Term::Int(-1))])),
            t("invalid_shutdown", Term::Int(-1))
        );
        assert_eq!(
            child_spec_error(&spec(vec![("modules", a("x"))])),
            t("invalid_modules", a("x"))
        );
        assert_eq!(
            child_spec_error(&spec(vec![("start", a("x"))])),
            t("invalid_mfa", a("x"))
        );
        let no_start = Term::map(vec![(a("id"), a("c"))]);
        assert_eq!(child_spec_error(&no_start), Some(a("missing_start")));
    }

    #[test]
    fn dynamic_child_specs_want_a_positive_shutdown_and_crash_on_a_bad_type() {
        let err = |v: Vec<(&'static str, Term)>| dyn_child_spec_error(&spec(v));
        assert_eq!(err(vec![]), Ok(()));
        assert_eq!(
            err(vec![("shutdown", Term::Int(0))]),
            Err(DynSpecError::Error(Term::tuple([
                a("invalid_shutdown"),
                Term::Int(0)
            ])))
        );
        assert_eq!(
            err(vec![("type", a("x"))]),
            Err(DynSpecError::CaseClause(a("x")))
        );
        let bad = spec(vec![("start", a("x"))]);
        assert_eq!(
            dyn_child_spec_error(&bad),
            Err(DynSpecError::Error(Term::tuple([
                a("invalid_child_spec"),
                bad.clone()
            ])))
        );
    }
}
