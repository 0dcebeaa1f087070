//! The scenario language: files round-trip through RON, errors point at the problem.

use scenarios::catalogue;
use scenarios::lang::{load_program, parse_program, to_ron};

#[test]
fn every_entry_round_trips_through_ron() {
    for program in catalogue::all_steps() {
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
