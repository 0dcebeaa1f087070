//! The text trace of every catalogue entry at a fixed seed. A change in the kernel, the
//! model or the interpreter that changes what a scenario does shows up here; review it with
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test` and `git diff`).

use scenarios::catalogue;
use scenarios::interp::Decisions;
use scenarios::render::{Format, RunView, render};
use sim::TraceMode;

const SEED: u64 = 0x5eed;

#[test]
fn every_entry_has_a_pinned_trace() {
    for program in catalogue::all() {
        let run = program.run(&Decisions::Seed(SEED), TraceMode::Full, &Default::default());
        let verdict = program.check(&run);
        let view = RunView {
            program: &program,
            run: &run,
            seed: Some(SEED),
            origin: format!("seed {SEED:#x}"),
            replay: format!("otpsim replay {} --seed {SEED:#x}", program.name),
            verdict,
        };
        insta::assert_snapshot!(program.name.clone(), render(&view, Format::Text));
    }
}
