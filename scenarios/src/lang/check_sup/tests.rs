//! The checker on supervisor steps: kinds, child specs, names, positions.

use crate::lang::{Seg, compile, load_program, parse_program};

fn err(main: &str) -> crate::lang::CompileError {
    let src = format!("Program(name: \"x\", main: [{main}])");
    compile(&parse_program(&src, "t").unwrap()).unwrap_err()
}

#[test]
fn supervisor_references_are_bindings_of_the_right_kind_or_names() {
    let e = err(r#"supervisor(as: "sup", strategy: one_for_one), which_children(sup: "sup2")"#);
    assert_eq!(
        e.message,
        "unknown supervisor binding `sup2` (bound here: sup)"
    );
    assert_eq!(
        e.path,
        vec![Seg::Field("main"), Seg::Index(1), Seg::Field("sup")]
    );
    let e = err(r#"async(as: "t"), count_children(sup: "t")"#);
    assert_eq!(e.message, "`t` is a task, not a supervisor");
    let e = err(r#"task_supervisor(as: "ts"), start_child(sup: "ts", child: worker(id: ":w"))"#);
    assert_eq!(
        e.message,
        "`start_child` needs a Supervisor or a DynamicSupervisor, and `ts` is a Task.Supervisor"
    );
    let e = err(r#"dynamic_supervisor(name: "Dyn"), restart_child(sup: "Dyn", child: ":a")"#);
    assert_eq!(
        e.message,
        "`restart_child` needs a Supervisor, and `Dyn` is a DynamicSupervisor"
    );
    let e = err(r#"which_children(sup: "{:a, 1}")"#);
    assert!(
        e.message.starts_with("`sup:` is a supervisor"),
        "{}",
        e.message
    );
    // A name nobody registered is allowed (at run time the call exits :noproc).
    compile(
        &parse_program(
            r#"Program(name: "x", main: [catch_exit(do: [which_children(sup: "Nobody")])])"#,
            "t",
        )
        .unwrap(),
    )
    .unwrap();
    let e = err(r#"spawn(as: "p"), async(as: "t"), call(server: "t", msg: ":hi")"#);
    assert_eq!(e.message, "`t` is a task, not a GenServer");
    // `stop` is `GenServer.stop`: it takes a server; the supervisor calls do not.
    compile(
        &parse_program(
            r#"Program(name: "x", main: [gen_server(as: "srv"), stop(sup: "srv")])"#,
            "t",
        )
        .unwrap(),
    )
    .unwrap();
    let e = err(r#"gen_server(as: "srv"), which_children(sup: "srv")"#);
    assert_eq!(e.message, "`srv` is a GenServer, not a supervisor");
}

#[test]
fn child_specs_are_checked() {
    let e = err(r#"supervisor(strategy: one_for_one, children: [task(do: [])])"#);
    assert!(
        e.message
            .starts_with("this `task` child spec needs an `id:`"),
        "{}",
        e.message
    );
    assert_eq!(
        e.path,
        vec![
            Seg::Field("main"),
            Seg::Index(0),
            Seg::Field("children"),
            Seg::Index(0)
        ]
    );
    let e = err(r#"supervisor(strategy: one_for_one, children: [task(id: "a")])"#);
    assert_eq!(
        e.message,
        "a child id must be an atom, such as `:a` or `MyName`; found `a`"
    );
    let e =
        err(r#"supervisor(strategy: one_for_one, children: [task(id: ":a"), worker(id: ":a")])"#);
    assert_eq!(
        e.message,
        "duplicate child id `:a`: the children of a Supervisor need unique ids"
    );
    assert_eq!(e.path[3..], [Seg::Index(1), Seg::Field("id")]);
    let e = err(r#"supervisor(name: "my_sup", strategy: one_for_one)"#);
    assert!(
        e.message.starts_with("a registered name must be an atom"),
        "{}",
        e.message
    );
    // Under a DynamicSupervisor an id is optional.
    compile(
        &parse_program(
            r#"Program(name: "x", main: [dynamic_supervisor(as: "d"), start_child(sup: "d", child: task(do: []))])"#,
            "t",
        )
        .unwrap(),
    )
    .unwrap();
    let e = err(r#"task_supervisor(as: "ts"), start_child(sup: "ts")"#);
    assert!(
        e.message.starts_with("`start_child` takes either `child:`"),
        "{}",
        e.message
    );
    let e = err(
        r#"dynamic_supervisor(as: "d"), start_child(sup: "d", restart: transient, child: task(do: []))"#,
    );
    assert!(
        e.message.contains("go inside the child spec"),
        "{}",
        e.message
    );
}

#[test]
fn child_bodies_see_the_bindings_before_the_supervisor_and_errors_have_positions() {
    let src = "Program(name: \"x\", main: [\n  let(\"parent\", \"self()\"),\n  supervisor(as: \"sup\", strategy: one_for_one, children: [\n    worker(id: \":a\", do: [send(to: \"parent\", msg: \":hi\")]),\n    task(id: \":b\", do: [send(to: \"sup\", msg: \":hi\")]),\n  ]),\n])";
    let e = load_program(src, "f.ron").unwrap_err();
    // `sup` is bound after its children are written, as in Elixir.
    assert_eq!((e.line, e.col), (5, 34));
    assert_eq!(e.message, "unknown binding `sup` (bound here: parent)");
}
