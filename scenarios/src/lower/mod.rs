//! The Elixir front end, second half: the typed syntax tree of a `.exs` file
//! ([`crate::elixir`]) lowered to the IR ([`crate::ir`]) the interpreter runs.
//!
//! What it does:
//! * **Modules first.** Every `defmodule` is collected before anything is lowered, so a
//!   call resolves whatever the order of definitions: to a function of the program
//!   ([`ir::Target::Local`]), to the library ([`ir::Builtin`]), or — `mod.fun()` with `mod`
//!   a variable — at run time. `use GenServer` and friends add the `child_spec/1` Elixir
//!   would generate; default arguments (`\\`) add the shorter arities.
//! * **Variables become slots** ([`scope`]), with Elixir 1.14's scoping; `fn` captures.
//! * **Sugar goes**: pipes, `unless`, `for` comprehensions (into `Enum.flat_map`),
//!   captures (`&f/1`, `&(&1 + 1)`), `m[k]`, string interpolation.
//! * **Tail calls are marked**, so a receive loop by recursion runs in constant memory.
//! * **Names for processes**: in `t = Task.async(..)` or `{:ok, pid} = Worker.start_link(..)`
//!   the call is labelled with the variable, and the process it starts is called
//!   `main.t` / `main.pid`.
//! * **Refusals**: anything outside the subset (`**`, `~r` and the other sigils but `~s ~c ~w`, binaries, `import`,
//!   processes on other nodes, ...) is an error with its location and what is not
//!   supported — never dropped, never a panic.
//!
//! The file's comments carry what a run must observe ([`expect`]), in a form `elixir`
//! ignores.

pub mod expect;
mod expr;
mod forms;
mod modules;
mod pattern;
mod scope;

use crate::elixir::{self, Node, Span as AstSpan};
use crate::ir;
use crate::lang::LangError;
use scope::Scopes;
use std::rc::Rc;

pub use expect::{Header, parse_header};

/// A problem in a program, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LowerError {
    /// Where.
    pub span: AstSpan,
    /// What is wrong or not supported.
    pub message: String,
}

impl LowerError {
    pub(crate) fn new(span: AstSpan, message: impl Into<String>) -> LowerError {
        LowerError {
            span,
            message: message.into(),
        }
    }

    /// As a [`LangError`] of file `origin` with source `src` (`file:line:col`, the line, a
    /// caret).
    pub fn at(&self, origin: &str, src: &str) -> LangError {
        LangError::at(
            origin,
            src,
            self.span.line as usize,
            self.span.col as usize,
            self.message.clone(),
        )
    }
}

pub(crate) type Result<T> = std::result::Result<T, LowerError>;

/// What one module looks like while its functions are lowered.
#[derive(Debug, Default)]
pub(crate) struct ModInfo {
    pub name: String,
    /// Signatures, by IR function index: name, arity, public.
    pub sigs: Vec<(String, usize, bool)>,
    /// `@name value`, in source order.
    pub attrs: Vec<(String, Node)>,
    /// `alias Long.Name` (short, full).
    pub aliases: Vec<(String, String)>,
    pub uses: Vec<ir::Use>,
    pub struct_fields: Option<Vec<(sim::Atom, sim::Term)>>,
    /// `defexception` rather than `defstruct` made the struct.
    pub exception: bool,
}

/// The lowering of one file.
pub(crate) struct Lowerer {
    pub mods: Vec<ModInfo>,
    /// The module whose code is being lowered (`None`: the top level).
    pub current: Option<usize>,
    /// `alias` at the top level.
    pub top_aliases: Vec<(String, String)>,
    pub scopes: Scopes,
}

impl Lowerer {
    pub(crate) fn span(s: AstSpan) -> ir::Span {
        ir::Span {
            start: u32::try_from(s.start).unwrap_or(u32::MAX),
            line: s.line,
            col: s.col,
        }
    }

    /// `Alias` as the module it names here (after `alias`es).
    pub(crate) fn expand_alias(&self, name: &str) -> String {
        let (first, rest) = match name.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (name, None),
        };
        let aliases = match self.current {
            Some(m) => &self.mods[m].aliases,
            None => &self.top_aliases,
        };
        let base = aliases
            .iter()
            .rev()
            .find(|(short, _)| short == first)
            .map(|(_, full)| full.clone());
        match (base, rest) {
            (Some(b), Some(r)) => format!("{b}.{r}"),
            (Some(b), None) => b,
            (None, _) => name.to_string(),
        }
    }

    /// The index of the program's module `name`.
    pub(crate) fn module_index(&self, name: &str) -> Option<usize> {
        self.mods.iter().position(|m| m.name == name)
    }
}

/// A `.exs` file made ready to run: parsed, its header and expectation read, lowered. `name`
/// is the program's name unless the header gives one; `origin` names the file in errors.
pub fn load(
    source: &str,
    origin: &str,
    name: &str,
) -> std::result::Result<(ir::Program, Header), LangError> {
    let file = elixir::parse(source).map_err(|e| {
        LangError::at(
            origin,
            source,
            e.span.line as usize,
            e.span.col as usize,
            e.message,
        )
    })?;
    let first_code = file.body.first().map_or(u32::MAX, |n| n.span.line);
    let header = parse_header(&file.comments, first_code)
        .map_err(|e| LangError::at(origin, source, e.line as usize, 1, e.message))?;
    let program = lower(&file, name, &header).map_err(|e| e.at(origin, source))?;
    Ok((program, header))
}

/// Lowers a parsed file to a program named `name` (metadata from the file's header
/// comments, which [`parse_header`] reads).
pub fn lower(file: &elixir::File, name: &str, header: &Header) -> Result<ir::Program> {
    let mut l = Lowerer {
        mods: Vec::new(),
        current: None,
        top_aliases: Vec::new(),
        scopes: Scopes::default(),
    };
    // 1. Every module's signatures, attributes and uses.
    let mut defs = Vec::new();
    let mut top = Vec::new();
    for n in &file.body {
        if modules::is_defmodule(n) {
            modules::collect(&mut l, n, "", &mut defs)?;
        } else {
            top.push(n);
        }
    }
    // 2. Their functions.
    let mut functions: Vec<Vec<ir::Function>> = Vec::with_capacity(l.mods.len());
    for m in 0..l.mods.len() {
        functions.push(modules::lower_functions(&mut l, m, &defs)?);
    }
    // 3. The top level: the root process.
    l.current = None;
    l.scopes.push_frame(false);
    let mut body = Vec::new();
    for n in top {
        if let Some(e) = modules::top_level(&mut l, n)? {
            body.push(e);
            continue;
        }
        body.push(l.expr(n, false)?);
    }
    let frame = l.scopes.pop_frame();
    let main = ir::Body {
        expr: ir::Expr::new(ir::ExprKind::Block(body), ir::Span::default()),
        frame: frame.next,
    };
    let modules = l
        .mods
        .iter()
        .zip(functions)
        .map(|(m, functions)| ir::Module {
            name: m.name.as_str().into(),
            atom: sim::Term::module(&m.name),
            functions,
            uses: m.uses.clone(),
            struct_fields: m.struct_fields.clone(),
            exception: m.exception,
        })
        .collect();
    Ok(ir::Program {
        name: header.name.clone().unwrap_or_else(|| name.to_string()),
        description: header.description.clone().unwrap_or_default(),
        modules,
        main: Rc::new(main),
        ending: header.ending,
    })
}

#[cfg(test)]
mod tests;
