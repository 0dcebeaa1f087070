//! The generator's second family (part of [`super`]): programs written directly as Elixir
//! source, for what the step language cannot say — child start functions and the restarts
//! that fail (`gen_exs_start.rs`), `Task.async_stream` and the `Task.Supervisor` streams
//! with their options and the `Stream`/`Enum` functions around them (`gen_exs_stream.rs`),
//! monitors (`gen_exs_monitor.rs`) and callback modules (`gen_exs_callback.rs`).
//!
//! Each construct has a small template that turns random parameters into Elixir text; a
//! program is loaded by the Elixir front end as `otpsim run FILE.exs` loads a file
//! ([`Scenario::from_exs`]). Every timing constant of the text is written as a *slot*
//! ([`main_ms`], [`other_ms`]): a grid multiple that prints as itself, and that
//! the race filter ([`super::race::exs_race_free`]) can nudge by a few milliseconds to see
//! whether the program's outcome hangs on a tie, as it nudges a step program's constants.

use super::Gen;
use crate::scenario::Scenario;

/// Marks a timing slot in a [`Source`]: `\u{1}m300\u{1}` is 300 ms waited by `main`,
/// `\u{1}o300\u{1}` by another process. Never in the Elixir a template writes otherwise.
const MARK: char = '\u{1}';

/// Elixir source whose timing constants are slots (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source(String);

impl Source {
    /// The Elixir, every slot at its value.
    pub fn text(&self) -> String {
        self.render(|ms, _| ms)
    }

    /// The Elixir with every slot `ms` (waited by `main` or not) written as `f(ms, main)`,
    /// in the order the slots appear.
    pub(super) fn render(&self, mut f: impl FnMut(u64, bool) -> u64) -> String {
        let mut out = String::with_capacity(self.0.len());
        for (i, part) in self.0.split(MARK).enumerate() {
            if i % 2 == 0 {
                out.push_str(part);
            } else {
                let (who, ms) = part.split_at(1);
                let ms: u64 = ms.parse().expect("a slot is a letter and a number");
                out.push_str(&f(ms, who == "m").to_string());
            }
        }
        out
    }
}

/// A generated Elixir program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExsProgram {
    /// Its name (also its `# name:` header).
    pub name: String,
    /// Its text.
    pub source: Source,
    /// The constructs it uses (a subset of [`super::KINDS`]), as its templates declared them.
    pub kinds: Vec<&'static str>,
    /// The `max_seconds` of every supervisor it starts (for [`super::race::window_safe_in`]).
    pub periods: Vec<u64>,
}

impl ExsProgram {
    /// The program, loaded by the Elixir front end.
    pub fn scenario(&self) -> Result<Scenario, String> {
        self.load(&self.source.text())
    }

    /// `text` (this program, perhaps nudged), loaded.
    pub(super) fn load(&self, text: &str) -> Result<Scenario, String> {
        Scenario::from_exs(text, &format!("{}.exs", self.name))
            .map_err(|e| format!("generated program `{}`: {e}\n{text}", self.name))
    }
}

/// What an Elixir program is about.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(super) enum ExsKind {
    /// Child start results and failing restarts (`gen_exs_start.rs`).
    StartResults,
    /// `Task.async_stream` and the `Task.Supervisor` streams (`gen_exs_stream.rs`).
    Stream,
    /// `Process.monitor` / `demonitor` (`gen_exs_monitor.rs`).
    Monitor,
    /// `use GenServer` / `use Supervisor` / `use Task` modules (`gen_exs_callback.rs`).
    Callback,
}

/// What a template writes: the body of `main` and the modules it needs (each once).
#[derive(Default)]
pub(super) struct Text {
    pub(super) modules: Vec<String>,
    pub(super) main: String,
    pub(super) kinds: Vec<&'static str>,
    pub(super) periods: Vec<u64>,
}

impl Text {
    /// Appends a line of `main`.
    pub(super) fn line(&mut self, line: impl AsRef<str>) {
        self.main.push_str(line.as_ref());
        self.main.push('\n');
    }
    /// A module, unless one of that text is there already.
    pub(super) fn module(&mut self, text: impl Into<String>) {
        let text = text.into();
        if !self.modules.contains(&text) {
            self.modules.push(text);
        }
    }
    pub(super) fn kind(&mut self, kind: &'static str) {
        if !self.kinds.contains(&kind) {
            self.kinds.push(kind);
        }
    }
}

/// Calls that may find their process gone print how they exited.
pub(super) const ASK: &str = "defmodule Ask do
  def show(label, f) do
    try do
      IO.puts(\"#{label}: #{inspect(f.())}\")
    catch
      :exit, reason -> IO.puts(\"#{label} exited: #{inspect(reason)}\")
    end
  end
end
";

/// The module every template may use to show what is left in `main`'s mailbox.
pub(super) const MAILBOX: &str = "defmodule Mailbox do
  def drain do
    receive do
      msg ->
        IO.puts(\"left: #{inspect(msg)}\")
        drain()
    after
      0 -> :ok
    end
  end
end
";

/// `ms` waited by `main` (a slot).
pub(super) fn main_ms(ms: u64) -> String {
    format!("{MARK}m{ms}{MARK}")
}

/// `ms` waited by another process (a slot).
pub(super) fn other_ms(ms: u64) -> String {
    format!("{MARK}o{ms}{MARK}")
}

impl Gen<'_> {
    /// One Elixir candidate of kind `kind`, named later.
    pub(super) fn exs_program(&mut self, kind: ExsKind) -> ExsProgram {
        let mut t = Text::default();
        match kind {
            ExsKind::StartResults => self.start_results(&mut t),
            ExsKind::Stream => self.stream_program(&mut t),
            ExsKind::Monitor => self.monitor_program(&mut t),
            ExsKind::Callback => self.callback_program(&mut t),
        }
        let mut src = String::from(
            "# name: NAME\n# description: generated by otpsim conform (Elixir)\n\
             # run: until quiet\n\n",
        );
        for m in &t.modules {
            src.push_str(m);
            src.push('\n');
        }
        src.push_str(&t.main);
        let mut kinds = t.kinds;
        kinds.sort_by_key(|k| super::KINDS.iter().position(|x| x == k));
        ExsProgram {
            name: String::new(),
            source: Source(src),
            kinds,
            periods: t.periods,
        }
    }

    /// An exit reason a process may end with (`:normal` among them).
    pub(super) fn exs_reason(&mut self) -> String {
        self.word(&[
            ":boom",
            ":normal",
            ":shutdown",
            "{:shutdown, :done}",
            "{:error, 42}",
        ])
    }
}

/// Names the program: the `# name:` header too.
pub(super) fn named(mut p: ExsProgram, name: String) -> ExsProgram {
    p.source = Source(
        p.source
            .0
            .replacen("# name: NAME", &format!("# name: {name}"), 1),
    );
    p.name = name;
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_print_as_their_values_or_as_rendered() {
        let s = Source(format!(
            "Process.sleep({MARK}m300{MARK})\nx = {MARK}o200{MARK}\n"
        ));
        assert_eq!(s.text(), "Process.sleep(300)\nx = 200\n");
        let mut seen = Vec::new();
        let nudged = s.render(|ms, main| {
            seen.push((ms, main));
            ms + 1
        });
        assert_eq!(nudged, "Process.sleep(301)\nx = 201\n");
        assert_eq!(seen, vec![(300, true), (200, false)]);
    }
}
