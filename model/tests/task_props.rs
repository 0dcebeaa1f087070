//! Property tests of the `Task.await` / `Task.yield` deadline (SEMANTICS §2.2, §2.4, §5.4,
//! §1.9): thousands of (seed, task duration `d`, timeout `t`) cases, with `d` and `t` drawn
//! from 0..=20 ms so that `d == t` — a reply and a timeout due at the same instant — is
//! frequent.
//!
//! * `d < t`: the reply, at exactly start + d.
//! * `d > t`: the timeout (`exit({:timeout, {Task, :await, [task, t]}})` / `nil`) at exactly
//!   start + t.
//! * `d == t`: either, depending on the seed — and both must occur.
//! * Never later than start + t, and the `wait.begin` / `wait.end` events of the trace
//!   (model/src/events.rs) agree with what the process saw.
//! * After an await timeout the late reply never reaches the mailbox (the demonitor
//!   deactivated the alias); after a yield timeout it does.
//!
//! Every failure message starts with `seed=.. d=.. t=..`: rerun that one case with
//! [`await_case`] / [`yield_case`].

use model::events::{ModelEvent, ModelEventKind};
use model::{Task, TaskResult};
use sim::{Outcome, Report, Term, Time, Timeout};
use std::cell::RefCell;
use std::rc::Rc;

/// Number of cases per property.
const CASES: u64 = 6000;
/// `d` and `t` are drawn from `0..=MAX_MS`.
const MAX_MS: u64 = 20;

/// SplitMix64: a fixed, portable mixer so the cases are the same on every machine.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Case `i`: `(seed, d, t)`; one case in four has `t == d`, the others draw `t` freely.
fn case(i: u64) -> (u64, u64, u64) {
    let h = mix(i);
    let d = h % (MAX_MS + 1);
    let t = if (h >> 20) % 4 == 0 {
        d
    } else {
        (h >> 32) % (MAX_MS + 1)
    };
    (i, d, t)
}

/// What one run showed.
#[derive(Debug)]
struct Seen {
    /// When the owner started waiting, and when the wait returned or exited.
    start: Time,
    end: Time,
    /// `Ok(value)` or `Err(exit reason)` for await; `Ok(term of the yield result)` for yield.
    result: Result<Term, Term>,
    /// The expected `{:timeout, {Task, :await, [task, t]}}`.
    timeout_reason: Term,
    /// The owner's mailbox some time after the wait.
    mailbox_after: Vec<Term>,
    /// For yield: what a second `yield(task, 0)` returned after that time.
    second_yield: Option<Option<TaskResult>>,
    report: Report,
}

fn ctx(seed: u64, d: u64, t: u64) -> String {
    format!("seed={seed} d={d} t={t}")
}

/// One `Task.await(task, t)` on a task that replies `:v` after `d` ms.
fn await_case(seed: u64, d: u64, t: u64) -> Seen {
    run_case(seed, d, t, false)
}

/// One `Task.yield(task, t)` on a task that replies `:v` after `d` ms.
fn yield_case(seed: u64, d: u64, t: u64) -> Seen {
    run_case(seed, d, t, true)
}

type Out = Rc<
    RefCell<
        Option<(
            Time,
            Time,
            Result<Term, Term>,
            Term,
            Vec<Term>,
            Option<Option<TaskResult>>,
        )>,
    >,
>;

fn run_case(seed: u64, d: u64, t: u64, use_yield: bool) -> Seen {
    let out: Out = Rc::new(RefCell::new(None));
    let o = out.clone();
    let mut sim = sim::runner::sim_for(seed);
    let root = sim.spawn(move |p| async move {
        let task = Task::spawn_async(&p, move |c| async move {
            c.sleep(d).await;
            Term::atom("v")
        })
        .await;
        let timeout_reason = Term::tuple([
            Term::atom("timeout"),
            Term::tuple([
                Term::module("Task"),
                Term::atom("await"),
                Term::list([task.to_term(), Term::Int(t as i64)]),
            ]),
        ]);
        let start = p.now();
        let result = if use_yield {
            Ok(TaskResult::opt_to_term(
                &task.yield_for(&p, Timeout::Ms(t)).await,
            ))
        } else {
            p.catch_exit(task.await_for(&p, Timeout::Ms(t))).await
        };
        let end = p.now();
        // Past the task's end: whatever it sent has arrived by now.
        p.sleep(MAX_MS + 1).await;
        let mailbox = p.messages();
        let second = if use_yield {
            Some(task.yield_for(&p, Timeout::Ms(0)).await)
        } else {
            None
        };
        *o.borrow_mut() = Some((start, end, result, timeout_reason, mailbox, second));
    });
    let report = sim.run();
    assert_eq!(
        report.exit_reason(root),
        Some(&Term::atom("normal")),
        "{}: owner exited\n{}",
        ctx(seed, d, t),
        report.trace.render()
    );
    assert_eq!(report.outcome, Outcome::Completed, "{}", ctx(seed, d, t));
    let (start, end, result, timeout_reason, mailbox_after, second_yield) =
        out.borrow_mut().take().expect("owner finished");
    Seen {
        start,
        end,
        result,
        timeout_reason,
        mailbox_after,
        second_yield,
        report,
    }
}

/// The first `op` wait of the run: (begin time, timeout term, end time, result term).
fn the_wait(r: &Report, op: &str) -> (Time, Term, Time, Term) {
    let mut begin: Option<(Term, Time, Term)> = None;
    for e in r.trace.events() {
        let Some(m) = ModelEvent::of(&e.kind) else {
            continue;
        };
        let (tag, data) = (m.kind(), m.data());
        let Some([o, id, x]) = data.as_tuple() else {
            continue;
        };
        if !o.is_atom(op) {
            continue;
        }
        if tag == ModelEventKind::WaitBegin && begin.is_none() {
            begin = Some((id.clone(), e.time, x.clone()));
        } else if tag == ModelEventKind::WaitEnd {
            let (bid, b, timeout) = begin.expect("wait.begin before wait.end");
            assert_eq!(bid, *id, "waits of one process do not overlap");
            return (b, timeout, e.time, x.clone());
        }
    }
    panic!("no complete {op} wait")
}

fn ok_term(v: Term) -> Term {
    Term::tuple([Term::atom("ok"), v])
}

/// §2.2: `await` returns the value when d < t, exits with the timeout reason at exactly
/// start + t when d > t, does either when d == t (both occur across seeds), and never
/// ends later than start + t; late replies are dropped.
#[test]
fn prop_s2_2_await_deadline() {
    let (mut tie_reply, mut tie_timeout) = (0u32, 0u32);
    let (mut tie0_reply, mut tie0_timeout) = (0u32, 0u32);
    for i in 0..CASES {
        let (seed, d, t) = case(i);
        let c = ctx(seed, d, t);
        let s = await_case(seed, d, t);
        let v = Term::atom("v");
        // Direct observations.
        assert!(s.end <= s.start.plus_ms(t), "{c}: ended after the deadline");
        match &s.result {
            Ok(got) => {
                assert_eq!(*got, v, "{c}");
                assert!(d <= t, "{c}: a reply due after the deadline was returned");
                assert_eq!(s.end, s.start.plus_ms(d), "{c}: reply not at start + d");
            }
            Err(reason) => {
                assert_eq!(*reason, s.timeout_reason, "{c}");
                assert!(d >= t, "{c}: timed out although the reply was due earlier");
                assert_eq!(s.end, s.start.plus_ms(t), "{c}: timeout not at start + t");
            }
        }
        if d == t {
            let (r, to) = if d == 0 {
                (&mut tie0_reply, &mut tie0_timeout)
            } else {
                (&mut tie_reply, &mut tie_timeout)
            };
            match s.result {
                Ok(_) => *r += 1,
                Err(_) => *to += 1,
            }
        }
        // §5.4: reply taken or alias deactivated; DOWN flushed or its monitor gone.
        assert_eq!(s.mailbox_after, vec![], "{c}: late reply or DOWN leaked");
        // The trace agrees.
        let (b, timeout, e, result) = the_wait(&s.report, "await");
        assert_eq!(b, s.start, "{c}: wait.begin time");
        assert_eq!(e, s.end, "{c}: wait.end time");
        assert_eq!(timeout, Term::Int(t as i64), "{c}");
        let expected = match &s.result {
            Ok(v) => ok_term(v.clone()),
            Err(_) => Term::atom("timeout"),
        };
        assert_eq!(result, expected, "{c}");
        assert!(e <= b.plus_ms(t), "{c}: wait.end after begin + t");
    }
    assert!(
        tie_reply > 0 && tie_timeout > 0,
        "d == t > 0 must go both ways across seeds: {tie_reply} replies, {tie_timeout} timeouts"
    );
    assert!(
        tie0_reply > 0 && tie0_timeout > 0,
        "d == t == 0 must go both ways across seeds: {tie0_reply} replies, {tie0_timeout} timeouts"
    );
}

/// §2.4: the same deadline for `yield`, which returns `nil` instead of exiting and keeps
/// the monitor and alias: after a `nil` the late reply is still delivered and a second
/// yield returns it.
#[test]
fn prop_s2_4_yield_deadline() {
    let (mut tie_reply, mut tie_nil) = (0u32, 0u32);
    for i in 0..CASES {
        let (seed, d, t) = case(i);
        let c = ctx(seed, d, t);
        let s = yield_case(seed, d, t);
        let v = Term::atom("v");
        assert!(s.end <= s.start.plus_ms(t), "{c}: ended after the deadline");
        let got = s.result.clone().expect("yield does not exit");
        let second = s.second_yield.clone().expect("second yield");
        if got == ok_term(v.clone()) {
            assert!(d <= t, "{c}");
            assert_eq!(s.end, s.start.plus_ms(d), "{c}");
            assert_eq!(s.mailbox_after, vec![], "{c}: DOWN not flushed");
            assert_eq!(second, None, "{c}");
            if d == t {
                tie_reply += 1;
            }
        } else {
            assert_eq!(got, Term::nil(), "{c}");
            assert!(d >= t, "{c}");
            assert_eq!(s.end, s.start.plus_ms(t), "{c}");
            assert_eq!(
                s.mailbox_after.len(),
                2,
                "{c}: late reply and DOWN delivered"
            );
            assert_eq!(
                s.mailbox_after[0].as_tuple().map(|x| x[1].clone()),
                Some(v.clone()),
                "{c}"
            );
            assert!(s.mailbox_after[1].is_tagged("DOWN", 5), "{c}");
            assert_eq!(second, Some(TaskResult::Ok(v)), "{c}");
            if d == t {
                tie_nil += 1;
            }
        }
        let (b, timeout, e, result) = the_wait(&s.report, "yield");
        assert_eq!((b, e), (s.start, s.end), "{c}: wait events");
        assert_eq!(timeout, Term::Int(t as i64), "{c}");
        let expected = if got == Term::nil() {
            Term::atom("timeout")
        } else {
            got.clone()
        };
        assert_eq!(result, expected, "{c}");
    }
    assert!(
        tie_reply > 0 && tie_nil > 0,
        "d == t must go both ways across seeds: {tie_reply} replies, {tie_nil} nils"
    );
}

/// The cases are spread as intended: `d == t` is frequent and both sides are covered.
#[test]
fn cases_cover_all_three_regions() {
    let (mut lt, mut eq, mut gt) = (0, 0, 0);
    for i in 0..CASES {
        let (_, d, t) = case(i);
        match d.cmp(&t) {
            std::cmp::Ordering::Less => lt += 1,
            std::cmp::Ordering::Equal => eq += 1,
            std::cmp::Ordering::Greater => gt += 1,
        }
    }
    assert!(eq >= CASES / 5, "{eq} ties");
    assert!(lt >= CASES / 5 && gt >= CASES / 5, "{lt} < / {gt} >");
}
