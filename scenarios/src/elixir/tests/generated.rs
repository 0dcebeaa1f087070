//! Generated programs: every one parses, and prints back to the same tree.

use super::errors::{Gen, check};

const OPS: &[&str] = &[
    "+", "-", "*", "/", "==", "!=", "===", "<", ">", "<=", ">=", "and", "or", "&&", "||", "<>",
    "++", "--", "|>", "in", "=", "**", "=~",
];

/// Source text of a random expression at most `depth` deep; subexpressions are wrapped in
/// parentheses, so the printer has to find the parentheses precedence really needs.
fn expr(g: &mut Gen, depth: usize) -> String {
    if depth == 0 || g.below(4) == 0 {
        return leaf(g);
    }
    let d = depth - 1;
    let e = |g: &mut Gen| format!("({})", expr(g, d));
    match g.below(24) {
        0 => format!("{{{}, {}}}", e(g), e(g)),
        1 => format!("[{}, {} | {}]", e(g), e(g), e(g)),
        2 => format!("[a: {}, \"b c\": {}]", e(g), e(g)),
        3 => format!("%{{{} => {}, k: {}}}", e(g), e(g), e(g)),
        4 => format!("%{{m | a: {}}}", e(g)),
        5 => format!("%Mod.Sub{{s | a: {}, b: {}}}", e(g), e(g)),
        6 => format!("{} {} {}", e(g), OPS[g.below(OPS.len())], e(g)),
        7 => format!("{}{}", ["-", "+", "!", "not ", "^"][g.below(5)], e(g)),
        8 => format!("f({}, {}, key: {})", e(g), e(g), e(g)),
        9 => format!(
            "{}.{}({})",
            ["Mod", ":erlang", "x", "__MODULE__"][g.below(4)],
            "fun",
            e(g)
        ),
        10 => format!("f.({})", e(g)),
        11 => format!("x.field.{}", ["a", "pid"][g.below(2)]),
        12 => format!("m[{}]", e(g)),
        13 => format!("fn x -> {} end", e(g)),
        14 => format!(
            "fn {{:a, x}}, y when x > y -> {}; _, _ -> {} end",
            e(g),
            e(g)
        ),
        15 => format!(
            "case {} do\n  {{:ok, v}} when v > 0 -> {}\n  _ -> {}\nend",
            e(g),
            e(g),
            e(g)
        ),
        16 => format!(
            "if {} do\n  {}\n  {}\nelse\n  {}\nend",
            e(g),
            e(g),
            e(g),
            e(g)
        ),
        17 => format!("if({}, do: {}, else: {})", e(g), e(g), e(g)),
        18 => format!("&(&1 + {})", e(g)),
        19 => format!("{}..{}//{}", e(g), e(g), e(g)),
        20 => format!(
            "receive do\n  {{:msg, m}} -> {}\nafter\n  100 -> {}\nend",
            e(g),
            e(g)
        ),
        21 => format!(
            "try do\n  {}\nrescue\n  e in RuntimeError -> {}\nafter\n  {}\nend",
            e(g),
            e(g),
            e(g)
        ),
        22 => format!("\"text #{{{}}} more\"", expr(g, d)),
        _ => format!(
            "with {{:ok, a}} <- {}, b = a do\n  {}\nelse\n  _ -> {}\nend",
            e(g),
            e(g),
            e(g)
        ),
    }
}

fn leaf(g: &mut Gen) -> String {
    let leaves = [
        "1",
        "-7",
        "1_000",
        "0x1F",
        "1.5",
        "?a",
        ":ok",
        ":\"odd atom\"",
        "true",
        "nil",
        "x",
        "_",
        "Mod.Sub",
        "__MODULE__",
        "@attr",
        "\"str\"",
        "'chars'",
        "&fun/2",
        "&Mod.fun/1",
        "[]",
        "%{}",
        "{}",
        "f()",
        "Mod.fun",
        "t.pid",
    ];
    leaves[g.below(leaves.len())].to_string()
}

#[test]
fn generated_programs_parse_and_print_back_to_the_same_tree() {
    let mut g = Gen(0x5EED);
    for _ in 0..500 {
        let src = expr(&mut g, 4);
        assert!(check(&src), "a generated program did not parse:\n{src}");
    }
}
