//! What a signal does when it takes effect at its receiver (SEMANTICS §1.4, §1.6, §1.7 at
//! delivery time), and the mailbox it may land in.

use super::Kernel;
use super::mailbox::DownReason;
use super::procs::Status;
use super::signals::Signal;
use crate::faults::{self, Fault};
use crate::ids::{Pid, Ref};
use crate::term::Term;
use crate::trace::{DropReason, EventKind};

impl Kernel {
    /// A signal takes effect at its receiver.
    pub(super) fn apply(&mut self, from: Pid, to: Pid, signal: Signal) {
        if !self.alive(to) {
            self.dropped(from, to, DropReason::DeadReceiver);
            return;
        }
        match signal {
            Signal::Message { alias, msg } => {
                if let Some(a) = alias
                    && !self.alias_active(to, a)
                {
                    self.dropped(from, to, DropReason::InactiveAlias);
                    return;
                }
                self.enqueue(from, to, msg);
            }
            Signal::Down { r, reason } => {
                let Some(held) = self.take_down(to, r) else {
                    self.dropped(from, to, DropReason::NoMonitor);
                    return;
                };
                if held.name.is_none()
                    && !self.trace.on()
                    && let Some(why) = DownReason::of(&reason)
                {
                    self.enqueue_down(from, to, r, why);
                } else {
                    // Built at once: for its event, or to name a registered name.
                    let msg = super::monitors::down_message(r, held.name.as_deref(), from, reason);
                    self.enqueue(from, to, msg);
                }
            }
            Signal::Exit { reason, link } => self.apply_exit(from, to, reason, link),
        }
    }

    fn dropped(&mut self, from: Pid, to: Pid, why: DropReason) {
        self.emit(None, || EventKind::Dropped { from, to, why });
    }

    /// SEMANTICS §1.4, the table, row by row.
    fn apply_exit(&mut self, from: Pid, to: Pid, reason: Term, link: bool) {
        if link && !self.take_link(to, from) {
            self.dropped(from, to, DropReason::NoLink);
            return;
        }
        let trapping = self.st(to).trap_exit;
        // `Fault::KillTrappable` (tests only) lets a trapping process catch it.
        if !link && reason.is_atom("kill") && !(trapping && faults::active(Fault::KillTrappable)) {
            // exit/2 with :kill is untrappable; links then see :killed.
            self.terminate(to, Term::atom("killed"));
        } else if trapping {
            let msg = Term::tuple([Term::atom("EXIT"), Term::Pid(from), reason]);
            self.enqueue(from, to, msg);
        } else if reason.is_atom("normal") {
            if !link && from == to {
                self.terminate(to, super::normal());
            } else {
                self.dropped(from, to, DropReason::NormalIgnored);
            }
        } else {
            self.terminate(to, reason);
        }
    }

    /// A message enters `to`'s mailbox; a process blocked in receive wakes to look at it.
    pub(super) fn enqueue(&mut self, from: Pid, to: Pid, msg: Term) {
        if self.trace.on() {
            let m = msg.clone();
            self.emit(None, || EventKind::Deliver { from, to, msg: m });
        }
        let st = self.st(to);
        st.mailbox.push(msg);
        if st.status == Status::Receiving {
            self.make_runnable(to);
        }
    }

    /// [`Kernel::enqueue`] of the DOWN of monitor `r` from `from`, held unbuilt (untraced
    /// runs only: a traced delivery shows the message).
    fn enqueue_down(&mut self, from: Pid, to: Pid, r: Ref, reason: DownReason) {
        let st = self.st(to);
        st.mailbox.push_down(r, from, reason);
        if st.status == Status::Receiving {
            self.make_runnable(to);
        }
    }
}
