//! Every committed seed and every past crash (`seeds/<target>/`,
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

#[test]
fn the_inputs_seeds_and_regressions_replay() {
    let seeds = entries("seeds/inputs");
    let regressions = entries("regressions/inputs");
    assert!(seeds.len() >= 10, "{} seed entries", seeds.len());
    for f in seeds.iter().chain(&regressions) {
        let data = std::fs::read(f).expect("readable");
        let shown = f.display().to_string();
        if let Err(e) = std::panic::catch_unwind(|| otpsim_fuzz::inputs::inputs(&data)) {
            let why = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{shown}: {why}");
        }
    }
}
