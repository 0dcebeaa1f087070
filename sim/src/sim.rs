//! The simulation: configuration, the step loop and the report of a run.

use crate::chooser::{Chooser, FifoChooser, RandomChooser, ReplayChooser};
use crate::ids::Pid;
use crate::kernel::{Action, Advance, Exits, Kernel, PollEnd, SignalOrder, Status};
use crate::process::Proc;
use crate::schedule::{Divergence, Schedule};
use crate::term::Term;
use crate::time::Time;
use crate::trace::{Event, Trace, TraceMode};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

pub(crate) type ProcFuture = Pin<Box<dyn Future<Output = ()>>>;

/// State shared by the step loop and process handles. The kernel and the futures are in
/// separate cells: a process being polled borrows the kernel briefly for each operation,
/// while its own future has been taken out of `futures`.
pub(crate) struct Shared {
    pub k: RefCell<Kernel>,
    /// By state slot (see `Kernel::slot`): a slot is reused only after the future of its
    /// previous process has been dropped.
    pub futures: RefCell<Vec<Option<ProcFuture>>>,
}

impl Shared {
    /// Creates a process whose body is `f(proc)`. The closure runs without any kernel
    /// borrow held, so it may itself use the handle.
    pub fn spawn<F, Fut>(
        self: &Rc<Self>,
        parent: Option<Pid>,
        link: bool,
        monitor: bool,
        f: F,
    ) -> (Pid, Option<crate::Ref>)
    where
        F: FnOnce(Proc) -> Fut,
        Fut: Future<Output = ()> + 'static,
    {
        let (pid, mref, slot) = self.k.borrow_mut().spawn(parent, link, monitor);
        let fut: ProcFuture = Box::pin(f(Proc::new(self.clone(), pid)));
        let mut futures = self.futures.borrow_mut();
        if futures.len() <= slot {
            futures.resize_with(slot + 1, || None);
        }
        debug_assert!(
            futures[slot].is_none(),
            "slot reused before its future was dropped"
        );
        futures[slot] = Some(fut);
        (pid, mref)
    }
}

/// Limits and recording for one run.
#[derive(Clone, Debug)]
pub struct Config {
    /// Stop with [`Outcome::StepBudget`] after this many steps, every 100 function calls
    /// ([`Proc::reduce`](crate::Proc::reduce)) counting as one.
    pub max_steps: u64,
    /// Stop with [`Outcome::TimeBudget`] rather than fire a timer later than this.
    pub max_time: Time,
    /// How much of the trace to keep.
    pub trace: TraceMode,
    /// Which signals keep their order in flight: one node (the default) or only per pair.
    pub signal_order: SignalOrder,
    /// Which faults the chooser may inject (none by default).
    pub inject: Inject,
    /// Whether the run keeps its decisions in [`Report::schedule`] (the default). A run
    /// whose decisions come from a seed replays from the seed alone: one that does not
    /// need them as a schedule saves their memory, about 32 bytes per decision, and the
    /// naming of each pick. Shrinking and schedule files need them: [`crate::runner`]
    /// keeps them whatever its configuration says, and a run handed to
    /// [`crate::shrink`] must keep them.
    pub record_schedule: bool,
}

/// The faults a run's chooser may inject, each through a decision of its own (so it
/// replays and shrinks) and each a `fault:` line in the trace. All off by default: then a
/// run takes exactly the decisions it would take without fault support.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Inject {
    /// Each timer (`receive ... after`, sleeps, `send_after`) may fire up to this many
    /// milliseconds late (never early), as a `Jitter` decision chooses: the timer wheel of
    /// a loaded VM, where a reply due just before a timeout can lose the race.
    pub jitter_ms: u32,
    /// At most this many processes are killed (`:kill`) in a run, each before a step that
    /// a `Kill` decision chooses.
    pub kills: u32,
    /// Each signal may be held back up to this many milliseconds (a `Delay` decision),
    /// keeping the order guarantees of [`SignalOrder`].
    pub delay_ms: u32,
}

impl Inject {
    /// True if no fault can be injected.
    pub fn is_none(&self) -> bool {
        *self == Inject::default()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_steps: 10_000_000,
            max_time: Time::from_ms(24 * 3600 * 1000),
            trace: TraceMode::Full,
            signal_order: SignalOrder::Node,
            inject: Inject::default(),
            record_schedule: true,
        }
    }
}

/// A process that waits forever when the run stops.
#[derive(Clone, Debug, PartialEq)]
pub struct Blocked {
    /// The process.
    pub pid: Pid,
    /// What it waits for (`"receive"`).
    pub waiting: &'static str,
    /// Messages left in its mailbox (none of which its receive matches).
    pub mailbox: Vec<Term>,
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Every process ended, except daemons (servers) waiting for messages.
    Completed,
    /// Nothing can happen any more, but these non-daemon processes wait forever.
    Deadlock {
        /// Who waits, on what.
        blocked: Vec<Blocked>,
    },
    /// The step budget ran out (a livelock or a very long run).
    StepBudget {
        /// Steps taken.
        steps: u64,
        /// Function calls made ([`Proc::reduce`](crate::Proc::reduce)), which the budget
        /// counts 100 to a step (a `receive ... after 0` that times out counts as 100).
        calls: u64,
    },
    /// The next event lies beyond the virtual-time budget.
    TimeBudget {
        /// When the next event was due.
        next_event: Time,
    },
    /// The run was halted ([`Sim::halt_on_exit`]), as the BEAM halts when `elixir
    /// script.exs` finishes its script: whatever else was alive at the end of that instant
    /// is cut off, its timers never fired.
    Halted {
        /// The processes alive at the halt, daemons included, by pid.
        live: Vec<Pid>,
    },
}

/// A Rust panic inside process code: a bug of the program under test (an `assert!` in a
/// property, an `unwrap`), not an Elixir crash — Elixir's `raise`, `exit` and `throw` are
/// [`crate::Proc::raise`] and friends, which never panic. The process still dies (with
/// `{%RuntimeError{message: ...}, []}`, so the run goes on as the BEAM would), and the
/// report lists the panic so that a harness can fail the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panic {
    /// The process that panicked.
    pub pid: Pid,
    /// The kernel step of the poll.
    pub step: u64,
    /// Virtual time.
    pub time: Time,
    /// The panic message.
    pub message: String,
    /// Where it panicked (`file:line:col`), when the panic hook saw it.
    pub location: Option<String>,
}

impl std::fmt::Display for Panic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "process {} panicked", self.pid)?;
        if let Some(at) = &self.location {
            write!(f, " at {at}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl Outcome {
    /// True for the ways a run ends well: every process done ([`Outcome::Completed`]) or
    /// halted as a script halts ([`Outcome::Halted`]).
    pub fn ended_well(&self) -> bool {
        matches!(self, Outcome::Completed | Outcome::Halted { .. })
    }
}

/// Everything a run produced.
#[derive(Debug)]
pub struct Report {
    /// How it ended.
    pub outcome: Outcome,
    /// Steps taken (one step = one delivery or one poll).
    pub steps: u64,
    /// Virtual time at the end.
    pub time: Time,
    /// The decisions taken: replaying them reproduces this run exactly. Empty when the run
    /// kept none ([`Config::record_schedule`]).
    pub schedule: Schedule,
    /// The trace.
    pub trace: Trace,
    /// When replaying: the first decision where the schedule stopped fitting the run.
    pub divergence: Option<Divergence>,
    /// Rust panics in process code, in the order they happened (see [`Panic`]).
    pub panics: Vec<Panic>,
    exits: Exits,
}

impl Report {
    /// The exit reason of `pid`, or `None` if it was still alive at the end.
    pub fn exit_reason(&self, pid: Pid) -> Option<&Term> {
        self.exits.get(pid)
    }
    /// Number of processes the run created.
    pub fn process_count(&self) -> usize {
        self.exits.len()
    }
    /// The trace hash (`None` when tracing was off).
    pub fn hash(&self) -> Option<u64> {
        self.trace.hash()
    }
}

thread_local! {
    /// The kernel of this thread's last finished run, emptied, for the next run to start on
    /// ([`keep_spare`]).
    static SPARE: RefCell<Option<Rc<Shared>>> = const { RefCell::new(None) };
    /// Set while process code is being polled: a panic there is process data (an exception
    /// exit reason), not a kernel failure, so the panic hook stays quiet.
    static IN_PROCESS: Cell<bool> = const { Cell::new(false) };
    /// Where the last panic in process code happened (set by the quiet hook).
    static PANIC_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn install_quiet_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_PROCESS.with(|f| f.get()) {
                let at = info.location().map(|l| l.to_string());
                PANIC_AT.with(|p| *p.borrow_mut() = at);
            } else {
                previous(info);
            }
        }));
    });
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// A simulation: spawn root processes with [`Sim::spawn`], then [`Sim::run`].
///
/// ```
/// use sim::{Sim, Term, Timeout};
/// let mut sim = Sim::seeded(1);
/// let root = sim.spawn(|p| async move {
///     let me = p.pid();
///     let child = p.spawn(move |c| async move {
///         c.sleep(10).await;
///         c.send(me, Term::atom("hi")).await;
///     }).await;
///     let got = p.receive(Timeout::Ms(100), |_| true).await;
///     assert_eq!(got, Some(Term::atom("hi")));
///     let _ = child;
/// });
/// let report = sim.run();
/// assert_eq!(report.exit_reason(root), Some(&Term::atom("normal")));
/// assert_eq!(report.time.as_ms(), 10);
/// ```
pub struct Sim {
    shared: Rc<Shared>,
    config: Config,
    panics: RefCell<Vec<Panic>>,
}

impl Sim {
    /// A simulation whose decisions come from `chooser`.
    pub fn new(chooser: impl Chooser + 'static, config: Config) -> Sim {
        install_quiet_hook();
        let trace = Trace::new(config.trace);
        let chooser = Box::new(chooser);
        let shared = match SPARE.take() {
            Some(mut spare) => {
                let s = Rc::get_mut(&mut spare).expect("nothing else holds a spare kernel");
                s.k.get_mut().start(chooser, trace, &config);
                spare
            }
            None => Rc::new(Shared {
                k: RefCell::new(Kernel::new(chooser, trace, &config)),
                futures: RefCell::new(Vec::new()),
            }),
        };
        Sim {
            shared,
            config,
            panics: RefCell::new(Vec::new()),
        }
    }

    /// Random decisions from `seed` (ChaCha8), full trace.
    pub fn seeded(seed: u64) -> Sim {
        Sim::new(RandomChooser::new(seed), Config::default())
    }

    /// Random decisions from `seed` with the given configuration.
    pub fn seeded_with(seed: u64, config: Config) -> Sim {
        Sim::new(RandomChooser::new(seed), config)
    }

    /// The FIFO default schedule (every decision 0).
    pub fn fifo() -> Sim {
        Sim::new(FifoChooser, Config::default())
    }

    /// Replays `schedule`, checking every decision against the record: where the run stops
    /// matching it is the report's [`Report::divergence`].
    pub fn replay(schedule: &Schedule, config: Config) -> Sim {
        Sim::new(ReplayChooser::new(schedule), config)
    }

    /// Replays the picks of `schedule` without checking, then takes default choices: a
    /// schedule cut short or edited on purpose (what a shrinker tries) is a valid one.
    pub fn replay_prefix(schedule: &Schedule, config: Config) -> Sim {
        Sim::new(ReplayChooser::prefix(schedule), config)
    }

    /// Halts the run when `pid` ends, whatever its exit reason (semantics §5.15): the processes still alive
    /// are cut off ([`Outcome::Halted`]). This is how `elixir script.exs` ends: the VM halts
    /// when the script's process is done. Halting takes the VM well under a millisecond
    /// (the CLI sees the script's process end, runs `at_exit`, flushes Logger, halts), and
    /// in that time the processes that can run do (verified on Elixir 1.14 / OTP 25 with
    /// `:erlang.display/1`, which needs no IO server: a process spawned by the script's
    /// last line runs; one woken by the script's last message runs; one sleeping even
    /// 1 ms never wakes). So the halt ends the current instant: every process that can
    /// run, runs until it blocks (the script's exit signals are delivered, timers due now
    /// fire), and then the run stops; no timer of a later instant fires.
    pub fn halt_on_exit(&mut self, pid: Pid) {
        self.shared.k.borrow_mut().halt_on_exit(pid);
    }

    /// Calls `f` for every event as it happens (an online monitor). Events are built for
    /// observers even when recording is off.
    pub fn observe(&mut self, f: impl FnMut(&Event) + 'static) {
        self.shared.k.borrow_mut().observe(Box::new(f));
    }

    /// Spawns a root process (no parent).
    pub fn spawn<F, Fut>(&mut self, f: F) -> Pid
    where
        F: FnOnce(Proc) -> Fut,
        Fut: Future<Output = ()> + 'static,
    {
        self.shared.spawn(None, false, false, f).0
    }

    /// Runs until nothing can happen any more or a budget runs out.
    pub fn run(self) -> Report {
        let outcome = self.run_loop();
        self.finish(outcome)
    }

    fn run_loop(&self) -> Outcome {
        loop {
            self.bury();
            let action = {
                let mut k = self.shared.k.borrow_mut();
                if k.work() >= self.config.max_steps {
                    return Outcome::StepBudget {
                        steps: k.steps(),
                        calls: k.calls(),
                    };
                }
                match k.take_forced() {
                    Some(a) => a,
                    None => {
                        if self.config.inject.kills > 0 {
                            k.maybe_kill();
                        }
                        let n = k.action_count();
                        if n == 0 {
                            // Halted: the instant is over, and time does not move on.
                            let until = if k.halted() {
                                k.now()
                            } else {
                                self.config.max_time
                            };
                            match k.advance(until) {
                                Advance::Fired => continue,
                                Advance::Quiet | Advance::TimeBudget(_) if k.halted() => {
                                    return halted_outcome(&k);
                                }
                                Advance::Quiet => return quiet_outcome(&k),
                                Advance::TimeBudget(next_event) => {
                                    return Outcome::TimeBudget { next_event };
                                }
                            }
                        }
                        let i = k.choose(crate::ChoiceKind::Step, n);
                        k.take_action(i)
                    }
                }
            };
            let mut k = self.shared.k.borrow_mut();
            k.count_step();
            match action {
                Action::Deliver(key) => k.deliver(key),
                Action::Run(pid) => {
                    drop(k);
                    self.poll(pid);
                }
            }
        }
    }

    /// Polls one process: take its future out, poll it with the kernel unborrowed and
    /// panics caught, then settle (finished ⇒ exit `:normal`; uncaught exception ⇒ its exit
    /// reason; panic ⇒ `{%RuntimeError{message: ...}, []}`): a dead process's future is
    /// dropped, a live one's put back.
    fn poll(&self, pid: Pid) {
        let Some(slot) = self.shared.k.borrow_mut().begin_poll(pid) else {
            return;
        };
        let Some(mut fut) = self.shared.futures.borrow_mut()[slot].take() else {
            return;
        };
        let waker = Waker::noop();
        let mut cx = Context::from_waker(waker);
        IN_PROCESS.with(|f| f.set(true));
        let res = catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(&mut cx)));
        IN_PROCESS.with(|f| f.set(false));
        let mut k = self.shared.k.borrow_mut();
        let end = match res {
            Ok(Poll::Ready(())) => PollEnd::Finished,
            Ok(Poll::Pending) => PollEnd::Pending,
            Err(payload) => {
                let msg = panic_message(&*payload);
                self.panics.borrow_mut().push(Panic {
                    pid,
                    step: k.steps(),
                    time: k.now(),
                    message: msg.clone(),
                    location: PANIC_AT.with(|p| p.borrow_mut().take()),
                });
                PollEnd::Panicked(Term::tuple([Term::runtime_error(&msg), Term::empty_list()]))
            }
        };
        let keep = k.end_poll(pid, end);
        drop(k);
        if keep {
            self.shared.futures.borrow_mut()[slot] = Some(fut);
        } else {
            drop(fut);
            self.shared.k.borrow_mut().release(pid);
        }
    }

    /// Drops the futures of processes that died while not being polled, and frees their
    /// slots.
    fn bury(&self) {
        loop {
            let (pid, slot) = {
                let mut k = self.shared.k.borrow_mut();
                let Some(pid) = k.next_buried() else {
                    return;
                };
                (pid, k.slot(pid))
            };
            if let Some(slot) = slot {
                let fut = self.shared.futures.borrow_mut()[slot].take();
                drop(fut);
                self.shared.k.borrow_mut().release(pid);
            }
        }
    }

    fn finish(self, outcome: Outcome) -> Report {
        // Futures hold handles to `shared`: drop them all to break the cycle.
        let futures: Vec<_> = self.shared.futures.borrow_mut().drain(..).collect();
        drop(futures);
        let mut k = self.shared.k.borrow_mut();
        let exits = k.exits();
        let (mut trace, picks) = k.take_record();
        // The run is over: no event will come. The observers go (after the kernel is
        // released), handing back whatever state they share (a monitor, a recorder).
        let observers = trace.take_observers();
        let report = Report {
            outcome,
            steps: k.steps(),
            time: k.now(),
            schedule: Schedule::new(picks),
            trace,
            divergence: k.divergence(),
            panics: self.panics.take(),
            exits,
        };
        drop(k);
        drop(observers);
        keep_spare(self.shared);
        report
    }
}

/// Keeps the kernel of a finished run as this thread's spare, emptied, for the next
/// [`Sim::new`] to start a run on instead of building one: a run of a small program allocated a
/// good part of its time away building and dropping the kernel's tables (`otpsim explore`
/// runs thousands on each thread). Not if a process handle outlived the run (the kernel is
/// still shared) or the run was large ([`Kernel::worth_keeping`]).
fn keep_spare(mut shared: Rc<Shared>) {
    let Some(s) = Rc::get_mut(&mut shared) else {
        return;
    };
    let k = s.k.get_mut();
    if !k.worth_keeping() {
        return;
    }
    // Emptied now: the spare holds nothing of the run (no term, no chooser) while it waits.
    k.empty();
    s.futures.get_mut().clear();
    SPARE.set(Some(shared));
}

fn halted_outcome(k: &Kernel) -> Outcome {
    let live = k.living().map(|p| p.pid).collect();
    Outcome::Halted { live }
}

fn quiet_outcome(k: &Kernel) -> Outcome {
    let blocked: Vec<Blocked> = k
        .living()
        .filter(|p| !p.daemon)
        .map(|p| Blocked {
            pid: p.pid,
            waiting: match p.status {
                Status::Sleeping => "sleep",
                _ => "receive",
            },
            mailbox: p.mailbox.messages().collect(),
        })
        .collect();
    if blocked.is_empty() {
        Outcome::Completed
    } else {
        Outcome::Deadlock { blocked }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Timeout;
    use crate::kernel::RENEW_MAX_PROCS;

    fn spare_kept() -> bool {
        SPARE.with(|s| s.borrow().is_some())
    }

    /// A run of `n` processes besides the root, each of which ends at once.
    fn run_of(n: u32) -> Report {
        let mut sim = Sim::seeded(1);
        sim.spawn(move |p| async move {
            for _ in 0..n {
                p.spawn(|_| async {}).await;
            }
        });
        sim.run()
    }

    /// A server answering with `receive ... after`: each answered receive cancels its
    /// timer. When the answer came before any other timer was set, the entry is taken back
    /// out; when the server slept 1 ms first (every other call), it stays behind until the
    /// stale ones are the majority and are swept. None of them fires or moves the clock;
    /// the server's sleeps, the caller's last sleep and its last, uncancelled after do.
    #[test]
    fn cancelled_wait_timers_are_swept_and_never_fire() {
        let most = Rc::new(std::cell::Cell::new(0));
        let m = most.clone();
        let mut sim = Sim::seeded(1);
        sim.spawn(move |p| async move {
            let me = p.pid();
            let echo = p
                .spawn(move |e| async move {
                    while let Some(msg) = e.receive(Timeout::Infinity, |_| true).await {
                        if msg.as_int().is_some_and(|i| i % 2 == 1) {
                            e.sleep(1).await;
                        }
                        e.send(me, msg).await;
                    }
                })
                .await;
            for i in 0..1000 {
                p.send(echo, Term::Int(i)).await;
                let got = p.receive(Timeout::Ms(10_000), |_| true).await;
                assert_eq!(got, Some(Term::Int(i)));
                m.set(m.get().max(p.queued_timers()));
            }
            p.sleep(5).await;
            assert!(p.receive(Timeout::Ms(7), |_| true).await.is_none());
        });
        let r = sim.run();
        assert!(most.get() <= 32, "{} entries queued at most", most.get());
        assert_eq!(
            r.time,
            Time::ZERO.plus_ms(512),
            "only the sleeps and the last after fired"
        );
    }

    /// Short timers set while long ones wait: the queue never settles on a timer beyond
    /// the current instant, so a timer set meanwhile is never below its last key and never
    /// makes it refile every entry (which made this quadratic: 50,000 long sleepers and
    /// 2,000 short sleeps took 1.5 s instead of 0.1 s).
    #[test]
    fn short_timers_among_long_ones_never_refile_the_queue() {
        let refiles = Rc::new(std::cell::Cell::new(u64::MAX));
        let seen = refiles.clone();
        let mut sim = Sim::seeded(1);
        sim.spawn(move |p| async move {
            for _ in 0..500 {
                p.spawn(|c| async move { c.sleep(1_000_000).await }).await;
            }
            for i in 0..300 {
                p.sleep(1).await;
                if i % 3 == 0 {
                    assert!(p.receive(Timeout::Ms(2), |_| false).await.is_none());
                }
            }
            seen.set(p.timer_refiles());
        });
        let r = sim.run();
        assert_eq!(refiles.get(), 0, "the timer queue was refiled");
        assert_eq!(r.time, Time::ZERO.plus_ms(1_000_000));
    }

    #[test]
    fn a_small_run_leaves_its_kernel_for_the_next_and_a_large_one_does_not() {
        SPARE.take();
        let small = run_of(3);
        assert!(spare_kept(), "a small run's kernel is kept");
        let sim = Sim::seeded(1);
        assert!(!spare_kept(), "the next run takes it");
        drop(sim);
        assert_eq!(run_of(3).trace.hash(), small.trace.hash());
        assert!(spare_kept());
        let large = run_of(RENEW_MAX_PROCS as u32);
        assert_eq!(large.outcome, Outcome::Completed);
        assert!(!spare_kept(), "a large run's kernel is dropped");
    }

    #[test]
    fn a_kernel_still_held_by_a_process_handle_is_not_kept() {
        SPARE.take();
        let kept = Rc::new(RefCell::new(None));
        let k = kept.clone();
        let mut sim = Sim::seeded(1);
        sim.spawn(move |p| async move {
            *k.borrow_mut() = Some(p);
        });
        sim.run();
        assert!(kept.borrow().is_some());
        assert!(
            !spare_kept(),
            "a handle outlived the run: the kernel is still shared"
        );
    }
}
