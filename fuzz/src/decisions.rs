//! The decision stream the `schedule` and `program` targets read from the fuzzer's bytes:
//! one byte of faults, then one byte per decision (a pick, taken modulo nothing: a pick
//! past the last option is the last option, past the end of the bytes every pick is 0 —
//! exactly how a shrunk schedule replays, [`sim::Schedule`] through
//! [`scenarios::Decisions::Prefix`]).

use scenarios::{Decisions, Limits};
use sim::{Inject, Schedule};

/// The faults byte: the high bit off means no faults at all (so most of what the fuzzer
/// tries is the plain scheduler); else two bits each for jitter, kills and delays.
pub fn inject(byte: u8) -> Inject {
    if byte & 0x80 == 0 {
        return Inject::default();
    }
    const MS: [u32; 4] = [0, 1, 5, 50];
    Inject {
        jitter_ms: MS[usize::from(byte & 3)],
        kills: u32::from((byte >> 2) & 3),
        delay_ms: MS[usize::from((byte >> 4) & 3)],
    }
}

/// The picks: one byte each.
pub fn picks(bytes: &[u8]) -> Decisions {
    Decisions::Prefix(Schedule::from_picks(
        bytes.iter().map(|&b| u32::from(b)).collect(),
    ))
}

/// The budgets of a fuzzed run, with `inject`'s faults: small, so that one input takes
/// milliseconds, and a livelock is found in well under a second.
pub fn limits(inject: Inject) -> Limits {
    Limits {
        max_steps: 50_000,
        inject,
        ..Limits::default()
    }
}

/// The schedule file of the run `scenario` takes under `faults` and `picks`: the
/// decisions it actually took, every one known, and its faults, so that `otpsim replay
/// --schedule` replays it decision by decision (the fuzzer's bytes themselves are only a
/// prefix, replayed leniently).
pub fn schedule_file(scenario: &scenarios::Scenario, faults: u8, picks_bytes: &[u8]) -> String {
    let inject = inject(faults);
    let run = scenario.run(&picks(picks_bytes), sim::TraceMode::Off, &limits(inject));
    sim::write_file(
        &scenario.name,
        None,
        Some("fuzz"),
        inject,
        &run.report.schedule,
    )
}
