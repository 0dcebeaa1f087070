//! Unit tests of the pure library beyond the recorded VM answers (`probe_tests`): the
//! canonical form of maps, the limits, what is left to the interpreter, and totality.

use super::label::parse;
use super::probe_tests::eval;
use super::*;
use sim::{Class, Opaque};

fn a(s: &'static str) -> Term {
    Term::atom(s)
}

fn int(i: i64) -> Term {
    Term::Int(i)
}

/// Evaluates a probe-style expression: `"ok <value>"` or `"exit <exit reason>"`.
fn run(src: &str) -> String {
    match eval(&parse(src).unwrap_or_else(|e| panic!("{src}: {e}"))) {
        Ok(v) => format!("ok {v}"),
        Err(e) => format!("exit {}", e.exit_reason()),
    }
}

/// Keys unique and strictly increasing in term order.
fn canonical(t: &Term) -> bool {
    match t {
        Term::Map(kvs) => {
            (kvs.iter().zip(kvs.iter().skip(1))).all(|((k1, _), (k2, _))| k1.term_cmp(k2).is_lt())
        }
        _ => false,
    }
}

#[test]
fn map_from_sorts_keys_in_term_order_and_the_last_of_equal_keys_wins() {
    let m = map_from([
        (Term::str("k"), int(1)),
        (a("b"), int(2)),
        (int(3), a("x")),
        (a("b"), int(4)),
        (Term::tuple([]), int(5)),
    ]);
    assert!(canonical(&m), "{m:?}");
    assert_eq!(m.to_string(), "%{3 => :x, :b => 4, {} => 5, \"k\" => 1}");
    // Built in another order, the same map: derived equality is map equality.
    let same = map_from([
        (Term::tuple([]), int(5)),
        (int(3), a("x")),
        (a("b"), int(4)),
        (Term::str("k"), int(1)),
    ]);
    assert_eq!(m, same);
    // Maps as keys: distinct maps stay distinct keys, equal ones merge.
    let k1 = map_from([(a("a"), int(1))]);
    let k2 = map_from([(a("b"), int(1))]);
    let m = map_from([(k2.clone(), int(2)), (k1.clone(), int(1)), (k2, int(3))]);
    assert!(canonical(&m));
    assert_eq!(m.to_string(), "%{%{a: 1} => 1, %{b: 1} => 3}");
}

#[test]
fn every_map_the_library_builds_is_canonical() {
    for src in [
        "Map.put(%{b: 1, c: 2}, :a, 0)",
        "Map.put(%{b: 1}, 1, 0)",
        "Map.merge(%{b: 1, z: 2}, %{a: 3, c: 4})",
        "Map.delete(%{a: 1, b: 2, c: 3}, :b)",
        "Map.new([{:z, 1}, {:a, 2}, {\"s\", 3}, {:a, 4}])",
        "Enum.into([c: 1, a: 2], %{b: 3})",
        "Enum.into([c: 1, a: 2], %{})",
        "Enum.into(%{c: 1}, %{a: 2})",
        "Map.delete(1..3, :__struct__)",
        "Map.delete(1..3, :first)",
    ] {
        let t = eval(&parse(src).unwrap_or_else(|e| panic!("{e}"))).unwrap_or_else(|e| {
            panic!("{src}: {e:?}");
        });
        assert!(canonical(&t), "{src} gives {t:?}");
    }
}

/// The model writes some maps by hand (`count_children`); one out of order is read as
/// the map it means.
#[test]
fn a_hand_written_map_out_of_order_is_read_canonically() {
    let m = Term::map(vec![(a("b"), int(2)), (a("a"), int(1)), (a("b"), int(3))]);
    let get = call(Builtin::MapGet, &[m.clone(), a("a")]).map(|r| r.map(|t| t.to_string()));
    assert_eq!(get, Some(Ok("1".into())));
    let put = call(Builtin::MapPut, &[m.clone(), a("c"), int(0)]);
    let put = put.and_then(Result::ok).unwrap_or_else(Term::nil);
    assert!(canonical(&put), "{put:?}");
    assert_eq!(put.to_string(), "%{a: 1, b: 3, c: 0}");
}

#[test]
fn a_struct_stays_a_struct_when_its_keys_do() {
    assert_eq!(run("Map.put(1..3, :first, 2)"), "ok 2..3");
    assert_eq!(run("Map.merge(%{last: 9}, 1..3)"), "ok 1..3");
    assert_eq!(run("Map.merge(1..3, %{last: 9})"), "ok 1..9");
    assert_eq!(
        run("Map.delete(1..3, :first)"),
        "ok %{__struct__: Range, last: 3, step: 1}"
    );
}

#[test]
fn overflow_raises_the_documented_limit_instead_of_wrapping() {
    let overflow = "exit {{:otpsim_limit, \"integer overflow\"}, []}";
    for src in [
        "9_223_372_036_854_775_807 + 1",
        "-9_223_372_036_854_775_808 - 1",
        "4_611_686_018_427_387_904 * 2",
        "-(-9_223_372_036_854_775_808)",
        "abs(-9_223_372_036_854_775_808)",
        "div(-9_223_372_036_854_775_808, -1)",
        "Enum.sum([9_223_372_036_854_775_807, 1])",
        "Enum.sum(1..9_223_372_036_854_775_807)",
        "Enum.count(-9_223_372_036_854_775_808..9_223_372_036_854_775_807)",
        "String.to_integer(\"9223372036854775808\")",
        "Enum.with_index([:a, :b], 9_223_372_036_854_775_807)",
    ] {
        assert_eq!(run(src), overflow, "{src}");
    }
    assert_eq!(run("rem(-9_223_372_036_854_775_808, -1)"), "ok 0");
}

#[test]
fn sizes_above_a_million_are_refused_without_allocating_them() {
    let elements = "exit {{:otpsim_limit, \"more than 1000000 elements\"}, []}";
    let bytes = "exit {{:otpsim_limit, \"more than 1000000 bytes\"}, []}";
    assert_eq!(run("List.duplicate(:a, 10_000_000_000)"), elements);
    assert_eq!(run("List.duplicate(:a, 1_000_001)"), elements);
    assert_eq!(run("length(List.duplicate(:a, 1_000_000))"), "ok 1000000");
    assert_eq!(run("String.duplicate(\"ab\", 10_000_000_000)"), bytes);
    assert_eq!(run("String.duplicate(\"ab\", 500_001)"), bytes);
    assert_eq!(run("Enum.to_list(1..1_000_001)"), elements);
    assert_eq!(run("Enum.reverse(1..10_000_000_000)"), elements);
    assert_eq!(run("Enum.drop(1..10_000_000_000, 1)"), elements);
    assert_eq!(run("Enum.take(1..10_000_000_000, 1_000_001)"), elements);
    assert_eq!(
        run("Enum.at(1..10_000_000_000, 9_999_999_999)"),
        "ok 10000000000"
    );
    let big = Term::list(vec![int(0); 600_000]);
    assert_eq!(
        binop(BinOp::ListConcat, &big, &big).map_err(|e| e.exit_reason().to_string()),
        Err(elements.trim_start_matches("exit ").to_string())
    );
    let s = Term::Str("x".repeat(600_000).into());
    assert!(binop(BinOp::Concat, &s, &s).is_err());
}

#[test]
fn an_improper_list_is_refused() {
    assert_eq!(
        run("[1] ++ 2"),
        "exit {{:otpsim_limit, \"improper list\"}, []}"
    );
    assert_eq!(run("[] ++ 2"), "ok 2");
}

#[test]
fn builtins_that_take_a_closure_are_left_to_the_interpreter() {
    let f = Term::Opaque(Opaque::new("fn", ()));
    let l = Term::list([int(2), int(1)]);
    assert!(call(Builtin::EnumSort, &[l.clone(), f.clone()]).is_none());
    assert!(call(Builtin::EnumWithIndex, &[l.clone(), f.clone()]).is_none());
    assert!(call(Builtin::EnumCount, &[l.clone(), f.clone()]).is_none());
    assert!(call(Builtin::EnumAll, &[l.clone(), f.clone()]).is_none());
    assert!(call(Builtin::EnumInto, &[l.clone(), map_from([]), f.clone()]).is_none());
    assert!(call(Builtin::MapNew, &[l.clone(), f.clone()]).is_none());
    assert!(call(Builtin::EnumMap, &[l.clone(), f.clone()]).is_none());
    assert!(call(Builtin::IsFunction, std::slice::from_ref(&f)).is_none());
    assert!(call(Builtin::SelfPid, &[]).is_none());
    assert!(call(Builtin::Inspect, std::slice::from_ref(&l)).is_none());
    // ... while the same builtins without one are pure.
    let sorted = call(Builtin::EnumSort, &[l.clone(), a("desc")]);
    assert_eq!(
        sorted.map(|r| r.map(|t| t.to_string())),
        Some(Ok("[2, 1]".into()))
    );
    assert!(call(Builtin::EnumCount, std::slice::from_ref(&l)).is_some());
    assert!(call(Builtin::EnumWithIndex, &[l, int(1)]).is_some());
}

#[test]
fn a_call_with_an_arity_the_table_lacks_raises_undef() {
    let got = call(Builtin::Elem, &[int(1)]);
    assert_eq!(got.map(|r| r.map_err(|e| e.value)), Some(Err(a("undef"))));
}

#[test]
fn node_of_a_pid_is_the_one_node() {
    let mut sim = sim::Sim::seeded(1);
    let pid = sim.spawn(|_| async {});
    let got = call(Builtin::Node, &[Term::Pid(pid)]).map(|r| r.map(|t| t.to_string()));
    assert_eq!(got, Some(Ok(":nonode@nohost".into())));
}

#[test]
fn the_public_helpers() {
    assert!(!truthy(&Term::nil()) && !truthy(&Term::bool(false)));
    assert!(truthy(&int(0)) && truthy(&Term::empty_list()) && truthy(&Term::str("")));
    assert_eq!(
        enumerate(&map_from([(a("b"), int(1)), (a("a"), int(2))])).map(Term::list),
        Ok(Term::list([
            Term::tuple([a("a"), int(2)]),
            Term::tuple([a("b"), int(1)]),
        ]))
    );
    let e = enumerate(&int(1)).map_err(|e| (e.class, e.value.to_string()));
    assert_eq!(
        e,
        Err((
            Class::Error,
            "%Protocol.UndefinedError{protocol: Enumerable, value: 1, description: \"\"}".into()
        ))
    );
    assert_eq!(
        to_string(&Term::list([int(104), Term::str("i")])),
        Ok("hi".into())
    );
    assert!(to_string(&Term::tuple([])).is_err());
    assert_eq!(
        unop(UnOp::Not, &int(1)).map_err(|e| e.exit_reason().to_string()),
        Err("{:badarg, []}".into())
    );
    let bad_and = binop(BinOp::And, &int(1), &Term::bool(true)).map_err(|e| e.value);
    let reason = bad_and.clone().map_err(|v| normalize_error(&v).to_string());
    assert_eq!(
        reason,
        Err("%BadBooleanError{term: 1, operator: :and}".into())
    );
    let e = normalize_error(&bad_and.err().unwrap_or_else(Term::nil));
    assert_eq!(
        exception_message(&e),
        "expected a boolean on left-side of \"and\", got: 1"
    );
}

/// A function's name after the module's dot, as `Macro.inspect_atom(:remote_call, _)`
/// writes it (the VM's messages, Elixir 1.14, for `%FunctionClauseError{}` with these).
#[test]
fn a_function_name_in_a_message_is_quoted_where_elixir_quotes_a_remote_call() {
    let cases: [(Term, &str); 8] = [
        (a("foo bar"), "Enum.\"foo bar\"/1"),
        (a("+"), "Enum.+/1"),
        (Term::module("Foo"), "Enum.\"Elixir.Foo\"/1"),
        (a("a-b"), "Enum.\"a-b\"/1"),
        (a("foo?"), "Enum.foo?/1"),
        (Term::atom_dyn("é"), "Enum.é/1"),
        (a("-x/1-lists^y/2-0-"), "Enum.\"-x/1-lists^y/2-0-\"/1"),
        (a("%{}"), "Enum.\"%{}\"/1"),
    ];
    for (f, want) in cases {
        let e = function_clause_error(Term::module("Enum"), f, 1);
        assert_eq!(
            exception_message(&e),
            format!("no function clause matching in {want}")
        );
    }
}

/// Terms of every shape, including the awkward ones (extreme integers, a huge range, a
/// broken range, a closure, a struct that is not enumerable).
fn samples() -> Vec<Term> {
    let range = |f: i64, l: i64, s: i64| {
        Term::struct_(
            "Range",
            vec![("first", int(f)), ("last", int(l)), ("step", int(s))],
        )
    };
    vec![
        int(0),
        int(-1),
        int(2),
        int(i64::MIN),
        int(i64::MAX),
        Term::Float(1.5),
        Term::Float(-0.0),
        Term::Float(f64::MAX),
        Term::Float(-f64::MAX),
        Term::Float(5e-324),
        Term::Float(9.3e18),
        a("a"),
        Term::nil(),
        Term::bool(true),
        Term::str(""),
        Term::str("é,b"),
        Term::str("1.5e400"),
        Term::str("12.5e-3x"),
        Term::tuple([]),
        Term::tuple([a("k"), int(1)]),
        Term::empty_list(),
        Term::list([int(1), Term::tuple([a("a"), int(1)]), Term::list([int(-1)])]),
        map_from([(a("a"), int(1))]),
        range(1, 3, 1),
        range(i64::MIN, i64::MAX, 1),
        range(1, 3, 0),
        Term::struct_("KeyError", vec![("key", a("k"))]),
        Term::Opaque(Opaque::new("fn", ())),
    ]
}

/// Every pure builtin at every arity on every combination of sample arguments, and every
/// operator on every pair: a result or an exception, never a panic (a panic fails the
/// test, and would fail a simulated process on the VM's behalf).
#[test]
fn no_input_makes_the_library_panic() {
    let samples = samples();
    let mut calls = 0;
    for &b in Builtin::ALL {
        let info = b.info();
        for arity in info.min_arity..=info.max_arity {
            // The interpreter's builtins are skipped (none of them is pure at any arity).
            if call(b, &vec![int(0); arity]).is_none() {
                continue;
            }
            for n in 0..samples.len().pow(arity as u32) {
                // The n-th combination, as digits in base `samples.len()`.
                let args: Vec<Term> = (0..arity)
                    .filter_map(|k| samples.get(n / samples.len().pow(k as u32) % samples.len()))
                    .cloned()
                    .collect();
                let _ = call(b, &args);
                calls += 1;
            }
        }
    }
    let ops = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::Eq,
        BinOp::Ne,
        BinOp::StrictEq,
        BinOp::StrictNe,
        BinOp::Lt,
        BinOp::Gt,
        BinOp::Le,
        BinOp::Ge,
        BinOp::And,
        BinOp::Or,
        BinOp::AndAlso,
        BinOp::OrElse,
        BinOp::Concat,
        BinOp::ListConcat,
        BinOp::ListSubtract,
        BinOp::In,
        BinOp::Range,
    ];
    for x in &samples {
        for op in [UnOp::Neg, UnOp::Plus, UnOp::Not, UnOp::Bang] {
            let _ = unop(op, x);
        }
        let _ = to_string(x);
        let _ = enumerate(x);
        let _ = exception_message(&normalize_error(x));
        for y in &samples {
            for op in ops {
                let _ = binop(op, x, y);
            }
        }
    }
    assert!(calls > 10_000, "{calls}");
}

/// The rule the evaluators follow once an operator's left side is known ([`binop_then`])
/// gives what [`binop`] gives with both sides known, for every operator and left side,
/// raising where it raises (with the same `{:badbool, op, left}`).
#[test]
fn what_an_operator_does_after_its_left_side_agrees_with_both_sides_known() {
    use crate::ir::BinOp as B;
    let ops = [
        B::And,
        B::Or,
        B::AndAlso,
        B::OrElse,
        B::Add,
        B::Eq,
        B::Lt,
        B::Concat,
    ];
    let values = [
        a("true"),
        a("false"),
        a("nil"),
        int(0),
        int(3),
        Term::str("s"),
    ];
    let mut shorts = 0;
    for op in ops {
        for l in &values {
            for r in &values {
                let got = match binop_then(op, l) {
                    Then::Left => Ok(l.clone()),
                    Then::Right => Ok(r.clone()),
                    Then::Both => binop(op, l, r),
                    Then::BadBool(name) => Err(crate::interp::value::badbool(name, l.clone())),
                };
                shorts += usize::from(matches!(binop_then(op, l), Then::Left | Then::Right));
                assert_eq!(got, binop(op, l, r), "{op:?} {l} {r}");
            }
        }
    }
    assert!(shorts > 0, "the short circuits are exercised");
}
