//! The bug-hunting commands, run as a user would: `explore --strategy/--jitter/--shrink`,
//! `shrink`, and `merge` of a sharded sweep.

mod common;

use common::{expect, results, scratch};
use std::path::Path;

/// `name` in `dir`, as an argument.
fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

fn zoo(file: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("zoo")
        .join(file)
        .display()
        .to_string()
}

/// The table without its timing column and summary line.
fn table(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.contains(" thread"))
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            match cols.as_slice() {
                [name, runs, _per_sec, rest @ ..] if runs.parse::<u64>().is_ok() => {
                    format!("{name} {runs} {}", rest.join(" "))
                }
                _ => l.to_string(),
            }
        })
        .collect()
}

/// The decisions of a schedule file (`kind:pick/options@what`) that took another option
/// than the default.
fn non_default(file: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .filter(|d| {
            let pick = d.split_once(':').map_or(*d, |(_, rest)| rest);
            let pick = pick.split('/').next().unwrap();
            pick.parse::<u32>().unwrap() != 0
        })
        .count()
}

#[test]
fn merge_of_four_shards_equals_the_unsharded_summary() {
    let dir = scratch("merge");
    let failures = path(&dir, "failures");
    let lost = zoo("lost_update.exs");
    for strategy in ["random", "pct:2"] {
        let sweep = [
            "explore",
            "SameMsTimeoutRace",
            lost.as_str(),
            "--seeds",
            "300",
            "--strategy",
            strategy,
            "--failures-dir",
            failures.as_str(),
        ];
        let (whole_json, _) = expect(&[&sweep[..], &["--json"]].concat(), 1);
        let (whole_table, _) = expect(&sweep, 1);
        let mut shards = Vec::new();
        for k in 1..=4 {
            let (out, _) = expect(
                &[&sweep[..], &["--json", "--shard", &format!("{k}/4")]].concat(),
                1,
            );
            let file = path(&dir, &format!("{strategy}-{k}.json"));
            std::fs::write(&file, out).unwrap();
            shards.push(file);
        }
        let shards: Vec<&str> = shards.iter().map(String::as_str).collect();
        let (merged_json, _) = expect(&[&["merge", "--json"], &shards[..]].concat(), 1);
        let whole = results(&whole_json);
        assert_eq!(whole, results(&merged_json), "{strategy}");
        // What makes the comparison worth making: two scenarios, several outcomes, a failure.
        assert_eq!(whole.len(), 2);
        assert_eq!(whole[1]["outcomes"].as_array().unwrap().len(), 2);
        assert!(whole[1]["first_failure"]["seed"].is_string());
        // The shards in another order merge to the same summary.
        let reversed: Vec<&str> = shards.iter().rev().copied().collect();
        let (merged_table, _) = expect(&[&["merge"], &reversed[..]].concat(), 1);
        assert_eq!(table(&whole_table), table(&merged_table), "{strategy}");
    }
}

#[test]
fn merge_refuses_files_that_are_not_shards_of_one_sweep() {
    let dir = scratch("mismatch");
    let run = |seeds: &str, shard: &str, name: &str| {
        let mut args = vec!["explore", "AsyncExample", "--seeds", seeds, "--json"];
        if !shard.is_empty() {
            args.extend(["--shard", shard]);
        }
        let (out, _) = expect(&args, 0);
        let file = path(&dir, name);
        std::fs::write(&file, out).unwrap();
        file
    };
    let refused = |files: &[&str], says: &str| {
        let (_, err) = expect(&[&["merge"], files].concat(), 2);
        assert!(err.contains(says), "{files:?}: {err}");
    };
    let a = run("10", "1/2", "a.json");
    let b = run("20", "2/2", "b.json");
    refused(&[&a, &b], "these are not shards of one sweep");
    // The same shard twice, or a whole sweep twice, would count its runs twice.
    let b = run("10", "2/2", "b.json");
    refused(
        &[&a, &b, &a],
        "`AsyncExample` from shard 1/2, after 1/2, 2/2",
    );
    let whole = run("10", "", "whole.json");
    refused(
        &[&whole, &whole],
        "from an unsharded sweep, after unsharded",
    );
    refused(&[&whole, &a], "from shard 1/2, after unsharded");
    let third = run("10", "1/3", "third.json");
    refused(&[&a, &third], "from shard 1/3, after 1/2");
    // A shard left out: not the whole sweep.
    refused(&[&a], "`AsyncExample`: shard 2/2 is missing");
    let (merged, _) = expect(&["merge", &b, &a], 0);
    assert!(merged.contains("AsyncExample"), "{merged}");
}

#[test]
fn a_shrunk_schedule_replays_to_the_same_failure() {
    let dir = scratch("shrink");
    let failures = path(&dir, "failures");
    let file = zoo("two_senders_order.exs");
    let (out, _) = expect(
        &[
            "explore",
            &file,
            "--seeds",
            "50",
            "--failures-dir",
            &failures,
        ],
        1,
    );
    let why = |text: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix("expectation: FAILED"))
            .map(str::to_string)
    };
    let written = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("schedule: "))
        .expect("the failure's schedule file")
        .to_string();
    let (original, _) = expect(&["replay", &file, "--schedule", &written], 1);
    let shrunk = path(&dir, "shrunk.schedule");
    let (shown, err) = expect(
        &["shrink", &file, "--schedule", &written, "--out", &shrunk],
        1,
    );
    assert!(err.contains("written to"), "{err}");
    assert!(shown.contains(&format!("--schedule {shrunk}")), "{shown}");
    let (replayed, _) = expect(&["replay", &file, "--schedule", &shrunk], 1);
    assert!(why(&original).is_some(), "{original}");
    assert_eq!(why(&original), why(&replayed));
    // Smaller means fewer decisions off the default first (a run with lower picks may
    // take more decisions). This bug needs at least one: the FIFO run is correct.
    let (small, big) = (non_default(&shrunk), non_default(&written));
    assert!((1..=big).contains(&small), "{small} of {big}");
    // Shrinking what is already shrunk changes nothing.
    let again = path(&dir, "again.schedule");
    expect(
        &["shrink", &file, "--schedule", &shrunk, "--out", &again],
        1,
    );
    let body = |p: &str| {
        let text = std::fs::read_to_string(p).unwrap();
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<String>()
    };
    assert_eq!(body(&again), body(&shrunk));
}

#[test]
fn jitter_finds_the_await_race_and_its_schedule_keeps_the_faults() {
    let dir = scratch("jitter");
    let failures = path(&dir, "failures");
    let file = zoo("await_at_duration.exs");
    // Without jitter no seed races the reply against the timeout.
    expect(&["explore", &file, "--seeds", "200"], 0);
    let (out, _) = expect(
        &[
            "explore",
            &file,
            "--seeds",
            "200",
            "--jitter",
            "1",
            "--shrink",
            "--failures-dir",
            &failures,
        ],
        1,
    );
    assert!(out.contains("shrunk:"), "{out}");
    let written = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("schedule: "))
        .expect("the failure's schedule file")
        .to_string();
    let text = std::fs::read_to_string(&written).unwrap();
    assert!(
        text.contains("# faults: jitter=1ms kills=0 delay=0ms\n"),
        "{text}"
    );
    let (replayed, _) = expect(&["replay", &file, "--schedule", &written], 1);
    assert!(replayed.contains("fault: timer due at"), "{replayed}");
    // A run from a failing seed prints a reproducer that carries the faults.
    let seed = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("FAILED at seed "))
        .and_then(|l| l.split(':').next())
        .expect("the failing seed")
        .to_string();
    let (run, _) = expect(&["run", &file, "--seed", &seed, "--jitter", "1"], 1);
    let cmd = run
        .lines()
        .find_map(|l| l.trim().strip_prefix("replay:"))
        .map(str::trim)
        .expect("a replay command");
    assert!(cmd.ends_with(&format!("--seed {seed} --jitter 1")), "{cmd}");
    let (again, _) = expect(&["replay", &file, "--seed", &seed, "--jitter", "1"], 1);
    assert_eq!(run, again);
}

#[test]
fn an_exhaustive_sweep_says_whether_it_covered_every_schedule() {
    let (out, _) = expect(
        &[
            "explore",
            "SameMsTimeoutRace",
            "--strategy",
            "exhaustive",
            "--seeds",
            "10000",
        ],
        0,
    );
    assert!(out.contains("exhaustive: every schedule covered"), "{out}");
    assert!(out.contains("(exhaustive)"), "{out}");
    let (out, _) = expect(
        &[
            "explore",
            "SameMsTimeoutRace",
            "--strategy",
            "exhaustive",
            "--seeds",
            "1",
        ],
        0,
    );
    assert!(
        out.contains("exhaustive: NOT every schedule covered"),
        "{out}"
    );
    // The JSON says it too, and a merge of it keeps it.
    let dir = scratch("exhaustive");
    let (json, _) = expect(
        &[
            "explore",
            "SameMsTimeoutRace",
            "--strategy",
            "exhaustive",
            "--seeds",
            "10000",
            "--json",
        ],
        0,
    );
    assert_eq!(results(&json)[0]["exhausted"], serde_json::json!(true));
    let file = path(&dir, "walk.json");
    std::fs::write(&file, json).unwrap();
    let (merged, _) = expect(&["merge", &file], 0);
    assert!(
        merged.contains("exhaustive: every schedule covered"),
        "{merged}"
    );
}
