//! Schedule files: the format lives with the schedule in `sim` (see [`sim::write_file`]),
//! where the cargo-test runner reads `OTPSIM_SCHEDULE` files too; this module adds what the
//! CLI needs on top: file names for the failures directory.

use sim::Schedule;
pub use sim::{ENGINE, MAGIC, ScheduleFile};

/// The text of a schedule file for `scenario`.
pub fn write(scenario: &str, seed: Option<u64>, schedule: &Schedule) -> String {
    sim::write_file(scenario, seed, None, sim::Inject::default(), schedule)
}

/// The text of a schedule file that names the strategy that found it and the faults its
/// run could inject.
pub fn write_with(
    scenario: &str,
    seed: Option<u64>,
    strategy: &str,
    inject: sim::Inject,
    schedule: &Schedule,
) -> String {
    sim::write_file(scenario, seed, Some(strategy), inject, schedule)
}

/// Reads a schedule file's text; `Err` says what is wrong with it.
pub fn parse(text: &str) -> Result<ScheduleFile, String> {
    sim::parse_file(text)
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

#[cfg(test)]
mod tests {
    use super::*;

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
