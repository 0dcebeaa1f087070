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
use std::collections::BTreeMap;

/// The most options one decision holds: a schedule keeps each one's count in 32 bits.
const ONE_DECISION: u128 = u32::MAX as u128;

/// Options of each decision of a draw too wide for one ([`Cx::draw`]): 31 bits.
const STEP: usize = 1 << 31;

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

/// `Enum.take_random/2`'s clause error.
const TAKE_RANDOM_CLAUSE: Failed = Failed::Clause("Elixir.Enum", "take_random", 2);

impl Cx {
    /// Random builtin `b` of `args`. A stream given as the enumerable is run to its end
    /// first, as the VM does, once `Enum.take_random/2`'s clauses have let it through:
    /// they answer a count of 0 and an empty list, and refuse a count that is no
    /// non-negative integer, without running anything.
    pub(super) fn random_builtin(&self, b: Builtin, args: Vec<Term>) -> Called<'_> {
        if let (Builtin::EnumTakeRandom, [e, count]) = (b, args.as_slice()) {
            match (e, count) {
                (_, Term::Int(0)) => return Called::Now(Term::list(Vec::new())),
                (Term::List(l), _) if l.is_empty() => return Called::Now(Term::list(Vec::new())),
                (_, Term::Int(n)) if *n > 0 => {}
                _ => return self.random_failed(b, args, TAKE_RANDOM_CLAUSE),
            }
        }
        if has_stream(b, &args) {
            // (`enum_over_stream` ends in `Cx::pure`, which draws and holds the result to
            // the size limits.)
            return later(async move { self.enum_over_stream(b, args).await });
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
                Ok(Term::Int(1 + self.draw(*n as u128) as i64))
            }
            (Builtin::RandUniform, _) => Err(Failed::Clause("rand", "uniform_s", 2)),
            (Builtin::EnumRandom, [e]) => {
                // By position, without listing: a range of 10^12 is drawn from as it is
                // (its size is computed: a step of 0 is `:badarith`, as `Enum.count`).
                let n = pure::enum_size(e)?;
                if n == 0 {
                    return Err(pure::empty_error().into());
                }
                let i = self.draw(n as u128) as i128;
                Ok(pure::enum_nth(e, i)?.expect("an element below the size"))
            }
            (Builtin::EnumShuffle, [e]) => {
                let mut items = pure::enumerate(e)?;
                let n = items.len();
                self.sample(&mut items, n);
                Ok(Term::list(items))
            }
            (Builtin::EnumTakeRandom, [e, Term::Int(count)]) if *count > 0 => {
                // A range with a step of 0 reduces to nothing (its size is `:badarith`).
                if matches!(pure::range_bounds(e), Some((_, _, 0))) {
                    return Ok(Term::list(Vec::new()));
                }
                let n = pure::enum_size(e)?;
                let k = n.min(i128::from(*count));
                if pure::range_bounds(e).is_some() {
                    return Ok(Term::list(self.sample_range(e, n, k)?));
                }
                let mut items = pure::enumerate(e)?;
                let k = k as usize;
                self.sample(&mut items, k);
                items.truncate(k);
                Ok(Term::list(items))
            }
            // (`random_builtin` settled the other clauses.)
            (Builtin::EnumTakeRandom, _) => Err(TAKE_RANDOM_CLAUSE),
            _ => unreachable!("{b:?} is no random builtin"),
        }
    }

    /// Puts `k` of `items`, drawn without replacement, first, in the order drawn (the
    /// first `k` steps of a Fisher-Yates shuffle: every ordered choice equally likely).
    /// Draw 0 takes the element in place, so all zeros leave `items` as they were.
    fn sample(&self, items: &mut [Term], k: usize) {
        let n = items.len();
        for i in 0..k.min(n.saturating_sub(1)) {
            let j = i + self.draw((n - i) as u128) as usize;
            items.swap(i, j);
        }
    }

    /// [`Cx::sample`] of `k` of the `n` elements of range `r`, without listing it: the
    /// swaps are kept by position (only the `k` drawn from are ever looked at).
    fn sample_range(&self, r: &Term, n: i128, k: i128) -> Result<Vec<Term>, Exception> {
        // What it makes is held to the limit a listed range is.
        pure::check_elements(usize::try_from(k).unwrap_or(usize::MAX))?;
        let mut moved: BTreeMap<i128, i128> = BTreeMap::new();
        let mut out = Vec::new();
        for i in 0..k.min(n) {
            let j = i + self.draw((n - i) as u128) as i128;
            let at = |p: i128, moved: &BTreeMap<i128, i128>| moved.get(&p).copied().unwrap_or(p);
            let (picked, displaced) = (at(j, &moved), at(i, &moved));
            moved.insert(j, displaced);
            out.push(pure::enum_nth(r, picked)?.expect("an element below the size"));
        }
        Ok(out)
    }

    /// A number below `n` (at least 1), drawn through the chooser: one decision when `n`
    /// fits one. A wider draw takes decisions of [`STEP`] options, enough for 32 bits more
    /// than `n` needs, and their joined value modulo `n`: every value below `n` is as
    /// likely as any other to 2^-32, and all zeros still draw 0.
    fn draw(&self, n: u128) -> u128 {
        if n <= ONE_DECISION {
            return self.p.random(n as usize) as u128;
        }
        let bits = 128 - (n - 1).leading_zeros() + 32;
        let mut v: u128 = 0;
        for _ in 0..bits.div_ceil(31) {
            v = (v << 31) | self.p.random(STEP) as u128;
        }
        v % n
    }
}

#[cfg(test)]
mod tests {
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

    /// A draw too wide for one decision is (nearly) uniform: over 2^32 + 1 options the
    /// last one is no likelier than any other (a high part then a low part made it a
    /// third of all draws), and the top of a full-width range can be drawn.
    #[test]
    fn a_wide_draw_favours_no_value() {
        let src = r#"
            n = 4_294_967_297
            hits = Enum.count(1..300, fn _ -> :rand.uniform(n) == n end)
            IO.inspect(hits)
        "#;
        let (hits, _) = logs(src, &Decisions::Seed(5));
        assert_eq!(hits, ["0"]);
        let top = "IO.inspect(Enum.random(-9223372036854775808..9223372036854775807))";
        let n = 1u128 << 64;
        // Decisions of 2^31 options, enough for 96 bits, joined, modulo 2^64: the largest
        // value of each gives 2^64 - 1, the last element.
        let picks: Vec<u32> = vec![(1 << 31) - 1; 4];
        let joined = picks.iter().fold(0u128, |v, p| (v << 31) | u128::from(*p));
        assert_eq!(joined % n, n - 1);
        let (got, _) = logs(top, &Decisions::Prefix(Schedule::from_picks(picks)));
        assert_eq!(got, ["9223372036854775807"]);
    }

    /// `Enum.take_random/2` settles its clauses before it runs a stream given as the
    /// enumerable, and never runs one given as the count; a range is sampled without
    /// being listed; `Enum.random` of a range with a step of 0 is `:badarith`, as
    /// `Enum.count` of it is.
    #[test]
    fn take_random_runs_what_the_vm_runs() {
        let src = r#"
            s = Stream.map([1, 2], fn x -> IO.puts("pulled #{x}"); x end)
            IO.inspect(Enum.take_random([], s))
            IO.inspect(try do Enum.take_random([1], s) rescue e -> e end)
            IO.inspect(try do Enum.take_random(s, -1) rescue e -> e end)
            IO.inspect(Enum.take_random(s, 0))
            IO.inspect(Enum.take_random(s, 1) |> length())
            IO.inspect(Enum.take_random(1..2_000_000, 3) |> length())
            IO.inspect(try do Enum.random(%Range{first: 1, last: 3, step: 0}) rescue e -> e end)
        "#;
        // (Longer than 80 columns: `IO.inspect` puts a field on each line, semantics §5.30.)
        let clause = "%FunctionClauseError{\n  module: Enum,\n  function: :take_random,\n  \
                      arity: 2,\n  kind: nil,\n  args: nil,\n  clauses: nil\n}";
        let (got, _) = logs(src, &Decisions::Seed(1));
        assert_eq!(
            got,
            [
                "[]",
                clause,
                clause,
                "[]",
                "pulled 1",
                "pulled 2",
                "1",
                "3",
                "%ArithmeticError{message: \"bad argument in arithmetic expression\"}"
            ]
        );
    }

    /// A sample of a range is held to the limit a listed range is (it is not listed).
    #[test]
    fn a_sample_of_a_range_is_held_to_the_element_limit() {
        let (p, _) = load(
            "IO.inspect(length(Enum.take_random(1..1_500_000, 1_500_000)))",
            "t.exs",
            "t",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let r = run_ir(
            &Rc::new(p),
            &Decisions::Seed(0),
            sim::TraceMode::Off,
            Default::default(),
        );
        let lines = r.lines();
        assert!(
            lines
                .iter()
                .any(|l| l.contains("more than 1000000 elements")),
            "{lines:?}"
        );
    }

    /// A shuffle is linear: 200,000 elements in one draw each (a rotation per draw made
    /// it quadratic). All zeros keep the order; a full sample of a range too.
    #[test]
    fn a_long_shuffle_is_linear_and_draw_zero_keeps_the_order() {
        let src = r#"
            xs = Enum.to_list(1..200_000)
            IO.inspect(Enum.shuffle(xs) |> Enum.sort() == xs)
            IO.inspect(Enum.shuffle(xs) == xs)
            IO.inspect(Enum.take_random(1..5, 5))
        "#;
        let (got, schedule) = logs(src, &Decisions::Seed(2));
        assert_eq!(got[..2], ["true", "false"]);
        assert!(
            schedule.decisions.len() < 2 * 200_000 + 5,
            "{}",
            schedule.decisions.len()
        );
        let (plain, _) = logs(src, &Decisions::Prefix(Schedule::default()));
        assert_eq!(plain, ["true", "true", "[1, 2, 3, 4, 5]"]);
    }
}
