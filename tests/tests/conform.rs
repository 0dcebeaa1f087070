//! Conformance against the real BEAM (`otpsim conform`): the catalogue and 500 generated
//! race-free programs run on the simulator and, in one `elixir` process, on Elixir 1.14 /
//! OTP 25; both must observe the same thing. A second test shows that the comparison catches
//! a simulator with a deliberate semantic bug. Two more run Elixir files
//! (`scenarios/tests/exs/`): the four programs of the seed tutorial as users run them, and
//! small programs of every construct the IR emitter writes (GenServer callback modules,
//! receive loops, supervision trees, Task.Supervisor, registered names, ...). A fifth
//! runs every program of `examples/` as a user would (`Task.async_stream` and the
//! `Task.Supervisor` streams among them).
//!
//! Every program goes the same way, whatever it is written in: lowered to the IR, which the
//! simulator runs and the emitter writes back as Elixir for the VM. The generated programs
//! are step programs, printed as Elixir first.
//!
//! The generated programs cover every kind of `generator::KINDS` (GenServer calls that time
//! out or find the server crashed, named supervisors and servers, three-level trees,
//! restart windows across whole seconds, linked `Task.Supervisor.async`; and, written as
//! Elixir, child start results and failing restarts, `Task.async_stream` with its options,
//! monitors, callback modules, ...); the test prints how many of the 500 have each, and
//! fails if one has fewer than [`MIN_PER_KIND`].
//!
//! ## Live or recorded
//!
//! The VM's observations of every program are recorded in `tests/recordings/` (one file per
//! batch, `otpsim conform --record`'s format). `OTPSIM_CONFORM` says what to do:
//!
//! * `live` — run the batch on the VM (`elixir`, or the executable `OTPSIM_ELIXIR` names),
//!   compare the simulator with it, and fail if a recording is stale: missing, made for
//!   another version of a program, made with another Elixir/OTP, or observing something
//!   other than the VM does now. `.ci/run` sets this, so CI proves the recordings.
//! * `recorded` — compare the simulator with the recordings; no Elixir needed.
//! * `record` — run live and write the recordings anew (then review the diff).
//! * unset — `live` when `elixir` runs here, else `recorded`: a fresh clone without Elixir
//!   passes `cargo test`, and a machine with Elixir checks the recordings too.
//!
//! ## Known disagreements
//!
//! [`KNOWN`] lists the programs on which the simulator is known to be wrong, with what the
//! VM does (and the program, in Elixir, unless it is in the catalogue). They run in the same batch and must still *disagree*: when one starts to agree
//! (the simulator was fixed), the test fails and asks for it to be taken off the list.
//!
//! ## How the deliberate bug is made
//!
//! [`Options::sim_variant`] has the simulator run a *doctored* step program while the VM runs
//! the original — the same as a simulator whose model of one construct is wrong. The doctor
//! here makes every `:transient` child `:permanent` (a simulator whose `:transient` restarts
//! after `:shutdown`, the example) and turns `Process.exit(pid, :normal)` into
//! `Process.exit(pid, :kill)` (one that believes the tutorial myth that a `:normal` exit
//! signal stops a process, semantics §1.4, §8).

use scenarios::Scenario;
use scenarios::catalogue;
use scenarios::conform::recording::Recording;
use scenarios::conform::{self, Options, Report, Verdict, generator, vm};
use scenarios::lang::{Child, Program, Restart, Step};
use scenarios::scenario::Origin;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// Generator seeds and programs per seed: 500 programs, the same every run.
const GENERATED: [(u64, usize); 2] = [(0xC0F0, 250), (0xBEA5, 250)];

/// Programs on which the simulator disagrees with the VM: name, what the VM does, program
/// (an Elixir file's text; empty for a catalogue entry).
// Empty: the last entry (a DynamicSupervisor's shutdown timer kills its whole group, dead
// children too) was fixed and is now the catalogue's `DynShutdownKillsWholeGroup`.
const KNOWN: &[(&str, &str, &str)] = &[];

/// Every kind of generated program (`generator::KINDS`) has at least this many of the 500.
const MIN_PER_KIND: usize = 10;

/// One test with a live VM at a time, from its first line to its last: two `elixir`
/// processes side by side, or one beside the simulator runs of another test's generator (on
/// two cores), delay the VM's events by a quantum or more and fail the run as stale.
static VM: Mutex<()> = Mutex::new(());

/// The turn of a test that runs the VM (none needed against the recordings).
fn vm_turn(mode: Mode) -> Option<MutexGuard<'static, ()>> {
    (mode != Mode::Recorded).then(|| VM.lock().unwrap_or_else(|e| e.into_inner()))
}

/// Where the VM's side comes from.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Mode {
    Live,
    Recorded,
    Record,
}

fn elixir() -> PathBuf {
    std::env::var_os("OTPSIM_ELIXIR").map_or_else(|| "elixir".into(), PathBuf::from)
}

fn mode() -> Mode {
    match std::env::var("OTPSIM_CONFORM").as_deref() {
        Ok("live") => Mode::Live,
        Ok("recorded") => Mode::Recorded,
        Ok("record") => Mode::Record,
        Ok(other) => panic!("OTPSIM_CONFORM={other:?}: expected `live`, `recorded` or `record`"),
        Err(_) if vm::elixir_version(&elixir()).is_ok() => Mode::Live,
        Err(_) => Mode::Recorded,
    }
}

fn options(mode: Mode) -> Options {
    let elixir = elixir();
    if mode != Mode::Recorded
        && let Err(e) = vm::elixir_version(&elixir)
    {
        panic!(
            "OTPSIM_CONFORM={mode:?} needs Elixir 1.14 / Erlang/OTP 25 and found none: {e}\n\
             (`OTPSIM_ELIXIR=/path/to/elixir` names another executable; without Elixir, \
             leave OTPSIM_CONFORM unset to compare with the recordings)"
        );
    }
    Options {
        elixir,
        ..Options::default()
    }
}

fn recording_path(batch: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("recordings")
        .join(format!("{batch}.vmrec"))
}

/// Runs `programs` live, against the recording of `batch`, or live and records them.
fn run(batch: &str, programs: &[Scenario], opts: &Options, mode: Mode) -> Report {
    let path = recording_path(batch);
    println!("conformance mode {mode:?}, recording {}", path.display());
    if mode == Mode::Recorded {
        let rec = Recording::read(&path).unwrap_or_else(|e| panic!("{e}"));
        return conform::conform_recorded(programs, opts, &rec, &path.display().to_string());
    }
    let report =
        conform::conform(programs, opts).unwrap_or_else(|e| panic!("otpsim conform failed: {e}"));
    if mode == Mode::Record {
        let rec = report.to_recording().unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(path.parent().expect("a directory")).expect("mkdir");
        rec.write(&path).unwrap_or_else(|e| panic!("{e}"));
        println!("recorded {} programs in {}", rec.runs.len(), path.display());
        return report;
    }
    let rec = Recording::read(&path).unwrap_or_else(|e| {
        panic!("{e}\n(record it: OTPSIM_CONFORM=record cargo test -p otpsim-tests --test conform)")
    });
    assert_eq!(
        rec.elixir_version,
        report.elixir_version,
        "{} was recorded with another Elixir/OTP than this VM's: record it again \
         (OTPSIM_CONFORM=record cargo test -p otpsim-tests --test conform)",
        path.display()
    );
    let stale = report.stale_against(&rec);
    assert!(
        stale.is_empty(),
        "{} is stale; record it again (OTPSIM_CONFORM=record cargo test -p otpsim-tests --test \
         conform) and review the diff:\n  {}",
        path.display(),
        stale.join("\n  ")
    );
    report
}

/// A step program, as the batch runs it (printed as Elixir, lowered).
fn steps(p: &Program) -> Scenario {
    Scenario::from_steps(p).unwrap_or_else(|e| panic!("{}: {}", p.name, e.message))
}

fn generated() -> Vec<Scenario> {
    let mut out = Vec::new();
    for (seed, n) in GENERATED {
        let programs = generator::generate(n, seed, 50);
        assert_eq!(
            programs.len(),
            n,
            "the generator gave up early for seed {seed:#x}"
        );
        out.extend(programs);
    }
    let mix = generator::mix(&out);
    let line: Vec<String> = mix.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!("generated programs per kind: {}", line.join(", "));
    let starved: Vec<&(&str, usize)> = mix.iter().filter(|(_, n)| *n < MIN_PER_KIND).collect();
    assert!(
        starved.is_empty(),
        "kinds with fewer than {MIN_PER_KIND} of the generated programs: {starved:?}"
    );
    out.iter()
        .map(|g| g.scenario().unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn known_programs() -> Vec<Scenario> {
    KNOWN
        .iter()
        .filter(|(_, _, src)| !src.is_empty())
        .map(|(name, _, src)| {
            Scenario::from_exs(src, &format!("{name}.exs")).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

#[test]
fn the_catalogue_and_500_generated_programs_agree_with_the_vm() {
    let mode = mode();
    let _turn = vm_turn(mode);
    let opts = options(mode);
    let mut programs = catalogue::all();
    let n_catalogue = programs.len();
    programs.extend(known_programs());
    programs.extend(generated());
    let report = run("catalogue-and-generated", &programs, &opts, mode);
    println!("{}", report.summary());

    let known = |name: &str| KNOWN.iter().find(|(n, _, _)| *n == name);
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for r in &report.results {
        match (known(&r.program.name), r.verdict.agreed()) {
            (None, false) => unexpected.push(conform::describe(r)),
            (Some((name, _, _)), true) => fixed.push(*name),
            (Some((name, vm, _)), false) => {
                println!("known disagreement {name}: {vm}");
                assert!(
                    matches!(r.verdict, Verdict::Disagree(_)),
                    "{}",
                    conform::describe(r)
                );
            }
            (None, true) => {}
        }
    }
    let agreed = report.results.iter().filter(|r| r.verdict.agreed()).count();
    println!(
        "{agreed} programs ({n_catalogue} from the catalogue, 500 generated) agree with the \
         VM; {} known disagreements",
        KNOWN.len()
    );
    assert!(
        unexpected.is_empty(),
        "{} programs do not agree with the VM:\n{}\n{}",
        unexpected.len(),
        unexpected.join("\n"),
        report.summary()
    );
    assert!(
        fixed.is_empty(),
        "these known disagreements now agree with the VM: take them off `KNOWN` in \
         tests/tests/conform.rs: {fixed:?}"
    );
    let in_catalogue = KNOWN.iter().filter(|(_, _, src)| src.is_empty()).count();
    assert_eq!(
        report.results.len(),
        n_catalogue + KNOWN.len() - in_catalogue + 500
    );
}

/// The doctor (see the module docs): `:transient` children become `:permanent`, and
/// `Process.exit(pid, :normal)` becomes `Process.exit(pid, :kill)`.
fn doctored(p: &Program) -> Program {
    fn steps(list: &[Step]) -> Vec<Step> {
        list.iter().map(step).collect()
    }
    fn child(c: &Child) -> Child {
        let mut c = c.clone();
        match &mut c {
            Child::Worker { body, restart, .. } | Child::Task { body, restart, .. } => {
                *body = steps(body);
                if *restart == Some(Restart::Transient) {
                    *restart = Some(Restart::Permanent);
                }
            }
            Child::Supervisor { children, .. } => *children = children.iter().map(child).collect(),
            _ => {}
        }
        c
    }
    fn step(s: &Step) -> Step {
        let mut s = s.clone();
        match &mut s {
            Step::ExitSignal { to, reason } if reason.trim() == ":normal" => {
                return Step::Kill(to.clone());
            }
            Step::Async { body, .. }
            | Step::Start { body, .. }
            | Step::StartLink { body, .. }
            | Step::Spawn { body, .. }
            | Step::SpawnLink { body, .. } => *body = steps(body),
            Step::Receive { clauses, after } => {
                for (_, b) in clauses.iter_mut() {
                    *b = steps(b);
                }
                if let Some((_, b)) = after {
                    *b = steps(b);
                }
            }
            Step::CatchExit { body, handler, .. } | Step::Rescue { body, handler, .. } => {
                *body = steps(body);
                *handler = steps(handler);
            }
            Step::Supervisor { children, .. } => *children = children.iter().map(child).collect(),
            Step::StartChild { child: Some(c), .. } => *c = child(c),
            Step::StartChild {
                restart: Some(r), ..
            } if *r == Restart::Transient => *r = Restart::Permanent,
            _ => {}
        }
        s
    }
    let mut p = p.clone();
    p.main = steps(&p.main);
    p
}

#[test]
fn a_simulator_with_a_semantic_bug_disagrees_with_the_vm() {
    let mode = mode();
    let _turn = vm_turn(mode);
    let mut opts = options(mode);
    opts.sim_variant = Some(doctored);
    // Step programs (the doctor edits step programs) of catalogue scenarios.
    let files = [
        "transient_shutdown_not_restarted",
        "exit_normal_ignored",
        "async_example",
        "one_for_one_restart",
        "trapping_owner_exit_and_down",
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/tests/steps");
    let programs: Vec<Program> = files
        .iter()
        .map(|f| {
            let path = dir.join(format!("{f}.ron"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            scenarios::load_program(&text, &path.display().to_string())
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    let mut programs: Vec<Scenario> = programs.iter().map(steps).collect();
    // The doctor changes step programs only: the Elixir ones run as they are on both sides.
    programs.extend(
        generator::generate(20, 0xB06, 50)
            .iter()
            .map(|g| g.scenario().unwrap_or_else(|e| panic!("{e}"))),
    );
    let report = run("doctored", &programs, &opts, mode);
    println!("{}", report.summary());

    let verdict = |name: &str| {
        let r = report.results.iter().find(|r| r.program.name == name);
        r.map(|r| r.verdict.clone()).expect("ran")
    };
    // The doctored simulator restarts :a after its :shutdown exit, and with max_restarts: 0
    // gives up at once; on the VM nothing is restarted.
    match verdict("TransientShutdownNotRestarted") {
        Verdict::Disagree(_) => {}
        other => panic!(
            "the bug went unnoticed: {other:?}\n{}",
            report.disagreements()
        ),
    }
    // It kills `plain` at 10 ms; on the VM `plain` lives on and logs at 100 ms.
    match verdict("ExitNormalIgnored") {
        Verdict::Disagree(first) => assert!(first.contains("main.plain"), "{first}"),
        other => panic!(
            "the bug went unnoticed: {other:?}\n{}",
            report.disagreements()
        ),
    }
    assert!(
        report
            .disagreements()
            .contains("first difference: process main.plain")
    );
    // Programs the doctor left alone still agree: the comparison is precise, not noisy.
    // (The generated Elixir programs are never doctored.)
    for r in &report.results {
        let untouched = match &r.program.origin {
            Origin::Steps(program) => doctored(program) == **program,
            Origin::Elixir { .. } => true,
        };
        if untouched {
            assert!(r.verdict.agreed(), "{}", conform::describe(r));
        }
    }
    assert!(verdict("AsyncExample").agreed());
    assert!(report.disagreed() >= 2, "{}", report.summary());
}

/// A recording that no longer matches is caught: an observation that changed, a program
/// that changed (another fingerprint), a program that is not recorded. Needs no VM: the
/// batch's VM side comes from the recording itself, then is checked against edited copies.
#[test]
fn a_stale_recording_is_reported() {
    let path = recording_path("catalogue-and-generated");
    let rec = Recording::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let programs: Vec<Scenario> = ["AsyncExample", "OneForOneRestart", "FireAndForget"]
        .iter()
        .map(|n| catalogue::find(n).expect("in the catalogue"))
        .collect();
    let report = conform::conform_recorded(&programs, &Options::default(), &rec, "test");
    assert!(report.all_agree(), "{}", report.disagreements());
    assert!(
        report.stale_against(&rec).is_empty(),
        "fresh against itself"
    );

    let mut changed = rec.clone();
    let r = changed.runs.get_mut("AsyncExample").expect("recorded");
    let log = r
        .run
        .observations
        .iter_mut()
        .find(|o| o.what.starts_with("log "))
        .expect("AsyncExample logs its result");
    log.what = "log Result: something else".into();
    let jittered = changed.runs.get_mut("OneForOneRestart").expect("recorded");
    for o in &mut jittered.run.observations {
        o.ms += 20; // less than a quantum: jitter, not a change
    }
    changed
        .runs
        .get_mut("FireAndForget")
        .expect("recorded")
        .fingerprint ^= 1;
    let stale = report.stale_against(&changed);
    assert_eq!(stale.len(), 2, "{stale:#?}");
    assert!(
        stale[0].contains("`AsyncExample` is stale: the VM now observes something else"),
        "{}",
        stale[0]
    );
    assert!(
        stale[1].contains("`FireAndForget` is stale: it was made for another version"),
        "{}",
        stale[1]
    );

    let mut missing = rec.clone();
    missing.runs.remove("OneForOneRestart");
    let stale = report.stale_against(&missing);
    assert_eq!(stale.len(), 1, "{stale:#?}");
    assert!(stale[0].contains("no VM recording of `OneForOneRestart`"));
    let report = conform::conform_recorded(&programs, &Options::default(), &missing, "test");
    assert!(matches!(report.results[1].verdict, Verdict::Unrecorded(_)));
}

/// The four programs of the seed tutorial, as users run them (`elixir FILE.exs`).
const TUTORIAL: [&str; 4] = [
    "async_example",
    "error_handling_example",
    "fire_and_forget",
    "supervised_task_example",
];

/// The Elixir files of `scenarios/tests/exs/`: the tutorial's (`tutorial` true) or the rest.
fn elixir_files(tutorial: bool) -> Vec<Scenario> {
    exs_in("../scenarios/tests/exs", |stem| {
        TUTORIAL.contains(&stem) == tutorial
    })
}

/// The `.exs` files of `dir` (from this crate) whose stem `keep` keeps, loaded, by name.
fn exs_in(dir: &str, keep: impl Fn(&str) -> bool) -> Vec<Scenario> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "exs"))
        .filter(|p| keep(p.file_stem().and_then(|s| s.to_str()).unwrap_or("")))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{e}"));
            Scenario::from_exs(&text, &p.display().to_string()).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

fn all_agree(report: &Report) {
    println!("{}", report.summary());
    assert!(
        report.all_agree(),
        "{}\n{}",
        report.disagreements(),
        report.summary()
    );
}

#[test]
fn the_tutorial_programs_agree_with_the_vm() {
    let mode = mode();
    let _turn = vm_turn(mode);
    let programs = elixir_files(true);
    assert_eq!(programs.len(), TUTORIAL.len());
    let report = run("exs-tutorial", &programs, &options(mode), mode);
    all_agree(&report);
}

#[test]
fn the_elixir_programs_agree_with_the_vm() {
    let mode = mode();
    let _turn = vm_turn(mode);
    let programs = elixir_files(false);
    assert!(programs.len() >= 20, "{} programs", programs.len());
    let report = run("exs-programs", &programs, &options(mode), mode);
    all_agree(&report);
}

/// Every program of `examples/`, as users run them: among them `Task.async_stream` and the
/// `Task.Supervisor` streams (semantics §2.10, §3.4) with every option, early halts, crashes
/// with trapping and non-trapping callers, `Enum.zip` and lazy `Stream` stages, the names of
/// a stream's processes included.
#[test]
fn the_examples_agree_with_the_vm() {
    let mode = mode();
    let _turn = vm_turn(mode);
    let programs = exs_in("../examples", |_| true);
    assert!(programs.len() >= 30, "{} programs", programs.len());
    let report = run("exs-examples", &programs, &options(mode), mode);
    all_agree(&report);
}
