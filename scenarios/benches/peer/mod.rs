//! The `kernel` peer of W4: AsyncExample written against `model::Task` directly, run as
//! explore's seed runs are (no trace, no schedule kept). Shared by the criterion bench
//! (`benches/explore.rs`) and the example that counts its instructions
//! (`examples/kernel_peer.rs`, through `benches/instructions.sh kernel`).

use model::Task;
use sim::{Config, Outcome, Sim, Term, Timeout, TraceMode};

/// AsyncExample against `model::Task`, seeded with `seed`: the task sleeps 2000 ms and
/// replies, the caller awaits it with a 5000 ms timeout and logs the result. Returns the
/// run's steps.
pub fn async_example(seed: u64) -> u64 {
    let config = Config {
        trace: TraceMode::Off,
        record_schedule: false,
        ..Config::default()
    };
    let mut sim = Sim::seeded_with(seed, config);
    sim.spawn(|p| async move {
        let task = Task::spawn_async(&p, |t| async move {
            t.sleep(2000).await;
            Term::str("Data fetched")
        })
        .await;
        let result = task.await_for(&p, Timeout::Ms(5000)).await;
        p.log(format!("Result: {result}"));
    });
    let r = sim.run();
    assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome);
    r.steps
}
