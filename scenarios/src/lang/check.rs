//! Checking a [`Program`] and compiling it to [`Script`]: every string parsed once, every
//! binding resolved in its lexical scope (as Elixir scopes variables).

use super::ir::SupKind;
use super::ir::{Block, CompileError, Op, Script, Seg, SpawnKind};
use super::scope::{Kind, Scope, valid_name};
use super::term::{self, Expr, Part, Pat, SyntaxError, Template};
use super::{After, Clause, Program, ShutdownMode, Step};
use model::Shutdown;
use sim::Term;
use std::rc::Rc;

/// Checks `program` and compiles it.
pub fn compile(program: &Program) -> Result<Script, CompileError> {
    super::check_header::check_name(program)?;
    super::check_header::check_expect(program)?;
    let mut c = Checker {
        path: vec![Seg::Field("main")],
        scope: Scope::default(),
        sup_names: Vec::new(),
    };
    let main = c.block(&program.main)?;
    Ok(Script {
        name: program.name.clone(),
        main,
    })
}

pub(super) struct Checker {
    pub(super) path: Vec<Seg>,
    pub(super) scope: Scope,
    /// Registered names given to supervisors so far (`name:`), and their kind.
    pub(super) sup_names: Vec<(Term, SupKind)>,
}

pub(super) type R<T> = Result<T, CompileError>;

impl Checker {
    pub(super) fn fail<T>(&self, offset: Option<usize>, message: String) -> R<T> {
        Err(CompileError {
            path: self.path.clone(),
            offset,
            message,
        })
    }

    /// Runs `f` with `seg` pushed on the path.
    pub(super) fn at<T>(&mut self, seg: Seg, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        self.path.push(seg);
        let r = f(self);
        self.path.pop();
        r
    }

    pub(super) fn lookup(&self, name: &str) -> Option<Kind> {
        self.scope.lookup(name)
    }

    pub(super) fn need(&self, name: &str, offset: Option<usize>) -> R<Kind> {
        match self.lookup(name) {
            Some(k) => Ok(k),
            None => self.fail(
                offset,
                format!("unknown binding `{name}` ({})", self.scope.describe()),
            ),
        }
    }

    /// A block: its bindings are visible to the steps after them, and not outside it.
    pub(super) fn block(&mut self, steps: &[Step]) -> R<Block> {
        let mark = self.scope.len();
        let ops = self.steps(steps)?;
        self.scope.truncate(mark);
        Ok(ops.into())
    }

    pub(super) fn steps(&mut self, steps: &[Step]) -> R<Vec<Op>> {
        let mut ops = Vec::with_capacity(steps.len());
        for (i, step) in steps.iter().enumerate() {
            ops.push(self.at(Seg::Index(i), |c| c.step(step))?);
        }
        Ok(ops)
    }

    /// A process body: it sees what its parent sees at the spawn, nothing bound later.
    pub(super) fn body(&mut self, field: &'static str, steps: &[Step]) -> R<Block> {
        self.at(Seg::Field(field), |c| c.block(steps))
    }

    pub(super) fn bind(&mut self, bind: &Option<String>, kind: Kind) -> R<Option<Rc<str>>> {
        let Some(name) = bind else { return Ok(None) };
        self.at(Seg::Field("as"), |c| c.new_name(name, kind))
            .map(Some)
    }

    pub(super) fn new_name(&mut self, name: &str, kind: Kind) -> R<Rc<str>> {
        if !valid_name(name) {
            return self.fail(
                None,
                format!(
                    "`{name}` is not a usable variable name \
                     (lowercase letters, digits and `_`, not an Elixir keyword)"
                ),
            );
        }
        let name: Rc<str> = name.into();
        self.scope.push(name.clone(), kind);
        Ok(name)
    }

    pub(super) fn syntax<T>(&self, r: Result<T, SyntaxError>) -> R<T> {
        r.or_else(|e| self.fail(Some(e.offset), e.message))
    }

    pub(super) fn expr_at(&mut self, field: Seg, text: &str) -> R<Expr> {
        self.at(field, |c| {
            let e = c.syntax(term::parse_expr(text))?;
            c.check_expr(&e)?;
            Ok(e)
        })
    }

    pub(super) fn check_expr(&self, e: &Expr) -> R<()> {
        match e {
            Expr::Lit(_) | Expr::SelfPid => Ok(()),
            Expr::Var(v) => self.need(v, None).map(|_| ()),
            Expr::Field(v, _) => match self.need(v, None)? {
                Kind::Task => Ok(()),
                _ => self.fail(
                    None,
                    format!("`{v}` is not a task: only a task (bound by `async`) has fields"),
                ),
            },
            Expr::Tuple(items) | Expr::List(items) => {
                items.iter().try_for_each(|i| self.check_expr(i))
            }
        }
    }

    /// An expression that must be a process (`send`, `kill`, `exit_signal`).
    fn target_at(&mut self, field: Seg, text: &str) -> R<Expr> {
        let e = self.expr_at(field.clone(), text)?;
        if let Expr::Var(v) = &e
            && self.lookup(v) == Some(Kind::Task)
        {
            return self.at(field, |c| {
                c.fail(
                    None,
                    format!("`{v}` is a task, not a process: write `{v}.pid`"),
                )
            });
        }
        Ok(e)
    }

    pub(super) fn template_at(&mut self, field: Seg, text: &str) -> R<Template> {
        self.at(field, |c| {
            let t = c.syntax(term::parse_template(text))?;
            for part in &t {
                match part {
                    Part::Text(_) => {}
                    Part::Show(e) | Part::Inspect(e) => c.check_expr(e)?,
                }
            }
            Ok(t)
        })
    }

    fn task_at(&mut self, field: Seg, name: &str) -> R<Rc<str>> {
        self.at(field, |c| match c.need(name, None)? {
            Kind::Task => Ok(name.into()),
            _ => c.fail(
                None,
                format!("`{name}` is not a task (only `async` binds a task)"),
            ),
        })
    }

    fn tasks(&mut self, names: &[String]) -> R<Vec<Rc<str>>> {
        self.at(Seg::Field("tasks"), |c| {
            (0..names.len())
                .map(|i| c.task_at(Seg::Index(i), &names[i]))
                .collect()
        })
    }

    fn step(&mut self, step: &Step) -> R<Op> {
        use Step as S;
        Ok(match step {
            S::Sleep(ms) => Op::Sleep(*ms),
            S::Log(text) => Op::Log(self.template_at(Seg::Index(0), text)?),
            S::Let(name, value) => {
                let e = self.expr_at(Seg::Index(1), value)?;
                let kind = match &e {
                    Expr::Var(v) => self.lookup(v).unwrap_or(Kind::Value),
                    _ => Kind::Value,
                };
                let name = self.at(Seg::Index(0), |c| c.new_name(name, kind))?;
                Op::Let(name, e)
            }
            S::Async { bind, body, ret } => self.async_step(bind, body, ret)?,
            S::Start { bind, body } => self.spawn_step(SpawnKind::Start, bind, body)?,
            S::StartLink { bind, body } => self.spawn_step(SpawnKind::StartLink, bind, body)?,
            S::Spawn { bind, body } => self.spawn_step(SpawnKind::Spawn, bind, body)?,
            S::SpawnLink { bind, body } => self.spawn_step(SpawnKind::SpawnLink, bind, body)?,
            S::Send { to, msg } => Op::Send {
                to: self.target_at(Seg::Field("to"), to)?,
                msg: self.expr_at(Seg::Field("msg"), msg)?,
            },
            S::Receive { clauses, after } => self.receive_step(clauses, after)?,
            S::Raise(msg) => Op::Raise(self.template_at(Seg::Index(0), msg)?),
            S::Exit(reason) => Op::Exit(self.expr_at(Seg::Index(0), reason)?),
            S::TrapExit(on) => Op::TrapExit(*on),
            S::Kill(target) => Op::Kill(self.target_at(Seg::Index(0), target)?),
            S::ExitSignal { to, reason } => Op::ExitSignal {
                to: self.target_at(Seg::Field("to"), to)?,
                reason: self.expr_at(Seg::Field("reason"), reason)?,
            },
            S::CatchExit {
                body,
                bind,
                handler,
            } => {
                let (body, bind, handler) = self.try_step(body, bind, "catch", handler)?;
                Op::CatchExit {
                    body,
                    bind,
                    handler,
                }
            }
            S::Rescue {
                body,
                bind,
                handler,
            } => {
                let (body, bind, handler) = self.try_step(body, bind, "rescue", handler)?;
                Op::Rescue {
                    body,
                    bind,
                    handler,
                }
            }
            S::Register(name) => Op::Register(self.at(Seg::Index(0), |c| {
                if valid_name(name) {
                    Ok(name.as_str().into())
                } else {
                    let why = "use lowercase letters, digits and `_`";
                    c.fail(None, format!("`{name}` cannot be a registered name: {why}"))
                }
            })?),
            s if super::check_sup::is_sup_step(s) => self.sup_step(s)?,
            task_op => self.task_step(task_op)?,
        })
    }

    /// The `Task` functions that wait for or stop tasks.
    fn task_step(&mut self, step: &Step) -> R<Op> {
        use Step as S;
        Ok(match step {
            S::Await {
                task,
                timeout,
                bind,
            } => Op::Await {
                task: self.task_at(Seg::Field("task"), task)?,
                timeout: timeout.to_sim(),
                bind: self.bind(bind, Kind::Value)?,
            },
            S::Yield {
                task,
                timeout,
                bind,
            } => Op::Yield {
                task: self.task_at(Seg::Field("task"), task)?,
                timeout: timeout.to_sim(),
                bind: self.bind(bind, Kind::Value)?,
            },
            S::YieldMany {
                tasks,
                timeout,
                bind,
            } => Op::YieldMany {
                tasks: self.tasks(tasks)?,
                timeout: timeout.to_sim(),
                bind: self.bind(bind, Kind::Value)?,
            },
            S::AwaitMany {
                tasks,
                timeout,
                bind,
            } => Op::AwaitMany {
                tasks: self.tasks(tasks)?,
                timeout: timeout.to_sim(),
                bind: self.bind(bind, Kind::Value)?,
            },
            S::Shutdown {
                task,
                timeout,
                bind,
            } => Op::Shutdown {
                task: self.task_at(Seg::Field("task"), task)?,
                mode: match timeout {
                    ShutdownMode::BrutalKill => Shutdown::BrutalKill,
                    ShutdownMode::Timeout(t) => Shutdown::Timeout(t.to_sim()),
                },
                bind: self.bind(bind, Kind::Value)?,
            },
            S::Ignore { task, bind } => Op::Ignore {
                task: self.task_at(Seg::Field("task"), task)?,
                bind: self.bind(bind, Kind::Value)?,
            },
            _ => unreachable!("step() handles every other step"),
        })
    }

    fn async_step(&mut self, bind: &Option<String>, body: &[Step], ret: &str) -> R<Op> {
        let mark = self.scope.len();
        let body = self.at(Seg::Field("do"), |c| c.steps(body))?;
        // `return` is the function's last expression: it sees the body's bindings.
        let ret = self.expr_at(Seg::Field("return"), ret)?;
        self.scope.truncate(mark);
        Ok(Op::Async {
            bind: self.bind(bind, Kind::Task)?,
            body: body.into(),
            ret,
        })
    }

    fn spawn_step(&mut self, kind: SpawnKind, bind: &Option<String>, body: &[Step]) -> R<Op> {
        let body = self.body("do", body)?;
        Ok(Op::Spawn {
            kind,
            bind: self.bind(bind, Kind::Value)?,
            body,
        })
    }

    fn receive_step(&mut self, clauses: &[Clause], after: &Option<After>) -> R<Op> {
        let clauses = self.at(Seg::Field("match"), |c| {
            (0..clauses.len())
                .map(|i| c.at(Seg::Index(i), |c| c.clause(&clauses[i])))
                .collect::<R<Vec<_>>>()
        })?;
        let after = match after {
            None => None,
            Some((t, steps)) => Some((
                t.to_sim(),
                self.at(Seg::Field("after"), |c| c.body_at(Seg::Index(1), steps))?,
            )),
        };
        if clauses.is_empty() && after.is_none() {
            return self.fail(
                None,
                "a receive needs at least one clause in `match:` or an `after:`".to_string(),
            );
        }
        Ok(Op::Receive { clauses, after })
    }

    pub(super) fn body_at(&mut self, seg: Seg, steps: &[Step]) -> R<Block> {
        self.at(seg, |c| c.block(steps))
    }

    fn clause(&mut self, (pattern, steps): &Clause) -> R<(Pat, Block)> {
        let pat = self.at(Seg::Index(0), |c| c.syntax(term::parse_pattern(pattern)))?;
        let mark = self.scope.len();
        self.at(Seg::Index(0), |c| c.bind_pattern(&pat))?;
        let body = self.body_at(Seg::Index(1), steps)?;
        self.scope.truncate(mark);
        Ok((pat, body))
    }

    pub(super) fn bind_pattern(&mut self, pat: &Pat) -> R<()> {
        match pat {
            Pat::Lit(_) | Pat::Any => Ok(()),
            Pat::Pin(v) => self.need(v, None).map(|_| ()),
            Pat::Bind(v) => self.new_name(v, Kind::Value).map(|_| ()),
            Pat::Tuple(items) | Pat::List(items) => {
                items.iter().try_for_each(|p| self.bind_pattern(p))
            }
        }
    }

    fn try_step(
        &mut self,
        body: &[Step],
        bind: &Option<String>,
        handler_field: &'static str,
        handler: &[Step],
    ) -> R<(Block, Option<Rc<str>>, Block)> {
        let body = self.body("do", body)?;
        let mark = self.scope.len();
        let bind = self.bind(bind, Kind::Value)?;
        let handler = self.body(handler_field, handler)?;
        self.scope.truncate(mark);
        Ok((body, bind, handler))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::parse_program;

    fn err(src: &str) -> CompileError {
        compile(&parse_program(src, "t").unwrap()).unwrap_err()
    }

    #[test]
    fn unknown_bindings_are_reported_with_their_path() {
        let e = err(r#"Program(name: "x", main: [sleep(1), await(task: "t")])"#);
        assert_eq!(
            e.path,
            vec![Seg::Field("main"), Seg::Index(1), Seg::Field("task")]
        );
        assert_eq!(e.message, "unknown binding `t` (nothing is bound here)");
    }

    #[test]
    fn bindings_are_lexical() {
        // `x` is bound inside the catch_exit body and not visible after it.
        let e = err(r##"Program(name: "x", main: [
            catch_exit(do: [let("x", "1")]),
            log("#{x}"),
        ])"##);
        assert_eq!(
            e.path,
            vec![Seg::Field("main"), Seg::Index(1), Seg::Index(0)]
        );
        assert_eq!(e.offset, None);
        // A task body sees its parent's earlier bindings.
        let ok = r#"Program(name: "x", main: [
            let("parent", "self()"),
            async(as: "t", do: [send(to: "parent", msg: ":hi")]),
            await(task: "t"),
        ])"#;
        compile(&parse_program(ok, "t").unwrap()).unwrap();
    }

    #[test]
    fn kinds_are_checked() {
        let e = err(r#"Program(name: "x", main: [spawn(as: "p"), await(task: "p")])"#);
        assert!(e.message.contains("`p` is not a task"), "{}", e.message);
        let e = err(r#"Program(name: "x", main: [async(as: "t"), kill("t")])"#);
        assert!(e.message.contains("write `t.pid`"), "{}", e.message);
    }
}
