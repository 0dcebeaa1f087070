//! Two checks the standard library (`scenarios::checks`) does not have yet, written against
//! the same [`Check`] trait so they can move there unchanged:
//!
//! * [`PairFifo`] — messages from one process to another are delivered in the order they
//!   were sent (SEMANTICS §1.8, the only ordering guarantee).
//! * [`ExitBeforeDown`] — a dying process signals its links before its monitors: a peer that
//!   is both linked to it and monitoring it never gets the DOWN before the EXIT signal has
//!   taken effect (SEMANTICS §1.8 "observed `{:EXIT,...}` before `{:DOWN,...}` in 2000/2000
//!   runs", §7; what a trapping owner of a crashing `Task.async` task sees).

use scenarios::checks::{Check, Monitors};
use sim::{Dest, DropReason, Event, EventKind, Pid, Term};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// This module's checks, as a monitor set (run beside `Monitors::standard()`).
pub fn extra_monitors() -> Monitors {
    Monitors::new(vec![
        Box::new(PairFifo::default()),
        Box::new(ExitBeforeDown::default()),
    ])
}

/// Per-pair FIFO for messages (not exit signals, which have no `Send` event): a delivery
/// from `a` to `b` must be the oldest message `a` sent `b` that is still in flight.
#[derive(Default)]
pub struct PairFifo {
    /// In flight, per (sender, receiver): the message and whether it went to an alias.
    queues: BTreeMap<(Pid, Pid), VecDeque<(Term, bool)>>,
}

impl Check for PairFifo {
    fn name(&self) -> &'static str {
        "pair-fifo"
    }

    fn on_event(&mut self, ev: &Event) -> Result<(), String> {
        match &ev.kind {
            EventKind::Send { to, msg } => {
                let Some(from) = ev.pid else { return Ok(()) };
                let (to, alias) = match to {
                    Dest::Pid(p) => (*p, false),
                    Dest::Alias(r) => (r.owner(), true),
                };
                // A process's messages to itself (and to its own aliases) skip the flight.
                if from != to {
                    let q = self.queues.entry((from, to)).or_default();
                    q.push_back((msg.clone(), alias));
                }
            }
            EventKind::Deliver { from, to, msg } => {
                let Some(q) = self.queues.get_mut(&(*from, *to)) else {
                    return Ok(());
                };
                // Converted signals (EXIT, DOWN) are not in the queue: not found, not checked.
                if let Some(i) = q.iter().position(|(m, _)| m == msg) {
                    if i > 0 {
                        return Err(format!(
                            "{msg} from {from} to {to} was delivered before {}, sent earlier",
                            q[0].0
                        ));
                    }
                    q.pop_front();
                }
            }
            EventKind::Dropped {
                from,
                to,
                why: DropReason::InactiveAlias,
            } => {
                if let Some(q) = self.queues.get_mut(&(*from, *to))
                    && let Some(i) = q.iter().position(|(_, alias)| *alias)
                {
                    q.remove(i);
                }
            }
            EventKind::Exit { .. } => {
                // Whatever was in flight to it is dropped.
                if let Some(dead) = ev.pid {
                    self.queues.retain(|(_, to), _| *to != dead);
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// A dying process's link EXIT signals take effect before its DOWN messages, per peer.
#[derive(Default)]
pub struct ExitBeforeDown {
    alive: BTreeSet<Pid>,
    /// Links, each pair stored once as (smaller, larger).
    links: BTreeSet<(Pid, Pid)>,
    /// (dead, peer): the link EXIT from `dead` has not yet taken effect at `peer`.
    pending: BTreeSet<(Pid, Pid)>,
}

fn pair(a: Pid, b: Pid) -> (Pid, Pid) {
    if a < b { (a, b) } else { (b, a) }
}

impl Check for ExitBeforeDown {
    fn name(&self) -> &'static str {
        "exit-before-down"
    }

    fn on_event(&mut self, ev: &Event) -> Result<(), String> {
        match &ev.kind {
            EventKind::Spawn { child, link, .. } => {
                self.alive.insert(*child);
                if let (true, Some(parent)) = (*link, ev.pid) {
                    self.links.insert(pair(parent, *child));
                }
            }
            EventKind::Link { to } => {
                if let Some(me) = ev.pid
                    && me != *to
                    && self.alive.contains(to)
                {
                    self.links.insert(pair(me, *to));
                }
            }
            EventKind::Unlink { to } => {
                if let Some(me) = ev.pid {
                    self.links.remove(&pair(me, *to));
                }
            }
            EventKind::Exit { .. } => {
                let Some(dead) = ev.pid else { return Ok(()) };
                self.alive.remove(&dead);
                // A dead receiver takes no more signals.
                self.pending.retain(|(_, peer)| *peer != dead);
                let peers: Vec<Pid> = self
                    .links
                    .iter()
                    .filter_map(|&(a, b)| {
                        if a == dead {
                            Some(b)
                        } else if b == dead {
                            Some(a)
                        } else {
                            None
                        }
                    })
                    .collect();
                for peer in peers {
                    self.links.remove(&pair(dead, peer));
                    if self.alive.contains(&peer) {
                        self.pending.insert((dead, peer));
                    }
                }
            }
            EventKind::Deliver { from, to, msg } => {
                if let Some([tag, _, _, Term::Pid(who), _]) = msg.as_tuple()
                    && tag.is_atom("DOWN")
                    && who == from
                    && self.pending.contains(&(*from, *to))
                {
                    return Err(format!(
                        "{to} got the DOWN for {from} before {from}'s link EXIT signal: {msg}"
                    ));
                }
                if let Some([tag, Term::Pid(who), _]) = msg.as_tuple()
                    && tag.is_atom("EXIT")
                    && who == from
                {
                    self.pending.remove(&(*from, *to));
                }
            }
            EventKind::Dropped { from, to, .. } => {
                self.pending.remove(&(*from, *to));
            }
            _ => {}
        }
        Ok(())
    }
}
