//! Semantic trace events that the model emits, for invariant monitors to consume.
//!
//! Each is a [`ModelEvent`] inside a `sim::EventKind::Semantic`: typed, so a check matches
//! on its variants (exhaustively: a new variant is a compile error in every check until the
//! check says what it does with it) instead of on a tag and the positions of a tuple, and
//! [`ModelEvent::of`] is the one place that decodes a trace event.
//!
//! A wait (await, yield, ...) is a pair of events: [`ModelEvent::WaitBegin`] when the caller
//! starts waiting and [`ModelEvent::WaitEnd`] when the wait returns or exits; both carry the
//! same `id`, so a monitor can check that the end is never after `begin + timeout` and that
//! a timeout is never earlier.
//!
//! In the trace each event prints as `<tag> <data>` ([`ModelEventKind::tag`]), the data as a
//! term, so that a trace reads the same whoever renders it.

use crate::child_spec::{Restart, ShutdownSpec};
use sim::{Pid, Proc, Ref, Semantic, Term, Timeout};
use std::any::Any;
use std::fmt;

/// Which function waits.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum WaitOp {
    /// `Task.await/2`
    Await,
    /// `Task.yield/2`
    Yield,
    /// `Task.await_many/2`
    AwaitMany,
    /// `Task.yield_many/2`
    YieldMany,
    /// `Task.shutdown/2`
    Shutdown,
    /// `GenServer.call/3`
    Call,
}

impl WaitOp {
    /// The function's name.
    pub fn name(self) -> &'static str {
        match self {
            WaitOp::Await => "await",
            WaitOp::Yield => "yield",
            WaitOp::AwaitMany => "await_many",
            WaitOp::YieldMany => "yield_many",
            WaitOp::Shutdown => "shutdown",
            WaitOp::Call => "call",
        }
    }
}

/// How a wait ended.
#[derive(Clone, Debug, PartialEq)]
pub enum WaitResult {
    /// A reply arrived.
    Ok(Term),
    /// The awaited process went down with this reason.
    Exit(Term),
    /// The deadline passed (`await` exits, `yield` returns `nil`).
    Timeout,
}

impl WaitResult {
    /// `{:ok, value}`, `{:exit, reason}` or `:timeout`.
    pub fn to_term(&self) -> Term {
        match self {
            WaitResult::Ok(v) => Term::tuple([Term::atom("ok"), v.clone()]),
            WaitResult::Exit(r) => Term::tuple([Term::atom("exit"), r.clone()]),
            WaitResult::Timeout => Term::atom("timeout"),
        }
    }
}

/// Which kind of supervisor announced itself.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SupKind {
    /// `Supervisor` (Erlang's `:supervisor`).
    Static,
    /// `DynamicSupervisor` or `Task.Supervisor`.
    Dynamic,
}

/// What the model tells the monitors. The process of the trace event is the one that
/// acted: the waiting caller, the task's owner, the supervisor.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelEvent {
    /// A wait began.
    WaitBegin {
        /// Which function.
        op: WaitOp,
        /// Pairs the begin with its end (a task's reference, a call's tag).
        id: Term,
        /// The timeout it was given.
        timeout: Timeout,
    },
    /// The wait with this `id` ended.
    WaitEnd {
        /// Which function.
        op: WaitOp,
        /// As in [`ModelEvent::WaitBegin`].
        id: Term,
        /// How it ended.
        result: WaitResult,
    },
    /// A task process was started for an owner by `Task.async`-like functions.
    TaskSpawn {
        /// The task.
        pid: Pid,
        /// Its monitor reference (and reply alias).
        r#ref: Ref,
        /// The owner.
        owner: Pid,
        /// Linked to the owner (`Task.async`, `Task.Supervisor.async`), as opposed to
        /// `Task.Supervisor.async_nolink`.
        linked: bool,
    },
    /// A supervisor initialised with this policy.
    SupInit {
        /// Which kind.
        kind: SupKind,
        /// `:one_for_one`, `:one_for_all` or `:rest_for_one`.
        strategy: Term,
        /// `:max_restarts`.
        max_restarts: u32,
        /// `:max_seconds`.
        max_seconds: u64,
    },
    /// A supervisor started a child.
    SupStart {
        /// The child's id (`:undefined` under a dynamic supervisor).
        id: Term,
        /// The new process.
        pid: Pid,
    },
    /// A child's start function failed.
    SupStartError {
        /// The child's id.
        id: Term,
        /// Why.
        reason: Term,
    },
    /// A supervisor received a child's EXIT.
    SupExit {
        /// The child's id.
        id: Term,
        /// The child.
        pid: Pid,
        /// Its exit reason.
        reason: Term,
        /// Its restart type.
        restart: Restart,
    },
    /// A restart attempt passed the intensity check.
    SupRestart {
        /// The child's id (its old pid under a dynamic supervisor).
        id: Term,
        /// Restarts in the window, this one included.
        in_window: usize,
    },
    /// A restart attempt tripped the intensity limit; the supervisor gives up.
    SupGiveUp {
        /// The child's id (its old pid under a dynamic supervisor).
        id: Term,
    },
    /// The supervisor sent `:shutdown` or `:kill` to a child it stops.
    SupTerminate {
        /// The child's id.
        id: Term,
        /// The child.
        pid: Pid,
        /// `true` for `:kill` (`:brutal_kill`), `false` for `:shutdown`.
        kill: bool,
        /// The child's shutdown.
        shutdown: ShutdownSpec,
    },
    /// The shutdown timeout passed: the child is killed.
    SupKill {
        /// The child's id.
        id: Term,
        /// The child.
        pid: Pid,
    },
    /// A child stopped with an unexpected reason (a `shutdown_error` report).
    SupShutdownError {
        /// The child's id (its pid under a dynamic supervisor).
        id: Term,
        /// The reason.
        reason: Term,
    },
}

/// The variants of [`ModelEvent`], without their data: what a check says it watches.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum ModelEventKind {
    WaitBegin,
    WaitEnd,
    TaskSpawn,
    SupInit,
    SupStart,
    SupStartError,
    SupExit,
    SupRestart,
    SupGiveUp,
    SupTerminate,
    SupKill,
    SupShutdownError,
}

impl ModelEventKind {
    /// Every kind.
    pub const ALL: [ModelEventKind; 12] = [
        ModelEventKind::WaitBegin,
        ModelEventKind::WaitEnd,
        ModelEventKind::TaskSpawn,
        ModelEventKind::SupInit,
        ModelEventKind::SupStart,
        ModelEventKind::SupStartError,
        ModelEventKind::SupExit,
        ModelEventKind::SupRestart,
        ModelEventKind::SupGiveUp,
        ModelEventKind::SupTerminate,
        ModelEventKind::SupKill,
        ModelEventKind::SupShutdownError,
    ];

    /// The event's tag in the trace.
    pub const fn tag(self) -> &'static str {
        match self {
            ModelEventKind::WaitBegin => "wait.begin",
            ModelEventKind::WaitEnd => "wait.end",
            ModelEventKind::TaskSpawn => "task.spawn",
            ModelEventKind::SupInit => "sup.init",
            ModelEventKind::SupStart => "sup.start",
            ModelEventKind::SupStartError => "sup.start_error",
            ModelEventKind::SupExit => "sup.exit",
            ModelEventKind::SupRestart => "sup.restart",
            ModelEventKind::SupGiveUp => "sup.give_up",
            ModelEventKind::SupTerminate => "sup.terminate",
            ModelEventKind::SupKill => "sup.kill",
            ModelEventKind::SupShutdownError => "sup.shutdown_error",
        }
    }
}

impl ModelEvent {
    /// The model event inside a trace event, if it is one. Any other [`Semantic`] event is a
    /// bug of whoever emitted it (the model is the only layer that emits them): that panics
    /// with what it was, rather than letting a monitor skip an event it cannot read.
    pub fn of(kind: &sim::EventKind) -> Option<&ModelEvent> {
        match kind {
            sim::EventKind::Semantic(e) => match e.as_any().downcast_ref::<ModelEvent>() {
                Some(m) => Some(m),
                None => panic!("a semantic trace event that is not a model event: {e:?}"),
            },
            _ => None,
        }
    }

    /// Reads an event back from its tag and data (the inverse of [`ModelEvent::kind`]`.tag()`
    /// and [`ModelEvent::data`]), for traces written elsewhere and hand-made test traces. A
    /// tag or a shape it does not know is an error that says what it got.
    pub fn parse(tag: &str, data: &Term) -> Result<ModelEvent, String> {
        let bad = || format!("not a `{tag}` event: {data}");
        let kind = ModelEventKind::ALL
            .into_iter()
            .find(|k| k.tag() == tag)
            .ok_or_else(|| format!("unknown model event tag `{tag}`"))?;
        let items = data.as_tuple().unwrap_or(&[]);
        let pid = |t: &Term| t.as_pid().ok_or_else(bad);
        let timeout = |t: &Term| match t {
            Term::Int(ms) if *ms >= 0 => Ok(Timeout::Ms(*ms as u64)),
            t if t.is_atom("infinity") => Ok(Timeout::Infinity),
            _ => Err(bad()),
        };
        let op = |t: &Term| {
            [
                WaitOp::Await,
                WaitOp::Yield,
                WaitOp::AwaitMany,
                WaitOp::YieldMany,
                WaitOp::Shutdown,
                WaitOp::Call,
            ]
            .into_iter()
            .find(|o| t.is_atom(o.name()))
            .ok_or_else(bad)
        };
        let restart = |t: &Term| {
            [Restart::Permanent, Restart::Transient, Restart::Temporary]
                .into_iter()
                .find(|r| r.to_term() == *t)
                .ok_or_else(bad)
        };
        let count = |t: &Term| match t {
            Term::Int(n) if *n >= 0 => Ok(*n),
            _ => Err(bad()),
        };
        Ok(match (kind, items) {
            (ModelEventKind::WaitBegin, [o, id, t]) => ModelEvent::WaitBegin {
                op: op(o)?,
                id: id.clone(),
                timeout: timeout(t)?,
            },
            (ModelEventKind::WaitEnd, [o, id, r]) => ModelEvent::WaitEnd {
                op: op(o)?,
                id: id.clone(),
                result: match r.as_tuple() {
                    Some([tag, v]) if tag.is_atom("ok") => WaitResult::Ok(v.clone()),
                    Some([tag, v]) if tag.is_atom("exit") => WaitResult::Exit(v.clone()),
                    _ if r.is_atom("timeout") => WaitResult::Timeout,
                    _ => return Err(bad()),
                },
            },
            (ModelEventKind::TaskSpawn, [p, r, o, rest @ ..]) => ModelEvent::TaskSpawn {
                pid: pid(p)?,
                r#ref: r.as_ref().ok_or_else(bad)?,
                owner: pid(o)?,
                linked: match rest {
                    [] => true,
                    [x] if x.is_atom("nolink") => false,
                    _ => return Err(bad()),
                },
            },
            (ModelEventKind::SupInit, [k, strategy, max, secs]) => ModelEvent::SupInit {
                kind: if k.is_atom("static") {
                    SupKind::Static
                } else if k.is_atom("dynamic") {
                    SupKind::Dynamic
                } else {
                    return Err(bad());
                },
                strategy: strategy.clone(),
                max_restarts: u32::try_from(count(max)?).map_err(|_| bad())?,
                max_seconds: count(secs)? as u64,
            },
            (ModelEventKind::SupStart, [id, p]) => ModelEvent::SupStart {
                id: id.clone(),
                pid: pid(p)?,
            },
            (ModelEventKind::SupStartError, [id, reason]) => ModelEvent::SupStartError {
                id: id.clone(),
                reason: reason.clone(),
            },
            (ModelEventKind::SupShutdownError, [id, reason]) => ModelEvent::SupShutdownError {
                id: id.clone(),
                reason: reason.clone(),
            },
            (ModelEventKind::SupExit, [id, p, reason, r]) => ModelEvent::SupExit {
                id: id.clone(),
                pid: pid(p)?,
                reason: reason.clone(),
                restart: restart(r)?,
            },
            (ModelEventKind::SupRestart, [id, n]) => ModelEvent::SupRestart {
                id: id.clone(),
                in_window: count(n)? as usize,
            },
            (ModelEventKind::SupGiveUp, _) => ModelEvent::SupGiveUp { id: data.clone() },
            (ModelEventKind::SupTerminate, [id, p, signal, shutdown]) => ModelEvent::SupTerminate {
                id: id.clone(),
                pid: pid(p)?,
                kill: if signal.is_atom("kill") {
                    true
                } else if signal.is_atom("shutdown") {
                    false
                } else {
                    return Err(bad());
                },
                shutdown: match shutdown {
                    Term::Int(ms) if *ms >= 0 => ShutdownSpec::Ms(*ms as u64),
                    t if t.is_atom("infinity") => ShutdownSpec::Infinity,
                    t if t.is_atom("brutal_kill") => ShutdownSpec::BrutalKill,
                    _ => return Err(bad()),
                },
            },
            (ModelEventKind::SupKill, [id, p]) => ModelEvent::SupKill {
                id: id.clone(),
                pid: pid(p)?,
            },
            _ => return Err(bad()),
        })
    }

    /// Which variant.
    pub fn kind(&self) -> ModelEventKind {
        match self {
            ModelEvent::WaitBegin { .. } => ModelEventKind::WaitBegin,
            ModelEvent::WaitEnd { .. } => ModelEventKind::WaitEnd,
            ModelEvent::TaskSpawn { .. } => ModelEventKind::TaskSpawn,
            ModelEvent::SupInit { .. } => ModelEventKind::SupInit,
            ModelEvent::SupStart { .. } => ModelEventKind::SupStart,
            ModelEvent::SupStartError { .. } => ModelEventKind::SupStartError,
            ModelEvent::SupExit { .. } => ModelEventKind::SupExit,
            ModelEvent::SupRestart { .. } => ModelEventKind::SupRestart,
            ModelEvent::SupGiveUp { .. } => ModelEventKind::SupGiveUp,
            ModelEvent::SupTerminate { .. } => ModelEventKind::SupTerminate,
            ModelEvent::SupKill { .. } => ModelEventKind::SupKill,
            ModelEvent::SupShutdownError { .. } => ModelEventKind::SupShutdownError,
        }
    }

    /// The event's data as a term (how the trace prints it).
    pub fn data(&self) -> Term {
        let t = Term::tuple;
        match self {
            ModelEvent::WaitBegin { op, id, timeout } => {
                t(vec![Term::atom(op.name()), id.clone(), timeout.to_term()])
            }
            ModelEvent::WaitEnd { op, id, result } => {
                t(vec![Term::atom(op.name()), id.clone(), result.to_term()])
            }
            ModelEvent::TaskSpawn {
                pid,
                r#ref,
                owner,
                linked,
            } => {
                let mut items = vec![Term::Pid(*pid), Term::Ref(*r#ref), Term::Pid(*owner)];
                if !linked {
                    items.push(Term::atom("nolink"));
                }
                t(items)
            }
            ModelEvent::SupInit {
                kind,
                strategy,
                max_restarts,
                max_seconds,
            } => t(vec![
                Term::atom(match kind {
                    SupKind::Static => "static",
                    SupKind::Dynamic => "dynamic",
                }),
                strategy.clone(),
                Term::Int(i64::from(*max_restarts)),
                Term::Int(i64::try_from(*max_seconds).unwrap_or(i64::MAX)),
            ]),
            ModelEvent::SupStart { id, pid } => t(vec![id.clone(), Term::Pid(*pid)]),
            ModelEvent::SupStartError { id, reason }
            | ModelEvent::SupShutdownError { id, reason } => t(vec![id.clone(), reason.clone()]),
            ModelEvent::SupExit {
                id,
                pid,
                reason,
                restart,
            } => t(vec![
                id.clone(),
                Term::Pid(*pid),
                reason.clone(),
                restart.to_term(),
            ]),
            ModelEvent::SupRestart { id, in_window } => t(vec![
                id.clone(),
                Term::Int(i64::try_from(*in_window).unwrap_or(i64::MAX)),
            ]),
            ModelEvent::SupGiveUp { id } => id.clone(),
            ModelEvent::SupTerminate {
                id,
                pid,
                kill,
                shutdown,
            } => t(vec![
                id.clone(),
                Term::Pid(*pid),
                Term::atom(if *kill { "kill" } else { "shutdown" }),
                shutdown.to_term(),
            ]),
            ModelEvent::SupKill { id, pid } => t(vec![id.clone(), Term::Pid(*pid)]),
        }
    }
}

impl fmt::Display for ModelEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind().tag(), self.data())
    }
}

impl Semantic for ModelEvent {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn same(&self, other: &dyn Semantic) -> bool {
        other.as_any().downcast_ref::<ModelEvent>() == Some(self)
    }
}

/// Emits `event` from `p` (built only if somebody listens).
pub fn emit(p: &Proc, event: impl FnOnce() -> ModelEvent) {
    p.emit_semantic(event);
}

/// Emits [`ModelEvent::WaitBegin`].
pub fn wait_begin(p: &Proc, op: WaitOp, id: &Term, timeout: Timeout) {
    emit(p, || ModelEvent::WaitBegin {
        op,
        id: id.clone(),
        timeout,
    });
}

/// Emits [`ModelEvent::WaitEnd`].
pub fn wait_end(p: &Proc, op: WaitOp, id: &Term, result: &WaitResult) {
    emit(p, || ModelEvent::WaitEnd {
        op,
        id: id.clone(),
        result: result.clone(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real pids and refs come only from a run.
    fn ids() -> (Pid, Pid, Ref) {
        let out = std::rc::Rc::new(std::cell::Cell::new(None));
        let o = out.clone();
        let mut sim = sim::Sim::fifo();
        sim.spawn(move |p| async move {
            let child = p.spawn(|_c| async {}).await;
            o.set(Some((p.pid(), child, p.make_ref())));
        });
        sim.run();
        out.get().expect("the process ran")
    }

    fn every_kind() -> Vec<ModelEvent> {
        let (a, b, r) = ids();
        let id = Term::atom("w");
        vec![
            ModelEvent::WaitBegin {
                op: WaitOp::AwaitMany,
                id: Term::Ref(r),
                timeout: Timeout::Infinity,
            },
            ModelEvent::WaitEnd {
                op: WaitOp::Call,
                id: Term::Ref(r),
                result: WaitResult::Exit(Term::atom("boom")),
            },
            ModelEvent::TaskSpawn {
                pid: b,
                r#ref: r,
                owner: a,
                linked: false,
            },
            ModelEvent::SupInit {
                kind: SupKind::Static,
                strategy: Term::atom("one_for_all"),
                max_restarts: 3,
                max_seconds: 5,
            },
            ModelEvent::SupStart {
                id: id.clone(),
                pid: b,
            },
            ModelEvent::SupStartError {
                id: id.clone(),
                reason: Term::atom("nope"),
            },
            ModelEvent::SupExit {
                id: id.clone(),
                pid: b,
                reason: Term::atom("crash"),
                restart: Restart::Transient,
            },
            ModelEvent::SupRestart {
                id: id.clone(),
                in_window: 2,
            },
            ModelEvent::SupGiveUp { id: Term::Pid(b) },
            ModelEvent::SupTerminate {
                id: id.clone(),
                pid: b,
                kill: false,
                shutdown: ShutdownSpec::Ms(100),
            },
            ModelEvent::SupKill {
                id: id.clone(),
                pid: b,
            },
            ModelEvent::SupShutdownError {
                id,
                reason: Term::atom("killed"),
            },
        ]
    }

    #[test]
    fn every_event_reads_back_from_its_trace_line() {
        let events = every_kind();
        let kinds: Vec<ModelEventKind> = events.iter().map(ModelEvent::kind).collect();
        assert_eq!(kinds, ModelEventKind::ALL, "one example per kind, in order");
        for e in events {
            let back = ModelEvent::parse(e.kind().tag(), &e.data());
            assert_eq!(back.as_ref(), Ok(&e), "{e}");
        }
    }

    #[test]
    fn a_malformed_event_is_an_error_that_says_what_it_got() {
        let e = ModelEvent::parse("sup.kill", &Term::atom("x")).unwrap_err();
        assert_eq!(e, "not a `sup.kill` event: :x");
        let e = ModelEvent::parse("sup.restarted", &Term::atom("x")).unwrap_err();
        assert_eq!(e, "unknown model event tag `sup.restarted`");
        let wrong = Term::tuple([Term::atom("a"), Term::atom("b"), Term::atom("x")]);
        assert!(ModelEvent::parse("wait.begin", &wrong).is_err());
    }

    #[test]
    #[should_panic(expected = "a semantic trace event that is not a model event")]
    fn a_foreign_semantic_event_is_not_skipped_quietly() {
        #[derive(Debug)]
        struct Other;
        impl fmt::Display for Other {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("other")
            }
        }
        impl Semantic for Other {
            fn as_any(&self) -> &dyn Any {
                self
            }
            fn same(&self, _: &dyn Semantic) -> bool {
                false
            }
        }
        let kind = sim::EventKind::Semantic(std::rc::Rc::new(Other));
        let _ = ModelEvent::of(&kind);
    }
}
