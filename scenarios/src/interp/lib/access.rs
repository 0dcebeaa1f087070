//! The `Access` module and the nested-structure functions on it, as 1.14 writes them:
//! `Access.get/2,3` (`data[key]`), `get_in/2`, `put_in/3`, `update_in/3`, and the
//! `put_in/2`/`update_in/2` macros' steps (the lowering turns `put_in(s.a[:b], v)` into
//! `Map.update!` for a `.field` and `update_in(h, [key], fn)` for a `[key]`). Maps, keyword
//! lists and `nil` take part; a struct does not implement the behaviour (semantics §5.25).

use super::super::machine::{Cx, Origin};
use super::super::pure;
use super::super::value::{self, as_fun};
use super::arg_or;
use crate::interp::machine::BoxFut;
use sim::Term;

/// What the end of a path becomes.
#[derive(Clone)]
enum Leaf {
    /// `put_in`: this value.
    Put(Term),
    /// `update_in`: this function of the value there (`nil` if none).
    Update(Term),
}

/// `%UndefinedFunctionError{}` for a struct asked for `function/arity` of the `Access`
/// behaviour, with 1.14's reason.
fn no_access(module: &sim::Atom, function: &'static str, arity: usize) -> sim::Exception {
    let m = Term::Atom(module.clone());
    let reason = format!(
        "{m} does not implement the Access behaviour. If you are using \
         get_in/put_in/update_in, you can specify the field to be accessed using \
         Access.key!/1"
    );
    let e = pure::undefined_function_error(m, Term::atom(function), arity, Some(&reason));
    value::error(e)
}

impl Cx {
    /// `Access.get(container, key, default)`.
    pub(super) async fn access_get(&self, c: &Term, k: &Term, default: Term) -> Term {
        match c {
            // A struct whose module implements the behaviour: its `fetch/2`.
            Term::Struct(s) => match self.resolve(&Term::Atom(s.name.clone()), "fetch", 2) {
                Ok(fetch) => {
                    let r = self.apply(fetch, vec![c.clone(), k.clone()]).await;
                    match r.as_tuple() {
                        Some([ok, v]) if ok.is_atom("ok") => v.clone(),
                        _ if r.is_atom("error") => default,
                        _ => self.throw(value::try_clause(r)).await,
                    }
                }
                Err(_) => self.throw(no_access(&s.name, "fetch", 2)).await,
            },
            Term::Map(m) => m.get(k).cloned().unwrap_or(default),
            Term::List(items) => {
                if !matches!(k, Term::Atom(_)) {
                    return self.throw(keyword_key(k)).await;
                }
                // `:lists.keyfind(key, 1, list)`, then `{_, value}`.
                for item in items.iter() {
                    if let Some(t) = item.as_tuple()
                        && t.first() == Some(k)
                    {
                        return match t {
                            [_, v] => v.clone(),
                            _ => self.throw(value::case_clause(item.clone())).await,
                        };
                    }
                }
                default
            }
            t if t.is_atom("nil") => default,
            _ => self.fails_in("Elixir.Access", "get", 3).await,
        }
    }

    /// A `FunctionClauseError` of `module.function/arity`.
    fn fails_in<T: 'static>(
        &self,
        module: &'static str,
        function: &'static str,
        arity: usize,
    ) -> BoxFut<'_, T> {
        let site = Origin::Function(module, function, arity);
        self.raise(value::function_clause(), Some(site))
    }

    /// `get_in(data, keys)`.
    pub(super) async fn get_in(&self, args: &[Term]) -> Term {
        let (mut data, keys) = (arg_or(args, 0, Term::nil()), arg_or(args, 1, Term::nil()));
        let Term::List(keys) = &keys else {
            return self.fails_in("Elixir.Kernel", "get_in", 2).await;
        };
        if keys.is_empty() {
            return self.fails_in("Elixir.Kernel", "get_in", 2).await;
        }
        for k in keys.iter() {
            if data.is_atom("nil") {
                return data;
            }
            self.key_not_fun(k).await;
            data = self.access_get(&data, k, Term::nil()).await;
        }
        data
    }

    /// `put_in(data, keys, value)` and `update_in(data, keys, fun)`.
    pub(super) async fn put_or_update_in(&self, update: bool, args: &[Term]) -> Term {
        let (data, keys, last) = (
            arg_or(args, 0, Term::nil()),
            arg_or(args, 1, Term::nil()),
            arg_or(args, 2, Term::nil()),
        );
        let function = if update { "update_in" } else { "put_in" };
        let keys: Vec<Term> = match &keys {
            Term::List(ks) if !ks.is_empty() => ks.iter().cloned().collect(),
            _ => return self.fails_in("Elixir.Kernel", function, 3).await,
        };
        if update && as_fun(&last).is_none() {
            return self.fails_in("Elixir.Kernel", function, 3).await;
        }
        let leaf = if update {
            Leaf::Update(last)
        } else {
            Leaf::Put(last)
        };
        self.update_path(data, &keys, &leaf).await
    }

    /// `data` with the value at `keys` made `leaf`, one `Access.get_and_update/3` a key.
    fn update_path<'a>(&'a self, data: Term, keys: &'a [Term], leaf: &'a Leaf) -> BoxFut<'a, Term> {
        Box::pin(async move {
            let Some((k, rest)) = keys.split_first() else {
                return match leaf {
                    Leaf::Put(v) => v.clone(),
                    Leaf::Update(f) => self.call_term_value(f, data).await,
                };
            };
            self.key_not_fun(k).await;
            match &data {
                Term::Struct(s) => {
                    let module = Term::Atom(s.name.clone());
                    if self.resolve(&module, "get_and_update", 3).is_ok() {
                        return self
                            .throw(value::limit(
                                "put_in/update_in through a struct's own get_and_update/3",
                            ))
                            .await;
                    }
                    self.throw(no_access(&s.name, "get_and_update", 3)).await
                }
                Term::Map(m) => {
                    let current = m.get(k).cloned().unwrap_or_else(Term::nil);
                    let new = self.update_path(current, rest, leaf).await;
                    Term::Map(m.insert(k.clone(), new))
                }
                // `Keyword.get_and_update/3`: the first entry of the key is replaced in
                // place, or a new one goes in front.
                Term::List(items) => {
                    if !matches!(k, Term::Atom(_)) {
                        return self.fails_in("Elixir.Keyword", "get_and_update", 3).await;
                    }
                    let mut items: Vec<Term> = items.iter().cloned().collect();
                    for i in 0..items.len() {
                        let (key, current) = match items[i].as_tuple() {
                            Some([key, current]) => (key.clone(), current.clone()),
                            _ => return self.fails_in("Elixir.Keyword", "get_and_update", 4).await,
                        };
                        if key == *k {
                            let new = self.update_path(current, rest, leaf).await;
                            items[i] = Term::tuple([key, new]);
                            return Term::list(items);
                        }
                    }
                    let new = self.update_path(Term::nil(), rest, leaf).await;
                    items.insert(0, Term::tuple([k.clone(), new]));
                    Term::list(items)
                }
                t if t.is_atom("nil") => {
                    let msg = format!("could not put/update key {} on a nil value", inspect(k));
                    self.throw(argument_error(&msg)).await
                }
                _ => self.fails_in("Elixir.Access", "get_and_update", 3).await,
            }
        })
    }

    /// `f.(x)` for an update function checked only to be a function.
    async fn call_term_value(&self, f: &Term, x: Term) -> Term {
        match as_fun(f) {
            Some(fun) if fun.arity() == 1 => self.apply(fun, vec![x]).await,
            Some(_) => self.throw(value::badarity(f.clone(), vec![x])).await,
            None => self.throw(value::badfun(f.clone())).await,
        }
    }

    /// A key that is a function (`Access.all()`, `Access.key/1`, ...) is not supported.
    async fn key_not_fun(&self, k: &Term) {
        if as_fun(k).is_some() {
            self.throw(value::limit(
                "a function as a key of get_in/put_in/update_in (Access.all/0 and the like)",
            ))
            .await
        }
    }
}

fn inspect(t: &Term) -> String {
    t.inspect(sim::InspectOpts::DEFAULT).to_string()
}

fn argument_error(msg: &str) -> sim::Exception {
    value::error(value::exception("ArgumentError", msg))
}

/// `Access.get/3` of a keyword list with a key that is no atom.
fn keyword_key(k: &Term) -> sim::Exception {
    argument_error(&format!(
        "the Access calls for keywords expect the key to be an atom, got: {}",
        inspect(k)
    ))
}
