//! Bad and extreme input, as a table. The promise of the CLI: bad input exits 2 with a
//! message naming what was wrong (`file:line:col` where it applies), a run that fails
//! legitimately exits 1, and nothing panics, hangs or dies of a signal.
//!
//! Each case runs the `otpsim` binary with a timeout and checks its exit code, that a
//! message it chose appears (on stderr; on stdout for runs that fail, which say why there),
//! and that the process neither panicked nor was killed. Every case runs even when an
//! earlier one fails, and all failures are listed together.
//!
//! To add a case: a line in `cases()`, and a file under `tests/bad_inputs/` if it needs one
//! (`{fx}/name` in the arguments). Files that are too large to keep, FIFOs, and schedules
//! that depend on this engine's version are made by `make_files` in a scratch directory
//! (`{tmp}/name`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest a case may run (the debug binary; the slowest case takes well under a second).
const TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Stream {
    Stdout,
    Stderr,
}

struct Case {
    args: Vec<&'static str>,
    code: i32,
    on: Stream,
    says: &'static str,
    /// Stdout goes to `/dev/full`.
    full: bool,
}

/// Bad input: exit 2, `says` on stderr.
fn bad(args: &[&'static str], says: &'static str) -> Case {
    Case {
        args: args.to_vec(),
        code: 2,
        on: Stream::Stderr,
        says,
        full: false,
    }
}

/// A run that fails: exit 1, `says` on stdout (the run's report says why).
fn fails(args: &[&'static str], says: &'static str) -> Case {
    Case {
        code: 1,
        on: Stream::Stdout,
        ..bad(args, says)
    }
}

/// An extreme input that is fine: exit 0, `says` on `on`.
fn fine(args: &[&'static str], on: Stream, says: &'static str) -> Case {
    Case {
        code: 0,
        on,
        ..bad(args, says)
    }
}

impl Case {
    /// The same, its message looked for on `on` (a run that fails and warns on stderr).
    fn on(self, on: Stream) -> Case {
        Case { on, ..self }
    }
    /// The same, with stdout on a full device.
    fn with_full_stdout(self) -> Case {
        Case { full: true, ..self }
    }
}

use Stream::{Stderr, Stdout};

const NOT_A_SEED: &str = "is not a seed: expected a decimal number or 0x-prefixed hex";
const NOT_SEEDS: &str = "is not a number of seeds: expected a whole number >= 1";
const NOT_A_SHARD: &str = "is not a shard: expected K/N with 1 <= K <= N";
const NOT_A_DURATION: &str = "is not a duration: expected a whole number of milliseconds";
const NAME_RULE: &str =
    "a scenario name is one line of text without `/`, `\\` or control characters";
const LINE_FORMAT: &str = "an expected line reads `<ms>ms <process> <what>`";
const TOO_BIG_NUMBER: &str = "expected a whole number from 0 to 9223372036854775807";
const OUT_OF_RANGE: &str = "this number is out of range: durations and counts are whole numbers";

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    vec![
        // The command line.
        bad(&[], "Usage: otpsim <COMMAND>"),
        bad(&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
        bad(&["run"], "the following required arguments were not provided"),
        bad(&["run", "AsyncExample", "--bogus"], "unexpected argument '--bogus'"),
        bad(&["list", "extra"], "unexpected argument 'extra'"),
        bad(&["run", "AsyncExample", "--format", "xml"], "invalid value 'xml' for '--format"),
        bad(&["run", "AsyncExample", "--seed"], "a value is required for '--seed <SEED>'"),
        bad(&["run", "AsyncExample", "--seed", "0xZZ"], NOT_A_SEED),
        bad(&["run", "AsyncExample", "--seed=-1"], NOT_A_SEED),
        bad(&["run", "AsyncExample", "--seed", "18446744073709551616"], NOT_A_SEED),
        bad(&["run", "AsyncExample", "--seed", "0x1_0000_0000_0000_0000"], NOT_A_SEED),
        bad(&["run", "AsyncExample", "--seed", "1.5"], NOT_A_SEED),
        bad(&["run", "AsyncExample", "--seed", ""], NOT_A_SEED),
        bad(&["run", "AsyncExample", "--seed", "0x"], NOT_A_SEED),
        bad(&["replay", "AsyncExample"], "--seed <SEED>|--schedule <FILE>"),
        bad(&["replay", "AsyncExample", "--seed", "1", "--schedule", "x"], "cannot be used with"),
        bad(&["explore"], "the following required arguments were not provided"),
        bad(&["explore", "--all", "AsyncExample"], "cannot be used with"),
        bad(&["explore", "--all", "--seeds", "0"], NOT_SEEDS),
        bad(&["explore", "--all", "--seeds=-5"], NOT_SEEDS),
        bad(&["explore", "--all", "--seeds", "lots"], NOT_SEEDS),
        bad(&["explore", "--all", "--seeds", "18446744073709551616"], NOT_SEEDS),
        bad(&["explore", "AsyncExample", "--seeds", "18446744073709551615"], "a sweep of 18446744073709551615 runs (1 scenario x 18446744073709551615 seeds) is more than the 1000000000"),
        bad(&["explore", "--all", "--seeds", "100000000"], "split the sweep with --shard K/N"),
        bad(&["explore", "--all", "--shard", "0/4"], NOT_A_SHARD),
        bad(&["explore", "--all", "--shard", "5/4"], NOT_A_SHARD),
        bad(&["explore", "--all", "--shard", "1/0"], NOT_A_SHARD),
        bad(&["explore", "--all", "--shard", "half"], NOT_A_SHARD),
        bad(&["explore", "--all", "--shard", "1/2/3"], NOT_A_SHARD),
        bad(&["explore", "--all", "--shard", "1/"], NOT_A_SHARD),
        bad(&["explore", "--all", "--shard=-1/2"], NOT_A_SHARD),
        bad(&["explore", "--all", "--jobs", "0"], "`--jobs 0`: at least one worker thread"),
        bad(&["explore", "--all", "--jobs=-1"], "invalid value '-1' for '--jobs <JOBS>'"),
        bad(&["explore", "--all", "--jobs", "many"], "invalid value 'many' for '--jobs"),
        bad(&["run", "AsyncExample", "--max-time", "0"], NOT_A_DURATION),
        bad(&["run", "AsyncExample", "--max-time", "1y"], NOT_A_DURATION),
        bad(&["run", "AsyncExample", "--max-time=-5s"], NOT_A_DURATION),
        bad(&["explore", "--all", "--max-time", "99999999999999999h"], NOT_A_DURATION),
        bad(&["run", "AsyncExample", "--max-steps", "0"], "`0` is not a number of steps"),
        bad(&["replay", "AsyncExample", "--seed", "1", "--max-steps", "x"], "`x` is not a number of steps"),
        bad(&["replay", "AsyncExample", "--seed", "1", "--max-time", "soon"], NOT_A_DURATION),
        // Strategies and faults.
        bad(&["explore", "AsyncExample", "--strategy", "pct:0"], "`pct:0` is not a strategy: expected random, pct, pct:D (D >= 1)"),
        bad(&["explore", "AsyncExample", "--strategy", "dfs"], "`dfs` is not a strategy"),
        bad(&["explore", "AsyncExample", "--strategy", "exhaustive:-1"], "`exhaustive:-1` is not a strategy"),
        bad(&["explore", "AsyncExample", "--strategy", "random:3"], "`random:3` is not a strategy"),
        bad(&["explore", "AsyncExample", "--strategy", "exhaustive", "--shard", "1/2"], "--shard splits seeds, and an exhaustive walk has none"),
        bad(&["explore", "AsyncExample", "--faults", "kill,fire"], "`fire` is not a fault: expected kill or delay"),
        bad(&["run", "AsyncExample", "--faults", "jitter"], "`jitter` is not a fault: expected kill or delay (timing jitter is --jitter MS)"),
        bad(&["run", "AsyncExample", "--jitter", "60001"], "`60001` is not a jitter: expected a whole number of milliseconds from 0 to 60000"),
        bad(&["run", "AsyncExample", "--jitter=-1"], "`-1` is not a jitter"),
        bad(&["run", "AsyncExample", "--jitter", "1ms"], "`1ms` is not a jitter"),
        bad(&["replay", "AsyncExample", "--schedule", "{tmp}/good.schedule", "--jitter", "2"], "--jitter and --faults are for runs from a seed"),
        bad(&["replay", "AsyncExample", "--schedule", "{tmp}/bad_faults.schedule"], "the `# faults:` line: `fire` is not a fault"),
        bad(&["shrink", "AsyncExample", "--schedule", "{tmp}/good.schedule"], "does not fail: there is nothing to shrink"),
        bad(&["shrink", "AsyncExample", "--schedule", "{fx}/other_scenario.schedule"], "is for scenario `FireAndForget`, not `AsyncExample`"),
        bad(&["shrink", "AsyncExample", "--schedule", "{tmp}/missing.schedule"], "cannot read schedule file"),
        bad(&["shrink", "AsyncExample"], "--schedule <FILE>"),
        bad(&["merge"], "the following required arguments were not provided"),
        bad(&["merge", "{tmp}/missing.json"], "cannot read results file `{tmp}/missing.json`"),
        bad(&["merge", "{fx}/wrong_magic.schedule"], "{fx}/wrong_magic.schedule:1: not JSON"),
        bad(&["merge", "{tmp}/not_results.json"], "{tmp}/not_results.json:1: no `scenario` (not `otpsim explore --json` output)"),
        bad(&["merge", "{tmp}/empty.json"], "no results to merge"),
        // conform's flags (checked before anything looks for an Elixir VM).
        bad(&["conform", "--quantum", "0"], "`0` is not a quantum in milliseconds"),
        bad(&["conform", "--quantum", "fast"], "`fast` is not a quantum in milliseconds"),
        bad(&["conform", "--generate", "0"], "`0` is not a number of programs"),
        bad(&["conform", "--quantum", "18446744073709551615"], "expected a whole number from 1 to 1000"),
        bad(&["conform", "--generate", "18446744073709551615"], "`18446744073709551615` is not a number of programs: expected a whole number from 1 to 100000"),
        bad(&["conform", "--sim-seeds", "0"], "`0` is not a number of seeds: expected a whole number from 1 to 100000"),
        bad(&["conform", "--sim-seeds", "18446744073709551615"], "is not a number of seeds"),
        bad(&["conform", "--gen-seed", "zz"], NOT_A_SEED),
        bad(&["conform", "--frobnicate"], "unexpected argument '--frobnicate'"),
        bad(&["conform", "AsyncExample", "--keep", "{fx}/empty.ron"], "`--keep {fx}/empty.ron`: `{fx}/empty.ron` exists and is not a directory"),
        bad(&["conform", "AsyncExample", "--elixir", "/nonexistent/elixir"], "no Elixir VM to compare with"),
        // Which scenario, and reading its file.
        bad(&["run", "NoSuchScenario"], "unknown scenario `NoSuchScenario`"),
        bad(&["run", "{tmp}/missing.ron"], "no such file exists"),
        bad(&["run", "{fx}"], "cannot read scenario file `{fx}`: it is a directory"),
        bad(&["run", "/dev/zero"], "`/dev/zero`: it is not a regular file"),
        bad(&["explore", "/dev/null"], "`/dev/null`: it is not a regular file"),
        bad(&["run", "{tmp}/fifo.ron"], "it is not a regular file (a device, pipe or socket)"),
        bad(&["run", "{tmp}/huge.ron"], "it is larger than 1 MiB, the most otpsim reads"),
        bad(&["run", "{fx}/garbage.bin"], "{fx}/garbage.bin:1:2: not UTF-8 text (byte 0xfd)"),
        bad(&["run", "{fx}/bad_utf8.ron"], "{fx}/bad_utf8.ron:2:18: not UTF-8 text (byte 0xe9)"),
        bad(&["run", "{fx}/utf16.ron"], "{fx}/utf16.ron:1:1: not UTF-8 text (byte 0xff)"),
        fine(&["run", "{fx}/bom.ron"], Stdout, "scenario: Bom"),
        bad(&["run", "{fx}/bom_error.ron"], "{fx}/bom_error.ron:1:29: Unexpected variant named `bogus`"),
        // RON structure.
        bad(&["run", "{fx}/empty.ron"], "{fx}/empty.ron:1:1: the file is empty"),
        bad(&["run", "{fx}/whitespace.ron"], "the file is empty"),
        bad(&["run", "{fx}/comment_only.ron"], "the file ends too soon"),
        bad(&["run", "{fx}/truncated.ron"], "{fx}/truncated.ron:3:19: the file ends too soon"),
        bad(&["run", "{fx}/truncated_string.ron"], "{fx}/truncated_string.ron:2:11: the file ends too soon"),
        bad(&["run", "{fx}/missing_main.ron"], "Unexpected missing field named `main` in `Program`"),
        bad(&["run", "{fx}/unknown_field.ron"], "{fx}/unknown_field.ron:1:20: Unexpected field named `mian`"),
        bad(&["run", "{fx}/name_not_string.ron"], "{fx}/name_not_string.ron:1:14: Expected string"),
        bad(&["run", "{fx}/main_not_list.ron"], "{fx}/main_not_list.ron:1:25: Expected opening `[`"),
        bad(&["run", "{fx}/not_a_program.ron"], "Expected struct `Program` but found `Scenario`"),
        bad(&["run", "{fx}/list_at_top.ron"], "Expected opening `(` for struct `Program`"),
        bad(&["run", "{fx}/trailing.ron"], "{fx}/trailing.ron:1:29: Non-whitespace trailing characters"),
        bad(&["run", "{fx}/duplicate_field.ron"], "Unexpected duplicate field named `name`"),
        bad(&["run", "{fx}/unknown_step.ron"], "{fx}/unknown_step.ron:2:5: Unexpected variant named `bogus`"),
        bad(&["run", "{fx}/unclosed_list.ron"], "{fx}/unclosed_list.ron:2:1: Expected comma"),
        bad(&["run", "{fx}/missing_comma.ron"], "{fx}/missing_comma.ron:3:21: Expected comma"),
        bad(&["run", "{fx}/nul_byte.ron"], "{fx}/nul_byte.ron:1:27: Expected identifier"),
        bad(&["run", "{tmp}/deep_steps.ron"], "the file nests deeper than 128 levels here"),
        bad(&["run", "{tmp}/far_column.ron"], "{tmp}/far_column.ron:1:70027: Unexpected variant named `bogus`"),
        // Numbers.
        bad(&["run", "{fx}/sleep_string.ron"], "{fx}/sleep_string.ron:1:33: Expected integer"),
        bad(&["run", "{fx}/sleep_negative.ron"], OUT_OF_RANGE),
        bad(&["run", "{fx}/sleep_float.ron"], "{fx}/sleep_float.ron:1:34: Expected closing `)`"),
        bad(&["run", "{fx}/sleep_i64_max_plus_1.ron"], "{fx}/sleep_i64_max_plus_1.ron:2:11: expected a whole number from 0 to 9223372036854775807, found `9223372036854775808`"),
        bad(&["run", "{fx}/sleep_u64_max.ron"], "{fx}/sleep_u64_max.ron:2:11: expected a whole number from 0 to 9223372036854775807, found `18446744073709551615`"),
        bad(&["run", "{fx}/sleep_past_u64.ron"], OUT_OF_RANGE),
        bad(&["run", "{fx}/timeout_huge.ron"], "{fx}/timeout_huge.ron:3:31: expected a timeout"),
        bad(&["run", "{fx}/timeout_word.ron"], "found `forever`"),
        bad(&["run", "{fx}/timeout_negative.ron"], "found `-5`"),
        bad(&["explore", "{fx}/max_seconds_huge.ron"], TOO_BIG_NUMBER),
        bad(&["run", "{fx}/max_restarts_huge.ron"], "(`max_restarts` at most 1000)"),
        bad(&["run", "{fx}/max_children_negative.ron"], OUT_OF_RANGE),
        bad(&["run", "{fx}/restart_loop.ron"], "{fx}/restart_loop.ron:2:62: expected `max_restarts` from 0 to 1000, found `4294967295`"),
        fine(&["run", "{fx}/restart_loop_at_limit.ron"], Stdout, "gave up on :a: reached_max_restart_intensity"),
        bad(&["run", "{fx}/shutdown_word.ron"], "expected a shutdown mode"),
        bad(&["run", "{fx}/receive_after_huge.ron"], "found `99999999999999999999`"),
        bad(&["run", "{fx}/int_in_expr_huge.ron"], "{fx}/int_in_expr_huge.ron:2:15: expected an integer, found `99999999999999999999`"),
        bad(&["run", "{fx}/strategy_unknown.ron"], "Unexpected variant named `one_for_none` in enum `Strategy`"),
        // Names.
        bad(&["explore", "{fx}/name_slash.ron"], "{fx}/name_slash.ron:2:12: `/` cannot be part of a scenario name"),
        bad(&["explore", "{fx}/name_dotdot.ron"], "{fx}/name_dotdot.ron:2:14: `/` cannot be part"),
        bad(&["run", "{fx}/name_backslash.ron"], NAME_RULE),
        bad(&["run", "{fx}/name_empty.ron"], "the scenario name is empty"),
        bad(&["run", "{fx}/name_blank.ron"], "the scenario name is empty"),
        bad(&["run", "{fx}/name_newline.ron"], "{fx}/name_newline.ron:2:13: `\\n` cannot be part"),
        bad(&["run", "{fx}/name_bell.ron"], "`\\u{7}` cannot be part of a scenario name"),
        bad(&["run", "{fx}/name_padded.ron"], "cannot start or end with whitespace"),
        // Expectations.
        bad(&["run", "{fx}/expect_garbage.ron"], "{fx}/expect_garbage.ron:4:38: this line does not start with a time"),
        bad(&["run", "{fx}/expect_no_ms.ron"], LINE_FORMAT),
        bad(&["run", "{fx}/expect_no_what.ron"], "this line has no process or nothing it observed"),
        bad(&["run", "{fx}/expect_one_of_empty.ron"], "`one_of` needs at least one set of lines"),
        bad(&["run", "{fx}/expect_one_of_bad.ron"], "{fx}/expect_one_of_bad.ron:4:49: this line does not start"),
        bad(&["run", "{fx}/expect_not_list.ron"], "Expected opening `[`"),
        bad(&["run", "{fx}/expect_garbage.exs"], "{fx}/expect_garbage.exs:3:1: this line does not start with a time"),
        bad(&["run", "{fx}/expect_control.exs"], "this line holds a control character (observations show them escaped)"),
        bad(&["run", "{fx}/expect_unknown_kind.ron"], "Unexpected variant named `exactly` in enum `Expect`"),
        // Values, patterns and bindings.
        bad(&["run", "{fx}/unbound.ron"], "{fx}/unbound.ron:2:15: unknown binding `t`"),
        bad(&["run", "{fx}/expr_unclosed.ron"], "expected `,` or `}`, found the end of the text"),
        bad(&["run", "{fx}/expr_unknown_fn.ron"], "unknown function `foo`"),
        bad(&["run", "{fx}/expr_underscore.ron"], "`_x` can only be used in a pattern"),
        bad(&["run", "{fx}/expr_pin.ron"], "`^x` can only be used in a pattern"),
        bad(&["run", "{fx}/expr_deep.ron"], "values nest deeper than 64 levels"),
        bad(&["run", "{fx}/pattern_self.ron"], "a pattern cannot call functions or read fields"),
        bad(&["run", "{fx}/bad_variable.ron"], "`X` is not a usable variable name"),
        bad(&["run", "{fx}/keyword_variable.ron"], "`do` is not a usable variable name"),
        bad(&["run", "{fx}/template_unclosed.ron"], "expected `}` to close this `#{`"),
        bad(&["run", "{fx}/field_unknown.ron"], "unknown field `name`: a task has `pid`, `ref` and `owner`"),
        bad(&["run", "{fx}/field_of_value.ron"], "`x` is not a task"),
        bad(&["run", "{fx}/child_id_tuple.ron"], "a child id must be an atom"),
        bad(&["run", "{fx}/child_no_id.ron"], "this `task` child spec needs an `id:`"),
        bad(&["run", "{fx}/wrong_sup_kind.ron"], "`start_child` needs a Supervisor or a DynamicSupervisor"),
        // Schedule files.
        bad(&["replay", "AsyncExample", "--schedule", "{tmp}/missing.schedule"], "cannot read schedule file `{tmp}/missing.schedule`: No such file"),
        bad(&["replay", "AsyncExample", "--schedule", "{fx}"], "cannot read schedule file `{fx}`: it is a directory"),
        bad(&["replay", "AsyncExample", "--schedule", "/dev/zero"], "it is not a regular file"),
        bad(&["replay", "AsyncExample", "--schedule", "{tmp}/huge.schedule"], "it is larger than 64 MiB"),
        bad(&["replay", "AsyncExample", "--schedule", "{fx}/garbage.schedule"], "{fx}/garbage.schedule:2:1: not UTF-8 text"),
        bad(&["replay", "AsyncExample", "--schedule", "{fx}/empty.schedule"], "not an otpsim schedule file"),
        bad(&["replay", "AsyncExample", "--schedule", "{fx}/no_header.schedule"], "the first line must be `# otpsim schedule v2` (or `# otpsim schedule v1`)"),
        bad(&["replay", "AsyncExample", "--schedule", "{fx}/wrong_magic.schedule"], "not an otpsim schedule file"),
        bad(&["replay", "AsyncExample", "--schedule", "{fx}/no_engine.schedule"], "the `# engine:` line is missing"),
        bad(&["replay", "AsyncExample", "--schedule", "{fx}/no_scenario.schedule"], "the `# scenario:` line is missing"),
        bad(&["replay", "AsyncExample", "--schedule", "{fx}/other_scenario.schedule"], "is for scenario `FireAndForget`, not `AsyncExample`"),
        bad(&["replay", "AsyncExample", "--schedule", "{fx}/letters.schedule"], "line 4: expected a decision (`kind:pick/options`, or a whole number), found \"x\""),
        bad(&["replay", "AsyncExample", "--schedule", "{fx}/negative.schedule"], "found \"-1\""),
        bad(&["replay", "AsyncExample", "--schedule", "{fx}/past_u32.schedule"], "found \"4294967296\""),
        bad(&["replay", "AsyncExample", "--schedule", "{fx}/bad_seed.schedule"], "the `# seed:` line: `0xZZ` is not a seed"),
        bad(&["replay", "AsyncExample", "--schedule", "{fx}/bad_count.schedule"], "the `# decisions:` line: expected a whole number, found `six`"),
        bad(&["replay", "AsyncExample", "--schedule", "{fx}/cut_short.schedule"], "the header says 6 decisions but the file holds 2"),
        bad(&["replay", "AsyncExample", "--schedule", "{tmp}/garbage_decisions.schedule"], "does not fit scenario `AsyncExample`: decision #0"),
        bad(&["replay", "AsyncExample", "--schedule", "{tmp}/edited.schedule"], "the file was edited"),
        bad(&["replay", "AsyncExample", "--schedule", "{tmp}/cut_v2.schedule"], "it was cut short or edited"),
        bad(&["replay", "AsyncExample", "--schedule", "{tmp}/short_v2.schedule"], "the schedule ends after 1 decision but the run needs more"),
        fine(&["replay", "AsyncExample", "--schedule", "{fx}/other_engine.schedule"], Stderr, "was written by otpsim 0.0.1"),
        fine(&["replay", "AsyncExample", "--schedule", "{tmp}/good.schedule"], Stdout, "expectation: met"),
        bad(&["run", "AsyncExample", "--save-schedule", "{fx}"], "cannot write schedule file `{fx}`"),
        bad(&["run", "AsyncExample", "--save-schedule", "/dev/full"], "cannot write schedule file `/dev/full`"),
        bad(&["run", "AsyncExample", "--save-schedule", "{tmp}/no/such/dir/x.schedule"], "cannot write schedule file"),
        bad(&["run", "{fx}/deadlock.ron", "--save-schedule", "{fx}/deadlock.ron"], "it exists and is not a schedule file (otpsim does not overwrite it"),
        bad(&["run", "AsyncExample", "--save-schedule", "{fx}/README.md"], "it exists and is not a schedule file"),
        // Output that cannot be written.
        bad(&["run", "AsyncExample"], "cannot write the output: No space left on device")
        .with_full_stdout(),
        bad(&["list"], "cannot write the output").with_full_stdout(),
        bad(&["explore", "AsyncExample", "--seeds", "2"], "cannot write the output")
        .with_full_stdout(),
        // Runs that fail, for a reason the output gives (exit 1).
        fails(&["run", "{fx}/deadlock.ron"], "expectation: FAILED: deadlock: #PID<0.0.0> waits in receive"),
        fails(&["run", "{fx}/wrong_expectation.ron"], "expected `0ms main log goodbye`, observed `0ms main log hello`"),
        fails(&["run", "{fx}/crash_expected_ok.ron"], "expected `0ms main exit :normal` (in this order), not observed"),
        fails(&["run", "{fx}/to_string_tuple.ron"], "Protocol.UndefinedError"),
        fails(&["run", "{fx}/long_sleep.ron"], "outcome:  time-budget"),
        fails(&["run", "{tmp}/doubling.ron"], "limits:      FAILED: size limit: main built a value larger than 1000000 units"),
        fails(&["run", "{tmp}/nested_value.ron"], "size limit: main built a value nested deeper than 1000 levels"),
        fails(&["run", "{fx}/template_too_big.ron"], "limits:      FAILED: size limit"),
        // What the library builds is held to the same limits (it crashed the simulator by
        // overflowing its stack, dropping a list nested 200,000 deep).
        fails(&["run", "{tmp}/lib_nesting.exs"], "size limit: main built a value nested deeper than 1000 levels"),
        fails(&["run", "{tmp}/lib_doubling.exs"], "size limit: main built a value larger than 1000000 units"),
        // Loops that never block end in the step budget (they held the run for ever);
        // function calls count 100 to a step, an `after 0` that times out as a step.
        fails(&["run", "{tmp}/call_loop.exs", "--max-steps", "100"], "step-budget: 1 steps taken and 9920 function calls made"),
        fails(&["run", "{tmp}/after0_loop.exs", "--max-steps", "100"], "outcome:  step-budget"),
        fine(&["run", "{tmp}/calls_5000.exs", "--max-steps", "100"], Stdout, "main log done"),
        fails(&["explore", "{tmp}/doubling.ron", "--seeds", "3", "--failures-dir", "{tmp}/failures"], "FAILED at seed 0x0: size limit"),
        fails(&["run", "AsyncExample", "--max-time", "1999ms"], "outcome:  time-budget"),
        fails(&["run", "AsyncExample", "--max-steps", "2"], "outcome:  step-budget after 2 steps"),
        fails(&["explore", "AsyncExample", "--seeds", "4", "--max-steps", "2", "--failures-dir", "{tmp}/failures"], "--max-steps 2"),
        fails(&["explore", "{fx}/wrong_expectation.ron", "AsyncExample", "--seeds", "2", "--failures-dir", "{fx}/empty.ron"], "schedule: not written: cannot write schedule file"),
        fails(&["explore", "{fx}/wrong_expectation.ron", "--seeds", "2", "--failures-dir", "{fx}/empty.ron"], "otpsim: warning: cannot write schedule file").on(Stderr),
        // Extremes that are fine.
        fine(&["explore", "AsyncExample", "--seeds", "3", "--shard", "5/8"], Stderr, "warning: shard 5/8 of seeds 0..3 is empty"),
        fine(&["explore", "AsyncExample", "--seeds", "2", "--jobs", "100000"], Stdout, "on 2 threads"),
        fine(&["run", "{fx}/control_log.ron"], Stdout, "main log a\\u{1b}[31mred\\u{7}"),
        fine(&["run", "{fx}/unicode.ron", "--format", "mermaid"], Stdout, "%% Ünïcödé ✓ (seed 0x0): 日本語"),
        fine(&["run", "{fx}/comments_everywhere.ron"], Stdout, "expectation: none (the run completed)"),
        fine(&["run", "{tmp}/long_binding.ron"], Stdout, "log hi"),
        fine(&["explore", "{tmp}/long_name.ron", "--seeds", "2"], Stdout, "1 scenario, 2 runs"),
        fine(&["run", "AsyncExample", "--seed", "0xFFFFFFFFFFFFFFFF", "--format", "chrome"], Stdout, "traceEvents"),
    ]
}

/// A scratch directory, removed at the end.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The files too large, too special or too version-bound to keep under `tests/bad_inputs/`.
fn make_files(tmp: &Path) {
    let write = |name: &str, text: &str| std::fs::write(tmp.join(name), text).unwrap();
    // Sparse: larger than the limits without writing megabytes.
    for (name, len) in [("huge.ron", 2 << 20), ("huge.schedule", 65 << 20)] {
        std::fs::File::create(tmp.join(name))
            .and_then(|f| f.set_len(len))
            .unwrap();
    }
    write(
        "lib_nesting.exs",
        "x = Enum.reduce(1..200_000, [], fn _, acc -> List.duplicate(acc, 1) end)\nIO.inspect(length(x))\n",
    );
    write(
        "lib_doubling.exs",
        "x = Enum.reduce(1..40, [1], fn _, x -> List.duplicate(x, 2) end)\nIO.inspect(x == x)\n",
    );
    write(
        "call_loop.exs",
        "defmodule L do\n  def loop(n), do: loop(n + 1)\nend\nL.loop(0)\n",
    );
    write(
        "after0_loop.exs",
        "defmodule L do\n  def loop(n) do\n    receive do\n      :x -> n\n    after\n      0 -> loop(n + 1)\n    end\n  end\nend\nL.loop(0)\n",
    );
    write(
        "calls_5000.exs",
        "defmodule L do\n  def loop(0), do: :ok\n  def loop(n), do: loop(n - 1)\nend\nL.loop(5000)\nIO.puts(\"done\")\n",
    );
    let fifo = Command::new("mkfifo").arg(tmp.join("fifo.ron")).status();
    assert!(fifo.is_ok_and(|s| s.success()), "mkfifo");
    write(
        "deep_steps.ron",
        &format!(
            "Program(name: \"D\", main: [{}{}])",
            "catch_exit(do: [".repeat(200),
            "])".repeat(200)
        ),
    );
    write(
        "far_column.ron",
        &format!(
            "Program(name: \"F\", main: [{}bogus(1)])",
            " ".repeat(70_000)
        ),
    );
    let doubling = vec![r#"let("x", "{x, x}")"#; 24].join(", ");
    write(
        "doubling.ron",
        &format!(
            "Program(name: \"Doubling\", main: [let(\"x\", \"1\"), {doubling}, log(\"done\")])"
        ),
    );
    let nest = format!("let(\"x\", \"{}x{}\")", "[".repeat(60), "]".repeat(60));
    write(
        "nested_value.ron",
        &format!(
            "Program(name: \"Nested\", main: [let(\"x\", \"1\"), {}])",
            vec![nest.as_str(); 700].join(", ")
        ),
    );
    write(
        "long_binding.ron",
        &format!(
            "Program(name: \"L\", main: [spawn(as: \"{}\", do: [log(\"hi\")])])",
            "b".repeat(70_000)
        ),
    );
    write(
        "long_name.ron",
        &format!("Program(name: \"{}\", main: [])", "N".repeat(70_000)),
    );
    // Schedules of this engine version (a fixed version would only warn after a bump).
    let program = scenarios::catalogue::find("AsyncExample").unwrap();
    let run = program.run(
        &scenarios::Decisions::Seed(0),
        sim::TraceMode::Off,
        &Default::default(),
    );
    let schedule = &run.report.schedule;
    let good = scenarios::schedule_file::write("AsyncExample", Some(0), schedule);
    write("good.schedule", &good);
    // Every pick moved to the next option: a well-formed file whose decisions name other
    // processes and signals than the run offers.
    let mut garbage = schedule.clone();
    for d in &mut garbage.decisions {
        let n = d.at.expect("recorded").n;
        d.pick = (d.pick + 1) % n;
    }
    // A decision edited by hand (the checksum no longer matches), the last one cut off
    // (the count no longer matches), and a schedule cut to one decision and written as a
    // whole file (the replay finds it short).
    let first = schedule.decisions[0].to_string();
    let mut other = schedule.decisions[0];
    other.pick = (other.pick + 1) % other.at.expect("recorded").n;
    write(
        "edited.schedule",
        &good.replacen(&first, &other.to_string(), 1),
    );
    let last = format!(" {}\n", schedule.decisions.last().unwrap());
    assert!(good.ends_with(&last), "{good}");
    write("cut_v2.schedule", &good.replace(&last, "\n"));
    let short = sim::Schedule::new(schedule.decisions[..1].to_vec());
    write(
        "short_v2.schedule",
        &scenarios::schedule_file::write("AsyncExample", Some(0), &short),
    );
    write(
        "bad_faults.schedule",
        &good.replacen("# decisions:", "# faults: fire=1\n# decisions:", 1),
    );
    write("not_results.json", "{\"outcomes\": []}\n");
    write("empty.json", "\n");
    write(
        "garbage_decisions.schedule",
        &scenarios::schedule_file::write("AsyncExample", Some(0), &garbage),
    );
}

/// What a case did.
struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

// The harness times the child process (a hang is a failure), never a run.
#[allow(clippy::disallowed_methods)]
fn run(args: &[String], full: bool) -> Result<Ran, String> {
    let stdout = if full {
        Stdio::from(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .map_err(|e| format!("/dev/full: {e}"))?,
        )
    } else {
        Stdio::piped()
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_otpsim"))
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start otpsim: {e}"))?;
    // Read both pipes while waiting, so a large output cannot block the child.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after {TIMEOUT:?}: killed (a hang)"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Ok(Ran {
        code: status.code(),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    })
}

/// Why a case failed, if it did.
fn check(case: &Case, args: &[String], says: &str) -> Result<(), String> {
    let ran = run(args, case.full)?;
    let both = format!("{}{}", ran.stdout, ran.stderr);
    for sign in [
        "panicked at",
        "RUST_BACKTRACE",
        "stack backtrace",
        "overflowed its stack",
    ] {
        if both.contains(sign) {
            return Err(format!("it panicked (`{sign}`):\n{}", ran.stderr));
        }
    }
    let Some(code) = ran.code else {
        return Err(format!("killed by a signal\nstderr: {}", ran.stderr));
    };
    let shown = || {
        format!(
            "stdout:\n{}\nstderr:\n{}",
            tail(&ran.stdout),
            tail(&ran.stderr)
        )
    };
    if code != case.code {
        return Err(format!("exit {code}, expected {}\n{}", case.code, shown()));
    }
    let text = match case.on {
        Stdout => &ran.stdout,
        Stderr => &ran.stderr,
    };
    if !text.contains(says) {
        return Err(format!("{:?} lacks `{says}`\n{}", case.on, shown()));
    }
    Ok(())
}

/// The end of a long output (a failure message should stay readable).
fn tail(s: &str) -> &str {
    let start = s.len().saturating_sub(2000);
    let start = (start..=s.len())
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0);
    &s[start..]
}

#[test]
fn bad_input_exits_2_failing_runs_exit_1_nothing_panics_or_hangs() {
    let fx = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad_inputs");
    let tmp = std::env::temp_dir().join(format!("otpsim-bad-inputs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let _scratch = Scratch(tmp.clone());
    make_files(&tmp);
    let tmp = tmp.to_string_lossy().into_owned();
    let fill = |s: &str| s.replace("{fx}", fx).replace("{tmp}", &tmp);

    let all = cases();
    assert!(all.len() >= 100, "{} cases", all.len());
    let mut failed = Vec::new();
    for case in &all {
        let args: Vec<String> = case.args.iter().map(|a| fill(a)).collect();
        if let Err(why) = check(case, &args, &fill(case.says)) {
            failed.push(format!(
                "otpsim {}\n  {}",
                args.join(" "),
                why.replace('\n', "\n  ")
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failed.len(),
        all.len(),
        failed.join("\n\n")
    );
}
