//! The library the interpreter implements ([`Builtin`]): one exhaustive dispatch, then a
//! file per area. Pure functions go to [`super::pure`]; the rest act on the process (sending,
//! spawning, waiting) or call closures, so they are `async` methods of [`Cx`]. Anything
//! enumerable, lazy streams included, is enumerated through [`streams`] (`Cx::each`).

mod async_stream;
mod enum_lazy;
mod enums;
mod process;
mod servers;
mod streams;
mod sups;
mod task;

use super::machine::{BoxFut, Cx};
use super::pure;
use super::value::{self, Fun, as_fun};
use crate::ir::Builtin;
use process::{DictOp, SpawnKind};
use sim::{Exception, Term};
use std::future::Future;
use std::rc::Rc;
use sups::SupQuery;

/// Argument `i`, or `default` when the call left it out.
pub(crate) fn arg_or(args: &[Term], i: usize, default: Term) -> Term {
    args.get(i).cloned().unwrap_or(default)
}

/// A keyword list's value for `key` (`None` if absent or `opts` is not a list).
pub(crate) fn kw<'a>(opts: &'a Term, key: &str) -> Option<&'a Term> {
    match opts {
        Term::List(items) => items.iter().find_map(|i| match i.as_tuple() {
            Some([k, v]) if k.is_atom(key) => Some(v),
            _ => None,
        }),
        _ => None,
    }
}

/// `f`, boxed: the arms of [`Cx::call_builtin`] that wait on a large future box it, so
/// that the evaluator's own futures, which hold a `call_builtin` inline, stay small (every
/// expression the evaluator boxes is copied into its box whole: a 2.8 KB `eval_tail` was a
/// tenth of a run's time in `memmove`).
pub(crate) fn boxed<'a, T>(f: impl Future<Output = T> + 'a) -> BoxFut<'a, T> {
    Box::pin(f)
}

impl Cx {
    /// Calls library function `b` with evaluated `args`. `label`: the name of the process it
    /// starts, if it starts one.
    pub(crate) async fn call_builtin(
        &self,
        b: Builtin,
        args: Vec<Term>,
        label: Option<&str>,
    ) -> Term {
        use Builtin as B;
        use enums::WithFun as F;
        // The name of the process it starts: the variable its value is bound to, else the
        // function's (a start_link that registers a name is called by that name instead:
        // [`Cx::start_label`]).
        let spawned = label.or(b.info().spawns).unwrap_or("spawn");
        match b {
            B::SelfPid => Term::Pid(self.p.pid()),
            B::Node => Term::atom("nonode@nohost"),
            B::Spawn => boxed(self.spawn_builtin(SpawnKind::Plain, &args, spawned)).await,
            B::SpawnLink => boxed(self.spawn_builtin(SpawnKind::Link, &args, spawned)).await,
            B::SpawnMonitor => boxed(self.spawn_builtin(SpawnKind::Monitor, &args, spawned)).await,
            B::Send => self.send_builtin(&args).await,
            B::MakeRef => Term::Ref(self.p.make_ref()),
            B::Raise => {
                let e = self.raise_value(&args);
                let e = self.ok(e).await;
                self.p.raise(e).await
            }
            B::Throw => self.p.throw(arg_or(&args, 0, Term::nil())).await,
            B::ErlangError => self.p.error(arg_or(&args, 0, Term::nil())).await,
            B::Exit => self.p.exit(arg_or(&args, 0, Term::nil())).await,
            B::Inspect => Term::str(&self.inspect(&arg_or(&args, 0, Term::nil()))),
            B::Apply => boxed(self.apply_builtin(&args)).await,
            B::IsFunction => match args.as_slice() {
                [x] => Term::bool(as_fun(x).is_some()),
                [x, Term::Int(n)] => Term::bool(as_fun(x).is_some_and(|f| f.arity() as i64 == *n)),
                _ => self.throw(value::badarg()).await,
            },
            B::ProcessSleep | B::TimerSleep => self.sleep_builtin(&args).await,
            B::ProcessSendAfter => boxed(self.send_after(&args)).await,
            B::ProcessCancelTimer => self.cancel_timer(&args).await,
            B::ProcessMonitor => self.monitor_builtin(&args).await,
            B::ProcessDemonitor => self.demonitor_builtin(&args).await,
            B::ProcessLink => self.link_builtin(&args, true).await,
            B::ProcessUnlink => self.link_builtin(&args, false).await,
            B::ProcessFlag => self.flag_builtin(&args).await,
            B::ProcessExit => self.exit_signal_builtin(&args).await,
            B::ProcessAlive => self.alive_builtin(&args).await,
            B::ProcessWhereis => self.whereis_builtin(&args).await,
            B::ProcessRegister => boxed(self.register_builtin(&args)).await,
            B::ProcessUnregister => self.unregister_builtin(&args).await,
            B::ProcLibInitialCall => match args.first() {
                Some(Term::Pid(pid)) => model::proc_lib::initial_call(&self.p, *pid),
                _ => self.throw(value::badarg()).await,
            },
            B::GlobalWhereisName => {
                let pid = self.p.whereis_global(&arg_or(&args, 0, Term::nil()));
                pid.map_or_else(|| Term::atom("undefined"), Term::Pid)
            }
            B::ProcessInfo => self.info_builtin(&args).await,
            B::ProcessPut => self.dict_builtin(DictOp::Put, &args).await,
            B::ProcessGet => self.dict_builtin(DictOp::Get, &args).await,
            B::ProcessDelete => self.dict_builtin(DictOp::Delete, &args).await,
            B::ProcessSend => {
                self.send_builtin(&args[..2.min(args.len())]).await;
                Term::atom("ok")
            }
            B::AccessGet => {
                let (c, k) = (arg_or(&args, 0, Term::nil()), arg_or(&args, 1, Term::nil()));
                let default = arg_or(&args, 2, Term::nil());
                match &c {
                    Term::Map(kv) => kv
                        .iter()
                        .find(|(x, _)| *x == k)
                        .map_or(default, |(_, v)| v.clone()),
                    Term::List(items) => items
                        .iter()
                        .find_map(|i| match i.as_tuple() {
                            Some([x, v]) if *x == k => Some(v.clone()),
                            _ => None,
                        })
                        .unwrap_or(default),
                    t if t.is_atom("nil") => default,
                    _ => self.throw(value::undef()).await,
                }
            }
            B::IoPuts => boxed(self.io_puts(&args)).await,
            B::IoInspect => boxed(self.io_inspect(&args)).await,

            B::TaskAsync => boxed(self.task_async(&args, spawned)).await,
            B::TaskAwait => boxed(self.task_await(&args)).await,
            B::TaskYield => boxed(self.task_yield(&args)).await,
            B::TaskYieldMany => boxed(self.task_yield_many(&args)).await,
            B::TaskAwaitMany => boxed(self.task_await_many(&args)).await,
            B::TaskShutdown => boxed(self.task_shutdown(&args)).await,
            B::TaskIgnore => boxed(self.task_ignore(&args)).await,
            B::TaskStart | B::TaskStartLink => boxed(self.task_start(b, &args, spawned)).await,
            B::TaskCompleted => self.task_completed(&args).await,
            B::TaskAsyncStream => boxed(self.async_stream(None, &args, spawned)).await,
            B::TaskSupAsyncStream => {
                let link = Some(model::task_stream::LinkType::Link);
                boxed(self.async_stream(link, &args, spawned)).await
            }
            B::TaskSupAsyncStreamNolink => {
                let link = Some(model::task_stream::LinkType::NoLink);
                boxed(self.async_stream(link, &args, spawned)).await
            }
            B::StreamRun => boxed(self.stream_run(&args)).await,
            B::StreamMap => boxed(self.stream_with_fun(&args, None)).await,
            B::StreamFilter => boxed(self.stream_with_fun(&args, Some(true))).await,
            B::StreamReject => boxed(self.stream_with_fun(&args, Some(false))).await,
            B::StreamTake => boxed(self.stream_take(&args)).await,
            B::TaskChildSpec => task::task_child_spec(&arg_or(&args, 0, Term::nil())),
            B::TaskSupStartLink => boxed(self.task_sup_start_link(&args, label)).await,
            B::TaskSupStartChild => boxed(self.task_sup_start_child(&args, spawned)).await,
            B::TaskSupAsync | B::TaskSupAsyncNolink => {
                boxed(self.task_sup_async(b, &args, spawned)).await
            }
            B::TaskSupChildren => boxed(self.task_sup_children(&args)).await,
            B::TaskSupTerminateChild => boxed(self.task_sup_terminate_child(&args)).await,
            B::TaskSupChildSpec => sups::task_sup_child_spec(&arg_or(&args, 0, Term::list(vec![]))),

            B::SupStartLink => boxed(self.sup_start_link(&args, label)).await,
            B::SupInit => boxed(self.sup_init(&args)).await,
            B::SupStartChild => boxed(self.sup_start_child(&args, false, None)).await,
            // `{:ok, alice} = DynamicSupervisor.start_child(..)` names the child `alice`.
            B::DynStartChild => boxed(self.sup_start_child(&args, true, label)).await,
            B::SupWhichChildren => boxed(self.sup_query(SupQuery::Which, &args)).await,
            B::DynWhichChildren => boxed(self.sup_query(SupQuery::DynWhich, &args)).await,
            B::SupCountChildren => boxed(self.sup_query(SupQuery::Count, &args)).await,
            B::DynCountChildren => boxed(self.sup_query(SupQuery::DynCount, &args)).await,
            B::SupTerminateChild => boxed(self.sup_query(SupQuery::Terminate, &args)).await,
            B::SupRestartChild => boxed(self.sup_query(SupQuery::Restart, &args)).await,
            B::SupDeleteChild => boxed(self.sup_query(SupQuery::Delete, &args)).await,
            B::DynTerminateChild => boxed(self.sup_query(SupQuery::DynTerminate, &args)).await,
            B::SupStop | B::DynStop | B::GenStop => boxed(self.server_stop(&args)).await,
            B::SupChildSpec => boxed(self.sup_child_spec(&args)).await,
            B::DynStartLink => boxed(self.dyn_start_link(&args, label)).await,
            B::DynInit => self.dyn_init(&args).await,

            B::GenStartLink | B::GenStart => boxed(self.gen_start(b, &args, label)).await,
            B::GenCall => boxed(self.gen_call(&args)).await,
            B::GenCast => boxed(self.gen_cast(&args)).await,
            B::GenReply => boxed(self.gen_reply(&args)).await,
            B::GenWhereis => match args.first() {
                Some(Term::Pid(pid)) => Term::Pid(*pid),
                Some(t) => {
                    let name = self.name_of(t).await;
                    name.whereis(&self.p).map_or_else(Term::nil, Term::Pid)
                }
                None => self.throw(value::badarg()).await,
            },

            B::EnumMap => boxed(self.enum_with_fun(F::Map, args)).await,
            B::EnumEach => boxed(self.enum_with_fun(F::Each, args)).await,
            B::EnumReduce => boxed(self.enum_with_fun(F::Reduce, args)).await,
            B::EnumReduceWhile => boxed(self.enum_with_fun(F::ReduceWhile, args)).await,
            B::EnumFilter => boxed(self.enum_with_fun(F::Filter, args)).await,
            B::EnumReject => boxed(self.enum_with_fun(F::Reject, args)).await,
            B::EnumSortBy => boxed(self.enum_with_fun(F::SortBy, args)).await,
            B::EnumMapJoin => boxed(self.enum_with_fun(F::MapJoin, args)).await,
            B::EnumFind => boxed(self.enum_with_fun(F::Find, args)).await,
            B::EnumFlatMap => boxed(self.enum_with_fun(F::FlatMap, args)).await,
            B::EnumGroupBy => boxed(self.enum_with_fun(F::GroupBy, args)).await,
            B::EnumSplitWith => boxed(self.enum_with_fun(F::SplitWith, args)).await,
            B::ListFoldl => boxed(self.enum_with_fun(F::Foldl, args)).await,
            B::ListFoldr => boxed(self.enum_with_fun(F::Foldr, args)).await,
            B::MapUpdate => boxed(self.enum_with_fun(F::MapUpdate, args)).await,
            B::MapUpdateBang => boxed(self.enum_with_fun(F::MapUpdateBang, args)).await,
            // With a function argument these call it; without, they are pure.
            B::EnumCount => boxed(self.maybe_with_fun(b, F::Count, args)).await,
            B::EnumAll => boxed(self.maybe_with_fun(b, F::All, args)).await,
            B::EnumAny => boxed(self.maybe_with_fun(b, F::Any, args)).await,
            B::EnumSort => boxed(self.maybe_with_fun(b, F::Sort, args)).await,
            B::EnumWithIndex => boxed(self.maybe_with_fun(b, F::WithIndex, args)).await,
            B::EnumInto => boxed(self.maybe_with_fun(b, F::Into, args)).await,
            B::MapNew => boxed(self.maybe_with_fun(b, F::MapNew, args)).await,

            B::ToString
            | B::Elem
            | B::PutElem
            | B::TupleSize
            | B::MapSize
            | B::ByteSize
            | B::Length
            | B::Hd
            | B::Tl
            | B::Abs
            | B::Div
            | B::Rem
            | B::Max
            | B::Min
            | B::IsAtom
            | B::IsBinary
            | B::IsBoolean
            | B::IsInteger
            | B::IsList
            | B::IsMap
            | B::IsNil
            | B::IsNumber
            | B::IsPid
            | B::IsReference
            | B::IsTuple
            | B::IsStruct
            | B::EnumZip
            | B::EnumReverse
            | B::EnumSum
            | B::EnumMax
            | B::EnumMin
            | B::EnumJoin
            | B::EnumToList
            | B::EnumTake
            | B::EnumDrop
            | B::EnumAt
            | B::EnumMember
            | B::EnumEmpty
            | B::EnumUniq
            | B::EnumConcat
            | B::EnumUnzip
            | B::ListFirst
            | B::ListLast
            | B::ListDuplicate
            | B::ListFlatten
            | B::ListDelete
            | B::ListWrap
            | B::ListKeyfind
            | B::MapGet
            | B::MapPut
            | B::MapFetch
            | B::MapFetchBang
            | B::MapKeys
            | B::MapValues
            | B::MapHasKey
            | B::MapMerge
            | B::MapDelete
            | B::MapToList
            | B::KeywordGet
            | B::KeywordPut
            | B::KeywordFetch
            | B::KeywordHasKey
            | B::KeywordDelete
            | B::KeywordMerge
            | B::StringLength
            | B::StringUpcase
            | B::StringDowncase
            | B::StringDuplicate
            | B::StringToAtom
            | B::StringToInteger
            | B::StringContains
            | B::StringStartsWith
            | B::StringSplit
            | B::StringTrim
            | B::IntegerToString
            | B::AtomToString
            | B::TupleToList => self.pure_or_stream(b, args).await,
        }
    }

    /// `b` calls its function argument if it has one; else it is pure.
    async fn maybe_with_fun(&self, b: Builtin, f: enums::WithFun, args: Vec<Term>) -> Term {
        if args.iter().any(|a| as_fun(a).is_some()) {
            self.enum_with_fun(f, args).await
        } else {
            self.pure_or_stream(b, args).await
        }
    }

    /// A pure builtin, unless a stream is among its enumerables: then it enumerates it
    /// ([`enum_lazy`]).
    async fn pure_or_stream(&self, b: Builtin, args: Vec<Term>) -> Term {
        if enum_lazy::has_stream(b, &args) {
            return boxed(self.enum_over_stream(b, args)).await;
        }
        self.pure(b, &args).await
    }

    async fn pure(&self, b: Builtin, args: &[Term]) -> Term {
        match pure::call(b, args) {
            Some(Ok(v)) => v,
            Some(Err(e)) => self.throw(e).await,
            None => {
                self.throw(value::limit(&format!("{} is not implemented", b.name())))
                    .await
            }
        }
    }

    /// `apply(fun, args)` / `apply(module, fun, args)`.
    async fn apply_builtin(&self, args: &[Term]) -> Term {
        let (fun, list) = match args {
            [f, Term::List(a)] => match as_fun(f) {
                Some(fun) if fun.arity() == a.len() => (fun, a.clone()),
                Some(_) => return self.throw(value::badarity(f.clone(), a.clone())).await,
                None => return self.throw(value::badfun(f.clone())).await,
            },
            [m, Term::Atom(name), Term::List(a)] => {
                let fun = self.resolve(m, name.as_str(), a.len());
                (self.ok(fun).await, a.clone())
            }
            _ => return self.throw(value::badarg()).await,
        };
        self.apply(fun, list).await
    }

    /// A function and its arguments from `(fun)` or `(module, function, args)`, as `spawn`,
    /// `Task.async` and friends take them.
    pub(crate) async fn fun_and_args(&self, args: &[Term]) -> (Rc<Fun>, Vec<Term>) {
        match args {
            [f] | [f, _] if as_fun(f).is_some() => {
                let fun = as_fun(f).expect("checked");
                if fun.arity() != 0 {
                    return self.throw(value::badarity(f.clone(), vec![])).await;
                }
                (fun, vec![])
            }
            [m, Term::Atom(name), Term::List(a), ..] => {
                let fun = self.resolve(m, name.as_str(), a.len());
                (self.ok(fun).await, a.clone())
            }
            [f, ..] => self.throw(value::badfun(f.clone())).await,
            [] => self.throw(value::badarg()).await,
        }
    }

    /// What `raise` raises: `raise "msg"` a `RuntimeError`, `raise Mod` / `raise Mod, msg`
    /// / `raise Mod, fields` the exception struct, `raise %Exc{}` itself.
    fn raise_value(&self, args: &[Term]) -> Result<Term, Exception> {
        match args {
            [Term::Str(msg)] => Ok(Term::runtime_error(msg)),
            [s @ Term::Struct(..)] => Ok(s.clone()),
            [m @ Term::Atom(_)] => exception_of(m, &Term::list(vec![])),
            [m @ Term::Atom(_), Term::Str(msg)] => exception_of(
                m,
                &Term::list(vec![Term::tuple([
                    Term::atom("message"),
                    Term::Str(msg.clone()),
                ])]),
            ),
            [m @ Term::Atom(_), opts @ Term::List(_)] => exception_of(m, opts),
            _ => Err(value::badarg()),
        }
    }

    /// `inspect(v)`: pids and task references by their names in this run (`#PID<main.t>`).
    pub(crate) fn inspect(&self, v: &Term) -> String {
        self.m.rec(|r| r.named(v).to_string())
    }
}

/// What a start_link's process is called: the variable its value is bound to (`binding`),
/// else the name it registers (`name: MySup` ⇒ `MySup`), else the function's name.
fn start_label(binding: Option<&str>, registered: Option<&str>, function: &str) -> String {
    binding
        .or_else(|| registered.map(|n| n.strip_prefix("Elixir.").unwrap_or(n)))
        .unwrap_or(function)
        .to_string()
}

/// `Mod.exception(opts)` for the library's exceptions.
fn exception_of(m: &Term, opts: &Term) -> Result<Term, Exception> {
    let Some(name) = value::module_name(m) else {
        return Err(value::badarg());
    };
    let msg = |default: &str| {
        kw(opts, "message")
            .cloned()
            .unwrap_or_else(|| Term::str(default))
    };
    let fields: Vec<(&'static str, Term)> = match name.as_str() {
        "RuntimeError" => vec![("message", msg("runtime error"))],
        "ArgumentError" => vec![("message", msg("argument error"))],
        "ArithmeticError" => vec![("message", msg("bad argument in arithmetic expression"))],
        "KeyError" => vec![
            ("key", kw(opts, "key").cloned().unwrap_or_else(Term::nil)),
            ("term", kw(opts, "term").cloned().unwrap_or_else(Term::nil)),
            (
                "message",
                kw(opts, "message").cloned().unwrap_or_else(Term::nil),
            ),
        ],
        "MatchError" => vec![("term", kw(opts, "term").cloned().unwrap_or_else(Term::nil))],
        _ => {
            return Err(value::limit(&format!(
                "raise {name}: only the library's exceptions are supported"
            )));
        }
    };
    Ok(Term::struct_(&name, fields))
}

#[cfg(test)]
mod stream_tests;
#[cfg(test)]
mod sup_tests;
