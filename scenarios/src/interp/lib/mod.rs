//! The library the interpreter implements ([`Builtin`]): one exhaustive dispatch, then a
//! file per area. Pure functions go to [`super::pure`]; the rest act on the process (sending,
//! spawning, waiting) or call closures, so they are `async` methods of [`Cx`]. Anything
//! enumerable, lazy streams included, is enumerated through [`streams`] (`Cx::each`).

mod access;
mod agent;
mod async_stream;
mod enum_lazy;
mod enums;
mod process;
mod random;
mod servers;
mod streams;
mod sups;
mod task;

use super::machine::{BoxFut, Cx, Origin};
use super::pure;
use super::value::{self, Fun, FunRef, as_fun};
use crate::ir::Builtin;
use process::{DictOp, SpawnKind};
use sim::{Charlists, Exception, InspectOpts, Term};
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;
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

/// Modules of Elixir 1.14 and OTP 25 that exist whether or not otpsim implements them.
const STANDARD_MODULES: &[&str] = &[
    "Access",
    "Agent",
    "Application",
    "Atom",
    "Base",
    "Bitwise",
    "Code",
    "Date",
    "DateTime",
    "Enum",
    "Exception",
    "File",
    "Float",
    "Function",
    "GenServer",
    "IO",
    "Inspect",
    "Integer",
    "Kernel",
    "Keyword",
    "List",
    "Logger",
    "Map",
    "MapSet",
    "Module",
    "NaiveDateTime",
    "Node",
    "Path",
    "Port",
    "Process",
    "Protocol",
    "Range",
    "Record",
    "Regex",
    "Registry",
    "Stream",
    "String",
    "StringIO",
    "Supervisor",
    "System",
    "Task",
    "Time",
    "Tuple",
    "URI",
    "Version",
    "DynamicSupervisor",
    "PartitionSupervisor",
    "Calendar",
    "Collectable",
    "Enumerable",
    "erlang",
    "lists",
    "maps",
    "timer",
    "rand",
    "ets",
    "io",
    "string",
    "binary",
    "proplists",
    "gen_server",
    "supervisor",
    "proc_lib",
    "sys",
    "os",
    "math",
    "queue",
    "sets",
    "dict",
    "gb_trees",
    "gb_sets",
    "unicode",
    "calendar",
    "logger",
    "application",
    "code",
    "file",
    "erts_debug",
    "persistent_term",
    "atomics",
    "counters",
    "global",
    "gen_statem",
    "gen_event",
    "crypto",
    "array",
    "orddict",
    "ordsets",
    "digraph",
    "re",
    "zlib",
    "elixir",
    "ssl",
    "inet",
    "io_lib",
    "OptionParser",
    "IEx",
    "Macro",
    "Mix",
    "ExUnit",
    "String.Chars",
    "List.Chars",
    "Inspect.Opts",
    "Inspect.Algebra",
    "IO.ANSI",
    "Kernel.SpecialForms",
    "Task.Supervisor",
    "ArgumentError",
    "ArithmeticError",
    "BadArityError",
    "BadBooleanError",
    "BadFunctionError",
    "BadMapError",
    "BadStructError",
    "CaseClauseError",
    "CompileError",
    "CondClauseError",
    "Enum.EmptyError",
    "Enum.OutOfBoundsError",
    "ErlangError",
    "File.Error",
    "FunctionClauseError",
    "KeyError",
    "MatchError",
    "Protocol.UndefinedError",
    "RuntimeError",
    "SystemLimitError",
    "TryClauseError",
    "UndefinedFunctionError",
    "UnicodeConversionError",
    "WithClauseError",
];

/// The options of `inspect/2` or `IO.inspect/2` for `v`, over 1.14's defaults (the last
/// of a repeated key counts, as `Inspect.Opts.new/1` reads them; semantics §5.19):
/// `:limit`, `:printable_limit` and `:charlists` are followed; `:pretty` and `:width`
/// have no effect on a line; an option that would change the output otpsim cannot give
/// (`:base`, `:binaries`, `:structs`) is refused with a limit error. As on the VM, options
/// that are not a list fail in `Kernel.inspect/2`, an element that is not a pair in
/// `Kernel.struct/2`, and a bad count where it is first used: a `:limit` by the first
/// container (`Inspect.Algebra.container_each/6`), a `:printable_limit` by a string
/// (`String.printable?/2`) or a list (`List.ascii_printable?/2`).
pub(crate) fn inspect_opts(opts: &Term, v: &Term) -> Result<InspectOpts, (Exception, Origin)> {
    let clause = |m, f, a| (value::function_clause(), Origin::Function(m, f, a));
    let mut o = InspectOpts::DEFAULT;
    let Term::List(items) = opts else {
        return Err(clause("Elixir.Kernel", "inspect", 2));
    };
    let (mut bad_limit, mut bad_printable) = (false, false);
    for item in items.iter() {
        let Some([k, v]) = item.as_tuple() else {
            return Err(clause("Elixir.Kernel", "-struct/2-fun-0-", 2));
        };
        let Term::Atom(k) = k else { continue };
        match k.as_str() {
            "limit" => match InspectOpts::count(v) {
                Some(n) => (o.limit, bad_limit) = (n, false),
                None => bad_limit = true,
            },
            "printable_limit" => match InspectOpts::count(v) {
                Some(n) => (o.printable_limit, bad_printable) = (n, false),
                None => bad_printable = true,
            },
            "charlists" if v.is_atom("infer") => o.charlists = Charlists::Infer,
            "charlists" if v.is_atom("as_charlists") => o.charlists = Charlists::AsCharlists,
            "charlists" => o.charlists = Charlists::AsLists,
            "base" if v.is_atom("decimal") => {}
            "binaries" if v.is_atom("infer") || v.is_atom("as_strings") => {}
            "structs" if v.is_atom("true") => {}
            "base" | "binaries" | "structs" => {
                let what = format!("the inspect option {}: {} is not supported", k.as_str(), v);
                return Err((
                    value::limit(&what),
                    Origin::Function("Elixir.Kernel", "inspect", 2),
                ));
            }
            _ => {}
        }
    }
    // What reaches `container_each/6` with elements: not a charlist, a range or an empty
    // set.
    let printable = |t: &Term| matches!(t, Term::Int(7..=13 | 27 | 32..=126));
    let charlist =
        o.charlists != Charlists::AsLists && matches!(v, Term::List(l) if l.iter().all(printable));
    let container = match v {
        Term::List(l) => !l.is_empty() && !charlist,
        Term::Tuple(t) => !t.is_empty(),
        Term::Map(m) => !m.is_empty(),
        Term::Struct(s) if s.name.as_str() == "Elixir.MapSet" => {
            matches!(v.field("map"), Some(Term::Map(m)) if !m.is_empty())
        }
        Term::Struct(s) => s.name.as_str() != "Elixir.Range",
        _ => false,
    };
    if bad_printable && matches!(v, Term::List(l) if !l.is_empty()) {
        return Err(clause("Elixir.List", "ascii_printable?", 2));
    }
    if bad_limit && container {
        return Err(clause("Elixir.Inspect.Algebra", "container_each", 6));
    }
    if bad_printable && matches!(v, Term::Str(_)) {
        return Err(clause("Elixir.String", "printable?", 2));
    }
    Ok(o)
}

/// `opts[key] || default`'s reading of an option: a value of `nil` or `false` is no value
/// (Task.Supervisor's `:restart` and `:shutdown`, read so in 1.14).
pub(crate) fn kw_set<'a>(opts: &'a Term, key: &str) -> Option<&'a Term> {
    kw(opts, key).filter(|v| !v.is_atom("nil") && !v.is_atom("false"))
}

/// `f`, boxed: a future of its own size, so that the evaluator's futures that wait on it
/// stay small (a future is copied into its box whole, and one future for every kind of
/// evaluation is as large as the largest).
pub(crate) fn boxed<'a, T>(f: impl Future<Output = T> + 'a) -> BoxFut<'a, T> {
    Box::pin(f)
}

/// What [`Cx::call_builtin`] gives: the value, when it needs no waiting, or the one boxed
/// future that makes it.
pub(crate) enum Called<'a> {
    /// The value (taken by the one poll).
    Now(Term),
    /// The call, to wait on.
    Later(BoxFut<'a, Term>),
}

/// The width an inspect that lays its text out in lines uses (`IO.inspect/2` always,
/// `inspect/2` with `pretty: true`): the `:width` of `opts`, 80 unless given; `None` for
/// `:infinity`. Anything else fails where `Inspect.Algebra.format/2` takes it (its guard).
pub(crate) fn layout_width(opts: &Term) -> Result<Option<usize>, Raise> {
    match kw(opts, "width") {
        None => Ok(Some(80)),
        Some(Term::Int(n)) if *n >= 0 => Ok(Some(*n as usize)),
        Some(w) if w.is_atom("infinity") => Ok(None),
        Some(_) => Err(Raise(
            value::function_clause(),
            Some(Origin::Function("Elixir.Inspect.Algebra", "format", 2)),
        )),
    }
}

/// What a builtin that never waits gives: its value, or what it raises. Had at once, with
/// no boxed future (a box is made only to raise: [`Cx::settle`]).
pub(crate) type Answered = Result<Term, Raise>;

/// An exception a builtin raises, with the function whose clause failed for a
/// `:function_clause` (as [`Cx::raise`] takes them).
pub(crate) struct Raise(pub Exception, pub Option<Origin>);

impl From<Exception> for Raise {
    fn from(e: Exception) -> Raise {
        Raise(e, None)
    }
}

/// `:function_clause` in builtin `b` ([`Cx::no_clause`], had at once).
pub(crate) fn no_clause(b: Builtin) -> Raise {
    Raise(
        value::function_clause(),
        Some(Origin::Library(b, b.info().max_arity)),
    )
}

/// The name of the one node of a run (`node()`: the VM is not distributed).
pub(super) const LOCAL_NODE: &str = "nonode@nohost";

/// A call that waits (or may raise).
fn later<'a>(f: impl Future<Output = Term> + 'a) -> Called<'a> {
    Called::Later(Box::pin(f))
}

impl Future for Called<'_> {
    type Output = Term;
    fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<Term> {
        match self.get_mut() {
            Called::Now(v) => Poll::Ready(std::mem::replace(v, Term::nil())),
            Called::Later(f) => f.as_mut().poll(cx),
        }
    }
}

impl Cx {
    /// Calls library function `b` with evaluated `args`. `label`: the name of the process it
    /// starts, if it starts one.
    ///
    /// What needs no waiting is had at once; everything else is one boxed future (the
    /// evaluator calls a builtin whose arguments are ready without a box of its own, so a
    /// call costs this one box or none).
    pub(crate) fn call_builtin<'a>(
        &'a self,
        b: Builtin,
        args: Vec<Term>,
        label: Option<&'a str>,
    ) -> Called<'a> {
        use Builtin as B;
        use enums::WithFun as F;
        // The name of the process it starts: the variable its value is bound to, else the
        // function's (a start_link that registers a name is called by that name instead:
        // [`Cx::start_label`]).
        let spawned = label.or(b.info().spawns).unwrap_or("spawn");
        let mut args = args;
        in_fold_order(b, &mut args);
        match b {
            B::SelfPid => Called::Now(Term::Pid(self.p.pid())),
            B::Node => Called::Now(Term::atom(LOCAL_NODE)),
            B::Spawn => {
                later(async move { self.spawn_builtin(SpawnKind::Plain, &args, spawned).await })
            }
            B::SpawnLink => {
                later(async move { self.spawn_builtin(SpawnKind::Link, &args, spawned).await })
            }
            B::SpawnMonitor => {
                later(async move { self.spawn_builtin(SpawnKind::Monitor, &args, spawned).await })
            }
            B::Send => later(async move { self.send_builtin(&args).await }),
            B::MakeRef => Called::Now(Term::Ref(self.p.make_ref())),
            B::Raise => later(async move {
                let e = match args.as_slice() {
                    // `raise Mod` / `raise Mod, attrs` of the program's: what
                    // `Mod.exception(attrs)` returns, as `Kernel.raise/2` expands
                    // (semantics §5.27).
                    [m @ Term::Atom(a), rest @ ..] if self.program_module(a) => {
                        let attrs = rest.first().cloned().unwrap_or_else(Term::empty_list);
                        let fun = self.resolved(m, "exception", 1).await;
                        self.apply(fun, vec![attrs]).await
                    }
                    _ => {
                        let e = self.raise_value(&args);
                        self.ok(e).await
                    }
                };
                self.p.raise(e).await
            }),
            B::Throw => later(async move { self.p.throw(arg_or(&args, 0, Term::nil())).await }),
            B::ErlangError => {
                later(async move { self.p.error(arg_or(&args, 0, Term::nil())).await })
            }
            B::Exit => later(async move { self.p.exit(arg_or(&args, 0, Term::nil())).await }),
            B::Inspect => {
                let v = arg_or(&args, 0, Term::nil());
                let given = arg_or(&args, 1, Term::empty_list());
                let opts = match inspect_opts(&given, &v) {
                    Ok(opts) => opts,
                    Err((e, origin)) => return Called::Later(self.raise(e, Some(origin))),
                };
                // One line, unless `pretty: true` lays it out in lines.
                let width = match kw(&given, "pretty") {
                    Some(p) if p.is_atom("true") => match layout_width(&given) {
                        Ok(w) => w,
                        Err(r) => return self.settle(Err(r)),
                    },
                    _ => None,
                };
                Called::Now(Term::str(&self.inspect_with(&v, opts, width)))
            }
            // `Map.from_struct(Module)`: the defaults of the module's struct, as a map
            // (semantics §5.29); a module without one has no `__struct__/0`.
            B::MapFromStruct if matches!(args.as_slice(), [Term::Atom(_)]) => later(async move {
                let m = &args[0];
                let name = value::module_name(m).unwrap_or_default();
                match self.struct_fields(&name) {
                    Some(fields) => {
                        pure::map_from(fields.into_iter().map(|(k, v)| (Term::Atom(k), v)))
                    }
                    None => {
                        let fun = self.resolved(m, "__struct__", 0).await;
                        self.apply(fun, vec![]).await
                    }
                }
            }),
            B::ExceptionMessage => match args.as_slice() {
                [e @ Term::Struct(s)] if self.program_exception(&s.name) => {
                    let e = e.clone();
                    later(async move { self.program_exception_message(&e).await })
                }
                [e @ Term::Struct(s)] if self.is_exception(&s.name) => {
                    Called::Now(Term::str(&self.exception_message(e)))
                }
                _ => {
                    let origin = Origin::Library(b, args.len());
                    Called::Later(self.raise(value::function_clause(), Some(origin)))
                }
            },
            B::Apply => later(async move { self.apply_builtin(&args).await }),
            B::IsFunction => match args.as_slice() {
                [x] => Called::Now(Term::bool(as_fun(x).is_some())),
                [x, Term::Int(n)] => Called::Now(Term::bool(
                    as_fun(x).is_some_and(|f| f.arity() as i64 == *n),
                )),
                _ => Called::Later(self.throw(value::badarg())),
            },
            B::SystemMonotonicTime | B::ErlangMonotonicTime => self.monotonic_time(b, &args),
            B::RandUniform | B::EnumRandom | B::EnumShuffle | B::EnumTakeRandom => {
                self.random_builtin(b, args)
            }
            B::ProcessSleep | B::TimerSleep => {
                later(async move { self.sleep_builtin(&args).await })
            }
            B::ProcessSendAfter => self.settle(self.send_after(&args)),
            B::ProcessCancelTimer => later(async move { self.cancel_timer(&args).await }),
            B::ProcessMonitor => later(async move { self.monitor_builtin(&args).await }),
            B::ProcessDemonitor => self.settle(self.demonitor_builtin(&args)),
            B::ProcessLink => later(async move { self.link_builtin(&args, true).await }),
            B::ProcessUnlink => later(async move { self.link_builtin(&args, false).await }),
            B::ProcessFlag => self.settle(self.flag_builtin(&args)),
            B::ProcessExit => later(async move { self.exit_signal_builtin(&args).await }),
            B::ProcessAlive => self.settle(self.alive_builtin(&args)),
            B::ProcessWhereis => self.settle(self.whereis_builtin(&args)),
            B::ProcessRegister => self.settle(self.register_builtin(&args)),
            B::ProcessUnregister => self.settle(self.unregister_builtin(&args)),
            B::ProcLibInitialCall => match args.first() {
                Some(Term::Pid(pid)) => Called::Now(model::proc_lib::initial_call(&self.p, *pid)),
                _ => Called::Later(self.throw(value::badarg())),
            },
            B::GlobalWhereisName => {
                let pid = self.p.whereis_global(&arg_or(&args, 0, Term::nil()));
                Called::Now(pid.map_or_else(|| Term::atom("undefined"), Term::Pid))
            }
            B::ProcessInfo => self.settle(self.info_builtin(&args)),
            B::ProcessPut => Called::Now(self.dict_builtin(DictOp::Put, &args)),
            B::ProcessGet => Called::Now(self.dict_builtin(DictOp::Get, &args)),
            B::ProcessDelete => Called::Now(self.dict_builtin(DictOp::Delete, &args)),
            B::ProcessSend => later(async move {
                self.send_builtin(&args[..2.min(args.len())]).await;
                Term::atom("ok")
            }),
            B::AccessGet => match &args[..] {
                [Term::Map(kv), k, ..] => {
                    let default = arg_or(&args, 2, Term::nil());
                    Called::Now(kv.get(k).map_or(default, Term::clone))
                }
                _ => later(async move {
                    let (c, k) = (arg_or(&args, 0, Term::nil()), arg_or(&args, 1, Term::nil()));
                    self.access_get(&c, &k, arg_or(&args, 2, Term::nil())).await
                }),
            },
            B::GetIn => later(async move { self.get_in(&args).await }),
            B::PutIn => later(async move { self.put_or_update_in(false, &args).await }),
            B::UpdateIn => later(async move { self.put_or_update_in(true, &args).await }),
            B::IoPuts => self.settle(self.io_puts(&args)),
            B::IoInspect => self.settle(self.io_inspect(&args)),

            B::TaskAsync => later(async move { self.task_async(&args, spawned).await }),
            B::TaskAwait => later(async move { self.task_await(&args).await }),
            B::TaskYield => later(async move { self.task_yield(&args).await }),
            B::TaskYieldMany => later(async move { self.task_yield_many(&args).await }),
            B::TaskAwaitMany => later(async move { self.task_await_many(&args).await }),
            B::TaskShutdown => later(async move { self.task_shutdown(&args).await }),
            B::TaskIgnore => later(async move { self.task_ignore(&args).await }),
            B::TaskStart | B::TaskStartLink => {
                later(async move { self.task_start(b, &args, spawned).await })
            }
            B::TaskCompleted => later(async move { self.task_completed(&args).await }),
            B::TaskAsyncStream => {
                later(async move { self.async_stream(None, &args, spawned).await })
            }
            B::TaskSupAsyncStream => later(async move {
                let link = Some(model::task_stream::LinkType::Link);
                self.async_stream(link, &args, spawned).await
            }),
            B::TaskSupAsyncStreamNolink => later(async move {
                let link = Some(model::task_stream::LinkType::NoLink);
                self.async_stream(link, &args, spawned).await
            }),
            B::StreamRun => later(async move { self.stream_run(&args).await }),
            B::StreamMap => later(async move { self.stream_with_fun(&args, None).await }),
            B::StreamFilter => later(async move { self.stream_with_fun(&args, Some(true)).await }),
            B::StreamReject => later(async move { self.stream_with_fun(&args, Some(false)).await }),
            B::StreamTake => later(async move { self.stream_take(&args).await }),
            B::TaskChildSpec => Called::Now(task::task_child_spec(&arg_or(&args, 0, Term::nil()))),
            B::TaskSupStartLink => {
                later(async move { self.task_sup_start_link(&args, label).await })
            }
            B::TaskSupStartChild => {
                later(async move { self.task_sup_start_child(&args, spawned).await })
            }
            B::TaskSupAsync | B::TaskSupAsyncNolink => {
                later(async move { self.task_sup_async(b, &args, spawned).await })
            }
            B::TaskSupChildren => later(async move { self.task_sup_children(&args).await }),
            B::TaskSupTerminateChild => {
                later(async move { self.task_sup_terminate_child(&args).await })
            }
            B::TaskSupChildSpec => Called::Now(sups::task_sup_child_spec(&arg_or(
                &args,
                0,
                Term::empty_list(),
            ))),

            B::SupStartLink => later(async move { self.sup_start_link(&args, label).await }),
            B::SupInit => later(async move { self.sup_init(&args).await }),
            B::SupStartChild => {
                later(async move { self.sup_start_child(&args, false, None).await })
            }
            // `{:ok, alice} = DynamicSupervisor.start_child(..)` names the child `alice`.
            B::DynStartChild => {
                later(async move { self.sup_start_child(&args, true, label).await })
            }
            B::SupWhichChildren => {
                later(async move { self.sup_query(SupQuery::Which, &args).await })
            }
            B::DynWhichChildren => {
                later(async move { self.sup_query(SupQuery::DynWhich, &args).await })
            }
            B::SupCountChildren => {
                later(async move { self.sup_query(SupQuery::Count, &args).await })
            }
            B::DynCountChildren => {
                later(async move { self.sup_query(SupQuery::DynCount, &args).await })
            }
            B::SupTerminateChild => {
                later(async move { self.sup_query(SupQuery::Terminate, &args).await })
            }
            B::SupRestartChild => {
                later(async move { self.sup_query(SupQuery::Restart, &args).await })
            }
            B::SupDeleteChild => {
                later(async move { self.sup_query(SupQuery::Delete, &args).await })
            }
            B::DynTerminateChild => {
                later(async move { self.sup_query(SupQuery::DynTerminate, &args).await })
            }
            B::SupStop | B::DynStop | B::GenStop => {
                later(async move { self.server_stop(&args).await })
            }
            B::SupChildSpec => later(async move { self.sup_child_spec(&args).await }),
            B::DynStartLink => later(async move { self.dyn_start_link(&args, label).await }),
            B::DynInit => later(async move { self.dyn_init(&args).await }),

            B::GenStartLink | B::GenStart => {
                later(async move { self.gen_start(b, &args, label).await })
            }
            B::GenCall => later(async move { self.gen_call(&args).await }),
            B::AgentStartLink | B::AgentStart => {
                later(async move { self.agent_start(b, &args, label).await })
            }
            B::AgentGet | B::AgentUpdate | B::AgentGetAndUpdate => {
                later(async move { self.agent_call(b, &args).await })
            }
            B::AgentCast => later(async move { self.agent_cast(&args).await }),
            B::AgentStop => later(async move { self.server_stop(&args).await }),
            B::GenCast => later(async move { self.gen_cast(&args).await }),
            B::GenReply => later(async move { self.gen_reply(&args).await }),
            B::GenWhereis => match args.first() {
                Some(Term::Pid(pid)) => Called::Now(Term::Pid(*pid)),
                Some(_) => later(async move {
                    let name = self.name_of(&args[0]).await;
                    name.whereis(&self.p).map_or_else(Term::nil, Term::Pid)
                }),
                None => Called::Later(self.throw(value::badarg())),
            },

            B::EnumMap => later(async move { self.enum_with_fun(F::Map, args).await }),
            B::EnumEach => later(async move { self.enum_with_fun(F::Each, args).await }),
            B::EnumReduce => later(async move { self.enum_with_fun(F::Reduce, args).await }),
            B::EnumReduceWhile => {
                later(async move { self.enum_with_fun(F::ReduceWhile, args).await })
            }
            B::EnumFilter => later(async move { self.enum_with_fun(F::Filter, args).await }),
            B::EnumReject => later(async move { self.enum_with_fun(F::Reject, args).await }),
            B::EnumSortBy => later(async move { self.enum_with_fun(F::SortBy, args).await }),
            B::EnumMapJoin => later(async move { self.enum_with_fun(F::MapJoin, args).await }),
            B::EnumFind => later(async move { self.enum_with_fun(F::Find, args).await }),
            B::EnumTakeWhile => later(async move { self.enum_with_fun(F::TakeWhile, args).await }),
            B::EnumDropWhile => later(async move { self.enum_with_fun(F::DropWhile, args).await }),
            B::EnumMapReduce => later(async move { self.enum_with_fun(F::MapReduce, args).await }),
            B::EnumUniqBy => later(async move { self.enum_with_fun(F::UniqBy, args).await }),
            B::EnumChunkBy => later(async move { self.enum_with_fun(F::ChunkBy, args).await }),
            B::EnumZipWith => later(async move { self.enum_with_fun(F::ZipWith, args).await }),
            B::EnumDedupBy => later(async move { self.enum_with_fun(F::DedupBy, args).await }),
            B::EnumFrequenciesBy => {
                later(async move { self.enum_with_fun(F::FrequenciesBy, args).await })
            }
            B::EnumFindValue => later(async move { self.enum_with_fun(F::FindValue, args).await }),
            B::MapMergeWith => {
                later(async move { self.enum_with_fun(F::MapMergeWith, args).await })
            }
            B::EnumFindIndex => later(async move { self.enum_with_fun(F::FindIndex, args).await }),
            B::EnumMaxBy => later(async move { self.enum_with_fun(F::MaxBy, args).await }),
            B::EnumMinBy => later(async move { self.enum_with_fun(F::MinBy, args).await }),
            B::MapFilter => later(async move { self.enum_with_fun(F::MapFilter, args).await }),
            // `MapSet.new/2` takes a function whatever its second argument is (a term that
            // is none fails its guard), as `filter/2` and `reject/2` do.
            B::MapSetNew if args.len() == 2 => {
                later(async move { self.enum_with_fun(F::MapSetNew, args).await })
            }
            B::MapSetFilter => {
                later(async move { self.enum_with_fun(F::MapSetFilter, args).await })
            }
            B::MapSetReject => {
                later(async move { self.enum_with_fun(F::MapSetReject, args).await })
            }
            B::MapReject => later(async move { self.enum_with_fun(F::MapReject, args).await }),
            B::EnumFlatMap => later(async move { self.enum_with_fun(F::FlatMap, args).await }),
            B::EnumGroupBy => later(async move { self.enum_with_fun(F::GroupBy, args).await }),
            B::EnumSplitWith => later(async move { self.enum_with_fun(F::SplitWith, args).await }),
            B::ListFoldl => later(async move { self.enum_with_fun(F::Foldl, args).await }),
            B::ListFoldr => later(async move { self.enum_with_fun(F::Foldr, args).await }),
            B::MapUpdate => later(async move { self.enum_with_fun(F::MapUpdate, args).await }),
            B::MapUpdateBang => {
                later(async move { self.enum_with_fun(F::MapUpdateBang, args).await })
            }
            // With a function argument these call it; without, they are pure.
            B::EnumCount => self.maybe_with_fun(b, F::Count, args),
            B::EnumAll => self.maybe_with_fun(b, F::All, args),
            B::EnumAny => self.maybe_with_fun(b, F::Any, args),
            B::EnumSort => self.maybe_with_fun(b, F::Sort, args),
            B::EnumWithIndex => self.maybe_with_fun(b, F::WithIndex, args),
            B::EnumInto => self.maybe_with_fun(b, F::Into, args),
            B::MapNew => self.maybe_with_fun(b, F::MapNew, args),

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
            | B::IsFloat
            | B::Round
            | B::Trunc
            | B::Ceil
            | B::Floor
            | B::FloatRound
            | B::FloatToString
            | B::MathPow
            | B::MathSqrt
            | B::Pow
            | B::IntegerPow
            | B::FloatFloor
            | B::FloatCeil
            | B::FloatParse
            | B::StringToFloat
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
            | B::EnumMinMax
            | B::EnumDedup
            | B::EnumFrequencies
            | B::EnumSlice
            | B::EnumChunkEvery
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
            | B::MapPop
            | B::MapTake
            | B::MapDrop
            | B::MapToList
            | B::KeywordGet
            | B::KeywordPut
            | B::KeywordFetch
            | B::KeywordHasKey
            | B::KeywordDelete
            | B::KeywordMerge
            | B::KeywordFetchBang
            | B::KeywordKeys
            | B::KeywordValues
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
            | B::TupleToList
            | B::ListToTuple
            | B::StringReplace
            | B::StringReverse
            | B::StringSlice
            | B::StringGraphemes
            | B::StringCodepoints
            | B::StringToCharlist
            | B::StringEndsWith
            | B::StringFirst
            | B::StringLast
            | B::StringAt
            | B::StringPadLeading
            | B::StringPadTrailing
            | B::ListInsertAt
            | B::ListDeleteAt
            | B::ListReplaceAt
            | B::ListZip
            | B::EnumSplit
            | B::EnumProduct
            | B::IntegerParse
            | B::MapPutNew
            | B::KeywordTake
            | B::KeywordDrop
            | B::KeywordGetValues
            | B::KeywordPop
            | B::MapReplaceBang
            | B::TupleAppend
            | B::StringSplitAt
            | B::StringCapitalize
            | B::ToCharlist
            | B::MapFromStruct
            | B::ListKeystore
            | B::ListKeydelete
            | B::ListKeymember
            | B::IntegerDigits
            | B::IntegerMod
            | B::IntegerFloorDiv
            | B::EnumIntersperse
            | B::MapSetNew
            | B::MapSetPut
            | B::MapSetDelete
            | B::MapSetMember
            | B::MapSetSize
            | B::MapSetToList
            | B::MapSetUnion
            | B::MapSetIntersection
            | B::MapSetDifference
            | B::MapSetSymmetricDifference
            | B::MapSetSubset
            | B::MapSetDisjoint
            | B::MapSetEqual => self.pure_or_stream(b, args),
        }
    }

    /// `b` calls its function argument if it has one; else it is pure.
    fn maybe_with_fun(&self, b: Builtin, f: enums::WithFun, args: Vec<Term>) -> Called<'_> {
        // `count/2`, `all?/2` and `any?/2` take a function whatever the second argument is
        // (a term that is none fails when it is called, at the first element), as
        // `into/3` its third and `Map.new/2` its second (which checks it first).
        let arity_means_fun = match f {
            enums::WithFun::Count | enums::WithFun::All | enums::WithFun::Any => 2,
            enums::WithFun::Into => 3,
            enums::WithFun::MapNew => 2,
            _ => usize::MAX,
        };
        if args.len() == arity_means_fun || args.iter().any(|a| as_fun(a).is_some()) {
            later(async move {
                // (The maps among the arguments, which a result may be made from: no copy
                // of the arguments when there are none.)
                let maps: Vec<Term> = (args.iter())
                    .filter(|a| matches!(a, Term::Map(_)))
                    .cloned()
                    .collect();
                let v = self.enum_with_fun(f, args).await;
                self.sized_from(v, &maps).await
            })
        } else {
            self.pure_or_stream(b, args)
        }
    }

    /// A pure builtin, unless a stream is among its enumerables: then it enumerates it
    /// ([`enum_lazy`]).
    fn pure_or_stream(&self, b: Builtin, args: Vec<Term>) -> Called<'_> {
        if enum_lazy::has_stream(b, &args) {
            return later(async move {
                let v = self.enum_over_stream(b, args).await;
                self.sized(v).await
            });
        }
        match pure_call(b, &args) {
            // What a library function builds is held to the limits, as what the program
            // builds is (`List.duplicate(x, 1)` in a loop nests without end, `Map.put(m,
            // :k, m)` doubles): a list's measure is kept, so this walks only what is new.
            Ok(v) => match value::check_size_from(&v, &args) {
                Ok(()) => Called::Now(v),
                Err(what) => later(self.over_limit(what)),
            },
            Err(e) => self.failed(b, args, e),
        }
    }

    /// Raises `e`, what pure builtin `b` of `args` failed with (`args` are the stacktrace's
    /// top frame, where `rescue` may read more than the error tells: [`Origin::Call`]).
    #[cold]
    #[inline(never)]
    fn failed(&self, b: Builtin, args: Vec<Term>, e: Exception) -> Called<'_> {
        Called::Later(self.raise(e, Some(Origin::Call(b, args))))
    }

    async fn pure(&self, b: Builtin, args: &[Term]) -> Term {
        let v = match b {
            Builtin::EnumRandom | Builtin::EnumShuffle | Builtin::EnumTakeRandom => {
                self.random_now(b, args).await
            }
            _ => self.ok(pure_call(b, args)).await,
        };
        self.sized(v).await
    }

    /// `System.monotonic_time/0,1` and `:erlang.monotonic_time/0,1`: the virtual clock, in
    /// `unit` (semantics §5 item 17: its origin is the run's start, where the VM's is arbitrary;
    /// `:native` is nanoseconds, as on the VM here). A unit neither knows raises:
    /// `ArgumentError` "unsupported time unit..." from `System`, `:badarg` from `:erlang`.
    fn monotonic_time(&self, b: Builtin, args: &[Term]) -> Called<'_> {
        let ns = i128::from(self.p.now().0);
        let per_second: Option<i128> = match args {
            [] => Some(1_000_000_000),
            [Term::Int(n)] if *n > 0 => Some(i128::from(*n)),
            // Both take the singular units and OTP's old `:seconds`, `:milli_seconds`, ...;
            // only `System` the plural `:milliseconds`, ..., only `:erlang` `:perf_counter`.
            [Term::Atom(unit)] => {
                let erlang = b == Builtin::ErlangMonotonicTime;
                match unit.as_str() {
                    "native" | "nanosecond" | "nano_seconds" => Some(1_000_000_000),
                    "microsecond" | "micro_seconds" => Some(1_000_000),
                    "millisecond" | "milli_seconds" => Some(1_000),
                    "second" | "seconds" => Some(1),
                    "nanoseconds" if !erlang => Some(1_000_000_000),
                    "microseconds" if !erlang => Some(1_000_000),
                    "milliseconds" if !erlang => Some(1_000),
                    "perf_counter" if erlang => Some(1_000_000_000),
                    _ => None,
                }
            }
            _ => None,
        };
        match per_second {
            // (Past an `i64`, the BEAM makes a bignum: the limit arithmetic has too.)
            Some(n) => match i64::try_from(ns * n / 1_000_000_000) {
                Ok(t) => Called::Now(Term::Int(t)),
                Err(_) => Called::Later(self.throw(value::limit("integer overflow"))),
            },
            None if b == Builtin::ErlangMonotonicTime => {
                let origin = Origin::Call(b, args.to_vec());
                Called::Later(self.raise(value::badarg(), Some(origin)))
            }
            None => {
                let message = format!(
                    "unsupported time unit. Expected :second, :millisecond, :microsecond, \
                     :nanosecond, or a positive integer, got {}",
                    self.inspect(&arg_or(args, 0, Term::nil()))
                );
                let e = value::exception("ArgumentError", &message);
                Called::Later(self.throw(value::error(e)))
            }
        }
    }

    /// `apply(fun, args)` / `apply(module, fun, args)`.
    async fn apply_builtin(&self, args: &[Term]) -> Term {
        let (fun, list) = match args {
            [f, Term::List(a)] => match as_fun(f) {
                Some(fun) if fun.arity() == a.len() => (fun, a.to_vec()),
                Some(_) => return self.throw(value::badarity(f.clone(), a.to_vec())).await,
                None => return self.throw(value::badfun(f.clone())).await,
            },
            [m, Term::Atom(name), Term::List(a)] => {
                (self.resolved(m, name.as_str(), a.len()).await, a.to_vec())
            }
            _ => return self.throw(value::badarg()).await,
        };
        self.apply(fun, list).await
    }

    /// A function and its arguments from `(fun)` or `(module, function, args)`, as `spawn`
    /// (`by`), `Task.async` and friends take them. What `by` refuses raises here, in the
    /// caller; anything else that cannot run fails in the new process (semantics §1.2):
    /// `spawn/1,3`, `spawn_link` and `spawn_monitor` (BIFs) raise `:badarg` for a term that
    /// is no fun (for `spawn_monitor/1`, no fun of arity 0) or an MFA of the wrong types;
    /// `Task.async`, `Task.start` and `Task.start_link` (guarded) raise `FunctionClauseError`
    /// for either; `Task.Supervisor.start_child/5` for a name or arguments of the wrong type;
    /// `Task.Supervisor`'s other functions check nothing. A fun of the wrong arity
    /// (where allowed) and a module and name that name no function run `apply/2,3` in the
    /// new process, which fails there with `:badarity`, `:badfun`, `:badarg` or `:undef`.
    pub(crate) async fn fun_and_args(&self, by: Builtin, args: &[Term]) -> (FunRef, Vec<Term>) {
        let apply = |arity| {
            FunRef::new(Fun::Builtin {
                builtin: Builtin::Apply,
                arity,
            })
        };
        let fun = match args {
            [f] => Some(f),
            [f, _] if as_fun(f).is_some() => Some(f),
            _ => None,
        };
        let refused = match (fun, args) {
            (Some(f), _) => match as_fun(f) {
                Some(fun) if fun.arity() == 0 => return (fun, vec![]),
                Some(_) => matches!(by, Builtin::SpawnMonitor) || guarded(by),
                None => bif_spawn(by) || guarded(by),
            },
            (None, [m, Term::Atom(name), Term::List(a), ..]) if matches!(m, Term::Atom(_)) => {
                return match self.resolve(m, name.as_str(), a.len()) {
                    Ok(fun) => (fun, a.to_vec()),
                    Err(_) => (apply(3), args[..3].to_vec()),
                };
            }
            // `Task.Supervisor.start_child/5` guards the name and the arguments only.
            (None, [_, f, a, ..]) => {
                bif_spawn(by)
                    || guarded(by)
                    || (by == Builtin::TaskSupStartChild
                        && !(matches!(f, Term::Atom(_)) && matches!(a, Term::List(_))))
            }
            (None, _) => return self.throw(value::badarg()).await,
        };
        match () {
            _ if refused && !bif_spawn(by) => {
                // At the full arity of the clause that guards: `start_child/4` is `/5`'s.
                let arity = match by {
                    Builtin::TaskSupStartChild => 5,
                    _ => args.len(),
                };
                let origin = Origin::Library(by, arity);
                self.raise(value::function_clause(), Some(origin)).await
            }
            _ if refused => {
                let origin = Origin::Call(by, args.to_vec());
                self.raise(value::badarg(), Some(origin)).await
            }
            _ => match fun {
                Some(f) => (apply(2), vec![f.clone(), Term::empty_list()]),
                None => (apply(3), args[..3].to_vec()),
            },
        }
    }

    /// What `raise` raises: `raise "msg"` a `RuntimeError`, `raise Mod` / `raise Mod, msg`
    /// / `raise Mod, fields` the exception struct, `raise %Exc{}` itself.
    fn raise_value(&self, args: &[Term]) -> Result<Term, Exception> {
        match args {
            [Term::Str(msg)] => Ok(Term::runtime_error(msg)),
            [s @ Term::Struct(..)] => Ok(s.clone()),
            [m @ Term::Atom(_)] => exception_of(m, &Term::empty_list()),
            [m @ Term::Atom(_), Term::Str(msg)] => exception_of(
                m,
                &Term::list([Term::tuple([Term::atom("message"), Term::Str(msg.clone())])]),
            ),
            [m @ Term::Atom(_), opts @ Term::List(_)] => exception_of(m, opts),
            _ => Err(value::badarg()),
        }
    }

    /// True if `name` (an atom such as `Elixir.Bank.Error`) is a module of the program.
    fn program_module(&self, name: &sim::Atom) -> bool {
        let module = name.as_str().strip_prefix("Elixir.");
        module.is_some_and(|m| self.m.program.modules.iter().any(|x| &*x.name == m))
    }

    /// True if `%name{}` is a `defexception` of the program.
    fn program_exception(&self, name: &sim::Atom) -> bool {
        let module = name.as_str().strip_prefix("Elixir.");
        module.is_some_and(|m| {
            self.m
                .program
                .modules
                .iter()
                .any(|x| &*x.name == m && x.exception)
        })
    }

    /// `Exception.message(e)` of a `defexception` of the program: what its `message/1`
    /// returns, which must be a string (1.14 says what it got instead). A module with no
    /// `message/1` (no `:message` field and none of its own) fails inside `message/1`, and
    /// 1.14's text for that holds the stacktrace: a limit here (semantics §5.27).
    async fn program_exception_message(&self, e: &Term) -> Term {
        let Term::Struct(s) = e else {
            unreachable!("a struct, checked by the caller")
        };
        let module = Term::Atom(s.name.clone());
        let Ok(fun) = self.resolve(&module, "message", 1) else {
            let why = format!(
                "Exception.message/1 of {} (its module defines no message/1)",
                self.inspect(e)
            );
            return self.throw(value::limit(&why)).await;
        };
        match self.apply(fun, vec![e.clone()]).await {
            m @ Term::Str(_) => m,
            other => Term::str(&format!(
                "got {} while retrieving Exception.message/1 for {} (expected a string)",
                self.inspect(&other),
                self.inspect(e)
            )),
        }
    }

    /// True if `%name{}` is an exception: one of the library's (they all end in `Error`:
    /// `RuntimeError`, `Enum.EmptyError`, ...), or a `defexception` of the program.
    fn is_exception(&self, name: &sim::Atom) -> bool {
        if self.program_exception(name) {
            return true;
        }
        let module = name
            .as_str()
            .strip_prefix("Elixir.")
            .unwrap_or(name.as_str());
        module.ends_with("Error") && !self.m.program.modules.iter().any(|m| &*m.name == module)
    }

    /// Raises `FunctionClauseError` in builtin `b`, at the arity it is defined with (its
    /// default arguments included), as a guard of its head fails.
    pub(crate) fn no_clause<T: 'static>(&self, b: Builtin) -> BoxFut<'_, T> {
        let Raise(e, origin) = no_clause(b);
        self.raise(e, origin)
    }

    /// A builtin's value had at once ([`Answered`]), or the raise of what it raised.
    fn settle(&self, r: Answered) -> Called<'_> {
        match r {
            Ok(v) => Called::Now(v),
            Err(Raise(e, origin)) => Called::Later(self.raise(e, origin)),
        }
    }

    /// `Exception.message(e)`: as the library has it, but for an `UndefinedFunctionError`
    /// in a module that does not exist, which 1.14 says is not available (it asks the code
    /// server; here the program's modules and the library's are the ones that exist).
    fn exception_message(&self, e: &Term) -> String {
        let (Term::Struct(s), Some(Term::Atom(m)), Some(f), Some(Term::Int(a))) =
            (e, e.field("module"), e.field("function"), e.field("arity"))
        else {
            return pure::exception_message(e);
        };
        let plain = [e.field("message"), e.field("reason")]
            .iter()
            .all(|x| x.is_none_or(|x| x.is_atom("nil")));
        if s.name.as_str() != "Elixir.UndefinedFunctionError" || !plain || self.module_exists(m) {
            return pure::exception_message(e);
        }
        let function = match f {
            Term::Atom(f) => f.as_str().to_string(),
            other => other.to_string(),
        };
        format!("function {m}.{function}/{a} is undefined (module {m} is not available)")
    }

    /// Whether a module of this name exists in a run: the program's, the library's, and
    /// Elixir's and Erlang's standard modules.
    fn module_exists(&self, m: &sim::Atom) -> bool {
        let name = m.as_str();
        let elixir = name.strip_prefix("Elixir.");
        if let Some(short) = elixir
            && self.m.program.modules.iter().any(|x| &*x.name == short)
        {
            return true;
        }
        let shown = elixir.map_or_else(|| format!(":{name}"), str::to_string);
        Builtin::ALL.iter().any(|b| b.info().module == shown)
            || STANDARD_MODULES.contains(&elixir.unwrap_or(name))
    }

    /// `inspect(v)`: pids and task references by their names in this run (`#PID<main.t>`).
    pub(crate) fn inspect(&self, v: &Term) -> String {
        self.inspect_with(v, InspectOpts::DEFAULT, None)
    }

    /// `inspect(v, opts)`, pids and task references named as [`Cx::inspect`] names them,
    /// laid out in lines of `width` (`None`: one line; [`Term::inspect_pretty`]).
    pub(crate) fn inspect_with(&self, v: &Term, opts: InspectOpts, width: Option<usize>) -> String {
        self.m.rec(|r| r.named(v).inspect_pretty(opts, width))
    }
}

/// `args`, with a map of more than 32 keys given to an `Enum` function that 1.14 builds on
/// `Enum.reduce/3` (so on `:maps.fold/3`) replaced by its `{key, value}` pairs in that
/// walk's order, the reverse of the order `:maps.to_list/1`, the `Enumerable` protocol
/// and everything else go by (semantics §5.20).
fn in_fold_order(b: Builtin, args: &mut [Term]) {
    use Builtin as B;
    // `Enum.concat/1,2` reduces each enumerable it is given.
    if b == B::EnumConcat {
        for a in args.iter_mut() {
            match a {
                Term::List(items) if items.iter().any(is_large_map) => {
                    let mut each: Vec<Term> = items.iter().cloned().collect();
                    each.iter_mut().for_each(fold_listed);
                    *a = Term::list(each);
                }
                a => fold_listed(a),
            }
        }
        return;
    }
    let Some(first) = args.first() else {
        return;
    };
    if !is_large_map(first) {
        return;
    }
    let folds = match b {
        B::EnumMap
        | B::EnumEach
        | B::EnumWithIndex
        | B::EnumFilter
        | B::EnumReject
        | B::EnumReverse
        | B::EnumSortBy
        | B::EnumJoin
        | B::EnumMapJoin
        | B::EnumFlatMap
        | B::EnumUniq
        | B::EnumGroupBy
        | B::EnumSplitWith
        | B::EnumUnzip
        | B::EnumDropWhile
        | B::EnumMaxBy
        | B::EnumMinBy
        | B::EnumMinMax
        | B::EnumDedup
        | B::EnumUniqBy
        | B::EnumDedupBy
        | B::EnumFrequenciesBy => true,
        // `Enum.map_reduce/3` of a map is `reduce/3`'s; `chunk_by` goes by the protocol.
        B::EnumMapReduce => true,
        // `Enum.reduce/2` goes by the protocol, `reduce/3` by `:maps.fold/3`; so do
        // `Enum.sort/2` (ties keep their order), `Enum.into/3` and `Map.new/2` (the last
        // of equal keys wins), and `MapSet.new/2`.
        // (Given no function, they fail in a clause that names the map.)
        B::EnumReduce => args.len() == 3,
        // Into `[]` or a plain map (`Enum.map/2` first); any other collectable goes by the
        // protocols.
        B::EnumInto => {
            args.len() == 3
                && is_fun1(&args[2])
                && (args[1] == Term::empty_list() || matches!(args[1], Term::Map(_)))
        }
        B::EnumCount => args.len() == 2,
        B::MapNew | B::MapSetNew => args.len() == 2 && is_fun1(&args[1]),
        B::EnumSort => args.len() == 2,
        // A count of 0 or less lists or slices.
        B::EnumDrop | B::EnumSplit => matches!(args.get(1), Some(Term::Int(n)) if *n > 0),
        _ => false,
    };
    if folds {
        fold_listed(&mut args[0]);
    }
}

fn is_fun1(t: &Term) -> bool {
    as_fun(t).is_some_and(|f| f.arity() == 1)
}

fn is_large_map(t: &Term) -> bool {
    matches!(t, Term::Map(m) if m.len() > sim::map::FLAT)
}

/// A map of more than 32 keys made the list of its pairs in `:maps.fold/3`'s order.
fn fold_listed(t: &mut Term) {
    if let Term::Map(m) = t
        && m.len() > sim::map::FLAT
    {
        let pairs: Vec<Term> = m
            .iter_fold()
            .map(|(k, v)| Term::tuple([k.clone(), v.clone()]))
            .collect();
        *t = Term::list(pairs);
    }
}

/// Pure builtin `b` of `args` (an error for a builtin that is not pure).
fn pure_call(b: Builtin, args: &[Term]) -> Result<Term, Exception> {
    pure::call(b, args)
        .unwrap_or_else(|| Err(value::limit(&format!("{} is not implemented", b.name()))))
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

/// True if `b` is one of the BIFs that spawn (`spawn/1,3`, `spawn_link`, `spawn_monitor`),
/// which check the types of what they are to run.
fn bif_spawn(b: Builtin) -> bool {
    matches!(
        b,
        Builtin::Spawn | Builtin::SpawnLink | Builtin::SpawnMonitor
    )
}

/// True if `b` is a `Task` function whose guards take only a fun of arity 0 or an MFA of
/// the right types (`Task.async`, `Task.start`, `Task.start_link`).
fn guarded(b: Builtin) -> bool {
    matches!(
        b,
        Builtin::TaskAsync | Builtin::TaskStart | Builtin::TaskStartLink
    )
}
