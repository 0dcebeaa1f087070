//! Monitors (part of [`super`], the Elixir family): `main` spawns workers that end after a
//! while (normally, with an exit reason, raising), some registered; it monitors them by pid,
//! by name and by `{name, node}` (also once they are gone: `:noproc`), waits for `DOWN`s,
//! demonitors with `[:flush]` and `[:info]` (also after sending itself a message that
//! looks like the `DOWN`), kills a worker, and at last shows what is left in its mailbox.
//!
//! Not generated: a demonitor of a monitor taken since `main` last waited. A monitor of a
//! process that is already gone stays active until its `:noproc` `DOWN` is taken in, at
//! the caller's next wait (semantics §1.6, which the simulator follows), and on the VM the
//! `IO.inspect` these programs print with is a wait too (a call to the group leader),
//! where the simulator's is not: the two would take the `DOWN` in at different points.
//! (The generator's rule is older than the simulator's fix; it is kept for the `IO` case.)

use super::Gen;
use super::exs::{MAILBOX, Text, main_ms, other_ms};

/// A monitor `main` took: its variable and the worker it watches.
struct Watch {
    var: String,
    worker: usize,
}

impl Gen<'_> {
    pub(super) fn monitor_program(&mut self, t: &mut Text) {
        t.module(MAILBOX);
        t.kind("monitor");
        let n = 1 + self.below(3);
        let mut works: Vec<u64> = (1..=6).collect();
        let mut named = Vec::new();
        for i in 1..=n {
            let w = works.remove(self.below(works.len() as u64) as usize);
            let end = match self.below(3) {
                0 => String::from(":ok"),
                1 => format!("exit({})", self.exs_reason()),
                _ => format!("raise \"w{i} crashed\""),
            };
            t.line(format!(
                "w{i} =\n  spawn(fn ->\n    Process.sleep({})\n    {end}\n  end)",
                other_ms(w * self.grid)
            ));
            let name = self.chance(50);
            if name {
                t.line(format!("Process.register(w{i}, :w{i})"));
            }
            named.push(name);
        }
        let mut watches: Vec<Watch> = Vec::new();
        watches.push(self.watch(t, &named, 0));
        // Monitors taken before `main` last waited: only those are demonitored (see the
        // module docs).
        let mut settled = 0;
        for _ in 0..2 + self.below(5) {
            match self.below(9) {
                0 | 1 => {
                    let k = watches.len();
                    let w = self.watch(t, &named, k);
                    watches.push(w);
                }
                2 | 3 => {
                    settled = watches.len();
                    let w = &watches[self.below(watches.len() as u64) as usize];
                    t.line(format!(
                        "receive do\n  {{:DOWN, ^{v}, :process, who, reason}} -> IO.puts(\"DOWN {v} #{{inspect(who)}} #{{inspect(reason)}}\")\nafter\n  {} -> IO.puts(\"no DOWN for {v}\")\nend",
                        main_ms(self.ms(1, 4)),
                        v = w.var
                    ));
                }
                4 => {
                    settled = watches.len();
                    t.line(format!(
                    "receive do\n  {{:DOWN, _, :process, who, reason}} -> IO.puts(\"a DOWN #{{inspect(who)}} #{{inspect(reason)}}\")\nafter\n  {} -> IO.puts(\"no DOWN\")\nend",
                    main_ms(self.ms(1, 4))
                ));
                }
                5 | 6 => {
                    settled = self.settle(t, &watches, settled);
                    let w = &watches[self.below(settled as u64) as usize];
                    let (var, worker) = (w.var.clone(), w.worker);
                    if self.chance(40) {
                        // A message that looks like this monitor's DOWN.
                        t.line(format!(
                            "send(self(), {{:DOWN, {var}, :process, w{}, :relayed}})",
                            worker + 1
                        ));
                    }
                    let opts = self.demonitor_opts(t);
                    t.line(format!(
                        "IO.inspect(Process.demonitor({var}{opts}), label: \"demonitor {var}\")"
                    ));
                }
                7 => {
                    let i = 1 + self.below(n);
                    let reason = self.word(&[":kill", ":boom", ":normal"]);
                    t.line(format!("Process.exit(w{i}, {reason})"));
                }
                _ => {
                    settled = watches.len();
                    t.line(format!("Process.sleep({})", main_ms(self.ms(1, 3))));
                }
            }
        }
        // At last, one more demonitor (each program has one).
        settled = self.settle(t, &watches, settled);
        let w = &watches[self.below(settled as u64) as usize];
        let var = w.var.clone();
        let opts = self.demonitor_opts(t);
        t.line(format!(
            "IO.inspect(Process.demonitor({var}{opts}), label: \"demonitor {var}\")"
        ));
        t.line(format!("Process.sleep({})", main_ms(self.grid)));
        t.line("Mailbox.drain()");
    }

    /// `settled`, or (if no monitor is settled) all of them after a wait of a grid.
    fn settle(&mut self, t: &mut Text, watches: &[Watch], settled: usize) -> usize {
        if settled > 0 {
            return settled;
        }
        t.line(format!("Process.sleep({})", main_ms(self.grid)));
        watches.len()
    }

    /// `, [..]` options of a demonitor, or none.
    fn demonitor_opts(&mut self, t: &mut Text) -> &'static str {
        match self.below(4) {
            0 => {
                t.kind("demonitor");
                ""
            }
            1 => {
                t.kind("demonitor_flush");
                ", [:flush]"
            }
            2 => {
                t.kind("demonitor_info");
                ", [:info]"
            }
            _ => {
                t.kind("demonitor_flush");
                t.kind("demonitor_info");
                ", [:flush, :info]"
            }
        }
    }

    /// `ref<k> = Process.monitor(..)` of one of the workers: by pid, or (if it was
    /// registered) by name or `{name, node}`.
    fn watch(&mut self, t: &mut Text, named: &[bool], k: usize) -> Watch {
        let worker = self.below(named.len() as u64) as usize;
        let i = worker + 1;
        let target = if named[worker] && self.chance(70) {
            t.kind("monitor_by_name");
            if self.chance(50) {
                format!(":w{i}")
            } else {
                format!("{{:w{i}, node()}}")
            }
        } else {
            format!("w{i}")
        };
        let var = format!("ref{k}");
        t.line(format!("{var} = Process.monitor({target})"));
        Watch { var, worker }
    }
}
