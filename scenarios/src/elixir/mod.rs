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
//! In the exact shape printed by [`Node::sexp`] (which shows every node kind):
//!
//! ```text
//! (call case (var x)
//!   (list (tuple :do (stab (-> ((tuple :ok (var v))) when (> (var v) 0) (var v))
//!                          (-> ((var _)) 0)))))
//! ```
//!
//! that is `Call { target: Local("case"), args: [Var x, List [Tuple [Atom do, Stab [Clause {
//! args: [{:ok, v}], guard: Some(v > 0), body: v }, Clause { args: [_], guard: None, body: 0
//! }]]]] }`.
//!
//! ## What is refused
//!
//! A syntax error (a tree-sitter `ERROR` or `MISSING` node) is a [`ParseError`] at the first
//! one, saying what was missing (``missing `end` to close `do` at 3:10``) or which token was
//! unexpected. So are: integers outside `i64` (also `&f/n` arities outside `u32`), floats
//! out of range, `\xHH` escapes above `\x7F` in strings (bytes that are not UTF-8), invalid
//! `\u` code points, misplaced `=>`, `//` or `|`, `@` without a name or with several values,
//! `&0`, and programs nested deeper than [`MAX_DEPTH`]. Every error has a line and column.
//!
//! What the grammar accepts but this AST does not model is a [`Kind::Unsupported`] node with
//! its span, for the lowering to refuse in context: sigils but `~s ~S ~c ~C ~w ~W`, bitstrings `<<>>`, interpolated
//! atoms, keys and function names, `__ENV__`/`__DIR__`/`__CALLER__`/`__STACKTRACE__`, `...`,
//! aliases built on an expression (`__MODULE__.Sub`), multi-aliases (`Foo.{A, B}`), calls of
//! a call's result (`f(a)(b)`), operators `Kernel` gives no meaning (`|||`, `~>`, `<~>`,
//! `~~~`, ...), and bare operator references outside `&` (`+/2`). `quote`, `unquote`, `use`,
//! `import`, `alias`, `super` are ordinary calls.
//!
//! ## What the lowering must know
//!
//! * `t.pid` and `Mod.fun` are the same tree (a call of a dot, no arguments), as they are in
//!   Elixir's AST; see [`Target::Remote`] for how they are told apart here.
//! * `foo` alone is a [`Kind::Var`] even when it means a zero-arity call (`fetch_data` with
//!   no parentheses, a pipe into a bare name `x |> g`, the head of `def run do`): only the
//!   lowering knows which names are functions.
//! * The one-line and do-block forms agree, but Elixir merges keywords differently: in
//!   `for x <- xs, into: %{}, do: x` the options and `do:` are one keyword list, while
//!   `for x <- xs, into: %{} do x end` has `[into: ...]` and `[do: ...]` as two arguments.
//! * `x not in y` is `not(x in y)`; several guards `when a when b` nest as `when(a, b)`.
//! * `receive do after 100 -> x end` has `do: Block([])`; an empty clause body `x ->` is `nil`.
//! * `true`/`false`/`nil` are atoms; `__MODULE__` is [`Kind::CurrentModule`].
//! * Unary `-`/`+` on a number are folded into it (Elixir keeps `-(1)`), also through
//!   parentheses and chars: `-(1)`, `-?a`, `- -1`.
//! * Spans of a misread range (below) and of what encloses it may reach past its end.
//!
//! And where the grammar differs from Elixir's parser:
//!
//! * After a name, inside brackets, `x..-1` is read as the call `x(.. - 1)`, which also
//!   swallows what follows (`f(x..-1, y)`). The converter repairs it in arguments, lists,
//!   keyword lists and after `<-`; elsewhere the leftover is an `Unsupported` node that says
//!   to write `x..(-1)`.
//! * `&` takes in a following `=>` or `|`: `%{&f/1 => v}` is read `%{&(f/1 => v)}` and
//!   refused; write `%{(&f/1) => v}`.
//! * A line continuation `\` + newline inside a heredoc is handled here (Elixir drops it and
//!   dedents the next line); the grammar leaves it in the text.
//! * A `?` char literal takes one character or a one-letter escape (`?\x41` is an error).

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
pub mod spelling;

pub use ast::{BinOp, Clause, Comment, File, Kind, Node, ParseError, Part, Span, Target, UnOp};
pub use parse::parse;

/// How deeply a program may nest. Each expression counts one level (a tuple in a tuple, each
/// operator of a chain `a + b + c`), and so does each do-block part, `->` clause and `key:`
/// pair, because the AST nests there too: `case` in `case` costs three levels. Hand-written
/// programs stay far below: the tutorial's programs and a GenServer need under 20.
///
/// Deeper input is a [`ParseError`] rather than a stack overflow, here or in the passes that
/// walk the AST after this one. At the limit, converting, printing and comparing take at
/// most about 1.2 MiB of stack in a debug build (~4.5 KiB a level), so they fit in the
/// 2 MiB of a spawned or test thread; passes over the AST should budget the same way.
pub const MAX_DEPTH: usize = 256;

#[cfg(test)]
mod tests;
