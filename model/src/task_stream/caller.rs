//! The caller's side of a stream (1.14's `stream_reduce/7`, `stream_deliver/7`,
//! `stream_spawn/4`, `stream_close/1`): it pulls inputs while slots are free, asks the
//! intermediate process for a task per input, keeps each reply until that task's DOWN, and
//! hands each result to the consumer's reducer.

use super::{OnTimeout, Step, StreamInput, StreamOpts};
use crate::task::TaskResult;
use crate::terms::{is_down, is_down_ref, is_exit_from, mfa_apply_args, reraise};
use sim::{Pid, Pinned, Proc, Ref, Term, Timeout};
use std::collections::BTreeMap;

/// `stream_reduce({:cont, acc}, ...)` from the start, for the intermediate process
/// `(monitor_pid, monitor_ref)` just started.
pub(super) async fn reduce<I, R>(
    p: &Proc,
    (monitor_pid, monitor_ref): (Pid, Ref),
    opts: &StreamOpts,
    inputs: I,
    reducer: R,
) -> Step
where
    I: StreamInput,
    R: AsyncFnMut(TaskResult) -> Step,
{
    let mut c = Caller {
        p,
        monitor_pid,
        monitor_ref,
        max: opts.max_concurrency,
        opts,
        spawned: 0,
        delivered: 0,
        waiting: BTreeMap::new(),
        input: inputs,
        input_done: false,
        reducer,
    };
    c.reduce().await
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

/// What the caller knows while it enumerates (1.14's `config` and loop arguments).
struct Caller<'a, I, R> {
    p: &'a Proc,
    monitor_pid: Pid,
    monitor_ref: Ref,
    opts: &'a StreamOpts,
    /// Free slots (`max`).
    max: usize,
    spawned: usize,
    delivered: usize,
    waiting: BTreeMap<usize, Waiting>,
    input: I,
    /// `next == :done`.
    input_done: bool,
    reducer: R,
}

impl<I: StreamInput, R: AsyncFnMut(TaskResult) -> Step> Caller<'_, I, R> {
    /// `{:exit, reason}`, or `{:exit, {input, reason}}` with `zip_input_on_exit`.
    fn exit_result(&self, element: &Term, reason: Term) -> TaskResult {
        if self.opts.zip_input_on_exit {
            TaskResult::Exit(Term::tuple([element.clone(), reason]))
        } else {
            TaskResult::Exit(reason)
        }
    }

    /// `stream_reduce/7` with its continuation `stream_deliver/7`, as one loop.
    async fn reduce(&mut self) -> Step {
        let p = self.p;
        loop {
            // `stream_reduce({:cont, acc}, ...)` when spawned == delivered and next == :done
            if self.spawned == self.delivered && self.input_done {
                self.close().await;
                return Step::Cont;
            }
            if self.max == 0 || self.input_done {
                if self.receive_one().await == Step::Halt {
                    return self.halt().await;
                }
                continue;
            }
            // `try next.({:cont, []}) ... catch kind, reason -> stream_close; raise`
            match p.catch_all(self.input.pull()).await {
                Ok(Some(value)) => {
                    self.spawn_one(value).await;
                    self.max -= 1;
                    self.spawned += 1;
                }
                Ok(None) => self.input_done = true,
                Err(exc) => {
                    self.close().await;
                    return reraise(p, exc).await;
                }
            }
        }
    }

    /// `stream_reduce({:halt, acc}, ...)`: close the stream, then halt the input.
    async fn halt(&mut self) -> Step {
        self.close().await;
        if !self.input_done {
            self.input.halt().await;
        }
        Step::Halt
    }

    /// The consumer's reducer inside 1.14's `try`: if it raises, the input is halted and the
    /// stream closed, then the exception goes on.
    async fn call_reducer(&mut self, r: TaskResult) -> Step {
        let p = self.p;
        match p.catch_all((self.reducer)(r)).await {
            Ok(step) => step,
            Err(exc) => {
                if !self.input_done {
                    self.input.halt().await;
                }
                self.close().await;
                reraise(p, exc).await
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
                    || is_down_ref(m, mref)
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
                        let r = exit_reason(self.opts.timeout, Term::atom("timeout"));
                        return self.p.exit(r).await;
                    }
                },
                _ => unreachable!("a DOWN for a position that is not waiting (case_clause)"),
            };
            self.max += 1;
            if self.opts.ordered {
                self.waiting.insert(pos, Waiting::Done(result));
                return self.deliver().await;
            }
            // `deliver_now/4`
            self.waiting.remove(&pos);
            self.delivered += 1;
            return self.call_reducer(result).await;
        }
        let reason = is_down(&msg, mref).expect("matched the intermediate's DOWN");
        self.cleanup_inbox_exit().await;
        let r = exit_reason(self.opts.timeout, reason);
        self.p.exit(r).await
    }

    /// `stream_deliver/7` (ordered): emit every consecutive finished position.
    async fn deliver(&mut self) -> Step {
        while let Some(Waiting::Done(_)) = self.waiting.get(&self.delivered) {
            let Some(Waiting::Done(r)) = self.waiting.remove(&self.delivered) else {
                unreachable!("checked above")
            };
            self.delivered += 1;
            if self.call_reducer(r).await == Step::Halt {
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
        let pos_term = Term::tuple([Term::Ref(mref), Term::Int(pos as i64)]);
        p.send(
            mpid,
            Term::tuple([Term::atom("spawn"), Term::Int(pos as i64)]),
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
            let start = Term::tuple([
                Term::Pid(p.pid()),
                pos_term,
                Term::Pid(p.pid()),
                Term::list([Term::Pid(p.pid())]),
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
        let r = exit_reason(self.opts.timeout, reason);
        p.exit(r).await
    }

    /// `stream_close/1`.
    async fn close(&self) {
        close(
            self.p,
            self.monitor_pid,
            self.monitor_ref,
            self.opts.timeout,
        )
        .await;
    }

    async fn cleanup_inbox_exit(&self) {
        cleanup_inbox_exit(self.p, self.monitor_pid, self.monitor_ref).await;
    }
}

/// `{reason, {Task.Supervised, :stream, [timeout]}}`: what the caller exits with.
fn exit_reason(timeout: Timeout, reason: Term) -> Term {
    Term::tuple([
        reason,
        Term::tuple([
            sim::module!("Task.Supervised"),
            Term::atom("stream"),
            Term::list([timeout.to_term()]),
        ]),
    ])
}

/// `stream_close/1`: `{:stop, mref}` to the intermediate process, wait for its DOWN
/// (`:normal` once it killed the running tasks), clean up; another reason exits the caller.
pub(super) async fn close(p: &Proc, mpid: Pid, mref: Ref, timeout: Timeout) {
    p.send(mpid, Term::tuple([Term::atom("stop"), Term::Ref(mref)]))
        .await;
    let m = p
        .receive_pinned(Timeout::Infinity, Pinned::Ref(mref), move |m| {
            is_down_ref(m, mref)
        })
        .await
        .expect("an infinite receive returns a message");
    let reason = is_down(&m, mref).expect("matched a DOWN");
    cleanup_inbox_exit(p, mpid, mref).await;
    if !reason.is_atom("normal") {
        p.exit(exit_reason(timeout, reason)).await
    }
}

/// `stream_cleanup_inbox/2`: one `{:EXIT, monitor_pid, _}` if there, then every reply and
/// forwarded DOWN of this stream already in the mailbox.
async fn cleanup_inbox_exit(p: &Proc, mpid: Pid, mref: Ref) {
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
