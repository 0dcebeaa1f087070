//! A generator of race-free programs for conformance runs, deterministic from a `u64` seed
//! (ChaCha8).
//!
//! ## What is generated
//!
//! Programs of two families in a fixed rotation (`SCHEDULE`: in every thirty, eighteen step
//! programs and twelve written as Elixir), so each kind has its share of a batch ([`mix`]
//! counts them by [`KINDS`]). The step programs (six task programs, four `Supervisor`s, two
//! `DynamicSupervisor`s, three `Task.Supervisor`s, three `GenServer`s and two
//! restart-intensity programs in every twenty of them) are programs of the step language,
//! printed as Elixir; the second family (`gen_exs.rs`) writes Elixir source directly, for
//! what the step language cannot say. Each family draws from its own random stream.
//!
//! * **Tasks** (below): `main` starts one to three processes — `Task.async` tasks,
//!   `Task.start`/`start_link` tasks, `spawn`/`spawn_link` processes, some with tasks of their
//!   own (nested trees) — that work for a while and then return a value, raise, exit with a
//!   reason, trap exits, send to their parent or wait for a message; `main` then awaits
//!   (with timeouts longer or shorter than the work), yields, `yield_many`s, `await_many`s,
//!   shuts down, ignores, kills or signals them, receives what arrives (`EXIT`, `DOWN`,
//!   messages, with `after`), catches exits and rescues exceptions, and may crash itself.
//! * **Supervisors** (`gen_sup.rs`): `Supervisor` trees up to three levels deep (a crash
//!   deep down escalates level by level), `DynamicSupervisor`s with children that trap exits
//!   and outlive their shutdown time, `Task.Supervisor`s with `start_child`, `async_nolink`
//!   and linked `async` tasks (whose crash reaches `main`), `children` of a supervisor that
//!   is gone; supervisors named (`TopSup`, `:top_sup`) and called by name or binding.
//! * **GenServers** (`gen_srv.rs`): `handle_call` clauses that reply after some work, crash,
//!   exit or match nothing; calls with timeouts shorter and longer than the work, from `main`
//!   and from a second caller queued behind it, by binding or by name; `stop`, exit signals
//!   and calls to a server that is gone.
//! * **Restart intensity** (`gen_window.rs`): `max_seconds` 1 or 2 and a child that keeps
//!   crashing, so that the restarts a window counts cross whole-second boundaries.
//! * **Child start results** (`gen_exs_start.rs`, Elixir): start functions returning
//!   `{:ok, pid}`, `{:ok, pid, info}`, `:ignore`, `{:error, reason}`, raising or exiting,
//!   and one that starts the first time and fails on restarts (each retry counted against
//!   the intensity), under a `Supervisor` or a `DynamicSupervisor`.
//! * **Streams** (`gen_exs_stream.rs`, Elixir): `Task.async_stream`,
//!   `Task.Supervisor.async_stream(_nolink)` with every option, consumed by `Enum.to_list`,
//!   `Enum.each`, `Enum.take`, `Stream.map` and `Enum.zip`.
//! * **Monitors** (`gen_exs_monitor.rs`, Elixir): `Process.monitor` by pid, name and
//!   `{name, node}`, `DOWN`s, `Process.demonitor` with `[:flush]` and `[:info]`.
//! * **Callback modules** (`gen_exs_callback.rs`, Elixir): `use GenServer`, `use Task` and
//!   `use Supervisor` modules.
//!
//! ## What is kept
//!
//! Every timing constant (in an Elixir program, every slot: `gen_exs.rs`) is a multiple of
//! the *grid*, twice the comparison quantum (100 ms for the default quantum of 50), so two
//! events of a program are either in the same
//! millisecond or at least a grid apart. Candidates are kept only if [`race_free`] (an
//! Elixir one: its analogue on the lowered program, run as `otpsim run` runs a file): the
//! simulator gives the same observations under several seeds *and* with every timing
//! constant nudged by a few milliseconds (at random, and with `main` early or late against
//! everyone else). A program whose outcome hangs on two events of the same millisecond (a
//! reply and a timeout due together, two messages from different senders arriving together,
//! a child's timer and a shutdown coming down the tree) fails that test and is dropped, so
//! what is kept has one outcome on a real VM too. So is a program whose outcome hangs on the
//! order in which signals from different senders reach a process: one node keeps them in
//! causal order, but under the conformance runner's tracing not always (see `gen_race.rs`).
//! So is a program whose restarts are an ambiguous distance apart for an intensity window
//! ([`window_safe`]): OTP counts restarts in whole seconds of a clock whose phase the
//! program cannot know.
//!
//! ## What is not generated, and why
//!
//! * Two restart attempts of one supervisor between `max_seconds` and `max_seconds + 1`
//!   seconds apart (give or take a grid): whether they share a window depends on the VM
//!   clock's phase ([`window_safe`]). The catalogue's `IntensityWindowGivesUp`, 1005 ms
//!   apart, is such a program: `conform` runs it from a whole second of the VM's clock
//!   ([`super::vm::VmProgram::align_clock`]), as the simulator does, but a generated one
//!   might put a restart within a few milliseconds of a whole second, where even that
//!   alignment is too coarse.
//! * `GenServer` casts, infos and `{:stop, ..}` replies, and servers under supervisors, in
//!   step programs: the step language has no steps for them (the Elixir family's callback
//!   modules have them).
//! * `Enum.zip` over a stream whose caller exits while pulling it (a job over its
//!   `timeout` with `on_timeout: :exit`): the simulator's `Enum.zip` does not halt the
//!   stream first, as 1.14's does (see `gen_exs_stream.rs`).
//! * A start function that blocks until its caller answers, and starts under
//!   `Task.Supervisor` (which has no start functions of its own).

use crate::lang::{Program, ShutdownMode, Step, Timeout};
use crate::scenario::Scenario;
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

#[path = "gen_exs.rs"]
mod exs;
#[path = "gen_exs_callback.rs"]
mod exs_callback;
#[path = "gen_exs_monitor.rs"]
mod exs_monitor;
#[path = "gen_exs_start.rs"]
mod exs_start;
#[path = "gen_exs_stream.rs"]
mod exs_stream;

#[path = "gen_mix.rs"]
mod mix;
#[path = "gen_race.rs"]
mod race;
#[path = "gen_srv.rs"]
mod srv;
#[path = "gen_sup.rs"]
mod sup;
#[path = "gen_window.rs"]
mod window;

pub use exs::{ExsProgram, Source};
pub use mix::{KINDS, kinds, mix};
pub use race::{race_free, window_safe, window_safe_in};

use exs::ExsKind;

/// What a candidate program is about.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum ProgramKind {
    /// Tasks and processes (below).
    Tasks,
    /// A `Supervisor` tree (`gen_sup.rs`).
    Supervisor,
    /// A `DynamicSupervisor` (`gen_sup.rs`).
    Dynamic,
    /// A `Task.Supervisor` (`gen_sup.rs`).
    TaskSupervisor,
    /// A `GenServer` (`gen_srv.rs`).
    Server,
    /// Restart intensity across whole seconds (`gen_window.rs`).
    Window,
}

/// The step-program kinds, in the order [`any_program`] picks them by index (the order of
/// the step family in [`SCHEDULE`]).
const STEP_KINDS: [ProgramKind; 20] = {
    use ProgramKind::*;
    [
        Tasks,
        Supervisor,
        Server,
        TaskSupervisor,
        Tasks,
        Dynamic,
        Window,
        Supervisor,
        Tasks,
        Server,
        TaskSupervisor,
        Tasks,
        Supervisor,
        Window,
        Dynamic,
        Tasks,
        Server,
        TaskSupervisor,
        Supervisor,
        Tasks,
    ]
};

/// Which family writes a program of a batch, and of what kind.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Slot {
    /// A step program (`STEP_KINDS`, in order).
    Steps,
    /// An Elixir program of this kind (`gen_exs.rs`).
    Elixir(ExsKind),
}

/// The family and kind of program `i` of a batch: every thirty programs have these, so that
/// each kind has its share of a batch, whatever share of its candidates the race filter
/// keeps. The step programs take `STEP_KINDS` in turn.
const SCHEDULE: [Slot; 30] = {
    use ExsKind::*;
    use Slot::*;
    [
        Steps,
        Elixir(StartResults),
        Steps,
        Elixir(Stream),
        Steps,
        Steps,
        Elixir(Monitor),
        Steps,
        Elixir(Callback),
        Steps,
        Steps,
        Elixir(StartResults),
        Steps,
        Elixir(Stream),
        Steps,
        Steps,
        Elixir(Monitor),
        Steps,
        Elixir(Callback),
        Steps,
        Steps,
        Elixir(StartResults),
        Steps,
        Elixir(Stream),
        Steps,
        Elixir(Monitor),
        Steps,
        Elixir(Callback),
        Steps,
        Steps,
    ]
};

/// A generated program: a step program, or one written as Elixir (`gen_exs.rs`).
#[derive(Clone, Debug, PartialEq)]
pub enum Generated {
    /// A program of the step language, printed as Elixir to run.
    Steps(Program),
    /// A program written as Elixir.
    Elixir(ExsProgram),
}

impl Generated {
    /// Its name.
    pub fn name(&self) -> &str {
        match self {
            Generated::Steps(p) => &p.name,
            Generated::Elixir(p) => &p.name,
        }
    }

    /// The program, lowered.
    pub fn scenario(&self) -> Result<Scenario, String> {
        match self {
            Generated::Steps(p) => Scenario::from_steps(p)
                .map_err(|e| format!("generated program `{}`: {}", p.name, e.message)),
            Generated::Elixir(p) => p.scenario(),
        }
    }
}

/// `n` race-free programs from `seed`, named `Gen<seed>_<i>`; timings on a grid of
/// `2 * quantum_ms`; families and kinds as `SCHEDULE` says. The same arguments always give
/// the same programs. Each family draws from its own stream, so the step programs are the
/// same whatever the Elixir family does.
pub fn generate(n: usize, seed: u64, quantum_ms: u64) -> Vec<Generated> {
    let grid = 2 * quantum_ms.max(1);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut exs_rng = ChaCha8Rng::seed_from_u64(seed ^ EXS_STREAM);
    let mut out = Vec::with_capacity(n);
    let mut steps = 0usize;
    let mut attempts = 0usize;
    while out.len() < n && attempts < 50 * n + 100 {
        attempts += 1;
        let name = format!("Gen{seed:x}_{}", out.len());
        match SCHEDULE[out.len() % SCHEDULE.len()] {
            Slot::Steps => {
                let mut g = Gen {
                    rng: &mut rng,
                    grid,
                    next_msg: 0,
                };
                let mut p = g.program(STEP_KINDS[steps % STEP_KINDS.len()]);
                p.name = name;
                if race_free(&p, quantum_ms) {
                    out.push(Generated::Steps(p));
                    steps += 1;
                }
            }
            Slot::Elixir(kind) => {
                let mut g = Gen {
                    rng: &mut exs_rng,
                    grid,
                    next_msg: 0,
                };
                let p = exs::named(g.exs_program(kind), name);
                if race::exs_race_free(&p, quantum_ms) {
                    out.push(Generated::Elixir(p));
                }
            }
        }
    }
    out
}

/// Mixed into the seed for the Elixir family's stream.
const EXS_STREAM: u64 = 0x6578_735f_7374_7265;

/// One program from `seed`, of the kind `STEP_KINDS[kind % len]`, *not* filtered for races:
/// what a fuzzer runs under its own decisions, where only the invariants must hold (any
/// outcome is fine). Named `Any<seed>`.
pub fn any_program(seed: u64, kind: usize, quantum_ms: u64) -> Program {
    let mut p = any_program_from(&mut ChaCha8Rng::seed_from_u64(seed), kind, quantum_ms);
    p.name = format!("Any{seed:x}");
    p
}

/// One program whose every choice `draw` makes, of the kind `STEP_KINDS[kind % len]`, not
/// filtered for races; named `Any`. A fuzzer passes its own bytes as the draws, so that a
/// changed byte changes one choice of the program rather than all of them.
pub fn any_program_from(draw: &mut dyn Draw, kind: usize, quantum_ms: u64) -> Program {
    let mut g = Gen {
        rng: draw,
        grid: 2 * quantum_ms.max(1),
        next_msg: 0,
    };
    let mut p = g.program(STEP_KINDS[kind % STEP_KINDS.len()]);
    p.name = "Any".to_string();
    p
}

/// Where the generator's choices come from: a seeded ChaCha8 stream for conformance
/// batches, or any other source (a fuzzer's bytes).
pub trait Draw {
    /// A choice in `0..n` (n > 0); anything `>= n` is read as `n - 1`.
    fn below(&mut self, n: u64) -> u64;
}

impl Draw for ChaCha8Rng {
    /// Uniform (multiply-shift over one `u64`).
    fn below(&mut self, n: u64) -> u64 {
        below(self, n)
    }
}

/// A uniform draw in `0..n` (n > 0).
fn below(rng: &mut ChaCha8Rng, n: u64) -> u64 {
    ((u128::from(rng.next_u64()) * u128::from(n)) >> 64) as u64
}

/// How a started process was started.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Kind {
    Async,
    Start,
    StartLink,
    Spawn,
    SpawnLink,
}

/// What the generator knows about a child while it writes `main`'s actions.
#[derive(Clone, Debug)]
struct Kid {
    name: String,
    kind: Kind,
    /// Grid units of work before its last act.
    work: u64,
    /// It waits for `{:ping, from}` (and answers `:pong`).
    pings: bool,
    /// `main` already collected its result (await/yield/shutdown/ignore).
    done: bool,
}

struct Gen<'a> {
    rng: &'a mut dyn Draw,
    grid: u64,
    next_msg: u64,
}

fn s(text: &str) -> String {
    text.to_string()
}

impl Gen<'_> {
    fn below(&mut self, n: u64) -> u64 {
        self.rng.below(n).min(n.saturating_sub(1))
    }
    /// True with probability `pct` percent.
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    fn pick<'b, T>(&mut self, items: &'b [T]) -> &'b T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// One of `words`.
    fn word(&mut self, words: &[&str]) -> String {
        words[self.below(words.len() as u64) as usize].to_string()
    }
    /// `lo..=hi` grid units, in milliseconds.
    fn ms(&mut self, lo: u64, hi: u64) -> u64 {
        (lo + self.below(hi - lo + 1)) * self.grid
    }

    fn value(&mut self) -> String {
        let n = self.below(100);
        match self.below(6) {
            0 => format!("{n}"),
            1 => format!("{{:ok, {n}}}"),
            2 => s(":done"),
            3 => format!("\"result {n}\""),
            4 => format!("[{n}, :x]"),
            _ => s("nil"),
        }
    }

    fn exit_reason(&mut self) -> String {
        const REASONS: [&str; 6] = [
            ":boom",
            ":normal",
            ":shutdown",
            "{:shutdown, :done}",
            ":kill",
            "{:error, 42}",
        ];
        self.pick(&REASONS).to_string()
    }

    fn signal_reason(&mut self) -> String {
        const REASONS: [&str; 4] = [":normal", ":shutdown", ":boom", "{:shutdown, :stop}"];
        self.pick(&REASONS).to_string()
    }

    /// One candidate of kind `kind`.
    fn program(&mut self, kind: ProgramKind) -> Program {
        match kind {
            ProgramKind::Tasks => self.task_program(),
            ProgramKind::Supervisor | ProgramKind::Dynamic | ProgramKind::TaskSupervisor => {
                self.sup_program(kind)
            }
            ProgramKind::Server => self.server_program(),
            ProgramKind::Window => self.window_program(),
        }
    }

    fn task_program(&mut self) -> Program {
        let mut main = Vec::new();
        let traps = self.chance(45);
        if traps {
            main.push(Step::TrapExit(true));
        }
        main.push(Step::Let(s("parent"), s("self()")));
        let n = 1 + self.below(3);
        let mut works: Vec<u64> = (1..=6).collect();
        let mut children = Vec::new();
        for i in 0..n {
            // Distinct amounts of work, so children rarely finish together.
            let w = works.remove(self.below(works.len() as u64) as usize);
            let kind = *self.pick(&[
                Kind::Async,
                Kind::Async,
                Kind::Async,
                Kind::Start,
                Kind::StartLink,
                Kind::Spawn,
                Kind::SpawnLink,
            ]);
            let name = format!("{}{}", if kind == Kind::Async { "t" } else { "p" }, i + 1);
            let (step, child) = self.child(name, kind, w, 2);
            main.push(step);
            if kind == Kind::Async && self.chance(30) {
                main.push(Step::Let(
                    format!("{}_pid", child.name),
                    format!("{}.pid", child.name),
                ));
            }
            children.push(child);
        }
        let actions = 1 + self.below(4);
        for _ in 0..actions {
            self.action(&mut main, &mut children, traps);
        }
        match self.below(10) {
            0 => main.push(Step::Raise(s("main failed"))),
            1 => {
                let r = self.exit_reason();
                main.push(Step::Exit(r));
            }
            2 => {
                // Let the EXITs and DOWNs that follow the last reply arrive first.
                main.push(Step::Sleep(self.grid));
                main.push(Step::Receive {
                    clauses: vec![(s("any"), vec![Step::Log(s("left over: #{inspect(any)}"))])],
                    after: Some((Timeout::Ms(0), vec![Step::Log(s("mailbox empty"))])),
                });
            }
            _ => {}
        }
        Program {
            name: String::new(),
            description: s("generated by otpsim conform"),
            main,
            expect: None,
        }
    }

    /// A child process (and the step that starts it) doing `work` grid units of work.
    fn child(&mut self, name: String, kind: Kind, work: u64, depth: u32) -> (Step, Kid) {
        let mut body = Vec::new();
        let mut pings = false;
        let d = work * self.grid;
        let mut ret = s(":ok");
        match self.below(9) {
            0 => {
                body.push(Step::Sleep(d));
                body.push(Step::Raise(format!("{name} crashed")));
            }
            1 => {
                body.push(Step::Sleep(d));
                let r = self.exit_reason();
                body.push(Step::Exit(r));
            }
            2 => {
                // Traps exits: a shutdown or an exit signal becomes a message.
                body.push(Step::TrapExit(true));
                body.push(Step::Receive {
                    clauses: vec![(
                        s("{:EXIT, from, reason}"),
                        vec![Step::Log(s("#{inspect(from)} sent #{inspect(reason)}"))],
                    )],
                    after: Some((Timeout::Ms(d), vec![Step::Log(s("no exit signal"))])),
                });
                if self.chance(50) {
                    body.push(Step::Sleep(self.grid));
                }
            }
            3 => {
                body.push(Step::Sleep(d));
                self.next_msg += 1;
                let msg = format!("{{:note, :{name}, {}}}", self.next_msg);
                body.push(Step::Send {
                    to: s("parent"),
                    msg,
                });
                body.push(Step::Log(s("sent a note")));
            }
            4 => {
                pings = true;
                body.push(Step::Receive {
                    clauses: vec![(
                        s("{:ping, from}"),
                        vec![
                            Step::Log(s("ping from #{inspect(from)}")),
                            Step::Send {
                                to: s("from"),
                                msg: format!("{{:pong, :{name}}}"),
                            },
                        ],
                    )],
                    after: Some((
                        Timeout::Ms(d + 3 * self.grid),
                        vec![Step::Log(s("no ping"))],
                    )),
                });
            }
            5 if depth > 1 => {
                // A tree: this child has a task of its own.
                let inner_work = 1 + self.below(3);
                let (step, inner) = self.child(s("inner"), Kind::Async, inner_work, depth - 1);
                body.push(step);
                let timeout = if self.chance(50) {
                    inner_work + 1
                } else {
                    inner_work.saturating_sub(1).max(1)
                };
                let timeout = if timeout == inner_work {
                    timeout + 1
                } else {
                    timeout
                };
                let await_step = Step::Await {
                    task: inner.name.clone(),
                    timeout: Timeout::Ms(timeout * self.grid),
                    bind: Some(s("v")),
                };
                if self.chance(50) {
                    body.push(Step::CatchExit {
                        body: vec![await_step, Step::Log(s("inner gave #{inspect(v)}"))],
                        bind: Some(s("r")),
                        handler: vec![Step::Log(s("inner failed: #{inspect(r)}"))],
                    });
                } else {
                    body.push(await_step);
                }
                body.push(Step::Sleep(d));
            }
            6 => {
                body.push(Step::Sleep(d));
                body.push(Step::Rescue {
                    body: vec![Step::Raise(s("oops"))],
                    bind: Some(s("e")),
                    handler: vec![Step::Log(s("rescued #{inspect(e)}"))],
                });
            }
            _ => {
                body.push(Step::Sleep(d));
                if self.chance(50) {
                    body.push(Step::Log(format!("{name} worked")));
                }
                ret = self.value();
            }
        }
        let bind = Some(name.clone());
        let step = match kind {
            Kind::Async => Step::Async { bind, body, ret },
            Kind::Start => Step::Start { bind, body },
            Kind::StartLink => Step::StartLink { bind, body },
            Kind::Spawn => Step::Spawn { bind, body },
            Kind::SpawnLink => Step::SpawnLink { bind, body },
        };
        let child = Kid {
            name,
            kind,
            work,
            pings,
            done: false,
        };
        (step, child)
    }

    /// A timeout (grid units) clearly shorter or longer than `work`.
    fn timeout_around(&mut self, work: u64) -> u64 {
        if work > 1 && self.chance(40) {
            1 + self.below(work - 1)
        } else {
            work + 1 + self.below(2)
        }
    }

    /// One action of `main` on its children.
    fn action(&mut self, main: &mut Vec<Step>, children: &mut [Kid], traps: bool) {
        let tasks: Vec<usize> = (0..children.len())
            .filter(|&i| children[i].kind == Kind::Async && !children[i].done)
            .collect();
        let procs: Vec<usize> = (0..children.len())
            .filter(|&i| children[i].kind != Kind::Async)
            .collect();
        match self.below(12) {
            0..=2 if !tasks.is_empty() => {
                let i = *self.pick(&tasks);
                self.collect_task(main, &mut children[i]);
            }
            3 if tasks.len() >= 2 => {
                let names: Vec<String> = tasks.iter().map(|&i| children[i].name.clone()).collect();
                let longest = tasks.iter().map(|&i| children[i].work).max().unwrap_or(1);
                let timeout = Timeout::Ms(self.timeout_around(longest) * self.grid);
                let bind = Some(s("vs"));
                let (step, log) = if self.chance(50) {
                    (
                        Step::YieldMany {
                            tasks: names,
                            timeout,
                            bind,
                        },
                        s("yield_many gave #{inspect(vs)}"),
                    )
                } else {
                    (
                        Step::AwaitMany {
                            tasks: names,
                            timeout,
                            bind,
                        },
                        s("await_many gave #{inspect(vs)}"),
                    )
                };
                main.push(Step::CatchExit {
                    body: vec![step, Step::Log(log)],
                    bind: Some(s("r")),
                    handler: vec![Step::Log(s("many failed: #{inspect(r)}"))],
                });
                for &i in &tasks {
                    children[i].done = true;
                }
            }
            4 if !procs.is_empty() => {
                let i = *self.pick(&procs);
                let c = &children[i];
                if c.pings {
                    main.push(Step::Send {
                        to: c.name.clone(),
                        msg: s("{:ping, self()}"),
                    });
                    main.push(Step::Receive {
                        clauses: vec![(s("{:pong, who}"), vec![Step::Log(s("pong from #{who}"))])],
                        after: Some((Timeout::Ms(2 * self.grid), vec![Step::Log(s("no pong"))])),
                    });
                } else if self.chance(50) {
                    main.push(Step::Kill(c.name.clone()));
                } else {
                    let r = self.signal_reason();
                    main.push(Step::ExitSignal {
                        to: c.name.clone(),
                        reason: r,
                    });
                }
            }
            5 if !children.is_empty() => {
                // A signal to a task's process.
                let i = self.below(children.len() as u64) as usize;
                let c = &children[i];
                let target = match c.kind {
                    Kind::Async => format!("{}.pid", c.name),
                    _ => c.name.clone(),
                };
                if self.chance(40) {
                    main.push(Step::Kill(target));
                } else {
                    let r = self.signal_reason();
                    main.push(Step::ExitSignal {
                        to: target,
                        reason: r,
                    });
                }
            }
            6 | 7 => self.receive_something(main, traps),
            8 => {
                let ms = self.ms(1, 3);
                main.push(Step::Sleep(ms));
            }
            9 => main.push(Step::Rescue {
                body: vec![Step::Sleep(self.grid), Step::Raise(s("main oops"))],
                bind: Some(s("e")),
                handler: vec![Step::Log(s("main rescued #{inspect(e)}"))],
            }),
            _ if !tasks.is_empty() => {
                let i = *self.pick(&tasks);
                self.collect_task(main, &mut children[i]);
            }
            _ => {
                let ms = self.ms(1, 2);
                main.push(Step::Sleep(ms));
            }
        }
    }

    /// `await`, `yield`, `shutdown` or `ignore` of one task.
    fn collect_task(&mut self, main: &mut Vec<Step>, c: &mut Kid) {
        let name = c.name.clone();
        let t = self.timeout_around(c.work) * self.grid;
        match self.below(7) {
            0..=2 => {
                let await_step = Step::Await {
                    task: name.clone(),
                    timeout: Timeout::Ms(t),
                    bind: Some(s("v")),
                };
                if self.chance(70) {
                    main.push(Step::CatchExit {
                        body: vec![
                            await_step,
                            Step::Log(format!("{name} gave #{{inspect(v)}}")),
                        ],
                        bind: Some(s("r")),
                        handler: vec![Step::Log(format!("{name} failed: #{{inspect(r)}}"))],
                    });
                } else {
                    main.push(await_step);
                }
            }
            3 | 4 => {
                main.push(Step::Yield {
                    task: name.clone(),
                    timeout: Timeout::Ms(t),
                    bind: None,
                });
                if self.chance(50) {
                    main.push(Step::Yield {
                        task: name,
                        timeout: Timeout::Ms(c.work * self.grid + self.grid),
                        bind: None,
                    });
                }
            }
            5 => {
                let mode = match self.below(3) {
                    0 => ShutdownMode::BrutalKill,
                    1 => ShutdownMode::Timeout(Timeout::Ms(self.grid)),
                    _ => ShutdownMode::Timeout(Timeout::Ms(5000)),
                };
                if self.chance(50) {
                    main.push(Step::Sleep(self.grid));
                }
                main.push(Step::Shutdown {
                    task: name,
                    timeout: mode,
                    bind: None,
                });
            }
            _ => {
                main.push(Step::Ignore {
                    task: name,
                    bind: None,
                });
            }
        }
        c.done = true;
    }

    /// A receive of what may have arrived: an EXIT, a DOWN, a note, a pong, anything.
    fn receive_something(&mut self, main: &mut Vec<Step>, traps: bool) {
        let mut clauses = Vec::new();
        if traps && self.chance(70) {
            clauses.push((
                s("{:EXIT, pid, reason}"),
                vec![Step::Log(s(
                    "EXIT from #{inspect(pid)}: #{inspect(reason)}",
                ))],
            ));
        }
        if self.chance(50) {
            clauses.push((
                s("{:DOWN, _ref, :process, _pid, reason}"),
                vec![Step::Log(s("DOWN #{inspect(reason)}"))],
            ));
        }
        if self.chance(60) {
            clauses.push((
                s("{:note, from, n}"),
                vec![Step::Log(s("note #{n} from #{from}"))],
            ));
        }
        if clauses.is_empty() || self.chance(25) {
            clauses.push((s("other"), vec![Step::Log(s("got #{inspect(other)}"))]));
        }
        let t = self.ms(1, 4);
        main.push(Step::Receive {
            clauses,
            after: Some((Timeout::Ms(t), vec![Step::Log(s("nothing came"))])),
        });
        // What follows a message it took (a task's DOWN after its reply, an EXIT after a
        // note) arrives in the same millisecond: let it, before the next action looks.
        main.push(Step::Sleep(self.grid));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_race_free() {
        let a = generate(12, 7, 50);
        let b = generate(12, 7, 50);
        assert_eq!(a.len(), 12);
        assert_eq!(a, b);
        for p in &a {
            match p {
                Generated::Steps(p) => {
                    assert!(race_free(p, 50), "{}", p.name);
                    crate::lang::compile(p).unwrap();
                }
                Generated::Elixir(p) => {
                    assert!(race::exs_race_free(p, 50), "{}", p.name);
                    p.scenario().unwrap();
                }
            }
        }
        assert_ne!(generate(3, 8, 50), generate(3, 7, 50));
    }

    /// Every kind of [`KINDS`] — the step programs' and each construct the Elixir family
    /// writes — is in a batch of 200: none is starved by the schedule or the race filter.
    #[test]
    fn a_batch_of_200_has_every_kind() {
        let batch = generate(200, 0x5EED, 50);
        assert_eq!(batch.len(), 200);
        let mix = mix(&batch);
        let starved: Vec<&str> = mix
            .iter()
            .filter(|(_, n)| *n == 0)
            .map(|(k, _)| *k)
            .collect();
        assert!(
            starved.is_empty(),
            "no program of kinds {starved:?} in {mix:?}"
        );
        // What an Elixir program declares, it says.
        for g in &batch {
            let Generated::Elixir(p) = g else { continue };
            let text = p.source.text();
            for (kind, words) in [
                ("async_stream", "Task.async_stream("),
                ("tsup_async_stream_nolink", "async_stream_nolink("),
                ("stream_kill_task", "on_timeout: :kill_task"),
                ("stream_zip_input", "zip_input_on_exit: true"),
                ("enum_zip", "Enum.zip("),
                ("stream_map", "Stream.map("),
                ("monitor_by_name", "Process.monitor(:w"),
                ("demonitor_flush", ":flush"),
                ("start_ok_info", ":ok_info"),
                ("restart_fails", "Starter"),
                ("use_gen_server", "use GenServer"),
                ("use_supervisor", "use Supervisor"),
                ("use_task", "use Task"),
            ] {
                let monitor_by_node =
                    kind == "monitor_by_name" && text.contains("Process.monitor({:w");
                if p.kinds.contains(&kind) && !monitor_by_node {
                    assert!(
                        text.contains(words),
                        "{} is `{kind}` without `{words}`:\n{text}",
                        p.name
                    );
                }
            }
        }
    }
}
