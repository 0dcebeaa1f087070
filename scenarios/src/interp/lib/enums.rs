//! `Enum`, `List` and `Map` functions that call a function argument (which may block: a
//! closure may `Task.await`), so they run in the interpreter, element by element, in order.

use super::super::machine::Cx;
use super::super::pure;
use super::super::value::{self, Fun, as_fun};
use super::arg_or;
use crate::ir::Builtin;
use sim::Term;
use std::rc::Rc;

impl Cx {
    /// The function argument `t` taking `arity` arguments (`BadFunctionError` /
    /// `BadArityError` otherwise).
    async fn fun_arg(&self, t: &Term, arity: usize) -> Rc<Fun> {
        match as_fun(t) {
            Some(f) if f.arity() == arity => f,
            Some(_) => {
                self.throw(value::badarity(t.clone(), vec![Term::nil(); arity]))
                    .await
            }
            None => self.throw(value::badfun(t.clone())).await,
        }
    }

    async fn elements(&self, t: &Term) -> Vec<Term> {
        let r = pure::enumerate(t);
        self.ok(r).await
    }

    async fn call1(&self, f: &Rc<Fun>, x: Term) -> Term {
        self.apply(f.clone(), vec![x]).await
    }

    async fn call2(&self, f: &Rc<Fun>, x: Term, y: Term) -> Term {
        self.apply(f.clone(), vec![x, y]).await
    }

    /// The `Enum`/`List`/`Map` functions that take a function.
    pub(super) async fn enum_with_fun(&self, b: Builtin, args: Vec<Term>) -> Term {
        use Builtin as B;
        let a0 = arg_or(&args, 0, Term::nil());
        match b {
            B::EnumMap | B::EnumFlatMap => {
                let f = self.fun_arg(&arg_or(&args, 1, Term::nil()), 1).await;
                let mut out = Vec::new();
                for x in self.elements(&a0).await {
                    let v = self.call1(&f, x).await;
                    if b == B::EnumFlatMap {
                        out.extend(self.elements(&v).await);
                    } else {
                        out.push(v);
                    }
                }
                Term::List(out)
            }
            B::EnumEach => {
                let f = self.fun_arg(&arg_or(&args, 1, Term::nil()), 1).await;
                for x in self.elements(&a0).await {
                    self.call1(&f, x).await;
                }
                Term::atom("ok")
            }
            B::EnumFilter | B::EnumReject => {
                let f = self.fun_arg(&arg_or(&args, 1, Term::nil()), 1).await;
                let keep_truthy = b == B::EnumFilter;
                let mut out = Vec::new();
                for x in self.elements(&a0).await {
                    if pure::truthy(&self.call1(&f, x.clone()).await) == keep_truthy {
                        out.push(x);
                    }
                }
                Term::List(out)
            }
            B::EnumReduce | B::ListFoldl | B::ListFoldr => {
                let mut items = self.elements(&a0).await;
                let (acc, f) = match (b, args.len()) {
                    (B::EnumReduce, 2) => {
                        if items.is_empty() {
                            return self
                                .throw(value::error(Term::struct_(
                                    "Enum.EmptyError",
                                    vec![("message", Term::str("empty error"))],
                                )))
                                .await;
                        }
                        let first = items.remove(0);
                        (first, arg_or(&args, 1, Term::nil()))
                    }
                    _ => (arg_or(&args, 1, Term::nil()), arg_or(&args, 2, Term::nil())),
                };
                let f = self.fun_arg(&f, 2).await;
                if b == B::ListFoldr {
                    items.reverse();
                }
                let mut acc = acc;
                for x in items {
                    acc = self.call2(&f, x, acc).await;
                }
                acc
            }
            B::EnumReduceWhile => {
                let f = self.fun_arg(&arg_or(&args, 2, Term::nil()), 2).await;
                let mut acc = arg_or(&args, 1, Term::nil());
                for x in self.elements(&a0).await {
                    let r = self.call2(&f, x, acc).await;
                    match r.as_tuple() {
                        Some([t, v]) if t.is_atom("cont") => acc = v.clone(),
                        Some([t, v]) if t.is_atom("halt") => return v.clone(),
                        _ => return self.throw(value::case_clause(r.clone())).await,
                    }
                }
                acc
            }
            B::EnumFind => {
                let (default, f) = match args.len() {
                    3 => (arg_or(&args, 1, Term::nil()), arg_or(&args, 2, Term::nil())),
                    _ => (Term::nil(), arg_or(&args, 1, Term::nil())),
                };
                let f = self.fun_arg(&f, 1).await;
                for x in self.elements(&a0).await {
                    if pure::truthy(&self.call1(&f, x.clone()).await) {
                        return x;
                    }
                }
                default
            }
            B::EnumCount | B::EnumAll | B::EnumAny => {
                let f = self.fun_arg(&arg_or(&args, 1, Term::nil()), 1).await;
                let mut n = 0;
                for x in self.elements(&a0).await {
                    let t = pure::truthy(&self.call1(&f, x).await);
                    match b {
                        B::EnumAll if !t => return Term::bool(false),
                        B::EnumAny if t => return Term::bool(true),
                        _ => n += i64::from(t),
                    }
                }
                match b {
                    B::EnumAll => Term::bool(true),
                    B::EnumAny => Term::bool(false),
                    _ => Term::Int(n),
                }
            }
            B::EnumSort | B::EnumSortBy => {
                let items = self.elements(&a0).await;
                let (key, cmp) = if b == B::EnumSortBy {
                    (
                        Some(self.fun_arg(&arg_or(&args, 1, Term::nil()), 1).await),
                        args.get(2).cloned(),
                    )
                } else {
                    (None, args.get(1).cloned())
                };
                let mut keyed = Vec::with_capacity(items.len());
                for x in items {
                    let k = match &key {
                        Some(f) => self.call1(f, x.clone()).await,
                        None => x.clone(),
                    };
                    keyed.push((k, x));
                }
                match cmp {
                    None => keyed.sort_by(|a, b| a.0.term_cmp(&b.0)),
                    Some(c) if c.is_atom("asc") => keyed.sort_by(|a, b| a.0.term_cmp(&b.0)),
                    Some(c) if c.is_atom("desc") => keyed.sort_by(|a, b| b.0.term_cmp(&a.0)),
                    Some(c) => {
                        // A comparison function: insertion sort, stable, as `a <= b` decides.
                        let f = self.fun_arg(&c, 2).await;
                        let mut out: Vec<(Term, Term)> = Vec::with_capacity(keyed.len());
                        for item in keyed {
                            let mut at = out.len();
                            while at > 0 {
                                let before =
                                    self.call2(&f, out[at - 1].0.clone(), item.0.clone()).await;
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
            B::EnumMapJoin => {
                let (sep, f) = match args.len() {
                    3 => (
                        arg_or(&args, 1, Term::str("")),
                        arg_or(&args, 2, Term::nil()),
                    ),
                    _ => (Term::str(""), arg_or(&args, 1, Term::nil())),
                };
                let f = self.fun_arg(&f, 1).await;
                let mut mapped = Vec::new();
                for x in self.elements(&a0).await {
                    mapped.push(self.call1(&f, x).await);
                }
                let r = pure::call(B::EnumJoin, &[Term::List(mapped), sep]);
                match r {
                    Some(r) => self.ok(r).await,
                    None => {
                        self.throw(value::limit("Enum.join is not implemented"))
                            .await
                    }
                }
            }
            B::EnumWithIndex => {
                let f = self.fun_arg(&arg_or(&args, 1, Term::nil()), 2).await;
                let mut out = Vec::new();
                for (i, x) in self.elements(&a0).await.into_iter().enumerate() {
                    out.push(self.call2(&f, x, Term::Int(i as i64)).await);
                }
                Term::List(out)
            }
            B::EnumInto | B::MapNew => {
                let (source, into, f) = match b {
                    B::MapNew => (a0.clone(), Term::Map(vec![]), arg_or(&args, 1, Term::nil())),
                    _ => (
                        a0.clone(),
                        arg_or(&args, 1, Term::nil()),
                        arg_or(&args, 2, Term::nil()),
                    ),
                };
                let f = self.fun_arg(&f, 1).await;
                let mut mapped = Vec::new();
                for x in self.elements(&source).await {
                    mapped.push(self.call1(&f, x).await);
                }
                let r = pure::call(B::EnumInto, &[Term::List(mapped), into]);
                match r {
                    Some(r) => self.ok(r).await,
                    None => {
                        self.throw(value::limit("Enum.into is not implemented"))
                            .await
                    }
                }
            }
            B::EnumGroupBy => {
                let f = self.fun_arg(&arg_or(&args, 1, Term::nil()), 1).await;
                let mut groups: Vec<(Term, Vec<Term>)> = Vec::new();
                for x in self.elements(&a0).await {
                    let k = self.call1(&f, x.clone()).await;
                    match groups.iter_mut().find(|(g, _)| *g == k) {
                        Some((_, v)) => v.push(x),
                        None => groups.push((k, vec![x])),
                    }
                }
                pure::map_from(groups.into_iter().map(|(k, v)| (k, Term::List(v))))
            }
            B::EnumSplitWith => {
                let f = self.fun_arg(&arg_or(&args, 1, Term::nil()), 1).await;
                let (mut yes, mut no) = (Vec::new(), Vec::new());
                for x in self.elements(&a0).await {
                    if pure::truthy(&self.call1(&f, x.clone()).await) {
                        yes.push(x);
                    } else {
                        no.push(x);
                    }
                }
                Term::tuple(vec![Term::List(yes), Term::List(no)])
            }
            B::MapUpdate | B::MapUpdateBang => {
                let key = arg_or(&args, 1, Term::nil());
                let (default, f) = if b == B::MapUpdate {
                    (
                        Some(arg_or(&args, 2, Term::nil())),
                        arg_or(&args, 3, Term::nil()),
                    )
                } else {
                    (None, arg_or(&args, 2, Term::nil()))
                };
                let f = self.fun_arg(&f, 1).await;
                let Term::Map(kv) = &a0 else {
                    return self.throw(value::badmap(a0.clone())).await;
                };
                let mut kv = kv.clone();
                match kv.iter().position(|(k, _)| *k == key) {
                    Some(i) => {
                        let old = kv[i].1.clone();
                        kv[i].1 = self.call1(&f, old).await;
                    }
                    None => match default {
                        Some(d) => kv.push((key, d)),
                        None => {
                            return self
                                .throw(value::error(Term::struct_(
                                    "KeyError",
                                    vec![
                                        ("key", key),
                                        ("term", a0.clone()),
                                        ("message", Term::nil()),
                                    ],
                                )))
                                .await;
                        }
                    },
                }
                pure::map_from(kv)
            }
            _ => {
                self.throw(value::limit(&format!(
                    "{} with a function argument is not supported",
                    b.name()
                )))
                .await
            }
        }
    }
}
