//! `defmodule`: functions (clauses, guards, default arguments), attributes, `use`,
//! `alias`, `defstruct`; and the module-level forms at the top of a file.

use super::pattern::PatCtx;
use super::{LowerError, Lowerer, ModInfo, Result};
use crate::elixir::{BinOp, Kind, Node, Target};
use crate::ir::{self, Behaviour, Clause, Expr, ExprKind, Pat};
use sim::{Atom, Term};
use std::rc::Rc;

/// One `def`/`defp` clause as written.
#[derive(Clone, Debug)]
pub(crate) struct DefClause {
    pub module: usize,
    pub name: String,
    pub args: Vec<Node>,
    pub guard: Option<Node>,
    pub body: Option<Node>,
    pub public: bool,
    pub node: Node,
}

/// True for `defmodule Name do ... end`.
pub(crate) fn is_defmodule(n: &Node) -> bool {
    matches!(&n.kind, Kind::Call { target: Target::Local(name), .. } if name == "defmodule")
}

/// The value of `key:` in the keyword list `kw` (a do-block).
pub(crate) fn kw_get<'a>(kw: &'a Node, key: &str) -> Option<&'a Node> {
    let Kind::List { items, tail: None } = &kw.kind else {
        return None;
    };
    items.iter().find_map(|i| match &i.kind {
        Kind::Tuple(kv) if kv.len() == 2 && matches!(&kv[0].kind, Kind::Atom(k) if k == key) => {
            Some(&kv[1])
        }
        _ => None,
    })
}

/// The keys of keyword list `kw`, or `None` if it is not one.
pub(crate) fn kw_keys(kw: &Node) -> Option<Vec<String>> {
    let Kind::List { items, tail: None } = &kw.kind else {
        return None;
    };
    items
        .iter()
        .map(|i| match &i.kind {
            Kind::Tuple(kv) if kv.len() == 2 => match &kv[0].kind {
                Kind::Atom(k) => Some(k.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The statements of a body (a `Block`, or one expression).
pub(crate) fn stmts(n: &Node) -> Vec<&Node> {
    match &n.kind {
        Kind::Block(v) => v.iter().collect(),
        _ => vec![n],
    }
}

/// Collects `defmodule` `n` (and the modules nested in it) into `l.mods`, its clauses into
/// `defs`.
pub(crate) fn collect(
    l: &mut Lowerer,
    n: &Node,
    prefix: &str,
    defs: &mut Vec<DefClause>,
) -> Result<()> {
    let Kind::Call { args, .. } = &n.kind else {
        unreachable!("is_defmodule checked")
    };
    let (name, body) = match args.as_slice() {
        [name_node, kw] => match (&name_node.kind, kw_get(kw, "do")) {
            (Kind::Alias(a), Some(body)) => (a.clone(), body),
            _ => {
                return Err(LowerError::new(
                    n.span,
                    "expected `defmodule Name do ... end`",
                ));
            }
        },
        _ => {
            return Err(LowerError::new(
                n.span,
                "expected `defmodule Name do ... end`",
            ));
        }
    };
    let full = if prefix.is_empty() {
        name.clone()
    } else {
        format!("{prefix}.{name}")
    };
    if l.module_index(&full).is_some() {
        return Err(LowerError::new(
            n.span,
            format!("module {full} is defined twice"),
        ));
    }
    let mi = l.mods.len();
    l.mods.push(ModInfo {
        name: full.clone(),
        ..ModInfo::default()
    });
    // A nested module is known by its short name inside its parent.
    if !prefix.is_empty() {
        let parent = l
            .module_index(prefix)
            .expect("the parent is collected first");
        l.mods[parent].aliases.push((name.clone(), full.clone()));
    }
    let first = defs.len();
    for s in stmts(body) {
        module_stmt(l, mi, s, &full, defs)?;
    }
    if l.mods[mi].exception {
        exception_defaults(l, mi, n, defs, first)?;
    }
    signatures(l, mi, &defs[first..])
}

fn module_stmt(
    l: &mut Lowerer,
    mi: usize,
    s: &Node,
    full: &str,
    defs: &mut Vec<DefClause>,
) -> Result<()> {
    match &s.kind {
        Kind::AttrDef { name, value } => {
            match name.as_str() {
                "impl" | "doc" | "moduledoc" | "spec" | "behaviour" | "type" | "typep"
                | "typedoc" | "callback" | "opaque" | "since" | "deprecated" => {}
                _ => l.mods[mi].attrs.push((name.clone(), (**value).clone())),
            }
            Ok(())
        }
        Kind::Call {
            target: Target::Local(f),
            args,
        } => match f.as_str() {
            "def" | "defp" => {
                defs.push(def_clause(mi, s, f == "def", args)?);
                Ok(())
            }
            "defmodule" => collect(l, s, full, defs),
            "use" => use_stmt(l, mi, s, args),
            "alias" => {
                let a = alias_stmt(l, s, args)?;
                l.mods[mi].aliases.push(a);
                Ok(())
            }
            "require" => Ok(()),
            "defstruct" | "defexception" => {
                l.mods[mi].struct_fields = Some(defstruct(s, args)?);
                l.mods[mi].exception = f == "defexception";
                Ok(())
            }
            "import" => Err(LowerError::new(
                s.span,
                "`import` is not supported: call the functions with their module (`Enum.map`, ...)",
            )),
            "defmacro" | "defmacrop" | "defguard" | "defguardp" | "defdelegate" | "defimpl"
            | "defprotocol" | "defoverridable" => Err(LowerError::new(
                s.span,
                format!("`{f}` is not supported (otpsim runs functions, not macros or protocols)"),
            )),
            _ => Err(LowerError::new(
                s.span,
                format!(
                    "`{f}` at the top of a module is not supported: only `def`, `defp`, attributes, `use`, `alias`, `require`, `defstruct` and `defexception` are"
                ),
            )),
        },
        _ => Err(LowerError::new(
            s.span,
            "only definitions (`def`, `defp`, `@attr`, `use`, `alias`, `defstruct`) are supported at the top of a module",
        )),
    }
}

/// `exception/1` and `message/1` as `defexception` defines them in 1.14 (`Kernel`'s own
/// code, less the `IO.warn/1` about unknown fields, which goes to stderr), each where the
/// module does not define its own: they are overridable, so a module's `exception/1` or
/// `message/1` replaces every clause of the default. Only a struct with a `:message` field
/// gets `message/1` and the clause of `exception/1` that takes a string (semantics §5.27).
fn exception_defaults(
    l: &Lowerer,
    mi: usize,
    n: &Node,
    defs: &mut Vec<DefClause>,
    first: usize,
) -> Result<()> {
    let own = |defs: &[DefClause], name: &str| {
        defs[first..]
            .iter()
            .any(|d| d.module == mi && d.name == name && d.args.len() == 1)
    };
    let has_message = l.mods[mi]
        .struct_fields
        .iter()
        .flatten()
        .any(|(k, _)| k.as_str() == "message");
    // All on the line of the `defexception`, from its column: what fails in them at run
    // time is placed there.
    let mut src = "\n".repeat(n.span.line.saturating_sub(1) as usize);
    src.push_str(&" ".repeat(n.span.col.saturating_sub(1) as usize));
    if has_message && !own(defs, "message") {
        src.push_str("def message(exception), do: exception.message; ");
    }
    if !own(defs, "exception") {
        if has_message {
            src.push_str("def exception(msg) when is_binary(msg), do: exception(message: msg); ");
        }
        src.push_str(
            "def exception(args) when is_list(args), do: (struct = %__MODULE__{}; args \
             |> Enum.filter(fn {k, _} -> Map.has_key?(struct, k) end) \
             |> Enum.reduce(struct, fn {k, v}, acc -> %{acc | k => v} end))",
        );
    }
    let file = crate::elixir::parse(&src)
        .map_err(|e| LowerError::new(n.span, format!("defexception's functions: {}", e.message)))?;
    for s in &file.body {
        if let Kind::Call { args, .. } = &s.kind {
            defs.push(def_clause(mi, s, true, args)?);
        }
    }
    Ok(())
}

fn def_clause(mi: usize, s: &Node, public: bool, args: &[Node]) -> Result<DefClause> {
    let (head, body) = match args {
        [head] => (head, None),
        [head, kw] => match kw_get(kw, "do") {
            // `def f do .. rescue .. catch .. after .. end`: the body is a `try`.
            Some(_)
                if kw_keys(kw).is_some_and(|ks| {
                    ks.iter()
                        .any(|k| matches!(k.as_str(), "rescue" | "catch" | "after" | "else"))
                }) =>
            {
                let t = Node {
                    span: s.span,
                    kind: Kind::Call {
                        target: Target::Local("try".into()),
                        args: vec![kw.clone()],
                    },
                };
                (head, Some(t))
            }
            Some(b) => (head, Some(b.clone())),
            None => {
                return Err(LowerError::new(
                    s.span,
                    "expected `def name(args) do ... end`",
                ));
            }
        },
        _ => {
            return Err(LowerError::new(
                s.span,
                "expected `def name(args) do ... end`",
            ));
        }
    };
    let (head, guard) = super::forms::split_when(head);
    let guard = guard.cloned();
    let (name, fargs) = match &head.kind {
        Kind::Call {
            target: Target::Local(name),
            args,
        } => (name.clone(), args.clone()),
        Kind::Var(name) => (name.clone(), Vec::new()),
        _ => {
            return Err(LowerError::new(
                head.span,
                "expected a function head: `name(args)`",
            ));
        }
    };
    Ok(DefClause {
        module: mi,
        name,
        args: fargs,
        guard,
        body,
        public,
        node: s.clone(),
    })
}

fn use_stmt(l: &mut Lowerer, mi: usize, s: &Node, args: &[Node]) -> Result<()> {
    let (what, opts) = match args {
        [w] => (w, None),
        [w, o] => (w, Some(o)),
        _ => {
            return Err(LowerError::new(
                s.span,
                "expected `use Module` or `use Module, opts`",
            ));
        }
    };
    let Kind::Alias(name) = &what.kind else {
        return Err(LowerError::new(what.span, "expected a module after `use`"));
    };
    let behaviour = match name.as_str() {
        "GenServer" => Behaviour::GenServer,
        "Supervisor" => Behaviour::Supervisor,
        "DynamicSupervisor" => Behaviour::DynamicSupervisor,
        "Task" => Behaviour::Task,
        other => {
            return Err(LowerError::new(
                what.span,
                format!(
                    "`use {other}` is not supported (GenServer, Supervisor, DynamicSupervisor and Task are)"
                ),
            ));
        }
    };
    let mut kv = Vec::new();
    if let Some(o) = opts {
        let Some(keys) = kw_keys(o) else {
            return Err(LowerError::new(o.span, "expected keyword options"));
        };
        for k in keys {
            let v = kw_get(o, &k).expect("a key of it");
            let Some(t) = constant(l, v) else {
                return Err(LowerError::new(v.span, "`use` options must be constants"));
            };
            kv.push((Atom::Dyn(k.as_str().into()), t));
        }
    }
    l.mods[mi].uses.push(ir::Use {
        behaviour,
        opts: kv,
    });
    Ok(())
}

fn alias_stmt(l: &Lowerer, s: &Node, args: &[Node]) -> Result<(String, String)> {
    let (full, short) = match args {
        [a] => (a, None),
        [a, kw] => (a, kw_get(kw, "as")),
        _ => return Err(LowerError::new(s.span, "expected `alias Long.Name`")),
    };
    let Kind::Alias(full) = &full.kind else {
        return Err(LowerError::new(s.span, "expected `alias Long.Name`"));
    };
    let full = l.expand_alias(full);
    let short = match short.map(|n| &n.kind) {
        Some(Kind::Alias(a)) => a.clone(),
        None => full.rsplit('.').next().unwrap_or(&full).to_string(),
        Some(_) => return Err(LowerError::new(s.span, "expected `as: Name`")),
    };
    Ok((short, full))
}

fn defstruct(s: &Node, args: &[Node]) -> Result<Vec<(Atom, Term)>> {
    let [fields] = args else {
        return Err(LowerError::new(s.span, "expected `defstruct [fields]`"));
    };
    let Kind::List { items, tail: None } = &fields.kind else {
        return Err(LowerError::new(s.span, "expected `defstruct [fields]`"));
    };
    let mut out = Vec::new();
    for i in items {
        match &i.kind {
            Kind::Atom(a) => out.push((Atom::Dyn(a.as_str().into()), Term::nil())),
            Kind::Tuple(kv) if kv.len() == 2 => match (&kv[0].kind, literal(&kv[1])) {
                (Kind::Atom(a), Some(v)) => out.push((Atom::Dyn(a.as_str().into()), v)),
                _ => return Err(LowerError::new(i.span, "struct defaults must be constants")),
            },
            _ => return Err(LowerError::new(i.span, "expected a field name")),
        }
    }
    Ok(out)
}

/// The value of a literal node (atoms, numbers, strings, and tuples, lists and maps of
/// them).
pub(crate) fn literal(n: &Node) -> Option<Term> {
    Some(match &n.kind {
        Kind::Int(i) => Term::Int(*i),
        Kind::Float(x) => Term::Float(*x),
        Kind::Atom(a) => atom(a),
        Kind::Alias(a) => Term::module(a),
        Kind::Str(parts) => Term::str(&plain_text(parts)?),
        Kind::Tuple(items) => Term::tuple(items.iter().map(literal).collect::<Option<Vec<_>>>()?),
        Kind::List { items, tail: None } => {
            Term::List(items.iter().map(literal).collect::<Option<_>>()?)
        }
        // `%{}`, `%{a: 1}`: a map of literals (a struct default, an attribute).
        Kind::Map {
            update: None,
            pairs,
        } => {
            let kv = pairs.iter().map(|(k, v)| Some((literal(k)?, literal(v)?)));
            crate::interp::pure::map_from(kv.collect::<Option<Vec<_>>>()?)
        }
        _ => return None,
    })
}

/// The text of a string without interpolation.
pub(crate) fn plain_text(parts: &[crate::elixir::Part]) -> Option<String> {
    let mut s = String::new();
    for p in parts {
        match p {
            crate::elixir::Part::Text(t) => s.push_str(t),
            crate::elixir::Part::Interp(_) => return None,
        }
    }
    Some(s)
}

/// An atom term (`nil`, `true`, `false` included).
pub(crate) fn atom(a: &str) -> Term {
    Term::atom_dyn(a)
}

/// A constant: a literal, or an attribute whose value is one.
fn constant(l: &Lowerer, n: &Node) -> Option<Term> {
    match &n.kind {
        Kind::Attr(a) => {
            let m = l.current?;
            let v = l.mods[m]
                .attrs
                .iter()
                .rev()
                .find(|(x, _)| x == a)?
                .1
                .clone();
            literal(&v)
        }
        _ => literal(n),
    }
}

/// Sets the module's function signatures: its clauses grouped by name and arity (in the
/// order first written), the shorter arities of default arguments, and `child_spec/1`.
fn signatures(l: &mut Lowerer, mi: usize, defs: &[DefClause]) -> Result<()> {
    let mut sigs: Vec<(String, usize, bool)> = Vec::new();
    for d in defs.iter().filter(|d| d.module == mi) {
        let n = d.args.len();
        let defaults = d.args.iter().filter(|a| is_default(a)).count();
        for arity in (n - defaults)..=n {
            if let Some(s) = sigs.iter().find(|(x, a, _)| *x == d.name && *a == arity) {
                if s.2 != d.public {
                    return Err(LowerError::new(
                        d.node.span,
                        format!("{}/{arity} is defined both with def and defp", d.name),
                    ));
                }
                continue;
            }
            sigs.push((d.name.clone(), arity, d.public));
        }
    }
    let uses = !l.mods[mi].uses.is_empty();
    if uses && !sigs.iter().any(|(n, a, _)| n == "child_spec" && *a == 1) {
        sigs.push(("child_spec".into(), 1, true));
    }
    l.mods[mi].sigs = sigs;
    Ok(())
}

fn is_default(n: &Node) -> bool {
    matches!(
        &n.kind,
        Kind::BinaryOp {
            op: BinOp::Default,
            ..
        }
    )
}

/// The functions of module `mi`, in the order of its signatures.
pub(crate) fn lower_functions(
    l: &mut Lowerer,
    mi: usize,
    defs: &[DefClause],
) -> Result<Vec<ir::Function>> {
    l.current = Some(mi);
    let sigs = l.mods[mi].sigs.clone();
    let mut out = Vec::with_capacity(sigs.len());
    for (name, arity, public) in sigs {
        let written: Vec<&DefClause> = defs
            .iter()
            .filter(|d| {
                d.module == mi && d.name == name && d.args.len() == arity && d.body.is_some()
            })
            .collect();
        let clauses = if !written.is_empty() {
            let mut cs = Vec::new();
            for d in written {
                cs.push(Rc::new(def_to_clause(l, d)?));
            }
            cs
        } else if let Some(full) = defs.iter().find(|d| {
            d.module == mi
                && d.name == name
                && d.args.len() > arity
                && d.args.iter().any(is_default)
        }) {
            vec![Rc::new(default_wrapper(l, mi, full, arity)?)]
        } else if name == "child_spec" && arity == 1 {
            vec![Rc::new(child_spec_clause(l, mi))]
        } else {
            let d = defs
                .iter()
                .find(|d| d.module == mi && d.name == name)
                .expect("a signature comes from a clause");
            return Err(LowerError::new(
                d.node.span,
                format!("{name}/{arity} has a head but no body"),
            ));
        };
        out.push(ir::Function {
            name: name.as_str().into(),
            arity,
            public,
            clauses,
        });
    }
    Ok(out)
}

fn def_to_clause(l: &mut Lowerer, d: &DefClause) -> Result<Clause> {
    l.scopes.push_frame(false);
    let mut ctx = PatCtx::default();
    let mut params = Vec::with_capacity(d.args.len());
    for a in &d.args {
        let p = match &a.kind {
            Kind::BinaryOp {
                op: BinOp::Default,
                lhs,
                ..
            } => lhs,
            _ => a,
        };
        params.push(l.pattern(p, &mut ctx)?);
    }
    ctx.expose(l);
    let guard = match &d.guard {
        Some(g) => Some(l.guard(g)?),
        None => None,
    };
    let body = l.expr(d.body.as_ref().expect("a clause with a body"), true)?;
    let frame = l.scopes.pop_frame();
    Ok(Clause {
        params,
        guard,
        body,
        frame: frame.next,
        span: Lowerer::span(d.node.span),
    })
}

/// `name/arity` of a function with default arguments: calls the full arity with the
/// defaults for the arguments left out (the trailing ones).
fn default_wrapper(l: &mut Lowerer, mi: usize, full: &DefClause, arity: usize) -> Result<Clause> {
    l.scopes.push_frame(false);
    let span = Lowerer::span(full.node.span);
    let mut params = Vec::new();
    let mut args = Vec::new();
    for (i, a) in full.args.iter().enumerate() {
        if i < arity {
            let s = l.scopes.fresh();
            params.push(Pat::Bind(s));
            args.push(Expr::new(ExprKind::Var(s), span));
        } else {
            match &a.kind {
                Kind::BinaryOp {
                    op: BinOp::Default,
                    rhs,
                    ..
                } => args.push(l.expr(rhs, false)?),
                _ => {
                    return Err(LowerError::new(
                        a.span,
                        "only trailing arguments may have defaults here",
                    ));
                }
            }
        }
    }
    let function = l.mods[mi]
        .sigs
        .iter()
        .position(|(n, a, _)| *n == full.name && *a == full.args.len())
        .expect("the full arity is a signature") as u32;
    let body = Expr::new(
        ExprKind::Call {
            target: ir::Target::Local {
                module: mi as ir::ModId,
                function,
            },
            args,
            tail: true,
            label: None,
        },
        span,
    );
    let frame = l.scopes.pop_frame();
    Ok(Clause {
        params,
        guard: None,
        body,
        frame: frame.next,
        span,
    })
}

/// `child_spec/1` as `use GenServer` (or `Supervisor`, `DynamicSupervisor`, `Task`)
/// generates it: `%{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}}` with the
/// behaviour's defaults and the `use` options on top.
fn child_spec_clause(l: &mut Lowerer, mi: usize) -> Clause {
    let module = Term::module(&l.mods[mi].name);
    let span = ir::Span::default();
    let lit = |t: Term| Expr::lit(t, span);
    let mut fields: Vec<(Term, Expr)> = vec![
        (Term::atom("id"), lit(module.clone())),
        (
            Term::atom("start"),
            Expr::new(
                ExprKind::Tuple(vec![
                    lit(module),
                    lit(Term::atom("start_link")),
                    Expr::new(
                        ExprKind::List(vec![Expr::new(ExprKind::Var(0), span)], None),
                        span,
                    ),
                ]),
                span,
            ),
        ),
    ];
    for u in &l.mods[mi].uses {
        match u.behaviour {
            Behaviour::Supervisor | Behaviour::DynamicSupervisor => {
                fields.push((Term::atom("type"), lit(Term::atom("supervisor"))));
            }
            Behaviour::Task => fields.push((Term::atom("restart"), lit(Term::atom("temporary")))),
            Behaviour::GenServer => {}
        }
        for (k, v) in &u.opts {
            let key = Term::Atom(k.clone());
            fields.retain(|(x, _)| *x != key);
            fields.push((key, lit(v.clone())));
        }
    }
    Clause {
        params: vec![Pat::Bind(0)],
        guard: None,
        body: Expr::new(
            ExprKind::Map(fields.into_iter().map(|(k, v)| (lit(k), v)).collect()),
            span,
        ),
        frame: 1,
        span,
    }
}

/// A module-level form at the top of the file (`alias`, `require`): handled here, and an
/// empty expression in its place; `None` for ordinary code.
pub(crate) fn top_level(l: &mut Lowerer, n: &Node) -> Result<Option<Expr>> {
    let Kind::Call {
        target: Target::Local(f),
        args,
    } = &n.kind
    else {
        return Ok(None);
    };
    let nil = || Some(Expr::lit(Term::nil(), Lowerer::span(n.span)));
    match f.as_str() {
        "alias" => {
            let a = alias_stmt(l, n, args)?;
            l.top_aliases.push(a);
            Ok(nil())
        }
        "require" => Ok(nil()),
        "import" => Err(LowerError::new(
            n.span,
            "`import` is not supported: call the functions with their module (`Enum.map`, ...)",
        )),
        "def" | "defp" | "defstruct" | "use" => Err(LowerError::new(
            n.span,
            format!("`{f}` outside a module: put it inside `defmodule Name do ... end`"),
        )),
        _ => Ok(None),
    }
}
