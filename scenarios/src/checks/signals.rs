//! Signals between processes, followed one by one from the moment they are sent to the
//! moment they take effect, by an independent account of what is in flight (written from
//! SEMANTICS §1.3–§1.8, sharing no code with the kernel). Two checks read that account:
//!
//! * `pair-fifo` — SEMANTICS §1.8, the only ordering guarantee: if A sends signal S1 and
//!   later S2 to the same B, S1 does not take effect after S2. This covers messages, exit
//!   signals from `Process.exit/2`, the link exit signals and DOWN messages a dying process
//!   sends — so a task's reply is ahead of its `:EXIT`/`:DOWN`, and the link `:EXIT` of a
//!   dying process is ahead of its DOWN at a peer that both links and monitors it (a dying
//!   process signals its links before its monitors, SEMANTICS §1.8 last bullet) — and every
//!   delivery is of something that was sent.
//! * `exit-signals` — SEMANTICS §1.4 (with §1.3 for unlink): every exit signal takes effect
//!   as its row of the table says. At a process that does not trap exits a `:normal` signal
//!   is ignored and any other one kills it with that reason; at a trapping one every signal
//!   becomes `{:EXIT, from, reason}`, except `Process.exit(pid, :kill)`, which kills it with
//!   `:killed`; a link exit signal that arrives after the receiver unlinked is dropped.
//!
//! [`SignalChecks`] is the two over one account, as the standard monitors have them, or
//! either alone.
//!
//! The kernel emits one event per signal as it takes effect: `Deliver` (into the mailbox,
//! messages and converted signals alike), `Dropped` (with the reason), or — for a signal
//! that kills — the receiver's `Exit`. A process's signals to itself take effect at once;
//! its messages to itself (and to its own aliases, checked when fetched, §1.7) are not
//! followed.

use super::pids::{Blank, PidMap};
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

/// The account of signals in flight. Everything a process's exit touches is kept with that
/// process, so that following a run costs O(log n) per event, however many processes it
/// has.
#[derive(Default)]
struct Flight {
    /// Per process, what the account knows of it.
    procs: PidMap<Known>,
    /// `send_after` timers not fired or cancelled yet, per (receiver, sender), by ref:
    /// what each will deliver. Their messages come from the timer service, outside the
    /// setter's per-pair order.
    timers: SmallMap<(Pid, Pid), SmallMap<Ref, Timer>>,
    /// The pair of each pending timer, for a cancel.
    timer_pairs: SmallMap<Ref, (Pid, Pid)>,
    /// Pending `send_after` timers aimed at a name, with their setter.
    named_timers: SmallMap<Ref, (Pid, Timer)>,
    /// Buffers for the peers and monitors of a dying process.
    dying_peers: Vec<Pid>,
    dying_refs: Vec<(Ref, Pid)>,
}

/// What the account knows of one process.
#[derive(Default)]
struct Known {
    dead: bool,
    trapping: bool,
    /// The signals in flight to it.
    inbox: Inbox,
    /// Its links (stored at both ends).
    links: SmallSet<Pid>,
    /// The active monitors it holds: ref → (target, name it was taken on).
    held: SmallMap<Ref, (Pid, Option<Atom>)>,
    /// The active monitors on it: ref → watcher (in ref order: the order they were taken).
    on_it: SmallMap<Ref, Pid>,
}

impl Blank for Known {
    fn blank(&mut self) {
        self.dead = false;
        self.trapping = false;
        self.inbox.clear();
        self.links.clear();
        self.held.clear();
        self.on_it.clear();
    }
}

/// Most signals an [`Inbox`] keeps in one list, in the order sent: beyond, one queue per
/// sender (a fan-in, where a scan of the list for a sender's oldest would be quadratic).
const INBOX_LIST: usize = 16;

/// The signals in flight to one process: only each sender's order matters.
enum Inbox {
    /// Every signal with its sender, in the order sent (at most [`INBOX_LIST`]): a
    /// sender's oldest is its first here. Most processes have a few signals in flight, and
    /// a walk of a short list costs less than a map of queues.
    List(Vec<(Pid, Sig)>),
    /// Per sender, oldest first.
    Queues(SmallMap<Pid, VecDeque<Sig>>),
}

impl Default for Inbox {
    fn default() -> Inbox {
        Inbox::List(Vec::new())
    }
}

impl Inbox {
    fn clear(&mut self) {
        match self {
            Inbox::List(list) => list.clear(),
            Inbox::Queues(_) => *self = Inbox::default(),
        }
    }

    /// `from`'s signal `sig`, sent after all it has in flight here (or before them, if
    /// `first`).
    fn push(&mut self, from: Pid, sig: Sig, first: bool) {
        if let Inbox::List(list) = self
            && list.len() >= INBOX_LIST
        {
            let mut queues: SmallMap<Pid, VecDeque<Sig>> = SmallMap::default();
            for (from, sig) in list.drain(..) {
                queues.entry_or_default(from).push_back(sig);
            }
            *self = Inbox::Queues(queues);
        }
        match self {
            // Only the order of one sender's signals matters: the front is before them all.
            Inbox::List(list) if first => list.insert(0, (from, sig)),
            Inbox::List(list) => list.push((from, sig)),
            Inbox::Queues(queues) if first => queues.entry_or_default(from).push_front(sig),
            Inbox::Queues(queues) => queues.entry_or_default(from).push_back(sig),
        }
    }

    /// `from`'s oldest signal in flight here.
    fn head(&self, from: Pid) -> Option<&Sig> {
        match self {
            Inbox::List(list) => list.iter().find(|(f, _)| *f == from).map(|(_, s)| s),
            Inbox::Queues(queues) => queues.get(&from).and_then(VecDeque::front),
        }
    }

    /// Takes `from`'s oldest signal out.
    fn pop(&mut self, from: Pid) -> Option<Sig> {
        match self {
            Inbox::List(list) => {
                let i = list.iter().position(|(f, _)| *f == from)?;
                Some(list.remove(i).1)
            }
            Inbox::Queues(queues) => {
                let q = queues.get_mut(&from)?;
                let sig = q.pop_front();
                if q.is_empty() {
                    queues.remove(&from);
                }
                sig
            }
        }
    }

    /// The first signal in flight from `from` that `fits`, and how many of `from`'s come
    /// before it.
    fn find(&self, from: Pid, fits: impl Fn(&Sig) -> bool) -> Option<(usize, &Sig)> {
        match self {
            Inbox::List(list) => (list.iter().filter(|(f, _)| *f == from))
                .map(|(_, s)| s)
                .enumerate()
                .find(|(_, s)| fits(s)),
            Inbox::Queues(queues) => (queues.get(&from)?.iter())
                .enumerate()
                .find(|(_, s)| fits(s)),
        }
    }

    /// `f` of each signal in flight from `from`.
    fn each_from(&mut self, from: Pid, mut f: impl FnMut(&mut Sig)) {
        match self {
            Inbox::List(list) => (list.iter_mut())
                .filter(|(s, _)| *s == from)
                .for_each(|(_, sig)| f(sig)),
            Inbox::Queues(queues) => {
                if let Some(q) = queues.get_mut(&from) {
                    q.iter_mut().for_each(f);
                }
            }
        }
    }

    /// The sender with the lowest pid whose oldest signal here `fits`.
    fn first_head(&self, fits: impl Fn(&Sig) -> bool) -> Option<Pid> {
        match self {
            Inbox::List(list) => {
                let mut best: Option<Pid> = None;
                for (i, (from, sig)) in list.iter().enumerate() {
                    let is_head = !list[..i].iter().any(|(f, _)| f == from);
                    if is_head && fits(sig) && best.is_none_or(|b| *from < b) {
                        best = Some(*from);
                    }
                }
                best
            }
            Inbox::Queues(queues) => queues
                .iter()
                .find(|(_, q)| q.front().is_some_and(&fits))
                .map(|(from, _)| *from),
        }
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
            procs,
            timers,
            timer_pairs,
            named_timers,
            dying_peers,
            dying_refs,
        } = self;
        dying_peers.clear();
        dying_refs.clear();
        procs.clear();
        timers.clear();
        timer_pairs.clear();
        named_timers.clear();
    }

    fn push(&mut self, from: Pid, to: Pid, sig: Sig) {
        self.procs.get_mut(to).inbox.push(from, sig, false);
    }

    fn head(&self, from: Pid, to: Pid) -> Option<&Sig> {
        self.procs.get(to).and_then(|k| k.inbox.head(from))
    }

    fn dead(&self, p: Pid) -> bool {
        self.procs.get(p).is_some_and(|k| k.dead)
    }

    fn trapping(&self, p: Pid) -> bool {
        self.procs.get(p).is_some_and(|k| k.trapping)
    }

    fn link(&mut self, a: Pid, b: Pid) {
        self.procs.get_mut(a).links.insert(b);
        self.procs.get_mut(b).links.insert(a);
    }

    fn unlink(&mut self, a: Pid, b: Pid) {
        self.procs.get_mut(a).links.remove(&b);
        self.procs.get_mut(b).links.remove(&a);
    }

    fn monitor(&mut self, r: Ref, watcher: Pid, target: Pid, name: Option<Atom>) {
        self.procs.get_mut(watcher).held.insert(r, (target, name));
        self.procs.get_mut(target).on_it.insert(r, watcher);
    }

    /// Forgets monitor `r` held by `watcher`; its target and name, if it was active.
    fn demonitor(&mut self, watcher: Pid, r: &Ref) -> Option<(Pid, Option<Atom>)> {
        let (target, name) = self.procs.get_mut(watcher).held.remove(r)?;
        self.procs.get_mut(target).on_it.remove(r);
        Some((target, name))
    }

    /// `from`'s oldest signal to `to` took effect as `effect`: takes it out, with
    /// `exit-signals`' verdict on it (judged here, where it is taken out: a verdict is what
    /// leaves, not the signal).
    fn taken(&mut self, from: Pid, to: Pid, effect: Effect) -> Verdict {
        let k = self.procs.get_mut(to);
        let t = Taken {
            from,
            to,
            sig: k.inbox.pop(from).expect("a signal in flight"),
            effect,
            trapping: k.trapping,
        };
        exit_signal_verdict(&t).map_err(|e| (EXIT_SIGNALS, e))
    }

    /// Follows one event: the first verdict against it, `pair-fifo`'s (a break of per-pair
    /// FIFO, or a delivery of something never sent) or `exit-signals`' (a signal that took
    /// effect otherwise than its row says), with the check's name.
    fn on_event(&mut self, ev: &Event) -> Verdict {
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
                let Some(from) = ev.pid else { return Ok(()) };
                let (to, alias) = match to {
                    Dest::Pid(p) => (*p, false),
                    Dest::Alias(r) => (r.owner(), true),
                    // (Sends go to the pid a name has: the kernel sends none to a name.)
                    Dest::Name(_) => return Ok(()),
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
                    self.procs.get_mut(me).trapping = *on;
                }
            }
            EventKind::Link { to } => {
                let Some(me) = ev.pid else { return Ok(()) };
                if me == *to {
                } else if !self.dead(*to) {
                    self.link(me, *to);
                } else if self.trapping(me) {
                    // Answered at once, ahead of anything else from the dead process.
                    (self.procs.get_mut(me).inbox).push(*to, Sig::LinkNoproc, true);
                }
            }
            EventKind::Unlink { to } => {
                let Some(me) = ev.pid else { return Ok(()) };
                self.unlink(me, *to);
                // A link exit signal from `to` still in flight now finds no link (§1.3).
                self.procs.get_mut(me).inbox.each_from(*to, |s| {
                    if let Sig::Exit {
                        link: true,
                        unlinked,
                        ..
                    } = s
                    {
                        *unlinked = true;
                    }
                });
            }
            EventKind::Monitor {
                target,
                r#ref,
                name,
                ..
            } => {
                let Some(me) = ev.pid else { return Ok(()) };
                self.monitor(*r#ref, me, *target, name.clone());
                if self.dead(*target) {
                    let reason = Term::atom("noproc");
                    let (r, name) = (*r#ref, name.clone());
                    self.push(*target, me, Sig::Down { r, reason, name });
                }
            }
            EventKind::Demonitor { r#ref } => {
                if let Some(me) = ev.pid {
                    self.demonitor(me, r#ref);
                }
            }
            EventKind::Exit { reason } => {
                let Some(me) = ev.pid else { return Ok(()) };
                return self.exit(me, reason);
            }
            EventKind::TimerSet { r#ref, ms, to, msg } => {
                let Some(from) = ev.pid else { return Ok(()) };
                let (msg, due) = (msg.clone(), ev.time.plus_ms(*ms));
                let (to, alias) = match to {
                    Dest::Pid(p) => (*p, false),
                    Dest::Alias(r) => (r.owner(), true),
                    // Whoever has the name when it fires gets it: which process is not
                    // known yet.
                    Dest::Name(_) => {
                        let timer = Timer {
                            alias: false,
                            msg,
                            due,
                        };
                        self.named_timers.insert(*r#ref, (from, timer));
                        return Ok(());
                    }
                };
                let timer = Timer { alias, msg, due };
                (self.timers.entry_or_default((to, from))).insert(*r#ref, timer);
                self.timer_pairs.insert(*r#ref, (to, from));
            }
            EventKind::TimerCancel { r#ref } => {
                self.forget_timer(*r#ref);
            }
            EventKind::Deliver { from, to, msg } => {
                if self.fired(*from, *to, ev.time, |t| t.msg == *msg) {
                    return Ok(());
                }
                return self.deliver(*from, *to, msg);
            }
            EventKind::Dropped { from, to, why } => {
                let alias = matches!(why, DropReason::InactiveAlias);
                if alias && self.fired(*from, *to, ev.time, |t| t.alias) {
                    return Ok(());
                }
                return self.dropped(*from, *to, why);
            }
            _ => {}
        }
        Ok(())
    }

    /// `me` exited with `reason`: perhaps killed by the oldest signal of one of its senders;
    /// whatever else was in flight to it will be dropped; it signals its links, then its
    /// monitors.
    fn exit(&mut self, me: Pid, reason: &Term) -> Verdict {
        let trapping = self.trapping(me);
        // The signal that killed it, if one did: the first of the heads that could have. An
        // exit/2 `:kill` is taken only for a death with `:killed`: a death with `:kill` while
        // one is in flight is the process's own `exit(:kill)` or a link signal's (SEMANTICS
        // §1.4), and the exit/2 one then reaches a dead process. (So a kernel whose exit/2
        // `:kill` killed with `:kill` would go unnoticed here; it cannot be told apart from
        // that coincidence without knowing which signal the kernel applied.)
        let killer = (self.procs.get(me)).and_then(|k| {
            k.inbox.first_head(|head| match head {
                Sig::Exit {
                    reason: r,
                    link: false,
                    ..
                } if r.is_atom("kill") => reason.is_atom("killed"),
                Sig::Exit {
                    reason: r,
                    unlinked,
                    ..
                } => !trapping && !*unlinked && r == reason && !r.is_atom("normal"),
                _ => false,
            })
        });
        let taken = killer.map(|from| self.taken(from, me, Effect::Killed(reason.clone())));
        // The self-exit row: `Process.exit(self(), :normal)` without trapping.
        let verdict = taken.or_else(|| {
            let own = Sig::Exit {
                reason: Term::atom("normal"),
                link: false,
                unlinked: false,
            };
            (self.head(me, me) == Some(&own) && !trapping && reason.is_atom("normal"))
                .then(|| self.taken(me, me, Effect::Killed(reason.clone())))
        });
        let verdict = verdict.unwrap_or(Ok(()));
        // Its peers and monitors, in order, into buffers kept for the next death.
        let mut peers = std::mem::take(&mut self.dying_peers);
        let mut held = std::mem::take(&mut self.dying_refs);
        let k = self.procs.get_mut(me);
        k.dead = true;
        k.trapping = false;
        k.inbox.clear();
        peers.extend(k.links.iter());
        k.links.clear();
        held.extend(k.held.iter().map(|(r, (target, _))| (*r, *target)));
        k.held.clear();
        for &peer in &peers {
            let p = self.procs.get_mut(peer);
            p.links.remove(&me);
            if !p.dead {
                let sig = Sig::Exit {
                    reason: reason.clone(),
                    link: true,
                    unlinked: false,
                };
                p.inbox.push(me, sig, false);
            }
        }
        peers.clear();
        self.dying_peers = peers;
        // Its own monitors end; those on it fire (in the order they were taken).
        for (r, target) in &held {
            self.procs.get_mut(*target).on_it.remove(r);
        }
        held.clear();
        let on_it = &mut self.procs.get_mut(me).on_it;
        held.extend(on_it.iter().map(|(r, watcher)| (*r, *watcher)));
        on_it.clear();
        for &(r, watcher) in &held {
            let w = self.procs.get_mut(watcher);
            if let Some((_, name)) = w.held.remove(&r)
                && !w.dead
            {
                let reason = reason.clone();
                w.inbox.push(me, Sig::Down { r, reason, name }, false);
            }
        }
        held.clear();
        self.dying_refs = held;
        verdict
    }

    /// A due timer of `from` aimed at `to` that `what` fits fired now, unless `from`'s oldest
    /// signal in flight to `to` fits as well (then it is that one): consumes the timer.
    fn fired(&mut self, from: Pid, to: Pid, now: sim::Time, what: impl Fn(&Timer) -> bool) -> bool {
        let due = |t: &Timer| t.due <= now && what(t);
        let Some((r, msg)) = (self.timers.get(&(to, from)).into_iter())
            .flat_map(SmallMap::iter)
            .find(|(_, t)| due(t))
            .map(|(r, t)| (*r, &t.msg))
            .or_else(|| {
                // A timer aimed at a name, whose holder `to` was when it fired.
                self.named_timers
                    .iter()
                    .find(|(_, (setter, t))| *setter == from && due(t))
                    .map(|(r, (_, t))| (*r, &t.msg))
            })
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
        if self.named_timers.remove(&r).is_some() {
            return;
        }
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

    fn deliver(&mut self, from: Pid, to: Pid, msg: &Term) -> Verdict {
        if from == to {
            // Only its exit signals to itself are followed.
            let own =
                matches!(self.head(to, to), Some(s @ Sig::Exit { .. }) if s.is_message(from, msg));
            return match own {
                true => self.taken(from, to, Effect::Delivered),
                false => Ok(()),
            };
        }
        let Some(oldest) = self.head(from, to) else {
            return Err(fifo(format!(
                "{msg} from {from} was delivered to {to}, but {from} sent it nothing"
            )));
        };
        let inbox = &self.procs.get(to).expect("a signal in flight").inbox;
        let Some((i, _)) = inbox.find(from, |s| s.is_message(from, msg)) else {
            return Err(fifo(format!(
                "{msg} from {from} was delivered to {to}, but {from} never sent it (oldest in \
                 flight: the {})",
                oldest.describe(from)
            )));
        };
        if i > 0 {
            return Err(fifo(format!(
                "{msg} from {from} to {to} was delivered before the {}, sent earlier",
                oldest.describe(from)
            )));
        }
        if let Sig::Down { r, .. } = oldest {
            let r = *r;
            self.demonitor(to, &r);
        }
        self.taken(from, to, Effect::Delivered)
    }

    fn dropped(&mut self, from: Pid, to: Pid, why: &DropReason) -> Verdict {
        if from == to {
            // A message to its own inactive alias (§1.7): not followed.
            return Ok(());
        }
        if self.dead(to) {
            // Whatever was in flight to a dead process is dropped, in any order.
            return Ok(());
        }
        let Some(head) = self.head(from, to) else {
            return Err(fifo(format!(
                "a signal from {from} to {to} was dropped ({why:?}), but {from} sent it nothing"
            )));
        };
        let fits = match (why, head) {
            (DropReason::InactiveAlias, Sig::Msg { alias, .. }) => *alias,
            (DropReason::NoMonitor, Sig::Down { .. }) => true,
            (DropReason::NoLink, Sig::Exit { link, .. }) => *link,
            (DropReason::NormalIgnored, Sig::Exit { reason, .. }) => reason.is_atom("normal"),
            _ => false,
        };
        if !fits {
            return Err(fifo(format!(
                "a signal from {from} to {to} was dropped ({why:?}) while the {}, sent \
                 earlier, was still in flight",
                head.describe(from)
            )));
        }
        self.taken(from, to, Effect::Dropped(*why))
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

/// A verdict on one event: the first check it breaks, by name, and how.
type Verdict = Result<(), (&'static str, String)>;

/// A `pair-fifo` verdict.
#[cold]
fn fifo(message: String) -> (&'static str, String) {
    (PAIR_FIFO, message)
}

const PAIR_FIFO: &str = "pair-fifo";
const EXIT_SIGNALS: &str = "exit-signals";

/// The signal checks over one account of the signals in flight: `pair-fifo` then
/// `exit-signals` (what [`super::Monitors::standard_for`] attaches: a monitored run follows
/// each signal event once, not once per check), each reporting under its own name
/// ([`Check::blame`]); or one of them alone ([`SignalChecks::pair_fifo`],
/// [`SignalChecks::exit_signals`]).
pub struct SignalChecks {
    flight: Flight,
    /// The one check it is, if it is one alone.
    only: Option<&'static str>,
    /// The check its last failure belongs to.
    failed: &'static str,
}

impl Default for SignalChecks {
    fn default() -> SignalChecks {
        SignalChecks {
            flight: Flight::default(),
            only: None,
            failed: PAIR_FIFO,
        }
    }
}

impl SignalChecks {
    /// `pair-fifo` alone: per-pair FIFO for every kind of signal (SEMANTICS §1.8).
    pub fn pair_fifo() -> SignalChecks {
        SignalChecks::only(PAIR_FIFO)
    }

    /// `exit-signals` alone: every exit signal takes effect as its row of SEMANTICS §1.4
    /// says.
    pub fn exit_signals() -> SignalChecks {
        SignalChecks::only(EXIT_SIGNALS)
    }

    fn only(check: &'static str) -> SignalChecks {
        SignalChecks {
            only: Some(check),
            failed: check,
            ..SignalChecks::default()
        }
    }
}

impl Check for SignalChecks {
    fn name(&self) -> &'static str {
        self.only.unwrap_or("pair-fifo+exit-signals")
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
        match self.flight.on_event(ev) {
            Err((check, e)) if self.only.is_none_or(|only| only == check) => {
                self.failed = check;
                Err(e)
            }
            _ => Ok(()),
        }
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
            Box::new(SignalChecks::pair_fifo()),
            Box::new(SignalChecks::exit_signals()),
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
        // Each check alone: a break of FIFO is `pair-fifo`'s, never `exit-signals`'s.
        let alone = |c: SignalChecks| Monitors::new(vec![Box::new(c)]).check_trace(&t.events);
        assert_eq!(alone(SignalChecks::pair_fifo()), Some(v));
        assert_eq!(alone(SignalChecks::exit_signals()), None);
    }

    /// Past [`INBOX_LIST`] signals in flight to one process, its account holds a queue per
    /// sender: each sender's order is kept across the change, and still checked after it.
    #[test]
    fn a_fan_in_past_the_short_list_keeps_each_senders_order() {
        let (p, _) = pids_and_refs();
        let (a, b, c) = (p[0], p[1], p[2]);
        let n = |i: usize| Term::Int(i as i64);
        let mut t = TraceBuilder::new();
        for i in 0..INBOX_LIST + 4 {
            send(&mut t, a, b, n(i));
            send(&mut t, c, b, n(100 + i));
        }
        // Interleaved differently from the sends, each sender in its order: fine.
        let mut good = TraceBuilder::new();
        good.events = t.events.clone();
        for i in 0..INBOX_LIST + 4 {
            deliver(&mut good, c, b, n(100 + i));
        }
        for i in 0..INBOX_LIST + 4 {
            deliver(&mut good, a, b, n(i));
        }
        assert_eq!(check(&good.events), None);
        // `a`'s third overtakes its second, with 40 signals in flight.
        deliver(&mut t, a, b, n(0));
        deliver(&mut t, c, b, n(100));
        deliver(&mut t, a, b, n(2));
        let v = check(&t.events).expect("a violation");
        assert_eq!(v.check, "pair-fifo");
        assert_eq!(
            v.message,
            format!("2 from {a} to {b} was delivered before the message 1, sent earlier")
        );
    }

    /// `Process.demonitor(r)` by a process that does not hold monitor `r` (it was handed
    /// the reference) does nothing (as the kernel has it): the holder still gets its DOWN,
    /// or, if it demonitors first, the DOWN in flight is dropped.
    #[test]
    fn a_demonitor_by_a_process_that_does_not_hold_the_monitor_changes_nothing() {
        let (p, refs) = pids_and_refs();
        let (a, b, c, r) = (p[0], p[1], p[2], refs[0]);
        let mut t = TraceBuilder::new();
        let monitor = EventKind::Monitor {
            target: b,
            r#ref: r,
            alias: false,
            name: None,
        };
        t.at(0, Some(a), monitor);
        t.at(0, Some(c), EventKind::Demonitor { r#ref: r });
        exit(&mut t, b, "normal");
        let down = Term::tuple([
            Term::atom("DOWN"),
            Term::Ref(r),
            Term::atom("process"),
            Term::Pid(b),
            Term::atom("normal"),
        ]);
        let mut delivered = TraceBuilder::new();
        delivered.events = t.events.clone();
        deliver(&mut delivered, b, a, down);
        assert_eq!(check(&delivered.events), None);
        t.at(1, Some(a), EventKind::Demonitor { r#ref: r });
        let why = DropReason::NoMonitor;
        t.at(
            1,
            None,
            EventKind::Dropped {
                from: b,
                to: a,
                why,
            },
        );
        assert_eq!(check(&t.events), None);
    }

    /// A trapping process that links to a dead one gets `{:EXIT, pid, :noproc}` at once,
    /// ahead of what the dead process had sent it before it died (SEMANTICS §1.3).
    #[test]
    fn a_link_to_a_dead_process_is_answered_ahead_of_its_signals_in_flight() {
        let (p, _) = pids_and_refs();
        let (a, b) = (p[0], p[1]);
        let mut t = TraceBuilder::new();
        t.at(0, Some(a), EventKind::TrapExit { on: true });
        send(&mut t, b, a, Term::atom("before"));
        exit(&mut t, b, "normal");
        t.at(1, Some(a), EventKind::Link { to: b });
        deliver(&mut t, b, a, exit_msg(b, Term::atom("noproc")));
        deliver(&mut t, b, a, Term::atom("before"));
        assert_eq!(check(&t.events), None);
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
