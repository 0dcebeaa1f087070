//! Virtual time. Every conversion between milliseconds and the kernel's nanosecond clock
//! lives in this file, so that rounding is decided once.
//!
//! Time starts at zero when a run begins and moves only when the event queue says so; it
//! never goes backwards. Deadlines are exact: `after 100` set at `t` fires at `t + 100 ms`.

use std::fmt;

/// A point in virtual time: nanoseconds since the run began.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Time(pub u64);

const NS_PER_MS: u64 = 1_000_000;
const NS_PER_S: u64 = 1_000_000_000;

impl Time {
    /// The start of every run.
    pub const ZERO: Time = Time(0);

    /// `ms` milliseconds after the start of the run.
    pub const fn from_ms(ms: u64) -> Time {
        Time(ms.saturating_mul(NS_PER_MS))
    }

    /// Whole milliseconds since the start (rounded down).
    pub const fn as_ms(self) -> u64 {
        self.0 / NS_PER_MS
    }

    /// Whole seconds since the start (rounded down). This is the clock that supervisor
    /// restart intensity reads (SEMANTICS §4.6: `monotonic_time(:second)`, epoch 0 here).
    pub const fn as_secs(self) -> u64 {
        self.0 / NS_PER_S
    }

    /// This time plus `ms` milliseconds (saturating; `u64::MAX` ns is "never").
    pub const fn plus_ms(self, ms: u64) -> Time {
        Time(self.0.saturating_add(ms.saturating_mul(NS_PER_MS)))
    }

    /// Milliseconds from `self` until `later`, rounded up (0 if `later` is not after `self`).
    /// Rounding up matches `Process.read_timer`/`cancel_timer`, which never report 0 for a
    /// timer that has not fired yet.
    pub const fn ms_until(self, later: Time) -> u64 {
        if later.0 <= self.0 {
            0
        } else {
            (later.0 - self.0).div_ceil(NS_PER_MS)
        }
    }
}

impl fmt::Display for Time {
    /// `1234.000ms`: milliseconds with three decimals, the unit of every trace line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{:03}ms",
            self.0 / NS_PER_MS,
            (self.0 % NS_PER_MS) / 1_000
        )
    }
}

/// A `receive ... after` timeout: a number of milliseconds (`0` polls once) or `:infinity`.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Timeout {
    /// Wait at most this many milliseconds.
    Ms(u64),
    /// Wait forever.
    Infinity,
}

impl Timeout {
    /// The Elixir term for this timeout: an integer or `:infinity`.
    pub fn to_term(self) -> crate::Term {
        match self {
            Timeout::Ms(ms) => crate::Term::Int(ms as i64),
            Timeout::Infinity => crate::Term::atom("infinity"),
        }
    }
}

impl From<u64> for Timeout {
    fn from(ms: u64) -> Self {
        Timeout::Ms(ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_as_documented() {
        assert_eq!(Time::from_ms(1005).as_secs(), 1);
        assert_eq!(Time::from_ms(999).as_secs(), 0);
        assert_eq!(Time::from_ms(2).as_ms(), 2);
        assert_eq!(Time(1).ms_until(Time::from_ms(1)), 1);
        assert_eq!(Time::from_ms(5).ms_until(Time::from_ms(3)), 0);
        assert_eq!(Time::from_ms(1234).to_string(), "1234.000ms");
        assert_eq!(Time(1_500_000).to_string(), "1.500ms");
    }
}
