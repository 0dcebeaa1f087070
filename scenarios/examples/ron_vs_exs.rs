//! Scratch: every catalogue program, old interpreter vs printed Elixir through the new one.
fn main() {
    let only = std::env::args().nth(1);
    let mut bad = 0;
    let mut all = scenarios::catalogue::all();
    if std::env::var("GEN").is_ok() {
        all.extend(scenarios::conform::generator::generate(250, 0xC0F0, 50));
        all.extend(scenarios::conform::generator::generate(250, 0xBEA5, 50));
    }
    for p in all {
        if only.as_ref().is_some_and(|o| *o != p.name) {
            continue;
        }
        let old = scenarios::run_program(&p, &scenarios::Decisions::Seed(0), sim::TraceMode::Off)
            .unwrap();
        let old: Vec<String> = old
            .lines()
            .iter()
            .map(|l| scenarios::lang::elixir_src::expected_line(l))
            .collect();
        let src = scenarios::lang::elixir_src::to_elixir(&p).unwrap();
        let (prog, _h) = match scenarios::lower::load(&src, &p.name, &p.name) {
            Ok(x) => x,
            Err(e) => {
                println!("== {} LOWER ERROR {e}\n{src}", p.name);
                bad += 1;
                continue;
            }
        };
        let new = scenarios::interp::run_ir(
            &std::rc::Rc::new(prog),
            &scenarios::Decisions::Seed(0),
            sim::TraceMode::Off,
            Default::default(),
        );
        let newl = new.lines();
        let only_names = std::env::var("NAMES").is_ok();
        if only_names && old != newl {
            println!("DIFFER {}", p.name);
            bad += 1;
            continue;
        }
        if old != newl || only.is_some() {
            bad += (old != newl) as i32;
            println!(
                "== {} {}",
                p.name,
                if old == newl { "same" } else { "DIFFER" }
            );
            if only.is_some() {
                println!("{src}");
            }
            let n = old.len().max(newl.len());
            for i in 0..n {
                let a = old.get(i).map(String::as_str).unwrap_or("");
                let b = newl.get(i).map(String::as_str).unwrap_or("");
                println!("{} {:<70} | {}", if a == b { " " } else { "*" }, a, b);
            }
            println!(
                "violation: {:?} outcome {:?}",
                new.violation, new.report.outcome
            );
        }
    }
    println!("{bad} differ");
}
