//! The programs of W1 and W2 on `model::Task`, shared by the benches (`tasks.rs`) and the
//! instruction counter's runner (`examples/workload.rs`), so that both measure one program.

use model::Task;
use sim::{Proc, Term, Timeout};
use std::hint::black_box;

/// Deterministic "random" sleeps in 1..=10,000 ms (SplitMix64 of the index).
pub fn deadlines(n: u64) -> Vec<u64> {
    (0..n)
        .map(|i| {
            let mut z = i.wrapping_add(1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            1 + z % 10_000
        })
        .collect()
}

/// W1, as process `p`: `n` times `Task.async(fn -> 1 end) |> Task.await()`.
pub async fn w1(p: Proc, n: u64) {
    let mut sum = 0;
    for _ in 0..n {
        let t = Task::spawn_async(&p, |_| async { Term::Int(1) }).await;
        sum += t.await_for(&p, Timeout::Ms(5000)).await.as_int().unwrap();
    }
    assert_eq!(sum as u64, n);
}

/// W2, as process `p`: a task per deadline, each sleeping that long, spawned at once, then
/// awaited in spawn order with a 20 s timeout.
pub async fn w2(p: Proc, deadlines: Vec<u64>) {
    let mut tasks = Vec::with_capacity(deadlines.len());
    for d in deadlines {
        let t = Task::spawn_async(&p, move |c| async move {
            c.sleep(d).await;
            Term::Int(d as i64)
        })
        .await;
        tasks.push(t);
    }
    for t in tasks {
        black_box(t.await_for(&p, Timeout::Ms(20_000)).await);
    }
}
