//! Writing what a command produced. A failed write to stdout is an error (exit 2): a full
//! disk must not pass for a clean run. A closed pipe is not (`otpsim list | head` stops
//! reading on purpose). Messages on stderr never panic, even when stderr is gone.

use super::Fail;
use std::io::Write;

/// Writes `text` to stdout.
pub(crate) fn out(text: &str) -> Result<(), Fail> {
    let mut o = std::io::stdout().lock();
    match o.write_all(text.as_bytes()).and_then(|()| o.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Fail::usage(format!("cannot write the output: {e}"))),
    }
}

/// A line on stderr.
pub(crate) fn err_line(line: &str) {
    let mut e = std::io::stderr().lock();
    let _ = writeln!(e, "{line}");
}

/// `otpsim: warning: ...` on stderr.
pub(crate) fn warn(message: &str) {
    err_line(&format!("otpsim: warning: {message}"));
}
