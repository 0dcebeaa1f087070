//! Lazy enumerables and how every enumerable is enumerated.
//!
//! `Task.async_stream`, `Task.Supervisor.async_stream(_nolink)` ([`super::async_stream`]) and
//! `Stream.map/filter/reject/take` over any enumerable are values ([`Lazy`]); nothing runs
//! until something enumerates them, and then it runs in the enumerating process, as
//! `Enumerable.reduce/3` does on the VM.
//!
//! Every `Enum` function is written once, over [`Cx::each`]: its function runs with each
//! element as the enumerable delivers it, and may halt (`Enum.take`, `Enum.find`, ...). A
//! list, map or range delivers its elements at once; an async stream as its tasks finish
//! (the model calls the step between the stream's receives, SEMANTICS §2.10), and a halt
//! kills the tasks still running.
//!
//! Two enumerations at once (`Enum.zip`, an async stream whose input is a stream) pull
//! ([`Puller`]): an enumerable's reduction runs as a coroutine of the process, suspended
//! after each element (Elixir's `{:suspend, acc}`), resumed or halted by the next pull. Only
//! one of them is ever polled at a time, so the kernel sees one process blocked in one place.

use super::super::machine::{BoxFut, Cx};
use super::super::pure;
use super::super::value::FunRef;
use super::async_stream::AsyncStream;
use model::task_stream::Step;
use sim::{Opaque, Term};
use std::cell::{Cell, RefCell};
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// A lazy enumerable (a `Term::Opaque`).
pub(crate) enum Lazy {
    /// `Task.async_stream`, `Task.Supervisor.async_stream(_nolink)`.
    Async(AsyncStream),
    /// `Stream.map(source, fun)`.
    Map(Term, FunRef),
    /// `Stream.filter(source, fun)` (`true`) / `Stream.reject` (`false`).
    Filter(Term, FunRef, bool),
    /// `Stream.take(source, n)`, `n > 0`: halts its source after the n-th element.
    Take(Term, usize),
    /// `Stream.take(_, 0)`: 1.14's `%Stream{enum: []}`, its source forgotten.
    Empty,
}

impl Lazy {
    /// As a term (it prints as `#Opaque<Stream>`).
    pub(crate) fn into_term(self) -> Term {
        Term::Opaque(Opaque::new("Stream", self))
    }
}

/// `t` as a lazy enumerable, if it is one.
pub(crate) fn lazy_of(t: &Term) -> Option<&Lazy> {
    match t {
        Term::Opaque(o) => o.downcast::<Lazy>(),
        _ => None,
    }
}

/// True if `t` is a lazy enumerable.
pub(crate) fn is_lazy(t: &Term) -> bool {
    lazy_of(t).is_some()
}

/// What `Enumerable.reduce/3`'s function is: given each element, it says whether to go on.
pub(crate) trait Reducer {
    /// One element.
    fn step(&mut self, x: Term) -> BoxFut<'_, Step>;
}

/// An async closure as a [`Reducer`].
pub(crate) struct FnReducer<F>(pub F);

impl<F: AsyncFnMut(Term) -> Step> Reducer for FnReducer<F> {
    fn step(&mut self, x: Term) -> BoxFut<'_, Step> {
        Box::pin((self.0)(x))
    }
}

impl Cx {
    /// `Enumerable.reduce(t, {:cont, acc}, f)`: `f` gets each element of `t` in turn, here,
    /// until it answers [`Step::Halt`] or `t` is done. `t` not enumerable raises
    /// `Protocol.UndefinedError`.
    pub(crate) async fn each(&self, t: &Term, mut f: impl AsyncFnMut(Term) -> Step) {
        if lazy_of(t).is_some() {
            return self.reduce_enum(t, &mut FnReducer(f)).await;
        }
        // A range: one element at a time, never listed (`Enum.find(1..10_000_000_000, f)`
        // stops where `f` does, as on the VM). Past a million elements not halted, the
        // size limit that listing it would have met.
        if let Some((first, last, step)) = pure::range_bounds(t).filter(|r| r.2 != 0) {
            let (mut x, last, step) = (first as i128, last as i128, step as i128);
            let mut n = 0;
            while (step > 0 && x <= last) || (step < 0 && x >= last) {
                n += 1;
                self.ok(pure::check_elements(n)).await;
                if f(Term::Int(x as i64)).await == Step::Halt {
                    return;
                }
                x += step;
            }
            return;
        }
        // A list or map: straight through, nothing boxed per element.
        let items = pure::enumerate(t);
        for x in self.ok(items).await {
            if f(x).await == Step::Halt {
                return;
            }
        }
    }

    /// The elements of `t`, enumerated to the end.
    pub(crate) async fn to_vec(&self, t: &Term) -> Vec<Term> {
        if lazy_of(t).is_none() {
            let r = pure::enumerate(t);
            return self.ok(r).await;
        }
        let mut out = Vec::new();
        self.each(t, async |x| {
            out.push(x);
            Step::Cont
        })
        .await;
        out
    }

    /// [`Cx::each`] with a [`Reducer`] (the form lazy enumerables nest by).
    pub(crate) fn reduce_enum<'a>(&'a self, t: &'a Term, r: &'a mut dyn Reducer) -> BoxFut<'a, ()> {
        Box::pin(async move {
            let Some(lazy) = lazy_of(t) else {
                return self.each(t, async |x| r.step(x).await).await;
            };
            match lazy {
                Lazy::Async(s) => self.reduce_async(s, r).await,
                Lazy::Map(source, f) => {
                    let mut map = FnReducer(async |x| {
                        let v = self.apply(f.clone(), vec![x]).await;
                        r.step(v).await
                    });
                    self.reduce_enum(source, &mut map).await;
                }
                Lazy::Filter(source, f, keep) => {
                    let mut filter = FnReducer(async |x: Term| {
                        let t = self.apply(f.clone(), vec![x.clone()]).await;
                        if pure::truthy(&t) == *keep {
                            r.step(x).await
                        } else {
                            Step::Cont
                        }
                    });
                    self.reduce_enum(source, &mut filter).await;
                }
                Lazy::Take(source, n) => {
                    let mut left = *n;
                    let mut take = FnReducer(async |x| {
                        left -= 1;
                        match r.step(x).await {
                            Step::Cont if left > 0 => Step::Cont,
                            _ => Step::Halt,
                        }
                    });
                    self.reduce_enum(source, &mut take).await;
                }
                Lazy::Empty => {}
            }
        })
    }

    /// `Enumerable.reduce(t, {:halt, acc}, _)`: `t` told to stop before its first element.
    /// Only an async stream does something (it starts and stops its intermediate process);
    /// a `Stream` passes the halt on to its source.
    pub(crate) fn halt_unstarted<'a>(&'a self, t: &'a Term) -> BoxFut<'a, ()> {
        Box::pin(async move {
            match lazy_of(t) {
                None | Some(Lazy::Empty) => {}
                Some(Lazy::Async(s)) => self.halt_async(s).await,
                Some(Lazy::Map(source, _) | Lazy::Filter(source, ..) | Lazy::Take(source, _)) => {
                    self.halt_unstarted(source).await
                }
            }
        })
    }
}

/// The channel between a [`Puller`] and the reduction it drives.
#[derive(Default)]
struct Chan {
    /// The element the reduction just delivered.
    item: RefCell<Option<Term>>,
    /// The puller's answer to it: go on (the next pull) or halt.
    answer: Cell<Option<Step>>,
}

/// The reducer of a pulled enumeration: it hands each element over and suspends until the
/// next pull or halt answers.
struct Suspending(Rc<Chan>);

impl Reducer for Suspending {
    fn step(&mut self, x: Term) -> BoxFut<'_, Step> {
        *self.0.item.borrow_mut() = Some(x);
        Box::pin(Suspended(self.0.clone()))
    }
}

/// Pending until the puller answers.
struct Suspended(Rc<Chan>);

impl Future for Suspended {
    type Output = Step;
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Step> {
        match self.0.answer.take() {
            Some(step) => Poll::Ready(step),
            None => Poll::Pending,
        }
    }
}

enum PullState<'a> {
    Unstarted,
    Running(BoxFut<'a, ()>),
    Done,
}

/// An enumerable pulled one element at a time (`next = &Enumerable.reduce(enum, &1, fn x, acc
/// -> {:suspend, [x | acc]} end)` in Elixir's `Stream.zip` and `Task.Supervised.stream/7`).
pub(crate) struct Puller<'a> {
    cx: &'a Cx,
    source: Term,
    chan: Rc<Chan>,
    state: PullState<'a>,
}

impl<'a> Puller<'a> {
    /// `source`, not pulled from yet.
    pub(crate) fn new(cx: &'a Cx, source: Term) -> Puller<'a> {
        Puller {
            cx,
            source,
            chan: Rc::default(),
            state: PullState::Unstarted,
        }
    }

    /// `next.({:cont, []})`: the next element, or `None` once the enumerable is done.
    pub(crate) async fn next(&mut self) -> Option<Term> {
        match &self.state {
            PullState::Done => return None,
            PullState::Unstarted => {
                let (cx, source, chan) = (self.cx, self.source.clone(), self.chan.clone());
                self.state = PullState::Running(Box::pin(async move {
                    cx.reduce_enum(&source, &mut Suspending(chan)).await;
                }));
            }
            PullState::Running(_) => self.chan.answer.set(Some(Step::Cont)),
        }
        self.resume().await
    }

    /// `next.({:halt, []})`: the enumeration stops here (an unstarted one is told to halt
    /// before its first element, [`Cx::halt_unstarted`]).
    pub(crate) async fn halt(&mut self) {
        match std::mem::replace(&mut self.state, PullState::Done) {
            PullState::Done => {}
            PullState::Unstarted => self.cx.halt_unstarted(&self.source).await,
            running @ PullState::Running(_) => {
                self.state = running;
                self.chan.answer.set(Some(Step::Halt));
                let more = self.resume().await;
                debug_assert!(more.is_none(), "a halted reduction delivers nothing");
            }
        }
    }

    /// Polls the reduction until it delivers an element (then it is suspended) or ends;
    /// in between it blocks the process where the reduction blocks.
    async fn resume(&mut self) -> Option<Term> {
        poll_fn(|cx| {
            let PullState::Running(fut) = &mut self.state else {
                return Poll::Ready(None);
            };
            let ended = fut.as_mut().poll(cx).is_ready();
            if let Some(x) = self.chan.item.borrow_mut().take() {
                return Poll::Ready(Some(x));
            }
            if ended {
                self.state = PullState::Done;
                return Poll::Ready(None);
            }
            Poll::Pending
        })
        .await
    }
}
