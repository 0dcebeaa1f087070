//! A process's flags, its registered name and its pending exception, and the two ends of a
//! poll (what the step loop asks the kernel before and after polling a process).

use super::procs::{Fate, Status};
use super::{Class, Exception, Kernel};
use crate::ids::Pid;
use crate::term::Term;
use crate::trace::EventKind;

/// How a poll of a process ended, as the step loop saw it.
pub(crate) enum PollEnd {
    /// Its future finished: it exits `:normal`.
    Finished,
    /// Its future is pending: blocked, at a scheduling point, or with an exception left.
    Pending,
    /// It panicked: it exits with `reason`.
    Panicked(Term),
}

impl Kernel {
    /// `Process.flag(:trap_exit, on)` by `pid` ⇒ the previous value.
    pub fn set_trap_exit(&mut self, pid: Pid, on: bool) -> bool {
        self.emit(Some(pid), || EventKind::TrapExit { on });
        std::mem::replace(&mut self.st(pid).trap_exit, on)
    }

    pub fn is_trapping(&mut self, pid: Pid) -> bool {
        self.st(pid).trap_exit
    }

    /// Marks `pid` as a server that may wait forever (not a deadlock).
    pub fn set_daemon(&mut self, pid: Pid, on: bool) {
        self.st(pid).daemon = on;
    }

    /// `Process.register(pid, name)` by `me`: `false` if the name is taken, `pid` is dead
    /// or already has a name.
    pub fn register(&mut self, me: Pid, name: &str, pid: Pid) -> bool {
        if self.names.contains_key(name) || !self.alive(pid) || self.st(pid).name().is_some() {
            return false;
        }
        self.names.insert(name.to_string(), pid);
        self.st(pid).rare().name = Some(name.into());
        self.emit(Some(me), || EventKind::Register {
            pid,
            name: Term::atom_dyn(name),
        });
        true
    }

    /// `Process.whereis(name)`.
    pub fn whereis(&self, name: &str) -> Option<Pid> {
        self.names.get(name).copied()
    }

    /// `Process.unregister(name)`: `false` if nobody has the name.
    pub fn unregister(&mut self, name: &str) -> bool {
        let Some(pid) = self.names.remove(name) else {
            return false;
        };
        if let Some(rare) = self.st(pid).rare.as_deref_mut() {
            rare.name = None;
        }
        true
    }

    /// The registered name of `pid`, if it has one.
    pub fn name_of(&mut self, pid: Pid) -> Option<std::rc::Rc<str>> {
        self.st(pid).name().cloned()
    }

    /// `[head | rest]` (`[head]` unless `rest` is a list) for `pid`: the same list as
    /// the last time it asked with an equal `head` and `rest` (the kernel remembers the
    /// last four asks, a table kept from run to run, so that no process pays for it), so
    /// that a process that starts thousands of others hands each the same one-cell
    /// lineage list (`proc_lib`'s `$ancestors`, `$callers`) instead of a list each.
    pub fn shared_cons(&mut self, pid: Pid, head: Term, rest: Option<Term>) -> Term {
        const REMEMBERED: usize = 4;
        let conses = &mut self.conses;
        let asked =
            |(p, h, r, _): &&(Pid, Term, Option<Term>, Term)| *p == pid && *h == head && *r == rest;
        if let Some((_, _, _, list)) = conses.iter().find(asked) {
            return list.clone();
        }
        let list = match &rest {
            Some(Term::List(rest)) => Term::List(crate::List::cons(head.clone(), rest.clone())),
            _ => Term::list([head.clone()]),
        };
        if conses.len() == REMEMBERED {
            conses.remove(0);
        }
        conses.push((pid, head, rest, list.clone()));
        list
    }

    /// `pid` raised `exc`: it waits for a `catch` or for the end of the poll.
    pub fn raise(&mut self, pid: Pid, exc: Exception) {
        let st = self.st(pid);
        if st.status != Status::Dead {
            st.fate = Fate::Raised(Box::new(exc));
        }
    }

    /// Takes `pid`'s pending exception if it is of one of `classes`.
    pub fn catch(&mut self, pid: Pid, classes: &[Class]) -> Option<Exception> {
        let st = self.st(pid);
        match &st.fate {
            Fate::Raised(e) if classes.contains(&e.class) => {
                match std::mem::replace(&mut st.fate, Fate::Running) {
                    Fate::Raised(e) => Some(*e),
                    _ => unreachable!(),
                }
            }
            _ => None,
        }
    }

    /// Before polling `pid`: it becomes the current process. Its slot, if it still holds one.
    pub fn begin_poll(&mut self, pid: Pid) -> Option<usize> {
        let slot = self.slot(pid)?;
        self.current = Some(pid);
        self.reductions = 0;
        Some(slot)
    }

    /// After polling `pid`: settles how the poll ended (an uncaught exception ends the
    /// process with its exit reason; a runnable process goes back to the run queue).
    /// True if its future must be kept; false if it is dead and its future must be dropped,
    /// then [`Kernel::release`] called.
    pub fn end_poll(&mut self, pid: Pid, end: PollEnd) -> bool {
        // `pid` stays current while it is settled: if it dies here, its future is dropped
        // by the caller, so it is neither in the run queue nor one for the graveyard.
        let keep = match end {
            PollEnd::Finished => {
                self.terminate(pid, Term::atom("normal"));
                false
            }
            PollEnd::Panicked(reason) => {
                self.terminate(pid, reason);
                false
            }
            PollEnd::Pending => {
                let st = self.st(pid);
                if let Fate::Raised(_) = st.fate
                    && let Fate::Raised(exc) = std::mem::replace(&mut st.fate, Fate::Running)
                {
                    self.terminate(pid, exc.exit_reason());
                }
                match self.st(pid).status {
                    Status::Dead => false,
                    Status::Runnable => {
                        self.queue(pid);
                        true
                    }
                    Status::Receiving | Status::Sleeping => true,
                }
            }
        };
        self.current = None;
        keep
    }
}
