//! The library the interpreter implements: every function a program may call that is not
//! its own. One table: the lowering resolves `Mod.fun(args)` through it, the interpreter
//! dispatches on it, the emitter writes each back as `Mod.fun`.

/// What the table knows of a builtin.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct BuiltinInfo {
    /// The module as written in Elixir: `Task`, `Task.Supervisor`, `Kernel`, `:timer`.
    pub module: &'static str,
    /// The function.
    pub function: &'static str,
    /// Fewest arguments.
    pub min_arity: usize,
    /// Most arguments (default arguments fill the rest).
    pub max_arity: usize,
    /// Allowed in guards (pure, total or raising only `ArgumentError`-like errors, which a
    /// guard turns into `false`).
    pub guard: bool,
    /// Starts a process: the name it gets when the call has no binding to name it after.
    pub spawns: Option<&'static str>,
}

macro_rules! builtins {
    ($( $(#[$doc:meta])* $name:ident = ($module:literal, $fun:literal, $min:literal, $max:literal $(, $flag:ident $(= $arg:literal)?)* ) ),* $(,)?) => {
        /// A function of the library (see [`BuiltinInfo`] via [`Builtin::info`]).
        #[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Builtin {
            $( $(#[$doc])* #[doc = concat!("`", $module, ".", $fun, "`")] $name ),*
        }

        impl Builtin {
            /// Every builtin.
            pub const ALL: &'static [Builtin] = &[$(Builtin::$name),*];

            /// Every builtin's entry, in the order of [`Builtin::ALL`] (a variant's number is
            /// its index).
            const INFO: &'static [BuiltinInfo] = &[$({
                #[allow(unused_mut)]
                let mut info = BuiltinInfo {
                    module: $module,
                    function: $fun,
                    min_arity: $min,
                    max_arity: $max,
                    guard: false,
                    spawns: None,
                };
                $( builtins!(@flag info, $flag $(= $arg)?, $fun); )*
                info
            }),*];

            /// Its entry in the table (read on every call the interpreter makes: one
            /// index, not a copy out of a match).
            pub fn info(self) -> &'static BuiltinInfo {
                &Self::INFO[self as usize]
            }
        }
    };
    (@flag $info:ident, guard, $fun:literal) => { $info.guard = true; };
    (@flag $info:ident, spawns, $fun:literal) => { $info.spawns = Some($fun); };
    (@flag $info:ident, spawns = $label:literal, $fun:literal) => { $info.spawns = Some($label); };
}

builtins! {
    // Kernel (imported: callable without the module).
    SelfPid = ("Kernel", "self", 0, 0, guard),
    Node = ("Kernel", "node", 0, 1, guard),
    Spawn = ("Kernel", "spawn", 1, 3, spawns),
    SpawnLink = ("Kernel", "spawn_link", 1, 3, spawns),
    SpawnMonitor = ("Kernel", "spawn_monitor", 1, 3, spawns),
    Send = ("Kernel", "send", 2, 2),
    MakeRef = ("Kernel", "make_ref", 0, 0),
    Raise = ("Kernel", "raise", 1, 2),
    Throw = ("Kernel", "throw", 1, 1),
    ErlangError = (":erlang", "error", 1, 1),
    Exit = ("Kernel", "exit", 1, 1),
    Inspect = ("Kernel", "inspect", 1, 2),
    ToString = ("Kernel", "to_string", 1, 1),
    Apply = ("Kernel", "apply", 2, 3),
    Elem = ("Kernel", "elem", 2, 2, guard),
    PutElem = ("Kernel", "put_elem", 3, 3),
    TupleSize = ("Kernel", "tuple_size", 1, 1, guard),
    MapSize = ("Kernel", "map_size", 1, 1, guard),
    ByteSize = ("Kernel", "byte_size", 1, 1, guard),
    Length = ("Kernel", "length", 1, 1, guard),
    Hd = ("Kernel", "hd", 1, 1, guard),
    Tl = ("Kernel", "tl", 1, 1, guard),
    Abs = ("Kernel", "abs", 1, 1, guard),
    Div = ("Kernel", "div", 2, 2, guard),
    Rem = ("Kernel", "rem", 2, 2, guard),
    Max = ("Kernel", "max", 2, 2, guard),
    Min = ("Kernel", "min", 2, 2, guard),
    IsAtom = ("Kernel", "is_atom", 1, 1, guard),
    IsBinary = ("Kernel", "is_binary", 1, 1, guard),
    IsBoolean = ("Kernel", "is_boolean", 1, 1, guard),
    IsFunction = ("Kernel", "is_function", 1, 2, guard),
    IsInteger = ("Kernel", "is_integer", 1, 1, guard),
    IsList = ("Kernel", "is_list", 1, 1, guard),
    IsMap = ("Kernel", "is_map", 1, 1, guard),
    IsNil = ("Kernel", "is_nil", 1, 1, guard),
    IsNumber = ("Kernel", "is_number", 1, 1, guard),
    IsPid = ("Kernel", "is_pid", 1, 1, guard),
    IsReference = ("Kernel", "is_reference", 1, 1, guard),
    IsTuple = ("Kernel", "is_tuple", 1, 1, guard),
    IsStruct = ("Kernel", "is_struct", 1, 2, guard),

    AccessGet = ("Access", "get", 2, 3),

    // Process and timers.
    ProcessSleep = ("Process", "sleep", 1, 1),
    SystemMonotonicTime = ("System", "monotonic_time", 0, 1),
    ErlangMonotonicTime = (":erlang", "monotonic_time", 0, 1),
    TimerSleep = (":timer", "sleep", 1, 1),
    ProcessSendAfter = ("Process", "send_after", 3, 4),
    ProcessCancelTimer = ("Process", "cancel_timer", 1, 2),
    ProcessMonitor = ("Process", "monitor", 1, 1),
    ProcessDemonitor = ("Process", "demonitor", 1, 2),
    ProcessLink = ("Process", "link", 1, 1),
    ProcessUnlink = ("Process", "unlink", 1, 1),
    ProcessFlag = ("Process", "flag", 2, 2),
    ProcessExit = ("Process", "exit", 2, 2),
    ProcessAlive = ("Process", "alive?", 1, 1),
    ProcessWhereis = ("Process", "whereis", 1, 1),
    ProcessRegister = ("Process", "register", 2, 2),
    ProcessUnregister = ("Process", "unregister", 1, 1),
    ProcessInfo = ("Process", "info", 2, 2),
    ProcessPut = ("Process", "put", 2, 2),
    ProcessGet = ("Process", "get", 1, 2),
    ProcessDelete = ("Process", "delete", 1, 1),
    ProcessSend = ("Process", "send", 3, 3),
    ProcLibInitialCall = (":proc_lib", "initial_call", 1, 1),
    GlobalWhereisName = (":global", "whereis_name", 1, 1),

    // Output.
    IoPuts = ("IO", "puts", 1, 2),
    IoInspect = ("IO", "inspect", 1, 3),
    // Exception.
    ExceptionMessage = ("Exception", "message", 1, 1),

    // Task.
    TaskAsync = ("Task", "async", 1, 3, spawns),
    TaskAwait = ("Task", "await", 1, 2),
    TaskYield = ("Task", "yield", 1, 2),
    TaskYieldMany = ("Task", "yield_many", 1, 2),
    TaskAwaitMany = ("Task", "await_many", 1, 2),
    TaskShutdown = ("Task", "shutdown", 1, 2),
    TaskIgnore = ("Task", "ignore", 1, 1),
    TaskStart = ("Task", "start", 1, 3, spawns),
    TaskStartLink = ("Task", "start_link", 1, 3, spawns),
    TaskCompleted = ("Task", "completed", 1, 1),
    TaskAsyncStream = ("Task", "async_stream", 2, 5, spawns),
    TaskChildSpec = ("Task", "child_spec", 1, 1),

    // Stream (lazy: nothing runs until something enumerates it).
    StreamRun = ("Stream", "run", 1, 1),
    StreamMap = ("Stream", "map", 2, 2),
    StreamFilter = ("Stream", "filter", 2, 2),
    StreamReject = ("Stream", "reject", 2, 2),
    StreamTake = ("Stream", "take", 2, 2),

    // Task.Supervisor.
    TaskSupStartLink = ("Task.Supervisor", "start_link", 0, 1, spawns),
    TaskSupStartChild = ("Task.Supervisor", "start_child", 2, 5, spawns = "task"),
    TaskSupAsync = ("Task.Supervisor", "async", 2, 5, spawns),
    TaskSupAsyncNolink = ("Task.Supervisor", "async_nolink", 2, 5, spawns),
    TaskSupAsyncStream = ("Task.Supervisor", "async_stream", 3, 6, spawns),
    TaskSupAsyncStreamNolink = ("Task.Supervisor", "async_stream_nolink", 3, 6, spawns),
    TaskSupChildren = ("Task.Supervisor", "children", 1, 1),
    TaskSupTerminateChild = ("Task.Supervisor", "terminate_child", 2, 2),
    TaskSupChildSpec = ("Task.Supervisor", "child_spec", 1, 1),

    // Supervisor.
    SupStartLink = ("Supervisor", "start_link", 2, 3, spawns),
    SupInit = ("Supervisor", "init", 2, 2),
    SupStartChild = ("Supervisor", "start_child", 2, 2, spawns),
    SupWhichChildren = ("Supervisor", "which_children", 1, 1),
    SupCountChildren = ("Supervisor", "count_children", 1, 1),
    SupTerminateChild = ("Supervisor", "terminate_child", 2, 2),
    SupRestartChild = ("Supervisor", "restart_child", 2, 2),
    SupDeleteChild = ("Supervisor", "delete_child", 2, 2),
    SupStop = ("Supervisor", "stop", 1, 3),
    SupChildSpec = ("Supervisor", "child_spec", 2, 2),

    // DynamicSupervisor.
    DynStartLink = ("DynamicSupervisor", "start_link", 1, 3, spawns),
    DynInit = ("DynamicSupervisor", "init", 1, 1),
    DynStartChild = ("DynamicSupervisor", "start_child", 2, 2, spawns),
    DynWhichChildren = ("DynamicSupervisor", "which_children", 1, 1),
    DynCountChildren = ("DynamicSupervisor", "count_children", 1, 1),
    DynTerminateChild = ("DynamicSupervisor", "terminate_child", 2, 2),
    DynStop = ("DynamicSupervisor", "stop", 1, 3),

    // GenServer.
    GenStartLink = ("GenServer", "start_link", 2, 3, spawns),
    GenStart = ("GenServer", "start", 2, 3, spawns),
    GenCall = ("GenServer", "call", 2, 3),
    GenCast = ("GenServer", "cast", 2, 2),
    GenReply = ("GenServer", "reply", 2, 2),
    GenStop = ("GenServer", "stop", 1, 3),
    GenWhereis = ("GenServer", "whereis", 1, 1),

    // Agent.
    AgentStartLink = ("Agent", "start_link", 1, 2, spawns),
    AgentStart = ("Agent", "start", 1, 2, spawns),
    AgentGet = ("Agent", "get", 2, 3),
    AgentUpdate = ("Agent", "update", 2, 3),
    AgentGetAndUpdate = ("Agent", "get_and_update", 2, 3),
    AgentCast = ("Agent", "cast", 2, 2),
    AgentStop = ("Agent", "stop", 1, 3),

    // Enum (lists, ranges and maps).
    EnumMap = ("Enum", "map", 2, 2),
    EnumEach = ("Enum", "each", 2, 2),
    EnumReduce = ("Enum", "reduce", 2, 3),
    EnumReduceWhile = ("Enum", "reduce_while", 3, 3),
    EnumWithIndex = ("Enum", "with_index", 1, 2),
    EnumFilter = ("Enum", "filter", 2, 2),
    EnumReject = ("Enum", "reject", 2, 2),
    EnumZip = ("Enum", "zip", 1, 2),
    EnumReverse = ("Enum", "reverse", 1, 1),
    EnumCount = ("Enum", "count", 1, 2),
    EnumSum = ("Enum", "sum", 1, 1),
    EnumMax = ("Enum", "max", 1, 1),
    EnumMin = ("Enum", "min", 1, 1),
    EnumSort = ("Enum", "sort", 1, 2),
    EnumSortBy = ("Enum", "sort_by", 2, 3),
    EnumJoin = ("Enum", "join", 1, 2),
    EnumMapJoin = ("Enum", "map_join", 2, 3),
    EnumToList = ("Enum", "to_list", 1, 1),
    EnumTake = ("Enum", "take", 2, 2),
    EnumDrop = ("Enum", "drop", 2, 2),
    EnumAt = ("Enum", "at", 2, 3),
    EnumMember = ("Enum", "member?", 2, 2),
    EnumFind = ("Enum", "find", 2, 3),
    EnumAll = ("Enum", "all?", 1, 2),
    EnumAny = ("Enum", "any?", 1, 2),
    EnumEmpty = ("Enum", "empty?", 1, 1),
    EnumFlatMap = ("Enum", "flat_map", 2, 2),
    EnumUniq = ("Enum", "uniq", 1, 1),
    EnumConcat = ("Enum", "concat", 1, 2),
    EnumInto = ("Enum", "into", 2, 3),
    EnumGroupBy = ("Enum", "group_by", 2, 3),
    EnumSplitWith = ("Enum", "split_with", 2, 2),
    EnumUnzip = ("Enum", "unzip", 1, 1),
    EnumTakeWhile = ("Enum", "take_while", 2, 2),
    EnumDropWhile = ("Enum", "drop_while", 2, 2),
    EnumFindIndex = ("Enum", "find_index", 2, 2),
    EnumMaxBy = ("Enum", "max_by", 2, 2),
    EnumMinBy = ("Enum", "min_by", 2, 2),
    MapFilter = ("Map", "filter", 2, 2),
    MapReject = ("Map", "reject", 2, 2),
    EnumMinMax = ("Enum", "min_max", 1, 1),
    EnumDedup = ("Enum", "dedup", 1, 1),
    EnumFrequencies = ("Enum", "frequencies", 1, 1),
    EnumSlice = ("Enum", "slice", 2, 3),
    EnumChunkEvery = ("Enum", "chunk_every", 2, 4),

    // MapSet (`interp/pure/mapsets.rs`).
    MapSetNew = ("MapSet", "new", 0, 2),
    MapSetPut = ("MapSet", "put", 2, 2),
    MapSetDelete = ("MapSet", "delete", 2, 2),
    MapSetMember = ("MapSet", "member?", 2, 2),
    MapSetSize = ("MapSet", "size", 1, 1),
    MapSetToList = ("MapSet", "to_list", 1, 1),
    MapSetUnion = ("MapSet", "union", 2, 2),
    MapSetIntersection = ("MapSet", "intersection", 2, 2),
    MapSetDifference = ("MapSet", "difference", 2, 2),
    MapSetSymmetricDifference = ("MapSet", "symmetric_difference", 2, 2),
    MapSetSubset = ("MapSet", "subset?", 2, 2),
    MapSetDisjoint = ("MapSet", "disjoint?", 2, 2),
    MapSetEqual = ("MapSet", "equal?", 2, 2),
    MapSetFilter = ("MapSet", "filter", 2, 2),
    MapSetReject = ("MapSet", "reject", 2, 2),

    // Random draws: decisions of the run's chooser (`interp/lib/random.rs`).
    RandUniform = (":rand", "uniform", 1, 1),
    EnumRandom = ("Enum", "random", 1, 1),
    EnumShuffle = ("Enum", "shuffle", 1, 1),
    EnumTakeRandom = ("Enum", "take_random", 2, 2),

    // List.
    ListFirst = ("List", "first", 1, 2),
    ListLast = ("List", "last", 1, 2),
    ListDuplicate = ("List", "duplicate", 2, 2),
    ListFlatten = ("List", "flatten", 1, 1),
    ListFoldl = ("List", "foldl", 3, 3),
    ListFoldr = ("List", "foldr", 3, 3),
    ListDelete = ("List", "delete", 2, 2),
    ListWrap = ("List", "wrap", 1, 1),
    ListKeyfind = ("List", "keyfind", 3, 4),

    // Map.
    MapGet = ("Map", "get", 2, 3),
    MapPut = ("Map", "put", 3, 3),
    MapFetch = ("Map", "fetch", 2, 2),
    MapFetchBang = ("Map", "fetch!", 2, 2),
    MapKeys = ("Map", "keys", 1, 1),
    MapValues = ("Map", "values", 1, 1),
    MapHasKey = ("Map", "has_key?", 2, 2),
    MapNew = ("Map", "new", 0, 2),
    MapMerge = ("Map", "merge", 2, 2),
    MapUpdate = ("Map", "update", 4, 4),
    MapUpdateBang = ("Map", "update!", 3, 3),
    MapDelete = ("Map", "delete", 2, 2),
    MapPop = ("Map", "pop", 2, 3),
    MapTake = ("Map", "take", 2, 2),
    MapDrop = ("Map", "drop", 2, 2),
    MapToList = ("Map", "to_list", 1, 1),

    // Keyword.
    KeywordGet = ("Keyword", "get", 2, 3),
    KeywordPut = ("Keyword", "put", 3, 3),
    KeywordFetch = ("Keyword", "fetch", 2, 2),
    KeywordHasKey = ("Keyword", "has_key?", 2, 2),
    KeywordDelete = ("Keyword", "delete", 2, 2),
    KeywordMerge = ("Keyword", "merge", 2, 2),
    KeywordFetchBang = ("Keyword", "fetch!", 2, 2),
    KeywordKeys = ("Keyword", "keys", 1, 1),
    KeywordValues = ("Keyword", "values", 1, 1),
    KeywordGetValues = ("Keyword", "get_values", 2, 2),
    KeywordPop = ("Keyword", "pop", 2, 3),
    MapReplaceBang = ("Map", "replace!", 3, 3),
    TupleAppend = ("Tuple", "append", 2, 2),
    EnumIntersperse = ("Enum", "intersperse", 2, 2),
    StringSplitAt = ("String", "split_at", 2, 2),
    StringCapitalize = ("String", "capitalize", 1, 1),
    ToCharlist = ("Kernel", "to_charlist", 1, 1),
    MapFromStruct = ("Map", "from_struct", 1, 1),
    ListKeystore = ("List", "keystore", 4, 4),
    ListKeydelete = ("List", "keydelete", 3, 3),
    ListKeymember = ("List", "keymember?", 3, 3),
    IntegerDigits = ("Integer", "digits", 1, 2),
    IntegerMod = ("Integer", "mod", 2, 2),
    IntegerFloorDiv = ("Integer", "floor_div", 2, 2),

    // Strings, atoms, integers, tuples.
    StringLength = ("String", "length", 1, 1),
    StringUpcase = ("String", "upcase", 1, 1),
    StringDowncase = ("String", "downcase", 1, 1),
    StringDuplicate = ("String", "duplicate", 2, 2),
    StringToAtom = ("String", "to_atom", 1, 1),
    StringToInteger = ("String", "to_integer", 1, 1),
    StringContains = ("String", "contains?", 2, 2),
    StringStartsWith = ("String", "starts_with?", 2, 2),
    StringSplit = ("String", "split", 1, 3),
    StringTrim = ("String", "trim", 1, 1),
    IntegerToString = ("Integer", "to_string", 1, 2),
    AtomToString = ("Atom", "to_string", 1, 1),
    TupleToList = ("Tuple", "to_list", 1, 1),
    ListToTuple = ("List", "to_tuple", 1, 1),
    StringReplace = ("String", "replace", 3, 4),
    StringReverse = ("String", "reverse", 1, 1),
    StringSlice = ("String", "slice", 2, 3),
    StringGraphemes = ("String", "graphemes", 1, 1),
    StringCodepoints = ("String", "codepoints", 1, 1),
    StringToCharlist = ("String", "to_charlist", 1, 1),
    StringEndsWith = ("String", "ends_with?", 2, 2),
    StringFirst = ("String", "first", 1, 1),
    StringLast = ("String", "last", 1, 1),
    StringAt = ("String", "at", 2, 2),
    StringPadLeading = ("String", "pad_leading", 2, 3),
    StringPadTrailing = ("String", "pad_trailing", 2, 3),
    ListInsertAt = ("List", "insert_at", 3, 3),
    ListDeleteAt = ("List", "delete_at", 2, 2),
    ListReplaceAt = ("List", "replace_at", 3, 3),
    ListZip = ("List", "zip", 1, 1),
    EnumSplit = ("Enum", "split", 2, 2),
    EnumProduct = ("Enum", "product", 1, 1),
    IntegerParse = ("Integer", "parse", 1, 1),
    MapPutNew = ("Map", "put_new", 3, 3),
    KeywordTake = ("Keyword", "take", 2, 2),
    KeywordDrop = ("Keyword", "drop", 2, 2),
    EnumMapReduce = ("Enum", "map_reduce", 3, 3),
    EnumUniqBy = ("Enum", "uniq_by", 2, 2),
    EnumChunkBy = ("Enum", "chunk_by", 2, 2),
    EnumZipWith = ("Enum", "zip_with", 3, 3),
    EnumDedupBy = ("Enum", "dedup_by", 2, 2),
    EnumFrequenciesBy = ("Enum", "frequencies_by", 2, 2),
    MapMergeWith = ("Map", "merge", 3, 3),
    IsFloat = ("Kernel", "is_float", 1, 1, guard),
    Round = ("Kernel", "round", 1, 1, guard),
    Trunc = ("Kernel", "trunc", 1, 1, guard),
    Ceil = ("Kernel", "ceil", 1, 1, guard),
    Floor = ("Kernel", "floor", 1, 1, guard),
    FloatRound = ("Float", "round", 1, 2),
    FloatToString = ("Float", "to_string", 1, 1),
    MathPow = (":math", "pow", 2, 2),
    MathSqrt = (":math", "sqrt", 1, 1),
    Pow = ("Kernel", "**", 2, 2),
    IntegerPow = ("Integer", "pow", 2, 2),
    FloatFloor = ("Float", "floor", 1, 2),
    FloatCeil = ("Float", "ceil", 1, 2),
    FloatParse = ("Float", "parse", 1, 1),
    StringToFloat = ("String", "to_float", 1, 1),
    EnumFindValue = ("Enum", "find_value", 2, 3),
    GetIn = ("Kernel", "get_in", 2, 2),
    PutIn = ("Kernel", "put_in", 3, 3),
    UpdateIn = ("Kernel", "update_in", 3, 3),
}

impl Builtin {
    /// The builtin `module.function` taking `arity` arguments (`module` as written in
    /// Elixir: `Task.Supervisor`, `:timer`; `Kernel` for the imported ones).
    pub fn lookup(module: &str, function: &str, arity: usize) -> Option<Builtin> {
        Builtin::ALL.iter().copied().find(|b| {
            let i = b.info();
            i.module == module
                && i.function == function
                && (i.min_arity..=i.max_arity).contains(&arity)
        })
    }

    /// A `Kernel` function called without its module (`spawn(f)`, `self()`).
    pub fn imported(function: &str, arity: usize) -> Option<Builtin> {
        Builtin::lookup("Kernel", function, arity)
    }

    /// True if some arity of `module.function` exists (to tell a wrong arity from an
    /// unknown function in messages).
    pub fn exists(module: &str, function: &str) -> bool {
        Builtin::ALL
            .iter()
            .any(|b| b.info().module == module && b.info().function == function)
    }

    /// `Module.function`, as Elixir writes it (`Kernel` ones without the module).
    pub fn name(self) -> String {
        let i = self.info();
        if i.module == "Kernel" {
            i.function.to_string()
        } else {
            format!("{}.{}", i.module, i.function)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_builtin_reads_its_own_entry() {
        // `info` indexes the table by the variant's number: the table's order is the
        // enum's (both come from one list), and each entry names its own function.
        for (i, b) in Builtin::ALL.iter().enumerate() {
            assert_eq!(*b as usize, i);
        }
        assert_eq!(Builtin::IoPuts.info().function, "puts");
        assert_eq!(Builtin::Rem.info().function, "rem");
        assert!(Builtin::Rem.info().guard && !Builtin::IoPuts.info().guard);
        assert_eq!(Builtin::TaskAsync.info().module, "Task");
    }

    #[test]
    fn every_builtin_is_found_by_its_name_and_each_of_its_arities() {
        for &b in Builtin::ALL {
            let i = b.info();
            assert!(i.min_arity <= i.max_arity, "{b:?}");
            for arity in i.min_arity..=i.max_arity {
                assert_eq!(
                    Builtin::lookup(i.module, i.function, arity),
                    Some(b),
                    "{} / {arity}: two builtins claim it",
                    b.name()
                );
            }
        }
        assert_eq!(Builtin::imported("spawn_link", 1), Some(Builtin::SpawnLink));
        assert_eq!(Builtin::lookup("Task", "await", 3), None);
        assert!(Builtin::exists("Task", "await"));
        assert_eq!(Builtin::TaskAsync.info().spawns, Some("async"));
        assert!(Builtin::IsPid.info().guard && !Builtin::Send.info().guard);
        assert_eq!(Builtin::TaskSupAsync.name(), "Task.Supervisor.async");
        assert_eq!(Builtin::SpawnLink.name(), "spawn_link");
    }
}
