//! Schedules — the decisions of a run — and their files: versioned text a person can read.
//!
//! ```text
//! # otpsim schedule v2
//! # engine: otpsim 0.1.0
//! # scenario: SameMsTimeoutRace
//! # seed: 0x7
//! # decisions: 3
//! # checksum: 5c1bd3a0e9d4f7b2
//! step:1/2@run2 preempt:0/3@cont1 jitter:3/11
//! ```
//!
//! Each decision is `kind:pick/options`, then `@` and what the pick was when the kernel can
//! name it (`run5`, `cont5`: process `#PID<0.5.0>` runs or keeps running; `sig12>5`: the
//! twelfth signal sent, to `#PID<0.5.0>`, is delivered; `kill5`). The count and the checksum
//! (FNV-1a over the decisions) catch a file cut short or edited; a replay catches a file
//! that no longer fits the program (see [`crate::ReplayChooser`]). Version 1 files (bare
//! picks, `# otpsim schedule v1`) are still read; their replay can only check ranges.

use crate::chooser::{ChoiceKind, Pick};
use crate::sim::Inject;
use std::fmt;

/// The first line of the files this version writes.
pub const MAGIC: &str = "# otpsim schedule v2";
/// The first line of version 1 files (still read).
pub const MAGIC_V1: &str = "# otpsim schedule v1";
/// The engine that writes files: this crate's version.
pub const ENGINE: &str = concat!("otpsim ", env!("CARGO_PKG_VERSION"));

/// What a recorded decision was: its kind, its number of options and what its pick did.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Known {
    /// The kind of choice.
    pub kind: ChoiceKind,
    /// How many options there were.
    pub n: u32,
    /// What the chosen option was.
    pub label: Pick,
}

/// One decision: the option taken, and (for decisions recorded by this engine) what it was.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Decision {
    /// The option taken, below the number of options.
    pub pick: u32,
    /// Kind, options and label; `None` for a bare pick (a version 1 file).
    pub at: Option<Known>,
}

impl Decision {
    /// A decision with everything known.
    pub fn known(kind: ChoiceKind, n: u32, pick: u32, label: Pick) -> Decision {
        Decision {
            pick,
            at: Some(Known { kind, n, label }),
        }
    }
    /// A bare pick.
    pub fn bare(pick: u32) -> Decision {
        Decision { pick, at: None }
    }
    /// Its kind, when known.
    pub fn kind(&self) -> Option<ChoiceKind> {
        self.at.map(|k| k.kind)
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            None => write!(f, "{}", self.pick),
            Some(Known { kind, n, label }) => {
                write!(f, "{}:{}/{n}", kind.name(), self.pick)?;
                match label {
                    Pick::Value(_) => Ok(()),
                    _ => write!(f, "@{label}"),
                }
            }
        }
    }
}

impl Decision {
    /// Reads one decision as `Display` writes it.
    pub fn parse(word: &str) -> Result<Decision, String> {
        let bad = || {
            format!("expected a decision (`kind:pick/options`, or a whole number), found {word:?}")
        };
        if let Ok(p) = word.parse::<u32>() {
            return Ok(Decision::bare(p));
        }
        let (head, label) = match word.split_once('@') {
            Some((h, l)) => (h, Some(l)),
            None => (word, None),
        };
        let (kind, rest) = head.split_once(':').ok_or_else(bad)?;
        let kind = ChoiceKind::from_name(kind).ok_or_else(bad)?;
        let (pick, n) = rest.split_once('/').ok_or_else(bad)?;
        let pick: u32 = pick.parse().map_err(|_| bad())?;
        let n: u32 = n.parse().map_err(|_| bad())?;
        if n < 2 || pick >= n {
            return Err(format!(
                "{word:?}: a decision takes one of at least 2 options, below their number"
            ));
        }
        let label = match label {
            None => Pick::Value(pick),
            Some(l) => Pick::parse(l).ok_or_else(bad)?,
        };
        Ok(Decision::known(kind, n, pick, label))
    }
}

/// The decisions a run took, in order. Choices with a single possibility consume nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schedule {
    /// The decisions, in the order they were made.
    pub decisions: Vec<Decision>,
}

impl Schedule {
    /// A schedule of these decisions.
    pub fn new(decisions: Vec<Decision>) -> Schedule {
        Schedule { decisions }
    }
    /// A schedule of bare picks (what a version 1 file holds).
    pub fn from_picks(picks: Vec<u32>) -> Schedule {
        Schedule::new(picks.into_iter().map(Decision::bare).collect())
    }
    /// The picks alone.
    pub fn picks(&self) -> impl Iterator<Item = u32> + '_ {
        self.decisions.iter().map(|d| d.pick)
    }
    /// Number of decisions.
    pub fn len(&self) -> usize {
        self.decisions.len()
    }
    /// True if no decision was taken.
    pub fn is_empty(&self) -> bool {
        self.decisions.is_empty()
    }
    /// Decisions that took another option than the default.
    pub fn non_default(&self) -> usize {
        self.decisions.iter().filter(|d| d.pick != 0).count()
    }
    /// Fault decisions that injected one (a non-default jitter, kill or delay).
    pub fn faults(&self) -> usize {
        self.decisions
            .iter()
            .filter(|d| d.pick != 0 && d.kind().is_some_and(ChoiceKind::is_fault))
            .count()
    }

    /// FNV-1a over the decisions as written: what the `# checksum:` line holds.
    pub fn checksum(&self) -> u64 {
        let mut h = 0xcbf2_9ce4_8422_2325_u64;
        for d in &self.decisions {
            for b in d.to_string().bytes().chain([b' ']) {
                h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        h
    }

    /// Parses decisions as `Display` writes them (whitespace-separated; lines starting
    /// with `#` are comments, used for the header).
    pub fn parse(text: &str) -> Result<Schedule, String> {
        let mut decisions = Vec::new();
        for (lineno, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.starts_with('#') {
                continue;
            }
            for word in line.split_whitespace() {
                let d = Decision::parse(word).map_err(|e| format!("line {}: {e}", lineno + 1))?;
                decisions.push(d);
            }
        }
        Ok(Schedule { decisions })
    }
}

impl fmt::Display for Schedule {
    /// Decisions as text, 8 a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, chunk) in self.decisions.chunks(8).enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            for (j, d) in chunk.iter().enumerate() {
                if j > 0 {
                    f.write_str(" ")?;
                }
                write!(f, "{d}")?;
            }
        }
        Ok(())
    }
}

/// Where a replay stopped matching the schedule it replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Divergence {
    /// The decision (0-based) where it happened.
    pub index: usize,
    /// What went wrong there.
    pub what: Mismatch,
}

/// How a replay stopped matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// The run asked for a different choice than the one recorded: another kind, another
    /// number of options, or the recorded pick now names another process or signal.
    Differs {
        /// The recorded decision.
        recorded: Decision,
        /// The kind the run asked for.
        kind: ChoiceKind,
        /// The options it offered.
        n: usize,
        /// What the recorded pick is in this run (`None`: out of range).
        found: Option<Pick>,
    },
    /// The run needed a decision past the end of the schedule.
    PastEnd {
        /// The kind it asked for.
        kind: ChoiceKind,
        /// The options it offered.
        n: usize,
    },
    /// The run ended with decisions of the schedule left over.
    Unused {
        /// The schedule's length.
        len: usize,
    },
}

impl Divergence {
    pub(crate) fn mismatch(
        index: usize,
        recorded: Decision,
        kind: ChoiceKind,
        n: usize,
        found: Option<Pick>,
    ) -> Divergence {
        Divergence {
            index,
            what: Mismatch::Differs {
                recorded,
                kind,
                n,
                found,
            },
        }
    }
    pub(crate) fn past_end(index: usize, kind: ChoiceKind, n: usize) -> Divergence {
        Divergence {
            index,
            what: Mismatch::PastEnd { kind, n },
        }
    }
    pub(crate) fn unused(index: usize, len: usize) -> Divergence {
        Divergence {
            index,
            what: Mismatch::Unused { len },
        }
    }
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = self.index;
        match &self.what {
            Mismatch::Differs {
                recorded,
                kind,
                n,
                found,
            } => {
                write!(
                    f,
                    "decision #{i}: the schedule says `{recorded}` but the run offers {} \
                     option{} of kind {}",
                    n,
                    if *n == 1 { "" } else { "s" },
                    kind.name()
                )?;
                match found {
                    None => write!(f, ", none numbered {}", recorded.pick),
                    Some(p) => write!(f, ", and option {} is {p}", recorded.pick),
                }
            }
            Mismatch::PastEnd { kind, n } => write!(
                f,
                "decision #{i}: the schedule ends after {i} decision{} but the run needs more \
                 (a {} among {n}): it was cut short",
                if i == 1 { "" } else { "s" },
                kind.name()
            ),
            Mismatch::Unused { len } => write!(
                f,
                "decision #{i}: the run ended there, leaving {} of its {len} decisions unused",
                len - i
            ),
        }
    }
}

/// A schedule read from a file, with its header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleFile {
    /// 1 or 2.
    pub version: u32,
    /// The engine line (`otpsim 0.1.0`).
    pub engine: String,
    /// The scenario (or test) it belongs to.
    pub scenario: String,
    /// The seed that produced it, if one did.
    pub seed: Option<u64>,
    /// The strategy that found it, if the file says (`random`, `pct:3`, ...).
    pub strategy: Option<String>,
    /// The faults its run could inject (`# faults:`): a replay needs the same.
    pub inject: Inject,
    /// The decisions.
    pub schedule: Schedule,
}

/// The text of a schedule file: version 2, or version 1 when a decision is a bare pick
/// (read from a version 1 file), which only version 1 can hold.
pub fn write_file(
    scenario: &str,
    seed: Option<u64>,
    strategy: Option<&str>,
    inject: Inject,
    schedule: &Schedule,
) -> String {
    // One line each: a name with a line break would otherwise forge header lines.
    let one_line = |s: &str| s.replace(['\n', '\r'], " ");
    let v1 = schedule.decisions.iter().any(|d| d.at.is_none());
    let mut s = format!(
        "{}\n# engine: {ENGINE}\n# scenario: {}\n",
        if v1 { MAGIC_V1 } else { MAGIC },
        one_line(scenario)
    );
    if let Some(seed) = seed {
        s.push_str(&format!("# seed: {seed:#x}\n"));
    }
    if let Some(strategy) = strategy {
        s.push_str(&format!("# strategy: {}\n", one_line(strategy)));
    }
    if !inject.is_none() {
        s.push_str(&format!(
            "# faults: jitter={}ms kills={} delay={}ms\n",
            inject.jitter_ms, inject.kills, inject.delay_ms
        ));
    }
    s.push_str(&format!("# decisions: {}\n", schedule.len()));
    if !v1 {
        s.push_str(&format!("# checksum: {:016x}\n", schedule.checksum()));
    }
    let body = schedule.to_string();
    if !body.is_empty() {
        s.push_str(&body);
        s.push('\n');
    }
    s
}

/// Parses a seed: decimal, or hex with a `0x` prefix.
pub fn parse_seed(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let parsed = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => t.parse::<u64>(),
    };
    parsed.map_err(|_| {
        format!(
            "`{s}` is not a seed: expected a decimal number or 0x-prefixed hex (at most 64 bits)"
        )
    })
}

/// Reads a schedule file's text (version 1 or 2); `Err` says what is wrong with it.
pub fn parse_file(text: &str) -> Result<ScheduleFile, String> {
    let version = match text.lines().next().map(str::trim) {
        Some(MAGIC) => 2,
        Some(MAGIC_V1) => 1,
        _ => {
            return Err(format!(
                "not an otpsim schedule file: the first line must be `{MAGIC}` (or `{MAGIC_V1}`)"
            ));
        }
    };
    let header = |key: &str| {
        text.lines()
            .filter_map(|l| l.trim().strip_prefix('#'))
            .filter_map(|l| l.trim().strip_prefix(key))
            .find_map(|l| l.trim().strip_prefix(':').map(|v| v.trim().to_string()))
    };
    let engine = header("engine").ok_or("the `# engine:` line is missing")?;
    let scenario = header("scenario").ok_or("the `# scenario:` line is missing")?;
    let seed = match header("seed") {
        None => None,
        Some(s) => Some(parse_seed(&s).map_err(|e| format!("the `# seed:` line: {e}"))?),
    };
    let schedule = Schedule::parse(text)?;
    if version == 2 && schedule.decisions.iter().any(|d| d.at.is_none()) {
        return Err(
            "a version 2 file holds `kind:pick/options` decisions, not bare numbers".into(),
        );
    }
    // Version 1 files may lack the count (a schedule cut short by hand was a simpler valid
    // one then); version 2 files must have it, and the checksum.
    let count = header("decisions");
    if version == 2 && count.is_none() {
        return Err("the `# decisions:` line is missing".into());
    }
    if let Some(count) = count {
        let count: usize = count.parse().map_err(|_| {
            format!("the `# decisions:` line: expected a whole number, found `{count}`")
        })?;
        if count != schedule.len() {
            return Err(format!(
                "the header says {count} decisions but the file holds {}: it was cut short or \
                 edited",
                schedule.len()
            ));
        }
    }
    if version == 2 {
        let sum = header("checksum").ok_or("the `# checksum:` line is missing")?;
        if sum != format!("{:016x}", schedule.checksum()) {
            return Err(
                "the decisions do not match the `# checksum:` line: the file was edited (to \
                 replay an edited schedule on purpose, write it with `otpsim shrink` or fix \
                 the line)"
                    .into(),
            );
        }
    }
    let inject = match header("faults") {
        None => Inject::default(),
        Some(f) => parse_faults(&f).map_err(|e| format!("the `# faults:` line: {e}"))?,
    };
    Ok(ScheduleFile {
        version,
        engine,
        scenario,
        seed,
        strategy: header("strategy"),
        inject,
        schedule,
    })
}

/// Reads `jitter=1ms kills=1 delay=5ms` (what `write_file` writes).
fn parse_faults(s: &str) -> Result<Inject, String> {
    let mut inject = Inject::default();
    for word in s.split_whitespace() {
        let (key, value) = word
            .split_once('=')
            .ok_or_else(|| format!("expected key=value, found `{word}`"))?;
        let num = |v: &str| {
            v.trim_end_matches("ms")
                .parse::<u32>()
                .map_err(|_| format!("`{word}`: expected a whole number"))
        };
        match key {
            "jitter" => inject.jitter_ms = num(value)?,
            "kills" => inject.kills = num(value)?,
            "delay" => inject.delay_ms = num(value)?,
            _ => return Err(format!("`{key}` is not a fault")),
        }
    }
    Ok(inject)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Pid;

    fn sample() -> Schedule {
        Schedule::new(vec![
            Decision::known(ChoiceKind::Step, 2, 1, Pick::Run(Pid(2))),
            Decision::known(ChoiceKind::Preempt, 3, 0, Pick::Continue(Pid(1))),
            Decision::known(
                ChoiceKind::Step,
                2,
                0,
                Pick::Deliver {
                    seq: 4,
                    to: Pid(0),
                    exit: false,
                },
            ),
            Decision::known(ChoiceKind::Jitter, 11, 3, Pick::Value(3)),
            Decision::known(ChoiceKind::Kill, 4, 2, Pick::Kill(Pid(3))),
        ])
    }

    #[test]
    fn a_file_round_trips_and_checks_its_header() {
        let s = sample();
        let inject = Inject {
            jitter_ms: 2,
            kills: 1,
            delay_ms: 0,
        };
        let text = write_file("X", Some(42), Some("pct:3"), inject, &s);
        assert!(text.starts_with("# otpsim schedule v2\n# engine: otpsim "));
        assert!(text.contains("step:1/2@run2 preempt:0/3@cont1 step:0/2@sig4>0 jitter:3/11"));
        let f = parse_file(&text).unwrap();
        assert_eq!(
            (f.version, f.scenario.as_str(), f.seed, &f.schedule),
            (2, "X", Some(42), &s)
        );
        assert_eq!(f.strategy.as_deref(), Some("pct:3"));
        assert_eq!(f.inject, inject);
        assert!(
            parse_file("0 1 0")
                .unwrap_err()
                .contains("first line must be")
        );
    }

    #[test]
    fn a_file_cut_short_or_edited_is_refused() {
        let text = write_file("X", None, None, Inject::default(), &sample());
        let cut = text.replace(" kill:2/4@kill3", "");
        assert!(
            parse_file(&cut)
                .unwrap_err()
                .starts_with("the header says 5 decisions but the file holds 4")
        );
        let edited = text.replace("jitter:3/11", "jitter:1/11");
        assert!(parse_file(&edited).unwrap_err().contains("checksum"));
        let garbled = text.replace("step:1/2@run2", "step:1/2@rxn2");
        assert!(
            parse_file(&garbled).unwrap_err().contains("line 6"),
            "{}",
            parse_file(&garbled).unwrap_err()
        );
        let impossible = text.replace("jitter:3/11", "jitter:11/11");
        assert!(
            parse_file(&impossible)
                .unwrap_err()
                .contains("below their number")
        );
        let uncounted = text
            .lines()
            .filter(|l| !l.starts_with("# decisions"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(parse_file(&uncounted).unwrap_err().contains("missing"));
    }

    #[test]
    fn version_1_files_are_still_read() {
        let v1 = "# otpsim schedule v1\n# engine: otpsim 0.1.0\n# scenario: Y\n# seed: 0x7\n\
                  # decisions: 3\n0 1 2\n";
        let f = parse_file(v1).unwrap();
        assert_eq!(f.version, 1);
        assert_eq!(f.schedule, Schedule::from_picks(vec![0, 1, 2]));
        assert_eq!(f.seed, Some(7));
        let uncounted = v1.replace("# decisions: 3\n", "");
        assert_eq!(parse_file(&uncounted).unwrap().schedule.len(), 3);
        let short = v1.replace("0 1 2", "0 1");
        assert!(parse_file(&short).unwrap_err().contains("cut short"));
        // Bare picks can only be written back as version 1 (found by the `inputs` fuzz target).
        let again = write_file(&f.scenario, f.seed, None, f.inject, &f.schedule);
        assert!(again.starts_with("# otpsim schedule v1\n"), "{again}");
        assert_eq!(parse_file(&again).unwrap().schedule, f.schedule);
    }

    #[test]
    fn seeds_parse_in_decimal_and_hex() {
        assert_eq!(parse_seed("42"), Ok(42));
        assert_eq!(parse_seed("0x2A"), Ok(42));
        assert!(parse_seed("x2a").unwrap_err().contains("is not a seed"));
    }
}
