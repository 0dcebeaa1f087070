//! Child start results and failing restarts (part of [`super`], the Elixir family): start
//! functions that return `{:ok, pid}`, `{:ok, pid, info}`, `:ignore` or `{:error, reason}`,
//! raise or exit, and one that starts the first time and fails on the next attempts, so
//! that a restart fails, is retried, and each attempt counts against the intensity
//! (semantics §4.6). Under a `Supervisor` (in the initial children, which can make
//! `start_link` fail, or by `start_child`, `terminate_child` + `restart_child`) or a
//! `DynamicSupervisor`.

use super::Gen;
use super::exs::{ASK, MAILBOX, Text, main_ms, other_ms};

/// The start functions. Each runs in the supervisor; so does `flaky`'s count of attempts.
const STARTER: &str = "defmodule Starter do
  def ok(life), do: {:ok, spawn_link(fn -> live(life) end)}
  def ok_info(life, info), do: {:ok, spawn_link(fn -> live(life) end), info}
  def ignore, do: :ignore
  def error(reason), do: {:error, reason}
  def raising(message), do: raise(message)
  def exiting(reason), do: exit(reason)

  # Starts the first time; then the next `fails` attempts fail (every one with :always).
  def flaky(key, life, fails) do
    n = Process.get({:attempts, key}, 0)
    Process.put({:attempts, key}, n + 1)

    if n == 0 or (fails != :always and n > fails) do
      {:ok, spawn_link(fn -> live(life) end)}
    else
      {:error, {:attempt, n}}
    end
  end

  def live(:forever), do: Process.sleep(:infinity)

  def live({ms, :exit, reason}) do
    Process.sleep(ms)
    exit(reason)
  end

  def live({ms, :raise}) do
    Process.sleep(ms)
    raise \"worker crashed\"
  end
end
";

/// How a start function ends.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Start {
    Ok,
    OkInfo,
    Ignore,
    Error,
    Raise,
    Exit,
    /// Starts, then fails on the next attempts.
    Flaky,
}

const STARTS: [Start; 7] = [
    Start::Ok,
    Start::OkInfo,
    Start::Ignore,
    Start::Error,
    Start::Raise,
    Start::Exit,
    Start::Flaky,
];

impl Gen<'_> {
    /// A `Supervisor` or a `DynamicSupervisor` whose children start in every way.
    pub(super) fn start_results(&mut self, t: &mut Text) {
        t.module(STARTER);
        t.module(ASK);
        let traps = self.chance(60);
        if traps {
            t.line("Process.flag(:trap_exit, true)");
        }
        let max_restarts = self.below(4);
        t.periods.push(5);
        if self.chance(30) {
            self.dynamic_starts(t, traps, max_restarts);
        } else {
            self.static_starts(t, traps, max_restarts);
        }
        if traps && self.chance(40) {
            t.module(MAILBOX);
            t.line(format!("Process.sleep({})", main_ms(self.grid)));
            t.line("Mailbox.drain()");
        }
    }

    fn static_starts(&mut self, t: &mut Text, traps: bool, max_restarts: u64) {
        let n = 1 + self.below(3);
        // A failed initial start makes `start_link` fail (and its EXIT kill a `main` that
        // does not trap exits while it reads the result: a race), so only when trapping.
        let fails_at_start = traps && self.chance(20);
        let mut specs = Vec::new();
        for i in 0..n {
            let start = if fails_at_start && i == n - 1 {
                *self.pick(&[Start::Error, Start::Raise, Start::Exit])
            } else {
                *self.pick(&[Start::Ok, Start::OkInfo, Start::Ignore, Start::Flaky])
            };
            specs.push(self.spec(t, &format!("c{}", i + 1), start));
        }
        let strategy = self.word(&[":one_for_one", ":one_for_all", ":rest_for_one"]);
        let opts = format!("strategy: {strategy}, max_restarts: {max_restarts}, max_seconds: 5");
        if fails_at_start {
            t.line(format!(
                "IO.inspect(Supervisor.start_link([{}], {opts}), label: \"start_link\")",
                specs.join(", ")
            ));
            t.line(format!(
                "receive do\n  {{:EXIT, _, reason}} -> IO.inspect(reason, label: \"EXIT\")\nafter\n  {} -> IO.puts(\"no EXIT\")\nend",
                main_ms(self.grid)
            ));
            return;
        }
        t.line(format!(
            "{{:ok, sup}} = Supervisor.start_link([{}], {opts})",
            specs.join(", ")
        ));
        let mut next = n + 1;
        for k in 0..1 + self.below(4) {
            // The first action starts a child whose start fails.
            match if k == 0 { 0 } else { self.below(7) } {
                0 | 1 => {
                    let id = format!("c{next}");
                    next += 1;
                    let start = if k == 0 {
                        *self.pick(&[Start::Error, Start::Raise, Start::Exit])
                    } else {
                        *self.pick(&STARTS)
                    };
                    let spec = self.spec(t, &id, start);
                    t.line(format!(
                        "Ask.show(\"start_child {id}\", fn -> Supervisor.start_child(sup, {spec}) end)"
                    ));
                }
                2 => {
                    let id = format!("c{}", 1 + self.below(next - 1));
                    t.kind("restart_fails");
                    t.line(format!(
                        "Ask.show(\"terminate {id}\", fn -> Supervisor.terminate_child(sup, :{id}) end)"
                    ));
                    t.line(format!(
                        "Ask.show(\"restart {id}\", fn -> Supervisor.restart_child(sup, :{id}) end)"
                    ));
                }
                3 => t.line(
                    "Ask.show(\"children\", fn -> Supervisor.which_children(sup) |> Enum.map(fn {id, p, _, _} -> {id, is_pid(p) || p} end) end)",
                ),
                4 => t.line("Ask.show(\"count\", fn -> Supervisor.count_children(sup) end)"),
                _ => self.wait_for(t, traps),
            }
        }
        self.wait_for(t, traps);
    }

    fn dynamic_starts(&mut self, t: &mut Text, traps: bool, max_restarts: u64) {
        t.kind("dynamic_start_results");
        t.line(format!(
            "{{:ok, sup}} = DynamicSupervisor.start_link(strategy: :one_for_one, max_restarts: {max_restarts}, max_seconds: 5)"
        ));
        for i in 0..1 + self.below(4) {
            let start = *self.pick(&STARTS);
            let spec = self.spec(t, &format!("d{}", i + 1), start);
            t.line(format!(
                "Ask.show(\"start_child d{}\", fn -> DynamicSupervisor.start_child(sup, {spec}) end)",
                i + 1
            ));
            if self.chance(30) {
                t.line(format!("Process.sleep({})", main_ms(self.grid)));
            }
        }
        if self.chance(50) {
            t.line("Ask.show(\"count\", fn -> DynamicSupervisor.count_children(sup) end)");
        }
        self.wait_for(t, traps);
    }

    /// `main` waits a while, and then (trapping) looks for its supervisor's `EXIT`.
    fn wait_for(&mut self, t: &mut Text, traps: bool) {
        let ms = self.ms(1, 6);
        if traps && self.chance(60) {
            t.line(format!(
                "receive do\n  {{:EXIT, ^sup, reason}} -> IO.inspect(reason, label: \"supervisor exit\")\nafter\n  {} -> IO.puts(\"supervisor alive\")\nend",
                main_ms(ms)
            ));
        } else {
            t.line(format!("Process.sleep({})", main_ms(ms)));
        }
    }

    /// A child spec `%{id: :<id>, start: ..}` whose start ends as `start`.
    fn spec(&mut self, t: &mut Text, id: &str, start: Start) -> String {
        let (start_mfa, restart) = match start {
            Start::Ok | Start::OkInfo => {
                let life = self.life();
                let restart = self.spec_restart();
                if start == Start::Ok {
                    t.kind("start_ok");
                    (format!("{{Starter, :ok, [{life}]}}"), restart)
                } else {
                    t.kind("start_ok_info");
                    (
                        format!("{{Starter, :ok_info, [{life}, {{:info, :{id}}}]}}"),
                        restart,
                    )
                }
            }
            Start::Ignore => {
                t.kind("start_ignore");
                (String::from("{Starter, :ignore, []}"), String::new())
            }
            Start::Error => {
                t.kind("start_error");
                let reason = self.word(&[":no_db", "{:bad_config, 1}", ":timeout"]);
                (format!("{{Starter, :error, [{reason}]}}"), String::new())
            }
            Start::Raise => {
                t.kind("start_raise");
                (
                    format!("{{Starter, :raising, [\"{id} cannot start\"]}}"),
                    String::new(),
                )
            }
            Start::Exit => {
                t.kind("start_exit");
                let reason = self.word(&[":gone", "{:shutdown, :busy}", ":normal"]);
                (format!("{{Starter, :exiting, [{reason}]}}"), String::new())
            }
            Start::Flaky => {
                // A life that ends abnormally, and a permanent child: it is restarted, and
                // the restart fails.
                t.kind("start_ok");
                t.kind("restart_fails");
                let ms = other_ms(self.ms(1, 4));
                let life = if self.chance(50) {
                    format!("{{{ms}, :raise}}")
                } else {
                    format!("{{{ms}, :exit, :boom}}")
                };
                let fails = if self.chance(50) {
                    String::from(":always")
                } else {
                    (1 + self.below(3)).to_string()
                };
                (
                    format!("{{Starter, :flaky, [:{id}, {life}, {fails}]}}"),
                    String::new(),
                )
            }
        };
        let shutdown = if self.chance(20) {
            ", shutdown: :brutal_kill"
        } else {
            ""
        };
        format!("%{{id: :{id}, start: {start_mfa}{restart}{shutdown}}}")
    }

    /// What a started child does: run until stopped, or crash or exit after a while.
    fn life(&mut self) -> String {
        match self.below(4) {
            0 | 1 => String::from(":forever"),
            2 => format!("{{{}, :raise}}", other_ms(self.ms(1, 5))),
            _ => {
                let ms = other_ms(self.ms(1, 5));
                let reason = self.exs_reason();
                format!("{{{ms}, :exit, {reason}}}")
            }
        }
    }

    /// `, restart: ..` or nothing (permanent).
    fn spec_restart(&mut self) -> String {
        match self.below(4) {
            0 => String::from(", restart: :transient"),
            1 => String::from(", restart: :temporary"),
            _ => String::new(),
        }
    }
}
