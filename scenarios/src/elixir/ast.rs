//! The typed Elixir AST: Elixir's quoted form (what `quote` gives), one Rust type per shape.
//!
//! Every [`Node`] carries the [`Span`] of the source it came from, so a later pass can point
//! at it. Two nodes compare equal when they have the same *shape*: spans are not compared
//! (they say where, not what), which is what lets a test check that `if c, do: a` and
//! `if c do a end` are the same program.

use std::fmt;

/// Where a node is: byte offsets into the source, and the 1-based line and column of its
/// start (the column counted in characters, not bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`, in characters.
    pub col: u32,
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// A parsed `.exs` file.
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    /// The top-level expressions, in order.
    pub body: Vec<Node>,
    /// Every comment, in order, wherever it was (`elixir` ignores them, so expectations can
    /// live there).
    pub comments: Vec<Comment>,
}

/// A `# ...` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Where it is (up to the end of its line, newline excluded).
    pub span: Span,
    /// The text as written, starting with `#`.
    pub text: String,
}

/// Why a source text is not a program this front end can hand on, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Where the problem is (the first one, if there are several).
    pub span: Span,
    /// What is wrong, and what was expected where that is known.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.span, self.message)
    }
}

impl std::error::Error for ParseError {}

/// One expression, with where it is.
#[derive(Clone, Debug)]
pub struct Node {
    /// Where it is in the source.
    pub span: Span,
    /// What it is.
    pub kind: Kind,
}

/// Same shape; spans are not compared.
impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
    }
}

/// The shapes of Elixir's quoted form.
///
/// How source forms map here (the lowering pass relies on these):
/// * `true`, `false`, `nil` are atoms; keyword keys (`do:`, `name:`) are atoms.
/// * A keyword list — `[a: 1]`, trailing keywords in a call `f(x, name: Foo)`, a do-block —
///   is a [`Kind::List`] of 2-element [`Kind::Tuple`]s `{atom, value}`, as in Elixir.
/// * `foo` alone is a [`Kind::Var`] (Elixir decides later whether it is a zero-arity call);
///   `foo()` and `foo x` are calls.
/// * `-1` and `+1` on a number literal are folded into the literal (Elixir keeps
///   `{:-, _, [1]}`), so that `-9223372036854775808` fits and `-1` is a plain pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// An integer: decimal, `1_000`, `0x1F`, `0b101`, `0o17`, a char `?a`.
    Int(i64),
    /// A float (the lowering may refuse them).
    Float(f64),
    /// `:ok`, `:"quoted atom"`, `true`, `false`, `nil`, a keyword key; the name without `:`.
    Atom(String),
    /// A string or heredoc; escapes decoded, heredoc indentation removed.
    Str(Vec<Part>),
    /// A charlist `'abc'` or `'''` heredoc.
    Charlist(Vec<Part>),
    /// A variable: `x`, `_`, `_name`.
    Var(String),
    /// An alias, dots included: `Task.Supervisor`.
    Alias(String),
    /// `__MODULE__`.
    CurrentModule,
    /// Reading a module attribute: `@name`.
    Attr(String),
    /// Defining a module attribute: `@name value` (also `@impl true`, `@spec ...`).
    AttrDef {
        /// The name, without `@`.
        name: String,
        /// The value.
        value: Box<Node>,
    },
    /// `{a, b}`. Keywords at the end become one keyword-list element: `{1, a: 2}` is
    /// `{1, [a: 2]}`.
    Tuple(Vec<Node>),
    /// `[a, b]`, `[h | t]`, `[a: 1]`.
    List {
        /// The elements before `|`.
        items: Vec<Node>,
        /// What follows `|`, if written.
        tail: Option<Box<Node>>,
    },
    /// `%{k => v, a: 1}` or the update `%{m | a: 1}`.
    Map {
        /// The map being updated (`m` in `%{m | a: 1}`).
        update: Option<Box<Node>>,
        /// Key-value pairs in order (`a: 1` has the atom `a` as key).
        pairs: Vec<(Node, Node)>,
    },
    /// `%Task{ref: r}` or the update `%Mod{s | f: v}`.
    Struct {
        /// The struct's module: usually an alias, else `__MODULE__`, a variable, ...
        name: Box<Node>,
        /// The struct being updated.
        update: Option<Box<Node>>,
        /// Field-value pairs in order.
        pairs: Vec<(Node, Node)>,
    },
    /// `m[:k]`.
    Access {
        /// What is indexed.
        expr: Box<Node>,
        /// The key.
        key: Box<Node>,
    },
    /// `lhs op rhs`, for every operator of [`BinOp`]. `x not in y` is `not(x in y)`, as in
    /// Elixir.
    BinaryOp {
        /// The operator.
        op: BinOp,
        /// Left operand.
        lhs: Box<Node>,
        /// Right operand.
        rhs: Box<Node>,
    },
    /// `op operand`, for every operator of [`UnOp`] (pin `^x` included).
    UnaryOp {
        /// The operator.
        op: UnOp,
        /// The operand.
        operand: Box<Node>,
    },
    /// `first..last` or `first..last//step`.
    Range {
        /// First element.
        first: Box<Node>,
        /// Last element.
        last: Box<Node>,
        /// Step, if written.
        step: Option<Box<Node>>,
    },
    /// A call. A do-block is one more argument, a keyword list:
    /// `if c do a else b end` is `if(c, [do: a, else: b])`.
    Call {
        /// What is called.
        target: Target,
        /// The arguments, trailing keywords and do-block as keyword lists.
        args: Vec<Node>,
    },
    /// Field access without parentheses, `t.pid`, when the left side is not a module name
    /// (see [`Target::Remote`] for how the two are told apart).
    Dot {
        /// The map or struct.
        expr: Box<Node>,
        /// The field.
        field: String,
    },
    /// `fn clauses end`.
    Fn(Vec<Clause>),
    /// `&fun/2`, `&Mod.fun/2`, `&+/2`: a named function as a value.
    CaptureFun {
        /// The function: [`Target::Local`] or [`Target::Remote`].
        target: Target,
        /// Its arity.
        arity: u32,
    },
    /// `&(&1 + 1)`, `&foo(&1, 2)`: an anonymous function written with `&n` placeholders.
    CaptureExpr(Box<Node>),
    /// `&1`: the placeholder for the n-th argument inside a [`Kind::CaptureExpr`].
    CaptureArg(u32),
    /// Clauses `args when guard -> body`: the value of `do:` in `case`, `receive`, `cond`,
    /// of `else:` in `with`, of `rescue:`/`catch:` in `try`, of `after:` in `receive`.
    Stab(Vec<Clause>),
    /// Several expressions in sequence (a body, or `(a; b)`); `Block([])` is an empty body.
    Block(Vec<Node>),
    /// Something the grammar accepts that this AST does not represent (`~r`, a bitstring,
    /// an interpolated atom, ...): kept with its span so the lowering can refuse it in
    /// context.
    Unsupported {
        /// What it is, for the message.
        what: String,
    },
}

/// A piece of a string or charlist.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// Literal text, escapes decoded.
    Text(String),
    /// `#{expr}`; an empty `#{}` is `Block([])`.
    Interp(Node),
}

/// One `args when guard -> body` clause.
#[derive(Clone, Debug)]
pub struct Clause {
    /// From the first argument to the end of the body.
    pub span: Span,
    /// The patterns (or, in `cond`, the one condition); empty in `fn -> x end`.
    pub args: Vec<Node>,
    /// The guard, split out of `when`. Several guards `x when a when b` stay nested:
    /// `BinaryOp(When, a, b)` means "a or b".
    pub guard: Option<Node>,
    /// The body; several expressions are a [`Kind::Block`]; an empty body is `nil`.
    pub body: Node,
}

/// Same shape; spans are not compared.
impl PartialEq for Clause {
    fn eq(&self, other: &Self) -> bool {
        self.args == other.args && self.guard == other.guard && self.body == other.body
    }
}

/// What a [`Kind::Call`] or [`Kind::CaptureFun`] calls.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// `foo(x)`, `foo x`, `def ...`, `if ...`.
    Local(String),
    /// `Mod.fun(x)`, `:erlang.fun(x)`, `mod_var.fun(x)`.
    ///
    /// Without parentheses, `a.b` is ambiguous in Elixir (decided at run time). Here it is a
    /// remote call when `a` is written as a module — an alias, an atom, `__MODULE__` — or when
    /// arguments or a do-block follow; otherwise it is a field access [`Kind::Dot`]. So
    /// `Mod.fun` is a call and `t.pid`, `state.count`, `@attr.field` are field accesses.
    Remote {
        /// The module expression.
        module: Box<Node>,
        /// The function name.
        fun: String,
    },
    /// `f.(x)`.
    Anon(Box<Node>),
}

/// The binary operators (`..` and `..//` are [`Kind::Range`]; `not in` is `not(in)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `**`
    Pow,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `===`
    StrictEq,
    /// `!==`
    StrictNe,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
    /// `=~`
    RegexMatch,
    /// `and`
    And,
    /// `or`
    Or,
    /// `&&`
    AndAlso,
    /// `||`
    OrElse,
    /// `<>`
    Concat,
    /// `++`
    ListConcat,
    /// `--`
    ListSubtract,
    /// `|>`
    Pipe,
    /// `=`
    Match,
    /// `in`
    In,
    /// `when`
    When,
    /// `::`
    Type,
    /// `\\` (default argument)
    Default,
    /// `|` outside a list tail or map update (typespecs: `a | b`)
    Bar,
    /// `<-` (`for`, `with`)
    Arrow,
}

/// The unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    /// `-x`
    Neg,
    /// `+x`
    Pos,
    /// `!x`
    Bang,
    /// `not x`
    Not,
    /// `^x` (pin)
    Pin,
}
