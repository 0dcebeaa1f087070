//! `Proc`: the handle process code uses for every BEAM primitive of SEMANTICS §1.
//!
//! Operations that emit a signal (send, spawn, link, monitor, exit/2, ...) are `async`: they
//! take effect, then reach a *scheduling point* where the chooser may switch to another
//! process, as a parallel BEAM would. Blocking operations (receive, sleep) are futures that
//! the kernel resumes. `exit/1`, `raise` and `throw` never resolve: they leave a pending
//! exception that the innermost matching `catch` takes, or else the kernel (no unwinding).

use crate::chooser::ChoiceKind;
use crate::ids::{Pid, Ref};
use crate::kernel::{Class, Exception, Kernel, Pinned, ReceiveState};
use crate::sim::Shared;
use crate::term::{Atom, Term};
use crate::time::{Time, Timeout};
use crate::trace::{Dest, EventKind};
use std::cell::RefMut;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// A process's handle on the kernel. Cheap to clone; valid only inside its own run.
#[derive(Clone)]
pub struct Proc {
    shared: Rc<Shared>,
    pid: Pid,
}

/// Options of `demonitor/2`.
#[derive(Copy, Clone, Debug, Default)]
pub struct DemonitorOpts {
    /// Also remove a DOWN for this monitor already in the mailbox.
    pub flush: bool,
    /// Return `false` if the monitor was already gone (instead of always `true`).
    pub info: bool,
}

impl Proc {
    pub(crate) fn new(shared: Rc<Shared>, pid: Pid) -> Self {
        Proc { shared, pid }
    }

    /// Entries in the kernel's timer queue, stale ones included (for tests of the sweep).
    #[cfg(test)]
    pub(crate) fn queued_timers(&self) -> usize {
        self.k().queued_timers()
    }

    /// Times the kernel's timer queue was refiled whole in this run (for tests).
    #[cfg(test)]
    pub(crate) fn timer_refiles(&self) -> u64 {
        self.k().timer_refiles()
    }

    fn k(&self) -> RefMut<'_, Kernel> {
        self.shared.k.borrow_mut()
    }

    /// `self()`.
    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// The current virtual time.
    pub fn now(&self) -> Time {
        self.k().now()
    }

    /// Milliseconds of virtual time since the run began.
    pub fn now_ms(&self) -> u64 {
        self.k().now().as_ms()
    }

    /// A scheduling point: the chooser may let another process (or a signal delivery) go
    /// first. Every signal-emitting operation ends with one.
    pub fn yield_now(&self) -> SchedPoint<'_> {
        SchedPoint {
            p: self,
            switched: false,
        }
    }

    /// `calls` function calls of this process (reductions, as the BEAM counts them):
    /// they count against the step budget (100 calls a step), and after 1,000
    /// reductions (calls and scheduling points) in one poll the process is switched out
    /// if something else can happen. True if it must switch out now: await
    /// [`Proc::switch_out`] then. An interpreter tells its function calls (one by one,
    /// or a few at a time), so that a loop that never blocks cannot hold a run inside
    /// one poll.
    pub fn reduce(&self, calls: u32) -> bool {
        self.k().reduce(calls)
    }

    /// Yields to the kernel once, with no decision: the process goes to the back of the
    /// run queue (see [`Proc::reduce`]).
    pub fn switch_out(&self) -> SwitchOut {
        SwitchOut { done: false }
    }

    // ----- spawning ------------------------------------------------------------------

    /// `spawn(fun)`.
    pub async fn spawn<F, Fut>(&self, f: F) -> Pid
    where
        F: FnOnce(Proc) -> Fut,
        Fut: Future<Output = ()> + 'static,
    {
        let pid = self.shared.spawn(Some(self.pid), false, false, f).0;
        self.yield_now().await;
        pid
    }

    /// `spawn_link(fun)`: the link is created atomically with the process.
    pub async fn spawn_link<F, Fut>(&self, f: F) -> Pid
    where
        F: FnOnce(Proc) -> Fut,
        Fut: Future<Output = ()> + 'static,
    {
        let pid = self.shared.spawn(Some(self.pid), true, false, f).0;
        self.yield_now().await;
        pid
    }

    /// `spawn_monitor(fun)`: returns `{pid, ref}`.
    pub async fn spawn_monitor<F, Fut>(&self, f: F) -> (Pid, Ref)
    where
        F: FnOnce(Proc) -> Fut,
        Fut: Future<Output = ()> + 'static,
    {
        let (pid, r) = self.shared.spawn(Some(self.pid), false, true, f);
        self.yield_now().await;
        (pid, r.expect("monitor requested"))
    }

    /// `Process.spawn(fun, [:link, :monitor])` (either option may be off).
    pub async fn spawn_opt<F, Fut>(&self, link: bool, monitor: bool, f: F) -> (Pid, Option<Ref>)
    where
        F: FnOnce(Proc) -> Fut,
        Fut: Future<Output = ()> + 'static,
    {
        let r = self.shared.spawn(Some(self.pid), link, monitor, f);
        self.yield_now().await;
        r
    }

    // ----- messages ------------------------------------------------------------------

    /// `send(pid, msg)`. Sending to a dead process is not an error.
    pub async fn send(&self, to: Pid, msg: Term) {
        self.send_signal(Dest::Pid(to), msg);
        self.yield_now().await;
    }

    /// `send(ref, msg)` to an alias. The alias is checked when the owner takes the message
    /// in, not now (SEMANTICS §1.7); a plain reference drops the message.
    pub async fn send_alias(&self, to: Ref, msg: Term) {
        self.send_signal(Dest::Alias(to), msg);
        self.yield_now().await;
    }

    /// `send(name, msg)` to a registered name; an unknown name raises `:badarg`.
    pub async fn send_named(&self, name: &str, msg: Term) {
        let to = self.k().whereis(name);
        match to {
            Some(pid) => self.send(pid, msg).await,
            None => self.error(Term::atom("badarg")).await,
        }
    }

    fn send_signal(&self, to: Dest, msg: Term) {
        self.k().send(self.pid, to, msg);
    }

    /// `receive` with one matcher standing for all its clauses: the mailbox is scanned
    /// oldest first and the first message the matcher accepts is removed and returned
    /// (message-major, SEMANTICS §1.9). `None` when the `after` timeout passes first;
    /// `Timeout::Ms(0)` only looks at what is already there.
    pub fn receive<M: FnMut(&Term) -> bool>(&self, timeout: Timeout, matcher: M) -> Receive<'_, M> {
        Receive {
            p: self,
            matcher,
            timeout,
            pinned: None,
            state: ReceiveState::default(),
        }
    }

    /// A `receive` whose every clause pins `pinned` as the first or second element of a
    /// tuple — `{^ref, _}`, `{:DOWN, ^ref, _, _, _}`, `{:EXIT, ^pid, _}`: it takes the first
    /// message, oldest first, that is such a tuple and that `matcher` accepts (a message
    /// without `pinned` in those places is never offered to `matcher`). The kernel finds it
    /// through an index instead of scanning the mailbox, so awaiting many tasks whose
    /// replies arrive out of order stays linear.
    pub fn receive_pinned<M: FnMut(&Term) -> bool>(
        &self,
        timeout: Timeout,
        pinned: Pinned,
        matcher: M,
    ) -> Receive<'_, M> {
        Receive {
            p: self,
            matcher,
            timeout,
            pinned: Some(pinned),
            state: ReceiveState::default(),
        }
    }

    /// `Process.sleep(ms)`. Messages do not wake a sleeping process.
    pub fn sleep(&self, ms: u64) -> Sleep<'_> {
        Sleep {
            p: self,
            ms,
            started: false,
        }
    }

    /// The messages in the mailbox, oldest first (`Process.info(self(), :messages)`).
    pub fn messages(&self) -> Vec<Term> {
        self.k().messages(self.pid)
    }

    // ----- links and exits -----------------------------------------------------------

    /// `Process.link(pid)` ⇒ `true`. A dead target raises `:noproc` unless the caller traps
    /// exits, in which case `{:EXIT, pid, :noproc}` arrives (SEMANTICS §1.3).
    pub async fn link(&self, to: Pid) -> bool {
        let linked = self.k().link(self.pid, to);
        if linked.is_err() {
            return self.error(Term::atom("noproc")).await;
        }
        self.yield_now().await;
        true
    }

    /// `Process.unlink(pid)` ⇒ `true`, whatever the state of `pid`. An exit signal from it
    /// still in flight is dropped; one already in the mailbox stays.
    pub async fn unlink(&self, to: Pid) -> bool {
        self.k().unlink(self.pid, to);
        self.yield_now().await;
        true
    }

    /// `Process.flag(:trap_exit, on)` ⇒ the previous value.
    pub fn trap_exit(&self, on: bool) -> bool {
        self.k().set_trap_exit(self.pid, on)
    }

    /// `Process.exit(pid, reason)` ⇒ `true` (asynchronous; the table of SEMANTICS §1.4
    /// applies when the signal arrives). To itself it takes effect at once.
    pub async fn exit_signal(&self, to: Pid, reason: Term) -> bool {
        self.k().send_exit(self.pid, to, reason);
        self.yield_now().await;
        true
    }

    /// `Process.alive?(pid)`. Ordered after the signals the caller already sent to `pid`,
    /// so `Process.exit(p, :kill); Process.alive?(p)` is `false` (SEMANTICS §1.4).
    pub fn is_alive(&self, pid: Pid) -> bool {
        let mut k = self.k();
        k.flush_pair(self.pid, pid);
        k.alive(pid)
    }

    /// `exit(reason)`: never returns; the innermost [`Proc::catch_exit`] gets `reason`,
    /// or the process exits with it.
    pub fn exit<T>(&self, reason: Term) -> Raise<'_, T> {
        self.raise_class(Class::Exit, reason)
    }

    /// `raise exception` (an exception struct such as [`Term::runtime_error`]): uncaught,
    /// the process exits with `{exception, stacktrace}`.
    pub fn raise<T>(&self, exception: Term) -> Raise<'_, T> {
        self.raise_class(Class::Error, exception)
    }

    /// An Erlang error with a raw term (`:badarg`, `:noproc`): uncaught, the process exits
    /// with `{term, stacktrace}`.
    pub fn error<T>(&self, value: Term) -> Raise<'_, T> {
        self.raise_class(Class::Error, value)
    }

    /// `throw(value)`: uncaught, the process exits with `{{:nocatch, value}, stacktrace}`.
    pub fn throw<T>(&self, value: Term) -> Raise<'_, T> {
        self.raise_class(Class::Throw, value)
    }

    fn raise_class<T>(&self, class: Class, value: Term) -> Raise<'_, T> {
        Raise {
            p: self,
            exc: Some(Exception { class, value }),
            _t: PhantomData,
        }
    }

    /// `try do f catch :exit, reason -> ... end`: `Err(reason)` if `f` calls `exit/1` (or
    /// a primitive that exits). Errors and throws pass through.
    pub fn catch_exit<F: Future>(&self, f: F) -> Catch<'_, F, Term> {
        Catch {
            p: self,
            inner: f,
            classes: &[Class::Exit],
            map: |e| e.value,
        }
    }

    /// `try do f rescue e -> ... end`: `Err(exception)` for errors raised by `f`.
    pub fn rescue<F: Future>(&self, f: F) -> Catch<'_, F, Term> {
        Catch {
            p: self,
            inner: f,
            classes: &[Class::Error],
            map: |e| e.value,
        }
    }

    /// `try do f catch kind, value -> ... end` for every kind.
    pub fn catch_all<F: Future>(&self, f: F) -> Catch<'_, F, Exception> {
        Catch {
            p: self,
            inner: f,
            classes: &[Class::Error, Class::Exit, Class::Throw],
            map: |e| e,
        }
    }

    // ----- monitors and aliases ------------------------------------------------------

    /// `Process.monitor(pid)`. A dead target gives an immediate DOWN `:noproc`.
    pub async fn monitor(&self, target: Pid) -> Ref {
        let r = self.add_monitor(target, false);
        self.yield_now().await;
        r
    }

    /// `:erlang.monitor(:process, pid, alias: :demonitor)`: the reference is also an alias
    /// of the caller until the monitor goes away (demonitor or DOWN delivered).
    pub async fn monitor_alias(&self, target: Pid) -> Ref {
        let r = self.add_monitor(target, true);
        self.yield_now().await;
        r
    }

    /// `Process.monitor(name)` for a registered name: a monitor on the process that has the
    /// name now, whose DOWN carries `{name, :nonode@nohost}` where a pid monitor has the
    /// pid. A name nobody has gives that DOWN with `:noproc` at once (semantics §1.6).
    pub async fn monitor_name(&self, name: Atom) -> Ref {
        let target = self.whereis(name.as_str());
        let r = self.k().monitor_as(self.pid, target, false, Some(name));
        self.yield_now().await;
        r
    }

    fn add_monitor(&self, target: Pid, alias: bool) -> Ref {
        self.k().monitor(self.pid, target, alias)
    }

    /// `Process.demonitor(ref, opts)`. Returns `true`, or with `info` whether the monitor
    /// was still active. Deactivates the alias of an `alias: :demonitor` monitor.
    pub fn demonitor(&self, r: Ref, opts: DemonitorOpts) -> bool {
        let found = self.k().demonitor(self.pid, r, opts.flush);
        !opts.info || found
    }

    /// `make_ref()`.
    pub fn make_ref(&self) -> Ref {
        self.k().make_ref(self.pid)
    }

    /// `alias()`: a new active alias of the caller.
    pub fn alias(&self) -> Ref {
        self.k().alias(self.pid)
    }

    /// `unalias(ref)` ⇒ whether it was an active alias.
    pub fn unalias(&self, r: Ref) -> bool {
        self.k().unalias(self.pid, r)
    }

    // ----- names, timers, misc -------------------------------------------------------

    /// `Process.register(pid, name)`: `false` if the name is taken or `pid` is dead.
    pub fn register(&self, name: &str, pid: Pid) -> bool {
        self.k().register(self.pid, name, pid)
    }

    /// `Process.whereis(name)`.
    pub fn whereis(&self, name: &str) -> Option<Pid> {
        self.k().whereis(name)
    }

    /// `Process.unregister(name)`: `false` if nobody has the name (Elixir then raises).
    pub fn unregister(&self, name: &str) -> bool {
        self.k().unregister(name)
    }

    /// `[head | rest]` (`[head]` unless `rest` is a list), the same list each time this
    /// process asks with equal `head` and `rest` (see [`crate::Kernel::shared_cons`]).
    pub fn shared_cons(&self, head: Term, rest: Option<Term>) -> Term {
        self.k().shared_cons(self.pid, head, rest)
    }

    /// The registered name of `pid` (what `Process.info(pid, :registered_name)` shows).
    pub fn registered_name(&self, pid: Pid) -> Option<std::rc::Rc<str>> {
        self.k().name_of(pid)
    }

    /// `:global.register_name(name, pid)` on one node: `false` if the name is taken or
    /// `pid` is dead. The name is freed when `pid` dies.
    pub fn register_global(&self, name: Term, pid: Pid) -> bool {
        self.k().register_global(self.pid, name, pid)
    }

    /// `:global.whereis_name(name)`.
    pub fn whereis_global(&self, name: &Term) -> Option<Pid> {
        self.k().whereis_global(name)
    }

    /// `:global.unregister_name(name)`.
    pub fn unregister_global(&self, name: &Term) {
        self.k().unregister_global(name)
    }

    // ----- the process dictionary ------------------------------------------------------

    /// `Process.put(key, value)` ⇒ the value it replaced, if any.
    pub fn dict_put(&self, key: Term, value: Term) -> Option<Term> {
        self.k().dict_put(self.pid, key, value)
    }

    /// `Process.get(key)`.
    pub fn dict_get(&self, key: &Term) -> Option<Term> {
        self.k().dict_get(self.pid, key)
    }

    /// `Process.delete(key)` ⇒ the value it held.
    pub fn dict_delete(&self, key: &Term) -> Option<Term> {
        self.k().dict_delete(self.pid, key)
    }

    /// `Process.info(pid, :dictionary)` of any process: its entries in insertion order, or
    /// `None` once it is dead.
    pub fn dictionary_of(&self, pid: Pid) -> Option<Vec<(Term, Term)>> {
        self.k().dictionary(pid)
    }

    /// `Process.send_after(dest, msg, ms)` ⇒ a timer reference. When it fires the message
    /// goes straight into the receiver's mailbox. A timer aimed at a process that is dead,
    /// or dies before it fires, is cancelled (`cancel_timer` then gives `None`).
    pub fn send_after(&self, to: Pid, msg: Term, ms: u64) -> Ref {
        self.timer_to(Dest::Pid(to), msg, ms)
    }

    /// `Process.send_after(alias, msg, ms)`.
    pub fn send_after_alias(&self, to: Ref, msg: Term, ms: u64) -> Ref {
        self.timer_to(Dest::Alias(to), msg, ms)
    }

    /// `Process.send_after(name, msg, ms)`: the name is looked up when the timer fires; if
    /// nobody has it then, the message is dropped (no error, here or then).
    pub fn send_after_name(&self, name: Atom, msg: Term, ms: u64) -> Ref {
        self.timer_to(Dest::Name(name), msg, ms)
    }

    fn timer_to(&self, to: Dest, msg: Term, ms: u64) -> Ref {
        self.k().send_after(self.pid, to, msg, ms)
    }

    /// `Process.cancel_timer(ref)` ⇒ milliseconds that were left, or `None` (`false`) if
    /// the timer already fired or never existed.
    pub fn cancel_timer(&self, r: Ref) -> Option<u64> {
        self.k().cancel_send_after(self.pid, r)
    }

    /// Writes a log line (what `IO.puts` prints) into the trace.
    pub fn log(&self, text: impl Into<String>) {
        let text = text.into();
        self.k().emit(Some(self.pid), || EventKind::Log { text });
    }

    /// Emits a free-form note into the trace (a tag and a term; tests and interpreters).
    pub fn emit(&self, tag: &'static str, data: impl FnOnce() -> Term) {
        self.k()
            .emit(Some(self.pid), || EventKind::User { tag, data: data() });
    }

    /// Emits a typed semantic event (used by `model`: task awaited, child restarted, ...).
    /// `event` runs only if somebody listens.
    pub fn emit_semantic<E: crate::trace::Semantic>(&self, event: impl FnOnce() -> E) {
        self.k().emit(Some(self.pid), || {
            EventKind::Semantic(std::rc::Rc::new(event()))
        });
    }

    /// True if a trace or observer is listening (to skip building costly event data).
    pub fn tracing(&self) -> bool {
        self.k().tracing()
    }

    /// A random number below `n`, drawn through the chooser (so it replays).
    pub fn random(&self, n: usize) -> usize {
        self.k().choose(ChoiceKind::User, n)
    }

    /// Marks this process as a server that may wait forever: a run that ends with only
    /// daemons waiting is `Completed`, not a deadlock.
    pub fn set_daemon(&self, on: bool) {
        self.k().set_daemon(self.pid, on);
    }

    /// The pids this process is linked to (`Process.info(self(), :links)`).
    pub fn links(&self) -> Vec<Pid> {
        self.k().links_of(self.pid)
    }

    /// `Process.info(pid, :links)` of any process: its links, or `None` (`nil`) once it is
    /// dead. A peer that died may still be listed until its exit signal reaches `pid`
    /// (semantics §1.3).
    pub fn links_of(&self, pid: Pid) -> Option<Vec<Pid>> {
        let mut k = self.k();
        if !k.alive(pid) {
            return None;
        }
        Some(k.links_of(pid))
    }

    /// Whether this process traps exits.
    pub fn is_trapping(&self) -> bool {
        self.k().is_trapping(self.pid)
    }
}

/// A scheduling point (see [`Proc::yield_now`]).
pub struct SchedPoint<'a> {
    p: &'a Proc,
    switched: bool,
}

impl Future for SchedPoint<'_> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.switched {
            return Poll::Ready(());
        }
        let pid = self.p.pid;
        let mut k = self.p.k();
        // A process that ended at its own signal (`Process.exit(self(), r)` takes effect at
        // once, SEMANTICS §1.4) must not run on: stay pending, the step loop drops it.
        if !k.alive(pid) {
            return Poll::Pending;
        }
        if k.preempt(pid) {
            self.switched = true;
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    }
}

/// The future of [`Proc::switch_out`].
pub struct SwitchOut {
    done: bool,
}

impl Future for SwitchOut {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.done {
            return Poll::Ready(());
        }
        self.done = true;
        Poll::Pending
    }
}

/// The future of [`Proc::receive`] and [`Proc::receive_pinned`].
pub struct Receive<'a, M> {
    p: &'a Proc,
    matcher: M,
    timeout: Timeout,
    pinned: Option<Pinned>,
    state: ReceiveState,
}

impl<M: FnMut(&Term) -> bool + Unpin> Future for Receive<'_, M> {
    type Output = Option<Term>;
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Term>> {
        let this = &mut *self;
        let mut k = this.p.shared.k.borrow_mut();
        k.poll_receive(
            this.p.pid,
            &mut this.state,
            this.timeout,
            this.pinned,
            &mut this.matcher,
        )
    }
}

/// The future of [`Proc::sleep`].
pub struct Sleep<'a> {
    p: &'a Proc,
    ms: u64,
    started: bool,
}

impl Future for Sleep<'_> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        let mut k = this.p.shared.k.borrow_mut();
        k.poll_sleep(this.p.pid, &mut this.started, this.ms)
    }
}

/// The future of `exit/1`, `raise`, `throw`: records the exception and never resolves.
pub struct Raise<'a, T> {
    p: &'a Proc,
    exc: Option<Exception>,
    _t: PhantomData<T>,
}

impl<T> Unpin for Raise<'_, T> {}

impl<T> Future for Raise<'_, T> {
    type Output = T;
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<T> {
        if let Some(exc) = self.exc.take() {
            self.p.k().raise(self.p.pid, exc);
        }
        Poll::Pending
    }
}

pin_project_lite::pin_project! {
    /// The future of the `catch` combinators: polls `inner`, and takes a pending exception
    /// of one of `classes` that it left.
    pub struct Catch<'a, F, E> {
        p: &'a Proc,
        #[pin]
        inner: F,
        classes: &'static [Class],
        map: fn(Exception) -> E,
    }
}

impl<F: Future, E> Future for Catch<'_, F, E> {
    type Output = Result<F::Output, E>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let r = this.inner.poll(cx);
        if let Some(exc) = this.p.k().catch(this.p.pid, this.classes) {
            return Poll::Ready(Err((this.map)(exc)));
        }
        r.map(Ok)
    }
}
