//! The `otpsim` binary, run as a user would: every command on every catalogue entry, the
//! exit codes, and the messages for bad input.

mod common;

use common::{expect, scratch, stderr};
use std::path::Path;
use std::process::Command;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn names() -> Vec<String> {
    scenarios::catalogue::all()
        .into_iter()
        .map(|p| p.name)
        .collect()
}

/// The scenario file the README shows (keep the two in step).
pub const README_SCENARIO: &str = include_str!("ping_then_crash.ron");

#[test]
fn list_shows_every_entry_with_its_description() {
    let (out, _) = expect(&["list"], 0);
    let all = scenarios::catalogue::all();
    assert_eq!(out.lines().count(), all.len());
    for (line, p) in out.lines().zip(&all) {
        assert!(line.starts_with(&p.name), "{line}");
        assert!(line.ends_with(&p.description), "{line}");
    }
}

#[test]
fn run_works_in_every_format_for_every_entry() {
    for name in names() {
        let (text, _) = expect(&["run", &name, "--seed", "0x2a"], 0);
        assert!(text.contains("expectation: met"), "{name}:\n{text}");
        assert!(text.contains(&format!("replay:      otpsim replay {name} --seed 0x2a")));
        let (json, _) = expect(&["run", &name, "--format", "json"], 0);
        let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(v["scenario"], name.as_str());
        assert_eq!(v["expectation"]["met"], true);
        let (mermaid, _) = expect(&["run", &name, "--format", "mermaid"], 0);
        assert!(mermaid.starts_with("sequenceDiagram\n"), "{mermaid}");
        assert!(mermaid.contains("participant P0 as main\n"));
        let (chrome, _) = expect(&["run", &name, "--format", "chrome"], 0);
        let v: serde_json::Value = serde_json::from_str(&chrome).expect("valid JSON");
        let events = v["traceEvents"].as_array().unwrap();
        assert!(
            events
                .iter()
                .any(|e| e["ph"] == "M" && e["args"]["name"] == "main")
        );
        assert!(events.iter().any(|e| e["ph"] == "X"));
    }
}

#[test]
fn the_same_seed_prints_the_same_output_and_replay_agrees() {
    for name in names() {
        let args = ["run", name.as_str(), "--seed", "12345"];
        let (a, _) = expect(&args, 0);
        let (b, _) = expect(&args, 0);
        assert_eq!(a, b, "{name}");
        // `replay --seed` is the same run; hex and decimal seeds are the same seed.
        let (c, _) = expect(&["replay", &name, "--seed", "0x3039"], 0);
        assert_eq!(a, c, "{name}");
    }
}

#[test]
fn replay_from_a_schedule_file_reproduces_the_run() {
    let dir = scratch("schedule");
    for name in names() {
        let file = dir.join(format!("{name}.schedule"));
        let file = file.to_str().unwrap();
        let (run, _) = expect(&["run", &name, "--seed", "7", "--save-schedule", file], 0);
        let text = std::fs::read_to_string(file).unwrap();
        assert!(
            text.starts_with("# otpsim schedule v2\n# engine: otpsim "),
            "{text}"
        );
        assert!(text.contains(&format!("# scenario: {name}\n")));
        let (replayed, _) = expect(&["replay", &name, "--schedule", file], 0);
        let obs = |s: &str| s.split("observations:").nth(1).unwrap().to_string();
        assert_eq!(
            obs(&run).split("replay:").next(),
            obs(&replayed).split("replay:").next()
        );
        let trace = |s: &str| {
            s.split("trace:")
                .nth(1)
                .unwrap()
                .split("observations:")
                .next()
                .unwrap()
                .to_string()
        };
        assert_eq!(trace(&run), trace(&replayed), "{name}");
    }
}

#[test]
fn a_hand_written_file_runs_as_documented() {
    let dir = scratch("readme");
    let file = write(&dir, "ping_then_crash.ron", README_SCENARIO);
    let (out, _) = expect(&["run", &file], 0);
    assert!(out.contains("scenario: PingThenCrash"));
    assert!(out.contains("     100ms main        log worker exited: {%RuntimeError{message: \"worker crashed\"}, []}"), "{out}");
    assert!(out.contains("expectation: met"));
    let (out, _) = expect(&["explore", &file, "--seeds", "500"], 0);
    assert!(out.contains("PingThenCrash"), "{out}");
}

#[test]
fn a_failing_expectation_exits_1_with_a_reproducer_and_a_schedule_file() {
    let dir = scratch("failing");
    let wrong = README_SCENARIO.replace("\"0ms main log got pong\",", "\"0ms main log got pang\",");
    let file = write(&dir, "wrong.ron", &wrong);
    let (out, _) = expect(&["run", &file], 1);
    assert!(out.contains("expectation: FAILED: observation 2: expected `0ms main log got pang`, observed `0ms main log got pong`"), "{out}");
    let failures = dir.join("failures");
    let fdir = failures.to_str().unwrap();
    let (out, _) = expect(
        &["explore", &file, "--seeds", "50", "--failures-dir", fdir],
        1,
    );
    assert!(out.contains("FAILED at seed 0x0: observation 2"), "{out}");
    assert!(
        out.contains(&format!("replay:   otpsim replay {file} --seed 0x0")),
        "{out}"
    );
    let schedule = failures.join("PingThenCrash-0x0.schedule");
    assert!(
        out.contains(&format!("schedule: {}", schedule.display())),
        "{out}"
    );
    let (out, _) = expect(
        &["replay", &file, "--schedule", schedule.to_str().unwrap()],
        1,
    );
    assert!(out.contains("expectation: FAILED"), "{out}");
}

#[test]
fn explore_results_do_not_depend_on_jobs_and_shards_split_the_seeds() {
    let strip = common::results;
    let args = [
        "explore",
        "SameMsTimeoutRace",
        "AsyncExample",
        "--seeds",
        "400",
        "--json",
    ];
    let (one, _) = expect(&[&args[..], &["--jobs", "1"]].concat(), 0);
    let (two, _) = expect(&[&args[..], &["--jobs", "3"]].concat(), 0);
    assert_eq!(strip(&one), strip(&two));
    assert_eq!(strip(&one)[0]["outcomes"].as_array().unwrap().len(), 2);
    let runs = |shard: &str| {
        let (out, _) = expect(&[&args[..], &["--shard", shard]].concat(), 0);
        strip(&out)[0]["runs"].as_u64().unwrap()
    };
    assert_eq!(runs("1/3") + runs("2/3") + runs("3/3"), 400);
}

#[test]
fn explore_all_passes() {
    let (out, _) = expect(&["explore", "--all", "--seeds", "2000"], 0);
    assert!(
        out.contains(&format!(
            "{} scenarios, {} runs",
            names().len(),
            2000 * names().len()
        )),
        "{out}"
    );
    assert!(out.contains(", 0 violations"));
}

#[test]
fn bad_input_exits_2_with_a_message_naming_the_problem() {
    let dir = scratch("bad");
    let (_, err) = expect(&["run", "NoSuchScenario"], 2);
    assert!(err.contains("unknown scenario `NoSuchScenario`"), "{err}");

    let malformed = write(
        &dir,
        "malformed.ron",
        "Program(\n    name: \"M\",\n    main: [sleep(1) log(\"x\")],\n)\n",
    );
    let (_, err) = expect(&["run", &malformed], 2);
    assert!(
        err.contains(&format!("{malformed}:3:21: Expected comma")),
        "{err}"
    );

    let unbound = write(
        &dir,
        "unbound.ron",
        "Program(name: \"U\", main: [\n  await(task: \"t\"),\n])\n",
    );
    let (_, err) = expect(&["run", &unbound], 2);
    assert!(
        err.contains(&format!("{unbound}:2:15: unknown binding `t`")),
        "{err}"
    );

    let (_, err) = expect(&["run", "AsyncExample", "--seed", "0xZZ"], 2);
    assert!(err.contains("`0xZZ` is not a seed"), "{err}");
    let (_, err) = expect(&["explore", "--all", "--shard", "4/3"], 2);
    assert!(err.contains("`4/3` is not a shard"), "{err}");
    let (_, err) = expect(&["explore", "--all", "--seeds", "0"], 2);
    assert!(err.contains("not a number of seeds"), "{err}");

    let missing = dir.join("missing.schedule");
    let (_, err) = expect(
        &[
            "replay",
            "AsyncExample",
            "--schedule",
            missing.to_str().unwrap(),
        ],
        2,
    );
    assert!(err.contains("cannot read schedule file"), "{err}");
    let junk = write(&dir, "junk.schedule", "0 1 0\n");
    let (_, err) = expect(&["replay", "AsyncExample", "--schedule", &junk], 2);
    assert!(err.contains("not an otpsim schedule file"), "{err}");
    let other = dir.join("other.schedule");
    expect(
        &[
            "run",
            "FireAndForget",
            "--save-schedule",
            other.to_str().unwrap(),
        ],
        0,
    );
    let (_, err) = expect(
        &[
            "replay",
            "AsyncExample",
            "--schedule",
            other.to_str().unwrap(),
        ],
        2,
    );
    assert!(
        err.contains("is for scenario `FireAndForget`, not `AsyncExample`"),
        "{err}"
    );

    let (_, err) = expect(&["replay", "AsyncExample"], 2);
    assert!(err.contains("--seed"), "{err}");
    expect(&["frobnicate"], 2);
    expect(&["explore"], 2);
}

#[test]
fn bad_supervisor_steps_exit_2_with_line_and_column() {
    let dir = scratch("bad-sup");
    let unknown = write(
        &dir,
        "unknown_sup.ron",
        "Program(name: \"S\", main: [\n  supervisor(as: \"sup\", strategy: one_for_one),\n  which_children(sup: \"sup2\"),\n])\n",
    );
    let (_, err) = expect(&["run", &unknown], 2);
    assert!(
        err.contains(&format!(
            "{unknown}:3:23: unknown supervisor binding `sup2` (bound here: sup)"
        )),
        "{err}"
    );
    assert!(
        err.contains("3 |   which_children(sup: \"sup2\"),\n  |                       ^"),
        "{err}"
    );

    let no_id = write(
        &dir,
        "no_id.ron",
        "Program(name: \"S\", main: [\n  supervisor(as: \"sup\", strategy: one_for_one, children: [\n    task(restart: permanent, do: [sleep(10)]),\n  ]),\n])\n",
    );
    let (_, err) = expect(&["run", &no_id], 2);
    assert!(
        err.contains(&format!(
            "{no_id}:3:5: this `task` child spec needs an `id:`"
        )),
        "{err}"
    );

    let bad_id = write(
        &dir,
        "bad_id.ron",
        "Program(name: \"S\", main: [\n  supervisor(as: \"sup\", strategy: one_for_one, children: [\n    worker(id: \"{:a, 1}\"),\n  ]),\n])\n",
    );
    let (_, err) = expect(&["explore", &bad_id], 2);
    assert!(
        err.contains(&format!(
            "{bad_id}:3:16: a child id must be an atom, such as `:a` or `MyName`; found `{{:a, 1}}`"
        )),
        "{err}"
    );

    let bad_restart = write(
        &dir,
        "bad_restart.ron",
        "Program(name: \"S\", main: [\n  task_supervisor(as: \"ts\"),\n  start_child(sup: \"ts\", restart: sometimes, do: []),\n])\n",
    );
    let (_, err) = expect(&["run", &bad_restart], 2);
    assert!(err.contains(&format!("{bad_restart}:3:")), "{err}");
    assert!(err.contains("sometimes"), "{err}");

    let wrong_kind = write(
        &dir,
        "wrong_kind.ron",
        "Program(name: \"S\", main: [\n  task_supervisor(as: \"ts\"),\n  start_child(sup: \"ts\", child: worker(id: \":w\")),\n])\n",
    );
    let (_, err) = expect(&["run", &wrong_kind], 2);
    assert!(
        err.contains(&format!(
            "{wrong_kind}:3:20: `start_child` needs a Supervisor or a DynamicSupervisor, and `ts` is a Task.Supervisor"
        )),
        "{err}"
    );

    let no_strategy = write(
        &dir,
        "no_strategy.ron",
        "Program(name: \"S\", main: [\n  supervisor(as: \"sup\", children: []),\n])\n",
    );
    let (_, err) = expect(&["run", &no_strategy], 2);
    assert!(err.contains(&format!("{no_strategy}:2:")), "{err}");
    assert!(err.contains("strategy"), "{err}");
}

#[test]
fn an_unwritable_failures_dir_is_reported_and_the_sweep_goes_on() {
    let dir = scratch("unwritable");
    let wrong = README_SCENARIO.replace("\"0ms main log got pong\",", "\"0ms main log got pang\",");
    let file = write(&dir, "wrong.ron", &wrong);
    // A file where the directory should be: nothing can be written under it.
    let blocked = write(&dir, "blocked", "");
    let (out, err) = expect(
        &[
            "explore",
            &file,
            "AsyncExample",
            "--seeds",
            "5",
            "--failures-dir",
            &blocked,
        ],
        1,
    );
    assert!(
        err.contains("otpsim: warning: cannot write schedule file"),
        "{err}"
    );
    assert!(
        out.contains("schedule: not written: cannot write schedule file"),
        "{out}"
    );
    assert!(
        out.contains("AsyncExample"),
        "the later scenario ran: {out}"
    );
    assert!(out.contains("2 scenarios, 10 runs"), "{out}");
}

#[test]
fn the_run_budgets_can_be_changed_and_reproducers_carry_them() {
    let (help, _) = expect(&["run", "--help"], 0);
    assert!(
        help.contains("--max-time <TIME>") && help.contains("[default: 24h]"),
        "{help}"
    );
    assert!(
        help.contains("--max-steps <N>") && help.contains("[default: 1000000]"),
        "{help}"
    );
    let (out, _) = expect(&["run", "AsyncExample", "--max-time", "1s"], 1);
    assert!(out.contains("outcome:  time-budget"), "{out}");
    assert!(
        out.contains("replay:      otpsim replay AsyncExample --seed 0x0 --max-time 1000ms\n"),
        "{out}"
    );
    let (out, _) = expect(
        &["replay", "AsyncExample", "--seed", "0", "--max-steps", "3"],
        1,
    );
    assert!(out.contains("outcome:  step-budget after 3 steps"), "{out}");
    let (out, _) = expect(
        &[
            "explore",
            "AsyncExample",
            "--seeds",
            "3",
            "--max-time",
            "1500ms",
            "--failures-dir",
            "/dev/null/x",
        ],
        1,
    );
    assert!(
        out.contains("replay:   otpsim replay AsyncExample --seed 0x0 --max-time 1500ms"),
        "{out}"
    );
    let (_, err) = expect(&["run", "AsyncExample", "--max-time", "0"], 2);
    assert!(err.contains("`0` is not a duration"), "{err}");
    let (_, err) = expect(&["explore", "AsyncExample", "--max-steps=-1"], 2);
    assert!(err.contains("`-1` is not a number of steps"), "{err}");
}

/// Output to a full device used to be dropped silently, with exit 0.
#[test]
fn a_write_error_on_stdout_exits_2_with_a_message() {
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full (Linux)")
    };
    for args in [
        &["run", "AsyncExample"][..],
        &["list"],
        &["explore", "AsyncExample", "--seeds", "3"],
        &["replay", "AsyncExample", "--seed", "1", "--format", "json"],
        &["--help"],
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_otpsim"))
            .args(args)
            .stdout(full())
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("cannot write the output: No space left on device"),
            "{args:?}: {err}"
        );
    }
}

/// `--seeds 2^64-1` used to start a sweep of centuries without a word, an empty shard to
/// exit 0 silently, and `run /dev/zero` to read until memory ran out.
#[test]
fn a_sweep_says_what_it_will_do_and_refuses_absurd_sizes() {
    let (_, err) = expect(
        &["explore", "AsyncExample", "--seeds", "10", "--jobs", "64"],
        0,
    );
    assert!(
        err.contains("otpsim explore: 1 scenario x 10 seeds (0..10) = 10 runs on 10 threads"),
        "{err}"
    );
    let (out, err) = expect(&["explore", "--all", "--seeds", "18446744073709551615"], 2);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("is more than the 1000000000 otpsim makes in one go"),
        "{err}"
    );
    assert!(err.contains("--shard K/N"), "{err}");
    let (out, err) = expect(
        &["explore", "AsyncExample", "--seeds", "3", "--shard", "5/8"],
        0,
    );
    assert!(
        err.contains("otpsim: warning: shard 5/8 of seeds 0..3 is empty: no seed falls in it"),
        "{err}"
    );
    assert!(out.contains("1 scenario, 0 runs (shard 5/8)"), "{out}");
    let (_, err) = expect(&["run", "/dev/zero"], 2);
    assert!(
        err.contains("`/dev/zero`: it is not a regular file"),
        "{err}"
    );
}

/// A script's end ends the run (FireAndForget's background line is cut off, as on the VM);
/// `--until-quiet` keeps it going, as an application would, and the replay command it
/// prints carries the flag.
#[test]
fn until_quiet_keeps_the_run_going_after_the_script() {
    let (out, _) = expect(&["run", "FireAndForget"], 0);
    assert!(
        out.contains("main.start cut off (the script ended)"),
        "{out}"
    );
    assert!(!out.contains("Background work completed"), "{out}");
    let (out, _) = expect(&["run", "FireAndForget", "--until-quiet"], 1);
    assert!(
        out.contains("1000ms main.start log Background work completed"),
        "{out}"
    );
    assert!(
        out.contains("otpsim replay FireAndForget --seed 0x0 --until-quiet"),
        "{out}"
    );
}

/// `--bless` writes the expectation from the runs, refuses a catalogue name, and leaves a
/// partial `# expect in order:` block alone.
#[test]
fn bless_writes_the_expectation_block() {
    let dir = scratch("bless");
    let file = dir.join("p.exs");
    let shown = file.display().to_string();
    std::fs::write(
        &file,
        "t = Task.async(fn -> Process.sleep(10); :ok end)\nIO.inspect(Task.await(t))\n",
    )
    .expect("written");
    let (out, _) = expect(&["run", &shown, "--bless"], 0);
    assert!(out.contains("1 outcome over 100 seeds"), "{out}");
    let text = std::fs::read_to_string(&file).expect("readable");
    assert!(
        text.ends_with(
            "# expect:\n#   10ms main log :ok\n#   10ms main exit :normal\n#   10ms main.t exit :normal\n"
        ),
        "{text}"
    );
    expect(&["run", &shown], 0);
    let (_, err) = expect(&["run", "AsyncExample", "--bless"], 2);
    assert!(err.contains("give its path"), "{err}");
    std::fs::write(
        &file,
        "IO.puts(1)\n# expect in order:\n#   0ms main log 1\n",
    )
    .expect("w");
    let (_, err) = expect(&["run", &shown, "--bless"], 2);
    assert!(err.contains("# expect in order:"), "{err}");
    assert!(std::fs::read_to_string(&file).unwrap().contains("in order"));
}
