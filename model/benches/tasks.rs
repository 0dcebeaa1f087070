//! `Task` throughput through the API users call (`model::Task`), each group with its peer,
//! so that a ratio is always read from one run (BENCHMARKS.md):
//!
//! * `w1_serial/N` — N times `Task.async(fn -> 1 end) |> Task.await()`, one after the
//!   other, vs tokio's `tokio::spawn(..).await` on a paused current-thread runtime;
//! * `w2_sleepers/N` — N tasks each sleeping a pseudo-random 1..=10,000 ms, spawned at
//!   once, then awaited in spawn order with a 20 s timeout (the replies arrive in deadline
//!   order, so the caller's mailbox holds up to N of them), vs tokio's N spawned sleepers
//!   joined in order, and a bare `BinaryHeap` push/pop of the same deadlines (the floor);
//! * `w3_restarts` — a `Task.Supervisor` child with `restart: :transient` that crashes
//!   until it has been started R times (a restart storm under a generous intensity).
//!
//! `sim/fifo` takes every decision 0; `sim/seeded` draws them from ChaCha8 as exploration
//! does. Tracing is off. `OTPSIM_BENCH_MAX=100000` leaves out the larger sizes.

mod workloads;

use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use model::child_spec::Restart;
use model::gen_server::ServerRef;
use model::task_supervisor;
use sim::Proc;
use sim::{Config, Outcome, Sim, Term, Timeout, TraceMode};
use std::cell::Cell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::hint::black_box;
use std::rc::Rc;
use std::time::Duration;

// The system allocator, as in a user's `cargo test` of a program written against
// `model::Task` (the `otpsim` binary runs with mimalloc; under it tokio's figures halve and
// ours do not move: BENCHMARKS.md).

const SIZES: [u64; 3] = [10_000, 100_000, 1_000_000];

/// The sizes to run: all of [`SIZES`] up to `OTPSIM_BENCH_MAX` (default: all).
fn sizes() -> Vec<u64> {
    let max = match std::env::var("OTPSIM_BENCH_MAX") {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("OTPSIM_BENCH_MAX={v:?}: expected a number of tasks")),
        Err(_) => u64::MAX,
    };
    SIZES.into_iter().filter(|&n| n <= max).collect()
}

#[derive(Copy, Clone)]
enum Chooser {
    Fifo,
    Seeded,
}

const CHOOSERS: [Chooser; 2] = [Chooser::Fifo, Chooser::Seeded];

impl Chooser {
    /// A run of `n` tasks: tracing off (no trace, no schedule kept: the seed replays the
    /// run), and a step budget that grows with `n` (W2's seeded run at 10^6 tasks takes
    /// more than the default 10^7 steps).
    fn sim(self, seed: u64, n: u64) -> Sim {
        let default = Config::default();
        let config = Config {
            trace: TraceMode::Off,
            record_schedule: false,
            max_steps: default.max_steps.max(n.saturating_mul(40)),
            ..default
        };
        match self {
            Chooser::Fifo => Sim::new(sim::FifoChooser, config),
            Chooser::Seeded => Sim::seeded_with(seed, config),
        }
    }
    fn name(self) -> &'static str {
        match self {
            Chooser::Fifo => "sim/fifo",
            Chooser::Seeded => "sim/seeded",
        }
    }
}

fn configure(g: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>, n: u64) {
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(if n >= 1_000_000 { 1 } else { 300 }))
        .measurement_time(Duration::from_secs(if n >= 1_000_000 { 10 } else { 3 }))
        .throughput(Throughput::Elements(n));
}

fn paused_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("tokio runtime")
}

fn completed(r: &sim::Report) {
    assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome);
}

fn w1_serial(c: &mut Criterion) {
    for n in sizes() {
        let mut g = c.benchmark_group(format!("w1_serial/{n}"));
        configure(&mut g, n);
        for ch in CHOOSERS {
            let mut seed = 0;
            g.bench_function(ch.name(), |b| {
                b.iter(|| {
                    seed += 1;
                    let mut sim = ch.sim(seed, n);
                    sim.spawn(move |p| workloads::w1(p, n));
                    let r = sim.run();
                    completed(&r);
                    black_box(r.steps)
                })
            });
        }
        let rt = paused_runtime();
        g.bench_function("tokio", |b| {
            b.iter(|| {
                rt.block_on(async {
                    let mut sum = 0u64;
                    for _ in 0..n {
                        sum += tokio::spawn(async { black_box(1) }).await.expect("task");
                    }
                    assert_eq!(sum, n);
                })
            })
        });
        g.finish();
    }
}

fn w2_sleepers(c: &mut Criterion) {
    for n in sizes() {
        let ds = workloads::deadlines(n);
        let mut g = c.benchmark_group(format!("w2_sleepers/{n}"));
        configure(&mut g, n);
        for ch in CHOOSERS {
            let mut seed = 0;
            g.bench_function(ch.name(), |b| {
                b.iter(|| {
                    seed += 1;
                    let mut sim = ch.sim(seed, n);
                    let ds = ds.clone();
                    sim.spawn(move |p| workloads::w2(p, ds));
                    let r = sim.run();
                    completed(&r);
                    black_box(r.time)
                })
            });
        }
        let rt = paused_runtime();
        g.bench_function("tokio", |b| {
            b.iter(|| {
                rt.block_on(async {
                    let handles: Vec<_> = ds
                        .iter()
                        .map(|&d| {
                            tokio::spawn(async move {
                                tokio::time::sleep(Duration::from_millis(d)).await;
                                d
                            })
                        })
                        .collect();
                    for h in handles {
                        let got = tokio::time::timeout(Duration::from_secs(20), h)
                            .await
                            .expect("in time");
                        black_box(got.expect("task"));
                    }
                })
            })
        });
        g.bench_function("binary_heap", |b| {
            b.iter(|| {
                let mut heap = BinaryHeap::with_capacity(ds.len());
                for (seq, &d) in ds.iter().enumerate() {
                    heap.push(Reverse((d * 1_000_000, seq as u64)));
                }
                let mut last = 0;
                while let Some(Reverse((t, _))) = heap.pop() {
                    debug_assert!(t >= last);
                    last = t;
                }
                black_box(last)
            })
        });
        g.finish();
    }
}

/// Restarts in one `w3_restarts` run (the restart storm).
const RESTARTS: u64 = 100_000;

/// A restart storm: a `Task.Supervisor` (intensity `RESTARTS + 1` in 5 s) runs one
/// `:transient` child that exits with `:boom` until it has been started `RESTARTS + 1`
/// times; the last incarnation tells the root and ends normally. Nothing sleeps, so
/// every restart falls in the same intensity window. No peer: tokio has no supervisors.
fn w3_restarts(c: &mut Criterion) {
    let mut g = c.benchmark_group("w3_restarts");
    configure(&mut g, RESTARTS);
    for ch in CHOOSERS {
        let mut seed = 0;
        g.bench_function(ch.name(), |b| {
            b.iter(|| {
                seed += 1;
                let mut sim = ch.sim(seed, RESTARTS);
                sim.spawn(|p| async move {
                    let opts = model::dynamic_supervisor::Options {
                        max_restarts: RESTARTS as u32 + 1,
                        ..Default::default()
                    };
                    let sup = task_supervisor::start_link(&p, opts, None).await;
                    let model::gen_server::StartResult::Ok(sup) = sup else {
                        panic!("supervisor did not start")
                    };
                    let sup = ServerRef::Pid(sup);
                    let starts = Rc::new(Cell::new(0u64));
                    let root = p.pid();
                    let child = move |t: Proc| {
                        let starts = starts.clone();
                        async move {
                            starts.set(starts.get() + 1);
                            if starts.get() <= RESTARTS {
                                return t.exit(Term::atom("boom")).await;
                            }
                            t.send(root, Term::atom("done")).await;
                            Term::atom("ok")
                        }
                    };
                    let transient = task_supervisor::ChildOpts {
                        restart: Some(Restart::Transient),
                        shutdown: None,
                    };
                    task_supervisor::start_child(&p, &sup, child, transient).await;
                    p.receive(Timeout::Infinity, |m| m.is_atom("done")).await;
                });
                let r = sim.run();
                completed(&r);
                black_box(r.steps)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, w1_serial, w2_sleepers, w3_restarts);
criterion_main!(benches);
