//! The bug zoo (`scenarios/zoo/*.exs`): every program has a race, not a plain bug (some runs
//! pass, some fail); the ones that need timer jitter to show it never fail without; every
//! failure found shrinks to a schedule no larger that, written to a schedule file and read
//! back, replays exactly to the same failure; and a replay of an edited schedule names the
//! decision where it stopped matching. None of this is `#[ignore]`d.

use scenarios::hunt::{self, Strategy};
use scenarios::interp::{Decisions, Limits};
use scenarios::schedule_file;
use scenarios::zoo::{self, Bug};
use sim::shrink::Size;
use sim::{Mismatch, Schedule, TraceMode};

/// Random seeds each program is swept over to see both passing and failing runs.
const SWEEP: u64 = 300;
/// The most runs a hunt may take (the README's table: every bug is found in far fewer).
const MAX_RUNS: u64 = 2000;

fn limits(bug: &Bug) -> Limits {
    Limits {
        inject: bug.inject,
        ..Limits::default()
    }
}

/// How many of `SWEEP` random runs fail, with `limits`.
fn failing_runs(bug: &Bug, limits: &Limits) -> u64 {
    let s = bug.scenario();
    (0..SWEEP)
        .filter(|&seed| {
            let r = s.run(&Decisions::Seed(seed), TraceMode::Off, limits);
            hunt::failure(&s, &r).is_some()
        })
        .count() as u64
}

#[test]
fn every_zoo_program_races_and_the_jitter_ones_need_jitter() {
    let bugs = zoo::all();
    assert!(bugs.len() >= 8, "the zoo holds at least eight bugs");
    for bug in &bugs {
        let failing = failing_runs(bug, &limits(bug));
        assert!(
            failing > 0 && failing < SWEEP,
            "{}: {failing} of {SWEEP} random runs fail; a zoo bug is a race",
            bug.path
        );
        if bug.inject.jitter_ms > 0 {
            assert_eq!(
                failing_runs(bug, &Limits::default()),
                0,
                "{}: fails without jitter, so it does not need it",
                bug.path
            );
        }
    }
}

/// The first decision of `s` that names what it picked (a process or a signal), with its
/// pick moved to the next option: the edit a replay must notice there.
fn edit(s: &Schedule) -> (Schedule, usize) {
    let i = s
        .decisions
        .iter()
        .position(|d| {
            d.at.is_some_and(|k| !matches!(k.label, sim::Pick::Value(_)))
        })
        .expect("a decision that names what it picked");
    let mut edited = s.clone();
    let d = &mut edited.decisions[i];
    d.pick = (d.pick + 1) % d.at.expect("known").n;
    (edited, i)
}

#[test]
fn every_zoo_failure_shrinks_and_replays_from_its_file() {
    for bug in zoo::all() {
        let s = bug.scenario();
        let limits = limits(&bug);
        let found = hunt::hunt(&s, Strategy::Random, 0, MAX_RUNS, &limits)
            .unwrap_or_else(|| panic!("{}: not found in {MAX_RUNS} runs", bug.path));
        let (shrunk, runs) = hunt::shrink(&s, &found.schedule, &limits);
        assert!(runs >= 1);
        assert!(
            Size::of(&shrunk) <= Size::of(&found.schedule),
            "{}: shrinking grew {:?} to {:?}",
            bug.path,
            Size::of(&found.schedule),
            Size::of(&shrunk)
        );
        // Through the file format, faults and all.
        let text = schedule_file::write_with(&s.name, None, "random", limits.inject, &shrunk);
        let file = schedule_file::parse(&text).unwrap();
        assert_eq!((&file.schedule, file.inject), (&shrunk, limits.inject));
        let replay = |schedule: &Schedule| {
            let limits = Limits {
                inject: file.inject,
                ..Limits::default()
            };
            s.run(
                &Decisions::Schedule(schedule.clone()),
                TraceMode::Off,
                &limits,
            )
        };
        let r = replay(&file.schedule);
        assert_eq!(r.report.divergence, None, "{}", bug.path);
        assert_eq!(
            hunt::failure(&s, &r).as_ref(),
            Some(&found.key),
            "{}: the shrunk schedule fails another way",
            bug.path
        );
        assert_eq!(r.report.schedule, shrunk, "{}", bug.path);
        // An edited decision: the replay says which one stopped matching.
        let (edited, i) = edit(&shrunk);
        let d = replay(&edited)
            .report
            .divergence
            .unwrap_or_else(|| panic!("{}: an edited schedule replayed silently", bug.path));
        assert_eq!(d.index, i, "{}: {d}", bug.path);
        assert!(
            matches!(d.what, Mismatch::Differs { .. }),
            "{}: {d}",
            bug.path
        );
    }
}

#[test]
fn the_shrunk_schedules_are_small() {
    // A bug that needs k decisions off the FIFO schedule shrinks to about k of them: none
    // of the zoo needs more than a handful.
    for bug in zoo::all() {
        let s = bug.scenario();
        let limits = limits(&bug);
        let found = hunt::hunt(&s, Strategy::Pct { depth: 3 }, 0, MAX_RUNS, &limits)
            .unwrap_or_else(|| panic!("{}: PCT did not find it in {MAX_RUNS} runs", bug.path));
        let (shrunk, _) = hunt::shrink(&s, &found.schedule, &limits);
        assert!(
            shrunk.non_default() <= 6,
            "{}: {} decisions off the default after shrinking",
            bug.path,
            shrunk.non_default()
        );
    }
}
