//! The `inputs` target: everything a user hands otpsim as text. The first byte of the
//! input picks what the rest is:
//!
//! | first byte | the rest is | must hold |
//! |---|---|---|
//! | `e` | an Elixir file | it loads, or is refused with a place inside the text; a loaded program runs within small budgets, twice, to the same trace hash, and the interpreter never fails inside (a Rust panic in a process) |
//! | `r` | a step-language (RON) file | the same; a program that loads also prints to Elixir and lowers |
//! | `s` | a schedule file | it parses or is refused; what parses writes back to a file that parses to the same |
//! | `a` | command-line arguments, separated by NUL bytes | the argument parser accepts or refuses them, never panics |
//! | other | (nothing) | |

use scenarios::interp::{Decisions, Limits};
use scenarios::{Scenario, schedule_file};
use sim::TraceMode;

/// The budgets of a fuzzed run: small, so that one input takes milliseconds.
pub const LIMITS: Limits = Limits {
    max_steps: 20_000,
    max_time: sim::Time::from_ms(3_600_000),
    max_call_depth: 2_000,
    until_quiet: false,
    inject: sim::Inject {
        jitter_ms: 0,
        kills: 0,
        delay_ms: 0,
    },
};

/// The target: see the module docs.
pub fn inputs(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    match kind {
        b'e' => {
            if let Ok(text) = std::str::from_utf8(rest) {
                elixir(text);
            }
        }
        b'r' => {
            if let Ok(text) = std::str::from_utf8(rest) {
                steps(text);
            }
        }
        b's' => {
            if let Ok(text) = std::str::from_utf8(rest) {
                schedule(text);
            }
        }
        b'a' => args(rest),
        _ => {}
    }
}

/// An Elixir file: loads or is refused at a place inside it; runs deterministically.
pub fn elixir(text: &str) {
    match Scenario::from_exs(text, "fuzz.exs") {
        Ok(program) => run_twice(&program),
        Err(e) => check_place(text, e.line, e.col, &e.to_string()),
    }
}

/// A step-language file: the same, through its printed Elixir.
pub fn steps(text: &str) {
    let program = match scenarios::load_program(text, "fuzz.ron") {
        Ok(p) => p,
        Err(e) => return check_place(text, e.line, e.col, &e.to_string()),
    };
    match Scenario::from_steps(&program) {
        Ok(s) => run_twice(&s),
        Err(e) => panic!(
            "a step program that loads must print to Elixir that lowers: {}\n{text}",
            e.message
        ),
    }
}

/// A schedule file: parses or is refused; round-trips.
pub fn schedule(text: &str) {
    let Ok(file) = schedule_file::parse(text) else {
        return;
    };
    let again = sim::write_file(
        &file.scenario,
        file.seed,
        file.strategy.as_deref(),
        file.inject,
        &file.schedule,
    );
    let back = schedule_file::parse(&again)
        .unwrap_or_else(|e| panic!("a written schedule file does not parse: {e}\n{again}"));
    // Everything but the engine line, which says who wrote the file, and the version: a
    // version 1 file is written back as version 2 unless a decision is a bare pick.
    // A line break inside the scenario or strategy is written as a space (it would forge
    // a header line otherwise).
    let one_line = |s: &str| s.replace(['\n', '\r'], " ");
    let engine = file.engine.clone();
    let expected = schedule_file::ScheduleFile {
        scenario: one_line(&file.scenario),
        strategy: file.strategy.as_deref().map(one_line),
        ..file
    };
    assert_eq!(
        schedule_file::ScheduleFile {
            engine,
            version: expected.version,
            ..back
        },
        expected,
        "{again}"
    );
}

/// Command-line arguments: the parser decides, without running anything.
pub fn args(bytes: &[u8]) {
    let argv = std::iter::once("otpsim".to_string()).chain(
        bytes
            .split(|b| *b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned()),
    );
    let _ = scenarios::cli::parse(argv);
}

/// A refusal names a place inside the text (a line past the end is allowed only for "the
/// file ended too soon": the line after the last).
fn check_place(text: &str, line: usize, col: usize, shown: &str) {
    let lines = text.split('\n').count();
    assert!(
        (1..=lines + 1).contains(&line) && col >= 1,
        "refused at {line}:{col}, outside a text of {lines} lines: {shown}"
    );
}

/// Two runs with the same seed: the same trace, and no Rust panic inside a process.
fn run_twice(program: &Scenario) {
    let a = program.run(&Decisions::Seed(7), TraceMode::Hash, &LIMITS);
    let b = program.run(&Decisions::Seed(7), TraceMode::Hash, &LIMITS);
    assert_eq!(
        a.report.trace.hash(),
        b.report.trace.hash(),
        "the same seed gave two traces"
    );
    assert_eq!(a.lines(), b.lines());
    if let Some(v) = &a.violation {
        assert_ne!(
            v.check, "rust-panic",
            "the interpreter panicked inside a process: {}",
            v.message
        );
    }
}
