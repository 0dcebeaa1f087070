//! Signals in flight (SEMANTICS §1.8): FIFO queues per (sender, receiver) pair or per
//! receiver, and the deliverable heads in send order. What a signal does when it arrives is
//! in [`super::deliver`].
//!
//! Ground rules:
//!
//! * Every in-flight signal is an entry of the `signals` slab, chained from its queue's
//!   head to its tail; only a queue's head may be delivered.
//! * `sends` holds every in-flight signal in send order, each at its `pos`; exactly the
//!   heads are counted, and the chooser picks among those.
//! * A queue is found through its sender's `out_queue` (or, per receiver, the receiver's
//!   `in_queue`) when `cached`, or else through `pair_index` — never both. It is removed
//!   when it is empty and nobody caches it.

use super::Kernel;
use super::procs::Life;
use super::slab::Key;
use crate::ids::{Pid, Ref};
use crate::term::Term;
use crate::trace::{Dest, EventKind};

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

/// A signal on its way from one process to another.
#[derive(Debug)]
pub(crate) enum Signal {
    /// An ordinary message, possibly addressed to an alias.
    Message { alias: Option<Ref>, msg: Term },
    /// An exit signal: from a dying linked process (`link`) or from `Process.exit/2`.
    Exit { reason: Term, link: bool },
    /// A monitor's DOWN.
    Down { r: Ref, reason: Term },
}

/// An in-flight signal.
#[derive(Debug)]
pub(crate) struct InFlight {
    /// Send order (unique in the run): what a decision's label names.
    pub(super) seq: u64,
    from: Pid,
    /// Its position in `Kernel::sends`.
    pos: u32,
    /// The next signal of its queue.
    next: Option<SignalKey>,
    pub(super) queue: QueueKey,
    pub(super) signal: Signal,
}

/// A handle on an in-flight signal (what an [`super::Action::Deliver`] names).
pub(crate) type SignalKey = Key<InFlight>;

/// A FIFO of in-flight signals to one receiver: those of one sender under
/// [`SignalOrder::Pair`], all of them under [`SignalOrder::Node`] (then `from` is `None`).
#[derive(Debug)]
pub(crate) struct Queue {
    from: Option<Pid>,
    pub(super) to: Pid,
    head: Option<SignalKey>,
    tail: Option<SignalKey>,
    cached: bool,
}

pub(crate) type QueueKey = Key<Queue>;

impl Kernel {
    /// `send(to, msg)` by `from`, to a pid or an alias (whose owner checks it when the
    /// message arrives, SEMANTICS §1.7).
    pub fn send(&mut self, from: Pid, to: Dest, msg: Term) {
        if self.trace.on() {
            let (d, m) = (to.clone(), msg.clone());
            self.emit(Some(from), || EventKind::Send { to: d, msg: m });
        }
        match to {
            Dest::Pid(p) => self.push_signal(from, p, Signal::Message { alias: None, msg }),
            Dest::Alias(r) => {
                let alias = Some(r);
                self.push_signal(from, r.owner, Signal::Message { alias, msg });
            }
            // (Callers send to the pid a name has; a timer looks its name up when it
            // fires. A name nobody has takes nothing.)
            Dest::Name(n) => {
                if let Some(p) = self.whereis(n.as_str()) {
                    self.push_signal(from, p, Signal::Message { alias: None, msg });
                }
            }
        }
    }

    /// `Process.exit(to, reason)` by `from` (the table of SEMANTICS §1.4 applies when the
    /// signal arrives; to itself, at once).
    pub fn send_exit(&mut self, from: Pid, to: Pid, reason: Term) {
        if self.trace.on() {
            let r = reason.clone();
            self.emit(Some(from), || EventKind::ExitSignal { to, reason: r });
        }
        let link = false;
        self.push_signal(from, to, Signal::Exit { reason, link });
    }

    /// Puts a signal in flight. Signals a process sends to itself take effect at once: a
    /// local process sees its own messages in its next receive. A message to one of its own
    /// aliases is queued unchecked: the alias is checked when it is fetched
    /// ([`Kernel::fetch`]).
    pub(super) fn push_signal(&mut self, from: Pid, to: Pid, signal: Signal) {
        if from == to {
            match signal {
                Signal::Message {
                    alias: Some(a),
                    msg,
                } => {
                    let st = self.st(to);
                    let seq = st.mailbox.push(msg);
                    st.rare()
                        .unfetched
                        .push(super::procs::Unfetched::Alias { seq, alias: a });
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
    pub(super) fn put_in_flight(&mut self, from: Pid, to: Pid, signal: Signal) {
        self.seq += 1;
        let seq = self.seq;
        let queue = match self.order {
            SignalOrder::Pair => self.pair_of(from, to),
            SignalOrder::Node => self.queue_of(to),
        };
        let key = self.signals.insert(InFlight {
            seq,
            from,
            pos: 0,
            next: None,
            queue,
            signal,
        });
        let q = &mut self.queues[queue];
        let head = match q.tail.replace(key) {
            None => {
                q.head = Some(key);
                true
            }
            Some(tail) => {
                self.signals[tail].next = Some(key);
                false
            }
        };
        let signals = &mut self.signals;
        let pos = self.sends.push(key, head, |s, pos| signals[s].pos = pos);
        self.signals[key].pos = pos;
    }

    /// Removes the in-flight signal `key` (the head of its queue) and applies it.
    pub(super) fn deliver_head(&mut self, key: SignalKey) {
        let s = self
            .signals
            .remove(key)
            .expect("delivering a signal in flight");
        self.sends.remove(s.pos);
        let q = &mut self.queues[s.queue];
        debug_assert_eq!(
            q.head,
            Some(key),
            "only the head of a queue may be delivered"
        );
        let to = q.to;
        q.head = s.next;
        match s.next {
            Some(next) => self.sends.count(self.signals[next].pos),
            None => {
                q.tail = None;
                self.queue_emptied(s.queue);
            }
        }
        self.apply(s.from, to, s.signal);
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
            while let Some(queue) = self.find_queue(to) {
                let head = self.queues[queue].head;
                let mut s = head;
                while let Some(k) = s
                    && self.signals[k].from != from
                {
                    s = self.signals[k].next;
                }
                match (s, head) {
                    (Some(_), Some(head)) => self.deliver_head(head),
                    _ => return,
                }
            }
            return;
        }
        while let Some(queue) = self.find_pair(from, to) {
            match self.queues[queue].head {
                Some(head) => self.deliver_head(head),
                None => return,
            }
        }
    }

    /// The queue of every signal in flight to `to` (under [`SignalOrder::Node`]), opened
    /// (and cached by the receiver) if it does not exist.
    fn queue_of(&mut self, to: Pid) -> QueueKey {
        if let Some(queue) = self.find_queue(to) {
            return queue;
        }
        let queue = self.new_queue(None, to);
        match self.pids.get_mut(to.0 as usize) {
            Some(e) => {
                e.in_queue = Some(queue);
                self.queues[queue].cached = true;
            }
            // Not a pid of this run (a handle from another run): no cache.
            None => {
                self.pair_index.insert((None, to), queue);
            }
        }
        queue
    }

    /// The queue of signals in flight to `to` (under [`SignalOrder::Node`]) if it exists.
    #[inline]
    fn find_queue(&self, to: Pid) -> Option<QueueKey> {
        match self.pids.get(to.0 as usize) {
            Some(e) if e.in_queue.is_some() => e.in_queue,
            _ if self.pair_index.is_empty() => None,
            _ => self.pair_index.get(&(None, to)).copied(),
        }
    }

    /// True if nothing `from` sent to `to` is still on its way (in flight, or held by a
    /// delay fault): a signal sent now could not overtake anything.
    pub(super) fn nothing_on_the_way(&self, from: Pid, to: Pid) -> bool {
        let queue = match self.order {
            SignalOrder::Pair => self.find_pair(from, to),
            SignalOrder::Node => self.find_queue(to),
        };
        let in_flight = queue.is_some_and(|q| self.queues[q].head.is_some());
        !in_flight && !self.held.contains_key(&self.hold_key(from, to))
    }

    /// The queue (from, to) if it exists.
    #[inline]
    fn find_pair(&self, from: Pid, to: Pid) -> Option<QueueKey> {
        if let Some(out) = self.pids.get(from.0 as usize).and_then(|e| e.out_queue)
            && self.queues[out].to == to
        {
            return Some(out);
        }
        if self.pair_index.is_empty() {
            return None;
        }
        self.pair_index.get(&(Some(from), to)).copied()
    }

    /// The queue (from, to), opened (and cached by the sender) if it does not exist.
    fn pair_of(&mut self, from: Pid, to: Pid) -> QueueKey {
        if let Some(queue) = self.find_pair(from, to) {
            return queue;
        }
        let queue = self.new_queue(Some(from), to);
        match self.pids.get_mut(from.0 as usize) {
            Some(e) => {
                let old = e.out_queue.replace(queue);
                self.queues[queue].cached = true;
                if let Some(old) = old {
                    self.uncache(old);
                }
            }
            // Not a pid of this run (a handle from another run): no cache.
            None => {
                self.pair_index.insert((Some(from), to), queue);
            }
        }
        queue
    }

    /// An empty, uncached queue.
    fn new_queue(&mut self, from: Option<Pid>, to: Pid) -> QueueKey {
        self.queues.insert(Queue {
            from,
            to,
            head: None,
            tail: None,
            cached: false,
        })
    }

    /// `queue` is no longer its sender's cached queue: removed if empty, else indexed.
    fn uncache(&mut self, queue: QueueKey) {
        let q = &mut self.queues[queue];
        q.cached = false;
        if q.head.is_none() {
            self.queues.remove(queue);
        } else {
            let key = (q.from, q.to);
            self.pair_index.insert(key, queue);
        }
    }

    /// `queue` just became empty: removed unless a process that holds a state caches it.
    fn queue_emptied(&mut self, queue: QueueKey) {
        let q = &self.queues[queue];
        let (from, to) = (q.from, q.to);
        if !q.cached {
            self.pair_index.remove(&(from, to));
            self.queues.remove(queue);
            return;
        }
        // Cached by a released process: nothing will reuse it.
        let holder = from.unwrap_or(to);
        if !matches!(self.pids[holder.0 as usize].life, Life::Held(_)) {
            let e = &mut self.pids[holder.0 as usize];
            match from {
                Some(_) => e.out_queue = None,
                None => e.in_queue = None,
            }
            self.queues.remove(queue);
        }
    }

    /// At the release of `pid`: the queues it caches are removed if empty (a queue with
    /// signals still in flight is removed when it empties).
    pub(super) fn release_queues(&mut self, pid: Pid) {
        let e = self.pids[pid.0 as usize];
        for (queue, is_out) in [(e.out_queue, true), (e.in_queue, false)] {
            let Some(queue) = queue else { continue };
            if self.queues[queue].head.is_none() {
                let e = &mut self.pids[pid.0 as usize];
                if is_out {
                    e.out_queue = None;
                } else {
                    e.in_queue = None;
                }
                self.queues.remove(queue);
            }
        }
    }
}
