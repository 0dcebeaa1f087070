//! `Enum`, `List` and `Map` functions that call a function argument (which may block: a
//! closure may `Task.await`), so they run in the interpreter, element by element, in order,
//! over any enumerable, streams included ([`super::streams`]).

use super::super::machine::{Cx, Origin};
use super::super::pure;
use super::super::value::{self, FunRef, as_fun};
use super::arg_or;
use crate::ir::Builtin;
use model::task_stream::Step;
use sim::Term;

/// The library functions that call a function argument.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum WithFun {
    Map,
    FlatMap,
    Each,
    Filter,
    Reject,
    Reduce,
    ReduceWhile,
    Find,
    Count,
    All,
    Any,
    Sort,
    SortBy,
    MapJoin,
    WithIndex,
    Into,
    MapNew,
    GroupBy,
    SplitWith,
    Foldl,
    Foldr,
    MapUpdate,
    MapUpdateBang,
    TakeWhile,
    DropWhile,
    FindIndex,
    MaxBy,
    MinBy,
    MapFilter,
    MapReject,
    MapSetNew,
    MapSetFilter,
    MapSetReject,
    MapReduce,
    UniqBy,
    ChunkBy,
    ZipWith,
    DedupBy,
    FrequenciesBy,
    MapMergeWith,
    FindValue,
}

impl Cx {
    /// The function argument `t` taking `arity` arguments (`BadFunctionError` /
    /// `BadArityError` otherwise).
    pub(super) async fn fun_arg(&self, t: &Term, arity: usize) -> FunRef {
        match as_fun(t) {
            Some(f) if f.arity() == arity => f,
            Some(_) => {
                self.throw(value::badarity(t.clone(), vec![Term::nil(); arity]))
                    .await
            }
            None => self.throw(value::badfun(t.clone())).await,
        }
    }

    /// The elements of a list, map or range (`List` functions take no stream).
    async fn elements(&self, t: &Term) -> Vec<Term> {
        let r = pure::enumerate(t);
        self.ok(r).await
    }

    /// `f` applied to each element of `t`, as it is delivered.
    async fn mapped(&self, t: &Term, f: &FunRef) -> Vec<Term> {
        let mut out = Vec::new();
        self.each(t, async |x| {
            out.push(self.call1(f, x).await);
            Step::Cont
        })
        .await;
        out
    }

    /// `t.(x)` for each element of `t`, as it is delivered, `t` not checked beforehand
    /// ([`Cx::call_term1`]).
    async fn mapped_unchecked(&self, t: &Term, f: &Term) -> Vec<Term> {
        let mut out = Vec::new();
        self.each(t, async |x| {
            out.push(self.call_term1(f, x).await);
            Step::Cont
        })
        .await;
        out
    }

    /// `t.(x)` for a `t` not checked beforehand (1.14's `take_while`, `drop_while` and
    /// `find_index` call it as they go: an empty enumerable never finds out that it is no
    /// function): `{:badfun, t}` or `{:badarity, {t, [x]}}` at the first element.
    async fn call_term1(&self, t: &Term, x: Term) -> Term {
        self.call_term(t, vec![x]).await
    }

    /// `t.(args...)` for a `t` not checked beforehand (see [`Cx::call_term1`]).
    async fn call_term(&self, t: &Term, args: Vec<Term>) -> Term {
        match as_fun(t) {
            Some(f) if f.arity() == args.len() => self.apply(f, args).await,
            Some(_) => self.throw(value::badarity(t.clone(), args)).await,
            None => self.throw(value::badfun(t.clone())).await,
        }
    }

    /// 1.14 inlines `:lists.map/foreach/foldl` for a list: only their clause for `[]` has
    /// the guard `is_function(f, arity)`, so an empty list with no such function is a
    /// `:function_clause`, and a longer one fails at its first call.
    async fn guard_empty_list(&self, e: &Term, f: &Term, arity: usize) {
        let empty = matches!(e, Term::List(l) if l.is_empty());
        if empty && as_fun(f).is_none_or(|f| f.arity() != arity) {
            self.throw(value::function_clause()).await
        }
    }

    async fn call1(&self, f: &FunRef, x: Term) -> Term {
        self.apply(f.clone(), vec![x]).await
    }

    async fn call2(&self, f: &FunRef, x: Term, y: Term) -> Term {
        self.apply(f.clone(), vec![x, y]).await
    }

    /// The `Enum`/`List`/`Map` functions that take a function. The `Enum` ones run it with
    /// each element as the enumerable delivers it ([`Cx::each`]: a stream's as its tasks
    /// finish), and stop enumerating where Elixir's do (`find`, `all?`, `reduce_while`, ...).
    pub(super) async fn enum_with_fun(&self, which: WithFun, args: Vec<Term>) -> Term {
        use WithFun as W;
        let a0 = arg_or(&args, 0, Term::nil());
        match which {
            W::Map | W::FlatMap => {
                let f = arg_or(&args, 1, Term::nil());
                if which == W::Map {
                    self.guard_empty_list(&a0, &f, 1).await;
                }
                let mut out = Vec::new();
                self.each(&a0, async |x| {
                    let v = self.call_term1(&f, x).await;
                    if which == W::FlatMap {
                        out.extend(self.to_vec(&v).await);
                    } else {
                        out.push(v);
                    }
                    Step::Cont
                })
                .await;
                Term::list(out)
            }
            W::Each => {
                let f = arg_or(&args, 1, Term::nil());
                self.guard_empty_list(&a0, &f, 1).await;
                self.each(&a0, async |x| {
                    self.call_term1(&f, x).await;
                    Step::Cont
                })
                .await;
                Term::atom("ok")
            }
            W::Filter | W::Reject => {
                let f = arg_or(&args, 1, Term::nil());
                let keep_truthy = which == W::Filter;
                let mut out = Vec::new();
                self.each(&a0, async |x| {
                    if pure::truthy(&self.call_term1(&f, x.clone()).await) == keep_truthy {
                        out.push(x);
                    }
                    Step::Cont
                })
                .await;
                Term::list(out)
            }
            W::Reduce => {
                let (mut acc, f) = match args.len() {
                    2 => (None, arg_or(&args, 1, Term::nil())),
                    _ => (
                        Some(arg_or(&args, 1, Term::nil())),
                        arg_or(&args, 2, Term::nil()),
                    ),
                };
                // `reduce/3` of a list is `:lists.foldl/3` (guarded only for `[]`);
                // `reduce/2` of `[h | t]` is that of `t` from `h`.
                let rest_of_list = match (&a0, args.len()) {
                    (Term::List(l), 2) if !l.is_empty() => Some(Term::List(l.tail())),
                    (Term::List(_), 2) => None,
                    (l @ Term::List(_), _) => Some(l.clone()),
                    _ => None,
                };
                if let Some(rest) = rest_of_list {
                    self.guard_empty_list(&rest, &f, 2).await;
                }
                self.each(&a0, async |x| {
                    acc = Some(match acc.take() {
                        // `Enum.reduce/2`: the first element is the accumulator.
                        None => x,
                        Some(acc) => self.call_term(&f, vec![x, acc]).await,
                    });
                    Step::Cont
                })
                .await;
                match acc {
                    Some(acc) => acc,
                    None => {
                        self.throw(value::error(Term::struct_(
                            "Enum.EmptyError",
                            vec![("message", Term::str("empty error"))],
                        )))
                        .await
                    }
                }
            }
            W::Foldl | W::Foldr => {
                let mut items = self.elements(&a0).await;
                let f = self.fun_arg(&arg_or(&args, 2, Term::nil()), 2).await;
                if which == W::Foldr {
                    items.reverse();
                }
                let mut acc = arg_or(&args, 1, Term::nil());
                for x in items {
                    acc = self.call2(&f, x, acc).await;
                }
                acc
            }
            W::ReduceWhile => {
                let f = self.fun_arg(&arg_or(&args, 2, Term::nil()), 2).await;
                let mut acc = arg_or(&args, 1, Term::nil());
                let mut bad = None;
                self.each(&a0, async |x| {
                    let r = self.call2(&f, x, acc.clone()).await;
                    match r.as_tuple() {
                        Some([t, v]) if t.is_atom("cont") => acc = v.clone(),
                        Some([t, v]) if t.is_atom("halt") => {
                            acc = v.clone();
                            return Step::Halt;
                        }
                        _ => {
                            bad = Some(r.clone());
                            return Step::Halt;
                        }
                    }
                    Step::Cont
                })
                .await;
                match bad {
                    Some(r) => self.throw(value::case_clause(r)).await,
                    None => acc,
                }
            }
            W::Find => {
                let (default, f) = match args.len() {
                    3 => (arg_or(&args, 1, Term::nil()), arg_or(&args, 2, Term::nil())),
                    _ => (Term::nil(), arg_or(&args, 1, Term::nil())),
                };
                let mut found = None;
                self.each(&a0, async |x| {
                    if pure::truthy(&self.call_term1(&f, x.clone()).await) {
                        found = Some(x);
                        return Step::Halt;
                    }
                    Step::Cont
                })
                .await;
                found.unwrap_or(default)
            }
            W::FindValue => {
                let (default, f) = match args.len() {
                    3 => (arg_or(&args, 1, Term::nil()), arg_or(&args, 2, Term::nil())),
                    _ => (Term::nil(), arg_or(&args, 1, Term::nil())),
                };
                let mut found = None;
                self.each(&a0, async |x| {
                    let v = self.call_term1(&f, x).await;
                    if pure::truthy(&v) {
                        found = Some(v);
                        return Step::Halt;
                    }
                    Step::Cont
                })
                .await;
                found.unwrap_or(default)
            }
            W::TakeWhile | W::DropWhile => {
                let f = arg_or(&args, 1, Term::nil());
                let (mut out, mut dropping) = (Vec::new(), which == W::DropWhile);
                self.each(&a0, async |x| {
                    if which == W::DropWhile && !dropping {
                        out.push(x);
                        return Step::Cont;
                    }
                    let t = pure::truthy(&self.call_term1(&f, x.clone()).await);
                    match which {
                        W::TakeWhile if !t => return Step::Halt,
                        W::TakeWhile => out.push(x),
                        _ if !t => {
                            dropping = false;
                            out.push(x);
                        }
                        _ => {}
                    }
                    Step::Cont
                })
                .await;
                Term::list(out)
            }
            W::FindIndex => {
                let f = arg_or(&args, 1, Term::nil());
                let (mut i, mut found) = (0, None);
                self.each(&a0, async |x| {
                    if pure::truthy(&self.call_term1(&f, x).await) {
                        found = Some(i);
                        return Step::Halt;
                    }
                    i += 1;
                    Step::Cont
                })
                .await;
                found.map_or_else(Term::nil, Term::Int)
            }
            W::MaxBy | W::MinBy => {
                // 1.14: `when is_function(fun, 1)`; the first element whose key is the
                // greatest (`>=` keeps the earlier) or least (`<=`); `Enum.EmptyError`.
                let f = match as_fun(&arg_or(&args, 1, Term::nil())) {
                    Some(f) if f.arity() == 1 => f,
                    _ => return self.throw(value::function_clause()).await,
                };
                let keep = if which == W::MaxBy {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Greater
                };
                let mut best: Option<(Term, Term)> = None;
                self.each(&a0, async |x| {
                    let k = self.call1(&f, x.clone()).await;
                    if best.as_ref().is_none_or(|(_, b)| b.term_cmp(&k) == keep) {
                        best = Some((x, k));
                    }
                    Step::Cont
                })
                .await;
                match best {
                    Some((x, _)) => x,
                    None => {
                        self.throw(value::error(Term::struct_(
                            "Enum.EmptyError",
                            vec![("message", Term::str("empty error"))],
                        )))
                        .await
                    }
                }
            }
            W::MapFilter | W::MapReject => {
                // 1.14: `when is_map(map) and is_function(fun, 1)`; the fun gets each
                // `{key, value}` (a struct's `__struct__` too).
                let f = as_fun(&arg_or(&args, 1, Term::nil())).filter(|f| f.arity() == 1);
                let (Some(f), Some(mut entries)) = (f, pure::map_entries(&a0)) else {
                    let b = match which {
                        W::MapFilter => Builtin::MapFilter,
                        _ => Builtin::MapReject,
                    };
                    return self.no_clause(b).await;
                };
                // It walks the map with `:maps.iterator/1`, as `:maps.fold/3` walks it.
                if let Term::Map(m) = &a0
                    && m.len() > sim::map::FLAT
                {
                    entries.reverse();
                }
                let keep_truthy = which == W::MapFilter;
                let mut kept = Vec::new();
                for (k, v) in entries {
                    let pair = Term::tuple([k.clone(), v.clone()]);
                    if pure::truthy(&self.call1(&f, pair).await) == keep_truthy {
                        kept.push((k, v));
                    }
                }
                pure::map_from_entries(kept, &a0)
            }
            W::MapSetNew => {
                // 1.14: `new(enumerable, transform) when is_function(transform, 1)`.
                let f = as_fun(&arg_or(&args, 1, Term::nil())).filter(|f| f.arity() == 1);
                let Some(f) = f else {
                    let origin = Origin::Library(Builtin::MapSetNew, 2);
                    return self.raise(value::function_clause(), Some(origin)).await;
                };
                let mapped = self.mapped(&a0, &f).await;
                pure::mapset_of(mapped)
            }
            W::MapSetFilter | W::MapSetReject => {
                // 1.14: `filter(%MapSet{map: map}, fun) when is_function(fun)`: the fun
                // gets each element in the set's order.
                let b = match which {
                    W::MapSetFilter => Builtin::MapSetFilter,
                    _ => Builtin::MapSetReject,
                };
                // (A set whose map is none fails there too: `Map.filter/2`'s guard.)
                let f = arg_or(&args, 1, Term::nil());
                let elements = pure::mapset_elements(&a0).ok();
                let (Some(elements), Some(_)) = (elements, as_fun(&f)) else {
                    let origin = Origin::Library(b, 2);
                    return self.raise(value::function_clause(), Some(origin)).await;
                };
                let keep_truthy = which == W::MapSetFilter;
                let mut kept = Vec::new();
                for x in elements {
                    if pure::truthy(&self.call_term1(&f, x.clone()).await) == keep_truthy {
                        kept.push(x);
                    }
                }
                pure::mapset_of(kept)
            }
            W::Count | W::All | W::Any => {
                // Called as they go: `Enum.any?([], :x)` is `false`, as on the VM.
                let f = arg_or(&args, 1, Term::nil());
                let mut n = 0;
                let mut answer = None;
                self.each(&a0, async |x| {
                    let t = pure::truthy(&self.call_term1(&f, x).await);
                    match which {
                        W::All if !t => answer = Some(false),
                        W::Any if t => answer = Some(true),
                        _ => n += i64::from(t),
                    }
                    if answer.is_some() {
                        Step::Halt
                    } else {
                        Step::Cont
                    }
                })
                .await;
                match which {
                    W::All => Term::bool(answer.unwrap_or(true)),
                    W::Any => Term::bool(answer.unwrap_or(false)),
                    _ => Term::Int(n),
                }
            }
            W::Sort | W::SortBy => self.sort_with_fun(which == W::SortBy, &args).await,
            W::MapJoin => {
                let (sep, f) = match args.len() {
                    3 => (
                        arg_or(&args, 1, Term::str("")),
                        arg_or(&args, 2, Term::nil()),
                    ),
                    _ => (Term::str(""), arg_or(&args, 1, Term::nil())),
                };
                let f = self.fun_arg(&f, 1).await;
                let mapped = self.mapped(&a0, &f).await;
                let r = pure::call(Builtin::EnumJoin, &[Term::list(mapped), sep]);
                match r {
                    Some(r) => self.ok(r).await,
                    None => {
                        self.throw(value::limit("Enum.join is not implemented"))
                            .await
                    }
                }
            }
            W::WithIndex => {
                let f = self.fun_arg(&arg_or(&args, 1, Term::nil()), 2).await;
                let mut out = Vec::new();
                self.each(&a0, async |x| {
                    let i = Term::Int(out.len() as i64);
                    out.push(self.call2(&f, x, i).await);
                    Step::Cont
                })
                .await;
                Term::list(out)
            }
            W::Into | W::MapNew => {
                let (into, f) = match which {
                    W::MapNew => (Term::map(vec![]), arg_or(&args, 1, Term::nil())),
                    _ => (arg_or(&args, 1, Term::nil()), arg_or(&args, 2, Term::nil())),
                };
                let fun1 = as_fun(&f).is_some_and(|f| f.arity() == 1);
                if which == W::MapNew && !fun1 {
                    // 1.14: `new_from_map/2` (for a map) and `new_from_enum/2` (anything else)
                    // both guard `is_function(transform, 1)`.
                    let function = match &a0 {
                        Term::Map(_) => "new_from_map",
                        _ => "new_from_enum",
                    };
                    let origin = Origin::Function("Elixir.Map", function, 2);
                    return self.raise(value::function_clause(), Some(origin)).await;
                }
                // 1.14 maps a list into `[]` or `%{}` with `:lists.map/2`, whose clause for
                // `[]` alone checks the function; otherwise (`Collectable`) the function is
                // called on each element as it comes (none for an empty enumerable).
                let lists_map = matches!(&a0, Term::List(l) if l.is_empty())
                    && match &into {
                        Term::List(l) => l.is_empty(),
                        Term::Map(m) => m.is_empty(),
                        _ => false,
                    };
                if lists_map && !fun1 {
                    let origin = Origin::Function("Elixir.Enum", "-map/2-lists^map/1-0-", 2);
                    return self.raise(value::function_clause(), Some(origin)).await;
                }
                // `Collectable.into/1` of the target comes before the enumerable is reduced.
                if which == W::Into && !pure::collectable(&into) {
                    return self.throw(pure::not_collectable(&into)).await;
                }
                let mut mapped = Vec::new();
                self.each(&a0, async |x| {
                    mapped.push(self.call_term1(&f, x).await);
                    Step::Cont
                })
                .await;
                let r = pure::call(Builtin::EnumInto, &[Term::list(mapped), into]);
                match r {
                    Some(r) => self.ok(r).await,
                    None => {
                        self.throw(value::limit("Enum.into is not implemented"))
                            .await
                    }
                }
            }
            W::GroupBy => {
                // Elixir 1.14 walks the enumerable reversed, calling the key function then
                // the value function (`group_by/3`; the element itself by default) on each,
                // and puts each value in front of its group.
                let f = self.fun_arg(&arg_or(&args, 1, Term::nil()), 1).await;
                let value_fun = match args.get(2) {
                    Some(v) => Some(self.fun_arg(v, 1).await),
                    None => None,
                };
                let mut all = Vec::new();
                self.each(&a0, async |x| {
                    all.push(x);
                    Step::Cont
                })
                .await;
                let mut groups: Vec<(Term, Vec<Term>)> = Vec::new();
                for x in all.into_iter().rev() {
                    let k = self.call1(&f, x.clone()).await;
                    let v = match &value_fun {
                        Some(vf) => self.call1(vf, x).await,
                        None => x,
                    };
                    match groups.iter_mut().find(|(g, _)| *g == k) {
                        Some((_, vs)) => vs.push(v),
                        None => groups.push((k, vec![v])),
                    }
                }
                let groups = groups.into_iter().map(|(k, mut vs)| {
                    vs.reverse();
                    (k, Term::list(vs))
                });
                pure::map_from(groups)
            }
            W::MapReduce => {
                let (mut acc, f) = (arg_or(&args, 1, Term::nil()), arg_or(&args, 2, Term::nil()));
                // A list goes to `:lists.mapfoldl/3`, inlined: only its clause for `[]`
                // asks for a function of two arguments.
                if matches!(&a0, Term::List(l) if l.is_empty())
                    && as_fun(&f).is_none_or(|f| f.arity() != 2)
                {
                    let site =
                        Origin::Function("Elixir.Enum", "-map_reduce/3-lists^mapfoldl/2-0-", 3);
                    return self.raise(value::function_clause(), Some(site)).await;
                }
                let mut out = Vec::new();
                self.each(&a0, async |x| {
                    let r = self.call_term(&f, vec![x, acc.clone()]).await;
                    let Some([v, next]) = r.as_tuple() else {
                        return self.throw(value::badmatch(r)).await;
                    };
                    out.push(v.clone());
                    acc = next.clone();
                    Step::Cont
                })
                .await;
                Term::tuple([Term::list(out), acc])
            }
            W::UniqBy | W::DedupBy => {
                // `uniq_by` keeps the first of each key, `dedup_by` the first of each run of
                // equal keys; both call the function once an element, in order.
                let f = arg_or(&args, 1, Term::nil());
                let (mut seen, mut prev) = (sim::Map::new(), None);
                let mut out = Vec::new();
                self.each(&a0, async |x| {
                    let k = self.call_term1(&f, x.clone()).await;
                    let keep = if which == W::UniqBy {
                        seen.get(&k).is_none() && {
                            seen = seen.insert(k, Term::atom("true"));
                            true
                        }
                    } else {
                        prev.replace(k.clone()).is_none_or(|p| p != k)
                    };
                    if keep {
                        out.push(x);
                    }
                    Step::Cont
                })
                .await;
                Term::list(out)
            }
            W::ChunkBy => {
                let f = arg_or(&args, 1, Term::nil());
                let mut chunks = Vec::new();
                let mut run: Option<(Vec<Term>, Term)> = None;
                self.each(&a0, async |x| {
                    let k = self.call_term1(&f, x.clone()).await;
                    match &mut run {
                        Some((xs, v)) if *v == k => xs.push(x),
                        _ => {
                            if let Some((xs, _)) = run.replace((vec![x], k)) {
                                chunks.push(Term::list(xs));
                            }
                        }
                    }
                    Step::Cont
                })
                .await;
                if let Some((xs, _)) = run {
                    chunks.push(Term::list(xs));
                }
                Term::list(chunks)
            }
            W::ZipWith => {
                let (b, f) = (arg_or(&args, 1, Term::nil()), arg_or(&args, 2, Term::nil()));
                let Some(f) = as_fun(&f).filter(|f| f.arity() == 2) else {
                    return self.no_clause(Builtin::EnumZipWith).await;
                };
                // Both enumerables are listed first. (1.14 walks a stream only as far as
                // the shorter side reaches: a stream with side effects zipped with a
                // shorter list runs to its end here. Left out.)
                let (xs, ys) = (self.to_vec(&a0).await, self.to_vec(&b).await);
                let mut out = Vec::with_capacity(xs.len().min(ys.len()));
                for (x, y) in xs.into_iter().zip(ys) {
                    out.push(self.call2(&f, x, y).await);
                }
                Term::list(out)
            }
            W::FrequenciesBy => {
                let f = arg_or(&args, 1, Term::nil());
                if as_fun(&f).is_none() {
                    return self.no_clause(Builtin::EnumFrequenciesBy).await;
                }
                let keys = self.mapped_unchecked(&a0, &f).await;
                let r = pure::call(Builtin::EnumFrequencies, &[Term::list(keys)]);
                let r = r.expect("Enum.frequencies is pure");
                self.ok(r).await
            }
            W::MapMergeWith => {
                let (b, f) = (arg_or(&args, 1, Term::nil()), arg_or(&args, 2, Term::nil()));
                let Some(f) = as_fun(&f).filter(|f| f.arity() == 3) else {
                    return self.no_clause(Builtin::MapMergeWith).await;
                };
                // A struct is a map here (its `__struct__` among the keys).
                let as_map = |t: &Term| match t {
                    Term::Map(m) => Some(m.clone()),
                    Term::Struct(_) => pure::map_entries(t).map(|kvs| kvs.into_iter().collect()),
                    _ => None,
                };
                let (m1, m2): (sim::Map, sim::Map) = match (as_map(&a0), as_map(&b)) {
                    (Some(m1), Some(m2)) => (m1, m2),
                    (None, _) => return self.throw(value::badmap(a0.clone())).await,
                    (_, None) => return self.throw(value::badmap(b.clone())).await,
                };
                let (m1, m2) = (&m1, &m2);
                // 1.14 folds the smaller map into the larger (`:maps.fold/3`'s order), and
                // calls the function for each key both have, with map1's value first.
                let (into, from, first) = match m1.len() > m2.len() {
                    true => (m1, m2, false),
                    false => (m2, m1, true),
                };
                let mut out = into.clone();
                for (k, v) in from.iter_fold() {
                    let v = match into.get(k) {
                        Some(old) => {
                            let (v1, v2) = if first { (v, old) } else { (old, v) };
                            self.apply(f.clone(), vec![k.clone(), v1.clone(), v2.clone()])
                                .await
                        }
                        None => v.clone(),
                    };
                    out = out.insert(k.clone(), v);
                }
                match [&a0, &b].into_iter().find(|t| matches!(t, Term::Struct(_))) {
                    Some(s) => pure::map_from_entries(out.to_vec(), s),
                    None => Term::Map(out),
                }
            }
            W::SplitWith => {
                let f = self.fun_arg(&arg_or(&args, 1, Term::nil()), 1).await;
                let (mut yes, mut no) = (Vec::new(), Vec::new());
                self.each(&a0, async |x| {
                    if pure::truthy(&self.call1(&f, x.clone()).await) {
                        yes.push(x);
                    } else {
                        no.push(x);
                    }
                    Step::Cont
                })
                .await;
                Term::tuple([Term::list(yes), Term::list(no)])
            }
            W::MapUpdate | W::MapUpdateBang => {
                let key = arg_or(&args, 1, Term::nil());
                let (default, f) = if which == W::MapUpdate {
                    (
                        Some(arg_or(&args, 2, Term::nil())),
                        arg_or(&args, 3, Term::nil()),
                    )
                } else {
                    (None, arg_or(&args, 2, Term::nil()))
                };
                // `when is_function(fun, 1)` in both.
                let Some(f) = as_fun(&f).filter(|f| f.arity() == 1) else {
                    let b = match which {
                        W::MapUpdate => Builtin::MapUpdate,
                        _ => Builtin::MapUpdateBang,
                    };
                    return self.no_clause(b).await;
                };
                // A struct is a map too: a field it has is updated in place (and it stays
                // the struct); a key it lacks makes it a map with `:__struct__`.
                if let Term::Struct(sv) = &a0
                    && let Term::Atom(field) = &key
                    && let Some(i) = sv.fields.iter().position(|(k, _)| k == field)
                {
                    let mut sv = (**sv).clone();
                    let old = sv.fields[i].1.clone();
                    sv.fields[i].1 = self.call1(&f, old).await;
                    return Term::new_struct(sv.name, sv.fields);
                }
                // A map: its value at `key` replaced (a put, O(log n) in a large map).
                if let Term::Map(m) = &a0 {
                    let new = match (m.get(&key), default) {
                        (Some(old), _) => self.call1(&f, old.clone()).await,
                        (None, Some(d)) => d,
                        (None, None) => {
                            // `Map.update!/3` is `Map.fetch!/2` first: the raw `{:badkey, k}`
                            // of `:maps.get/2`, whose frame `rescue` reads the map from.
                            let e = value::error(Term::tuple([Term::atom("badkey"), key.clone()]));
                            let origin = Origin::Call(Builtin::MapFetchBang, vec![a0, key]);
                            return self.raise(e, Some(origin)).await;
                        }
                    };
                    let updated = Term::Map(m.insert(key, new));
                    return self.sized_from(updated, std::slice::from_ref(&a0)).await;
                }
                let mut kv = match &a0 {
                    Term::Struct(sv) => {
                        let mut kv = vec![(Term::atom("__struct__"), Term::Atom(sv.name.clone()))];
                        kv.extend(
                            sv.fields
                                .iter()
                                .map(|(k, v)| (Term::Atom(k.clone()), v.clone())),
                        );
                        kv
                    }
                    _ => return self.throw(value::badmap(a0.clone())).await,
                };
                match kv.iter().position(|(k, _)| *k == key) {
                    Some(i) => {
                        let old = kv[i].1.clone();
                        kv[i].1 = self.call1(&f, old).await;
                    }
                    None => match default {
                        Some(d) => kv.push((key, d)),
                        None => {
                            // `Map.update!/3` is `Map.fetch!/2` first: the raw `{:badkey, k}`
                            // of `:maps.get/2`, whose frame `rescue` reads the map from.
                            let e = value::error(Term::tuple([Term::atom("badkey"), key.clone()]));
                            let origin = Origin::Call(Builtin::MapFetchBang, vec![a0, key]);
                            return self.raise(e, Some(origin)).await;
                        }
                    },
                }
                pure::map_from(kv)
            }
        }
    }

    /// `Enum.sort/2` with a comparison function, `Enum.sort_by/2,3`: the keys are taken as
    /// the elements are delivered, then sorted (a comparison function by insertion sort,
    /// stable, as `a <= b` decides).
    async fn sort_with_fun(&self, by: bool, args: &[Term]) -> Term {
        let a0 = arg_or(args, 0, Term::nil());
        let (key, cmp) = if by {
            // 1.14: `sort_by(enumerable, mapper, sorter) when is_function(mapper, 1)`.
            let mapper = match as_fun(&arg_or(args, 1, Term::nil())) {
                Some(f) if f.arity() == 1 => f,
                _ => return self.throw(value::function_clause()).await,
            };
            (Some(mapper), args.get(2).cloned())
        } else {
            (None, args.get(1).cloned())
        };
        let mut keyed = Vec::new();
        self.each(&a0, async |x| {
            let k = match &key {
                Some(f) => self.call1(f, x.clone()).await,
                None => x.clone(),
            };
            keyed.push((k, x));
            Step::Cont
        })
        .await;
        match cmp {
            None => keyed.sort_by(|a, b| a.0.term_cmp(&b.0)),
            Some(c) if c.is_atom("asc") => keyed.sort_by(|a, b| a.0.term_cmp(&b.0)),
            Some(c) if c.is_atom("desc") => keyed.sort_by(|a, b| b.0.term_cmp(&a.0)),
            Some(c) => {
                let f = self.fun_arg(&c, 2).await;
                let mut out: Vec<(Term, Term)> = Vec::with_capacity(keyed.len());
                for item in keyed {
                    let mut at = out.len();
                    while at > 0 {
                        let before = self.call2(&f, out[at - 1].0.clone(), item.0.clone()).await;
                        if pure::truthy(&before) {
                            break;
                        }
                        at -= 1;
                    }
                    out.insert(at, item);
                }
                keyed = out;
            }
        }
        Term::List(keyed.into_iter().map(|(_, x)| x).collect())
    }
}
