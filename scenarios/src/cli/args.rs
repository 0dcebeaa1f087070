//! Parsing what the user typed: seeds, shards, and which scenario a name or path means.

use super::Fail;
use super::input;
use crate::catalogue;
use crate::lang::load_program;
use crate::scenario::Scenario;
use sim::Time;
use std::path::Path;

pub use sim::parse_seed;

/// `K/N` with `1 <= K <= N`: this job's share of a sweep split `N` ways.
pub fn parse_shard(s: &str) -> Result<(u64, u64), String> {
    let bad = || format!("`{s}` is not a shard: expected K/N with 1 <= K <= N, e.g. 2/4");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let k: u64 = k.trim().parse().map_err(|_| bad())?;
    let n: u64 = n.trim().parse().map_err(|_| bad())?;
    if n == 0 || k == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// A whole number >= 1; `what` names it in the message ("a number of seeds").
fn positive(s: &str, what: &str) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("`{s}` is not {what}: expected a whole number >= 1")),
    }
}

/// A whole number from 1 to `max`.
fn at_most(s: &str, what: &str, max: u64) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "`{s}` is not {what}: expected a whole number from 1 to {max}"
        )),
    }
}

/// The most programs `conform --generate` makes in one batch (each runs on a real VM).
pub const MAX_PROGRAMS: u64 = 100_000;
/// The most seeds `conform` runs each program under on the simulator.
pub const MAX_SIM_SEEDS: u64 = 100_000;
/// The largest `conform --quantum`: generated programs wait multiples of twice the quantum
/// in real time on the VM, and beyond a second no timer needs more slack.
pub const MAX_QUANTUM_MS: u64 = 1000;

/// A number of seeds (at least 1).
pub fn parse_count(s: &str) -> Result<u64, String> {
    positive(s, "a number of seeds")
}

/// A number of programs to generate (1 to [`MAX_PROGRAMS`]).
pub fn parse_programs(s: &str) -> Result<u64, String> {
    at_most(s, "a number of programs", MAX_PROGRAMS)
}

/// A number of simulator seeds per program (1 to [`MAX_SIM_SEEDS`]).
pub fn parse_sim_seeds(s: &str) -> Result<u64, String> {
    at_most(s, "a number of seeds", MAX_SIM_SEEDS)
}

/// A time quantum in milliseconds (1 to [`MAX_QUANTUM_MS`]).
pub fn parse_quantum(s: &str) -> Result<u64, String> {
    at_most(s, "a quantum in milliseconds", MAX_QUANTUM_MS)
}

/// A virtual-time budget: milliseconds, or a whole number with a unit (`500ms`, `30s`,
/// `10m`, `24h`), more than zero.
pub fn parse_duration(s: &str) -> Result<Time, String> {
    let bad = || {
        format!(
            "`{s}` is not a duration: expected a whole number of milliseconds, or one with a \
             unit (500ms, 30s, 10m, 24h), more than 0 and at most {} days",
            Time(u64::MAX).as_secs() / 86_400
        )
    };
    let t = s.trim();
    let (digits, ms_per) = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        .iter()
        .find_map(|&(unit, per)| t.strip_suffix(unit).map(|d| (d, per)))
        .unwrap_or((t, 1));
    let n: u64 = digits.trim().parse().map_err(|_| bad())?;
    let ms = n.checked_mul(ms_per).filter(|&ms| ms > 0).ok_or_else(bad)?;
    // Virtual time counts nanoseconds in a u64.
    ms.checked_mul(1_000_000).ok_or_else(bad)?;
    Ok(Time::from_ms(ms))
}

/// The most timing jitter `--jitter` accepts: a timer a minute off is no longer a loaded
/// VM's timer wheel, and each timer's options grow with the bound.
pub const MAX_JITTER_MS: u32 = 60_000;

/// A timing jitter in milliseconds (0 to [`MAX_JITTER_MS`]; 0 is none).
pub fn parse_jitter(s: &str) -> Result<u32, String> {
    match s.trim().parse::<u32>() {
        Ok(n) if n <= MAX_JITTER_MS => Ok(n),
        _ => Err(format!(
            "`{s}` is not a jitter: expected a whole number of milliseconds from 0 to \
             {MAX_JITTER_MS}"
        )),
    }
}

/// A step budget: a whole number >= 1.
pub fn parse_steps(s: &str) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "`{s}` is not a number of steps: expected a whole number >= 1"
        )),
    }
}

/// A scenario as the user named it.
#[derive(Clone, Debug)]
pub struct Source {
    /// The scenario.
    pub scenario: Scenario,
    /// What the user typed (catalogue name or file path), for reproducer commands.
    pub arg: String,
}

/// True if `arg` names an Elixir file (`.exs`): lowered to the IR, not a step-language
/// program.
pub fn is_exs(arg: &str) -> bool {
    arg.ends_with(".exs")
}

/// A catalogue name (exact, then ignoring case), or the path of a program: an Elixir file
/// (`.exs`), or a step-language file (`.ron`, the older format).
pub fn resolve(arg: &str) -> Result<Source, Fail> {
    if let Some(scenario) = catalogue::find(arg) {
        return Ok(Source {
            arg: scenario.name.clone(),
            scenario,
        });
    }
    let path = Path::new(arg);
    if !path.exists() {
        return Err(Fail::usage(format!(
            "unknown scenario `{arg}`: it is not a catalogue name (`otpsim list` shows them) \
             and no such file exists"
        )));
    }
    let text = input::read_text(path, "scenario file", input::MAX_SCENARIO_BYTES)?;
    let scenario = if arg.ends_with(".ron") {
        let program =
            load_program(&text, arg).map_err(|e| Fail::usage(format!("bad scenario file: {e}")))?;
        Scenario::from_steps(&program)
            .map_err(|e| Fail::usage(format!("bad scenario file `{arg}`: {}", e.message)))?
    } else {
        Scenario::from_exs(&text, arg).map_err(|e| Fail::usage(format!("bad program: {e}")))?
    };
    Ok(Source {
        scenario,
        arg: arg.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_and_shards() {
        assert_eq!(parse_seed("42"), Ok(42));
        assert_eq!(parse_seed("0x2A"), Ok(42));
        assert!(parse_seed("0xZZ").unwrap_err().contains("not a seed"));
        assert_eq!(parse_shard("2/4"), Ok((2, 4)));
        for bad in ["0/4", "5/4", "1/0", "x", "1/2/3"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
        assert!(parse_count("0").is_err());
        assert_eq!(
            parse_quantum("0"),
            Err(
                "`0` is not a quantum in milliseconds: expected a whole number from 1 to 1000"
                    .into()
            )
        );
        assert!(parse_quantum("18446744073709551615").is_err());
        assert!(parse_programs("100001").is_err());
        assert!(parse_sim_seeds("100000").is_ok());
        assert!(
            parse_programs("x")
                .unwrap_err()
                .contains("not a number of programs")
        );
    }

    #[test]
    fn budgets() {
        assert_eq!(parse_duration("24h"), Ok(Time::from_ms(86_400_000)));
        assert_eq!(parse_duration("1500"), Ok(Time::from_ms(1500)));
        assert_eq!(parse_duration("30s"), Ok(Time::from_ms(30_000)));
        assert_eq!(parse_duration("2m"), Ok(Time::from_ms(120_000)));
        assert_eq!(parse_duration("5ms"), Ok(Time::from_ms(5)));
        for bad in [
            "0",
            "0s",
            "x",
            "-5s",
            "1y",
            "18446744073709551615h",
            "20000000000000",
        ] {
            let e = parse_duration(bad).unwrap_err();
            assert!(e.contains("is not a duration"), "{bad}: {e}");
        }
        assert_eq!(parse_steps("10"), Ok(10));
        assert!(parse_steps("0").is_err());
    }
}
