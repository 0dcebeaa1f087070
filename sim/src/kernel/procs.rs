//! The process table: each pid's entry, the states of the processes that hold one, the run
//! queue, and the two ends of a process's life (spawn; death, with its exit signals and
//! DOWNs).
//!
//! Ground rules:
//!
//! * A process holds a state (an entry of the `procs` slab) from its spawn until its future
//!   has been dropped after its death ([`Kernel::release`]); then only its exit reason stays,
//!   in its pid entry (8 bytes for `:normal`). The slot keeps the state, blank, for the next
//!   process spawned there (no pid reaches it meanwhile).
//! * A process's state is private to the kernel: process code acts on it through
//!   [`crate::Proc`], which calls the kernel's methods.
//! * A released process reads as a blank dead state ([`Kernel::st`]): as if everything it
//!   held had been taken at its death; what is written there is forgotten.
//! * The run queue holds exactly the runnable processes other than the one being polled and
//!   one chosen to run next, in the order they became runnable.

use super::links::Links;
use super::mailbox::Mailbox;
use super::monitors::{Held, RefMap};
use super::signals::{QueueKey, Signal};
use super::slab::{Key, Slab};
use super::timers::TimerKey;
use super::{Exception, Kernel, normal};
use crate::faults::{self, Fault};
use crate::ids::{Pid, Ref};
use crate::term::{Atom, Term};
use crate::trace::EventKind;
use std::num::NonZeroU64;
use std::rc::Rc;

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

/// What the kernel keeps of a process that holds a state.
pub(super) struct ProcState {
    pub(super) status: Status,
    pub(super) trap_exit: bool,
    /// A server that may wait forever: not a deadlock.
    pub(super) daemon: bool,
    /// The current receive's timer fired.
    pub(super) timed_out: bool,
    /// Its position in the run queue, if it is there.
    pub(super) rq_pos: Option<u32>,
    pub(super) mailbox: Mailbox,
    pub(super) links: Links,
    /// Monitors it holds, by reference.
    pub(super) monitors: RefMap<Held>,
    /// Monitors on it: reference ⇒ watcher.
    pub(super) watchers: RefMap<Pid>,
    pub(super) fate: Fate,
    /// The number of the timer of the current receive or sleep (see `timers.rs`; a
    /// timer's number is never 0, so this takes 8 bytes).
    pub(super) wait_timer: Option<NonZeroU64>,
    /// What few processes have, made on first use ([`ProcState::rare`]): 8 bytes in every
    /// state instead of 88.
    pub(super) rare: Option<Box<Rare>>,
}

/// The parts of a process's state that few processes use.
#[derive(Default)]
pub(super) struct Rare {
    /// Its active aliases made by `alias()` (a monitor's alias is in `monitors`).
    pub(super) aliases: RefMap<()>,
    /// What it put on its own way and has not taken in yet ([`Unfetched`]).
    pub(super) unfetched: Vec<Unfetched>,
    /// `send_after` timers aimed at it, some perhaps already fired or cancelled: they are
    /// cancelled when it dies (as `erlang:send_after/3` does).
    pub(super) timers_in: Vec<TimerKey>,
    /// Its registered name.
    pub(super) name: Option<Rc<str>>,
}

/// An exception pending, or the exit reason.
pub(super) enum Fate {
    /// Alive, no exception pending.
    Running,
    /// Alive, with an exception raised during the current poll, waiting for a `catch` or
    /// for the end of the poll. (Boxed: rare, and a state is then 8 bytes smaller.)
    Raised(Box<Exception>),
    // invariant: `Exited` iff the status is `Dead`.
    /// Dead, with this exit reason.
    Exited(Term),
}

impl Default for ProcState {
    fn default() -> Self {
        ProcState {
            status: Status::Runnable,
            trap_exit: false,
            daemon: false,
            timed_out: false,
            rq_pos: None,
            mailbox: Mailbox::default(),
            links: Links::default(),
            monitors: RefMap::default(),
            watchers: RefMap::default(),
            fate: Fate::Running,
            wait_timer: None,
            rare: None,
        }
    }
}

/// Something its process put on its own way, checked when it takes it in.
#[derive(Copy, Clone, Debug)]
pub(super) enum Unfetched {
    /// Mailbox entry `seq`, a message it sent to one of its own aliases: kept, at the next
    /// look at the mailbox, only if the alias is still active (SEMANTICS §1.7).
    Alias { seq: u64, alias: Ref },
    /// Mailbox entry `seq`, the `:noproc` DOWN of monitor `r` taken on a name nobody has:
    /// kept, at the next look at the mailbox (an `after 0` sees it), only if the monitor
    /// is still active — a `demonitor` first returns `true` and no DOWN arrives
    /// (semantics §1.6).
    NameDown { seq: u64, r: Ref },
    /// The `:noproc` DOWN of monitor `r` taken on the dead pid `from`: it enters the
    /// mailbox when the process next waits (a sleep, or a receive that finds nothing), and
    /// only if the monitor is still active — on the VM an `after 0` right after the monitor
    /// misses it, and a `demonitor` before the next wait returns `true` (semantics §1.6).
    Down { r: Ref, from: Pid },
}

impl ProcState {
    /// Makes a released state blank for a next process, keeping the small buffers that
    /// death emptied. Lists every field, so that a new one is not forgotten.
    pub(super) fn recycle(&mut self) {
        let ProcState {
            status,
            trap_exit,
            daemon,
            timed_out,
            rq_pos,
            mailbox,
            links,
            monitors,
            watchers,
            fate,
            wait_timer,
            rare,
        } = self;
        *status = Status::Runnable;
        *trap_exit = false;
        *daemon = false;
        *timed_out = false;
        *rq_pos = None;
        // What a dead process's code put back since its death (it may run on within its
        // last poll) is dropped here.
        mailbox.clear();
        links.clear();
        monitors.clear();
        watchers.clear();
        *fate = Fate::Running;
        *wait_timer = None;
        *rare = None;
    }

    /// Its rare parts, made on first use.
    pub(super) fn rare(&mut self) -> &mut Rare {
        self.rare.get_or_insert_with(Box::default)
    }

    /// What it put on its own way and has not taken in yet.
    pub(super) fn unfetched(&self) -> &[Unfetched] {
        self.rare.as_deref().map_or(&[], |r| &r.unfetched)
    }

    /// Takes [`ProcState::unfetched`] out (to be put back with `rare().unfetched = ..`).
    pub(super) fn take_unfetched(&mut self) -> Vec<Unfetched> {
        self.rare
            .as_deref_mut()
            .map(|r| std::mem::take(&mut r.unfetched))
            .unwrap_or_default()
    }

    /// Its registered name.
    pub(super) fn name(&self) -> Option<&Rc<str>> {
        self.rare.as_deref()?.name.as_ref()
    }

    fn tombstone() -> Self {
        ProcState {
            status: Status::Dead,
            ..ProcState::default()
        }
    }
}

/// A live process, as [`Kernel::living`] shows it.
pub(crate) struct Living<'a> {
    pub pid: Pid,
    pub status: Status,
    pub daemon: bool,
    pub mailbox: &'a Mailbox,
}

/// A handle on a process's state.
pub(super) type ProcKey = Key<ProcState>;

/// What the kernel keeps of every process of the run, by pid.
#[derive(Copy, Clone, Debug)]
pub(super) struct PidEntry {
    pub(super) life: Life,
    /// The queue it last opened as a sender, kept while the process lives even when empty,
    /// so that a process talking to one peer finds its queue without the pair index; after
    /// the process's state is released, kept until it empties.
    pub(super) out_queue: Option<QueueKey>,
    /// Under [`super::SignalOrder::Node`]: its queue of incoming signals, kept like
    /// `out_queue`.
    pub(super) in_queue: Option<QueueKey>,
}

#[derive(Copy, Clone, Debug)]
pub(super) enum Life {
    /// Alive, or dead with its future not yet dropped.
    Held(ProcKey),
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

/// The number of `pid`'s wait timer, if it holds a state and has one (for the timers, which
/// look while they hold the kernel's queue).
pub(super) fn wait_timer_of(pids: &[PidEntry], procs: &Slab<ProcState>, pid: Pid) -> Option<u64> {
    match pids.get(pid.0 as usize)?.life {
        Life::Held(key) => procs[key].wait_timer.map(NonZeroU64::get),
        Life::Normal | Life::Reason(_) => None,
    }
}

impl Kernel {
    fn key(&self, pid: Pid) -> Option<ProcKey> {
        match self.pids.get(pid.0 as usize)?.life {
            Life::Held(key) => Some(key),
            Life::Normal | Life::Reason(_) => None,
        }
    }

    #[inline]
    pub fn alive(&self, pid: Pid) -> bool {
        self.key(pid)
            .is_some_and(|k| self.procs[k].status != Status::Dead)
    }

    /// The state of `pid`; a blank dead one if it was released (see the ground rules).
    /// Panics for a pid that does not exist.
    #[inline]
    pub(super) fn st(&mut self, pid: Pid) -> &mut ProcState {
        match self.pids[pid.0 as usize].life {
            Life::Held(key) => &mut self.procs[key],
            Life::Normal | Life::Reason(_) => self.tombstone(),
        }
    }

    #[cold]
    fn tombstone(&mut self) -> &mut ProcState {
        self.tomb = ProcState::tombstone();
        &mut self.tomb
    }

    /// The state of `pid` if it still holds one.
    pub(super) fn held(&mut self, pid: Pid) -> Option<&mut ProcState> {
        let key = self.key(pid)?;
        Some(&mut self.procs[key])
    }

    /// The slot of `pid` (the index of its future in the step loop), while it holds one.
    pub fn slot(&self, pid: Pid) -> Option<usize> {
        self.key(pid).map(Key::index)
    }

    /// Creates a runnable process; `link`/`monitor` (with `parent`) are set up atomically
    /// with the spawn. Returns its slot too (where its future goes).
    pub fn spawn(
        &mut self,
        parent: Option<Pid>,
        link: bool,
        monitor: bool,
    ) -> (Pid, Option<Ref>, usize) {
        let child = Pid(self.pids.len() as u32);
        let key = self.procs.insert_reused(ProcState::default);
        self.pids.push(PidEntry {
            life: Life::Held(key),
            out_queue: None,
            in_queue: None,
        });
        self.queue(child);
        let mut mref = None;
        if let Some(parent) = parent {
            if link {
                self.add_link(parent, child);
            }
            if monitor {
                let r = self.make_ref(parent);
                self.add_monitor(parent, child, r, false, None);
                mref = Some(r);
            }
        }
        self.emit(parent, || EventKind::Spawn {
            child,
            link,
            monitor: mref,
        });
        (child, mref, key.index())
    }

    /// Frees the state of a dead process whose future has been dropped, keeping only its
    /// exit reason.
    pub fn release(&mut self, pid: Pid) {
        let Some(key) = self.key(pid) else {
            return;
        };
        let st = self.procs.retire(key).expect("a held state");
        debug_assert_eq!(st.status, Status::Dead, "release of a live process");
        debug_assert_eq!(st.rq_pos, None, "release of a queued process");
        let Fate::Exited(reason) = std::mem::replace(&mut st.fate, Fate::Running) else {
            unreachable!("a dead process has a reason");
        };
        // The state stays in its slot, blank, for the next spawn there.
        st.recycle();
        self.release_queues(pid);
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
                Life::Held(key) => match &self.procs[key].fate {
                    Fate::Running | Fate::Raised(_) => ExitEntry::Alive,
                    Fate::Exited(r) => {
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

    /// The processes alive now, in pid order (for the report of a run that stopped).
    pub fn living(&self) -> impl Iterator<Item = Living<'_>> + '_ {
        self.pids
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match e.life {
                Life::Held(key) if self.procs[key].status != Status::Dead => {
                    let st = &self.procs[key];
                    Some(Living {
                        pid: Pid(i as u32),
                        status: st.status,
                        daemon: st.daemon,
                        mailbox: &st.mailbox,
                    })
                }
                _ => None,
            })
    }

    /// Puts `pid` at the back of the run queue.
    pub fn queue(&mut self, pid: Pid) {
        let key = self.key(pid).expect("queueing a released process");
        debug_assert_eq!(self.procs[key].rq_pos, None);
        let (pids, procs) = (&self.pids, &mut self.procs);
        let pos = self.run_queue.push(pid, true, |p, pos| {
            if let Life::Held(k) = pids[p.0 as usize].life {
                procs[k].rq_pos = Some(pos);
            }
        });
        self.procs[key].rq_pos = Some(pos);
    }

    /// Takes `pid` off the run queue if it is there.
    fn unqueue(&mut self, pid: Pid) {
        if let Some(pos) = self.held(pid).and_then(|st| st.rq_pos.take()) {
            self.run_queue.remove(pos);
        }
    }

    pub(super) fn make_runnable(&mut self, pid: Pid) {
        self.st(pid).status = Status::Runnable;
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
        self.cancel_timers_of(pid);
        let st = self.st(pid);
        st.status = Status::Dead;
        st.fate = Fate::Exited(reason.clone());
        st.mailbox.clear();
        // Its aliases, what it put on its own way and its name go (its `send_after`
        // timers went above).
        if let Some(name) = st.rare.take().and_then(|r| r.name) {
            self.names.remove(&*name);
        }
        self.drop_dict_and_globals_of(pid);
        let links = self.take_links(pid);
        let watchers = self.take_monitors(pid);
        self.emit(Some(pid), || EventKind::Exit {
            reason: reason.clone(),
        });
        // `Fault::DownBeforeExit` (tests only, `crate::faults`) sends the DOWNs first.
        let down_first = faults::active(Fault::DownBeforeExit);
        if down_first {
            self.signal_watchers(pid, &watchers, &reason);
        }
        for peer in links.iter() {
            let exit = Signal::Exit {
                reason: reason.clone(),
                link: true,
            };
            self.push_signal(pid, peer, exit);
        }
        if !down_first {
            self.signal_watchers(pid, &watchers, &reason);
        }
        self.return_links(pid, links);
        self.return_watchers(pid, watchers);
        if self.current != Some(pid) {
            self.unqueue(pid);
            self.graveyard.push(pid);
        }
    }

    /// The DOWNs of a dying `pid` to the processes that monitor it.
    fn signal_watchers(&mut self, pid: Pid, watchers: &RefMap<Pid>, reason: &Term) {
        for (r, &watcher) in watchers.iter() {
            let down = Signal::Down {
                r,
                reason: reason.clone(),
            };
            self.push_signal(pid, watcher, down);
        }
    }
}
