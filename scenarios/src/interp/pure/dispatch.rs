//! The table from [`Builtin`] to the pure implementations. One exhaustive match (the IR's
//! rule: no `_ =>` arm), so a new builtin does not compile until it is placed here, as
//! pure or as the interpreter's.

use super::errors::{R, undef};
use super::{enum_slices, enums, kernel, lists, maps, mapsets, more, strings};
use crate::ir::Builtin;
use sim::Term;

/// An implementation: the evaluated arguments, checked against the table's arities.
type Impl = fn(&[Term]) -> R<Term>;

/// See [`super::call`].
pub(crate) fn call(b: Builtin, args: &[Term]) -> Option<R<Term>> {
    let f = implementation(b, args)?;
    let info = b.info();
    if !(info.min_arity..=info.max_arity).contains(&args.len()) {
        return Some(Err(undef()));
    }
    Some(f(args))
}

/// A closure argument: the interpreter's business.
fn closure(t: Option<&Term>) -> bool {
    matches!(t, Some(Term::Opaque(_)))
}

/// The pure implementation of `b` for these arguments, `None` for the interpreter's.
/// Some builtins are pure at one arity or argument type only: `Enum.count/2`,
/// `Enum.all?/2`, `Enum.any?/2`, `Enum.into/3` and `Map.new/2` take a function;
/// `Enum.sort/2` and `Enum.with_index/2` may (a closure goes to the interpreter, `:desc`
/// or an offset is handled here).
fn implementation(b: Builtin, args: &[Term]) -> Option<Impl> {
    use Builtin as B;
    let with_fun = |arity| args.len() == arity;
    let f: Impl = match b {
        // Kernel.
        B::Node => kernel::node,
        B::ToString => kernel::to_string_1,
        B::Elem => kernel::elem,
        B::PutElem => kernel::put_elem,
        B::TupleSize => kernel::tuple_size,
        B::MapSize => kernel::map_size,
        B::ByteSize => |a| match a {
            [Term::Str(s)] => Ok(Term::Int(s.len() as i64)),
            _ => Err(super::errors::badarg()),
        },
        B::Length => kernel::length,
        B::Hd => kernel::hd,
        B::Tl => kernel::tl,
        B::Abs => kernel::abs,
        B::Div => kernel::div,
        B::Rem => kernel::rem,
        B::Max => kernel::max,
        B::Min => kernel::min,
        B::IsAtom => |a| kernel::is(a, |t| matches!(t, Term::Atom(_))),
        B::IsBinary => |a| kernel::is(a, |t| matches!(t, Term::Str(_))),
        B::IsBoolean => |a| kernel::is(a, kernel::is_boolean),
        B::IsInteger => |a| kernel::is(a, |t| matches!(t, Term::Int(_))),
        B::IsNumber => |a| kernel::is(a, |t| matches!(t, Term::Int(_) | Term::Float(_))),
        B::IsFloat => |a| kernel::is(a, |t| matches!(t, Term::Float(_))),
        B::Round => |a| kernel::to_integer(a, f64::round),
        B::Trunc => |a| kernel::to_integer(a, f64::trunc),
        B::Ceil => |a| kernel::to_integer(a, f64::ceil),
        B::Floor => |a| kernel::to_integer(a, f64::floor),
        B::FloatRound => |a| kernel::float_decimal(a, kernel::Rounding::HalfUp),
        B::FloatFloor => |a| kernel::float_decimal(a, kernel::Rounding::Floor),
        B::FloatCeil => |a| kernel::float_decimal(a, kernel::Rounding::Ceil),
        B::Pow => kernel::pow,
        B::IntegerPow => kernel::integer_pow,
        B::FloatParse => kernel::float_parse,
        B::StringToFloat => kernel::string_to_float,
        B::FloatToString => |a| match a {
            [Term::Float(x)] => Ok(Term::str(&sim::float::to_string(*x))),
            _ => Err(super::errors::function_clause()),
        },
        // A non-number is the BIF's `:badarg`; no real result, `:badarith`.
        B::MathPow => |a| match a {
            [x, y] => match (super::ops::as_float(x), super::ops::as_float(y)) {
                (Some(x), Some(y)) => super::ops::finite(x.powf(y)),
                _ => Err(super::errors::badarg()),
            },
            _ => Err(super::errors::badarg()),
        },
        B::MathSqrt => |a| match a.first().and_then(super::ops::as_float) {
            Some(x) if x >= 0.0 => super::ops::finite(x.sqrt()),
            Some(_) => Err(super::errors::badarith()),
            None => Err(super::errors::badarg()),
        },
        B::IsList => |a| kernel::is(a, |t| matches!(t, Term::List(_))),
        B::IsMap => |a| kernel::is(a, |t| matches!(t, Term::Map(_) | Term::Struct(..))),
        B::IsNil => |a| kernel::is(a, |t| t.is_atom("nil")),
        B::IsPid => |a| kernel::is(a, |t| matches!(t, Term::Pid(_))),
        B::IsReference => |a| kernel::is(a, |t| matches!(t, Term::Ref(_))),
        B::IsTuple => |a| kernel::is(a, |t| matches!(t, Term::Tuple(_))),
        B::IsStruct => kernel::is_struct,
        // Enum.
        B::EnumWithIndex if closure(args.get(1)) => return None,
        B::EnumWithIndex => enum_slices::with_index,
        B::EnumZip => enum_slices::zip,
        B::EnumReverse => enums::reverse,
        B::EnumCount if with_fun(2) => return None,
        B::EnumCount => enums::count,
        B::EnumSum => enums::sum,
        B::EnumMax => enums::max,
        B::EnumMin => enums::min,
        B::EnumSort if closure(args.get(1)) => return None,
        B::EnumSort => enums::sort,
        B::EnumJoin => enums::join,
        B::EnumToList => enums::to_list,
        B::EnumTake => enum_slices::take,
        B::EnumDrop => enum_slices::drop,
        B::EnumAt => enum_slices::at,
        B::EnumMember => enums::member,
        B::EnumAll if with_fun(2) => return None,
        B::EnumAll => enums::all,
        B::EnumAny if with_fun(2) => return None,
        B::EnumAny => enums::any,
        B::EnumEmpty => enums::empty,
        B::EnumUniq => enums::uniq,
        B::EnumConcat => enum_slices::concat,
        B::EnumInto if with_fun(3) => return None,
        B::EnumInto => enum_slices::into,
        B::EnumUnzip => enum_slices::unzip,
        B::EnumMinMax => enums::min_max,
        B::EnumDedup => enums::dedup,
        B::EnumFrequencies => enums::frequencies,
        B::EnumSlice => enum_slices::slice,
        B::EnumChunkEvery => enum_slices::chunk_every,
        // List.
        B::ListFirst => lists::first,
        B::ListLast => lists::last,
        B::ListDuplicate => lists::duplicate,
        B::ListFlatten => lists::flatten,
        B::ListDelete => lists::delete,
        B::ListWrap => lists::wrap,
        B::ListKeyfind => lists::list_keyfind,
        // Map.
        B::MapGet => maps::get,
        B::MapPut => maps::put_3,
        B::MapFetch => maps::fetch,
        B::MapFetchBang => maps::fetch_bang,
        B::MapKeys => maps::keys,
        B::MapValues => maps::values,
        B::MapHasKey => maps::has_key,
        B::MapNew if with_fun(2) => return None,
        B::MapNew => maps::new,
        // MapSet (`new/2`, `filter/2` and `reject/2` take a function).
        B::MapSetNew if with_fun(2) => return None,
        B::MapSetNew => mapsets::new,
        B::MapSetPut => mapsets::put,
        B::MapSetDelete => mapsets::delete,
        B::MapSetMember => mapsets::member,
        B::MapSetSize => mapsets::size,
        B::MapSetToList => mapsets::to_list,
        B::MapSetUnion => mapsets::union,
        B::MapSetIntersection => mapsets::intersection,
        B::MapSetDifference => mapsets::difference,
        B::MapSetSymmetricDifference => mapsets::symmetric_difference,
        B::MapSetSubset => mapsets::subset,
        B::MapSetDisjoint => mapsets::disjoint,
        B::MapSetEqual => mapsets::equal,
        B::MapMerge => maps::merge_2,
        B::MapDelete => maps::delete_2,
        B::MapToList => maps::to_list,
        B::MapPop => maps::pop,
        B::MapReplaceBang => maps::replace_bang,
        B::KeywordGetValues => more::keyword_get_values,
        B::KeywordPop => more::keyword_pop,
        B::TupleAppend => more::tuple_append,
        B::EnumIntersperse => more::intersperse,
        B::StringSplitAt => more::string_split_at,
        B::StringCapitalize => strings::capitalize,
        B::ToCharlist => more::to_charlist,
        B::MapFromStruct => more::map_from_struct,
        B::ListKeystore => more::list_keystore,
        B::ListKeydelete => more::list_keydelete,
        B::ListKeymember => more::list_keymember,
        B::IntegerDigits => more::integer_digits,
        B::IntegerMod => more::integer_mod,
        B::IntegerFloorDiv => more::integer_floor_div,
        B::MapTake => maps::take,
        B::MapDrop => maps::drop,
        // Keyword.
        B::KeywordGet => lists::keyword_get,
        B::KeywordPut => lists::keyword_put,
        B::KeywordFetch => lists::keyword_fetch,
        B::KeywordHasKey => lists::keyword_has_key,
        B::KeywordDelete => lists::keyword_delete,
        B::KeywordMerge => lists::keyword_merge,
        B::KeywordFetchBang => lists::keyword_fetch_bang,
        B::KeywordKeys => lists::keyword_keys,
        B::KeywordValues => lists::keyword_values,
        // Strings, atoms, integers, tuples.
        B::StringLength => strings::length,
        B::StringUpcase => strings::upcase,
        B::StringDowncase => strings::downcase,
        B::StringDuplicate => strings::duplicate,
        B::StringToAtom => strings::to_atom,
        B::StringToInteger => strings::to_integer,
        B::StringContains => strings::contains,
        B::StringStartsWith => strings::starts_with,
        B::StringSplit if args.len() == 3 => more::string_split3,
        B::StringSplit => strings::split,
        B::StringTrim => strings::trim,
        B::IntegerToString => kernel::integer_to_string,
        B::AtomToString => kernel::atom_to_string,
        B::TupleToList => kernel::tuple_to_list,
        B::ListToTuple => kernel::list_to_tuple,
        B::StringReplace => more::string_replace,
        B::StringReverse => more::string_reverse,
        B::StringGraphemes => more::string_graphemes,
        B::StringCodepoints => more::string_codepoints,
        B::StringToCharlist => more::string_to_charlist,
        B::StringEndsWith => strings::ends_with,
        B::StringFirst => more::string_first,
        B::StringLast => more::string_last,
        B::StringAt => more::string_at,
        B::StringPadLeading => more::string_pad_leading,
        B::StringPadTrailing => more::string_pad_trailing,
        B::ListInsertAt => more::list_insert_at,
        B::ListDeleteAt => more::list_delete_at,
        B::ListReplaceAt => more::list_replace_at,
        B::ListZip => more::list_zip,
        B::EnumSplit => more::enum_split,
        B::EnumProduct => more::enum_product,
        B::IntegerParse => more::integer_parse,
        B::MapPutNew => more::map_put_new,
        B::KeywordTake => more::keyword_take,
        B::KeywordDrop => more::keyword_drop,
        B::StringSlice if args.len() == 2 => more::string_slice2,
        B::StringSlice => more::string_slice3,
        // The interpreter's: processes, time, output, closures, exceptions it raises.
        B::SelfPid
        | B::Spawn
        | B::SpawnLink
        | B::SpawnMonitor
        | B::Send
        | B::MakeRef
        | B::Raise
        | B::Throw
        | B::ErlangError
        | B::StreamRun
        | B::StreamMap
        | B::StreamFilter
        | B::StreamReject
        | B::StreamTake
        | B::AccessGet
        | B::Exit
        | B::Inspect
        | B::ExceptionMessage
        | B::Apply
        | B::IsFunction
        | B::ProcessSleep
        | B::SystemMonotonicTime
        | B::ErlangMonotonicTime
        | B::TimerSleep
        | B::RandUniform
        | B::EnumRandom
        | B::EnumShuffle
        | B::EnumTakeRandom
        | B::ProcessSendAfter
        | B::ProcessCancelTimer
        | B::ProcessMonitor
        | B::ProcessDemonitor
        | B::ProcessLink
        | B::ProcessUnlink
        | B::ProcessFlag
        | B::ProcessExit
        | B::ProcessAlive
        | B::ProcessWhereis
        | B::ProcessRegister
        | B::ProcessUnregister
        | B::ProcessInfo
        | B::ProcessPut
        | B::ProcessGet
        | B::ProcessDelete
        | B::ProcessSend
        | B::ProcLibInitialCall
        | B::GlobalWhereisName
        | B::IoPuts
        | B::IoInspect
        | B::TaskAsync
        | B::TaskAwait
        | B::TaskYield
        | B::TaskYieldMany
        | B::TaskAwaitMany
        | B::TaskShutdown
        | B::TaskIgnore
        | B::TaskStart
        | B::TaskStartLink
        | B::TaskCompleted
        | B::TaskAsyncStream
        | B::TaskChildSpec
        | B::TaskSupStartLink
        | B::TaskSupStartChild
        | B::TaskSupAsync
        | B::TaskSupAsyncNolink
        | B::TaskSupAsyncStream
        | B::TaskSupAsyncStreamNolink
        | B::TaskSupChildren
        | B::TaskSupTerminateChild
        | B::TaskSupChildSpec
        | B::SupStartLink
        | B::SupInit
        | B::SupStartChild
        | B::SupWhichChildren
        | B::SupCountChildren
        | B::SupTerminateChild
        | B::SupRestartChild
        | B::SupDeleteChild
        | B::SupStop
        | B::SupChildSpec
        | B::DynStartLink
        | B::DynInit
        | B::DynStartChild
        | B::DynWhichChildren
        | B::DynCountChildren
        | B::DynTerminateChild
        | B::DynStop
        | B::GenStartLink
        | B::GenStart
        | B::GenCall
        | B::GenCast
        | B::GenReply
        | B::GenStop
        | B::GenWhereis
        | B::EnumMap
        | B::EnumEach
        | B::EnumReduce
        | B::EnumReduceWhile
        | B::EnumFilter
        | B::EnumReject
        | B::EnumSortBy
        | B::EnumMapJoin
        | B::EnumFind
        | B::AgentStartLink
        | B::AgentStart
        | B::AgentGet
        | B::AgentUpdate
        | B::AgentGetAndUpdate
        | B::AgentCast
        | B::AgentStop
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
        | B::MapSetFilter
        | B::MapSetReject
        | B::EnumFlatMap
        | B::EnumGroupBy
        | B::EnumSplitWith
        | B::ListFoldl
        | B::ListFoldr
        | B::MapUpdate
        | B::MapUpdateBang => return None,
    };
    Some(f)
}
