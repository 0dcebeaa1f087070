//! What the fuzz targets check, as plain functions on stable Rust: `cargo test` type-checks
//! them and replays every committed corpus entry and past crash through them
//! (`tests/replay.rs`); `targets/` (a cargo-fuzz crate, outside the workspace) hands them
//! libFuzzer's bytes. A function returns normally for every input it is given; a panic is a
//! finding. See `README.md`.

pub mod decisions;
pub mod inputs;
pub mod program;
pub mod schedule;
