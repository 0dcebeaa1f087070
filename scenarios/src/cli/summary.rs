//! The summary `otpsim explore` prints: a table (or JSON lines) per scenario.

use super::commands::plural;
use crate::display::{column_width, escape_lines, pad_right};
use crate::explore::{Summary, Sweep};
use crate::interp::Limits;
use serde_json::json;
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Wall-clock time, for runs per second and nothing else: it never reaches a run.
pub struct Clock(Instant);

impl Clock {
    /// Now.
    // The CLI may read the wall clock to report throughput (clippy.toml bans it elsewhere).
    #[allow(clippy::disallowed_methods)]
    pub fn start() -> Clock {
        Clock(Instant::now())
    }
    /// Seconds since `start`.
    pub fn secs(&self) -> f64 {
        self.0.elapsed().as_secs_f64()
    }
}

/// The first failing run of a scenario.
pub struct Failure {
    pub seed: u64,
    pub why: String,
    /// The command that replays it.
    pub replay: String,
    /// When shrunk: the shrunk schedule's non-default decisions and length.
    pub shrunk: Option<(usize, usize)>,
    /// The schedule file written, or why it could not be.
    pub schedule: Result<PathBuf, String>,
}

impl Failure {
    fn schedule(&self) -> String {
        match &self.schedule {
            Ok(path) => path.display().to_string(),
            Err(e) => format!("not written: {e}"),
        }
    }
}

/// One scenario's sweep.
pub struct Row {
    /// What the user named it (for replay commands).
    pub arg: String,
    pub summary: Summary,
    pub secs: f64,
    pub failure: Option<Failure>,
}

/// Runs per second, with one decimal when there are few (a slow scenario is not at 0).
fn rate(runs: u64, secs: f64) -> f64 {
    if secs > 0.0 {
        let r = runs as f64 / secs;
        if r < 10.0 {
            (r * 10.0).round() / 10.0
        } else {
            r.round()
        }
    } else {
        0.0
    }
}

/// `part` of `whole` as a fraction rounded to 6 decimals (`0.3`, not `0.30000000000000004`).
fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (1e6 * part as f64 / whole as f64).round() / 1e6
    }
}

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// The summary text (or JSON lines).
pub fn report(rows: &[Row], sweep: &Sweep, limits: &Limits, secs: f64, json: bool) -> String {
    if json {
        return rows.iter().map(|r| json_line(r, sweep, limits)).collect();
    }
    let width = column_width(rows.iter().map(|r| r.summary.name.as_str()), 8);
    let mut s = format!(
        "{}  {:>8}  {:>9}  {:>8}  {:>10}  first failing seed\n",
        pad_right("scenario", width),
        "runs",
        "runs/s",
        "outcomes",
        "violations"
    );
    for r in rows {
        let first = r
            .failure
            .as_ref()
            .map_or("-".to_string(), |f| format!("{:#x}", f.seed));
        let _ = writeln!(
            s,
            "{}  {:>8}  {:>9}  {:>8}  {:>10}  {first}",
            pad_right(&r.summary.name, width),
            r.summary.runs,
            rate(r.summary.runs, r.secs),
            r.summary.outcomes.len(),
            r.summary.violations()
        );
        details(&mut s, r);
    }
    let runs: u64 = rows.iter().map(|r| r.summary.runs).sum();
    let bad: u64 = rows.iter().map(|r| r.summary.violations()).sum();
    let mut shard = sweep
        .shard
        .map_or(String::new(), |(k, n)| format!(" (shard {k}/{n})"));
    if sweep.strategy != crate::hunt::Strategy::Random {
        shard.push_str(&format!(" ({})", sweep.strategy));
    }
    let _ = writeln!(
        s,
        "\n{} scenario{}, {runs} runs{shard} in {secs:.2}s on {} thread{} ({} runs/s), {bad} violations",
        rows.len(),
        plural(rows.len() as u64),
        sweep.jobs,
        plural(sweep.jobs as u64),
        rate(runs, secs)
    );
    // Names, observations and reasons come from scenarios: no raw control characters.
    escape_lines(&s)
}

/// Lines shown per outcome: enough to tell outcomes apart, few enough that a run of a
/// million steps does not bury the table.
const MAX_OWN_LINES: usize = 40;

/// Under a scenario's row: its outcomes when there are several, and its first failure.
fn details(s: &mut String, r: &Row) {
    match r.summary.exhausted {
        Some(true) => s.push_str("    exhaustive: every schedule covered\n"),
        Some(false) => s.push_str(
            "    exhaustive: NOT every schedule covered (the run budget or the bound stopped it)\n",
        ),
        None => {}
    }
    let outcomes = &r.summary.outcomes;
    if outcomes.len() > 1 {
        // Sets, not `Vec::contains`: an outcome may hold hundreds of thousands of lines.
        let sets: Vec<BTreeSet<&str>> = outcomes
            .iter()
            .map(|o| o.lines.iter().map(String::as_str).collect())
            .collect();
        let common = |l: &str| sets.iter().all(|set| set.contains(l));
        for (i, o) in outcomes.iter().enumerate() {
            let own: Vec<&str> = o
                .lines
                .iter()
                .map(String::as_str)
                .filter(|l| !common(l))
                .collect();
            let mark = if o.verdict.is_ok() { "" } else { "  VIOLATION" };
            let _ = writeln!(
                s,
                "    outcome {}: {:5.1}% ({} runs, {}, first seed {:#x}){mark}",
                i + 1,
                pct(o.runs, r.summary.runs),
                o.runs,
                o.kind,
                o.first_seed
            );
            for l in own.iter().take(MAX_OWN_LINES) {
                let _ = writeln!(s, "        {l}");
            }
            if own.len() > MAX_OWN_LINES {
                let _ = writeln!(
                    s,
                    "        ... and {} more lines of its own (`otpsim replay` shows them all)",
                    own.len() - MAX_OWN_LINES
                );
            }
        }
    }
    if let Some(f) = &r.failure {
        let _ = writeln!(s, "    FAILED at seed {:#x}: {}", f.seed, f.why);
        let _ = writeln!(s, "    replay:   {}", f.replay);
        if let Some((nd, len)) = f.shrunk {
            let _ = writeln!(
                s,
                "    shrunk:   {len} decisions, {nd} of them not the default"
            );
        }
        let _ = writeln!(s, "    schedule: {}", f.schedule());
    }
}

fn json_line(r: &Row, sweep: &Sweep, limits: &Limits) -> String {
    let outcomes: Vec<_> = r
        .summary
        .outcomes
        .iter()
        .map(|o| {
            json!({
                "kind": o.kind,
                "runs": o.runs,
                "share": share(o.runs, r.summary.runs),
                "first_seed": format!("{:#x}", o.first_seed),
                "ok": o.verdict.is_ok(),
                "check": o.check,
                "why": o.verdict.as_ref().err(),
                "lines": o.lines,
            })
        })
        .collect();
    let failure = r.failure.as_ref().map(|f| {
        json!({
            "seed": format!("{:#x}", f.seed),
            "why": f.why,
            "replay": f.replay,
            "shrunk_decisions": f.shrunk.map(|(_, len)| len),
            "shrunk_non_default": f.shrunk.map(|(nd, _)| nd),
            "schedule": f.schedule.as_ref().ok().map(|p| p.display().to_string()),
            "schedule_error": f.schedule.as_ref().err(),
        })
    });
    let line = json!({
        "scenario": r.summary.name,
        "arg": r.arg,
        "strategy": sweep.strategy.to_string(),
        "jitter_ms": limits.inject.jitter_ms,
        "kills": limits.inject.kills,
        "delay_ms": limits.inject.delay_ms,
        "exhausted": r.summary.exhausted,
        "secs": r.secs,
        "seeds": sweep.seeds,
        "shard": sweep.shard.map(|(k, n)| format!("{k}/{n}")),
        "max_time_ms": limits.max_time.as_ms(),
        "max_steps": limits.max_steps,
        "runs": r.summary.runs,
        "runs_per_sec": rate(r.summary.runs, r.secs),
        "outcomes": outcomes,
        "violations": r.summary.violations(),
        "first_failure": failure,
    });
    format!("{line}\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Violation;
    use crate::explore::OutcomeStats;
    use crate::verdict::describe_violation;

    /// A sweep whose first failing seed broke an invariant: the report names the check, the
    /// step and virtual time, the command that replays it and its schedule file.
    #[test]
    fn a_monitor_violation_is_reported_with_check_step_time_and_replay() {
        let scenario = crate::catalogue::find("AsyncExample").unwrap();
        let broken = Violation {
            check: "restart-policy",
            step: 31,
            time: sim::Time::from_ms(1505),
            message: "supervisor #PID<0.1.0> made a restart attempt nothing called for".into(),
        };
        let why = describe_violation(&broken);
        let outcome = |runs, first_seed, verdict| OutcomeStats {
            kind: "completed",
            lines: vec!["2000ms main exit :normal".to_string()],
            runs,
            first_seed,
            verdict,
            check: None,
        };
        let summary = Summary {
            name: scenario.name.clone(),
            runs: 10,
            outcomes: vec![outcome(7, 0, Ok(())), outcome(3, 5, Err(why.clone()))],
            exhausted: None,
            failing_schedule: None,
        };
        let row = Row {
            arg: scenario.name.clone(),
            summary,
            secs: 1.0,
            failure: Some(Failure {
                seed: 5,
                why: why.clone(),
                replay: "otpsim replay AsyncExample --seed 0x5".to_string(),
                shrunk: None,
                schedule: Ok(PathBuf::from("otpsim-failures/AsyncExample-0x5.schedule")),
            }),
        };
        let sweep = Sweep {
            seeds: 10,
            shard: None,
            jobs: 1,
            strategy: crate::hunt::Strategy::Random,
        };
        let text = report(
            std::slice::from_ref(&row),
            &sweep,
            &Limits::default(),
            1.0,
            false,
        );
        let t = sim::Time::from_ms(1505);
        assert!(
            text.contains("outcome 2:  30.0% (3 runs, completed, first seed 0x5)  VIOLATION"),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "    FAILED at seed 0x5: invariant monitor restart-policy violated at step 31 ({t}): supervisor #PID<0.1.0> made a restart attempt nothing called for\n"
            )),
            "{text}"
        );
        assert!(
            text.contains("    replay:   otpsim replay AsyncExample --seed 0x5\n"),
            "{text}"
        );
        assert!(
            text.contains("    schedule: otpsim-failures/AsyncExample-0x5.schedule\n"),
            "{text}"
        );
        assert!(
            text.ends_with("1 scenario, 10 runs in 1.00s on 1 thread (10 runs/s), 3 violations\n"),
            "{text}"
        );
        let json: serde_json::Value =
            serde_json::from_str(report(&[row], &sweep, &Limits::default(), 1.0, true).trim())
                .unwrap();
        assert_eq!(json["violations"], 3);
        assert_eq!(json["seeds"], 10);
        assert_eq!(json["shard"], serde_json::Value::Null);
        assert_eq!(json["max_steps"], 1_000_000);
        assert_eq!(json["outcomes"][1]["share"], 0.3);
        assert_eq!(json["first_failure"]["why"], why.as_str());
        assert_eq!(
            json["first_failure"]["replay"],
            "otpsim replay AsyncExample --seed 0x5"
        );
    }

    /// A scenario name longer than a `format!` width allows: the table still prints.
    #[test]
    fn a_very_long_scenario_name_prints() {
        let mut scenario = crate::catalogue::find("AsyncExample").unwrap();
        scenario.name = "N".repeat(70_000);
        let row = Row {
            arg: "long.exs".into(),
            summary: Summary {
                name: scenario.name.clone(),
                runs: 1,
                outcomes: Vec::new(),
                exhausted: None,
                failing_schedule: None,
            },
            secs: 1.0,
            failure: None,
        };
        let sweep = Sweep {
            seeds: 1,
            shard: None,
            jobs: 1,
            strategy: crate::hunt::Strategy::Random,
        };
        let text = report(&[row], &sweep, &Limits::default(), 1.0, false);
        assert!(
            text.contains(&format!("{}         1", scenario.name)),
            "row missing"
        );
    }

    #[test]
    fn a_slow_rate_keeps_a_decimal_and_shares_have_no_float_noise() {
        assert_eq!(rate(1, 2.0), 0.5);
        assert_eq!(rate(1000, 3.0), 333.0);
        assert_eq!(share(3, 10), 0.3);
        assert_eq!(share(1, 3), 0.333333);
    }

    /// Outcomes of 100,000 lines each: told apart in well under a second (it was quadratic),
    /// and only the first lines of each shown.
    #[test]
    fn large_outcomes_are_compared_quickly_and_cut_short() {
        let scenario = crate::catalogue::find("AsyncExample").unwrap();
        let lines = |tag: &str| -> Vec<String> {
            (0..100_000)
                .map(|i| format!("{i}ms main log {tag} {i}"))
                .collect()
        };
        let outcome = |tag, first_seed| OutcomeStats {
            kind: "completed",
            lines: lines(tag),
            runs: 1,
            first_seed,
            verdict: Ok(()),
            check: None,
        };
        let row = Row {
            arg: scenario.name.clone(),
            summary: Summary {
                name: scenario.name.clone(),
                runs: 2,
                outcomes: vec![outcome("a", 0), outcome("b", 1)],
                exhausted: None,
                failing_schedule: None,
            },
            secs: 1.0,
            failure: None,
        };
        let sweep = Sweep {
            seeds: 2,
            shard: None,
            jobs: 1,
            strategy: crate::hunt::Strategy::Random,
        };
        let text = report(&[row], &sweep, &Limits::default(), 1.0, false);
        assert!(
            text.contains("        ... and 99960 more lines of its own"),
            "{text}"
        );
        assert!(text.lines().count() < 200, "{}", text.lines().count());
    }
}
