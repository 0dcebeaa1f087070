//! The library calls, as Elixir: the real function wherever the VM needs nothing more, the
//! runtime (`OtpsimIr.b_<name>(label, [args])`) wherever it must name the process a call
//! starts, rewrite child specs, or observe; a registered name goes through
//! `OtpsimIr.reg/1` wherever a call takes one.
//!
//! [`shape`] is the one table: [`call`] writes a call from it, and [`dispatcher`] writes
//! the module `OtpsimIr.Lib` from it, through which the runtime calls a library function it
//! only knows at run time (a child's `start: {Task, :start_link, [f]}`, `mod.fun(..)` with
//! `mod` a variable, `apply/3`), exactly as the emitted code would have called it.

use super::R;
use crate::elixir::spelling::str_src;
use crate::ir::Builtin;
use std::fmt::Write as _;

/// How a builtin is written.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Shape {
    /// `Module.fun(args)`: the VM needs nothing more.
    Plain,
    /// `Module.fun(args)` with argument `i` a process reference: a registered name in it
    /// goes through `OtpsimIr.reg/1` (programs of a batch share the VM's names).
    Ref(usize),
    /// `OtpsimIr.b_<name>(label, [args])`: the runtime names what it starts, or observes.
    Runtime(&'static str),
}

/// The label a call names what it starts after.
#[derive(Copy, Clone, Debug)]
pub(super) enum Label<'a> {
    /// Known when emitting: the call's binding, or (`None`) the builtin's default.
    Static(Option<&'a str>),
    /// The variable `label` of the dispatcher (`nil`: the builtin's default).
    Var,
}

fn shape(b: Builtin) -> Shape {
    use Builtin as B;
    use Shape::{Plain, Ref, Runtime};
    match b {
        B::SelfPid | B::Node | B::MakeRef | B::Raise | B::Throw | B::Exit | B::ExceptionMessage => {
            Plain
        }
        B::Spawn => Runtime("spawn"),
        B::SpawnLink => Runtime("spawn_link"),
        B::SpawnMonitor => Runtime("spawn_monitor"),
        B::Send => Ref(0),
        B::Inspect => Runtime("inspect"),
        B::ToString => Runtime("to_string"),
        B::Apply => Runtime("apply"),
        B::Elem
        | B::PutElem
        | B::TupleSize
        | B::MapSize
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
        | B::IsFunction
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
        | B::AccessGet
        | B::ByteSize
        | B::ErlangError => Plain,

        B::ProcessSleep | B::TimerSleep | B::ProcessCancelTimer => Plain,
        B::SystemMonotonicTime | B::ErlangMonotonicTime => Plain,
        B::RandUniform | B::EnumRandom | B::EnumShuffle | B::EnumTakeRandom => Plain,
        B::MapSetNew
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
        | B::MapSetEqual
        | B::MapSetFilter
        | B::MapSetReject => Plain,
        B::ProcessSendAfter | B::ProcessMonitor | B::ProcessSend => Ref(0),
        B::ProcessDemonitor
        | B::ProcessLink
        | B::ProcessUnlink
        | B::ProcessFlag
        | B::ProcessExit
        | B::ProcessAlive
        | B::ProcessInfo
        | B::ProcessPut
        | B::ProcessGet
        | B::ProcessDelete => Plain,
        B::ProcessWhereis | B::ProcessUnregister | B::GlobalWhereisName => Ref(0),
        B::ProcLibInitialCall => Plain,
        B::ProcessRegister => Ref(1),

        B::IoPuts => Runtime("puts"),
        B::IoInspect => Runtime("io_inspect"),

        B::TaskAsync => Runtime("task_async"),
        B::TaskStart => Runtime("task_start"),
        B::TaskStartLink => Runtime("task_start_link"),
        B::TaskAwait
        | B::TaskYield
        | B::TaskYieldMany
        | B::TaskAwaitMany
        | B::TaskShutdown
        | B::TaskIgnore
        | B::TaskCompleted
        | B::TaskChildSpec => Plain,
        // The runtime names the stream's processes as the simulator does.
        B::TaskAsyncStream => Runtime("task_async_stream"),
        B::TaskSupAsyncStream => Runtime("tsup_async_stream"),
        B::TaskSupAsyncStreamNolink => Runtime("tsup_async_stream_nolink"),
        B::StreamRun | B::StreamMap | B::StreamFilter | B::StreamReject | B::StreamTake => Plain,

        B::TaskSupStartLink => Runtime("tsup_start_link"),
        B::TaskSupStartChild => Runtime("tsup_start_child"),
        B::TaskSupAsync => Runtime("tsup_async"),
        B::TaskSupAsyncNolink => Runtime("tsup_async_nolink"),
        B::TaskSupChildren | B::TaskSupTerminateChild => Ref(0),
        B::TaskSupChildSpec => Plain,

        B::SupStartLink => Runtime("sup_start_link"),
        B::SupStartChild => Runtime("sup_start_child"),
        B::SupInit | B::SupChildSpec => Plain,
        B::SupWhichChildren
        | B::SupCountChildren
        | B::SupTerminateChild
        | B::SupRestartChild
        | B::SupDeleteChild
        | B::SupStop => Ref(0),

        B::DynStartLink => Runtime("dyn_start_link"),
        B::DynStartChild => Runtime("dyn_start_child"),
        B::DynInit => Plain,
        B::DynWhichChildren | B::DynCountChildren | B::DynTerminateChild | B::DynStop => Ref(0),

        B::GenStartLink => Runtime("gen_start_link"),
        B::GenStart => Runtime("gen_start"),
        B::AgentStartLink => Runtime("agent_start_link"),
        B::AgentStart => Runtime("agent_start"),
        B::AgentGet | B::AgentUpdate | B::AgentGetAndUpdate | B::AgentCast | B::AgentStop => Ref(0),
        B::GenCall | B::GenCast | B::GenStop | B::GenWhereis => Ref(0),
        B::GenReply => Plain,

        B::AtomToString => Runtime("atom_to_string"),
        B::EnumMap
        | B::EnumEach
        | B::EnumReduce
        | B::EnumReduceWhile
        | B::EnumWithIndex
        | B::EnumFilter
        | B::EnumReject
        | B::EnumZip
        | B::EnumReverse
        | B::EnumCount
        | B::EnumSum
        | B::EnumMax
        | B::EnumMin
        | B::EnumSort
        | B::EnumSortBy
        | B::EnumJoin
        | B::EnumMapJoin
        | B::EnumToList
        | B::EnumTake
        | B::EnumDrop
        | B::EnumAt
        | B::EnumMember
        | B::EnumFind
        | B::EnumTakeWhile
        | B::EnumDropWhile
        | B::EnumMapReduce
        | B::EnumUniqBy
        | B::EnumChunkBy
        | B::EnumZipWith
        | B::EnumDedupBy
        | B::EnumFrequenciesBy
        | B::MapMergeWith
        | B::EnumFindValue
        | B::GetIn
        | B::PutIn
        | B::UpdateIn
        | B::EnumFindIndex
        | B::EnumMaxBy
        | B::EnumMinBy
        | B::MapFilter
        | B::MapReject
        | B::EnumAll
        | B::EnumAny
        | B::EnumEmpty
        | B::EnumFlatMap
        | B::EnumUniq
        | B::EnumConcat
        | B::EnumInto
        | B::EnumGroupBy
        | B::EnumSplitWith
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
        | B::ListFoldl
        | B::ListFoldr
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
        | B::MapNew
        | B::MapMerge
        | B::MapUpdate
        | B::MapUpdateBang
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
        | B::EnumIntersperse => Plain,
    }
}

/// `Module.fun` as the emitted code calls it (`Kernel` functions bare).
fn callee(b: Builtin) -> String {
    let i = b.info();
    match i.module {
        // An operator (`**`) is called through its module.
        "Kernel" if !i.function.starts_with(|c: char| c.is_ascii_alphabetic()) => {
            format!("Kernel.{}", i.function)
        }
        "Kernel" => i.function.to_string(),
        m => format!("{m}.{}", i.function),
    }
}

/// The label expression a runtime call gets: the call's, or the builtin's default (`nil`
/// for a builtin that starts no process).
fn label_src(b: Builtin, label: Label<'_>) -> String {
    let Some(default) = b.info().spawns else {
        return "nil".to_string();
    };
    // A start_link that registers a name is called by it unless its value is bound: the
    // runtime knows the name (`named/3`), so it gets `nil` for "no binding".
    let registers = matches!(
        b,
        Builtin::GenStartLink
            | Builtin::GenStart
            | Builtin::AgentStartLink
            | Builtin::AgentStart
            | Builtin::SupStartLink
            | Builtin::DynStartLink
            | Builtin::TaskSupStartLink
            // (its child: called by the binding unless its id is an atom someone chose)
            | Builtin::DynStartChild
    );
    match label {
        Label::Static(None) if registers => "nil".to_string(),
        Label::Var if registers => "label".to_string(),
        Label::Static(l) => str_src(l.unwrap_or(default)),
        Label::Var => format!("label || {}", str_src(default)),
    }
}

/// A call of `b` with `args` (Elixir expressions).
pub(super) fn call(b: Builtin, args: &[String], label: Label<'_>) -> R {
    Ok(match shape(b) {
        Shape::Plain => format!("{}({})", callee(b), args.join(", ")),
        Shape::Ref(i) => {
            let args: Vec<String> = args
                .iter()
                .enumerate()
                .map(|(k, a)| {
                    if k == i {
                        format!("OtpsimIr.reg({a})")
                    } else {
                        a.clone()
                    }
                })
                .collect();
            format!("{}({})", callee(b), args.join(", "))
        }
        Shape::Runtime(f) => format!(
            "OtpsimIr.b_{f}({}, [{}])",
            label_src(b, label),
            args.join(", ")
        ),
    })
}

/// The module atom of `b` as Elixir source (`Task.Supervisor`, `:timer`, `Kernel`).
fn module_src(b: Builtin) -> &'static str {
    b.info().module
}

/// The module `OtpsimIr.Lib`: `call(module, function, args, label)` runs a library function
/// known only at run time as the emitted code runs it (every builtin that is not
/// `Shape::Plain`; the rest, and functions outside the library, by `apply/3`).
pub fn dispatcher() -> String {
    let mut s = String::from(
        "defmodule OtpsimIr.Lib do\n  @moduledoc false\n  # Generated from the builtin table (emit_ir/builtins.rs).\n",
    );
    for &b in Builtin::ALL {
        let i = b.info();
        if shape(b) == Shape::Plain {
            continue;
        }
        for arity in i.min_arity..=i.max_arity {
            let args: Vec<String> = (0..arity).map(|k| format!("a{k}")).collect();
            let body = call(b, &args, Label::Var).expect("not unsupported");
            let uses_label = body.contains("label");
            let _ = writeln!(
                s,
                "\n  def call({}, :{}, [{}], {}) do\n    {body}\n  end",
                module_src(b),
                i.function,
                args.join(", "),
                if uses_label { "label" } else { "_label" }
            );
        }
    }
    s.push_str("\n  def call(m, f, args, _label), do: apply(m, f, args)\nend\n");
    s
}
