//! `otpsim`: see `otpsim --help`, and the `scenarios` crate docs.

// The allocator was a fifth of a run's time under glibc's malloc (BENCHMARKS.md, W4).
// mimalloc costs less; its v2 takes Rust's aligned requests on its fast path (v3 does not).
// Allocation addresses never reach a run's output: the allocator cannot change a trace.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(scenarios::cli::main_with(std::env::args_os()));
}
