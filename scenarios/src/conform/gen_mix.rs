//! What a batch of generated programs covers (part of [`super`]): each program's kinds, and
//! how many programs of a batch have each, so that a test can see that no kind is starved.

use super::Generated;
use super::race::for_each_block;
use crate::lang::{Child, Program, Step};

/// The kinds [`kinds`] reports, in the order [`mix`] counts them.
pub const KINDS: &[&str] = &[
    "task",
    "supervisor",
    "dynamic_supervisor",
    "task_supervisor",
    "gen_server",
    "call",
    "call_crashes_server",
    "stop_server",
    "named",
    "call_by_name",
    "deep_tree",
    "dynamic_trapping_child",
    "children_after_stop",
    "supervised_async",
    "supervised_async_crash",
    "intensity_window",
    // The Elixir family (`gen_exs*.rs`): child start results and failing restarts,
    "start_ok",
    "start_ok_info",
    "start_ignore",
    "start_error",
    "start_raise",
    "start_exit",
    "restart_fails",
    "dynamic_start_results",
    // `Task.async_stream`, its options and what consumes it,
    "async_stream",
    "tsup_async_stream",
    "tsup_async_stream_nolink",
    "stream_max_concurrency",
    "stream_unordered",
    "stream_timeout",
    "stream_kill_task",
    "stream_zip_input",
    "enum_to_list",
    "enum_take",
    "stream_map",
    "enum_zip",
    // monitors,
    "monitor",
    "monitor_by_name",
    "demonitor",
    "demonitor_flush",
    "demonitor_info",
    // callback modules.
    "use_gen_server",
    "use_supervisor",
    "use_task",
];

/// The kinds of a generated program (a subset of [`KINDS`]): a step program's read from its
/// steps, an Elixir program's as its templates declared them.
pub fn kinds(program: &Generated) -> Vec<&'static str> {
    match program {
        Generated::Steps(p) => step_kinds(p),
        Generated::Elixir(p) => p.kinds.clone(),
    }
}

/// The kinds of a step program, read from its steps.
fn step_kinds(program: &Program) -> Vec<&'static str> {
    let mut k = Vec::new();
    let mut stopped = false;
    visit(&program.main, &mut |step| match step {
        Step::Supervisor {
            name,
            max_seconds,
            children,
            ..
        } => {
            k.push("supervisor");
            if name.is_some() {
                k.push("named");
            }
            if max_seconds.is_some_and(|s| s < 5) {
                k.push("intensity_window");
            }
            if children.iter().any(|c| depth(c) >= 2) {
                k.push("deep_tree");
            }
            if children.iter().any(named_child) {
                k.push("named");
            }
        }
        Step::DynamicSupervisor {
            name, max_seconds, ..
        } => {
            k.push("dynamic_supervisor");
            if name.is_some() {
                k.push("named");
            }
            if max_seconds.is_some_and(|s| s < 5) {
                k.push("intensity_window");
            }
        }
        Step::TaskSupervisor { name, .. } => {
            k.push("task_supervisor");
            if name.is_some() {
                k.push("named");
            }
        }
        Step::StartChild {
            child: Some(Child::Worker { body, .. } | Child::Task { body, .. }),
            ..
        } if matches!(body.first(), Some(Step::TrapExit(true))) => {
            k.push("dynamic_trapping_child");
        }
        Step::GenServer { name, .. } => {
            k.push("gen_server");
            if name.is_some() {
                k.push("named");
            }
        }
        Step::Call { server, msg, .. } => {
            k.push("call");
            if [":crash", ":quit", ":unknown"].contains(&msg.as_str()) {
                k.push("call_crashes_server");
            }
            if is_name(server) {
                k.push("call_by_name");
            }
        }
        Step::Stop { sup, .. } => {
            if ["srv", ":srv", "Srv"].contains(&sup.as_str()) {
                k.push("stop_server");
            }
            stopped = true;
        }
        Step::Children { .. } if stopped => k.push("children_after_stop"),
        Step::SupervisedAsync { body, .. } => {
            k.push("supervised_async");
            if body
                .iter()
                .any(|s| matches!(s, Step::Raise(_) | Step::Exit(_)))
            {
                k.push("supervised_async_crash");
            }
        }
        Step::WhichChildren { sup, .. } | Step::CountChildren { sup, .. } if is_name(sup) => {
            k.push("call_by_name");
        }
        _ => {}
    });
    if !k.iter().any(|x| {
        [
            "supervisor",
            "dynamic_supervisor",
            "task_supervisor",
            "gen_server",
        ]
        .contains(x)
    }) {
        k.push("task");
    }
    // Only DynamicSupervisor children count as "dynamic_trapping_child".
    if !k.contains(&"dynamic_supervisor") {
        k.retain(|x| *x != "dynamic_trapping_child");
    }
    k.sort_by_key(|x| KINDS.iter().position(|y| y == x));
    k.dedup();
    k
}

/// How many of `programs` have each of [`KINDS`].
pub fn mix(programs: &[Generated]) -> Vec<(&'static str, usize)> {
    let all: Vec<Vec<&str>> = programs.iter().map(kinds).collect();
    KINDS
        .iter()
        .map(|k| (*k, all.iter().filter(|ks| ks.contains(k)).count()))
        .collect()
}

/// A registered name (`:srv`, `TopSup`) rather than a binding.
fn is_name(text: &str) -> bool {
    text.starts_with(':') || text.starts_with(|c: char| c.is_ascii_uppercase())
}

/// Levels of supervisors below `c` (0 for a worker or task).
fn depth(c: &Child) -> usize {
    match c {
        Child::Supervisor { children, .. } => 1 + children.iter().map(depth).max().unwrap_or(0),
        Child::DynamicSupervisor { .. } | Child::TaskSupervisor { .. } => 1,
        _ => 0,
    }
}

fn named_child(c: &Child) -> bool {
    match c {
        Child::Supervisor { name, children, .. } => {
            name.is_some() || children.iter().any(named_child)
        }
        Child::DynamicSupervisor { name, .. } | Child::TaskSupervisor { name, .. } => {
            name.is_some()
        }
        _ => false,
    }
}

/// Calls `f` on every step of `steps`, nested ones (bodies, handlers, child specs) included,
/// in program order.
fn visit(steps: &[Step], f: &mut impl FnMut(&Step)) {
    for step in steps {
        f(step);
        match step {
            Step::Supervisor { children, .. } => visit_children(children, f),
            Step::StartChild { child: Some(c), .. } => visit_children(std::slice::from_ref(c), f),
            _ => for_each_block(step, |b| visit(b, f)),
        }
    }
}

fn visit_children(children: &[Child], f: &mut impl FnMut(&Step)) {
    for c in children {
        match c {
            Child::Worker { body, .. } | Child::Task { body, .. } => visit(body, f),
            Child::Supervisor { children, .. } => visit_children(children, f),
            _ => {}
        }
    }
}
