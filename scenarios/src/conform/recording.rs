//! Recorded VM observations: what the real VM did with each program of a batch, kept in a
//! text file in the repository so that `cargo test` can compare the simulator against the
//! VM on a machine without Elixir (`otpsim conform --record FILE` writes one; `--recorded
//! FILE` compares against one instead of running `elixir`).
//!
//! Each program's entry carries a *fingerprint* of the Elixir module emitted for it: a
//! recording of another version of the program (the generator or the emitter changed) is
//! reported as stale, never compared. The file also says which Elixir and OTP it came from.
//!
//! ```text
//! # otpsim VM recording v1
//! # elixir: Elixir 1.14.0 (compiled with Erlang/OTP 24); Erlang/OTP 25 [erts-13.1.5]
//!
//! program AsyncExample
//! fingerprint 0x9d3c4e0f1a2b3c4d
//! status done
//! obs 2001 main.task exit :normal
//! obs 2002 main log Result: Data fetched
//! alive main.sleeper
//! end
//! ```
//!
//! Observation times are the VM's own (wall-clock milliseconds since the program's start,
//! not rounded); the comparison rounds them as it rounds a live run's. Text is escaped as
//! the runtime escapes it (`\\`, `\n`, `\t`, `\r`), one record a line.

use super::vm::{VmObservation, VmRun, VmStatus};
use crate::scenario::Scenario;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// The first line of every recording.
pub const MAGIC: &str = "# otpsim VM recording v1";

/// One program's VM run, and which version of the program it was.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// [`fingerprint`] of the program that ran.
    pub fingerprint: u64,
    /// What the VM observed.
    pub run: VmRun,
}

/// A recording: the VM's version and a run per program name.
#[derive(Clone, Debug, Default)]
pub struct Recording {
    /// `elixir --version`, shortened (as [`super::vm::elixir_version`] gives it).
    pub elixir_version: String,
    /// By program name.
    pub runs: BTreeMap<String, Recorded>,
}

/// FNV-1a of the Elixir module emitted for `program` (at batch index 0): equal for equal
/// programs on every machine. `Err` if the program cannot be emitted.
pub fn fingerprint(program: &Scenario) -> Result<u64, String> {
    let source = super::subject::emit(program, 0).map_err(|e| e.message)?;
    Ok(sim::Trace::hash_text(&source))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            other => return Err(format!("bad escape `\\{}`", other.unwrap_or(' '))),
        }
    }
    Ok(out)
}

impl Recording {
    /// The text of the file.
    pub fn render(&self) -> String {
        let mut s = format!("{MAGIC}\n# elixir: {}\n", self.elixir_version);
        s.push_str(
            "# Written by `otpsim conform --record`; `cargo test` compares the simulator with it \
             where no Elixir is at hand.\n",
        );
        for (name, r) in &self.runs {
            let _ = writeln!(s, "\nprogram {}", escape(name));
            let _ = writeln!(s, "fingerprint {:#018x}", r.fingerprint);
            let status = match &r.run.status {
                VmStatus::Done => "done".to_string(),
                VmStatus::Deadline => "deadline".to_string(),
                VmStatus::CompileError(m) => format!("compile-error {}", escape(m)),
                VmStatus::RunnerError(m) => format!("runner-error {}", escape(m)),
            };
            let _ = writeln!(s, "status {status}");
            for o in &r.run.observations {
                let _ = writeln!(s, "obs {} {} {}", o.ms, escape(&o.process), escape(&o.what));
            }
            for a in &r.run.alive {
                let _ = writeln!(s, "alive {}", escape(a));
            }
            s.push_str("end\n");
        }
        s
    }

    /// Reads a recording's text; `Err` names the line and what is wrong with it.
    pub fn parse(text: &str) -> Result<Recording, String> {
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
        match lines.next() {
            Some((_, MAGIC)) => {}
            _ => return Err(format!("line 1: not a recording (expected `{MAGIC}`)")),
        }
        let mut rec = Recording::default();
        let mut current: Option<(String, Recorded)> = None;
        for (n, line) in lines {
            let at = |m: String| format!("line {n}: {m}");
            if let Some(v) = line.strip_prefix("# elixir: ") {
                rec.elixir_version = v.to_string();
                continue;
            }
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, rest) = line.split_once(' ').unwrap_or((line, ""));
            if key == "program" {
                if current.is_some() {
                    return Err(at("`program` before the previous one's `end`".into()));
                }
                let recorded = Recorded {
                    fingerprint: 0,
                    run: VmRun {
                        observations: Vec::new(),
                        alive: Vec::new(),
                        status: VmStatus::Done,
                    },
                };
                current = Some((unescape(rest).map_err(at)?, recorded));
                continue;
            }
            let Some((name, r)) = current.as_mut() else {
                return Err(at(format!("`{key}` outside a `program` ... `end` block")));
            };
            match key {
                "fingerprint" => {
                    let hex = rest.trim().trim_start_matches("0x");
                    r.fingerprint = u64::from_str_radix(hex, 16)
                        .map_err(|_| at(format!("bad fingerprint `{rest}`")))?;
                }
                "status" => {
                    let (kind, msg) = rest.split_once(' ').unwrap_or((rest, ""));
                    r.run.status = match kind {
                        "done" => VmStatus::Done,
                        "deadline" => VmStatus::Deadline,
                        "compile-error" => VmStatus::CompileError(unescape(msg).map_err(at)?),
                        "runner-error" => VmStatus::RunnerError(unescape(msg).map_err(at)?),
                        other => return Err(at(format!("unknown status `{other}`"))),
                    };
                }
                "obs" => {
                    let mut parts = rest.splitn(3, ' ');
                    let ms = parts.next().unwrap_or("");
                    let ms = ms
                        .parse::<u64>()
                        .map_err(|_| at(format!("bad time `{ms}`")))?;
                    let process = unescape(parts.next().unwrap_or("")).map_err(at)?;
                    let what = unescape(parts.next().unwrap_or("")).map_err(at)?;
                    if process.is_empty() {
                        return Err(at("an observation without a process".into()));
                    }
                    r.run.observations.push(VmObservation { ms, process, what });
                }
                "alive" => r.run.alive.push(unescape(rest).map_err(at)?),
                "end" => {
                    let (name, r) = current.take().expect("inside a block");
                    if rec.runs.insert(name.clone(), r).is_some() {
                        return Err(at(format!("program `{name}` recorded twice")));
                    }
                }
                other => {
                    return Err(at(format!(
                        "unknown record `{other}` in the block of `{name}`"
                    )));
                }
            }
        }
        if let Some((name, _)) = current {
            return Err(format!(
                "the file ends inside the block of `{name}` (no `end`): cut short?"
            ));
        }
        Ok(rec)
    }

    /// Reads the file at `path`.
    pub fn read(path: &Path) -> Result<Recording, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the recording {}: {e}", path.display()))?;
        Recording::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Writes the file at `path`.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        std::fs::write(path, self.render())
            .map_err(|e| format!("cannot write the recording {}: {e}", path.display()))
    }

    /// The recorded run of `program`: `Err` says why there is none to compare with (not
    /// recorded, or recorded for another version of the program).
    pub fn lookup(&self, program: &Scenario) -> Result<&VmRun, String> {
        let r = self.runs.get(&program.name).ok_or_else(|| {
            format!(
                "no VM recording of `{}`: record it where Elixir is installed \
                 (`otpsim conform ... --record FILE`, or `OTPSIM_CONFORM=record cargo test \
                 --test conform`)",
                program.name
            )
        })?;
        let now = fingerprint(program)?;
        if now != r.fingerprint {
            return Err(format!(
                "the VM recording of `{}` is stale: it was made for another version of the \
                 program (fingerprint {:#018x}, now {now:#018x}); record it again where Elixir \
                 is installed",
                program.name, r.fingerprint
            ));
        }
        Ok(&r.run)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Recording {
        let mut rec = Recording {
            elixir_version: "Elixir 1.14.0 (compiled with Erlang/OTP 24); Erlang/OTP 25".into(),
            runs: BTreeMap::new(),
        };
        rec.runs.insert(
            "A".into(),
            Recorded {
                fingerprint: 0xdead_beef,
                run: VmRun {
                    observations: vec![
                        VmObservation {
                            ms: 3,
                            process: "main".into(),
                            what: "log two\nlines \\ and\ta tab".into(),
                        },
                        VmObservation {
                            ms: 4,
                            process: "main".into(),
                            what: "exit :normal".into(),
                        },
                    ],
                    alive: vec!["main.t".into()],
                    status: VmStatus::Deadline,
                },
            },
        );
        rec.runs.insert(
            "B".into(),
            Recorded {
                fingerprint: 1,
                run: VmRun {
                    observations: vec![],
                    alive: vec![],
                    status: VmStatus::CompileError("undefined function f/0\nline 2".into()),
                },
            },
        );
        rec
    }

    #[test]
    fn a_recording_reads_back_as_written() {
        let rec = sample();
        let text = rec.render();
        assert!(text.starts_with(MAGIC), "{text}");
        let back = Recording::parse(&text).expect("parses");
        assert_eq!(back.elixir_version, rec.elixir_version);
        assert_eq!(back.render(), text);
        let a = &back.runs["A"];
        assert_eq!(a.fingerprint, 0xdead_beef);
        assert_eq!(a.run.observations, rec.runs["A"].run.observations);
        assert_eq!(a.run.alive, ["main.t"]);
        assert_eq!(a.run.status, VmStatus::Deadline);
    }

    #[test]
    fn a_damaged_recording_is_an_error_with_its_line() {
        let text = sample().render();
        let cut = &text[..text.rfind("end").expect("has an end")];
        let e = Recording::parse(cut).unwrap_err();
        assert!(e.contains("ends inside the block of `B`"), "{e}");
        let e = Recording::parse("hello").unwrap_err();
        assert!(e.starts_with("line 1: not a recording"), "{e}");
        let bad = text.replace("obs 3 ", "obs x3 ");
        let e = Recording::parse(&bad).unwrap_err();
        assert!(e.contains("bad time `x3`"), "{e}");
        let twice = format!("{text}\nprogram A\nend\n");
        let e = Recording::parse(&twice).unwrap_err();
        assert!(e.contains("recorded twice"), "{e}");
    }
}
