//! One workload of `benches/tasks.rs`, run a given number of times, for counting
//! instructions with callgrind: criterion picks its own number of runs, so its per-run
//! averages mix in the first run's growth of every buffer. The count per run is the
//! difference between 2R and R runs, divided by R (`model/benches/instructions.sh`).
//!
//!   cargo run --release -p model --example workload -- w1|w2 TASKS RUNS

#[path = "../benches/workloads/mod.rs"]
mod workloads;

use sim::{Config, Outcome, Sim, TraceMode};
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

/// A run of `n` tasks: tracing off (no trace, no schedule kept), every decision 0
/// (`sim/fifo` in the benches).
fn sim(n: u64) -> Sim {
    let default = Config::default();
    let config = Config {
        trace: TraceMode::Off,
        record_schedule: false,
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
    s.spawn(move |p| workloads::w1(p, n));
    completed(s);
}

/// W2: `n` tasks sleeping the benches' deadlines, awaited in order.
fn w2(n: u64) {
    let mut s = sim(n);
    let deadlines = workloads::deadlines(n);
    s.spawn(move |p| workloads::w2(p, deadlines));
    completed(s);
}
