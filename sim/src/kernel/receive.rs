//! The blocking operations: selective receive with `after` (SEMANTICS §1.9) and sleep.
//!
//! A receive is polled by its future in the process; what it has looked at is kept in a
//! [`ReceiveState`], so that a receive woken by a new message looks only at what arrived
//! since (no message leaves the mailbox while its owner waits).

use super::Kernel;
use super::mailbox::Pinned;
use super::procs::{Status, Unfetched};
use crate::ids::Pid;
use crate::term::Term;
use crate::time::Timeout;
use crate::trace::{DropReason, EventKind};
use std::task::Poll;

/// Where a receive is: the mailbox numbers below `from` have been looked at and rejected.
#[derive(Default)]
pub(crate) struct ReceiveState {
    from: u64,
    started: bool,
}

impl Kernel {
    /// One poll of a receive of `pid`: the first message (from where it last looked) that
    /// `pinned` and `matcher` accept is taken out; else, on the first poll, the `after`
    /// timer is set (or `after 0` answers `None` at once); after the timer fired, `None`.
    pub fn poll_receive(
        &mut self,
        pid: Pid,
        rs: &mut ReceiveState,
        timeout: Timeout,
        pinned: Option<Pinned>,
        matcher: &mut dyn FnMut(&Term) -> bool,
    ) -> Poll<Option<Term>> {
        self.fetch(pid);
        let mut found = self.st(pid).mailbox.take(rs.from, pinned, matcher);
        // About to wait (not an `after 0`): what is on its way arrives first.
        let waits = rs.started || timeout != Timeout::Ms(0);
        if found.is_none() && waits && self.take_in_downs(pid) {
            found = self.st(pid).mailbox.take(rs.from, pinned, matcher);
        }
        let st = self.st(pid);
        if let Some(msg) = found {
            st.timed_out = false;
            st.status = Status::Runnable;
            self.cancel_wait_timer(pid);
            if self.trace.on() {
                let m = msg.clone();
                self.emit(Some(pid), || EventKind::Receive { msg: m });
            }
            return Poll::Ready(Some(msg));
        }
        rs.from = st.mailbox.next_seq();
        if !rs.started {
            rs.started = true;
            st.timed_out = false;
            match timeout {
                Timeout::Ms(0) => {
                    // Worth a step against the budget: a loop polling with `after 0`
                    // ends in it as soon as a loop of sends and receives would, where
                    // its calls alone (100 a step) would let its events pile up for
                    // 100 times longer (semantics §5, item 16).
                    self.charge_step();
                    self.emit(Some(pid), || EventKind::ReceiveTimeout);
                    return Poll::Ready(None);
                }
                Timeout::Ms(ms) => self.set_wait_timer(pid, ms, true),
                Timeout::Infinity => {}
            }
        } else if st.timed_out {
            st.timed_out = false;
            st.status = Status::Runnable;
            self.emit(Some(pid), || EventKind::ReceiveTimeout);
            return Poll::Ready(None);
        }
        self.st(pid).status = Status::Receiving;
        Poll::Pending
    }

    /// One poll of `Process.sleep(ms)` by `pid`; `started` is the future's own flag.
    pub fn poll_sleep(&mut self, pid: Pid, started: &mut bool, ms: u64) -> Poll<()> {
        if *started {
            // Only the timer makes a sleeping process runnable again.
            return if self.st(pid).status == Status::Runnable {
                Poll::Ready(())
            } else {
                Poll::Pending
            };
        }
        // `Process.sleep` is a `receive after`: it looks at the mailbox, and waiting, it
        // takes in what is on its way.
        self.fetch(pid);
        if ms == 0 {
            return Poll::Ready(());
        }
        self.take_in_downs(pid);
        *started = true;
        self.set_wait_timer(pid, ms, false);
        self.st(pid).status = Status::Sleeping;
        Poll::Pending
    }

    /// The messages in `pid`'s mailbox, oldest first (`Process.info(pid, :messages)`).
    pub fn messages(&mut self, pid: Pid) -> Vec<Term> {
        self.fetch(pid);
        self.st(pid).mailbox.messages().collect()
    }

    /// Takes in the messages `pid` sent to its own aliases (SEMANTICS §1.7): the BEAM checks
    /// an alias when the receiver fetches the signal, so a message a process sent to its own
    /// alias is dropped if the alias was deactivated before its next receive. Called by
    /// everything that reads or removes mailbox entries.
    #[inline]
    pub(super) fn fetch(&mut self, pid: Pid) {
        let st = self.st(pid);
        if st
            .unfetched()
            .iter()
            .any(|u| !matches!(u, Unfetched::Down { .. }))
        {
            self.fetch_unfetched(pid);
        }
    }

    fn fetch_unfetched(&mut self, pid: Pid) {
        let mut unfetched = self.st(pid).take_unfetched();
        unfetched.retain(|u| {
            let (seq, kept, why) = match *u {
                Unfetched::Alias { seq, alias } => (
                    seq,
                    self.alias_active(pid, alias),
                    DropReason::InactiveAlias,
                ),
                Unfetched::NameDown { seq, r } => {
                    (seq, self.take_down(pid, r).is_some(), DropReason::NoMonitor)
                }
                Unfetched::Down { .. } => return true,
            };
            if kept {
                if self.trace.on() {
                    let m = self.st(pid).mailbox.get(seq).expect("unfetched");
                    self.emit(None, || EventKind::Deliver {
                        from: pid,
                        to: pid,
                        msg: m,
                    });
                }
            } else {
                self.st(pid).mailbox.remove(seq);
                self.emit(None, || EventKind::Dropped {
                    from: pid,
                    to: pid,
                    why,
                });
            }
            false
        });
        let st = self.st(pid);
        debug_assert!(st.unfetched().is_empty(), "nothing was added meanwhile");
        st.rare().unfetched = unfetched;
    }

    /// `pid` waits: the `:noproc` DOWNs of monitors it took on dead processes arrive, those
    /// of monitors it still holds into the mailbox (semantics §1.6). True if one did.
    fn take_in_downs(&mut self, pid: Pid) -> bool {
        let st = self.st(pid);
        if !st
            .unfetched()
            .iter()
            .any(|u| matches!(u, Unfetched::Down { .. }))
        {
            return false;
        }
        let mut unfetched = st.take_unfetched();
        let mut arrived = false;
        unfetched.retain(|u| {
            let Unfetched::Down { r, from } = *u else {
                return true;
            };
            match self.take_down(pid, r) {
                Some(held) => {
                    let noproc = Term::atom("noproc");
                    let msg = super::monitors::down_message(r, held.name.as_deref(), from, noproc);
                    // Into the mailbox directly: `pid` is the one running.
                    if self.trace.on() {
                        let m = msg.clone();
                        self.emit(None, || EventKind::Deliver {
                            from,
                            to: pid,
                            msg: m,
                        });
                    }
                    self.st(pid).mailbox.push(msg);
                    arrived = true;
                }
                None => self.emit(None, || EventKind::Dropped {
                    from,
                    to: pid,
                    why: DropReason::NoMonitor,
                }),
            }
            false
        });
        let rare = self.st(pid).rare();
        unfetched.append(&mut rare.unfetched);
        rare.unfetched = unfetched;
        arrived
    }
}
