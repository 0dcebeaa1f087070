//! The catalogue: named scenarios, each a RON file under `scenarios/catalogue/` embedded in
//! the binary, with a one-line description and the outcome every run must observe.
//!
//! First the seed tutorial's examples with their *real* outcomes (SEMANTICS.md §8), then one
//! scenario per subtlety of SEMANTICS.md §1–§2 worth showing, then §3–§4: `Task.Supervisor`,
//! the strategies, restart intensity and its whole-second window, the shutdown protocol,
//! escalation, `GenServer.call`. Every outcome was checked against Elixir 1.14 / OTP 25.

use crate::lang::{LangError, Program, load_program};

/// A catalogue entry: its file name and text.
pub struct Entry {
    /// The file under `scenarios/catalogue/`.
    pub file: &'static str,
    /// The RON text.
    pub source: &'static str,
}

macro_rules! entries {
    ($($file:literal),* $(,)?) => {
        &[$(Entry { file: $file, source: include_str!(concat!("../catalogue/", $file)) }),*]
    };
}

/// Every entry, in the order `otpsim list` shows them.
pub const ENTRIES: &[Entry] = entries![
    "async_example.ron",
    "fire_and_forget.ron",
    "error_handling_example.ron",
    "supervised_task_example.ron",
    "await_timeout_reason.ron",
    "caught_timeout_keeps_task.ron",
    "yield_then_late_reply.ron",
    "trapping_owner_exit_and_down.ron",
    "trapping_owner_await_exits.ron",
    "shutdown_trapping_task.ron",
    "shutdown_running_task.ron",
    "exit_kill_vs_kill_signal.ron",
    "exit_normal_ignored.ron",
    "await_many_first_down.ron",
    "yield_many_head_of_line.ron",
    "same_ms_timeout_race.ron",
    "owner_crash_kills_task.ron",
    "ignore_keeps_running.ron",
    "supervised_task_transient.ron",
    "async_nolink_crash.ron",
    "one_for_one_restart.ron",
    "one_for_all_restart.ron",
    "rest_for_one_restart.ron",
    "intensity_at_limit.ron",
    "intensity_past_limit.ron",
    "intensity_window_gives_up.ron",
    "intensity_window_survives.ron",
    "transient_shutdown_not_restarted.ron",
    "nested_supervisor_escalates.ron",
    "supervisor_child_management.ron",
    "trapping_child_killed.ron",
    "static_shutdown_sequential.ron",
    "dynamic_shutdown_concurrent.ron",
    "dynamic_shutdown_kills_whole_group.ron",
    "gen_server_call_timeout.ron",
];

impl Entry {
    /// Parses and checks the entry.
    pub fn load(&self) -> Result<Program, LangError> {
        load_program(self.source, &format!("catalogue/{}", self.file))
    }
}

/// Every catalogue program. A broken entry is a bug of this crate, caught by its tests.
pub fn all() -> Vec<Program> {
    ENTRIES
        .iter()
        .map(|e| {
            e.load()
                .unwrap_or_else(|err| panic!("catalogue entry is broken: {err}"))
        })
        .collect()
}

/// The catalogue program called `name` (exact match first, then ignoring case).
pub fn find(name: &str) -> Option<Program> {
    let all = all();
    let exact = all.iter().position(|p| p.name == name);
    let loose = || all.iter().position(|p| p.name.eq_ignore_ascii_case(name));
    exact.or_else(loose).map(|i| all[i].clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_loads_and_names_are_unique() {
        let all = all();
        let mut names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len());
        assert!(all.iter().all(|p| !p.description.is_empty()));
    }
}
