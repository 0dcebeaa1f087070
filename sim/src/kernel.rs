//! The kernel's state and the BEAM rules that act on it: signals in flight, delivery
//! (SEMANTICS §1.4 applied at delivery time), process death, timers and the choice of the
//! next action. Process code reaches it through [`crate::Proc`]; the step loop lives in
//! [`crate::sim`].

use crate::chooser::{ChoiceKind, Chooser};
use crate::ids::{Pid, Ref};
use crate::term::Term;
use crate::time::Time;
use crate::trace::{Dest, DropReason, Event, EventKind, Trace};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, VecDeque};

/// Scheduling points a process may pass in one poll before it yields to the kernel.
const REDUCTIONS: u32 = 1000;

/// Where a process is in its life.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum Status {
    /// Ready to be polled (in the run queue, or being polled now).
    Runnable,
    /// Blocked in `receive`: a new message (or its timer) wakes it.
    Receiving,
    /// Blocked in `sleep`: only its timer wakes it.
    Sleeping,
    /// Exited.
    Dead,
}

/// The class of a raised exception (Erlang's `error` / `exit` / `throw`).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Class {
    /// `raise` / an Erlang error such as `:badarg` or `:noproc`.
    Error,
    /// `exit/1`.
    Exit,
    /// `throw/1`.
    Throw,
}

/// An exception raised in process code and not yet caught.
#[derive(Clone, Debug, PartialEq)]
pub struct Exception {
    /// Its class.
    pub class: Class,
    /// The raised value: the exception struct for `raise`, the raw term otherwise.
    pub value: Term,
}

impl Exception {
    /// The exit reason of a process that does not catch this exception (SEMANTICS §1.1):
    /// `exit(r)` ⇒ `r`; an error `e` ⇒ `{e, st}`; `throw(v)` ⇒ `{{:nocatch, v}, st}`.
    /// The stacktrace `st` is always `[]` in the simulator.
    pub fn exit_reason(&self) -> Term {
        match self.class {
            Class::Exit => self.value.clone(),
            Class::Error => Term::tuple(vec![self.value.clone(), Term::list(vec![])]),
            Class::Throw => Term::tuple(vec![
                Term::tuple(vec![Term::atom("nocatch"), self.value.clone()]),
                Term::list(vec![]),
            ]),
        }
    }
}

/// A monitor held by a process.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HeldMonitor {
    pub r: Ref,
    pub target: Pid,
    /// Created with `alias: :demonitor`: the ref is an alias while the monitor lives.
    pub alias: bool,
}

pub(crate) struct ProcState {
    pub status: Status,
    pub mailbox: VecDeque<Term>,
    pub trap_exit: bool,
    // invariant: `links` never contains the process itself; for two live processes, a is in
    // b.links iff b is in a.links. A dead peer may linger on the live side until its EXIT is
    // delivered (that is how `unlink` can still cancel it).
    pub links: Vec<Pid>,
    pub monitors: Vec<HeldMonitor>,
    pub monitored_by: Vec<(Ref, Pid)>,
    pub aliases: Vec<Ref>,
    /// Messages the process sent to one of its own aliases and has not taken in yet, as
    /// (mailbox index, alias): the alias is checked when they are fetched (SEMANTICS §1.7).
    // invariant: indices ascending and valid; the mailbox only grows at the back between two
    // fetches, since every removal from it (receive, demonitor flush) fetches first.
    pub unfetched: Vec<(usize, Ref)>,
    /// An exception raised during the current poll, waiting for a `catch` or for death.
    pub exception: Option<Exception>,
    /// The current receive's timer fired.
    pub timed_out: bool,
    /// The timer of the current receive or sleep, as (slot, generation).
    pub wait_timer: Option<(u32, u32)>,
    pub exit_reason: Option<Term>,
    pub daemon: bool,
    pub name: Option<Term>,
}

impl ProcState {
    fn new() -> Self {
        ProcState {
            status: Status::Runnable,
            mailbox: VecDeque::new(),
            trap_exit: false,
            links: Vec::new(),
            monitors: Vec::new(),
            monitored_by: Vec::new(),
            aliases: Vec::new(),
            unfetched: Vec::new(),
            exception: None,
            timed_out: false,
            wait_timer: None,
            exit_reason: None,
            daemon: false,
            name: None,
        }
    }
}

/// A signal on its way from one process to another (SEMANTICS §1.8: per-pair FIFO).
#[derive(Debug)]
pub(crate) enum Signal {
    /// An ordinary message, possibly addressed to an alias.
    Message { alias: Option<Ref>, msg: Term },
    /// An exit signal: from a dying linked process (`link`) or from `Process.exit/2`.
    Exit { reason: Term, link: bool },
    /// A monitor's DOWN.
    Down { r: Ref, reason: Term },
}

#[derive(Debug)]
pub(crate) struct InFlight {
    pub seq: u64,
    pub from: Pid,
    pub to: Pid,
    /// First in-flight signal of its (from, to) pair: only heads may be delivered.
    pub head: bool,
    pub signal: Signal,
}

#[derive(Debug)]
pub(crate) enum TimerKind {
    Free,
    Wake(Pid),
    ReceiveTimeout(Pid),
    SendAfter {
        r: Ref,
        from: Pid,
        to: Dest,
        msg: Term,
    },
}

#[derive(Debug)]
pub(crate) struct TimerSlot {
    pub generation: u32,
    pub due: Time,
    pub kind: TimerKind,
}

/// The next thing the kernel does.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    /// Deliver the in-flight signal with this sequence number.
    Deliver(u64),
    /// Poll this process.
    Run(Pid),
}

pub(crate) enum Advance {
    Fired,
    Quiet,
    TimeBudget(Time),
}

pub(crate) struct Kernel {
    pub now: Time,
    pub step: u64,
    next_ref: u64,
    seq: u64,
    pub procs: Vec<ProcState>,
    // invariant: holds exactly the Runnable processes other than the one being polled.
    pub run_queue: VecDeque<Pid>,
    // invariant: ordered by `seq`; `heads` counts the entries with `head == true`.
    pub in_flight: Vec<InFlight>,
    pub heads: usize,
    timers: BinaryHeap<Reverse<(Time, u64, u32, u32)>>,
    timer_slots: Vec<TimerSlot>,
    free_slots: Vec<u32>,
    pub names: BTreeMap<String, Pid>,
    chooser: Box<dyn Chooser>,
    pub schedule: Vec<u32>,
    pub trace: Trace,
    /// The process being polled, if any.
    pub current: Option<Pid>,
    /// Scheduling points passed in the current poll (reset at each poll).
    pub reductions: u32,
    /// Set at a scheduling point that decided to switch away from the current process.
    pub forced: Option<Action>,
    /// Processes that died while not being polled: their futures must be dropped (outside
    /// any kernel borrow, since dropping runs user code).
    pub graveyard: Vec<Pid>,
}

fn normal() -> Term {
    Term::atom("normal")
}

impl Kernel {
    pub fn new(chooser: Box<dyn Chooser>, trace: Trace) -> Self {
        Kernel {
            now: Time::ZERO,
            step: 0,
            next_ref: 0,
            seq: 0,
            procs: Vec::new(),
            run_queue: VecDeque::new(),
            in_flight: Vec::new(),
            heads: 0,
            timers: BinaryHeap::new(),
            timer_slots: Vec::new(),
            free_slots: Vec::new(),
            names: BTreeMap::new(),
            chooser,
            schedule: Vec::new(),
            trace,
            current: None,
            reductions: 0,
            forced: None,
            graveyard: Vec::new(),
        }
    }

    pub fn divergence(&self) -> Option<String> {
        self.chooser.divergence()
    }

    /// Records an event if anybody listens. `kind` is only built when needed.
    #[inline]
    pub fn emit(&mut self, pid: Option<Pid>, kind: impl FnOnce() -> EventKind) {
        if self.trace.on() {
            let ev = Event {
                step: self.step,
                time: self.now,
                pid,
                kind: kind(),
            };
            self.trace.push(ev);
        }
    }

    /// One decision among `n` possibilities (no decision, and no record, when `n < 2`).
    pub fn choose(&mut self, kind: ChoiceKind, n: usize) -> usize {
        if n < 2 {
            return 0;
        }
        let c = self.chooser.choose(kind, n);
        debug_assert!(c < n, "chooser returned {c} for {n} choices");
        let c = if c < n { c } else { 0 };
        self.schedule.push(c as u32);
        c
    }

    pub fn make_ref(&mut self, owner: Pid) -> Ref {
        self.next_ref += 1;
        Ref {
            id: self.next_ref,
            owner,
        }
    }

    pub fn alive(&self, pid: Pid) -> bool {
        self.procs
            .get(pid.0 as usize)
            .is_some_and(|p| p.status != Status::Dead)
    }

    pub fn proc(&mut self, pid: Pid) -> &mut ProcState {
        &mut self.procs[pid.0 as usize]
    }

    // ----- processes -----------------------------------------------------------------

    /// Creates a runnable process; `link`/`monitor` are set up atomically with the spawn.
    pub fn new_process(
        &mut self,
        parent: Option<Pid>,
        link: bool,
        monitor: bool,
    ) -> (Pid, Option<Ref>) {
        let child = Pid(self.procs.len() as u32);
        self.procs.push(ProcState::new());
        self.run_queue.push_back(child);
        let mut mref = None;
        if let Some(parent) = parent {
            if link {
                self.proc(parent).links.push(child);
                self.proc(child).links.push(parent);
            }
            if monitor {
                let r = self.make_ref(parent);
                self.proc(parent).monitors.push(HeldMonitor {
                    r,
                    target: child,
                    alias: false,
                });
                self.proc(child).monitored_by.push((r, parent));
                mref = Some(r);
            }
        }
        self.emit(parent, || EventKind::Spawn {
            child,
            link,
            monitor: mref,
        });
        (child, mref)
    }

    fn make_runnable(&mut self, pid: Pid) {
        let st = self.proc(pid);
        st.status = Status::Runnable;
        if self.current != Some(pid) {
            self.run_queue.push_back(pid);
        }
    }

    /// Ends `pid` with `reason`: exit signals to links, then DOWNs to monitors (so EXIT
    /// precedes DOWN at every receiver, SEMANTICS §1.8), monitors it held removed, aliases
    /// and name gone.
    pub fn terminate(&mut self, pid: Pid, reason: Term) {
        if !self.alive(pid) {
            return;
        }
        self.cancel_wait_timer(pid);
        let st = self.proc(pid);
        st.status = Status::Dead;
        st.exit_reason = Some(reason.clone());
        st.exception = None;
        st.mailbox = VecDeque::new();
        st.aliases = Vec::new();
        st.unfetched = Vec::new();
        let links = std::mem::take(&mut st.links);
        let watchers = std::mem::take(&mut st.monitored_by);
        let held = std::mem::take(&mut st.monitors);
        // The table is keyed by the atom's text; `to_string()` would render `:name`.
        if let Some(Term::Atom(name)) = st.name.take() {
            self.names.remove(name.as_str());
        }
        self.emit(Some(pid), || EventKind::Exit {
            reason: reason.clone(),
        });
        for peer in links {
            self.push_signal(
                pid,
                peer,
                Signal::Exit {
                    reason: reason.clone(),
                    link: true,
                },
            );
        }
        for (r, watcher) in watchers {
            self.push_signal(
                pid,
                watcher,
                Signal::Down {
                    r,
                    reason: reason.clone(),
                },
            );
        }
        for m in held {
            if let Some(t) = self.procs.get_mut(m.target.0 as usize) {
                t.monitored_by.retain(|(r, _)| *r != m.r);
            }
        }
        if self.current != Some(pid) {
            self.run_queue.retain(|p| *p != pid);
            self.graveyard.push(pid);
        }
    }

    // ----- signals -------------------------------------------------------------------

    /// Puts a signal in flight. Signals a process sends to itself take effect at once: a
    /// local process sees its own messages in its next receive. A message to one of its own
    /// aliases is queued unchecked: the alias is checked when it is fetched (see [`Self::fetch`]).
    pub fn push_signal(&mut self, from: Pid, to: Pid, signal: Signal) {
        if from == to {
            match signal {
                Signal::Message {
                    alias: Some(a),
                    msg,
                } => {
                    let st = self.proc(to);
                    st.mailbox.push_back(msg);
                    let i = st.mailbox.len() - 1;
                    st.unfetched.push((i, a));
                }
                signal => self.apply(from, to, signal),
            }
            return;
        }
        self.seq += 1;
        let head = !self.in_flight.iter().any(|s| s.from == from && s.to == to);
        if head {
            self.heads += 1;
        }
        self.in_flight.push(InFlight {
            seq: self.seq,
            from,
            to,
            head,
            signal,
        });
    }

    /// Takes in the messages `pid` sent to its own aliases (SEMANTICS §1.7): the BEAM checks
    /// an alias when the receiver fetches the signal, so a message a process sent to its own
    /// alias is dropped if the alias was deactivated before its next receive. Called by
    /// everything that reads or removes mailbox entries.
    pub fn fetch(&mut self, pid: Pid) {
        if self.proc(pid).unfetched.is_empty() {
            return;
        }
        let unfetched = std::mem::take(&mut self.proc(pid).unfetched);
        let mut removed = 0;
        for (i, a) in unfetched {
            let idx = i - removed;
            if self.proc(pid).aliases.contains(&a) {
                if self.trace.on() {
                    let m = self.proc(pid).mailbox[idx].clone();
                    self.emit(None, || EventKind::Deliver {
                        from: pid,
                        to: pid,
                        msg: m,
                    });
                }
            } else {
                self.proc(pid).mailbox.remove(idx);
                removed += 1;
                self.emit(None, || EventKind::Dropped {
                    from: pid,
                    to: pid,
                    why: DropReason::InactiveAlias,
                });
            }
        }
    }

    /// Removes the in-flight signal at `idx` (a head) and applies it.
    pub fn deliver_index(&mut self, idx: usize) {
        let s = self.in_flight.remove(idx);
        debug_assert!(s.head, "only the head of a pair may be delivered");
        self.heads -= 1;
        if let Some(next) = self.in_flight[idx..]
            .iter_mut()
            .find(|n| n.from == s.from && n.to == s.to)
        {
            next.head = true;
            self.heads += 1;
        }
        self.apply(s.from, s.to, s.signal);
    }

    /// Delivers, in order, every in-flight signal from `from` to `to` (used where the BEAM
    /// orders an operation after the caller's earlier signals, e.g. `Process.alive?/1`).
    pub fn flush_pair(&mut self, from: Pid, to: Pid) {
        while let Some(idx) = self
            .in_flight
            .iter()
            .position(|s| s.from == from && s.to == to)
        {
            self.deliver_index(idx);
        }
    }

    /// A signal takes effect at its receiver (SEMANTICS §1.4, §1.6, §1.7 at delivery time).
    fn apply(&mut self, from: Pid, to: Pid, signal: Signal) {
        if !self.alive(to) {
            self.emit(None, || EventKind::Dropped {
                from,
                to,
                why: DropReason::DeadReceiver,
            });
            return;
        }
        match signal {
            Signal::Message { alias, msg } => {
                if let Some(a) = alias
                    && !self.proc(to).aliases.contains(&a)
                {
                    self.emit(None, || EventKind::Dropped {
                        from,
                        to,
                        why: DropReason::InactiveAlias,
                    });
                    return;
                }
                self.enqueue(from, to, msg);
            }
            Signal::Down { r, reason } => {
                let st = self.proc(to);
                let Some(i) = st.monitors.iter().position(|m| m.r == r) else {
                    self.emit(None, || EventKind::Dropped {
                        from,
                        to,
                        why: DropReason::NoMonitor,
                    });
                    return;
                };
                let m = st.monitors.swap_remove(i);
                if m.alias {
                    st.aliases.retain(|a| *a != r);
                }
                let msg = Term::tuple(vec![
                    Term::atom("DOWN"),
                    Term::Ref(r),
                    Term::atom("process"),
                    Term::Pid(from),
                    reason,
                ]);
                self.enqueue(from, to, msg);
            }
            Signal::Exit { reason, link } => self.apply_exit(from, to, reason, link),
        }
    }

    /// SEMANTICS §1.4, the table, row by row.
    fn apply_exit(&mut self, from: Pid, to: Pid, reason: Term, link: bool) {
        let st = self.proc(to);
        if link {
            let Some(i) = st.links.iter().position(|p| *p == from) else {
                self.emit(None, || EventKind::Dropped {
                    from,
                    to,
                    why: DropReason::NoLink,
                });
                return;
            };
            st.links.swap_remove(i);
        }
        let trapping = st.trap_exit;
        if !link && reason.is_atom("kill") {
            // exit/2 with :kill is untrappable; links then see :killed.
            self.terminate(to, Term::atom("killed"));
        } else if trapping {
            let msg = Term::tuple(vec![Term::atom("EXIT"), Term::Pid(from), reason]);
            self.enqueue(from, to, msg);
        } else if reason.is_atom("normal") {
            if !link && from == to {
                self.terminate(to, normal());
            } else {
                self.emit(None, || EventKind::Dropped {
                    from,
                    to,
                    why: DropReason::NormalIgnored,
                });
            }
        } else {
            self.terminate(to, reason);
        }
    }

    /// A message enters `to`'s mailbox; a process blocked in receive wakes to scan it.
    pub fn enqueue(&mut self, from: Pid, to: Pid, msg: Term) {
        if self.trace.on() {
            let m = msg.clone();
            self.emit(None, || EventKind::Deliver { from, to, msg: m });
        }
        let st = self.proc(to);
        st.mailbox.push_back(msg);
        if st.status == Status::Receiving {
            self.make_runnable(to);
        }
    }

    // ----- choosing the next action --------------------------------------------------

    /// Number of possible next actions: deliverable signals, then runnable processes.
    pub fn action_count(&self) -> usize {
        self.heads + self.run_queue.len()
    }

    /// The `i`-th possible action (order: heads in send order, then the run queue). A
    /// chosen `Run` is taken off the run queue.
    pub fn take_action(&mut self, i: usize) -> Action {
        if i < self.heads {
            let s = self
                .in_flight
                .iter()
                .filter(|s| s.head)
                .nth(i)
                .expect("head index in range");
            Action::Deliver(s.seq)
        } else {
            let pid = self
                .run_queue
                .remove(i - self.heads)
                .expect("run-queue index in range");
            Action::Run(pid)
        }
    }

    pub fn deliver_seq(&mut self, seq: u64) {
        if let Some(idx) = self.in_flight.iter().position(|s| s.seq == seq) {
            self.deliver_index(idx);
        }
    }

    /// At a scheduling point of `pid`: choice 0 keeps it running; any other choice picks
    /// the next action and puts `pid` at the back of the run queue. Returns true to switch.
    pub fn preempt(&mut self, pid: Pid) -> bool {
        // Like the BEAM's reduction count: a process that never blocks still gives the
        // kernel back control (one step) every `REDUCTIONS` scheduling points, so a
        // livelock ends in the step budget instead of hanging inside one poll.
        self.reductions += 1;
        if self.reductions >= REDUCTIONS {
            self.reductions = 0;
            return true;
        }
        let n = 1 + self.action_count();
        let c = self.choose(ChoiceKind::Preempt, n);
        if c == 0 {
            return false;
        }
        let a = self.take_action(c - 1);
        self.forced = Some(a);
        let _ = pid;
        true
    }

    // ----- timers --------------------------------------------------------------------

    pub fn set_timer(&mut self, due: Time, kind: TimerKind) -> (u32, u32) {
        let slot = match self.free_slots.pop() {
            Some(s) => s,
            None => {
                self.timer_slots.push(TimerSlot {
                    generation: 0,
                    due,
                    kind: TimerKind::Free,
                });
                (self.timer_slots.len() - 1) as u32
            }
        };
        let t = &mut self.timer_slots[slot as usize];
        t.due = due;
        t.kind = kind;
        let generation = t.generation;
        self.seq += 1;
        self.timers.push(Reverse((due, self.seq, slot, generation)));
        (slot, generation)
    }

    /// Cancels a timer; returns its due time if it was still pending.
    pub fn cancel_timer(&mut self, (slot, generation): (u32, u32)) -> Option<Time> {
        let t = &mut self.timer_slots[slot as usize];
        if t.generation != generation || matches!(t.kind, TimerKind::Free) {
            return None;
        }
        t.generation = t.generation.wrapping_add(1);
        t.kind = TimerKind::Free;
        self.free_slots.push(slot);
        Some(t.due)
    }

    pub fn cancel_wait_timer(&mut self, pid: Pid) {
        if let Some(t) = self.proc(pid).wait_timer.take() {
            self.cancel_timer(t);
        }
    }

    /// Finds the pending `send_after` timer with reference `r`.
    pub fn find_send_after(&self, r: Ref) -> Option<(u32, u32)> {
        self.timer_slots
            .iter()
            .enumerate()
            .find_map(|(i, t)| match &t.kind {
                TimerKind::SendAfter { r: tr, .. } if *tr == r => Some((i as u32, t.generation)),
                _ => None,
            })
    }

    /// Nothing can happen at the current instant: jump to the earliest pending timer and
    /// fire every timer due then, in (time, seq) order. What runs first afterwards is the
    /// chooser's decision, so same-instant events can go either way.
    pub fn advance(&mut self, max_time: Time) -> Advance {
        let due = loop {
            match self.timers.peek() {
                None => return Advance::Quiet,
                Some(Reverse((due, _, slot, generation))) => {
                    if self.timer_slots[*slot as usize].generation != *generation {
                        self.timers.pop();
                        continue;
                    }
                    break *due;
                }
            }
        };
        if due > max_time {
            return Advance::TimeBudget(due);
        }
        debug_assert!(due >= self.now, "time never goes backwards");
        self.now = due;
        while let Some(Reverse((t, _, slot, generation))) = self.timers.peek().copied() {
            if t != due {
                break;
            }
            self.timers.pop();
            if self.timer_slots[slot as usize].generation != generation {
                continue;
            }
            self.fire(slot);
        }
        Advance::Fired
    }

    fn fire(&mut self, slot: u32) {
        let t = &mut self.timer_slots[slot as usize];
        let kind = std::mem::replace(&mut t.kind, TimerKind::Free);
        t.generation = t.generation.wrapping_add(1);
        self.free_slots.push(slot);
        match kind {
            TimerKind::Free => {}
            TimerKind::Wake(pid) => {
                let st = self.proc(pid);
                st.wait_timer = None;
                if st.status == Status::Sleeping {
                    self.make_runnable(pid);
                }
            }
            TimerKind::ReceiveTimeout(pid) => {
                let st = self.proc(pid);
                st.wait_timer = None;
                st.timed_out = true;
                if st.status == Status::Receiving {
                    self.make_runnable(pid);
                }
            }
            TimerKind::SendAfter {
                r: _,
                from,
                to,
                msg,
            } => {
                // The timer service enqueues directly into the receiver's queue.
                match to {
                    Dest::Pid(p) => self.apply(from, p, Signal::Message { alias: None, msg }),
                    Dest::Alias(a) => self.apply(
                        from,
                        a.owner,
                        Signal::Message {
                            alias: Some(a),
                            msg,
                        },
                    ),
                }
            }
        }
    }
}
