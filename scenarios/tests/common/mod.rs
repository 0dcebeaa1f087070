//! What the tests of the `otpsim` binary share: running it, scratch directories, and the
//! `explore --json` results without their wall-clock figures.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary with `args`.
pub fn otpsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_otpsim"))
        .args(args)
        .output()
        .expect("the otpsim binary runs")
}

/// Its standard output, as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Its standard error, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs, expects exit code `code`, returns (stdout, stderr).
pub fn expect(args: &[&str], code: i32) -> (String, String) {
    let o = otpsim(args);
    assert_eq!(
        o.status.code(),
        Some(code),
        "otpsim {args:?}\nstdout:\n{}\nstderr:\n{}",
        stdout(&o),
        stderr(&o)
    );
    (stdout(&o), stderr(&o))
}

/// A fresh directory for one test's files, removed when the test ends.
pub struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

/// A scratch directory for the test `test` of this process.
pub fn scratch(test: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("otpsim-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

/// `explore --json` lines without the wall-clock figures, which are all that may differ
/// between two sweeps of the same seeds.
pub fn results(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            let o = v.as_object_mut().unwrap();
            o.remove("runs_per_sec");
            o.remove("secs");
            v
        })
        .collect()
}
