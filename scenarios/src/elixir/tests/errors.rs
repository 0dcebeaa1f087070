//! Errors have locations; unsupported syntax is marked, not dropped; nothing panics.

use super::super::{Kind, MAX_DEPTH, ParseError, parse};
use super::{error, one, sexp};

#[test]
fn syntax_errors_say_where_and_what() {
    for (src, line, col, message) in [
        (
            "def f(x) do x",
            1,
            14,
            "missing `end` to close `do` at 1:10",
        ),
        ("f(x", 1, 4, "missing `)` to close `(` at 1:2"),
        ("[1, 2", 1, 6, "missing `]` to close `[` at 1:1"),
        ("x = \"abc", 1, 9, "missing `\"` to close `\"` at 1:5"),
        ("fn x -> x", 1, 10, "missing `end` to close `fn` at 1:1"),
        ("f(x))", 1, 5, "unexpected `)`"),
        ("x = ", 1, 3, "the input ends before what must follow `=`"),
        ("1 + * 2", 1, 5, "unexpected `*`"),
        ("x = 1\0", 1, 6, "unexpected `\\0`"),
        (
            "defmodule M do\n  def f(x) do\n    x +\n  end\nend",
            5,
            4,
            "missing `end` to close `do` at 1:13",
        ),
    ] {
        let e = assert_error_at(src, line, col, message);
        assert!(e.message.starts_with("syntax error"), "{e}");
    }
}

/// `src` fails at `line:col` with a message that contains `message`.
fn assert_error_at(src: &str, line: u32, col: u32, message: &str) -> ParseError {
    let e = error(src);
    assert_eq!((e.span.line, e.span.col), (line, col), "{src:?}: {e}");
    assert!(e.message.contains(message), "{src:?}: {e}");
    e
}

#[test]
fn forms_the_ast_refuses_are_errors_with_locations() {
    for (src, line, col, message) in [
        ("%{1, 2}", 1, 3, "expected `key => value`"),
        ("x = %{a => 1, 2}", 1, 15, "expected `key => value`"),
        (
            "[1 | 2, 3]",
            1,
            2,
            "`|` may only separate the tail of a list",
        ),
        ("f(a => b)", 1, 3, "`=>` is only valid inside a map"),
        ("x = 1 // 2", 1, 5, "`//` is only valid after a range"),
        ("@ 1", 1, 1, "expected `@name` or `@name value`"),
        ("@a 1, 2", 1, 1, "expected `@name` or `@name value`"),
        ("&0", 1, 2, "`&n` needs n from 1"),
        ("&f/99999999999", 1, 4, "arity out of range"),
        ("x = 1.0e400", 1, 5, "the float 1.0e400 is out of range"),
        ("-(-9223372036854775808)", 1, 1, "does not fit in 64 bits"),
        ("'\\u{110000}'", 1, 2, "invalid escape"),
        ("%{&f/1 => 1}", 1, 3, "expected `key => value`"),
        ("x =\n  \"\\xFF\"", 2, 4, "not UTF-8"),
    ] {
        assert_error_at(src, line, col, message);
    }
}

#[test]
fn columns_count_characters_not_bytes() {
    let e = error("x = \"é😀\" <> 99999999999999999999");
    assert_eq!((e.span.line, e.span.col), (1, 13), "{e}");
    assert_eq!(e.span.start, "x = \"é😀\" <> ".len());
    assert_eq!(e.to_string(), format!("1:13: {}", e.message));
}

#[test]
fn what_the_grammar_accepts_but_the_ast_does_not_model_is_marked_unsupported() {
    for (src, what) in [
        ("~r/x/i", "the sigil ~r"),
        ("~w(a#{b})", "an interpolation in a ~w sigil"),
        ("~D[2024-01-01]", "the sigil ~D"),
        ("<<1, 2>>", "a bitstring"),
        (":\"a#{b}\"", "an atom built by interpolation"),
        ("f(1)(2)", "a call of a call's result"),
        ("__MODULE__.Sub", "the alias `__MODULE__.Sub`"),
        ("a ||| b", "the operator `|||`"),
        ("~~~x", "the operator `~~~`"),
        ("+/2", "the function reference `+/2`"),
        ("__STACKTRACE__", "`__STACKTRACE__`"),
        ("__ENV__", "`__ENV__`"),
        ("..", "the operator `..` alone"),
    ] {
        let n = one(src);
        match &n.kind {
            Kind::Unsupported { what: w } => assert!(w.contains(what), "{src}: {w}"),
            other => panic!("{src} gave {other:?}"),
        }
        assert_eq!((n.span.start, n.span.end), (0, src.len()), "{src}");
    }
    // In context: the rest of the program is kept, the span points at the construct.
    let n = one("case Regex.run(~r/a+/, s) do\n  nil -> 0\nend");
    assert!(
        n.sexp()
            .contains("(call (alias Regex).run (unsupported \"the sigil ~r\") (var s))")
    );
    assert_eq!(
        sexp("alias Foo.{A, B}"),
        "(call alias (unsupported \"a multi-alias `Mod.{A, B}`\"))"
    );
}

/// Nesting `depth` levels of `open`/`close` around `x`.
fn nested(open: &str, close: &str, depth: usize) -> String {
    let mut s = open.repeat(depth);
    s.push('x');
    s.push_str(&close.repeat(depth));
    s
}

/// The deepest nesting of `open`/`close` that parses (failure is monotone in the depth).
fn deepest(open: &str, close: &str) -> usize {
    let (mut ok, mut too_deep) = (0, MAX_DEPTH + 1);
    while too_deep - ok > 1 {
        let mid = (ok + too_deep) / 2;
        match parse(&nested(open, close, mid)) {
            Ok(_) => ok = mid,
            Err(e) if e.message.contains("levels deep") => too_deep = mid,
            Err(e) => panic!("{open}: {e}"),
        }
    }
    ok
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for (open, close, depth) in [
        ("{", "}", 100_000),
        ("(", ")", 100_000),
        ("[", "]", 100_000),
        ("f(", ")", 100_000),
        ("if x do ", " end", 20_000),
        ("fn -> ", " end", 20_000),
        ("%{a: ", "}", 20_000),
        ("\"#{", "}\"", 20_000),
        ("1 + ", "", 20_000),
        ("x.", "", 20_000),
    ] {
        let e = error(&nested(open, close, depth));
        assert!(e.message.contains("levels deep"), "{open}: {e}");
    }
    let e = error(&nested("{", "}", MAX_DEPTH + 1));
    assert_eq!((e.span.line, e.span.col), (1, 1 + MAX_DEPTH as u32), "{e}");
    assert_eq!(
        deepest("{", "}"),
        MAX_DEPTH - 1,
        "the innermost `x` is a level too"
    );
}

#[test]
fn the_deepest_programs_that_parse_fit_a_test_threads_stack() {
    // The heaviest paths per level, in a debug build on a 2 MiB test thread: parse, print,
    // compare, drop. (Measured at about 1.2 MiB for the worst of these at MAX_DEPTH = 256.)
    for (open, close) in [
        ("f(", ")"),
        ("f(a: ", ")"),
        ("%{a: ", "}"),
        ("if x do ", " end"),
        ("case x do 1 -> ", " end"),
        ("try do ", " after 1 end"),
        ("x |> f(", ")"),
        ("[", "]"),
        ("x.", ""),
        ("-(", ")"),
    ] {
        let depth = deepest(open, close);
        assert!(depth >= MAX_DEPTH / 3 - 1, "{open}: only {depth} levels");
        let src = nested(open, close, depth);
        let parsed = parse(&src).unwrap_or_else(|e| panic!("{open}: {e}"));
        assert!(!parsed.to_string().is_empty());
        assert!(!parsed.body[0].sexp().is_empty());
        assert_eq!(parsed, parsed.clone());
    }
}

/// A small deterministic generator (xorshift), so the test needs no seed plumbing.
pub(super) struct Gen(pub(super) u64);

impl Gen {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "do",
    "end",
    "fn",
    "->",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "%{",
    "%",
    "<<",
    ">>",
    "\"",
    "\"\"\"",
    "'",
    "#{",
    ":",
    "::",
    "|",
    "|>",
    "=",
    "==",
    "when",
    "x",
    "_y",
    "Mod",
    "Mod.Sub",
    ".",
    "1",
    "0x",
    "1.5",
    "?",
    "?a",
    "\\",
    "\\\\",
    "&",
    "&1",
    "@",
    "@a",
    ",",
    ";",
    "\n",
    "~r/a/",
    "case",
    "if",
    "else",
    "after",
    "rescue",
    "catch",
    "receive",
    "not in",
    "not",
    "..",
    "//",
    "-",
    "+",
    "# c\n",
    "99999999999999999999999",
    "é",
    "\t",
    "\0",
    "a:",
    "\"k\":",
    "=>",
    "<-",
    "^",
    "!",
    "__MODULE__",
    "nil",
    "true",
    ":ok",
    ":\"q\"",
    "'c'",
    "\\x",
    "\\u{",
    "%Task{",
    "t.pid",
    "f.(",
];

/// Every error has a location inside the source; every success prints back to the same
/// tree (unless it holds an `Unsupported` node, which prints as a placeholder). Returns
/// whether `src` parsed.
pub(super) fn check(src: &str) -> bool {
    match parse(src) {
        Ok(file) => {
            let printed = file.to_string();
            let shape: Vec<String> = file.body.iter().map(|n| n.sexp()).collect();
            if !shape.iter().any(|s| s.contains("(unsupported")) {
                let again = parse(&printed)
                    .unwrap_or_else(|e| panic!("{src:?} printed as {printed:?}: {e}"));
                let again: Vec<String> = again.body.iter().map(|n| n.sexp()).collect();
                assert_eq!(shape, again, "{src:?} printed as {printed:?}");
            }
            true
        }
        Err(e) => {
            assert!(e.span.line >= 1 && e.span.col >= 1, "{src:?}: {e}");
            assert!(
                e.span.start <= e.span.end && e.span.end <= src.len(),
                "{src:?}: {e:?}"
            );
            assert!(!e.message.is_empty());
            false
        }
    }
}

#[test]
fn random_bytes_and_token_soups_never_panic() {
    let mut g = Gen(0x9E37_79B9_7F4A_7C15);
    for _ in 0..300 {
        let bytes: Vec<u8> = (0..g.below(80)).map(|_| g.next() as u8).collect();
        check(&String::from_utf8_lossy(&bytes));
        let ascii: String = (0..g.below(80))
            .map(|_| (32 + g.below(95)) as u8 as char)
            .collect();
        check(&ascii);
    }
    for _ in 0..400 {
        let mut soup = String::new();
        for _ in 0..1 + g.below(40) {
            soup.push_str(TOKENS[g.below(TOKENS.len())]);
            if g.below(3) > 0 {
                soup.push(' ');
            }
        }
        check(&soup);
    }
}

#[test]
fn mutated_programs_never_panic() {
    let program = "defmodule M do\n  def f(x) when x > 0, do: {:ok, x}\n  def g(%{a: a} = m, [h | t]) do\n    receive do\n      {:ok, ^a} -> m.a |> f() |> Mod.h(&(&1 + 1))\n    after\n      1_000 -> \"#{h} #{t}\"\n    end\n  end\nend\n";
    let mut g = Gen(42);
    let mut parsed = 0;
    for _ in 0..300 {
        let mut chars: Vec<char> = program.chars().collect();
        for _ in 0..1 + g.below(4) {
            let at = g.below(chars.len());
            match g.below(3) {
                0 => {
                    chars.remove(at);
                }
                1 => chars.insert(
                    at,
                    TOKENS[g.below(TOKENS.len())].chars().next().unwrap_or(' '),
                ),
                _ => {
                    let other = g.below(chars.len());
                    chars.swap(at, other);
                }
            }
        }
        parsed += usize::from(check(&chars.into_iter().collect::<String>()));
    }
    assert!(
        parsed > 30,
        "only {parsed} of the mutants parsed: the test exercises little"
    );
}
