//! Running a batch of emitted programs in one `elixir` process and reading back what each
//! observed (the line format is described at the top of `runtime_ir.exs`).

use super::emit_ir::{atom_suffix, module_name};
use crate::elixir::spelling::str_src;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The Elixir runtime of a batch: what the emitted programs call (`runtime_ir.exs`), the
/// dispatcher the emitter generates from the builtin table, then the runner and the driver
/// (`runner_ir.exs`).
fn runtime() -> String {
    format!(
        "{}\n{}\n{}",
        include_str!("runtime_ir.exs"),
        super::emit_ir::dispatcher(),
        include_str!("runner_ir.exs")
    )
}

/// The module whose `main/3` runs a batch
/// (`main(dir, [{idx, file, module, deadline_ms, name_suffix, align}], stagger_ms)`).
const DRIVER: &str = "OtpsimIr.Runner";

/// How to install what is missing.
pub const INSTALL_HINT: &str = "install Elixir 1.14 / Erlang/OTP 25 with \
    `apt-get install -y elixir` (Debian/Ubuntu; `.ci/run` does this), or pass `--elixir PATH`";

/// Programs start this many milliseconds apart (a batch of 500 takes half a second more),
/// so that they neither all set up at the same instant nor all have their events in the
/// same milliseconds: on two cores, 500 programs acting at once delay each other by tens
/// of milliseconds.
pub const STAGGER_MS: u64 = 1;

/// One program of a batch: its module's source and how long the runner waits for it.
#[derive(Clone, Debug)]
pub struct VmProgram {
    /// The module source ([`super::emit_ir::emit_program`]).
    pub source: String,
    /// The runner kills what is still alive this long after the program started.
    pub deadline_ms: u64,
    /// Start the program just after a whole second of the VM's monotonic clock. The
    /// simulator's clock starts at 0, so its supervisors stamp restarts with whole seconds
    /// counted from the program's start (SEMANTICS §4.6); on the VM the phase of the start
    /// within a second is arbitrary, which decides whether two restarts between
    /// `max_seconds` and `max_seconds + 1` seconds apart share a window. Aligned, the VM's
    /// stamps are the simulator's. Set only for such programs: aligning every program would
    /// start them all in the same few milliseconds.
    pub align_clock: bool,
}

/// One observation on the VM, as the runtime printed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VmObservation {
    /// Milliseconds since the program's start (wall clock, not rounded).
    pub ms: u64,
    /// The process's stable name.
    pub process: String,
    /// What it observed, in the simulator's words.
    pub what: String,
}

/// How one program ended on the VM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VmStatus {
    /// Every process it started is dead.
    Done,
    /// Some were still alive at the deadline (and were killed; see `alive`).
    Deadline,
    /// Its module did not compile.
    CompileError(String),
    /// The runner failed (a bug in `runner_ir.exs`), or its output is missing.
    RunnerError(String),
}

/// What one program did on the VM.
#[derive(Clone, Debug)]
pub struct VmRun {
    /// In the order the runner received them (each process's own in program order).
    pub observations: Vec<VmObservation>,
    /// Processes still alive at the deadline.
    pub alive: Vec<String>,
    /// How it ended.
    pub status: VmStatus,
}

/// Why a batch could not run at all.
#[derive(Debug)]
pub enum VmError {
    /// No `elixir` executable.
    Missing(String),
    /// It ran but did not finish its batch.
    Failed(String),
}

impl std::fmt::Display for VmError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VmError::Missing(m) | VmError::Failed(m) => f.write_str(m),
        }
    }
}

/// `elixir --version`'s last line (`Elixir 1.14.0 (compiled with Erlang/OTP 24)`), or why
/// there is no usable `elixir`.
pub fn elixir_version(elixir: &Path) -> Result<String, VmError> {
    let out = Command::new(elixir)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            VmError::Missing(format!(
                "cannot run `{}` ({e}): {INSTALL_HINT}",
                elixir.display()
            ))
        })?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(VmError::Missing(format!(
            "`{} --version` failed ({}): {INSTALL_HINT}",
            elixir.display(),
            out.status
        )));
    }
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let otp: String = lines
        .next()
        .unwrap_or("")
        .split(" [")
        .take(2)
        .collect::<Vec<_>>()
        .join(" [");
    let ex = lines.next_back().unwrap_or("").to_string();
    Ok(format!("{ex}; {otp}"))
}

static BATCH: AtomicU64 = AtomicU64::new(0);

/// A fresh directory for one batch's files.
fn batch_dir(keep: Option<&Path>) -> std::io::Result<PathBuf> {
    let dir = match keep {
        Some(d) => d.to_path_buf(),
        None => std::env::temp_dir().join(format!(
            "otpsim-conform-{}-{}",
            std::process::id(),
            BATCH.fetch_add(1, Ordering::Relaxed)
        )),
    };
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// The driver script: the runtime, then one call that compiles and runs every program.
fn driver(dir: &Path, programs: &[VmProgram]) -> String {
    let mut s = runtime();
    let _ = write!(s, "\n{DRIVER}.main(");
    s.push_str(&str_src(&dir.display().to_string()));
    s.push_str(", [\n");
    for (i, p) in programs.iter().enumerate() {
        s.push_str(&format!(
            "  {{{i}, \"p{i:05}.ex\", {}, {}, \"{}\", {}}},\n",
            module_name(i),
            p.deadline_ms,
            atom_suffix(i),
            p.align_clock
        ));
    }
    let _ = writeln!(s, "], {STAGGER_MS})");
    s
}

/// Runs `programs` concurrently in one `elixir` process (each under its own runner) and
/// returns what each observed, in order. `keep`: write the files there and leave them.
pub fn run_batch(
    elixir: &Path,
    programs: &[VmProgram],
    keep: Option<&Path>,
) -> Result<Vec<VmRun>, VmError> {
    let io = |e: std::io::Error| VmError::Failed(format!("cannot write the batch files: {e}"));
    let dir = batch_dir(keep).map_err(io)?;
    for (i, p) in programs.iter().enumerate() {
        std::fs::write(dir.join(format!("p{i:05}.ex")), &p.source).map_err(io)?;
    }
    let script = dir.join("conform.exs");
    std::fs::write(&script, driver(&dir, programs)).map_err(io)?;
    // Compiling takes a few ms per program; the programs then run at once.
    let longest = programs.iter().map(|p| p.deadline_ms).max().unwrap_or(0);
    let limit = Duration::from_millis(longest + 60_000 + 100 * programs.len() as u64);
    let result = run_script(elixir, &script, limit);
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let (stdout, stderr) = result?;
    parse_output(&stdout, &stderr, programs.len())
}

/// Runs `elixir script`, killing it after `limit`; returns stdout and stderr.
fn run_script(elixir: &Path, script: &Path, limit: Duration) -> Result<(String, String), VmError> {
    let mut child = Command::new(elixir)
        .arg(script)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            VmError::Missing(format!(
                "cannot run `{}` ({e}): {INSTALL_HINT}",
                elixir.display()
            ))
        })?;
    let mut out_pipe = child.stdout.take().expect("piped stdout");
    let mut err_pipe = child.stderr.take().expect("piped stderr");
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out_pipe.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err_pipe.read_to_end(&mut s);
        s
    });
    let mut waited = Duration::ZERO;
    let step = Duration::from_millis(20);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if waited >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => {
                std::thread::sleep(step);
                waited += step;
            }
            Err(e) => return Err(VmError::Failed(format!("waiting for elixir: {e}"))),
        }
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    match status {
        None => Err(VmError::Failed(format!(
            "elixir did not finish the batch within {} s; its stderr:\n{}",
            limit.as_secs(),
            tail(&stderr)
        ))),
        Some(s) if !s.success() && !stdout.contains("OTPSIM\tEND") => Err(VmError::Failed(
            format!("elixir failed ({s}); its stderr:\n{}", tail(&stderr)),
        )),
        Some(_) => Ok((stdout, stderr)),
    }
}

/// The last 40 lines of `s`.
fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Reads the runtime's lines back into one [`VmRun`] per program.
fn parse_output(stdout: &str, stderr: &str, n: usize) -> Result<Vec<VmRun>, VmError> {
    let missing = || VmStatus::RunnerError("no result from the runner".to_string());
    let mut runs: Vec<VmRun> = (0..n)
        .map(|_| VmRun {
            observations: Vec::new(),
            alive: Vec::new(),
            status: missing(),
        })
        .collect();
    let mut ended = false;
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("OTPSIM\t") else {
            continue;
        };
        let f: Vec<&str> = rest.splitn(5, '\t').collect();
        if f[0] == "END" {
            ended = true;
            continue;
        }
        let Some(run) = f
            .get(1)
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| runs.get_mut(i))
        else {
            continue;
        };
        match (f[0], f.len()) {
            ("O", 5) => run.observations.push(VmObservation {
                ms: f[2].parse().unwrap_or(0),
                process: f[3].to_string(),
                what: unescape(f[4]),
            }),
            ("A", _) => run.alive.push(f[2..].join("\t")),
            ("P", _) => {
                run.status = match f.get(2).copied() {
                    Some("deadline") => VmStatus::Deadline,
                    _ => VmStatus::Done,
                }
            }
            ("C", _) => run.status = VmStatus::CompileError(unescape(&f[2..].join("\t"))),
            ("X", _) => run.status = VmStatus::RunnerError(unescape(&f[2..].join("\t"))),
            _ => {}
        }
    }
    if !ended {
        return Err(VmError::Failed(format!(
            "elixir's output ended before the batch did; its stderr:\n{}",
            tail(stderr)
        )));
    }
    Ok(runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_lines_are_read_back() {
        let out = "noise\nOTPSIM\tO\t0\t12\tmain\tlog a\\tb\\nc\nOTPSIM\tP\t0\tdone\n\
                   OTPSIM\tC\t1\tboom\nOTPSIM\tEND\t2\n";
        let runs = parse_output(out, "", 2).unwrap();
        assert_eq!(
            runs[0].observations,
            vec![VmObservation {
                ms: 12,
                process: "main".into(),
                what: "log a\tb\nc".into()
            }]
        );
        assert_eq!(runs[0].status, VmStatus::Done);
        assert_eq!(runs[1].status, VmStatus::CompileError("boom".into()));
        assert!(parse_output("OTPSIM\tP\t0\tdone\n", "", 1).is_err());
    }
}
