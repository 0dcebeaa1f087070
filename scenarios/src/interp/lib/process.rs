//! Processes, messages, timers, links, monitors, names, the process dictionary, and output.

use super::super::machine::{Cx, Machine, Origin};
use super::super::pure;
use super::super::record::What;
use super::super::value::{self, FunRef};
use super::LOCAL_NODE;
use super::{Answered, Raise, arg_or, kw, no_clause};
use crate::ir::Builtin;
use sim::{DemonitorOpts, Pid, Proc, Term, Timeout};
use std::rc::Rc;

/// The code of a new process or task: a call of `fun` with `args`. Its futures are not
/// boxed: the kernel boxes a process's future, with this one inside it.
pub(crate) struct Code {
    m: Rc<Machine>,
    fun: FunRef,
    args: Vec<Term>,
}

impl Code {
    /// The call of `fun` with `args`, run by a process of `m`'s run.
    pub(crate) fn new(m: Rc<Machine>, fun: FunRef, args: Vec<Term>) -> Code {
        Code { m, fun, args }
    }

    /// A task body: the call's value is the task's result. (Called on its box: a process's
    /// function is rarely one whose value can be had at once, `Cx::apply_now`.)
    pub(crate) async fn task(self, p: Proc) -> Term {
        let cx = Cx::new(p, self.m);
        cx.apply_later(self.fun.into(), self.args).await
    }

    /// A process: the call's value is dropped.
    pub(crate) async fn process(self, p: Proc) {
        self.task(p).await;
    }
}

/// `spawn`, `spawn_link` or `spawn_monitor`.
#[derive(Copy, Clone, Debug)]
pub(super) enum SpawnKind {
    Plain,
    Link,
    Monitor,
}

/// `Process.put`, `Process.get` or `Process.delete`.
#[derive(Copy, Clone, Debug)]
pub(super) enum DictOp {
    Put,
    Get,
    Delete,
}

impl Cx {
    /// The next process this one spawns is called `<me>.<label>`.
    pub(crate) fn name_next(&self, label: &str) {
        let forced = self.take_label();
        let label = forced.as_deref().unwrap_or(label);
        self.m.rec(|r| r.expect_child(self.p.pid(), label));
    }

    /// A pid from a pid or a registered name (`None`: neither, or a name nobody has).
    pub(crate) fn pid_of(&self, t: &Term) -> Option<Pid> {
        match t {
            Term::Pid(p) => Some(*p),
            Term::Atom(a) => self.p.whereis(a.as_str()),
            _ => None,
        }
    }

    pub(super) async fn spawn_builtin(&self, kind: SpawnKind, args: &[Term], label: &str) -> Term {
        let by = match kind {
            SpawnKind::Plain => Builtin::Spawn,
            SpawnKind::Link => Builtin::SpawnLink,
            SpawnKind::Monitor => Builtin::SpawnMonitor,
        };
        // The name is taken even if the call is refused, as on the VM's runner.
        self.name_next(label);
        let (fun, fargs) = self.fun_and_args(by, args).await;
        let code = Code::new(self.m.clone(), fun, fargs);
        let code = move |p| code.process(p);
        match kind {
            SpawnKind::Plain => Term::Pid(self.p.spawn(code).await),
            SpawnKind::Link => Term::Pid(self.p.spawn_link(code).await),
            SpawnKind::Monitor => {
                let (pid, r) = self.p.spawn_monitor(code).await;
                Term::tuple([Term::Pid(pid), Term::Ref(r)])
            }
        }
    }

    /// `send(dest, msg)`: a pid, an alias, or a registered name; returns `msg`.
    pub(super) async fn send_builtin(&self, args: &[Term]) -> Term {
        // `:badarg`, which `rescue` shows as OTP 25's error info: "invalid destination".
        let bad = || {
            self.raise(
                value::badarg(),
                Some(Origin::Call(Builtin::Send, args.to_vec())),
            )
        };
        let [to, msg] = args else {
            return bad().await;
        };
        match to {
            Term::Pid(pid) => self.p.send(*pid, msg.clone()).await,
            Term::Ref(r) => self.p.send_alias(*r, msg.clone()).await,
            Term::Atom(a) => match self.p.whereis(a.as_str()) {
                Some(pid) => self.p.send(pid, msg.clone()).await,
                None => return bad().await,
            },
            // `{name, node}`: never an error (semantics §1.10). On this node, to whoever
            // has the name, else nowhere; another node is not connected (the VM this
            // models is not distributed), so the message goes nowhere.
            Term::Tuple(t) => match &t[..] {
                [Term::Atom(name), Term::Atom(node)] => {
                    if node.as_str() == LOCAL_NODE
                        && let Some(pid) = self.p.whereis(name.as_str())
                    {
                        self.p.send(pid, msg.clone()).await;
                    }
                }
                _ => return bad().await,
            },
            _ => return bad().await,
        }
        msg.clone()
    }

    pub(super) async fn sleep_builtin(&self, args: &[Term]) -> Term {
        match args.first() {
            Some(Term::Int(ms)) if *ms >= 0 => {
                let ms = *ms as u64;
                self.p.emit("sleep", || Term::Int(ms as i64));
                self.p.sleep(ms).await;
                Term::atom("ok")
            }
            Some(t) if t.is_atom("infinity") => {
                self.p.receive(Timeout::Infinity, |_| false).await;
                Term::atom("ok")
            }
            _ => self.no_clause(Builtin::ProcessSleep).await,
        }
    }

    pub(super) fn send_after(&self, args: &[Term]) -> Answered {
        let (to, msg, ms) = (
            arg_or(args, 0, Term::nil()),
            arg_or(args, 1, Term::nil()),
            arg_or(args, 2, Term::nil()),
        );
        // `:badarg`, which `rescue` shows with OTP 25's error info for `send_after/3`.
        let bad = || {
            Err(Raise(
                value::badarg(),
                Some(Origin::Call(Builtin::ProcessSendAfter, args.to_vec())),
            ))
        };
        let Term::Int(ms) = ms else {
            return bad();
        };
        if ms < 0 || !matches!(to, Term::Pid(_) | Term::Ref(_) | Term::Atom(_)) {
            return bad();
        }
        let r = match &to {
            Term::Pid(pid) => self.p.send_after(*pid, msg, ms as u64),
            Term::Ref(r) => self.p.send_after_alias(*r, msg, ms as u64),
            // Looked up when it fires, not now; a free name is no error (semantics §1.10).
            Term::Atom(name) => self.p.send_after_name(name.clone(), msg, ms as u64),
            _ => return Err(value::badarg().into()),
        };
        Ok(Term::Ref(r))
    }

    /// `Process.cancel_timer(ref, opts \\ [])` (`:erlang.cancel_timer/2`): the ms that were
    /// left, or `false`; `info: false` answers `:ok` instead, and `async: true` answers
    /// `:ok` and sends the answer as `{:cancel_timer, ref, result}` (unless `info: false`).
    pub(super) async fn cancel_timer(&self, args: &[Term]) -> Term {
        let (mut is_async, mut info) = (false, true);
        if let Some(opts) = args.get(1) {
            let Term::List(opts) = opts else {
                return self.throw(value::badarg()).await;
            };
            for o in opts {
                match o.as_tuple() {
                    Some([k, v])
                        if k.is_atom("async") && (v.is_atom("true") || v.is_atom("false")) =>
                    {
                        is_async = v.is_atom("true");
                    }
                    Some([k, v])
                        if k.is_atom("info") && (v.is_atom("true") || v.is_atom("false")) =>
                    {
                        info = v.is_atom("true");
                    }
                    _ => return self.throw(value::badarg()).await,
                }
            }
        }
        let Some(Term::Ref(r)) = args.first() else {
            let call = Origin::Call(Builtin::ProcessCancelTimer, args.to_vec());
            return self.raise(value::badarg(), Some(call)).await;
        };
        let result = match self.p.cancel_timer(*r) {
            Some(ms) => Term::Int(ms as i64),
            None => Term::bool(false),
        };
        match (is_async, info) {
            (false, true) => result,
            (false, false) => Term::atom("ok"),
            (true, info) => {
                if info {
                    let msg = Term::tuple([Term::atom("cancel_timer"), Term::Ref(*r), result]);
                    self.p.send(self.p.pid(), msg).await;
                }
                Term::atom("ok")
            }
        }
    }

    pub(super) async fn monitor_builtin(&self, args: &[Term]) -> Term {
        // `{name, node()}` is the same as `name` on the one node of a run.
        let local_name = |t: &Term| match (t, t.as_tuple()) {
            (Term::Atom(a), _) => Some(a.clone()),
            (_, Some([Term::Atom(a), node])) if node.is_atom(LOCAL_NODE) => Some(a.clone()),
            _ => None,
        };
        match args.first() {
            Some(Term::Pid(pid)) => Term::Ref(self.p.monitor(*pid).await),
            Some(t) => match local_name(t) {
                Some(name) => Term::Ref(self.p.monitor_name(name).await),
                None if matches!(t.as_tuple(), Some([Term::Atom(_), Term::Atom(_)])) => {
                    self.throw(value::limit("monitoring a name on another node"))
                        .await
                }
                None => {
                    let call = Origin::Call(Builtin::ProcessMonitor, args.to_vec());
                    self.raise(value::badarg(), Some(call)).await
                }
            },
            None => self.throw(value::badarg()).await,
        }
    }

    pub(super) fn demonitor_builtin(&self, args: &[Term]) -> Answered {
        // `:badarg`, which `rescue` shows with OTP 25's error info.
        let bad = || {
            Raise(
                value::badarg(),
                Some(Origin::Call(Builtin::ProcessDemonitor, args.to_vec())),
            )
        };
        let Some(Term::Ref(r)) = args.first() else {
            return Err(bad());
        };
        let opts = arg_or(args, 1, Term::empty_list());
        let Term::List(items) = &opts else {
            return Err(bad());
        };
        let mut o = DemonitorOpts::default();
        for i in items {
            if i.is_atom("flush") {
                o.flush = true;
            } else if i.is_atom("info") {
                o.info = true;
            } else {
                return Err(bad());
            }
        }
        Ok(Term::bool(self.p.demonitor(*r, o)))
    }

    pub(super) async fn link_builtin(&self, args: &[Term], link: bool) -> Term {
        match args.first() {
            Some(Term::Pid(pid)) => {
                if link {
                    Term::bool(self.p.link(*pid).await)
                } else {
                    Term::bool(self.p.unlink(*pid).await)
                }
            }
            _ => {
                let b = if link {
                    Builtin::ProcessLink
                } else {
                    Builtin::ProcessUnlink
                };
                self.raise(value::badarg(), Some(Origin::Call(b, args.to_vec())))
                    .await
            }
        }
    }

    pub(super) fn flag_builtin(&self, args: &[Term]) -> Answered {
        match args {
            [f, v] if f.is_atom("trap_exit") && (v.is_atom("true") || v.is_atom("false")) => {
                Ok(Term::bool(self.p.trap_exit(v.is_atom("true"))))
            }
            [f, _] if f.is_atom("trap_exit") => Err(Raise(
                value::badarg(),
                Some(Origin::Call(Builtin::ProcessFlag, args.to_vec())),
            )),
            _ => Err(value::limit("only Process.flag(:trap_exit, _) is supported").into()),
        }
    }

    pub(super) async fn exit_signal_builtin(&self, args: &[Term]) -> Term {
        match args {
            [Term::Pid(pid), reason] => Term::bool(self.p.exit_signal(*pid, reason.clone()).await),
            _ => {
                let call = Origin::Call(Builtin::ProcessExit, args.to_vec());
                self.raise(value::badarg(), Some(call)).await
            }
        }
    }

    pub(super) fn alive_builtin(&self, args: &[Term]) -> Answered {
        match args.first() {
            Some(Term::Pid(pid)) => Ok(Term::bool(self.p.is_alive(*pid))),
            _ => Err(Raise(
                value::badarg(),
                Some(Origin::Call(Builtin::ProcessAlive, args.to_vec())),
            )),
        }
    }

    pub(super) fn whereis_builtin(&self, args: &[Term]) -> Answered {
        match args.first() {
            Some(Term::Atom(a)) => Ok(self.p.whereis(a.as_str()).map_or_else(Term::nil, Term::Pid)),
            Some(Term::Pid(p)) => Ok(Term::Pid(*p)),
            _ => Err(value::badarg().into()),
        }
    }

    /// `Process.register/2` as Elixir 1.14 has it: no clause for `nil`, `false`, `true` or
    /// `:undefined`; `:erlang.register/2`'s `:badarg` becomes an `ArgumentError` that says
    /// why (verified on the VM).
    pub(super) fn register_builtin(&self, args: &[Term]) -> Answered {
        let reserved = ["nil", "false", "true", "undefined"];
        match args {
            [_, Term::Atom(name)] if reserved.contains(&name.as_str()) => {
                Err(no_clause(Builtin::ProcessRegister))
            }
            [who, name @ Term::Atom(a)] => {
                let registered = match who {
                    Term::Pid(pid) => self.p.register(a.as_str(), *pid),
                    _ => false,
                };
                if registered {
                    return Ok(Term::bool(true));
                }
                let message = format!(
                    "could not register {} with name {} because it is not alive, the name is \
                     already taken, or it has already been given another name",
                    self.inspect(who),
                    self.inspect(name)
                );
                let e = value::exception("ArgumentError", &message);
                Err(value::error(e).into())
            }
            _ => Err(no_clause(Builtin::ProcessRegister)),
        }
    }

    /// `Process.unregister(name)`: `true`, or `ArgumentError` when nobody has the name
    /// (`:erlang.unregister/1`'s `:badarg`, which OTP 25's error info explains as
    /// "not a pid", verified on the VM).
    pub(super) fn unregister_builtin(&self, args: &[Term]) -> Answered {
        match args.first() {
            Some(Term::Atom(a)) if self.p.unregister(a.as_str()) => Ok(Term::bool(true)),
            Some(Term::Atom(_)) => {
                let e = value::exception(
                    "ArgumentError",
                    "errors were found at the given arguments:\n\n  * 1st argument: not a pid\n",
                );
                Err(value::error(e).into())
            }
            _ => Err(no_clause(Builtin::ProcessUnregister)),
        }
    }

    pub(super) fn info_builtin(&self, args: &[Term]) -> Answered {
        let me = self.p.pid();
        Ok(match args {
            [Term::Pid(pid), what] if *pid == me && what.is_atom("links") => Term::tuple([
                Term::atom("links"),
                Term::list(
                    self.p
                        .links()
                        .into_iter()
                        .map(Term::Pid)
                        .collect::<Vec<_>>(),
                ),
            ]),
            [Term::Pid(pid), what] if what.is_atom("links") => match self.p.links_of(*pid) {
                Some(links) => Term::tuple([
                    Term::atom("links"),
                    Term::list(links.into_iter().map(Term::Pid).collect::<Vec<_>>()),
                ]),
                None => Term::nil(),
            },
            [Term::Pid(pid), what] if *pid == me && what.is_atom("trap_exit") => {
                Term::tuple([Term::atom("trap_exit"), Term::bool(self.p.is_trapping())])
            }
            [Term::Pid(pid), what] if *pid == me && what.is_atom("message_queue_len") => {
                Term::tuple([
                    Term::atom("message_queue_len"),
                    Term::Int(self.p.messages().len() as i64),
                ])
            }
            [Term::Pid(pid), what] if *pid == me && what.is_atom("messages") => {
                Term::tuple([Term::atom("messages"), Term::list(self.p.messages())])
            }
            _ => {
                return Err(value::limit(
                    "Process.info/2 supports :links of any pid, and of self() only :trap_exit, :messages, :message_queue_len",
                )
                .into());
            }
        })
    }

    /// `Process.put/get/delete`: the dictionary of this process.
    pub(super) fn dict_builtin(&self, op: DictOp, args: &[Term]) -> Term {
        let key = arg_or(args, 0, Term::nil());
        match op {
            DictOp::Put => self
                .p
                .dict_put(key, arg_or(args, 1, Term::nil()))
                .unwrap_or_else(Term::nil),
            DictOp::Get => self
                .p
                .dict_get(&key)
                .unwrap_or_else(|| arg_or(args, 1, Term::nil())),
            DictOp::Delete => self.p.dict_delete(&key).unwrap_or_else(Term::nil),
        }
    }

    /// `IO.puts(text)` / `IO.puts(device, text)`: the line is the run's output and an
    /// observation `log <text>`.
    pub(super) fn io_puts(&self, args: &[Term]) -> Answered {
        let item = match args {
            [x] | [_, x] => x,
            _ => return Err(value::badarg().into()),
        };
        let text = match item {
            // Character data: strings, code points and lists of them, nested.
            Term::List(_) => {
                let mut s = String::new();
                if !chardata(item, &mut s) {
                    // `:io.put_chars/2`'s `:badarg` (its message is OTP's error info).
                    let call = Origin::Call(Builtin::IoPuts, args.to_vec());
                    return Err(Raise(value::badarg(), Some(call)));
                }
                s
            }
            other => pure::to_string(other)?.into_owned(),
        };
        self.log(text);
        Ok(Term::atom("ok"))
    }

    /// `IO.inspect(value, label: ..)`: prints `inspect(value)`, returns `value`.
    pub(super) fn io_inspect(&self, args: &[Term]) -> Answered {
        let (v, opts) = match args {
            [v] => (v.clone(), Term::empty_list()),
            [v, opts] if matches!(opts, Term::List(_)) => (v.clone(), opts.clone()),
            [_, v, opts] => (v.clone(), opts.clone()),
            _ => return Err(value::badarg().into()),
        };
        let shown = match super::inspect_opts(&opts, &v) {
            Ok(shown) => shown,
            Err((e, origin)) => return Err(Raise(e, Some(origin))),
        };
        // Laid out in lines, as `IO.inspect/3` formats.
        let mut text = self.inspect_with(&v, shown, super::layout_width(&opts)?);
        if let Some(label) = kw(&opts, "label") {
            text = format!("{}: {text}", pure::to_string(label)?);
        }
        self.log(text);
        Ok(v)
    }

    /// A line of output.
    pub(crate) fn log(&self, text: String) {
        self.p.log(text.clone());
        self.observe(What::Log(text));
    }
}

/// Appends character data `t` to `out` (`IO.chardata_to_string/1`): a string, a code
/// point, or a list of them, nested; false for anything else.
fn chardata(t: &Term, out: &mut String) -> bool {
    match t {
        Term::Str(s) => out.push_str(s),
        Term::Int(c) => match u32::try_from(*c).ok().and_then(char::from_u32) {
            Some(ch) => out.push(ch),
            None => return false,
        },
        Term::List(items) => return items.iter().all(|i| chardata(i, out)),
        _ => return false,
    }
    true
}
