//! A crash input of the `schedule` or `program` target as files `otpsim` replays:
//!
//! ```sh
//! cargo run -p otpsim-fuzz --example crash -- schedule fuzz/targets/artifacts/schedule/crash-...
//! cargo run -p otpsim-fuzz --example crash -- program fuzz/targets/artifacts/program/crash-... [DIR]
//! ```
//!
//! writes `DIR/crash.schedule` (default `DIR`: the current directory), and for `program`
//! also `DIR/crash.exs`, the generated program, then prints the `otpsim replay` command.
//! (An `inputs` crash is itself the file: its first byte says what it is.)

use otpsim_fuzz::decisions;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (target, input, dir) = match args.as_slice() {
        [t, f] => (t, f, PathBuf::from(".")),
        [t, f, d] => (t, f, PathBuf::from(d)),
        _ => {
            eprintln!("usage: crash (schedule|program) CRASH_FILE [OUT_DIR]");
            return ExitCode::from(2);
        }
    };
    let data = match std::fs::read(input) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("crash: cannot read {input}: {e}");
            return ExitCode::from(2);
        }
    };
    let schedule_path = dir.join("crash.schedule");
    let (arg, schedule) = match target.as_str() {
        "schedule" => {
            let [which, faults, picks @ ..] = data.as_slice() else {
                eprintln!("crash: a schedule input has at least two bytes");
                return ExitCode::from(2);
            };
            otpsim_fuzz::schedule::with_subject(*which, |s| {
                (
                    s.arg.clone(),
                    decisions::schedule_file(&s.scenario, *faults, picks),
                )
            })
        }
        "program" => {
            let Some((program, faults, picks)) = otpsim_fuzz::program::program(&data) else {
                eprintln!("crash: a program input has at least two bytes (ten when seeded)");
                return ExitCode::from(2);
            };
            let scenario = match scenarios::Scenario::from_steps(&program) {
                Ok(s) => s,
                Err(e) => {
                    let ron = dir.join("crash.ron");
                    if let Err(e) = std::fs::write(&ron, scenarios::lang::to_ron(&program)) {
                        eprintln!("crash: cannot write {}: {e}", ron.display());
                        return ExitCode::from(2);
                    }
                    eprintln!(
                        "crash: the program does not lower (that is the bug): {}; its steps are in {}",
                        e.message,
                        ron.display()
                    );
                    return ExitCode::from(1);
                }
            };
            let exs = dir.join("crash.exs");
            let written = scenarios::lang::elixir_src::to_elixir(&program)
                .map_err(|e| e.message)
                .and_then(|text| std::fs::write(&exs, text).map_err(|e| e.to_string()));
            if let Err(e) = written {
                eprintln!("crash: cannot write {}: {e}", exs.display());
                return ExitCode::from(2);
            }
            (
                exs.display().to_string(),
                decisions::schedule_file(&scenario, faults, picks),
            )
        }
        other => {
            eprintln!("crash: unknown target `{other}`: expected `schedule` or `program`");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = std::fs::write(&schedule_path, schedule) {
        eprintln!("crash: cannot write {}: {e}", schedule_path.display());
        return ExitCode::from(2);
    }
    println!("otpsim replay {arg} --schedule {}", schedule_path.display());
    ExitCode::SUCCESS
}
