//! The kernel's state and the BEAM rules that act on it: signals in flight, delivery
//! (SEMANTICS §1.4 applied at delivery time), process death, timers and the choice of the
//! next action. Process code reaches it through [`crate::Proc`]; the step loop lives in
//! [`crate::sim`].

use crate::chooser::{ChoiceKind, ChoicePoint, Chooser, FifoChooser, Pick};
use crate::faults::{self, Fault};
use crate::ids::{Pid, Ref};
use crate::ranked::Ranked;
use crate::schedule::{Decision, Divergence};
use crate::sim::Inject;
use crate::term::{Atom, Term};
use crate::time::Time;
use crate::trace::{Dest, DropReason, Event, EventKind, Trace};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, VecDeque};

#[path = "kernel_inject.rs"]
mod inject;

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
    /// `send_after` timers aimed at it, as (slot, generation), some perhaps already fired
    /// or cancelled: they are cancelled when it dies (as `erlang:send_after/3` does).
    pub timers_in: Vec<(u32, u32)>,
    pub exit_reason: Option<Term>,
    pub daemon: bool,
    pub name: Option<Term>,
    /// Its position in the run queue, or `NOT_QUEUED`.
    pub rq_pos: u32,
    /// For a free slot: the next free slot (`NIL` ends the chain).
    next_free: u32,
}

/// `ProcState::rq_pos` of a process that is not in the run queue.
const NOT_QUEUED: u32 = u32::MAX;

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
            timers_in: Vec::new(),
            exit_reason: None,
            daemon: false,
            name: None,
            rq_pos: NOT_QUEUED,
            next_free: NIL,
        }
    }

    /// Makes a released slot blank for its next process, keeping the small buffers that
    /// `terminate` emptied (what a dead process's code put back since — it may run on
    /// within its last poll — is dropped). Lists every field, so that a new one is not
    /// forgotten.
    fn recycle(&mut self, next_free: u32) {
        let ProcState {
            status,
            mailbox,
            trap_exit,
            links,
            monitors,
            monitored_by,
            aliases,
            unfetched,
            exception,
            timed_out,
            wait_timer,
            timers_in,
            exit_reason,
            daemon,
            name,
            rq_pos,
            next_free: next,
        } = self;
        *status = Status::Runnable;
        if !mailbox.is_empty() || mailbox.capacity() > RECYCLE_MAX {
            *mailbox = VecDeque::new();
        }
        *trap_exit = false;
        recycle(links);
        recycle(monitors);
        recycle(monitored_by);
        recycle(aliases);
        recycle(unfetched);
        *exception = None;
        *timed_out = false;
        *wait_timer = None;
        recycle(timers_in);
        *exit_reason = None;
        *daemon = false;
        *name = None;
        *rq_pos = NOT_QUEUED;
        *next = next_free;
    }

    /// The state of a process whose slot was released: dead, nothing held.
    fn tombstone() -> Self {
        ProcState {
            status: Status::Dead,
            ..ProcState::new()
        }
    }
}

/// What the kernel keeps of a process, by pid. A process holds a state slot from its spawn
/// until its future has been dropped after its death; then the slot is reused and only the
/// exit reason stays, compactly.
#[derive(Copy, Clone, Debug)]
struct PidEntry {
    life: Life,
    /// The pair it last opened as a sender (`NIL` if none), kept while the process lives
    /// even when empty, so that a process talking to one peer finds its pair without
    /// `Kernel::pair_index`; after the process's slot is released, kept until it empties.
    out_pair: u32,
    /// Under [`SignalOrder::Node`]: its queue of incoming signals (`NIL` if none), kept like
    /// `out_pair`.
    in_pair: u32,
}

/// Which signals to one receiver keep their order in flight (SEMANTICS §1.8).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum SignalOrder {
    /// One node, as on a real BEAM: a local send enqueues the signal at the receiver at
    /// once, so signals take effect at a receiver in the order they were sent, whoever sent
    /// them — causally ordered messages from different senders never overtake each other
    /// (observed 0 times in 100,000 runs on OTP 25). When the receiver takes each one in
    /// stays open: that is where the races are.
    #[default]
    Node,
    /// Only what the documentation promises (SEMANTICS §1.8): per (sender, receiver) pair.
    /// Signals from different senders may take effect in any order — what a distributed
    /// system can do. Explores more interleavings, some of which one node never shows.
    Pair,
}

#[derive(Copy, Clone, Debug)]
enum Life {
    /// Alive, or dead with its future not yet dropped: `states[slot]`.
    Held(u32),
    /// Exited with `:normal`.
    Normal,
    /// Exited with `reasons[i]`.
    Reason(u32),
}

/// The exit reasons of a run's processes, by pid (what [`crate::Report::exit_reason`]
/// answers from): 8 bytes a process, plus the reason when it is not `:normal`.
#[derive(Debug)]
pub(crate) struct Exits {
    entries: Vec<ExitEntry>,
    reasons: Vec<Term>,
    normal: Term,
}

#[derive(Copy, Clone, Debug)]
enum ExitEntry {
    Alive,
    Normal,
    Reason(u32),
}

impl Exits {
    pub fn get(&self, pid: Pid) -> Option<&Term> {
        match self.entries.get(pid.0 as usize)? {
            ExitEntry::Alive => None,
            ExitEntry::Normal => Some(&self.normal),
            ExitEntry::Reason(i) => Some(&self.reasons[*i as usize]),
        }
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

/// The static atom `:normal` (stored without a `Term`; other spellings are stored as given,
/// so that a reason reads back exactly as it was made).
fn is_static_normal(t: &Term) -> bool {
    matches!(t, Term::Atom(Atom::Static(s)) if *s == "normal")
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

/// Marks the end of a chain (no next signal of the pair, no slot).
const NIL: u32 = u32::MAX;

/// A slot of the in-flight signal table.
#[derive(Debug)]
struct InFlight {
    /// Send order (unique in the run): identifies the signal in an [`Action::Deliver`].
    seq: u64,
    /// Its sender.
    from: Pid,
    /// Its position in `Kernel::sends` (send order).
    pos: u32,
    /// The next in-flight signal of the same pair, or `NIL`; for a free slot, the next
    /// free slot.
    next: u32,
    /// Its pair in `Kernel::pairs`.
    pair: u32,
    /// `None` when the slot is free.
    signal: Option<Signal>,
}

/// The sender of a receiver's queue under [`SignalOrder::Node`] (no real pid).
const ANY_SENDER: Pid = Pid(u32::MAX);

/// The key of a (sender, receiver) pair in `Kernel::pair_index`.
#[inline]
fn pair_key(from: Pid, to: Pid) -> u64 {
    (u64::from(from.0) << 32) | u64::from(to.0)
}

/// A FIFO of in-flight signals to one receiver chained through `InFlight::next`
/// (`head`/`tail`, `NIL` when empty): those of one (sender, receiver) pair under
/// [`SignalOrder::Pair`], all of the receiver's under [`SignalOrder::Node`] (then `from` is
/// [`ANY_SENDER`]). Only its head may be delivered (SEMANTICS §1.8). A pair is found through
/// its sender's `PidEntry::out_pair` (or its receiver's `in_pair`) when `cached`, or else
/// through `Kernel::pair_index`, never both; it is freed when it is empty and not cached.
#[derive(Debug)]
struct Pair {
    from: Pid,
    to: Pid,
    head: u32,
    tail: u32,
    cached: bool,
    /// For a free slot: the next free slot.
    next_free: u32,
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
    /// The end of a `Delay` fault: the signals held under this key go into flight.
    Release(u64),
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
    /// Deliver the in-flight signal in this slot, if it is still the one with this
    /// sequence number.
    Deliver { slot: u32, seq: u64 },
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
    /// By pid: its state slot, or its exit reason once the slot is released.
    pids: Vec<PidEntry>,
    /// Process states, in slots reused once a dead process's future has been dropped.
    states: Vec<ProcState>,
    /// The first free slot of `states` (chained through `ProcState::next_free`).
    free_state: u32,
    /// Exit reasons other than `:normal` of released processes.
    reasons: Vec<Term>,
    /// What [`Self::proc`] hands out for a released process: a blank dead state.
    tomb: ProcState,
    // invariant: holds exactly the Runnable processes other than the one being polled and
    // one chosen to run next (`forced`), in the order they became runnable; each one's
    // `rq_pos` is its position here.
    run_queue: Ranked<Pid>,
    /// In-flight signals, in slots; free slots are chained from `free_signal`.
    signals: Vec<InFlight>,
    free_signal: u32,
    /// Pairs with signals in flight or cached by their sender, in slots; free slots are
    /// chained from `free_pair`.
    pairs: Vec<Pair>,
    free_pair: u32,
    /// The pairs not cached by their sender, by `pair_key`.
    pair_index: BTreeMap<u64, u32>,
    /// Which signals keep their order in flight.
    order: SignalOrder,
    // invariant: every in-flight signal (by slot), in send order; counted iff it is the
    // head of its pair. Each signal's `pos` is its position here.
    sends: Ranked<u32>,
    timers: BinaryHeap<Reverse<(Time, u64, u32, u32)>>,
    /// Entries of `timers` whose timer was cancelled (they are skipped when popped, and
    /// swept out when they outnumber the live ones).
    stale_timers: usize,
    timer_slots: Vec<TimerSlot>,
    free_slots: Vec<u32>,
    pub names: BTreeMap<String, Pid>,
    chooser: Box<dyn Chooser>,
    pub schedule: Vec<Decision>,
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
    /// When this process ends, the whole run halts (`elixir script.exs` halts the VM when
    /// the script's process is done).
    pub halt_on: Option<Pid>,
    /// Set when the run must stop at the end of the current instant (`halt_on` ended).
    pub halted: bool,
    /// Which faults the chooser may inject (none by default).
    inject: Inject,
    /// Kills the chooser may still inject in this run.
    kills_left: u32,
    /// Signals held back by a `Delay` fault, by the key of the queue they may not overtake
    /// ([`Kernel::hold_key`]), in send order, until their `Release` timer fires.
    held: BTreeMap<u64, VecDeque<(Pid, Pid, Signal)>>,
}

/// Largest buffer (in entries) a dead process's slot keeps for the next process.
const RECYCLE_MAX: usize = 8;

/// Empties `v`, keeping its buffer if it is small.
fn recycle<T>(v: &mut Vec<T>) {
    v.clear();
    if v.capacity() > RECYCLE_MAX {
        *v = Vec::new();
    }
}

fn normal() -> Term {
    Term::atom("normal")
}

impl Kernel {
    pub fn new(
        chooser: Box<dyn Chooser>,
        trace: Trace,
        order: SignalOrder,
        inject: Inject,
    ) -> Self {
        Kernel {
            now: Time::ZERO,
            step: 0,
            next_ref: 0,
            seq: 0,
            pids: Vec::new(),
            states: Vec::new(),
            free_state: NIL,
            reasons: Vec::new(),
            tomb: ProcState::tombstone(),
            run_queue: Ranked::new(),
            signals: Vec::new(),
            free_signal: NIL,
            pairs: Vec::new(),
            free_pair: NIL,
            pair_index: BTreeMap::new(),
            order,
            sends: Ranked::new(),
            timers: BinaryHeap::new(),
            stale_timers: 0,
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
            halt_on: None,
            halted: false,
            kills_left: inject.kills,
            inject,
            held: BTreeMap::new(),
        }
    }

    pub fn divergence(&self) -> Option<Divergence> {
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

    /// One decision among `n` possibilities (no decision, and no record, when `n < 2`),
    /// recorded with its kind, its options and what the pick was.
    pub fn choose(&mut self, kind: ChoiceKind, n: usize) -> usize {
        if n < 2 {
            return 0;
        }
        // The chooser is taken out for the call, so that it may ask the kernel (borrowed
        // by `labels`) what each option is. A boxed unit struct does not allocate.
        let mut chooser = std::mem::replace(&mut self.chooser, Box::new(FifoChooser));
        let index = self.schedule.len();
        let c = {
            let mut labels = |i: usize| self.label(kind, i);
            chooser.choose(&mut ChoicePoint::new(kind, n, index, &mut labels))
        };
        self.chooser = chooser;
        debug_assert!(c < n, "chooser returned {c} for {n} choices");
        let c = if c < n { c } else { 0 };
        let label = self.label(kind, c);
        self.schedule
            .push(Decision::known(kind, n as u32, c as u32, label));
        c
    }

    /// What option `i` of a choice of `kind` does (see [`Pick`]).
    fn label(&mut self, kind: ChoiceKind, i: usize) -> Pick {
        match kind {
            ChoiceKind::Step => self.action_label(i),
            ChoiceKind::Preempt => match (i, self.current) {
                (0, Some(pid)) => Pick::Continue(pid),
                (0, None) => Pick::Value(0),
                _ => self.action_label(i - 1),
            },
            ChoiceKind::User | ChoiceKind::Jitter | ChoiceKind::Kill | ChoiceKind::Delay => {
                self.fault_label(kind, i)
            }
        }
    }

    /// What the `i`-th possible action (as [`Self::take_action`] counts) would do.
    fn action_label(&mut self, i: usize) -> Pick {
        let heads = self.sends.counted();
        if i < heads {
            let (_, slot) = self.sends.select(i);
            let s = &self.signals[slot as usize];
            Pick::Deliver {
                seq: s.seq,
                to: self.pairs[s.pair as usize].to,
                exit: matches!(s.signal, Some(Signal::Exit { .. })),
            }
        } else {
            Pick::Run(self.run_queue.select(i - heads).1)
        }
    }

    pub fn make_ref(&mut self, owner: Pid) -> Ref {
        self.next_ref += 1;
        Ref {
            id: self.next_ref,
            owner,
        }
    }

    #[inline]
    pub fn alive(&self, pid: Pid) -> bool {
        match self.pids.get(pid.0 as usize).map(|e| &e.life) {
            Some(Life::Held(slot)) => self.states[*slot as usize].status != Status::Dead,
            _ => false,
        }
    }

    /// The state of `pid`. A process whose slot was released (dead, future dropped) gets a
    /// blank dead state, as if everything it held had been taken at its death; what is
    /// written there is forgotten. Panics for a pid that does not exist.
    #[inline]
    pub fn proc(&mut self, pid: Pid) -> &mut ProcState {
        match self.pids[pid.0 as usize].life {
            Life::Held(slot) => &mut self.states[slot as usize],
            Life::Normal | Life::Reason(_) => self.tombstone(),
        }
    }

    #[cold]
    fn tombstone(&mut self) -> &mut ProcState {
        self.tomb = ProcState::tombstone();
        &mut self.tomb
    }

    /// The state of `pid` if it still holds one (alive, or dead with its future not yet
    /// dropped).
    pub fn held(&mut self, pid: Pid) -> Option<&mut ProcState> {
        match self.pids.get(pid.0 as usize).map(|e| &e.life) {
            Some(Life::Held(slot)) => Some(&mut self.states[*slot as usize]),
            _ => None,
        }
    }

    /// The slot of `pid` (the index of its future), while it holds one.
    pub fn slot(&self, pid: Pid) -> Option<usize> {
        match self.pids.get(pid.0 as usize).map(|e| &e.life) {
            Some(Life::Held(slot)) => Some(*slot as usize),
            _ => None,
        }
    }

    /// Frees the state slot of a dead process whose future has been dropped, keeping only
    /// its exit reason.
    pub fn release(&mut self, pid: Pid) {
        let Some(Life::Held(slot)) = self.pids.get(pid.0 as usize).map(|e| e.life) else {
            return;
        };
        let st = &mut self.states[slot as usize];
        debug_assert_eq!(st.status, Status::Dead, "release of a live process");
        debug_assert_eq!(st.rq_pos, NOT_QUEUED, "release of a queued process");
        let reason = st.exit_reason.take().expect("a dead process has a reason");
        st.recycle(self.free_state);
        self.free_state = slot;
        let entry = &mut self.pids[pid.0 as usize];
        let out = entry.out_pair;
        if out != NIL && self.pairs[out as usize].head == NIL {
            entry.out_pair = NIL;
            self.free_pair(out);
        }
        let entry = &mut self.pids[pid.0 as usize];
        let inq = entry.in_pair;
        if inq != NIL && self.pairs[inq as usize].head == NIL {
            entry.in_pair = NIL;
            self.free_pair(inq);
        }
        self.pids[pid.0 as usize].life = if is_static_normal(&reason) {
            Life::Normal
        } else {
            self.reasons.push(reason);
            Life::Reason((self.reasons.len() - 1) as u32)
        };
    }

    /// The exit reasons of all processes (at the end of a run).
    pub fn exits(&mut self) -> Exits {
        let mut reasons = std::mem::take(&mut self.reasons);
        let entries = self
            .pids
            .iter()
            .map(|e| match e.life {
                Life::Held(slot) => match &self.states[slot as usize].exit_reason {
                    None => ExitEntry::Alive,
                    Some(r) => {
                        reasons.push(r.clone());
                        ExitEntry::Reason((reasons.len() - 1) as u32)
                    }
                },
                Life::Normal => ExitEntry::Normal,
                Life::Reason(i) => ExitEntry::Reason(i),
            })
            .collect();
        Exits {
            entries,
            reasons,
            normal: normal(),
        }
    }

    /// The live (or not yet released) processes, in pid order.
    pub fn held_procs(&self) -> impl Iterator<Item = (Pid, &ProcState)> {
        self.pids
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match e.life {
                Life::Held(slot) => Some((Pid(i as u32), &self.states[slot as usize])),
                _ => None,
            })
    }

    // ----- processes -----------------------------------------------------------------

    /// Creates a runnable process; `link`/`monitor` are set up atomically with the spawn.
    /// Returns its slot too (where its future goes).
    pub fn new_process(
        &mut self,
        parent: Option<Pid>,
        link: bool,
        monitor: bool,
    ) -> (Pid, Option<Ref>, usize) {
        let child = Pid(self.pids.len() as u32);
        let slot = match self.free_state {
            NIL => {
                self.states.push(ProcState::new());
                (self.states.len() - 1) as u32
            }
            slot => {
                let st = &mut self.states[slot as usize];
                self.free_state = std::mem::replace(&mut st.next_free, NIL);
                slot
            }
        };
        self.pids.push(PidEntry {
            life: Life::Held(slot),
            out_pair: NIL,
            in_pair: NIL,
        });
        self.queue(child);
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
        (child, mref, slot as usize)
    }

    /// Puts `pid` at the back of the run queue.
    pub fn queue(&mut self, pid: Pid) {
        let Some(Life::Held(slot)) = self.pids.get(pid.0 as usize).map(|e| e.life) else {
            unreachable!("queueing a released process");
        };
        debug_assert_eq!(self.states[slot as usize].rq_pos, NOT_QUEUED);
        let (pids, states) = (&self.pids, &mut self.states);
        let pos = self.run_queue.push(pid, true, |p, pos| {
            if let Life::Held(s) = pids[p.0 as usize].life {
                states[s as usize].rq_pos = pos;
            }
        });
        self.states[slot as usize].rq_pos = pos;
    }

    /// Takes `pid` off the run queue if it is there.
    fn unqueue(&mut self, pid: Pid) {
        if let Some(st) = self.held(pid) {
            let pos = std::mem::replace(&mut st.rq_pos, NOT_QUEUED);
            if pos != NOT_QUEUED {
                self.run_queue.remove(pos);
            }
        }
    }

    fn make_runnable(&mut self, pid: Pid) {
        let st = self.proc(pid);
        st.status = Status::Runnable;
        if self.current != Some(pid) {
            self.queue(pid);
        }
    }

    /// Ends `pid` with `reason`: exit signals to links, then DOWNs to monitors (so EXIT
    /// precedes DOWN at every receiver, SEMANTICS §1.8), monitors it held removed, aliases
    /// and name gone.
    pub fn terminate(&mut self, pid: Pid, reason: Term) {
        if !self.alive(pid) {
            return;
        }
        if self.halt_on == Some(pid) {
            self.halted = true;
        }
        self.cancel_wait_timer(pid);
        // A timer aimed at a pid is cancelled when that process dies (erlang:send_after/3;
        // `Process.read_timer/1` then answers `false` on OTP 25): it neither fires nor
        // moves the clock.
        let mut timers_in = std::mem::take(&mut self.proc(pid).timers_in);
        for &t in &timers_in {
            self.cancel_timer(t);
        }
        recycle(&mut timers_in);
        let st = self.proc(pid);
        st.timers_in = timers_in;
        st.status = Status::Dead;
        st.exit_reason = Some(reason.clone());
        st.exception = None;
        // Emptied in place: small buffers stay with the slot for its next process.
        st.mailbox.clear();
        if st.mailbox.capacity() > RECYCLE_MAX {
            st.mailbox = VecDeque::new();
        }
        recycle(&mut st.aliases);
        recycle(&mut st.unfetched);
        let mut links = std::mem::take(&mut st.links);
        let mut watchers = std::mem::take(&mut st.monitored_by);
        let mut held = std::mem::take(&mut st.monitors);
        // The table is keyed by the atom's text; `to_string()` would render `:name`.
        if let Some(Term::Atom(name)) = st.name.take() {
            self.names.remove(name.as_str());
        }
        self.emit(Some(pid), || EventKind::Exit {
            reason: reason.clone(),
        });
        // `Fault::DownBeforeExit` (tests only, `crate::faults`) sends the DOWNs first.
        if faults::active(Fault::DownBeforeExit) {
            self.signal_watchers(pid, &watchers, &reason);
        }
        for &peer in &links {
            self.push_signal(
                pid,
                peer,
                Signal::Exit {
                    reason: reason.clone(),
                    link: true,
                },
            );
        }
        if !faults::active(Fault::DownBeforeExit) {
            self.signal_watchers(pid, &watchers, &reason);
        }
        for m in &held {
            if let Some(t) = self.held(m.target) {
                t.monitored_by.retain(|(r, _)| *r != m.r);
            }
        }
        recycle(&mut links);
        recycle(&mut watchers);
        recycle(&mut held);
        let st = self.proc(pid);
        st.links = links;
        st.monitored_by = watchers;
        st.monitors = held;
        if self.current != Some(pid) {
            self.unqueue(pid);
            self.graveyard.push(pid);
        }
    }

    /// The DOWNs of a dying `pid` to the processes that monitor it.
    fn signal_watchers(&mut self, pid: Pid, watchers: &[(Ref, Pid)], reason: &Term) {
        for &(r, watcher) in watchers {
            self.push_signal(
                pid,
                watcher,
                Signal::Down {
                    r,
                    reason: reason.clone(),
                },
            );
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
        if self.inject.delay_ms > 0 && self.hold(from, to, &signal) {
            let key = self.hold_key(from, to);
            if let Some(q) = self.held.get_mut(&key) {
                q.push_back((from, to, signal));
            }
            return;
        }
        self.put_in_flight(from, to, signal);
    }

    /// Puts a signal in flight, behind the earlier ones it may not overtake.
    fn put_in_flight(&mut self, from: Pid, to: Pid, signal: Signal) {
        self.seq += 1;
        let slot = match self.free_signal {
            NIL => {
                self.signals.push(InFlight {
                    seq: 0,
                    from,
                    pos: 0,
                    next: NIL,
                    pair: NIL,
                    signal: None,
                });
                (self.signals.len() - 1) as u32
            }
            slot => {
                self.free_signal = self.signals[slot as usize].next;
                slot
            }
        };
        let pair = match self.order {
            SignalOrder::Pair => self.pair_of(from, to),
            SignalOrder::Node => self.queue_of(to),
        };
        let pr = &mut self.pairs[pair as usize];
        let head = pr.tail == NIL;
        if head {
            pr.head = slot;
        } else {
            self.signals[pr.tail as usize].next = slot;
        }
        pr.tail = slot;
        let signals = &mut self.signals;
        let pos = self.sends.push(slot, head, |s, pos| {
            signals[s as usize].pos = pos;
        });
        self.signals[slot as usize] = InFlight {
            seq: self.seq,
            from,
            pos,
            next: NIL,
            pair,
            signal: Some(signal),
        };
    }

    /// The queue of every signal in flight to `to` (under [`SignalOrder::Node`]), opened
    /// (and cached by the receiver) if it does not exist.
    fn queue_of(&mut self, to: Pid) -> u32 {
        if let Some(pair) = self.find_queue(to) {
            return pair;
        }
        let pair = self.new_pair(ANY_SENDER, to);
        match self.pids.get_mut(to.0 as usize) {
            Some(e) => {
                e.in_pair = pair;
                self.pairs[pair as usize].cached = true;
            }
            // Not a pid of this run (a handle from another run): no cache.
            None => {
                self.pair_index.insert(pair_key(ANY_SENDER, to), pair);
            }
        }
        pair
    }

    /// The queue of signals in flight to `to` (under [`SignalOrder::Node`]) if it exists.
    #[inline]
    fn find_queue(&self, to: Pid) -> Option<u32> {
        match self.pids.get(to.0 as usize) {
            Some(e) if e.in_pair != NIL => Some(e.in_pair),
            _ if self.pair_index.is_empty() => None,
            _ => self.pair_index.get(&pair_key(ANY_SENDER, to)).copied(),
        }
    }

    /// The pair (from, to) if it exists.
    #[inline]
    fn find_pair(&self, from: Pid, to: Pid) -> Option<u32> {
        if let Some(e) = self.pids.get(from.0 as usize) {
            let out = e.out_pair;
            if out != NIL && self.pairs[out as usize].to == to {
                return Some(out);
            }
        }
        if self.pair_index.is_empty() {
            return None;
        }
        self.pair_index.get(&pair_key(from, to)).copied()
    }

    /// The pair (from, to), opened (and cached by the sender) if it does not exist.
    fn pair_of(&mut self, from: Pid, to: Pid) -> u32 {
        if let Some(pair) = self.find_pair(from, to) {
            return pair;
        }
        let pair = self.new_pair(from, to);
        match self.pids.get_mut(from.0 as usize) {
            Some(e) => {
                let old = std::mem::replace(&mut e.out_pair, pair);
                self.pairs[pair as usize].cached = true;
                if old != NIL {
                    self.uncache_pair(old);
                }
            }
            // Not a pid of this run (a handle from another run): no cache.
            None => {
                self.pair_index.insert(pair_key(from, to), pair);
            }
        }
        pair
    }

    /// An empty, uncached pair (from, to).
    fn new_pair(&mut self, from: Pid, to: Pid) -> u32 {
        match self.free_pair {
            NIL => {
                self.pairs.push(Pair {
                    from,
                    to,
                    head: NIL,
                    tail: NIL,
                    cached: false,
                    next_free: NIL,
                });
                (self.pairs.len() - 1) as u32
            }
            pair => {
                let pr = &mut self.pairs[pair as usize];
                self.free_pair = pr.next_free;
                *pr = Pair {
                    from,
                    to,
                    head: NIL,
                    tail: NIL,
                    cached: false,
                    next_free: NIL,
                };
                pair
            }
        }
    }

    fn free_pair(&mut self, pair: u32) {
        let pr = &mut self.pairs[pair as usize];
        pr.cached = false;
        pr.next_free = self.free_pair;
        self.free_pair = pair;
    }

    /// `pair` is no longer its sender's cached pair: free it if empty, else index it.
    fn uncache_pair(&mut self, pair: u32) {
        let pr = &mut self.pairs[pair as usize];
        pr.cached = false;
        if pr.head == NIL {
            self.free_pair(pair);
        } else {
            self.pair_index.insert(pair_key(pr.from, pr.to), pair);
        }
    }

    /// Takes in the messages `pid` sent to its own aliases (SEMANTICS §1.7): the BEAM checks
    /// an alias when the receiver fetches the signal, so a message a process sent to its own
    /// alias is dropped if the alias was deactivated before its next receive. Called by
    /// everything that reads or removes mailbox entries.
    #[inline]
    pub fn fetch(&mut self, pid: Pid) {
        if !self.proc(pid).unfetched.is_empty() {
            self.fetch_unfetched(pid);
        }
    }

    fn fetch_unfetched(&mut self, pid: Pid) {
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

    /// Removes the in-flight signal in `slot` (the head of its pair) and applies it.
    fn deliver_slot(&mut self, slot: u32) {
        let s = &mut self.signals[slot as usize];
        let signal = s.signal.take().expect("delivering a free signal slot");
        let (pos, next, pair, from) = (s.pos, s.next, s.pair, s.from);
        s.next = self.free_signal;
        self.free_signal = slot;
        self.sends.remove(pos);
        let pr = &mut self.pairs[pair as usize];
        debug_assert_eq!(pr.head, slot, "only the head of a pair may be delivered");
        let (key_from, to) = (pr.from, pr.to);
        pr.head = next;
        if next != NIL {
            self.sends.count(self.signals[next as usize].pos);
        } else {
            pr.tail = NIL;
            if !pr.cached {
                self.free_pair(pair);
                self.pair_index.remove(&pair_key(key_from, to));
            } else if key_from == ANY_SENDER {
                if !matches!(self.pids[to.0 as usize].life, Life::Held(_)) {
                    // Cached by a released process: nothing will reuse it.
                    self.pids[to.0 as usize].in_pair = NIL;
                    self.free_pair(pair);
                }
            } else if !matches!(self.pids[from.0 as usize].life, Life::Held(_)) {
                self.pids[from.0 as usize].out_pair = NIL;
                self.free_pair(pair);
            }
        }
        self.apply(from, to, signal);
    }

    /// Delivers, in order, every in-flight signal from `from` to `to` (used where the BEAM
    /// orders an operation after the caller's earlier signals, e.g. `Process.alive?/1`).
    pub fn flush_pair(&mut self, from: Pid, to: Pid) {
        // A held signal of the pair is let go first: the guarantee outranks the fault.
        if !self.held.is_empty() {
            self.release_held(self.hold_key(from, to));
        }
        if self.order == SignalOrder::Node {
            // The receiver takes in its queue in order, up to the last signal from `from`.
            while let Some(pair) = self.find_queue(to) {
                let head = self.pairs[pair as usize].head;
                let mut s = head;
                while s != NIL && self.signals[s as usize].from != from {
                    s = self.signals[s as usize].next;
                }
                if s == NIL {
                    return;
                }
                self.deliver_slot(head);
            }
            return;
        }
        while let Some(pair) = self.find_pair(from, to) {
            let head = self.pairs[pair as usize].head;
            if head == NIL {
                return;
            }
            self.deliver_slot(head);
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
        // `Fault::KillTrappable` (tests only) lets a trapping process catch it.
        if !link && reason.is_atom("kill") && !(trapping && faults::active(Fault::KillTrappable)) {
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
    #[inline]
    pub fn action_count(&self) -> usize {
        self.sends.counted() + self.run_queue.counted()
    }

    /// The `i`-th possible action (order: heads in send order, then the run queue). A
    /// chosen `Run` is taken off the run queue.
    #[inline]
    pub fn take_action(&mut self, i: usize) -> Action {
        let heads = self.sends.counted();
        if i < heads {
            let (_, slot) = self.sends.select(i);
            Action::Deliver {
                slot,
                seq: self.signals[slot as usize].seq,
            }
        } else {
            let pid = self.run_queue.take(i - heads);
            self.proc(pid).rq_pos = NOT_QUEUED;
            Action::Run(pid)
        }
    }

    /// Delivers the signal an [`Action::Deliver`] chose, if it is still in flight.
    pub fn deliver(&mut self, slot: u32, seq: u64) {
        let s = &self.signals[slot as usize];
        if s.signal.is_some() && s.seq == seq {
            self.deliver_slot(slot);
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
        // `Fault::TimerLate` (tests only): every timer fires 1 ms after it is due.
        let due = if faults::active(Fault::TimerLate) {
            due.plus_ms(1)
        } else {
            due
        };
        let due = if self.inject.jitter_ms > 0 && !matches!(kind, TimerKind::Release(_)) {
            self.jitter(due)
        } else {
            due
        };
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
        let due = t.due;
        self.free_slots.push(slot);
        // Its heap entry stays behind: sweep such entries out once they are the majority,
        // so a server answering calls with `receive ... after` holds no memory per call
        // (amortised O(1) a cancel: a sweep of n entries follows n/2 cancels).
        self.stale_timers += 1;
        if self.stale_timers >= 16 && 2 * self.stale_timers > self.timers.len() {
            let slots = &self.timer_slots;
            self.timers.retain(|Reverse((_, _, slot, generation))| {
                slots[*slot as usize].generation == *generation
            });
            self.stale_timers = 0;
        }
        Some(due)
    }

    pub fn cancel_wait_timer(&mut self, pid: Pid) {
        if let Some(t) = self.proc(pid).wait_timer.take() {
            self.cancel_timer(t);
        }
    }

    /// Sets a `send_after` timer to `to` (a live process: the caller checks), remembered by
    /// `to` so that its death cancels it.
    pub fn set_send_after(&mut self, to: Pid, due: Time, kind: TimerKind) {
        let t = self.set_timer(due, kind);
        let mut timers_in = std::mem::take(&mut self.proc(to).timers_in);
        // Forget fired and cancelled ones now and then (amortised O(1) a timer).
        if timers_in.len() >= 16 && timers_in.len().is_power_of_two() {
            let slots = &self.timer_slots;
            timers_in.retain(|&(slot, generation)| {
                let t = &slots[slot as usize];
                t.generation == generation && !matches!(t.kind, TimerKind::Free)
            });
        }
        timers_in.push(t);
        self.proc(to).timers_in = timers_in;
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
                        self.stale_timers -= 1;
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
                self.stale_timers -= 1;
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
            TimerKind::Release(key) => self.release_held(key),
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
