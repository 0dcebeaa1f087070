//! The kernel's state and the BEAM rules that act on it, by concern:
//!
//! * [`procs`] — the process table: states in reusable slots, the run queue, spawn and
//!   death (links and monitors taken down at exit);
//! * [`signals`] — signals in flight, their order (SEMANTICS §1.8), delivery (§1.4, §1.6,
//!   §1.7 applied at delivery time) and the mailbox;
//! * [`timers`] — `receive ... after`, sleeps and `send_after`, fired in (time, seq) order;
//! * [`choice`] — the chooser and the choice of the next action.
//!
//! Process code reaches the kernel through [`crate::Proc`]; the step loop lives in
//! [`crate::sim`].

mod choice;
mod inject;
mod procs;
mod signals;
mod timers;

pub(crate) use choice::Action;
pub(crate) use procs::{Exits, HeldMonitor, ProcState, Status};
pub(crate) use signals::Signal;
pub use signals::SignalOrder;
pub(crate) use timers::{Advance, TimerKind};

use crate::chooser::Chooser;
use crate::ids::{Pid, Ref};
use crate::ranked::Ranked;
use crate::schedule::Decision;
use crate::sim::Inject;
use crate::term::Term;
use crate::time::Time;
use crate::trace::{Event, EventKind, Trace};
use procs::PidEntry;
use signals::{InFlight, Pair};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, VecDeque};
use timers::TimerSlot;

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
    /// (`Kernel::hold_key`), in send order, until their `Release` timer fires.
    held: BTreeMap<u64, VecDeque<(Pid, Pid, Signal)>>,
}

/// Marks the end of a chain (no next signal of the pair, no slot).
const NIL: u32 = u32::MAX;

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

    pub fn make_ref(&mut self, owner: Pid) -> Ref {
        self.next_ref += 1;
        Ref {
            id: self.next_ref,
            owner,
        }
    }
}
