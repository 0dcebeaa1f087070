//! Exhaustive search: the number of schedules it enumerates for small programs, checked
//! against counts worked out by hand, and partial-order reduction checked to keep every
//! outcome while it skips schedules.

use sim::exhaustive::{Exhaustive, Stats};
use sim::{Config, Sim, Term, Timeout, TraceMode};
use std::collections::BTreeSet;

/// Walks every schedule of `program` under `bound`; returns the stats and every outcome
/// (the lines the processes logged, in order) of the complete schedules, with repeats.
fn walk(bound: Option<u32>, program: impl Fn(&mut Sim)) -> (Stats, Vec<String>) {
    walk_recording(bound, true, program)
}

/// [`walk`], the runs keeping their schedules or not (`Config::record_schedule`).
fn walk_recording(
    bound: Option<u32>,
    record_schedule: bool,
    program: impl Fn(&mut Sim),
) -> (Stats, Vec<String>) {
    let mut search = Exhaustive::new(bound);
    let mut outcomes = Vec::new();
    while let Some(chooser) = search.next_run() {
        let mut sim = Sim::new(
            chooser,
            Config {
                trace: TraceMode::Full,
                record_schedule,
                ..Config::default()
            },
        );
        program(&mut sim);
        let report = sim.run();
        if search.finish_run() {
            let logs: Vec<String> = report
                .trace
                .events()
                .iter()
                .filter_map(|e| match &e.kind {
                    sim::EventKind::Log { text } => Some(text.clone()),
                    _ => None,
                })
                .collect();
            outcomes.push(logs.join(" "));
        }
        assert!(search.stats().runs < 200_000, "runaway search");
    }
    (search.stats(), outcomes)
}

fn distinct(v: &[String]) -> BTreeSet<&str> {
    v.iter().map(String::as_str).collect()
}

/// `k` processes started by the harness, each logging its name: only the order in which
/// they run is chosen (a step among 3, then among 2), so 3! = 6 schedules, each a
/// different order.
fn three_loggers(sim: &mut Sim) {
    for name in ["a", "b", "c"] {
        sim.spawn(move |p| async move { p.log(name) });
    }
}

/// Two processes of two segments each, split by a scheduling point: every interleaving of
/// the segments is one schedule, C(4, 2) = 6.
fn two_by_two(sim: &mut Sim) {
    for name in ["a", "b"] {
        sim.spawn(move |p| async move {
            p.log(format!("{name}1"));
            p.yield_now().await;
            p.log(format!("{name}2"));
        });
    }
}

/// Three processes of two segments: 6! / (2! 2! 2!) = 90 interleavings.
fn three_by_two(sim: &mut Sim) {
    for name in ["a", "b", "c"] {
        sim.spawn(move |p| async move {
            p.log(format!("{name}1"));
            p.yield_now().await;
            p.log(format!("{name}2"));
        });
    }
}

#[test]
fn every_order_of_independent_processes_once() {
    let (s, o) = walk(None, three_loggers);
    assert_eq!((s.runs, s.schedules, s.pruned), (6, 6, 0));
    assert!(s.exhausted());
    assert_eq!(distinct(&o).len(), 6, "{o:?}");
}

#[test]
fn interleavings_of_segments_are_counted_exactly() {
    let (s, o) = walk(None, two_by_two);
    assert_eq!(s.schedules, 6);
    assert_eq!(
        distinct(&o).len(),
        6,
        "every schedule a different interleaving"
    );
    let (s, o) = walk(None, three_by_two);
    assert_eq!(s.schedules, 90);
    assert_eq!(distinct(&o).len(), 90);
}

/// The six schedules of `two_by_two` as decisions (first the step choosing who starts,
/// then at each scheduling point 0 to go on or 1 to switch) and their non-default counts:
/// `a1 a2 b1 b2` [0 0] 0; `a1 b1 b2 a2` [0 1 0] 1; `a1 b1 a2 b2` [0 1 1] 2;
/// `b1 b2 a1 a2` [1 0] 1; `b1 a1 a2 b2` [1 1 0] 2; `b1 a1 b2 a2` [1 1 1] 3.
/// So bounds 0, 1, 2 and 3 allow 1, 3, 5 and 6 of them.
#[test]
fn a_bound_keeps_the_schedules_with_few_non_default_decisions() {
    for (bound, expected, exhausted) in [(0, 1, false), (1, 3, false), (2, 5, false), (3, 6, true)]
    {
        let (s, o) = walk(Some(bound), two_by_two);
        assert_eq!(s.schedules, expected, "bound {bound}");
        assert_eq!(s.exhausted(), exhausted, "bound {bound}");
        if bound == 1 {
            let got = distinct(&o);
            let want: BTreeSet<&str> = ["a1 a2 b1 b2", "a1 b1 b2 a2", "b1 b2 a1 a2"].into();
            assert_eq!(got, want);
        }
    }
}

/// Random draws of 2 and then 3 values: 6 schedules; with at most one non-default draw,
/// (0,0), (1,0), (0,1), (0,2): 4.
#[test]
fn user_draws_are_branches_too() {
    let draws = |sim: &mut Sim| {
        sim.spawn(|p| async move {
            let (a, b) = (p.random(2), p.random(3));
            p.log(format!("{a}{b}"));
        });
    };
    let (s, o) = walk(None, draws);
    assert_eq!((s.schedules, distinct(&o).len()), (6, 6));
    let (s, _) = walk(Some(1), draws);
    assert_eq!(s.schedules, 4);
}

/// One process sends a message to each of two waiting receivers. Deliveries to
/// different receivers commute, so the reduction skips schedules that only reorder them,
/// and must still reach every outcome the full walk reaches.
fn fan_out(sim: &mut Sim) {
    sim.spawn(|p| async move {
        let mut kids = Vec::new();
        for i in 0..2 {
            kids.push(
                p.spawn(move |c| async move {
                    let m = c.receive(Timeout::Infinity, |_| true).await.unwrap();
                    c.log(format!("{i}{m}"));
                })
                .await,
            );
        }
        for k in kids {
            p.send(k, Term::atom("go")).await;
        }
    });
}

#[test]
fn the_reduction_keeps_every_outcome_and_skips_reorderings() {
    // `Some(u32::MAX)` is no bound at all, but with the reduction off.
    let (full, all) = walk(Some(u32::MAX), fan_out);
    let (por, reduced) = walk(None, fan_out);
    assert!(full.exhausted() && por.exhausted());
    assert_eq!(distinct(&all), distinct(&reduced), "no outcome lost");
    assert!(
        por.runs < full.runs,
        "reduced {} runs vs {} full",
        por.runs,
        full.runs
    );
    eprintln!(
        "fan_out: {full:?} vs {por:?}, {} outcomes",
        distinct(&all).len()
    );
}

#[test]
fn runs_that_keep_no_schedule_walk_the_same_tree() {
    // The search knows each decision by its index in the run, which the kernel counts
    // whether or not it keeps the decisions.
    for bound in [None, Some(1)] {
        let (kept, kept_outcomes) = walk_recording(bound, true, two_by_two);
        let (bare, bare_outcomes) = walk_recording(bound, false, two_by_two);
        assert_eq!(bare, kept, "bound {bound:?}");
        assert_eq!(bare_outcomes, kept_outcomes, "bound {bound:?}");
    }
}
