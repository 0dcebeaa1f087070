//! # sim — the otpsim kernel
//!
//! A deterministic, virtual-time, discrete-event kernel with the process semantics of the
//! BEAM (SEMANTICS.md §1): spawn, links, monitors, aliases, exit signals, trap_exit,
//! selective receive with `after`, timers and registered names. It knows nothing of `Task`
//! or supervisors; the `model` crate builds those from this crate's public API, as Elixir
//! builds them from BEAM primitives.
//!
//! ## Terminology
//!
//! * **process** — a Rust `Future` with a [`Proc`] handle, polled by the kernel.
//! * **signal** — a message, exit signal or DOWN on its way from one process to another;
//!   signals between one pair of processes arrive in order, others interleave freely.
//! * **step** — one action of the kernel: deliver one in-flight signal, or poll one process
//!   until it blocks or reaches a scheduling point.
//! * **event** — a line of the [`Trace`].
//! * **run** — one execution of a program from time zero until nothing can happen.
//! * **schedule** — the decisions a run took ([`Schedule`]); replaying it reproduces the run.
//!
//! ## Determinism
//!
//! A run is a pure function of its program and its decision stream. Every choice between
//! possible next actions goes through one [`Chooser`]; time is virtual ([`Time`]); ids are
//! per-run counters; no hash map is iterated. Same seed ⇒ byte-identical trace.
//!
//! A thread keeps the kernel of its last small run and renews it for the next
//! [`Sim::new`] (its tables keep their buffers); a renewed kernel hands out the same pids,
//! references, keys and positions as a new one, so nothing of one run reaches the next
//! (`tests/tests/renewal.rs` compares every event of runs made both ways).
//!
//! ## Example: a timeout race, and its replay
//!
//! ```
//! use sim::{Sim, Term, Timeout, Config, Schedule};
//!
//! fn program(sim: &mut Sim) -> sim::Pid {
//!     sim.spawn(|p| async move {
//!         let me = p.pid();
//!         p.spawn(move |c| async move {
//!             c.sleep(100).await;              // replies at exactly t = 100 ms ...
//!             c.send(me, Term::atom("reply")).await;
//!         }).await;
//!         // ... while the caller gives up at t = 100 ms: either may win.
//!         match p.receive(Timeout::Ms(100), |_| true).await {
//!             Some(m) => p.log(format!("got {m}")),
//!             None => p.log("timeout"),
//!         }
//!     })
//! }
//!
//! let mut sim = Sim::seeded(42);
//! program(&mut sim);
//! let first = sim.run();
//!
//! let mut again = Sim::replay(&first.schedule, Config::default());
//! program(&mut again);
//! let second = again.run();
//! assert_eq!(first.hash(), second.hash());
//! assert_eq!(first.trace.render(), second.trace.render());
//! ```
#![warn(missing_docs)]

mod chooser;
pub mod exhaustive;
pub mod faults;
mod ids;
mod kernel;
pub mod list;
mod lookup;
pub mod map;
pub mod pct;
mod process;
mod radix;
mod ranked;
pub mod runner;
mod schedule;
pub mod shrink;
mod sim;
mod term;
pub mod text;
mod time;
mod trace;

pub use chooser::{
    ChoiceKind, ChoicePoint, Chooser, DELAY_ODDS, FifoChooser, KILL_ODDS, Pick, RandomChooser,
    ReplayChooser,
};
pub use ids::{Pid, Ref};
pub use kernel::{Class, Exception, Pinned, SignalOrder};
pub use list::List;
pub use lookup::LookupMap;
pub use map::{Change, Map};
pub use process::{Catch, DemonitorOpts, Proc, Raise, Receive, SchedPoint, Sleep, SwitchOut};
pub use schedule::{
    Decision, Divergence, ENGINE, Known, MAGIC, MAGIC_V1, Mismatch, Schedule, ScheduleFile,
    parse_file, parse_seed, write_file,
};
pub use sim::{Blocked, Config, Inject, Outcome, Panic, Report, Sim};
pub use term::float;
pub use term::{Atom, Charlists, Inspect, InspectOpts, Opaque, StructValue, Term};
pub use text::Text;
pub use time::{Time, Timeout};
pub use trace::{
    Dest, DropReason, Event, EventKind, Injected, Observer, Semantic, Trace, TraceMode,
};
