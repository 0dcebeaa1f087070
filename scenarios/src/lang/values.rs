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

/// A bare RON word or number, read as written (`infinity`, `brutal_kill`, `5000`): RON
/// hands identifiers to a generic visitor as `()`, so the raw text is taken instead.
fn raw_word<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let raw: Box<ron::value::RawValue> = Deserialize::deserialize(d)?;
    Ok(raw.get_ron().trim().to_string())
}

fn parse_timeout(word: &str) -> Option<Timeout> {
    match word {
        "infinity" => Some(Timeout::Infinity),
        _ => word.replace('_', "").parse::<u64>().ok().map(Timeout::Ms),
    }
}

impl<'de> Deserialize<'de> for Timeout {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let word = raw_word(d)?;
        parse_timeout(&word).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "expected a timeout: milliseconds (a whole number >= 0) or `infinity`, found `{word}`"
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
                "expected a shutdown mode: milliseconds, `infinity` or `brutal_kill`, found `{word}`"
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
