//! The scenario language: files round-trip through RON, errors point at the problem.

use scenarios::lang::{load_program, parse_program, to_ron};

/// The step programs of `scenarios/tests/steps/`, loaded.
fn step_programs() -> Vec<scenarios::lang::Program> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/tests/steps");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 5, "{} step programs", paths.len());
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{e}"));
            load_program(&text, &p.display().to_string()).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

#[test]
fn every_step_program_round_trips_through_ron() {
    for program in step_programs() {
        let text = to_ron(&program);
        let back = parse_program(&text, "round-trip").unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back, program);
    }
}

#[test]
fn syntax_errors_name_line_column_and_what_was_expected() {
    let src = "Program(\n    name: \"x\",\n    main: [\n        sleep(\"long\"),\n    ],\n)\n";
    let e = parse_program(src, "f.ron").unwrap_err();
    assert_eq!((e.line, e.col), (4, 15));
    assert!(e.message.contains("Expected"), "{}", e.message);
    let shown = e.to_string();
    assert!(shown.starts_with("f.ron:4:15: "), "{shown}");
    assert!(
        shown.contains("4 |         sleep(\"long\"),\n  |               ^"),
        "{shown}"
    );
}

#[test]
fn value_errors_point_into_the_string() {
    let src = "Program(name: \"x\", main: [\n  send(to: \"self()\", msg: \"{:ok, 1]\"),\n])";
    let e = load_program(src, "f.ron").unwrap_err();
    assert_eq!((e.line, e.col), (2, 35));
    assert_eq!(e.message, "expected `,` or `}`, found `]`");
}

#[test]
fn binding_errors_point_at_the_binding() {
    let src =
        "Program(name: \"x\", main: [\n  async(as: \"t\", do: [\n    log(\"#{nope}\"),\n  ]),\n])";
    let e = load_program(src, "f.ron").unwrap_err();
    assert_eq!((e.line, e.col), (3, 9));
    assert_eq!(e.message, "unknown binding `nope` (nothing is bound here)");
}
