//! A kernel renewed from run to run runs each run as a new kernel would.
//!
//! `Sim::new` renews the kernel of the thread's last finished run instead of building one:
//! `Kernel::empty` empties its tables, keeping the buffers, when a run ends, and
//! `Kernel::start` begins the next run on it. A field the renewal forgot would carry one
//! run into the next: a pending timer, a name, a held signal, a reference counter. Here every catalogue program runs under several seeds and faults, each on a
//! thread of its own (a new kernel), and then all of them one after the other on one thread
//! (each after every other, forwards and backwards): the traces must be identical, event by
//! event.

use scenarios::interp::{Decisions, Limits};
use scenarios::{Scenario, catalogue};

/// A script that leaves behind, when it ends, what a correct renewal must clear and the
/// catalogue's programs do not all leave: a global name, a registered name, a dictionary
/// entry, a pending timer and an unread message.
const LEFTOVERS: &str = r#"# name: Leftovers
defmodule Keeper do
  use GenServer
  def init(n), do: {:ok, n}
end

{:ok, kept} = GenServer.start(Keeper, 0, name: {:global, :kept})
IO.inspect(:global.whereis_name(:kept) == kept)
waiter =
  spawn(fn ->
    IO.inspect(Process.get(:left))
    Process.put(:left, :behind)
    receive do
      :never -> :ok
    end
  end)

Process.register(waiter, :waiter)
IO.inspect(Process.get(:key))
Process.put(:key, :value)
Process.send_after(waiter, :later, 10_000)
send(waiter, :unread)
IO.inspect(GenServer.start(Keeper, 1, name: {:global, :kept}) |> elem(0))
"#;

/// A program by name: the catalogue's, or [`LEFTOVERS`].
fn load(name: &str) -> Scenario {
    if name == "Leftovers" {
        return Scenario::from_exs(LEFTOVERS, "renewal.rs").unwrap_or_else(|e| panic!("{e}"));
    }
    catalogue::find(name).expect("a catalogue entry")
}
use sim::faults::{Fault, inject};
use sim::{Inject, TraceMode};

/// One run: a program, a seed, the timing faults its decisions may inject, and perhaps a
/// deliberate kernel bug (`sim::faults`, to reach states a correct kernel never leaves
/// behind).
#[derive(Clone, Copy)]
struct Case {
    program: usize,
    seed: u64,
    inject: Inject,
    bug: Option<Fault>,
}

/// Everything a run shows: its full trace (every event, rendered), outcome, decisions and
/// observations.
fn run(programs: &[Scenario], c: Case) -> String {
    let _bug = c.bug.map(inject);
    let limits = Limits {
        inject: c.inject,
        ..Limits::default()
    };
    let r = programs[c.program].run(&Decisions::Seed(c.seed), TraceMode::Full, &limits);
    let mut out = format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n",
        r.report.outcome,
        r.report.schedule,
        r.lines(),
        r.violation.map(|v| v.check)
    );
    for e in r.report.trace.events() {
        out.push_str(&format!("{e:?}\n"));
    }
    out
}

#[test]
fn a_renewed_kernel_runs_every_run_as_a_new_one_does() {
    let mut programs = catalogue::all();
    programs.push(load("Leftovers"));
    let faults = [
        Inject::default(),
        Inject {
            jitter_ms: 50,
            kills: 2,
            delay_ms: 20,
        },
    ];
    let mut cases = Vec::new();
    for program in 0..programs.len() {
        for (seed, inject) in (0..3).flat_map(|s| faults.map(|f| (s, f))) {
            cases.push(Case {
                program,
                seed,
                inject,
                bug: None,
            });
        }
        for (i, bug) in Fault::ALL.into_iter().enumerate() {
            if (program + i) % 4 == 0 {
                cases.push(Case {
                    program,
                    seed: 7,
                    inject: faults[1],
                    bug: Some(bug),
                });
            }
        }
    }
    // Each on a new thread: a new kernel.
    let names: Vec<&str> = programs.iter().map(|p| p.name.as_str()).collect();
    let fresh: Vec<String> = std::thread::scope(|s| {
        (cases.iter())
            .map(|&c| {
                let name = names[c.program];
                let alone = move || {
                    let p = load(name);
                    run(std::slice::from_ref(&p), Case { program: 0, ..c })
                };
                s.spawn(alone).join().expect("run")
            })
            .collect()
    });
    let distinct: std::collections::BTreeSet<_> = fresh.iter().collect();
    assert!(
        distinct.len() > fresh.len() / 2,
        "the runs should differ: {} distinct of {}",
        distinct.len(),
        fresh.len()
    );
    // On this thread, each after every other: forwards, then backwards.
    let order = (0..cases.len()).chain((0..cases.len()).rev());
    for i in order {
        let got = run(&programs, cases[i]);
        assert!(
            got == fresh[i],
            "run {i} ({} seed {}, {:?}, bug {:?}) differs after a renewal:\n{}",
            programs[cases[i].program].name,
            cases[i].seed,
            cases[i].inject,
            cases[i].bug,
            first_difference(&fresh[i], &got)
        );
    }
}

/// The first line where `want` and `got` differ, with both versions.
fn first_difference(want: &str, got: &str) -> String {
    let (mut w, mut g) = (want.lines(), got.lines());
    for n in 1.. {
        match (w.next(), g.next()) {
            (None, None) => break,
            (a, b) if a != b => return format!("line {n}:\n  new:     {a:?}\n  renewed: {b:?}"),
            _ => {}
        }
    }
    "no line differs".to_string()
}
