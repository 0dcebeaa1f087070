//! The catalogue: named scenarios, each an Elixir file under `scenarios/catalogue/`
//! embedded in the binary, with a one-line description and what every run must observe
//! (its `# expect:` block).
//!
//! First the seed tutorial's four examples, character for character, with their *real*
//! outcomes (semantics §8): the rescue never runs, the supervised task is never restarted,
//! the fire-and-forget line is cut off when the script ends. Then one scenario per subtlety
//! of semantics §1–§2 worth showing, then §3–§4: `Task.Supervisor`, the strategies, restart
//! intensity and its whole-second window, the shutdown protocol, escalation,
//! `GenServer.call`. Every outcome was checked against Elixir 1.14 / OTP 25, and
//! `otpsim conform` checks it again (`tests/tests/conform.rs`).

use crate::lang::LangError;
use crate::scenario::{Origin, Scenario};

/// A catalogue entry: its file name and text.
pub struct Entry {
    /// The file under `scenarios/catalogue/`.
    pub file: &'static str,
    /// The file's text.
    pub source: &'static str,
}

macro_rules! entries {
    ($($file:literal),* $(,)?) => {
        &[$(Entry { file: $file, source: include_str!(concat!("../catalogue/", $file)) }),*]
    };
}

/// Every entry, in the order `otpsim list` shows them.
pub const ENTRIES: &[Entry] = entries![
    "async_example.exs",
    "fire_and_forget.exs",
    "error_handling_example.exs",
    "supervised_task_example.exs",
    "await_timeout_reason.exs",
    "caught_timeout_keeps_task.exs",
    "yield_then_late_reply.exs",
    "trapping_owner_exit_and_down.exs",
    "trapping_owner_await_exits.exs",
    "shutdown_trapping_task.exs",
    "shutdown_running_task.exs",
    "exit_kill_vs_kill_signal.exs",
    "exit_normal_ignored.exs",
    "await_many_first_down.exs",
    "yield_many_head_of_line.exs",
    "same_ms_timeout_race.exs",
    "owner_crash_kills_task.exs",
    "ignore_keeps_running.exs",
    "supervised_task_transient.exs",
    "async_nolink_crash.exs",
    "one_for_one_restart.exs",
    "one_for_all_restart.exs",
    "rest_for_one_restart.exs",
    "intensity_at_limit.exs",
    "intensity_past_limit.exs",
    "intensity_window_gives_up.exs",
    "intensity_window_survives.exs",
    "transient_shutdown_not_restarted.exs",
    "nested_supervisor_escalates.exs",
    "supervisor_child_management.exs",
    "trapping_child_killed.exs",
    "static_shutdown_sequential.exs",
    "dynamic_shutdown_concurrent.exs",
    "dynamic_shutdown_kills_whole_group.exs",
    "gen_server_call_timeout.exs",
];

impl Entry {
    /// Where the scenario comes from (to load it, or to hand it to worker threads).
    pub fn origin(&self) -> Origin {
        Origin::Elixir {
            text: self.source.to_string(),
            origin: format!("catalogue/{}", self.file),
        }
    }

    /// The name its header's `# name:` line gives, read without parsing the file (the
    /// name the loaded scenario has: a test checks every entry), so that finding one
    /// entry by name does not parse them all.
    pub fn name(&self) -> Option<&'static str> {
        self.source
            .lines()
            .take_while(|l| l.starts_with('#'))
            .find_map(|l| l.strip_prefix("# name:"))
            .map(str::trim)
    }

    /// Parses and lowers the entry.
    pub fn load(&self) -> Result<Scenario, LangError> {
        Scenario::from_exs(self.source, &format!("catalogue/{}", self.file))
    }
}

/// Every catalogue scenario. A broken entry is a bug of this crate, caught by its tests.
pub fn all() -> Vec<Scenario> {
    ENTRIES
        .iter()
        .map(|e| {
            e.load()
                .unwrap_or_else(|err| panic!("catalogue entry is broken: {err}"))
        })
        .collect()
}

/// The catalogue scenario called `name` (exact match first, then ignoring case).
pub fn find(name: &str) -> Option<Scenario> {
    let named = |e: &&Entry| e.name() == Some(name);
    let loosely = |e: &&Entry| e.name().is_some_and(|n| n.eq_ignore_ascii_case(name));
    let entry = ENTRIES
        .iter()
        .find(named)
        .or_else(|| ENTRIES.iter().find(loosely))?;
    Some(
        entry
            .load()
            .unwrap_or_else(|err| panic!("catalogue entry is broken: {err}")),
    )
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
        assert!(
            all.iter().all(|p| p.expect.is_some()),
            "every entry says what it shows"
        );
    }

    #[test]
    fn the_name_read_without_parsing_is_the_loaded_name() {
        for (entry, scenario) in ENTRIES.iter().zip(all()) {
            assert_eq!(entry.name(), Some(scenario.name.as_str()), "{}", entry.file);
            let found = find(&scenario.name).expect("found by its name");
            assert_eq!(found.name, scenario.name);
            let loose = find(&scenario.name.to_ascii_lowercase()).expect("found ignoring case");
            assert_eq!(loose.name, scenario.name);
        }
        assert!(find("NoSuchScenario").is_none());
        assert!(find("examples/monitor_gone.exs").is_none());
    }
}
