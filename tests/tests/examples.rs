//! Every program in `examples/` meets its own `# expect` block under every seed tried, and
//! keeps every invariant the standard monitors watch. (Whether the real VM agrees is
//! `tests/conform.rs`'s business.)

use scenarios::{Decisions, Scenario};
use sim::TraceMode;
use std::path::{Path, PathBuf};

const SEEDS: u64 = 100;

/// Examples the simulator is known to get wrong, with why. Each must still fail: when one
/// starts to pass, take it off the list.
const KNOWN_WRONG: &[(&str, &str)] = &[];

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "exs"))
        .collect();
    files.sort();
    files
}

/// The first seed under which `program` fails, and why.
fn first_failure(program: &Scenario) -> Option<(u64, String)> {
    (0..SEEDS).find_map(|seed| {
        let run = program.run(&Decisions::Seed(seed), TraceMode::Off, &Default::default());
        if let Some(v) = &run.violation {
            return Some((seed, format!("invariant {}: {}", v.check, v.message)));
        }
        program.check(&run).err().map(|why| (seed, why))
    })
}

#[test]
fn every_example_meets_its_expectation() {
    let files = examples();
    assert!(files.len() >= 30, "{} examples", files.len());
    let mut problems = Vec::new();
    for file in &files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let text = std::fs::read_to_string(file).expect("readable");
        let program = match Scenario::from_exs(&text, &format!("examples/{name}")) {
            Ok(p) => p,
            Err(e) => {
                problems.push(format!("{name}: does not load: {e}"));
                continue;
            }
        };
        if program.expect.is_none() {
            problems.push(format!("{name}: no `# expect` block"));
            continue;
        }
        let known = KNOWN_WRONG.iter().find(|(f, _)| *f == name);
        match (first_failure(&program), known) {
            (None, None) | (Some(_), Some(_)) => {}
            (Some((seed, why)), None) => problems.push(format!(
                "{name}: seed {seed:#x}: {why}\n  replay: otpsim replay examples/{name} --seed {seed:#x}"
            )),
            (None, Some((_, why))) => problems.push(format!(
                "{name} passes now: take it off KNOWN_WRONG (it said: {why})"
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
