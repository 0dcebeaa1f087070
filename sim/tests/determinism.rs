//! Determinism of the kernel: a run is a pure function of (program, decision stream).
//!
//! * the same seed gives the same trace, twice in a row, on any thread;
//! * replaying a recorded schedule reproduces the run without divergence;
//! * different seeds really explore different interleavings (both outcomes of a
//!   same-millisecond timeout race show up);
//! * nothing leaks from one run into the next (pids and refs restart at 0);
//! * truncated / zeroed / corrupted schedules are handled as documented;
//! * the FIFO schedule of a tiny program renders exactly as frozen here.

use sim::runner::each_seed;
use sim::{
    Config, EventKind, Outcome, Pid, Report, Schedule, Sim, Term, Timeout, Trace, TraceMode,
};
use std::collections::BTreeSet;

const SEEDS: u64 = 1_000;
const WORKERS: usize = 4;
/// The worker that the root kills at t = 10 ms (when every worker wakes up too).
const VICTIM: usize = 3;
/// The worker that exits with `:boom` (the root traps exits).
const BOOMER: usize = 2;

/// A racy program of 8 processes:
///
/// * root (trapping exits) spawn_links a collector and 4 workers, monitors the victim,
///   tells each worker who comes next in a ring, starts a reply-vs-timeout race, sleeps
///   10 ms, kills the victim and then logs everything it receives until 300 ms of silence;
/// * every worker sleeps 10 ms (same deadline as the root's sleep), says hello to the
///   collector, pings the next worker, waits at most 5 ms for its own ping and reports
///   to the collector; one of them then exits with `:boom`;
/// * the collector counts messages until 100 ms of silence and reports the count;
/// * the requester waits for `:reply` with `after 50` while the responder sleeps 50 ms
///   and sends `:reply`: both happen at t = 50 ms, so either may win.
fn racy(sim: &mut Sim) -> Pid {
    sim.spawn(|p| async move {
        p.trap_exit(true);
        let me = p.pid();
        let collector = p
            .spawn_link(move |c| async move {
                let mut n = 0;
                while c.receive(Timeout::Ms(100), |_| true).await.is_some() {
                    n += 1;
                }
                c.send(me, Term::tuple([Term::atom("count"), Term::Int(n)]))
                    .await;
            })
            .await;
        let mut workers = Vec::new();
        for i in 0..WORKERS {
            let w = p
                .spawn_link(move |w| async move {
                    let next = w
                        .receive(Timeout::Infinity, |m| m.is_tagged("next", 2))
                        .await
                        .and_then(|m| m.as_tuple().and_then(|t| t[1].as_pid()))
                        .expect("a {:next, pid} message");
                    w.sleep(10).await;
                    let id = Term::Int(i as i64);
                    w.send(collector, Term::tuple([Term::atom("hello"), id.clone()]))
                        .await;
                    w.send(next, Term::tuple([Term::atom("ping"), id.clone()]))
                        .await;
                    let got = w
                        .receive(Timeout::Ms(5), |m| m.is_tagged("ping", 2))
                        .await
                        .is_some();
                    w.send(
                        collector,
                        Term::tuple([Term::atom("got"), id, Term::bool(got)]),
                    )
                    .await;
                    if i == BOOMER {
                        w.exit::<()>(Term::atom("boom")).await;
                    }
                })
                .await;
            workers.push(w);
        }
        p.monitor(workers[VICTIM]).await;
        for i in 0..WORKERS {
            let next = workers[(i + 1) % WORKERS];
            p.send(
                workers[i],
                Term::tuple([Term::atom("next"), Term::Pid(next)]),
            )
            .await;
        }
        let requester = p
            .spawn(move |r| async move {
                let won = match r.receive(Timeout::Ms(50), |m| m.is_atom("reply")).await {
                    Some(_) => "reply",
                    None => "timeout",
                };
                r.log(format!("race: {won}"));
                r.send(me, Term::tuple([Term::atom("race"), Term::atom(won)]))
                    .await;
            })
            .await;
        p.spawn(move |s| async move {
            s.sleep(50).await;
            s.send(requester, Term::atom("reply")).await;
        })
        .await;
        p.sleep(10).await;
        p.exit_signal(workers[VICTIM], Term::atom("kill")).await;
        while let Some(m) = p.receive(Timeout::Ms(300), |_| true).await {
            p.log(format!("root got {m}"));
        }
    })
}

fn run_seed(seed: u64) -> Report {
    let mut sim = Sim::seeded(seed);
    racy(&mut sim);
    sim.run()
}

fn replay(schedule: &Schedule) -> Report {
    let mut sim = Sim::replay(schedule, Config::default());
    racy(&mut sim);
    sim.run()
}

fn replay_prefix(schedule: &Schedule) -> Report {
    let mut sim = Sim::replay_prefix(schedule, Config::default());
    racy(&mut sim);
    sim.run()
}

fn hash(r: &Report) -> u64 {
    r.hash().expect("TraceMode::Full has a hash")
}

/// Which side won the same-millisecond race, from the requester's log line.
fn race_winner(r: &Report) -> &str {
    let logs: Vec<&str> = r
        .trace
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Log { text } => text.strip_prefix("race: "),
            _ => None,
        })
        .collect();
    assert_eq!(logs.len(), 1, "exactly one race outcome per run");
    logs[0]
}

/// What the root observed: the messages it received, in order (the `root got` lines).
fn root_view(r: &Report) -> String {
    r.trace
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Log { text } if text.starts_with("root got") => Some(text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn same_seed_same_trace_replay_reproduces_and_seeds_explore() {
    let mut hashes = BTreeSet::new();
    let mut root_views = BTreeSet::new();
    let mut winners = BTreeSet::new();
    let (mut replies, mut timeouts, mut kills) = (0, 0, 0);
    let mut decisions = 0;
    each_seed(SEEDS, |seed| {
        let a = run_seed(seed);
        assert_eq!(a.outcome, Outcome::Completed, "seed {seed}");
        assert_eq!(
            a.divergence, None,
            "seed {seed}: a seeded run never diverges"
        );
        assert!(
            !a.schedule.is_empty(),
            "seed {seed}: a racy run takes decisions"
        );
        decisions += a.schedule.len();

        // Same seed, second run: identical.
        let b = run_seed(seed);
        assert_eq!(
            hash(&a),
            hash(&b),
            "seed {seed}: hash differs between two runs"
        );
        assert_eq!(a.schedule, b.schedule, "seed {seed}");
        assert_eq!(a.steps, b.steps, "seed {seed}");
        assert_eq!(a.time, b.time, "seed {seed}");

        // Replay of the recorded schedule: identical, no divergence.
        let c = replay(&a.schedule);
        assert_eq!(c.divergence, None, "seed {seed}: replay diverged");
        assert_eq!(hash(&a), hash(&c), "seed {seed}: replay hash differs");
        assert_eq!(
            a.schedule, c.schedule,
            "seed {seed}: replay took other decisions"
        );

        if seed % 50 == 0 {
            let text = a.trace.render();
            assert_eq!(text, b.trace.render(), "seed {seed}: rendering differs");
            assert_eq!(
                text,
                c.trace.render(),
                "seed {seed}: replay rendering differs"
            );
            assert_eq!(Trace::hash_text(&text), hash(&a), "hash is FNV of the text");
        }

        // The root always sees the victim die, by link and by monitor, with the same
        // reason: `:killed`, or `:normal` if it finished before the kill arrived.
        let view = root_view(&a);
        let victim = format!("#PID<0.{}.0>", 2 + VICTIM);
        let killed = view.contains(&format!("{{:EXIT, {victim}, :killed}}"));
        let finished = view.contains(&format!("{{:EXIT, {victim}, :normal}}"));
        assert!(killed != finished, "seed {seed}:\n{view}");
        let down = format!(
            ":process, {victim}, :{}}}",
            if killed { "killed" } else { "normal" }
        );
        assert!(view.contains(&down), "seed {seed}: no {down}:\n{view}");
        let boomer = format!("{{:EXIT, #PID<0.{}.0>, :boom}}", 2 + BOOMER);
        assert!(view.contains(&boomer), "seed {seed}:\n{view}");
        assert!(view.contains("{:count, "), "seed {seed}:\n{view}");
        if killed {
            kills += 1;
        }

        let w = race_winner(&a).to_string();
        match w.as_str() {
            "reply" => replies += 1,
            "timeout" => timeouts += 1,
            other => panic!("seed {seed}: unexpected race outcome {other}"),
        }
        assert!(
            view.contains(&format!("{{:race, :{w}}}")),
            "seed {seed}: the root must hear the race result {w}:\n{view}"
        );
        winners.insert(w);
        hashes.insert(hash(&a));
        root_views.insert(view);
    });
    eprintln!(
        "{SEEDS} seeds: {} distinct traces, {} distinct root views, race reply/timeout = \
         {replies}/{timeouts}, victim killed in {kills}, {:.1} decisions per run",
        hashes.len(),
        root_views.len(),
        decisions as f64 / SEEDS as f64
    );
    assert_eq!(
        winners.len(),
        2,
        "both sides of the race must win sometimes"
    );
    assert!(
        kills > 0 && kills < SEEDS,
        "the kill must sometimes win, sometimes lose"
    );
    assert!(replies >= 50 && timeouts >= 50, "{replies}/{timeouts}");
    // Nearly every seed is a different interleaving; a chooser that ignored its seed, or
    // a kernel that offered no real choices, would give a handful.
    assert!(hashes.len() >= 900, "only {} distinct traces", hashes.len());
    assert!(
        root_views.len() >= 50,
        "only {} distinct orders of what the root received",
        root_views.len()
    );
}

#[test]
fn trace_modes_agree_on_the_hash() {
    each_seed(50, |seed| {
        let full = run_seed(seed);
        let mut sim = Sim::seeded_with(
            seed,
            Config {
                trace: TraceMode::Hash,
                ..Config::default()
            },
        );
        racy(&mut sim);
        let hashed = sim.run();
        assert_eq!(hashed.hash(), full.hash(), "seed {seed}");
        assert!(
            hashed.trace.events().is_empty(),
            "Hash mode keeps no events"
        );
        assert_eq!(hashed.schedule, full.schedule, "seed {seed}");

        let mut sim = Sim::seeded_with(
            seed,
            Config {
                trace: TraceMode::Off,
                ..Config::default()
            },
        );
        racy(&mut sim);
        let off = sim.run();
        assert_eq!(off.hash(), None);
        assert_eq!(
            off.schedule, full.schedule,
            "seed {seed}: tracing must not change the decisions"
        );
        assert_eq!(
            (off.steps, off.time),
            (full.steps, full.time),
            "seed {seed}"
        );
    });
}

#[test]
fn a_run_that_keeps_no_schedule_takes_the_same_decisions() {
    each_seed(50, |seed| {
        let full = run_seed(seed);
        assert!(
            !full.schedule.is_empty(),
            "seed {seed}: the racy program decides"
        );
        let mut sim = Sim::seeded_with(
            seed,
            Config {
                trace: TraceMode::Hash,
                record_schedule: false,
                ..Config::default()
            },
        );
        racy(&mut sim);
        let bare = sim.run();
        assert!(bare.schedule.is_empty(), "seed {seed}: no schedule kept");
        assert_eq!(bare.hash(), full.hash(), "seed {seed}");
        assert_eq!(
            (bare.steps, bare.time),
            (full.steps, full.time),
            "seed {seed}"
        );
        // The next run on this thread (on the same kernel, renewed) records again.
        assert_eq!(run_seed(seed).schedule, full.schedule, "seed {seed}");
    });
}

/// A different little program, run between two runs of `racy` to disturb any state that
/// might leak between runs.
fn other_program(sim: &mut Sim) {
    for _ in 0..3 {
        sim.spawn(|p| async move {
            let r = p.make_ref();
            let me = p.pid();
            p.send(me, Term::Ref(r)).await;
            p.receive(Timeout::Ms(0), |_| true).await;
            p.register("someone", me);
            p.send_after(me, Term::atom("later"), 7);
            p.receive(Timeout::Ms(20), |_| true).await;
        });
    }
}

#[test]
fn consecutive_runs_share_no_state() {
    let first = run_seed(7);
    let mut sim = Sim::seeded(99);
    other_program(&mut sim);
    let between = sim.run();
    assert!(between.process_count() == 3);
    let mut sim = Sim::seeded(7);
    let root = racy(&mut sim);
    let second = sim.run();
    assert_eq!(root.index(), 0, "pid numbering restarts at 0 in every run");
    assert_eq!(first.trace.render(), second.trace.render());
    assert_eq!(first.hash(), second.hash());
    // Pids and refs in the text start from the bottom again.
    let text = second.trace.render();
    assert!(text.contains("spawn #PID<0.1.0> link"), "{text}");
    assert!(
        text.contains("monitor #PID<0.5.0> #Reference<0.0.0.1>"),
        "{text}"
    );
}

fn hashes_for(seeds: std::ops::Range<u64>) -> Vec<u64> {
    seeds.map(|s| hash(&run_seed(s))).collect()
}

#[test]
fn other_threads_compute_the_same_hashes() {
    let seeds = 0..200;
    let here = hashes_for(seeds.clone());
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let seeds = seeds.clone();
            std::thread::spawn(move || hashes_for(seeds))
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().expect("thread ran"), here);
    }
    assert!(here.iter().collect::<BTreeSet<_>>().len() > 100);
}

#[test]
fn truncated_and_zeroed_schedules_replay_as_prefixes() {
    let fifo = {
        let mut sim = Sim::fifo();
        racy(&mut sim);
        sim.run()
    };
    assert_eq!(fifo.outcome, Outcome::Completed);
    // Every recorded FIFO decision is 0.
    assert!(fifo.schedule.picks().all(|p| p == 0));

    for seed in [1, 2, 3, 500] {
        let full = run_seed(seed);
        let n = full.schedule.len();
        assert!(n > 10);
        for keep in [0, 1, n / 3, n / 2, n - 1] {
            let short = Schedule::new(full.schedule.decisions[..keep].to_vec());
            let r = replay_prefix(&short);
            assert_eq!(r.outcome, Outcome::Completed, "seed {seed} keep {keep}");
            assert_eq!(r.divergence, None, "a prefix replay never diverges");
            assert_eq!(
                r.schedule.decisions[..keep],
                short.decisions[..],
                "the kept prefix is followed"
            );
            assert!(r.schedule.picks().skip(keep).all(|p| p == 0));
            // The checking replay says the schedule was cut short, and where.
            let checked = replay(&short);
            let d = checked.divergence.expect("a cut schedule is reported");
            assert_eq!(d.index, keep, "seed {seed} keep {keep}: {d}");
            assert!(d.to_string().contains("cut short"), "{d}");
        }
        // Zeroed schedule of the same length = the FIFO run = the empty schedule.
        let zeroed = Schedule::from_picks(vec![0; n]);
        let z = replay_prefix(&zeroed);
        assert_eq!(z.divergence, None);
        assert_eq!(
            z.hash(),
            fifo.hash(),
            "seed {seed}: zeroed schedule is FIFO"
        );
    }
    let empty = replay_prefix(&Schedule::default());
    assert_eq!(empty.hash(), fifo.hash());
    assert_eq!(empty.trace.render(), fifo.trace.render());
}

#[test]
fn out_of_range_choice_is_reported_as_divergence() {
    let full = run_seed(11);
    let mut bad = full.schedule.clone();
    let at = bad.len() / 2;
    bad.decisions[at].pick = 1_000;
    let r = replay(&bad);
    let d = r.divergence.expect("an impossible choice must be reported");
    assert_eq!(d.index, at);
    assert!(d.to_string().contains(&format!("decision #{at}: ")), "{d}");
    assert!(d.to_string().contains(":1000/"), "{d}");
    // It was clamped to 0 and the run still finished.
    assert_eq!(r.outcome, Outcome::Completed);
    assert_eq!(r.schedule.decisions[..at], full.schedule.decisions[..at]);
    assert_eq!(r.schedule.decisions[at].pick, 0);

    let mut all_bad = full.schedule.clone();
    all_bad.decisions.iter_mut().for_each(|d| d.pick = u32::MAX);
    let r = replay(&all_bad);
    assert_eq!(r.divergence.expect("diverges").index, 0);
    assert_eq!(r.outcome, Outcome::Completed);
}

/// An edit that keeps every pick in range (so counts alone would pass) is caught at the
/// first decision whose pick now names another process or signal.
#[test]
fn an_edited_pick_is_reported_at_the_first_decision_that_differs() {
    let full = run_seed(11);
    let at = full
        .schedule
        .decisions
        .iter()
        .position(|d| d.at.is_some_and(|k| k.n >= 2) && d.pick == 0)
        .expect("a default decision");
    let mut edited = full.schedule.clone();
    edited.decisions[at].pick = 1;
    let r = replay(&edited);
    let d = r.divergence.expect("the edit is reported");
    assert_eq!(d.index, at, "{d}");
    assert!(d.to_string().contains("and option 1 is"), "{d}");
}

/// The FIFO schedule of a 2-process ping, frozen: any change in event rendering, step
/// numbering or the FIFO order shows up here.
#[test]
fn fifo_ping_trace_is_frozen() {
    let mut sim = Sim::fifo();
    let root = sim.spawn(|p| async move {
        let me = p.pid();
        let ponger = p
            .spawn(|c| async move {
                let ping = c
                    .receive(Timeout::Infinity, |m| m.is_tagged("ping", 2))
                    .await
                    .expect("infinity");
                let from = ping.as_tuple().and_then(|t| t[1].as_pid()).expect("pid");
                c.sleep(5).await;
                c.send(from, Term::atom("pong")).await;
            })
            .await;
        p.send(ponger, Term::tuple([Term::atom("ping"), Term::Pid(me)]))
            .await;
        match p.receive(Timeout::Ms(100), |m| m.is_atom("pong")).await {
            Some(m) => p.log(format!("got {m}")),
            None => p.log("no pong"),
        }
    });
    let r = sim.run();
    assert_eq!(root.index(), 0);
    assert_eq!(r.outcome, Outcome::Completed);
    assert_eq!(r.time.as_ms(), 5);
    assert_eq!(r.divergence, None);
    let expected: String = [
        r#"     0.000ms #0      kernel         spawn #PID<0.0.0>"#,
        r#"     0.000ms #1      #PID<0.0.0>    spawn #PID<0.1.0>"#,
        r#"     0.000ms #1      #PID<0.0.0>    send #PID<0.1.0> {:ping, #PID<0.0.0>}"#,
        r#"     0.000ms #2      kernel         deliver #PID<0.0.0> -> #PID<0.1.0> {:ping, #PID<0.0.0>}"#,
        r#"     0.000ms #3      #PID<0.1.0>    receive {:ping, #PID<0.0.0>}"#,
        r#"     5.000ms #4      #PID<0.1.0>    send #PID<0.0.0> :pong"#,
        r#"     5.000ms #4      #PID<0.1.0>    exit :normal"#,
        r#"     5.000ms #5      kernel         deliver #PID<0.1.0> -> #PID<0.0.0> :pong"#,
        r#"     5.000ms #6      #PID<0.0.0>    receive :pong"#,
        r#"     5.000ms #6      #PID<0.0.0>    log "got :pong""#,
        r#"     5.000ms #6      #PID<0.0.0>    exit :normal"#,
    ]
    .iter()
    .map(|l| format!("{l}\n"))
    .collect();
    let text = r.trace.render();
    assert_eq!(text, expected, "rendered:\n{text}");
    assert_eq!(r.hash(), Some(Trace::hash_text(&expected)));
}
