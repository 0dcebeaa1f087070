//! One test per construct: the shape it gets, and how it prints.

use super::super::{BinOp, Kind, Target};
use super::{assert_round_trip, one, sexp};

#[test]
fn variables_aliases_and_module() {
    assert_eq!(sexp("x"), "(var x)");
    assert_eq!(sexp("_"), "(var _)");
    assert_eq!(sexp("_name"), "(var _name)");
    assert_eq!(sexp("Task.Supervisor"), "(alias Task.Supervisor)");
    assert_eq!(sexp("Task . Supervisor"), "(alias Task.Supervisor)");
    assert_eq!(one("__MODULE__").kind, Kind::CurrentModule);
}

#[test]
fn module_attributes_read_and_defined() {
    assert_eq!(sexp("@timeout"), "(@ timeout)");
    assert_eq!(sexp("@timeout 5000"), "(@ timeout 5000)");
    assert_eq!(sexp("@impl true"), "(@ impl true)");
    assert_eq!(sexp("@impl(true)"), "(@ impl true)");
    assert_eq!(one("@impl true").to_string(), "@impl true");
    assert_eq!(
        sexp("@spec f(integer) :: :ok | :error"),
        "(@ spec (:: (call f (var integer)) (| :ok :error)))"
    );
}

#[test]
fn tuples_and_lists() {
    assert_eq!(sexp("{}"), "(tuple)");
    assert_eq!(sexp("{:ok, v}"), "(tuple :ok (var v))");
    assert_eq!(sexp("{1, a: 2}"), "(tuple 1 (list (tuple :a 2)))");
    assert_eq!(sexp("[]"), "(list)");
    assert_eq!(sexp("[1, 2]"), "(list 1 2)");
    assert_eq!(sexp("[h | t]"), "(list (var h) | (var t))");
    assert_eq!(sexp("[1, 2 | t]"), "(list 1 2 | (var t))");
    assert_eq!(one("[1, 2 | t]").to_string(), "[1, 2 | t]");
}

#[test]
fn keyword_lists_are_lists_of_pairs() {
    assert_eq!(sexp("[a: 1]"), "(list (tuple :a 1))");
    assert_eq!(sexp("[a: 1]"), sexp("[{:a, 1}]"));
    assert_eq!(sexp("[1, b: 2]"), "(list 1 (tuple :b 2))");
    assert_eq!(sexp("[\"b c\": 2]"), "(list (tuple :\"b c\" 2))");
    // Trailing keyword arguments are one keyword list, with or without brackets.
    assert_eq!(
        sexp("f(x, name: Foo, t: 1)"),
        "(call f (var x) (list (tuple :name (alias Foo)) (tuple :t 1)))"
    );
    assert_eq!(sexp("f(x, name: Foo)"), sexp("f(x, [name: Foo])"));
    assert_eq!(sexp("f x, name: Foo"), sexp("f(x, [name: Foo])"));
    assert_eq!(one("f(x, [name: Foo])").to_string(), "f(x, name: Foo)");
    assert_eq!(one("[a: 1, \"b c\": 2]").to_string(), "[a: 1, \"b c\": 2]");
}

#[test]
fn maps_structs_and_updates() {
    assert_eq!(sexp("%{}"), "(map)");
    assert_eq!(
        sexp("%{k => v, a: 1}"),
        "(map ((var k) => (var v)) (:a => 1))"
    );
    assert_eq!(sexp("%{m | a: 1}"), "(map (var m) | (:a => 1))");
    assert_eq!(
        sexp("%{m | :a => 1, :b => 2}"),
        "(map (var m) | (:a => 1) (:b => 2))"
    );
    assert_eq!(
        sexp("%Task{ref: r}"),
        "(struct (alias Task) (:ref => (var r)))"
    );
    assert_eq!(
        sexp("%Mod{s | f: v}"),
        "(struct (alias Mod) (var s) | (:f => (var v)))"
    );
    assert_eq!(sexp("%__MODULE__{}"), "(struct __MODULE__)");
    assert_eq!(one("%Mod{s | f: v}").to_string(), "%Mod{s | f: v}");
    assert_eq!(one("%{\"k\" => 1}").to_string(), "%{\"k\" => 1}");
}

#[test]
fn access() {
    assert_eq!(sexp("m[:k]"), "(access (var m) :k)");
    assert_eq!(sexp("m[:a][:b]"), "(access (access (var m) :a) :b)");
}

#[test]
fn every_binary_operator() {
    for op in [
        "+", "-", "*", "/", "**", "==", "!=", "===", "!==", "<", ">", "<=", ">=", "=~", "and",
        "or", "&&", "||", "<>", "++", "--", "|>", "=", "in", "when", "::", "\\\\", "<-",
    ] {
        let node = one(&format!("a {op} b"));
        let Kind::BinaryOp { op: parsed, .. } = node.kind else {
            panic!("{op} is {node:?}")
        };
        assert_eq!(parsed, BinOp::from_token(op).expect(op), "{op}");
        assert_eq!(node.to_string(), format!("a {op} b"));
    }
    assert_eq!(sexp("{a | b}"), "(tuple (| (var a) (var b)))");
    assert_eq!(sexp("x not in y"), "(not (in (var x) (var y)))");
}

#[test]
fn precedence_and_associativity_follow_elixir() {
    assert_eq!(sexp("1 + 2 * 3"), "(+ 1 (* 2 3))");
    assert_eq!(sexp("a - b - c"), "(- (- (var a) (var b)) (var c))");
    assert_eq!(sexp("a = b = c"), "(= (var a) (= (var b) (var c)))");
    assert_eq!(sexp("a <> b <> c"), "(<> (var a) (<> (var b) (var c)))");
    assert_eq!(sexp("a or b and c"), "(or (var a) (and (var b) (var c)))");
    for src in [
        "(1 + 2) * 3",
        "a - (b - c)",
        "(a = b) = c",
        "not (a and b)",
        "-(a + b)",
    ] {
        assert_eq!(one(src).to_string(), src);
    }
}

#[test]
fn unary_operators_and_pin() {
    assert_eq!(sexp("-x"), "(- (var x))");
    assert_eq!(sexp("+x"), "(+ (var x))");
    assert_eq!(sexp("!x"), "(! (var x))");
    assert_eq!(sexp("not x"), "(not (var x))");
    assert_eq!(sexp("^x = 1"), "(= (^ (var x)) 1)");
    assert_eq!(
        sexp("{^a, b} = t"),
        "(= (tuple (^ (var a)) (var b)) (var t))"
    );
}

#[test]
fn ranges_with_and_without_step() {
    assert_eq!(sexp("1..10"), "(.. 1 10)");
    assert_eq!(sexp("a..b//s"), "(.. (var a) (var b) (var s))");
    assert_eq!(sexp("1..n-1"), "(.. 1 (- (var n) 1))");
    assert_eq!(one("a..b//s").to_string(), "a..b//s");
}

#[test]
fn ranges_after_a_name_are_not_misread_as_calls() {
    // The grammar reads `x..-1` inside brackets as `x(.. - 1)`, swallowing what follows.
    for (src, shape) in [
        ("x..-1", "(.. (var x) -1)"),
        ("[x..-1]", "(list (.. (var x) -1))"),
        ("[x..-1, 2]", "(list (.. (var x) -1) 2)"),
        ("f(a, x..-1, b)", "(call f (var a) (.. (var x) -1) (var b))"),
        (
            "f(a, x..-7//s, key: 1)",
            "(call f (var a) (.. (var x) -7 (var s)) (list (tuple :key 1)))",
        ),
        ("f(t.n..-1, 2)", "(call f (.. (. n (var t)) -1) 2)"),
        ("f(@a..-1)", "(call f (.. (@ a) -1))"),
        ("f(x..+y)", "(call f (.. (var x) (+ (var y))))"),
        (
            "[a: x..-1, b: 2]",
            "(list (tuple :a (.. (var x) -1)) (tuple :b 2))",
        ),
        (
            "f([y..-1, 2] = x..-1, 3)",
            "(call f (= (list (.. (var y) -1) 2) (.. (var x) -1)) 3)",
        ),
        (
            "for i <- n..-1//-1, do: i",
            "(call for (<- (var i) (.. (var n) -1 -1)) (list (tuple :do (var i))))",
        ),
    ] {
        assert_eq!(sexp(src), shape, "{src}");
    }
    assert_eq!(sexp("IO.puts x"), "(call (alias IO).puts (var x))");
    assert_eq!(
        one("f(x..-1)").to_string(),
        "f(x..(-1))",
        "printed so the grammar reads it right"
    );
}

#[test]
fn local_calls_with_and_without_parentheses() {
    assert_eq!(sexp("foo()"), "(call foo)");
    assert_eq!(sexp("foo(x, 1)"), "(call foo (var x) 1)");
    assert_eq!(sexp("foo x, 1"), sexp("foo(x, 1)"));
    assert_eq!(sexp("foo bar x"), "(call foo (call bar (var x)))");
}

#[test]
fn remote_calls_on_aliases_atoms_and_variables() {
    assert_eq!(sexp("Mod.fun(x)"), "(call (alias Mod).fun (var x))");
    assert_eq!(sexp(":erlang.fun(x)"), "(call :erlang.fun (var x))");
    assert_eq!(sexp("mod_var.fun(x)"), "(call (var mod_var).fun (var x))");
    assert_eq!(
        sexp("IO.puts \"hi\""),
        "(call (alias IO).puts (str \"hi\"))"
    );
    assert_eq!(
        sexp("Task.Supervisor.start_link()"),
        "(call (alias Task.Supervisor).start_link)"
    );
    assert_eq!(sexp("Mod.fun"), "(call (alias Mod).fun)");
    assert_eq!(sexp("__MODULE__.fun"), "(call __MODULE__.fun)");
    assert_eq!(sexp("Kernel.+(1, 2)"), "(call (alias Kernel).+ 1 2)");
}

#[test]
fn field_access_is_told_from_remote_calls() {
    assert_eq!(sexp("t.pid"), "(. pid (var t))");
    assert_eq!(sexp("t.pid()"), "(call (var t).pid)");
    assert_eq!(sexp("state.a.b"), "(. b (. a (var state)))");
    assert_eq!(sexp("@config.timeout"), "(. timeout (@ config))");
    assert_eq!(sexp("f(x).field"), "(. field (call f (var x)))");
    let Kind::Call {
        target: Target::Remote { fun, .. },
        args,
    } = one("Mod.fun").kind
    else {
        panic!("Mod.fun is a remote call")
    };
    assert_eq!((fun.as_str(), args.len()), ("fun", 0));
}

#[test]
fn anonymous_calls() {
    assert_eq!(sexp("f.(x)"), "(call (var f). (var x))");
    assert_eq!(sexp("f.()"), "(call (var f).)");
    assert_eq!(one("f.(1, 2)").to_string(), "f.(1, 2)");
}

#[test]
fn do_blocks_become_keyword_arguments() {
    assert_eq!(
        sexp("if c do a else b end"),
        "(call if (var c) (list (tuple :do (var a)) (tuple :else (var b))))"
    );
    assert_eq!(
        sexp("if c do\n  a\n  b\nend"),
        "(call if (var c) (list (tuple :do (block (var a) (var b)))))"
    );
    assert_eq!(
        sexp("if c do end"),
        "(call if (var c) (list (tuple :do (block))))"
    );
    assert_eq!(
        sexp("defmodule M do\n  def f, do: 1\nend"),
        "(call defmodule (alias M) (list (tuple :do (call def (var f) (list (tuple :do 1))))))"
    );
    assert_eq!(
        sexp("def f(x) when x > 0 do\n  x\nend"),
        "(call def (when (call f (var x)) (> (var x) 0)) (list (tuple :do (var x))))"
    );
    assert_eq!(
        sexp("foo(a, b: 1) do x end"),
        "(call foo (var a) (list (tuple :b 1)) (list (tuple :do (var x))))"
    );
    assert_eq!(
        sexp("Mod.fun do x end"),
        "(call (alias Mod).fun (list (tuple :do (var x))))"
    );
}

#[test]
fn one_line_keyword_forms_equal_the_do_block_forms() {
    for (keyword, block) in [
        ("if c, do: a, else: b", "if c do\n  a\nelse\n  b\nend"),
        ("if(c, do: a, else: b)", "if c do a else b end"),
        ("def f(x), do: x", "def f(x) do\n  x\nend"),
        ("def f(x) when x > 0, do: x", "def f(x) when x > 0 do x end"),
        ("defp f, do: (a; b)", "defp f do\n  a\n  b\nend"),
        (
            "defmodule M, do: def(f, do: 1)",
            "defmodule M do def f do 1 end end",
        ),
        (
            "case x, do: (1 -> :a; _ -> :b)",
            "case x do\n  1 -> :a\n  _ -> :b\nend",
        ),
        ("try(do: f(), after: g())", "try do f() after g() end"),
        ("for x <- xs, do: x * 2", "for x <- xs do x * 2 end"),
    ] {
        let (a, b) = (one(keyword), one(block));
        assert_eq!(a, b, "{keyword}  vs  {block}:\n{}\n{}", a.sexp(), b.sexp());
    }
}

#[test]
fn case_receive_cond_with_and_try_use_stab_clauses() {
    assert_eq!(
        sexp("case x do {:ok, v} when v > 0 -> v; _ -> 0 end"),
        "(call case (var x) (list (tuple :do (stab (-> ((tuple :ok (var v))) when (> (var v) 0) (var v)) (-> ((var _)) 0)))))"
    );
    assert_eq!(
        sexp("receive do\n  {:msg, m} -> m\nafter\n  100 -> :timeout\nend"),
        "(call receive (list (tuple :do (stab (-> ((tuple :msg (var m))) (var m)))) (tuple :after (stab (-> (100) :timeout)))))"
    );
    assert_eq!(
        sexp("receive do after 0 -> :none end"),
        "(call receive (list (tuple :do (block)) (tuple :after (stab (-> (0) :none)))))"
    );
    assert_eq!(
        sexp("cond do\n  x > 1 -> :big\n  true -> :small\nend"),
        "(call cond (list (tuple :do (stab (-> ((> (var x) 1)) :big) (-> (true) :small)))))"
    );
    assert_eq!(
        sexp("with {:ok, a} <- f(), b = a do b else _ -> :error end"),
        "(call with (<- (tuple :ok (var a)) (call f)) (= (var b) (var a)) (list (tuple :do (var b)) (tuple :else (stab (-> ((var _)) :error)))))"
    );
    assert_eq!(
        sexp(
            "try do\n  f()\nrescue\n  e in RuntimeError -> e\ncatch\n  :exit, r -> r\nafter\n  g()\nend"
        ),
        "(call try (list (tuple :do (call f)) (tuple :rescue (stab (-> ((in (var e) (alias RuntimeError))) (var e)))) (tuple :catch (stab (-> (:exit (var r)) (var r)))) (tuple :after (call g))))"
    );
    assert_eq!(
        sexp("for x <- xs, y <- ys, x < y, into: %{} do {x, y} end"),
        "(call for (<- (var x) (var xs)) (<- (var y) (var ys)) (< (var x) (var y)) (list (tuple :into (map))) (list (tuple :do (tuple (var x) (var y)))))"
    );
}

#[test]
fn clause_bodies_and_guards() {
    assert_eq!(
        sexp("case x do 1 -> end"),
        "(call case (var x) (list (tuple :do (stab (-> (1) nil)))))"
    );
    assert_eq!(
        sexp("case x do\n  1 ->\n    a\n    b\nend"),
        "(call case (var x) (list (tuple :do (stab (-> (1) (block (var a) (var b)))))))"
    );
    assert_eq!(
        sexp("fn x when a when b -> x end"),
        "(fn (-> ((var x)) when (when (var a) (var b)) (var x)))"
    );
}

#[test]
fn anonymous_functions_with_one_or_several_clauses() {
    assert_eq!(sexp("fn -> :ok end"), "(fn (-> () :ok))");
    assert_eq!(sexp("fn x -> x end"), "(fn (-> ((var x)) (var x)))");
    assert_eq!(
        sexp("fn x, y when x > y -> x; (a, b) -> b end"),
        "(fn (-> ((var x) (var y)) when (> (var x) (var y)) (var x)) (-> ((var a) (var b)) (var b)))"
    );
    assert_eq!(one("fn x -> x end").to_string(), "fn x -> x end");
    assert_eq!(
        one("fn\n  1 -> :a\n  _ -> :b\nend").to_string(),
        "fn\n  1 -> :a\n  _ -> :b\nend"
    );
}

#[test]
fn captures() {
    assert_eq!(sexp("&fun/2"), "(& fun/2)");
    assert_eq!(sexp("&Mod.fun/2"), "(& (alias Mod).fun/2)");
    assert_eq!(sexp("&:erlang.element/2"), "(& :erlang.element/2)");
    assert_eq!(sexp("&+/2"), "(& +/2)");
    assert_eq!(sexp("&(&1 + 1)"), "(& (+ &1 1))");
    assert_eq!(sexp("&fun(&1, 2)"), "(& (call fun &1 2))");
    assert_eq!(sexp("&1"), "&1");
    for src in ["&fun/2", "&Mod.fun/2", "&(&1 + 1)", "&fun(&1, 2)"] {
        assert_eq!(one(src).to_string(), src);
    }
}

#[test]
fn pipes_stay_binary_operators() {
    assert_eq!(
        sexp("x |> f() |> Mod.g(1)"),
        "(|> (|> (var x) (call f)) (call (alias Mod).g 1))"
    );
    assert_eq!(sexp("x |> g"), "(|> (var x) (var g))");
    assert_eq!(
        sexp("xs\n|> Enum.map(&(&1 * 2))\n|> Enum.sum()"),
        "(|> (|> (var xs) (call (alias Enum).map (& (* &1 2)))) (call (alias Enum).sum))"
    );
}

#[test]
fn blocks_in_parentheses() {
    assert_eq!(sexp("(x)"), "(var x)");
    assert_eq!(sexp("(a; b)"), "(block (var a) (var b))");
    assert_eq!(sexp("()"), "(block)");
    assert_eq!(
        sexp("quote do: unquote(x)"),
        "(call quote (list (tuple :do (call unquote (var x)))))"
    );
}

#[test]
fn every_construct_prints_back_to_the_same_tree() {
    assert_round_trip(
        "x = %{m | a: 1, b: [h | t]}\n%Task{ref: r} = t\ns = %S{s | n: s.n + 1}\n\
         y = m[:k] || -1\nz = if(a and not b, do: {:ok, 'cl'}, else: :error)\n\
         f = &Mod.fun/2\ng = &(&1 <> \"!\")\nfor x <- 1..10//2, into: %{}, do: {x, x ** 2}\n\
         @attr [a: 1, \"b c\": 2]\nx not in [1, 2]\ndefault \\\\ nil\n:\"odd atom\"\n",
    );
}
