//! A generator of race-free programs for conformance runs, deterministic from a `u64` seed
//! (ChaCha8).
//!
//! A candidate is a random program: `main` starts one to three processes — `Task.async`
//! tasks, `Task.start`/`start_link` tasks, `spawn`/`spawn_link` processes, some with tasks
//! of their own (nested trees) — that work for a while and then return a value, raise, exit
//! with a reason, trap exits, send to their parent or wait for a message; `main` then awaits
//! (with timeouts longer or shorter than the work), yields, `yield_many`s, `await_many`s,
//! shuts down, ignores, kills or signals them, receives what arrives (`EXIT`, `DOWN`,
//! messages, with `after`), catches exits and rescues exceptions, and may crash itself.
//!
//! Every timing constant is a multiple of the *grid*, twice the comparison quantum (100 ms
//! for the default quantum of 50), so two events of a program are either in the same
//! millisecond or at least a grid apart. Candidates are kept only if [`race_free`]: the
//! simulator gives the same observations under several seeds *and* with every timing
//! constant nudged by a few milliseconds. A program whose outcome hangs on two events of the
//! same millisecond (a reply and a timeout due together, two messages from different
//! senders arriving together) fails that test and is dropped, so what is kept has one
//! outcome on a real VM too.
//!
//! A third of the programs are supervisor programs instead (`gen_sup.rs`): a `Supervisor` with
//! children of every restart type (and a nested supervisor), a `DynamicSupervisor` or a
//! `Task.Supervisor`, with crashes that make them restart children and give up.

use super::compare::events;
use crate::interp::{Decisions, run_program};
use crate::lang::{Child, Program, ShutdownMode, Step, Timeout};
use rand_chacha::ChaCha8Rng;

#[path = "gen_sup.rs"]
mod sup;
use rand_core::{Rng, SeedableRng};
use sim::{Outcome, TraceMode};

/// `n` race-free programs from `seed`, named `Gen<seed>_<i>`; timings on a grid of
/// `2 * quantum_ms`. The same arguments always give the same programs.
pub fn generate(n: usize, seed: u64, quantum_ms: u64) -> Vec<Program> {
    let grid = 2 * quantum_ms.max(1);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(n);
    let mut attempts = 0usize;
    while out.len() < n && attempts < 50 * n + 100 {
        attempts += 1;
        let mut g = Gen {
            rng: &mut rng,
            grid,
            next_msg: 0,
        };
        let mut p = g.program();
        p.name = format!("Gen{seed:x}_{}", out.len());
        if race_free(&p, quantum_ms) {
            out.push(p);
        }
    }
    out
}

/// Seeds each candidate runs under (a zero-time race, such as a `DOWN` that may or may not
/// be in the mailbox yet, shows up under one seed in five or so).
const SEEDS: u64 = 16;
/// Copies with nudged timings each candidate runs as (each under its own seed).
const NUDGES: u64 = 4;
/// At most this many milliseconds of nudge per timing constant.
const NUDGE_MS: u64 = 4;

/// True if `program` has one outcome on the simulator under several seeds and with its
/// timing constants nudged by up to a few milliseconds either way (times compared rounded
/// to `quantum_ms`), and every run completes.
pub fn race_free(program: &Program, quantum_ms: u64) -> bool {
    let outcome = |p: &Program, seed: u64| {
        let run = run_program(p, &Decisions::Seed(seed), TraceMode::Off).ok()?;
        if run.report.outcome != Outcome::Completed {
            return None;
        }
        let raw = run
            .observations
            .into_iter()
            .map(|o| (o.time_ms, o.process, o.what));
        Some(events(raw, quantum_ms))
    };
    let Some(first) = outcome(program, 0) else {
        return false;
    };
    let same = |p: &Program, seed: u64| outcome(p, seed).as_ref() == Some(&first);
    (1..SEEDS).all(|s| same(program, s))
        && (0..NUDGES).all(|k| {
            let mut rng = ChaCha8Rng::seed_from_u64(0x6e75_6467_6500 + k);
            same(&nudge(program, &mut rng), SEEDS + k)
        })
}

/// `program` with every non-zero sleep and timeout moved by up to [`NUDGE_MS`] either way.
fn nudge(program: &Program, rng: &mut ChaCha8Rng) -> Program {
    let mut p = program.clone();
    nudge_steps(&mut p.main, rng);
    p
}

fn nudge_ms(ms: u64, rng: &mut ChaCha8Rng) -> u64 {
    if ms == 0 {
        return 0;
    }
    let d = below(rng, 2 * NUDGE_MS + 1);
    (ms + d).saturating_sub(NUDGE_MS).max(1)
}

fn nudge_timeout(t: &mut Timeout, rng: &mut ChaCha8Rng) {
    if let Timeout::Ms(ms) = t {
        *ms = nudge_ms(*ms, rng);
    }
}

fn nudge_steps(steps: &mut [Step], rng: &mut ChaCha8Rng) {
    for s in steps {
        match s {
            Step::Sleep(ms) => *ms = nudge_ms(*ms, rng),
            Step::Await { timeout, .. }
            | Step::Yield { timeout, .. }
            | Step::YieldMany { timeout, .. }
            | Step::AwaitMany { timeout, .. } => nudge_timeout(timeout, rng),
            Step::Shutdown {
                timeout: ShutdownMode::Timeout(t),
                ..
            } => nudge_timeout(t, rng),
            Step::Async { body, .. }
            | Step::Start { body, .. }
            | Step::StartLink { body, .. }
            | Step::Spawn { body, .. }
            | Step::SpawnLink { body, .. } => nudge_steps(body, rng),
            Step::Receive { clauses, after } => {
                for (_, b) in clauses.iter_mut() {
                    nudge_steps(b, rng);
                }
                if let Some((t, b)) = after {
                    nudge_timeout(t, rng);
                    nudge_steps(b, rng);
                }
            }
            Step::CatchExit { body, handler, .. } | Step::Rescue { body, handler, .. } => {
                nudge_steps(body, rng);
                nudge_steps(handler, rng);
            }
            Step::Supervisor { children, .. } => nudge_children(children, rng),
            Step::StartChild { child, body, .. } => {
                if let Some(c) = child {
                    nudge_children(std::slice::from_mut(c), rng);
                }
                if let Some(b) = body {
                    nudge_steps(b, rng);
                }
            }
            Step::AsyncNolink { body, .. } | Step::SupervisedAsync { body, .. } => {
                nudge_steps(body, rng)
            }
            Step::Call { timeout, .. } => nudge_timeout(timeout, rng),
            _ => {}
        }
    }
}

fn nudge_children(children: &mut [Child], rng: &mut ChaCha8Rng) {
    for c in children {
        match c {
            Child::Worker { body, shutdown, .. } | Child::Task { body, shutdown, .. } => {
                nudge_steps(body, rng);
                if let Some(ShutdownMode::Timeout(t)) = shutdown {
                    nudge_timeout(t, rng);
                }
            }
            Child::Supervisor { children, .. } => nudge_children(children, rng),
            _ => {}
        }
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
    rng: &'a mut ChaCha8Rng,
    grid: u64,
    next_msg: u64,
}

fn s(text: &str) -> String {
    text.to_string()
}

impl Gen<'_> {
    fn below(&mut self, n: u64) -> u64 {
        below(self.rng, n)
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

    fn program(&mut self) -> Program {
        if self.chance(35) {
            return self.sup_program();
        }
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
            assert!(race_free(p, 50), "{}", p.name);
            crate::lang::compile(p).unwrap();
        }
        assert_ne!(generate(3, 8, 50), generate(3, 7, 50));
    }

    #[test]
    fn a_same_millisecond_race_is_not_race_free() {
        let racy = crate::catalogue::find("SameMsTimeoutRace").unwrap();
        assert!(!race_free(&racy, 50));
        let calm = crate::catalogue::find("AsyncExample").unwrap();
        assert!(race_free(&calm, 50));
    }
}
