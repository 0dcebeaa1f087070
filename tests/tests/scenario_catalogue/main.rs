//! The scenario language and its catalogue, from the outside: every entry's trace pinned by
//! a snapshot, every entry's expectation held over many seeds, the language round-tripping
//! through RON.

mod expectations;
mod language;
mod snapshots;
mod supervisor_steps;
