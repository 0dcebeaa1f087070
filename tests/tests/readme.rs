//! The Rust property test the README shows, compiled and run, and a check that the README
//! still shows exactly this code.

// README: begin property
use model::Task;
use scenarios::runner;
use sim::{Term, Timeout};

/// `Task.await` gives the value of a task that finishes in time, and exits with
/// `{:timeout, {Task, :await, [task, ms]}}` for one that does not — under 500 schedules.
#[test]
fn await_gives_the_value_in_time_and_exits_after_the_timeout() {
    runner::check_random_with(
        500,
        |sim| {
            sim.spawn(|p| async move {
                let fast = Task::spawn_async(&p, |t| async move {
                    t.sleep(100).await;
                    Term::atom("fast")
                })
                .await;
                let slow = Task::spawn_async(&p, |t| async move {
                    t.sleep(300).await;
                    Term::atom("slow")
                })
                .await;
                let v = fast.await_for(&p, Timeout::Ms(200)).await;
                p.log(format!("fast: {v}"));
                match p.catch_exit(slow.await_for(&p, Timeout::Ms(100))).await {
                    Ok(v) => p.log(format!("slow: {v}")),
                    Err(reason) => p.log(format!("slow exited: {reason}")),
                }
            })
        },
        |run| {
            // `run.value` is what the setup returned: the root's pid.
            assert_eq!(run.exit_reason(run.value), Some(&Term::atom("normal")));
            let logs = run.log_texts();
            assert_eq!(logs[0], "fast: :fast");
            assert!(logs[1].starts_with("slow exited: {:timeout, {Task, :await, [%Task{"));
            assert_eq!(
                run.logs[1].time_ms, 200,
                "100 ms for fast, then a 100 ms timeout"
            );
        },
    );
}
// README: end property

#[test]
fn the_readme_shows_this_property_test() {
    let here = include_str!("readme.rs");
    let begin = "// README: begin property\n";
    let start = here.find(begin).expect("marked") + begin.len();
    let end = here.find("// README: end property").expect("marked");
    let code = &here[start..end];
    let readme = include_str!("../../README.md");
    assert!(
        readme.contains(code),
        "README.md must show the property test of tests/tests/readme.rs, verbatim:\n{code}"
    );
}

/// The README's first program is `examples/ping_then_crash.exs`, verbatim, and it meets its
/// expectation under every seed tried (so what the README promises `otpsim run` prints is
/// what it prints).
#[test]
fn the_readme_shows_the_first_example_and_it_meets_its_expectation() {
    let file = include_str!("../../examples/ping_then_crash.exs");
    let readme = include_str!("../../README.md");
    assert!(
        readme.contains(&format!("```elixir\n{file}```")),
        "README.md must show examples/ping_then_crash.exs verbatim"
    );
    let program = scenarios::Scenario::from_exs(file, "examples/ping_then_crash.exs")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(program.expect.is_some(), "it has an expectation");
    for seed in 0..50 {
        let run = program.run(
            &scenarios::Decisions::Seed(seed),
            sim::TraceMode::Off,
            &Default::default(),
        );
        assert_eq!(run.violation, None, "seed {seed}");
        if let Err(why) = program.check(&run) {
            panic!("seed {seed}: {why}");
        }
    }
}
