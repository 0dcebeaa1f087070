//! The lowering: what it refuses (with where and why), and programs that run.

use super::load;
use crate::Decisions;
use crate::interp::run_ir;
use std::rc::Rc;

fn lines(src: &str) -> Vec<String> {
    lines_with(src, Default::default())
}

fn lines_with(src: &str, limits: crate::interp::Limits) -> Vec<String> {
    let (p, _) = load(src, "t.exs", "t").unwrap_or_else(|e| panic!("{e}"));
    let r = run_ir(
        &Rc::new(p),
        &Decisions::Seed(0),
        sim::TraceMode::Off,
        limits,
    );
    assert!(r.violation.is_none(), "{:?}", r.violation);
    r.lines()
}

/// Each construct outside the subset: refused before the run, at its place, saying what.
#[test]
fn every_unsupported_construct_is_refused_with_its_location() {
    let cases: &[(&str, &str, (usize, usize), &str)] = &[
        ("regex", "\"a\" =~ \"a\"\n", (1, 1), "regular expressions"),
        ("sigil", "x = ~r/a b/\n", (1, 5), "not supported"),
        ("bitstring", "x = <<1, 2>>\n", (1, 5), "not supported"),
        (
            "import",
            "import Enum\n",
            (1, 1),
            "`import` is not supported",
        ),
        (
            "import in a module",
            "defmodule M do\n  import Enum\nend\n",
            (2, 3),
            "`import` is not supported",
        ),
        (
            "defmacro",
            "defmodule M do\n  defmacro m(x), do: x\nend\n",
            (2, 3),
            "`defmacro` is not supported",
        ),
        (
            "defprotocol",
            "defmodule M do\n  defprotocol P do\n  end\nend\n",
            (2, 3),
            "`defprotocol` is not supported",
        ),
        (
            "quote",
            "x = quote do: 1\n",
            (1, 5),
            "`quote` is not supported",
        ),
        (
            "undefined variable",
            "IO.puts(y)\n",
            (1, 9),
            "undefined variable `y`",
        ),
        (
            "what match? binds stays inside",
            "x = {:ok, 1}\nmatch?({:ok, z}, x)\nIO.puts(z)\n",
            (3, 9),
            "undefined variable `z`",
        ),
        (
            "undefined function",
            "defmodule M do\n  def f, do: g(1)\nend\n",
            (2, 14),
            "undefined function g/1",
        ),
        (
            "unknown library function",
            "Registry.start_link(keys: :unique)\n",
            (1, 1),
            "Registry.start_link/1 is not supported",
        ),
        (
            "wrong arity",
            "t = Task.async(fn -> 1 end)\nTask.await(t, 1, 2)\n",
            (2, 1),
            "Task.await/3 is not supported with 3 argument(s)",
        ),
        (
            "private function from outside",
            "defmodule M do\n  defp f, do: 1\nend\nM.f()\n",
            (4, 1),
            "is private",
        ),
        (
            "pin outside a pattern",
            "x = 1\ny = ^x\n",
            (2, 5),
            "only allowed in patterns",
        ),
        (
            "a call in a guard",
            "defmodule M do\n  def f(x) when length(x) > Enum.count(x), do: x\nend\n",
            (2, 29),
            "not allowed in a guard",
        ),
        (
            "unknown struct",
            "x = %Foo{a: 1}\n",
            (1, 6),
            "is not a struct otpsim knows",
        ),
        (
            "use of an unknown behaviour",
            "defmodule M do\n  use Agent\nend\n",
            (2, 7),
            "`use Agent` is not supported",
        ),
        (
            "a range with a step",
            "x = 1..10//2\n",
            (1, 5),
            "with a step",
        ),
        (
            "def outside a module",
            "def f, do: 1\n",
            (1, 1),
            "outside a module",
        ),
        ("syntax error", "x = (1 + \n", (1, 3), "syntax error"),
        (
            "receive that waits forever on nothing",
            "receive do\nend\n",
            (1, 1),
            "waits forever",
        ),
    ];
    for (what, src, (line, col), msg) in cases {
        let e = match load(src, "t.exs", "t") {
            Ok(_) => panic!("{what}: accepted:\n{src}"),
            Err(e) => e,
        };
        assert_eq!((e.line, e.col), (*line, *col), "{what}: {e}");
        assert!(e.message.contains(msg), "{what}: {e}");
        let shown = e.to_string();
        assert!(
            shown.starts_with(&format!("t.exs:{line}:{col}: ")),
            "{what}: {shown}"
        );
        assert!(
            shown.contains('^'),
            "{what}: a caret under the place: {shown}"
        );
    }
}

#[test]
fn a_tail_recursive_receive_loop_runs_in_constant_depth() {
    // 50,000 iterations: five times the call depth a body recursion may reach.
    let src = r##"
defmodule Counter do
  def loop(n, 0), do: n
  def loop(n, left) do
    send(self(), {:add, 1})
    receive do
      {:add, k} -> loop(n + k, left - 1)
    end
  end
end
IO.puts("#{Counter.loop(0, 50_000)}")
"##;
    assert_eq!(lines(src), ["0ms main log 50000", "0ms main exit :normal"]);
}

/// A body recursion nests its calls: 20,000 deep runs (the Rust stack grows on the heap
/// as needed), deeper than the run's limit fails the run with a reason that says so.
#[test]
fn a_deep_body_recursion_runs_and_one_past_the_limit_fails_clearly() {
    let src = |n: u32| {
        format!(
            "defmodule Deep do\n  def sum(0), do: 0\n  def sum(n), do: n + sum(n - 1)\nend\nIO.puts(Deep.sum({n}))\n"
        )
    };
    assert_eq!(lines(&src(20_000))[0], "0ms main log 200010000");
    let limits = crate::interp::Limits {
        max_call_depth: 1_000,
        ..Default::default()
    };
    let l = lines_with(&src(1_001), limits);
    assert!(
        l[0].contains("exit {{:otpsim_limit, \"call depth\"}, []}"),
        "{l:?}"
    );
}

#[test]
fn closures_capture_by_value_and_clauses_do_not_leak() {
    let src = r##"
x = 1
f = fn -> x end
x = 2
g = fn
  {:ok, v} when v > 0 -> {:pos, v, x}
  _ -> :other
end
y = case {:ok, 5} do
  {:ok, z} -> z
end
IO.inspect({f.(), g.({:ok, 3}), g.(:nope), y})
"##;
    assert_eq!(
        lines(src),
        [
            "0ms main log {1, {:pos, 3, 2}, :other, 5}",
            "0ms main exit :normal"
        ]
    );
}

#[test]
fn pipes_captures_comprehensions_with_and_cond() {
    let src = r##"
defmodule M do
  def double(x), do: x * 2
  def classify(n) do
    cond do
      n < 0 -> :neg
      n == 0 -> :zero
      true -> :pos
    end
  end
end
a = [1, 2, 3] |> Enum.map(&M.double/1) |> Enum.map(&(&1 + 1))
b = for x <- [1, 2, 3, 4], rem(x, 2) == 0, do: x * 10
c = with {:ok, v} <- {:ok, 7}, {:ok, w} <- {:ok, v + 1}, do: w
d = with {:ok, v} <- {:error, :nope}, do: v
IO.inspect({a, b, c, d, Enum.map([-1, 0, 1], &M.classify/1)})
"##;
    assert_eq!(
        lines(src),
        [
            "0ms main log {[3, 5, 7], [20, 40], 8, {:error, :nope}, [:neg, :zero, :pos]}",
            "0ms main exit :normal"
        ]
    );
}

#[test]
fn a_failed_match_exits_with_the_raw_badmatch_as_on_the_vm() {
    let src = "{:ok, x} = {:error, 1}\nIO.puts(x)\n";
    assert_eq!(lines(src), ["0ms main exit {{:badmatch, {:error, 1}}, []}"]);
}
