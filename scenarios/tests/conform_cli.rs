//! `otpsim conform` as a user runs it: without Elixir it exits 2 and says how to install it;
//! with Elixir (the conformance tests in `tests/tests/conform.rs` need it anyway) it agrees
//! on a catalogue entry and exits 0.

use std::process::{Command, Output};

fn otpsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_otpsim"))
        .args(args)
        .output()
        .expect("the otpsim binary runs")
}

#[test]
fn without_elixir_it_exits_2_and_says_how_to_install_it() {
    let o = otpsim(&["conform", "AsyncExample", "--elixir", "/nonexistent/elixir"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("apt-get install -y elixir"), "{err}");
}

#[test]
fn a_bad_program_argument_exits_2() {
    let o = otpsim(&[
        "conform",
        "no/such/file.ron",
        "--elixir",
        "/nonexistent/elixir",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_tutorial_example_agrees_with_the_vm() {
    let elixir = std::env::var("OTPSIM_ELIXIR").unwrap_or_else(|_| "elixir".into());
    let o = otpsim(&["conform", "AsyncExample", "--elixir", &elixir]);
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "needs Elixir 1.14 / OTP 25 (`apt-get install -y elixir`)\n{out}\n{err}"
    );
    assert!(
        out.contains("conform: 1 programs, 1 agreed, 0 disagreed"),
        "{out}"
    );
}

/// `--quantum 0` used to say "not a number of seeds", and `--keep FILE` failed later
/// without naming the path.
#[test]
fn bad_flags_say_which_flag_and_which_path() {
    let o = otpsim(&["conform", "AsyncExample", "--quantum", "0"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("`0` is not a quantum in milliseconds"),
        "{err}"
    );
    let file = std::env::temp_dir().join(format!("otpsim-keep-{}", std::process::id()));
    std::fs::write(&file, "").unwrap();
    let shown = file.to_string_lossy().into_owned();
    let o = otpsim(&["conform", "AsyncExample", "--keep", &shown]);
    let err = String::from_utf8_lossy(&o.stderr);
    let _ = std::fs::remove_file(&file);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "`--keep {shown}`: `{shown}` exists and is not a directory"
        )),
        "{err}"
    );
}
