//! The Elixir front end, first half: `.exs` source → a typed Elixir AST.
//!
//! [`parse`] runs the grammar the elixir-lang organisation maintains (`tree-sitter-elixir`)
//! and turns its concrete syntax tree into [`Node`]s shaped like Elixir's own quoted form —
//! what `Code.string_to_quoted/1` gives — so the lowering pass into the interpreter's IR
//! handles one uniform shape whatever the surface syntax was:
//!
//! * a do-block is one more argument, a keyword list: `if c do a else b end` and
//!   `if c, do: a, else: b` are both `if(c, [do: a, else: b])`;
//! * keyword lists (`[a: 1]`, `f(x, name: Foo)`) are lists of `{atom, value}` tuples;
//! * `->` clauses are [`Kind::Stab`], with the guard split out of `when`;
//! * pipes stay `|>` operators; `def f(x) when g do` is `def(when(f(x), g), [do: ...])`.
//!
//! ```
//! use scenarios::elixir::{parse, Kind, Target};
//!
//! let file = parse("case x do {:ok, v} when v > 0 -> v; _ -> 0 end").unwrap();
//! let Kind::Call { target: Target::Local(name), args } = &file.body[0].kind else { panic!() };
//! assert_eq!(name, "case");
//! assert_eq!(args.len(), 2); // x, [do: <2 clauses>]
//! assert_eq!(
//!     file.body[0].to_string(),
//!     "case x do\n  {:ok, v} when v > 0 -> v\n  _ -> 0\nend"
//! );
//! ```
//!
//! The value of `do:` above is
//! `Stab([Clause { args: [{:ok, v}], guard: Some(v > 0), body: v }, Clause { args: [_], guard: None, body: 0 }])`.
//!
//! ## What is refused
//!
//! A syntax error (a tree-sitter `ERROR` or `MISSING` node) is a [`ParseError`] at the first
//! one, saying what was missing (`missing `end` to close `do` at 3:10`) or which token was
//! unexpected. So are: integers outside `i64`, `\xHH` escapes above `\x7F` in strings (bytes
//! that are not UTF-8), misplaced `=>`, `//` or `|`, `@` without a name, and expressions
//! programs nested deeper than [`MAX_DEPTH`]. What the grammar accepts but this AST does not model is
//! a [`Kind::Unsupported`] node with its span, for the lowering to refuse in context:
//! sigils, bitstrings `<<>>`, interpolated atoms and keys, `__ENV__`/`__DIR__`/`__CALLER__`/
//! `__STACKTRACE__`, `...`, aliases built on an expression (`__MODULE__.Sub`), multi-aliases
//! (`Foo.{A, B}`), calls of a call's result (`f(a)(b)`), operators `Kernel` gives no
//! meaning (`|||`, `~>`, `<~>`, `~~~`, ...), and bare operator references outside `&`.
//! `quote`, `unquote`, `use`, `import` are ordinary calls.
//!
//! ## The grammar's surprises (for the lowering)
//!
//! * `t.pid` and `Mod.fun` are the same tree (a call of a dot, no arguments), as they are in
//!   Elixir's AST; see [`Target::Remote`] for how they are told apart here.
//! * `foo` alone is a [`Kind::Var`] even when it means a zero-arity call (`fetch_data` with
//!   no parentheses); only the lowering knows which names are functions.
//! * A pipe into a bare name, `x |> g`, has a `Var` on the right.
//! * `x not in y` is `not(x in y)`; several guards `when a when b` nest.
//! * `receive do after 100 -> x end` has `do: Block([])`; an empty clause body `x ->` is `nil`.
//! * `true`/`false`/`nil` are atoms; `__MODULE__` is [`Kind::CurrentModule`].
//! * Unary `-`/`+` on a number literal are folded into it (Elixir keeps `-(1)`).

mod ast;
mod calls;
mod convert;
mod display;
mod layout;
mod literal;
mod misread;
mod operators;
mod ops;
mod parse;
mod sexp;
mod spelling;

pub use ast::{BinOp, Clause, Comment, File, Kind, Node, ParseError, Part, Span, Target, UnOp};
pub use parse::parse;

/// How deeply a program may nest. Each expression counts one level (a tuple in a tuple, each
/// operator of a chain `a + b + c`), and so does each do-block part, `->` clause and `key:`
/// pair, because the AST nests there too: `case` in `case` costs three levels. Hand-written
/// programs stay far below (the tutorial's deepest point is at 12).
///
/// Deeper input is a [`ParseError`] rather than a stack overflow, here or in the passes that
/// walk the AST after this one. At the limit, converting, printing and comparing take at
/// most about 1.2 MiB of stack in a debug build (~4.5 KiB a level), so they fit in the
/// 2 MiB of a spawned or test thread; passes over the AST should budget the same way.
pub const MAX_DEPTH: usize = 256;

#[cfg(test)]
mod tests;
