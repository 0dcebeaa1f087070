//! `Proc`: the handle process code uses for every BEAM primitive of SEMANTICS §1.
//!
//! Operations that emit a signal (send, spawn, link, monitor, exit/2, ...) are `async`: they
//! take effect, then reach a *scheduling point* where the chooser may switch to another
//! process, as a parallel BEAM would. Blocking operations (receive, sleep) are futures that
//! the kernel resumes. `exit/1`, `raise` and `throw` never resolve: they leave a pending
//! exception that the innermost matching `catch` takes, or else the kernel (no unwinding).

use crate::chooser::ChoiceKind;
use crate::ids::{Pid, Ref};
use crate::kernel::{Class, Exception, HeldMonitor, Kernel, Signal, Status, TimerKind};
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

    fn k(&self) -> RefMut<'_, Kernel> {
        self.shared.k.borrow_mut()
    }

    /// `self()`.
    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// The current virtual time.
    pub fn now(&self) -> Time {
        self.k().now
    }

    /// Milliseconds of virtual time since the run began.
    pub fn now_ms(&self) -> u64 {
        self.k().now.as_ms()
    }

    /// A scheduling point: the chooser may let another process (or a signal delivery) go
    /// first. Every signal-emitting operation ends with one.
    pub fn yield_now(&self) -> SchedPoint<'_> {
        SchedPoint {
            p: self,
            switched: false,
        }
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
        let to = self.k().names.get(name).copied();
        match to {
            Some(pid) => self.send(pid, msg).await,
            None => self.error(Term::atom("badarg")).await,
        }
    }

    fn send_signal(&self, to: Dest, msg: Term) {
        let mut k = self.k();
        if k.trace.on() {
            let (d, m) = (to.clone(), msg.clone());
            k.emit(Some(self.pid), || EventKind::Send { to: d, msg: m });
        }
        match to {
            Dest::Pid(p) => k.push_signal(self.pid, p, Signal::Message { alias: None, msg }),
            Dest::Alias(r) => k.push_signal(
                self.pid,
                r.owner,
                Signal::Message {
                    alias: Some(r),
                    msg,
                },
            ),
        }
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
            scanned: 0,
            started: false,
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
        let pid = self.pid;
        let mut k = self.k();
        k.fetch(pid);
        k.proc(pid).mailbox.iter().cloned().collect()
    }

    // ----- links and exits -----------------------------------------------------------

    /// `Process.link(pid)` ⇒ `true`. A dead target raises `:noproc` unless the caller traps
    /// exits, in which case `{:EXIT, pid, :noproc}` arrives (SEMANTICS §1.3).
    pub async fn link(&self, to: Pid) -> bool {
        let noproc = {
            let mut k = self.k();
            let me = self.pid;
            k.emit(Some(me), || EventKind::Link { to });
            if to == me {
                false
            } else if k.alive(to) {
                if !k.proc(me).links.contains(&to) {
                    k.proc(me).links.push(to);
                    k.proc(to).links.push(me);
                }
                false
            } else if k.proc(me).trap_exit {
                let msg = Term::tuple(vec![
                    Term::atom("EXIT"),
                    Term::Pid(to),
                    Term::atom("noproc"),
                ]);
                // A local link to a dead pid answers at once: on the VM the EXIT is already
                // there for an `after 0` right after the call (SEMANTICS §1.3).
                k.enqueue(to, me, msg);
                false
            } else {
                true
            }
        };
        if noproc {
            return self.error(Term::atom("noproc")).await;
        }
        self.yield_now().await;
        true
    }

    /// `Process.unlink(pid)` ⇒ `true`, whatever the state of `pid`. An exit signal from it
    /// still in flight is dropped; one already in the mailbox stays.
    pub async fn unlink(&self, to: Pid) -> bool {
        {
            let mut k = self.k();
            let me = self.pid;
            k.emit(Some(me), || EventKind::Unlink { to });
            k.proc(me).links.retain(|p| *p != to);
            if let Some(st) = k.held(to) {
                st.links.retain(|p| *p != me);
            }
        }
        self.yield_now().await;
        true
    }

    /// `Process.flag(:trap_exit, on)` ⇒ the previous value.
    pub fn trap_exit(&self, on: bool) -> bool {
        let mut k = self.k();
        k.emit(Some(self.pid), || EventKind::TrapExit { on });
        std::mem::replace(&mut k.proc(self.pid).trap_exit, on)
    }

    /// `Process.exit(pid, reason)` ⇒ `true` (asynchronous; the table of SEMANTICS §1.4
    /// applies when the signal arrives). To itself it takes effect at once.
    pub async fn exit_signal(&self, to: Pid, reason: Term) -> bool {
        {
            let mut k = self.k();
            if k.trace.on() {
                let r = reason.clone();
                k.emit(Some(self.pid), || EventKind::ExitSignal { to, reason: r });
            }
            k.push_signal(
                self.pid,
                to,
                Signal::Exit {
                    reason,
                    link: false,
                },
            );
        }
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
    /// pid. A name nobody has gives that DOWN with `:noproc` at once (SEMANTICS §1.6).
    pub async fn monitor_name(&self, name: Atom) -> Ref {
        let target = self.whereis(name.as_str());
        let r = self.add_monitor_as(target, false, Some(name));
        self.yield_now().await;
        r
    }

    fn add_monitor(&self, target: Pid, alias: bool) -> Ref {
        self.add_monitor_as(Some(target), alias, None)
    }

    /// `target: None` is a name nobody has: the process stands in as the target and sends
    /// itself the `:noproc` DOWN, which then comes the same way as for a dead pid.
    fn add_monitor_as(&self, target: Option<Pid>, alias: bool, name: Option<Atom>) -> Ref {
        let mut k = self.k();
        let me = self.pid;
        let (target, live) = match target {
            Some(t) => (t, k.alive(t)),
            None => (me, false),
        };
        let r = k.make_ref(me);
        k.emit(Some(me), || EventKind::Monitor {
            target,
            r#ref: r,
            alias,
            name: name.clone(),
        });
        k.proc(me).monitors.push(HeldMonitor {
            r,
            target,
            alias,
            name,
        });
        if alias {
            k.proc(me).aliases.push(r);
        }
        if live {
            k.proc(target).monitored_by.push((r, me));
        } else {
            k.push_signal(
                target,
                me,
                Signal::Down {
                    r,
                    reason: Term::atom("noproc"),
                },
            );
        }
        r
    }

    /// `Process.demonitor(ref, opts)`. Returns `true`, or with `info` whether the monitor
    /// was still active. Deactivates the alias of an `alias: :demonitor` monitor.
    pub fn demonitor(&self, r: Ref, opts: DemonitorOpts) -> bool {
        let mut k = self.k();
        let me = self.pid;
        k.emit(Some(me), || EventKind::Demonitor { r#ref: r });
        let st = k.proc(me);
        let found = st
            .monitors
            .iter()
            .position(|m| m.r == r)
            .map(|i| st.monitors.swap_remove(i));
        if let Some(m) = &found {
            if m.alias {
                st.aliases.retain(|a| *a != r);
            }
            if let Some(t) = k.held(m.target) {
                t.monitored_by.retain(|(mr, _)| *mr != r);
            }
        }
        // An active monitor has no DOWN on its way (one in flight is dropped on arrival), so
        // there is nothing to flush and a message that merely looks like its DOWN stays. An
        // inactive one is flushed like 1.14's `receive {_, ref, _, _, _} -> ... after 0`:
        // the oldest such message only (SEMANTICS §1.6).
        if opts.flush && found.is_none() {
            // The flush is a receive: it takes in pending signals first (SEMANTICS §1.7).
            k.fetch(me);
            let mailbox = &mut k.proc(me).mailbox;
            let flushed = mailbox
                .iter()
                .position(|m| matches!(m, Term::Tuple(v) if v.len() == 5 && v[1] == Term::Ref(r)));
            if let Some(i) = flushed {
                mailbox.remove(i);
            }
        }
        !opts.info || found.is_some()
    }

    /// `make_ref()`.
    pub fn make_ref(&self) -> Ref {
        self.k().make_ref(self.pid)
    }

    /// `alias()`: a new active alias of the caller.
    pub fn alias(&self) -> Ref {
        let mut k = self.k();
        let r = k.make_ref(self.pid);
        k.proc(self.pid).aliases.push(r);
        r
    }

    /// `unalias(ref)` ⇒ whether it was an active alias.
    pub fn unalias(&self, r: Ref) -> bool {
        let mut k = self.k();
        let st = k.proc(self.pid);
        let before = st.aliases.len();
        st.aliases.retain(|a| *a != r);
        st.aliases.len() != before
    }

    // ----- names, timers, misc -------------------------------------------------------

    /// `Process.register(pid, name)`: `false` if the name is taken or `pid` is dead.
    pub fn register(&self, name: &str, pid: Pid) -> bool {
        let mut k = self.k();
        if k.names.contains_key(name) || !k.alive(pid) || k.proc(pid).name.is_some() {
            return false;
        }
        k.names.insert(name.to_string(), pid);
        let term = Term::atom_dyn(name);
        k.proc(pid).name = Some(term.clone());
        k.emit(Some(self.pid), || EventKind::Register { pid, name: term });
        true
    }

    /// `Process.whereis(name)`.
    pub fn whereis(&self, name: &str) -> Option<Pid> {
        self.k().names.get(name).copied()
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

    fn timer_to(&self, to: Dest, msg: Term, ms: u64) -> Ref {
        let mut k = self.k();
        let r = k.make_ref(self.pid);
        let due = k.now.plus_ms(ms);
        k.emit(Some(self.pid), || EventKind::TimerSet { r#ref: r, ms });
        let target = match &to {
            Dest::Pid(p) => *p,
            Dest::Alias(a) => a.owner,
        };
        if k.alive(target) {
            let kind = TimerKind::SendAfter {
                r,
                from: self.pid,
                to,
                msg,
            };
            k.set_send_after(target, due, kind);
        }
        r
    }

    /// `Process.cancel_timer(ref)` ⇒ milliseconds that were left, or `None` (`false`) if
    /// the timer already fired or never existed.
    pub fn cancel_timer(&self, r: Ref) -> Option<u64> {
        let mut k = self.k();
        let t = k.find_send_after(r)?;
        let due = k.cancel_timer(t)?;
        k.emit(Some(self.pid), || EventKind::TimerCancel { r#ref: r });
        Some(k.now.ms_until(due))
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
        self.k().trace.on()
    }

    /// A random number below `n`, drawn through the chooser (so it replays).
    pub fn random(&self, n: usize) -> usize {
        self.k().choose(ChoiceKind::User, n)
    }

    /// Marks this process as a server that may wait forever: a run that ends with only
    /// daemons waiting is `Completed`, not a deadlock.
    pub fn set_daemon(&self, on: bool) {
        let pid = self.pid;
        self.k().proc(pid).daemon = on;
    }

    /// The pids this process is linked to (`Process.info(self(), :links)`).
    pub fn links(&self) -> Vec<Pid> {
        let pid = self.pid;
        self.k().proc(pid).links.clone()
    }

    /// `Process.info(pid, :links)` of any process: its links, or `None` (`nil`) once it is
    /// dead. A peer that died may still be listed until its exit signal reaches `pid`
    /// (SEMANTICS §1.3).
    pub fn links_of(&self, pid: Pid) -> Option<Vec<Pid>> {
        let mut k = self.k();
        if !k.alive(pid) {
            return None;
        }
        Some(k.proc(pid).links.clone())
    }

    /// Whether this process traps exits.
    pub fn is_trapping(&self) -> bool {
        let pid = self.pid;
        self.k().proc(pid).trap_exit
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

/// The future of [`Proc::receive`].
pub struct Receive<'a, M> {
    p: &'a Proc,
    matcher: M,
    timeout: Timeout,
    /// Mailbox entries already scanned (no message is removed while we wait, so earlier
    /// ones need not be looked at again).
    scanned: usize,
    started: bool,
}

impl<M: FnMut(&Term) -> bool + Unpin> Future for Receive<'_, M> {
    type Output = Option<Term>;
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Term>> {
        let this = &mut *self;
        let pid = this.p.pid;
        let mut k = this.p.k();
        k.fetch(pid);
        let st = k.proc(pid);
        let found = st
            .mailbox
            .iter()
            .skip(this.scanned)
            .position(|m| (this.matcher)(m));
        if let Some(i) = found {
            let msg = st.mailbox.remove(this.scanned + i).expect("index in range");
            st.timed_out = false;
            st.status = Status::Runnable;
            k.cancel_wait_timer(pid);
            if k.trace.on() {
                let m = msg.clone();
                k.emit(Some(pid), || EventKind::Receive { msg: m });
            }
            return Poll::Ready(Some(msg));
        }
        this.scanned = st.mailbox.len();
        if !this.started {
            this.started = true;
            st.timed_out = false;
            match this.timeout {
                Timeout::Ms(0) => {
                    k.emit(Some(pid), || EventKind::ReceiveTimeout);
                    return Poll::Ready(None);
                }
                Timeout::Ms(ms) => {
                    let due = k.now.plus_ms(ms);
                    let t = k.set_timer(due, TimerKind::ReceiveTimeout(pid));
                    k.proc(pid).wait_timer = Some(t);
                }
                Timeout::Infinity => {}
            }
        } else if st.timed_out {
            st.timed_out = false;
            st.status = Status::Runnable;
            k.emit(Some(pid), || EventKind::ReceiveTimeout);
            return Poll::Ready(None);
        }
        k.proc(pid).status = Status::Receiving;
        Poll::Pending
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
        let pid = self.p.pid;
        let mut k = self.p.k();
        if self.started {
            // Only the timer makes a sleeping process runnable again.
            return if k.proc(pid).status == Status::Runnable {
                Poll::Ready(())
            } else {
                Poll::Pending
            };
        }
        if self.ms == 0 {
            return Poll::Ready(());
        }
        self.started = true;
        let due = k.now.plus_ms(self.ms);
        let t = k.set_timer(due, TimerKind::Wake(pid));
        let st = k.proc(pid);
        st.wait_timer = Some(t);
        st.status = Status::Sleeping;
        Poll::Pending
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
            let pid = self.p.pid;
            self.p.k().proc(pid).exception = Some(exc);
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
        let pid = this.p.pid;
        let mut k = this.p.k();
        let st = k.proc(pid);
        if let Some(exc) = &st.exception
            && this.classes.contains(&exc.class)
        {
            let exc = st.exception.take().expect("checked");
            return Poll::Ready(Err((this.map)(exc)));
        }
        r.map(Ok)
    }
}
