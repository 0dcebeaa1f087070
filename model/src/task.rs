//! `Task` (Elixir 1.14.0 on OTP 25), SEMANTICS.md §2, following the 1.14 code step by step:
//! the same processes, monitors, aliases and messages, in the same order.

use crate::events::{self, ModelEvent, WaitOp, WaitResult};
use crate::proc_lib::{self, Lineage};
use crate::terms::{
    argument_error, down_of, is_down, is_down_ref, is_reply, mfa_apply, mfa_erlang_apply_2,
    reply_or_down_ref, this_node,
};
use sim::faults::{self, Fault};
use sim::{Atom, DemonitorOpts, Pid, Pinned, Proc, Ref, Term, Timeout};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::rc::Rc;

/// `%Task{}`: a handle on a task started by [`Task::spawn_async`] (or [`Task::completed`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    /// The task process (`nil` for [`Task::completed`]).
    pub pid: Option<Pid>,
    /// The monitor reference, which is also the alias the reply is sent to.
    pub r#ref: Ref,
    /// The process that started the task; only it may await.
    pub owner: Pid,
    /// `{module, function, arity}`: `{:erlang, :apply, 2}` for an anonymous function.
    pub mfa: Term,
}

/// What `yield`, `shutdown` and `ignore` return when they have a result:
/// `{:ok, value}` or `{:exit, reason}` (`nil` is `None`).
#[derive(Clone, Debug, PartialEq)]
pub enum TaskResult {
    /// `{:ok, value}`
    Ok(Term),
    /// `{:exit, reason}`
    Exit(Term),
}

impl TaskResult {
    /// The Elixir term.
    pub fn to_term(&self) -> Term {
        match self {
            TaskResult::Ok(v) => Term::tuple([Term::atom("ok"), v.clone()]),
            TaskResult::Exit(r) => Term::tuple([Term::atom("exit"), r.clone()]),
        }
    }
    /// `{:ok, v}` / `{:exit, r}` / `nil`.
    pub fn opt_to_term(r: &Option<TaskResult>) -> Term {
        r.as_ref().map_or_else(Term::nil, TaskResult::to_term)
    }
}

/// The second argument of `Task.shutdown/2`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Shutdown {
    /// `:brutal_kill`
    BrutalKill,
    /// A grace period: `:shutdown`, then `:kill` when it passes.
    Timeout(Timeout),
}

impl Shutdown {
    fn to_term(self) -> Term {
        match self {
            Shutdown::BrutalKill => Term::atom("brutal_kill"),
            Shutdown::Timeout(t) => t.to_term(),
        }
    }
}

/// Which clause set `shutdown_receive` runs with (1.14's `type`).
#[derive(Copy, Clone, PartialEq, Eq)]
enum KillType {
    Shutdown,
    BrutalKill,
    TimeoutKill,
}

impl Task {
    /// The `%Task{}` term, fields in the order 1.14's `inspect` prints them.
    pub fn to_term(&self) -> Term {
        // Built in place (one allocation): every `Task.async` of a program makes one.
        Term::new_struct(
            Atom::Static("Elixir.Task"),
            vec![
                (Atom::Static("mfa"), self.mfa.clone()),
                (Atom::Static("owner"), Term::Pid(self.owner)),
                (
                    Atom::Static("pid"),
                    self.pid.map_or_else(Term::nil, Term::Pid),
                ),
                (Atom::Static("ref"), Term::Ref(self.r#ref)),
            ],
        )
    }

    /// A `%Task{}` term back as a task: the struct with a reference `ref`, a pid `owner` and
    /// a pid or `nil` `pid` (a hand-built struct works as well as one `async` returned: the
    /// query functions act on the mailbox alone). `None` for anything else.
    pub fn from_term(t: &Term) -> Option<Task> {
        let Term::Struct(s) = t else {
            return None;
        };
        if s.name.as_str() != "Elixir.Task" {
            return None;
        }
        // One pass over the fields (every `Task.await` of a program reads a task back),
        // the first of each name counting, as `Term::field` finds it.
        let (mut mfa, mut owner, mut pid, mut r#ref) = (None, None, None, None);
        for (k, v) in &s.fields {
            let slot = match k.as_str() {
                "mfa" => &mut mfa,
                "owner" => &mut owner,
                "pid" => &mut pid,
                "ref" => &mut r#ref,
                _ => continue,
            };
            slot.get_or_insert(v);
        }
        let pid = match pid? {
            Term::Pid(p) => Some(*p),
            x if x.is_atom("nil") => None,
            _ => return None,
        };
        Some(Task {
            pid,
            r#ref: r#ref?.as_ref()?,
            owner: owner?.as_pid()?,
            mfa: mfa?.clone(),
        })
    }

    /// `Task.async(fun)`: a linked task process that waits for its start message, a
    /// monitor that is also an alias (`alias: :demonitor`), then the start message
    /// `{owner, ref, ref, callers, mfa}` (SEMANTICS §2.1).
    pub async fn spawn_async<F, Fut>(p: &Proc, f: F) -> Task
    where
        F: FnOnce(Proc) -> Fut + 'static,
        Fut: Future<Output = Term> + 'static,
    {
        let owner = p.pid();
        let ancestors = proc_lib::child_ancestors(p);
        let body = move |t: Proc| {
            t.dict_put(proc_lib::ancestors_key(), ancestors);
            reply_process(t, owner, None, f)
        };
        // `Fault::TaskUnlinked` (tests only, `sim::faults`) leaves the task unlinked.
        let pid = if faults::active(Fault::TaskUnlinked) {
            p.spawn(body).await
        } else {
            p.spawn_link(body).await
        };
        let r = p.monitor_alias(pid).await;
        let start = Term::tuple([
            Term::Pid(owner),
            Term::Ref(r),
            Term::Ref(r),
            proc_lib::child_callers(p),
            mfa_apply(),
        ]);
        p.send(pid, start).await;
        events::emit(p, || ModelEvent::TaskSpawn {
            pid,
            r#ref: r,
            owner,
            linked: true,
        });
        Task {
            pid: Some(pid),
            r#ref: r,
            owner,
            mfa: mfa_erlang_apply_2(),
        }
    }

    /// `Task.completed(value)`: `{ref, value}` is sent to the caller itself, with a plain
    /// reference (§2.9).
    pub async fn completed(p: &Proc, value: Term) -> Task {
        let r = p.make_ref();
        p.send(p.pid(), Term::tuple([Term::Ref(r), value])).await;
        Task {
            pid: None,
            r#ref: r,
            owner: p.pid(),
            mfa: Term::tuple([sim::module!("Task"), Term::atom("completed"), Term::Int(1)]),
        }
    }

    async fn check_owner(&self, p: &Proc) {
        if let Some(e) = self.owner_error(p) {
            p.raise::<()>(e).await;
        }
    }

    /// The `ArgumentError` a non-owner gets (`invalid_owner_error/1`), if `p` is not the owner.
    fn owner_error(&self, p: &Proc) -> Option<Term> {
        (self.owner != p.pid()).then(|| {
            argument_error(&format!(
                "task {} must be queried from the owner but was queried from {}",
                self.to_term(),
                p.pid()
            ))
        })
    }

    fn exit_reason(&self, reason: Term, fun: &'static str, arg: Term) -> Term {
        Term::tuple([
            reason,
            Term::tuple([
                sim::module!("Task"),
                Term::atom(fun),
                Term::list([self.to_term(), arg]),
            ]),
        ])
    }

    /// `Task.await(task, timeout)` (§2.2): the reply; or the caller exits with
    /// `{reason, {Task, :await, [task, timeout]}}` when the task goes down first, or with
    /// `{:timeout, ...}` after `demonitor(ref, [:flush])` when the timeout passes.
    pub async fn await_for(&self, p: &Proc, timeout: Timeout) -> Term {
        self.check_owner(p).await;
        let r = self.r#ref;
        let id = Term::Ref(r);
        events::wait_begin(p, WaitOp::Await, &id, timeout);
        let got = p
            .receive_pinned(timeout, Pinned::Ref(r), move |m| {
                is_reply(m, r) || is_down_ref(m, r)
            })
            .await;
        match got {
            Some(m) => match down_of(&m, r) {
                None => {
                    p.demonitor(
                        r,
                        DemonitorOpts {
                            flush: true,
                            info: false,
                        },
                    );
                    let v = reply_value(m);
                    events::wait_end(p, WaitOp::Await, &id, &WaitResult::Ok(v.clone()));
                    v
                }
                Some((who, reason)) => {
                    let reason = down_reason(p, &who, reason).await;
                    events::wait_end(p, WaitOp::Await, &id, &WaitResult::Exit(reason.clone()));
                    p.exit(self.exit_reason(reason, "await", timeout.to_term()))
                        .await
                }
            },
            None => {
                p.demonitor(
                    r,
                    DemonitorOpts {
                        flush: true,
                        info: false,
                    },
                );
                events::wait_end(p, WaitOp::Await, &id, &WaitResult::Timeout);
                p.exit(self.exit_reason(Term::atom("timeout"), "await", timeout.to_term()))
                    .await
            }
        }
    }

    /// `Task.yield(task, timeout)` (§2.4): `Some(Ok(v))`, `Some(Exit(reason))` if the task
    /// went down, or `None` (`nil`) on timeout — the monitor and alias stay, so a later
    /// yield can still get the reply.
    pub async fn yield_for(&self, p: &Proc, timeout: Timeout) -> Option<TaskResult> {
        self.check_owner(p).await;
        let r = self.r#ref;
        let id = Term::Ref(r);
        events::wait_begin(p, WaitOp::Yield, &id, timeout);
        let got = p
            .receive_pinned(timeout, Pinned::Ref(r), move |m| {
                is_reply(m, r) || is_down_ref(m, r)
            })
            .await;
        let result = match got {
            Some(m) => match down_of(&m, r) {
                None => {
                    p.demonitor(
                        r,
                        DemonitorOpts {
                            flush: true,
                            info: false,
                        },
                    );
                    Some(TaskResult::Ok(reply_value(m)))
                }
                Some((who, reason)) if reason.is_atom("noconnection") => {
                    let reason = down_reason(p, &who, reason).await;
                    events::wait_end(p, WaitOp::Yield, &id, &WaitResult::Exit(reason.clone()));
                    return p
                        .exit(self.exit_reason(reason, "yield", timeout.to_term()))
                        .await;
                }
                Some((_, reason)) => Some(TaskResult::Exit(reason)),
            },
            None => None,
        };
        events::wait_end(p, WaitOp::Yield, &id, &wait_result(&result));
        result
    }

    /// `Task.ignore(task)` (§2.8): polls once; without a result, unlinks and demonitors so
    /// the task runs on alone and its reply is dropped.
    pub async fn ignore(&self, p: &Proc) -> Option<TaskResult> {
        self.check_owner(p).await;
        let r = self.r#ref;
        let got = p
            .receive_pinned(Timeout::Ms(0), Pinned::Ref(r), move |m| {
                is_reply(m, r) || is_down_ref(m, r)
            })
            .await;
        match got {
            Some(m) => match down_of(&m, r) {
                None => {
                    self.unlink_pid(p).await;
                    p.demonitor(
                        r,
                        DemonitorOpts {
                            flush: true,
                            info: false,
                        },
                    );
                    Some(TaskResult::Ok(reply_value(m)))
                }
                Some((who, reason)) if reason.is_atom("noconnection") => {
                    let reason = down_reason(p, &who, reason).await;
                    let args = Term::list([self.to_term()]);
                    let call = Term::tuple([sim::module!("Task"), Term::atom("ignore"), args]);
                    p.exit(Term::tuple([reason, call])).await
                }
                Some((_, reason)) => Some(TaskResult::Exit(reason)),
            },
            None => {
                self.unlink_pid(p).await;
                p.demonitor(
                    r,
                    DemonitorOpts {
                        flush: true,
                        info: false,
                    },
                );
                None
            }
        }
    }

    /// 1.14 calls `unlink(task.pid)`: with `pid: nil` (a `Task.completed` task) that is
    /// `:badarg`, which is why 1.14 raises on `ignore` of a completed task (§2.8).
    async fn unlink_pid(&self, p: &Proc) {
        match self.pid {
            Some(pid) => {
                p.unlink(pid).await;
            }
            None => p.error::<()>(Term::atom("badarg")).await,
        }
    }

    /// `Task.shutdown(task, shutdown)` (§2.7).
    pub async fn shutdown(&self, p: &Proc, mode: Shutdown) -> Option<TaskResult> {
        let Some(pid) = self.pid else {
            let msg = format!(
                "task {} does not have an associated task process",
                self.to_term()
            );
            return p.raise(argument_error(&msg)).await;
        };
        self.check_owner(p).await;
        let id = Term::Ref(self.r#ref);
        let timeout = match mode {
            Shutdown::BrutalKill => Timeout::Infinity,
            Shutdown::Timeout(t) => t,
        };
        events::wait_begin(p, WaitOp::Shutdown, &id, timeout);
        let mon = p.monitor(pid).await;
        let (signal, kind) = match mode {
            Shutdown::BrutalKill => ("kill", KillType::BrutalKill),
            Shutdown::Timeout(_) => ("shutdown", KillType::Shutdown),
        };
        exit_enforced(p, pid, Term::atom(signal)).await;
        let res = match self.shutdown_receive(p, pid, mon, kind, timeout).await {
            Received::Result(r) => r,
            Received::Down(who, reason) if reason.is_atom("noconnection") => {
                let reason = down_reason(p, &who, reason).await;
                events::wait_end(p, WaitOp::Shutdown, &id, &WaitResult::Exit(reason.clone()));
                return p
                    .exit(self.exit_reason(reason, "shutdown", mode.to_term()))
                    .await;
            }
            Received::Down(_, reason) => Some(TaskResult::Exit(reason)),
        };
        events::wait_end(p, WaitOp::Shutdown, &id, &wait_result(&res));
        res
    }

    async fn shutdown_receive(
        &self,
        p: &Proc,
        pid: Pid,
        mon: Ref,
        kind: KillType,
        timeout: Timeout,
    ) -> Received {
        let r = self.r#ref;
        let mut kind = kind;
        let mut timeout = timeout;
        loop {
            let Some(m) = p
                .receive_pinned(timeout, Pinned::Ref(mon), move |m| is_down_ref(m, mon))
                .await
            else {
                // The grace period passed: kill, then wait without limit.
                exit_enforced(p, pid, Term::atom("kill")).await;
                kind = KillType::TimeoutKill;
                timeout = Timeout::Infinity;
                continue;
            };
            let (who, reason) = down_of(&m, mon).expect("matched a DOWN");
            let expected = match kind {
                KillType::Shutdown | KillType::TimeoutKill => reason.is_atom("shutdown"),
                KillType::BrutalKill => reason.is_atom("killed"),
            };
            if expected {
                p.demonitor(
                    r,
                    DemonitorOpts {
                        flush: true,
                        info: false,
                    },
                );
                return Received::Result(flush_reply(p, r).await);
            }
            if reason.is_atom("noproc") {
                let down = flush_noproc(p, r, kind).await;
                return match flush_reply(p, r).await {
                    Some(ok) => Received::Result(Some(ok)),
                    None => match down {
                        // `flush_noproc` reports the `proc` of this (`:noproc`) DOWN.
                        Some(reason) => Received::Down(who, reason),
                        None => Received::Result(None),
                    },
                };
            }
            p.demonitor(
                r,
                DemonitorOpts {
                    flush: true,
                    info: false,
                },
            );
            return match flush_reply(p, r).await {
                Some(ok) => Received::Result(Some(ok)),
                None => Received::Down(who, reason),
            };
        }
    }
}

enum Received {
    Result(Option<TaskResult>),
    /// `{:down, proc, reason}`: the pid (or `{name, node}`) and the reason.
    Down(Term, Term),
}

fn nodedown(node: Term) -> Term {
    Term::tuple([Term::atom("nodedown"), node])
}

/// 1.14's private `reason/2`: a DOWN with `:noconnection` says the task's node went away,
/// and the query functions report `{:nodedown, node}` instead — `node(pid)` (the one node
/// of a run) for a pid, `node` for `{name, node}`; anything else there fails `monitor_node/1`
/// with a `:function_clause` error. Other reasons pass unchanged (SEMANTICS §2.2,
/// [V e21_noconnection_flush.exs]).
async fn down_reason(p: &Proc, who: &Term, reason: Term) -> Term {
    match checked_down_reason(who, reason) {
        Ok(r) => r,
        Err(e) => p.error(e).await,
    }
}

/// [`down_reason`] without raising: `Err(error)` for the error it would raise.
fn checked_down_reason(who: &Term, reason: Term) -> Result<Term, Term> {
    if !reason.is_atom("noconnection") {
        return Ok(reason);
    }
    match (who, who.as_tuple()) {
        (Term::Pid(_), _) => Ok(nodedown(this_node())),
        (_, Some([_, node])) => Ok(nodedown(node.clone())),
        _ => Err(Term::atom("function_clause")),
    }
}

fn wait_result(r: &Option<TaskResult>) -> WaitResult {
    match r {
        Some(TaskResult::Ok(v)) => WaitResult::Ok(v.clone()),
        Some(TaskResult::Exit(e)) => WaitResult::Exit(e.clone()),
        None => WaitResult::Timeout,
    }
}

fn reply_value(mut m: Term) -> Term {
    match m.as_tuple() {
        Some([_, _]) => m.take_element(1).expect("a pair"),
        _ => m,
    }
}

/// `flush_reply(ref)`: `{:ok, reply}` if the reply is already in the mailbox.
async fn flush_reply(p: &Proc, r: Ref) -> Option<TaskResult> {
    p.receive_pinned(Timeout::Ms(0), Pinned::Ref(r), move |m| is_reply(m, r))
        .await
        .map(|m| TaskResult::Ok(reply_value(m)))
}

/// `flush_noproc(ref, proc, type)`: the task was already dead when shut down. Its original
/// DOWN tells why: the reason the mode expects ⇒ `nil`; another ⇒ that reason; none ⇒
/// `:noproc`. Returns `None` for `nil`, else the reason for `{:exit, reason}`.
async fn flush_noproc(p: &Proc, r: Ref, kind: KillType) -> Option<Term> {
    match p
        .receive_pinned(Timeout::Ms(0), Pinned::Ref(r), move |m| is_down_ref(m, r))
        .await
    {
        Some(m) => {
            let reason = is_down(&m, r).expect("matched a DOWN");
            let expected = match kind {
                KillType::Shutdown | KillType::TimeoutKill => reason.is_atom("shutdown"),
                KillType::BrutalKill => reason.is_atom("killed"),
            };
            if expected { None } else { Some(reason) }
        }
        None => {
            p.demonitor(
                r,
                DemonitorOpts {
                    flush: true,
                    info: false,
                },
            );
            Some(Term::atom("noproc"))
        }
    }
}

/// 1.14's private `exit(task, reason)`: a helper process monitors the caller (so the task
/// still gets the signal if the caller dies in between), then the caller unlinks the task,
/// sends the exit signal and releases the helper.
async fn exit_enforced(p: &Proc, pid: Pid, reason: Term) {
    let caller = p.pid();
    let done = p.make_ref();
    let r2 = reason.clone();
    let enforcer = p
        .spawn(move |e| async move {
            let mon = e.monitor(caller).await;
            let m = e
                .receive(Timeout::Infinity, move |m| {
                    matches!(m.as_tuple(), Some([tag, Term::Ref(r)]) if *r == done && tag.is_atom("done"))
                        || is_down_ref(m, mon)
                })
                .await;
            if let Some(m) = m
                && is_down_ref(&m, mon)
            {
                e.exit_signal(pid, r2).await;
            }
        })
        .await;
    p.unlink(pid).await;
    p.exit_signal(pid, reason).await;
    p.send(enforcer, Term::tuple([Term::atom("done"), Term::Ref(done)]))
        .await;
}

/// The body of a `Task.async` process (1.14 `Task.Supervised.reply/4`): wait for the start
/// message from the owner (no timeout without an owner monitor; 5000 ms with one, as
/// supervised tasks do), run the function, send `{ref, result}` to the alias.
pub(crate) async fn reply_process<F, Fut>(t: Proc, owner: Pid, owner_monitor: Option<()>, f: F)
where
    F: FnOnce(Proc) -> Fut,
    Fut: Future<Output = Term>,
{
    // The start message goes before the function runs: a task that sleeps or waits does
    // not keep it (a tenth of what a sleeping task holds).
    let (r, reply_to) = {
        let start = await_start(&t, owner, owner_monitor.is_some()).await;
        let Some([_, Term::Ref(r), Term::Ref(reply_to), _, _]) = start.as_tuple() else {
            unreachable!("start message shape checked by the matcher")
        };
        (*r, *reply_to)
    };
    let result = f(t.clone()).await;
    t.send_alias(reply_to, Term::tuple([Term::Ref(r), result]))
        .await;
}

/// The first half of 1.14 `Task.Supervised.reply`: wait for the owner's start message
/// `{owner, ref, reply_to, callers, mfa}` — without limit, or (`monitor_owner`, as
/// supervised tasks do) at most 5000 ms while monitoring the owner, exiting `:timeout` or
/// `{:shutdown, reason}` when the owner goes first. Puts its `callers` into the task's
/// `:"$callers"`; returns the start message (its callers moved out: `nil` in their place
/// when the message was not shared).
pub(crate) async fn await_start(t: &Proc, owner: Pid, monitor_owner: bool) -> Term {
    let (mref, timeout) = if monitor_owner {
        (Some(t.monitor(owner).await), Timeout::Ms(5000))
    } else {
        (None, Timeout::Infinity)
    };
    let start = t
        .receive(timeout, move |m| {
            matches!(m.as_tuple(), Some([Term::Pid(o), _, _, _, _]) if *o == owner)
                || mref.is_some_and(|r| is_down_ref(m, r))
        })
        .await;
    let Some(start) = start else {
        return t.exit(Term::atom("timeout")).await;
    };
    if let Some(r) = mref {
        if let Some(reason) = is_down(&start, r) {
            return t.exit(Term::tuple([Term::atom("shutdown"), reason])).await;
        }
        t.demonitor(
            r,
            DemonitorOpts {
                flush: true,
                info: false,
            },
        );
    }
    let mut start = start;
    // The callers move from the message into the dictionary (nobody reads them there).
    if let Some(callers) = start.take_element(3) {
        t.dict_put(proc_lib::callers_key(), callers);
    }
    start
}

/// `Task.start(fun)`: an unlinked, unmonitored process that runs `fun`; `{:ok, pid}`.
pub async fn start<F, Fut>(p: &Proc, f: F) -> Pid
where
    F: FnOnce(Proc) -> Fut + 'static,
    Fut: Future<Output = Term> + 'static,
{
    let lineage = Lineage::task(p);
    p.spawn(move |t| async move {
        lineage.put(&t);
        f(t).await;
    })
    .await
}

/// `Task.start_link(fun)`: like [`start`], linked to the caller.
pub async fn start_link<F, Fut>(p: &Proc, f: F) -> Pid
where
    F: FnOnce(Proc) -> Fut + 'static,
    Fut: Future<Output = Term> + 'static,
{
    let lineage = Lineage::task(p);
    p.spawn_link(move |t| async move {
        lineage.put(&t);
        f(t).await;
    })
    .await
}

/// `Task.await_many(tasks, timeout)` (§2.6): one overall deadline (a `send_after` timer),
/// replies in any order, results in input order; the first DOWN exits the caller with
/// `{reason, {Task, :await_many, [tasks, timeout]}}`.
pub async fn await_many(p: &Proc, tasks: &[Task], timeout: Timeout) -> Vec<Term> {
    for t in tasks {
        t.check_owner(p).await;
    }
    let tasks_term = || Term::list(tasks.iter().map(Task::to_term).collect::<Vec<_>>());
    let exit_reason = |reason: Term| {
        Term::tuple([
            reason,
            Term::tuple([
                sim::module!("Task"),
                Term::atom("await_many"),
                Term::list([tasks_term(), timeout.to_term()]),
            ]),
        ])
    };
    let timeout_ref = p.make_ref();
    let id = Term::Ref(timeout_ref);
    events::wait_begin(p, WaitOp::AwaitMany, &id, timeout);
    let timer = match timeout {
        Timeout::Ms(ms) => Some(p.send_after(p.pid(), Term::Ref(timeout_ref), ms)),
        Timeout::Infinity => None,
    };
    // The refs still awaited, shared with the receive's pattern: a message is matched by
    // looking its ref up, not by trying every task (N tasks would cost N² otherwise).
    let awaiting: Rc<RefCell<BTreeSet<Ref>>> =
        Rc::new(RefCell::new(tasks.iter().map(|t| t.r#ref).collect()));
    let mut replies: BTreeMap<Ref, Term> = BTreeMap::new();
    let mut failure = None;
    while !awaiting.borrow().is_empty() {
        let pending = awaiting.clone();
        let m = p
            .receive(Timeout::Infinity, move |m| {
                *m == Term::Ref(timeout_ref)
                    || reply_or_down_ref(m).is_some_and(|r| pending.borrow().contains(&r))
            })
            .await
            .expect("an infinite receive returns a message");
        if m == Term::Ref(timeout_ref) {
            failure = Some(Ok(Term::atom("timeout")));
            break;
        }
        let r = reply_or_down_ref(&m).expect("matched a reply or a DOWN");
        if let Some((who, reason)) = down_of(&m, r) {
            failure = Some(checked_down_reason(&who, reason));
            break;
        }
        p.demonitor(
            r,
            DemonitorOpts {
                flush: true,
                info: false,
            },
        );
        awaiting.borrow_mut().remove(&r);
        replies.insert(r, reply_value(m));
    }
    if failure.is_some() {
        let left = awaiting.borrow();
        for r in tasks.iter().map(|t| t.r#ref).filter(|r| left.contains(r)) {
            p.demonitor(
                r,
                DemonitorOpts {
                    flush: true,
                    info: false,
                },
            );
        }
    }
    // The `after` block runs before any exit propagates: cancel the timer, flush its message.
    cancel_and_flush(p, timer, timeout_ref).await;
    match failure {
        // `reason/2` failed: its error leaves through the `after` block as well.
        Some(Err(e)) => p.error(e).await,
        Some(Ok(reason)) => {
            let result = if reason.is_atom("timeout") {
                WaitResult::Timeout
            } else {
                WaitResult::Exit(reason.clone())
            };
            events::wait_end(p, WaitOp::AwaitMany, &id, &result);
            p.exit(exit_reason(reason)).await
        }
        None => {
            let values: Vec<Term> = tasks
                .iter()
                .map(|t| replies.get(&t.r#ref).cloned().expect("every task replied"))
                .collect();
            events::wait_end(
                p,
                WaitOp::AwaitMany,
                &id,
                &WaitResult::Ok(Term::list(values.clone())),
            );
            values
        }
    }
}

/// The `after` block of `await_many`/`yield_many`: cancel the overall timer and flush its
/// message if it already fired.
async fn cancel_and_flush(p: &Proc, timer: Option<Ref>, timeout_ref: Ref) {
    if let Some(t) = timer {
        p.cancel_timer(t);
    }
    p.receive(Timeout::Ms(0), move |m| *m == Term::Ref(timeout_ref))
        .await;
}

/// `Task.yield_many(tasks, timeout)`, 1.14 form (§2.5): one overall timer; the tasks are
/// taken in order, each waited for until it answers or the timer fires (head-of-line
/// blocking), after which the rest are only polled. Results in input order.
pub async fn yield_many(
    p: &Proc,
    tasks: &[Task],
    timeout: Timeout,
) -> Vec<(Task, Option<TaskResult>)> {
    let timeout_ref = p.make_ref();
    let id = Term::Ref(timeout_ref);
    events::wait_begin(p, WaitOp::YieldMany, &id, timeout);
    let timer = match timeout {
        Timeout::Ms(ms) => Some(p.send_after(p.pid(), Term::Ref(timeout_ref), ms)),
        Timeout::Infinity => None,
    };
    // 1.14 runs the loop inside `try ... after`: the `after` block (cancel the timer, flush
    // its message) also runs when a task further down the list fails the owner check, so
    // no stray timer message is left behind (§2.5: the check is per task as it is reached;
    // real VM: the tasks before it are already collected and the mailbox stays clean).
    let mut wait = Timeout::Infinity;
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        if let Some(e) = t.owner_error(p) {
            cancel_and_flush(p, timer, timeout_ref).await;
            return p.raise(e).await;
        }
        let r = t.r#ref;
        let m = p
            .receive(wait, move |m| {
                is_reply(m, r) || is_down_ref(m, r) || *m == Term::Ref(timeout_ref)
            })
            .await;
        let res = match m {
            None => None,
            Some(m) if m == Term::Ref(timeout_ref) => {
                wait = Timeout::Ms(0);
                None
            }
            Some(m) => match down_of(&m, r) {
                // 1.14 throws out of the loop; `yield_many/2` catches the throw, runs the
                // `after` block and exits with the whole call (§2.5).
                Some((who, reason)) if reason.is_atom("noconnection") => {
                    let reason = checked_down_reason(&who, reason);
                    cancel_and_flush(p, timer, timeout_ref).await;
                    let reason = match reason {
                        Ok(r) => r,
                        Err(e) => return p.error(e).await,
                    };
                    events::wait_end(p, WaitOp::YieldMany, &id, &WaitResult::Exit(reason.clone()));
                    let tasks = Term::list(tasks.iter().map(Task::to_term).collect::<Vec<_>>());
                    let args = Term::list([tasks, timeout.to_term()]);
                    let call = Term::tuple([sim::module!("Task"), Term::atom("yield_many"), args]);
                    return p.exit(Term::tuple([reason, call])).await;
                }
                Some((_, reason)) => Some(TaskResult::Exit(reason)),
                None => {
                    p.demonitor(
                        r,
                        DemonitorOpts {
                            flush: true,
                            info: false,
                        },
                    );
                    Some(TaskResult::Ok(reply_value(m)))
                }
            },
        };
        out.push((t.clone(), res));
    }
    cancel_and_flush(p, timer, timeout_ref).await;
    let summary = Term::list(
        out.iter()
            .map(|(_, r)| TaskResult::opt_to_term(r))
            .collect::<Vec<_>>(),
    );
    events::wait_end(p, WaitOp::YieldMany, &id, &WaitResult::Ok(summary));
    out
}
