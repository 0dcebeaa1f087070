//! Parsing what the user typed: seeds, shards, and which scenario a name or path means.

use super::Fail;
use crate::catalogue;
use crate::lang::{Program, load_program};
use std::path::Path;

/// A seed: decimal, or hex with a `0x` prefix.
pub fn parse_seed(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let parsed = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => t.parse::<u64>(),
    };
    parsed.map_err(|_| {
        format!(
            "`{s}` is not a seed: expected a decimal number or 0x-prefixed hex (at most 64 bits)"
        )
    })
}

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

/// A number of seeds (at least 1).
pub fn parse_count(s: &str) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "`{s}` is not a number of seeds: expected a whole number >= 1"
        )),
    }
}

/// A scenario as the user named it.
#[derive(Clone, Debug)]
pub struct Source {
    /// The program.
    pub program: Program,
    /// What the user typed (catalogue name or file path), for reproducer commands.
    pub arg: String,
}

/// True if `arg` names an Elixir file (`.exs`): lowered to the IR, not a step-language
/// program.
pub fn is_exs(arg: &str) -> bool {
    arg.ends_with(".exs")
}

/// A catalogue name (exact, then ignoring case) or the path of a scenario file.
pub fn resolve(arg: &str) -> Result<Source, Fail> {
    if let Some(program) = catalogue::find(arg) {
        return Ok(Source {
            arg: program.name.clone(),
            program,
        });
    }
    let path = Path::new(arg);
    if !path.exists() {
        return Err(Fail::usage(format!(
            "unknown scenario `{arg}`: it is not a catalogue name (`otpsim list` shows them) \
             and no such file exists"
        )));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| Fail::usage(format!("cannot read scenario file `{arg}`: {e}")))?;
    let program =
        load_program(&text, arg).map_err(|e| Fail::usage(format!("bad scenario file: {e}")))?;
    Ok(Source {
        program,
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
    }
}
