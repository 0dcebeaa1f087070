//! A second shrinking pass, on the program itself, after proptest's.
//!
//! Proptest shrinks the skeleton well — it drops steps and lowers numbers — but it cannot
//! lift a step out of the body it is nested in (a failing `await` inside a `rescue` inside a
//! `receive ... after` stays there), and once it has started simplifying elements it no longer
//! removes them. This pass tries, greedily and until nothing applies: removing any step,
//! replacing a step by one of its nested bodies, removing a receive clause, lowering a time by
//! one quantum or to 0, and dropping an `as:` — keeping a change when the program still
//! compiles and still fails the same way.

use crate::programs::{QUANTUM_MS, blocks, blocks_mut};
use scenarios::Program;
use scenarios::lang::{ShutdownMode, Step, Timeout, compile};

/// The smallest program reachable from `program` by single simplifications that keep
/// `fails` true (at most `budget` candidates are tried).
pub fn minimize(program: &Program, budget: usize, fails: &dyn Fn(&Program) -> bool) -> Program {
    let mut current = program.clone();
    let mut tried = 0;
    'improve: loop {
        for main in variants(&current.main) {
            if tried >= budget {
                break 'improve;
            }
            let candidate = Program {
                main,
                ..current.clone()
            };
            if compile(&candidate).is_err() {
                continue;
            }
            tried += 1;
            if fails(&candidate) {
                current = candidate;
                continue 'improve;
            }
        }
        break;
    }
    current
}

/// Every program one simplification away, simplest first.
fn variants(steps: &[Step]) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    let with = |i: usize, replacement: Vec<Step>| -> Vec<Step> {
        let mut v = steps[..i].to_vec();
        v.extend(replacement);
        v.extend_from_slice(&steps[i + 1..]);
        v
    };
    for i in 0..steps.len() {
        out.push(with(i, Vec::new()));
    }
    for (i, step) in steps.iter().enumerate() {
        for body in bodies(step) {
            out.push(with(i, body.to_vec()));
        }
    }
    for (i, step) in steps.iter().enumerate() {
        for s in simpler(step) {
            out.push(with(i, vec![s]));
        }
    }
    for (i, step) in steps.iter().enumerate() {
        for s in nested(step) {
            out.push(with(i, vec![s]));
        }
    }
    out
}

/// The nested bodies of a step.
fn bodies(step: &Step) -> Vec<&[Step]> {
    blocks(step).into_iter().map(|b| b.as_slice()).collect()
}

fn lower_ms(ms: u64) -> Vec<u64> {
    let mut v = Vec::new();
    if ms > 0 {
        v.push(0);
    }
    if ms > QUANTUM_MS {
        v.push(ms - QUANTUM_MS);
    }
    v
}

fn lower_timeout(t: &Timeout) -> Vec<Timeout> {
    match t {
        Timeout::Ms(ms) => lower_ms(*ms).into_iter().map(Timeout::Ms).collect(),
        Timeout::Infinity => Vec::new(),
    }
}

/// The step itself made simpler (its nested bodies untouched).
fn simpler(step: &Step) -> Vec<Step> {
    let mut out = Vec::new();
    match step {
        Step::Sleep(ms) => out.extend(lower_ms(*ms).into_iter().map(Step::Sleep)),
        Step::Async { bind, body, ret } if ret != ":ok" => {
            out.push(Step::Async {
                bind: bind.clone(),
                body: body.clone(),
                ret: ":ok".to_string(),
            });
        }
        Step::Await {
            task,
            timeout,
            bind,
        }
        | Step::Yield {
            task,
            timeout,
            bind,
        } => {
            let make = |timeout: Timeout, bind: Option<String>| match step {
                Step::Await { .. } => Step::Await {
                    task: task.clone(),
                    timeout,
                    bind,
                },
                _ => Step::Yield {
                    task: task.clone(),
                    timeout,
                    bind,
                },
            };
            if bind.is_some() {
                out.push(make(*timeout, None));
            }
            for t in lower_timeout(timeout) {
                out.push(make(t, bind.clone()));
            }
        }
        Step::AwaitMany {
            tasks,
            timeout,
            bind,
        }
        | Step::YieldMany {
            tasks,
            timeout,
            bind,
        } => {
            let make = |tasks: Vec<String>, timeout: Timeout| match step {
                Step::AwaitMany { .. } => Step::AwaitMany {
                    tasks,
                    timeout,
                    bind: bind.clone(),
                },
                _ => Step::YieldMany {
                    tasks,
                    timeout,
                    bind: bind.clone(),
                },
            };
            if tasks.len() > 1 {
                for i in 0..tasks.len() {
                    let mut fewer = tasks.clone();
                    fewer.remove(i);
                    out.push(make(fewer, *timeout));
                }
            }
            for t in lower_timeout(timeout) {
                out.push(make(tasks.clone(), t));
            }
        }
        Step::Shutdown {
            task,
            timeout: ShutdownMode::Timeout(t),
            bind,
        } => {
            for t in lower_timeout(t) {
                out.push(Step::Shutdown {
                    task: task.clone(),
                    timeout: ShutdownMode::Timeout(t),
                    bind: bind.clone(),
                });
            }
        }
        Step::Receive { clauses, after } => {
            for i in 0..clauses.len() {
                let mut fewer = clauses.clone();
                fewer.remove(i);
                out.push(Step::Receive {
                    clauses: fewer,
                    after: after.clone(),
                });
            }
            if let Some((t, body)) = after {
                for t in lower_timeout(t) {
                    out.push(Step::Receive {
                        clauses: clauses.clone(),
                        after: Some((t, body.clone())),
                    });
                }
            }
        }
        Step::Supervisor { children, .. } if children.len() > 1 => {
            for i in 0..children.len() {
                let mut s = step.clone();
                if let Step::Supervisor { children, .. } = &mut s {
                    children.remove(i);
                }
                out.push(s);
            }
        }
        Step::GenServer { handle_call, .. } if handle_call.len() > 1 => {
            for i in 0..handle_call.len() {
                let mut s = step.clone();
                if let Step::GenServer { handle_call, .. } = &mut s {
                    handle_call.remove(i);
                }
                out.push(s);
            }
        }
        _ => {}
    }
    out
}

/// The step with one of its nested bodies simplified.
fn nested(step: &Step) -> Vec<Step> {
    let mut out = Vec::new();
    for (k, body) in blocks(step).into_iter().enumerate() {
        for v in variants(body) {
            let mut s = step.clone();
            *blocks_mut(&mut s)[k] = v;
            out.push(s);
        }
    }
    out
}
