//! Kernel throughput (DESIGN.md, "Performance targets"), with peers for the ratios:
//!
//! * `spawn_exit`   — a root spawns N children that exit at once;
//! * `spawn_await`  — serial `Task.async |> Task.await` analogue (spawn_link a child that
//!   replies, receive the reply) vs tokio's serial `tokio::spawn(..).await` on a paused
//!   current-thread runtime;
//! * `send_receive` — ping-pong round trips between two processes;
//! * `timers`       — N processes each sleeping a pseudo-random 1..=1000 ms vs tokio's N
//!   tasks doing spawn + sleep + await, and a bare `BinaryHeap` push/pop over the same
//!   deadlines;
//! * `async_example` — whole runs of the tutorial's AsyncExample (root spawn_links a child
//!   that sleeps 2000 ms and replies; root receives with a 5000 ms timeout), tracing off.
//!
//! Every group reports elements per second (processes, round trips, timers or runs).
//! `sim/fifo` uses the FIFO chooser (every decision 0), `sim/seeded` the ChaCha8 chooser
//! that exploration uses. Short settings keep `cargo bench -p sim` to a few minutes.

use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use sim::{Config, Outcome, Sim, Term, Timeout, TraceMode};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::hint::black_box;
use std::time::Duration;

/// Tasks / messages / timers per iteration.
const N: u64 = 10_000;

fn off() -> Config {
    Config {
        trace: TraceMode::Off,
        record_schedule: false,
        ..Config::default()
    }
}

#[derive(Copy, Clone)]
enum Chooser {
    Fifo,
    Seeded,
}

impl Chooser {
    fn sim(self, seed: u64) -> Sim {
        match self {
            Chooser::Fifo => Sim::new(sim::FifoChooser, off()),
            Chooser::Seeded => Sim::seeded_with(seed, off()),
        }
    }
    fn name(self) -> &'static str {
        match self {
            Chooser::Fifo => "sim/fifo",
            Chooser::Seeded => "sim/seeded",
        }
    }
}

const CHOOSERS: [Chooser; 2] = [Chooser::Fifo, Chooser::Seeded];

fn configure(g: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>, elements: u64) {
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .throughput(Throughput::Elements(elements));
}

fn paused_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("tokio runtime")
}

/// Deterministic "random" sleep durations in 1..=1000 ms (SplitMix64 of the index).
fn deadlines(n: u64) -> Vec<u64> {
    (0..n)
        .map(|i| {
            let mut z = i.wrapping_add(1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            1 + z % 1000
        })
        .collect()
}

fn check(report: &sim::Report) {
    assert_eq!(report.outcome, Outcome::Completed);
}

fn spawn_exit(c: &mut Criterion) {
    let mut g = c.benchmark_group("spawn_exit");
    configure(&mut g, N);
    for ch in CHOOSERS {
        let mut seed = 0;
        g.bench_function(ch.name(), |b| {
            b.iter(|| {
                seed += 1;
                let mut sim = ch.sim(seed);
                sim.spawn(|p| async move {
                    for _ in 0..N {
                        p.spawn(|_| async {}).await;
                    }
                });
                let r = sim.run();
                check(&r);
                black_box(r.steps)
            })
        });
    }
    g.finish();
}

fn spawn_await(c: &mut Criterion) {
    let mut g = c.benchmark_group("spawn_await");
    configure(&mut g, N);
    for ch in CHOOSERS {
        let mut seed = 0;
        g.bench_function(ch.name(), |b| {
            b.iter(|| {
                seed += 1;
                let mut sim = ch.sim(seed);
                sim.spawn(|p| async move {
                    let me = p.pid();
                    for _ in 0..N {
                        p.spawn_link(move |c| async move {
                            c.send(me, Term::atom("reply")).await;
                        })
                        .await;
                        let got = p.receive(Timeout::Ms(5000), |m| m.is_atom("reply")).await;
                        assert!(got.is_some());
                    }
                });
                let r = sim.run();
                check(&r);
                black_box(r.steps)
            })
        });
    }
    let rt = paused_runtime();
    g.bench_function("tokio", |b| {
        b.iter(|| {
            rt.block_on(async {
                let mut sum = 0u64;
                for i in 0..N {
                    sum += tokio::spawn(async move { black_box(i) })
                        .await
                        .expect("task");
                }
                black_box(sum)
            })
        })
    });
    g.finish();
}

fn send_receive(c: &mut Criterion) {
    let mut g = c.benchmark_group("send_receive");
    configure(&mut g, N);
    for ch in CHOOSERS {
        let mut seed = 0;
        g.bench_function(ch.name(), |b| {
            b.iter(|| {
                seed += 1;
                let mut sim = ch.sim(seed);
                sim.spawn(|p| async move {
                    let me = p.pid();
                    let ponger = p
                        .spawn(move |c| async move {
                            for _ in 0..N {
                                c.receive(Timeout::Infinity, |m| m.is_atom("ping")).await;
                                c.send(me, Term::atom("pong")).await;
                            }
                        })
                        .await;
                    for _ in 0..N {
                        p.send(ponger, Term::atom("ping")).await;
                        p.receive(Timeout::Infinity, |m| m.is_atom("pong")).await;
                    }
                });
                let r = sim.run();
                check(&r);
                black_box(r.steps)
            })
        });
    }
    g.finish();
}

fn timers(c: &mut Criterion) {
    timers_n(c, "timers", N);
}

/// The timer comparison at 100,000 timers: closer to DESIGN's 1,000,000-task figures (the
/// heap and tokio leave the caches), and it shows how the kernel scales.
fn timers_100k(c: &mut Criterion) {
    timers_n(c, "timers_100k", 100_000);
}

fn timers_n(c: &mut Criterion, group: &str, n: u64) {
    let mut g = c.benchmark_group(group);
    configure(&mut g, n);
    let ds = deadlines(n);
    for ch in CHOOSERS {
        let mut seed = 0;
        g.bench_function(ch.name(), |b| {
            b.iter(|| {
                seed += 1;
                let mut sim = ch.sim(seed);
                for &d in &ds {
                    sim.spawn(move |p| async move { p.sleep(d).await });
                }
                let r = sim.run();
                check(&r);
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
                        })
                    })
                    .collect();
                for h in handles {
                    h.await.expect("task");
                }
            })
        })
    });
    g.bench_function("binary_heap", |b| {
        b.iter(|| {
            let mut heap = BinaryHeap::new();
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

/// N processes wake at the same instant and send one message each to the root, which
/// receives them all: N runnable processes and up to N signals in flight at once. Two
/// sizes, per message: a flat rate means the kernel's per-step work does not grow with
/// the length of the run queue or the number of signals in flight.
fn fan_in(c: &mut Criterion) {
    let mut g = c.benchmark_group("fan_in");
    for n in [3_000u64, 30_000] {
        configure(&mut g, n);
        let mut seed = 0;
        g.bench_function(format!("sim/seeded/{n}"), |b| {
            b.iter(|| {
                seed += 1;
                let mut sim = Chooser::Seeded.sim(seed);
                sim.spawn(move |p| async move {
                    let me = p.pid();
                    for _ in 0..n {
                        p.spawn(move |c| async move {
                            c.sleep(1).await;
                            c.send(me, Term::atom("hi")).await;
                        })
                        .await;
                    }
                    for _ in 0..n {
                        p.receive(Timeout::Infinity, |_| true).await;
                    }
                });
                let r = sim.run();
                check(&r);
                black_box(r.steps)
            })
        });
    }
    g.finish();
}

/// The tutorial's AsyncExample: one run per iteration.
fn async_example(c: &mut Criterion) {
    let mut g = c.benchmark_group("async_example");
    configure(&mut g, 1);
    for ch in CHOOSERS {
        let mut seed = 0;
        g.bench_function(ch.name(), |b| {
            b.iter(|| {
                seed += 1;
                let mut sim = ch.sim(seed);
                sim.spawn(|p| async move {
                    let me = p.pid();
                    p.spawn_link(move |c| async move {
                        c.sleep(2000).await;
                        c.send(me, Term::atom("done")).await;
                    })
                    .await;
                    let got = p.receive(Timeout::Ms(5000), |_| true).await;
                    assert!(got.is_some());
                });
                let r = sim.run();
                debug_assert_eq!(r.time.as_ms(), 2000);
                black_box(r.steps)
            })
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    spawn_exit,
    spawn_await,
    send_receive,
    timers,
    timers_100k,
    fan_in,
    async_example
);
criterion_main!(benches);
