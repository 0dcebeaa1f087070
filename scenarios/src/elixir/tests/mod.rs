//! Tests of the Elixir front end: one module per area.

mod errors;
mod forms;
mod generated;
mod literals;
mod programs;

use super::{File, Node, ParseError, parse};

/// Parses `src`, failing the test with the error if it does not parse.
fn file(src: &str) -> File {
    match parse(src) {
        Ok(file) => file,
        Err(e) => panic!("{e}\n--- in ---\n{src}"),
    }
}

/// The one top-level expression of `src`.
fn one(src: &str) -> Node {
    let mut body = file(src).body;
    assert_eq!(body.len(), 1, "expected one expression in {src:?}");
    body.remove(0)
}

/// The shape of the one expression of `src`.
fn sexp(src: &str) -> String {
    one(src).sexp()
}

/// The error `src` gives.
fn error(src: &str) -> ParseError {
    match parse(src) {
        Ok(file) => panic!("{src:?} parsed, as:\n{file}"),
        Err(e) => e,
    }
}

/// Printing the AST and parsing the text again gives the same AST.
fn assert_round_trip(src: &str) {
    let first = file(src);
    let printed = first.to_string();
    let second = match parse(&printed) {
        Ok(file) => file,
        Err(e) => panic!("the printed form does not parse: {e}\n{printed}"),
    };
    assert_eq!(first.body.len(), second.body.len(), "{printed}");
    for (a, b) in first.body.iter().zip(&second.body) {
        assert_eq!(a.sexp(), b.sexp(), "printed as:\n{printed}");
    }
}
