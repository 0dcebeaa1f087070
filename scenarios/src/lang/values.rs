//! Timeouts as written in scenario files: milliseconds, `infinity`, or `brutal_kill` for
//! `Task.shutdown`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A timeout: milliseconds or `infinity` (defaults to 5000, Elixir's default for `await`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Timeout {
    /// Milliseconds.
    Ms(u64),
    /// `:infinity`.
    Infinity,
}

impl Default for Timeout {
    fn default() -> Self {
        Timeout::Ms(5000)
    }
}

impl Timeout {
    /// The kernel's timeout.
    pub fn to_sim(self) -> sim::Timeout {
        match self {
            Timeout::Ms(ms) => sim::Timeout::Ms(ms),
            Timeout::Infinity => sim::Timeout::Infinity,
        }
    }
}

impl fmt::Display for Timeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Timeout::Ms(ms) => write!(f, "{ms}"),
            Timeout::Infinity => f.write_str("infinity"),
        }
    }
}

/// The second argument of `Task.shutdown/2`: a grace period or `brutal_kill`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ShutdownMode {
    /// `:shutdown`, then `:kill` when the grace period passes.
    Timeout(Timeout),
    /// `:brutal_kill`.
    BrutalKill,
}

impl Default for ShutdownMode {
    fn default() -> Self {
        ShutdownMode::Timeout(Timeout::default())
    }
}

/// The largest number a scenario may write for a duration or a count. Elixir's integers are
/// unbounded, but the simulator holds terms as 64-bit signed integers: a larger number would
/// print as a negative one and wrap in arithmetic.
pub const MAX_INT: u64 = i64::MAX as u64;

fn out_of_range<E: serde::de::Error>(n: impl fmt::Display) -> E {
    E::custom(format!(
        "expected a whole number from 0 to {MAX_INT}, found `{n}`"
    ))
}

/// A duration or count at most [`MAX_INT`] (for `deserialize_with`).
pub(super) fn bounded<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let n = u64::deserialize(d)?;
    if n > MAX_INT {
        return Err(out_of_range(n));
    }
    Ok(n)
}

/// An optional duration or count at most [`MAX_INT`] (for `deserialize_with`).
pub(super) fn opt_bounded<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match Option::<u64>::deserialize(d)? {
        Some(n) if n > MAX_INT => Err(out_of_range(n)),
        n => Ok(n),
    }
}

/// The most restarts a supervisor may allow in its window (`max_restarts`). Each restart
/// checks the earlier ones still in the window, so a supervisor that may restart millions of
/// times without giving up makes a run quadratic; one that restarts a thousand times in
/// its window has, in practice, no limit at all.
pub const MAX_RESTARTS: u32 = 1000;

/// An optional `max_restarts`, at most [`MAX_RESTARTS`] (for `deserialize_with`).
pub(super) fn opt_restarts<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    match Option::<u32>::deserialize(d)? {
        Some(n) if n > MAX_RESTARTS => Err(serde::de::Error::custom(format!(
            "expected `max_restarts` from 0 to {MAX_RESTARTS}, found `{n}`"
        ))),
        n => Ok(n),
    }
}

/// A bare RON word or number, read as written (`infinity`, `brutal_kill`, `5000`): RON
/// hands identifiers to a generic visitor as `()`, so the raw text is taken instead.
fn raw_word<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let raw: Box<ron::value::RawValue> = Deserialize::deserialize(d)?;
    Ok(raw.get_ron().trim().to_string())
}

fn parse_timeout(word: &str) -> Option<Timeout> {
    match word {
        "infinity" => Some(Timeout::Infinity),
        _ => word
            .replace('_', "")
            .parse::<u64>()
            .ok()
            .filter(|&ms| ms <= MAX_INT)
            .map(Timeout::Ms),
    }
}

impl<'de> Deserialize<'de> for Timeout {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let word = raw_word(d)?;
        parse_timeout(&word).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "expected a timeout: milliseconds (a whole number from 0 to {MAX_INT}) or `infinity`, found `{word}`"
            ))
        })
    }
}

impl<'de> Deserialize<'de> for ShutdownMode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let word = raw_word(d)?;
        if word == "brutal_kill" {
            return Ok(ShutdownMode::BrutalKill);
        }
        parse_timeout(&word).map(ShutdownMode::Timeout).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "expected a shutdown mode: milliseconds (0 to {MAX_INT}), `infinity` or `brutal_kill`, found `{word}`"
            ))
        })
    }
}

impl Serialize for Timeout {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Timeout::Ms(ms) => s.serialize_u64(*ms),
            Timeout::Infinity => s.serialize_unit_variant("Timeout", 0, "infinity"),
        }
    }
}

impl Serialize for ShutdownMode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ShutdownMode::Timeout(t) => t.serialize(s),
            ShutdownMode::BrutalKill => s.serialize_unit_variant("ShutdownMode", 1, "brutal_kill"),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::interp::Decisions;
    use crate::lang::load_program;

    fn error(steps: &str) -> String {
        let src = format!("Program(name: \"N\", main: [\n  {steps}\n])");
        load_program(&src, "n.ron").unwrap_err().to_string()
    }

    /// Numbers past `i64::MAX` used to be read as `u64` and wrap: `sleep(2^64-1)` slept a
    /// negative time in the Chrome trace, a timeout printed as `-1`.
    #[test]
    fn numbers_past_i64_max_are_refused_where_they_are_written() {
        let too_big =
            "expected a whole number from 0 to 9223372036854775807, found `9223372036854775808`";
        let e = error("sleep(9223372036854775808)");
        assert!(e.starts_with(&format!("n.ron:2:9: {too_big}")), "{e}");
        let e = error("sleep(18446744073709551616)");
        assert!(
            e.starts_with("n.ron:2:9: this number is out of range"),
            "{e}"
        );
        let e = error("supervisor(strategy: one_for_one, max_seconds: 9223372036854775808)");
        assert!(e.contains(too_big), "{e}");
        let e = error("dynamic_supervisor(max_children: Some(18446744073709551615))");
        assert!(e.contains("found `18446744073709551615`"), "{e}");
        let e = error("async(as: \"t\"), await(task: \"t\", timeout: 18446744073709551615)");
        assert!(e.contains("expected a timeout: milliseconds (a whole number from 0 to 9223372036854775807) or `infinity`, found `18446744073709551615`"), "{e}");
        let e = error("sleep(-1)");
        assert!(e.contains("out of range"), "{e}");
        let e = error("task_supervisor(max_restarts: 1001)");
        assert!(
            e.starts_with("n.ron:2:33: expected `max_restarts` from 0 to 1000, found `1001`"),
            "{e}"
        );
        let e = error("supervisor(strategy: one_for_one, max_restarts: 4294967296)");
        assert!(e.contains("(`max_restarts` at most 1000)"), "{e}");
    }

    /// At the bound itself a restart is judged right (`max_seconds` 2^63 gave a false
    /// `restart-policy` violation), and the largest timeout prints as itself.
    #[test]
    fn the_largest_numbers_run_and_print_as_written() {
        let src = r#"Program(name: "Max", main: [
            trap_exit(true),
            supervisor(as: "s", strategy: one_for_one, max_restarts: 1, max_seconds: 9223372036854775807, children: [
                worker(id: ":a", restart: transient, do: [sleep(1), exit(":boom")]),
            ]),
            receive(match: [("never", [])], after: (9223372036854775807, [])),
        ])"#;
        let program = load_program(src, "max.ron").unwrap();
        let run = crate::run_program(&program, &Decisions::Seed(0), sim::TraceMode::Off).unwrap();
        assert_eq!(run.violation, None);
        assert!(
            run.lines().iter().any(|l| l.contains("gave up on :a")),
            "{:?}",
            run.lines()
        );
    }
}
