//! The invariant suite catches broken semantics (a mutation check). Each test turns on
//! one deliberate bug of the kernel or the model with the test-only switch `sim::faults` (the
//! `faults` feature, enabled for this crate's tests only) and runs programs under the standard
//! monitors (`scenarios::checks::Monitors::standard()`, attached to every run by the
//! interpreter):
//!
//! * hand-written programs that exercise the broken rule: without the fault no seed breaks an
//!   invariant; with it some seed does, and every violation names the check that watches that
//!   rule;
//! * the whole catalogue: without faults every entry keeps every invariant and meets its
//!   expectation; with the fault, the expected check reports at least one run. How many entries
//!   then break an invariant and how many miss their asserted outcome (the catalogue's
//!   expectations are a check of their own) is printed with `--nocapture`.
//!
//! A fault is per thread, and a run never leaves its thread, so these tests run in parallel
//! with each other and with other test binaries' runs untouched.

use scenarios::interp::Decisions;
use scenarios::{Scenario, catalogue, load_program, verdict};
use sim::TraceMode;
use sim::faults::{Fault, inject};
use std::collections::{BTreeMap, BTreeSet};

/// Seeds per hand-written program.
const SEEDS: u64 = 50;
/// Seeds per catalogue entry (its expectation must hold under each).
const CATALOGUE_SEEDS: u64 = 10;

/// What a sweep of programs over seeds saw.
#[derive(Default)]
struct Tally {
    runs: u64,
    /// Violating runs, by the check that reported the run's first violation.
    violations: BTreeMap<&'static str, u64>,
    /// Programs with at least one violating run, by check.
    programs_violating: BTreeMap<&'static str, BTreeSet<String>>,
    /// Runs that did not meet their program's expectation (or did not complete).
    expectation_failures: u64,
    /// Programs with at least one such run.
    programs_missing_expectation: BTreeSet<String>,
    /// The first violation of each check, as a reproducer.
    first: BTreeMap<&'static str, String>,
}

impl Tally {
    fn violating_runs(&self) -> u64 {
        self.violations.values().sum()
    }

    fn summary(&self) -> String {
        let by_check: Vec<String> = self
            .violations
            .iter()
            .map(|(c, n)| {
                format!(
                    "{c}: {n} runs / {} programs",
                    self.programs_violating[c].len()
                )
            })
            .collect();
        format!(
            "{} runs, {} violating [{}]; expectation missed in {} runs / {} programs {:?}",
            self.runs,
            self.violating_runs(),
            by_check.join(", "),
            self.expectation_failures,
            self.programs_missing_expectation.len(),
            self.programs_missing_expectation,
        )
    }
}

fn load(sources: &[&str]) -> Vec<Scenario> {
    sources
        .iter()
        .map(|s| {
            let p = load_program(s, "faults.rs").unwrap_or_else(|e| panic!("{e}"));
            Scenario::from_steps(&p).unwrap_or_else(|e| panic!("{}", e.message))
        })
        .collect()
}

/// Runs every program under seeds `0..seeds` on this thread (so under this thread's faults).
fn sweep(programs: &[Scenario], seeds: u64) -> Tally {
    let mut t = Tally::default();
    for program in programs {
        for seed in 0..seeds {
            let run = program.run(&Decisions::Seed(seed), TraceMode::Off, &Default::default());
            t.runs += 1;
            if let Some(v) = &run.violation {
                *t.violations.entry(v.check).or_default() += 1;
                t.programs_violating
                    .entry(v.check)
                    .or_default()
                    .insert(program.name.clone());
                t.first
                    .entry(v.check)
                    .or_insert_with(|| format!("{} seed {seed:#x}: {v}", program.name));
            }
            let lines = run.lines();
            if verdict::check(program.expect.as_ref(), &run.report.outcome, &lines).is_err() {
                t.expectation_failures += 1;
                t.programs_missing_expectation.insert(program.name.clone());
            }
        }
    }
    t
}

/// `fault` is caught by `check` on every one of `programs` and on the catalogue, and the
/// same programs and seeds are clean without it.
fn caught(fault: Fault, check: &str, programs: &[&str]) {
    let programs = load(programs);
    let clean = sweep(&programs, SEEDS);
    assert_eq!(
        clean.violating_runs(),
        0,
        "without faults: {}\n{:?}",
        clean.summary(),
        clean.first
    );
    assert_eq!(clean.expectation_failures, 0, "{}", clean.summary());

    let _fault = inject(fault);
    let broken = sweep(&programs, SEEDS);
    eprintln!("{fault:?}: hand-written programs: {}", broken.summary());
    assert_eq!(
        broken.violations.keys().copied().collect::<Vec<_>>(),
        [check],
        "{fault:?}: {}\n{:?}",
        broken.summary(),
        broken.first
    );
    for p in &programs {
        assert!(
            broken.programs_violating[check].contains(&p.name),
            "{fault:?} is not caught on {}: {}",
            p.name,
            broken.summary()
        );
    }

    let cat = sweep(&catalogue::all(), CATALOGUE_SEEDS);
    eprintln!("{fault:?}: catalogue: {}", cat.summary());
    for (c, first) in &cat.first {
        eprintln!("{fault:?}:   first {c}: {first}");
    }
    assert!(
        cat.violations.contains_key(check),
        "{fault:?}: {check} caught nothing in the catalogue: {}",
        cat.summary()
    );
}

#[test]
fn the_catalogue_is_clean_without_faults() {
    let t = sweep(&catalogue::all(), CATALOGUE_SEEDS);
    assert_eq!(t.violating_runs(), 0, "{}\n{:?}", t.summary(), t.first);
    assert_eq!(t.expectation_failures, 0, "{}", t.summary());
}

/// `await` and `yield` then end 1 ms after their deadline (SEMANTICS §1.9, §2.2, §2.4).
#[test]
fn a_late_timer_breaks_wait_deadlines() {
    caught(
        Fault::TimerLate,
        "wait-deadline",
        &[
            r#"Program(name: "YieldThenAwaitTimeout", main: [
                async(as: "t", do: [sleep(300)], return: ":slow"),
                yield(task: "t", timeout: 100, as: "r"),
                catch_exit(do: [await(task: "t", timeout: 100, as: "v")], as: "e", catch: []),
            ])"#,
            r#"Program(name: "CallTimeout", main: [
                gen_server(as: "srv", handle_call: [(":slow", [sleep(200)], ":ok")]),
                catch_exit(do: [call(server: "srv", msg: ":slow", timeout: 50, as: "r")], as: "e", catch: []),
            ])"#,
        ],
    );
}

/// A process that links to and monitors a dying one (every `Task.async` owner) must see the
/// link `:EXIT` before the `:DOWN` (SEMANTICS §1.8): `pair-fifo` follows the dying process's
/// signals in the order it sent them.
#[test]
fn down_before_exit_breaks_pair_fifo() {
    caught(
        Fault::DownBeforeExit,
        "pair-fifo",
        &[
            r#"Program(name: "TrappingOwnerOfACrashingTask", main: [
                trap_exit(true),
                async(as: "t", do: [sleep(10), exit(":boom")]),
                receive(match: [("{:EXIT, _, reason}", [])]),
                receive(match: [("{:DOWN, _, _, _, reason}", [])]),
            ])"#,
            r#"Program(name: "OwnerOfATaskThatIsKilled", main: [
                trap_exit(true),
                async(as: "t", do: [sleep(1000)]),
                sleep(10),
                kill("t.pid"),
                yield(task: "t", timeout: 100, as: "r"),
            ])"#,
        ],
    );
}

/// `Process.exit(pid, :kill)` is untrappable (SEMANTICS §1.4): `exit-signals` checks each
/// exit signal's effect against its row of the table.
#[test]
fn a_trappable_kill_breaks_exit_signals() {
    caught(
        Fault::KillTrappable,
        "exit-signals",
        &[
            r#"Program(name: "KillATrappingProcess", main: [
                spawn(as: "w", do: [trap_exit(true), receive(match: [(":never", [])], after: (500, []))]),
                sleep(10),
                kill("w"),
            ])"#,
            r#"Program(name: "ShutdownATrappingTask", main: [
                async(as: "t", do: [trap_exit(true), sleep(1000)]),
                sleep(10),
                shutdown(task: "t", timeout: 50, as: "r"),
            ])"#,
        ],
    );
}

/// `max_restarts: 2` allows two restarts in the window (SEMANTICS §4.6); the fault gives up on
/// the second. Both supervisors share the rule, so both are shown.
#[test]
fn an_intensity_off_by_one_breaks_the_restart_policy() {
    caught(
        Fault::IntensityOffByOne,
        "restart-policy",
        &[
            r#"Program(name: "TwoRestartsAllowed", main: [
                trap_exit(true),
                supervisor(as: "sup", strategy: one_for_one, max_restarts: 2, max_seconds: 5, children: [
                    worker(id: ":b", restart: permanent, do: [sleep(100), raise("boom")]),
                ]),
                receive(match: [("{:EXIT, ^sup, reason}", [])], after: (1000, [])),
            ])"#,
            r#"Program(name: "DynamicTwoRestartsAllowed", main: [
                trap_exit(true),
                dynamic_supervisor(as: "sup", max_restarts: 2, max_seconds: 5),
                start_child(sup: "sup", child: worker(restart: permanent, do: [sleep(100), raise("boom")]), as: "r"),
                receive(match: [("{:EXIT, ^sup, reason}", [])], after: (1000, [])),
            ])"#,
        ],
    );
}

/// Stamps exactly `max_seconds` old still count (SEMANTICS §4.6, inclusive boundary): crashes
/// stamped 0 s and 1 s trip `max_restarts: 1, max_seconds: 1`.
#[test]
fn an_exclusive_intensity_window_breaks_the_restart_policy() {
    caught(
        Fault::IntensityWindowExclusive,
        "restart-policy",
        &[r#"Program(name: "CrashesOneSecondApart", main: [
                trap_exit(true),
                supervisor(as: "sup", strategy: one_for_one, max_restarts: 1, max_seconds: 1, children: [
                    worker(id: ":b", restart: permanent, do: [sleep(600), raise("boom")]),
                ]),
                receive(match: [("{:EXIT, ^sup, reason}", [])], after: (3000, [])),
            ])"#],
    );
}

/// A `:transient` child that exits `:shutdown` is not restarted (SEMANTICS §4.2), under a
/// `Supervisor` and under a `Task.Supervisor` alike.
#[test]
fn restarting_a_transient_child_after_shutdown_breaks_the_restart_policy() {
    caught(
        Fault::TransientRestartOnShutdown,
        "restart-policy",
        &[
            r#"Program(name: "TransientWorkerShutsDown", main: [
                trap_exit(true),
                supervisor(as: "sup", strategy: one_for_one, children: [
                    worker(id: ":a", restart: transient, do: [sleep(100), exit(":shutdown")]),
                ]),
                sleep(1000),
            ])"#,
            r#"Program(name: "TransientSupervisedTaskShutsDown", main: [
                trap_exit(true),
                task_supervisor(as: "ts"),
                start_child(sup: "ts", do: [sleep(100), exit("{:shutdown, :done}")], restart: transient, as: "r"),
                sleep(1000),
            ])"#,
        ],
    );
}

/// A `Task.async` task is linked to its owner (SEMANTICS §2.1, §2.3): when the owner crashes
/// the task dies with it.
#[test]
fn an_unlinked_task_breaks_linked_tasks_die() {
    caught(
        Fault::TaskUnlinked,
        "linked-tasks-die",
        &[r#"Program(name: "OwnerCrashesWhileItsTaskRuns", main: [
            async(as: "t", do: [sleep(1000)]),
            sleep(10),
            raise("owner crashed"),
        ])"#],
    );
}

/// Monitors kept from run to run (each thread's runs share one set, reset in between) judge
/// every run as new ones would: a faulty run's violation, which stops the checks halfway
/// through it, leaves nothing behind for the runs after it.
#[test]
fn monitors_kept_from_run_to_run_judge_as_new_ones_do() {
    use scenarios::checks::Monitors;
    let programs = catalogue::all();
    let mut traces = Vec::new();
    let record = |traces: &mut Vec<Vec<sim::Event>>| {
        for p in &programs {
            for seed in 0..2 {
                let run = p.run(&Decisions::Seed(seed), TraceMode::Full, &Default::default());
                traces.push(run.report.trace.events().to_vec());
            }
        }
    };
    for fault in Fault::ALL {
        let _fault = inject(fault);
        record(&mut traces);
    }
    record(&mut traces);
    let fresh: Vec<_> = (traces.iter())
        .map(|t| Monitors::standard().check_trace(t))
        .collect();
    let violating = fresh.iter().flatten().count();
    assert!(
        violating > 0 && violating < fresh.len(),
        "{violating} of {} runs violate: the test needs both kinds",
        fresh.len()
    );
    // In the order recorded, then backwards: each run after every other one.
    let mut kept = Monitors::standard();
    let mut judge = |i: usize| {
        kept.reset();
        for e in &traces[i] {
            kept.on_event(e);
        }
        assert_eq!(kept.finish(), fresh[i], "run {i} of {}", traces.len());
    };
    (0..traces.len()).for_each(&mut judge);
    (0..traces.len()).rev().for_each(&mut judge);
}
