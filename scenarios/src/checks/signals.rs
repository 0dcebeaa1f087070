//! Signals between processes, followed one by one from the moment they are sent to the
//! moment they take effect, by an independent account of what is in flight (written from
//! SEMANTICS §1.3–§1.8, sharing no code with the kernel). Two checks read that account:
//!
//! * [`PairFifo`] — SEMANTICS §1.8, the only ordering guarantee: if A sends signal S1 and
//!   later S2 to the same B, S1 does not take effect after S2. This covers messages, exit
//!   signals from `Process.exit/2`, the link exit signals and DOWN messages a dying process
//!   sends — so a task's reply is ahead of its `:EXIT`/`:DOWN`, and the link `:EXIT` of a
//!   dying process is ahead of its DOWN at a peer that both links and monitors it (a dying
//!   process signals its links before its monitors, SEMANTICS §1.8 last bullet) — and every
//!   delivery is of something that was sent.
//! * [`ExitSignals`] — SEMANTICS §1.4 (with §1.3 for unlink): every exit signal takes effect
//!   as its row of the table says. At a process that does not trap exits a `:normal` signal
//!   is ignored and any other one kills it with that reason; at a trapping one every signal
//!   becomes `{:EXIT, from, reason}`, except `Process.exit(pid, :kill)`, which kills it with
//!   `:killed`; a link exit signal that arrives after the receiver unlinked is dropped.
//!
//! Each keeps its own account; [`SignalChecks`] is the two over one account, as the
//! standard monitors have them.
//!
//! The kernel emits one event per signal as it takes effect: `Deliver` (into the mailbox,
//! messages and converted signals alike), `Dropped` (with the reason), or — for a signal
//! that kills — the receiver's `Exit`. A process's signals to itself take effect at once;
//! its messages to itself (and to its own aliases, checked when fetched, §1.7) are not
//! followed.

use super::pids::{PidMap, PidSet};
use super::{Check, Watch};
use crate::small::{SmallMap, SmallSet};
use sim::{Atom, Dest, DropReason, Event, EventKind, Pid, Ref, Term};
use std::collections::VecDeque;

/// A signal in flight.
#[derive(Clone, Debug, PartialEq)]
enum Sig {
    /// A message (to an alias if `alias`).
    Msg { msg: Term, alias: bool },
    /// An exit signal: from `Process.exit/2` (`link: false`) or from a dying linked process.
    /// `unlinked`: the receiver unlinked the (dead) sender after the signal was sent.
    Exit {
        reason: Term,
        link: bool,
        unlinked: bool,
    },
    /// `link/1` to a dead process by a trapping one: `{:EXIT, pid, :noproc}` at once (§1.3).
    LinkNoproc,
    /// A monitor's DOWN; `name` for a monitor taken on a registered name (§1.6).
    Down {
        r: Ref,
        reason: Term,
        name: Option<Atom>,
    },
}

impl Sig {
    /// The mailbox entry it becomes when delivered from `from`.
    fn as_message(&self, from: Pid) -> Term {
        match self {
            Sig::Msg { msg, .. } => msg.clone(),
            Sig::Exit { reason, .. } => exit_msg(from, reason.clone()),
            Sig::LinkNoproc => exit_msg(from, Term::atom("noproc")),
            Sig::Down { r, reason, name } => Term::tuple([
                Term::atom("DOWN"),
                Term::Ref(*r),
                Term::atom("process"),
                match name {
                    Some(n) => Term::tuple([Term::Atom(n.clone()), Term::atom("nonode@nohost")]),
                    None => Term::Pid(from),
                },
                reason.clone(),
            ]),
        }
    }

    /// True if `msg` is the mailbox entry it becomes when delivered from `from`: what
    /// [`Sig::as_message`] builds, compared without building it (this runs for every
    /// delivery of every monitored run).
    fn is_message(&self, from: Pid, msg: &Term) -> bool {
        let exit = |reason: &dyn Fn(&Term) -> bool| match msg.as_tuple() {
            Some([tag, Term::Pid(p), r]) => tag.is_atom("EXIT") && *p == from && reason(r),
            _ => false,
        };
        match self {
            Sig::Msg { msg: m, .. } => m == msg,
            Sig::Exit { reason, .. } => exit(&|r| r == reason),
            Sig::LinkNoproc => exit(&|r| r.is_atom("noproc")),
            Sig::Down { r, reason, name } => match msg.as_tuple() {
                Some([tag, Term::Ref(got), kind, who, why]) => {
                    tag.is_atom("DOWN")
                        && got == r
                        && kind.is_atom("process")
                        && why == reason
                        && match (name, who.as_tuple()) {
                            (Some(n), Some([Term::Atom(a), node])) => {
                                a == n && node.is_atom("nonode@nohost")
                            }
                            (None, _) => *who == Term::Pid(from),
                            (Some(_), _) => false,
                        }
                }
                _ => false,
            },
        }
    }

    fn describe(&self, from: Pid) -> String {
        match self {
            Sig::Msg { msg, .. } => format!("message {msg}"),
            Sig::Exit {
                reason, link: true, ..
            } => format!("link exit signal {reason}"),
            Sig::Exit { reason, .. } => format!("exit signal {reason} (Process.exit/2)"),
            Sig::LinkNoproc => "link exit signal :noproc".to_string(),
            Sig::Down { .. } => format!("DOWN {}", self.as_message(from)),
        }
    }
}

fn exit_msg(from: Pid, reason: Term) -> Term {
    Term::tuple([Term::atom("EXIT"), Term::Pid(from), reason])
}

/// How a signal took effect.
#[derive(Clone, Debug, PartialEq)]
enum Effect {
    /// Entered the mailbox as this term.
    Delivered,
    /// Dropped, for this reason.
    Dropped(DropReason),
    /// Killed the receiver, which exited with this reason.
    Killed(Term),
}

/// A signal that took effect at `to`, with what `to` was doing then.
struct Taken {
    from: Pid,
    to: Pid,
    sig: Sig,
    effect: Effect,
    trapping: bool,
}

/// The account of signals in flight. Everything a process's exit touches is indexed by
/// that process, so that following a run costs O(log n) per event, however many processes
/// it has.
#[derive(Default)]
struct Flight {
    /// Per receiver, per sender: the signals in flight, oldest first.
    queues: PidMap<SmallMap<Pid, VecDeque<Sig>>>,
    dead: PidSet,
    trapping: PidSet,
    /// Links, stored both ways.
    links: PidMap<SmallSet<Pid>>,
    /// Active monitors: ref → (watcher, target, name it was taken on).
    monitors: SmallMap<Ref, (Pid, Pid, Option<Atom>)>,
    /// The refs of `monitors` by target, and by watcher.
    by_target: PidMap<SmallSet<Ref>>,
    by_watcher: PidMap<SmallSet<Ref>>,
    /// `send_after` timers not fired or cancelled yet, per (receiver, sender), by ref:
    /// what each will deliver. Their messages come from the timer service, outside the
    /// setter's per-pair order.
    timers: SmallMap<(Pid, Pid), SmallMap<Ref, Timer>>,
    /// The pair of each pending timer, for a cancel.
    timer_pairs: SmallMap<Ref, (Pid, Pid)>,
    /// Emptied queues, for the next pair to use (a pair's queue comes and goes with each
    /// signal, and a kept monitor follows thousands of runs).
    spare_queues: Vec<VecDeque<Sig>>,
    /// Buffers for the peers and monitors of a dying process.
    dying_peers: Vec<Pid>,
    dying_refs: Vec<Ref>,
}

/// Most emptied queues a [`Flight`] keeps.
const SPARE_QUEUES: usize = 64;

/// Keeps queue `q`, emptied, for a next pair (if fewer than [`SPARE_QUEUES`] are kept).
fn pool_queue(spare: &mut Vec<VecDeque<Sig>>, mut q: VecDeque<Sig>) {
    if spare.len() < SPARE_QUEUES {
        q.clear();
        spare.push(q);
    }
}

/// A pending `send_after`.
struct Timer {
    alias: bool,
    msg: Term,
    due: sim::Time,
}

impl Flight {
    /// Forgets everything, keeping the buffers of the per-process tables.
    fn clear(&mut self) {
        let Flight {
            queues,
            dead,
            trapping,
            links,
            monitors,
            by_target,
            by_watcher,
            timers,
            timer_pairs,
            spare_queues,
            dying_peers,
            dying_refs,
        } = self;
        // The queues are emptied into the spares (as many as are kept).
        for q in queues.values_mut() {
            q.clear_with(|q| pool_queue(spare_queues, q));
        }
        dying_peers.clear();
        dying_refs.clear();
        queues.clear();
        dead.clear();
        trapping.clear();
        links.clear();
        monitors.clear();
        by_target.clear();
        by_watcher.clear();
        timers.clear();
        timer_pairs.clear();
    }

    fn push(&mut self, from: Pid, to: Pid, sig: Sig) {
        self.queue_mut(from, to).push_back(sig);
    }

    fn queue_mut(&mut self, from: Pid, to: Pid) -> &mut VecDeque<Sig> {
        let spare = &mut self.spare_queues;
        (self.queues.get_mut(to)).get_or_insert_with(from, || spare.pop().unwrap_or_default())
    }

    fn queue(&self, from: Pid, to: Pid) -> Option<&VecDeque<Sig>> {
        self.queues.get(to).and_then(|q| q.get(&from))
    }

    fn head(&self, from: Pid, to: Pid) -> Option<&Sig> {
        self.queue(from, to).and_then(|q| q.front())
    }

    fn pop(&mut self, from: Pid, to: Pid) -> Sig {
        let to_me = self.queues.get_mut(to);
        let q = to_me.get_mut(&from).expect("a queue with a head");
        let sig = q.pop_front().expect("a head");
        if q.is_empty()
            && let Some(q) = to_me.remove(&from)
        {
            pool_queue(&mut self.spare_queues, q);
        }
        sig
    }

    fn link(&mut self, a: Pid, b: Pid) {
        self.links.get_mut(a).insert(b);
        self.links.get_mut(b).insert(a);
    }

    fn unlink(&mut self, a: Pid, b: Pid) {
        for (x, y) in [(a, b), (b, a)] {
            self.links.get_mut(x).remove(&y);
        }
    }

    fn monitor(&mut self, r: Ref, watcher: Pid, target: Pid, name: Option<Atom>) {
        self.monitors.insert(r, (watcher, target, name));
        self.by_target.get_mut(target).insert(r);
        self.by_watcher.get_mut(watcher).insert(r);
    }

    /// Forgets monitor `r`; its (watcher, target, name), if it was active.
    fn demonitor(&mut self, r: &Ref) -> Option<(Pid, Pid, Option<Atom>)> {
        let (watcher, target, name) = self.monitors.remove(r)?;
        for (index, pid) in [
            (&mut self.by_target, target),
            (&mut self.by_watcher, watcher),
        ] {
            index.get_mut(pid).remove(r);
        }
        Some((watcher, target, name))
    }

    fn taken(&mut self, from: Pid, to: Pid, effect: Effect) -> Taken {
        Taken {
            from,
            to,
            sig: self.pop(from, to),
            effect,
            trapping: self.trapping.contains(&to),
        }
    }

    /// Follows one event. `Err` is a break of per-pair FIFO (or a delivery of something never
    /// sent); `Ok(Some)` is a signal that took effect.
    fn on_event(&mut self, ev: &Event) -> Result<Option<Taken>, String> {
        match &ev.kind {
            EventKind::Spawn {
                child,
                link,
                monitor,
            } => {
                if let Some(parent) = ev.pid {
                    if *link {
                        self.link(parent, *child);
                    }
                    if let Some(r) = monitor {
                        self.monitor(*r, parent, *child, None);
                    }
                }
            }
            EventKind::Send { to, msg } => {
                let Some(from) = ev.pid else { return Ok(None) };
                let (to, alias) = match to {
                    Dest::Pid(p) => (*p, false),
                    Dest::Alias(r) => (r.owner(), true),
                };
                if from != to {
                    let msg = msg.clone();
                    self.push(from, to, Sig::Msg { msg, alias });
                }
            }
            EventKind::ExitSignal { to, reason } => {
                if let Some(from) = ev.pid {
                    let sig = Sig::Exit {
                        reason: reason.clone(),
                        link: false,
                        unlinked: false,
                    };
                    // To itself it takes effect at once (SEMANTICS §1.4 row 3): its own
                    // queue holds nothing else, so the next event settles it.
                    self.push(from, *to, sig);
                }
            }
            EventKind::TrapExit { on } => {
                if let Some(me) = ev.pid {
                    if *on {
                        self.trapping.insert(me);
                    } else {
                        self.trapping.remove(&me);
                    }
                }
            }
            EventKind::Link { to } => {
                let Some(me) = ev.pid else { return Ok(None) };
                if me == *to {
                } else if !self.dead.contains(to) {
                    self.link(me, *to);
                } else if self.trapping.contains(&me) {
                    // Answered at once, ahead of anything else from the dead process.
                    self.queue_mut(*to, me).push_front(Sig::LinkNoproc);
                }
            }
            EventKind::Unlink { to } => {
                let Some(me) = ev.pid else { return Ok(None) };
                self.unlink(me, *to);
                // A link exit signal from `to` still in flight now finds no link (§1.3).
                if let Some(q) = self.queues.get_mut(me).get_mut(to) {
                    for s in q {
                        if let Sig::Exit {
                            link: true,
                            unlinked,
                            ..
                        } = s
                        {
                            *unlinked = true;
                        }
                    }
                }
            }
            EventKind::Monitor {
                target,
                r#ref,
                name,
                ..
            } => {
                let Some(me) = ev.pid else { return Ok(None) };
                self.monitor(*r#ref, me, *target, name.clone());
                if self.dead.contains(target) {
                    let reason = Term::atom("noproc");
                    let (r, name) = (*r#ref, name.clone());
                    self.push(*target, me, Sig::Down { r, reason, name });
                }
            }
            EventKind::Demonitor { r#ref } => {
                self.demonitor(r#ref);
            }
            EventKind::Exit { reason } => {
                let Some(me) = ev.pid else { return Ok(None) };
                return Ok(self.exit(me, reason));
            }
            EventKind::TimerSet { r#ref, ms, to, msg } => {
                let Some(from) = ev.pid else { return Ok(None) };
                let (to, alias) = match to {
                    Dest::Pid(p) => (*p, false),
                    Dest::Alias(r) => (r.owner(), true),
                };
                let (msg, due) = (msg.clone(), ev.time.plus_ms(*ms));
                let timer = Timer { alias, msg, due };
                (self.timers.entry_or_default((to, from))).insert(*r#ref, timer);
                self.timer_pairs.insert(*r#ref, (to, from));
            }
            EventKind::TimerCancel { r#ref } => {
                self.forget_timer(*r#ref);
            }
            EventKind::Deliver { from, to, msg } => {
                if self.fired(*from, *to, ev.time, |t| t.msg == *msg) {
                    return Ok(None);
                }
                return self.deliver(*from, *to, msg);
            }
            EventKind::Dropped { from, to, why } => {
                let alias = matches!(why, DropReason::InactiveAlias);
                if alias && self.fired(*from, *to, ev.time, |t| t.alias) {
                    return Ok(None);
                }
                return self.dropped(*from, *to, why);
            }
            _ => {}
        }
        Ok(None)
    }

    /// `me` exited with `reason`: perhaps killed by the head of one of its queues; whatever
    /// else was in flight to it will be dropped; it signals its links, then its monitors.
    fn exit(&mut self, me: Pid, reason: &Term) -> Option<Taken> {
        let trapping = self.trapping.contains(&me);
        // The signal that killed it, if one did: the first of the heads that could have. An
        // exit/2 `:kill` is taken only for a death with `:killed`: a death with `:kill` while
        // one is in flight is the process's own `exit(:kill)` or a link signal's (SEMANTICS
        // §1.4), and the exit/2 one then reaches a dead process. (So a kernel whose exit/2
        // `:kill` killed with `:kill` would go unnoticed here; it cannot be told apart from
        // that coincidence without knowing which signal the kernel applied.)
        let no_queues = SmallMap::default();
        let killer = (self.queues.get(me).unwrap_or(&no_queues))
            .iter()
            .find(|(_, q)| match q.front() {
                Some(Sig::Exit {
                    reason: r,
                    link: false,
                    ..
                }) if r.is_atom("kill") => reason.is_atom("killed"),
                Some(Sig::Exit {
                    reason: r,
                    unlinked,
                    ..
                }) => !trapping && !*unlinked && r == reason && !r.is_atom("normal"),
                _ => false,
            })
            .map(|(from, _)| *from);
        let taken = killer.map(|from| self.taken(from, me, Effect::Killed(reason.clone())));
        // The self-exit row: `Process.exit(self(), :normal)` without trapping.
        let taken = taken.or_else(|| {
            let own = Sig::Exit {
                reason: Term::atom("normal"),
                link: false,
                unlinked: false,
            };
            (self.head(me, me) == Some(&own) && !trapping && reason.is_atom("normal"))
                .then(|| self.taken(me, me, Effect::Killed(reason.clone())))
        });
        self.dead.insert(me);
        self.trapping.remove(&me);
        let spare = &mut self.spare_queues;
        self.queues.get_mut(me).clear_with(|q| pool_queue(spare, q));
        // Its peers and monitors, in order, into buffers kept for the next death.
        let mut peers = std::mem::take(&mut self.dying_peers);
        let links = self.links.get_mut(me);
        peers.extend(links.iter());
        links.clear();
        for &peer in &peers {
            self.unlink(me, peer);
            if !self.dead.contains(&peer) {
                let sig = Sig::Exit {
                    reason: reason.clone(),
                    link: true,
                    unlinked: false,
                };
                self.push(me, peer, sig);
            }
        }
        peers.clear();
        self.dying_peers = peers;
        // Its own monitors end; those on it fire (in the order they were taken).
        let mut refs = std::mem::take(&mut self.dying_refs);
        let held = self.by_watcher.get_mut(me);
        refs.extend(held.iter());
        held.clear();
        for r in &refs {
            self.demonitor(r);
        }
        refs.clear();
        let on_it = self.by_target.get_mut(me);
        refs.extend(on_it.iter());
        on_it.clear();
        for &r in &refs {
            if let Some((watcher, _, name)) = self.demonitor(&r)
                && !self.dead.contains(&watcher)
            {
                let reason = reason.clone();
                self.push(me, watcher, Sig::Down { r, reason, name });
            }
        }
        refs.clear();
        self.dying_refs = refs;
        taken
    }

    /// A due timer of `from` aimed at `to` that `what` fits fired now, unless the signal at
    /// the head of the pair's queue fits as well (then it is that one): consumes the timer.
    fn fired(&mut self, from: Pid, to: Pid, now: sim::Time, what: impl Fn(&Timer) -> bool) -> bool {
        let Some((r, msg)) = (self.timers.get(&(to, from)).into_iter())
            .flat_map(SmallMap::iter)
            .find(|(_, t)| t.due <= now && what(t))
            .map(|(r, t)| (*r, &t.msg))
        else {
            return false;
        };
        if matches!(self.head(from, to), Some(s) if s.is_message(from, msg)) {
            return false;
        }
        self.forget_timer(r);
        true
    }

    /// Timer `r` fired or was cancelled.
    fn forget_timer(&mut self, r: Ref) {
        let Some(pair) = self.timer_pairs.remove(&r) else {
            return;
        };
        if let Some(pending) = self.timers.get_mut(&pair) {
            pending.remove(&r);
            if pending.is_empty() {
                self.timers.remove(&pair);
            }
        }
    }

    fn deliver(&mut self, from: Pid, to: Pid, msg: &Term) -> Result<Option<Taken>, String> {
        if from == to {
            // Only its exit signals to itself are followed.
            let own =
                matches!(self.head(to, to), Some(s @ Sig::Exit { .. }) if s.is_message(from, msg));
            return Ok(own.then(|| self.taken(from, to, Effect::Delivered)));
        }
        let Some(q) = self.queue(from, to) else {
            return Err(format!(
                "{msg} from {from} was delivered to {to}, but {from} sent it nothing"
            ));
        };
        if let Some(i) = q.iter().position(|s| s.is_message(from, msg)) {
            if i > 0 {
                return Err(format!(
                    "{msg} from {from} to {to} was delivered before the {}, sent earlier",
                    q[0].describe(from)
                ));
            }
            if let Sig::Down { r, .. } = &q[0] {
                let r = *r;
                self.demonitor(&r);
            }
            return Ok(Some(self.taken(from, to, Effect::Delivered)));
        }
        Err(format!(
            "{msg} from {from} was delivered to {to}, but {from} never sent it (oldest in \
             flight: the {})",
            q[0].describe(from)
        ))
    }

    fn dropped(&mut self, from: Pid, to: Pid, why: &DropReason) -> Result<Option<Taken>, String> {
        if from == to {
            // A message to its own inactive alias (§1.7): not followed.
            return Ok(None);
        }
        if self.dead.contains(&to) {
            // Whatever was in flight to a dead process is dropped, in any order.
            return Ok(None);
        }
        let Some(head) = self.head(from, to) else {
            return Err(format!(
                "a signal from {from} to {to} was dropped ({why:?}), but {from} sent it nothing"
            ));
        };
        let fits = match (why, head) {
            (DropReason::InactiveAlias, Sig::Msg { alias, .. }) => *alias,
            (DropReason::NoMonitor, Sig::Down { .. }) => true,
            (DropReason::NoLink, Sig::Exit { link, .. }) => *link,
            (DropReason::NormalIgnored, Sig::Exit { reason, .. }) => reason.is_atom("normal"),
            _ => false,
        };
        if !fits {
            return Err(format!(
                "a signal from {from} to {to} was dropped ({why:?}) while the {}, sent \
                 earlier, was still in flight",
                head.describe(from)
            ));
        }
        Ok(Some(self.taken(from, to, Effect::Dropped(*why))))
    }
}

/// What [`Flight`] follows: every way a signal is sent, changes what it will do, or arrives.
const SIGNAL_EVENTS: &[Watch] = &[
    Watch::Kernel("spawn"),
    Watch::Kernel("send"),
    Watch::Kernel("exit-signal"),
    Watch::Kernel("trap_exit"),
    Watch::Kernel("link"),
    Watch::Kernel("unlink"),
    Watch::Kernel("monitor"),
    Watch::Kernel("demonitor"),
    Watch::Kernel("exit"),
    Watch::Kernel("deliver"),
    Watch::Kernel("drop"),
    Watch::Kernel("timer"),
    Watch::Kernel("timer-cancel"),
];

/// Follows `ev` in `flight`: the verdicts of [`PairFifo`] and of [`ExitSignals`] on it.
fn follow(flight: &mut Flight, ev: &Event) -> (Result<(), String>, Result<(), String>) {
    match flight.on_event(ev) {
        Ok(None) => (Ok(()), Ok(())),
        Ok(Some(t)) => (Ok(()), exit_signal_verdict(&t)),
        // A break of FIFO is `PairFifo`'s to report; `ExitSignals` follows what it can.
        Err(e) => (Err(e), Ok(())),
    }
}

/// Per-pair FIFO for every kind of signal (SEMANTICS §1.8).
#[derive(Default)]
pub struct PairFifo {
    flight: Flight,
}

impl Check for PairFifo {
    fn name(&self) -> &'static str {
        "pair-fifo"
    }

    fn watches(&self) -> &'static [Watch] {
        SIGNAL_EVENTS
    }

    fn reset(&mut self) {
        self.flight.clear();
    }

    fn on_event(&mut self, ev: &Event) -> Result<(), String> {
        follow(&mut self.flight, ev).0
    }
}

/// Every exit signal takes effect as its row of SEMANTICS §1.4 says.
#[derive(Default)]
pub struct ExitSignals {
    flight: Flight,
}

impl Check for ExitSignals {
    fn name(&self) -> &'static str {
        "exit-signals"
    }

    fn watches(&self) -> &'static [Watch] {
        SIGNAL_EVENTS
    }

    fn reset(&mut self) {
        self.flight.clear();
    }

    fn on_event(&mut self, ev: &Event) -> Result<(), String> {
        follow(&mut self.flight, ev).1
    }
}

/// [`PairFifo`] then [`ExitSignals`], as one check over one account of the signals in
/// flight (what [`super::Monitors::standard_for`] attaches): a monitored run follows each
/// signal event once, not once per check. It reports what the two would, in their order,
/// each under its own name ([`Check::blame`]).
pub struct SignalChecks {
    flight: Flight,
    /// The check its last failure belongs to.
    failed: &'static str,
}

impl Default for SignalChecks {
    fn default() -> SignalChecks {
        SignalChecks {
            flight: Flight::default(),
            failed: "pair-fifo",
        }
    }
}

impl Check for SignalChecks {
    fn name(&self) -> &'static str {
        "pair-fifo+exit-signals"
    }

    fn blame(&self) -> &'static str {
        self.failed
    }

    fn watches(&self) -> &'static [Watch] {
        SIGNAL_EVENTS
    }

    fn reset(&mut self) {
        self.flight.clear();
    }

    fn on_event(&mut self, ev: &Event) -> Result<(), String> {
        let (fifo, exit) = follow(&mut self.flight, ev);
        if fifo.is_err() {
            self.failed = "pair-fifo";
            return fifo;
        }
        if exit.is_err() {
            self.failed = "exit-signals";
        }
        exit
    }
}

/// The verdict on signal `t`, if it is an exit signal: SEMANTICS §1.4's row for it.
fn exit_signal_verdict(t: &Taken) -> Result<(), String> {
    let Sig::Exit {
        reason,
        link,
        unlinked,
    } = &t.sig
    else {
        return Ok(());
    };
    let (from, to) = (t.from, t.to);
    let expected = if !link && reason.is_atom("kill") {
        // §1.4 row 4: untrappable.
        Effect::Killed(Term::atom("killed"))
    } else if *link && *unlinked {
        // §1.3: the receiver unlinked first.
        Effect::Dropped(DropReason::NoLink)
    } else if t.trapping {
        Effect::Delivered
    } else if reason.is_atom("normal") {
        if from == to {
            // §1.4 row 3: `Process.exit(self(), :normal)` ends the caller.
            Effect::Killed(Term::atom("normal"))
        } else {
            Effect::Dropped(DropReason::NormalIgnored)
        }
    } else {
        Effect::Killed(reason.clone())
    };
    if t.effect == expected {
        return Ok(());
    }
    let state = if t.trapping {
        "trapping exits"
    } else {
        "not trapping exits"
    };
    let show = |e: &Effect| match e {
        Effect::Delivered => format!("became the message {}", t.sig.as_message(from)),
        Effect::Dropped(why) => format!("was dropped ({why:?})"),
        Effect::Killed(r) => format!("killed it with {r}"),
    };
    let what = t.sig.describe(from);
    Err(format!(
        "the {what} from {from} to {to} ({state}) {}; SEMANTICS §1.4: it {}",
        show(&t.effect),
        match &expected {
            Effect::Delivered => "becomes a message".to_string(),
            Effect::Dropped(why) => format!("is dropped ({why:?})"),
            Effect::Killed(r) => format!("kills it with {r}"),
        }
    ))
}

#[cfg(test)]
mod tests {
    use super::super::Monitors;
    use super::super::test_support::*;
    use super::*;

    /// The verdict of both checks on `events`, each with its own ledger — and the same
    /// verdict from the two in one ([`SignalChecks`]), as a monitored run has them.
    fn check(events: &[Event]) -> Option<super::super::Violation> {
        let apart = Monitors::new(vec![
            Box::new(PairFifo::default()),
            Box::new(ExitSignals::default()),
        ])
        .check_trace(events);
        let shared = Monitors::new(vec![Box::new(SignalChecks::default())]).check_trace(events);
        assert_eq!(apart, shared, "one ledger for both changed the verdict");
        apart
    }

    /// `is_message` says yes exactly where the built message is equal.
    #[test]
    fn is_message_agrees_with_the_message_built() {
        let (p, refs) = pids_and_refs();
        let (a, b) = (p[0], p[1]);
        let reasons = [Term::atom("normal"), Term::atom("noproc"), Term::Int(7)];
        let mut sigs = vec![Sig::LinkNoproc];
        for reason in &reasons {
            sigs.push(Sig::Msg {
                msg: reason.clone(),
                alias: false,
            });
            sigs.push(Sig::Exit {
                reason: reason.clone(),
                link: true,
                unlinked: false,
            });
            for (r, name) in [
                (refs[0], None),
                (refs[1], None),
                (refs[0], Some(Atom::Static("Reg"))),
            ] {
                sigs.push(Sig::Down {
                    r,
                    reason: reason.clone(),
                    name,
                });
            }
        }
        let mut messages: Vec<Term> = [a, b]
            .iter()
            .flat_map(|&from| sigs.iter().map(move |s| s.as_message(from)))
            .collect();
        messages.push(Term::tuple([Term::atom("EXIT"), Term::Pid(a)]));
        messages.push(Term::tuple([
            Term::atom("DOWN"),
            Term::Ref(refs[0]),
            Term::atom("process"),
            Term::tuple([Term::atom("Reg"), Term::atom("elsewhere@host")]),
            Term::atom("normal"),
        ]));
        for from in [a, b] {
            for s in &sigs {
                for m in &messages {
                    assert_eq!(s.is_message(from, m), s.as_message(from) == *m, "{s:?} {m}");
                }
            }
        }
    }

    fn send(b: &mut TraceBuilder, from: Pid, to: Pid, msg: Term) {
        b.at(
            0,
            Some(from),
            EventKind::Send {
                to: Dest::Pid(to),
                msg,
            },
        );
    }

    fn deliver(b: &mut TraceBuilder, from: Pid, to: Pid, msg: Term) {
        deliver_at(b, 1, from, to, msg);
    }

    fn deliver_at(b: &mut TraceBuilder, at: u64, from: Pid, to: Pid, msg: Term) {
        b.at(at, None, EventKind::Deliver { from, to, msg });
    }

    fn exit(b: &mut TraceBuilder, pid: Pid, reason: &'static str) {
        b.at(
            1,
            Some(pid),
            EventKind::Exit {
                reason: Term::atom(reason),
            },
        );
    }

    #[test]
    fn messages_in_order_pass_and_an_overtaking_one_is_reported() {
        let (p, _) = pids_and_refs();
        let (a, b) = (p[0], p[1]);
        let mut t = TraceBuilder::new();
        send(&mut t, a, b, Term::atom("first"));
        send(&mut t, a, b, Term::atom("second"));
        let mut good = TraceBuilder::new();
        good.events = t.events.clone();
        deliver(&mut good, a, b, Term::atom("first"));
        deliver(&mut good, a, b, Term::atom("second"));
        assert_eq!(check(&good.events), None);

        deliver(&mut t, a, b, Term::atom("second"));
        let v = check(&t.events).expect("a violation");
        assert_eq!(v.check, "pair-fifo");
        assert_eq!(v.step, 3);
        assert_eq!(
            v.message,
            format!(
                ":second from {a} to {b} was delivered before the message :first, sent earlier"
            )
        );
    }

    fn timer(b: &mut TraceBuilder, at: u64, from: Pid, to: Pid, r: sim::Ref, ms: u64) {
        let (to, msg) = (Dest::Pid(to), Term::atom("tick"));
        b.at(
            at,
            Some(from),
            EventKind::TimerSet {
                r#ref: r,
                ms,
                to,
                msg,
            },
        );
    }

    /// `Process.send_after(other, :tick, 100)`: the timer service delivers it, outside the
    /// setter's order with `other`, when it is due — and only then, and only once.
    #[test]
    fn a_timer_aimed_at_another_process_delivers_when_due() {
        let (p, r) = pids_and_refs();
        let (a, b) = (p[0], p[1]);
        let tick = || Term::atom("tick");
        let mut good = TraceBuilder::new();
        timer(&mut good, 0, a, b, r[0], 100);
        send(&mut good, a, b, Term::atom("direct"));
        deliver_at(&mut good, 100, a, b, tick());
        deliver_at(&mut good, 100, a, b, Term::atom("direct"));
        assert_eq!(check(&good.events), None);

        // Twice: the second has no timer behind it.
        let mut twice = TraceBuilder::new();
        twice.events = good.events.clone();
        deliver_at(&mut twice, 100, a, b, tick());
        let v = check(&twice.events).expect("a violation");
        assert_eq!(
            v.message,
            format!(":tick from {a} was delivered to {b}, but {a} sent it nothing")
        );

        // Before it is due.
        let mut early = TraceBuilder::new();
        timer(&mut early, 0, a, b, r[0], 100);
        deliver_at(&mut early, 50, a, b, tick());
        assert!(check(&early.events).is_some());

        // After it was cancelled.
        let mut cancelled = TraceBuilder::new();
        timer(&mut cancelled, 0, a, b, r[0], 100);
        cancelled.at(10, Some(a), EventKind::TimerCancel { r#ref: r[0] });
        deliver_at(&mut cancelled, 100, a, b, tick());
        assert!(check(&cancelled.events).is_some());
    }

    #[test]
    fn a_delivery_of_something_never_sent_is_reported() {
        let (p, _) = pids_and_refs();
        let (a, b) = (p[0], p[1]);
        let mut t = TraceBuilder::new();
        deliver(&mut t, a, b, Term::atom("ghost"));
        let v = check(&t.events).expect("a violation");
        assert_eq!(v.check, "pair-fifo");
        assert_eq!(
            v.message,
            format!(":ghost from {a} was delivered to {b}, but {a} sent it nothing")
        );
    }

    #[test]
    fn a_down_ahead_of_the_link_exit_of_the_same_death_is_reported() {
        let (p, refs) = pids_and_refs();
        let (owner, task) = (p[0], p[1]);
        let mut t = TraceBuilder::new();
        t.at(0, Some(owner), EventKind::TrapExit { on: true });
        t.at(
            0,
            Some(owner),
            EventKind::Spawn {
                child: task,
                link: true,
                monitor: None,
            },
        );
        t.at(
            0,
            Some(owner),
            EventKind::Monitor {
                target: task,
                r#ref: refs[0],
                alias: true,
                name: None,
            },
        );
        send(&mut t, task, owner, Term::atom("reply"));
        exit(&mut t, task, "boom");
        let down = Term::tuple([
            Term::atom("DOWN"),
            Term::Ref(refs[0]),
            Term::atom("process"),
            Term::Pid(task),
            Term::atom("boom"),
        ]);
        let exit_msg = exit_msg(task, Term::atom("boom"));
        let mut good = TraceBuilder::new();
        good.events = t.events.clone();
        deliver(&mut good, task, owner, Term::atom("reply"));
        deliver(&mut good, task, owner, exit_msg.clone());
        deliver(&mut good, task, owner, down.clone());
        assert_eq!(check(&good.events), None);

        // The reply overtaken by the EXIT.
        let mut late_reply = TraceBuilder::new();
        late_reply.events = t.events.clone();
        deliver(&mut late_reply, task, owner, exit_msg.clone());
        let v = check(&late_reply.events).expect("a violation");
        assert_eq!(
            v.message,
            format!(
                "{exit_msg} from {task} to {owner} was delivered before the message :reply, \
                 sent earlier"
            )
        );

        // The DOWN ahead of the EXIT.
        deliver(&mut t, task, owner, Term::atom("reply"));
        deliver(&mut t, task, owner, down.clone());
        let v = check(&t.events).expect("a violation");
        assert_eq!(v.check, "pair-fifo");
        assert_eq!(
            v.message,
            format!(
                "{down} from {task} to {owner} was delivered before the link exit signal \
                 :boom, sent earlier"
            )
        );
    }

    #[test]
    fn a_drop_that_skips_the_oldest_signal_is_reported() {
        let (p, _) = pids_and_refs();
        let (a, b) = (p[0], p[1]);
        let mut t = TraceBuilder::new();
        send(&mut t, a, b, Term::atom("m"));
        t.at(
            0,
            Some(a),
            EventKind::ExitSignal {
                to: b,
                reason: Term::atom("normal"),
            },
        );
        t.at(
            1,
            None,
            EventKind::Dropped {
                from: a,
                to: b,
                why: DropReason::NormalIgnored,
            },
        );
        let v = check(&t.events).expect("a violation");
        assert_eq!(v.check, "pair-fifo");
        assert_eq!(
            v.message,
            format!(
                "a signal from {a} to {b} was dropped (NormalIgnored) while the message :m, \
                 sent earlier, was still in flight"
            )
        );
    }

    /// One exit signal from `a` to `b`, `b` trapping or not, settled by `effect`.
    fn one_signal(
        trapping: bool,
        link: bool,
        reason: &'static str,
        effect: impl FnOnce(&mut TraceBuilder, Pid, Pid),
    ) -> Option<super::super::Violation> {
        let (p, _) = pids_and_refs();
        let (a, b) = (p[0], p[1]);
        let mut t = TraceBuilder::new();
        t.at(0, Some(b), EventKind::TrapExit { on: trapping });
        if link {
            t.at(0, Some(b), EventKind::Link { to: a });
            exit(&mut t, a, reason);
        } else {
            t.at(
                0,
                Some(a),
                EventKind::ExitSignal {
                    to: b,
                    reason: Term::atom(reason),
                },
            );
        }
        effect(&mut t, a, b);
        check(&t.events)
    }

    fn becomes_message(reason: &'static str) -> impl FnOnce(&mut TraceBuilder, Pid, Pid) {
        move |t, a, b| deliver(t, a, b, exit_msg(a, Term::atom(reason)))
    }

    fn kills(reason: &'static str) -> impl FnOnce(&mut TraceBuilder, Pid, Pid) {
        move |t, _, b| exit(t, b, reason)
    }

    fn ignored(t: &mut TraceBuilder, a: Pid, b: Pid) {
        t.at(
            1,
            None,
            EventKind::Dropped {
                from: a,
                to: b,
                why: DropReason::NormalIgnored,
            },
        );
    }

    #[test]
    fn every_row_of_the_exit_signal_table_passes() {
        for link in [false, true] {
            // :normal
            assert_eq!(one_signal(false, link, "normal", ignored), None);
            assert_eq!(
                one_signal(true, link, "normal", becomes_message("normal")),
                None
            );
            // any other reason
            assert_eq!(one_signal(false, link, "boom", kills("boom")), None);
            assert_eq!(
                one_signal(true, link, "boom", becomes_message("boom")),
                None
            );
        }
        // :kill by exit/2 is untrappable; by a link it is an ordinary reason.
        assert_eq!(one_signal(false, false, "kill", kills("killed")), None);
        assert_eq!(one_signal(true, false, "kill", kills("killed")), None);
        assert_eq!(one_signal(false, true, "kill", kills("kill")), None);
        assert_eq!(
            one_signal(true, true, "kill", becomes_message("kill")),
            None
        );
    }

    #[test]
    fn each_wrong_effect_is_reported() {
        let v = one_signal(true, false, "kill", becomes_message("kill")).expect("a violation");
        assert_eq!(v.check, "exit-signals");
        let (p, _) = pids_and_refs();
        let (a, b) = (p[0], p[1]);
        assert_eq!(
            v.message,
            format!(
                "the exit signal :kill (Process.exit/2) from {a} to {b} (trapping exits) became \
                 the message {}; SEMANTICS §1.4: it kills it with :killed",
                exit_msg(a, Term::atom("kill"))
            )
        );
        let v = one_signal(false, true, "boom", becomes_message("boom")).expect("a violation");
        assert_eq!(
            v.message,
            format!(
                "the link exit signal :boom from {a} to {b} (not trapping exits) became the \
                 message {}; SEMANTICS §1.4: it kills it with :boom",
                exit_msg(a, Term::atom("boom"))
            )
        );
        let v = one_signal(true, true, "normal", ignored).expect("a violation");
        assert_eq!(
            v.message,
            format!(
                "the link exit signal :normal from {a} to {b} (trapping exits) was dropped \
                 (NormalIgnored); SEMANTICS §1.4: it becomes a message"
            )
        );
        // A trapping process's link signal with a wrong reason is a message nobody sent.
        let v = one_signal(true, true, "boom", becomes_message("other")).expect("a violation");
        assert_eq!(v.check, "pair-fifo");
    }

    /// Found by the long property run: a process that calls `exit(:kill)` itself while a
    /// supervisor's `Process.exit(pid, :kill)` is on its way dies with `:kill`, and the
    /// signal then reaches a dead process. Not a violation; nor is a death with `:kill` from
    /// a link signal while an exit/2 `:kill` from another sender is in flight.
    #[test]
    fn a_death_with_kill_is_not_blamed_on_an_exit_kill_in_flight() {
        let (p, _) = pids_and_refs();
        let (sup, w, peer) = (p[0], p[1], p[2]);
        let kill = |t: &mut TraceBuilder| {
            t.at(
                0,
                Some(sup),
                EventKind::ExitSignal {
                    to: w,
                    reason: Term::atom("kill"),
                },
            );
        };
        let dead_receiver = |t: &mut TraceBuilder| {
            t.at(
                2,
                None,
                EventKind::Dropped {
                    from: sup,
                    to: w,
                    why: DropReason::DeadReceiver,
                },
            );
        };
        let mut own = TraceBuilder::new();
        kill(&mut own);
        exit(&mut own, w, "kill");
        dead_receiver(&mut own);
        assert_eq!(check(&own.events), None);

        let mut linked = TraceBuilder::new();
        linked.at(0, Some(w), EventKind::Link { to: peer });
        kill(&mut linked);
        exit(&mut linked, peer, "kill");
        exit(&mut linked, w, "kill");
        dead_receiver(&mut linked);
        assert_eq!(check(&linked.events), None);
    }

    #[test]
    fn a_link_signal_after_unlink_must_be_dropped() {
        let (p, _) = pids_and_refs();
        let (a, b) = (p[0], p[1]);
        let mut t = TraceBuilder::new();
        t.at(0, Some(b), EventKind::TrapExit { on: true });
        t.at(0, Some(b), EventKind::Link { to: a });
        exit(&mut t, a, "boom");
        t.at(1, Some(b), EventKind::Unlink { to: a });
        let mut good = TraceBuilder::new();
        good.events = t.events.clone();
        good.at(
            2,
            None,
            EventKind::Dropped {
                from: a,
                to: b,
                why: DropReason::NoLink,
            },
        );
        assert_eq!(check(&good.events), None);
        deliver(&mut t, a, b, exit_msg(a, Term::atom("boom")));
        let v = check(&t.events).expect("a violation");
        assert_eq!(v.check, "exit-signals");
        assert!(
            v.message
                .ends_with("SEMANTICS §1.4: it is dropped (NoLink)"),
            "{}",
            v.message
        );
    }
}
