//! The step loop allocates nothing per step beyond what a message needs (DESIGN.md,
//! "Performance targets").
//!
//! This file is its own test binary with a counting global allocator (`stats_alloc`
//! wrapping `System` with atomic counters; the workspace forbids `unsafe_code`, so the
//! `GlobalAlloc` impl comes from that crate). Each workload runs at N = 1,000 and at
//! N = 10,000 with `TraceMode::Off`; the difference in allocation count must be ~0.
//! The counters are process-wide, so measurements hold a lock and take the minimum of a
//! few repetitions (other threads of the test harness can only add noise, never remove it).

use sim::{Config, Outcome, Sim, Term, Timeout, TraceMode};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Mutex;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

static LOCK: Mutex<()> = Mutex::new(());

const SMALL: u64 = 1_000;
const LARGE: u64 = 10_000;
/// What "~0 more allocations for 9,000 more steps" means: a tiny constant, e.g. the
/// amortised doublings of the recorded schedule (`log2` of its length).
const SLACK: usize = 50;

/// What one run cost.
#[derive(Copy, Clone, Debug)]
struct Cost {
    /// Allocations plus reallocations during the whole run (setup and teardown included).
    allocs: usize,
    /// Bytes requested (allocations and the growing part of reallocations).
    bytes: usize,
    /// Bytes still held when the workload's last process finished its loop (live heap in
    /// the middle of the run, relative to before the `Sim` was built).
    live_at_end: isize,
}

fn off() -> Config {
    Config {
        trace: TraceMode::Off,
        ..Config::default()
    }
}

fn live_bytes() -> isize {
    let s = GLOBAL.stats();
    s.bytes_allocated as isize - s.bytes_deallocated as isize
}

/// Runs `build` + `run` under the allocation counter, several times, and keeps the
/// cheapest. `build` gets a cell in which the program stores `live_bytes()` at its end.
fn measure(build: impl Fn(&mut Sim, Rc<Cell<isize>>)) -> Cost {
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let mut best: Option<Cost> = None;
    for _ in 0..3 {
        let probe = Rc::new(Cell::new(0));
        let base = live_bytes();
        let region = Region::new(GLOBAL);
        let mut sim = Sim::seeded_with(1, off());
        build(&mut sim, probe.clone());
        let report = sim.run();
        let change = region.change();
        assert_eq!(report.outcome, Outcome::Completed);
        drop(report);
        let cost = Cost {
            allocs: change.allocations + change.reallocations,
            bytes: change.bytes_allocated,
            live_at_end: probe.get() - base,
        };
        if best.is_none_or(|b| cost.allocs < b.allocs) {
            best = Some(cost);
        }
    }
    best.expect("measured")
}

/// Cost at SMALL and LARGE, printed; returns (small, large).
fn scaling(name: &str, build: impl Fn(u64, &mut Sim, Rc<Cell<isize>>)) -> (Cost, Cost) {
    let small = measure(|sim, probe| build(SMALL, sim, probe));
    let large = measure(|sim, probe| build(LARGE, sim, probe));
    eprintln!(
        "{name}: N={SMALL}: {} allocs, {} B; N={LARGE}: {} allocs, {} B; \
         extra per extra N: {:.4} allocs, {:.2} B; live at end {} B -> {} B",
        small.allocs,
        small.bytes,
        large.allocs,
        large.bytes,
        (large.allocs as f64 - small.allocs as f64) / (LARGE - SMALL) as f64,
        (large.bytes as f64 - small.bytes as f64) / (LARGE - SMALL) as f64,
        small.live_at_end,
        large.live_at_end,
    );
    (small, large)
}

fn assert_flat(name: &str, (small, large): (Cost, Cost)) {
    assert!(
        large.allocs.saturating_sub(small.allocs) < SLACK,
        "{name}: {} allocations at N={SMALL} but {} at N={LARGE}: the step loop allocates \
         per step",
        small.allocs,
        large.allocs
    );
}

/// Two processes exchange `n` `:ping`s and `:pong`s (static atoms: no allocation), each
/// receive with `timeout`.
fn ping_pong(n: u64, timeout: Timeout, sim: &mut Sim, probe: Rc<Cell<isize>>) {
    sim.spawn(move |p| async move {
        let me = p.pid();
        let ponger = p
            .spawn(move |c| async move {
                for _ in 0..n {
                    c.receive(timeout, |m| m.is_atom("ping"))
                        .await
                        .expect("ping");
                    c.send(me, Term::atom("pong")).await;
                }
            })
            .await;
        for _ in 0..n {
            p.send(ponger, Term::atom("ping")).await;
            p.receive(timeout, |m| m.is_atom("pong"))
                .await
                .expect("pong");
        }
        probe.set(live_bytes());
    });
}

#[test]
fn ping_pong_allocates_nothing_per_message() {
    let costs = scaling("ping-pong", |n, sim, probe| {
        ping_pong(n, Timeout::Infinity, sim, probe)
    });
    assert_flat("ping-pong", costs);
}

#[test]
fn sleeps_allocate_nothing_per_timer() {
    let costs = scaling("sleep", |n, sim, probe| {
        sim.spawn(move |p| async move {
            for i in 0..n {
                p.sleep(1 + i % 3).await;
            }
            probe.set(live_bytes());
        });
    });
    assert_flat("sleep", costs);
}

#[test]
fn receive_timeouts_allocate_nothing_per_timeout() {
    let costs = scaling("receive-after", |n, sim, probe| {
        sim.spawn(move |p| async move {
            for _ in 0..n {
                let got = p.receive(Timeout::Ms(2), |_| true).await;
                assert!(got.is_none());
            }
            probe.set(live_bytes());
        });
    });
    assert_flat("receive-after", costs);
}

/// Two sleepers whose timers fire at the same instants: the chooser decides every time
/// which runs first, so decisions are recorded; allocation stays flat all the same.
#[test]
fn same_instant_timers_allocate_nothing_per_timer() {
    let costs = scaling("2 sleepers", |n, sim, probe| {
        for _ in 0..2 {
            let probe = probe.clone();
            sim.spawn(move |p| async move {
                for _ in 0..n {
                    p.sleep(1).await;
                }
                probe.set(live_bytes());
            });
        }
    });
    assert_flat("2 sleepers", costs);
}

/// `receive ... after 5000` answered at once, n times (what `GenServer.call` does): the
/// allocation count stays flat (see also the next test, for the memory held).
#[test]
fn answered_receive_after_allocates_nothing_per_message() {
    let costs = scaling("ping-pong after 5000", |n, sim, probe| {
        ping_pong(n, Timeout::Ms(5000), sim, probe)
    });
    assert_flat("ping-pong after 5000", costs);
}

/// Memory held in the middle of a run must not grow with the number of answered
/// `receive ... after` (compared with the same ping-pong using `:infinity`).
///
/// Cancelling a receive's timer leaves its entry in the timer queue (popped and skipped if
/// the clock reaches its deadline), but such entries are swept out once they outnumber
/// the live ones: a server loop answering 1,000,000 calls within 5 s of virtual time does
/// not keep 2,000,000 dead entries.
#[test]
fn answered_receive_after_holds_no_memory_per_message() {
    let (_, inf) = scaling("ping-pong infinity", |n, sim, probe| {
        ping_pong(n, Timeout::Infinity, sim, probe)
    });
    let (_, after) = scaling("ping-pong after 5000", |n, sim, probe| {
        ping_pong(n, Timeout::Ms(5000), sim, probe)
    });
    let extra = after.live_at_end - inf.live_at_end;
    assert!(
        extra < 4096,
        "{LARGE} answered `receive ... after` hold {extra} more bytes than with :infinity"
    );
}

/// Spawning costs allocations (the boxed future, the mailbox on first message), but a
/// fixed number per process: report it and bound it.
#[test]
fn spawn_and_reply_costs_a_fixed_number_of_allocations_per_process() {
    let (small, large) = scaling("spawn+reply+exit", |n, sim, probe| {
        sim.spawn(move |p| async move {
            let me = p.pid();
            for _ in 0..n {
                p.spawn_link(move |c| async move {
                    c.send(me, Term::atom("reply")).await;
                })
                .await;
                p.receive(Timeout::Ms(5000), |m| m.is_atom("reply"))
                    .await
                    .expect("reply");
            }
            probe.set(live_bytes());
        });
    });
    let per = (large.allocs - small.allocs) as f64 / (LARGE - SMALL) as f64;
    eprintln!("spawn+reply+exit: {per:.3} allocations per process");
    assert!(per <= 3.0, "{per} allocations per spawned process");
}

/// DESIGN.md: at most 512 bytes per idle process (one blocked in `receive`), counting
/// everything the kernel holds for it: its state, its boxed future, its slots. The sizes
/// (root + 1,023 and root + 16,383 processes) fill the kernel's doubling vectors exactly,
/// so their spare capacity does not count against the processes.
#[test]
fn an_idle_process_costs_at_most_512_bytes() {
    const FEW: u64 = 1_023;
    const MANY: u64 = 16_383;
    let idle = |n: u64| {
        measure(|sim, probe| {
            sim.spawn(move |p| async move {
                let mut children = Vec::with_capacity(n as usize);
                for _ in 0..n {
                    let c = p
                        .spawn(|c| async move {
                            c.receive(Timeout::Infinity, |m| m.is_atom("stop")).await;
                        })
                        .await;
                    children.push(c);
                }
                // Let every child run into its receive.
                p.sleep(1).await;
                probe.set(live_bytes());
                for c in children {
                    p.send(c, Term::atom("stop")).await;
                }
            });
        })
    };
    let (few, many) = (idle(FEW), idle(MANY));
    // The root's own `children` vector (4 bytes a pid) is not the kernel's.
    let per = (many.live_at_end - few.live_at_end) as f64 / (MANY - FEW) as f64 - 4.0;
    eprintln!(
        "idle processes: live {} B for {FEW}, {} B for {MANY}: {per:.0} bytes each",
        few.live_at_end, many.live_at_end
    );
    assert!(per <= 512.0, "{per:.0} bytes per idle process");
}
