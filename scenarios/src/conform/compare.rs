//! Comparing what the simulator and the VM observed: event by event per process (each
//! process's own order), times rounded to the quantum. The order of events of *different*
//! processes in the same quantum is not compared: it is free on a real VM.

use std::collections::BTreeMap;
use std::fmt;

/// One observation, normalised for comparison.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Event {
    /// Elapsed time rounded to the nearest multiple of the quantum.
    pub time_ms: u64,
    /// The process's stable name.
    pub process: String,
    /// What happened ([`normalise`]d).
    pub what: String,
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}ms {} {}", self.time_ms, self.process, self.what)
    }
}

/// `ms` rounded to the nearest multiple of `quantum` (halves round up).
pub fn round(ms: u64, quantum: u64) -> u64 {
    if quantum <= 1 {
        return ms;
    }
    (ms + quantum / 2) / quantum * quantum
}

/// Pids and references the program did not name print as raw numbers that mean nothing
/// across runs (`#PID<0.93.0>`, `#Reference<0.1.2.3>`): both sides print them as
/// `#PID<?>` / `#Reference<?>`.
pub fn normalise(what: &str) -> String {
    let mut out = String::with_capacity(what.len());
    let mut rest = what;
    while let Some(i) = rest.find('#') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let mut replaced = false;
        for prefix in ["#PID<", "#Reference<"] {
            if let Some(body) = tail.strip_prefix(prefix)
                && let Some(end) = body.find('>')
                && end > 0
                && body[..end].chars().all(|c| c.is_ascii_digit() || c == '.')
            {
                out.push_str(prefix);
                out.push_str("?>");
                rest = &body[end + 1..];
                replaced = true;
                break;
            }
        }
        if !replaced {
            out.push('#');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// True for what the simulator observes but the VM cannot be asked: a supervisor's
/// `restarting <child> (restart N in the window)` — its intensity bookkeeping, which OTP keeps
/// to itself. The restart itself is still compared: the child's exit, and the supervisor's
/// `started <child> <new pid>`. Such lines are dropped from the simulator's side.
pub fn simulator_only(what: &str) -> bool {
    what.starts_with("restarting ") && what.ends_with(" in the window)")
}

/// Events in canonical order: by time, then process, each process's own order kept.
pub fn events(raw: impl IntoIterator<Item = (u64, String, String)>, quantum: u64) -> Vec<Event> {
    let mut out: Vec<Event> = raw
        .into_iter()
        .map(|(ms, process, what)| Event {
            time_ms: round(ms, quantum),
            process,
            what: normalise(&what),
        })
        .collect();
    out.sort_by(|a, b| (a.time_ms, &a.process).cmp(&(b.time_ms, &b.process)));
    out
}

fn by_process(events: &[Event]) -> BTreeMap<&str, Vec<&Event>> {
    let mut m: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    for e in events {
        m.entry(e.process.as_str()).or_default().push(e);
    }
    m
}

/// True if the two agree: the same processes, each with the same events in the same order
/// at the same rounded times.
pub fn agree(a: &[Event], b: &[Event]) -> bool {
    first_difference(a, b).is_none()
}

/// True if the two differ only in times: each process has the same events in the same
/// order, some at another rounded time. (On a loaded machine a VM event can be a quantum
/// late; such a program is run again rather than reported.)
pub fn timing_only(a: &[Event], b: &[Event]) -> bool {
    let (x, y) = (by_process(a), by_process(b));
    x.len() == y.len()
        && x.iter().zip(&y).all(|((n1, e1), (n2, e2))| {
            n1 == n2 && e1.len() == e2.len() && e1.iter().zip(e2).all(|(a, b)| a.what == b.what)
        })
}

/// True if the two differ at most by jitter: each process has the same events in the same
/// order, each at most `quantum` ms (one rounding step) from its counterpart.
pub fn within_jitter(a: &[Event], b: &[Event], quantum: u64) -> bool {
    let (x, y) = (by_process(a), by_process(b));
    x.len() == y.len()
        && x.iter().zip(&y).all(|((n1, e1), (n2, e2))| {
            n1 == n2
                && e1.len() == e2.len()
                && e1
                    .iter()
                    .zip(e2)
                    .all(|(a, b)| a.what == b.what && a.time_ms.abs_diff(b.time_ms) <= quantum)
        })
}

/// The earliest difference between the simulator's events `sim` and the VM's `vm`, told
/// in words; `None` if they agree.
pub fn first_difference(sim: &[Event], vm: &[Event]) -> Option<String> {
    let (s, v) = (by_process(sim), by_process(vm));
    let mut names: Vec<&str> = s.keys().chain(v.keys()).copied().collect();
    names.sort_unstable();
    names.dedup();
    // (time of the difference, process, text): the earliest wins.
    let mut best: Option<(u64, &str, String)> = None;
    for name in names {
        let (se, ve) = (
            s.get(name).map_or(&[][..], |x| &x[..]),
            v.get(name).map_or(&[][..], |x| &x[..]),
        );
        let n = se.len().max(ve.len());
        for i in 0..n {
            let (a, b) = (se.get(i), ve.get(i));
            if a == b {
                continue;
            }
            let time = a
                .map_or(u64::MAX, |e| e.time_ms)
                .min(b.map_or(u64::MAX, |e| e.time_ms));
            let show = |e: Option<&&Event>| match e {
                Some(e) => format!("`{e}`"),
                None => "nothing".to_string(),
            };
            let text = format!(
                "process {name}, its event #{}: simulator {}, VM {}",
                i + 1,
                show(a),
                show(b)
            );
            if best
                .as_ref()
                .is_none_or(|(t, p, _)| (time, name) < (*t, *p))
            {
                best = Some((time, name, text));
            }
            break;
        }
    }
    best.map(|(_, _, text)| text)
}

/// The two sides as two columns, `left | right`, each its own canonical order.
pub fn side_by_side(
    left_title: &str,
    left: &[String],
    right_title: &str,
    right: &[String],
) -> String {
    let width = left
        .iter()
        .map(|l| l.chars().count())
        .chain([left_title.len()])
        .max()
        .unwrap_or(0)
        .min(90);
    let mut s = format!("    {left_title:<width$} | {right_title}\n");
    let n = left.len().max(right.len());
    for i in 0..n {
        let l = left.get(i).map_or("", |x| x.as_str());
        let r = right.get(i).map_or("", |x| x.as_str());
        let mark = if l == r { ' ' } else { '*' };
        s.push_str(&format!("  {mark} {l:<width$} | {r}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(t: u64, p: &str, w: &str) -> Event {
        Event {
            time_ms: t,
            process: p.into(),
            what: w.into(),
        }
    }

    #[test]
    fn rounding_and_raw_ids() {
        assert_eq!(round(124, 50), 100);
        assert_eq!(round(125, 50), 150);
        assert_eq!(round(0, 50), 0);
        assert_eq!(
            normalise("{#PID<0.93.0>, #Reference<0.0.0.12>, #PID<main.t>, #x}"),
            "{#PID<?>, #Reference<?>, #PID<main.t>, #x}"
        );
    }

    #[test]
    fn per_process_order_matters_and_cross_process_order_does_not() {
        let a = vec![ev(0, "main", "log a"), ev(0, "main.t", "log b")];
        let b = vec![ev(0, "main.t", "log b"), ev(0, "main", "log a")];
        assert!(agree(&a, &b));
        let c = vec![ev(0, "main", "log a"), ev(50, "main.t", "log b")];
        let d = first_difference(&a, &c).unwrap();
        assert!(d.contains("process main.t"), "{d}");
        let e = vec![ev(0, "main", "log a")];
        assert!(first_difference(&a, &e).unwrap().contains("VM nothing"));
        assert!(timing_only(&a, &c));
        assert!(!timing_only(&a, &e));
        assert!(!timing_only(
            &a,
            &[ev(0, "main", "log a"), ev(0, "main.t", "log c")]
        ));
    }
}
