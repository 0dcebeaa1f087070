//! Random draws: `:rand.uniform/1`, `Enum.random/1`, `Enum.shuffle/1`, `Enum.take_random/2`
//! (semantics §5.18). Each draw is a decision of the run's chooser (`Proc::random`), as the
//! scheduler's are: a seed replays it, a schedule file records it, exhaustive search and PCT
//! enumerate or sample it, and the shrinker moves it towards 0. Draw 0 is the plainest
//! value, so a shrunk failure shows the least random program that still fails:
//! `:rand.uniform(n)` is 1, `Enum.random` the first element, `Enum.shuffle` keeps the order,
//! `Enum.take_random(e, n)` is the first n elements in order.
//!
//! What the VM's draws are cannot be reproduced (its generator is seeded from the clock),
//! only what they may be: every value a draw can take on the VM, each as likely; the
//! errors are the VM's, raised where its are.

use super::super::machine::{Cx, Origin};
use super::super::pure;
use super::super::value;
use super::enum_lazy::has_stream;
use super::{Called, later};
use crate::ir::Builtin;
use sim::{Exception, Term};

/// The most options one decision holds: a schedule keeps each one's count in 32 bits.
const ONE_DECISION: u64 = u32::MAX as u64;

/// Options per step of a draw too wide for one decision (see [`Cx::draw`]).
const STEP: u64 = 1 << 31;

/// Why a random builtin failed: an error the VM raises, with the function it raises it in.
enum Failed {
    /// `e`, raised by the builtin itself.
    Raised(Exception),
    /// `:function_clause` in `module.function/arity`, where the VM's stacktrace tops.
    Clause(&'static str, &'static str, usize),
}

impl From<Exception> for Failed {
    fn from(e: Exception) -> Failed {
        Failed::Raised(e)
    }
}

impl Cx {
    /// Random builtin `b` of `args`. A stream among them is enumerated first, as the VM
    /// does, except where the VM answers without it (`Enum.take_random(s, 0)`).
    pub(super) fn random_builtin(&self, b: Builtin, args: Vec<Term>) -> Called<'_> {
        let answered_without = b == Builtin::EnumTakeRandom && args.get(1) == Some(&Term::Int(0));
        if has_stream(b, &args) && !answered_without {
            return later(async move {
                let v = self.enum_over_stream(b, args).await;
                self.sized(v).await
            });
        }
        match self.random_of(b, &args) {
            Ok(v) => Called::Now(v),
            Err(f) => self.random_failed(b, args, f),
        }
    }

    /// [`Cx::random_builtin`] on arguments that hold no stream, raising as it does.
    pub(super) async fn random_now(&self, b: Builtin, args: &[Term]) -> Term {
        match self.random_of(b, args) {
            Ok(v) => v,
            Err(f) => self.random_failed(b, args.to_vec(), f).await,
        }
    }

    #[cold]
    #[inline(never)]
    fn random_failed(&self, b: Builtin, args: Vec<Term>, f: Failed) -> Called<'_> {
        Called::Later(match f {
            Failed::Raised(e) => self.raise(e, Some(Origin::Call(b, args))),
            Failed::Clause(module, function, arity) => self.raise(
                value::function_clause(),
                Some(Origin::Function(module, function, arity)),
            ),
        })
    }

    fn random_of(&self, b: Builtin, args: &[Term]) -> Result<Term, Failed> {
        match (b, args) {
            // `:rand.uniform/1` takes a positive integer; anything else fails in
            // `:rand.uniform_s/2`.
            (Builtin::RandUniform, [Term::Int(n)]) if *n >= 1 => {
                Ok(Term::Int(1 + self.draw(*n as u64) as i64))
            }
            (Builtin::RandUniform, _) => Err(Failed::Clause("rand", "uniform_s", 2)),
            (Builtin::EnumRandom, [e]) => {
                if let Some((first, last, step)) = pure::range_bounds(e) {
                    // Ranges are drawn from without being enumerated (`1..1_000_000_000`).
                    let n = range_len(first, last, step);
                    if n == 0 {
                        return Err(pure::empty_error().into());
                    }
                    let i = i128::from(self.draw(n));
                    return Ok(Term::Int((i128::from(first) + i * i128::from(step)) as i64));
                }
                let items = pure::enumerate(e)?;
                if items.is_empty() {
                    return Err(pure::empty_error().into());
                }
                let i = self.draw(items.len() as u64) as usize;
                Ok(items[i].clone())
            }
            (Builtin::EnumShuffle, [e]) => {
                let mut items = pure::enumerate(e)?;
                let n = items.len();
                self.sample(&mut items, n);
                Ok(Term::list(items))
            }
            // Elixir 1.14's clauses, in order: a count of 0, then an empty list, answer `[]`
            // whatever the other argument is; then the count must be a non-negative integer.
            (Builtin::EnumTakeRandom, [_, Term::Int(0)]) => Ok(Term::list(Vec::new())),
            (Builtin::EnumTakeRandom, [Term::List(l), _]) if l.is_empty() => {
                Ok(Term::list(Vec::new()))
            }
            (Builtin::EnumTakeRandom, [e, Term::Int(count)]) if *count > 0 => {
                let mut items = pure::enumerate(e)?;
                let k = items
                    .len()
                    .min(usize::try_from(*count).unwrap_or(usize::MAX));
                self.sample(&mut items, k);
                items.truncate(k);
                Ok(Term::list(items))
            }
            (Builtin::EnumTakeRandom, _) => Err(Failed::Clause("Elixir.Enum", "take_random", 2)),
            _ => unreachable!("{b:?} is no random builtin"),
        }
    }

    /// Puts `k` of `items`, drawn without replacement, first, in the order drawn (a partial
    /// Fisher-Yates shuffle: every ordered choice equally likely). Draw 0 takes the first
    /// one left, so all zeros leave `items` as they were.
    fn sample(&self, items: &mut [Term], k: usize) {
        let n = items.len();
        for i in 0..k.min(n.saturating_sub(1)) {
            let j = i + self.draw((n - i) as u64) as usize;
            items[i..=j].rotate_right(1);
        }
    }

    /// A number below `n` (at least 1), drawn through the chooser: one decision when `n`
    /// fits one; else a high part and then a low part, each a decision of at most [`STEP`]
    /// options (every value below `n` can be drawn, the last step's ones a little more
    /// often: a schedule stays 32 bits a decision).
    fn draw(&self, n: u64) -> u64 {
        if n <= ONE_DECISION {
            return self.p.random(n as usize) as u64;
        }
        let high = self.draw(n.div_ceil(STEP));
        let low = self.draw(STEP.min(n - high * STEP));
        high * STEP + low
    }
}

/// How many integers `first..last//step` holds (`step` is not 0).
fn range_len(first: i64, last: i64, step: i64) -> u64 {
    let (first, last, step) = (i128::from(first), i128::from(last), i128::from(step));
    if step == 0 || (step > 0 && first > last) || (step < 0 && first < last) {
        return 0;
    }
    u64::try_from((last - first) / step + 1).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::range_len;
    use crate::Decisions;
    use crate::interp::run_ir;
    use crate::lower::load;
    use sim::Schedule;
    use std::collections::BTreeSet;
    use std::rc::Rc;

    /// The log lines of `main` in one run of `src` under `decisions`, without their times,
    /// and the run's schedule.
    fn logs(src: &str, decisions: &Decisions) -> (Vec<String>, Schedule) {
        let (p, _) = load(src, "t.exs", "t").unwrap_or_else(|e| panic!("{e}"));
        let r = run_ir(
            &Rc::new(p),
            decisions,
            sim::TraceMode::Off,
            Default::default(),
        );
        assert!(r.violation.is_none(), "{:?}", r.violation);
        let logs = (r.lines().iter())
            .filter_map(|l| l.split_once(" main log ").map(|(_, t)| t.to_string()))
            .collect();
        (logs, r.report.schedule)
    }

    const DRAWS: &str = r#"
        IO.inspect(:rand.uniform(3))
        IO.inspect(Enum.random([:a, :b, :c]))
        IO.inspect(Enum.shuffle([1, 2, 3]))
        IO.inspect(Enum.take_random(1..4, 2))
        IO.inspect(Enum.random(7..10))
    "#;

    /// Over seeds, every value a draw may take turns up, and nothing else: each of 1..3,
    /// each element, each of the 6 orders, each of the 12 ordered pairs, each element of a
    /// range.
    #[test]
    fn seeds_reach_every_value_a_draw_may_take() {
        let mut seen: Vec<BTreeSet<String>> = vec![BTreeSet::new(); 5];
        for seed in 0..400 {
            let (logs, _) = logs(DRAWS, &Decisions::Seed(seed));
            assert_eq!(logs.len(), 5, "{logs:?}");
            for (set, l) in seen.iter_mut().zip(logs) {
                set.insert(l);
            }
        }
        let strs = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(seen[0], strs(&["1", "2", "3"]));
        assert_eq!(seen[1], strs(&[":a", ":b", ":c"]));
        let orders = [
            "[1, 2, 3]",
            "[1, 3, 2]",
            "[2, 1, 3]",
            "[2, 3, 1]",
            "[3, 1, 2]",
            "[3, 2, 1]",
        ];
        assert_eq!(seen[2], strs(&orders));
        let pairs: Vec<String> = (1..=4)
            .flat_map(|a| {
                (1..=4)
                    .filter(move |&b| b != a)
                    .map(move |b| format!("[{a}, {b}]"))
            })
            .collect();
        assert_eq!(
            seen[3],
            pairs.iter().map(String::as_str).map(String::from).collect()
        );
        assert_eq!(seen[4], strs(&["7", "8", "9", "10"]));
    }

    /// Draws are decisions: a seed's schedule replays them, and all-zero draws (the default
    /// a shrinker moves towards) are the plainest values.
    #[test]
    fn draws_replay_and_draw_zero_is_the_plainest_value() {
        let (first, schedule) = logs(DRAWS, &Decisions::Seed(7));
        assert_eq!(
            schedule.decisions.len(),
            // uniform(3), random of 3, shuffle of 3 (2 draws), take 2 of 4 (2), range of 4.
            1 + 1 + 2 + 2 + 1,
            "{schedule:?}"
        );
        assert_eq!(logs(DRAWS, &Decisions::Schedule(schedule)).0, first);
        let (plain, _) = logs(DRAWS, &Decisions::Prefix(Schedule::default()));
        assert_eq!(plain, ["1", ":a", "[1, 2, 3]", "[1, 2]", "7"]);
    }

    /// A draw from more options than one decision holds is split into decisions that each
    /// do, and still replays.
    #[test]
    fn a_wide_draw_is_several_decisions() {
        let src = "IO.inspect(:rand.uniform(1_000_000_000_000))";
        let (first, schedule) = logs(src, &Decisions::Seed(3));
        assert!(schedule.decisions.len() >= 2, "{schedule:?}");
        let n: i64 = first[0].parse().expect("an integer");
        assert!((1..=1_000_000_000_000).contains(&n), "{n}");
        assert_eq!(logs(src, &Decisions::Schedule(schedule)).0, first);
        let (plain, _) = logs(src, &Decisions::Prefix(Schedule::default()));
        assert_eq!(plain, ["1"]);
    }

    #[test]
    fn a_range_holds_what_it_enumerates() {
        assert_eq!(range_len(1, 10, 1), 10);
        assert_eq!(range_len(1, 10, 3), 4); // 1, 4, 7, 10
        assert_eq!(range_len(5, 1, -1), 5);
        assert_eq!(range_len(5, 1, 1), 0);
        assert_eq!(range_len(1, 5, -1), 0);
        assert_eq!(range_len(i64::MIN, i64::MAX, 1), u64::MAX);
    }
}
