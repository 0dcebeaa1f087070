//! `Task.async_stream` (Elixir 1.14.0 on OTP 25), SEMANTICS.md §2.10, following the 1.14
//! code of `Task.Supervised.stream/7` step by step: the same three kinds of process (the
//! caller, an intermediate "monitor" process, the tasks), the same messages in the same
//! order.
//!
//! The enumeration is lazy, as in Elixir: [`stream_reduce`] takes the consumer's reducer, an
//! async step called with each element in the caller, between the stream's receives, as
//! the element is delivered; it answers [`Step::Cont`] or [`Step::Halt`] (`Enum.take`,
//! `Enum.find`, ... stop early: the running tasks are killed). The input is pulled one
//! element at a time ([`StreamInput`]) when a slot is free. [`async_stream`] and [`stream`]
//! are the eager forms: `Task.async_stream(inputs, fun, opts) |> Enum.to_list()` (or
//! `|> Enum.take(n)` with [`StreamOpts::take`]).
//!
//! Processes and messages (`mref` is the caller's monitor of the intermediate process,
//! `pos` the 0-based input position):
//!
//! * caller: `spawn_opt(intermediate, [:link, :monitor])`, then `{caller, mref}` to it;
//!   per input `{:spawn, pos}` → intermediate, waits for `{:spawned, {mref, pos}, pid}`,
//!   then sends the start message `{caller, {mref, pos}, caller, [caller], mfa}` to the task;
//!   at the end (or on an early halt) `{:stop, mref}` → intermediate, waits for its DOWN.
//! * intermediate (`monitor.rs`): traps exits iff the caller does; monitors the caller;
//!   spawns each task (through the [`SpawnFn`]), monitors it, arms `send_after(timeout,
//!   self(), {:timeout, {mref, ref}})`, and forwards each task DOWN as `{:down | :timed_out,
//!   {mref, pos}, reason}` to the caller.
//! * task: waits for its start message, runs `fun.(input)`, sends `{{mref, pos}, result}`
//!   to the caller (a plain pid, not an alias).
//!
//! The spawn step is a parameter ([`SpawnFn`], 1.14's `spawn` closure): [`spawn_task`] is
//! `Task.async_stream`'s; `Task.Supervisor.async_stream` / `async_stream_nolink` (§3.4) use
//! [`crate::task_supervisor::spawn_stream_task`], which starts temporary supervisor children
//! (linked or not to the intermediate, [`LinkType`]) and may answer [`Spawned::MaxChildren`].
//!
//! Deviation from 1.14: the `$callers` of the start message are just `[caller]`.

mod caller;
mod monitor;

use crate::task::TaskResult;
use crate::terms::argument_error;
use sim::{Pid, Proc, Ref, Term, Timeout};
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

/// The consumer's answer to an element: 1.14's `{:cont, acc}` / `{:halt, acc}` (the
/// accumulator is the consumer's own business).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Go on.
    Cont,
    /// Stop: the stream kills its running tasks and halts its input.
    Halt,
}

/// The input enumerable as 1.14 pulls it (`next`: `Enumerable.reduce(enum, acc, fn x, acc ->
/// {:suspend, [x | acc]} end)`), one element each time a slot is free.
// One thread runs a simulation: there is no `Send` bound to promise.
#[allow(async_fn_in_trait)]
pub trait StreamInput {
    /// `next.({:cont, []})`: the next element, or `None` once the enumerable is done. It may
    /// raise: the stream is then closed and the exception goes on.
    async fn pull(&mut self) -> Option<Term>;
    /// `next.({:halt, []})`: the stream stops before its input is done.
    async fn halt(&mut self);
}

/// A list: nothing happens when it is pulled.
impl StreamInput for std::vec::IntoIter<Term> {
    async fn pull(&mut self) -> Option<Term> {
        self.next()
    }

    async fn halt(&mut self) {}
}

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
        Box::pin(async move { spawn_task(&inter, owner, f).await })
    });
    stream(p, inputs, opts, spawn).await
}

/// `Task.async_stream`'s spawn step (1.14 `Task.build_stream/3`), run in the intermediate
/// process `inter`: `Task.Supervised.start_link(owner, :nomonitor)`, a task linked to
/// `inter` that runs `f(input)` once its start message comes.
pub async fn spawn_task<F, Fut>(inter: &Proc, owner: Pid, f: F) -> Spawned
where
    F: Fn(Proc, Term) -> Fut + 'static,
    Fut: Future<Output = Term> + 'static,
{
    let pid = inter
        .spawn_link(move |t| stream_task(t, owner, false, f))
        .await;
    Spawned::Ok(LinkType::Link, pid)
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
            Some(Term::List(a)) if a.len() == 1 => {
                a.iter().next().cloned().unwrap_or_else(Term::nil)
            }
            _ => unreachable!("the stream sends [fun, [input]]"),
        },
        _ => unreachable!("the stream sends {{:erlang, :apply, [fun, [input]]}}"),
    };
    let result = f(t.clone(), input).await;
    t.send(reply_to, Term::tuple([r, result])).await;
    // 1.14 relies on the reply reaching the caller before the `{:down, {mref, pos}, ...}`
    // the intermediate forwards after this task's DOWN ("a reply is emitted only once the
    // task's DOWN is seen"): causal order, which holds on one node (sim's default
    // `SignalOrder::Node`), not under `SignalOrder::Pair`.
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
    let take = opts.take;
    let mut acc = Vec::new();
    stream_reduce(p, inputs.into_iter(), &opts, spawn, async |r| {
        acc.push(r);
        if take == Some(acc.len()) {
            Step::Halt
        } else {
            Step::Cont
        }
    })
    .await;
    acc
}

/// `Enumerable.reduce(stream, {:cont, acc}, reducer)` of a `Task.Supervised.stream/7`
/// stream: `reducer` runs in the caller with each element as the stream delivers it (in input
/// order, or in completion order with `ordered: false`). Answers [`Step::Halt`] if the
/// reducer halted the stream, [`Step::Cont`] if the stream ran to its end. `opts.take` is
/// not looked at.
///
/// If the reducer raises, 1.14's `try` halts the input and closes the stream (its running
/// tasks are killed) before the exception goes on; so does an input that raises when pulled
/// (without the halt).
pub async fn stream_reduce<I, R>(
    p: &Proc,
    inputs: I,
    opts: &StreamOpts,
    spawn: SpawnFn,
    reducer: R,
) -> Step
where
    I: StreamInput,
    R: AsyncFnMut(TaskResult) -> Step,
{
    let (monitor_pid, monitor_ref) = start(p, opts, spawn).await;
    caller::reduce(p, (monitor_pid, monitor_ref), opts, inputs, reducer).await
}

/// `Enumerable.reduce(stream, {:halt, acc}, reducer)`: a stream told to halt before its
/// first element (`Enum.zip` closing a stream it never pulled from). 1.14 still validates
/// the options and starts the intermediate process, then stops it and halts the input;
/// no task runs.
pub async fn stream_halted<I: StreamInput>(
    p: &Proc,
    mut inputs: I,
    opts: &StreamOpts,
    spawn: SpawnFn,
) {
    let (monitor_pid, monitor_ref) = start(p, opts, spawn).await;
    caller::close(p, monitor_pid, monitor_ref, opts.timeout).await;
    inputs.halt().await;
}

/// The start of `stream/7`: `:max_concurrency` checked, the intermediate process spawned
/// (`[:link, :monitor]`) and told the monitor's reference.
async fn start(p: &Proc, opts: &StreamOpts, spawn: SpawnFn) -> (Pid, Ref) {
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
            monitor::stream_monitor(m, parent, spawn, trap, timeout)
        })
        .await;
    let monitor_ref = monitor_ref.expect("spawned with :monitor");
    p.send(
        monitor_pid,
        Term::tuple([Term::Pid(parent), Term::Ref(monitor_ref)]),
    )
    .await;
    (monitor_pid, monitor_ref)
}
