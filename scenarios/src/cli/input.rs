//! The files a user names. Read: only regular files, and only up to a size, so that
//! `otpsim run /dev/zero` or a FIFO cannot read forever or take the machine's memory.
//! Written: a schedule file replaces only a schedule file, never a scenario or anything else.

use super::Fail;
use crate::schedule_file::MAGIC;
use sim::MAGIC_V1;
use std::io::Read;
use std::path::Path;

/// The largest scenario file read: far beyond any hand-written scenario.
pub const MAX_SCENARIO_BYTES: u64 = 1 << 20;
/// The largest schedule file read (a run of a million steps writes a few MB).
pub const MAX_SCHEDULE_BYTES: u64 = 64 << 20;

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// The bytes of the regular file at `path`, at most `limit` of them. `what` names the
/// file in messages ("scenario file", "schedule file").
pub fn read_limited(path: &Path, what: &str, limit: u64) -> Result<Vec<u8>, Fail> {
    let shown = path.display();
    let cannot = |e: std::io::Error| Fail::usage(format!("cannot read {what} `{shown}`: {e}"));
    // Metadata first: opening a FIFO would block until someone writes to it.
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(Fail::usage(format!(
            "cannot read {what} `{shown}`: it is a directory"
        )));
    }
    if !meta.is_file() {
        return Err(Fail::usage(format!(
            "cannot read {what} `{shown}`: it is not a regular file (a device, pipe or socket)"
        )));
    }
    let too_big = || {
        Fail::usage(format!(
            "cannot read {what} `{shown}`: it is larger than {}, the most otpsim reads",
            size(limit)
        ))
    };
    if meta.len() > limit {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    // The file may have grown since its metadata was read.
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(bytes)
}

/// The UTF-8 byte order mark some editors put first: it is not part of the text.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text of a file read by [`read_limited`]: UTF-8, without a leading byte order mark.
/// Invalid UTF-8 is reported at the line and column of its first bad byte.
pub fn utf8(mut bytes: Vec<u8>, path: &Path, what: &str) -> Result<String, Fail> {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let valid = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&bytes[..valid]);
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Fail::usage(format!(
            "bad {what}: {}:{line}:{col}: not UTF-8 text (byte 0x{:02x}); save the file as UTF-8",
            path.display(),
            bytes[valid]
        ))
    })
}

/// [`read_limited`], then [`utf8`].
pub fn read_text(path: &Path, what: &str, limit: u64) -> Result<String, Fail> {
    utf8(read_limited(path, what, limit)?, path, what)
}

/// Writes a schedule file's `text` to `path`, which must not be a regular file holding
/// something else (`run s.ron --save-schedule s.ron` would lose the scenario).
pub fn write_schedule(path: &Path, text: &str) -> Result<(), String> {
    let shown = path.display();
    if let Ok(meta) = std::fs::metadata(path)
        && meta.is_file()
        && meta.len() > 0
    {
        let mut head = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAGIC.len() as u64).read_to_end(&mut head))
            .map_err(|e| format!("cannot write schedule file `{shown}`: {e}"))?;
        // Both versions' magic lines have the same length.
        if head != MAGIC.as_bytes() && head != MAGIC_V1.as_bytes() {
            return Err(format!(
                "cannot write schedule file `{shown}`: it exists and is not a schedule file \
                 (otpsim does not overwrite it; remove it or choose another name)"
            ));
        }
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write schedule file `{shown}`: {e}"))
}

/// Replaces the file at `path` with `text`: written next to it first, then renamed over it,
/// so that a failure leaves the old file whole.
pub fn write_replacing(path: &Path, text: &str) -> Result<(), String> {
    let shown = path.display();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.otpsim-tmp"));
    std::fs::write(&tmp, text).map_err(|e| format!("cannot write `{}`: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot replace `{shown}`: {e}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_utf8_without_a_bom_and_bad_bytes_have_a_position() {
        let p = Path::new("f.ron");
        assert_eq!(utf8(b"\xEF\xBB\xBFab".to_vec(), p, "x").unwrap(), "ab");
        let e = utf8(b"ab\ncd\xC3\xA9\xFFz".to_vec(), p, "scenario file").unwrap_err();
        assert_eq!(
            e.message,
            "bad scenario file: f.ron:2:4: not UTF-8 text (byte 0xff); save the file as UTF-8"
        );
    }

    #[test]
    fn a_schedule_replaces_only_a_schedule() {
        let dir = std::env::temp_dir().join(format!("otpsim-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (scenario, schedule) = (dir.join("s.ron"), dir.join("s.schedule"));
        std::fs::write(&scenario, "Program(name: \"S\", main: [])").unwrap();
        let e = write_schedule(&scenario, "# otpsim schedule v1\n").unwrap_err();
        assert!(e.contains("it exists and is not a schedule file"), "{e}");
        assert_eq!(
            std::fs::read_to_string(&scenario).unwrap(),
            "Program(name: \"S\", main: [])"
        );
        write_schedule(&schedule, "# otpsim schedule v1\n1\n").unwrap();
        write_schedule(&schedule, "# otpsim schedule v1\n2\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(&schedule).unwrap(),
            "# otpsim schedule v1\n2\n"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn only_regular_files_of_a_bounded_size_are_read() {
        let e = read_limited(Path::new("/dev/zero"), "scenario file", 10).unwrap_err();
        assert!(
            e.message
                .ends_with("it is not a regular file (a device, pipe or socket)"),
            "{}",
            e.message
        );
        let e = read_limited(Path::new("/"), "scenario file", 10).unwrap_err();
        assert!(e.message.ends_with("it is a directory"), "{}", e.message);
        let e = read_limited(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("Cargo.toml")
                .as_path(),
            "scenario file",
            10,
        )
        .unwrap_err();
        assert!(
            e.message
                .ends_with("it is larger than 10 bytes, the most otpsim reads"),
            "{}",
            e.message
        );
    }
}
