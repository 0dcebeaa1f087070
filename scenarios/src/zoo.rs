//! The bug zoo: small Elixir programs (`scenarios/zoo/*.exs`), each with a concurrency bug
//! a real program can have, each expecting what its author meant to happen. A run that
//! observes anything else has found the bug. Some need faults to show it at all (timer
//! jitter for races on timeouts that virtual time never ties); [`Bug::inject`] says which.

use crate::scenario::Scenario;
use sim::Inject;

/// One zoo program.
#[derive(Clone, Debug)]
pub struct Bug {
    /// The file, relative to `scenarios/`.
    pub path: &'static str,
    /// Its text.
    pub text: &'static str,
    /// The faults it needs to show its bug.
    pub inject: Inject,
}

const fn jitter(ms: u32) -> Inject {
    Inject {
        jitter_ms: ms,
        kills: 0,
        delay_ms: 0,
    }
}

const NONE: Inject = jitter(0);

macro_rules! bug {
    ($file:literal, $inject:expr) => {
        Bug {
            path: concat!("zoo/", $file),
            text: include_str!(concat!("../zoo/", $file)),
            inject: $inject,
        }
    };
}

/// Every zoo program, in the order of the README's table.
pub fn all() -> Vec<Bug> {
    vec![
        bug!("await_at_duration.exs", jitter(1)),
        bug!("reply_races_shutdown.exs", NONE),
        bug!("intensity_second_boundary.exs", jitter(1)),
        bug!("two_senders_order.exs", NONE),
        bug!("burst_starves_heartbeat.exs", NONE),
        bug!("late_reply_after_yield.exs", NONE),
        bug!("one_for_all_call.exs", NONE),
        bug!("lost_update.exs", NONE),
        bug!("linked_task_timeout_race.exs", NONE),
    ]
}

impl Bug {
    /// The program, lowered.
    pub fn scenario(&self) -> Scenario {
        match Scenario::from_exs(self.text, self.path) {
            Ok(s) => s,
            Err(e) => panic!("zoo program {}: {e}", self.path),
        }
    }
}
