//! The IR: the one program representation the interpreter runs, whatever the program was
//! written in. Elixir source (`.exs`, lowered from the syntax tree by `crate::elixir`) and
//! the RON step language (`crate::lang`, for generated programs) both compile to it; the
//! interpreter (`crate::interp`), the Elixir emitter of `otpsim conform`, the checkers and
//! the shrinkers all walk it.
//!
//! ## Rules every pass keeps
//!
//! * **Exhaustive matches.** Every walker matches [`ExprKind`], [`Pat`], [`Target`] and
//!   [`Builtin`] without `_ =>` arms, so adding a construct is a compile error until every
//!   pass handles it.
//! * **Variables are slots.** The lowering resolves every variable to a [`Slot`], an index
//!   into the frame of the function clause (or `fn` clause) it lives in; a clause's
//!   [`Clause::frame`] is how many slots it needs. Every binding occurrence gets a slot of
//!   its own (`x = x + 1` binds a new slot; slots are never reused within a frame), so a
//!   match attempt that fails halfway (a receive clause tried on a message) cannot clobber
//!   another variable. A variable bound inside a `case` clause, a `receive` clause, an `if`
//!   branch or a `fn` never leaks out (Elixir 1.14 scoping). An `fn` captures by value: its
//!   [`Lambda::captures`] pairs each outer slot with the slot of the `fn`'s frame it is
//!   copied into when the closure is made (all clauses of one `fn` share one numbering).
//! * **Tail calls are marked.** [`ExprKind::Call::tail`] is true for a call in tail position
//!   of a function or `fn` clause body (through blocks, `case`, `cond`, `if`, `receive`,
//!   `with`; never inside `try`): the interpreter runs it without growing, so a
//!   tail-recursive receive loop runs in constant memory.
//! * **Nothing is silently dropped.** Syntax outside the subset is refused by the lowering
//!   with its location; it never reaches the IR.
//!
//! ## Observations
//!
//! What a run observes (the lines of [`crate::interp::Observation`]) comes from: `IO.puts` /
//! `IO.inspect` ([`Builtin::IoPuts`], [`Builtin::IoInspect`]), caught exceptions (entering a
//! `rescue` or `catch` clause of a [`Try`] with `observe` set), process exits and supervisor
//! reports (from the trace), and, for programs of the step language, [`ExprKind::Observe`]
//! (`await t -> v`) and receives with [`Receive::observe`] (`receive msg`). The emitter of
//! `otpsim conform` instruments exactly the same points on the VM.

mod builtins;

pub use builtins::{Builtin, BuiltinInfo};

use sim::{Atom, Term};
use std::rc::Rc;

/// An index into a frame (the variables of one function or `fn` clause invocation).
pub type Slot = u32;

/// A place in the source, for error messages at run time (`MatchError` at 12:5, ...).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the start.
    pub start: u32,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub col: u32,
}

/// A whole program.
#[derive(Clone, Debug)]
pub struct Program {
    /// The scenario's name (`AsyncExample`; a file's stem if it names none).
    pub name: String,
    /// One line on what it shows.
    pub description: String,
    /// The modules it defines (`defmodule`), in source order; [`ModId`] indexes this.
    pub modules: Vec<Module>,
    /// The code of the root process `main`: the file's top-level code.
    pub main: Rc<Body>,
    /// What ends a run (see [`Ending`]).
    pub ending: Ending,
}

/// The top-level code: a body with its own frame.
#[derive(Clone, Debug)]
pub struct Body {
    /// The expressions, in order.
    pub expr: Expr,
    /// Slots it needs.
    pub frame: u32,
}

/// What ends a run.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// As `elixir file.exs` does: when `main` (the file's top-level code) returns, the VM
    /// halts; processes still running are cut off (and reported as such).
    HaltWhenMainEnds,
    /// As a long-running application: the run goes on until nothing can happen.
    RunToQuiet,
}

/// An index into [`Program::modules`].
pub type ModId = u32;

/// A module: `defmodule Name do ... end`.
#[derive(Clone, Debug)]
pub struct Module {
    /// Its name without `Elixir.` (`MyApp.Worker`).
    pub name: Rc<str>,
    /// Its name as an atom (`Elixir.MyApp.Worker`), made once: a run names modules in
    /// initial calls and `{module, :init, 1}` tuples, and a copy is a reference count.
    pub atom: Term,
    /// Its functions, each with every clause (several arities are several functions).
    pub functions: Vec<Function>,
    /// `use GenServer` / `use Supervisor` / ...: which callbacks it provides defaults for,
    /// and the options of the `use` (`use GenServer, restart: :transient`). The `child_spec/1`
    /// a `use` defines is generated into [`Module::functions`] by the lowering.
    pub uses: Vec<Use>,
    /// `defstruct`: the fields and their defaults, in order.
    pub struct_fields: Option<Vec<(Atom, Term)>>,
    /// The struct is an exception (`defexception`): `raise Mod, attrs` builds it with
    /// `Mod.exception/1` and `Exception.message/1` asks `Mod.message/1` (semantics §5.27).
    /// Its `__exception__: true` field is left out, as in the library's exceptions.
    pub exception: bool,
}

/// `use X, opts`.
#[derive(Clone, Debug)]
pub struct Use {
    /// What it uses.
    pub behaviour: Behaviour,
    /// The keyword options, evaluated (they must be constants).
    pub opts: Vec<(Atom, Term)>,
}

/// The behaviours a module can `use`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// `use GenServer`: default `handle_call`/`handle_cast`/`handle_info`/`terminate`, and
    /// `child_spec/1`.
    GenServer,
    /// `use Supervisor`: `child_spec/1` (type `:supervisor`).
    Supervisor,
    /// `use DynamicSupervisor`: `child_spec/1` (type `:supervisor`).
    DynamicSupervisor,
    /// `use Task`: `child_spec/1` (restart `:temporary`).
    Task,
}

/// One function: a name, an arity, its clauses in order.
#[derive(Clone, Debug)]
pub struct Function {
    /// The name.
    pub name: Rc<str>,
    /// The arity.
    pub arity: usize,
    /// `def` (true) or `defp`.
    pub public: bool,
    /// The clauses, tried in order (`FunctionClauseError` when none matches).
    pub clauses: Vec<Rc<Clause>>,
}

/// A clause: patterns for the arguments, an optional guard, a body, and the size of the
/// frame it runs in. Used for function heads, `fn` clauses, and (with one pattern) `case`,
/// `receive`, `with ... else` and `try ... else` clauses, whose slots live in the enclosing
/// frame (their `frame` is 0).
#[derive(Clone, Debug)]
pub struct Clause {
    /// One pattern per argument (one for `case`/`receive`).
    pub params: Vec<Pat>,
    /// `when ...`: a guard expression (only guard-safe calls; an exception in it is `false`).
    pub guard: Option<Expr>,
    /// The body.
    pub body: Expr,
    /// Slots this clause's frame needs (function and `fn` clauses; 0 for inner clauses).
    pub frame: u32,
    /// Where the clause starts.
    pub span: Span,
}

/// An anonymous function: `fn` with its clauses (all of one arity), or a capture.
#[derive(Clone, Debug)]
pub struct Lambda {
    /// Its arity.
    pub arity: usize,
    /// `(outer, inner)`: when the closure is made, the value of slot `outer` of the frame it
    /// is made in is kept; when it is called, it goes into slot `inner` of the clause's frame.
    pub captures: Vec<(Slot, Slot)>,
    /// The clauses.
    pub clauses: Vec<Rc<Clause>>,
    /// The module whose code it is (local calls inside resolve there), if any.
    pub module: Option<ModId>,
    /// Where it is written.
    pub span: Span,
}

/// An expression, with where it was written.
#[derive(Clone, Debug)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where.
    pub span: Span,
}

/// The expressions.
#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A constant (atoms, integers, strings, and constant tuples/lists folded at lowering).
    Lit(Term),
    /// A variable's value.
    Var(Slot),
    /// `{a, b}`
    Tuple(Vec<Expr>),
    /// `[a, b]` or `[a, b | tail]`.
    List(Vec<Expr>, Option<Box<Expr>>),
    /// `%{k => v}`.
    Map(Vec<(Expr, Expr)>),
    /// `%{m | k: v}`: every key must exist (`KeyError`).
    MapUpdate(Box<Expr>, Vec<(Expr, Expr)>),
    /// `%Name{f: v}`: the struct's other fields take their defaults (known structs only,
    /// such as `%Task{}`).
    Struct(Atom, Vec<(Atom, Expr)>),
    /// `expr.field` on a map or struct (`KeyError` if missing).
    Field(Box<Expr>, Atom),
    /// Expressions in order; the value of the last (`nil` for none).
    Block(Vec<Expr>),
    /// `pattern = expr`: `MatchError` on failure; the value is `expr`'s.
    Match(Box<Pat>, Box<Expr>),
    /// `case expr do clauses end`: `CaseClauseError` when none matches.
    Case(Box<Expr>, Vec<Clause>),
    /// `cond do c -> e end`: the first truthy condition; `CondClauseError` when none.
    Cond(Vec<(Expr, Expr)>),
    /// `if c, do: a, else: b` (`unless` swaps them); truthy = neither `nil` nor `false`.
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// A binary operator (both sides evaluated left then right, except the short-circuit ones).
    BinOp(BinOp, Box<Expr>, Box<Expr>),
    /// A unary operator.
    UnOp(UnOp, Box<Expr>),
    /// `receive do ... after t -> ... end`.
    Receive(Box<Receive>),
    /// `try do ... rescue ... catch ... else ... after ... end`.
    Try(Box<Try>),
    /// `with p <- e, ... do body else clauses end`.
    With(Box<With>),
    /// `fn ... end` or a capture `&f/1`, `&(&1 + 1)`: makes a closure.
    Fn(Rc<Lambda>),
    /// A call. `label`: what a process it spawns is called (`t` for `t = Task.async(..)`),
    /// meaningful for spawning builtins only (`None`: the builtin's default name).
    Call {
        /// What is called.
        target: Target,
        /// The arguments.
        args: Vec<Expr>,
        /// In tail position (see the module docs).
        tail: bool,
        /// The name of the process it spawns, if it spawns one.
        label: Option<Rc<str>>,
    },
    /// `"text #{x}"`: each part through `String.Chars` (`Protocol.UndefinedError` for
    /// tuples, pids, ...), concatenated.
    Interp(Vec<InterpPart>),
    /// Step language only: evaluate, record `<op> <subject> -> <value>` (an `await`'s
    /// result), return the value.
    Observe {
        /// `await`, `yield`, `shutdown`, ...
        op: Rc<str>,
        /// What it is about (`t`).
        subject: Rc<str>,
        /// The value.
        value: Box<Expr>,
    },
}

/// A piece of an interpolated string.
#[derive(Clone, Debug)]
pub enum InterpPart {
    /// Text as written.
    Text(Rc<str>),
    /// `#{expr}`.
    Expr(Expr),
}

/// `receive`.
#[derive(Clone, Debug)]
pub struct Receive {
    /// The clauses (one pattern each, slots in the enclosing frame).
    pub clauses: Vec<Clause>,
    /// `after timeout -> body` (timeout an integer ≥ 0 or `:infinity`).
    pub after: Option<(Expr, Expr)>,
    /// Step language: record `receive <msg>` / `receive after <ms>`.
    pub observe: bool,
}

/// `try`.
#[derive(Clone, Debug)]
pub struct Try {
    /// The body.
    pub body: Expr,
    /// `rescue` clauses.
    pub rescue: Vec<Rescue>,
    /// `catch` clauses.
    pub catch: Vec<Catch>,
    /// `else` clauses (on the body's value).
    pub else_: Vec<Clause>,
    /// `after` body (always runs; its value is dropped).
    pub after: Option<Expr>,
    /// Record what a `rescue`/`catch` clause caught (`rescue <exception>`,
    /// `catch_exit <reason>`, `catch_throw <value>`, `catch_error <value>`).
    pub observe: bool,
}

/// A `rescue` clause: `e ->`, `e in [ArgumentError] ->`, `ArgumentError ->`, `_ ->`.
#[derive(Clone, Debug)]
pub struct Rescue {
    /// Where the exception goes (`None` for `_` or a bare module).
    pub bind: Option<Slot>,
    /// The exception modules it takes (`[]`: any), as module atoms (`Elixir.ArgumentError`).
    /// Erlang errors are normalised first (`:badarg` is `ArgumentError`, ...).
    pub only: Vec<Atom>,
    /// The body.
    pub body: Expr,
    /// Where.
    pub span: Span,
}

/// A `catch` clause: `kind, value ->` or `value ->` (kind `:throw`).
#[derive(Clone, Debug)]
pub struct Catch {
    /// The kind pattern (`:exit`, `:throw`, `:error`, `_`, a variable).
    pub kind: Pat,
    /// The value pattern.
    pub value: Pat,
    /// A guard.
    pub guard: Option<Expr>,
    /// The body.
    pub body: Expr,
    /// Where.
    pub span: Span,
}

/// `with`.
#[derive(Clone, Debug)]
pub struct With {
    /// The steps in order.
    pub steps: Vec<WithStep>,
    /// The `do` body.
    pub body: Expr,
    /// The `else` clauses; without any, a failed match's value is the result.
    /// (`WithClauseError` when there are some and none matches.)
    pub else_: Vec<Clause>,
}

/// A step of `with`.
#[derive(Clone, Debug)]
pub enum WithStep {
    /// `pattern <- expr` (with an optional guard): on no match, leave with the value.
    Bind(Pat, Option<Expr>, Expr),
    /// `pattern = expr` or a bare expression: as in a block (`MatchError`).
    Plain(Expr),
}

/// What a call calls.
#[derive(Clone, Debug)]
pub enum Target {
    /// A function of the program's modules, resolved at lowering.
    Local {
        /// The module.
        module: ModId,
        /// The index in [`Module::functions`].
        function: u32,
    },
    /// A function of the library the interpreter implements (`Task.async`, `Enum.map`, ...).
    Builtin(Builtin),
    /// `mod.fun(args)` with the module a value (a variable), resolved at run time to a
    /// module of the program or a builtin (`UndefinedFunctionError` if neither).
    Remote(Box<Expr>, Rc<str>),
    /// `f.(args)`: calls a closure (`BadFunctionError`, `BadArityError`).
    Dynamic(Box<Expr>),
}

/// Binary operators.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (always a float)
    Div,
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
    /// `and` (left must be a boolean: `BadBooleanError`; short-circuits)
    And,
    /// `or` (left must be a boolean; short-circuits)
    Or,
    /// `&&` (truthy; short-circuits)
    AndAlso,
    /// `||` (truthy; short-circuits)
    OrElse,
    /// `<>` (binaries)
    Concat,
    /// `++` (lists)
    ListConcat,
    /// `--` (lists)
    ListSubtract,
    /// `in` (a list, a range or a map's keys)
    In,
    /// `..` (a range `first..last`, step 1 or -1 as Elixir 1.14 infers; see [`Builtin::Range`])
    Range,
}

/// Unary operators.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum UnOp {
    /// `-x`
    Neg,
    /// `+x`
    Plus,
    /// `not x` (boolean only: `ArgumentError`)
    Not,
    /// `!x` (truthy)
    Bang,
}

/// A pattern.
#[derive(Clone, Debug)]
pub enum Pat {
    /// `_`, `_name`: anything.
    Wild,
    /// A variable's first occurrence in the pattern: anything, bound to the slot.
    Bind(Slot),
    /// A later occurrence of a variable bound earlier *in the same pattern*
    /// (`{x, x}`), or a pinned variable `^x`: must equal the slot's value.
    Same(Slot),
    /// A constant.
    Lit(Term),
    /// `{a, b}`
    Tuple(Vec<Pat>),
    /// `[a, b]`, `[h | t]`.
    List(Vec<Pat>, Option<Box<Pat>>),
    /// `%{key => p}`: the map has each key (constant keys) and its value matches.
    Map(Vec<(Term, Pat)>),
    /// `%Name{f: p}`: a struct of that module whose fields match (`%_{}`: any struct: name
    /// `None`).
    Struct(Option<Atom>, Vec<(Atom, Pat)>),
    /// `"prefix" <> rest`: a binary starting with `prefix`, the rest matched.
    StrPrefix(Rc<str>, Box<Pat>),
    /// `p1 = p2` inside a pattern: both must match the value.
    Both(Box<Pat>, Box<Pat>),
}

impl Expr {
    /// An expression at `span`.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }
    /// A constant.
    pub fn lit(t: Term, span: Span) -> Expr {
        Expr::new(ExprKind::Lit(t), span)
    }
}
