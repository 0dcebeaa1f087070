//! `Task.async_stream` and the `Task.Supervisor` streams (part of [`super`], the Elixir
//! family): a list of jobs of distinct lengths, some of which raise or exit, run with every
//! option (`max_concurrency`, `ordered`, `timeout`, `on_timeout: :kill_task`,
//! `zip_input_on_exit`), as a function or as a module, function and arguments, and
//! consumed whole (`Enum.to_list`, `Enum.each`), in part (`Enum.take`, `Enum.zip` with a
//! shorter list: the stream halts early and its running tasks are killed) or through
//! `Stream.map`.
//!
//! Not generated: `Enum.zip` over a stream whose caller exits while pulling it (a job over
//! its `timeout` with the default `on_timeout: :exit`). Elixir 1.14's zip then halts the
//! stream from its previous element (its helper stops, killing the running jobs) before
//! the exit goes on; the simulator's `Enum.zip` does not (a deviation its docs name), so
//! under `Enum.zip` a timeout always comes with `on_timeout: :kill_task`.

use super::Gen;
use super::exs::{MAILBOX, Text, main_ms, other_ms};

/// A job: works for a while, then returns, raises or exits.
const WORK: &str = "defmodule Work do
  def run({name, ms, how}) do
    Process.sleep(ms)
    finish(name, how)
  end

  def finish(name, :ok), do: \"#{name} done\"
  def finish(name, :raise), do: raise(\"#{name} failed\")
  def finish(_name, {:exit, reason}), do: exit(reason)
end
";

impl Gen<'_> {
    /// One stream, consumed one way, maybe inside a `try` that catches its exit.
    pub(super) fn stream_program(&mut self, t: &mut Text) {
        t.module(WORK);
        let traps = self.chance(50);
        if traps {
            t.line("Process.flag(:trap_exit, true)");
        }
        let n = 2 + self.below(4);
        let mut works: Vec<u64> = (1..=6).collect();
        let mut inputs = Vec::new();
        let crashes = self.chance(50);
        for i in 0..n {
            let w = works.remove(self.below(works.len() as u64) as usize);
            let how = if crashes && self.chance(35) {
                if self.chance(50) {
                    String::from(":raise")
                } else {
                    format!("{{:exit, {}}}", self.exs_reason())
                }
            } else {
                String::from(":ok")
            };
            let name = (b'a' + i as u8) as char;
            inputs.push(format!(
                "{{\"{name}\", {}, {how}}}",
                other_ms(w * self.grid)
            ));
        }
        t.line(format!("inputs = [{}]", inputs.join(", ")));
        let (consume, zips) = self.consumer(t, n);
        let opts = self.stream_opts(t, zips);
        // The race filter keeps `async_stream_nolink` programs least often: drawn more.
        let stream = match self.below(4) {
            0 => {
                t.kind("async_stream");
                if self.chance(50) {
                    format!("Task.async_stream(inputs, fn x -> Work.run(x) end{opts})")
                } else {
                    format!("Task.async_stream(inputs, Work, :run, []{opts})")
                }
            }
            1 => {
                t.kind("tsup_async_stream");
                t.line("{:ok, sup} = Task.Supervisor.start_link()");
                format!("Task.Supervisor.async_stream(sup, inputs, fn x -> Work.run(x) end{opts})")
            }
            _ => {
                t.kind("tsup_async_stream_nolink");
                t.line("{:ok, sup} = Task.Supervisor.start_link()");
                if self.chance(50) {
                    format!(
                        "Task.Supervisor.async_stream_nolink(sup, inputs, Work, :run, []{opts})"
                    )
                } else {
                    format!(
                        "Task.Supervisor.async_stream_nolink(sup, inputs, fn x -> Work.run(x) end{opts})"
                    )
                }
            }
        };
        t.line(format!("stream = {stream}"));
        if self.chance(50) {
            t.line(format!(
                "try do\n  {consume}\ncatch\n  :exit, reason -> IO.inspect(reason, label: \"stream exited\")\nend"
            ));
        } else {
            t.line(consume);
        }
        if self.chance(40) {
            t.module(MAILBOX);
            t.line(format!("Process.sleep({})", main_ms(self.grid)));
            t.line("Mailbox.drain()");
        }
    }

    /// `, opt: value, ..` (always `max_concurrency`: its default is the machine's number of
    /// cores).
    fn stream_opts(&mut self, t: &mut Text, zips: bool) -> String {
        t.kind("stream_max_concurrency");
        let mut opts = format!(", max_concurrency: {}", 1 + self.below(3));
        if self.chance(40) {
            t.kind("stream_unordered");
            opts.push_str(", ordered: false");
        }
        if self.chance(50) {
            t.kind("stream_timeout");
            // Counted by the caller, for each job from its start.
            opts.push_str(&format!(", timeout: {}", main_ms(self.ms(1, 5))));
            // Not `on_timeout: :exit` under `Enum.zip`: see the module docs.
            if zips || self.chance(50) {
                t.kind("stream_kill_task");
                opts.push_str(", on_timeout: :kill_task");
            }
        }
        if self.chance(35) {
            t.kind("stream_zip_input");
            opts.push_str(", zip_input_on_exit: true");
        }
        opts
    }

    /// An expression that runs `stream` (of `n` jobs) and prints what it gave; true if it
    /// is `Enum.zip`.
    fn consumer(&mut self, t: &mut Text, n: u64) -> (String, bool) {
        let zips = self.below(6) == 5;
        let consume = match if zips { 4 } else { self.below(4) } {
            0 => {
                t.kind("enum_to_list");
                String::from("IO.inspect(Enum.to_list(stream), label: \"results\")")
            }
            1 => String::from("Enum.each(stream, fn r -> IO.inspect(r, label: \"item\") end)"),
            2 => {
                t.kind("enum_take");
                format!(
                    "IO.inspect(Enum.take(stream, {}), label: \"took\")",
                    1 + self.below(n)
                )
            }
            3 => {
                t.kind("stream_map");
                let end = if self.chance(50) {
                    t.kind("enum_to_list");
                    String::from("Enum.to_list()")
                } else {
                    t.kind("enum_take");
                    format!("Enum.take({})", 1 + self.below(n))
                };
                format!(
                    "stream\n  |> Stream.map(fn r ->\n    IO.puts(\"got #{{inspect(r)}}\")\n    elem(r, 0)\n  end)\n  |> {end}\n  |> IO.inspect(label: \"tags\")"
                )
            }
            _ => {
                t.kind("enum_zip");
                let k = 1 + self.below(n + 1);
                let workers: Vec<String> = (1..=k).map(|i| format!(":w{i}")).collect();
                format!(
                    "IO.inspect(Enum.zip([{}], stream), label: \"zipped\")",
                    workers.join(", ")
                )
            }
        };
        (consume, zips)
    }
}
