//! A Mermaid `sequenceDiagram` of a run: spawns, messages, exit signals and deaths between
//! the processes, with log lines and exits as notes.

use super::RunView;
use crate::display::escape_controls;
use crate::interp::Names;
use sim::{Dest, Event, EventKind, Pid, Term};
use std::fmt::Write;

/// Mermaid text: `#` starts an entity code, `;` ends a statement, `<`/`>` read as HTML, a
/// line break ends a statement (other control characters are escaped).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let s = s.replace(['\n', '\r'], " ");
    for c in escape_controls(&s).chars() {
        match c {
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            c => out.push(c),
        }
    }
    out
}

fn id(p: Pid) -> String {
    format!("P{}", p.index())
}

struct Diagram<'a> {
    names: &'a Names,
    out: String,
    /// Live links, as pairs, to draw the exit signals a death sends.
    links: Vec<(Pid, Pid)>,
}

impl Diagram<'_> {
    fn term(&self, t: &Term) -> String {
        esc(&self.names.named(t).to_string())
    }

    fn arrow(&mut self, from: Pid, arrow: &str, to: Pid, text: &str) {
        let _ = writeln!(self.out, "    {}{arrow}{}: {text}", id(from), id(to));
    }

    fn note(&mut self, who: Pid, ev: &Event, text: &str) {
        let _ = writeln!(
            self.out,
            "    Note over {}: {}ms {text}",
            id(who),
            ev.time.as_ms()
        );
    }

    fn event(&mut self, ev: &Event) {
        let Some(me) = ev.pid else {
            return self.kernel_event(ev);
        };
        match &ev.kind {
            EventKind::Spawn { child, link, .. } => {
                if *link {
                    self.links.push((me, *child));
                }
                self.arrow(
                    me,
                    "->>",
                    *child,
                    if *link { "spawn_link" } else { "spawn" },
                );
            }
            EventKind::Send { to, msg } => {
                let to = match to {
                    Dest::Pid(p) => *p,
                    Dest::Alias(r) => r.owner(),
                    // (The kernel sends nothing to a name: a send goes to its pid.)
                    Dest::Name(_) => return,
                };
                let text = self.term(msg);
                self.arrow(me, "->>", to, &text);
            }
            EventKind::Link { to } => self.links.push((me, *to)),
            EventKind::Unlink { to } => self.links.retain(|l| *l != (me, *to) && *l != (*to, me)),
            EventKind::ExitSignal { to, reason } => {
                let text = format!("Process.exit({})", self.term(reason));
                self.arrow(me, "-x", *to, &text);
            }
            EventKind::Log { text } => self.note(me, ev, &esc(text)),
            EventKind::Exit { reason } => self.exit(me, ev, reason),
            _ => {}
        }
    }

    /// The kernel delivers trapped exits and DOWNs as messages: draw those.
    fn kernel_event(&mut self, ev: &Event) {
        if let EventKind::Deliver { from, to, msg } = &ev.kind
            && (msg.is_tagged("EXIT", 3) || msg.is_tagged("DOWN", 5))
        {
            let text = self.term(msg);
            self.arrow(*from, "-->>", *to, &text);
        }
    }

    fn exit(&mut self, me: Pid, ev: &Event, reason: &Term) {
        let text = format!("exit {}", self.term(reason));
        self.note(me, ev, &text);
        let peers: Vec<Pid> = self
            .links
            .iter()
            .filter_map(|&(a, b)| (a == me).then_some(b).or((b == me).then_some(a)))
            .collect();
        self.links.retain(|&(a, b)| a != me && b != me);
        if reason.is_atom("normal") {
            return;
        }
        let reason = self.term(reason);
        for peer in peers {
            self.arrow(me, "--x", peer, &format!("exit signal {reason}"));
        }
    }
}

/// The run as a Mermaid sequence diagram.
pub fn mermaid(v: &RunView<'_>) -> String {
    let mut d = Diagram {
        names: &v.run.names,
        out: String::from("sequenceDiagram\n"),
        links: Vec::new(),
    };
    let _ = writeln!(
        d.out,
        "    %% {} ({}): {}",
        esc(&v.program.name),
        esc(&v.origin),
        esc(&v.program.description)
    );
    for (pid, name) in v.run.names.processes() {
        let _ = writeln!(d.out, "    participant {} as {}", id(pid), esc(&name));
    }
    for ev in v.run.report.trace.events() {
        d.event(ev);
    }
    d.out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name with a line break (a program built in code, not loaded) broke the header.
    #[test]
    fn the_header_stays_one_comment_line() {
        let mut program = crate::catalogue::find("AsyncExample").unwrap();
        let run = program.run(
            &crate::Decisions::Seed(0),
            sim::TraceMode::Full,
            &Default::default(),
        );
        program.name = "two\nlines; #x".into();
        program.description = "d\u{7}".into();
        let view = RunView {
            program: &program,
            run: &run,
            seed: Some(0),
            origin: "seed 0x0".into(),
            replay: String::new(),
            verdict: Ok(()),
        };
        let diagram = mermaid(&view);
        let header = diagram.lines().nth(1).unwrap();
        assert_eq!(header, "    %% two lines#59; #35;x (seed 0x0): d\\u{7}");
    }
}
