//! The `kernel` peer of W4 (`benches/explore.rs`), run for seeds 0..N, for counting its
//! instructions with callgrind: the count per run is the difference between 2N and N runs,
//! divided by N, as for an explore run (`benches/instructions.sh kernel`).
//!
//!   cargo run --release -p scenarios --example kernel_peer -- N

#[path = "../benches/peer/mod.rs"]
mod peer;

use std::hint::black_box;
use std::process::ExitCode;

// The allocator the `otpsim` binary runs with, as in the bench.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let Some(n) = std::env::args().nth(1).and_then(|n| n.parse::<u64>().ok()) else {
        eprintln!("usage: kernel_peer RUNS");
        return ExitCode::from(2);
    };
    for seed in 0..n {
        black_box(peer::async_example(seed));
    }
    ExitCode::SUCCESS
}
