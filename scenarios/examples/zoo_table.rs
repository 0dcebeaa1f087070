//! Measures the bug zoo's table in the README: for each zoo program and each strategy, the
//! median number of runs to find its bug over 20 exploration seeds, and the length of the
//! shrunk schedule. `cargo run --release -p scenarios --example zoo_table [MAX_RUNS]`;
//! `... --example zoo_table fifo` prints each program's FIFO observations instead.

use scenarios::hunt::{Strategy, hunt, shrink};
use scenarios::interp::{Decisions, Limits};
use scenarios::zoo;
use sim::{Schedule, TraceMode};

const EXPLORATION_SEEDS: u64 = 20;

fn main() {
    let arg = std::env::args().nth(1);
    if arg.as_deref() == Some("fifo") {
        for bug in zoo::all() {
            let s = bug.scenario();
            let r = s.run(
                &Decisions::Prefix(Schedule::default()),
                TraceMode::Off,
                &Limits::default(),
            );
            println!("== {} ({:?})", s.name, s.check(&r));
            for l in r.lines() {
                println!("#   {l}");
            }
        }
        return;
    }
    if arg.as_deref() == Some("outcomes") {
        // Every distinct observation set over 3000 random seeds, with the zoo's faults.
        for bug in zoo::all() {
            let s = bug.scenario();
            let limits = Limits {
                inject: bug.inject,
                ..Limits::default()
            };
            let mut seen: std::collections::BTreeMap<Vec<String>, u32> = Default::default();
            for seed in 0..6000 {
                let r = s.run(&Decisions::Seed(seed), TraceMode::Off, &limits);
                *seen.entry(r.lines()).or_default() += 1;
            }
            println!("== {} {} outcomes", s.name, seen.len());
            for (lines, n) in seen {
                println!("-- {n} runs");
                for l in lines {
                    println!("#   {l}");
                }
            }
        }
        return;
    }
    let max_runs: u64 = arg.and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let strategies = [
        Strategy::Random,
        Strategy::Pct { depth: 3 },
        Strategy::Exhaustive { bound: Some(2) },
    ];
    println!(
        "| bug | faults | {} |",
        strategies
            .iter()
            .map(|s| format!("{s}: median runs (shrunk decisions)"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|---|{}", "---|".repeat(strategies.len()));
    for bug in zoo::all() {
        let s = bug.scenario();
        let limits = Limits {
            inject: bug.inject,
            ..Limits::default()
        };
        let mut cells = Vec::new();
        for strategy in strategies {
            let seeds = match strategy {
                Strategy::Exhaustive { .. } => 1,
                _ => EXPLORATION_SEEDS,
            };
            let mut runs = Vec::new();
            let mut shrunk = None;
            for base in 0..seeds {
                match hunt(&s, strategy, base, max_runs, &limits) {
                    Some(f) => {
                        if shrunk.is_none() {
                            let (sch, _) = shrink(&s, &f.schedule, &limits);
                            shrunk = Some((sch.non_default(), sch.len()));
                        }
                        runs.push(f.runs);
                    }
                    None => runs.push(u64::MAX),
                }
            }
            runs.sort_unstable();
            let median = runs[runs.len() / 2];
            let cell = match (median, shrunk) {
                (u64::MAX, _) => format!("not found in {max_runs}"),
                (m, Some((nd, len))) => format!("{m} ({nd} of {len})"),
                (m, None) => format!("{m}"),
            };
            cells.push(cell);
        }
        let faults = if bug.inject.jitter_ms > 0 {
            format!("jitter {} ms", bug.inject.jitter_ms)
        } else {
            "-".to_string()
        };
        println!("| {} | {faults} | {} |", s.name, cells.join(" | "));
    }
}
