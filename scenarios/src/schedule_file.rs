//! Schedule files: the decisions of one run, as versioned text a person can read.
//!
//! ```text
//! # otpsim schedule v1
//! # engine: otpsim 0.1.0
//! # scenario: SameMsTimeoutRace
//! # seed: 0x7
//! 0 1 0 2 ...
//! ```
//!
//! The magic first line and the scenario name are checked when reading; a different engine
//! version is only a warning (the replay then reports where it diverged, if it does).

use sim::Schedule;

/// The first line of every schedule file.
pub const MAGIC: &str = "# otpsim schedule v1";
/// The engine that wrote a file: this crate's version.
pub const ENGINE: &str = concat!("otpsim ", env!("CARGO_PKG_VERSION"));

/// A schedule read from a file, with its header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleFile {
    /// The engine line (`otpsim 0.1.0`).
    pub engine: String,
    /// The scenario it belongs to.
    pub scenario: String,
    /// The seed that produced it, if one did.
    pub seed: Option<u64>,
    /// The decisions.
    pub schedule: Schedule,
}

/// The text of a schedule file.
pub fn write(scenario: &str, seed: Option<u64>, schedule: &Schedule) -> String {
    let mut s = format!("{MAGIC}\n# engine: {ENGINE}\n# scenario: {scenario}\n");
    if let Some(seed) = seed {
        s.push_str(&format!("# seed: {seed:#x}\n"));
    }
    s.push_str(&format!("# decisions: {}\n", schedule.len()));
    let body = schedule.to_string();
    if !body.is_empty() {
        s.push_str(&body);
        s.push('\n');
    }
    s
}

/// Longest a file name's scenario part gets (file systems stop at 255 bytes).
const MAX_STEM: usize = 64;

/// The name of the file `explore` writes for `seed` of `scenario`: `<scenario>-<seed>.schedule`,
/// the scenario's name kept to letters, digits, `.`, `_` and `-` (and at most 64 of them) so
/// the file lands in the failures directory whatever the name holds. A name that had to
/// change gets a hash of the original, so two scenarios never share a file.
pub fn file_name(scenario: &str, seed: u64) -> String {
    let mut stem: String = scenario
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(MAX_STEM)
        .collect();
    if stem.starts_with('.') {
        stem.replace_range(..1, "_");
    }
    if stem != scenario {
        // FNV-1a: stable across runs and platforms, unlike the standard library's hasher.
        let hash = scenario.bytes().fold(0x811c_9dc5_u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        stem = format!("{stem}-{hash:08x}");
    }
    format!("{stem}-{seed:#x}.schedule")
}

/// Reads a schedule file's text; `Err` says what is wrong with it.
pub fn parse(text: &str) -> Result<ScheduleFile, String> {
    let mut lines = text.lines();
    if lines.next().map(str::trim) != Some(MAGIC) {
        return Err(format!(
            "not an otpsim schedule file: the first line must be `{MAGIC}`"
        ));
    }
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
        Some(s) => {
            Some(crate::cli::args::parse_seed(&s).map_err(|e| format!("the `# seed:` line: {e}"))?)
        }
    };
    let schedule = Schedule::parse(text)?;
    // The count is optional (a schedule cut short by hand is a simpler valid one), but one
    // that disagrees with the decisions means the file was damaged.
    if let Some(count) = header("decisions") {
        let count: usize = count.parse().map_err(|_| {
            format!("the `# decisions:` line: expected a whole number, found `{count}`")
        })?;
        if count != schedule.len() {
            return Err(format!(
                "the header says {count} decisions but the file holds {}: it was cut short or \
                 edited (fix or delete the `# decisions:` line)",
                schedule.len()
            ));
        }
    }
    Ok(ScheduleFile {
        engine,
        scenario,
        seed,
        schedule,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_checks_the_header() {
        let s = Schedule {
            picks: vec![0, 1, 2, 0],
        };
        let text = write("X", Some(42), &s);
        assert!(text.starts_with("# otpsim schedule v1\n# engine: otpsim "));
        let f = parse(&text).unwrap();
        assert_eq!(
            (f.scenario.as_str(), f.seed, &f.schedule),
            ("X", Some(42), &s)
        );
        assert!(parse("0 1 0").unwrap_err().contains("first line must be"));
        let bad = text.replace("0 1 2 0", "0 1 x");
        assert!(parse(&bad).unwrap_err().contains("line 6"));
        let cut = text.replace("0 1 2 0", "0 1");
        assert!(
            parse(&cut)
                .unwrap_err()
                .starts_with("the header says 4 decisions but the file holds 2")
        );
        let uncounted = cut.replace("# decisions: 4\n", "");
        assert_eq!(parse(&uncounted).unwrap().schedule.len(), 2);
        let garbled = text.replace("# decisions: 4", "# decisions: four");
        assert!(parse(&garbled).unwrap_err().contains("found `four`"));
    }

    #[test]
    fn file_names_stay_inside_their_directory() {
        assert_eq!(
            file_name("SameMsTimeoutRace", 7),
            "SameMsTimeoutRace-0x7.schedule"
        );
        for name in [
            "/tmp/ESCAPED",
            "../climb",
            "a\nb",
            "..",
            "C:\\x",
            &"N".repeat(70_000),
        ] {
            let f = file_name(name, 0);
            assert!(!f.contains(['/', '\\', '\n']) && !f.starts_with('.'), "{f}");
            assert!(f.len() < 100, "{f}");
        }
        assert_ne!(file_name("a b", 0), file_name("a_b", 0));
    }
}
