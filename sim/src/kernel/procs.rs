//! The process table: process states in reusable slots, the pid table, the run queue, and
//! the two ends of a process's life (spawn, with its link or monitor; death, with its exit
//! signals and DOWNs).

use super::signals::Signal;
use super::{Exception, Kernel, NIL, RECYCLE_MAX, normal, recycle};
use crate::faults::{self, Fault};
use crate::ids::{Pid, Ref};
use crate::term::{Atom, Term};
use crate::trace::EventKind;
use std::collections::VecDeque;

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

/// A monitor held by a process.
#[derive(Clone, Debug)]
pub(crate) struct HeldMonitor {
    pub r: Ref,
    pub target: Pid,
    /// Created with `alias: :demonitor`: the ref is an alias while the monitor lives.
    pub alias: bool,
    /// Taken on a registered name: its DOWN names `{name, node}` instead of the pid
    /// (SEMANTICS §1.6).
    pub name: Option<Atom>,
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
pub(super) const NOT_QUEUED: u32 = u32::MAX;

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
    pub(super) fn tombstone() -> Self {
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
pub(super) struct PidEntry {
    pub(super) life: Life,
    /// The pair it last opened as a sender (`NIL` if none), kept while the process lives
    /// even when empty, so that a process talking to one peer finds its pair without
    /// `Kernel::pair_index`; after the process's slot is released, kept until it empties.
    pub(super) out_pair: u32,
    /// Under [`SignalOrder::Node`]: its queue of incoming signals (`NIL` if none), kept like
    /// `out_pair`.
    pub(super) in_pair: u32,
}

#[derive(Copy, Clone, Debug)]
pub(super) enum Life {
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

impl Kernel {
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
                    name: None,
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

    pub(super) fn make_runnable(&mut self, pid: Pid) {
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
}
