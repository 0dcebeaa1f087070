//! # scenarios — what users run
//!
//! The scenario language, the catalogue of named scenarios, the explorer and the `otpsim`
//! command line.

pub mod checks;
pub mod runner;
