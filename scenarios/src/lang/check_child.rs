//! Checking child specifications and the supervisors they start: ids, registered names,
//! defaults (`:permanent` workers, `:temporary` tasks, `:infinity` shutdown for supervisors).

use super::check::{Checker, R};
use super::ir::{ChildBody, ChildIr, Op, Seg, SupIr, SupKind};
use super::scope::Kind;
use super::sup::{self, Child};
use super::term::{self, Expr};
use super::{ShutdownMode, Timeout};
use model::child_spec::{ChildType, Restart, ShutdownSpec};
use model::supervisor::Strategy;
use sim::Term;
use std::rc::Rc;

pub(super) fn restart(r: sup::Restart) -> Restart {
    match r {
        sup::Restart::Permanent => Restart::Permanent,
        sup::Restart::Transient => Restart::Transient,
        sup::Restart::Temporary => Restart::Temporary,
    }
}

pub(super) fn strategy(s: sup::Strategy) -> Strategy {
    match s {
        sup::Strategy::OneForOne => Strategy::OneForOne,
        sup::Strategy::OneForAll => Strategy::OneForAll,
        sup::Strategy::RestForOne => Strategy::RestForOne,
    }
}

/// A child spec's or `Task.Supervisor.start_child`'s `:shutdown`.
pub(super) fn shutdown_spec(s: ShutdownMode) -> ShutdownSpec {
    match s {
        ShutdownMode::BrutalKill => ShutdownSpec::BrutalKill,
        ShutdownMode::Timeout(Timeout::Ms(ms)) => ShutdownSpec::Ms(ms),
        ShutdownMode::Timeout(Timeout::Infinity) => ShutdownSpec::Infinity,
    }
}

/// The name an atom gives a process: `:a` ⇒ `a`, `MySup` ⇒ `MySup`.
pub(super) fn atom_label(t: &Term) -> Rc<str> {
    match t {
        Term::Atom(a) => a
            .as_str()
            .strip_prefix("Elixir.")
            .unwrap_or(a.as_str())
            .into(),
        other => other.to_string().into(),
    }
}

/// The options a supervisor step or spec was written with.
pub(super) struct SupOpts<'a> {
    pub(super) kind: SupKind,
    pub(super) name: &'a Option<String>,
    pub(super) strategy: Strategy,
    pub(super) max_restarts: Option<u32>,
    pub(super) max_seconds: Option<u64>,
    pub(super) max_children: Option<u64>,
    pub(super) children: &'a [Child],
}

impl Checker {
    pub(super) fn start_sup(&mut self, bind: &Option<String>, opts: &SupOpts<'_>) -> R<Op> {
        let word = match opts.kind {
            SupKind::Static => "supervisor",
            SupKind::Dynamic => "dynamic_supervisor",
            SupKind::Task => "task_supervisor",
        };
        let sup = self.sup_ir(opts, None, bind.as_deref().unwrap_or(word))?;
        Ok(Op::StartSup {
            bind: self.bind(bind, Kind::Supervisor(opts.kind))?,
            sup,
        })
    }

    /// A supervisor to start; its process is called `label`, or its registered name if it
    /// has no binding (`fallback` is the binding or the word it is written with).
    fn sup_ir(&mut self, o: &SupOpts<'_>, label: Option<Rc<str>>, fallback: &str) -> R<Rc<SupIr>> {
        let name = self.name_at(o.name, o.kind)?;
        let label = label.unwrap_or_else(|| match (&name, fallback) {
            (Some(n), "supervisor" | "dynamic_supervisor" | "task_supervisor") => atom_label(n),
            _ => fallback.into(),
        });
        let children = self.at(Seg::Field("children"), |c| c.children(o.children))?;
        Ok(Rc::new(SupIr {
            kind: o.kind,
            name,
            label,
            strategy: o.strategy,
            max_restarts: o.max_restarts.unwrap_or(3),
            max_seconds: o.max_seconds.unwrap_or(5),
            max_children: o.max_children,
            children,
        }))
    }

    /// `name:`: an atom; remembered so that `sup: "Name"` knows what it refers to.
    pub(super) fn name_at(&mut self, name: &Option<String>, kind: SupKind) -> R<Option<Term>> {
        let Some(text) = name else { return Ok(None) };
        let atom = self.atom_at(Seg::Field("name"), text, "a registered name")?;
        self.sup_names.push((atom.clone(), kind));
        Ok(Some(atom))
    }

    pub(super) fn atom_at(&mut self, field: Seg, text: &str, what: &str) -> R<Term> {
        self.at(field, |c| match c.syntax(term::parse_expr(text))? {
            Expr::Lit(t @ Term::Atom(_)) => Ok(t),
            _ => c.fail(
                None,
                format!("{what} must be an atom, such as `:a` or `MyName`; found `{text}`"),
            ),
        })
    }

    /// The children of a static supervisor, in start order: each needs a unique id.
    fn children(&mut self, list: &[Child]) -> R<Vec<Rc<ChildIr>>> {
        let mut out: Vec<Rc<ChildIr>> = Vec::with_capacity(list.len());
        for (i, spec) in list.iter().enumerate() {
            let child = self.at(Seg::Index(i), |c| {
                c.child(spec, Some(SupKind::Static), None)
            })?;
            if out.iter().any(|o| o.id == child.id) {
                return self.at(Seg::Index(i), |c| {
                    c.at(Seg::Field("id"), |c| {
                        c.fail(
                            None,
                            format!(
                                "duplicate child id `{}`: the children of a Supervisor need unique ids",
                                child.id
                            ),
                        )
                    })
                });
            }
            out.push(child);
        }
        Ok(out)
    }

    /// One child spec, under a supervisor of kind `under` (if known).
    pub(super) fn child(
        &mut self,
        spec: &Child,
        under: Option<SupKind>,
        alt: Option<&str>,
    ) -> R<Rc<ChildIr>> {
        let id = match spec.id() {
            Some(text) => self.atom_at(Seg::Field("id"), text, "a child id")?,
            None if under == Some(SupKind::Static) => {
                return self.fail(
                    None,
                    format!(
                        "this `{}` child spec needs an `id:` (an atom such as `:a`): \
                         the children of a Supervisor are known by their ids",
                        spec.word()
                    ),
                );
            }
            None => Term::atom("undefined"),
        };
        let label: Rc<str> = match (spec.id(), alt) {
            (Some(_), _) => atom_label(&id),
            (None, Some(a)) => a.into(),
            (None, None) => spec.word().into(),
        };
        let (body, restart, shutdown, kind) = match spec {
            Child::Worker {
                body,
                restart,
                shutdown,
                kind,
                ..
            }
            | Child::Task {
                body,
                restart,
                shutdown,
                kind,
                ..
            } => {
                let block = self.body("do", body)?;
                let is_task = matches!(spec, Child::Task { .. });
                let (body, default) = if is_task {
                    (ChildBody::Task(block), Restart::Temporary)
                } else {
                    (ChildBody::Worker(block), Restart::Permanent)
                };
                let kind = match kind {
                    Some(sup::ChildType::Supervisor) => ChildType::Supervisor,
                    _ => ChildType::Worker,
                };
                (
                    body,
                    restart.map_or(default, self::restart),
                    *shutdown,
                    kind,
                )
            }
            Child::Supervisor {
                name,
                strategy,
                max_restarts,
                max_seconds,
                children,
                restart,
                shutdown,
                ..
            } => {
                let opts = SupOpts {
                    kind: SupKind::Static,
                    name,
                    strategy: self::strategy(*strategy),
                    max_restarts: *max_restarts,
                    max_seconds: *max_seconds,
                    max_children: None,
                    children,
                };
                let sup = self.sup_ir(&opts, Some(label.clone()), "")?;
                let restart = restart.map_or(Restart::Permanent, self::restart);
                (
                    ChildBody::Sup(sup),
                    restart,
                    *shutdown,
                    ChildType::Supervisor,
                )
            }
            Child::DynamicSupervisor {
                name,
                max_children,
                max_restarts,
                max_seconds,
                restart,
                shutdown,
                ..
            }
            | Child::TaskSupervisor {
                name,
                max_children,
                max_restarts,
                max_seconds,
                restart,
                shutdown,
                ..
            } => {
                let kind = match spec {
                    Child::DynamicSupervisor { .. } => SupKind::Dynamic,
                    _ => SupKind::Task,
                };
                let opts = SupOpts {
                    kind,
                    name,
                    strategy: Strategy::OneForOne,
                    max_restarts: *max_restarts,
                    max_seconds: *max_seconds,
                    max_children: *max_children,
                    children: &[],
                };
                let sup = self.sup_ir(&opts, Some(label.clone()), "")?;
                let restart = restart.map_or(Restart::Permanent, self::restart);
                (
                    ChildBody::Sup(sup),
                    restart,
                    *shutdown,
                    ChildType::Supervisor,
                )
            }
        };
        let default_shutdown = match kind {
            ChildType::Worker => ShutdownSpec::Ms(5000),
            ChildType::Supervisor => ShutdownSpec::Infinity,
        };
        Ok(Rc::new(ChildIr {
            id,
            label,
            body,
            restart,
            shutdown: shutdown.map_or(default_shutdown, shutdown_spec),
            kind,
        }))
    }
}
