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

use super::machine::Cx;
use super::pure;
use super::value::{self, Fun, as_fun};
use crate::ir::Builtin;
use process::{DictOp, SpawnKind};
use sim::{Exception, Term};
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
            B::Spawn => self.spawn_builtin(SpawnKind::Plain, &args, spawned).await,
            B::SpawnLink => self.spawn_builtin(SpawnKind::Link, &args, spawned).await,
            B::SpawnMonitor => self.spawn_builtin(SpawnKind::Monitor, &args, spawned).await,
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
            B::Apply => self.apply_builtin(&args).await,
            B::IsFunction => match args.as_slice() {
                [x] => Term::bool(as_fun(x).is_some()),
                [x, Term::Int(n)] => Term::bool(as_fun(x).is_some_and(|f| f.arity() as i64 == *n)),
                _ => self.throw(value::badarg()).await,
            },
            B::ProcessSleep | B::TimerSleep => self.sleep_builtin(&args).await,
            B::ProcessSendAfter => self.send_after(&args).await,
            B::ProcessCancelTimer => self.cancel_timer(&args).await,
            B::ProcessMonitor => self.monitor_builtin(&args).await,
            B::ProcessDemonitor => self.demonitor_builtin(&args).await,
            B::ProcessLink => self.link_builtin(&args, true).await,
            B::ProcessUnlink => self.link_builtin(&args, false).await,
            B::ProcessFlag => self.flag_builtin(&args).await,
            B::ProcessExit => self.exit_signal_builtin(&args).await,
            B::ProcessAlive => self.alive_builtin(&args).await,
            B::ProcessWhereis => self.whereis_builtin(&args).await,
            B::ProcessRegister => self.register_builtin(&args).await,
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
            B::IoPuts => self.io_puts(&args).await,
            B::IoInspect => self.io_inspect(&args).await,

            B::TaskAsync => self.task_async(&args, spawned).await,
            B::TaskAwait => self.task_await(&args).await,
            B::TaskYield => self.task_yield(&args).await,
            B::TaskYieldMany => self.task_yield_many(&args).await,
            B::TaskAwaitMany => self.task_await_many(&args).await,
            B::TaskShutdown => self.task_shutdown(&args).await,
            B::TaskIgnore => self.task_ignore(&args).await,
            B::TaskStart | B::TaskStartLink => self.task_start(b, &args, spawned).await,
            B::TaskCompleted => self.task_completed(&args).await,
            B::TaskAsyncStream => self.async_stream(None, &args, spawned).await,
            B::TaskSupAsyncStream => {
                let link = Some(model::task_stream::LinkType::Link);
                self.async_stream(link, &args, spawned).await
            }
            B::TaskSupAsyncStreamNolink => {
                let link = Some(model::task_stream::LinkType::NoLink);
                self.async_stream(link, &args, spawned).await
            }
            B::StreamRun => self.stream_run(&args).await,
            B::StreamMap => self.stream_with_fun(&args, None).await,
            B::StreamFilter => self.stream_with_fun(&args, Some(true)).await,
            B::StreamReject => self.stream_with_fun(&args, Some(false)).await,
            B::StreamTake => self.stream_take(&args).await,
            B::TaskChildSpec => task::task_child_spec(&arg_or(&args, 0, Term::nil())),
            B::TaskSupStartLink => self.task_sup_start_link(&args, label).await,
            B::TaskSupStartChild => self.task_sup_start_child(&args, spawned).await,
            B::TaskSupAsync | B::TaskSupAsyncNolink => self.task_sup_async(b, &args, spawned).await,
            B::TaskSupChildren => self.task_sup_children(&args).await,
            B::TaskSupTerminateChild => self.task_sup_terminate_child(&args).await,
            B::TaskSupChildSpec => sups::task_sup_child_spec(&arg_or(&args, 0, Term::list(vec![]))),

            B::SupStartLink => self.sup_start_link(&args, label).await,
            B::SupInit => self.sup_init(&args).await,
            B::SupStartChild => self.sup_start_child(&args, false, None).await,
            // `{:ok, alice} = DynamicSupervisor.start_child(..)` names the child `alice`.
            B::DynStartChild => self.sup_start_child(&args, true, label).await,
            B::SupWhichChildren => self.sup_query(SupQuery::Which, &args).await,
            B::DynWhichChildren => self.sup_query(SupQuery::DynWhich, &args).await,
            B::SupCountChildren => self.sup_query(SupQuery::Count, &args).await,
            B::DynCountChildren => self.sup_query(SupQuery::DynCount, &args).await,
            B::SupTerminateChild => self.sup_query(SupQuery::Terminate, &args).await,
            B::SupRestartChild => self.sup_query(SupQuery::Restart, &args).await,
            B::SupDeleteChild => self.sup_query(SupQuery::Delete, &args).await,
            B::DynTerminateChild => self.sup_query(SupQuery::DynTerminate, &args).await,
            B::SupStop | B::DynStop | B::GenStop => self.server_stop(&args).await,
            B::SupChildSpec => self.sup_child_spec(&args).await,
            B::DynStartLink => self.dyn_start_link(&args, label).await,
            B::DynInit => self.dyn_init(&args).await,

            B::GenStartLink | B::GenStart => self.gen_start(b, &args, label).await,
            B::GenCall => self.gen_call(&args).await,
            B::GenCast => self.gen_cast(&args).await,
            B::GenReply => self.gen_reply(&args).await,
            B::GenWhereis => match args.first() {
                Some(Term::Pid(pid)) => Term::Pid(*pid),
                Some(t) => {
                    let name = self.name_of(t).await;
                    name.whereis(&self.p).map_or_else(Term::nil, Term::Pid)
                }
                None => self.throw(value::badarg()).await,
            },

            B::EnumMap => self.enum_with_fun(F::Map, args).await,
            B::EnumEach => self.enum_with_fun(F::Each, args).await,
            B::EnumReduce => self.enum_with_fun(F::Reduce, args).await,
            B::EnumReduceWhile => self.enum_with_fun(F::ReduceWhile, args).await,
            B::EnumFilter => self.enum_with_fun(F::Filter, args).await,
            B::EnumReject => self.enum_with_fun(F::Reject, args).await,
            B::EnumSortBy => self.enum_with_fun(F::SortBy, args).await,
            B::EnumMapJoin => self.enum_with_fun(F::MapJoin, args).await,
            B::EnumFind => self.enum_with_fun(F::Find, args).await,
            B::EnumFlatMap => self.enum_with_fun(F::FlatMap, args).await,
            B::EnumGroupBy => self.enum_with_fun(F::GroupBy, args).await,
            B::EnumSplitWith => self.enum_with_fun(F::SplitWith, args).await,
            B::ListFoldl => self.enum_with_fun(F::Foldl, args).await,
            B::ListFoldr => self.enum_with_fun(F::Foldr, args).await,
            B::MapUpdate => self.enum_with_fun(F::MapUpdate, args).await,
            B::MapUpdateBang => self.enum_with_fun(F::MapUpdateBang, args).await,
            // With a function argument these call it; without, they are pure.
            B::EnumCount => self.maybe_with_fun(b, F::Count, args).await,
            B::EnumAll => self.maybe_with_fun(b, F::All, args).await,
            B::EnumAny => self.maybe_with_fun(b, F::Any, args).await,
            B::EnumSort => self.maybe_with_fun(b, F::Sort, args).await,
            B::EnumWithIndex => self.maybe_with_fun(b, F::WithIndex, args).await,
            B::EnumInto => self.maybe_with_fun(b, F::Into, args).await,
            B::MapNew => self.maybe_with_fun(b, F::MapNew, args).await,

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
            return self.enum_over_stream(b, args).await;
        }
        self.pure(b, &args).await
    }

    async fn pure(&self, b: Builtin, args: &[Term]) -> Term {
        match pure::call(b, args) {
            Some(r) => self.ok(r).await,
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
                &Term::list(vec![Term::tuple(vec![
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
