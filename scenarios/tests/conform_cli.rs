//! `otpsim conform` as a user runs it: without Elixir it exits 2 and says how to install it;
//! with Elixir it agrees on a catalogue entry and exits 0; `--record` and `--recorded` stand
//! a recording in for the VM. Where no Elixir runs (and `OTPSIM_CONFORM` is unset), the
//! tests that need a VM use the repository's recording instead, as `tests/tests/conform.rs`
//! does.

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

fn elixir() -> String {
    std::env::var("OTPSIM_ELIXIR").unwrap_or_else(|_| "elixir".into())
}

/// Whether to run the VM live: as `tests/tests/conform.rs` decides (`OTPSIM_CONFORM`, else
/// whether `elixir` runs here).
fn live() -> bool {
    match std::env::var("OTPSIM_CONFORM").as_deref() {
        Ok("live" | "record") => true,
        Ok(_) => false,
        Err(_) => Command::new(elixir())
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success()),
    }
}

fn recording() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/recordings/catalogue-and-generated.vmrec"
    )
    .to_string()
}

#[test]
fn the_tutorial_example_agrees_with_the_vm() {
    let elixir = elixir();
    let rec = recording();
    let args: Vec<&str> = if live() {
        vec!["conform", "AsyncExample", "--elixir", &elixir]
    } else {
        vec!["conform", "AsyncExample", "--recorded", &rec]
    };
    let o = otpsim(&args);
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(0), "{args:?}\n{out}\n{err}");
    assert!(
        out.contains("conform: 1 programs, 1 agreed, 0 disagreed"),
        "{out}"
    );
}

/// `--record FILE` writes what the VM observed; `--recorded FILE` compares against it with
/// no VM at all (here `--elixir` names none). Without Elixir, only the second half runs,
/// against the repository's recording.
#[test]
fn a_recording_replaces_the_vm() {
    let dir = std::env::temp_dir().join(format!("otpsim-record-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let file = if live() {
        let file = dir.join("two.vmrec").display().to_string();
        let o = otpsim(&[
            "conform",
            "AsyncExample",
            "FireAndForget",
            "--elixir",
            &elixir(),
            "--record",
            &file,
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert!(
            err.contains("recorded the VM's observations of 2 programs"),
            "{err}"
        );
        let text = std::fs::read_to_string(&file).expect("written");
        assert!(text.starts_with("# otpsim VM recording v1"), "{text}");
        assert!(text.contains("program FireAndForget"), "{text}");
        file
    } else {
        recording()
    };
    let o = otpsim(&[
        "conform",
        "AsyncExample",
        "FireAndForget",
        "--elixir",
        "/nonexistent/elixir",
        "--recorded",
        &file,
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("conform: 2 programs, 2 agreed, 0 disagreed"),
        "{out}"
    );
    assert!(
        out.contains("(simulator only); the VM's side recorded in"),
        "{out}"
    );
    // A program the recording lacks is not compared, and says how to record it.
    let o = otpsim(&[
        "conform",
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ping_then_crash.ron"),
        "--recorded",
        &file,
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("NOT RECORDED PingThenCrash"), "{out}");
    assert!(out.contains("--record FILE"), "{out}");
    // A file that is not a recording is bad input.
    let o = otpsim(&["conform", "AsyncExample", "--recorded", "Cargo.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a recording"));
    let _ = std::fs::remove_dir_all(&dir);
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

/// `otpsim conform FILE.exs`: an Elixir file runs through the IR on both sides; with a
/// catalogue name beside it, both run in one batch (every program goes through the IR).
#[test]
fn an_elixir_file_agrees_with_the_vm() {
    let elixir = elixir();
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/exs/async_example.exs");
    let rec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/recordings/exs-tutorial.vmrec"
    );
    let args: Vec<&str> = if live() {
        vec!["conform", file, "--elixir", &elixir]
    } else {
        vec!["conform", file, "--recorded", rec]
    };
    let o = otpsim(&args);
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(0), "{args:?}\n{out}\n{err}");
    assert!(
        out.contains("conform: 1 programs, 1 agreed, 0 disagreed"),
        "{out}"
    );
    if live() {
        let o = otpsim(&["conform", file, "AsyncExample", "--elixir", &elixir]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(0), "{out}");
        assert!(
            out.contains("conform: 2 programs, 2 agreed, 0 disagreed"),
            "{out}"
        );
    }
    // A file that does not lower is bad input, with its place.
    let dir = std::env::temp_dir().join(format!("otpsim-exs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let bad = dir.join("bad.exs");
    std::fs::write(&bad, "x = <<1, 2>>\n").expect("written");
    let o = otpsim(&["conform", &bad.display().to_string(), "--recorded", rec]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("bad.exs:1:"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
