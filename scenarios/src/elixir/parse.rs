//! The tree-sitter side: run the grammar, report its first syntax error, collect comments,
//! and hand the tree to the converter. No tree-sitter type leaves this module and
//! [`super::convert`].
//!
//! Protection against hostile input: tree-sitter's parser keeps its own heap stacks (a
//! 100,000-deep nesting parses fine on a 256 KiB thread stack), and every walk over its tree
//! here is an iterative cursor walk. Only the converter recurses, and it stops at
//! [`super::MAX_DEPTH`]. Recursive tree-sitter helpers (`Node::to_sexp`) are never called.

use tree_sitter::{Node as TsNode, Parser, Tree};

use super::ast::{Comment, File, ParseError, Span};
use super::convert::Conv;

/// The source text with an index of line starts, to turn byte offsets into [`Span`]s.
pub(crate) struct Source<'a> {
    pub(crate) text: &'a str,
    /// invariant: sorted, starts with 0; one entry per line.
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source { text, line_starts }
    }

    /// The span of bytes `start..end`: offsets past the end are clamped, and a column is
    /// the number of characters before `start` on its line.
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        let start = start.min(self.text.len());
        let end = end.clamp(start, self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= start).max(1);
        let line_start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        // Counting the bytes that start a character needs no char boundary at `start`.
        let col = self.text.as_bytes()[line_start..start]
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80)
            .count();
        Span {
            start,
            end,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col + 1).unwrap_or(u32::MAX),
        }
    }

    pub(crate) fn node_span(&self, node: TsNode<'_>) -> Span {
        self.span(node.start_byte(), node.end_byte())
    }

    /// The text of `node`; never panics (an out-of-range node reads as empty).
    pub(crate) fn text(&self, node: TsNode<'_>) -> &'a str {
        self.text.get(node.byte_range()).unwrap_or("")
    }

    pub(crate) fn error(&self, node: TsNode<'_>, message: impl Into<String>) -> ParseError {
        ParseError {
            span: self.node_span(node),
            message: message.into(),
        }
    }
}

/// Parses Elixir source into the typed AST. See the [module docs](super).
pub fn parse(source: &str) -> Result<File, ParseError> {
    let src = Source::new(source);
    let tree = run_grammar(&src)?;
    let root = tree.root_node();
    if root.has_error() {
        return Err(first_syntax_error(&src, &tree));
    }
    let mut conv = Conv::new(&src);
    let body = conv.body_of(root)?;
    Ok(File {
        body,
        comments: comments(&src, &tree),
    })
}

fn run_grammar(src: &Source<'_>) -> Result<Tree, ParseError> {
    let internal = |what: &str| ParseError {
        span: src.span(0, 0),
        message: format!("internal error: the Elixir grammar {what}"),
    };
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_elixir::LANGUAGE.into())
        .map_err(|_| internal("does not match this tree-sitter version"))?;
    parser
        .parse(src.text, None)
        .ok_or_else(|| internal("gave no tree"))
}

/// Visits every node in document order without recursion; `descend` says whether to enter a
/// node's children; `visit` returning `Some` stops the walk.
fn walk<T>(
    tree: &Tree,
    mut descend: impl FnMut(TsNode<'_>) -> bool,
    mut visit: impl FnMut(TsNode<'_>) -> Option<T>,
) -> Option<T> {
    let mut cursor = tree.walk();
    loop {
        let node = cursor.node();
        if let Some(found) = visit(node) {
            return Some(found);
        }
        if descend(node) && cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return None;
            }
        }
    }
}

/// The first `ERROR` or `MISSING` node, described: what is missing and what it would close,
/// or the token that was not expected.
fn first_syntax_error(src: &Source<'_>, tree: &Tree) -> ParseError {
    let found = walk(
        tree,
        |n| n.has_error(),
        |n| (n.is_error() || n.is_missing()).then(|| describe_error(src, n)),
    );
    found.unwrap_or_else(|| ParseError {
        span: src.span(0, 0),
        message: "syntax error".to_string(),
    })
}

fn describe_error(src: &Source<'_>, node: TsNode<'_>) -> ParseError {
    if node.is_missing() {
        let what = if node.is_named() {
            let kind = node.kind().replace('_', " ");
            let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {kind}")
        } else {
            format!("`{}`", node.kind())
        };
        let opener = node.parent().map(|p| {
            let first = p.child(0).map_or("", |c| src.text(c));
            (short(first), src.node_span(p))
        });
        let message = match opener {
            Some((open, at)) if !open.is_empty() => {
                format!("syntax error: missing {what} to close `{open}` at {at}")
            }
            _ => format!("syntax error: missing {what}"),
        };
        return src.error(node, message);
    }
    let mut leaf = node;
    while let Some(first) = leaf.child(0) {
        leaf = first;
    }
    let at_end = src
        .text
        .get(leaf.end_byte()..)
        .is_none_or(|rest| rest.trim().is_empty());
    let token = short(src.text(leaf));
    let message = if token.is_empty() {
        "syntax error: unexpected end of input".to_string()
    } else if at_end && NEEDS_MORE.contains(&src.text(leaf)) {
        format!("syntax error: the input ends before what must follow `{token}`")
    } else {
        format!("syntax error: unexpected `{token}`")
    };
    src.error(leaf, message)
}

/// Tokens that cannot end an expression: an error at one of them at the end of the input
/// means the expression is incomplete.
const NEEDS_MORE: &[&str] = &[
    "=", "+", "-", "*", "/", "**", "==", "!=", "===", "!==", "<", ">", "<=", ">=", "=~", "and",
    "or", "&&", "||", "<>", "++", "--", "|>", "in", "when", "::", "\\\\", "|", "<-", "=>", "->",
    ",", "(", "[", "{", "%", "%{", "<<", "do", "fn", "&", "@", "^", "!", "not", ".", "..",
];

/// A token for a message: at most 20 characters, control characters escaped.
fn short(text: &str) -> String {
    let first_line = text.lines().next().unwrap_or("");
    let mut out = String::new();
    for c in first_line.chars().take(20) {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    if first_line.chars().count() > 20 || first_line.len() < text.trim_end().len() {
        out.push_str("...");
    }
    out
}

fn comments(src: &Source<'_>, tree: &Tree) -> Vec<Comment> {
    let mut out = Vec::new();
    walk::<()>(
        tree,
        |_| true,
        |n| {
            if n.kind() == "comment" {
                out.push(Comment {
                    span: src.node_span(n),
                    text: src.text(n).trim_end_matches('\r').to_string(),
                });
            }
            None
        },
    );
    out
}
