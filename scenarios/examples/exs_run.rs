//! Scratch: run a .exs file with the new interpreter and print its observations.
fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let src = std::fs::read_to_string(&path).expect("readable");
    let (prog, header) = match scenarios::lower::load(&src, &path, "prog") {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let prog = std::rc::Rc::new(prog);
    let r = scenarios::interp::run_ir(
        &prog,
        &scenarios::Decisions::Seed(0),
        sim::TraceMode::Full,
        Default::default(),
    );
    if std::env::var("TRACE").is_ok() {
        println!("{}", r.report.trace.render());
    }
    for l in r.lines() {
        println!("{l}");
    }
    println!("outcome: {:?}", r.report.outcome);
    println!("violation: {:?}", r.violation);
    println!("expect: {:?}", header.expect);
    if std::env::var("BLESS").is_ok() {
        let file = scenarios::elixir::parse(&src).expect("parsed above");
        let blessed = scenarios::lower::expect::bless(&src, &file.comments, &r.lines());
        std::fs::write(&path, blessed).expect("writable");
        println!("blessed {path}");
    }
    if let Some((e, _)) = &header.expect {
        match scenarios::verdict::check(Some(e), &r.report.outcome, &r.lines()) {
            Ok(()) => println!("expectation: met"),
            Err(m) => println!("expectation: NOT MET: {m}"),
        }
    }
}
