//! The JSON form: one object with the run's header, processes, events and observations.

use super::RunView;
use crate::interp::outcome_kind;
use crate::verdict::describe_outcome;
use serde_json::{Value, json};

/// The run as one JSON object (pretty-printed).
pub fn json(v: &RunView<'_>) -> String {
    let r = &v.run.report;
    let names = &v.run.names;
    let processes: Vec<Value> = names
        .processes()
        .into_iter()
        .map(|(pid, name)| json!({ "pid": pid.to_string(), "name": name }))
        .collect();
    let events: Vec<Value> = r
        .trace
        .events()
        .iter()
        .map(|e| {
            json!({
                "step": e.step,
                "time_ns": e.time.0,
                "process": e.pid.map(|p| names.name_of(p).to_string()),
                "event": e.kind.to_string(),
            })
        })
        .collect();
    let value = json!({
        "scenario": v.program.name,
        "description": v.program.description,
        "seed": v.seed.map(|s| format!("{s:#x}")),
        "origin": v.origin,
        "outcome": outcome_kind(&r.outcome),
        "outcome_detail": describe_outcome(&r.outcome),
        "steps": r.steps,
        "time_ms": r.time.as_ms(),
        "decisions": r.schedule.len(),
        "schedule": r.schedule.to_string().replace('\n', " "),
        "divergence": r.divergence.as_ref().map(ToString::to_string),
        "trace_hash": r.hash().map(|h| format!("{h:#018x}")),
        "processes": processes,
        "events": events,
        "observations": v.run.observations,
        "lines": v.run.lines(),
        "monitors": match &v.run.violation {
            None => json!({ "ok": true }),
            Some(x) => json!({
                "ok": false,
                "check": x.check,
                "step": x.step,
                "time_ns": x.time.0,
                "message": x.message,
            }),
        },
        "limit": v.run.limit,
        "expectation": match &v.verdict {
            Ok(()) => json!({ "met": true }),
            Err(why) => json!({ "met": false, "why": why }),
        },
        "replay": v.replay,
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}
