//! `Exception.normalize(:error, value, stacktrace)` and `Exception.message/1` of Elixir
//! 1.14, without the stacktrace (the simulator has none).
//!
//! Three consequences, recorded by the probe (`~ rescue` lines):
//!
//! * A raw `:badarg` normalises to `%ArgumentError{message: "argument error"}`. On the VM
//!   `rescue` reads OTP's `error_info` from the stacktrace and binds, for `elem({1}, 5)`,
//!   `"errors were found at the given arguments:\n\n  * 1st argument: out of range\n"`.
//! * `:function_clause` and `:undef` normalise with `module`, `function` and `arity` nil
//!   (message `"no function clause matches"`); the VM fills them from the stacktrace
//!   (`"no function clause matching in List.first/2"`). The interpreter knows which
//!   function of the program raised a `:function_clause` and builds that struct itself
//!   ([`function_clause_error`], semantics §1.1); one from a `fn` or a library function
//!   keeps the nils.
//! * `{:badkey, k}` (what `Map.fetch!/2` raises) normalises with `term: nil`; the VM takes
//!   the map from the stacktrace (`%KeyError{key: :a, term: %{}}`), and so does the
//!   interpreter, which knows the call that raised (`Cx::normalize_from`).
//!
//! The exit reason of a process that does not rescue is the raw value, which is exact.

use sim::{InspectOpts, Term};

/// What `rescue e ->` binds for an error raised with `value` (see the module docs).
pub(crate) fn normalize_error(value: &Term) -> Term {
    if matches!(value, Term::Struct(..)) {
        return value.clone();
    }
    if let Some(t) = atom_case(value) {
        return t;
    }
    if let Some(t) = value.as_tuple().and_then(tuple_case) {
        return t;
    }
    erlang_error(value)
}

fn atom_case(value: &Term) -> Option<Term> {
    let Term::Atom(a) = value else { return None };
    let message = |module, text| Term::struct_(module, vec![("message", Term::str(text))]);
    Some(match a.as_str() {
        "badarg" => message("ArgumentError", "argument error"),
        "badarith" => message("ArithmeticError", "bad argument in arithmetic expression"),
        "system_limit" => message("SystemLimitError", "a system limit has been reached"),
        "cond_clause" => Term::struct_("CondClauseError", vec![]),
        "function_clause" => function_clause_error(Term::nil(), Term::nil(), None),
        "undef" => Term::struct_(
            "UndefinedFunctionError",
            ["module", "function", "arity", "reason", "message"]
                .map(|f| (f, Term::nil()))
                .to_vec(),
        ),
        _ => return None,
    })
}

/// `%FunctionClauseError{}` naming `function`/`arity` of `module` (nil, nil, nil when the
/// function is not known).
pub(crate) fn function_clause_error(
    module: Term,
    function: Term,
    arity: impl Into<Option<usize>>,
) -> Term {
    let arity = arity.into().map_or_else(Term::nil, |a| Term::Int(a as i64));
    let mut fields = vec![("module", module), ("function", function), ("arity", arity)];
    fields.extend(["kind", "args", "clauses"].map(|f| (f, Term::nil())));
    Term::struct_("FunctionClauseError", fields)
}

/// `%UndefinedFunctionError{}` naming `module.function/arity`, with `reason` (nil, or
/// why, as `Access` gives it) and message nil, as `rescue` binds it: the message is made
/// when asked for.
pub(crate) fn undefined_function_error(
    module: Term,
    function: Term,
    arity: usize,
    reason: Option<&str>,
) -> Term {
    let fields = vec![
        ("module", module),
        ("function", function),
        ("arity", Term::Int(arity as i64)),
        ("reason", reason.map_or_else(Term::nil, Term::str)),
        ("message", Term::nil()),
    ];
    Term::struct_("UndefinedFunctionError", fields)
}

fn tuple_case(items: &[Term]) -> Option<Term> {
    let (tag, rest) = items.split_first()?;
    let Term::Atom(tag) = tag else { return None };
    let one = |module, field: &'static str| match rest {
        [t] => Some(Term::struct_(module, vec![(field, t.clone())])),
        _ => None,
    };
    match (tag.as_str(), rest) {
        ("badmatch", _) => one("MatchError", "term"),
        ("case_clause", _) => one("CaseClauseError", "term"),
        ("with_clause", _) => one("WithClauseError", "term"),
        ("try_clause", _) => one("TryClauseError", "term"),
        ("badmap", _) => one("BadMapError", "term"),
        ("badfun", _) => one("BadFunctionError", "term"),
        ("badarity", [payload]) => match payload.as_tuple() {
            Some([f, args]) => Some(Term::struct_(
                "BadArityError",
                vec![("function", f.clone()), ("args", args.clone())],
            )),
            _ => None,
        },
        ("badstruct", [s, t]) => Some(Term::struct_(
            "BadStructError",
            vec![("struct", s.clone()), ("term", t.clone())],
        )),
        ("badbool", [op, t]) => Some(Term::struct_(
            "BadBooleanError",
            vec![("term", t.clone()), ("operator", op.clone())],
        )),
        ("badkey", [k]) => Some(key_error(k, Term::nil(), Term::nil())),
        ("badkey", [k, m @ (Term::Map(_) | Term::Struct(..))]) => {
            Some(key_error(k, m.clone(), Term::nil()))
        }
        ("badkey", [k, t]) => {
            let msg = format!(
                "key {k} not found in: {t}. If you are using the dot syntax, such as \
                 map.field, make sure the left-hand side of the dot is a map"
            );
            Some(key_error(k, t.clone(), Term::Str(msg.into())))
        }
        ("badarg", [payload]) => Some(Term::struct_(
            "ArgumentError",
            vec![(
                "message",
                Term::Str(format!("argument error: {payload}").into()),
            )],
        )),
        _ => None,
    }
}

pub(crate) fn key_error(key: &Term, term: Term, message: Term) -> Term {
    Term::struct_(
        "KeyError",
        vec![("key", key.clone()), ("term", term), ("message", message)],
    )
}

fn erlang_error(original: &Term) -> Term {
    Term::struct_(
        "ErlangError",
        vec![("original", original.clone()), ("reason", Term::nil())],
    )
}

/// `Exception.message(e)` for the exception structs of Elixir 1.14 the simulator raises.
///
/// Not exact for `UndefinedFunctionError` with a module but no `message`: the VM says
/// `"(module M is not available)"` when `M` does not exist and `"undefined or private"`
/// when it does; this says the latter (the interpreter knows, and can set `message`).
/// `BadArityError` needs the closure's arity, which a term does not carry: it gets the
/// fallback (the struct as text). Terms in messages are shown as `inspect/1` shows them.
pub(crate) fn exception_message(e: &Term) -> String {
    let Term::Struct(s) = e else {
        return e.to_string();
    };
    let name = &s.name;
    let field = |f: &str| e.field(f).cloned().unwrap_or_else(Term::nil);
    let module = name
        .as_str()
        .strip_prefix("Elixir.")
        .unwrap_or(name.as_str());
    match module {
        "KeyError" => key_message(&field("key"), &field("term"), &field("message")),
        "MatchError" => format!(
            "no match of right hand side value: {}",
            shown(&field("term"))
        ),
        "CaseClauseError" => format!("no case clause matching: {}", shown(&field("term"))),
        "WithClauseError" => format!("no with clause matching: {}", shown(&field("term"))),
        "TryClauseError" => format!("no try clause matching: {}", shown(&field("term"))),
        "CondClauseError" => "no cond clause evaluated to a truthy value".to_string(),
        "BadMapError" => format!("expected a map, got: {}", shown(&field("term"))),
        "BadFunctionError" => format!("expected a function, got: {}", shown(&field("term"))),
        "BadStructError" => format!(
            "expected a struct named {}, got: {}",
            field("struct"),
            shown(&field("term"))
        ),
        "BadBooleanError" => format!(
            "expected a boolean on left-side of \"{}\", got: {}",
            plain(&field("operator")),
            shown(&field("term"))
        ),
        "ErlangError" => format!("Erlang error: {}", shown(&field("original"))),
        "FunctionClauseError" => function_clause_message(e),
        "UndefinedFunctionError" => undefined_function_message(e),
        "Protocol.UndefinedError" => protocol_message(e),
        _ => match e.field("message") {
            Some(Term::Str(s)) => s.to_string(),
            _ => e.to_string(),
        },
    }
}

/// `inspect(t)`, as the messages of 1.14 show a term (at most 50 elements of a list).
fn shown(t: &Term) -> String {
    t.inspect(InspectOpts::DEFAULT).to_string()
}

/// An atom's text as `to_string` gives it (`and`), anything else rendered.
fn plain(t: &Term) -> String {
    match t {
        Term::Atom(a) => a.as_str().to_string(),
        other => other.to_string(),
    }
}

fn key_message(key: &Term, term: &Term, message: &Term) -> String {
    match message {
        Term::Str(s) => s.to_string(),
        _ if term.is_atom("nil") => format!("key {} not found", shown(key)),
        _ => format!("key {} not found in: {}", shown(key), shown(term)),
    }
}

/// `Exception.format_mfa/3`: `Enum.join/2`, `:lists.duplicate/2`.
fn format_mfa(module: &Term, function: &Term, arity: &Term) -> String {
    // An anonymous function's name, `-struct/2-fun-0-`, says where it was defined.
    if let Term::Atom(f) = function
        && let Some(rest) = f.as_str().strip_prefix('-')
        && let Some((parent, _)) = rest.split_once("-fun-")
    {
        return format!("anonymous fn/{arity} in {module}.{parent}");
    }
    format!("{module}.{}/{arity}", remote_call(function))
}

/// A function's name as `Macro.inspect_atom(:remote_call, name)` writes it after a dot:
/// bare if it is an identifier or an operator, else quoted
/// (`Enum."-map_reduce/3-lists^mapfoldl/2-0-"/3`).
fn remote_call(function: &Term) -> String {
    let Term::Atom(a) = function else {
        return plain(function);
    };
    // Atoms `:literal` leaves bare but no call can be named (`inner_classify/1`).
    if matches!(
        a.as_str(),
        "%" | "%{}" | "{}" | "<<>>" | "..." | ".." | "." | "..//" | "->"
    ) {
        return format!("\"{}\"", a.as_str());
    }
    let shown = function.inspect(sim::InspectOpts::WHOLE).to_string();
    match shown.strip_prefix(':') {
        Some(quoted) if quoted.starts_with('"') => quoted.to_string(),
        Some(_) => a.as_str().to_string(),
        None if matches!(a.as_str(), "nil" | "true" | "false") => a.as_str().to_string(),
        // An alias (`Foo`) is quoted as the atom's text, unescaped.
        None => format!("\"{}\"", a.as_str()),
    }
}

fn function_clause_message(e: &Term) -> String {
    match (e.field("module"), e.field("function"), e.field("arity")) {
        (Some(m), Some(f), Some(a)) if !f.is_atom("nil") => {
            format!("no function clause matching in {}", format_mfa(m, f, a))
        }
        _ => "no function clause matches".to_string(),
    }
}

fn undefined_function_message(e: &Term) -> String {
    if let Some(Term::Str(s)) = e.field("message") {
        return s.to_string();
    }
    let nil = Term::nil();
    let get = |f| e.field(f).unwrap_or(&nil);
    let (m, f, a) = (get("module"), get("function"), get("arity"));
    if f.is_atom("nil") || a.is_atom("nil") {
        "undefined function".to_string()
    } else if m.is_atom("nil") {
        format!("function {}/{a} is undefined", plain(f))
    } else if let Some(Term::Str(reason)) = e.field("reason") {
        format!("function {} is undefined ({reason})", format_mfa(m, f, a))
    } else {
        format!("function {} is undefined or private", format_mfa(m, f, a))
    }
}

fn protocol_message(e: &Term) -> String {
    let nil = Term::nil();
    let value = e.field("value").unwrap_or(&nil);
    let protocol = e.field("protocol").unwrap_or(&nil);
    let description = match e.field("description") {
        Some(Term::Str(d)) if !d.is_empty() => format!(", {d}"),
        _ => String::new(),
    };
    // Protocols are not consolidated under `elixir file.exs`, so the VM adds no list of
    // implementations (it would under `mix`).
    format!(
        "protocol {protocol} not implemented for {} of type {}{description}",
        shown(value),
        value_type(value)
    )
}

/// `Protocol.UndefinedError`'s name for the type of `v`.
fn value_type(v: &Term) -> String {
    match v {
        Term::Struct(s) => format!("{} (a struct)", Term::Atom(s.name.clone())),
        Term::Map(kvs) => match kvs.iter().find(|(k, _)| k.is_atom("__struct__")) {
            Some((_, s @ Term::Atom(_))) => format!("{s} (a struct)"),
            _ => "Map".to_string(),
        },
        Term::Atom(_) => "Atom".to_string(),
        Term::Str(_) => "BitString".to_string(),
        Term::Opaque(_) => "Function".to_string(),
        Term::Int(_) => "Integer".to_string(),
        Term::Float(_) => "Float".to_string(),
        Term::List(_) => "List".to_string(),
        Term::Pid(_) => "PID".to_string(),
        Term::Ref(_) => "Reference".to_string(),
        Term::Tuple(_) => "Tuple".to_string(),
    }
}

/// `%ArgumentError{}` with OTP 25's error info for a BIF's `:badarg` (see the module docs):
/// `wrong` holds the wrong arguments' positions and what is wrong with each.
pub(crate) fn error_info(wrong: &[(usize, &str)]) -> Term {
    let mut message = String::from("errors were found at the given arguments:\n\n");
    for (n, what) in wrong {
        let nth = match n {
            1 => "1st".to_string(),
            2 => "2nd".to_string(),
            3 => "3rd".to_string(),
            n => format!("{n}th"),
        };
        message.push_str(&format!("  * {nth} argument: {what}\n"));
    }
    Term::struct_("ArgumentError", vec![("message", Term::str(&message))])
}
