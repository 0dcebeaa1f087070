//! Property tests over generated scenario programs.
//!
//! [`programs`] generates valid programs of the scenario language — trees of tasks whose bodies
//! sleep, return, raise, exit and start tasks of their own; awaits, yields, `await_many`,
//! `yield_many`, shutdowns and ignores with small timeouts; `trap_exit`, kills and exit
//! signals; receives with `after`; `catch_exit` and `rescue` — with times in quanta of 10 ms
//! so that equal deadlines are common — and supervisors with policies and crash times,
//! `start_child`, supervised tasks and a `GenServer`. Each program runs under several seeded
//! schedules; in every run `scenarios::checks::Monitors::standard()` watches online (the
//! interpreter attaches it to the `Sim`). The same seed must give the same trace hash, and replaying
//! the recorded schedule must reproduce it.
//!
//! A failure prints, before unwinding, the shrunk program as RON (also saved under
//! `target/tmp/properties/`), the failing seed and check, and the commands that replay it.
//!
//! ## Scaling up
//!
//! | variable | effect | default |
//! |---|---|---|
//! | `PROPTEST_CASES=N` | generated programs per property test | see each test ([`INVARIANT_CASES`], [`DETERMINISM_CASES`], [`VALIDITY_CASES`]) |
//! | `OTPSIM_SEEDS=N` | seeded schedules per program (seeds `0..N`) | [`harness::DEFAULT_SEEDS`] (8) |
//! | `OTPSIM_SEED=S` | only seed `S` (decimal or `0x` hex) for every program | — |
//! | `PROPTEST_RNG_SEED=S` | other generated programs | fixed ([`harness::DEFAULT_RNG_SEED`]) |
//! | `PROPTEST_MAX_SHRINK_ITERS=N`, `PROPTEST_MAX_SHRINK_TIME=MS` | bound proptest's shrinking (a second pass, [`minimize`], follows it) | 2048, 60000 |
//! | `OTPSIM_PROGRAM=FILE` | `replay_program_file` runs `FILE` under `OTPSIM_SEED` with the monitors and prints its trace | — |
//!
//! A long run: `PROPTEST_CASES=5000 OTPSIM_SEEDS=64 cargo test --release -p otpsim-tests
//! --test properties`.

mod harness;
mod minimize;
mod programs;

use harness::{Failure, check_determinism, check_invariants, property, seeds};
use proptest::test_runner::{TestCaseError, TestError, TestRunner};
use scenarios::lang::{Step, compile, load_program, parse_program, to_ron};
use scenarios::{Decisions, Program};
use sim::{EventKind, TraceMode};

/// Generated programs checked against every monitor (each under every seed).
const INVARIANT_CASES: u32 = 256;
/// Generated programs checked for determinism and replay (each under every seed, 4 runs).
const DETERMINISM_CASES: u32 = 64;
/// Generated programs checked for validity and the RON round trip (no run).
const VALIDITY_CASES: u32 = 512;

#[test]
fn generated_programs_keep_every_invariant() {
    property(
        "generated_programs_keep_every_invariant",
        INVARIANT_CASES,
        check_invariants,
    );
}

#[test]
fn same_seed_same_trace_and_replay_reproduces_it() {
    property(
        "same_seed_same_trace_and_replay_reproduces_it",
        DETERMINISM_CASES,
        check_determinism,
    );
}

#[test]
fn generated_programs_are_valid_and_round_trip_through_ron() {
    property(
        "generated_programs_are_valid_and_round_trip_through_ron",
        VALIDITY_CASES,
        |p, _seeds| {
            let invalid = |message: String| Failure {
                seed: 0,
                check: "generator".to_string(),
                message,
            };
            compile(p).map_err(|e| invalid(format!("does not compile: {e:?}")))?;
            let text = to_ron(p);
            let back = load_program(&text, "generated.ron")
                .map_err(|e| invalid(format!("its RON does not load: {e}")))?;
            if &back != p {
                return Err(invalid("its RON reads back as another program".to_string()));
            }
            Ok(())
        },
    );
}

/// The generator reaches every kind of step, nested ones included, and equal deadlines.
#[test]
fn generated_programs_cover_every_step() {
    let sample = harness::sample(400);
    let mut seen = std::collections::BTreeMap::<&'static str, usize>::new();
    for p in &sample {
        programs::visit(&p.main, &mut |s| {
            let kind = match s {
                Step::Sleep(_) => "sleep",
                Step::Log(_) => "log",
                Step::Let(..) => "let",
                Step::Async { .. } => "async",
                Step::Await { .. } => "await",
                Step::Yield { .. } => "yield",
                Step::YieldMany { .. } => "yield_many",
                Step::AwaitMany { .. } => "await_many",
                Step::Shutdown { .. } => "shutdown",
                Step::Ignore { .. } => "ignore",
                Step::Start { .. } => "start",
                Step::StartLink { .. } => "start_link",
                Step::Spawn { .. } => "spawn",
                Step::SpawnLink { .. } => "spawn_link",
                Step::Send { .. } => "send",
                Step::Receive { .. } => "receive",
                Step::Raise(_) => "raise",
                Step::Exit(_) => "exit",
                Step::TrapExit(_) => "trap_exit",
                Step::Kill(_) => "kill",
                Step::ExitSignal { .. } => "exit_signal",
                Step::CatchExit { .. } => "catch_exit",
                Step::Rescue { .. } => "rescue",
                Step::Register(_) => "register",
                Step::Supervisor { .. } => "supervisor",
                Step::DynamicSupervisor { .. } => "dynamic_supervisor",
                Step::TaskSupervisor { .. } => "task_supervisor",
                Step::StartChild { .. } => "start_child",
                Step::AsyncNolink { .. } => "async_nolink",
                Step::SupervisedAsync { .. } => "supervised_async",
                Step::WhichChildren { .. } => "which_children",
                Step::CountChildren { .. } => "count_children",
                Step::Children { .. } => "children",
                Step::TerminateChild { .. } => "terminate_child",
                Step::RestartChild { .. } => "restart_child",
                Step::DeleteChild { .. } => "delete_child",
                Step::Stop { .. } => "stop",
                Step::GenServer { .. } => "gen_server",
                Step::Call { .. } => "call",
            };
            *seen.entry(kind).or_default() += 1;
        });
    }
    let missing: Vec<&str> = [
        "sleep",
        "log",
        "let",
        "async",
        "await",
        "yield",
        "yield_many",
        "await_many",
        "shutdown",
        "ignore",
        "start",
        "start_link",
        "spawn",
        "spawn_link",
        "send",
        "receive",
        "raise",
        "exit",
        "trap_exit",
        "kill",
        "exit_signal",
        "catch_exit",
        "rescue",
        "supervisor",
        "dynamic_supervisor",
        "task_supervisor",
        "start_child",
        "async_nolink",
        "supervised_async",
        "which_children",
        "count_children",
        "terminate_child",
        "restart_child",
        "delete_child",
        "stop",
        "gen_server",
        "call",
    ]
    .into_iter()
    .filter(|k| !seen.contains_key(k))
    .collect();
    assert!(
        missing.is_empty(),
        "never generated: {missing:?} (seen {seen:?})"
    );
    // Nested tasks: an `async` inside an `async`.
    let nested = sample.iter().any(|p| {
        p.main.iter().any(|s| match s {
            Step::Async { body, .. } => body.iter().any(|b| matches!(b, Step::Async { .. })),
            _ => false,
        })
    });
    assert!(nested, "no task ever started a task");
    let mean = sample
        .iter()
        .map(|p| programs::size(&p.main))
        .sum::<usize>()
        / sample.len();
    assert!((3..=40).contains(&mean), "mean program size {mean}");
}

/// Shrinking gives small programs: a property that fails whenever `main` dies of an await
/// timeout shrinks (proptest, then [`minimize`], as failures are reported) to the smallest
/// such program — one task and one await, timeout 0.
#[test]
fn shrinking_yields_small_programs() {
    let main_timed_out = |p: &Program| {
        let r = scenarios::run_program(p, &Decisions::Seed(0), TraceMode::Off).expect("valid");
        r.lines()
            .iter()
            .any(|l| l.contains(" main exit {:timeout, {Task, :await,"))
    };
    let mut runner = TestRunner::new(harness::proptest_config(512));
    let result = runner.run(&programs::program(), |p| {
        if main_timed_out(&p) {
            Err(TestCaseError::fail("main exited with an await timeout"))
        } else {
            Ok(())
        }
    });
    let Err(TestError::Fail(_, shrunk)) = result else {
        panic!("no generated program had main die of an await timeout: {result:?}");
    };
    let minimal = minimize::minimize(&shrunk, 4000, &main_timed_out);
    let text = to_ron(&minimal);
    let size = programs::size(&minimal.main);
    assert!(
        size <= 3 && text.contains("async(") && text.contains("await("),
        "shrunk to {size} steps, expected an async (maybe with a sleep) and an await:\n{text}\n\
         (proptest alone: {} steps)",
        programs::size(&shrunk.main)
    );
}

// =====================================================================================
// The signal checks fail on real traces doctored to break them (and pass on the real ones)
// =====================================================================================

fn full_run(src: &str) -> scenarios::RunResult {
    let program = load_program(src, "test.ron").expect("a valid program");
    scenarios::run_program(&program, &Decisions::Seed(0), TraceMode::Full).expect("compiles")
}

#[test]
fn pair_fifo_reports_a_down_that_overtakes_the_link_exit() {
    // A trapping owner gets both the link EXIT and the DOWN of its crashing task.
    let r = full_run(
        r#"Program(name: "x", main: [
            trap_exit(true),
            async(as: "t", do: [sleep(10), raise("crash")]),
            sleep(20),
        ])"#,
    );
    let mut events = r.report.trace.events().to_vec();
    assert_eq!(
        scenarios::checks::Monitors::standard().check_trace(&events),
        None
    );
    let is = |ev: &sim::Event, tag: &str| {
        matches!(&ev.kind, EventKind::Deliver { msg, .. }
            if msg.as_tuple().is_some_and(|t| t[0].is_atom(tag)))
    };
    let exit = events.iter().position(|e| is(e, "EXIT")).expect("an EXIT");
    let down = events.iter().position(|e| is(e, "DOWN")).expect("a DOWN");
    assert!(exit < down, "the kernel delivers the EXIT first");
    let (EventKind::Deliver { from, to, msg }, step) =
        (events[down].kind.clone(), events[down].step)
    else {
        unreachable!()
    };
    let reason = msg.as_tuple().expect("a DOWN tuple")[4].clone();
    // The bad trace: the DOWN delivered first.
    let moved = events.remove(down);
    events.insert(exit, moved);
    let v = scenarios::checks::Monitors::standard()
        .check_trace(&events)
        .expect("a violation");
    assert_eq!(v.check, "pair-fifo");
    assert_eq!(v.step, step);
    assert_eq!(
        v.message,
        format!(
            "{msg} from {from} to {to} was delivered before the link exit signal {reason}, \
             sent earlier"
        )
    );
}

#[test]
fn pair_fifo_reports_an_overtaking_message() {
    let r = full_run(
        r#"Program(name: "x", main: [
            spawn(as: "p", do: [sleep(10), receive(match: [("_", [])], after: (0, []))]),
            send(to: "p", msg: ":first"),
            send(to: "p", msg: ":second"),
        ])"#,
    );
    let mut events = r.report.trace.events().to_vec();
    assert_eq!(
        scenarios::checks::Monitors::standard().check_trace(&events),
        None
    );
    let delivered = |ev: &sim::Event, what: &str| matches!(&ev.kind, EventKind::Deliver { msg, .. } if msg.is_atom(what));
    let first = events.iter().position(|e| delivered(e, "first")).unwrap();
    let second = events.iter().position(|e| delivered(e, "second")).unwrap();
    assert!(first < second);
    let EventKind::Deliver { from, to, .. } = events[second].kind.clone() else {
        unreachable!()
    };
    let moved = events.remove(second);
    events.insert(first, moved);
    let v = scenarios::checks::Monitors::standard()
        .check_trace(&events)
        .expect("a violation");
    assert_eq!(v.check, "pair-fifo");
    assert_eq!(
        v.message,
        format!(
            ":second from {from} to {to} was delivered before the message :first, sent earlier"
        )
    );
}

/// The reproducer a failure prints: `OTPSIM_PROGRAM=FILE OTPSIM_SEED=S cargo test -p
/// otpsim-tests --test properties replay_program_file -- --nocapture` runs `FILE` under `S`
/// with every monitor and prints its trace and observations. Without `OTPSIM_PROGRAM` it
/// checks that a saved reproducer reads back as the program it came from.
#[test]
fn replay_program_file() {
    let Ok(path) = std::env::var(harness::ENV_PROGRAM) else {
        let program = harness::sample(1).remove(0);
        let f = Failure {
            seed: 0x2a,
            check: "example".to_string(),
            message: "not a real failure".to_string(),
        };
        let text = harness::reproducer("replay_program_file_example", &program, &f);
        assert!(text.contains("OTPSIM_SEED=0x2a"), "{text}");
        let saved = text
            .lines()
            .find_map(|l| l.split("saved to ").nth(1))
            .and_then(|l| l.strip_suffix(" ---"))
            .expect("the reproducer names the file");
        let src = std::fs::read_to_string(saved).expect("the file was written");
        assert_eq!(parse_program(&src, saved).unwrap(), program);
        return;
    };
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let program: Program = load_program(&src, &path).unwrap_or_else(|e| panic!("{e}"));
    let seed = seeds()[0];
    let r = harness::run(&program, &Decisions::Seed(seed), TraceMode::Full, seed)
        .unwrap_or_else(|f| panic!("{f}"));
    eprintln!("{}", r.report.trace.render());
    for line in r.lines() {
        eprintln!("{line}");
    }
    if let Err(f) = harness::verdict(&r, seed) {
        panic!("{f}");
    }
    eprintln!("seed {seed:#x}: every monitor holds");
}

/// Programs the property tests found false alarms of the standard checks with (shrunk; all
/// fixed in `scenarios::checks` since): `linked-tasks-die` ignored what a task did before its
/// owner emitted `task.spawn`, and a link EXIT a task received as a message while trapping;
/// `shutdown-order` moved a restarted child to the end of the start order, and took a
/// `terminate_child` for the start of a shutdown. Every monitor holds on them, seed after
/// seed.
#[test]
fn regressions_found_by_the_property_tests() {
    let programs = [
        // The task traps exits before `task.spawn`; its owner is then killed: the trapping
        // task rightly lives on.
        r#"Program(name: "trapping", main: [
            async(as: "t", do: [trap_exit(true), sleep(10)]),
            kill("self()"),
        ])"#,
        // The inner task crashes before its owner (the outer task) emits `task.spawn`; the
        // owner then dies of the link: the inner task was dead all along.
        r#"Program(name: "dead", main: [
            async(as: "outer", do: [async(as: "inner", do: [raise("x")])]),
        ])"#,
        // The task traps exits when its owner's kill arrives (a message now, the link gone),
        // then stops trapping: it rightly lives on.
        r#"Program(name: "trapped_then_not", main: [
            async(as: "t", do: [
                trap_exit(true),
                async(as: "u", do: []),
                trap_exit(false),
                await(task: "u", timeout: 10),
                sleep(10),
            ]),
            kill("self()"),
        ])"#,
        // `:a` crashes and is restarted at 10 ms; when `main` exits at 15 ms the supervisor
        // rightly stops `:b`, then `:a` (reverse order of the child list).
        r#"Program(name: "restart_keeps_its_place", main: [
            supervisor(as: "sup", strategy: one_for_one, children: [
                worker(id: ":a", do: [sleep(10), exit(":boom")]),
                worker(id: ":b", do: [sleep(100)]),
            ]),
            sleep(15),
        ])"#,
        // `:b` stops `:a` with `terminate_child`; when `main` exits the supervisor rightly
        // stops `:b` (`:a` is not running).
        r#"Program(name: "terminate_child_then_stop", main: [
            supervisor(as: "sup", name: "MySup", strategy: one_for_one, children: [
                worker(id: ":a", do: [sleep(100)]),
                worker(id: ":b", do: [terminate_child(sup: "MySup", child: ":a"), sleep(100)]),
            ]),
            sleep(10),
        ])"#,
    ];
    for src in programs {
        let program = load_program(src, "regression.ron").unwrap();
        for seed in 0..64 {
            let r = harness::run(&program, &Decisions::Seed(seed), TraceMode::Full, seed).unwrap();
            if let Err(f) = harness::verdict(&r, seed) {
                panic!("{}: {f}", program.name);
            }
        }
    }
}
