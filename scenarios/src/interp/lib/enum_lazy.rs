//! The `Stream` functions, and the `Enum` functions without a function argument given a
//! stream: those that stop early (`Enum.take`, `Enum.at`, `Enum.member?`, `Enum.empty?`,
//! `Enum.all?/1`, `Enum.any?/1`) halt it where Elixir 1.14's do (right after the element that
//! decides; the stream kills its running tasks); `Enum.zip` pulls its enumerables in turn
//! and halts the others when one is done; the rest enumerate it to the end and then do what
//! they do to a list.

use super::super::machine::Cx;
use super::super::pure;
use super::super::value::{self, as_fun};
use super::arg_or;
use super::streams::{Lazy, Puller, is_lazy};
use crate::ir::Builtin;
use model::task_stream::Step;
use sim::{List, Term};

/// How a library function consumes an enumerable argument that is a stream.
enum Consumes {
    /// Not an `Enum` function: the stream is an ordinary (non-enumerable) value to it.
    Nothing,
    /// Every stream argument is enumerated to the end, in order, then the function runs on
    /// the lists.
    Whole,
    /// The first argument, until the element that decides.
    Until(Until),
    /// `Enum.zip`: one element of each in turn.
    Zip,
    /// `Enum.concat`: each enumerable to the end, in order (in a list for `concat/1`).
    Concat,
    /// `Map.take/2`, `Map.drop/2`: the keys only (a stream given as the map is a struct
    /// to them, not run).
    Keys,
}

/// Where an `Enum` function stops.
enum Until {
    /// `Enum.take(s, n)`, `n > 0`: after the n-th element.
    Take,
    /// `Enum.at(s, i)`, `i >= 0`: after element i.
    At,
    /// `Enum.member?(s, x)`: at `x`.
    Member,
    /// `Enum.empty?(s)`: at the first element.
    Empty,
    /// `Enum.all?(s)`: at a falsy element.
    All,
    /// `Enum.any?(s)`: at a truthy element.
    Any,
    /// `Enum.slice(s, start, n)`, `start >= 0`: after element `start + n - 1` (none for
    /// `n == 0`); `Enum.slice(s, first..last)` with `0 <= first <= last`: after element
    /// `last`.
    Slice,
    /// `Enum.chunk_every(s, count, step, ...)`: nothing, if its guard fails; else the
    /// whole stream.
    ChunkEvery,
}

/// How `b` consumes a stream given where it takes an enumerable (without a function
/// argument: those go through [`Cx::enum_with_fun`], element by element).
fn consumes(b: Builtin) -> Consumes {
    use Builtin as B;
    match b {
        B::EnumTake => Consumes::Until(Until::Take),
        B::EnumAt => Consumes::Until(Until::At),
        B::EnumMember => Consumes::Until(Until::Member),
        B::EnumEmpty => Consumes::Until(Until::Empty),
        B::EnumAll => Consumes::Until(Until::All),
        B::EnumAny => Consumes::Until(Until::Any),
        B::EnumSlice => Consumes::Until(Until::Slice),
        B::MapTake | B::MapDrop => Consumes::Keys,
        B::EnumChunkEvery => Consumes::Until(Until::ChunkEvery),
        B::EnumZip => Consumes::Zip,
        B::EnumConcat => Consumes::Concat,
        B::EnumReverse
        | B::EnumCount
        | B::EnumSum
        | B::EnumMax
        | B::EnumMin
        | B::EnumSort
        | B::EnumJoin
        | B::EnumToList
        | B::EnumDrop
        | B::EnumUniq
        | B::EnumInto
        | B::EnumUnzip
        | B::EnumWithIndex
        | B::EnumMinMax
        | B::EnumDedup
        | B::EnumFrequencies
        | B::EnumRandom
        | B::EnumShuffle
        | B::EnumTakeRandom
        | B::MapSetNew
        | B::EnumIntersperse
        | B::MapNew => Consumes::Whole,
        B::SelfPid
        | B::Node
        | B::Spawn
        | B::SpawnLink
        | B::SpawnMonitor
        | B::Send
        | B::MakeRef
        | B::Raise
        | B::Throw
        | B::ErlangError
        | B::Exit
        | B::Inspect
        | B::ExceptionMessage
        | B::ToString
        | B::Apply
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
        | B::ProcessSleep
        | B::SystemMonotonicTime
        | B::ErlangMonotonicTime
        | B::RandUniform
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
        | B::MapSetReject
        | B::TimerSleep
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
        | B::StreamRun
        | B::StreamMap
        | B::StreamFilter
        | B::StreamReject
        | B::StreamTake
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
        | B::EnumFlatMap
        | B::EnumGroupBy
        | B::EnumSplitWith
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
        | B::MapMerge
        | B::MapUpdate
        | B::MapUpdateBang
        | B::MapDelete
        | B::MapPop
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
        | B::IntegerFloorDiv => Consumes::Nothing,
    }
}

/// True if `args` hold a stream where `b` takes an enumerable.
pub(super) fn has_stream(b: Builtin, args: &[Term]) -> bool {
    match consumes(b) {
        Consumes::Nothing => false,
        Consumes::Whole | Consumes::Until(_) => args.iter().any(is_lazy),
        Consumes::Keys => args.get(1).is_some_and(is_lazy),
        Consumes::Zip | Consumes::Concat => args.iter().any(|a| match a {
            Term::List(items) if args.len() == 1 => items.iter().any(is_lazy),
            a => is_lazy(a),
        }),
    }
}

impl Cx {
    /// Pure builtin `b` with a stream among its enumerable arguments ([`has_stream`]).
    pub(super) async fn enum_over_stream(&self, b: Builtin, mut args: Vec<Term>) -> Term {
        match consumes(b) {
            Consumes::Until(until) => {
                if let Some(v) = self.enum_until(until, &args).await {
                    return v;
                }
                // A negative count or index: the whole stream, then as for a list.
                self.whole(&mut args).await;
            }
            Consumes::Zip => {
                let enums = match args.as_slice() {
                    [Term::List(enums)] => enums.to_vec(),
                    _ => args,
                };
                return self.zip(enums).await;
            }
            Consumes::Concat => match args.as_mut_slice() {
                [Term::List(enums)] => {
                    let mut each = enums.to_vec();
                    self.whole(&mut each).await;
                    *enums = List::from(each);
                }
                _ => self.whole(&mut args).await,
            },
            Consumes::Keys => self.whole(&mut args[1..]).await,
            Consumes::Whole | Consumes::Nothing => self.whole(&mut args).await,
        }
        self.pure(b, &args).await
    }

    /// Each stream in `args` enumerated to the end, in order, in its place.
    async fn whole(&self, args: &mut [Term]) {
        for a in args.iter_mut() {
            if is_lazy(a) {
                *a = Term::list(self.to_vec(a).await);
            }
        }
    }

    /// The `Enum` functions that stop early; `None` for a negative count or index (they
    /// enumerate the whole stream).
    async fn enum_until(&self, until: Until, args: &[Term]) -> Option<Term> {
        let s = arg_or(args, 0, Term::nil());
        let arg = arg_or(args, 1, Term::nil());
        Some(match until {
            Until::Take => {
                let Term::Int(n) = arg else {
                    return Some(self.throw(value::function_clause()).await);
                };
                if n < 0 {
                    return None;
                }
                let mut out = Vec::new();
                // `Enum.take(_, 0)` is `[]` without enumerating.
                if n > 0 {
                    self.each(&s, async |x| {
                        out.push(x);
                        if out.len() as i64 == n {
                            Step::Halt
                        } else {
                            Step::Cont
                        }
                    })
                    .await;
                }
                Term::list(out)
            }
            Until::At => {
                let Term::Int(i) = arg else {
                    return Some(self.throw(value::function_clause()).await);
                };
                if i < 0 {
                    return None;
                }
                let (mut seen, mut found) = (0, None);
                self.each(&s, async |x| {
                    if seen == i {
                        found = Some(x);
                        return Step::Halt;
                    }
                    seen += 1;
                    Step::Cont
                })
                .await;
                found.unwrap_or_else(|| arg_or(args, 2, Term::nil()))
            }
            Until::ChunkEvery => {
                let positive = |t: Option<&Term>| matches!(t, Some(Term::Int(n)) if *n > 0);
                let step = args.get(2).or(args.get(1));
                if !positive(args.get(1)) || !positive(step) {
                    return Some(self.throw(value::function_clause()).await);
                }
                return None;
            }
            Until::Slice if args.len() == 2 => {
                // A range: its guards first (the list slice checks them before the
                // enumerable), then up to `last` when both ends count from the start;
                // else the whole stream, as for a list.
                let bounds = pure::range_bounds(&arg).map(|(first, last, step)| {
                    let step = if step == -1 && first > last { 1 } else { step };
                    (first, last, step)
                });
                let Some((first, last, _)) = bounds.filter(|b| b.2 > 0) else {
                    return Some(self.pure(Builtin::EnumSlice, args).await);
                };
                if first < 0 || last < first {
                    return None;
                }
                let wanted = last.saturating_add(1);
                let mut taken = Vec::new();
                self.each(&s, async |x| {
                    taken.push(x);
                    if taken.len() as i64 >= wanted {
                        Step::Halt
                    } else {
                        Step::Cont
                    }
                })
                .await;
                return Some(
                    self.pure(Builtin::EnumSlice, &[Term::list(taken), arg])
                        .await,
                );
            }
            Until::Slice => {
                // A negative start: the whole stream, then as for a list. Arguments that
                // are not integers fail the guard before the stream is touched.
                let (Term::Int(start), Some(Term::Int(n))) = (arg, args.get(2)) else {
                    return Some(self.throw(value::function_clause()).await);
                };
                if *n < 0 {
                    return Some(self.throw(value::function_clause()).await);
                }
                if *n == 0 {
                    // `slice(_, start, 0)` is `[]` before anything else.
                    return Some(Term::empty_list());
                }
                if start < 0 {
                    return None;
                }
                let wanted = start.saturating_add(*n);
                let mut taken = Vec::new();
                if *n > 0 {
                    self.each(&s, async |x| {
                        taken.push(x);
                        if taken.len() as i64 == wanted {
                            Step::Halt
                        } else {
                            Step::Cont
                        }
                    })
                    .await;
                }
                Term::List(taken.into_iter().skip(start as usize).collect())
            }
            Until::Member | Until::Empty | Until::All | Until::Any => {
                // Each answers `Some(answer)` at the element that decides.
                let decide = |x: &Term| match until {
                    Until::Member => (*x == arg).then_some(true),
                    Until::Empty => Some(false),
                    Until::All => (!pure::truthy(x)).then_some(false),
                    Until::Any => pure::truthy(x).then_some(true),
                    Until::Take | Until::At | Until::Slice | Until::ChunkEvery => {
                        unreachable!("handled above")
                    }
                };
                let mut answer = None;
                self.each(&s, async |x| {
                    answer = decide(&x);
                    if answer.is_some() {
                        Step::Halt
                    } else {
                        Step::Cont
                    }
                })
                .await;
                let otherwise = matches!(until, Until::Empty | Until::All);
                Term::bool(answer.unwrap_or(otherwise))
            }
        })
    }

    /// `Enum.zip(enums)` (1.14 `Stream.zip_with/2`): one element of each enumerable in turn;
    /// when one is done, every other one is halted, in order, and the zip ends.
    ///
    /// Deviation: an exception raised while an enumerable is pulled does not halt the
    /// enumerables again (1.14 halts them all, that one from its previous element).
    async fn zip(&self, enums: Vec<Term>) -> Term {
        let mut pullers: Vec<Puller<'_>> =
            enums.into_iter().map(|e| Puller::new(self, e)).collect();
        let mut rows = Vec::new();
        if pullers.is_empty() {
            return Term::list(rows);
        }
        loop {
            let mut row = Vec::with_capacity(pullers.len());
            for i in 0..pullers.len() {
                let Some(x) = pullers[i].next().await else {
                    for (j, p) in pullers.iter_mut().enumerate() {
                        if j != i {
                            p.halt().await;
                        }
                    }
                    return Term::list(rows);
                };
                row.push(x);
            }
            rows.push(Term::tuple(row));
        }
    }

    /// `Stream.map(enum, fun)`, `Stream.filter` (`keep` `Some(true)`), `Stream.reject`
    /// (`Some(false)`): a lazy enumerable.
    pub(super) async fn stream_with_fun(&self, args: &[Term], keep: Option<bool>) -> Term {
        let (source, f) = (arg_or(args, 0, Term::nil()), arg_or(args, 1, Term::nil()));
        let Some(f) = as_fun(&f).filter(|f| f.arity() == 1) else {
            return self.throw(value::function_clause()).await;
        };
        match keep {
            None => Lazy::Map(source, f),
            Some(keep) => Lazy::Filter(source, f, keep),
        }
        .into_term()
    }

    /// `Stream.take(enum, n)`.
    pub(super) async fn stream_take(&self, args: &[Term]) -> Term {
        let source = arg_or(args, 0, Term::nil());
        match arg_or(args, 1, Term::nil()) {
            Term::Int(0) => Lazy::Empty.into_term(),
            Term::Int(n) if n > 0 => Lazy::Take(source, n as usize).into_term(),
            Term::Int(_) => {
                self.throw(value::limit(
                    "Stream.take with a negative count is not supported",
                ))
                .await
            }
            _ => self.throw(value::function_clause()).await,
        }
    }

    /// `Stream.run(enum)`: enumerates it to the end for its effects.
    pub(super) async fn stream_run(&self, args: &[Term]) -> Term {
        let s = arg_or(args, 0, Term::nil());
        self.each(&s, async |_| Step::Cont).await;
        Term::atom("ok")
    }
}
