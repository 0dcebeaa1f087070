//! The one door for nondeterminism. Every choice the kernel makes between several
//! possibilities is one call to a [`Chooser`]; nothing else in a run may consult an RNG.
//! Choice 0 is always the FIFO default, so a zeroed or shortened schedule is a simpler one.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use std::fmt;

/// What a choice is about (lets a strategy treat kinds differently).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum ChoiceKind {
    /// Which action runs next: deliver one in-flight signal, or run a runnable process.
    Step,
    /// At a scheduling point inside a running process: 0 keeps it running, k > 0 switches.
    Preempt,
    /// A random draw requested by process code (`Proc::random`).
    User,
}

/// The source of every decision. `choose` is only called with `n >= 2`, and must return a
/// value below `n`.
pub trait Chooser {
    /// Picks one of `n` possibilities.
    fn choose(&mut self, kind: ChoiceKind, n: usize) -> usize;
    /// For replaying choosers: where the replay stopped matching the run, if it did.
    fn divergence(&self) -> Option<String> {
        None
    }
}

/// Always choice 0: the FIFO default schedule.
#[derive(Default, Debug, Clone)]
pub struct FifoChooser;

impl Chooser for FifoChooser {
    fn choose(&mut self, _kind: ChoiceKind, _n: usize) -> usize {
        0
    }
}

/// Uniform choices from a ChaCha8 stream seeded by a `u64`: the same seed gives the same
/// decisions on every machine.
#[derive(Debug, Clone)]
pub struct RandomChooser {
    rng: ChaCha8Rng,
}

impl RandomChooser {
    /// A chooser for `seed`.
    pub fn new(seed: u64) -> Self {
        RandomChooser {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }
}

impl Chooser for RandomChooser {
    fn choose(&mut self, _kind: ChoiceKind, n: usize) -> usize {
        // Lemire's multiply-shift: one draw per choice, bias below 2^-32 for our n.
        ((u128::from(self.rng.next_u64()) * n as u128) >> 64) as usize
    }
}

/// Replays a recorded [`Schedule`]. Past its end it chooses 0 (the default), so a truncated
/// schedule is still a valid, simpler one. A recorded choice that is out of range for the
/// current run means the program or engine changed: it is clamped to 0 and reported by
/// [`Chooser::divergence`].
#[derive(Debug, Clone)]
pub struct ReplayChooser {
    picks: Vec<u32>,
    pos: usize,
    divergence: Option<String>,
}

impl ReplayChooser {
    /// A chooser that replays `schedule`.
    pub fn new(schedule: &Schedule) -> Self {
        ReplayChooser {
            picks: schedule.picks.clone(),
            pos: 0,
            divergence: None,
        }
    }
}

impl Chooser for ReplayChooser {
    fn choose(&mut self, kind: ChoiceKind, n: usize) -> usize {
        let i = self.pos;
        self.pos += 1;
        match self.picks.get(i) {
            None => 0,
            Some(&p) if (p as usize) < n => p as usize,
            Some(&p) => {
                if self.divergence.is_none() {
                    self.divergence = Some(format!(
                        "decision #{i} ({kind:?}): schedule says {p} but only {n} choices exist"
                    ));
                }
                0
            }
        }
    }
    fn divergence(&self) -> Option<String> {
        self.divergence.clone()
    }
}

/// The decisions a run took, in order: each the index chosen among `n >= 2` possibilities.
/// Choices with a single possibility consume nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schedule {
    /// The choices, in the order they were made.
    pub picks: Vec<u32>,
}

impl Schedule {
    /// Number of decisions.
    pub fn len(&self) -> usize {
        self.picks.len()
    }
    /// True if no decision was taken.
    pub fn is_empty(&self) -> bool {
        self.picks.is_empty()
    }

    /// Parses the text form written by `Display`: whitespace-separated integers (lines
    /// starting with `#` are comments, used for the header).
    pub fn parse(text: &str) -> Result<Schedule, String> {
        let mut picks = Vec::new();
        for (lineno, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.starts_with('#') {
                continue;
            }
            for word in line.split_whitespace() {
                let p = word.parse::<u32>().map_err(|_| {
                    format!(
                        "line {}: expected a decision (a whole number), found {word:?}",
                        lineno + 1
                    )
                })?;
                picks.push(p);
            }
        }
        Ok(Schedule { picks })
    }
}

impl fmt::Display for Schedule {
    /// Decisions as text, 32 a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, chunk) in self.picks.chunks(32).enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            let words: Vec<String> = chunk.iter().map(|p| p.to_string()).collect();
            f.write_str(&words.join(" "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_chooser_is_reproducible_and_in_range() {
        let mut a = RandomChooser::new(7);
        let mut b = RandomChooser::new(7);
        let xs: Vec<usize> = (0..100).map(|_| a.choose(ChoiceKind::Step, 3)).collect();
        let ys: Vec<usize> = (0..100).map(|_| b.choose(ChoiceKind::Step, 3)).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().all(|&x| x < 3));
        assert!(xs.contains(&0) && xs.contains(&1) && xs.contains(&2));
    }

    #[test]
    fn replay_pads_with_zero_and_reports_divergence() {
        let s = Schedule { picks: vec![1, 5] };
        let mut r = ReplayChooser::new(&s);
        assert_eq!(r.choose(ChoiceKind::Step, 2), 1);
        assert_eq!(r.divergence(), None);
        assert_eq!(r.choose(ChoiceKind::Step, 2), 0);
        assert!(r.divergence().unwrap().contains("decision #1"));
        assert_eq!(r.choose(ChoiceKind::Step, 2), 0);
    }

    #[test]
    fn schedule_text_round_trips() {
        let s = Schedule {
            picks: (0..70).map(|i| i % 4).collect(),
        };
        let text = format!("# otpsim schedule v1\n{s}\n");
        assert_eq!(Schedule::parse(&text).unwrap(), s);
        assert!(Schedule::parse("1 x").unwrap_err().contains("line 1"));
    }
}
