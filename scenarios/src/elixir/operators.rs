//! Unary and binary operators, including `&` captures, `@` attributes and ranges.

use tree_sitter::Node as TsNode;

use super::ast::{BinOp, Kind, Node, Target, UnOp};
use super::convert::{Conv, R, field_opt, named, operator, unsupported};

/// Operators the grammar knows that Elixir's `Kernel` gives no meaning (`|||`, `~>`, ...).
const CUSTOM_OPERATORS: &[&str] = &[
    "|||", "&&&", "<<<", ">>>", "<<~", "~>>", "<~", "~>", "<~>", "<|>", "^^^", "+++", "---",
];

impl Conv<'_, '_> {
    /// `-x`, `not x`, `^x`, `&...`, `@...`.
    pub(crate) fn unary(&mut self, n: TsNode<'_>) -> R<Node> {
        let op = operator(n).unwrap_or("");
        let operand = self.field(n, "operand")?;
        let kind = match (op, operand.kind()) {
            ("@", _) => self.attribute(n, operand)?,
            ("&", _) => self.capture(operand)?,
            ("-" | "+", "integer") => Kind::Int(self.integer(operand, op == "-")?),
            ("-" | "+", "float") => Kind::Float(self.float(operand, op == "-")?),
            _ => match UnOp::from_token(op) {
                Some(op) => self.fold_sign(n, op, operand)?,
                None => self.unsupported_operator(op),
            },
        };
        Ok(self.node(n, kind))
    }

    /// `op operand`, with `-`/`+` folded into a number (`-(1)`, `-?a`, `- -1`), so that a
    /// number reads the same however it was written.
    pub(crate) fn fold_sign(&mut self, n: TsNode<'_>, op: UnOp, operand: TsNode<'_>) -> R<Kind> {
        let operand = self.boxed(operand)?;
        Ok(match (op, &operand.kind) {
            (UnOp::Pos, Kind::Int(_) | Kind::Float(_)) => operand.kind,
            (UnOp::Neg, Kind::Float(x)) => Kind::Float(-x),
            (UnOp::Neg, Kind::Int(i)) => match i.checked_neg() {
                Some(negated) => Kind::Int(negated),
                None => {
                    return self.err(n, "the integer 9223372036854775808 does not fit in 64 bits");
                }
            },
            _ => Kind::UnaryOp { op, operand },
        })
    }

    /// `@name` reads, `@name value` defines.
    fn attribute(&mut self, n: TsNode<'_>, operand: TsNode<'_>) -> R<Kind> {
        if operand.kind() == "identifier" {
            return Ok(Kind::Attr(self.text(operand).to_string()));
        }
        if operand.kind() == "call" {
            let target = self.field(operand, "target")?;
            let parts = named(operand);
            let arguments: Vec<_> = parts.iter().filter(|c| c.kind() == "arguments").collect();
            let has_do = parts.iter().any(|c| c.kind() == "do_block");
            if let ([args], "identifier", false) = (&arguments[..], target.kind(), has_do) {
                if let Some(misread) = self.misread_range(**args).filter(|m| m.rest.is_empty()) {
                    let attr = self.node(target, Kind::Attr(self.text(target).to_string()));
                    return self.rebuild_range(attr, misread);
                }
                let mut values = self.items(**args)?;
                if let (Some(value), true) = (values.pop(), values.is_empty()) {
                    let name = self.text(target).to_string();
                    let value = Box::new(value);
                    return Ok(Kind::AttrDef { name, value });
                }
            }
        }
        self.err(n, "expected `@name` or `@name value`")
    }

    /// `&1`, `&fun/2`, `&Mod.fun/2`, `&+/2`, or `&(expr)`.
    fn capture(&mut self, operand: TsNode<'_>) -> R<Kind> {
        if operand.kind() == "integer" {
            return match u32::try_from(self.integer(operand, false)?) {
                Ok(n) if n >= 1 => Ok(Kind::CaptureArg(n)),
                _ => self.err(operand, "`&n` needs n from 1 to 4294967295"),
            };
        }
        if let Some(kind) = self.capture_fun(operand)? {
            return Ok(kind);
        }
        Ok(Kind::CaptureExpr(self.boxed(operand)?))
    }

    /// `name/arity` after `&`, if that is what `operand` is.
    fn capture_fun(&mut self, operand: TsNode<'_>) -> R<Option<Kind>> {
        if operator(operand) != Some("/") {
            return Ok(None);
        }
        let (left, right) = (self.field(operand, "left")?, self.field(operand, "right")?);
        if right.kind() != "integer" {
            return Ok(None);
        }
        let Some(target) = self.capture_target(left)? else {
            return Ok(None);
        };
        match u32::try_from(self.integer(right, false)?) {
            Ok(arity) => Ok(Some(Kind::CaptureFun { target, arity })),
            Err(_) => self.err(right, "arity out of range"),
        }
    }

    /// `fun`, `+` or `Mod.fun` (no arguments) in front of `/arity`.
    fn capture_target(&mut self, left: TsNode<'_>) -> R<Option<Target>> {
        match left.kind() {
            "identifier" | "operator_identifier" => {
                return Ok(Some(Target::Local(self.text(left).to_string())));
            }
            "call" if named(left).len() == 1 => {}
            _ => return Ok(None),
        }
        let dot = self.field(left, "target")?;
        let (Some(right), "dot") = (field_opt(dot, "right"), dot.kind()) else {
            return Ok(None);
        };
        let Some(fun) = self.function_name(right)? else {
            return Ok(None);
        };
        let module = self.boxed(self.field(dot, "left")?)?;
        Ok(Some(Target::Remote { module, fun }))
    }

    /// `lhs op rhs`; `..` and `..//` are ranges, `not in` is `not(in)`. The common case is
    /// kept apart so that a long chain `a + b + c + ...` costs a small frame per operator.
    pub(crate) fn binary(&mut self, n: TsNode<'_>) -> R<Node> {
        let op = operator(n).unwrap_or("");
        let kind = match BinOp::from_token(op) {
            Some(op) => {
                let left = self.field(n, "left")?;
                if left.kind() == "operator_identifier" {
                    self.function_reference(n)
                } else {
                    let lhs = self.boxed(left)?;
                    let rhs = self.operand(self.field(n, "right")?)?;
                    Kind::BinaryOp {
                        op,
                        lhs,
                        rhs: Box::new(rhs),
                    }
                }
            }
            None => self.special_binary(n, op)?,
        };
        Ok(self.node(n, kind))
    }

    fn special_binary(&mut self, n: TsNode<'_>, op: &str) -> R<Kind> {
        let (left, right) = (self.field(n, "left")?, self.field(n, "right")?);
        Ok(match op {
            ".." => Kind::Range {
                first: self.boxed(left)?,
                last: self.boxed(right)?,
                step: None,
            },
            "//" if operator(left) == Some("..") => Kind::Range {
                first: self.boxed(self.field(left, "left")?)?,
                last: self.boxed(self.field(left, "right")?)?,
                step: Some(self.boxed(right)?),
            },
            "//" => return self.err(n, "`//` is only valid after a range `first..last`"),
            "=>" => return self.err(n, "`=>` is only valid inside a map `%{key => value}`"),
            "not in" => {
                let (lhs, rhs) = (self.boxed(left)?, self.boxed(right)?);
                let in_op = self.node(
                    n,
                    Kind::BinaryOp {
                        op: BinOp::In,
                        lhs,
                        rhs,
                    },
                );
                Kind::UnaryOp {
                    op: UnOp::Not,
                    operand: Box::new(in_op),
                }
            }
            _ => self.unsupported_operator(op),
        })
    }

    #[cold]
    fn unsupported_operator(&self, op: &str) -> Kind {
        if CUSTOM_OPERATORS.contains(&op) || op == "~~~" {
            unsupported(&format!("the operator `{op}`"))
        } else {
            unsupported(&format!("the unknown operator `{op}`"))
        }
    }

    #[cold]
    fn function_reference(&self, n: TsNode<'_>) -> Kind {
        let text = self.text(n);
        if text.starts_with("..") {
            // What is left of a range after `x..-1` was misread (see `misread_range`).
            unsupported(&format!(
                "`{text}` here: write the range as `first..(-last)`"
            ))
        } else {
            unsupported(&format!("the function reference `{text}`"))
        }
    }
}
