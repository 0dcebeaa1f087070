//! A run frees everything it allocates: libFuzzer's leak checker found reference cycles
//! (a child spec's closure held the machine that held the recorder that kept the child
//! spec), which a long `explore` would grow without bound. Here a counting allocator
//! checks every committed input of the `schedule` and `program` targets: after one run to
//! warm up (interned atoms, the programs the target loads once), a second run of the same
//! input must leave the live bytes where they were.

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;
use std::path::Path;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["corpus", "regressions"] {
        let dir = root.join(dir).join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        files.sort();
        for f in files {
            out.push((
                f.display().to_string(),
                std::fs::read(&f).expect("readable"),
            ));
        }
    }
    out
}

/// The inputs of `target` whose second run left live bytes behind.
fn leaking(target: &str, run: fn(&[u8])) -> Vec<String> {
    let mut leaks = Vec::new();
    for (name, data) in inputs(target) {
        run(&data);
        let region = Region::new(GLOBAL);
        run(&data);
        let c = region.change();
        // (A reallocation's growth or shrinking is in these two already.)
        let live = c.bytes_allocated as isize - c.bytes_deallocated as isize;
        if live != 0 {
            leaks.push(format!("{name}: {live} bytes"));
        }
    }
    leaks
}

// One test, so that no other test thread allocates while the count is read.
#[test]
fn a_run_frees_what_it_allocates() {
    let mut leaks = leaking("schedule", otpsim_fuzz::schedule::schedule);
    leaks.extend(leaking("program", otpsim_fuzz::program::run));
    assert!(leaks.is_empty(), "runs that leak:\n{}", leaks.join("\n"));
}
