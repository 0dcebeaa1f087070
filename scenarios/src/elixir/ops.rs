//! Operator tokens, spellings and precedence (the grammar's table, which is Elixir's).

use super::ast::{BinOp, UnOp};

/// Precedence of the step `//` of `first..last//step`, just below `..`.
pub(crate) const STEP_PREC: u8 = 150;
/// Precedence of `..`, as `<>` and below `+`.
pub(crate) const RANGE_PREC: u8 = 160;
/// Precedence of `|`.
pub(crate) const BAR_PREC: u8 = 40;
/// Precedence of `&`, between `=>` and `=`.
pub(crate) const CAPTURE_PREC: u8 = 60;
/// Precedence of the unary operators, above every binary one.
pub(crate) const UNARY_PREC: u8 = 200;

const BIN_OPS: [(BinOp, &str); 29] = [
    (BinOp::Add, "+"),
    (BinOp::Sub, "-"),
    (BinOp::Mul, "*"),
    (BinOp::Div, "/"),
    (BinOp::Pow, "**"),
    (BinOp::Eq, "=="),
    (BinOp::Ne, "!="),
    (BinOp::StrictEq, "==="),
    (BinOp::StrictNe, "!=="),
    (BinOp::Lt, "<"),
    (BinOp::Gt, ">"),
    (BinOp::Le, "<="),
    (BinOp::Ge, ">="),
    (BinOp::RegexMatch, "=~"),
    (BinOp::And, "and"),
    (BinOp::Or, "or"),
    (BinOp::AndAlso, "&&"),
    (BinOp::OrElse, "||"),
    (BinOp::Concat, "<>"),
    (BinOp::ListConcat, "++"),
    (BinOp::ListSubtract, "--"),
    (BinOp::Pipe, "|>"),
    (BinOp::Match, "="),
    (BinOp::In, "in"),
    (BinOp::When, "when"),
    (BinOp::Type, "::"),
    (BinOp::Default, "\\\\"),
    (BinOp::Bar, "|"),
    (BinOp::Arrow, "<-"),
];

impl BinOp {
    /// The operator spelled `token`, if it is one this AST names.
    pub fn from_token(token: &str) -> Option<BinOp> {
        BIN_OPS.iter().find(|(_, t)| *t == token).map(|(op, _)| *op)
    }

    /// How Elixir spells it.
    pub fn symbol(self) -> &'static str {
        BIN_OPS
            .iter()
            .find(|(op, _)| *op == self)
            .map_or("?", |(_, t)| t)
    }

    /// Binding strength (higher binds tighter), from the grammar's table.
    pub(crate) fn prec(self) -> u8 {
        use BinOp::*;
        match self {
            Arrow | Default => 10,
            When => 20,
            Type => 30,
            Bar => 40,
            Match => 70,
            Or | OrElse => 80,
            And | AndAlso => 90,
            Eq | Ne | RegexMatch | StrictEq | StrictNe => 100,
            Lt | Gt | Le | Ge => 110,
            Pipe => 120,
            In => 130,
            Concat | ListConcat | ListSubtract => 160,
            Add | Sub => 170,
            Mul | Div => 180,
            Pow => 190,
        }
    }

    /// Whether `a op b op c` groups as `a op (b op c)`.
    pub(crate) fn right_assoc(self) -> bool {
        use BinOp::*;
        matches!(
            self,
            When | Type | Bar | Match | Concat | ListConcat | ListSubtract
        )
    }
}

impl UnOp {
    /// The unary operator spelled `token` (`@` and `&` are not operators here).
    pub fn from_token(token: &str) -> Option<UnOp> {
        Some(match token {
            "-" => UnOp::Neg,
            "+" => UnOp::Pos,
            "!" => UnOp::Bang,
            "not" => UnOp::Not,
            "^" => UnOp::Pin,
            _ => return None,
        })
    }

    /// How Elixir spells it (`not` with its space).
    pub fn symbol(self) -> &'static str {
        match self {
            UnOp::Neg => "-",
            UnOp::Pos => "+",
            UnOp::Bang => "!",
            UnOp::Not => "not ",
            UnOp::Pin => "^",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binary_operator_round_trips_through_its_symbol() {
        for (op, token) in BIN_OPS {
            assert_eq!(BinOp::from_token(token), Some(op));
            assert_eq!(op.symbol(), token);
        }
    }
}
