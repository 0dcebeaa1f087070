//! Every catalogue entry meets its expectation and keeps every invariant the standard
//! monitors watch (`scenarios::checks`) under every seed tried, and its outcome does not
//! depend on anything but the seed.

use scenarios::catalogue;
use scenarios::explore::{Sweep, explore};
use scenarios::interp::{Decisions, run_script};
use scenarios::lang::compile;
use sim::TraceMode;

const SEEDS: u64 = 200;

#[test]
fn every_entry_meets_its_expectation() {
    let sweep = Sweep {
        seeds: SEEDS,
        shard: None,
        jobs: 2,
    };
    for program in catalogue::all() {
        let summary = explore(&program, &sweep, &|_| {});
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
        let run = run_script(&compile(&p).unwrap(), &Decisions::Seed(1), TraceMode::Off);
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

#[test]
fn only_the_racy_entry_has_more_than_one_outcome() {
    let sweep = Sweep {
        seeds: SEEDS,
        shard: None,
        jobs: 1,
    };
    for program in catalogue::all() {
        let n = explore(&program, &sweep, &|_| {}).outcomes.len();
        let racy = program.name == "SameMsTimeoutRace";
        assert_eq!(n, if racy { 2 } else { 1 }, "{}", program.name);
    }
}

#[test]
fn a_run_replayed_from_its_schedule_is_the_same_run() {
    for program in catalogue::all() {
        let script = compile(&program).unwrap();
        for seed in 0..20 {
            let a = run_script(&script, &Decisions::Seed(seed), TraceMode::Full);
            let again = Decisions::Schedule(a.report.schedule.clone());
            let b = run_script(&script, &again, TraceMode::Full);
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
