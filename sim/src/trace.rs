//! The trace: what happened, when (virtual time) and at which step, as structured events with
//! a text rendering a person can read and a stable hash (FNV-1a over the text, identical on
//! every machine). Recording costs nothing when it is off: the kernel builds an event only if
//! a sink wants it.

use crate::ids::{Pid, Ref};
use crate::term::{Atom, Term};
use crate::time::Time;
use std::any::Any;
use std::fmt::{self, Write};
use std::rc::Rc;

/// Where a message was addressed.
#[derive(Clone, Debug, PartialEq)]
pub enum Dest {
    /// A process.
    Pid(Pid),
    /// An alias (a reference made by `monitor(..., alias: :demonitor)` or `alias()`).
    Alias(Ref),
    /// A registered name, looked up when the message goes (only a `send_after` timer's:
    /// a send to a name is a send to the pid it names then).
    Name(Atom),
}

impl fmt::Display for Dest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dest::Pid(p) => write!(f, "{p}"),
            Dest::Alias(r) => write!(f, "{r}"),
            Dest::Name(n) => write!(f, "{n}"),
        }
    }
}

/// Why an in-flight signal was dropped at delivery instead of taking effect.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum DropReason {
    /// The receiver had already exited.
    DeadReceiver,
    /// The alias it was sent to was no longer active (SEMANTICS §1.7).
    InactiveAlias,
    /// A link exit signal after `unlink` (SEMANTICS §1.3).
    NoLink,
    /// A DOWN for a monitor removed by `demonitor` (SEMANTICS §1.6).
    NoMonitor,
    /// An exit signal with reason `:normal` to a process that does not trap exits.
    NormalIgnored,
}

/// One thing that happened.
#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    /// A process was spawned (by `pid`, or by the harness when `pid` is `None`).
    Spawn {
        /// The new process.
        child: Pid,
        /// Linked atomically with the spawn.
        link: bool,
        /// Monitored atomically with the spawn.
        monitor: Option<Ref>,
    },
    /// A message was sent (it is now in flight).
    Send {
        /// Address.
        to: Dest,
        /// The message.
        msg: Term,
    },
    /// A message entered the receiver's mailbox.
    Deliver {
        /// Sender.
        from: Pid,
        /// Receiver.
        to: Pid,
        /// The message (an `{:EXIT, ...}` or `{:DOWN, ...}` for converted signals).
        msg: Term,
    },
    /// An in-flight signal was dropped at delivery.
    Dropped {
        /// Sender.
        from: Pid,
        /// Receiver.
        to: Pid,
        /// Why.
        why: DropReason,
    },
    /// A receive took a message from the mailbox.
    Receive {
        /// The message taken.
        msg: Term,
    },
    /// A receive's `after` timeout fired (or `after 0` found nothing).
    ReceiveTimeout,
    /// `link/1`.
    Link {
        /// The other process.
        to: Pid,
    },
    /// `unlink/1`.
    Unlink {
        /// The other process.
        to: Pid,
    },
    /// `monitor/1`.
    Monitor {
        /// The monitored process.
        target: Pid,
        /// The monitor reference.
        r#ref: Ref,
        /// Whether the reference is also an alias (`alias: :demonitor`).
        alias: bool,
        /// The registered name it was taken on, if any: its DOWN then names
        /// `{name, node}` instead of the pid (SEMANTICS §1.6).
        name: Option<Atom>,
    },
    /// `demonitor/2`.
    Demonitor {
        /// The monitor reference.
        r#ref: Ref,
    },
    /// `Process.exit(to, reason)` was called.
    ExitSignal {
        /// Target.
        to: Pid,
        /// Reason.
        reason: Term,
    },
    /// `Process.flag(:trap_exit, on)`.
    TrapExit {
        /// New value.
        on: bool,
    },
    /// The process ended.
    Exit {
        /// Its exit reason.
        reason: Term,
    },
    /// `send_after` set a timer.
    TimerSet {
        /// The timer reference.
        r#ref: Ref,
        /// Delay in milliseconds.
        ms: u64,
        /// Where the message goes when it fires.
        to: Dest,
        /// The message. When the timer fires it is delivered "from" the process that set
        /// the timer, outside that process's FIFO order with its receiver: the timer
        /// service, not the setter, sends it.
        msg: Term,
    },
    /// A timer was cancelled before it fired.
    TimerCancel {
        /// The timer reference.
        r#ref: Ref,
    },
    /// `Process.register(pid, name)`.
    Register {
        /// The registered process.
        pid: Pid,
        /// The name.
        name: Term,
    },
    /// A line written by process code (what `IO.puts` would print).
    Log {
        /// The text.
        text: String,
    },
    /// A typed semantic event of a layer above the kernel (the `model` crate's task and
    /// supervisor events): the kernel only stores and renders it; whoever reads it
    /// downcasts it to its own type ([`Semantic::as_any`]).
    Semantic(Rc<dyn Semantic>),
    /// A fault that the run's [`crate::Inject`] settings let the chooser inject.
    Fault(Injected),
    /// A free-form note from process code (a test's marker, a step of an interpreter):
    /// a tag and a term. Layers with events that checks depend on use [`EventKind::Semantic`].
    User {
        /// What kind of note.
        tag: &'static str,
        /// Its data.
        data: Term,
    },
}

/// An injected fault, as the trace shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Injected {
    /// A timer due at `due` was set to fire at `fires` instead (timing jitter).
    Jitter {
        /// When it was due.
        due: Time,
        /// When it fires.
        fires: Time,
    },
    /// The kernel killed `victim` (as `Process.exit(victim, :kill)` would).
    Kill {
        /// Who was killed.
        victim: Pid,
    },
    /// A signal from `from` to `to` is held back until `until`, and with it every later
    /// signal that may not overtake it.
    Delay {
        /// Its sender.
        from: Pid,
        /// Its receiver.
        to: Pid,
        /// When it is let go.
        until: Time,
    },
}

impl fmt::Display for Injected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Injected::Jitter { due, fires } => write!(f, "timer due at {due} fires at {fires}"),
            Injected::Kill { victim } => write!(f, "kill {victim}"),
            Injected::Delay { from, to, until } => {
                write!(f, "hold the signal {from} -> {to} until {until}")
            }
        }
    }
}

/// A typed event that a layer above the kernel puts into the trace (see
/// [`EventKind::Semantic`]). Its `Display` is its line in the trace (and so part of the hash).
pub trait Semantic: fmt::Display + fmt::Debug + 'static {
    /// For downcasting to the concrete type.
    fn as_any(&self) -> &dyn Any;
    /// Equality with another semantic event (of any type).
    fn same(&self, other: &dyn Semantic) -> bool;
}

impl PartialEq for dyn Semantic {
    fn eq(&self, other: &Self) -> bool {
        self.same(other)
    }
}

impl EventKind {
    /// Every variant's name ([`EventKind::name`]), in [`EventKind::index`] order.
    pub const NAMES: [&'static str; 20] = [
        "spawn",
        "send",
        "deliver",
        "drop",
        "receive",
        "receive-timeout",
        "link",
        "unlink",
        "monitor",
        "demonitor",
        "exit-signal",
        "trap_exit",
        "exit",
        "timer",
        "timer-cancel",
        "register",
        "log",
        "semantic",
        "fault",
        "user",
    ];

    /// The variant's number, below `NAMES.len()` (for tables indexed by kind of event).
    pub fn index(&self) -> usize {
        match self {
            EventKind::Spawn { .. } => 0,
            EventKind::Send { .. } => 1,
            EventKind::Deliver { .. } => 2,
            EventKind::Dropped { .. } => 3,
            EventKind::Receive { .. } => 4,
            EventKind::ReceiveTimeout => 5,
            EventKind::Link { .. } => 6,
            EventKind::Unlink { .. } => 7,
            EventKind::Monitor { .. } => 8,
            EventKind::Demonitor { .. } => 9,
            EventKind::ExitSignal { .. } => 10,
            EventKind::TrapExit { .. } => 11,
            EventKind::Exit { .. } => 12,
            EventKind::TimerSet { .. } => 13,
            EventKind::TimerCancel { .. } => 14,
            EventKind::Register { .. } => 15,
            EventKind::Log { .. } => 16,
            EventKind::Semantic(_) => 17,
            EventKind::Fault(_) => 18,
            EventKind::User { .. } => 19,
        }
    }

    /// The variant's name, for counting what kinds of events a run had.
    pub fn name(&self) -> &'static str {
        Self::NAMES[self.index()]
    }
}

/// An event with its place in the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Kernel step at which it happened (one step = one delivery or one process poll).
    pub step: u64,
    /// Virtual time.
    pub time: Time,
    /// The process that did it (`None` for the kernel or the harness).
    pub pid: Option<Pid>,
    /// What happened.
    pub kind: EventKind,
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventKind::Spawn {
                child,
                link,
                monitor,
            } => {
                write!(f, "spawn {child}")?;
                if *link {
                    f.write_str(" link")?;
                }
                if let Some(r) = monitor {
                    write!(f, " monitor {r}")?;
                }
                Ok(())
            }
            EventKind::Send { to, msg } => write!(f, "send {to} {msg}"),
            EventKind::Deliver { from, to, msg } => write!(f, "deliver {from} -> {to} {msg}"),
            EventKind::Dropped { from, to, why } => write!(f, "drop {from} -> {to} ({why:?})"),
            EventKind::Receive { msg } => write!(f, "receive {msg}"),
            EventKind::ReceiveTimeout => f.write_str("receive timeout"),
            EventKind::Link { to } => write!(f, "link {to}"),
            EventKind::Unlink { to } => write!(f, "unlink {to}"),
            EventKind::Monitor {
                target,
                r#ref,
                alias,
                name,
            } => {
                write!(
                    f,
                    "monitor {target} {ref}{}",
                    if *alias { " alias" } else { "" }
                )?;
                match name {
                    Some(n) => write!(f, " name {}", Term::Atom(n.clone())),
                    None => Ok(()),
                }
            }
            EventKind::Demonitor { r#ref } => write!(f, "demonitor {ref}"),
            EventKind::ExitSignal { to, reason } => write!(f, "exit-signal {to} {reason}"),
            EventKind::TrapExit { on } => write!(f, "trap_exit {on}"),
            EventKind::Exit { reason } => write!(f, "exit {reason}"),
            EventKind::TimerSet { r#ref, ms, .. } => write!(f, "timer {ref} {ms}ms"),
            EventKind::TimerCancel { r#ref } => write!(f, "timer-cancel {ref}"),
            EventKind::Register { pid, name } => write!(f, "register {name} {pid}"),
            EventKind::Log { text } => write!(f, "log {text:?}"),
            EventKind::Semantic(e) => write!(f, "{e}"),
            EventKind::Fault(i) => write!(f, "fault: {i}"),
            EventKind::User { tag, data } => write!(f, "{tag} {data}"),
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let who = match self.pid {
            Some(p) => p.to_string(),
            None => "kernel".to_string(),
        };
        write!(
            f,
            "{:>12} #{:<6} {:<14} {}",
            self.time.to_string(),
            self.step,
            who,
            self.kind
        )
    }
}

/// How much of the trace a run keeps.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum TraceMode {
    /// Nothing (fastest; for sweeps).
    #[default]
    Off,
    /// Only the running hash of the text rendering.
    Hash,
    /// Every event, and the hash.
    Full,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// A per-event observer, called for every event while the run is going on (online
/// invariant monitors).
pub type Observer = Box<dyn FnMut(&Event)>;

/// The event log of one run.
pub struct Trace {
    mode: TraceMode,
    events: Vec<Event>,
    hash: u64,
    line: String,
    observers: Vec<Observer>,
}

impl fmt::Debug for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Trace")
            .field("mode", &self.mode)
            .field("events", &self.events.len())
            .finish()
    }
}

impl Trace {
    pub(crate) fn new(mode: TraceMode) -> Self {
        Trace {
            mode,
            events: Vec::new(),
            hash: FNV_OFFSET,
            line: String::new(),
            observers: Vec::new(),
        }
    }

    /// True if anybody wants events (the kernel checks this before building one).
    #[inline]
    pub(crate) fn on(&self) -> bool {
        self.mode != TraceMode::Off || !self.observers.is_empty()
    }

    pub(crate) fn add_observer(&mut self, o: Observer) {
        self.observers.push(o);
    }

    /// Takes the observers out (at the end of a run).
    pub(crate) fn take_observers(&mut self) -> Vec<Observer> {
        std::mem::take(&mut self.observers)
    }

    pub(crate) fn push(&mut self, ev: Event) {
        for o in &mut self.observers {
            o(&ev);
        }
        if self.mode == TraceMode::Off {
            return;
        }
        self.line.clear();
        let _ = write!(self.line, "{ev}");
        for b in self.line.bytes().chain(std::iter::once(b'\n')) {
            self.hash = (self.hash ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
        if self.mode == TraceMode::Full {
            self.events.push(ev);
        }
    }

    /// The recorded events (empty unless the mode is `Full`).
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// FNV-1a of the text rendering of every event (each followed by a newline); stable across
    /// machines. `None` when the mode is `Off`.
    pub fn hash(&self) -> Option<u64> {
        (self.mode != TraceMode::Off).then_some(self.hash)
    }

    /// The whole trace as text, one event a line.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for e in &self.events {
            let _ = writeln!(s, "{e}");
        }
        s
    }

    /// The hash the text `s` would have (for checking a rendering against `hash`).
    pub fn hash_text(s: &str) -> u64 {
        s.bytes().fold(FNV_OFFSET, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_distinct_names_at_their_index() {
        let kinds = [
            EventKind::ReceiveTimeout,
            EventKind::Log { text: "x".into() },
            EventKind::Exit {
                reason: Term::atom("normal"),
            },
        ];
        let names: Vec<_> = kinds.iter().map(EventKind::name).collect();
        assert_eq!(names, ["receive-timeout", "log", "exit"]);
        let mut all = EventKind::NAMES.to_vec();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), EventKind::NAMES.len());
    }
}
