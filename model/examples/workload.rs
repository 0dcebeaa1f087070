//! One workload of `benches/tasks.rs`, run a given number of times, for counting
//! instructions with callgrind: criterion picks its own number of runs, so its per-run
//! averages mix in the first run's growth of every buffer. The count per run is the
//! difference between 2R and R runs, divided by R (`model/benches/instructions.sh`).
//!
//!   cargo run --release -p model --example workload -- w1|w2 TASKS RUNS

use model::Task;
use sim::{Config, Outcome, Sim, Term, Timeout, TraceMode};
use std::hint::black_box;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match args.as_slice() {
        [w, n, runs] => n
            .parse::<u64>()
            .ok()
            .zip(runs.parse::<u64>().ok())
            .map(|x| (w, x)),
        _ => None,
    };
    let Some((workload, (n, runs))) = parsed else {
        eprintln!("usage: workload w1|w2 TASKS RUNS");
        return ExitCode::from(2);
    };
    let run: fn(u64) = match workload.as_str() {
        "w1" => w1,
        "w2" => w2,
        other => {
            eprintln!("no workload {other:?}: w1 or w2");
            return ExitCode::from(2);
        }
    };
    for _ in 0..runs {
        run(n);
    }
    ExitCode::SUCCESS
}

/// A run of `n` tasks: tracing off, every decision 0 (`sim/fifo` in the benches).
fn sim(n: u64) -> Sim {
    let default = Config::default();
    let config = Config {
        trace: TraceMode::Off,
        max_steps: default.max_steps.max(n.saturating_mul(40)),
        ..default
    };
    Sim::new(sim::FifoChooser, config)
}

fn completed(sim: Sim) {
    let r = sim.run();
    assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome);
    black_box(r.steps);
}

/// W1: `n` times `Task.async(fn -> 1 end) |> Task.await()`.
fn w1(n: u64) {
    let mut s = sim(n);
    s.spawn(move |p| async move {
        for _ in 0..n {
            let t = Task::spawn_async(&p, |_| async { Term::Int(1) }).await;
            black_box(t.await_for(&p, Timeout::Ms(5000)).await);
        }
    });
    completed(s);
}

/// W2: `n` tasks sleeping 1..=10,000 ms (the benches' deadlines), awaited in order.
fn w2(n: u64) {
    let mut s = sim(n);
    s.spawn(move |p| async move {
        let mut tasks = Vec::with_capacity(n as usize);
        for i in 0..n {
            let mut z = (i + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            let d = 1 + (z ^ (z >> 31)) % 10_000;
            let t = Task::spawn_async(&p, move |c| async move {
                c.sleep(d).await;
                Term::Int(d as i64)
            })
            .await;
            tasks.push(t);
        }
        for t in tasks {
            black_box(t.await_for(&p, Timeout::Ms(20_000)).await);
        }
    });
    completed(s);
}
