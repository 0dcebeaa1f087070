//! Literals: numbers, atoms, strings, heredocs, charlists, escapes.

use super::super::{Kind, Part};
use super::{error, one, sexp};

#[test]
fn integers_in_every_base() {
    for (src, value) in [
        ("42", 42),
        ("1_000", 1000),
        ("0x1F", 31),
        ("0xff_ff", 0xffff),
        ("0b101", 5),
        ("0o17", 15),
        ("-7", -7),
        ("+7", 7),
        ("9223372036854775807", i64::MAX),
        ("-9223372036854775808", i64::MIN),
        ("?a", 97),
        ("?\\n", 10),
        ("?\\s", 32),
        ("?é", 233),
    ] {
        assert_eq!(one(src).kind, Kind::Int(value), "{src}");
    }
}

#[test]
fn integers_out_of_range_are_errors_at_the_literal() {
    for (src, col) in [
        ("9223372036854775808", 1),
        ("x = -9223372036854775809", 6),
        ("[1, 0x1_0000_0000_0000_0000]", 5),
        ("f(99999999999999999999999999999999999999999999999)", 3),
    ] {
        let e = error(src);
        assert_eq!((e.span.line, e.span.col), (1, col), "{src}: {e}");
        assert!(e.message.contains("does not fit in 64 bits"), "{e}");
    }
}

#[test]
fn floats_are_kept() {
    assert_eq!(one("1.5").kind, Kind::Float(1.5));
    assert_eq!(one("-2.5e3").kind, Kind::Float(-2500.0));
    assert_eq!(one("1_000.0").kind, Kind::Float(1000.0));
    assert_eq!(one("1.0").to_string(), "1.0");
}

#[test]
fn atoms_including_booleans_nil_and_quoted() {
    for (src, name) in [
        (":ok", "ok"),
        (":\"quoted atom\"", "quoted atom"),
        (":'single'", "single"),
        (":+", "+"),
        (":valid?", "valid?"),
        ("true", "true"),
        ("false", "false"),
        ("nil", "nil"),
    ] {
        assert_eq!(one(src).kind, Kind::Atom(name.to_string()), "{src}");
    }
    assert_eq!(one(":\"quoted atom\"").to_string(), ":\"quoted atom\"");
}

#[test]
fn strings_with_interpolation_and_escapes() {
    assert_eq!(sexp("\"plain\""), "(str \"plain\")");
    assert_eq!(sexp("\"\""), "(str)");
    assert_eq!(
        sexp("\"Result: #{result}!\""),
        "(str \"Result: \" (# (var result)) \"!\")"
    );
    assert_eq!(sexp("\"#{a}#{b}\""), "(str (# (var a)) (# (var b)))");
    assert_eq!(sexp("\"#{}\""), "(str (# (block)))");
    let Kind::Str(parts) = one(r#""t\tn\n q\" b\\ s\s e\e x\x41 u\u00e9 U\u{1F600} h\#{x}""#).kind
    else {
        panic!("not a string")
    };
    assert_eq!(
        parts,
        [Part::Text(
            "t\tn\n q\" b\\ s  e\u{1b} xA u\u{e9} U\u{1F600} h#{x}".to_string()
        )]
    );
    assert_eq!(
        sexp("\"a\\\nb\""),
        "(str \"ab\")",
        "a backslash-newline joins lines"
    );
    assert_eq!(sexp("\"two\nlines\""), "(str \"two\\nlines\")");
}

#[test]
fn heredocs_lose_the_closing_indentation() {
    let src = "x = \"\"\"\n    first\n      indented #{y}\n\n    last\n    \"\"\"";
    assert_eq!(
        sexp(src),
        "(= (var x) (str \"first\\n  indented \" (# (var y)) \"\\n\\nlast\\n\"))"
    );
    assert_eq!(sexp("'''\n  chars\n  '''"), "(charlist \"chars\\n\")");
    // A line continuation joins the lines and the next one is still dedented, as in Elixir.
    assert_eq!(sexp("\"\"\"\n  a\\\n  b\n  \"\"\""), "(str \"ab\\n\")");
    let e = error("\"\"\"text\n\"\"\"");
    assert_eq!((e.span.line, e.span.col), (1, 4), "{e}");
}

#[test]
fn charlists_have_parts_too() {
    assert_eq!(sexp("'abc'"), "(charlist \"abc\")");
    assert_eq!(sexp("'a#{x}'"), "(charlist \"a\" (# (var x)))");
    assert_eq!(
        one("'\\xFF'").kind,
        Kind::Charlist(vec![Part::Text("\u{ff}".into())])
    );
}

/// As `elixir` 1.14 reads them (each checked with `IO.inspect` on the VM).
#[test]
fn sigils_for_strings_charlists_and_words() {
    assert_eq!(
        sexp("~s(a \"b\" #{x} \\) \\n)"),
        "(str \"a \\\"b\\\" \" (# (var x)) \" ) \\n\")"
    );
    assert_eq!(sexp("~S(a\\)b \\n #{x})"), "(str \"a)b \\\\n #{x}\")");
    assert_eq!(sexp("~c(ab)"), "(charlist \"ab\")");
    assert_eq!(sexp("~C(a\\n)"), "(charlist \"a\\\\n\")");
    assert_eq!(
        sexp("~w(foo  bar\\tbaz)"),
        "(list (str \"foo\") (str \"bar\") (str \"baz\"))"
    );
    assert_eq!(sexp("~w[a\\ b]a"), "(list :a :b)");
    assert_eq!(sexp("~w<x>c"), "(list (charlist \"x\"))");
    assert_eq!(sexp("~W|a\\nb\\|c|"), "(list (str \"a\\\\nb|c\"))");
    assert_eq!(sexp("~w()"), "(list)");
    assert_eq!(
        sexp("~s\"\"\"\n  hi\n    there\n  \"\"\""),
        "(str \"hi\\n  there\\n\")"
    );
    let e = error("~s(a)x");
    assert!(e.message.contains("takes no modifier `x`"), "{e}");
}

#[test]
fn string_bytes_that_are_not_utf8_are_refused() {
    let e = error("x = \"ok \\xFF\"");
    assert_eq!((e.span.line, e.span.col), (1, 9));
    assert!(e.message.contains("not UTF-8"), "{e}");
    let e = error("\"\\u{D800}\"");
    assert!(e.message.contains("invalid escape"), "{e}");
}

#[test]
fn printing_escapes_what_needs_it() {
    let printed = one(r#""q\" b\\ n\n h\#{x} #{y}""#).to_string();
    assert_eq!(printed, r#""q\" b\\ n\n h\#{x} #{y}""#);
}
