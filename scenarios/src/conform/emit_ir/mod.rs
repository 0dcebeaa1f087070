//! The emitter of `otpsim conform`: an [`ir::Program`] as the Elixir source of one
//! batch entry, calling the real `Task`, `GenServer`, `Supervisor`, ... and, where the VM
//! must observe or name something, the runtime of `runtime_ir.exs` (module `OtpsimIr`).
//!
//! ## What the emitted code looks like
//!
//! * **Modules.** Program module `Worker` of batch entry 12 is `OtpsimP00012.Worker` (every
//!   program of a batch runs in one VM, and two may define `Worker`); every literal atom
//!   naming a program module is written so, and the runtime prints it back as `Worker`.
//!   `use GenServer` (and friends) are kept; the `child_spec/1` the lowering generated for
//!   them is an ordinary `def`, which overrides the one `use` defines. The file's top-level
//!   code is `OtpsimP00012.main/0` — module bodies, never script top level: OTP 25's
//!   compiler crashes (`beam_ssa_recv`) on scripts with many receives.
//!   `OtpsimP00012.ending/0` says how the run ends (`:halt` or `:quiet`).
//! * **Variables.** Slot 12 of a function clause (or of the top-level code) is `v12`; slot 3
//!   of an `fn` nested two deep is `v3_2`. A slot an `fn` captured (`(outer, inner)`) is
//!   written as the outer variable itself wherever the `fn` uses it — in its patterns and
//!   guards too, where a copy made at the start of the body would come too late. Elixir
//!   closures capture by name, and slots are never rebound, so the name is the value.
//! * **Patterns.** [`ir::Pat::Same`] is the repeated variable when the slot was bound earlier
//!   in the same pattern (all heads of a clause, `kind, value` of a `catch`), else a pin.
//! * **Calls.** A call to a function of the program is a local call inside its own module,
//!   a remote call (`OtpsimP00012.Worker.start_link(v1)`) elsewhere. Builtins are the real
//!   library calls (`builtins.rs`), through the runtime where the VM must name a process, keep
//!   registered names apart, or observe. A labelled call to a program function
//!   (`{:ok, pid} = Worker.start_link()`) is `OtpsimIr.labelled("pid", fun, args)`: the first
//!   process started inside takes the label, as in the simulator.
//! * **Observations** are the simulator's points exactly: `IO.puts`/`IO.inspect` (runtime
//!   calls), entering a `rescue`/`catch` clause of an observing `try`
//!   (`OtpsimIr.caught/2`), the step language's `Observe` and observing receives. Exits and
//!   supervisor reports need no code here: the runtime traces every process of the program.
//!
//! Every IR type is matched exhaustively (no `_ =>` over [`ir::ExprKind`], [`ir::Pat`],
//! [`ir::Target`], [`ir::Builtin`], ...), so a new construct is a compile error here until
//! it is emitted.

mod builtins;
mod expr;
mod pat;

use crate::elixir::spelling::{atom_src, is_alias, is_identifier, str_src};
use crate::ir::{self, Behaviour, ModId, Slot};
use sim::Term;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

pub use builtins::dispatcher;

/// The Elixir module that runs program number `idx` of a batch.
pub fn module_name(idx: usize) -> String {
    format!("OtpsimP{idx:05}")
}

/// The suffix that keeps registered names of program `idx` apart from other programs' in the
/// one VM (`:name` is registered as `:"name@otpsim7"`; the runtime strips it when printing).
pub fn atom_suffix(idx: usize) -> String {
    format!("@otpsim{idx}")
}

/// Why a program cannot be emitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmitError {
    /// What, naming the construct.
    pub message: String,
}

type R<T = String> = Result<T, EmitError>;

fn fail<T>(message: impl Into<String>) -> R<T> {
    Err(EmitError {
        message: message.into(),
    })
}

/// Program `program` as the source of batch entry `idx`: its modules (as
/// `<`[`module_name`]`(idx)>.<Name>`) and the module [`module_name`]`(idx)` with `main/0`
/// (the top-level code) and `ending/0`.
pub fn emit_program(program: &ir::Program, idx: usize) -> Result<String, EmitError> {
    let mut e = Emitter::new(program, module_name(idx));
    let mut src = String::new();
    for (i, m) in program.modules.iter().enumerate() {
        src.push_str(&e.module(i as ModId, m)?);
        src.push('\n');
    }
    e.module = None;
    e.frames.push(Frame::default());
    let body = e.body(&program.main.expr)?;
    e.frames.pop();
    let ending = match program.ending {
        ir::Ending::HaltWhenMainEnds => ":halt",
        ir::Ending::RunToQuiet => ":quiet",
    };
    let _ = writeln!(src, "defmodule {} do", e.prefix);
    let _ = writeln!(src, "  @moduledoc false");
    let _ = writeln!(src, "  # {}", program.name.replace('\n', " "));
    let _ = writeln!(src, "  def ending, do: {ending}\n");
    let _ = writeln!(src, "  def main do\n{}\n  end", indent(&body, 2));
    let _ = writeln!(src, "end");
    Ok(src)
}

/// The variables of one frame being emitted.
#[derive(Default)]
struct Frame {
    /// How deep in `fn`s (0: a function clause or the top level).
    depth: u32,
    /// The slots this `fn` captured, and the outer variable each is.
    captured: BTreeMap<Slot, String>,
}

pub(super) struct Emitter<'p> {
    program: &'p ir::Program,
    /// `OtpsimP00012`.
    prefix: String,
    /// The names of the program's modules.
    modules: BTreeSet<&'p str>,
    /// The module whose code is being emitted (`None`: the top-level code).
    module: Option<ModId>,
    frames: Vec<Frame>,
    /// Slots bound so far in the pattern being emitted (for [`ir::Pat::Same`]).
    bound: Vec<Slot>,
    /// Temporaries of the emitted code (`otpsim_k3`).
    tmp: u32,
}

impl<'p> Emitter<'p> {
    fn new(program: &'p ir::Program, prefix: String) -> Emitter<'p> {
        Emitter {
            program,
            prefix,
            modules: program.modules.iter().map(|m| &*m.name).collect(),
            module: None,
            frames: Vec::new(),
            bound: Vec::new(),
            tmp: 0,
        }
    }

    /// A fresh variable of the emitted code (slots are `v<n>`, so `otpsim_` never clashes).
    fn fresh(&mut self, what: &str) -> String {
        self.tmp += 1;
        format!("otpsim_{what}{}", self.tmp)
    }

    /// The variable of `slot` in the current frame.
    fn var(&self, slot: Slot) -> String {
        let f = self.frames.last().expect("inside a frame");
        if let Some(outer) = f.captured.get(&slot) {
            return outer.clone();
        }
        match f.depth {
            0 => format!("v{slot}"),
            d => format!("v{slot}_{d}"),
        }
    }

    /// Enters the frame of `lambda`: its captured slots are the outer variables.
    fn enter_fn(&mut self, lambda: &ir::Lambda) {
        let captured = lambda
            .captures
            .iter()
            .map(|(outer, inner)| (*inner, self.var(*outer)))
            .collect();
        let depth = self.frames.last().map_or(0, |f| f.depth) + 1;
        self.frames.push(Frame { depth, captured });
    }

    /// The program module `name` as the VM knows it (`OtpsimP00012.Worker`).
    fn module_alias(&self, name: &str) -> String {
        format!("{}.{name}", self.prefix)
    }

    /// An atom as Elixir source; a program module's with the batch entry's prefix.
    fn atom(&self, a: &str) -> String {
        match a.strip_prefix("Elixir.") {
            Some(m) if self.modules.contains(m) && is_alias(m) => self.module_alias(m),
            _ => atom_src(a),
        }
    }

    /// A module atom as an alias to write after `%` (`Task`, `OtpsimP00012.Point`).
    fn struct_alias(&self, a: &str) -> Option<String> {
        let m = a.strip_prefix("Elixir.")?;
        if !is_alias(m) {
            return None;
        }
        Some(if self.modules.contains(m) {
            self.module_alias(m)
        } else {
            m.to_string()
        })
    }

    /// A constant as Elixir source (valid in patterns too).
    fn lit(&self, t: &Term) -> R {
        Ok(match t {
            Term::Atom(a) => self.atom(a.as_str()),
            Term::Int(i) => i.to_string(),
            Term::Float(x) => sim::float::to_string(*x),
            Term::Str(s) => str_src(s),
            Term::Tuple(items) => format!("{{{}}}", self.lits(items.iter())?),
            Term::List(items) => format!("[{}]", self.lits(items)?),
            Term::Map(kv) => {
                let parts = kv
                    .iter()
                    .map(|(k, v)| Ok(format!("{} => {}", self.lit(k)?, self.lit(v)?)))
                    .collect::<R<Vec<_>>>()?;
                format!("%{{{}}}", parts.join(", "))
            }
            Term::Struct(s) => {
                let mut parts = vec![format!(":__struct__ => {}", self.atom(s.name.as_str()))];
                for (k, v) in &s.fields {
                    parts.push(format!("{} => {}", self.atom(k.as_str()), self.lit(v)?));
                }
                format!("%{{{}}}", parts.join(", "))
            }
            Term::Pid(_) | Term::Ref(_) | Term::Opaque(_) => {
                return fail(format!("the constant `{t}` cannot be written in Elixir"));
            }
        })
    }

    fn lits<'a>(&self, items: impl IntoIterator<Item = &'a Term>) -> R {
        let parts = items
            .into_iter()
            .map(|i| self.lit(i))
            .collect::<R<Vec<_>>>()?;
        Ok(parts.join(", "))
    }

    /// `defmodule Prefix.Name do ... end`.
    fn module(&mut self, id: ModId, m: &ir::Module) -> R {
        if !is_alias(&m.name) {
            return fail(format!("module name `{}` cannot be written", m.name));
        }
        self.module = Some(id);
        let mut s = format!(
            "defmodule {} do\n  @moduledoc false\n",
            self.module_alias(&m.name)
        );
        for u in &m.uses {
            let what = match u.behaviour {
                Behaviour::GenServer => "GenServer",
                Behaviour::Supervisor => "Supervisor",
                Behaviour::DynamicSupervisor => "DynamicSupervisor",
                Behaviour::Task => "Task",
            };
            // The options only shape `child_spec/1`, which is emitted as a function.
            let _ = writeln!(s, "  use {what}");
        }
        if let Some(fields) = &m.struct_fields {
            let parts = fields
                .iter()
                .map(|(k, v)| Ok(format!("{{{}, {}}}", self.atom(k.as_str()), self.lit(v)?)))
                .collect::<R<Vec<_>>>()?;
            let form = if m.exception {
                "defexception"
            } else {
                "defstruct"
            };
            let _ = writeln!(s, "  {form} [{}]", parts.join(", "));
        }
        for f in &m.functions {
            if !is_identifier(&f.name) {
                return fail(format!("function name `{}` cannot be written", f.name));
            }
            let def = if f.public { "def" } else { "defp" };
            for c in &f.clauses {
                self.frames.push(Frame::default());
                let head = self.heads(&c.params)?;
                let guard = self.guard_of(c)?;
                let body = self.body(&c.body)?;
                self.frames.pop();
                let _ = writeln!(
                    s,
                    "\n  {def} {}({head}){guard} do\n{}\n  end",
                    f.name,
                    indent(&body, 2)
                );
            }
        }
        s.push_str("end\n");
        Ok(s)
    }

    /// ` when <guard>`, or nothing.
    fn guard_of(&mut self, c: &ir::Clause) -> R {
        match &c.guard {
            Some(g) => Ok(format!(" when {}", self.expr(g)?)),
            None => Ok(String::new()),
        }
    }
}

/// `s` with every line indented by `n` steps of two spaces.
fn indent(s: &str, n: usize) -> String {
    let pad = "  ".repeat(n);
    s.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests;
