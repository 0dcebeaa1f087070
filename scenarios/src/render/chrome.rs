//! Chrome trace-event JSON (the format Perfetto and `chrome://tracing` open): one track
//! (thread) per process, its life as a span, waits and sleeps as spans, sends, receives,
//! logs and exits as instants. Timestamps are virtual microseconds.

use super::RunView;
use crate::interp::Names;
use serde_json::{Value, json};
use sim::{Dest, Event, EventKind, Pid, Term};

struct Track<'a> {
    names: &'a Names,
    out: Vec<Value>,
    /// Open waits: (process, wait id, start in µs, operation).
    waits: Vec<(Pid, Term, f64, String)>,
    /// When each process was spawned, in µs.
    born: Vec<(Pid, f64)>,
}

fn micros(ev: &Event) -> f64 {
    ev.time.0 as f64 / 1000.0
}

impl Track<'_> {
    fn term(&self, t: &Term) -> String {
        self.names.named(t).to_string()
    }

    fn instant(&mut self, pid: Pid, ts: f64, name: &str, args: Value) {
        self.out.push(json!({
            "name": name, "ph": "i", "s": "t", "pid": 1, "tid": pid.index(), "ts": ts, "args": args,
        }));
    }

    fn span(&mut self, pid: Pid, ts: f64, dur: f64, name: &str, args: Value) {
        self.out.push(json!({
            "name": name, "ph": "X", "pid": 1, "tid": pid.index(), "ts": ts, "dur": dur, "args": args,
        }));
    }

    fn event(&mut self, ev: &Event) {
        let ts = micros(ev);
        if let EventKind::Spawn { child, .. } = &ev.kind {
            self.born.push((*child, ts));
        }
        let Some(me) = ev.pid else { return };
        match &ev.kind {
            EventKind::Send { to, msg } => {
                let to = match to {
                    Dest::Pid(p) => *p,
                    Dest::Alias(r) => r.owner(),
                    // (The kernel sends nothing to a name: a send goes to its pid.)
                    Dest::Name(_) => return,
                };
                let args =
                    json!({ "to": self.names.name_of(to).to_string(), "msg": self.term(msg) });
                self.instant(me, ts, "send", args);
            }
            EventKind::Receive { msg } => {
                let args = json!({ "msg": self.term(msg) });
                self.instant(me, ts, "receive", args);
            }
            EventKind::Log { text } => self.instant(me, ts, "log", json!({ "text": text })),
            EventKind::ExitSignal { to, reason } => {
                let to = self.names.name_of(*to).to_string();
                let args = json!({ "to": to, "reason": self.term(reason) });
                self.instant(me, ts, "Process.exit", args);
            }
            EventKind::Exit { reason } => self.exit(me, ts, reason),
            EventKind::User { tag, data } => self.user(me, ts, tag, data),
            EventKind::Semantic(_) => {
                if let Some(m) = model::events::ModelEvent::of(&ev.kind) {
                    self.model(me, ts, m);
                }
            }
            _ => {}
        }
    }

    /// The interpreter's notes: a `sleep` is a span.
    fn user(&mut self, me: Pid, ts: f64, tag: &str, data: &Term) {
        if tag == "sleep" {
            let ms = data.as_int().unwrap_or(0) as f64;
            self.span(me, ts, ms * 1000.0, "sleep", json!({ "ms": ms }));
        }
    }

    fn model(&mut self, me: Pid, ts: f64, event: &model::events::ModelEvent) {
        use model::events::ModelEvent;
        match event {
            ModelEvent::WaitBegin { op, id, .. } => {
                self.waits.push((me, id.clone(), ts, op.name().to_string()));
            }
            ModelEvent::WaitEnd { id, result, .. } => {
                if let Some(i) = self
                    .waits
                    .iter()
                    .position(|(p, w, _, _)| *p == me && w == id)
                {
                    let (_, _, start, op) = self.waits.swap_remove(i);
                    let args = json!({ "result": self.term(&result.to_term()) });
                    self.span(me, start, ts - start, &op, args);
                }
            }
            ModelEvent::TaskSpawn { .. }
            | ModelEvent::SupInit { .. }
            | ModelEvent::SupStart { .. }
            | ModelEvent::SupStartError { .. }
            | ModelEvent::SupExit { .. }
            | ModelEvent::SupRestart { .. }
            | ModelEvent::SupGiveUp { .. }
            | ModelEvent::SupTerminate { .. }
            | ModelEvent::SupKill { .. }
            | ModelEvent::SupShutdownError { .. } => {}
        }
    }

    fn exit(&mut self, me: Pid, ts: f64, reason: &Term) {
        self.instant(me, ts, "exit", json!({ "reason": self.term(reason) }));
        if let Some(i) = self.born.iter().position(|(p, _)| *p == me) {
            let (_, start) = self.born.swap_remove(i);
            let name = self.names.name_of(me).to_string();
            self.span(
                me,
                start,
                ts - start,
                &name,
                json!({ "exit": self.term(reason) }),
            );
        }
    }
}

/// The run as Chrome trace-event JSON.
pub fn chrome(v: &RunView<'_>) -> String {
    let names = &v.run.names;
    let mut t = Track {
        names,
        out: Vec::new(),
        waits: Vec::new(),
        born: Vec::new(),
    };
    let title = format!("otpsim {} ({})", v.program.name, v.origin);
    t.out
        .push(json!({ "name": "process_name", "ph": "M", "pid": 1, "args": { "name": title } }));
    for (pid, name) in names.processes() {
        let tid = pid.index();
        let meta = |name: &str, args: Value| json!({ "name": name, "ph": "M", "pid": 1, "tid": tid, "args": args });
        t.out.push(meta("thread_name", json!({ "name": name })));
        t.out
            .push(meta("thread_sort_index", json!({ "sort_index": tid })));
    }
    for ev in v.run.report.trace.events() {
        t.event(ev);
    }
    // Processes still alive at the end: their span runs to the end of the run.
    let end = v.run.report.time.0 as f64 / 1000.0;
    for (pid, start) in std::mem::take(&mut t.born) {
        let name = names.name_of(pid).to_string();
        t.span(pid, start, end - start, &name, json!({ "exit": null }));
    }
    let doc = json!({ "displayTimeUnit": "ms", "traceEvents": t.out });
    let mut s = serde_json::to_string(&doc).unwrap_or_default();
    s.push('\n');
    s
}
