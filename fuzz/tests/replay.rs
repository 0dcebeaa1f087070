//! Every committed corpus entry and every past crash (`corpus/<target>/`,
//! `regressions/<target>/`) replayed through its target: a bug found once stays fixed.

use std::path::{Path, PathBuf};

fn entries(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

/// Replays `target`'s corpus and regressions through `run`; at least `min` corpus entries.
fn replay(target: &str, min: usize, run: fn(&[u8])) {
    let corpus = entries(&format!("corpus/{target}"));
    let regressions = entries(&format!("regressions/{target}"));
    assert!(
        corpus.len() >= min,
        "{target}: {} corpus entries",
        corpus.len()
    );
    for f in corpus.iter().chain(&regressions) {
        let data = std::fs::read(f).expect("readable");
        let shown = f.display().to_string();
        if let Err(e) = std::panic::catch_unwind(|| run(&data)) {
            let why = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{shown}: {why}");
        }
    }
}

#[test]
fn the_inputs_corpus_and_regressions_replay() {
    replay("inputs", 10, otpsim_fuzz::inputs::inputs);
}

#[test]
fn the_schedule_corpus_and_regressions_replay() {
    replay("schedule", 10, otpsim_fuzz::schedule::schedule);
}

#[test]
fn the_program_corpus_and_regressions_replay() {
    replay("program", 10, otpsim_fuzz::program::run);
}
