//! Every construct outside the Elixir subset otpsim runs, given to the `otpsim` binary as a
//! file: `otpsim run` refuses it before any run with exit 2, and the message names the
//! file, line and column, shows the source line with a caret under the place, and says
//! what is not supported. (`scenarios/src/lower/tests.rs` checks the same refusals on the
//! library; this is what a user sees.)

use std::process::Command;

/// (what, source, line, column, part of the message).
const CASES: &[(&str, &str, u32, u32, &str)] = &[
    (
        "a float out of range",
        "x = 1.0e400\nIO.puts(x)\n",
        1,
        5,
        "the float 1.0e400 is out of range",
    ),
    (
        "a regex match",
        "\"a\" =~ \"a\"\n",
        1,
        1,
        "regular expressions",
    ),
    ("a sigil", "x = ~r/a b/\n", 1, 5, "not supported"),
    ("a bitstring", "x = <<1, 2>>\n", 1, 5, "not supported"),
    ("import", "import Enum\n", 1, 1, "`import` is not supported"),
    (
        "defmacro",
        "defmodule M do\n  defmacro m(x), do: x\nend\n",
        2,
        3,
        "`defmacro` is not supported",
    ),
    (
        "defprotocol",
        "defprotocol P do\n  def f(x)\nend\n",
        1,
        1,
        "`defprotocol` is not supported",
    ),
    (
        "defimpl",
        "defmodule M do\n  defimpl String.Chars do\n  end\nend\n",
        2,
        3,
        "`defimpl` is not supported",
    ),
    (
        "quote",
        "x = quote do: 1\n",
        1,
        5,
        "`quote` is not supported",
    ),
    (
        "a Registry",
        "{:ok, r} = Registry.start_link(keys: :unique)\n",
        1,
        12,
        "Registry.start_link/1 is not supported",
    ),
    (
        "an ETS table",
        ":ets.new(:t, [:set])\n",
        1,
        1,
        "is not supported",
    ),
    (
        "a Registry",
        "Registry.start_link(keys: :unique, name: R)\n",
        1,
        1,
        "Registry.start_link/1 is not supported",
    ),
    (
        "a library call with too many arguments",
        "t = Task.async(fn -> 1 end)\nTask.await(t, 1, 2)\n",
        2,
        1,
        "Task.await/3 is not supported with 3 argument(s)",
    ),
    (
        "use Agent",
        "defmodule M do\n  use Agent\nend\n",
        2,
        7,
        "`use Agent` is not supported",
    ),
    (
        "a struct otpsim does not know",
        "x = %URI{host: \"a\"}\n",
        1,
        6,
        "is not a struct otpsim knows",
    ),
    ("a stepped range", "x = 1..10//2\n", 1, 5, "with a step"),
    (
        "for with uniq:",
        "for x <- [1, 1], uniq: true do\n  x\nend\n",
        1,
        18,
        "`for` with `uniq:` is not supported",
    ),
    (
        "for with both reduce: and into:",
        "for x <- [1], into: [], reduce: 0 do\n  a -> a + x\nend\n",
        1,
        1,
        "`for` takes `reduce:` or `into:`, not both",
    ),
    (
        "for with reduce: and a body that is not clauses",
        "for x <- [1], reduce: 0 do\n  x\nend\n",
        2,
        3,
        "expected `for x <- xs, reduce: acc do acc -> ... end`",
    ),
    (
        "charlist interpolation",
        "x = 1\ny = 'a#{x}'\n",
        2,
        5,
        "charlist interpolation is not supported",
    ),
    (
        "a def outside a module",
        "def f, do: 1\n",
        1,
        1,
        "outside a module",
    ),
    (
        "a receive that can never return",
        "receive do\nend\n",
        1,
        1,
        "waits forever",
    ),
    ("a syntax error", "x = (1 + \n", 1, 3, "syntax error"),
];

#[test]
fn each_unsupported_construct_exits_2_at_its_place() {
    let dir = std::env::temp_dir().join(format!("otpsim-unsupported-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let mut failures = Vec::new();
    for (i, (what, src, line, col, says)) in CASES.iter().enumerate() {
        let file = dir.join(format!("case{i}.exs"));
        std::fs::write(&file, src).expect("written");
        let shown = file.display().to_string();
        let out = Command::new(env!("CARGO_BIN_EXE_otpsim"))
            .args(["run", &shown])
            .output()
            .expect("otpsim runs");
        let err = String::from_utf8_lossy(&out.stderr);
        let source_line = src.lines().nth(*line as usize - 1).unwrap_or_default();
        let place = format!("{shown}:{line}:{col}: ");
        let ok = out.status.code() == Some(2)
            && err.contains(&place)
            && err.contains(says)
            && err.contains(source_line.trim())
            && err
                .lines()
                .any(|l| l.trim_start().starts_with('|') && l.contains('^'))
            && !err.contains("panicked");
        if !ok {
            failures.push(format!(
                "{what}: exit {:?}, expected 2 with `{place}` and `{says}`:\n{err}",
                out.status.code()
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}
