//! The printer's rules: how tightly each node binds, and the places where the grammar needs
//! parentheses that precedence alone would not give.

use super::ast::{Kind, Node};
use super::ops::{CAPTURE_PREC, RANGE_PREC, STEP_PREC, UNARY_PREC};

/// Keys a trailing keyword list may have to be printed as a do-block.
const BLOCK_KEYS: [&str; 5] = ["do", "else", "after", "rescue", "catch"];

/// How tightly a node binds when printed (atoms and calls: not at all loosely).
pub(super) fn precedence(n: &Node) -> u8 {
    match &n.kind {
        Kind::Int(i) if *i < 0 => UNARY_PREC,
        Kind::Float(x) if x.is_sign_negative() => UNARY_PREC,
        Kind::BinaryOp { op, .. } => op.prec(),
        // `a..b//c` is `(a..b)//c`, and `//` binds looser than `..`, `++`, `<>`.
        Kind::Range { step: Some(_), .. } => STEP_PREC,
        Kind::Range { .. } => RANGE_PREC,
        Kind::UnaryOp { .. } => UNARY_PREC,
        // Like a call without parentheses: `@a 1 + 2` is `@a(1 + 2)`.
        Kind::AttrDef { .. } => 0,
        Kind::CaptureFun { .. } | Kind::CaptureExpr(_) => CAPTURE_PREC,
        _ => u8::MAX,
    }
}

/// Whether `n` prints starting with a sign or another prefix operator.
pub(super) fn signed(n: &Node) -> bool {
    match &n.kind {
        Kind::Int(i) => *i < 0,
        Kind::Float(x) => x.is_sign_negative(),
        Kind::UnaryOp { .. } => true,
        _ => false,
    }
}

/// Whether printing `n` shows a do-block call outside any brackets (through operators and
/// a trailing keyword list), where the `do` of an enclosing call without parentheses would
/// be taken for its own.
pub(super) fn bare_do_call(n: &Node) -> bool {
    match &n.kind {
        Kind::Call { args, .. } => args.last().and_then(do_block).is_some(),
        Kind::BinaryOp { lhs, rhs, .. } => bare_do_call(lhs) || bare_do_call(rhs),
        Kind::UnaryOp { operand, .. } => bare_do_call(operand),
        Kind::Range { first, last, step } => {
            bare_do_call(first) || bare_do_call(last) || step.as_deref().is_some_and(bare_do_call)
        }
        Kind::List { items, tail: None } if keyword_list(items) => items
            .iter()
            .filter_map(keyword_pair)
            .any(|(_, v)| bare_do_call(v)),
        Kind::AttrDef { value, .. } => bare_do_call(value),
        _ => false,
    }
}

/// `&` takes everything to its right that binds tighter than it (`&f/1 |> g` is
/// `&(f/1 |> g)`), and the grammar also takes a map's `=>` (`%{&f/1 => v}`), so a capture
/// on the left of an operator is printed in parentheses.
pub(super) fn is_capture(n: &Node) -> bool {
    matches!(n.kind, Kind::CaptureFun { .. } | Kind::CaptureExpr(_))
}

pub(super) fn keyword_pair(n: &Node) -> Option<(&str, &Node)> {
    match &n.kind {
        Kind::Tuple(pair) => match pair.as_slice() {
            [
                Node {
                    kind: Kind::Atom(key),
                    ..
                },
                value,
            ] => Some((key, value)),
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn keyword_list(items: &[Node]) -> bool {
    !items.is_empty() && items.iter().all(|i| keyword_pair(i).is_some())
}

/// A trailing `[do: ..., else: ...]` argument, as (key, value) pairs.
pub(super) fn do_block(n: &Node) -> Option<Vec<(&str, &Node)>> {
    let Kind::List { items, tail: None } = &n.kind else {
        return None;
    };
    let pairs: Vec<_> = items.iter().filter_map(keyword_pair).collect();
    let is_block = pairs.len() == items.len()
        && pairs.first().is_some_and(|(k, _)| *k == "do")
        && pairs.iter().all(|(k, _)| BLOCK_KEYS.contains(k));
    is_block.then_some(pairs)
}
