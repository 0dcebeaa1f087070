//! The kernel: the state of a run and the BEAM rules that act on it, one concern a file.
//!
//! * [`procs`] — the process table: each pid's entry, process states, the run queue, spawn
//!   and death;
//! * [`links`] and [`monitors`] — links, monitors and aliases, each kept symmetric by the
//!   functions of its own file;
//! * [`mailbox`] and [`receive`] — mailboxes with an index for pinned receives, and the
//!   blocking operations (receive with `after`, sleep);
//! * [`signals`] and [`deliver`] — signals in flight in FIFO queues (SEMANTICS §1.8), and
//!   what each does when it arrives (§1.4, §1.6, §1.7 at delivery time);
//! * [`timers`] — `receive ... after`, sleeps and `send_after`, fired in (time, seq) order;
//! * [`flags`] — trap_exit, names, pending exceptions, and the two ends of a poll;
//! * [`dict`] — process dictionaries and global names;
//! * [`choice`] — the chooser and the choice of the next action;
//! * [`slab`] — the typed store behind processes, timers, signals and queues.
//!
//! Everything here is private to the kernel: process code reaches it through the methods
//! [`crate::Proc`] calls, the step loop ([`crate::sim`]) through a few more. Each invariant
//! is written, as `// invariant:` or in a file's "Ground rules", next to the one piece of
//! code that keeps it.

mod choice;
mod deliver;
mod dict;
mod flags;
mod inject;
mod links;
mod mailbox;
mod monitors;
mod procs;
mod receive;
mod signals;
mod slab;
mod sorted;
mod timers;

pub(crate) use choice::Action;
pub(crate) use flags::PollEnd;
pub use mailbox::Pinned;
pub(crate) use procs::{Exits, Status};
pub(crate) use receive::ReceiveState;
pub(crate) use signals::Signal;
pub use signals::SignalOrder;
pub(crate) use timers::Advance;

use crate::chooser::Chooser;
use crate::ids::{Pid, Ref};
use crate::ranked::Ranked;
use crate::schedule::Decision;
use crate::sim::Inject;
use crate::term::Term;
use crate::time::Time;
use crate::trace::{Event, EventKind, Trace};
use procs::{PidEntry, ProcState};
use signals::{InFlight, Queue, QueueKey, SignalKey};
use slab::Slab;
use std::collections::{BTreeMap, VecDeque};
use timers::Timers;

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
            Class::Error => Term::tuple([self.value.clone(), Term::empty_list()]),
            Class::Throw => Term::tuple([
                Term::tuple([Term::atom("nocatch"), self.value.clone()]),
                Term::empty_list(),
            ]),
        }
    }
}

pub(crate) struct Kernel {
    now: Time,
    step: u64,
    /// Function calls the processes made ([`Kernel::reduce`]): they count against the
    /// step budget with the steps.
    calls: u64,
    /// The step budget (`Config::max_steps`).
    max_work: u64,
    next_ref: u64,
    /// By pid: its state, or its exit reason once the state is released.
    pids: Vec<PidEntry>,
    /// The states of the processes that hold one.
    procs: Slab<ProcState>,
    /// Exit reasons other than `:normal` of released processes.
    reasons: Vec<Term>,
    /// What [`Kernel::st`] hands out for a released process: a blank dead state.
    tomb: ProcState,
    // invariant: holds exactly the Runnable processes other than the one being polled and
    // one chosen to run next (`forced`), in the order they became runnable; each one's
    // `rq_pos` is its position here.
    run_queue: Ranked<Pid>,
    /// In-flight signals.
    signals: Slab<InFlight>,
    /// Queues of in-flight signals.
    queues: Slab<Queue>,
    /// The queues not cached by a process, by (sender, receiver); the sender is `None` for
    /// a receiver's queue under [`SignalOrder::Node`].
    pair_index: BTreeMap<(Option<Pid>, Pid), QueueKey>,
    /// Which signals keep their order in flight.
    order: SignalOrder,
    // invariant: every in-flight signal, in send order; counted iff it is the head of its
    // queue. Each signal's `pos` is its position here.
    sends: Ranked<SignalKey>,
    /// Signals put in flight and timers set so far: each takes the next number, which
    /// orders same-instant timers and names a signal in a decision's label.
    seq: u64,
    timers: Timers,
    names: BTreeMap<String, Pid>,
    /// The dictionaries of the live processes, by slot, as far as the last slot whose
    /// process wrote one (kept out of the states to keep idle processes small; a slot's
    /// next process reuses the buffer).
    dicts: Vec<Vec<(Term, Term)>>,
    /// Global names (`:global`), by name.
    globals: BTreeMap<dict::GlobalName, Pid>,
    /// The last lists [`Kernel::shared_cons`] made: `(pid, head, rest, [head | rest])`.
    conses: Vec<(Pid, Term, Option<Term>, Term)>,
    chooser: Box<dyn Chooser>,
    /// Whether decisions are recorded in `schedule` (`Config::record_schedule`).
    record: bool,
    /// Decisions taken so far (each one's index, for the chooser).
    decisions: usize,
    schedule: Vec<Decision>,
    trace: Trace,
    /// The process being polled, if any.
    current: Option<Pid>,
    /// Scheduling points passed in the current poll (reset at each poll).
    reductions: u32,
    /// Set at a scheduling point that decided to switch away from the current process.
    forced: Option<Action>,
    /// Processes that died while not being polled: their futures must be dropped (outside
    /// any kernel borrow, since dropping runs user code).
    graveyard: Vec<Pid>,
    /// When this process ends, the whole run halts (`elixir script.exs` halts the VM when
    /// the script's process is done).
    halt_on: Option<Pid>,
    /// Set when the run must stop at the end of the current instant (`halt_on` ended).
    halted: bool,
    /// Which faults the chooser may inject (none by default).
    inject: Inject,
    /// Kills the chooser may still inject in this run.
    kills_left: u32,
    /// Signals held back by a `Delay` fault, by the key of the queue they may not overtake
    /// (`Kernel::hold_key`), in send order, until their `Release` timer fires.
    held: BTreeMap<u64, VecDeque<(Pid, Pid, Signal)>>,
}

/// Largest run (in processes) whose kernel is kept for a next run ([`Kernel::empty`]),
/// and the most process states it keeps.
pub(crate) const RENEW_MAX_PROCS: usize = 1024;
/// Longest run (in steps) whose kernel is kept for a next run.
const RENEW_MAX_STEPS: u64 = 1 << 16;

/// Largest buffer (in entries) a dead process's state keeps for the next process.
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
    pub fn new(chooser: Box<dyn Chooser>, trace: Trace, config: &crate::Config) -> Self {
        let (order, inject) = (config.signal_order, config.inject);
        Kernel {
            now: Time::ZERO,
            step: 0,
            next_ref: 0,
            pids: Vec::new(),
            procs: Slab::new(),
            reasons: Vec::new(),
            tomb: ProcState::default(),
            run_queue: Ranked::new(),
            signals: Slab::new(),
            queues: Slab::new(),
            pair_index: BTreeMap::new(),
            order,
            sends: Ranked::new(),
            seq: 0,
            timers: Timers::new(),
            names: BTreeMap::new(),
            globals: BTreeMap::new(),
            conses: Vec::new(),
            dicts: Vec::new(),
            chooser,
            record: config.record_schedule,
            decisions: 0,
            schedule: Vec::new(),
            trace,
            current: None,
            reductions: 0,
            calls: 0,
            max_work: config.max_steps,
            forced: None,
            graveyard: Vec::new(),
            halt_on: None,
            halted: false,
            kills_left: inject.kills,
            inject,
            held: BTreeMap::new(),
        }
    }

    /// Whether this kernel, its run over, is small enough to keep for a next run
    /// ([`Kernel::empty`]): what it would keep grows with the processes and the steps of
    /// the run it ends, and a thread's spare should not hold a large run's tables.
    pub fn worth_keeping(&self) -> bool {
        self.pids.len() <= RENEW_MAX_PROCS && self.step <= RENEW_MAX_STEPS
    }

    /// Empties this kernel, its run over, keeping its buffers — its tables, and the
    /// states of up to [`RENEW_MAX_PROCS`] processes, blank, for the next processes in
    /// their slots (as a death leaves a state for the next spawn in its slot) — for
    /// [`Kernel::start`] to begin a new run on. Lists every field, so that a new one is not
    /// forgotten. The next run cannot tell it from a new kernel (the slabs hand out the
    /// keys a new one would, the ranked queues the positions), which
    /// `tests/tests/renewal.rs` checks.
    pub fn empty(&mut self) {
        let Kernel {
            now,
            step,
            next_ref,
            pids,
            procs,
            reasons,
            // Written afresh each time it is handed out (`Kernel::st`).
            tomb: _,
            run_queue,
            signals,
            queues,
            pair_index,
            order,
            sends,
            seq,
            timers,
            names,
            dicts,
            globals,
            conses,
            chooser,
            record,
            decisions,
            schedule,
            trace,
            current,
            reductions,
            calls,
            max_work: _,
            forced,
            graveyard,
            halt_on,
            halted,
            inject,
            kills_left,
            held,
        } = self;
        *now = Time::ZERO;
        *step = 0;
        *next_ref = 0;
        pids.clear();
        procs.clear_keeping(RENEW_MAX_PROCS, ProcState::recycle);
        reasons.clear();
        run_queue.clear();
        signals.clear();
        queues.clear();
        pair_index.clear();
        *order = SignalOrder::default();
        sends.clear();
        *seq = 0;
        timers.clear();
        names.clear();
        // A dictionary is by slot, and empty once its process is gone (as at a death).
        dicts.truncate(RENEW_MAX_PROCS);
        dicts.iter_mut().for_each(recycle);
        globals.clear();
        conses.clear();
        *chooser = Box::new(crate::chooser::FifoChooser);
        *record = true;
        *decisions = 0;
        schedule.clear();
        *trace = Trace::new(crate::trace::TraceMode::Off);
        *current = None;
        *reductions = 0;
        *calls = 0;
        *forced = None;
        graveyard.clear();
        *halt_on = None;
        *halted = false;
        *inject = Inject::default();
        *kills_left = 0;
        held.clear();
    }

    /// Begins a new run on a kernel [`Kernel::empty`] emptied: then it is what
    /// [`Kernel::new`] makes of the same arguments.
    pub fn start(&mut self, chooser: Box<dyn Chooser>, trace: Trace, config: &crate::Config) {
        let (order, inject) = (config.signal_order, config.inject);
        debug_assert!(
            self.pids.is_empty() && self.step == 0,
            "a kernel is emptied before a run starts on it"
        );
        self.chooser = chooser;
        self.record = config.record_schedule;
        self.max_work = config.max_steps;
        self.trace = trace;
        self.order = order;
        self.kills_left = inject.kills;
        self.inject = inject;
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

    /// True if a trace or observer is listening.
    pub fn tracing(&self) -> bool {
        self.trace.on()
    }

    pub fn make_ref(&mut self, owner: Pid) -> Ref {
        self.next_ref += 1;
        Ref {
            id: self.next_ref,
            owner,
        }
    }

    /// The current virtual time.
    pub fn now(&self) -> Time {
        self.now
    }

    /// Steps taken so far.
    pub fn steps(&self) -> u64 {
        self.step
    }

    /// What the step budget counts: steps, and function calls at
    /// [`CALLS_PER_STEP`](choice::CALLS_PER_STEP) a step.
    pub fn work(&self) -> u64 {
        self.step + self.calls / choice::CALLS_PER_STEP
    }

    /// Function calls made so far ([`Kernel::reduce`]).
    pub fn calls(&self) -> u64 {
        self.calls
    }

    /// Counts one step (a delivery or a poll).
    pub fn count_step(&mut self) {
        self.step += 1;
    }

    /// The action a scheduling point chose to run next, if any.
    pub fn take_forced(&mut self) -> Option<Action> {
        self.forced.take()
    }

    /// A process that died while not being polled, whose future must be dropped.
    pub fn next_buried(&mut self) -> Option<Pid> {
        self.graveyard.pop()
    }

    /// Halts the run at the end of the instant in which `pid` ends.
    pub fn halt_on_exit(&mut self, pid: Pid) {
        self.halt_on = Some(pid);
    }

    /// Whether the run must stop at the end of the current instant.
    pub fn halted(&self) -> bool {
        self.halted
    }

    /// Lets `f` see every event as it happens.
    pub fn observe(&mut self, f: crate::trace::Observer) {
        self.trace.add_observer(f);
    }

    /// At the end of the run: the trace and the decisions taken.
    pub fn take_record(&mut self) -> (Trace, Vec<Decision>) {
        let trace = std::mem::replace(&mut self.trace, Trace::new(crate::trace::TraceMode::Off));
        (trace, std::mem::take(&mut self.schedule))
    }
}
