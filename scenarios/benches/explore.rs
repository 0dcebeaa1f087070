//! W4: whole runs through the path `otpsim explore` takes (lower once, then per seed: run
//! the IR on a seeded `Sim` with tracing off, watch it with the invariant monitors, tally
//! its observations), on the seed tutorial's four programs, each group with its peer:
//!
//! * `w4_explore/<Name>/explore_1_core` — [`scenarios::explore::explore`] with one worker,
//!   `SEEDS` seeds an iteration: runs per second per core;
//! * `w4_explore/<Name>/explore_all_cores` — the same with one worker per core;
//! * `w4_explore/AsyncExample/kernel` — the same program written against `model::Task`
//!   directly (what the interpreter and recorder add is the difference).
//!
//! * `w5_fanout/<N>` — one run through the same path of a program that starts N tasks,
//!   each sleeping a pseudo-random time, and awaits them all with `Task.await_many`: what a
//!   monitored run costs per task as a user's program fans out (10^3 to 10^5 tasks;
//!   `OTPSIM_BENCH_MAX` caps N). Throughput is in tasks.
//!
//! Throughput is in runs. Short settings: `cargo bench -p scenarios --bench explore`.

mod peer;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scenarios::catalogue::ENTRIES;
use scenarios::explore::{Sweep, explore, explore_within};
use scenarios::hunt::Strategy;
use scenarios::interp::{Limits, MAX_STEPS};
use std::hint::black_box;
use std::time::Duration;

// The allocator the `otpsim` binary runs with (scenarios/src/main.rs), for the peers too.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Seeds per iteration.
const SEEDS: u64 = 2_000;

/// The seed tutorial's four programs: the first four catalogue entries.
const TUTORIAL: usize = 4;

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn w4_explore(c: &mut Criterion) {
    for entry in &ENTRIES[..TUTORIAL] {
        let origin = entry.origin();
        let name = origin.load().expect("a catalogue entry loads").name;
        let mut g = c.benchmark_group(format!("w4_explore/{name}"));
        g.sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
            .throughput(Throughput::Elements(SEEDS));
        for (label, jobs) in [("explore_1_core", 1), ("explore_all_cores", cores())] {
            g.bench_function(label, |b| {
                b.iter(|| {
                    let sweep = Sweep {
                        seeds: SEEDS,
                        shard: None,
                        jobs,
                        strategy: Strategy::Random,
                    };
                    let summary = explore(&origin, &sweep, &|_| {});
                    assert_eq!(summary.violations(), 0, "{name}: {:?}", summary.outcomes);
                    black_box(summary.runs)
                })
            });
        }
        if name == "AsyncExample" {
            g.bench_function("kernel", |b| {
                b.iter(|| {
                    for seed in 0..SEEDS {
                        black_box(peer::async_example(seed));
                    }
                })
            });
        }
        g.finish();
    }
}

/// The fan-out program of `w5_fanout` with `n` tasks.
fn fanout(n: u64) -> scenarios::scenario::Origin {
    let text = format!(
        "tasks = Enum.map(1..{n}, fn i -> Task.async(fn -> Process.sleep(rem(i * 7919, 1000)); i end) end)\n\
         IO.puts(Enum.sum(Task.await_many(tasks, 5000)))\n"
    );
    scenarios::scenario::Origin::Elixir {
        text,
        origin: format!("fanout_{n}.exs"),
    }
}

fn w5_fanout(c: &mut Criterion) {
    let max: u64 = std::env::var("OTPSIM_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut g = c.benchmark_group("w5_fanout");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    // 10^5 tasks take more than explore's default budget of 1,000,000 steps: the budget
    // grows with n. (10^6 tasks would build a list of Task structs past the size limit a
    // run's values are held to, `scenarios::interp::MAX_VALUE`.)
    for n in [1_000u64, 10_000, 100_000]
        .into_iter()
        .filter(|n| *n <= max)
    {
        let origin = fanout(n);
        let limits = Limits {
            max_steps: MAX_STEPS.max(40 * n),
            ..Limits::default()
        };
        g.throughput(Throughput::Elements(n));
        g.bench_function(format!("{n}"), |b| {
            b.iter(|| {
                let sweep = Sweep {
                    seeds: 1,
                    shard: None,
                    jobs: 1,
                    strategy: Strategy::Random,
                };
                let summary = explore_within(&origin, &sweep, &limits, &|_| {});
                let kinds: Vec<_> = summary.outcomes.iter().map(|o| o.kind).collect();
                assert_eq!(summary.violations(), 0, "fan-out {n}: {kinds:?}");
                black_box(summary.runs)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, w4_explore, w5_fanout);
criterion_main!(benches);
