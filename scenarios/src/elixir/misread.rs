//! A repair for one misreading of the grammar: after a name, inside brackets, `x..-1` is
//! read as the call `x(.. - 1)` — a nullary `..` minus one — where Elixir reads the range
//! `x..(-1)`. The "call" also swallows what follows it: `f(a, x..-1, b)` is read as
//! `f(a, x(.. - 1, b))`, and `[a: x..-1, b: 2]` as `[a: x(.. - 1, b: 2)]`. The same happens
//! with a step (`x..-1//2`), after a field (`t.n..-1`) and after an attribute (`@n..-1`).
//!
//! The converter recognises the shape, builds the range and gives the swallowed elements
//! back to the enclosing list, arguments or keywords. Where it cannot (a map's `=>`, a
//! do-block that attached itself to the "call"), the leftover `.. - 1` is an `Unsupported`
//! node that says how to write the range instead. [`std::fmt::Display`] prints
//! `x..(-1)`, which the grammar reads right.

use tree_sitter::Node as TsNode;

use super::ast::{Kind, Node, Span, UnOp};
use super::calls::CallParts;
use super::convert::{Conv, R, field_opt, named, operator};

/// The pieces of a range the grammar misread as a call (see [`Conv::misread_range`]).
pub(crate) struct MisreadRange<'t> {
    /// `.. - last`
    signed: TsNode<'t>,
    sign: UnOp,
    step: Option<TsNode<'t>>,
    /// What the "call" swallowed after the range, which belongs to the enclosing list or
    /// arguments.
    pub(crate) rest: Vec<TsNode<'t>>,
}

impl MisreadRange<'_> {
    /// Where the range ends in the source.
    pub(crate) fn end_byte(&self) -> usize {
        self.step.unwrap_or(self.signed).end_byte()
    }
}

impl Conv<'_, '_> {
    /// The grammar reads `x..-1` after an identifier, inside brackets, as the call
    /// `x(.. - 1)` (a nullary `..` minus one), also with a step `x..-1//2`, after a field
    /// `t.n..-1` and after an attribute `@n..-1`; Elixir reads a range. In a list or in
    /// arguments, the "call" also swallows what follows: `f(x..-1, y)` reads as
    /// `f(x(.. - 1, y))`. Whether `arguments` (of a call without parentheses) starts with
    /// that shape; looks, converts nothing.
    pub(crate) fn misread_range<'t>(&self, arguments: TsNode<'t>) -> Option<MisreadRange<'t>> {
        let mut parts = named(arguments).into_iter();
        let one = parts.next()?;
        if arguments.child(0).is_some_and(|c| c.kind() == "(") {
            return None;
        }
        let (signed, step) = match operator(one) {
            Some("//") => (field_opt(one, "left")?, Some(field_opt(one, "right")?)),
            _ => (one, None),
        };
        let sign = match operator(signed) {
            Some("-") => UnOp::Neg,
            Some("+") => UnOp::Pos,
            _ => return None,
        };
        let dots = field_opt(signed, "left")?;
        let is_dots = dots.kind() == "operator_identifier" && self.text(dots) == "..";
        is_dots.then(|| MisreadRange {
            signed,
            sign,
            step,
            rest: parts.collect(),
        })
    }

    /// The range `first..-last//step` that [`Conv::misread_range`] found.
    pub(crate) fn rebuild_range(&mut self, first: Node, m: MisreadRange<'_>) -> R<Kind> {
        let last = self.fold_sign(m.signed, m.sign, self.field(m.signed, "right")?)?;
        let step = match m.step {
            Some(s) => Some(self.boxed(s)?),
            None => None,
        };
        Ok(Kind::Range {
            first: Box::new(first),
            last: Box::new(self.node(m.signed, last)),
            step,
        })
    }

    /// `x..-1` misread as `x(.. - 1, rest...)`: the range, and the rest (see
    /// [`Conv::misread_range`]).
    pub(crate) fn misread_range_call<'t>(
        &mut self,
        n: TsNode<'t>,
    ) -> R<Option<(Node, Vec<TsNode<'t>>)>> {
        let children = named(n);
        let (Some(target), [_, arguments]) = (field_opt(n, "target"), &children[..]) else {
            return Ok(None);
        };
        let Some(misread) = (arguments.kind() == "arguments")
            .then(|| self.misread_range(*arguments))
            .flatten()
        else {
            return Ok(None);
        };
        let bare = CallParts {
            target,
            arguments: None,
            do_block: None,
        };
        let first = match target.kind() {
            "identifier" => self.identifier(target),
            "dot" if field_opt(target, "right").is_some() => self.dot_call(&bare)?,
            _ => return Ok(None),
        };
        let span = Span {
            end: target.end_byte(),
            ..self.span(n)
        };
        let rest = misread.rest.clone();
        let last_end = misread.end_byte();
        let range = self.rebuild_range(Node { span, kind: first }, misread)?;
        let span = Span {
            end: last_end,
            ..self.span(n)
        };
        Ok(Some((Node { span, kind: range }, rest)))
    }

    /// An element of a list or of arguments, followed by what a misread range swallowed
    /// (`f(a, x..-1, b)` reads as `f(a, x(.. - 1, b))`, see [`Conv::misread_range`]).
    pub(crate) fn item_and_swallowed(
        &mut self,
        c: TsNode<'_>,
        out: &mut Vec<Node>,
        flat: bool,
    ) -> R<()> {
        let Some((call, rest)) = self.swallowing_range(c) else {
            out.push(self.expr(c)?);
            return Ok(());
        };
        let outer = self.range_call.replace(call);
        out.push(self.expr(c)?);
        self.range_call = outer;
        for r in rest {
            match r.kind() {
                "keywords" if flat => out.extend(self.keywords(r)?),
                "keywords" => out.push(self.keyword_list(r)?),
                _ => out.push(self.expr(r)?),
            }
        }
        Ok(())
    }

    /// The misread range call at the right end of `c` (through operators) that swallowed
    /// the elements after it, with those elements.
    pub(crate) fn swallowing_range<'t>(
        &self,
        mut c: TsNode<'t>,
    ) -> Option<(usize, Vec<TsNode<'t>>)> {
        loop {
            match c.kind() {
                "binary_operator" => c = field_opt(c, "right")?,
                "unary_operator" => c = field_opt(c, "operand")?,
                "call" => break,
                _ => return None,
            }
        }
        let arguments = named(c).into_iter().find(|a| a.kind() == "arguments")?;
        let misread = self.misread_range(arguments)?;
        (!misread.rest.is_empty()).then(|| (c.id(), misread.rest))
    }
}
