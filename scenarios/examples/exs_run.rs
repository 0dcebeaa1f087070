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
}
