//! Concrete syntax tree → typed AST: the dispatch over node kinds, containers and names.
//! Calls, operators and clauses are in [`super::calls`]; literals in [`super::literal`].
//!
//! Every lookup into the tree-sitter tree is checked: a shape the grammar should never
//! produce becomes a [`ParseError`] ("unexpected ... here"), never a panic.

use tree_sitter::Node as TsNode;

use super::MAX_DEPTH;
use super::ast::{Kind, Node, ParseError, Span};
use super::parse::Source;

pub(crate) type R<T> = Result<T, ParseError>;

/// One conversion: the source, and how deep the current expression is.
pub(crate) struct Conv<'s, 'a> {
    pub(crate) src: &'s Source<'a>,
    /// invariant: the levels of nesting being converted (see `enter`); never above MAX_DEPTH.
    depth: usize,
    /// The id of a misread range call whose swallowed elements the caller takes care of.
    pub(crate) range_call: Option<usize>,
}

impl<'s, 'a> Conv<'s, 'a> {
    pub(crate) fn new(src: &'s Source<'a>) -> Self {
        Conv {
            src,
            depth: 0,
            range_call: None,
        }
    }

    pub(crate) fn span(&self, n: TsNode<'_>) -> Span {
        self.src.node_span(n)
    }

    pub(crate) fn text(&self, n: TsNode<'_>) -> &'a str {
        self.src.text(n)
    }

    pub(crate) fn err<T>(&self, n: TsNode<'_>, message: impl Into<String>) -> R<T> {
        Err(self.src.error(n, message))
    }

    /// Like [`field_opt`], for a field the grammar guarantees.
    pub(crate) fn field<'t>(&self, n: TsNode<'t>, name: &str) -> R<TsNode<'t>> {
        match field_opt(n, name) {
            Some(found) => Ok(found),
            None => self.err(n, format!("unexpected {} without its {name}", n.kind())),
        }
    }

    pub(crate) fn node(&self, n: TsNode<'_>, kind: Kind) -> Node {
        Node {
            span: self.span(n),
            kind,
        }
    }

    /// The expressions directly under `n` (a source file, a body, a block).
    pub(crate) fn body_of(&mut self, n: TsNode<'_>) -> R<Vec<Node>> {
        let mut out = Vec::new();
        for c in named(n) {
            out.push(self.expr(c)?);
        }
        Ok(out)
    }

    /// One expression: one level deeper.
    pub(crate) fn expr(&mut self, n: TsNode<'_>) -> R<Node> {
        self.enter(n)?;
        let result = self.expr_at_depth(n);
        self.leave();
        result
    }

    /// Counts one level of nesting, or fails past [`MAX_DEPTH`]. Expressions count, and so
    /// do the do-block parts and clauses between them, because the AST nests there too.
    /// (After an error the count is not restored: the whole conversion is abandoned.)
    pub(crate) fn enter(&mut self, n: TsNode<'_>) -> R<()> {
        if self.depth >= MAX_DEPTH {
            return self.too_deep(n);
        }
        self.depth += 1;
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
    }

    #[cold]
    fn too_deep(&self, n: TsNode<'_>) -> R<()> {
        self.err(
            n,
            format!("the program nests more than {MAX_DEPTH} levels deep"),
        )
    }

    /// Dispatch only, through a function pointer: in a debug build every match arm's
    /// temporaries take their own stack slots, and this frame is on the stack once per level
    /// of nesting.
    fn expr_at_depth(&mut self, n: TsNode<'_>) -> R<Node> {
        let convert: fn(&mut Self, TsNode<'_>) -> R<Node> = match n.kind() {
            "list" => Self::list,
            "tuple" => Self::tuple,
            "map" => Self::map,
            "unary_operator" => Self::unary,
            "binary_operator" => Self::binary,
            "call" => Self::call,
            "access_call" => Self::access,
            "anonymous_function" => Self::function,
            "string" | "charlist" | "quoted_atom" => Self::quoted_literal,
            "block" => Self::block,
            _ => Self::leaf,
        };
        convert(self, n)
    }

    /// The kinds that contain no expression.
    fn leaf(&mut self, n: TsNode<'_>) -> R<Node> {
        let kind = match n.kind() {
            "identifier" => self.identifier(n),
            "alias" => Kind::Alias(self.text(n).split_whitespace().collect()),
            "integer" => Kind::Int(self.integer(n, false)?),
            "float" => Kind::Float(self.float(n, false)?),
            "char" => Kind::Int(self.char(n)?),
            "boolean" | "nil" => Kind::Atom(self.text(n).to_string()),
            "atom" => self.atom(n),
            "sigil" => return self.sigil(n),
            "bitstring" => unsupported("a bitstring `<<...>>`"),
            "operator_identifier" => unsupported(&format!("the operator `{}` alone", self.text(n))),
            "dot" => self.dot(n),
            other => return self.err(n, format!("unexpected {} here", other.replace('_', " "))),
        };
        Ok(self.node(n, kind))
    }

    /// `Box::new(self.expr(n)?)`, in a frame of its own.
    pub(crate) fn boxed(&mut self, n: TsNode<'_>) -> R<Box<Node>> {
        self.expr(n).map(Box::new)
    }

    fn access(&mut self, n: TsNode<'_>) -> R<Node> {
        let expr = self.boxed(self.field(n, "target")?)?;
        let key = self.boxed(self.field(n, "key")?)?;
        Ok(self.node(n, Kind::Access { expr, key }))
    }

    fn tuple(&mut self, n: TsNode<'_>) -> R<Node> {
        let items = self.items(n)?;
        Ok(self.node(n, Kind::Tuple(items)))
    }

    fn function(&mut self, n: TsNode<'_>) -> R<Node> {
        let clauses = self.clauses(n)?;
        Ok(self.node(n, Kind::Fn(clauses)))
    }

    pub(crate) fn identifier(&self, n: TsNode<'_>) -> Kind {
        match self.text(n) {
            "__MODULE__" => Kind::CurrentModule,
            name @ ("__ENV__" | "__DIR__" | "__CALLER__" | "__STACKTRACE__" | "...") => {
                unsupported(&format!("`{name}`"))
            }
            name => Kind::Var(name.to_string()),
        }
    }

    /// `dot` outside a call: `__MODULE__.Sub` or a multi-alias `Foo.{A, B}`.
    fn dot(&self, n: TsNode<'_>) -> Kind {
        match self.field(n, "right").map(|r| r.kind()) {
            Ok("tuple") => unsupported("a multi-alias `Mod.{A, B}`"),
            _ => unsupported(&format!("the alias `{}`", self.text(n))),
        }
    }

    /// `(a; b)`, `(x)`, `()` and `(a -> b)`.
    fn block(&mut self, n: TsNode<'_>) -> R<Node> {
        let inner = named(n);
        if inner.first().is_some_and(|c| c.kind() == "stab_clause") {
            let clauses = self.clauses(n)?;
            return Ok(self.node(n, Kind::Stab(clauses)));
        }
        let mut body = Vec::new();
        for c in inner {
            body.push(self.expr(c)?);
        }
        if body.len() == 1 {
            return Ok(body.remove(0));
        }
        Ok(self.node(n, Kind::Block(body)))
    }

    /// `[a, b]`, `[a: 1]`, `[h | t]`.
    fn list(&mut self, n: TsNode<'_>) -> R<Node> {
        let children = named(n);
        let last = children.len().saturating_sub(1);
        let mut items = Vec::new();
        let mut tail = None;
        for (i, c) in children.into_iter().enumerate() {
            match c.kind() {
                "keywords" => items.extend(self.keywords(c)?),
                "binary_operator" if operator(c) == Some("|") => {
                    if i != last {
                        return self.err(c, "`|` may only separate the tail of a list");
                    }
                    items.push(self.expr(self.field(c, "left")?)?);
                    tail = Some(Box::new(self.operand(self.field(c, "right")?)?));
                }
                _ => self.item_and_swallowed(c, &mut items, true)?,
            }
        }
        Ok(self.node(n, Kind::List { items, tail }))
    }

    /// Elements of a tuple or of call arguments: trailing keywords become one keyword list.
    pub(crate) fn items(&mut self, n: TsNode<'_>) -> R<Vec<Node>> {
        let mut out = Vec::new();
        for c in named(n) {
            if c.kind() == "keywords" {
                out.push(self.keyword_list(c)?);
            } else {
                self.item_and_swallowed(c, &mut out, false)?;
            }
        }
        Ok(out)
    }

    /// An expression, or a `keywords` node (allowed after `when`, `|` and in arguments) as a
    /// keyword list.
    pub(crate) fn operand(&mut self, n: TsNode<'_>) -> R<Node> {
        if n.kind() == "keywords" {
            return self.keyword_list(n);
        }
        self.expr(n)
    }

    pub(crate) fn keyword_list(&mut self, n: TsNode<'_>) -> R<Node> {
        let items = self.keywords(n)?;
        Ok(self.node(n, Kind::List { items, tail: None }))
    }

    /// `a: 1, "b c": 2` as `{:a, 1}` and `{:"b c", 2}` tuples.
    pub(crate) fn keywords(&mut self, n: TsNode<'_>) -> R<Vec<Node>> {
        let mut out = Vec::new();
        let mut pending = named(n);
        pending.reverse();
        while let Some(pair) = pending.pop() {
            // `a: x..-1, b: 2` reads as `a: x(.. - 1, b: 2)`: take `b: 2` back.
            let value = self.field(pair, "value")?;
            let outer = self.range_call;
            if let Some((call, rest)) = self.swallowing_range(value) {
                self.range_call = Some(call);
                for r in rest.iter().rev() {
                    if r.kind() != "keywords" {
                        return self.err(*r, "expected `key: value` here");
                    }
                    pending.extend(named(*r).into_iter().rev());
                }
            }
            let (key, value) = self.pair(pair)?;
            self.range_call = outer;
            let span = Span {
                end: value.span.end,
                ..self.span(pair)
            };
            out.push(Node {
                span,
                kind: Kind::Tuple(vec![key, value]),
            });
        }
        Ok(out)
    }

    /// One `key: value`; a level of nesting, as its tuple is.
    fn pair(&mut self, pair: TsNode<'_>) -> R<(Node, Node)> {
        self.enter(pair)?;
        let key = self.field(pair, "key")?;
        let key = match key.kind() {
            "keyword" => {
                let name = self.text(key).trim_end().trim_end_matches(':');
                self.node(key, Kind::Atom(name.to_string()))
            }
            _ => {
                let kind = self.quoted_atom(key)?;
                self.node(key, kind)
            }
        };
        let value = self.expr(self.field(pair, "value")?)?;
        self.leave();
        Ok((key, value))
    }

    /// `%{...}` and `%Name{...}`, with an optional `base |` update.
    fn map(&mut self, n: TsNode<'_>) -> R<Node> {
        let mut name = None;
        let mut update = None;
        let mut pairs = Vec::new();
        for c in named(n) {
            match c.kind() {
                "struct" => match named(c).first() {
                    Some(s) => name = Some(self.boxed(*s)?),
                    None => return self.err(c, "expected a struct name"),
                },
                _ => {
                    for (i, item) in named(c).into_iter().enumerate() {
                        if i == 0 && operator(item) == Some("|") {
                            update = Some(self.boxed(self.field(item, "left")?)?);
                            self.map_entry(self.field(item, "right")?, &mut pairs)?;
                        } else {
                            self.map_entry(item, &mut pairs)?;
                        }
                    }
                }
            }
        }
        let kind = match name {
            Some(name) => Kind::Struct {
                name,
                update,
                pairs,
            },
            None => Kind::Map { update, pairs },
        };
        Ok(self.node(n, kind))
    }

    fn map_entry(&mut self, item: TsNode<'_>, pairs: &mut Vec<(Node, Node)>) -> R<()> {
        if item.kind() == "keywords" {
            for pair in named(item) {
                pairs.push(self.pair(pair)?);
            }
            return Ok(());
        }
        if operator(item) != Some("=>") {
            return self.err(item, "expected `key => value` or `key: value` in a map");
        }
        let key = self.expr(self.field(item, "left")?)?;
        pairs.push((key, self.expr(self.field(item, "right")?)?));
        Ok(())
    }
}

pub(crate) fn unsupported(what: &str) -> Kind {
    Kind::Unsupported {
        what: what.to_string(),
    }
}

/// The named children of `n`, comments left out (a comment may sit anywhere).
pub(crate) fn named(n: TsNode<'_>) -> Vec<TsNode<'_>> {
    let mut cursor = n.walk();
    n.named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect()
}

/// The first named child in field `name` (skipping the `(` and `)` that share a field).
pub(crate) fn field_opt<'t>(n: TsNode<'t>, name: &str) -> Option<TsNode<'t>> {
    let mut cursor = n.walk();
    n.children_by_field_name(name, &mut cursor)
        .find(|c| c.is_named() && c.kind() != "comment")
}

/// The operator token of a `binary_operator` or `unary_operator`, e.g. `"|"` or `"not in"`.
pub(crate) fn operator(n: TsNode<'_>) -> Option<&'static str> {
    if !matches!(n.kind(), "binary_operator" | "unary_operator") {
        return None;
    }
    n.child_by_field_name("operator").map(|o| o.kind())
}
