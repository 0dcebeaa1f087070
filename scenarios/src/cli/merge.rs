//! `otpsim merge`: the `explore --json` lines of the N shards of one sweep, combined into
//! the summary the unsharded sweep prints. Outcomes are merged as the explorer merges its
//! threads' tallies: by (how the run ended, broken check, observations), runs added, the
//! smallest first seed kept with its verdict; so the result does not depend on how the
//! seeds were split. Every shard of the split must come exactly once: one twice would
//! count its runs twice, one missing would pass for the whole sweep.

use super::Fail;
use super::input;
use super::output::out;
use super::summary::{self, Failure, Row};
use crate::explore::{OutcomeStats, Summary, Sweep, summarize_tally};
use crate::hunt::Strategy;
use crate::interp::Limits;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What sets an outcome apart: how the run ended, the check it broke, its observations.
type OutcomeKey = (String, Option<String>, Vec<String>);
/// An outcome's runs, its first seed and that seed's verdict.
type OutcomeTally = (u64, u64, Result<(), String>);

/// One scenario's lines, as they come in.
struct Acc {
    arg: String,
    secs: f64,
    /// By (kind, check, lines): runs, first seed, verdict.
    outcomes: BTreeMap<OutcomeKey, OutcomeTally>,
    /// The first failure of each shard: (seed, the JSON object).
    failures: Vec<(u64, Value)>,
    seeds: u64,
    limits: Limits,
    strategy: Strategy,
    /// The shard (`K/N`) of each line read for it, `None` for an unsharded sweep's.
    shards: Vec<Option<(u64, u64)>>,
    /// For an exhaustive walk: whether it covered every schedule.
    exhausted: Option<bool>,
}

fn field<'a>(v: &'a Value, key: &str, at: &str) -> Result<&'a Value, Fail> {
    v.get(key).ok_or_else(|| {
        Fail::usage(format!(
            "{at}: no `{key}` (not `otpsim explore --json` output)"
        ))
    })
}

fn text(v: &Value, key: &str, at: &str) -> Result<String, Fail> {
    field(v, key, at)?
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| Fail::usage(format!("{at}: `{key}` is not a string")))
}

fn num(v: &Value, key: &str, at: &str) -> Result<u64, Fail> {
    field(v, key, at)?
        .as_u64()
        .ok_or_else(|| Fail::usage(format!("{at}: `{key}` is not a whole number")))
}

fn seed(v: &Value, key: &str, at: &str) -> Result<u64, Fail> {
    sim::parse_seed(&text(v, key, at)?).map_err(|e| Fail::usage(format!("{at}: {e}")))
}

/// `otpsim merge FILES... [--json]`.
pub fn merge(files: &[PathBuf], json: bool) -> Result<(), Fail> {
    let mut order: Vec<String> = Vec::new();
    let mut accs: BTreeMap<String, Acc> = BTreeMap::new();
    for path in files {
        let body = read(path)?;
        for (i, line) in body
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let at = format!("{}:{}", path.display(), i + 1);
            let v: Value = serde_json::from_str(line)
                .map_err(|e| Fail::usage(format!("{at}: not JSON: {e}")))?;
            add(&mut order, &mut accs, &v, &at)?;
        }
    }
    let mut rows = Vec::new();
    let mut sweep = None;
    let mut limits = Limits::default();
    for name in &order {
        let acc = accs.remove(name).expect("listed");
        sweep = Some(Sweep {
            seeds: acc.seeds,
            shard: None,
            jobs: 1,
            strategy: acc.strategy,
        });
        limits = acc.limits;
        rows.push(row(name, acc)?);
    }
    let Some(sweep) = sweep else {
        return Err(Fail::usage("no results to merge".to_string()));
    };
    let secs = rows.iter().map(|r| r.secs).sum();
    out(&summary::report(&rows, &sweep, &limits, secs, json))?;
    if rows.iter().any(|r| r.summary.violations() > 0) {
        return Err(Fail::violation());
    }
    Ok(())
}

fn read(path: &Path) -> Result<String, Fail> {
    if path == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| Fail::usage(format!("cannot read standard input: {e}")))?;
        return Ok(s);
    }
    input::read_text(path, "results file", input::MAX_SCHEDULE_BYTES)
}

fn add(
    order: &mut Vec<String>,
    accs: &mut BTreeMap<String, Acc>,
    v: &Value,
    at: &str,
) -> Result<(), Fail> {
    let name = text(v, "scenario", at)?;
    let strategy = Strategy::parse(&text(v, "strategy", at)?).map_err(Fail::usage)?;
    let small = |key: &str| {
        u32::try_from(num(v, key, at)?)
            .map_err(|_| Fail::usage(format!("{at}: `{key}` is out of range")))
    };
    let limits = Limits {
        max_steps: num(v, "max_steps", at)?,
        max_time: sim::Time::from_ms(num(v, "max_time_ms", at)?),
        inject: sim::Inject {
            jitter_ms: small("jitter_ms")?,
            kills: small("kills")?,
            delay_ms: small("delay_ms")?,
        },
        ..Limits::default()
    };
    let shard = match field(v, "shard", at)? {
        Value::Null => None,
        Value::String(k_n) => {
            Some(super::args::parse_shard(k_n).map_err(|e| Fail::usage(format!("{at}: {e}")))?)
        }
        _ => return Err(Fail::usage(format!("{at}: `shard` is not `K/N` or null"))),
    };
    let seeds = num(v, "seeds", at)?;
    if !accs.contains_key(&name) {
        order.push(name.clone());
        accs.insert(
            name.clone(),
            Acc {
                arg: text(v, "arg", at)?,
                secs: 0.0,
                outcomes: BTreeMap::new(),
                failures: Vec::new(),
                seeds,
                limits,
                strategy,
                shards: Vec::new(),
                exhausted: None,
            },
        );
    }
    let acc = accs.get_mut(&name).expect("inserted");
    if (acc.seeds, acc.strategy, acc.limits) != (seeds, strategy, limits) {
        return Err(Fail::usage(format!(
            "{at}: `{name}` was swept with other settings than in an earlier file (seeds, \
             strategy, budgets or faults): these are not shards of one sweep"
        )));
    }
    check_shard(acc, shard, &name, at)?;
    acc.exhausted = field(v, "exhausted", at)?.as_bool();
    acc.secs += field(v, "secs", at)?.as_f64().unwrap_or(0.0);
    let outcomes = field(v, "outcomes", at)?
        .as_array()
        .ok_or_else(|| Fail::usage(format!("{at}: `outcomes` is not a list")))?;
    for o in outcomes {
        let lines: Vec<String> = field(o, "lines", at)?
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|l| l.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let check = field(o, "check", at)?.as_str().map(str::to_string);
        let key = (text(o, "kind", at)?, check, lines);
        let runs = num(o, "runs", at)?;
        let first = seed(o, "first_seed", at)?;
        let verdict = match field(o, "ok", at)?.as_bool() {
            Some(true) => Ok(()),
            _ => Err(text(o, "why", at)?),
        };
        let e = acc.outcomes.entry(key).or_insert((0, u64::MAX, Ok(())));
        e.0 += runs;
        if first < e.1 {
            e.1 = first;
            e.2 = verdict;
        }
    }
    if let Some(f) = v.get("first_failure").filter(|f| !f.is_null()) {
        acc.failures.push((seed(f, "seed", at)?, f.clone()));
    }
    Ok(())
}

/// Refuses a line that cannot be one more shard of the sweep the earlier lines of `name`
/// came from: a second unsharded result, another split, or a shard seen before. Any of
/// them would count runs twice.
fn check_shard(acc: &mut Acc, shard: Option<(u64, u64)>, name: &str, at: &str) -> Result<(), Fail> {
    let fits = match (acc.shards.first(), shard) {
        (None, _) => true,
        (Some(Some((_, n0))), Some((_, n))) => *n0 == n && !acc.shards.contains(&shard),
        (Some(_), _) => false,
    };
    if !fits {
        let this = shard.map_or("an unsharded sweep".to_string(), |(k, n)| {
            format!("shard {k}/{n}")
        });
        let before: Vec<String> = acc
            .shards
            .iter()
            .map(|s| s.map_or("unsharded".to_string(), |(k, n)| format!("{k}/{n}")))
            .collect();
        return Err(Fail::usage(format!(
            "{at}: `{name}` from {this}, after {}: each shard of one split must come once",
            before.join(", ")
        )));
    }
    acc.shards.push(shard);
    Ok(())
}

/// Kinds are `&'static str` in a summary: the ones the explorer writes.
fn kind(k: &str) -> &'static str {
    const KINDS: [&str; 6] = [
        "completed",
        "halted",
        "deadlock",
        "step-budget",
        "time-budget",
        "size-limit",
    ];
    KINDS.into_iter().find(|x| *x == k).unwrap_or("other")
}

fn row(name: &str, acc: Acc) -> Result<Row, Fail> {
    if let Some(Some((_, n))) = acc.shards.first() {
        let missing: Vec<String> = (1..=*n)
            .filter(|k| !acc.shards.contains(&Some((*k, *n))))
            .map(|k| format!("{k}/{n}"))
            .collect();
        if !missing.is_empty() {
            return Err(Fail::usage(format!(
                "`{name}`: shard{} {} {} missing: the merge would not be the whole sweep",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", "),
                if missing.len() == 1 { "is" } else { "are" }
            )));
        }
    }
    let exhausted = acc.exhausted;
    let outcomes = acc
        .outcomes
        .into_iter()
        .map(
            |((k, check, lines), (runs, first_seed, verdict))| OutcomeStats {
                kind: kind(&k),
                lines,
                runs,
                first_seed,
                verdict,
                check,
            },
        )
        .collect();
    let mut summary: Summary = summarize_tally(name, outcomes);
    summary.exhausted = exhausted;
    let failure = match acc.failures.into_iter().min_by_key(|(s, _)| *s) {
        None => None,
        Some((seed, f)) => {
            let at = format!("the first failure of `{name}`");
            let shrunk = match (f.get("shrunk_non_default"), f.get("shrunk_decisions")) {
                (Some(Value::Number(nd)), Some(Value::Number(len))) => Some((
                    nd.as_u64().unwrap_or(0) as usize,
                    len.as_u64().unwrap_or(0) as usize,
                )),
                _ => None,
            };
            let schedule = match f.get("schedule").and_then(Value::as_str) {
                Some(p) => Ok(PathBuf::from(p)),
                None => Err(f
                    .get("schedule_error")
                    .and_then(Value::as_str)
                    .unwrap_or("not written")
                    .to_string()),
            };
            Some(Failure {
                seed,
                why: text(&f, "why", &at)?,
                replay: text(&f, "replay", &at)?,
                shrunk,
                schedule,
            })
        }
    };
    Ok(Row {
        arg: acc.arg,
        summary,
        secs: acc.secs,
        failure,
    })
}
