//! The `program` target: a program from the conformance generator (the same step programs,
//! printed to Elixir and lowered to the same IR, but not filtered for races) and a decision
//! stream.
//!
//! Layout: the first byte says how the program is chosen and of which kind (its low seven
//! bits: the generator's kind), the second is the faults ([`crate::decisions::inject`]).
//! * High bit off — **drawn**: every choice the generator makes is read from the bytes that
//!   follow, through [`arbitrary::Unstructured`] (a changed byte changes one choice, so the
//!   fuzzer's mutations stay local); the bytes the generator did not use are the picks.
//! * High bit on — **seeded**: the next eight bytes seed the generator's own ChaCha8 stream
//!   (the distribution conformance batches draw from); the rest are the picks.
//!
//! A finding is a Rust panic, a program that does not lower, a broken invariant, a value
//! past the size limits, the step budget blown (generated programs always end: every wait
//! has a timeout), or two runs under the same decisions with different traces.

use crate::decisions::{inject, limits, picks};
use arbitrary::Unstructured;
use scenarios::Scenario;
use scenarios::conform::generator::{self, Draw};
use sim::{Outcome, TraceMode};

/// The generator's choices read from a fuzzer's bytes; past their end every choice is 0.
struct Bytes<'a>(Unstructured<'a>);

impl Draw for Bytes<'_> {
    fn below(&mut self, n: u64) -> u64 {
        // `int_in_range` reads as few bytes as the range needs and gives the low end when
        // the bytes run out; it cannot fail for a non-empty range.
        self.0.int_in_range(0..=n.saturating_sub(1)).unwrap_or(0)
    }
}

/// The program `data` chooses, the faults byte and the picks' bytes; `None` if `data`
/// is too short to say.
pub fn program(data: &[u8]) -> Option<(scenarios::Program, u8, &[u8])> {
    let [mode, faults, rest @ ..] = data else {
        return None;
    };
    let kind = usize::from(mode & 0x7f);
    if mode & 0x80 != 0 {
        let (seed, picks) = rest.split_first_chunk::<8>()?;
        let program = generator::any_program(u64::from_le_bytes(*seed), kind, 50);
        return Some((program, *faults, picks));
    }
    let mut bytes = Bytes(Unstructured::new(rest));
    let program = generator::any_program_from(&mut bytes, kind, 50);
    let used = rest.len() - bytes.0.len();
    Some((program, *faults, &rest[used..]))
}

/// The target: see the module docs.
pub fn run(data: &[u8]) {
    let Some((program, faults, rest)) = program(data) else {
        return;
    };
    let scenario = Scenario::from_steps(&program).unwrap_or_else(|e| {
        panic!(
            "a generated program does not lower: {}\n{}",
            e.message,
            scenarios::lang::to_ron(&program)
        )
    });
    let limits = limits(inject(faults));
    let a = scenario.run(&picks(rest), TraceMode::Hash, &limits);
    let b = scenario.run(&picks(rest), TraceMode::Hash, &limits);
    let name = &program.name;
    assert_eq!(
        a.report.trace.hash(),
        b.report.trace.hash(),
        "{name}: the same decisions gave two traces"
    );
    if let Some(v) = &a.violation {
        panic!("{name}: invariant {} broken: {}", v.check, v.message);
    }
    if let Some(limit) = &a.limit {
        panic!("{name}: {limit}");
    }
    assert!(
        !matches!(a.report.outcome, Outcome::StepBudget { .. }),
        "{name}: ran out of steps"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Drawn programs: a changed byte changes the program, the same bytes give the same
    /// one, and the generator's unused bytes are left for the picks.
    #[test]
    fn bytes_draw_the_program_and_the_rest_are_picks() {
        let data: Vec<u8> = (0..400u32).map(|i| (i * 37 % 251) as u8).collect();
        let (a, _, picks_a) = program(&data).expect("long enough");
        let (b, _, _) = program(&data).expect("long enough");
        assert_eq!(a, b);
        assert!(
            !picks_a.is_empty() && picks_a.len() < data.len() - 2,
            "{} of {} bytes left",
            picks_a.len(),
            data.len()
        );
        let mut changed = data.clone();
        changed[2] ^= 0x55;
        let (c, _, _) = program(&changed).expect("long enough");
        assert_ne!(a, c, "the first drawn byte chose nothing");
        // No bytes at all: every choice is 0, still a program.
        let (empty, _, picks_e) = program(&[0, 0]).expect("two bytes");
        assert!(picks_e.is_empty());
        Scenario::from_steps(&empty).expect("the all-zero program lowers");
    }

    /// Seeded programs are the generator's `any_program` of that seed and kind.
    #[test]
    fn the_high_bit_seeds_the_generator() {
        let mut data = vec![0x80 | 3, 0];
        data.extend(42u64.to_le_bytes());
        data.extend([1, 2, 3]);
        let (p, faults, picks) = program(&data).expect("long enough");
        assert_eq!(p, generator::any_program(42, 3, 50));
        assert_eq!((faults, picks), (0, &[1u8, 2, 3][..]));
        assert!(program(&[0x80, 0, 1, 2]).is_none(), "a seed needs 8 bytes");
    }
}
