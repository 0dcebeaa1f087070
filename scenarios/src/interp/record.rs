//! What a run observed, and the stable names of its processes.
//!
//! Pids and references are per-run counters, so `#PID<0.3.0>` may be a different process
//! under another schedule. Observations therefore name processes by where the program made
//! them: `main`, `main.task` (bound as `task` by `main`), `main.start` (unbound), with `#2`,
//! `#3` for repeats; pids and task references inside values print as `#PID<main.task>` and
//! `#Reference<main.task>`. Helper processes that `model` starts (the one inside
//! `Task.shutdown`) are named `<parent>.sys` and are not observed.
//!
//! Supervisors name their children by id: `main.sup.a`, and `main.sup.a#2` for the second
//! incarnation after a restart. What a supervisor does (starts, restarts, terminations,
//! kills, giving up) is observed as its own lines, from `model`'s `sup.*` trace events.

use model::events::ModelEvent;
use serde::Serialize;
use sim::LookupMap;
use sim::{Event, EventKind, Pid, Ref, Term};
use std::fmt;
use std::rc::Rc;

/// One thing a run observed: a log line, a result, a message received, an exit.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Observation {
    /// Virtual time, in whole milliseconds.
    pub time_ms: u64,
    /// The process's stable name (`main`, `main.task`, ...).
    pub process: String,
    /// What happened: `log <text>`, `await <task> -> <value>`, `receive <msg>`,
    /// `receive after <ms>`, `catch_exit <reason>`, `rescue <exception>`, `exit <reason>`.
    pub what: String,
}

impl fmt::Display for Observation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}ms {} {}", self.time_ms, self.process, self.what)
    }
}

/// A run's observations, sorted (see [`Observation`]). Shared: while a thread shares its
/// renderings ([`SharedRenderings`]), its runs that recorded the same things under the same
/// names share one copy (explore's runs mostly repeat a few outcomes), and two copies of it
/// compare equal without a walk.
#[derive(Clone, Debug, Default)]
pub struct Observations(Rc<[Observation]>);

impl std::ops::Deref for Observations {
    type Target = [Observation];
    fn deref(&self) -> &[Observation] {
        &self.0
    }
}

impl From<Vec<Observation>> for Observations {
    fn from(v: Vec<Observation>) -> Self {
        Observations(v.into())
    }
}

impl<'a> IntoIterator for &'a Observations {
    type Item = &'a Observation;
    type IntoIter = std::slice::Iter<'a, Observation>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl PartialEq for Observations {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl Eq for Observations {}

impl PartialOrd for Observations {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Observations {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        if Rc::ptr_eq(&self.0, &other.0) {
            return std::cmp::Ordering::Equal;
        }
        self.0.cmp(&other.0)
    }
}

impl Serialize for Observations {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}

/// An observation before names are resolved (resolved once, at the end of the run).
#[derive(Debug, PartialEq)]
pub(crate) enum What {
    Log(String),
    Result {
        op: Rc<str>,
        subject: Rc<str>,
        value: Term,
    },
    Received(Term),
    After(sim::Timeout),
    Caught(&'static str, Term),
    Exit(Term),
    /// A supervisor's report (a `sup.*` trace event of `model`), in words.
    Sup(ModelEvent),
    /// Still alive when the run halted (the script ended): cut off.
    CutOff,
}

#[derive(Clone, Debug, PartialEq)]
struct Named {
    pid: Pid,
    name: Rc<str>,
    /// Made by the program (observed), not by `model` (a helper).
    program: bool,
}

/// The stable names of a run's processes and task references.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    /// By pid index.
    names: Vec<Option<Named>>,
    refs: Vec<(Ref, Rc<str>)>,
}

impl Names {
    /// The name of `pid` (its raw pid if it has none).
    pub fn name_of(&self, pid: Pid) -> Rc<str> {
        match self.names.get(pid.index() as usize) {
            Some(Some(n)) => n.name.clone(),
            _ => pid.to_string().into(),
        }
    }

    /// True if the program made `pid` (as opposed to a helper that `model` started).
    pub fn is_program(&self, pid: Pid) -> bool {
        matches!(self.names.get(pid.index() as usize), Some(Some(n)) if n.program)
    }

    /// `t` with pids and task references replaced by their names (`#PID<main.task>`).
    pub fn named(&self, t: &Term) -> Term {
        match t {
            Term::Pid(p) => Term::module(&format!("#PID<{}>", self.name_of(*p))),
            Term::Ref(r) => match self.refs.iter().find(|(x, _)| x == r) {
                Some((_, name)) => Term::module(&format!("#Reference<{name}>")),
                None => t.clone(),
            },
            Term::Tuple(items) => {
                Term::tuple(items.iter().map(|i| self.named(i)).collect::<Vec<_>>())
            }
            Term::List(items) => Term::List(items.iter().map(|i| self.named(i)).collect()),
            Term::Map(kvs) => Term::Map(
                kvs.iter()
                    .map(|(k, v)| (self.named(k), self.named(v)))
                    .collect(),
            ),
            Term::Struct(s) => Term::new_struct(
                s.name.clone(),
                s.fields
                    .iter()
                    .map(|(k, v)| (k.clone(), self.named(v)))
                    .collect(),
            ),
            Term::Str(text) if text.contains("#PID<") => Term::str(&self.named_text(text)),
            _ => t.clone(),
        }
    }

    /// `text` with each raw pid of a named process (`#PID<0.N.0>`) replaced by its name, as
    /// the VM runner does with text made mid-run: a message `model` formats (an
    /// `ArgumentError` naming a task) must read the same on both sides.
    pub fn named_text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        self.named_text_into(text, &mut out);
        out
    }

    /// [`Names::named_text`], appended to `out`.
    pub fn named_text_into(&self, text: &str, out: &mut String) {
        // The next raw pid in `s`, found by its `#` (a fast byte search: most log lines
        // have none).
        let next_pid = |s: &str| {
            let mut from = 0;
            while let Some(j) = s[from..].find('#') {
                let i = from + j;
                if s[i..].starts_with("#PID<0.") {
                    return Some(i);
                }
                from = i + 1;
            }
            None
        };
        let mut rest = text;
        while let Some(i) = next_pid(rest) {
            out.push_str(&rest[..i]);
            let body = &rest[i + "#PID<0.".len()..];
            let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let named = body[digits..]
                .starts_with(".0>")
                .then(|| body[..digits].parse::<usize>().ok())
                .flatten()
                .and_then(|n| self.names.get(n)?.as_ref());
            match named {
                Some(n) => {
                    out.push_str(&format!("#PID<{}>", n.name));
                    rest = &body[digits + ".0>".len()..];
                }
                None => {
                    out.push_str("#PID<0.");
                    rest = body;
                }
            }
        }
        out.push_str(rest);
    }

    /// Empties it, keeping its buffers (a finished run's names given back for the next
    /// run: [`super::recycle`]).
    pub(crate) fn clear(&mut self) {
        self.names.clear();
        self.refs.clear();
    }

    /// True if it has no buffers (a recorder's after its run's names moved out).
    pub(crate) fn unallocated(&self) -> bool {
        self.names.capacity() == 0 && self.refs.capacity() == 0
    }

    /// Every named process, by pid.
    pub fn processes(&self) -> Vec<(Pid, String)> {
        self.names
            .iter()
            .flatten()
            .map(|n| (n.pid, n.name.to_string()))
            .collect()
    }
}

/// Appends `n` in decimal.
fn push_decimal(s: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    s.push_str(std::str::from_utf8(&digits[at..]).expect("ASCII digits"));
}

/// What a thread rendered, and from what (see [`Recorder::take_observations`]).
struct Rendered {
    raw: Vec<(u64, Pid, What)>,
    names: Names,
    out: Observations,
}

/// How many renderings a thread keeps (the most recent ones).
const RENDERED_KEPT: usize = 8;
/// Runs that recorded more than this many things are not kept for comparison.
const RENDERED_MAX_LEN: usize = 64;

thread_local! {
    /// `None` unless a [`SharedRenderings`] is alive on this thread.
    static RENDERED: std::cell::RefCell<Option<Vec<Rendered>>> =
        const { std::cell::RefCell::new(None) };
}

/// While this is alive, the runs on this thread share their renderings
/// ([`Recorder::take_observations`]); when it is dropped, what was kept is freed. For a
/// loop of runs such as an exploration's worker: most of its runs repeat a few outcomes.
pub struct SharedRenderings {
    /// This one started the sharing (a nested one leaves it to the outer one).
    started: bool,
}

impl SharedRenderings {
    /// Starts sharing on this thread, unless it already does.
    pub fn begin() -> SharedRenderings {
        let started = RENDERED.with_borrow_mut(|kept| {
            let started = kept.is_none();
            kept.get_or_insert_with(Vec::new);
            started
        });
        SharedRenderings { started }
    }
}

impl Drop for SharedRenderings {
    fn drop(&mut self) {
        if self.started {
            // Taken out before it is dropped: nothing runs with the cell borrowed.
            let kept = RENDERED.with_borrow_mut(Option::take);
            drop(kept);
        }
    }
}

/// Most names a [`Recorder`] keeps from run to run (every name made since it was new,
/// across runs and programs), and most records it keeps room for, past which a reset
/// starts it afresh.
const KEPT_NAMES: usize = 1024;

/// Per-run bookkeeping shared by the interpreter and the trace observer.
#[derive(Default)]
pub(crate) struct Recorder {
    pub names: Names,
    /// Every name made, in this run or an earlier one (a kept recorder names the same
    /// processes run after run), with the number of the last run that took it: taken in
    /// this run if that is [`Recorder::run`]. Looked up, never listed.
    names_made: LookupMap<Rc<str>, (Rc<str>, u64)>,
    /// This run's number, counted over the resets.
    run: u64,
    /// A buffer for composing names.
    scratch: String,
    /// Per base name, the next `#n` to try.
    next: LookupMap<Rc<str>, u64>,
    /// The name the next process spawned by a parent gets.
    pending: Vec<(Pid, Rc<str>)>,
    raw: Vec<(u64, Pid, What)>,
    /// The first step that went past a size limit: when, who, what.
    limit: Option<(u64, Pid, String)>,
}

impl Recorder {
    /// Starts over for a new run, keeping the buffers of its tables and the names made so
    /// far (unless they grew past [`KEPT_NAMES`] entries: a large run's tables, or the
    /// names of many runs, are not held for the runs after).
    pub fn reset(&mut self) {
        if self.names_made.len() > KEPT_NAMES || self.raw.capacity() > KEPT_NAMES {
            *self = Recorder::default();
            return;
        }
        let Recorder {
            names,
            names_made: _,
            run,
            scratch: _,
            next,
            pending,
            raw,
            limit,
        } = self;
        *names = Names::default();
        // Every name made is free again.
        *run += 1;
        next.clear();
        pending.clear();
        raw.clear();
        *limit = None;
    }

    /// `base`, or `base#2`, `base#3`, ... the first not taken. Each base remembers the count
    /// it reached: a child restarted 50,000 times must not try 50,000 names first (that made
    /// long restart loops quadratic).
    fn unique(&mut self, base: &str) -> Rc<str> {
        if let Some(name) = self.take(base) {
            return name;
        }
        let mut n = self.next.get(base).copied().unwrap_or(2);
        // `base#n`, built in one buffer (a fan-out names thousands of siblings).
        let mut candidate = String::with_capacity(base.len() + 8);
        loop {
            candidate.clear();
            candidate.push_str(base);
            candidate.push('#');
            push_decimal(&mut candidate, n);
            n += 1;
            if let Some(name) = self.take(&candidate) {
                match self.next.get_mut(base) {
                    Some(next) => *next = n,
                    None => {
                        self.next.insert(base.into(), n);
                    }
                }
                return name;
            }
        }
    }

    /// Name `text`, if this run has not taken it yet: the same `Rc` as in the runs before
    /// that made it.
    fn take(&mut self, text: &str) -> Option<Rc<str>> {
        let run = self.run;
        match self.names_made.get_mut(text) {
            Some((_, taken)) if *taken == run => None,
            Some((name, taken)) => {
                *taken = run;
                Some(name.clone())
            }
            None => {
                let name: Rc<str> = text.into();
                self.names_made.insert(name.clone(), (name.clone(), run));
                Some(name)
            }
        }
    }

    fn set_name(&mut self, pid: Pid, name: Rc<str>, program: bool) {
        let names = &mut self.names.names;
        let i = pid.index() as usize;
        if names.len() <= i {
            names.resize_with(i + 1, || None);
        }
        names[i] = Some(Named { pid, name, program });
    }

    fn name_of(&self, pid: Pid) -> Rc<str> {
        self.names.name_of(pid)
    }

    pub fn named(&self, t: &Term) -> Term {
        self.names.named(t)
    }

    /// The next process `parent` spawns is a program process called `<parent>.<binding>`.
    pub fn expect_child(&mut self, parent: Pid, binding: &str) {
        let parent_name = self.name_of(parent);
        let mut base = std::mem::take(&mut self.scratch);
        base.clear();
        base.push_str(&parent_name);
        base.push('.');
        base.push_str(binding);
        let name = self.unique(&base);
        self.scratch = base;
        self.pending.retain(|(p, _)| *p != parent);
        self.pending.push((parent, name));
    }

    /// `pid`, started by `model` on behalf of the program (a `Task.Supervisor.async` task,
    /// spawned inside the supervisor), is a program process called `<base>`.
    pub fn rename(&mut self, pid: Pid, base: &str) {
        let name = self.unique(base);
        self.set_name(pid, name, true);
    }

    /// `r` is the reference of the task `pid` (it prints as `#Reference<name>`).
    pub fn name_task_ref(&mut self, r: Ref, pid: Pid) {
        let name = self.name_of(pid);
        self.names.refs.push((r, name));
    }

    /// Process `pid` went past a size limit at `time_ms` (only the first time is kept).
    pub fn over_limit(&mut self, time_ms: u64, pid: Pid, what: String) {
        self.limit.get_or_insert((time_ms, pid, what));
    }

    /// The first step that went past a size limit, in words.
    pub fn limit(&self) -> Option<String> {
        self.limit.as_ref().map(|(t, pid, what)| {
            format!(
                "size limit: {} {what} at {t}ms (it raised :system_limit)",
                self.name_of(*pid)
            )
        })
    }

    /// Records an observation of process `pid` at `time_ms`.
    pub fn push(&mut self, time_ms: u64, pid: Pid, what: What) {
        self.raw.push((time_ms, pid, what));
    }

    /// The trace observer: names every new process and records the exits of program ones.
    pub fn on_event(&mut self, ev: &Event) {
        match &ev.kind {
            EventKind::Spawn { child, .. } => match ev.pid {
                None => {
                    let name = self.unique("main");
                    self.set_name(*child, name, true);
                }
                Some(parent) => {
                    let pending = self.pending.iter().position(|(p, _)| *p == parent);
                    match pending {
                        Some(i) => {
                            let (_, name) = self.pending.swap_remove(i);
                            self.set_name(*child, name, true);
                        }
                        None => {
                            let base = format!("{}.sys", self.name_of(parent));
                            let name = self.unique(&base);
                            self.set_name(*child, name, false);
                        }
                    }
                }
            },
            // Kept for every process: one may become a program process later (`rename`);
            // only program processes are shown.
            EventKind::Exit { reason } => {
                let pid = ev.pid.expect("an exit has a process");
                self.raw
                    .push((ev.time.as_ms(), pid, What::Exit(reason.clone())));
            }
            EventKind::Semantic(_) => {
                if let (Some(m), Some(pid)) = (ModelEvent::of(&ev.kind), ev.pid)
                    && is_sup_report(m)
                {
                    debug_assert!(self.sup_report(m).is_some(), "{m:?} has no report");
                    self.raw.push((ev.time.as_ms(), pid, What::Sup(m.clone())));
                }
            }
            _ => {}
        }
    }

    fn render(&self, what: &What) -> String {
        match what {
            What::Log(text) => {
                let mut out = String::with_capacity(4 + text.len());
                out.push_str("log ");
                self.names.named_text_into(text, &mut out);
                out
            }
            What::Result { op, subject, value } => {
                format!("{op} {subject} -> {}", self.named(value))
            }
            What::Received(m) => format!("receive {}", self.named(m)),
            What::After(t) => format!("receive after {}", t.to_term()),
            What::Caught(how, v) => format!("{how} {}", self.named(v)),
            What::Exit(Term::Atom(a)) => {
                let mut out = String::with_capacity(8 + a.as_str().len());
                out.push_str("exit ");
                let _ = a.write_to(&mut out);
                out
            }
            What::Exit(r) => format!("exit {}", self.named(r)),
            What::Sup(event) => self.sup_report(event).unwrap_or_default(),
            What::CutOff => "cut off (the script ended)".to_string(),
        }
    }

    /// A supervisor's report, in words: `started :a #PID<main.sup.a>`, `restarting :b
    /// (restart 1 in the window)`, ... A `DynamicSupervisor`'s children have no ids
    /// (`:undefined`): they are shown by their pids. `None` for the model events that are
    /// not a report (those [`is_sup_report`] refuses).
    fn sup_report(&self, event: &ModelEvent) -> Option<String> {
        let n = |t: &Term| self.named(t).to_string();
        let who = |id: &Term, pid: Pid| {
            if id.is_atom("undefined") {
                n(&Term::Pid(pid))
            } else {
                n(id)
            }
        };
        Some(match event {
            ModelEvent::SupStart { id, pid } => {
                if id.is_atom("undefined") {
                    format!("started {}", n(&Term::Pid(*pid)))
                } else {
                    format!("started {} {}", n(id), n(&Term::Pid(*pid)))
                }
            }
            ModelEvent::SupRestart { id, in_window } => {
                format!("restarting {} (restart {in_window} in the window)", n(id))
            }
            ModelEvent::SupGiveUp { id } => {
                format!("gave up on {}: reached_max_restart_intensity", n(id))
            }
            ModelEvent::SupTerminate {
                id,
                pid,
                kill,
                shutdown,
            } => format!(
                "terminating {} with {} (shutdown: {})",
                who(id, *pid),
                if *kill { ":kill" } else { ":shutdown" },
                shutdown.to_term()
            ),
            ModelEvent::SupKill { id, pid } => {
                format!("killing {}: its shutdown time is up", who(id, *pid))
            }
            ModelEvent::SupStartError { id, reason } => {
                format!("failed to start {}: {}", n(id), n(reason))
            }
            ModelEvent::SupShutdownError { id, reason } => {
                format!("shutdown error for {}: {}", n(id), n(reason))
            }
            ModelEvent::WaitBegin { .. }
            | ModelEvent::WaitEnd { .. }
            | ModelEvent::TaskSpawn { .. }
            | ModelEvent::SupInit { .. }
            | ModelEvent::SupExit { .. } => return None,
        })
    }

    /// The observations, as [`Recorder::render_observations`] makes them, for the end of a
    /// run (the raw records may be taken along to be kept). While this thread shares renderings
    /// ([`SharedRenderings`]), a run that recorded the same things under the same names as
    /// one of the last ones takes its observations instead of rendering its own: rendering
    /// is a function of the two.
    pub fn take_observations(&mut self) -> Observations {
        RENDERED.with_borrow_mut(|kept| {
            let Some(kept) = kept else {
                return Observations::from(self.render_observations());
            };
            if let Some(k) = kept
                .iter()
                .find(|k| k.raw == self.raw && k.names == self.names)
            {
                return k.out.clone();
            }
            let out = Observations::from(self.render_observations());
            if self.raw.len() <= RENDERED_MAX_LEN {
                if kept.len() == RENDERED_KEPT {
                    kept.remove(0);
                }
                kept.push(Rendered {
                    raw: std::mem::take(&mut self.raw),
                    names: self.names.clone(),
                    out: out.clone(),
                });
            }
            out
        })
    }

    /// The observations, sorted by time, then process name; a process's own observations
    /// keep their order. (Processes that act in the same millisecond may interleave either
    /// way on a real VM; this order does not depend on the schedule.)
    pub fn render_observations(&self) -> Vec<Observation> {
        let mut out: Vec<Observation> = self
            .raw
            .iter()
            .filter(|(_, pid, what)| {
                !matches!(what, What::Exit(_) | What::Sup(..)) || self.names.is_program(*pid)
            })
            .map(|(t, pid, what)| Observation {
                time_ms: *t,
                process: self.name_of(*pid).to_string(),
                what: self.render(what),
            })
            .collect();
        out.sort_by(|a, b| (a.time_ms, &a.process).cmp(&(b.time_ms, &b.process)));
        out
    }
}

/// True for the model events that are a supervisor's report in the observations
/// ([`Recorder::sup_report`]). A cheap test at record time: the report itself is written
/// only when observations are rendered, and most runs of an exploration reuse an earlier
/// run's rendering (a run that wrote each report to test for one spent a twentieth of its
/// time formatting).
fn is_sup_report(event: &ModelEvent) -> bool {
    match event {
        ModelEvent::SupStart { .. }
        | ModelEvent::SupRestart { .. }
        | ModelEvent::SupGiveUp { .. }
        | ModelEvent::SupTerminate { .. }
        | ModelEvent::SupKill { .. }
        | ModelEvent::SupStartError { .. }
        | ModelEvent::SupShutdownError { .. } => true,
        ModelEvent::WaitBegin { .. }
        | ModelEvent::WaitEnd { .. }
        | ModelEvent::TaskSpawn { .. }
        | ModelEvent::SupInit { .. }
        | ModelEvent::SupExit { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_count_up_and_skip_taken_ones() {
        let mut r = Recorder::default();
        assert_eq!(&*r.unique("main.a"), "main.a");
        assert_eq!(&*r.unique("main.a#3"), "main.a#3");
        assert_eq!(&*r.unique("main.a"), "main.a#2");
        assert_eq!(&*r.unique("main.a"), "main.a#4");
        for _ in 0..100_000 {
            r.unique("main.b");
        }
        assert_eq!(&*r.unique("main.b"), "main.b#100001");
        for n in [0, 7, 10, 1_234_567_890, u64::MAX] {
            let mut s = String::from("x");
            push_decimal(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
    }

    /// A reset recorder names and records as a new one would: nothing of the last run is
    /// taken, counted or pending.
    #[test]
    fn a_reset_recorder_starts_over() {
        let (pids, _) = crate::checks::test_support::pids_and_refs();
        let used = |r: &mut Recorder| {
            r.unique("main");
            r.unique("main.a");
            r.unique("main.a");
            r.expect_child(pids[0], "b");
            r.push(3, pids[1], What::CutOff);
            r.set_name(pids[1], "main.a".into(), true);
        };
        for names in [2, 2_000] {
            let mut r = Recorder::default();
            used(&mut r);
            for _ in 0..names {
                r.unique("main.c");
            }
            r.reset();
            let mut fresh = Recorder::default();
            for r in [&mut r, &mut fresh] {
                assert_eq!(&*r.unique("main"), "main");
                assert_eq!(&*r.unique("main.c"), "main.c");
                assert_eq!(&*r.unique("main.c"), "main.c#2");
                // Taken (and counted from) in the run before: free again, counted anew.
                assert_eq!(&*r.unique("main.a"), "main.a");
                assert_eq!(&*r.unique("main.a"), "main.a#2");
                assert!(r.pending.is_empty() && r.raw.is_empty() && r.limit.is_none());
                assert_eq!(r.names, Names::default());
            }
        }
    }

    #[test]
    fn raw_pids_in_a_text_become_names_wherever_they_are() {
        let (pids, _) = crate::checks::test_support::pids_and_refs();
        let mut r = Recorder::default();
        r.set_name(pids[1], "main.task".into(), true);
        let task = pids[1].to_string();
        let text = format!("a #{{x}} # b {task} c #PID<0.99.0> {task}# #PID<0.1");
        assert_eq!(
            r.names.named_text(&text),
            "a #{x} # b #PID<main.task> c #PID<0.99.0> #PID<main.task># #PID<0.1"
        );
        assert_eq!(r.names.named_text("no pid here"), "no pid here");
        assert_eq!(
            r.render(&What::Log(text.clone())),
            format!("log {}", r.names.named_text(&text))
        );
        let exit = |t: Term| r.render(&What::Exit(t));
        assert_eq!(exit(Term::atom("normal")), "exit :normal");
        assert_eq!(exit(Term::atom_dyn("with space")), "exit :\"with space\"");
        assert_eq!(exit(Term::atom("nil")), "exit nil");
        assert_eq!(exit(sim::module!("Task")), "exit Task");
        assert_eq!(
            exit(Term::tuple([Term::atom("shutdown"), Term::Pid(pids[1])])),
            "exit {:shutdown, #PID<main.task>}"
        );
    }

    #[test]
    fn a_run_that_recorded_the_same_under_the_same_names_shares_the_observations() {
        let (pids, _) = crate::checks::test_support::pids_and_refs();
        let recorder = |name: &str, log: &str| {
            let mut r = Recorder::default();
            r.set_name(pids[1], name.into(), true);
            let text = format!("got {}", pids[1]);
            r.push(5, pids[1], What::Log(text));
            r.push(7, pids[1], What::Log(log.to_string()));
            r.push(7, pids[1], What::Exit(Term::atom("normal")));
            r
        };
        // Not shared outside a `SharedRenderings`.
        let alone = [(); 2].map(|_| recorder("main.a", "x").take_observations());
        assert!(!Rc::ptr_eq(&alone[0].0, &alone[1].0));
        let shared = SharedRenderings::begin();
        let first = recorder("main.a", "x").take_observations();
        assert_eq!(first, alone[0]);
        let lines = |o: &Observations| o.iter().map(|o| o.to_string()).collect::<Vec<_>>();
        assert_eq!(
            lines(&first),
            [
                "5ms main.a log got #PID<main.a>",
                "7ms main.a log x",
                "7ms main.a exit :normal"
            ]
        );
        let again = recorder("main.a", "x").take_observations();
        assert!(Rc::ptr_eq(&first.0, &again.0), "shared, not rendered again");
        // A different name, or a different record, is rendered afresh.
        let renamed = recorder("main.b", "x").take_observations();
        assert_eq!(lines(&renamed)[0], "5ms main.b log got #PID<main.b>");
        let other = recorder("main.a", "y").take_observations();
        assert_eq!(lines(&other)[1], "7ms main.a log y");
        // Each of them is still kept, and matches what rendering gives.
        for (name, log, kept) in [("main.a", "x", &first), ("main.b", "x", &renamed)] {
            let mut r = recorder(name, log);
            assert_eq!(r.render_observations(), kept.to_vec());
            assert!(Rc::ptr_eq(&r.take_observations().0, &kept.0));
        }
        // A nested one leaves what is kept to the outer one; the outer one frees it.
        drop(SharedRenderings::begin());
        assert!(Rc::ptr_eq(
            &recorder("main.a", "x").take_observations().0,
            &first.0
        ));
        drop(shared);
        assert!(RENDERED.with_borrow(Option::is_none), "freed");
    }
}
