//! `Task.async_stream` (Elixir 1.14.0 on OTP 25), SEMANTICS.md §2.10, following the 1.14
//! code of `Task.Supervised.stream/7` step by step: the same three kinds of process (the
//! caller, an intermediate "monitor" process, the tasks), the same messages in the same
//! order.
//!
//! Rust has no lazy `Stream`, so the enumeration is eager: [`async_stream`] *is*
//! `Task.async_stream(inputs, fun, opts) |> Enum.to_list()` (or `|> Enum.take(n)` with
//! [`StreamOpts::take`]), run in the calling process.
//!
//! Processes and messages (`mref` is the caller's monitor of the intermediate process,
//! `pos` the 0-based input position):
//!
//! * caller: `spawn_opt(intermediate, [:link, :monitor])`, then `{caller, mref}` to it;
//!   per input `{:spawn, pos}` → intermediate, waits for `{:spawned, {mref, pos}, pid}`,
//!   then sends the start message `{caller, {mref, pos}, caller, [caller], mfa}` to the task;
//!   at the end (or on an early halt) `{:stop, mref}` → intermediate, waits for its DOWN.
//! * intermediate: traps exits iff the caller does; monitors the caller; spawns each task
//!   (through the [`SpawnFn`]), monitors it, arms `send_after(timeout, self(),
//!   {:timeout, {mref, ref}})`, and forwards each task DOWN as `{:down | :timed_out,
//!   {mref, pos}, reason}` to the caller.
//! * task: waits for its start message, runs `fun.(input)`, sends `{{mref, pos}, result}`
//!   to the caller (a plain pid, not an alias).
//!
//! The spawn step is a parameter ([`SpawnFn`], 1.14's `spawn` closure) so that
//! `Task.Supervisor.async_stream` / `async_stream_nolink` (§3.4) can reuse [`stream`] with a
//! function that starts temporary supervisor children (linked or not to the intermediate,
//! [`LinkType`]) and may answer [`Spawned::MaxChildren`].
//!
//! Deviations from 1.14: the enumeration is eager (above); a task, right after sending its
//! reply, makes sure the reply is in the caller's mailbox before it exits (see
//! [`stream_task`]), which the BEAM does by itself for local sends; the `$callers` of the
//! start message are just `[caller]`.

use crate::task::TaskResult;
use crate::terms::{argument_error, is_down, is_exit_from, mfa_apply_args, module};
use sim::{Pid, Pinned, Proc, Ref, Term, Timeout};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// `System.schedulers_online()` of the modelled VM: a 2-core machine. It is the default
/// `:max_concurrency`.
pub const SCHEDULERS_ONLINE: usize = 2;

/// `:on_timeout` of `Task.async_stream/3`.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum OnTimeout {
    /// `:exit` (default): the caller exits `{:timeout, {Task.Supervised, :stream, [timeout]}}`.
    #[default]
    Exit,
    /// `:kill_task`: the element is `{:exit, :timeout}`.
    KillTask,
}

/// The options of `Task.async_stream/3`, plus how the stream is consumed.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamOpts {
    /// `:max_concurrency`, default [`SCHEDULERS_ONLINE`] (2). `0` raises `ArgumentError` when
    /// the stream is enumerated (1.14).
    pub max_concurrency: usize,
    /// `:ordered`, default `true`: results in input order; `false`: in completion order.
    pub ordered: bool,
    /// `:timeout`, default 5000: per task, measured from that task's spawn.
    pub timeout: Timeout,
    /// `:on_timeout`, default [`OnTimeout::Exit`].
    pub on_timeout: OnTimeout,
    /// `:zip_input_on_exit`, default `false`: exits become `{:exit, {input, reason}}`.
    pub zip_input_on_exit: bool,
    /// Not an option: `Some(n)` consumes the stream with `Enum.take(stream, n)` (after `n`
    /// elements the stream halts: running tasks are killed, the intermediate process exits
    /// `:normal`); `None` with `Enum.to_list/1`.
    pub take: Option<usize>,
}

impl Default for StreamOpts {
    fn default() -> Self {
        StreamOpts {
            max_concurrency: SCHEDULERS_ONLINE,
            ordered: true,
            timeout: Timeout::Ms(5000),
            on_timeout: OnTimeout::Exit,
            zip_input_on_exit: false,
            take: None,
        }
    }
}

/// How the intermediate process is tied to a task it spawned (1.14's `type`): `:link` tasks
/// also get the caller's exit reason when the caller goes down.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum LinkType {
    /// `:link`: `Task.async_stream`, `Task.Supervisor.async_stream`.
    Link,
    /// `:nolink`: `Task.Supervisor.async_stream_nolink`.
    NoLink,
}

/// What the spawn function returns: `{:ok, type, pid}` or `{:error, :max_children}`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Spawned {
    /// `{:ok, type, pid}`: a task process that waits for its start message.
    Ok(LinkType, Pid),
    /// `{:error, :max_children}` (a `Task.Supervisor` at its limit).
    MaxChildren,
}

/// 1.14's `spawn` closure: run **in the intermediate process** (the [`Proc`] it is given)
/// for every input, it starts one task process that will wait for its start message (see
/// [`stream_task`]). The function to run is the spawn function's business; the input
/// arrives in the start message.
pub type SpawnFn = Rc<dyn Fn(Proc) -> Pin<Box<dyn Future<Output = Spawned>>>>;

/// `Task.async_stream(inputs, fun, opts) |> Enum.to_list()` (or `|> Enum.take(n)`), SEMANTICS
/// §2.10. Each task runs `f(task_proc, input)`. Returns the elements `{:ok, v}` /
/// `{:exit, reason}`; exits the caller where 1.14 does (a crashed task with a caller that
/// does not trap exits, `on_timeout: :exit`, the intermediate process going down).
pub async fn async_stream<F, Fut>(
    p: &Proc,
    inputs: Vec<Term>,
    f: F,
    opts: StreamOpts,
) -> Vec<TaskResult>
where
    F: Fn(Proc, Term) -> Fut + Clone + 'static,
    Fut: Future<Output = Term> + 'static,
{
    // `Task.build_stream/3`: the owner is the process that enumerates the stream.
    let owner = p.pid();
    let spawn: SpawnFn = Rc::new(move |inter: Proc| {
        let f = f.clone();
        Box::pin(async move {
            // `Task.Supervised.start_link(owner, :nomonitor)`: linked to the intermediate.
            let pid = inter
                .spawn_link(move |t| stream_task(t, owner, false, f))
                .await;
            Spawned::Ok(LinkType::Link, pid)
        })
    });
    stream(p, inputs, opts, spawn).await
}

/// The body of a stream task (1.14 `Task.Supervised.reply/2`): wait for the start message
/// `{owner, ref, reply_to, callers, {:erlang, :apply, [fun, [input]]}}` — with no time limit,
/// or (`monitor_owner`, as supervised tasks do) for at most 5000 ms while monitoring the
/// owner, exiting `:timeout` / `{:shutdown, reason}` — then run `f(input)` and send
/// `{ref, result}` to `reply_to`.
pub async fn stream_task<F, Fut>(t: Proc, owner: Pid, monitor_owner: bool, f: F)
where
    F: Fn(Proc, Term) -> Fut,
    Fut: Future<Output = Term>,
{
    let start = crate::task::await_start(&t, owner, monitor_owner).await;
    let Some([_, r, Term::Pid(reply_to), _, mfa]) = start.as_tuple() else {
        unreachable!("start message shape checked by the matcher")
    };
    let (r, reply_to) = (r.clone(), *reply_to);
    let input = match mfa.as_tuple() {
        Some([_, _, Term::List(args)]) => match args.get(1) {
            Some(Term::List(a)) if a.len() == 1 => a[0].clone(),
            _ => unreachable!("the stream sends [fun, [input]]"),
        },
        _ => unreachable!("the stream sends {{:erlang, :apply, [fun, [input]]}}"),
    };
    let result = f(t.clone(), input).await;
    t.send(reply_to, Term::tuple(vec![r, result])).await;
    // 1.14 relies on the reply reaching the caller before the `{:down, {mref, pos}, ...}`
    // the intermediate forwards after this task's DOWN ("a reply is emitted only once the
    // task's DOWN is seen"): causal order, which holds on one node (sim's default
    // `SignalOrder::Node`), not under `SignalOrder::Pair`.
}

/// A position's state in the caller (1.14's `waiting` map values).
enum Waiting {
    /// `{pid, :running, element}` (`element` is the input with `zip_input_on_exit`, else nil).
    Running(Term),
    /// `{pid, {:ok, reply}}`: replied, DOWN not seen yet.
    Replied(Term),
    /// `{:done, result}`: ready to be emitted (ordered mode).
    Done(TaskResult),
}

/// The reducer's answer (`{:cont, acc}` / `{:halt, acc}`).
#[derive(Copy, Clone, PartialEq, Eq)]
enum Step {
    Cont,
    Halt,
}

/// What the caller knows while it enumerates (1.14's `config` and loop arguments).
struct Caller<'a> {
    p: &'a Proc,
    monitor_pid: Pid,
    monitor_ref: Ref,
    opts: StreamOpts,
    /// Free slots (`max`).
    max: usize,
    spawned: usize,
    delivered: usize,
    waiting: BTreeMap<usize, Waiting>,
    acc: Vec<TaskResult>,
}

/// `Task.Supervised.stream/7`, enumerated to the end (or to `opts.take` elements), with the
/// spawn step given by `spawn` (run in the intermediate process). See the module docs.
pub async fn stream(
    p: &Proc,
    inputs: Vec<Term>,
    opts: StreamOpts,
    spawn: SpawnFn,
) -> Vec<TaskResult> {
    // `Enum.take(_, 0)` returns `[]` without enumerating (no validation, no process).
    if opts.take == Some(0) {
        return Vec::new();
    }
    if opts.max_concurrency == 0 {
        return p
            .raise(argument_error(
                ":max_concurrency must be an integer greater than zero",
            ))
            .await;
    }
    let parent = p.pid();
    let trap = p.is_trapping();
    let timeout = opts.timeout;
    let (monitor_pid, monitor_ref) = p
        .spawn_opt(true, true, move |m| {
            stream_monitor(m, parent, spawn, trap, timeout)
        })
        .await;
    let monitor_ref = monitor_ref.expect("spawned with :monitor");
    p.send(
        monitor_pid,
        Term::tuple(vec![Term::Pid(parent), Term::Ref(monitor_ref)]),
    )
    .await;
    let mut c = Caller {
        p,
        monitor_pid,
        monitor_ref,
        max: opts.max_concurrency,
        opts,
        spawned: 0,
        delivered: 0,
        waiting: BTreeMap::new(),
        acc: Vec::new(),
    };
    c.reduce(inputs.into_iter()).await;
    c.acc
}

impl Caller<'_> {
    /// `{:exit, reason}`, or `{:exit, {input, reason}}` with `zip_input_on_exit`.
    fn exit_result(&self, element: &Term, reason: Term) -> TaskResult {
        if self.opts.zip_input_on_exit {
            TaskResult::Exit(Term::tuple(vec![element.clone(), reason]))
        } else {
            TaskResult::Exit(reason)
        }
    }

    /// `{Task.Supervised, :stream, [timeout]}` after `reason`.
    fn exit_reason(&self, reason: Term) -> Term {
        Term::tuple(vec![
            reason,
            Term::tuple(vec![
                module("Task.Supervised"),
                Term::atom("stream"),
                Term::list(vec![self.opts.timeout.to_term()]),
            ]),
        ])
    }

    /// The consumer's reducer (`Enum.to_list` / `Enum.take`): accumulate, halt at `take`.
    fn reducer(&mut self, r: TaskResult) -> Step {
        self.acc.push(r);
        if self.opts.take == Some(self.acc.len()) {
            Step::Halt
        } else {
            Step::Cont
        }
    }

    /// `stream_reduce/7` with its continuation `stream_deliver/7`, as one loop.
    async fn reduce(&mut self, mut next: impl Iterator<Item = Term>) {
        let mut next_done = false;
        loop {
            // `stream_reduce({:cont, acc}, ...)` when spawned == delivered and next == :done
            if self.spawned == self.delivered && next_done {
                return self.close().await;
            }
            if self.max == 0 || next_done {
                if self.receive_one().await == Step::Halt {
                    // `stream_reduce({:halt, acc}, ...)`
                    return self.close().await;
                }
                continue;
            }
            match next.next() {
                Some(value) => {
                    self.spawn_one(value).await;
                    self.max -= 1;
                    self.spawned += 1;
                }
                None => next_done = true,
            }
        }
    }

    /// The `receive` of `stream_reduce/7` (no free slot, or input exhausted): a reply, a
    /// task's DOWN forwarded by the intermediate process, or the intermediate's own DOWN.
    async fn receive_one(&mut self) -> Step {
        let mref = self.monitor_ref;
        let msg = self
            .p
            .receive(Timeout::Infinity, move |m| {
                position_reply(m, mref).is_some()
                    || position_down(m, mref).is_some()
                    || is_down(m, mref).is_some()
            })
            .await
            .expect("an infinite receive returns a message");
        if let Some((pos, reply)) = position_reply(&msg, mref) {
            // `{{mref, pos}, reply}`: keep it until the task's DOWN is seen.
            match self.waiting.get(&pos) {
                Some(Waiting::Running(_)) => {
                    self.waiting.insert(pos, Waiting::Replied(reply));
                }
                _ => unreachable!("a reply for a position that is not running (badmatch)"),
            }
            return Step::Cont;
        }
        if let Some((timed_out, pos, reason)) = position_down(&msg, mref) {
            let result = match self.waiting.get(&pos) {
                Some(Waiting::Replied(v)) => TaskResult::Ok(v.clone()),
                Some(Waiting::Running(element)) if !timed_out => self.exit_result(element, reason),
                Some(Waiting::Running(element)) => match self.opts.on_timeout {
                    OnTimeout::KillTask => self.exit_result(element, Term::atom("timeout")),
                    OnTimeout::Exit => {
                        self.cleanup_inbox_exit().await;
                        let r = self.exit_reason(Term::atom("timeout"));
                        return self.p.exit(r).await;
                    }
                },
                _ => unreachable!("a DOWN for a position that is not waiting (case_clause)"),
            };
            self.max += 1;
            if self.opts.ordered {
                self.waiting.insert(pos, Waiting::Done(result));
                return self.deliver();
            }
            // `deliver_now/4`
            self.waiting.remove(&pos);
            self.delivered += 1;
            return self.reducer(result);
        }
        let reason = is_down(&msg, mref).expect("matched the intermediate's DOWN");
        self.cleanup_inbox_exit().await;
        let r = self.exit_reason(reason);
        self.p.exit(r).await
    }

    /// `stream_deliver/7` (ordered): emit every consecutive finished position.
    fn deliver(&mut self) -> Step {
        while let Some(Waiting::Done(_)) = self.waiting.get(&self.delivered) {
            let Some(Waiting::Done(r)) = self.waiting.remove(&self.delivered) else {
                unreachable!("checked above")
            };
            self.delivered += 1;
            if self.reducer(r) == Step::Halt {
                return Step::Halt;
            }
        }
        Step::Cont
    }

    /// `stream_spawn/4`: ask the intermediate process for a task, then send the task its
    /// start message.
    async fn spawn_one(&mut self, value: Term) {
        let p = self.p;
        let (mref, mpid, pos) = (self.monitor_ref, self.monitor_pid, self.spawned);
        let pos_term = Term::tuple(vec![Term::Ref(mref), Term::Int(pos as i64)]);
        p.send(
            mpid,
            Term::tuple(vec![Term::atom("spawn"), Term::Int(pos as i64)]),
        )
        .await;
        let pt = pos_term.clone();
        let msg = p
            .receive(Timeout::Infinity, move |m| {
                matches!(m.as_tuple(), Some([tag, x, Term::Pid(_)]) if tag.is_atom("spawned") && *x == pt)
                    || is_max_children(m, mref)
                    || monitor_down(m, mref, mpid).is_some()
            })
            .await
            .expect("an infinite receive returns a message");
        if let Some([_, _, Term::Pid(pid)]) = msg.as_tuple()
            && msg.is_tagged("spawned", 3)
        {
            let start = Term::tuple(vec![
                Term::Pid(p.pid()),
                pos_term,
                Term::Pid(p.pid()),
                Term::list(vec![Term::Pid(p.pid())]),
                mfa_apply_args(vec![value.clone()]),
            ]);
            p.send(*pid, start).await;
            let stored = if self.opts.zip_input_on_exit {
                value
            } else {
                Term::nil()
            };
            self.waiting.insert(pos, Waiting::Running(stored));
            return;
        }
        if is_max_children(&msg, mref) {
            self.close().await;
            return p.raise(Term::runtime_error(MAX_CHILDREN_MSG)).await;
        }
        let reason = monitor_down(&msg, mref, mpid).expect("matched the intermediate's DOWN");
        self.cleanup_inbox_exit().await;
        let r = self.exit_reason(reason);
        p.exit(r).await
    }

    /// `stream_close/1`: `{:stop, mref}` to the intermediate process, wait for its DOWN
    /// (`:normal` once it killed the running tasks), clean up.
    async fn close(&mut self) {
        let (p, mref) = (self.p, self.monitor_ref);
        p.send(
            self.monitor_pid,
            Term::tuple(vec![Term::atom("stop"), Term::Ref(mref)]),
        )
        .await;
        let m = p
            .receive_pinned(Timeout::Infinity, Pinned::Ref(mref), move |m| {
                is_down(m, mref).is_some()
            })
            .await
            .expect("an infinite receive returns a message");
        let reason = is_down(&m, mref).expect("matched a DOWN");
        self.cleanup_inbox_exit().await;
        if !reason.is_atom("normal") {
            let r = self.exit_reason(reason);
            p.exit(r).await
        }
    }

    /// `stream_cleanup_inbox/2`: one `{:EXIT, monitor_pid, _}` if there, then every reply
    /// and forwarded DOWN of this stream already in the mailbox.
    async fn cleanup_inbox_exit(&self) {
        let (p, mpid, mref) = (self.p, self.monitor_pid, self.monitor_ref);
        p.receive_pinned(Timeout::Ms(0), Pinned::Pid(mpid), move |m| {
            is_exit_from(m, mpid).is_some()
        })
        .await;
        while p
            .receive(Timeout::Ms(0), move |m| {
                position_reply(m, mref).is_some() || position_down(m, mref).is_some()
            })
            .await
            .is_some()
        {}
    }
}

const MAX_CHILDREN_MSG: &str = "reached the maximum number of tasks for this task supervisor. The maximum number of tasks that are allowed to run at the same time under this supervisor can be configured with the :max_children option passed to Task.Supervisor.start_link/1. When using async_stream or async_stream_nolink, make sure to configure :max_concurrency to be lower or equal to :max_children and pay attention to whether other tasks are also spawned under the same task supervisor.";

/// `{mref, pos}` ⇒ `pos`.
fn position(t: &Term, mref: Ref) -> Option<usize> {
    match t.as_tuple() {
        Some([Term::Ref(r), Term::Int(pos)]) if *r == mref => usize::try_from(*pos).ok(),
        _ => None,
    }
}

/// `{{mref, pos}, reply}` ⇒ `(pos, reply)`.
fn position_reply(m: &Term, mref: Ref) -> Option<(usize, Term)> {
    match m.as_tuple() {
        Some([k, reply]) => position(k, mref).map(|pos| (pos, reply.clone())),
        _ => None,
    }
}

/// `{kind, {mref, pos}, reason}` with `kind` `:down` / `:timed_out` ⇒
/// `(timed_out, pos, reason)`.
fn position_down(m: &Term, mref: Ref) -> Option<(bool, usize, Term)> {
    match m.as_tuple() {
        Some([kind, k, reason]) if kind.is_atom("down") || kind.is_atom("timed_out") => {
            position(k, mref).map(|pos| (kind.is_atom("timed_out"), pos, reason.clone()))
        }
        _ => None,
    }
}

/// `{:max_children, mref}`.
fn is_max_children(m: &Term, mref: Ref) -> bool {
    matches!(m.as_tuple(), Some([tag, Term::Ref(r)]) if tag.is_atom("max_children") && *r == mref)
}

/// `{:DOWN, mref, _, monitor_pid, reason}` ⇒ `reason`.
fn monitor_down(m: &Term, mref: Ref, mpid: Pid) -> Option<Term> {
    match m.as_tuple() {
        Some([_, _, _, Term::Pid(pid), _]) if *pid == mpid => is_down(m, mref),
        _ => None,
    }
}

// ----- the intermediate process ------------------------------------------------------

/// A task the intermediate process watches (1.14's `running_tasks` values).
struct Running {
    r: Ref,
    position: usize,
    link: LinkType,
    pid: Pid,
    timer: Option<Ref>,
    timed_out: bool,
}

/// What the intermediate knows (1.14's `config` of `stream_monitor`).
struct Monitor {
    parent: Pid,
    parent_ref: Ref,
    monitor_ref: Ref,
    spawn: SpawnFn,
    timeout: Timeout,
}

/// `stream_monitor/4`: the intermediate process.
async fn stream_monitor(m: Proc, parent: Pid, spawn: SpawnFn, trap: bool, timeout: Timeout) {
    m.trap_exit(trap);
    let parent_ref = m.monitor(parent).await;
    let start = m
        .receive(Timeout::Infinity, move |msg| {
            matches!(msg.as_tuple(), Some([Term::Pid(x), Term::Ref(_)]) if *x == parent)
                || is_down(msg, parent_ref).is_some()
        })
        .await
        .expect("an infinite receive returns a message");
    if let Some(reason) = is_down(&start, parent_ref) {
        return m.exit(reason).await;
    }
    let Some([_, Term::Ref(monitor_ref)]) = start.as_tuple() else {
        unreachable!("matched {{parent, mref}}")
    };
    let cfg = Monitor {
        parent,
        parent_ref,
        monitor_ref: *monitor_ref,
        spawn,
        timeout,
    };
    monitor_loop(&m, &cfg).await;
}

/// `stream_monitor_loop/2`. Its `receive` ends with a catch-all clause, so it always takes
/// the oldest message.
async fn monitor_loop(m: &Proc, cfg: &Monitor) {
    let mut running: Vec<Running> = Vec::new();
    let mref = cfg.monitor_ref;
    loop {
        let msg = m
            .receive(Timeout::Infinity, |_| true)
            .await
            .expect("an infinite receive returns a message");
        match msg.as_tuple() {
            Some([tag, Term::Int(pos)]) if tag.is_atom("spawn") => {
                let pos = usize::try_from(*pos).expect("positions are >= 0");
                match (cfg.spawn)(m.clone()).await {
                    Spawned::Ok(link, pid) => {
                        let r = m.monitor(pid).await;
                        let timer = match cfg.timeout {
                            Timeout::Infinity => None,
                            Timeout::Ms(ms) => {
                                let key = Term::tuple(vec![Term::Ref(mref), Term::Ref(r)]);
                                let msg = Term::tuple(vec![Term::atom("timeout"), key]);
                                Some(m.send_after(m.pid(), msg, ms))
                            }
                        };
                        let key = Term::tuple(vec![Term::Ref(mref), Term::Int(pos as i64)]);
                        m.send(
                            cfg.parent,
                            Term::tuple(vec![Term::atom("spawned"), key, Term::Pid(pid)]),
                        )
                        .await;
                        running.push(Running {
                            r,
                            position: pos,
                            link,
                            pid,
                            timer,
                            timed_out: false,
                        });
                    }
                    Spawned::MaxChildren => {
                        m.send(
                            cfg.parent,
                            Term::tuple(vec![Term::atom("max_children"), Term::Ref(mref)]),
                        )
                        .await;
                        // `stream_waiting_for_stop_loop/2`
                        loop {
                            let msg = m
                                .receive(Timeout::Infinity, |_| true)
                                .await
                                .expect("an infinite receive returns a message");
                            handle_stop_or_parent_down(m, &msg, &running, cfg).await;
                        }
                    }
                }
            }
            Some([tag, Term::Ref(r), _, _, reason])
                if tag.is_atom("DOWN") && running.iter().any(|t| t.r == *r) =>
            {
                let i = running.iter().position(|t| t.r == *r).expect("checked");
                let task = running.remove(i);
                if let Some(t) = task.timer {
                    m.cancel_timer(t);
                }
                let kind = if task.timed_out { "timed_out" } else { "down" };
                let key = Term::tuple(vec![Term::Ref(mref), Term::Int(task.position as i64)]);
                m.send(
                    cfg.parent,
                    Term::tuple(vec![Term::atom(kind), key, reason.clone()]),
                )
                .await;
            }
            Some([tag, key]) if tag.is_atom("timeout") && timeout_key(key, mref).is_some() => {
                let r = timeout_key(key, mref).expect("checked");
                if let Some(task) = running.iter_mut().find(|t| t.r == r && !t.timed_out) {
                    unlink_and_kill(m, task.pid).await;
                    task.timed_out = true;
                }
            }
            Some([tag, _, _]) if tag.is_atom("EXIT") => {}
            _ => handle_stop_or_parent_down(m, &msg, &running, cfg).await,
        }
    }
}

/// `{mref, ref}` ⇒ `ref`.
fn timeout_key(key: &Term, mref: Ref) -> Option<Ref> {
    match key.as_tuple() {
        Some([Term::Ref(x), Term::Ref(r)]) if *x == mref => Some(*r),
        _ => None,
    }
}

/// `handle_stop_or_parent_down/3`. `{:stop, mref}`: trap exits, `:kill` every running task,
/// wait for each DOWN, exit `:normal`. The caller's DOWN with `reason`: send `reason` to every
/// linked task, exit `reason`. Anything else is dropped.
async fn handle_stop_or_parent_down(m: &Proc, msg: &Term, running: &[Running], cfg: &Monitor) {
    let mref = cfg.monitor_ref;
    if matches!(msg.as_tuple(), Some([tag, Term::Ref(r)]) if tag.is_atom("stop") && *r == mref) {
        m.trap_exit(true);
        for t in running {
            m.exit_signal(t.pid, Term::atom("kill")).await;
        }
        for t in running {
            let r = t.r;
            m.receive_pinned(Timeout::Infinity, Pinned::Ref(r), move |x| {
                is_down(x, r).is_some()
            })
            .await;
        }
        return m.exit(Term::atom("normal")).await;
    }
    if let Some(reason) = is_down(msg, cfg.parent_ref) {
        for t in running {
            if t.link == LinkType::Link {
                m.exit_signal(t.pid, reason.clone()).await;
            }
        }
        m.exit(reason).await
    }
}

/// `unlink_and_kill/1`: a helper monitors the intermediate process (so the task still dies if
/// the intermediate dies in between), then unlink, `:kill`, release the helper.
async fn unlink_and_kill(m: &Proc, pid: Pid) {
    let caller = m.pid();
    let done = m.make_ref();
    let enforcer = m
        .spawn(move |e| async move {
            let mon = e.monitor(caller).await;
            let got = e
                .receive(Timeout::Infinity, move |x| {
                    matches!(x.as_tuple(), Some([tag, Term::Ref(r)]) if tag.is_atom("done") && *r == done)
                        || is_down(x, mon).is_some()
                })
                .await;
            if let Some(x) = got
                && is_down(&x, mon).is_some()
            {
                e.exit_signal(pid, Term::atom("kill")).await;
            }
        })
        .await;
    m.unlink(pid).await;
    m.exit_signal(pid, Term::atom("kill")).await;
    m.send(
        enforcer,
        Term::tuple(vec![Term::atom("done"), Term::Ref(done)]),
    )
    .await;
}
