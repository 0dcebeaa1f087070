//! Every catalogue entry meets its expectation and keeps every invariant the standard
//! monitors watch (`scenarios::checks`) under every seed tried, and its outcome does not
//! depend on anything but the seed.

use scenarios::catalogue;
use scenarios::explore::{Sweep, explore};
use scenarios::hunt::Strategy;
use scenarios::interp::Decisions;
use scenarios::lang::Expect;
use sim::TraceMode;

const SEEDS: u64 = 200;

#[test]
fn every_entry_meets_its_expectation() {
    let sweep = Sweep {
        seeds: SEEDS,
        shard: None,
        jobs: 2,
        strategy: Strategy::Random,
    };
    for program in catalogue::all() {
        let summary = explore(&program.origin, &sweep, &|_| {});
        assert_eq!(summary.runs, SEEDS);
        if let Some((seed, why)) = summary.first_failure() {
            panic!(
                "{}: seed {seed:#x}: {why}\n  replay: otpsim replay {} --seed {seed:#x}",
                program.name, program.name
            );
        }
    }
}

#[test]
fn the_supervisor_entries_are_there_and_use_supervisors() {
    let names: Vec<String> = catalogue::all().into_iter().map(|p| p.name).collect();
    for name in [
        "SupervisedTaskExample",
        "SupervisedTaskTransient",
        "SupervisorChildManagement",
        "AsyncNolinkCrash",
        "OneForOneRestart",
        "OneForAllRestart",
        "RestForOneRestart",
        "IntensityAtLimit",
        "IntensityPastLimit",
        "IntensityWindowGivesUp",
        "IntensityWindowSurvives",
        "TransientShutdownNotRestarted",
        "NestedSupervisorEscalates",
        "TrappingChildKilled",
        "StaticShutdownSequential",
        "DynamicShutdownConcurrent",
        "GenServerCallTimeout",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} is missing");
        let p = catalogue::find(name).unwrap();
        let run = p.run(&Decisions::Seed(1), TraceMode::Off, &Default::default());
        assert_eq!(run.violation, None, "{name}");
        // Every one of them starts a supervisor or a server, named by where it was made.
        assert!(
            run.names
                .processes()
                .iter()
                .any(|(_, n)| n.starts_with("main.") && n.matches('.').count() == 1),
            "{name}"
        );
    }
}

/// An entry that expects exact lines has one outcome whatever the schedule; the racy one
/// has its two. (Entries that expect lines `in order` leave room for what races on the VM
/// too, such as a task's own exit against the end of the script.)
#[test]
fn an_entry_with_an_exact_expectation_has_one_outcome() {
    let sweep = Sweep {
        seeds: SEEDS,
        shard: None,
        jobs: 1,
        strategy: Strategy::Random,
    };
    for program in catalogue::all() {
        let n = explore(&program.origin, &sweep, &|_| {}).outcomes.len();
        match &program.expect {
            Some(Expect::Lines(_)) => assert_eq!(n, 1, "{}", program.name),
            Some(Expect::OneOf(sets)) => assert!(n >= 2 && n <= sets.len() * 4, "{}", program.name),
            Some(Expect::Contains(_)) | None => {}
        }
        if program.name == "SameMsTimeoutRace" {
            assert_eq!(n, 2, "the race goes both ways");
        }
    }
}

#[test]
fn a_run_replayed_from_its_schedule_is_the_same_run() {
    for program in catalogue::all() {
        for seed in 0..20 {
            let a = program.run(&Decisions::Seed(seed), TraceMode::Full, &Default::default());
            let again = Decisions::Schedule(a.report.schedule.clone());
            let b = program.run(&again, TraceMode::Full, &Default::default());
            assert_eq!(
                a.report.trace.render(),
                b.report.trace.render(),
                "{} seed {seed}",
                program.name
            );
            assert_eq!(a.lines(), b.lines());
            assert_eq!(b.report.divergence, None);
        }
    }
}
