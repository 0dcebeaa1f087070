//! The evaluator of the IR: expressions, patterns, guards, calls and closures, with tail
//! calls that do not grow (a function's frame is dropped before the call it ends with), on
//! one process's [`Proc`].
//!
//! Exceptions are the kernel's: `raise`, `exit`, `throw` and every runtime error leave a
//! pending exception and a future that never resolves; `try` is `Proc::catch_all` around the
//! body ([`Cx::eval_try`]). No Rust panic stands for an Elixir error.

use super::lib::Called;
use super::pure::{self, Then};
use super::record::{Recorder, What};
use super::value::{self, Fun, FunRef, as_fun, fun_term};
use crate::ir::{self, BinOp, Clause, Expr, ExprKind, InterpPart, Pat, Target};
use sim::{Exception, Proc, StructValue, Term};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};

/// A boxed future (the evaluator is recursive).
pub(crate) type BoxFut<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// The future of [`Cx::eval`]: a value known at once, a builtin's call, or the boxed
/// evaluation, then the tail call it may end in. (A state machine written out, so that an
/// evaluation takes one box, not a second one around it to make the tail call.)
pub(crate) enum Eval<'a> {
    /// The value (taken by the one poll).
    Ready(Option<Term>),
    /// A builtin's call whose arguments were ready: its own future, in no box of the
    /// evaluator's (or a raise).
    Call(BoxFut<'a, Term>),
    /// `pattern = builtin(ready arguments)`: the call, then the match into the frame
    /// (the value kept for the evaluation's own, if `.4`: see [`Cx::bind`]).
    Bind(&'a Cx, &'a mut Frame, &'a Pat, BoxFut<'a, Term>, bool),
    /// The evaluation of the expression, by the process `Cx`.
    Tail(&'a Cx, BoxFut<'a, Flow>),
    /// The tail call it ended in.
    Apply(Grow<'a, Term>),
}

impl Future for Eval<'_> {
    type Output = Term;
    fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Term> {
        use std::task::Poll;
        let this = self.get_mut();
        loop {
            match this {
                Eval::Ready(v) => return Poll::Ready(v.take().expect("polled after it was ready")),
                Eval::Call(fut) => return fut.as_mut().poll(cx),
                Eval::Bind(m, f, p, fut, keep) => {
                    let Poll::Ready(v) = fut.as_mut().poll(cx) else {
                        return Poll::Pending;
                    };
                    let m: &Cx = m;
                    match m.bind(p, v, f, *keep) {
                        Ok(v) => return Poll::Ready(v),
                        Err(v) => *this = Eval::Call(m.throw(value::badmatch(v))),
                    }
                }
                Eval::Apply(fut) => return Pin::new(fut).poll(cx),
                Eval::Tail(m, fut) => {
                    let (fun, args) = match fut.as_mut().poll(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(Flow::Value(v)) => return Poll::Ready(v),
                        Poll::Ready(Flow::Tail(fun, args)) => (fun, args),
                    };
                    let m: &Cx = m;
                    *this = Eval::Apply(m.apply_later(fun, args));
                }
            }
        }
    }
}

/// The future of [`Cx::eval_tail`].
pub(crate) enum TailEval<'a> {
    /// An expression that cannot end in a tail call, evaluated as [`Cx::eval`] does.
    Value(Eval<'a>),
    /// One that can, boxed.
    Boxed(BoxFut<'a, Flow>),
    /// A tail call to a function of the program whose arguments were had at once (the
    /// step of a loop, `loop(n - 1, acc)`): no box (taken by the one poll).
    Call(Option<Flow>),
}

impl Future for TailEval<'_> {
    type Output = Flow;
    fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Flow> {
        match self.get_mut() {
            TailEval::Value(e) => Pin::new(e).poll(cx).map(Flow::Value),
            TailEval::Boxed(fut) => fut.as_mut().poll(cx),
            TailEval::Call(flow) => {
                std::task::Poll::Ready(flow.take().expect("polled after it was ready"))
            }
        }
    }
}

/// Each of `args` had at once, if every one can be ([`eval_now`]). An argument that is
/// surely not ([`never_now`]) is seen before any is made: a variable holding a list is
/// copied whole, and a copy thrown away because a later argument must wait is a copy too
/// many.
fn now_all(f: &Frame, args: &[Expr]) -> Option<Vec<Term>> {
    if args.iter().any(never_now) {
        return None;
    }
    args.iter().map(|a| eval_now(f, a, 0)).collect()
}

/// A tail call's arguments had at once, if each is a literal, a variable or an operator
/// of two of them (the step of a loop: `loop(n - 1, acc + x, rest)`). A shallow look
/// first, so that `loop(n - 1, acc + length(ys))` is left before `n - 1` is made (for the
/// boxed evaluation to make it again), and at no more cost than the look.
fn ready_args(f: &Frame, args: &[Expr]) -> Option<Vec<Term>> {
    let leaf = |e: &Expr| matches!(e.kind, ExprKind::Lit(_) | ExprKind::Var(_));
    let simple = |e: &Expr| match &e.kind {
        ExprKind::BinOp(_, a, b) => leaf(a) && leaf(b),
        _ => leaf(e),
    };
    if !args.iter().all(simple) {
        return None;
    }
    args.iter().map(|a| eval_now(f, a, 0)).collect()
}

/// True if [`eval_now`] gives `None` for `e` whatever its parts are: a kind it does not
/// make (a call, a match, a block, ...). A look at the kind only; a tuple, list,
/// interpolation or operator may still fail further down.
fn never_now(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Lit(_)
        | ExprKind::Var(_)
        | ExprKind::Fn(_)
        | ExprKind::Tuple(_)
        | ExprKind::List(_, None)
        | ExprKind::Interp(_)
        | ExprKind::BinOp(..) => false,
        ExprKind::Call {
            target: Target::Builtin(b),
            ..
        } => !b.info().guard,
        _ => true,
    }
}

/// True if clause `c` cannot take `args`, seen before its frame is set up: an argument
/// count that differs, or a parameter that is a literal, a list or a tuple of another shape
/// than its argument (`loop(0, acc)` given `n`, `sum([], acc)` given `[h | t]`). What it
/// does not see, [`Cx::clause_matches`] does.
fn surely_fails(c: &Clause, args: &[Term]) -> bool {
    c.params.len() != args.len()
        || c.params.iter().zip(args).any(|(p, a)| match (p, a) {
            (Pat::Lit(t), a) => t != a,
            (Pat::List(ps, tail), Term::List(vs)) => match tail {
                None => vs.len() != ps.len(),
                Some(_) => vs.len() < ps.len(),
            },
            (Pat::List(..), _) => true,
            (Pat::Tuple(ps), Term::Tuple(vs)) => ps.len() != vs.len(),
            (Pat::Tuple(_), _) => true,
            _ => false,
        })
}

/// A frame: the variables of one clause invocation, by slot.
pub(crate) type Frame = Vec<Term>;

/// Nested calls (not tail calls) one process may have open: deeper recursion fails the run
/// with `{:otpsim_limit, "call depth"}`. (The Rust stack is not the limit: each call that
/// waits grows it on the heap when it runs low, see [`Grow`]; a call made at once,
/// `Cx::apply_now`, calls nothing in turn.)
pub const MAX_CALL_DEPTH: u32 = 100_000;

/// Stack left below which a call moves to a new stack segment.
const RED_ZONE: usize = 256 * 1024;
/// The size of such a segment.
const SEGMENT: usize = 4 * 1024 * 1024;

/// A clone of `t`, on a fresh stack segment when a deep one could overflow this one.
fn copy(t: &Term) -> Term {
    match t {
        Term::Tuple(_) | Term::List(_) | Term::Map(_) | Term::Struct(..) => {
            value::on_deep_stack(|| t.clone())
        }
        _ => t.clone(),
    }
}

/// How deep [`eval_now`] looks into an expression before it leaves it to the evaluator.
const NOW_DEPTH: u32 = 3;

/// The text of an interpolation, built part by part: a long string among the values
/// (`"#{acc}x"` in a loop) is joined to the rest, not copied ([`sim::Text`]), so a string
/// grown by interpolation is linear, as one grown by `<>` is.
struct Interpolated {
    done: sim::Text,
    buf: String,
}

impl Interpolated {
    fn new(parts: &[InterpPart]) -> Interpolated {
        Interpolated {
            done: sim::Text::from(""),
            buf: String::with_capacity(interp_capacity(parts)),
        }
    }

    fn push_str(&mut self, s: &str) {
        self.buf.push_str(s);
    }

    /// `to_string(v)` appended.
    fn push_value(&mut self, v: &Term) -> Result<(), Exception> {
        match v {
            Term::Str(t) if t.len() > sim::text::COPY_BELOW => {
                self.flush();
                self.done = sim::Text::concat(&self.done, t);
            }
            _ => self.buf.push_str(&pure::to_string(v)?),
        }
        Ok(())
    }

    fn flush(&mut self) {
        if !self.buf.is_empty() {
            let buf = sim::Text::from(std::mem::take(&mut self.buf));
            self.done = sim::Text::concat(&self.done, &buf);
        }
    }

    fn len(&self) -> usize {
        self.done.len() + self.buf.len()
    }

    fn finish(mut self) -> Term {
        self.flush();
        Term::Str(self.done)
    }
}

/// The value of `e`, if it can be had without waiting and without raising: a literal, a
/// variable, a closure, and — up to [`NOW_DEPTH`] levels — a small tuple, list or
/// interpolated string of such values, or an operator on them. Nothing it does has an
/// effect, so `None` leaves the evaluation to the evaluator ([`Cx::eval`]'s calls made at
/// once, or [`Cx::eval_boxed`]), from the start: an expression that would raise (`1 + :a`,
/// a tuple in a string, a value past the size limit) raises there, as it always did.
fn eval_now(f: &Frame, e: &Expr, depth: u32) -> Option<Term> {
    let now = |e: &Expr| eval_now(f, e, depth + 1);
    match &e.kind {
        ExprKind::Lit(t) => Some(t.clone()),
        ExprKind::Var(s) => Some(f[*s as usize].clone()),
        _ if depth >= NOW_DEPTH => None,
        ExprKind::Fn(lambda) => Some(closure(f, lambda)),
        ExprKind::Tuple(items) if items.len() <= 8 => {
            let v = Term::tuple(items.iter().map(now).collect::<Option<Vec<_>>>()?);
            value::check_size(&v).is_ok().then_some(v)
        }
        ExprKind::List(items, None) if items.len() <= 8 => {
            let v = Term::list(items.iter().map(now).collect::<Option<Vec<_>>>()?);
            value::check_size(&v).is_ok().then_some(v)
        }
        ExprKind::Interp(parts) if parts.len() <= 8 => {
            // (An interpolation of a call is left at once, before its buffer is made.)
            if parts
                .iter()
                .any(|p| matches!(p, InterpPart::Expr(e) if never_now(e)))
            {
                return None;
            }
            let mut s = Interpolated::new(parts);
            for part in parts {
                match part {
                    InterpPart::Text(t) => s.push_str(t),
                    InterpPart::Expr(e) => s.push_value(&now(e)?).ok()?,
                }
            }
            (s.len() <= crate::interp::MAX_VALUE).then(|| s.finish())
        }
        // A guard's builtin (`rem(n, 10) == 0`, `length(xs) > 1`, `elem(t, 0)`): pure, it
        // calls nothing and builds nothing larger than its arguments. One that fails is
        // left to the evaluator, which raises (`self()` and `is_function` need the process
        // and the closures: [`Cx::guard_builtin`]; `pure::call` has no answer for them).
        ExprKind::Call {
            target: Target::Builtin(b),
            args,
            ..
        } if b.info().guard => {
            let args = args.iter().map(now).collect::<Option<Vec<_>>>()?;
            pure::call(*b, &args)?.ok()
        }
        ExprKind::BinOp(op, a, b) => {
            // Two operands read in place (`n - 1`, `x < limit`): no copy of either is made.
            if let (Some(l), Some(r)) = (in_place(f, a), in_place(f, b)) {
                return match pure::binop_then(*op, l) {
                    Then::Left => Some(l.clone()),
                    Then::Right => Some(r.clone()),
                    Then::Both => pure::binop(*op, l, r).ok(),
                    Then::BadBool(_) => None,
                };
            }
            let l = now(a)?;
            match pure::binop_then(*op, &l) {
                Then::Left => Some(l),
                Then::Right => now(b),
                Then::Both => pure::binop(*op, &l, &now(b)?).ok(),
                Then::BadBool(_) => None,
            }
        }
        _ => None,
    }
}

/// The value of a literal or a variable, where it is.
fn in_place<'a>(f: &'a Frame, e: &'a Expr) -> Option<&'a Term> {
    match &e.kind {
        ExprKind::Lit(t) => Some(t),
        ExprKind::Var(s) => Some(&f[*s as usize]),
        _ => None,
    }
}

/// Room for the text of an interpolation: its literal parts and a little for each value.
fn interp_capacity(parts: &[InterpPart]) -> usize {
    (parts.iter())
        .map(|p| match p {
            InterpPart::Text(t) => t.len(),
            InterpPart::Expr(_) => 16,
        })
        .sum()
}

/// The closure `lambda` makes in frame `f`: its captures copied.
fn closure(f: &Frame, lambda: &Rc<ir::Lambda>) -> Term {
    let env: Vec<Term> = (lambda.captures.iter())
        .map(|(outer, _)| f[*outer as usize].clone())
        .collect();
    fun_term(Fun::Closure {
        lambda: lambda.clone(),
        env,
    })
}

/// A future whose polls (and drop) run on a fresh stack segment when the current one is
/// nearly used up: the evaluator recurses (a body-recursive function nests its calls'
/// futures), and polling or dropping deeply nested futures must not overflow the stack.
pub(crate) struct Grow<'a, T>(Option<BoxFut<'a, T>>);

impl<T> Future for Grow<'_, T> {
    type Output = T;
    fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<T> {
        let inner = self
            .get_mut()
            .0
            .as_mut()
            .expect("polled after it was dropped");
        stacker::maybe_grow(RED_ZONE, SEGMENT, || inner.as_mut().poll(cx))
    }
}

impl<T> Drop for Grow<'_, T> {
    fn drop(&mut self) {
        let inner = self.0.take();
        stacker::maybe_grow(RED_ZONE, SEGMENT, move || drop(inner));
    }
}

/// The future of [`Cx::apply`]: the value of a call of a function whose body was had at
/// once ([`Cx::apply_now`]), or the call on its own stack-growing box.
pub(crate) enum Applied<'a> {
    /// The value (taken by the one poll).
    Now(Option<Term>),
    /// The call.
    Later(Grow<'a, Term>),
}

impl Future for Applied<'_> {
    type Output = Term;
    fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Term> {
        match self.get_mut() {
            Applied::Now(v) => std::task::Poll::Ready(v.take().expect("polled after it was ready")),
            Applied::Later(call) => Pin::new(call).poll(cx),
        }
    }
}

/// True if [`eval_now`] may give a value for `e` at `depth`: false for a kind it does not
/// make, or one too deep or too wide for it. (True does not promise a value: an operator
/// may raise, a value may be too large.) A look at the expression only.
fn may_be_now(e: &Expr, depth: u32) -> bool {
    let under = |e: &Expr| may_be_now(e, depth + 1);
    match &e.kind {
        ExprKind::Lit(_) | ExprKind::Var(_) => true,
        _ if depth >= NOW_DEPTH => false,
        ExprKind::Fn(_) => true,
        ExprKind::Tuple(items) | ExprKind::List(items, None) => {
            items.len() <= 8 && items.iter().all(under)
        }
        ExprKind::Interp(parts) => {
            parts.len() <= 8
                && parts.iter().all(|p| match p {
                    InterpPart::Text(_) => true,
                    InterpPart::Expr(e) => under(e),
                })
        }
        ExprKind::BinOp(_, a, b) => under(a) && under(b),
        _ => false,
    }
}

/// A function's clauses, with the values a closure captured and the slots they go to
/// (none for a function of the program).
type Clauses<'a> = (&'a [Rc<Clause>], &'a [(ir::Slot, ir::Slot)], &'a [Term]);

/// What one run shares between its processes.
pub(crate) struct Machine {
    /// The program.
    pub program: Rc<ir::Program>,
    /// Names and observations, reached through [`Machine::rec`]. Weak: what the recorder
    /// keeps (a child spec inside an observed term) may hold closures that hold this
    /// machine, and a strong reference would make a cycle that outlives the run.
    rec: Weak<RefCell<Recorder>>,
    /// Nested calls a process may have open.
    pub max_depth: u32,
}

impl Machine {
    /// A run of `program`.
    pub(crate) fn new(
        program: Rc<ir::Program>,
        rec: Rc<RefCell<Recorder>>,
        max_depth: u32,
    ) -> Rc<Machine> {
        Rc::new(Machine {
            program,
            rec: Rc::downgrade(&rec),
            max_depth,
        })
    }

    /// `f` on the run's recorder. Never call it around a `Proc` call: the trace observer
    /// borrows the recorder when the kernel emits an event.
    pub(crate) fn rec<R>(&self, f: impl FnOnce(&mut Recorder) -> R) -> R {
        let rec = self
            .rec
            .upgrade()
            .expect("the recorder lives as long as the run");
        let mut rec = rec.borrow_mut();
        f(&mut rec)
    }
}

/// One process's view: its handle and the run's machine.
pub(crate) struct Cx {
    /// The process.
    pub p: Proc,
    /// The run.
    pub m: Rc<Machine>,
    depth: Cell<u32>,
    /// The name the next process this one spawns gets, whatever the call says (a child's
    /// id, while a supervisor runs the child's start function).
    label: RefCell<Option<Rc<str>>>,
    /// Where the exception this process last raised came from, as far as `rescue` needs
    /// it: the VM reads it from the stacktrace's top frame, which the simulator does not
    /// keep (semantics §1.1).
    clause_origin: Cell<Option<Box<Origin>>>,
    /// Function calls not yet told to the kernel ([`CALL_BATCH`]).
    calls: Cell<u32>,
}

/// Function calls a process makes before it tells the kernel ([`Proc::reduce`]): a
/// borrow of the kernel at every call cost a loop's step 2%; the budget and the
/// switch-out come at most this many calls late.
const CALL_BATCH: u32 = 64;

/// Where an exception came from ([`Cx::clause_origin`]).
#[derive(Clone, Debug)]
pub(crate) enum Origin {
    /// No clause of function `.1` of module `.0` of the program took the arguments.
    Program(ir::ModId, u32),
    /// No clause of this library function, of this arity, took the arguments (only where
    /// the arity is the VM's own: `String.upcase(1)` fails in `String.upcase/2`).
    Library(ir::Builtin, usize),
    /// No clause of `module.function/arity` took the arguments: the function inside the
    /// library that the VM's stacktrace tops with (`:rand.uniform(0)` fails in
    /// `:rand.uniform_s/2`); the module as its atom's text (`rand`, `Elixir.Enum`).
    Function(&'static str, &'static str, usize),
    /// A call of a builtin of the pure library that failed, with its arguments.
    Call(ir::Builtin, Vec<Term>),
    /// No function `.1`/`.2` in module `.0` (`apply/3`, `mod.fun()`, an MFA).
    Missing(Term, Term, usize),
}

/// What evaluating an expression in tail position gives: a value, or a call to make in
/// place of the current one.
pub(crate) enum Flow {
    /// The value.
    Value(Term),
    /// Call this with these arguments (the caller's frame is done).
    Tail(Callee, Vec<Term>),
}

/// What a call calls: a function of the program, named by its indices (a call the program
/// spells out, with no function value made for it), or a function value.
pub(crate) enum Callee {
    /// Function `.1` of module `.0`.
    Local(ir::ModId, u32),
    /// A closure, a function of the program or a builtin, as a value.
    Fun(FunRef),
}

impl From<FunRef> for Callee {
    fn from(fun: FunRef) -> Callee {
        Callee::Fun(fun)
    }
}

impl Cx {
    /// A process's context.
    pub(crate) fn new(p: Proc, m: Rc<Machine>) -> Cx {
        Cx {
            p,
            m,
            depth: Cell::new(0),
            label: RefCell::new(None),
            clause_origin: Cell::new(None),
            calls: Cell::new(0),
        }
    }

    /// The next process this one spawns is called `<me>.<label>`, whatever name the
    /// spawning call would give it.
    pub(crate) fn label_next_spawn(&self, label: &str) {
        *self.label.borrow_mut() = Some(label.into());
    }

    /// Takes the label set by [`Cx::label_next_spawn`].
    pub(crate) fn take_label(&self) -> Option<Rc<str>> {
        self.label.borrow_mut().take()
    }

    /// Records an observation of this process now. Never hold a recorder borrow across a
    /// `Proc` call: the trace observer borrows it when the kernel emits an event.
    pub(crate) fn observe(&self, what: What) {
        let (t, me) = (self.p.now_ms(), self.p.pid());
        self.m.rec(|r| r.push(t, me, what));
    }

    /// Raises `exc` (never returns). Boxed: a raise is rare, and every future that may
    /// raise holds this one while it waits, so its size would be theirs.
    pub(crate) fn throw<'a, T: 'a>(&'a self, exc: Exception) -> BoxFut<'a, T> {
        self.raise(exc, None)
    }

    /// Raises `exc`, which is a `:function_clause` of function `origin` when that is given
    /// ([`Cx::clause_origin`]).
    pub(crate) fn raise<'a, T: 'a>(
        &'a self,
        exc: Exception,
        origin: Option<Origin>,
    ) -> BoxFut<'a, T> {
        self.clause_origin.set(origin.map(Box::new));
        Box::pin(async move {
            match exc.class {
                sim::Class::Error => self.p.error(exc.value).await,
                sim::Class::Exit => self.p.exit(exc.value).await,
                sim::Class::Throw => self.p.throw(exc.value).await,
            }
        })
    }

    /// `v`, if it is within the size limits; else the run fails ([`crate::interp::MAX_VALUE`])
    /// and this process raises `:system_limit`, as the BEAM does at its limits.
    pub(crate) async fn sized(&self, v: Term) -> Term {
        match value::check_size(&v) {
            Ok(()) => v,
            Err(what) => self.over_limit(what).await,
        }
    }

    /// [`Cx::sized`] of `v`, made from `olds` ([`value::check_size_from`]: a large map
    /// made from a measured one is measured by what changed).
    pub(crate) async fn sized_from(&self, v: Term, olds: &[Term]) -> Term {
        match value::check_size_from(&v, olds) {
            Ok(()) => v,
            Err(what) => self.over_limit(what).await,
        }
    }

    /// Fails the process with `system_limit`, `what` recorded as the reason.
    pub(crate) async fn over_limit(&self, what: String) -> Term {
        let (t, me) = (self.p.now_ms(), self.p.pid());
        self.m.rec(|r| r.over_limit(t, me, what));
        self.p.error(Term::atom("system_limit")).await
    }

    /// `Ok(v)` ⇒ `v`; `Err(e)` ⇒ raises `e`.
    pub(crate) async fn ok<T>(&self, r: Result<T, Exception>) -> T {
        match r {
            Ok(v) => v,
            Err(e) => self.throw(e).await,
        }
    }

    /// Evaluates `e` to a value. What needs no waiting and does not raise is ready at
    /// once, without the boxed future every other expression costs ([`eval_now`]):
    /// most of what a program evaluates is a literal, a variable or a small expression of
    /// them.
    ///
    /// A builtin's call whose arguments are ready is made at once, in no box of the
    /// evaluator's: the builtin's own future, if it waits, is the only one. So is a match
    /// of such a call's value (`x = Task.async(..)`) or of a ready value.
    pub(crate) fn eval<'a>(&'a self, f: &'a mut Frame, e: &'a Expr) -> Eval<'a> {
        self.eval_keeping(f, e, true)
    }

    /// Evaluates `e` for what it does: its value is dropped, so a match that binds a
    /// variable moves the value into the frame instead of copying it (a list is copied
    /// whole).
    fn eval_for_effect<'a>(&'a self, f: &'a mut Frame, e: &'a Expr) -> Eval<'a> {
        self.eval_keeping(f, e, false)
    }

    /// [`Cx::eval`], or [`Cx::eval_for_effect`] unless `keep`.
    fn eval_keeping<'a>(&'a self, f: &'a mut Frame, e: &'a Expr, keep: bool) -> Eval<'a> {
        if let Some(v) = eval_now(f, e, 0) {
            return Eval::Ready(Some(v));
        }
        match &e.kind {
            ExprKind::Call {
                target: Target::Builtin(b),
                args,
                label,
                ..
            } => {
                if let Some(args) = now_all(f, args) {
                    return match self.call_builtin(*b, args, label.as_deref()) {
                        Called::Now(v) => Eval::Ready(Some(v)),
                        Called::Later(call) => Eval::Call(call),
                    };
                }
            }
            ExprKind::Match(p, x) => {
                if let Some(v) = eval_now(f, x, 0) {
                    return self.bind_now(f, p, v, keep);
                }
                if let ExprKind::Call {
                    target: Target::Builtin(b),
                    args,
                    label,
                    ..
                } = &x.kind
                    && let Some(args) = now_all(f, args)
                {
                    return match self.call_builtin(*b, args, label.as_deref()) {
                        Called::Now(v) => self.bind_now(f, p, v, keep),
                        Called::Later(call) => Eval::Bind(self, f, p, call, keep),
                    };
                }
            }
            _ => {}
        }
        Eval::Tail(self, self.eval_boxed(f, e))
    }

    /// `p = v` for a value had at once.
    fn bind_now<'a>(&'a self, f: &mut Frame, p: &Pat, v: Term, keep: bool) -> Eval<'a> {
        match self.bind(p, v, f, keep) {
            Ok(v) => Eval::Ready(Some(v)),
            Err(v) => Eval::Call(self.throw(value::badmatch(v))),
        }
    }

    /// Matches `v` against `p`, binding into `f`: the match's value (`nil` if not `keep`
    /// and `p` is a variable, which then takes `v` itself, not a copy), or `Err(v)` when
    /// it does not match.
    fn bind(&self, p: &Pat, v: Term, f: &mut Frame, keep: bool) -> Result<Term, Term> {
        match p {
            Pat::Bind(s) if !keep => {
                f[*s as usize] = v;
                Ok(Term::nil())
            }
            _ if self.match_pat(p, &v, f) => Ok(v),
            _ => Err(v),
        }
    }

    /// Evaluates each of `es`, in order.
    async fn eval_all(&self, f: &mut Frame, es: &[Expr]) -> Vec<Term> {
        let mut out = Vec::with_capacity(es.len());
        for e in es {
            out.push(self.eval(f, e).await);
        }
        out
    }

    /// Evaluates `e`, which may end in a tail call: as [`Cx::eval`] does, unless it is of
    /// a kind that can end in one.
    pub(crate) fn eval_tail<'a>(&'a self, f: &'a mut Frame, e: &'a Expr) -> TailEval<'a> {
        let may_tail_call = match &e.kind {
            ExprKind::Call { target, .. } => !matches!(target, Target::Builtin(_)),
            ExprKind::Block(_)
            | ExprKind::Case(..)
            | ExprKind::Cond(_)
            | ExprKind::If(..)
            | ExprKind::Receive(_)
            | ExprKind::With(_) => true,
            _ => false,
        };
        if let ExprKind::Call {
            target: Target::Local { module, function },
            args,
            tail: true,
            ..
        } = &e.kind
            && let Some(args) = ready_args(f, args)
        {
            return TailEval::Call(Some(Flow::Tail(Callee::Local(*module, *function), args)));
        }
        if may_tail_call {
            TailEval::Boxed(self.eval_boxed(f, e))
        } else {
            TailEval::Value(self.eval(f, e))
        }
    }

    /// Evaluates `e`, which may end in a tail call, in a box. Each kind of expression that
    /// waits gets a box of its own future's size: a box is filled by copying the future into it whole,
    /// and one future for every kind is as large as the largest (it was 1.4 KB, then 904
    /// bytes for the kinds that shared one, mostly the compiler's padding).
    fn eval_boxed<'a>(&'a self, f: &'a mut Frame, e: &'a Expr) -> BoxFut<'a, Flow> {
        match &e.kind {
            ExprKind::Call {
                target,
                args,
                tail,
                label,
            } => match target {
                Target::Builtin(b) => Box::pin(async move {
                    let args = self.eval_all(f, args).await;
                    Flow::Value(self.call_builtin(*b, args, label.as_deref()).await)
                }),
                Target::Local { module, function } => Box::pin(async move {
                    let args = self.eval_all(f, args).await;
                    let callee = Callee::Local(*module, *function);
                    self.apply_or_tail(callee, args, *tail, label.as_deref())
                        .await
                }),
                Target::Remote(m, name) => {
                    let (tail, label) = (*tail, label.as_deref());
                    Box::pin(self.eval_remote(f, (m, name), args, tail, label))
                }
                Target::Dynamic(x) => {
                    Box::pin(self.eval_dynamic(f, x, args, *tail, label.as_deref()))
                }
            },
            ExprKind::BinOp(op, a, b) => {
                Box::pin(async move { Flow::Value(self.binop(f, *op, a, b).await) })
            }
            ExprKind::Receive(r) => Box::pin(self.eval_receive(f, r)),
            ExprKind::With(w) => Box::pin(self.eval_with(f, w)),
            ExprKind::Block(es) => Box::pin(self.eval_block(f, es)),
            ExprKind::Match(p, x) => Box::pin(self.eval_match(f, p, x)),
            ExprKind::Case(x, clauses) => Box::pin(self.eval_case(f, x, clauses)),
            ExprKind::Cond(arms) => Box::pin(self.eval_cond(f, arms)),
            ExprKind::If(c, a, b) => Box::pin(async move {
                let v = self.eval(f, c).await;
                let branch = if pure::truthy(&v) { a } else { b };
                self.eval_tail(f, branch).await
            }),
            ExprKind::Tuple(items) => Box::pin(async move {
                let v = Term::tuple(self.eval_all(f, items).await);
                Flow::Value(self.sized(v).await)
            }),
            ExprKind::List(items, tail) => Box::pin(self.eval_list(f, items, tail.as_deref())),
            ExprKind::Interp(parts) => Box::pin(self.eval_interp(f, parts)),
            _ => Box::pin(self.eval_other(f, e)),
        }
    }

    /// A block: each expression in turn, the last in tail position.
    async fn eval_block(&self, f: &mut Frame, es: &[Expr]) -> Flow {
        let Some((last, init)) = es.split_last() else {
            return Flow::Value(Term::nil());
        };
        for e in init {
            self.eval_for_effect(f, e).await;
        }
        self.eval_tail(f, last).await
    }

    /// `pattern = x`.
    async fn eval_match(&self, f: &mut Frame, p: &Pat, x: &Expr) -> Flow {
        let v = self.eval(f, x).await;
        if !self.match_pat(p, &v, f) {
            return self.throw(value::badmatch(v)).await;
        }
        Flow::Value(v)
    }

    /// `case x do clauses end`.
    async fn eval_case(&self, f: &mut Frame, x: &Expr, clauses: &[Clause]) -> Flow {
        let v = self.eval(f, x).await;
        for c in clauses {
            if self.clause_matches(c, std::slice::from_ref(&v), f) {
                return self.eval_tail(f, &c.body).await;
            }
        }
        self.throw(value::case_clause(v)).await
    }

    /// `cond do arms end`.
    async fn eval_cond(&self, f: &mut Frame, arms: &[(Expr, Expr)]) -> Flow {
        for (c, body) in arms {
            let v = self.eval(f, c).await;
            if pure::truthy(&v) {
                return self.eval_tail(f, body).await;
            }
        }
        self.throw(value::cond_clause()).await
    }

    /// `[items | tail]`.
    async fn eval_list(&self, f: &mut Frame, items: &[Expr], tail: Option<&Expr>) -> Flow {
        let v = self.eval_all(f, items).await;
        let Some(t) = tail else {
            return Flow::Value(self.sized(Term::list(v)).await);
        };
        match self.eval(f, t).await {
            // `[x | acc]` shares `acc`'s cells (`sim::List`) and its measure: building a
            // list from the front is linear, as on the BEAM.
            Term::List(rest) => match value::cons(v, rest) {
                Ok(list) => Flow::Value(Term::List(list)),
                Err(what) => Flow::Value(self.over_limit(what).await),
            },
            // An improper list: outside the subset (no Term for it).
            other => {
                self.throw(value::limit(&format!(
                    "improper lists are not supported (tail {other})"
                )))
                .await
            }
        }
    }

    /// `"text #{expr} ..."`.
    async fn eval_interp(&self, f: &mut Frame, parts: &[InterpPart]) -> Flow {
        let mut s = Interpolated::new(parts);
        for part in parts {
            match part {
                InterpPart::Text(t) => s.push_str(t),
                InterpPart::Expr(e) => {
                    let v = self.eval(f, e).await;
                    if let Err(e) = s.push_value(&v) {
                        return self.throw(e).await;
                    }
                }
            }
            if s.len() > crate::interp::MAX_VALUE {
                return Flow::Value(self.sized(s.finish()).await);
            }
        }
        Flow::Value(s.finish())
    }

    /// [`Cx::eval_boxed`] of the kinds of expression it does not box apart.
    async fn eval_other(&self, f: &mut Frame, e: &Expr) -> Flow {
        let v = match &e.kind {
            ExprKind::Lit(t) => t.clone(),
            ExprKind::Var(s) => copy(&f[*s as usize]),
            ExprKind::Map(pairs) => {
                let mut kv = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    let k = self.eval(f, k).await;
                    let v = self.eval(f, v).await;
                    kv.push((k, v));
                }
                self.sized(pure::map_from(kv)).await
            }
            ExprKind::MapUpdate(m, pairs) => super::lib::boxed(self.map_update(f, m, pairs)).await,
            ExprKind::Struct(name, fields) => {
                super::lib::boxed(self.make_struct(f, name, fields)).await
            }
            ExprKind::Field(x, key) => {
                let v = self.eval(f, x).await;
                match field(&v, key) {
                    Ok(v) => v,
                    Err(e) => return self.throw(e).await,
                }
            }
            ExprKind::UnOp(op, a) => {
                let v = self.eval(f, a).await;
                match pure::unop(*op, &v) {
                    Ok(v) => v,
                    Err(e) => return self.throw(e).await,
                }
            }
            ExprKind::Try(t) => self.eval_try(f, t).await,
            ExprKind::Fn(lambda) => closure(f, lambda),
            ExprKind::Observe { op, subject, value } => {
                let v = self.eval(f, value).await;
                self.observe(What::Result {
                    op: op.clone(),
                    subject: subject.clone(),
                    value: v.clone(),
                });
                v
            }
            // Boxed apart by `eval_boxed`.
            ExprKind::Call { .. }
            | ExprKind::BinOp(..)
            | ExprKind::Receive(_)
            | ExprKind::With(_)
            | ExprKind::Block(_)
            | ExprKind::Match(..)
            | ExprKind::Case(..)
            | ExprKind::Cond(_)
            | ExprKind::If(..)
            | ExprKind::Tuple(_)
            | ExprKind::List(..)
            | ExprKind::Interp(_) => return self.eval_boxed(f, e).await,
        };
        Flow::Value(v)
    }

    async fn binop(&self, f: &mut Frame, op: BinOp, a: &Expr, b: &Expr) -> Term {
        let l = self.eval(f, a).await;
        match pure::binop_then(op, &l) {
            Then::Left => l,
            Then::Right => self.eval(f, b).await,
            Then::Both => {
                let r = self.eval(f, b).await;
                let v = pure::binop(op, &l, &r);
                self.ok(v).await
            }
            Then::BadBool(name) => self.throw(value::badbool(name, l)).await,
        }
    }

    async fn map_update(&self, f: &mut Frame, m: &Expr, pairs: &[(Expr, Expr)]) -> Term {
        let base = self.eval(f, m).await;
        let old = match base {
            Term::Map(kv) => kv,
            Term::Struct(s) => {
                // `%{s | f: v}` on a struct keeps it a struct.
                let StructValue { name, mut fields } = Rc::unwrap_or_clone(s);
                for (k, v) in pairs {
                    let k = self.eval(f, k).await;
                    let v = self.eval(f, v).await;
                    let Term::Atom(a) = &k else {
                        return self.throw(value::badkey(k)).await;
                    };
                    match fields.iter_mut().find(|(x, _)| x == a) {
                        Some(slot) => slot.1 = v,
                        None => return self.throw(value::badkey(k)).await,
                    }
                }
                return self.sized(Term::new_struct(name, fields)).await;
            }
            other => return self.throw(value::badmap(other)).await,
        };
        let mut kv = old.clone();
        for (k, v) in pairs {
            let k = self.eval(f, k).await;
            let v = self.eval(f, v).await;
            if kv.get(&k).is_none() {
                return self.throw(value::badkey(k)).await;
            }
            kv = kv.insert(k, v);
        }
        self.sized_from(Term::Map(kv), &[Term::Map(old)]).await
    }

    async fn make_struct(
        &self,
        f: &mut Frame,
        name: &sim::Atom,
        fields: &[(sim::Atom, Expr)],
    ) -> Term {
        let module = name
            .as_str()
            .strip_prefix("Elixir.")
            .unwrap_or(name.as_str());
        let Some(mut all) = self.struct_fields(module) else {
            return self
                .throw(value::limit(&format!("unknown struct %{module}{{}}")))
                .await;
        };
        for (k, e) in fields {
            let v = self.eval(f, e).await;
            match all.iter_mut().find(|(x, _)| x == k) {
                Some(slot) => slot.1 = v,
                None => return self.throw(value::badkey(Term::Atom(k.clone()))).await,
            }
        }
        Term::new_struct(name.clone(), all)
    }

    /// The fields of struct `module` with their defaults, if it is one the program or the
    /// library defines.
    pub(crate) fn struct_fields(&self, module: &str) -> Option<Vec<(sim::Atom, Term)>> {
        let known: &[&'static str] = match module {
            "Task" => &["mfa", "owner", "pid", "ref"],
            "Range" => &["first", "last", "step"],
            // 1.14's `%MapSet{map: %{}, version: 2}`.
            "MapSet" => {
                return Some(vec![
                    (sim::Atom::Static("map"), Term::Map(sim::Map::default())),
                    (sim::Atom::Static("version"), Term::Int(2)),
                ]);
            }
            _ => {
                let m = self.m.program.modules.iter().find(|m| &*m.name == module)?;
                return m.struct_fields.clone();
            }
        };
        Some(
            known
                .iter()
                .map(|k| (sim::Atom::Static(k), Term::nil()))
                .collect(),
        )
    }

    // ----- calls -----------------------------------------------------------------------

    /// `module.name(args)`, the module known at run time.
    async fn eval_remote(
        &self,
        f: &mut Frame,
        (m, name): (&Expr, &str),
        args: &[Expr],
        tail: bool,
        label: Option<&str>,
    ) -> Flow {
        let module = self.eval(f, m).await;
        let args = self.eval_all(f, args).await;
        let fun = self.resolved(&module, name, args.len()).await;
        self.call_or_tail(fun, args, tail, label).await
    }

    /// `fun.(args)`.
    async fn eval_dynamic(
        &self,
        f: &mut Frame,
        x: &Expr,
        args: &[Expr],
        tail: bool,
        label: Option<&str>,
    ) -> Flow {
        let v = self.eval(f, x).await;
        let args = self.eval_all(f, args).await;
        let Some(fun) = as_fun(&v) else {
            return self.throw(value::badfun(v)).await;
        };
        if fun.arity() != args.len() {
            return self.throw(value::badarity(v, args)).await;
        }
        self.call_or_tail(fun, args, tail, label).await
    }

    /// A call in tail position becomes a [`Flow::Tail`]; another runs now. A label (the
    /// call's value is bound to one variable) names the first process the function starts.
    async fn call_or_tail(
        &self,
        fun: FunRef,
        args: Vec<Term>,
        tail: bool,
        label: Option<&str>,
    ) -> Flow {
        if let Fun::Builtin { builtin, .. } = &*fun {
            return Flow::Value(self.call_builtin(*builtin, args, label).await);
        }
        self.apply_or_tail(Callee::Fun(fun), args, tail, label)
            .await
    }

    /// [`Cx::call_or_tail`] of a function that is not a builtin (which [`Cx::apply`] would
    /// box apart). Not [`Cx::apply`]'s attempt at once ([`Cx::apply_now`]): a call the
    /// program spells out is already in a box of the evaluator's, and the larger future
    /// the attempt takes cost AsyncExample ~200 instructions a run (it pays off for the
    /// closures the library calls back, `Enum.map`'s).
    async fn apply_or_tail(
        &self,
        fun: Callee,
        args: Vec<Term>,
        tail: bool,
        label: Option<&str>,
    ) -> Flow {
        if tail {
            return Flow::Tail(fun, args);
        }
        match label {
            Some(l) => {
                self.label_next_spawn(l);
                let v = self.apply_later(fun, args).await;
                self.take_label();
                Flow::Value(v)
            }
            None => Flow::Value(self.apply_later(fun, args).await),
        }
    }

    /// [`Cx::resolve`], raising what it fails with: `:undef` names the function it did not
    /// find, for `rescue` (`%UndefinedFunctionError{module: m, function: f, arity: n}`).
    pub(crate) async fn resolved(&self, module: &Term, name: &str, arity: usize) -> FunRef {
        match self.resolve(module, name, arity) {
            Ok(fun) => fun,
            Err(e) if e.value.is_atom("undef") => {
                let origin = Origin::Missing(module.clone(), Term::atom_dyn(name), arity);
                self.raise(e, Some(origin)).await
            }
            Err(e) => self.throw(e).await,
        }
    }

    /// `module.name/arity` at run time: a function of the program, or of the library.
    pub(crate) fn resolve(
        &self,
        module: &Term,
        name: &str,
        arity: usize,
    ) -> Result<FunRef, Exception> {
        let Some(mname) = value::module_name(module) else {
            return Err(value::badarg());
        };
        let prog = &self.m.program;
        if let Some((mi, m)) = prog
            .modules
            .iter()
            .enumerate()
            .find(|(_, m)| *m.name == *mname)
        {
            // Only a `def` is reached by module and name (`apply/3`, `mod.fun()`, an MFA):
            // a `defp` is `:undef` there, even from its own module.
            if let Some(fi) = m
                .functions
                .iter()
                .position(|x| &*x.name == name && x.arity == arity && x.public)
            {
                return Ok(FunRef::new(Fun::Local {
                    module: mi as ir::ModId,
                    function: fi as u32,
                    arity,
                }));
            }
            return Err(value::undef());
        }
        match ir::Builtin::lookup(&mname, name, arity) {
            Some(builtin) => Ok(FunRef::new(Fun::Builtin { builtin, arity })),
            None => Err(value::undef()),
        }
    }

    /// The value of `fun` of `args` had at once, if `fun` is a function of the program or
    /// a closure each of whose clauses has a body [`eval_now`] may make (`fn x -> x * 2
    /// end`, what `Enum.map` calls most), and it does: no future, no box. Nothing it does
    /// has an effect (patterns, guards and such bodies are pure), so `None` leaves the call
    /// to [`Cx::apply_later`]'s future, from the start: a call that raises (no clause
    /// matches, `1 + :a`) raises there, as it always did.
    fn apply_now(&self, fun: &Callee, args: &[Term]) -> Option<Term> {
        let prog = &self.m.program;
        let local = |module: ir::ModId, function: u32| {
            &prog.modules[module as usize].functions[function as usize].clauses
        };
        let (clauses, captures, env): Clauses<'_> = match fun {
            Callee::Local(module, function) => (local(*module, *function), &[], &[]),
            Callee::Fun(f) => match &**f {
                Fun::Local {
                    module, function, ..
                } => (local(*module, *function), &[], &[]),
                Fun::Closure { lambda, env } => (&lambda.clauses, &lambda.captures, env),
                Fun::Builtin { .. } => return None,
            },
        };
        if self.depth.get() >= self.m.max_depth || !clauses.iter().all(|c| may_be_now(&c.body, 0)) {
            return None;
        }
        for c in clauses {
            let mut frame: Frame = vec![Term::nil(); c.frame as usize];
            for ((_, inner), v) in captures.iter().zip(env) {
                if let Some(slot) = frame.get_mut(*inner as usize) {
                    *slot = v.clone();
                }
            }
            if self.clause_matches(c, args, &mut frame) {
                return eval_now(&frame, &c.body, 0);
            }
        }
        None
    }

    /// Calls `fun` with `args` and runs tail calls in place until a value comes back: at
    /// once if it can be ([`Cx::apply_now`]), else as [`Cx::apply_later`] does.
    pub(crate) fn apply(&self, fun: impl Into<Callee>, args: Vec<Term>) -> Applied<'_> {
        let fun = fun.into();
        match self.apply_now(&fun, &args) {
            Some(v) => Applied::Now(Some(v)),
            None => Applied::Later(self.apply_later(fun, args)),
        }
    }

    /// Calls `fun` with `args` and runs tail calls in place until a value comes back, on a
    /// box of its own.
    pub(crate) fn apply_later(&self, fun: Callee, args: Vec<Term>) -> Grow<'_, Term> {
        Grow(Some(Box::pin(async move {
            let depth = self.depth.get();
            if depth >= self.m.max_depth {
                return self.throw(value::limit("call depth")).await;
            }
            self.depth.set(depth + 1);
            let (mut fun, mut args) = (fun, args);
            // One frame for every clause tried and every tail call made: each starts it
            // afresh ([`Cx::run_clauses`]), none allocates its own.
            let mut frame = Frame::new();
            let v = loop {
                // A reduction: a loop of calls ends in the step budget, and lets the other
                // processes run meanwhile (`Proc::reduce`).
                let calls = self.calls.get() + 1;
                self.calls.set(calls % CALL_BATCH);
                if calls == CALL_BATCH && self.p.reduce(CALL_BATCH) {
                    self.p.switch_out().await;
                }
                let flow = match &fun {
                    Callee::Local(module, function) => {
                        self.run_local(*module, *function, &args, &mut frame).await
                    }
                    Callee::Fun(f) => match &**f {
                        Fun::Local {
                            module, function, ..
                        } => self.run_local(*module, *function, &args, &mut frame).await,
                        Fun::Builtin { builtin, .. } => {
                            break self.call_builtin(*builtin, args, None).await;
                        }
                        Fun::Closure { lambda, env } => {
                            let (clauses, captures) = (&lambda.clauses, &lambda.captures);
                            self.run_clauses(clauses, captures, env, &args, None, &mut frame)
                                .await
                        }
                    },
                };
                match flow {
                    Flow::Value(v) => break v,
                    Flow::Tail(f, a) => {
                        fun = f;
                        args = a;
                    }
                }
            };
            self.depth.set(depth);
            v
        })))
    }

    /// Calls function `function` of module `module` of the program.
    async fn run_local(
        &self,
        module: ir::ModId,
        function: u32,
        args: &[Term],
        frame: &mut Frame,
    ) -> Flow {
        let prog = self.m.program.clone();
        let func = &prog.modules[module as usize].functions[function as usize];
        let origin = Some((module, function));
        self.run_clauses(&func.clauses, &[], &[], args, origin, frame)
            .await
    }

    /// Picks the first clause whose patterns and guard take `args` (with the `captured`
    /// values in the slots `captures` gives) and runs its body in `frame`, which it empties
    /// first; raises `:function_clause`, of function `origin` of the program when the
    /// clauses are its (not a `fn`'s).
    async fn run_clauses(
        &self,
        clauses: &[Rc<Clause>],
        captures: &[(ir::Slot, ir::Slot)],
        captured: &[Term],
        args: &[Term],
        origin: Option<(ir::ModId, u32)>,
        frame: &mut Frame,
    ) -> Flow {
        for c in clauses {
            if surely_fails(c, args) {
                continue;
            }
            frame.clear();
            frame.resize(c.frame as usize, Term::nil());
            for ((_, inner), v) in captures.iter().zip(captured) {
                if let Some(slot) = frame.get_mut(*inner as usize) {
                    *slot = v.clone();
                }
            }
            if self.clause_matches(c, args, frame) {
                return self.eval_tail(frame, &c.body).await;
            }
        }
        let origin = origin.map(|(m, fun)| Origin::Program(m, fun));
        self.raise(value::function_clause(), origin).await
    }

    /// What `rescue` binds for an error raised with `value` from `o`: as
    /// `Exception.normalize/3` makes it from the stacktrace's top frame (Elixir 1.14).
    fn normalize_from(&self, value: &Term, o: &Origin) -> Term {
        let clause = value.is_atom("function_clause");
        match o {
            Origin::Program(m, fun) if clause => {
                let module = &self.m.program.modules[*m as usize];
                let func = &module.functions[*fun as usize];
                let name = Term::atom_dyn(&func.name);
                pure::function_clause_error(module.atom.clone(), name, func.arity)
            }
            Origin::Library(b, arity) if clause => {
                let info = b.info();
                let module = match info.module.strip_prefix(':') {
                    Some(erlang) => Term::atom_dyn(erlang),
                    None => Term::atom_dyn(&format!("Elixir.{}", info.module)),
                };
                pure::function_clause_error(module, Term::atom(info.function), *arity)
            }
            // `MapSet`'s functions match `%MapSet{}` in their own clauses.
            Origin::Call(b, args) if clause && b.info().module == "MapSet" => {
                let function = Term::atom(b.info().function);
                pure::function_clause_error(Term::module("MapSet"), function, args.len())
            }
            Origin::Function(module, function, arity) if clause => {
                pure::function_clause_error(Term::atom_dyn(module), Term::atom(function), *arity)
            }
            // `Map.fetch!/2` is `:maps.get/2`, whose frame holds the map: `{:badkey, k}`
            // becomes `%KeyError{key: k, term: map}` (`%{}` and `1..3` alike); so is
            // `Map.replace!/3`'s `:maps.update/3`.
            Origin::Call(ir::Builtin::MapFetchBang | ir::Builtin::MapReplaceBang, args) => {
                match (value.as_tuple(), &args[..]) {
                    (Some([tag, key]), [map, _, ..]) if tag.is_atom("badkey") => {
                        pure::key_error(key.clone(), map.clone())
                    }
                    _ => pure::normalize_error(value),
                }
            }
            // `send/2`'s `:badarg` (OTP 25's error info for `erlang:send/2`).
            Origin::Call(ir::Builtin::Send, _) if value.is_atom("badarg") => {
                pure::error_info(&[(1, "invalid destination")])
            }
            Origin::Call(ir::Builtin::Length, _) if value.is_atom("badarg") => {
                pure::error_info(&[(1, "not a list")])
            }
            Origin::Call(ir::Builtin::ErlangMonotonicTime, _) if value.is_atom("badarg") => {
                pure::error_info(&[(1, "invalid time unit")])
            }
            // The spawning BIFs' (semantics §1.2): each argument of the wrong type.
            Origin::Call(
                ir::Builtin::Spawn | ir::Builtin::SpawnLink | ir::Builtin::SpawnMonitor,
                args,
            ) if value.is_atom("badarg") => {
                let wrong = match &args[..] {
                    [_] => vec![(1, "not a fun")],
                    [m, f, a] => [
                        (!matches!(m, Term::Atom(_))).then_some((1, "not an atom")),
                        (!matches!(f, Term::Atom(_))).then_some((2, "not an atom")),
                        (!matches!(a, Term::List(_))).then_some((3, "not a list")),
                    ]
                    .into_iter()
                    .flatten()
                    .collect(),
                    _ => vec![],
                };
                pure::error_info(&wrong)
            }
            // Any other builtin: its own clause site, or its BIF's error info.
            Origin::Call(b, args) => {
                pure::rescued(*b, args, value).unwrap_or_else(|| pure::normalize_error(value))
            }
            Origin::Missing(module, function, arity) if value.is_atom("undef") => {
                pure::undefined_function_error(module.clone(), function.clone(), *arity, None)
            }
            _ => pure::normalize_error(value),
        }
    }

    /// The patterns of `c` match `args` (binding into `f`) and its guard holds.
    pub(crate) fn clause_matches(&self, c: &Clause, args: &[Term], f: &mut Frame) -> bool {
        c.params.len() == args.len()
            && c.params
                .iter()
                .zip(args)
                .all(|(p, a)| self.match_pat(p, a, f))
            && c.guard.as_ref().is_none_or(|g| self.guard(f, g))
    }

    // ----- patterns and guards ---------------------------------------------------------

    /// Matches `v` against `p`, binding into `f`.
    pub(crate) fn match_pat(&self, p: &Pat, v: &Term, f: &mut Frame) -> bool {
        match p {
            Pat::Wild => true,
            Pat::Bind(s) => {
                f[*s as usize] = v.clone();
                true
            }
            Pat::Same(s) => f[*s as usize] == *v,
            Pat::Lit(t) => t == v,
            Pat::Tuple(ps) => match v {
                Term::Tuple(vs) => {
                    ps.len() == vs.len()
                        && ps
                            .iter()
                            .zip(vs.iter())
                            .all(|(p, v)| self.match_pat(p, v, f))
                }
                _ => false,
            },
            Pat::List(ps, tail) => match v {
                Term::List(vs) => {
                    let enough = match tail {
                        None => vs.len() == ps.len(),
                        Some(_) => vs.len() >= ps.len(),
                    };
                    enough
                        && ps.iter().zip(vs).all(|(p, v)| self.match_pat(p, v, f))
                        && tail.as_ref().is_none_or(|t| {
                            // The tail shares the list's cells: no copy (`sim::List`).
                            self.match_pat(t, &Term::List(vs.skip(ps.len())), f)
                        })
                }
                _ => false,
            },
            Pat::Map(pairs) => match v {
                Term::Map(kv) => pairs
                    .iter()
                    .all(|(k, p)| kv.get(k).is_some_and(|v| self.match_pat(p, v, f))),
                Term::Struct(s) => pairs.iter().all(|(k, p)| {
                    if let Term::Atom(a) = k {
                        if a.as_str() == "__struct__" {
                            return self.match_pat(p, &Term::Atom(s.name.clone()), f);
                        }
                        s.fields
                            .iter()
                            .find(|(x, _)| x == a)
                            .is_some_and(|(_, v)| self.match_pat(p, v, f))
                    } else {
                        false
                    }
                }),
                _ => false,
            },
            Pat::Struct(name, pairs) => match v {
                Term::Struct(s) => {
                    name.as_ref().is_none_or(|x| *x == s.name)
                        && pairs.iter().all(|(k, p)| {
                            s.fields
                                .iter()
                                .find(|(x, _)| x == k)
                                .is_some_and(|(_, v)| self.match_pat(p, v, f))
                        })
                }
                _ => false,
            },
            Pat::StrPrefix(prefix, rest) => match v {
                Term::Str(s) => match s.strip_prefix(&**prefix) {
                    Some(r) => self.match_pat(rest, &Term::str(r), f),
                    None => false,
                },
                _ => false,
            },
            Pat::Both(a, b) => self.match_pat(a, v, f) && self.match_pat(b, v, f),
        }
    }

    /// A guard: true only if it evaluates to `true`; an error in it is `false`.
    pub(crate) fn guard(&self, f: &Frame, g: &Expr) -> bool {
        self.pure_eval(f, g).is_ok_and(|v| v.is_atom("true"))
    }

    /// Evaluates a guard-safe expression without waiting (guards, and constant parts).
    pub(crate) fn pure_eval(&self, f: &Frame, e: &Expr) -> Result<Term, Exception> {
        Ok(match &e.kind {
            ExprKind::Lit(t) => t.clone(),
            ExprKind::Var(s) => f[*s as usize].clone(),
            ExprKind::Tuple(items) => Term::tuple(
                items
                    .iter()
                    .map(|i| self.pure_eval(f, i))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            ExprKind::List(items, None) => Term::List(
                items
                    .iter()
                    .map(|i| self.pure_eval(f, i))
                    .collect::<Result<_, _>>()?,
            ),
            ExprKind::Field(x, key) => field(&self.pure_eval(f, x)?, key)?,
            ExprKind::BinOp(op, a, b) => {
                // Two operands read in place (`when n > 0`): no copy of either is made.
                if let (Some(l), Some(r)) = (in_place(f, a), in_place(f, b)) {
                    return match pure::binop_then(*op, l) {
                        Then::Left => Ok(l.clone()),
                        Then::Right => Ok(r.clone()),
                        Then::Both => pure::binop(*op, l, r),
                        Then::BadBool(name) => Err(value::badbool(name, l.clone())),
                    };
                }
                let l = self.pure_eval(f, a)?;
                match pure::binop_then(*op, &l) {
                    Then::Left => l,
                    Then::Right => self.pure_eval(f, b)?,
                    Then::Both => pure::binop(*op, &l, &self.pure_eval(f, b)?)?,
                    Then::BadBool(name) => return Err(value::badbool(name, l)),
                }
            }
            ExprKind::UnOp(op, a) => pure::unop(*op, &self.pure_eval(f, a)?)?,
            ExprKind::Call {
                target: Target::Builtin(b),
                args,
                ..
            } if b.info().guard => {
                let args: Vec<Term> = args
                    .iter()
                    .map(|a| self.pure_eval(f, a))
                    .collect::<Result<_, _>>()?;
                self.guard_builtin(*b, &args)?
            }
            ExprKind::List(..)
            | ExprKind::Map(_)
            | ExprKind::MapUpdate(..)
            | ExprKind::Struct(..)
            | ExprKind::Block(_)
            | ExprKind::Match(..)
            | ExprKind::Case(..)
            | ExprKind::Cond(_)
            | ExprKind::If(..)
            | ExprKind::Receive(_)
            | ExprKind::Try(_)
            | ExprKind::With(_)
            | ExprKind::Fn(_)
            | ExprKind::Call { .. }
            | ExprKind::Interp(_)
            | ExprKind::Observe { .. } => return Err(value::limit("not a guard expression")),
        })
    }

    /// A builtin allowed in guards (`info().guard`): the pure ones through [`pure::call`];
    /// `self()` and `is_function` need the process and the interpreter's closures
    /// (a test checks that no other guard builtin is left out).
    fn guard_builtin(&self, b: ir::Builtin, args: &[Term]) -> Result<Term, Exception> {
        if let Some(r) = pure::call(b, args) {
            return r;
        }
        if b == ir::Builtin::SelfPid {
            return Ok(Term::Pid(self.p.pid()));
        }
        if b == ir::Builtin::IsFunction {
            return match args {
                [x] => Ok(Term::bool(as_fun(x).is_some())),
                [x, Term::Int(n)] => Ok(Term::bool(
                    as_fun(x).is_some_and(|fun| fun.arity() as i64 == *n),
                )),
                _ => Err(value::badarg()),
            };
        }
        Err(value::badarg())
    }

    // ----- control -----------------------------------------------------------------------

    async fn eval_receive(&self, f: &mut Frame, r: &ir::Receive) -> Flow {
        // A bad `after` time is found only when the receive would wait: a message that
        // matches is taken first (`after 10.0` with one there), as on the VM.
        let mut bad_after = false;
        let timeout = match &r.after {
            None => sim::Timeout::Infinity,
            Some((t, _)) => {
                let t = self.eval(f, t).await;
                value::timeout_of(&t).unwrap_or_else(|| {
                    bad_after = true;
                    sim::Timeout::Ms(0)
                })
            }
        };
        let clauses = &r.clauses;
        let got = {
            let frame = &mut *f;
            self.p
                .receive(timeout, |m| {
                    clauses
                        .iter()
                        .any(|c| self.clause_matches(c, std::slice::from_ref(m), frame))
                })
                .await
        };
        match got {
            Some(msg) => {
                if r.observe {
                    self.observe(What::Received(msg.clone()));
                }
                for c in clauses {
                    if self.clause_matches(c, std::slice::from_ref(&msg), f) {
                        return self.eval_tail(f, &c.body).await;
                    }
                }
                unreachable!("the receive took a message one of its clauses matches")
            }
            None if bad_after => self.throw(value::timeout_value()).await,
            None => {
                if r.observe {
                    self.observe(What::After(timeout));
                }
                match &r.after {
                    Some((_, body)) => self.eval_tail(f, body).await,
                    None => unreachable!("only an `after` ends a receive without a message"),
                }
            }
        }
    }

    async fn eval_with(&self, f: &mut Frame, w: &ir::With) -> Flow {
        for step in &w.steps {
            match step {
                ir::WithStep::Plain(e) => {
                    self.eval(f, e).await;
                }
                ir::WithStep::Bind(p, g, e) => {
                    let v = self.eval(f, e).await;
                    let ok =
                        self.match_pat(p, &v, f) && g.as_ref().is_none_or(|g| self.guard(f, g));
                    if !ok {
                        if w.else_.is_empty() {
                            return Flow::Value(v);
                        }
                        for c in &w.else_ {
                            if self.clause_matches(c, std::slice::from_ref(&v), f) {
                                return self.eval_tail(f, &c.body).await;
                            }
                        }
                        return self.throw(value::with_clause(v)).await;
                    }
                }
            }
        }
        self.eval_tail(f, &w.body).await
    }

    /// `try`: the body under `catch_all`; a caught exception goes to the first `rescue` or
    /// `catch` clause that takes it (observed, when the `try` observes); `after` always runs.
    async fn eval_try(&self, f: &mut Frame, t: &ir::Try) -> Term {
        let outcome = {
            let frame = &mut *f;
            self.p.catch_all(self.try_body(frame, t)).await
        };
        // `after` may raise and rescue exceptions of its own: what goes on up is the body's.
        let origin = self.clause_origin.take();
        if let Some(a) = &t.after {
            self.eval(f, a).await;
        }
        match outcome {
            Ok(v) => v,
            Err(exc) => self.raise(exc, origin.map(|o| *o)).await,
        }
    }

    fn try_body<'a>(&'a self, f: &'a mut Frame, t: &'a ir::Try) -> BoxFut<'a, Term> {
        Box::pin(async move {
            let caught = {
                let frame = &mut *f;
                self.p.catch_all(self.eval(frame, &t.body)).await
            };
            let exc = match caught {
                Ok(v) => {
                    if t.else_.is_empty() {
                        return v;
                    }
                    for c in &t.else_ {
                        if self.clause_matches(c, std::slice::from_ref(&v), f) {
                            return self.eval(f, &c.body).await;
                        }
                    }
                    return self.throw(value::try_clause(v)).await;
                }
                Err(exc) => exc,
            };
            let origin = self.clause_origin.take();
            if exc.class == sim::Class::Error {
                let normal = match &origin {
                    Some(o) => self.normalize_from(&exc.value, o.as_ref()),
                    None => pure::normalize_error(&exc.value),
                };
                for r in &t.rescue {
                    let takes = r.only.is_empty()
                        || matches!(&normal, Term::Struct(s) if r.only.contains(&s.name));
                    if takes {
                        if t.observe {
                            self.observe(What::Caught("rescue", normal.clone()));
                        }
                        if let Some(s) = r.bind {
                            f[s as usize] = normal;
                        }
                        return self.eval(f, &r.body).await;
                    }
                }
            }
            let kind = Term::atom(match exc.class {
                sim::Class::Error => "error",
                sim::Class::Exit => "exit",
                sim::Class::Throw => "throw",
            });
            for c in &t.catch {
                if self.match_pat(&c.kind, &kind, f)
                    && self.match_pat(&c.value, &exc.value, f)
                    && c.guard.as_ref().is_none_or(|g| self.guard(f, g))
                {
                    if t.observe {
                        let how = match exc.class {
                            sim::Class::Error => "catch_error",
                            sim::Class::Exit => "catch_exit",
                            sim::Class::Throw => "catch_throw",
                        };
                        self.observe(What::Caught(how, exc.value.clone()));
                    }
                    return self.eval(f, &c.body).await;
                }
            }
            self.raise(exc, origin.map(|o| *o)).await
        })
    }
}

/// `v.key` (`{:badkey, key, v}` when missing or not a map).
fn field(v: &Term, key: &sim::Atom) -> Result<Term, Exception> {
    let found = match v {
        Term::Map(kv) => kv
            .iter()
            .find(|(k, _)| matches!(k, Term::Atom(a) if a == key))
            .map(|(_, v)| v.clone()),
        Term::Struct(s) => {
            if key.as_str() == "__struct__" {
                Some(Term::Atom(s.name.clone()))
            } else {
                s.fields
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.clone())
            }
        }
        _ => None,
    };
    found.ok_or_else(|| value::badkey3(Term::Atom(key.clone()), v.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The guard builtins that are not pure: `Cx::guard_builtin` answers them itself.
    const GUARDS_NOT_PURE: [ir::Builtin; 2] = [ir::Builtin::SelfPid, ir::Builtin::IsFunction];

    /// A guard may call every builtin the table marks `guard`: each is pure (answered by
    /// `pure::call`) or one of the two the interpreter answers itself. A new guard builtin
    /// that is neither would be `false` in every guard: this test fails first.
    #[test]
    fn every_guard_builtin_has_an_answer() {
        for b in ir::Builtin::ALL.iter().filter(|b| b.info().guard) {
            let args = vec![Term::Int(1); b.info().min_arity];
            assert!(
                pure::call(*b, &args).is_some() || GUARDS_NOT_PURE.contains(b),
                "{b:?} is a guard builtin with no implementation for guards"
            );
        }
    }
}
